//! `restake-deploy`: deploy and wire the Restake suite on a JSON-RPC endpoint.

use std::path::PathBuf;

use restake_deploy::{
    default_wasm_dir, deploy_suite, git_commit, repo_root, Deployer, DeploymentRecord, SuiteConfig,
    NITRO_DEV_KEY,
};

const USAGE: &str = "restake-deploy: deploy, activate and wire the Restake suite

USAGE: restake-deploy [--rpc-url URL] [--network NAME] [--out FILE] [--wasm-dir DIR] [--lst ADDRESS]

  --rpc-url URL    JSON-RPC endpoint; default http://127.0.0.1:8547 (the devnet)
  --network NAME   record name; writes deployments/NAME.json; default devnet
  --out FILE       record path instead of deployments/NAME.json
  --wasm-dir DIR   deployable wasm; default contracts/target/deploy (scripts/build-wasm.sh)
  --lst ADDRESS    accept an existing LST instead of deploying the mock LST

The deployer key is read from RESTAKE_DEPLOYER_KEY. On the devnet (network
\"devnet\") it defaults to the Nitro dev key, which the devnet prefunds.";

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut rpc = "http://127.0.0.1:8547".to_string();
    let mut network = "devnet".to_string();
    let mut out: Option<PathBuf> = None;
    let mut wasm_dir = default_wasm_dir();
    let mut cfg = SuiteConfig::default();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = |n: &str| {
            args.next()
                .unwrap_or_else(|| fail(&format!("{n} needs a value")))
        };
        match a.as_str() {
            "--rpc-url" => rpc = val("--rpc-url"),
            "--network" => network = val("--network"),
            "--out" => out = Some(PathBuf::from(val("--out"))),
            "--wasm-dir" => wasm_dir = PathBuf::from(val("--wasm-dir")),
            "--lst" => {
                cfg.mock_lst = false;
                cfg.lst = Some(
                    val("--lst")
                        .parse()
                        .unwrap_or_else(|_| fail("bad --lst address")),
                );
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return;
            }
            other => fail(&format!("unknown argument {other}")),
        }
    }
    let key = match std::env::var("RESTAKE_DEPLOYER_KEY") {
        Ok(k) => k,
        Err(_) if network == "devnet" => NITRO_DEV_KEY.to_string(),
        Err(_) => fail(
            "set RESTAKE_DEPLOYER_KEY (the deployer's private key) for a network other than devnet",
        ),
    };
    let path = out.unwrap_or_else(|| {
        repo_root()
            .join("deployments")
            .join(format!("{network}.json"))
    });
    let mut record = DeploymentRecord::load(&path).unwrap_or_else(|e| fail(&e.0));
    record.network = network.clone();
    println!("restake-deploy: {network} at {rpc}");
    let mut d = Deployer::connect(&rpc, &key, record, wasm_dir)
        .await
        .unwrap_or_else(|e| fail(&e.0));
    println!("  deployer {} on chain {}", d.from, d.record.chain_id);
    let result = deploy_suite(&mut d, &cfg).await;
    // Save whatever was deployed, even on failure, so a re-run resumes.
    d.record.git_commit = git_commit();
    if let Err(e) = d.record.save(&path) {
        eprintln!("restake-deploy: {e}");
    }
    match result {
        Ok(a) => {
            println!(
                "restake-deploy: done: {} deployed ({} fragments), {} unchanged, {} wiring txs, {} gas, {} wei of activation data fees; record {}",
                d.report.deployed.len(),
                d.report.fragments,
                d.report.unchanged.len(),
                d.report.wired.len(),
                d.report.gas_used,
                d.report.data_fees,
                path.display()
            );
            println!(
                "  registry {}  manager {}  ETH vault {}  LST vault {}  LST {}",
                a.registry, a.manager, a.eth_vault, a.lst_vault, a.lst
            );
        }
        Err(e) => fail(&e.0),
    }
}

fn fail(msg: &str) -> ! {
    eprintln!("restake-deploy: {msg}");
    std::process::exit(1)
}
