//! `restake-bench`: the like-for-like gas benchmark (issue #15). Plays every
//! operation of `../shared/design/figures.md` that the suite has, in the
//! reference's shape, twice on the same state: every program cached through
//! ArbWasmCache (inside an `evm_snapshot`, reverted), then uncached. Prints
//! both, the floor the devnet counts from what each transaction touched,
//! the reference, and the ratio; writes or checks the snapshot.
//!
//! `--write FILE` writes the table; `--check FILE` fails when a row's gas
//! (either mode) is more than 2% above the file's, or a row appeared or went
//! away: update the snapshot with the change that moved it.

use std::collections::BTreeMap;
use std::path::PathBuf;

use alloy::network::{EthereumWallet, TransactionBuilder};
use alloy::primitives::{Address, Bytes};
use alloy::providers::{DynProvider, Provider, ProviderBuilder};
use alloy::rpc::types::TransactionRequest;
use alloy::signers::local::PrivateKeySigner;
use restake_deploy::{repo_root, DeploymentRecord, NITRO_DEV_KEY};

#[macro_use]
#[path = "../demo/session.rs"]
#[allow(dead_code)]
mod session;
mod scale;
mod scenario;

use session::{se, Demo};

/// `ArbWasmCache`.
const ARB_WASM_CACHE: Address =
    alloy::primitives::address!("0000000000000000000000000000000000000072");

/// How much a row may rise over its snapshot before the check fails.
const TOLERANCE_PCT: u64 = 2;

/// The reference of a row (`figures.md`): gas and whose.
fn reference(label: &str) -> Option<(u64, &'static str)> {
    const EL: &str = "EigenLayer v1.9.0";
    const SY: &str = "Symbiotic v1";
    Some(match label {
        "registerAsOperator" => (154_993, EL),
        "deposit: first, undelegated" => (239_574, EL),
        "deposit: repeat, undelegated" => (124_691, EL),
        "deposit: first, delegated" => (212_722, EL),
        "deposit: repeat, delegated" => (132_039, EL),
        "delegateTo (1 vault)" => (145_187, EL),
        "createOperatorSets (1 set, 1 vault)" => (233_285, EL),
        "modifyAllocations: allocate" => (251_177, EL),
        "modifyAllocations: deallocate" => (128_169, EL),
        "registerForOperatorSets (join)" => (228_767, EL),
        "queueWithdrawals (1 vault)" => (444_213, EL),
        "completeQueuedWithdrawal (as tokens, 1 vault)" => (155_125, EL),
        "undelegate (1 vault)" => (445_127, EL),
        "slashOperator: first" => (417_269, EL),
        "slashOperator: second" => (304_238, EL),
        "veto slash: request" => (213_000, SY),
        "veto slash: execute" => (286_000, SY),
        _ => return None,
    })
}

fn provider(url: &str, key: &str) -> Result<DynProvider, String> {
    let signer: PrivateKeySigner = key.parse().map_err(|e| format!("bad key: {e}"))?;
    Ok(ProviderBuilder::new()
        .wallet(EthereumWallet::from(signer))
        .connect_http(url.parse().map_err(se)?)
        .erased())
}

/// Deploys the Solidity contract of `artifact` (solc's output as
/// `scripts/build-integrator.sh` writes it: `{abi, bytecode}`, no
/// constructor arguments) from the deployer key; its address.
async fn deploy_solidity(url: &str, artifact: &std::path::Path) -> Result<Address, String> {
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(artifact).map_err(se)?).map_err(se)?;
    let code: Bytes = json["bytecode"]
        .as_str()
        .ok_or("no bytecode")?
        .parse()
        .map_err(se)?;
    let key = std::env::var("RESTAKE_DEPLOYER_KEY").unwrap_or_else(|_| NITRO_DEV_KEY.into());
    let p = provider(url, &key)?;
    let r = p
        .send_transaction(TransactionRequest::default().with_deploy_code(code))
        .await
        .map_err(se)?
        .get_receipt()
        .await
        .map_err(se)?;
    if !r.status() {
        return Err(format!("its deployment {} reverted", r.transaction_hash));
    }
    r.contract_address
        .ok_or_else(|| "no contract address in the receipt".into())
}

/// One measured row: label, uncached, cached, floor.
struct Row {
    label: String,
    uncached: u64,
    cached: u64,
    floor: Option<u64>,
}

