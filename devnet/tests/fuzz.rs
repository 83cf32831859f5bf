//! Bounded fuzz: random requests and random calldata to a deployed program. The node
//! must keep serving and its state must stay consistent (ETH conserved up to burned
//! fees, receipts match blocks, nonces contiguous).
//!
//! `DEVNET_FUZZ_ITERS` (default 400) and `DEVNET_FUZZ_SEED` change the run.

mod common;
use std::collections::HashMap;

use common::*;
use restake_devnet::rpc::{Client, Devnet};
use restake_devnet::*;
use revm::primitives::{Address, U256};
use serde_json::{json, Value};

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn bytes(&mut self, max: u64) -> Vec<u8> {
        let n = self.below(max + 1);
        (0..n).map(|_| self.next() as u8).collect()
    }
}

fn hex(b: &[u8]) -> String {
    format!(
        "0x{}",
        b.iter().map(|x| format!("{x:02x}")).collect::<String>()
    )
}

fn random_value(r: &mut Rng, depth: u32) -> Value {
    match r.below(if depth > 2 { 6 } else { 8 }) {
        0 => Value::Null,
        1 => json!(r.next()),
        2 => json!(hex(&r.bytes(40))),
        3 => json!(hex(&r.bytes(20)[..])),
        4 => json!(
            [
                "latest",
                "pending",
                "earliest",
                "0x0",
                "0x1",
                "0xffffffffffffffffff"
            ][r.below(6) as usize]
        ),
        5 => json!(String::from_utf8_lossy(&r.bytes(12)).to_string()),
        6 => Value::Array(
            (0..r.below(4))
                .map(|_| random_value(r, depth + 1))
                .collect(),
        ),
        _ => {
            let keys = [
                "from",
                "to",
                "data",
                "input",
                "gas",
                "value",
                "address",
                "topics",
                "fromBlock",
                "toBlock",
                "balance",
                "code",
                "stateDiff",
                "nonce",
            ];
            let mut m = serde_json::Map::new();
            for _ in 0..r.below(5) {
                m.insert(
                    keys[r.below(keys.len() as u64) as usize].to_string(),
                    random_value(r, depth + 1),
                );
            }
            Value::Object(m)
        }
    }
}

const METHODS: &[&str] = &[
    "eth_chainId",
    "net_version",
    "eth_blockNumber",
    "eth_getBlockByNumber",
    "eth_getBlockByHash",
    "eth_getTransactionCount",
    "eth_gasPrice",
    "eth_maxPriorityFeePerGas",
    "eth_feeHistory",
    "eth_estimateGas",
    "eth_sendRawTransaction",
    "eth_sendTransaction",
    "eth_getTransactionReceipt",
    "eth_getTransactionByHash",
    "eth_call",
    "eth_getCode",
    "eth_getBalance",
    "eth_getStorageAt",
    "eth_getLogs",
    "evm_snapshot",
    "evm_revert",
    "evm_increaseTime",
    "evm_mine",
    "anvil_setStorageAt",
    "anvil_dumpState",
    "web3_clientVersion",
    "bogus_method",
];

fn u(v: &Value) -> u64 {
    u64::from_str_radix(v.as_str().unwrap_or("0x0").trim_start_matches("0x"), 16).unwrap_or(0)
}

