//! The fixtures of the RPC history tests: a tiny EVM assembler, a storage
//! contract deployed in a three-block world, and JSON-RPC helpers.

use restake_devnet::rpc::{Client, Devnet};
use restake_devnet::*;
use revm::primitives::Address;
use serde_json::{json, Value};

use super::common::*;

pub fn hex(b: &[u8]) -> String {
    format!(
        "0x{}",
        b.iter().map(|x| format!("{x:02x}")).collect::<String>()
    )
}

pub fn word_hex(x: u64) -> String {
    hex(&w(x))
}

pub fn q(n: u64) -> Value {
    json!(format!("0x{n:x}"))
}

/// A tiny EVM assembler: opcodes, pushes and one-byte label jumps.
#[derive(Default)]
struct Asm {
    code: Vec<u8>,
    labels: Vec<(&'static str, usize)>,
    fixups: Vec<(&'static str, usize)>,
}

impl Asm {
    fn op(&mut self, ops: &[u8]) -> &mut Self {
        self.code.extend_from_slice(ops);
        self
    }
    fn push(&mut self, bytes: &[u8]) -> &mut Self {
        self.code.push(0x5f + bytes.len() as u8);
        self.code.extend_from_slice(bytes);
        self
    }
    fn push_label(&mut self, l: &'static str) -> &mut Self {
        self.code.push(0x60);
        self.fixups.push((l, self.code.len()));
        self.code.push(0);
        self
    }
    fn label(&mut self, l: &'static str) -> &mut Self {
        self.labels.push((l, self.code.len()));
        self.code.push(0x5b);
        self
    }
    fn build(&mut self) -> Vec<u8> {
        for (l, at) in &self.fixups {
            let target = self.labels.iter().find(|(n, _)| n == l).unwrap().1;
            self.code[*at] = target as u8;
        }
        self.code.clone()
    }
}

/// Revert data of `Error("bad")`.
pub fn error_bad() -> Vec<u8> {
    let mut d = vec![0x08, 0xc3, 0x79, 0xa0];
    d.extend_from_slice(&w(32));
    d.extend_from_slice(&w(3));
    let mut s = [0u8; 32];
    s[..3].copy_from_slice(b"bad");
    d.extend_from_slice(&s);
    d
}

/// Storage contract: 64 bytes `k ‖ v` stores v at k and logs LOG1(topic k,
/// data v); 32 bytes `k` returns slot k; 1 byte reverts with `Error("bad")`.
pub fn store_code() -> Vec<u8> {
    let mut a = Asm::default();
    a.op(&[0x36])
        .push(&[1])
        .op(&[0x14])
        .push_label("bad")
        .op(&[0x57]);
    a.op(&[0x36])
        .push(&[0x40])
        .op(&[0x14])
        .push_label("set")
        .op(&[0x57]);
    // read: mstore(0, sload(calldataload(0))); return(0, 32)
    a.push(&[0]).op(&[0x35, 0x54]).push(&[0]).op(&[0x52]);
    a.push(&[0x20]).push(&[0]).op(&[0xf3]);
    a.label("set");
    a.push(&[0x20]).op(&[0x35]).push(&[0]).op(&[0x35, 0x55]); // sstore(k, v)
    a.push(&[0x20]).op(&[0x35]).push(&[0]).op(&[0x52]); // mstore(0, v)
    a.push(&[0])
        .op(&[0x35])
        .push(&[0x20])
        .push(&[0])
        .op(&[0xa1, 0x00]); // log1(0, 32, k)
    a.label("bad");
    let mut w0 = [0u8; 32];
    w0[..4].copy_from_slice(&[0x08, 0xc3, 0x79, 0xa0]);
    a.push(&w0).push(&[0]).op(&[0x52]);
    a.push(&[0x20]).push(&[4]).op(&[0x52]);
    a.push(&[3]).push(&[0x24]).op(&[0x52]);
    let mut s = [0u8; 32];
    s[..3].copy_from_slice(b"bad");
    a.push(&s).push(&[0x44]).op(&[0x52]);
    a.push(&[100]).push(&[0]).op(&[0xfd]);
    a.build()
}

pub fn send(c: &mut Client, to: Option<Address>, input: &[u8], gas: Option<u64>) -> Value {
    let mut tx = json!({"from": hex(DEV_ACCOUNTS[0].as_slice()), "input": hex(input)});
    if let Some(to) = to {
        tx["to"] = json!(hex(to.as_slice()));
    }
    if let Some(g) = gas {
        tx["gas"] = q(g);
    }
    let h = c.call("eth_sendTransaction", json!([tx])).unwrap();
    c.call("eth_getTransactionReceipt", json!([h])).unwrap()
}

pub fn set(k: u64, v: u64) -> Vec<u8> {
    [w(k), w(v)].concat()
}

pub fn head(c: &mut Client) -> u64 {
    let v = c.call("eth_blockNumber", json!([])).unwrap();
    u64::from_str_radix(v.as_str().unwrap().trim_start_matches("0x"), 16).unwrap()
}

pub fn num(v: &Value) -> u64 {
    u64::from_str_radix(v.as_str().unwrap().trim_start_matches("0x"), 16).unwrap()
}

/// A devnet with the storage contract deployed, then set twice.
pub struct World {
    pub node: Devnet,
    pub c: Client,
    pub store: Address,
    /// Block of the deploy, then of set(1, 0x11), then of set(1, 0x22).
    pub b_deploy: u64,
    pub b_set1: u64,
    pub b_set2: u64,
}

pub fn world() -> World {
    let node = Devnet::start_free_port().unwrap();
    let mut c = Client::new(&node.url()).unwrap();
    let r = send(&mut c, None, &deploy_initcode_for_code(&store_code()), None);
    assert_eq!(r["status"], "0x1");
    let store: Address = r["contractAddress"].as_str().unwrap().parse().unwrap();
    let b_deploy = num(&r["blockNumber"]);
    let r = send(&mut c, Some(store), &set(1, 0x11), None);
    let b_set1 = num(&r["blockNumber"]);
    let r = send(&mut c, Some(store), &set(1, 0x22), None);
    let b_set2 = num(&r["blockNumber"]);
    World {
        node,
        c,
        store,
        b_deploy,
        b_set1,
        b_set2,
    }
}

pub fn storage(c: &mut Client, a: Address, k: u64, block: Value) -> Result<Value, RpcError> {
    c.call(
        "eth_getStorageAt",
        json!([hex(a.as_slice()), word_hex(k), block]),
    )
}

pub fn read_call(c: &mut Client, a: Address, k: u64, block: Value) -> Result<Value, RpcError> {
    c.call(
        "eth_call",
        json!([{"from": hex(DEV_ACCOUNTS[1].as_slice()), "to": hex(a.as_slice()), "input": word_hex(k)}, block]),
    )
}

pub fn access_list(c: &mut Client, to: Address, input: &[u8]) -> Value {
    c.call(
        "eth_createAccessList",
        json!([{"from": hex(DEV_ACCOUNTS[0].as_slice()), "to": hex(to.as_slice()), "input": hex(input)}, "latest"]),
    )
    .unwrap()
}

pub fn trace(c: &mut Client, h: &Value) -> Value {
    c.call(
        "debug_traceTransaction",
        json!([h, {"tracer": "callTracer"}]),
    )
    .unwrap()
}

/// Deploys the EVM proxy (`common::evm_proxy_code`).
pub fn deploy_proxy(c: &mut Client) -> Address {
    let r = send(c, None, &deploy_initcode_for_code(&evm_proxy_code()), None);
    r["contractAddress"]
        .as_str()
        .unwrap()
        .parse::<Address>()
        .unwrap()
}
