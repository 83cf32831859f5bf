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
use restake_deploy::bindings::{ILrt, IMockLst, IOperatorRegistry, ISlashingManager, IVault};
use restake_deploy::suite::NATIVE_ETH;
use restake_deploy::{repo_root, DeploymentRecord, NITRO_DEV_KEY};

const WAD: u64 = 1_000_000_000_000_000_000;
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
    /// Wallet keys derive from this seed, so a replay on a reverted chain uses the
    /// same addresses (and so the same calldata) as the pass it is compared with.
    seed: B256,
    /// Print nothing (the measuring pass in cached mode).
    quiet: bool,
    /// Every step: label, gas used, gas floor.
    rows: Vec<(String, u64, Option<u64>)>,
}

/// Prints unless the demo runs quietly.
macro_rules! say {
    ($demo:expr, $($t:tt)*) => {
        if !$demo.quiet {
            println!($($t)*);
        }
    };
}

macro_rules! step {
    // `match` keeps the call's temporaries (the contract instance) alive.
    ($demo:expr, $label:expr, $call:expr) => {
        match $call {
            call => {
                let gas = call
                    .estimate_gas()
                    .await
                    .map_err(|e| format!("{}: {e}", $label))?;
                let r: TransactionReceipt = call
                    .gas(restake_deploy::padded_gas(gas))
                    .send()
                    .await
                    .map_err(|e| format!("{}: {e}", $label))?
                    .get_receipt()
                    .await
                    .map_err(|e| format!("{}: {e}", $label))?;
                if !r.status() {
                    return Err(format!(
                        "{}: transaction {} reverted",
                        $label, r.transaction_hash
                    ));
                }
                $demo.total_gas += r.gas_used;
                let floor = $demo.floor(r.transaction_hash).await;
                match floor {
                    Some(floor) => say!(
                        $demo,
                        "  {:<58} gas {:>9}  floor {:>9}",
                        $label,
                        r.gas_used,
                        floor
                    ),
                    None => say!($demo, "  {:<58} gas {:>9}", $label, r.gas_used),
                }
                $demo.rows.push((format!("{}", $label), r.gas_used, floor));
                r
            }
        }
    };
}

impl Demo {
    fn wallet(&self, signer: PrivateKeySigner) -> DynProvider {
        ProviderBuilder::new()
            .wallet(EthereumWallet::from(signer))
            .connect_http(self.url.parse().expect("url"))
            .erased()
    }

    /// A fresh wallet funded with `eth` ETH by the deployer.
    async fn fresh(
        &mut self,
        name: &str,
        eth_amount: u64,
    ) -> Result<(DynProvider, Address), String> {
        let key = alloy::primitives::keccak256([self.seed.as_slice(), name.as_bytes()].concat());
        let signer = PrivateKeySigner::from_bytes(&key).map_err(se)?;
        let addr = signer.address();
        let tx = TransactionRequest::default()
            .with_to(addr)
            .with_value(e18(eth_amount));
        let r = self
            .owner
            .send_transaction(tx)
            .await
            .map_err(|e| e.to_string())?
            .get_receipt()
            .await
            .map_err(|e| e.to_string())?;
        self.total_gas += r.gas_used;
        say!(self, "  {name:<10} {addr}  funded with {eth_amount} ETH");
        Ok((self.wallet(signer), addr))
    }

    /// A wallet kept from run to run (its key derived from `name`), topped
    /// up to 1 ETH by the deployer.
    async fn kept(&mut self, name: &str) -> Result<(DynProvider, Address), String> {
        let key = alloy::primitives::keccak256(format!("restake-demo {name}"));
        let signer = PrivateKeySigner::from_bytes(&key).map_err(se)?;
        let addr = signer.address();
        let balance = self.owner.get_balance(addr).await.map_err(se)?;
        if balance < e18(1) {
            let tx = TransactionRequest::default()
                .with_to(addr)
                .with_value(e18(1) - balance);
            let r = self
                .owner
                .send_transaction(tx)
                .await
                .map_err(se)?
                .get_receipt()
                .await
                .map_err(se)?;
            self.total_gas += r.gas_used;
        }
        say!(self, "  {name:<10} {addr}  (kept)");
        Ok((self.wallet(signer), addr))
    }

