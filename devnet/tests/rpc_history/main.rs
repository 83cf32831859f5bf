//! RPC a wallet and an indexer can trust: state at past blocks (block tags,
//! EIP-1898 objects, across snapshots and dumps), filters, access lists and
//! the call tracer, over HTTP.

#[path = "../common/mod.rs"]
mod common;
mod fixture;

use common::*;
use fixture::{
    access_list, deploy_proxy, error_bad, head, hex, num, q, read_call, send, set, storage,
    store_code, trace, word_hex, world, World,
};
use restake_devnet::rpc::{Client, Devnet};
use restake_devnet::*;
use revm::primitives::{keccak256, U256};
use serde_json::{json, Value};

#[test]
fn state_at_past_blocks() {
    let World {
        node: _node,
        mut c,
        store,
        b_deploy,
        b_set1,
        b_set2,
    } = world();
    assert_eq!((b_deploy, b_set1, b_set2), (1, 2, 3));
    let sa = hex(store.as_slice());
    let dev0 = hex(DEV_ACCOUNTS[0].as_slice());
    // Code: absent before the deploy, there from its block on.
    assert_eq!(c.call("eth_getCode", json!([sa, q(0)])).unwrap(), "0x");
    assert_eq!(
        c.call("eth_getCode", json!([sa, q(1)])).unwrap(),
        hex(&store_code())
    );
    assert_eq!(
        c.call("eth_getCode", json!([sa, "earliest"])).unwrap(),
        "0x"
    );
    // Storage per block.
    for (b, v) in [(0, 0), (1, 0), (2, 0x11), (3, 0x22)] {
        assert_eq!(
            storage(&mut c, store, 1, q(b)).unwrap(),
            word_hex(v),
            "block {b}"
        );
    }
    assert_eq!(
        storage(&mut c, store, 1, json!("latest")).unwrap(),
        word_hex(0x22)
    );
    for tag in ["pending", "safe", "finalized"] {
        assert_eq!(
            storage(&mut c, store, 1, json!(tag)).unwrap(),
            word_hex(0x22)
        );
    }
    // EIP-1898 objects.
    assert_eq!(
        storage(&mut c, store, 1, json!({"blockNumber": "0x2"})).unwrap(),
        word_hex(0x11)
    );
    let b2 = c
        .call("eth_getBlockByNumber", json!(["0x2", false]))
        .unwrap();
    assert_eq!(
        storage(&mut c, store, 1, json!({"blockHash": b2["hash"]})).unwrap(),
        word_hex(0x11)
    );
    // Nonce and balance of the sender per block: every transaction paid gas.
    for (b, n) in [(0, 0), (1, 1), (2, 2), (3, 3)] {
        assert_eq!(
            c.call("eth_getTransactionCount", json!([dev0, q(b)]))
                .unwrap(),
            q(n)
        );
    }
    let prefund = U256::from(10_000u64) * U256::from(10u64).pow(U256::from(18));
    assert_eq!(
        c.call("eth_getBalance", json!([dev0, "earliest"])).unwrap(),
        json!(format!("0x{prefund:x}"))
    );
    let mut spent = U256::ZERO;
    for b in 1..=3u64 {
        let blk = c
            .call("eth_getBlockByNumber", json!([q(b), false]))
            .unwrap();
        let r = c
            .call("eth_getTransactionReceipt", json!([blk["transactions"][0]]))
            .unwrap();
        spent += U256::from(num(&r["gasUsed"])) * U256::from(num(&r["effectiveGasPrice"]));
        assert_eq!(
            c.call("eth_getBalance", json!([dev0, q(b)])).unwrap(),
            json!(format!("0x{:x}", prefund - spent))
        );
    }
    // eth_call and eth_estimateGas at a past block see the past storage.
    assert_eq!(read_call(&mut c, store, 1, q(2)).unwrap(), word_hex(0x11));
    assert_eq!(
        read_call(&mut c, store, 1, json!("latest")).unwrap(),
        word_hex(0x22)
    );
    assert_eq!(read_call(&mut c, store, 1, q(1)).unwrap(), word_hex(0));
    // At block 0 the contract does not exist: the call returns nothing.
    assert_eq!(read_call(&mut c, store, 1, q(0)).unwrap(), "0x");
    let tx = json!({"from": dev0, "to": sa, "input": hex(&set(5, 7))});
    let est = num(&c.call("eth_estimateGas", json!([tx, "latest"])).unwrap());
    assert!(est > 21_000 + 20_000, "{est}");
    let est0 = num(&c.call("eth_estimateGas", json!([tx, "0x0"])).unwrap());
    assert!(est0 < 21_000 + 2_000, "no code at block 0: {est0}");
    // Unknown blocks are errors, not the latest state.
    let e = storage(&mut c, store, 1, q(4)).unwrap_err();
    assert_eq!(e.code, -32000);
    assert!(e.message.contains("header not found"), "{}", e.message);
    let e = read_call(&mut c, store, 1, q(99)).unwrap_err();
    assert!(e.message.contains("header not found"), "{}", e.message);
    let e = c
        .call(
            "eth_getBalance",
            json!([dev0, {"blockHash": hex(&[7u8; 32])}]),
        )
        .unwrap_err();
    assert_eq!((e.code, e.message.as_str()), (-32001, "block not found"));
    // A dev change after the head: latest (and the head's number) see it,
    // the head once the next block is mined does not.
    let x = hex(&[0x42u8; 20]);
    c.call("anvil_setBalance", json!([x, "0x64"])).unwrap();
    assert_eq!(c.call("eth_getBalance", json!([x, q(3)])).unwrap(), "0x64");
    c.call("evm_mine", json!([])).unwrap();
    assert_eq!(c.call("eth_getBalance", json!([x, q(3)])).unwrap(), "0x0");
    assert_eq!(c.call("eth_getBalance", json!([x, q(4)])).unwrap(), "0x64");
    c.call(
        "anvil_setStorageAt",
        json!([sa, word_hex(1), word_hex(0x99)]),
    )
    .unwrap();
    send(&mut c, Some(store), &set(2, 0x5), None); // block 5
    assert_eq!(storage(&mut c, store, 1, q(4)).unwrap(), word_hex(0x22));
    assert_eq!(storage(&mut c, store, 1, q(5)).unwrap(), word_hex(0x99));
    assert_eq!(storage(&mut c, store, 2, q(4)).unwrap(), word_hex(0));
    assert_eq!(read_call(&mut c, store, 1, q(4)).unwrap(), word_hex(0x22));
    assert_eq!(read_call(&mut c, store, 2, q(5)).unwrap(), word_hex(5));
}

