//! Every error path gets a clear JSON-RPC error while the node keeps serving;
//! dev methods, state overrides and state dump/load over HTTP.

mod common;
use std::io::{Read, Write};

use alloy::consensus::{SignableTransaction, TxEip1559, TxEnvelope};
use alloy::eips::eip2718::Encodable2718;
use alloy::primitives::{Address as AAddress, TxKind};
use alloy::signers::local::PrivateKeySigner;
use alloy::signers::SignerSync;
use common::*;
use restake_devnet::rpc::{Client, Devnet, NodeConfig};
use restake_devnet::*;
use revm::primitives::{Address, U256};
use serde_json::{json, Value};

fn hex(b: &[u8]) -> String {
    format!(
        "0x{}",
        b.iter().map(|x| format!("{x:02x}")).collect::<String>()
    )
}

fn alive(c: &mut Client) {
    let n = c
        .call("eth_blockNumber", json!([]))
        .expect("node still serving");
    assert!(n.as_str().unwrap().starts_with("0x"));
}

fn signed(key: usize, nonce: u64, to: Option<Address>, input: Vec<u8>, gas: u64) -> Vec<u8> {
    let signer: PrivateKeySigner = DEV_KEYS[key].parse().unwrap();
    let tx = TxEip1559 {
        chain_id: 412_346,
        nonce,
        gas_limit: gas,
        max_fee_per_gas: 1_000_000_000,
        max_priority_fee_per_gas: 1_000,
        to: match to {
            Some(a) => TxKind::Call(AAddress::from(a.0 .0)),
            None => TxKind::Create,
        },
        value: Default::default(),
        access_list: Default::default(),
        input: input.into(),
    };
    let sig = signer.sign_hash_sync(&tx.signature_hash()).unwrap();
    let env: TxEnvelope = tx.into_signed(sig).into();
    env.encoded_2718()
}

fn send_tx(
    c: &mut Client,
    from: Address,
    to: Option<Address>,
    input: &[u8],
    gas: Option<u64>,
) -> Result<Value, RpcError> {
    let mut tx = json!({"from": hex(from.as_slice()), "input": hex(input)});
    if let Some(to) = to {
        tx["to"] = json!(hex(to.as_slice()));
    }
    if let Some(g) = gas {
        tx["gas"] = json!(format!("0x{g:x}"));
    }
    let h = c.call("eth_sendTransaction", json!([tx]))?;
    Ok(c.call("eth_getTransactionReceipt", json!([h])).unwrap())
}

fn deploy_and_activate(c: &mut Client, wasm: &[u8]) -> Address {
    let r = send_tx(c, DEV_ACCOUNTS[0], None, &deploy_initcode(wasm), None).unwrap();
    let addr: Address = r["contractAddress"].as_str().unwrap().parse().unwrap();
    // Pay the data fee (a generous 0.01 ETH; ArbWasm refunds the excess).
    let tx = json!({"from": hex(DEV_ACCOUNTS[0].as_slice()), "to": hex(ARB_WASM.as_slice()),
        "input": hex(&activate_calldata(addr)), "value": "0x2386f26fc10000"});
    let h = c.call("eth_sendTransaction", json!([tx])).unwrap();
    let r = c.call("eth_getTransactionReceipt", json!([h])).unwrap();
    assert_eq!(r["status"], "0x1");
    addr
}

