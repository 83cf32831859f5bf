//! `restake-demo`: plays a full restaking lifecycle against a deployed suite
//! (read from `deployments/<network>.json`) and prints each step with its
//! amounts and gas. Every run uses fresh wallets (funded by the deployer), so
//! it can be replayed on the same chain. Time jumps use the devnet's
//! `evm_increaseTime`.

use std::path::PathBuf;

use restake_deploy::{repo_root, DeploymentRecord};

#[macro_use]
mod session;
mod lifecycle;
mod modes;

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
    if let Err(e) = modes::run_modes(rpc, record, gas_snapshot).await {
        eprintln!("restake-demo: {e}");
        std::process::exit(1);
    }
}