#[test]
fn history_survives_snapshots_and_dumps() {
    let World {
        node, mut c, store, ..
    } = world();
    let snap = c.call("evm_snapshot", json!([])).unwrap();
    send(&mut c, Some(store), &set(1, 0x33), None); // block 4
    assert_eq!(storage(&mut c, store, 1, q(3)).unwrap(), word_hex(0x22));
    assert_eq!(storage(&mut c, store, 1, q(4)).unwrap(), word_hex(0x33));
    assert_eq!(c.call("evm_revert", json!([snap])).unwrap(), true);
    assert_eq!(head(&mut c), 3);
    assert!(storage(&mut c, store, 1, q(4)).is_err());
    send(&mut c, Some(store), &set(1, 0x44), None); // block 4 again
    for (b, v) in [(1, 0), (2, 0x11), (3, 0x22), (4, 0x44)] {
        assert_eq!(
            storage(&mut c, store, 1, q(b)).unwrap(),
            word_hex(v),
            "block {b}"
        );
    }
    // A dump keeps the history.
    let dump = c.call("anvil_dumpState", json!([])).unwrap();
    assert!(dump.get("history").is_some());
    let node2 = Devnet::start_free_port().unwrap();
    let mut c2 = Client::new(&node2.url()).unwrap();
    assert_eq!(
        c2.call("anvil_loadState", json!([dump.clone()])).unwrap(),
        true
    );
    for (b, v) in [(1, 0), (2, 0x11), (3, 0x22), (4, 0x44)] {
        assert_eq!(
            storage(&mut c2, store, 1, q(b)).unwrap(),
            word_hex(v),
            "block {b}"
        );
    }
    assert_eq!(read_call(&mut c2, store, 1, q(2)).unwrap(), word_hex(0x11));
    assert_eq!(
        c2.call("eth_getCode", json!([hex(store.as_slice()), q(0)]))
            .unwrap(),
        "0x"
    );
    // A dump of an older version (no history) loads; past blocks are refused.
    let mut old = dump;
    old.as_object_mut().unwrap().remove("history");
    assert_eq!(c2.call("anvil_loadState", json!([old])).unwrap(), true);
    assert_eq!(
        storage(&mut c2, store, 1, json!("latest")).unwrap(),
        word_hex(0x44)
    );
    assert_eq!(storage(&mut c2, store, 1, q(4)).unwrap(), word_hex(0x44));
    let e = storage(&mut c2, store, 1, q(2)).unwrap_err();
    assert_eq!(e.code, -32000);
    assert_eq!(
        e.message,
        "historical state for block 2 is not available: history starts at block 4 (the state was loaded from a dump without history)"
    );
    let e = read_call(&mut c2, store, 1, json!("earliest")).unwrap_err();
    assert!(e
        .message
        .starts_with("historical state for block 0 is not available"));
    // New blocks after such a load have history again.
    send(&mut c2, Some(store), &set(1, 0x55), None); // block 5
    assert_eq!(storage(&mut c2, store, 1, q(4)).unwrap(), word_hex(0x44));
    assert_eq!(storage(&mut c2, store, 1, q(5)).unwrap(), word_hex(0x55));
    drop(node);
}

