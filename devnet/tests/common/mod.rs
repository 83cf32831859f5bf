//! Shared test programs.
#![allow(dead_code)]

use restake_devnet::*;
use revm::primitives::{Address, Bytes, U256};

/// A hand-written Stylus program exercising the host functions. The first calldata
/// byte selects the operation; see the comments in the WAT.
pub const TEST_WAT: &str = r#"
(module
  (import "vm_hooks" "read_args" (func $read_args (param i32)))
  (import "vm_hooks" "write_result" (func $write_result (param i32 i32)))
  (import "vm_hooks" "storage_load_bytes32" (func $sload (param i32 i32)))
  (import "vm_hooks" "storage_cache_bytes32" (func $scache (param i32 i32)))
  (import "vm_hooks" "storage_flush_cache" (func $flush (param i32)))
  (import "vm_hooks" "call_contract" (func $call (param i32 i32 i32 i32 i64 i32) (result i32)))
  (import "vm_hooks" "static_call_contract" (func $scall (param i32 i32 i32 i64 i32) (result i32)))
  (import "vm_hooks" "delegate_call_contract" (func $dcall (param i32 i32 i32 i64 i32) (result i32)))
  (import "vm_hooks" "read_return_data" (func $rrd (param i32 i32 i32) (result i32)))
  (import "vm_hooks" "emit_log" (func $log (param i32 i32 i32)))
  (import "vm_hooks" "msg_reentrant" (func $reent (result i32)))
  (import "vm_hooks" "evm_ink_left" (func $ink (result i64)))
  (import "vm_hooks" "transient_store_bytes32" (func $tstore (param i32 i32)))
  (import "vm_hooks" "transient_load_bytes32" (func $tload (param i32 i32)))
  (import "vm_hooks" "create1" (func $create1 (param i32 i32 i32 i32 i32)))
  (import "vm_hooks" "create2" (func $create2 (param i32 i32 i32 i32 i32 i32)))
  (import "vm_hooks" "msg_sender" (func $sender (param i32)))
  (import "vm_hooks" "msg_value" (func $value (param i32)))
  (import "vm_hooks" "contract_address" (func $addr (param i32)))
  (import "vm_hooks" "native_keccak256" (func $keccak (param i32 i32 i32)))
  (import "vm_hooks" "exit_early" (func $exit (param i32)))
  (import "vm_hooks" "pay_for_memory_grow" (func $pay (param i32)))
  (memory (export "memory") 1)
  (func (export "user_entrypoint") (param $len i32) (result i32)
    (local $op i32) (local $st i32) (local $rl i32) (local $i0 i64) (local $i1 i64)
    (call $read_args (i32.const 0x1000))
    (local.set $op (i32.load8_u (i32.const 0x1000)))
    ;; 0: store value(0x1021) at key(0x1001)
    (if (i32.eq (local.get $op) (i32.const 0)) (then
        (call $scache (i32.const 0x1001) (i32.const 0x1021))
        (call $flush (i32.const 0))
        (return (i32.const 0))))
    ;; 1: load key(0x1001)
    (if (i32.eq (local.get $op) (i32.const 1)) (then
        (call $sload (i32.const 0x1001) (i32.const 0x100))
        (call $write_result (i32.const 0x100) (i32.const 32))
        (return (i32.const 0))))
    ;; 2: call target(0x1001..0x1015) with calldata 0x1015.., forwarding msg.value; return/revert its data
    (if (i32.eq (local.get $op) (i32.const 2)) (then
        (call $value (i32.const 0x200))
        (local.set $st (call $call (i32.const 0x1001) (i32.const 0x1015) (i32.sub (local.get $len) (i32.const 21)) (i32.const 0x200) (i64.const -1) (i32.const 0x300)))
        (local.set $rl (i32.load (i32.const 0x300)))
        (drop (call $rrd (i32.const 0x8000) (i32.const 0) (local.get $rl)))
        (call $write_result (i32.const 0x8000) (local.get $rl))
        (return (local.get $st))))
    ;; 19: delegate call target(0x1001..0x1015) with calldata 0x1015..; return/revert its data
    (if (i32.eq (local.get $op) (i32.const 19)) (then
        (local.set $st (call $dcall (i32.const 0x1001) (i32.const 0x1015) (i32.sub (local.get $len) (i32.const 21)) (i64.const -1) (i32.const 0x300)))
        (local.set $rl (i32.load (i32.const 0x300)))
        (drop (call $rrd (i32.const 0x8000) (i32.const 0) (local.get $rl)))
        (call $write_result (i32.const 0x8000) (local.get $rl))
        (return (local.get $st))))
    ;; 3: revert with data 0x1001..
    (if (i32.eq (local.get $op) (i32.const 3)) (then
        (call $write_result (i32.const 0x1001) (i32.sub (local.get $len) (i32.const 1)))
        (return (i32.const 1))))
    ;; 4: log with one topic (0x1001) and data 0x1021..
    (if (i32.eq (local.get $op) (i32.const 4)) (then
        (call $log (i32.const 0x1001) (i32.sub (local.get $len) (i32.const 1)) (i32.const 1))
        (return (i32.const 0))))
    ;; 5: loop forever (runs out of ink)
    (if (i32.eq (local.get $op) (i32.const 5)) (then
        (loop $l (br $l))))
    ;; 6: msg_reentrant as one byte
    (if (i32.eq (local.get $op) (i32.const 6)) (then
        (i32.store8 (i32.const 0x100) (call $reent))
        (call $write_result (i32.const 0x100) (i32.const 1))
        (return (i32.const 0))))
    ;; 7: ink of one storage_load_bytes32 (key 0x1001), measured between two evm_ink_left
    (if (i32.eq (local.get $op) (i32.const 7)) (then
        (local.set $i0 (call $ink))
        (call $sload (i32.const 0x1001) (i32.const 0x100))
        (local.set $i1 (call $ink))
        (i64.store (i32.const 0x100) (i64.sub (local.get $i0) (local.get $i1)))
        (call $sload (i32.const 0x1001) (i32.const 0x200))
        (local.set $i0 (call $ink))
        (call $sload (i32.const 0x1001) (i32.const 0x200))
        (local.set $i1 (call $ink))
        (i64.store (i32.const 0x108) (i64.sub (local.get $i0) (local.get $i1)))
        (call $write_result (i32.const 0x100) (i32.const 16))
        (return (i32.const 0))))
    ;; 8: transient store key/value then load it back
    (if (i32.eq (local.get $op) (i32.const 8)) (then
        (call $tstore (i32.const 0x1001) (i32.const 0x1021))
        (call $tload (i32.const 0x1001) (i32.const 0x100))
        (call $write_result (i32.const 0x100) (i32.const 32))
        (return (i32.const 0))))
    ;; 9: create1 with initcode 0x1001.., endowment 0; return the address (20 bytes) or revert
    (if (i32.eq (local.get $op) (i32.const 9)) (then
        (call $create1 (i32.const 0x1001) (i32.sub (local.get $len) (i32.const 1)) (i32.const 0x200) (i32.const 0x100) (i32.const 0x300))
        (call $write_result (i32.const 0x100) (i32.const 20))
        (return (i32.const 0))))
    ;; 10: sender ++ value ++ address
    (if (i32.eq (local.get $op) (i32.const 10)) (then
        (call $sender (i32.const 0x100))
        (call $value (i32.const 0x114))
        (call $addr (i32.const 0x134))
        (call $write_result (i32.const 0x100) (i32.const 72))
        (return (i32.const 0))))
    ;; 11: ink of caching key(0x1001)=value(0x1021) and flushing it
    (if (i32.eq (local.get $op) (i32.const 11)) (then
        (local.set $i0 (call $ink))
        (call $scache (i32.const 0x1001) (i32.const 0x1021))
        (call $flush (i32.const 0))
        (local.set $i1 (call $ink))
        (i64.store (i32.const 0x100) (i64.sub (local.get $i0) (local.get $i1)))
        (call $write_result (i32.const 0x100) (i32.const 8))
        (return (i32.const 0))))
    ;; 12: ink of a log with one topic (0x1001) and data 0x1021..
    (if (i32.eq (local.get $op) (i32.const 12)) (then
        (local.set $i0 (call $ink))
        (call $log (i32.const 0x1001) (i32.const 64) (i32.const 1))
        (local.set $i1 (call $ink))
        (i64.store (i32.const 0x100) (i64.sub (local.get $i0) (local.get $i1)))
        (call $write_result (i32.const 0x100) (i32.const 8))
        (return (i32.const 0))))
    ;; 13: ink of an empty call to target(0x1001) (value 0 at 0x200)
    (if (i32.eq (local.get $op) (i32.const 13)) (then
        (local.set $i0 (call $ink))
        (drop (call $call (i32.const 0x1001) (i32.const 0x1015) (i32.const 0) (i32.const 0x200) (i64.const -1) (i32.const 0x300)))
        (local.set $i1 (call $ink))
        (i64.store (i32.const 0x100) (i64.sub (local.get $i0) (local.get $i1)))
        (call $write_result (i32.const 0x100) (i32.const 8))
        (return (i32.const 0))))
    ;; 14: store (cache only, no explicit flush) then exit_early(0)
    (if (i32.eq (local.get $op) (i32.const 14)) (then
        (call $scache (i32.const 0x1001) (i32.const 0x1021))
        (call $exit (i32.const 0))))
    ;; 15: store then revert: the write must not persist
    (if (i32.eq (local.get $op) (i32.const 15)) (then
        (call $scache (i32.const 0x1001) (i32.const 0x1021))
        (call $flush (i32.const 0))
        (return (i32.const 1))))
    ;; 16: trap
    (if (i32.eq (local.get $op) (i32.const 16)) (then unreachable))
    ;; 17: static call target(0x1001..0x1015) with calldata 0x1015..
    (if (i32.eq (local.get $op) (i32.const 17)) (then
        (local.set $st (call $scall (i32.const 0x1001) (i32.const 0x1015) (i32.sub (local.get $len) (i32.const 21)) (i64.const -1) (i32.const 0x300)))
        (local.set $rl (i32.load (i32.const 0x300)))
        (drop (call $rrd (i32.const 0x8000) (i32.const 0) (local.get $rl)))
        (call $write_result (i32.const 0x8000) (local.get $rl))
        (return (local.get $st))))
    ;; 18: keccak of 0x1001..
    (if (i32.eq (local.get $op) (i32.const 18)) (then
        (call $keccak (i32.const 0x1001) (i32.sub (local.get $len) (i32.const 1)) (i32.const 0x100))
        (call $write_result (i32.const 0x100) (i32.const 32))
        (return (i32.const 0))))
    (i32.const 0))
)
"#;