async fn measure(
    url: &str,
    record: &DeploymentRecord,
    sizes: &[u64],
) -> Result<(Vec<Row>, Vec<scale::Series>), String> {
    let key = std::env::var("RESTAKE_DEPLOYER_KEY").unwrap_or_else(|_| NITRO_DEV_KEY.into());
    let owner = provider(url, &key)?;
    let mut suite = scenario::Suite::of(record)?;
    suite.lst = restake_deploy::bindings::IVault::new(suite.lst_vault, &owner)
        .asset()
        .call()
        .await
        .map_err(|e| format!("the LST vault's asset(): {e}"))?;
    // A fixed seed: the same wallets, calldata and storage every run.
    let seed = alloy::primitives::keccak256("restake-bench");
    let pass = |owner: DynProvider| Demo {
        url: url.to_string(),
        owner,
        total_gas: 0,
        seed,
        quiet: true,
        rows: Vec::new(),
    };
    let snap: serde_json::Value = owner
        .raw_request("evm_snapshot".into(), ())
        .await
        .map_err(|e| format!("evm_snapshot (the benchmark needs the devnet): {e}"))?;
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
        let r = owner
            .send_transaction(tx)
            .await
            .map_err(se)?
            .get_receipt()
            .await
            .map_err(se)?;
        if !r.status() {
            return Err(format!(
                "cacheProgram({a}) reverted: is the key a chain owner?"
            ));
        }
    }
    let mut cached = pass(owner.clone());
    scenario::run(&mut cached, &suite).await?;
    let _: serde_json::Value = owner
        .raw_request("evm_revert".into(), (snap,))
        .await
        .map_err(se)?;
    // A new provider: the reverted chain's nonces are behind the old one's.
    let mut uncached = pass(provider(url, &key)?);
    scenario::run(&mut uncached, &suite).await?;
    if cached.rows.len() != uncached.rows.len() {
        return Err("the two passes differ in their steps".into());
    }
    let series = if sizes.is_empty() {
        Vec::new()
    } else {
        let mut scaling = pass(provider(url, &key)?);
        scale::run(&mut scaling, &suite, sizes).await?
    };
    let rows = uncached
        .rows
        .into_iter()
        .zip(cached.rows)
        .filter(|((l, ..), _)| !l.starts_with("setup:"))
        .map(|((label, u, f), (_, c, _))| Row {
            label,
            uncached: u,
            cached: c,
            floor: f,
        })
        .collect();
    Ok((rows, series))
}

fn table(rows: &[Row]) -> String {
    let mut t = String::from(
        "# Like-for-like gas (restake-bench, issue #15): whole transaction on the\n\
         # devnet's ArbOS 61 model, program uncached and every program cached\n\
         # (ArbWasmCache), the floor counted from what the transaction touched,\n\
         # the reference (../shared/design/figures.md) and uncached / reference.\n",
    );
    t.push_str(&format!(
        "{:<48} {:>9} {:>9} {:>9} {:>10} {:>6}  {}\n",
        "operation", "uncached", "cached", "floor", "reference", "ratio", "of"
    ));
    let mut logs = Vec::new();
    for r in rows {
        let floor = r.floor.map(|f| f.to_string()).unwrap_or_default();
        let (reference, ratio, of) = match reference(&r.label) {
            Some((g, of)) => {
                let ratio = r.uncached as f64 / g as f64;
                logs.push(ratio.ln());
                (g.to_string(), format!("{ratio:.2}"), of)
            }
            None => (String::new(), String::new(), ""),
        };
        t.push_str(&format!(
            "{:<48} {:>9} {:>9} {:>9} {:>10} {:>6}  {}\n",
            r.label, r.uncached, r.cached, floor, reference, ratio, of
        ));
    }
    if !logs.is_empty() {
        let geo = (logs.iter().sum::<f64>() / logs.len() as f64).exp();
        let above = rows
            .iter()
            .filter(|r| reference(&r.label).is_some_and(|(g, _)| r.uncached > g))
            .count();
        t.push_str(&format!(
            "# geometric mean of uncached / reference over {} rows: {geo:.3}; {above} rows above their reference\n",
            logs.len()
        ));
    }
    t
}

/// The `(uncached, cached)` of every row of a written table.
fn parse(text: &str) -> BTreeMap<String, (u64, u64)> {
    let mut out = BTreeMap::new();
    for line in text.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let label = line.get(..48).unwrap_or("").trim_end().to_string();
        let mut nums = line.get(48..).unwrap_or("").split_whitespace();
        let (Some(u), Some(c)) = (nums.next(), nums.next()) else {
            continue;
        };
        if let (Ok(u), Ok(c)) = (u.parse(), c.parse()) {
            out.insert(label, (u, c));
        }
    }
    out
}