#[test]
fn filters_report_only_what_is_new() {
    let World {
        node, mut c, store, ..
    } = world();
    let sa = hex(store.as_slice());
    let t1 = word_hex(1);
    let t2 = word_hex(2);
    let other = hex(&[9u8; 20]);
    // Logs from `store` with topic 1 or 2 (not 3).
    let logs = c
        .call(
            "eth_newFilter",
            json!([{"address": [sa, other], "topics": [[t1, t2]]}]),
        )
        .unwrap();
    let only2 = c
        .call(
            "eth_newFilter",
            json!([{"address": sa, "topics": [t2], "fromBlock": "0x1"}]),
        )
        .unwrap();
    let blocks = c.call("eth_newBlockFilter", json!([])).unwrap();
    let txs = c
        .call("eth_newPendingTransactionFilter", json!([]))
        .unwrap();
    for id in [&logs, &only2, &blocks, &txs] {
        assert!(id.as_str().unwrap().starts_with("0x"), "{id}");
    }
    assert_ne!(logs, blocks);
    // Nothing new yet.
    assert_eq!(
        c.call("eth_getFilterChanges", json!([logs])).unwrap(),
        json!([])
    );
    assert_eq!(
        c.call("eth_getFilterChanges", json!([blocks])).unwrap(),
        json!([])
    );
    let r4 = send(&mut c, Some(store), &set(2, 0x20), None); // block 4
    let r5 = send(&mut c, Some(store), &set(3, 0x30), None); // block 5
    let r6 = send(&mut c, Some(store), &set(1, 0x10), None); // block 6
    let ch = c.call("eth_getFilterChanges", json!([logs])).unwrap();
    let ch = ch.as_array().unwrap();
    assert_eq!(ch.len(), 2);
    assert_eq!(ch[0]["topics"], json!([t2]));
    assert_eq!(ch[0]["data"], word_hex(0x20));
    assert_eq!(ch[0]["blockNumber"], "0x4");
    assert_eq!(ch[0]["transactionHash"], r4["transactionHash"]);
    assert_eq!(ch[1]["topics"], json!([t1]));
    assert_eq!(ch[1]["blockNumber"], "0x6");
    assert_eq!(ch[1]["transactionHash"], r6["transactionHash"]);
    assert_eq!(
        c.call("eth_getFilterChanges", json!([logs])).unwrap(),
        json!([])
    );
    let bl = c.call("eth_getFilterChanges", json!([blocks])).unwrap();
    let hashes: Vec<Value> = (4..=6)
        .map(|n| {
            c.call("eth_getBlockByNumber", json!([q(n), false]))
                .unwrap()["hash"]
                .clone()
        })
        .collect();
    assert_eq!(bl, json!(hashes));
    assert_eq!(
        c.call("eth_getFilterChanges", json!([txs])).unwrap(),
        json!([
            r4["transactionHash"],
            r5["transactionHash"],
            r6["transactionHash"]
        ])
    );
    c.call("evm_mine", json!([])).unwrap(); // block 7, empty
    assert_eq!(
        c.call("eth_getFilterChanges", json!([txs])).unwrap(),
        json!([])
    );
    assert_eq!(
        c.call("eth_getFilterChanges", json!([logs])).unwrap(),
        json!([])
    );
    assert_eq!(
        c.call("eth_getFilterChanges", json!([blocks])).unwrap(),
        json!([c
            .call("eth_getBlockByNumber", json!(["0x7", false]))
            .unwrap()["hash"]])
    );
    // getFilterLogs: everything matching from fromBlock, polls or not.
    let all2 = c.call("eth_getFilterLogs", json!([only2])).unwrap();
    assert_eq!(all2.as_array().unwrap().len(), 1);
    assert_eq!(all2[0]["blockNumber"], "0x4");
    let all = c.call("eth_getFilterLogs", json!([logs])).unwrap();
    // fromBlock defaults to latest: block 7 has no logs.
    assert_eq!(all, json!([]));
    let e = c.call("eth_getFilterLogs", json!([blocks])).unwrap_err();
    assert_eq!((e.code, e.message.as_str()), (-32000, "filter not found"));
    // Uninstall: true once, then false; the id is gone.
    assert_eq!(c.call("eth_uninstallFilter", json!([logs])).unwrap(), true);
    assert_eq!(c.call("eth_uninstallFilter", json!([logs])).unwrap(), false);
    let e = c.call("eth_getFilterChanges", json!([logs])).unwrap_err();
    assert_eq!((e.code, e.message.as_str()), (-32000, "filter not found"));
    let e = c
        .call("eth_getFilterChanges", json!(["0xdeadbeef"]))
        .unwrap_err();
    assert_eq!(e.message, "filter not found");
    // Filters expire without a poll.
    node.with_chain(|ch| ch.filters.timeout = std::time::Duration::from_millis(300));
    let f = c.call("eth_newBlockFilter", json!([])).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(150));
    assert_eq!(
        c.call("eth_getFilterChanges", json!([f])).unwrap(),
        json!([])
    );
    std::thread::sleep(std::time::Duration::from_millis(200));
    // Polled 200 ms ago: still alive.
    assert_eq!(
        c.call("eth_getFilterChanges", json!([f])).unwrap(),
        json!([])
    );
    std::thread::sleep(std::time::Duration::from_millis(500));
    let e = c.call("eth_getFilterChanges", json!([f])).unwrap_err();
    assert_eq!(e.message, "filter not found");
    // Never polled: expired too.
    assert_eq!(
        c.call("eth_uninstallFilter", json!([only2])).unwrap(),
        false
    );
}

