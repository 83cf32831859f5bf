//! `restake-devnet`: start the local devnet.

use std::path::PathBuf;

use restake_devnet::rpc::{Devnet, NodeConfig};
use restake_devnet::{ARB_WASM, DEV_ACCOUNTS, DEV_KEYS, STYLUS_DEPLOYER};

const USAGE: &str = "restake-devnet: a local Arbitrum-like chain running Stylus wasm and EVM code

USAGE: restake-devnet [--port 8547] [--host 127.0.0.1] [--chain-id 412346] [--state FILE] [--l1-price WEI] [--block-time S] [--quiet]

  --port N       JSON-RPC port (0 = a free port); default 8547
  --host ADDR    interface to listen on; default 127.0.0.1
  --chain-id N   chain id; default 412346 (the Nitro dev node's)
  --state FILE   load state from FILE at start (if it exists) and save it there after every change
  --l1-price WEI  L1 price per unit (16 units per compressed byte) charged as poster gas
                 and reported as gasUsedForL1; default 0 (off, as the SDK's dev node)
  --block-time S stamp block n at genesis + S·n seconds, plus evm_increaseTime (a fixed clock:
                 runs repeat exactly); default the wall clock
  --quiet        do not print the dev accounts
";

fn main() {
    let mut cfg = NodeConfig::default();
    let mut quiet = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = |name: &str| {
            args.next()
                .unwrap_or_else(|| fail(&format!("{name} needs a value")))
        };
        match a.as_str() {
            "--port" | "-p" => {
                cfg.port = val("--port").parse().unwrap_or_else(|_| fail("bad --port"))
            }
            "--host" => cfg.host = val("--host"),
            "--chain-id" => {
                cfg.chain.chain_id = val("--chain-id")
                    .parse()
                    .unwrap_or_else(|_| fail("bad --chain-id"))
            }
            "--state" => cfg.state = Some(PathBuf::from(val("--state"))),
            "--l1-price" => {
                cfg.chain.l1_price_per_unit = val("--l1-price")
                    .parse()
                    .unwrap_or_else(|_| fail("bad --l1-price"))
            }
            "--block-time" => {
                cfg.chain.block_time = Some(
                    val("--block-time")
                        .parse()
                        .unwrap_or_else(|_| fail("bad --block-time")),
                )
            }
            "--quiet" | "-q" => quiet = true,
            "--help" | "-h" => {
                print!("{USAGE}");
                return;
            }
            other => fail(&format!("unknown argument {other}")),
        }
    }
    let chain_id = cfg.chain.chain_id;
    let node = Devnet::start(cfg).unwrap_or_else(|e| fail(&format!("cannot start: {e}")));
    if !quiet {
        println!("restake-devnet: chain id {chain_id}, instant mining");
        println!("ArbWasm precompile: {ARB_WASM}   StylusDeployer: {STYLUS_DEPLOYER}");
        println!("Dev accounts (10,000 ETH each):");
        for (a, k) in DEV_ACCOUNTS.iter().zip(DEV_KEYS) {
            println!("  {a}  0x{k}");
        }
    }
    println!("Listening on {}", node.url());
    node.wait();
}

fn fail(msg: &str) -> ! {
    eprintln!("restake-devnet: {msg}\n\n{USAGE}");
    std::process::exit(2)
}