/// The test program's wasm.
pub fn test_wasm() -> Vec<u8> {
    wat::parse_str(TEST_WAT).expect("valid WAT")
}

/// EVM proxy: calldata = target (20 bytes) ++ payload; calls target with payload,
/// forwarding all gas and msg.value, and returns or reverts with its return data.
pub fn evm_proxy_code() -> Vec<u8> {
    let mut c = vec![
        0x60, 0x14, 0x36, 0x03, // size = calldatasize - 20
        0x80, 0x60, 0x14, 0x60, 0x00, 0x37, // calldatacopy(0, 20, size)
        0x60, 0x00, 0x60, 0x00, 0x82, 0x60, 0x00, // retSize, retOff, argsSize, argsOff
        0x34, // callvalue
        0x60, 0x00, 0x35, 0x60, 0x60, 0x1c, // target
        0x5a, 0xf1, // gas, call
        0x3d, 0x60, 0x00, 0x60, 0x00, 0x3e, // returndatacopy(0, 0, rds)
    ];
    let ok = c.len() as u8 + 7;
    c.extend_from_slice(&[
        0x60, ok, 0x57, 0x3d, 0x60, 0x00, 0xfd, 0x5b, 0x3d, 0x60, 0x00, 0xf3,
    ]);
    c
}