#[test]
fn access_lists_name_the_touched_slots() {
    let World {
        node, mut c, store, ..
    } = world();
    let proxy = deploy_proxy(&mut c);
    let prog = node.with_chain(|ch| deploy_stylus(ch, &test_wasm()).unwrap());
    let sa = hex(store.as_slice());
    // Through the proxy: the store's slot 9 (written), not the sender or proxy.
    let input = [store.as_slice(), &set(9, 1)].concat();
    let al = access_list(&mut c, proxy, &input);
    assert_eq!(
        al["accessList"],
        json!([{"address": sa, "storageKeys": [word_hex(9)]}])
    );
    assert!(al.get("error").is_none());
    // Sending the transaction with that list uses exactly the reported gas.
    let tx = json!({
        "from": hex(DEV_ACCOUNTS[0].as_slice()), "to": hex(proxy.as_slice()),
        "input": hex(&input), "gas": "0x100000", "accessList": al["accessList"],
    });
    let h = c.call("eth_sendTransaction", json!([tx])).unwrap();
    let r = c.call("eth_getTransactionReceipt", json!([h])).unwrap();
    assert_eq!(r["status"], "0x1");
    assert_eq!(r["gasUsed"], al["gasUsed"]);
    // Calling the store directly: it is the recipient, so nothing is listed.
    let al = access_list(&mut c, store, &w(1));
    assert_eq!(al["accessList"], json!([]));
    // A Stylus program's storage reads count: proxy -> program op 1 (load key 0x77).
    let input = [prog.as_slice(), &op(1, &[&w(0x77)])].concat();
    let al = access_list(&mut c, proxy, &input);
    assert_eq!(
        al["accessList"],
        json!([{"address": hex(prog.as_slice()), "storageKeys": [word_hex(0x77)]}])
    );
    // And a program calling the store lists the store's slot, not the program.
    let input = op(2, &[store.as_slice(), &w(1)]);
    let al = access_list(&mut c, prog, &input);
    assert_eq!(
        al["accessList"],
        json!([{"address": sa, "storageKeys": [word_hex(1)]}])
    );
    // A reverting call still gets its list, with the error.
    let input = [store.as_slice(), &[1u8][..]].concat();
    let al = access_list(&mut c, proxy, &input);
    assert_eq!(
        al["accessList"],
        json!([{"address": sa, "storageKeys": []}])
    );
    assert_eq!(al["error"], "execution reverted");
}

