//! `restake-demo`: plays a full restaking lifecycle against a deployed suite
//! (read from `deployments/<network>.json`) and prints each step with its
//! amounts and gas. Every run uses fresh wallets (funded by the deployer), so
//! it can be replayed on the same chain. Time jumps use the devnet's
//! `evm_increaseTime`.

use std::path::PathBuf;

use alloy::network::{EthereumWallet, TransactionBuilder};
use alloy::primitives::{Address, Bytes, B256, U256};
use alloy::providers::{DynProvider, Provider, ProviderBuilder};
use alloy::rpc::types::{TransactionReceipt, TransactionRequest};
use alloy::signers::local::PrivateKeySigner;
use restake_deploy::bindings::{IMockLst, IOperatorRegistry, ISlashingManager, IVault};
use restake_deploy::{repo_root, DeploymentRecord};

const WAD: u64 = 1_000_000_000_000_000_000;
const NITRO_DEV_KEY: &str = "0xb6b15c8cb491557369f3c7d2c287b053eb229daa9c22138887752191c9bcb6ad";
const BURN: Address = alloy::primitives::address!("00000000000000000000000000000000000E16E4");

fn e18(n: u64) -> U256 {
    U256::from(n) * U256::from(WAD)
}

/// Formats wei as ETH with 6 decimals.
fn eth(v: U256) -> String {
    let micro = v / U256::from(1_000_000_000_000u64);
    let m: u128 = micro.to::<u128>();
    format!("{}.{:06}", m / 1_000_000, m % 1_000_000)
}

struct Demo {
    url: String,
    owner: DynProvider,
    total_gas: u64,
}

macro_rules! step {
    // `match` keeps the call's temporaries (the contract instance) alive.
    ($demo:expr, $label:expr, $call:expr) => {
        match $call {
            call => {
                let gas = call.estimate_gas().await.map_err(|e| format!("{}: {e}", $label))?;
                let r: TransactionReceipt = call
                    .gas(restake_deploy::padded_gas(gas))
                    .send()
                    .await
                    .map_err(|e| format!("{}: {e}", $label))?
                    .get_receipt()
                    .await
                    .map_err(|e| format!("{}: {e}", $label))?;
                if !r.status() {
                    return Err(format!("{}: transaction {} reverted", $label, r.transaction_hash));
                }
                $demo.total_gas += r.gas_used;
                println!("  {:<58} gas {:>9}", $label, r.gas_used);
                r
            }
        }
    };
}

impl Demo {
    fn wallet(&self, signer: PrivateKeySigner) -> DynProvider {
        ProviderBuilder::new().wallet(EthereumWallet::from(signer)).connect_http(self.url.parse().expect("url")).erased()
    }

    /// A fresh wallet funded with `eth` ETH by the deployer.
    async fn fresh(&mut self, name: &str, eth_amount: u64) -> Result<(DynProvider, Address), String> {
        let signer = PrivateKeySigner::random();
        let addr = signer.address();
        let tx = TransactionRequest::default().with_to(addr).with_value(e18(eth_amount));
        let r = self.owner.send_transaction(tx).await.map_err(|e| e.to_string())?.get_receipt().await.map_err(|e| e.to_string())?;
        self.total_gas += r.gas_used;
        println!("  {name:<10} {addr}  funded with {eth_amount} ETH");
        Ok((self.wallet(signer), addr))
    }

    async fn advance(&self, secs: u64) -> Result<(), String> {
        let _: serde_json::Value = self.owner.raw_request("evm_increaseTime".into(), (secs,)).await.map_err(|e| e.to_string())?;
        let _: serde_json::Value = self.owner.raw_request("evm_mine".into(), ()).await.map_err(|e| e.to_string())?;
        Ok(())
    }
}

