//! The two program cost modes: the lifecycle measured with every program
//! cached (inside a snapshot, reverted), then played uncached, and the
//! table of both (optionally written as the gas snapshot).

use std::path::PathBuf;

use alloy::network::{EthereumWallet, TransactionBuilder};
use alloy::primitives::{Address, Bytes};
use alloy::providers::{Provider, ProviderBuilder};
use alloy::rpc::types::TransactionRequest;
use alloy::signers::local::PrivateKeySigner;
use restake_deploy::{DeploymentRecord, NITRO_DEV_KEY};

use crate::lifecycle::run;
use crate::session::{se, Demo};

/// `ArbWasmCache` (cache managers and chain owners may cache programs).
const ARB_WASM_CACHE: Address =
    alloy::primitives::address!("0000000000000000000000000000000000000072");

/// Plays the lifecycle in both program cost modes on the same state: first every
/// program cached through ArbWasmCache (quietly, inside an `evm_snapshot`), then,
/// after `evm_revert`, uncached (printed); then a table of both. On a chain
/// without snapshots, or without chain-owner rights, only the uncached pass runs.
pub async fn run_modes(
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