fn check(rows: &[Row], snapshot: &str) -> Vec<String> {
    let old = parse(snapshot);
    let mut problems = Vec::new();
    for r in rows {
        match old.get(&r.label) {
            None => problems.push(format!("{}: a new row, not in the snapshot", r.label)),
            Some(&(u, c)) => {
                for (mode, now, was) in [("uncached", r.uncached, u), ("cached", r.cached, c)] {
                    if now * 100 > was * (100 + TOLERANCE_PCT) {
                        problems.push(format!(
                            "{}: {mode} {was} -> {now} (+{:.1}%)",
                            r.label,
                            (now as f64 / was as f64 - 1.0) * 100.0
                        ));
                    }
                }
            }
        }
    }
    for label in old.keys() {
        if !rows.iter().any(|r| &r.label == label) {
            problems.push(format!("{label}: in the snapshot, no longer measured"));
        }
    }
    problems
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut rpc = "http://127.0.0.1:8547".to_string();
    let mut network = "devnet".to_string();
    let (mut write, mut check_file): (Option<PathBuf>, Option<PathBuf>) = (None, None);
    let mut deploy_lst: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--rpc-url" => rpc = args.next().unwrap_or_default(),
            "--network" => network = args.next().unwrap_or_default(),
            "--write" => write = args.next().map(PathBuf::from),
            "--check" => check_file = args.next().map(PathBuf::from),
            "--deploy-lst" => deploy_lst = args.next().map(PathBuf::from),
            _ => {
                eprintln!("usage: restake-bench [--rpc-url URL] [--network NAME] [--write FILE] [--check FILE] | [--rpc-url URL] --deploy-lst ARTIFACT");
                std::process::exit(2);
            }
        }
    }
    if let Some(artifact) = deploy_lst {
        match deploy_solidity(&rpc, &artifact).await {
            Ok(a) => {
                println!("{a}");
                return;
            }
            Err(e) => {
                eprintln!("restake-bench: {}: {e}", artifact.display());
                std::process::exit(1)
            }
        }
    }
    let path = repo_root()
        .join("deployments")
        .join(format!("{network}.json"));
    let record = DeploymentRecord::load(&path).unwrap_or_else(|e| {
        eprintln!("restake-bench: {e}");
        std::process::exit(1)
    });
    // RESTAKE_BENCH_STAKERS: the staker counts of the scaling rows ("" for none).
    let sizes: Vec<u64> = std::env::var("RESTAKE_BENCH_STAKERS")
        .unwrap_or_else(|_| "1,100,10000".into())
        .split(',')
        .filter_map(|n| n.trim().parse().ok())
        .collect();
    let (rows, series) = match measure(&rpc, &record, &sizes).await {
        Ok(m) => m,
        Err(e) => {
            eprintln!("restake-bench: {e}");
            std::process::exit(1)
        }
    };
    let text = table(&rows);
    print!("{text}");
    let scaling = scale::table(&series);
    if !series.is_empty() {
        print!("{scaling}");
    }
    if let Some(p) = write {
        if let Err(e) = std::fs::write(&p, &text) {
            eprintln!("restake-bench: {}: {e}", p.display());
            std::process::exit(1);
        }
        println!("restake-bench: written to {}", p.display());
        if !series.is_empty() {
            let sp = p.with_file_name("scaling.txt");
            if let Err(e) = std::fs::write(&sp, &scaling) {
                eprintln!("restake-bench: {}: {e}", sp.display());
                std::process::exit(1);
            }
            println!("restake-bench: written to {}", sp.display());
        }
    }
    if let Some(p) = check_file {
        let old = std::fs::read_to_string(&p).unwrap_or_else(|e| {
            eprintln!("restake-bench: {}: {e}", p.display());
            std::process::exit(1)
        });
        let problems = check(&rows, &old);
        if !problems.is_empty() {
            eprintln!(
                "restake-bench: {} differs from what was measured (more than {TOLERANCE_PCT}% up, or rows changed); rerun `bash scripts/bench.sh --write` and commit snapshots/gas.txt:",
                p.display()
            );
            for m in problems {
                eprintln!("  {m}");
            }
            std::process::exit(1);
        }
        println!(
            "restake-bench: every row within {TOLERANCE_PCT}% of {}",
            p.display()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(label: &str, uncached: u64, cached: u64) -> Row {
        Row {
            label: label.into(),
            uncached,
            cached,
            floor: Some(21_000),
        }
    }

    /// A written table reads back, and the check passes on itself.
    #[test]
    fn a_table_reads_back_and_matches_itself() {
        let rows = vec![
            row("registerAsOperator", 156_027, 118_033),
            row("Lrt: claim redeem", 139_445, 102_152),
        ];
        let text = table(&rows);
        let parsed = parse(&text);
        assert_eq!(parsed["registerAsOperator"], (156_027, 118_033));
        assert_eq!(parsed["Lrt: claim redeem"], (139_445, 102_152));
        assert!(check(&rows, &text).is_empty());
        assert!(text.contains("1.01  EigenLayer v1.9.0"));
    }

    /// A rise over 2% in either mode fails; 2% passes; a fall passes; a row
    /// gone or new fails.
    #[test]
    fn the_check_catches_a_rise_and_a_changed_row_set() {
        let text = table(&[row("a", 100_000, 50_000), row("b", 100_000, 50_000)]);
        assert!(check(
            &[row("a", 102_000, 51_000), row("b", 90_000, 40_000)],
            &text
        )
        .is_empty());
        assert_eq!(
            check(
                &[row("a", 102_001, 50_000), row("b", 100_000, 51_001)],
                &text
            )
            .len(),
            2
        );
        let p = check(&[row("a", 100_000, 50_000), row("c", 1, 1)], &text);
        assert_eq!(p.len(), 2, "{p:?}");
    }
}