async fn run(url: String, record: DeploymentRecord) -> Result<(), String> {
    let get = |n: &str| record.address(n).ok_or_else(|| format!("{n} missing from the deployment record: run restake-deploy first"));
    let (registry_a, manager_a, eth_vault_a, lst_vault_a, lst_a) =
        (get("OperatorRegistry")?, get("SlashingManager")?, get("EthVault")?, get("LstVault")?, get("MockLst")?);
    let key = std::env::var("RESTAKE_DEPLOYER_KEY").unwrap_or_else(|_| NITRO_DEV_KEY.into());
    let owner_signer: PrivateKeySigner = key.parse().map_err(|e| format!("bad key: {e}"))?;
    let owner = ProviderBuilder::new().wallet(EthereumWallet::from(owner_signer)).connect_http(url.parse().map_err(|e| format!("{e}"))?).erased();
    let mut demo = Demo { url, owner, total_gas: 0 };

    println!("\n== Actors (fresh wallets)");
    let (wallet_p, wallet) = demo.fresh("wallet", 20).await?;
    let (op_p, op) = demo.fresh("operator", 1).await?;
    let (avs_p, avs) = demo.fresh("AVS", 1).await?;
    let lst_owner = IMockLst::new(lst_a, &demo.owner);
    step!(demo, "deployer mints 8 mLST to the wallet", lst_owner.mint(wallet, e18(8)));

    println!("\n== 1. The wallet restakes ETH and an LST");
    let eth_vault = IVault::new(eth_vault_a, &wallet_p);
    let lst_vault = IVault::new(lst_vault_a, &wallet_p);
    let lst = IMockLst::new(lst_a, &wallet_p);
    step!(demo, "ETH vault: deposit 10 ETH", eth_vault.deposit(e18(10), wallet).value(e18(10)));
    step!(demo, "mLST: approve the LST vault", lst.approve(lst_vault_a, e18(8)));
    step!(demo, "LST vault: deposit 8 mLST", lst_vault.deposit(e18(8), wallet));
    println!(
        "  deposit shares: {} in the ETH vault, {} in the LST vault",
        eth(eth_vault.depositShares(wallet).call().await.map_err(|e| e.to_string())?),
        eth(lst_vault.depositShares(wallet).call().await.map_err(|e| e.to_string())?)
    );

    println!("\n== 2. An operator registers and the wallet delegates to it");
    let reg_op = IOperatorRegistry::new(registry_a, &op_p);
    step!(demo, "registry: registerAsOperator", reg_op.registerAsOperator(Address::ZERO, 0, "ipfs://demo-operator".into()));
    let reg = IOperatorRegistry::new(registry_a, &wallet_p);
    step!(demo, "registry: delegateTo(operator)", reg.delegateTo(op, Bytes::new(), U256::ZERO, B256::ZERO));
    let stake_eth = reg.operatorStake(op, eth_vault_a).call().await.map_err(|e| e.to_string())?;
    let stake_lst = reg.operatorStake(op, lst_vault_a).call().await.map_err(|e| e.to_string())?;
    println!("  operator stake: {} ETH-vault shares, {} LST-vault shares", eth(stake_eth), eth(stake_lst));

    println!("\n== 3. An AVS registers and creates an operator set; the operator joins and allocates");
    let mgr_avs = ISlashingManager::new(manager_a, &avs_p);
    step!(demo, "manager: registerAvs", mgr_avs.registerAvs("ipfs://demo-avs".into(), Address::ZERO));
    step!(
        demo,
        "manager: createOperatorSet(1, both vaults, instant, burn)",
        mgr_avs.createOperatorSet(1, vec![eth_vault_a, lst_vault_a], avs, Address::ZERO, Address::ZERO, 0, WAD, 86_400, 0, Address::ZERO)
    );
    let mgr_op = ISlashingManager::new(manager_a, &op_p);
    step!(demo, "manager: joinOperatorSet", mgr_op.joinOperatorSet(avs, 1));
    step!(demo, "manager: allocate 50% of ETH-vault stake", mgr_op.modifyAllocation(avs, 1, eth_vault_a, WAD / 2));
    step!(demo, "manager: allocate 50% of LST-vault stake", mgr_op.modifyAllocation(avs, 1, lst_vault_a, WAD / 2));
    demo.advance(1).await?;
    let slashable = mgr_op.slashableStake(op, avs, 1, eth_vault_a, 0).call().await.map_err(|e| e.to_string())?;
    println!("  slashable in the set now: {} ETH-vault shares", eth(slashable));

    println!("\n== 4. The AVS slashes the operator: 20% of its allocation (10% of its stake)");
    let burn_before = demo.owner.get_balance(BURN).await.map_err(|e| e.to_string())?;
    step!(
        demo,
        "manager: slash(20%, both vaults)",
        mgr_avs.slash(op, avs, 1, vec![eth_vault_a, lst_vault_a], WAD / 5, "equivocation at height 42".into())
    );
    let burned = demo.owner.get_balance(BURN).await.map_err(|e| e.to_string())? - burn_before;
    let w_eth = reg.withdrawableShares(wallet, eth_vault_a).call().await.map_err(|e| e.to_string())?;
    let w_lst = reg.withdrawableShares(wallet, lst_vault_a).call().await.map_err(|e| e.to_string())?;
    println!("  burned {} ETH; the wallet can now withdraw {} ETH and {} mLST", eth(burned), eth(w_eth), eth(w_lst));

    println!("\n== 5. The wallet exits: queue, wait out the 14-day delay, complete");
    step!(
        demo,
        "registry: queueWithdrawal(both vaults, all shares)",
        reg.queueWithdrawal(vec![eth_vault_a, lst_vault_a], vec![e18(10), e18(8)])
    );
    let id = reg.withdrawalCount().call().await.map_err(|e| e.to_string())?;
    let pending = reg.pendingRedeemRequest(id, eth_vault_a).call().await.map_err(|e| e.to_string())?;
    println!("  withdrawal #{id}: {} ETH pending, still slashable until claimable", eth(pending));
    let delay = reg.withdrawalDelay().call().await.map_err(|e| e.to_string())?;
    demo.advance(delay + 1).await?;
    let eth_before = demo.owner.get_balance(wallet).await.map_err(|e| e.to_string())?;
    let lst_before = lst.balanceOf(wallet).call().await.map_err(|e| e.to_string())?;
    let r = step!(demo, "registry: completeWithdrawal(as tokens)", reg.completeWithdrawal(id, true));
    let gas_paid = U256::from(r.gas_used) * U256::from(r.effective_gas_price);
    let eth_after = demo.owner.get_balance(wallet).await.map_err(|e| e.to_string())?;
    let lst_after = lst.balanceOf(wallet).call().await.map_err(|e| e.to_string())?;
    println!(
        "  the wallet received {} ETH and {} mLST (deposited 10 and 8; 10% slashed)",
        eth(eth_after + gas_paid - eth_before),
        eth(lst_after - lst_before)
    );

    println!("\n== Done: lifecycle complete, {} gas in all", demo.total_gas);
    Ok(())
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut rpc = "http://127.0.0.1:8547".to_string();
    let mut network = "devnet".to_string();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--rpc-url" => rpc = args.next().unwrap_or_default(),
            "--network" => network = args.next().unwrap_or_default(),
            _ => {
                eprintln!("usage: restake-demo [--rpc-url URL] [--network NAME]");
                std::process::exit(2);
            }
        }
    }
    let path: PathBuf = repo_root().join("deployments").join(format!("{network}.json"));
    let record = DeploymentRecord::load(&path).unwrap_or_else(|e| {
        eprintln!("restake-demo: {e}");
        std::process::exit(1)
    });
    println!("restake-demo: lifecycle on {network} ({rpc}), suite from {}", path.display());
    if let Err(e) = run(rpc, record).await {
        eprintln!("restake-demo: {e}");
        std::process::exit(1);
    }
}
