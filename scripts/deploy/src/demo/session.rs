//! The demo's session: the deployer's provider, fresh and kept wallets,
//! the gas of every step (the `step!` and `say!` macros), and the
//! formatting of amounts.

use alloy::network::{EthereumWallet, TransactionBuilder};
use alloy::primitives::{Address, B256, U256};
use alloy::providers::{DynProvider, Provider, ProviderBuilder};
use alloy::rpc::types::{TransactionReceipt, TransactionRequest};
use alloy::signers::local::PrivateKeySigner;

/// 1e18, the WAD unit of magnitudes and fractions.
pub const WAD: u64 = 1_000_000_000_000_000_000;
/// Where burned ETH goes.
pub const BURN: Address = alloy::primitives::address!("00000000000000000000000000000000000E16E4");

/// `n` × 1e18.
pub fn e18(n: u64) -> U256 {
    U256::from(n) * U256::from(WAD)
}

/// Formats wei as ETH with 6 decimals.
pub fn eth(v: U256) -> String {
    let micro = v / U256::from(1_000_000_000_000u64);
    let m: u128 = micro.to::<u128>();
    format!("{}.{:06}", m / 1_000_000, m % 1_000_000)
}

/// One pass of the demo: the deployer's provider, the wallets it funds,
/// and the gas of every step.
pub struct Demo {
    pub url: String,
    pub owner: DynProvider,
    pub total_gas: u64,
    /// Wallet keys derive from this seed, so a replay on a reverted chain uses the
    /// same addresses (and so the same calldata) as the pass it is compared with.
    pub seed: B256,
    /// Print nothing (the measuring pass in cached mode).
    pub quiet: bool,
    /// Every step: label, gas used, gas floor.
    pub rows: Vec<(String, u64, Option<u64>)>,
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
                let r: alloy::rpc::types::TransactionReceipt = call
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
    pub fn wallet(&self, signer: PrivateKeySigner) -> DynProvider {
        ProviderBuilder::new()
            .wallet(EthereumWallet::from(signer))
            .connect_http(self.url.parse().expect("url"))
            .erased()
    }

    /// A fresh wallet funded with `eth` ETH by the deployer.
    pub async fn fresh(
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
    pub async fn kept(&mut self, name: &str) -> Result<(DynProvider, Address), String> {
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
    pub async fn floor(&self, tx: B256) -> Option<u64> {
        let v: serde_json::Value = self
            .owner
            .raw_request("restake_gasFloor".into(), (tx,))
            .await
            .ok()?;
        v.get("floor")?.as_u64()
    }

    /// Moves the devnet's clock forward by `secs` and mines a block.
    pub async fn advance(&self, secs: u64) -> Result<(), String> {
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
pub fn se(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// Rate (assets per 1e18 LRT) as a decimal.
pub fn rate_str(r: U256) -> String {
    let n = r / U256::from(1_000_000_000_000u64);
    let m: u128 = n.to::<u128>();
    format!("{}.{:06}", m / 1_000_000, m % 1_000_000)
}

/// Wei a receipt paid for gas.
pub fn gas_paid(r: &TransactionReceipt) -> U256 {
    U256::from(r.gas_used) * U256::from(r.effective_gas_price)
}