    /// The devnet's gas floor of a mined transaction (21,000 + the cold
    /// storage writes and reads and the accounts it touched), if the node
    /// knows `restake_gasFloor`.
    async fn floor(&self, tx: B256) -> Option<u64> {
        let v: serde_json::Value = self
            .owner
            .raw_request("restake_gasFloor".into(), (tx,))
            .await
            .ok()?;
        v.get("floor")?.as_u64()
    }

    async fn advance(&self, secs: u64) -> Result<(), String> {
        let _: serde_json::Value = self
            .owner
            .raw_request("evm_increaseTime".into(), (secs,))
            .await
            .map_err(|e| e.to_string())?;
        let _: serde_json::Value = self
            .owner
            .raw_request("evm_mine".into(), ())
            .await
            .map_err(|e| e.to_string())?;
        Ok(())
    }
}

/// `e` as a string error.
fn se(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// Rate (assets per 1e18 LRT) as a decimal.
fn rate_str(r: U256) -> String {
    let n = r / U256::from(1_000_000_000_000u64);
    let m: u128 = n.to::<u128>();
    format!("{}.{:06}", m / 1_000_000, m % 1_000_000)
}

async fn run(demo: &mut Demo, record: &DeploymentRecord) -> Result<(), String> {
    let get = |n: &str| {
        record.address(n).ok_or_else(|| {
            format!("{n} missing from the deployment record: run restake-deploy first")
        })
    };
    let (registry_a, manager_a, eth_vault_a, lst_vault_a, lst_a, lrt_a) = (
        get("OperatorRegistry")?,
        get("SlashingManager")?,
        get("EthVault")?,
        get("LstVault")?,
        get("MockLst")?,
        get("Lrt")?,
    );

    say!(
        demo,
        "\n== Actors (fresh wallets; the Lrt's two operators are kept from run to run)"
    );
    let (wallet_p, wallet) = demo.fresh("wallet", 20).await?;
    let (holder_p, holder) = demo.fresh("holder", 20).await?;
    let (op_p, op) = demo.fresh("operator", 1).await?;
    let (avs_p, avs) = demo.fresh("AVS", 1).await?;
    let (op_a_p, op_a) = demo.kept("lrt-op-A").await?;
    let (op_b_p, op_b) = demo.kept("lrt-op-B").await?;
    let lst_owner = IMockLst::new(lst_a, &demo.owner);
    step!(
        demo,
        "deployer mints 8 mLST to the wallet",
        lst_owner.mint(wallet, e18(8))
    );
    step!(
        demo,
        "deployer mints 8 mLST to the holder",
        lst_owner.mint(holder, e18(8))
    );

    say!(
        demo,
        "\n== 1. The wallet restakes ETH and an LST in the vaults"
    );
    let eth_vault = IVault::new(eth_vault_a, &wallet_p);
    let lst_vault = IVault::new(lst_vault_a, &wallet_p);
    let lst = IMockLst::new(lst_a, &wallet_p);
    step!(
        demo,
        "ETH vault: deposit 10 ETH",
        eth_vault.deposit(e18(10), wallet).value(e18(10))
    );
    step!(
        demo,
        "mLST: approve the LST vault",
        lst.approve(lst_vault_a, e18(8))
    );
    step!(
        demo,
        "LST vault: deposit 8 mLST",
        lst_vault.deposit(e18(8), wallet)
    );
    say!(
        demo,
        "  deposit shares: {} in the ETH vault, {} in the LST vault",
        eth(eth_vault.depositShares(wallet).call().await.map_err(se)?),
        eth(lst_vault.depositShares(wallet).call().await.map_err(se)?)
    );

    say!(
        demo,
        "\n== 2. The holder mints LRT (rstETH) from ETH and the LST"
    );
    let lrt = ILrt::new(lrt_a, &holder_p);
    let lrt_mgr = ILrt::new(lrt_a, demo.owner.clone());
    let rate0 = lrt.rate().call().await.map_err(se)?;
    say!(demo, "  rate: {} ETH per LRT", rate_str(rate0));
    step!(
        demo,
        "Lrt: deposit 10 ETH",
        lrt.deposit(U256::ZERO).value(e18(10))
    );
    step!(
        demo,
        "mLST: approve the Lrt",
        IMockLst::new(lst_a, &holder_p).approve(lrt_a, e18(8))
    );
    step!(
        demo,
        "Lrt: depositToken 8 mLST",
        lrt.depositToken(lst_a, e18(8), U256::ZERO)
    );
    let minted = lrt.balanceOf(holder).call().await.map_err(se)?;
    say!(demo, "  the holder holds {} LRT", eth(minted));

    say!(demo, "\n== 3. Operators register; the wallet delegates; the Lrt's manager restakes through two operators");
    let reg_op = IOperatorRegistry::new(registry_a, &op_p);
    step!(
        demo,
        "registry: registerAsOperator",
        reg_op.registerAsOperator(Address::ZERO, 0, "ipfs://demo-operator".into())
    );
    let reg = IOperatorRegistry::new(registry_a, &wallet_p);
    step!(
        demo,
        "registry: delegateTo(operator)",
        reg.delegateTo(op, Bytes::new(), U256::ZERO, B256::ZERO)
    );
    let stake_eth = reg
        .operatorStake(op, eth_vault_a)
        .call()
        .await
        .map_err(se)?;
    let stake_lst = reg
        .operatorStake(op, lst_vault_a)
        .call()
        .await
        .map_err(se)?;
    say!(
        demo,
        "  operator stake: {} ETH-vault shares, {} LST-vault shares",
        eth(stake_eth),
        eth(stake_lst)
    );
    let mut accounts = Vec::new();
    for (name, p, a) in [("A", &op_a_p, op_a), ("B", &op_b_p, op_b)] {
        let r = IOperatorRegistry::new(registry_a, p);
        if !r.isOperator(a).call().await.map_err(se)? {
            step!(
                demo,
                format!("registry: operator {name} registers"),
                r.registerAsOperator(Address::ZERO, 0, format!("ipfs://lrt-operator-{name}"))
            );
        }
        let account = match lrt_account(&lrt_mgr, a).await? {
            Some(acc) => acc,
            None => {
                step!(
                    demo,
                    format!("Lrt: addOperator({name}) (clones a sub-account)"),
                    lrt_mgr.addOperator(a, Bytes::new(), U256::ZERO, B256::ZERO)
                );
                lrt_account(&lrt_mgr, a)
                    .await?
                    .ok_or("the Lrt did not record the operator")?
            }
        };
        say!(demo, "  operator {name} {a}: sub-account {account}");
        accounts.push(account);
    }
    // Restake 9 ETH through A (less if the 60% concentration cap leaves less
    // room) and 7 mLST through B.
    let books = lrt_mgr.books().call().await.map_err(se)?;
    let params = lrt_mgr.parameters().call().await.map_err(se)?;
    let a_value = operator_value(&lrt_mgr, op_a).await?;
    let room = (books.value * params.concentration_cap_bps / U256::from(10_000u64))
        .saturating_sub(a_value);
    let to_a = e18(9).min(room.saturating_sub(U256::from(1_000u64)));
    step!(
        demo,
        format!("Lrt: restake {} ETH through A", eth(to_a)),
        lrt_mgr.restake(op_a, NATIVE_ETH, to_a)
    );
    step!(
        demo,
        "Lrt: restake 7 mLST through B",
        lrt_mgr.restake(op_b, lst_a, e18(7))
    );
    let books = lrt_mgr.books().call().await.map_err(se)?;
    say!(
        demo,
        "  Lrt books: {} value, {} idle, {} supply; A holds {}, B {} (cap {}%)",
        eth(books.value),
        eth(books.idle),
        eth(books.supply),
        eth(operator_value(&lrt_mgr, op_a).await?),
        eth(operator_value(&lrt_mgr, op_b).await?),
        params.concentration_cap_bps / U256::from(100u64)
    );

    say!(
        demo,
        "\n== 4. An AVS registers and creates an operator set; the operators join and allocate"
    );
    let mgr_avs = ISlashingManager::new(manager_a, &avs_p);
    step!(
        demo,
        "manager: registerAvs",
        mgr_avs.registerAvs("ipfs://demo-avs".into(), Address::ZERO)
    );
    step!(
        demo,
        "manager: createOperatorSet(1, both vaults, instant, burn)",
        mgr_avs.createOperatorSet(
            1,
            vec![eth_vault_a, lst_vault_a],
            avs,
            Address::ZERO,
            Address::ZERO,
            0,
            WAD,
            86_400,
            0,
            Address::ZERO
        )
    );
    let mgr_op = ISlashingManager::new(manager_a, &op_p);
    step!(
        demo,
        "manager: joinOperatorSet",
        mgr_op.joinOperatorSet(avs, 1)
    );
    step!(
        demo,
        "manager: allocate 50% of ETH-vault stake",
        mgr_op.modifyAllocation(avs, 1, eth_vault_a, WAD / 2)
    );
    step!(
        demo,
        "manager: allocate 50% of LST-vault stake",
        mgr_op.modifyAllocation(avs, 1, lst_vault_a, WAD / 2)
    );
    let mgr_a = ISlashingManager::new(manager_a, &op_a_p);
    step!(
        demo,
        "manager: operator A joins",
        mgr_a.joinOperatorSet(avs, 1)
    );
    // Half of what A has not promised to earlier runs' sets.
    let free = reg
        .maxMagnitude(op_a, eth_vault_a)
        .call()
        .await
        .map_err(se)?
        - mgr_a
            .encumberedMagnitude(op_a, eth_vault_a)
            .call()
            .await
            .map_err(se)?;
    step!(
        demo,
        "manager: operator A allocates half its free ETH magnitude",
        mgr_a.modifyAllocation(avs, 1, eth_vault_a, free / 2)
    );
    // Allocations become slashable after the allocation delay, never below
    // the registry's minimum (longer than the withdrawal delay).
    let allocation_delay = reg
        .allocationDelay(op)
        .call()
        .await
        .map_err(se)?
        .max(reg.allocationDelay(op_a).call().await.map_err(se)?);
    say!(
        demo,
        "  allocation delay: {allocation_delay} s (the registry's minimum is {} s)",
        reg.minAllocationDelay().call().await.map_err(se)?
    );
    demo.advance(allocation_delay as u64 + 1).await?;
    let slashable = mgr_op
        .slashableStake(op, avs, 1, eth_vault_a, 0)
        .call()
        .await
        .map_err(se)?;
    say!(
        demo,
        "  slashable in the set now: {} ETH-vault shares of the operator",
        eth(slashable)
    );

    say!(
        demo,
        "\n== 5. The AVS slashes both operators: 20% of their allocations"
    );
    let burn_before = demo.owner.get_balance(BURN).await.map_err(se)?;
    let rate_before = lrt.rate().call().await.map_err(se)?;
    // A slash names its vaults in ascending address order (no vault twice).
    let mut both = vec![eth_vault_a, lst_vault_a];
    both.sort();
    step!(
        demo,
        "manager: slash(operator, 20%, both vaults)",
        mgr_avs.slash(
            op,
            avs,
            1,
            both,
            WAD / 5,
            "equivocation at height 42".into()
        )
    );
    step!(
        demo,
        "manager: slash(operator A, 20%, ETH vault)",
        mgr_avs.slash(
            op_a,
            avs,
            1,
            vec![eth_vault_a],
            WAD / 5,
            "equivocation at height 42".into()
        )
    );
    let burned = demo.owner.get_balance(BURN).await.map_err(se)? - burn_before;
    let w_eth = reg
        .withdrawableShares(wallet, eth_vault_a)
        .call()
        .await
        .map_err(se)?;
    let w_lst = reg
        .withdrawableShares(wallet, lst_vault_a)
        .call()
        .await
        .map_err(se)?;
    say!(
        demo,
        "  burned {} ETH in all; the wallet can now withdraw {} ETH and {} mLST",
        eth(burned),
        eth(w_eth),
        eth(w_lst)
    );
    let rate_after = lrt.rate().call().await.map_err(se)?;
    say!(
        demo,
        "  LRT rate: {} -> {} ETH per LRT (the same block, no oracle)",
        rate_str(rate_before),
        rate_str(rate_after)
    );

    say!(
        demo,
        "\n== 6. Exits: the wallet queues; the holder exits instantly and by request"
    );
    step!(
        demo,
        "registry: queueWithdrawal(both vaults, all shares)",
        reg.queueWithdrawal(vec![eth_vault_a, lst_vault_a], vec![e18(10), e18(8)])
    );
    let id = reg.withdrawalCount().call().await.map_err(se)?;
    let pending = reg
        .pendingRedeemRequest(id, eth_vault_a)
        .call()
        .await
        .map_err(se)?;
    say!(
        demo,
        "  withdrawal #{id}: {} ETH pending, still slashable until claimable",
        eth(pending)
    );
    let before = demo.owner.get_balance(holder).await.map_err(se)?;
    let r = step!(
        demo,
        "Lrt: instantRedeem 1 LRT for ETH",
        lrt.instantRedeem(e18(1), NATIVE_ETH, U256::ZERO, holder)
    );
    let got = demo.owner.get_balance(holder).await.map_err(se)? + gas_paid(&r) - before;
    say!(
        demo,
        "  the holder received {} ETH at once (0.10% fee kept by holders)",
        eth(got)
    );
    let lst_id = lrt.requestRedeem(e18(5), lst_a).call().await.map_err(se)?;
    step!(
        demo,
        "Lrt: requestRedeem 5 LRT for mLST",
        lrt.requestRedeem(e18(5), lst_a)
    );
    let eth_id = lrt
        .requestRedeem(e18(2), NATIVE_ETH)
        .call()
        .await
        .map_err(se)?;
    step!(
        demo,
        "Lrt: requestRedeem 2 LRT for ETH",
        lrt.requestRedeem(e18(2), NATIVE_ETH)
    );
    let lst_req = lrt_mgr.request(lst_id).call().await.map_err(se)?;
    let eth_req = lrt_mgr.request(eth_id).call().await.map_err(se)?;
    say!(
        demo,
        "  requests #{lst_id} ({} mLST) and #{eth_id} ({} ETH) pending",
        eth(lst_req.max_value),
        eth(eth_req.max_value)
    );
    let b_shares = IVault::new(lst_vault_a, &demo.owner)
        .depositShares(accounts[1])
        .call()
        .await
        .map_err(se)?;
    let a_shares = IVault::new(eth_vault_a, &demo.owner)
        .depositShares(accounts[0])
        .call()
        .await
        .map_err(se)?;
    let unstake_b = lrt_mgr
        .unstake(op_b, lst_a, e18(5).min(b_shares))
        .call()
        .await
        .map_err(se)?;
    step!(
        demo,
        format!(
            "Lrt: unstake {} mLST shares from B",
            eth(e18(5).min(b_shares))
        ),
        lrt_mgr.unstake(op_b, lst_a, e18(5).min(b_shares))
    );
    let unstake_a = lrt_mgr
        .unstake(op_a, NATIVE_ETH, a_shares)
        .call()
        .await
        .map_err(se)?;
    step!(
        demo,
        format!("Lrt: unstake all {} ETH-vault shares from A", eth(a_shares)),
        lrt_mgr.unstake(op_a, NATIVE_ETH, a_shares)
    );
    let delay = reg.withdrawalDelay().call().await.map_err(se)?;
    demo.advance(delay + 1).await?;
    say!(demo, "  ... {} days later", delay / 86_400);
    let eth_before = demo.owner.get_balance(wallet).await.map_err(se)?;
    let lst_before = lst.balanceOf(wallet).call().await.map_err(se)?;
    let r = step!(
        demo,
        "registry: completeWithdrawal(as tokens)",
        reg.completeWithdrawal(id, true)
    );
    let eth_after = demo.owner.get_balance(wallet).await.map_err(se)?;
    let lst_after = lst.balanceOf(wallet).call().await.map_err(se)?;
    say!(
        demo,
        "  the wallet received {} ETH and {} mLST (deposited 10 and 8; 10% slashed)",
        eth(eth_after + gas_paid(&r) - eth_before),
        eth(lst_after - lst_before)
    );
    step!(
        demo,
        "Lrt: completeUnstake(B) (anyone)",
        lrt_mgr.completeUnstake(op_b, unstake_b)
    );
    step!(
        demo,
        "Lrt: completeUnstake(A) (anyone)",
        lrt_mgr.completeUnstake(op_a, unstake_a)
    );
    step!(
        demo,
        format!("Lrt: finalizeRedeem #{lst_id} (anyone)"),
        lrt_mgr.finalizeRedeem(lst_id)
    );
    step!(
        demo,
        format!("Lrt: finalizeRedeem #{eth_id} (anyone)"),
        lrt_mgr.finalizeRedeem(eth_id)
    );
    let holder_lst = IMockLst::new(lst_a, &holder_p);
    let lst_before = holder_lst.balanceOf(holder).call().await.map_err(se)?;
    step!(
        demo,
        format!("Lrt: claimRedeem #{lst_id}"),
        lrt.claimRedeem(lst_id, holder)
    );
    let before = demo.owner.get_balance(holder).await.map_err(se)?;
    let r = step!(
        demo,
        format!("Lrt: claimRedeem #{eth_id}"),
        lrt.claimRedeem(eth_id, holder)
    );
    let got_eth = demo.owner.get_balance(holder).await.map_err(se)? + gas_paid(&r) - before;
    let got_lst = holder_lst.balanceOf(holder).call().await.map_err(se)? - lst_before;
    say!(
        demo,
        "  the holder received {} mLST and {} ETH for 7 LRT; keeps {} LRT at {} ETH each",
        eth(got_lst),
        eth(got_eth),
        eth(lrt.balanceOf(holder).call().await.map_err(se)?),
        rate_str(lrt.rate().call().await.map_err(se)?)
    );

    say!(
        demo,
        "\n== Done: lifecycle complete, {} gas in all",
        demo.total_gas
    );
    Ok(())
}

/// `ArbWasmCache` (cache managers and chain owners may cache programs).
const ARB_WASM_CACHE: Address =
    alloy::primitives::address!("0000000000000000000000000000000000000072");

/// Plays the lifecycle in both program cost modes on the same state: first every
/// program cached through ArbWasmCache (quietly, inside an `evm_snapshot`), then,
/// after `evm_revert`, uncached (printed); then a table of both. On a chain
/// without snapshots, or without chain-owner rights, only the uncached pass runs.
async fn run_modes(
    url: String,
    record: DeploymentRecord,
    gas_snapshot: Option<PathBuf>,
) -> Result<(), String> {
    let key = std::env::var("RESTAKE_DEPLOYER_KEY").unwrap_or_else(|_| NITRO_DEV_KEY.into());
    let owner_signer: PrivateKeySigner = key.parse().map_err(|e| format!("bad key: {e}"))?;
    let owner = ProviderBuilder::new()
        .wallet(EthereumWallet::from(owner_signer))
        .connect_http(url.parse().map_err(se)?)
        .erased();
    let seed = PrivateKeySigner::random().to_bytes();
    let mut cached = Demo {
        url: url.clone(),
        owner: owner.clone(),
        total_gas: 0,
        seed,
        quiet: true,
        rows: Vec::new(),
    };
    let snapshot: Option<serde_json::Value> =
        owner.raw_request("evm_snapshot".into(), ()).await.ok();
    let mut cached_ok = false;
    if let Some(snap) = &snapshot {
        println!(
            "\n== Measuring pass: every program cached through ArbWasmCache (reverted afterwards)"
        );
        let mut all = true;
        let mut programs: Vec<Address> = record.contracts.values().map(|c| c.address).collect();
        programs.sort();
        programs.dedup();
        for a in programs {
            let mut input = alloy::primitives::keccak256("cacheProgram(address)")[..4].to_vec();
            input.extend_from_slice(a.into_word().as_slice());
            let tx = TransactionRequest::default()
                .with_to(ARB_WASM_CACHE)
                .with_input(Bytes::from(input))
                .with_gas_limit(1_000_000);
            let ok = match owner.send_transaction(tx).await {
                Ok(p) => p.get_receipt().await.map(|r| r.status()).unwrap_or(false),
                Err(_) => false,
            };
            all &= ok;
        }
        if all {
            run(&mut cached, &record).await?;
            cached_ok = true;
            println!(
                "  {} steps measured with every program cached",
                cached.rows.len()
            );
        } else {
            println!(
                "  this key may not cache programs (not a chain owner): uncached figures only"
            );
        }
        let _: serde_json::Value = owner
            .raw_request("evm_revert".into(), (snap.clone(),))
            .await
            .map_err(se)?;
    }
    // A new provider: the reverted chain's nonces are behind the old provider's cache.
    let owner_signer: PrivateKeySigner = key.parse().map_err(|e| format!("bad key: {e}"))?;
    let owner = ProviderBuilder::new()
        .wallet(EthereumWallet::from(owner_signer))
        .connect_http(url.parse().map_err(se)?)
        .erased();
    let mut demo = Demo {
        url,
        owner,
        total_gas: 0,
        seed,
        quiet: false,
        rows: Vec::new(),
    };
    run(&mut demo, &record).await?;
    if cached_ok && cached.rows.len() == demo.rows.len() {
        println!("\n== Gas per step, program uncached vs cached (ArbWasmCache), and the floor");
        println!(
            "  {:<58} {:>9} {:>9} {:>9}",
            "step", "uncached", "cached", "floor"
        );
        for ((label, u, f), (_, c, _)) in demo.rows.iter().zip(&cached.rows) {
            let floor = f.map(|f| f.to_string()).unwrap_or_default();
            println!("  {label:<58} {u:>9} {c:>9} {floor:>9}");
        }
        println!(
            "  {:<58} {:>9} {:>9}",
            "all steps", demo.total_gas, cached.total_gas
        );
        if let Some(path) = &gas_snapshot {
            let mut text = format!(
                "# Whole-transaction gas of each demo step on the devnet (ArbOS 61 model),\n\
                 # written by scripts/snapshot.sh: program uncached, every program cached\n\
                 # (ArbWasmCache), and the floor counted from what the transaction touched.\n\
                 {:<58} {:>9} {:>9} {:>9}\n",
                "step", "uncached", "cached", "floor"
            );
            for ((label, u, f), (_, c, _)) in demo.rows.iter().zip(&cached.rows) {
                let floor = f.map(|f| f.to_string()).unwrap_or_default();
                text.push_str(&format!("{label:<58} {u:>9} {c:>9} {floor:>9}\n"));
            }
            text.push_str(&format!(
                "{:<58} {:>9} {:>9}\n",
                "all steps", demo.total_gas, cached.total_gas
            ));
            std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?;
            println!("  written to {}", path.display());
        }
    } else if gas_snapshot.is_some() {
        return Err("no cached pass (is the key a chain owner?): gas snapshot not written".into());
    }
    Ok(())
}

/// Wei a receipt paid for gas.
fn gas_paid(r: &TransactionReceipt) -> U256 {
    U256::from(r.gas_used) * U256::from(r.effective_gas_price)
}

/// The Lrt's index and sub-account for `operator`, if it has one.
async fn lrt_operator(
    lrt: &ILrt::ILrtInstance<DynProvider>,
    operator: Address,
) -> Result<Option<(U256, Address)>, String> {
    for i in 0..8u64 {
        let o = lrt.operatorAt(U256::from(i)).call().await.map_err(se)?;
        if o.operator == operator {
            return Ok(Some((U256::from(i), o.account)));
        }
        if o.operator.is_zero() {
            break;
        }
    }
    Ok(None)
}

/// The Lrt's sub-account for `operator`, if it has one.
async fn lrt_account(
    lrt: &ILrt::ILrtInstance<DynProvider>,
    operator: Address,
) -> Result<Option<Address>, String> {
    Ok(lrt_operator(lrt, operator)
        .await?
        .map(|(_, account)| account))
}

/// The value the Lrt has restaked through `operator`.
async fn operator_value(
    lrt: &ILrt::ILrtInstance<DynProvider>,
    operator: Address,
) -> Result<U256, String> {
    match lrt_operator(lrt, operator).await? {
        Some((index, _)) => lrt.operatorValue(index).call().await.map_err(se),
        None => Ok(U256::ZERO),
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut rpc = "http://127.0.0.1:8547".to_string();
    let mut network = "devnet".to_string();
    let mut gas_snapshot: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--rpc-url" => rpc = args.next().unwrap_or_default(),
            "--network" => network = args.next().unwrap_or_default(),
            "--gas-snapshot" => gas_snapshot = args.next().map(PathBuf::from),
            _ => {
                eprintln!(
                    "usage: restake-demo [--rpc-url URL] [--network NAME] [--gas-snapshot FILE]"
                );
                std::process::exit(2);
            }
        }
    }
    let path: PathBuf = repo_root()
        .join("deployments")
        .join(format!("{network}.json"));
    let record = DeploymentRecord::load(&path).unwrap_or_else(|e| {
        eprintln!("restake-demo: {e}");
        std::process::exit(1)
    });
    println!(
        "restake-demo: lifecycle on {network} ({rpc}), suite from {}",
        path.display()
    );
    if let Err(e) = run_modes(rpc, record, gas_snapshot).await {
        eprintln!("restake-demo: {e}");
        std::process::exit(1);
    }
}
