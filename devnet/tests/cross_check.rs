//! The cross-check that cannot agree with itself by construction: for every deployable
//! contract wasm, `scripts/nitro-costs.py` (Python, sharing no code with the devnet)
//! computes from Nitro's published formulas the program's init and cached start-up gas
//! and its first activation's data fee; this test compares them with what the devnet
//! answers and charges over JSON-RPC: the fee `activateProgram` asks for, what
//! `programInitGas` reports, and the exact gas difference between an uncached call and
//! the same call once the program is cached through ArbWasmCache.

use std::path::PathBuf;
use std::process::Command;

use restake_devnet::rpc::{Client, Devnet};
use restake_devnet::*;
use revm::primitives::{keccak256, Address, U256};
use serde_json::{json, Value};

fn hex(b: &[u8]) -> String {
    format!(
        "0x{}",
        b.iter().map(|x| format!("{x:02x}")).collect::<String>()
    )
}

fn qty(v: &Value) -> U256 {
    U256::from_str_radix(v.as_str().expect("hex").trim_start_matches("0x"), 16).expect("quantity")
}

fn sel(sig: &str) -> Vec<u8> {
    keccak256(sig.as_bytes())[..4].to_vec()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn deployable_wasm() -> Vec<PathBuf> {
    let dir = root().join("contracts/target/deploy");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e} (run scripts/build-wasm.sh first)", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().map(|x| x == "wasm").unwrap_or(false))
        .collect();
    v.sort();
    assert!(
        v.len() >= 8,
        "expected every contract's wasm in {}",
        dir.display()
    );
    v
}

fn send(c: &mut Client, from: Address, to: Address, input: &[u8], value: U256) -> Value {
    let tx = json!({"from": hex(from.as_slice()), "to": hex(to.as_slice()), "input": hex(input),
        "gas": "0x2dc6c0", "value": format!("0x{value:x}")});
    let h = c.call("eth_sendTransaction", json!([tx])).unwrap();
    c.call("eth_getTransactionReceipt", json!([h])).unwrap()
}

#[test]
fn devnet_charges_what_nitros_formulas_give() {
    let files = deployable_wasm();
    let out = Command::new("python3")
        .arg(root().join("scripts/nitro-costs.py"))
        .args(&files)
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(expected.len(), files.len());

    let node = Devnet::start_free_port().unwrap();
    let url = node.url();
    let mut c = Client::new(&url).unwrap();
    let from = DEV_ACCOUNTS[0];
    // 1. The fee of each first activation on this fresh chain (eth_call under a state
    //    override: nothing is activated yet, so the demand is each module's own bytes).
    for (path, e) in files.iter().zip(&expected) {
        let wasm = std::fs::read(path).unwrap();
        let scratch = Address::repeat_byte(0x77);
        let req = json!({"from": hex(from.as_slice()), "to": hex(ARB_WASM.as_slice()),
            "input": hex(&activate_calldata(scratch)), "value": "0xde0b6b3a7640000"});
        let ov = json!({ hex(scratch.as_slice()): {"code": hex(&compress_program(&wasm))} });
        let r = c.call("eth_call", json!([req, "latest", ov])).unwrap();
        let r = r.as_str().unwrap();
        let fee = U256::from_str_radix(&r[2 + 64..2 + 128], 16).unwrap();
        let want = U256::from(e["fee_fresh_chain"].as_u64().expect("fee fits u64"));
        assert_eq!(fee, want, "{}: data fee", path.display());
        eprintln!(
            "{}: data fee {fee} wei",
            path.file_name().unwrap().to_string_lossy()
        );
    }
    // 2. Deployed and activated: programInitGas and the charged start-up gas.
    for (path, e) in files.iter().zip(&expected) {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let wasm = std::fs::read(path).unwrap();
        let a = deploy_stylus_rpc(&url, DEV_KEYS[0], &wasm, None).unwrap();
        let init = e["init_gas"].as_u64().unwrap();
        let cached = e["cached_gas"].as_u64().unwrap();
        let mut q = sel("programInitGas(address)");
        q.extend_from_slice(a.into_word().as_slice());
        let req = json!({"to": hex(ARB_WASM.as_slice()), "input": hex(&q)});
        let r = c.call("eth_call", json!([req, "latest"])).unwrap();
        let r = r.as_str().unwrap();
        let got_init = U256::from_str_radix(&r[2..66], 16).unwrap();
        let got_cached = U256::from_str_radix(&r[66..130], 16).unwrap();
        assert_eq!(
            got_init,
            U256::from(init + cached),
            "{name}: programInitGas.gas"
        );
        assert_eq!(
            got_cached,
            U256::from(cached),
            "{name}: programInitGas.gasWhenCached"
        );
        // The same call (empty calldata: every contract refuses it, changing nothing)
        // uncached, then cached through ArbWasmCache by the chain owner.
        let uncached = qty(&send(&mut c, from, a, &[], U256::ZERO)["gasUsed"]);
        let mut cache = sel("cacheProgram(address)");
        cache.extend_from_slice(a.into_word().as_slice());
        let r = send(
            &mut c,
            DEV_ACCOUNTS[10],
            restake_devnet::arbos::ARB_WASM_CACHE,
            &cache,
            U256::ZERO,
        );
        assert_eq!(r["status"], "0x1", "{name}: cacheProgram");
        let cached_call = qty(&send(&mut c, from, a, &[], U256::ZERO)["gasUsed"]);
        assert_eq!(
            uncached - cached_call,
            U256::from(init),
            "{name}: uncached − cached call gas"
        );
        eprintln!("{name}: init gas {init}, cached gas {cached} (call {uncached} → {cached_call})");
    }
    node.stop();
}
