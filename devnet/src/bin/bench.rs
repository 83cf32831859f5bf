//! `restake-devnet-bench`: the devnet's transactions per second for a deposit
//! workload (our real vault wasm taking ERC-20 deposits of our real mock LST wasm:
//! a wasm→wasm `transferFrom`, new storage slots and two logs per transaction;
//! falls back to mock LST transfers when the vault wasm is missing) and for plain
//! ETH transfers, plus anvil's ETH-transfer figure in the same run, as a ratio.
//! Each workload sends pre-signed transactions one after another over one HTTP
//! connection, waiting for each receipt before sending the next.
//!
//! Run: `cargo run --release -p restake-devnet --bin restake-devnet-bench -- [--txs N]` (default 1000).
//! anvil: `scripts/install-anvil.sh` (or set `ANVIL_BIN`); without it the ratio is skipped.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use restake_devnet::rpc::{Client, Devnet};
use restake_devnet::*;
use revm::primitives::{keccak256, Address, U256};
use serde_json::json;

fn hex(b: &[u8]) -> String {
    format!(
        "0x{}",
        b.iter().map(|x| format!("{x:02x}")).collect::<String>()
    )
}

fn selector(sig: &str) -> Vec<u8> {
    keccak256(sig.as_bytes())[..4].to_vec()
}

fn word_addr(a: Address) -> Vec<u8> {
    a.into_word().to_vec()
}

/// Send pre-signed raw transactions one after another, each followed by polling its
/// receipt until it is mined (what `send().get_receipt()` does); returns transactions
/// per second.
fn run(url: &str, txs: &[Vec<u8>]) -> Result<f64, String> {
    let mut c = Client::new(url).map_err(|e| e.to_string())?;
    let start = Instant::now();
    for raw in txs {
        let h = c
            .call("eth_sendRawTransaction", json!([hex(raw)]))
            .map_err(|e| e.to_string())?;
        let mut tries = 0;
        loop {
            let rec = c
                .call("eth_getTransactionReceipt", json!([h.clone()]))
                .map_err(|e| e.to_string())?;
            if !rec.is_null() {
                if rec["status"] != "0x1" {
                    return Err(format!("transaction failed: {rec}"));
                }
                break;
            }
            tries += 1;
            if tries > 20_000 {
                return Err("transaction not mined within 20 s".into());
            }
            std::thread::sleep(Duration::from_micros(500));
        }
    }
    Ok(txs.len() as f64 / start.elapsed().as_secs_f64())
}

fn eth_transfers(chain_id: u64, key: usize, n: usize, max_fee: u128) -> Vec<Vec<u8>> {
    (0..n)
        .map(|i| {
            let to = Address::from_word(keccak256((i as u64).to_be_bytes()));
            sign_eip1559(
                DEV_KEYS[key],
                chain_id,
                i as u64,
                Some(to),
                U256::from(1),
                vec![],
                21_000,
                max_fee,
            )
            .unwrap()
        })
        .collect()
}

fn find_wasm(name: &str) -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    // Only the deployable wasm: the raw cargo output is not what Nitro accepts.
    let p = root.join(format!("contracts/target/deploy/{name}.wasm"));
    if p.exists() {
        return Some(p);
    }
    None
}

fn find_anvil() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("ANVIL_BIN") {
        return Some(PathBuf::from(p));
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let p = root.join("target/tools/anvil/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil");
    if p.exists() {
        return Some(p);
    }
    Command::new("anvil")
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|_| PathBuf::from("anvil"))
}