#[test]
fn call_tracer_trees() {
    let World {
        node, mut c, store, ..
    } = world();
    let proxy = deploy_proxy(&mut c);
    let prog = node.with_chain(|ch| deploy_stylus(ch, &test_wasm()).unwrap());
    let dev0 = hex(DEV_ACCOUNTS[0].as_slice());
    let (pa, sa, ga) = (
        hex(proxy.as_slice()),
        hex(store.as_slice()),
        hex(prog.as_slice()),
    );
    // A nested call that reverts, bubbled up by the proxy.
    let input = [store.as_slice(), &[1u8][..]].concat();
    let r = send(&mut c, Some(proxy), &input, Some(200_000));
    assert_eq!(r["status"], "0x0");
    let t = trace(&mut c, &r["transactionHash"]);
    let bad = hex(&error_bad());
    assert_eq!(t["type"], "CALL");
    assert_eq!(t["from"], dev0);
    assert_eq!(t["to"], pa);
    assert_eq!(t["value"], "0x0");
    assert_eq!(t["gas"], q(200_000));
    assert_eq!(t["gasUsed"], r["gasUsed"]);
    assert_eq!(t["input"], hex(&input));
    assert_eq!(t["output"], bad);
    assert_eq!(t["error"], "execution reverted");
    assert_eq!(t["revertReason"], "bad");
    let calls = t["calls"].as_array().unwrap();
    assert_eq!(calls.len(), 1);
    let inner = &calls[0];
    assert_eq!(inner["type"], "CALL");
    assert_eq!(inner["from"], pa);
    assert_eq!(inner["to"], sa);
    assert_eq!(inner["input"], "0x01");
    assert_eq!(inner["output"], bad);
    assert_eq!(inner["error"], "execution reverted");
    assert_eq!(inner["revertReason"], "bad");
    assert!(inner.get("calls").is_none());
    assert!(num(&inner["gasUsed"]) > 0 && num(&inner["gasUsed"]) < num(&inner["gas"]));
    // A successful nested read traced on the state before it: the value then.
    let input = [store.as_slice(), &w(1)].concat();
    let r = send(&mut c, Some(proxy), &input, None); // reads 0x22
    send(&mut c, Some(store), &set(1, 0x66), None);
    let t = trace(&mut c, &r["transactionHash"]);
    assert!(t.get("error").is_none());
    assert_eq!(t["output"], word_hex(0x22));
    assert_eq!(t["calls"][0]["to"], sa);
    assert_eq!(t["calls"][0]["output"], word_hex(0x22));
    assert!(t["calls"][0].get("error").is_none());
    // A Stylus program's nested call (program -> store, reverting) is a frame too.
    let input = op(2, &[store.as_slice(), &[1u8][..]]);
    let r = send(&mut c, Some(prog), &input, Some(1_000_000));
    assert_eq!(r["status"], "0x0");
    let t = trace(&mut c, &r["transactionHash"]);
    assert_eq!(
        (t["type"].clone(), t["to"].clone()),
        (json!("CALL"), json!(ga))
    );
    assert_eq!(t["output"], bad);
    assert_eq!(t["error"], "execution reverted");
    assert_eq!(t["calls"][0]["type"], "CALL");
    assert_eq!(t["calls"][0]["from"], ga);
    assert_eq!(t["calls"][0]["to"], sa);
    assert_eq!(t["calls"][0]["error"], "execution reverted");
    assert_eq!(t["calls"][0]["revertReason"], "bad");
    // EVM -> Stylus -> EVM, static: proxy -> program op 17 (static call) -> store read.
    let input = [prog.as_slice(), &op(17, &[store.as_slice(), &w(1)])].concat();
    let r = send(&mut c, Some(proxy), &input, None);
    assert_eq!(r["status"], "0x1");
    let t = trace(&mut c, &r["transactionHash"]);
    assert_eq!(t["calls"][0]["type"], "CALL");
    assert_eq!(t["calls"][0]["to"], ga);
    assert_eq!(t["calls"][0]["calls"][0]["type"], "STATICCALL");
    assert_eq!(t["calls"][0]["calls"][0]["from"], ga);
    assert_eq!(t["calls"][0]["calls"][0]["to"], sa);
    assert_eq!(t["calls"][0]["calls"][0]["output"], word_hex(0x66));
    assert!(t["calls"][0]["calls"][0].get("value").is_none());
    // A create: the created address is `to`, the code the output.
    let r = send(&mut c, None, &deploy_initcode_for_code(&store_code()), None);
    let t = trace(&mut c, &r["transactionHash"]);
    assert_eq!(t["type"], "CREATE");
    assert_eq!(t["to"], r["contractAddress"]);
    assert_eq!(t["output"], hex(&store_code()));
    // debug_traceCall at a past block.
    let call = json!({"from": dev0, "to": pa, "input": hex(&[store.as_slice(), &w(1)].concat())});
    let t = c
        .call(
            "debug_traceCall",
            json!([call, q(4), {"tracer": "callTracer"}]),
        )
        .unwrap();
    assert_eq!(t["to"], pa);
    assert_eq!(t["calls"][0]["output"], word_hex(0x22));
    let t = c
        .call(
            "debug_traceCall",
            json!([call, "latest", {"tracer": "callTracer", "tracerConfig": {"onlyTopCall": true}}]),
        )
        .unwrap();
    assert_eq!(t["output"], word_hex(0x66));
    assert!(t.get("calls").is_none());
    // Only the call tracer.
    let e = c
        .call("debug_traceTransaction", json!([r["transactionHash"]]))
        .unwrap_err();
    assert_eq!(e.code, -32602);
    assert!(e.message.starts_with("only callTracer is supported"));
    let e = c
        .call(
            "debug_traceTransaction",
            json!([hex(keccak256(b"none").as_slice()), {"tracer": "callTracer"}]),
        )
        .unwrap_err();
    assert!(e.message.contains("not found"), "{}", e.message);
}