/// A chain with the test program deployed and activated, plus an EVM proxy.
pub fn setup() -> (Chain, Address, Address) {
    let mut chain = Chain::default();
    let prog = deploy_stylus(&mut chain, &test_wasm()).expect("deploy test program");
    let h = chain
        .send(&TxRequest {
            from: DEV_ACCOUNTS[0],
            input: deploy_initcode_for_code(&evm_proxy_code()).into(),
            ..Default::default()
        })
        .unwrap();
    let proxy = chain.tx(h).unwrap().contract_address.unwrap();
    (chain, prog, proxy)
}

/// Calldata helpers.
pub fn op(op: u8, rest: &[&[u8]]) -> Bytes {
    let mut v = vec![op];
    for r in rest {
        v.extend_from_slice(r);
    }
    v.into()
}

/// A 32-byte word.
pub fn w(x: u64) -> [u8; 32] {
    U256::from(x).to_be_bytes::<32>()
}

/// Read-only call from the first dev account.
pub fn call(chain: &mut Chain, to: Address, input: Bytes) -> restake_devnet::chain::CallOutcome {
    chain
        .call(
            &TxRequest {
                from: DEV_ACCOUNTS[0],
                to: Some(to),
                input,
                ..Default::default()
            },
            None,
        )
        .unwrap()
}

/// Mined transaction from the first dev account; returns the record.
pub fn send(chain: &mut Chain, to: Address, input: Bytes) -> restake_devnet::chain::TxRec {
    send_value(chain, to, input, U256::ZERO)
}

/// [`send`] with `value` wei.
pub fn send_value(
    chain: &mut Chain,
    to: Address,
    input: Bytes,
    value: U256,
) -> restake_devnet::chain::TxRec {
    let h = chain
        .send(&TxRequest {
            from: DEV_ACCOUNTS[0],
            to: Some(to),
            input,
            value,
            ..Default::default()
        })
        .unwrap();
    chain.tx(h).unwrap().clone()
}