#[test]
fn malformed_requests_and_unknown_methods() {
    let node = Devnet::start_free_port().unwrap();
    let mut c = Client::new(&node.url()).unwrap();
    let v: Value = serde_json::from_slice(&c.raw(b"{not json").unwrap()).unwrap();
    assert_eq!(v["error"]["code"], -32700);
    alive(&mut c);
    let v: Value = serde_json::from_slice(&c.raw(b"[]").unwrap()).unwrap();
    assert_eq!(v["error"]["code"], -32600);
    let v: Value = serde_json::from_slice(&c.raw(br#"{"jsonrpc":"2.0","id":1}"#).unwrap()).unwrap();
    assert_eq!(v["error"]["code"], -32600);
    let e = c.call("eth_noSuchMethod", json!([])).unwrap_err();
    assert_eq!(e.code, -32601);
    let e = c.call("eth_getBalance", json!(["0x1234"])).unwrap_err();
    assert_eq!(e.code, -32602);
    let e = c.call("eth_getBalance", json!([])).unwrap_err();
    assert_eq!(e.code, -32602);
    let e = c.call("eth_call", json!([{"to": "0xzz"}])).unwrap_err();
    assert_eq!(e.code, -32602);
    // A batch answers each entry.
    let v: Value = serde_json::from_slice(&c.raw(br#"[{"jsonrpc":"2.0","id":1,"method":"eth_chainId"},{"jsonrpc":"2.0","id":2,"method":"nope"}]"#).unwrap()).unwrap();
    assert_eq!(v[0]["result"], "0x64aba");
    assert_eq!(v[1]["error"]["code"], -32601);
    // Raw HTTP garbage and an oversized body.
    let mut s = std::net::TcpStream::connect(node.addr()).unwrap();
    s.write_all(b"\x00\x01garbage\r\n\r\n").unwrap();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let mut s = std::net::TcpStream::connect(node.addr()).unwrap();
    s.write_all(
        format!(
            "POST / HTTP/1.1\r\nContent-Length: {}\r\n\r\n",
            1usize << 30
        )
        .as_bytes(),
    )
    .unwrap();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    assert!(String::from_utf8_lossy(&buf).starts_with("HTTP/1.1 413"));
    alive(&mut c);
    // net_version and chain id defaults.
    assert_eq!(c.call("net_version", json!([])).unwrap(), "412346");
    assert_eq!(c.call("eth_chainId", json!([])).unwrap(), "0x64aba");
}

#[test]
fn bad_signatures_and_nonces() {
    let node = Devnet::start_free_port().unwrap();
    let mut c = Client::new(&node.url()).unwrap();
    let good = signed(1, 0, Some(Address::repeat_byte(1)), vec![], 50_000);
    // Corrupt the signature's s value.
    let mut bad = good.clone();
    let n = bad.len();
    bad[n - 5] ^= 0xff;
    let e = c
        .call("eth_sendRawTransaction", json!([hex(&bad)]))
        .unwrap_err();
    assert!(e.code == -32000 || e.code == -32602, "{e:?}");
    let e = c
        .call("eth_sendRawTransaction", json!(["0xdeadbeef"]))
        .unwrap_err();
    assert_eq!(e.code, -32602);
    alive(&mut c);
    // Nonce too high, then the right one, then a replay (nonce too low / already known).
    let high = signed(1, 5, Some(Address::repeat_byte(1)), vec![], 50_000);
    let e = c
        .call("eth_sendRawTransaction", json!([hex(&high)]))
        .unwrap_err();
    assert!(e.message.contains("nonce too high"), "{e:?}");
    let h = c
        .call("eth_sendRawTransaction", json!([hex(&good)]))
        .unwrap();
    let r = c.call("eth_getTransactionReceipt", json!([h])).unwrap();
    assert_eq!(r["status"], "0x1");
    assert_eq!(r["effectiveGasPrice"], "0x5f5e100");
    let e = c
        .call("eth_sendRawTransaction", json!([hex(&good)]))
        .unwrap_err();
    assert!(
        e.message.contains("already known") || e.message.contains("nonce too low"),
        "{e:?}"
    );
    let low = signed(1, 0, Some(Address::repeat_byte(2)), vec![], 50_000);
    let e = c
        .call("eth_sendRawTransaction", json!([hex(&low)]))
        .unwrap_err();
    assert!(e.message.contains("nonce too low"), "{e:?}");
    // Over the 32 M per-transaction cap.
    let big = signed(1, 1, Some(Address::repeat_byte(1)), vec![], 40_000_000);
    let e = c
        .call("eth_sendRawTransaction", json!([hex(&big)]))
        .unwrap_err();
    assert_eq!(e.code, -32000, "{e:?}");
    // Wrong chain id.
    let signer: PrivateKeySigner = DEV_KEYS[1].parse().unwrap();
    let tx = TxEip1559 {
        chain_id: 1,
        nonce: 1,
        gas_limit: 21_000,
        max_fee_per_gas: 1_000_000_000,
        to: TxKind::Call(AAddress::ZERO),
        ..Default::default()
    };
    let sig = signer.sign_hash_sync(&tx.signature_hash()).unwrap();
    let env: TxEnvelope = tx.into_signed(sig).into();
    let e = c
        .call("eth_sendRawTransaction", json!([hex(&env.encoded_2718())]))
        .unwrap_err();
    assert!(e.message.contains("chain id"), "{e:?}");
    // Not unlocked.
    let e = send_tx(
        &mut c,
        Address::repeat_byte(9),
        Some(Address::repeat_byte(1)),
        &[],
        Some(21_000),
    )
    .unwrap_err();
    assert!(e.message.contains("not unlocked"));
    alive(&mut c);
}

#[test]
fn invalid_and_oversized_wasm() {
    let node = Devnet::start_free_port().unwrap();
    let mut c = Client::new(&node.url()).unwrap();
    let activate = |c: &mut Client, wasm: &[u8]| -> RpcError {
        let r = send_tx(
            c,
            DEV_ACCOUNTS[0],
            None,
            &deploy_initcode(wasm),
            Some(10_000_000),
        )
        .unwrap();
        let addr: Address = r["contractAddress"].as_str().unwrap().parse().unwrap();
        c.call("eth_call", json!([{"from": hex(DEV_ACCOUNTS[0].as_slice()), "to": hex(ARB_WASM.as_slice()), "input": hex(&activate_calldata(addr))}])).unwrap_err()
    };
    // As on Nitro, a program activation refuses burns all the gas given, with no
    // revert data (the node reports the halt).
    let refused = |e: &RpcError| e.code == -32000 && e.message.contains("OutOfGas");
    // Not wasm at all.
    let e = activate(&mut c, b"\x00asm\x01\x00\x00\x00garbage");
    assert!(refused(&e), "{e:?}");
    // Unknown imports are not allowed.
    let unknown = wat::parse_str(r#"(module (import "vm_hooks" "steal_eth" (func (param i32))) (memory (export "memory") 1) (func (export "user_entrypoint") (param i32) (result i32) (i32.const 0)))"#).unwrap();
    assert!(refused(&activate(&mut c, &unknown)));
    // Missing entrypoint.
    let noentry = wat::parse_str(r#"(module (memory (export "memory") 1))"#).unwrap();
    assert!(refused(&activate(&mut c, &noentry)));
    // Too many pages.
    let big = wat::parse_str(r#"(module (memory (export "memory") 200) (func (export "user_entrypoint") (param i32) (result i32) (i32.const 0)))"#).unwrap();
    assert!(refused(&activate(&mut c, &big)));
    // Over 128 KiB decompressed (compresses well, so the deploy itself fits): refused
    // while decompressing, before compiling, so it reverts keeping the gas left.
    let mut huge = String::from(r#"(module (memory (export "memory") 1) (data (i32.const 0) ""#);
    huge.push_str(&"\\00".repeat(140 * 1024));
    huge.push_str(
        r#"") (func (export "user_entrypoint") (param i32) (result i32) (i32.const 0)))"#,
    );
    let e = activate(&mut c, &wat::parse_str(&huge).unwrap());
    assert_eq!(e.code, 3);
    assert!(e.message.contains("larger than"), "{e:?}");
    // Deployed code over 24 KiB: the deployment itself fails.
    let mut noise = Vec::new();
    let mut x = 0x12345678u32;
    for _ in 0..40_000 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        noise.push(x as u8);
    }
    let mut wat_src = String::from(r#"(module (memory (export "memory") 1) (data (i32.const 0) ""#);
    for b in &noise {
        wat_src.push_str(&format!("\\{b:02x}"));
    }
    wat_src.push_str(
        r#"") (func (export "user_entrypoint") (param i32) (result i32) (i32.const 0)))"#,
    );
    let r = send_tx(
        &mut c,
        DEV_ACCOUNTS[0],
        None,
        &deploy_initcode(&wat::parse_str(&wat_src).unwrap()),
        Some(30_000_000),
    )
    .unwrap();
    assert_eq!(r["status"], "0x0");
    assert!(r["contractAddress"].is_null());
    alive(&mut c);
}

#[test]
fn reverts_out_of_gas_overrides_and_dev_methods() {
    let node = Devnet::start_free_port().unwrap();
    let mut c = Client::new(&node.url()).unwrap();
    let prog = deploy_and_activate(&mut c, &test_wasm());
    let from = hex(DEV_ACCOUNTS[0].as_slice());
    // Revert with data: code 3 and the data.
    let e = c
        .call(
            "eth_call",
            json!([{"from": from, "to": hex(prog.as_slice()), "input": hex(&op(3, &[b"nope"]))}]),
        )
        .unwrap_err();
    assert_eq!(e.code, 3);
    assert_eq!(e.data.as_ref().map(|d| &d[..]), Some(&b"nope"[..]));
    // Estimating a reverting transaction reports the revert too.
    let e = c
        .call(
            "eth_estimateGas",
            json!([{"from": from, "to": hex(prog.as_slice()), "input": hex(&op(3, &[b"nope"]))}]),
        )
        .unwrap_err();
    assert_eq!(e.code, 3);
    // Out of gas: the transaction is mined with status 0 and all its gas used.
    let r = send_tx(
        &mut c,
        DEV_ACCOUNTS[0],
        Some(prog),
        &op(5, &[]),
        Some(100_000),
    )
    .unwrap();
    assert_eq!(r["status"], "0x0");
    assert_eq!(r["gasUsed"], "0x186a0");
    let e = c.call("eth_call", json!([{"from": from, "to": hex(prog.as_slice()), "input": hex(&op(5, &[])), "gas": "0x30000"}])).unwrap_err();
    assert!(e.message.contains("halted"), "{e:?}");
    let e = c.call("eth_estimateGas", json!([{"from": from, "to": hex(prog.as_slice()), "input": hex(&op(5, &[])), "gas": "0x30000"}])).unwrap_err();
    assert_eq!(e.code, -32000);
    alive(&mut c);
    // Estimates are enough to succeed.
    let est = c.call("eth_estimateGas", json!([{"from": from, "to": hex(prog.as_slice()), "input": hex(&op(0, &[&w(1), &w(2)]))}])).unwrap();
    let est = u64::from_str_radix(est.as_str().unwrap().trim_start_matches("0x"), 16).unwrap();
    let r = send_tx(
        &mut c,
        DEV_ACCOUNTS[0],
        Some(prog),
        &op(0, &[&w(1), &w(2)]),
        Some(est),
    )
    .unwrap();
    assert_eq!(r["status"], "0x1");
    // State overrides: storage and balance seen by eth_call only.
    let slot = hex(&w(1));
    let out = c.call("eth_call", json!([{"to": hex(prog.as_slice()), "input": hex(&op(1, &[&w(1)]))}, "latest", {hex(prog.as_slice()): {"stateDiff": {slot.clone(): hex(&w(99))}}}])).unwrap();
    assert_eq!(out, json!(hex(&w(99))));
    let out = c
        .call(
            "eth_call",
            json!([{"to": hex(prog.as_slice()), "input": hex(&op(1, &[&w(1)]))}]),
        )
        .unwrap();
    assert_eq!(out, json!(hex(&w(2))));
    // Code override: run the test program at an empty address (same code hash: already active).
    let code = c
        .call("eth_getCode", json!([hex(prog.as_slice()), "latest"]))
        .unwrap();
    let other = hex(Address::repeat_byte(0x77).as_slice());
    let out = c.call("eth_call", json!([{"to": other, "input": hex(&op(6, &[]))}, "latest", {other.clone(): {"code": code}}])).unwrap();
    assert_eq!(out, json!("0x00"));
    // Snapshot / revert, set balance, time travel.
    let snap = c.call("evm_snapshot", json!([])).unwrap();
    c.call("anvil_setBalance", json!([other, "0x1234"]))
        .unwrap();
    assert_eq!(
        c.call("eth_getBalance", json!([other, "latest"])).unwrap(),
        "0x1234"
    );
    let bn = c.call("eth_blockNumber", json!([])).unwrap();
    c.call("evm_mine", json!([])).unwrap();
    assert_ne!(c.call("eth_blockNumber", json!([])).unwrap(), bn);
    assert_eq!(c.call("evm_revert", json!([snap])).unwrap(), true);
    assert_eq!(
        c.call("eth_getBalance", json!([other, "latest"])).unwrap(),
        "0x0"
    );
    assert_eq!(c.call("eth_blockNumber", json!([])).unwrap(), bn);
    let t0 = c
        .call("eth_getBlockByNumber", json!(["latest", false]))
        .unwrap()["timestamp"]
        .clone();
    let t0 = u64::from_str_radix(t0.as_str().unwrap().trim_start_matches("0x"), 16).unwrap();
    c.call("evm_increaseTime", json!([3600])).unwrap();
    c.call("evm_mine", json!([])).unwrap();
    let t1 = c
        .call("eth_getBlockByNumber", json!(["latest", false]))
        .unwrap()["timestamp"]
        .clone();
    let t1 = u64::from_str_radix(t1.as_str().unwrap().trim_start_matches("0x"), 16).unwrap();
    assert!(t1 >= t0 + 3600);
    // Logs through eth_getLogs with filters.
    let r = send_tx(
        &mut c,
        DEV_ACCOUNTS[0],
        Some(prog),
        &op(4, &[&w(5), b"x"]),
        Some(200_000),
    )
    .unwrap();
    assert_eq!(r["logs"][0]["topics"][0], json!(hex(&w(5))));
    let logs = c
        .call(
            "eth_getLogs",
            json!([{"fromBlock": "0x0", "address": hex(prog.as_slice()), "topics": [hex(&w(5))]}]),
        )
        .unwrap();
    assert_eq!(logs.as_array().unwrap().len(), 1);
    let logs = c
        .call(
            "eth_getLogs",
            json!([{"fromBlock": "0x0", "topics": [hex(&w(6))]}]),
        )
        .unwrap();
    assert_eq!(logs.as_array().unwrap().len(), 0);
}

#[test]
fn state_survives_restart() {
    let dir = std::env::temp_dir().join(format!("restake-devnet-state-{}", std::process::id()));
    let _ = std::fs::remove_file(&dir);
    let cfg = NodeConfig {
        port: 0,
        state: Some(dir.clone()),
        ..Default::default()
    };
    let prog;
    {
        let node = Devnet::start(cfg.clone()).unwrap();
        let mut c = Client::new(&node.url()).unwrap();
        prog = deploy_and_activate(&mut c, &test_wasm());
        send_tx(
            &mut c,
            DEV_ACCOUNTS[0],
            Some(prog),
            &op(0, &[&w(3), &w(4)]),
            Some(300_000),
        )
        .unwrap();
        node.stop();
    }
    let node = Devnet::start(cfg).unwrap();
    let mut c = Client::new(&node.url()).unwrap();
    assert_eq!(c.call("eth_blockNumber", json!([])).unwrap(), "0x3");
    let out = c
        .call(
            "eth_call",
            json!([{"to": hex(prog.as_slice()), "input": hex(&op(1, &[&w(3)]))}]),
        )
        .unwrap();
    assert_eq!(out, json!(hex(&w(4))));
    // Still activated, nonces kept.
    assert_eq!(
        c.call(
            "eth_getTransactionCount",
            json!([hex(DEV_ACCOUNTS[0].as_slice()), "pending"])
        )
        .unwrap(),
        "0x3"
    );
    node.stop();
    let _ = std::fs::remove_file(&dir);
    let _ = U256::ZERO;
}

#[test]
fn deploy_over_rpc_with_a_key() {
    let node = Devnet::start_free_port().unwrap();
    let url = node.url();
    let a = deploy_stylus_rpc(&url, DEV_KEYS[3], &test_wasm(), None).unwrap();
    // Same code again: activation is skipped (already up to date).
    let b = deploy_stylus_rpc(&url, DEV_KEYS[3], &test_wasm(), None).unwrap();
    assert_ne!(a, b);
    // With a constructor, through the StylusDeployer (a stylus-sdk 0.10 program).
    let counter = deploy_stylus_rpc(
        &url,
        DEV_KEYS[3],
        include_bytes!("fixtures/sdk010_counter.wasm"),
        Some(&w(5)),
    )
    .unwrap();
    let mut c = Client::new(&url).unwrap();
    let number = revm::primitives::keccak256("number()")[..4].to_vec();
    let out = c
        .call(
            "eth_call",
            json!([{"to": hex(counter.as_slice()), "input": hex(&number)}]),
        )
        .unwrap();
    assert_eq!(out, json!(hex(&w(5))));
    let out = c
        .call(
            "eth_call",
            json!([{"to": hex(a.as_slice()), "input": hex(&op(6, &[]))}]),
        )
        .unwrap();
    assert_eq!(out, "0x00");
    let _ = b;
    let r = c.call("eth_getBlockReceipts", json!(["latest"])).unwrap();
    assert_eq!(r.as_array().unwrap().len(), 1);
    let t = c
        .call(
            "eth_getTransactionByBlockNumberAndIndex",
            json!(["latest", "0x0"]),
        )
        .unwrap();
    assert_eq!(
        t["blockNumber"],
        c.call("eth_blockNumber", json!([])).unwrap()
    );
}