/// A Stylus trap (here `unreachable`, what a Rust panic compiles to) and a
/// clean empty revert look the same to the caller (no revert data, gas
/// kept): the call tracer tells them apart with `stylusTrap`, on the frame
/// that trapped only.
#[test]
fn call_tracer_tells_a_trap_from_a_clean_revert() {
    let World { node, mut c, .. } = world();
    let proxy = deploy_proxy(&mut c);
    let prog = node.with_chain(|ch| deploy_stylus(ch, &test_wasm()).unwrap());
    // Op 16 traps; op 3 reverts with the rest of its calldata (none here).
    let trap = op(16, &[]);
    let clean = op(3, &[]);
    for (input, trapped) in [(&trap, true), (&clean, false)] {
        let r = send(&mut c, Some(prog), input, Some(1_000_000));
        assert_eq!(r["status"], "0x0");
        // Neither burns the gas left.
        assert!(num(&r["gasUsed"]) < 100_000, "{}", r["gasUsed"]);
        let t = trace(&mut c, &r["transactionHash"]);
        assert_eq!(t["error"], "execution reverted");
        assert!(t.get("output").is_none());
        match t.get("stylusTrap") {
            Some(why) if trapped => assert!(why.as_str().unwrap().contains("unreachable"), "{why}"),
            None if !trapped => {}
            other => panic!("stylusTrap {other:?} for op {}", input[0]),
        }
        // Through an EVM proxy, only the program's frame carries it.
        let input = [prog.as_slice(), &input[..]].concat();
        let r = send(&mut c, Some(proxy), &input, Some(1_000_000));
        assert_eq!(r["status"], "0x0");
        let t = trace(&mut c, &r["transactionHash"]);
        assert!(t.get("stylusTrap").is_none());
        assert_eq!(t["calls"][0]["to"], hex(prog.as_slice()));
        assert_eq!(t["calls"][0].get("stylusTrap").is_some(), trapped);
    }
}

/// A delegate call is traced as geth traces it: from the contract that
/// made it, to the code it ran (not from the inherited sender, to the
/// running account).
#[test]
fn call_tracer_names_a_delegate_call_from_the_caller_to_the_code() {
    let World {
        node, mut c, store, ..
    } = world();
    let prog = node.with_chain(|ch| deploy_stylus(ch, &test_wasm()).unwrap());
    // Op 19: the program delegate-calls the store, reading slot 1 (in the
    // program's own storage: zero).
    let input = op(19, &[store.as_slice(), &w(1)]);
    let r = send(&mut c, Some(prog), &input, Some(1_000_000));
    assert_eq!(r["status"], "0x1");
    let t = trace(&mut c, &r["transactionHash"]);
    assert_eq!(t["from"], hex(DEV_ACCOUNTS[0].as_slice()));
    assert_eq!(t["to"], hex(prog.as_slice()));
    let d = &t["calls"][0];
    assert_eq!(d["type"], "DELEGATECALL");
    assert_eq!(d["from"], hex(prog.as_slice()));
    assert_eq!(d["to"], hex(store.as_slice()));
    assert!(d.get("value").is_none());
    assert_eq!(d["output"], word_hex(0));
}