struct Anvil(Child);
impl Drop for Anvil {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_anvil(bin: &PathBuf) -> Result<(Anvil, String), String> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| e.to_string())?
        .port();
    let child = Command::new(bin)
        .args([
            "--port",
            &port.to_string(),
            "--chain-id",
            "412346",
            "--silent",
            "--prune-history",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start anvil: {e}"))?;
    let anvil = Anvil(child);
    let url = format!("http://127.0.0.1:{port}");
    for _ in 0..200 {
        if let Ok(mut c) = Client::new(&url) {
            if c.call("eth_chainId", json!([])).is_ok() {
                return Ok((anvil, url));
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Err("anvil did not start".into())
}

fn main() {
    let mut n = 1000usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--txs" {
            n = args.next().and_then(|v| v.parse().ok()).unwrap_or(n);
        }
    }
    if cfg!(debug_assertions) {
        println!("note: debug build; run with --release for representative figures");
    }
    let node = Devnet::start_free_port().expect("start devnet");
    let url = node.url();
    println!("restake-devnet benchmark: {n} transactions per workload, each sent (eth_sendRawTransaction) and its receipt awaited before the next, one HTTP connection");

    // Deposit workload: our real vault (ERC-20 mode) taking deposits of the real mock LST.
    match (find_wasm("restake_mock_lst"), find_wasm("restake_vault")) {
        (Some(lst_path), vault_path) => {
            let lst_wasm = std::fs::read(&lst_path).expect("read wasm");
            let vault_wasm = vault_path.map(|p| std::fs::read(p).expect("read wasm"));
            let owner = DEV_ACCOUNTS[0];
            let holder = DEV_ACCOUNTS[1];
            let (target, label) = node.with_chain(move |c| {
                let send = |c: &mut Chain, from, to, d: Vec<u8>| {
                    let h = c
                        .send(&TxRequest {
                            from,
                            to: Some(to),
                            input: d.into(),
                            ..Default::default()
                        })
                        .unwrap();
                    c.tx(h).unwrap().status
                };
                let lst = deploy_stylus_with_constructor(
                    c,
                    owner,
                    &lst_wasm,
                    &constructor_calldata(&word_addr(owner)),
                    U256::ZERO,
                )
                .expect("deploy mock LST");
                let mut mint = selector("mint(address,uint256)");
                mint.extend(word_addr(holder));
                mint.extend(U256::from(u128::MAX).to_be_bytes::<32>());
                assert!(send(c, owner, lst, mint), "mint failed");
                let vault = vault_wasm.and_then(|w| {
                    let mut args = word_addr(lst);
                    for a in [owner, owner, Address::ZERO, owner] {
                        args.extend(word_addr(a));
                    }
                    args.extend(U256::MAX.to_be_bytes::<32>());
                    let vault = deploy_stylus_with_constructor(
                        c,
                        owner,
                        &w,
                        &constructor_calldata(&args),
                        U256::ZERO,
                    )
                    .ok()?;
                    let mut approve = selector("approve(address,uint256)");
                    approve.extend(word_addr(vault));
                    approve.extend(U256::MAX.to_be_bytes::<32>());
                    send(c, holder, lst, approve).then_some(vault)
                });
                match vault {
                    Some(v) => (v, "vault deposit (ERC-20 mode, pulls mock LST)"),
                    None => (lst, "mock LST transfer to a new holder"),
                }
            });
            let is_vault = label.starts_with("vault");
            let txs: Vec<Vec<u8>> = (0..n)
                .map(|i| {
                    let receiver =
                        Address::from_word(keccak256((i as u64 + 1_000_000).to_be_bytes()));
                    let d = if is_vault {
                        let mut d = selector("deposit(uint256,address)");
                        d.extend(U256::from(1000).to_be_bytes::<32>());
                        d.extend(word_addr(receiver));
                        d
                    } else {
                        let mut d = selector("transfer(address,uint256)");
                        d.extend(word_addr(receiver));
                        d.extend(U256::from(1000).to_be_bytes::<32>());
                        d
                    };
                    let nonce = node.with_chain(move |c| c.nonce(holder)) + i as u64;
                    sign_eip1559(
                        DEV_KEYS[1],
                        412_346,
                        nonce,
                        Some(target),
                        U256::ZERO,
                        d,
                        400_000,
                        1_000_000_000,
                    )
                    .unwrap()
                })
                .collect();
            match run(&url, &txs) {
                Ok(tps) => println!("devnet  deposit-like: {label:<45} {tps:>8.0} tx/s"),
                Err(e) => println!("devnet  deposit-like workload failed: {e}"),
            }
        }
        _ => println!("devnet  deposit-like: skipped (build contracts: scripts/build-wasm.sh)"),
    }

    let txs = eth_transfers(412_346, 2, n, 1_000_000_000);
    let devnet_tps = run(&url, &txs).expect("devnet ETH transfers");
    println!("devnet  ETH transfer:{:<53} {devnet_tps:>8.0} tx/s", "");
    drop(node);

    match find_anvil() {
        None => {
            println!("anvil   not installed (scripts/install-anvil.sh or ANVIL_BIN): ratio skipped")
        }
        Some(bin) => match start_anvil(&bin) {
            Err(e) => println!("anvil   {e}: ratio skipped"),
            Ok((anvil, aurl)) => {
                let txs = eth_transfers(412_346, 2, n, 10_000_000_000);
                match run(&aurl, &txs) {
                    Ok(anvil_tps) => {
                        println!("anvil   ETH transfer:{:<53} {anvil_tps:>8.0} tx/s", "");
                        println!(
                            "ratio   devnet / anvil (ETH transfer):{:<36} {:>8.2}",
                            "",
                            devnet_tps / anvil_tps
                        );
                    }
                    Err(e) => println!("anvil   workload failed: {e}: ratio skipped"),
                }
                drop(anvil);
            }
        },
    }
}