#[test]
fn fuzz_node_survives_and_stays_consistent() {
    let iters: u64 = std::env::var("DEVNET_FUZZ_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(400);
    let seed: u64 = std::env::var("DEVNET_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5eed_cafe_f00d);
    let mut r = Rng(seed | 1);
    let node = Devnet::start_free_port().unwrap();
    let initial: U256 = node.with_chain(|c| {
        DEV_ACCOUNTS
            .iter()
            .map(|a| c.balance(*a))
            .fold(U256::ZERO, |x, y| x + y)
    });
    let prog = node.with_chain(|c| deploy_stylus(c, &test_wasm()).unwrap());
    let url = node.url();
    let mut c = Client::new(&url).unwrap();
    let mut mined = 0;
    for i in 0..iters {
        match r.below(10) {
            0 => {
                // Raw garbage or truncated JSON.
                let mut body = r.bytes(120);
                if r.below(2) == 0 {
                    body = format!(
                        r#"{{"jsonrpc":"2.0","id":{i},"method":"eth_call","params":[{{"to":"#
                    )
                    .into_bytes();
                }
                let out = c.raw(&body).expect("transport");
                let v: Value = serde_json::from_slice(&out).expect("a JSON answer");
                assert!(v.get("error").is_some());
            }
            1..=4 => {
                let m = METHODS[r.below(METHODS.len() as u64) as usize];
                let params =
                    Value::Array((0..r.below(4)).map(|_| random_value(&mut r, 0)).collect());
                let _ = c.call(m, params);
            }
            _ => {
                // Random calldata to the program (mostly valid ops, random tails).
                let mut op = r.below(20) as u8;
                if op == 5 && r.below(4) != 0 {
                    op = 1;
                }
                let mut data = vec![op];
                if op == 2 || op == 17 {
                    // Call the program itself or a random address, with random calldata.
                    let target = if r.below(2) == 0 {
                        prog
                    } else {
                        Address::from_slice(
                            &r.bytes(20)
                                .iter()
                                .copied()
                                .chain(std::iter::repeat(0))
                                .take(20)
                                .collect::<Vec<_>>(),
                        )
                    };
                    data.extend_from_slice(target.as_slice());
                }
                data.extend(r.bytes(80));
                let from = DEV_ACCOUNTS[r.below(3) as usize];
                let gas = 30_000 + r.below(120_000);
                let tx = json!({"from": hex(from.as_slice()), "to": hex(prog.as_slice()), "input": hex(&data), "gas": format!("0x{gas:x}"), "value": format!("0x{:x}", r.below(3))});
                if r.below(3) == 0 {
                    let _ = c.call("eth_call", json!([tx]));
                } else if let Ok(h) = c.call("eth_sendTransaction", json!([tx])) {
                    let rec = c.call("eth_getTransactionReceipt", json!([h])).unwrap();
                    assert!(rec.is_object(), "receipt for every mined tx");
                    mined += 1;
                }
            }
        }
        // The node keeps serving.
        c.call("eth_blockNumber", json!([])).expect("node alive");
    }
    assert!(mined > iters / 5, "mined {mined}");
    // State consistency over the whole chain.
    let dump = c.call("anvil_dumpState", json!([])).unwrap();
    let accounts = dump["accounts"].as_object().unwrap();
    let total: U256 = accounts
        .values()
        .map(|a| {
            a["balance"]
                .as_str()
                .map(|s| s.parse::<U256>().unwrap())
                .unwrap_or_default()
        })
        .fold(U256::ZERO, |x, y| x + y);
    let mut burned = U256::ZERO;
    let mut nonces: HashMap<String, Vec<u64>> = HashMap::new();
    for t in dump["txs"].as_array().unwrap() {
        let hash = t["hash"].as_str().unwrap();
        let rec = c.call("eth_getTransactionReceipt", json!([hash])).unwrap();
        assert_eq!(u(&rec["blockNumber"]), t["block_number"].as_u64().unwrap());
        let block = c
            .call("eth_getBlockByNumber", json!([rec["blockNumber"], false]))
            .unwrap();
        assert_eq!(block["transactions"][0], rec["transactionHash"]);
        burned += U256::from(u(&rec["gasUsed"])) * U256::from(u(&rec["effectiveGasPrice"]));
        nonces
            .entry(t["from"].as_str().unwrap().to_lowercase())
            .or_default()
            .push(t["nonce"].as_u64().unwrap());
    }
    let system = node.with_chain(|c| c.balance(ARB_WASM) + c.balance(STYLUS_DEPLOYER));
    let _ = system;
    assert_eq!(
        total + burned,
        initial,
        "ETH is conserved up to burned fees"
    );
    for (from, mut ns) in nonces {
        ns.sort();
        assert_eq!(
            ns,
            (0..ns.len() as u64).collect::<Vec<_>>(),
            "nonces of {from}"
        );
    }
    // The program still works.
    let out = c
        .call(
            "eth_call",
            json!([{"to": hex(prog.as_slice()), "input": hex(&op(6, &[]))}]),
        )
        .unwrap();
    assert_eq!(out, "0x00");
}
