//! Every vm_hooks import links and activates; the account, block, tx and math
//! host functions, delegate calls and create2 return what the EVM would.

mod common;
use common::*;
use restake_devnet::*;
use revm::primitives::{keccak256, Address, U256};

const HOSTIO_WAT: &str = r#"
(module
  (import "vm_hooks" "read_args" (func $read_args (param i32)))
  (import "vm_hooks" "write_result" (func $write_result (param i32 i32)))
  (import "vm_hooks" "exit_early" (func $exit_early (param i32)))
  (import "vm_hooks" "storage_load_bytes32" (func $sload (param i32 i32)))
  (import "vm_hooks" "storage_cache_bytes32" (func $scache (param i32 i32)))
  (import "vm_hooks" "storage_flush_cache" (func $flush (param i32)))
  (import "vm_hooks" "transient_load_bytes32" (func $tload (param i32 i32)))
  (import "vm_hooks" "transient_store_bytes32" (func $tstore (param i32 i32)))
  (import "vm_hooks" "call_contract" (func $call (param i32 i32 i32 i32 i64 i32) (result i32)))
  (import "vm_hooks" "delegate_call_contract" (func $dcall (param i32 i32 i32 i64 i32) (result i32)))
  (import "vm_hooks" "static_call_contract" (func $scall (param i32 i32 i32 i64 i32) (result i32)))
  (import "vm_hooks" "create1" (func $create1 (param i32 i32 i32 i32 i32)))
  (import "vm_hooks" "create2" (func $create2 (param i32 i32 i32 i32 i32 i32)))
  (import "vm_hooks" "read_return_data" (func $rrd (param i32 i32 i32) (result i32)))
  (import "vm_hooks" "return_data_size" (func $rds (result i32)))
  (import "vm_hooks" "emit_log" (func $log (param i32 i32 i32)))
  (import "vm_hooks" "account_balance" (func $balance (param i32 i32)))
  (import "vm_hooks" "account_code" (func $code (param i32 i32 i32 i32) (result i32)))
  (import "vm_hooks" "account_code_size" (func $codesize (param i32) (result i32)))
  (import "vm_hooks" "account_codehash" (func $codehash (param i32 i32)))
  (import "vm_hooks" "evm_gas_left" (func $gas (result i64)))
  (import "vm_hooks" "evm_ink_left" (func $ink (result i64)))
  (import "vm_hooks" "block_basefee" (func $basefee (param i32)))
  (import "vm_hooks" "chainid" (func $chainid (result i64)))
  (import "vm_hooks" "block_coinbase" (func $coinbase (param i32)))
  (import "vm_hooks" "block_gas_limit" (func $gaslimit (result i64)))
  (import "vm_hooks" "block_number" (func $number (result i64)))
  (import "vm_hooks" "block_timestamp" (func $timestamp (result i64)))
  (import "vm_hooks" "contract_address" (func $address (param i32)))
  (import "vm_hooks" "math_div" (func $div (param i32 i32)))
  (import "vm_hooks" "math_mod" (func $mod (param i32 i32)))
  (import "vm_hooks" "math_pow" (func $pow (param i32 i32)))
  (import "vm_hooks" "math_add_mod" (func $addmod (param i32 i32 i32)))
  (import "vm_hooks" "math_mul_mod" (func $mulmod (param i32 i32 i32)))
  (import "vm_hooks" "msg_reentrant" (func $reentrant (result i32)))
  (import "vm_hooks" "msg_sender" (func $sender (param i32)))
  (import "vm_hooks" "msg_value" (func $value (param i32)))
  (import "vm_hooks" "native_keccak256" (func $keccak (param i32 i32 i32)))
  (import "vm_hooks" "tx_gas_price" (func $gasprice (param i32)))
  (import "vm_hooks" "tx_ink_price" (func $inkprice (result i32)))
  (import "vm_hooks" "tx_origin" (func $origin (param i32)))
  (import "vm_hooks" "pay_for_memory_grow" (func $pay (param i32)))
  (import "console" "log_i32" (func $log_i32 (param i32)))
  (memory (export "memory") 2)
  ;; args: op(1) ++ address(20) ++ rest
  (func (export "user_entrypoint") (param $len i32) (result i32)
    (local $op i32) (local $rl i32) (local $st i32)
    (call $read_args (i32.const 0x1000))
    (local.set $op (i32.load8_u (i32.const 0x1000)))
    (if (i32.eq (local.get $op) (i32.const 0)) (then
      (call $balance (i32.const 0x1001) (i32.const 0x2000))
      (i32.store (i32.const 0x2020) (call $codesize (i32.const 0x1001)))
      (call $codehash (i32.const 0x1001) (i32.const 0x2024))
      (i32.store (i32.const 0x2044) (call $code (i32.const 0x1001) (i32.const 0) (i32.const 4) (i32.const 0x2048)))
      (call $basefee (i32.const 0x204c))
      (i64.store (i32.const 0x206c) (call $chainid))
      (call $coinbase (i32.const 0x2074))
      (i64.store (i32.const 0x2088) (call $gaslimit))
      (i64.store (i32.const 0x2090) (call $number))
      (i64.store (i32.const 0x2098) (call $timestamp))
      (call $gasprice (i32.const 0x20a0))
      (i32.store (i32.const 0x20c0) (call $inkprice))
      (call $origin (i32.const 0x20c4))
      (i64.store (i32.const 0x20d8) (call $gas))
      (call $log_i32 (i32.const 7))
      (call $write_result (i32.const 0x2000) (i32.const 0xe0))
      (return (i32.const 0))))
    ;; math on words at 0x1015 (a), 0x1035 (b), 0x1055 (m): returns div, mod, pow, addmod, mulmod
    (if (i32.eq (local.get $op) (i32.const 1)) (then
      (memory.copy (i32.const 0x2000) (i32.const 0x1015) (i32.const 32))
      (call $div (i32.const 0x2000) (i32.const 0x1035))
      (memory.copy (i32.const 0x2020) (i32.const 0x1015) (i32.const 32))
      (call $mod (i32.const 0x2020) (i32.const 0x1035))
      (memory.copy (i32.const 0x2040) (i32.const 0x1015) (i32.const 32))
      (call $pow (i32.const 0x2040) (i32.const 0x1035))
      (memory.copy (i32.const 0x2060) (i32.const 0x1015) (i32.const 32))
      (call $addmod (i32.const 0x2060) (i32.const 0x1035) (i32.const 0x1055))
      (memory.copy (i32.const 0x2080) (i32.const 0x1015) (i32.const 32))
      (call $mulmod (i32.const 0x2080) (i32.const 0x1035) (i32.const 0x1055))
      (call $write_result (i32.const 0x2000) (i32.const 0xa0))
      (return (i32.const 0))))
    ;; delegate call address with calldata 0x1015..; returns status byte ++ return data size
    (if (i32.eq (local.get $op) (i32.const 2)) (then
      (local.set $st (call $dcall (i32.const 0x1001) (i32.const 0x1015) (i32.sub (local.get $len) (i32.const 21)) (i64.const -1) (i32.const 0x300)))
      (i32.store8 (i32.const 0x2000) (local.get $st))
      (i32.store (i32.const 0x2001) (call $rds))
      (call $write_result (i32.const 0x2000) (i32.const 5))
      (return (i32.const 0))))
    ;; create2 with salt at 0x1001 (32 bytes) and initcode 0x1021..
    (if (i32.eq (local.get $op) (i32.const 3)) (then
      (call $create2 (i32.const 0x1021) (i32.sub (local.get $len) (i32.const 33)) (i32.const 0x3000) (i32.const 0x1001) (i32.const 0x2000) (i32.const 0x300))
      (call $write_result (i32.const 0x2000) (i32.const 20))
      (return (i32.const 0))))
    ;; grow memory by one page and pay for it
    (if (i32.eq (local.get $op) (i32.const 4)) (then
      (drop (memory.grow (i32.const 1)))
      (call $pay (i32.const 1))
      (i32.store (i32.const 0x2000) (memory.size))
      (call $write_result (i32.const 0x2000) (i32.const 4))
      (return (i32.const 0))))
    (i32.const 0))
)
"#;

#[test]
fn every_hostio_links_and_behaves() {
    let (mut chain, prog, proxy) = setup();
    let wasm = wat::parse_str(HOSTIO_WAT).unwrap();
    let h = deploy_stylus(&mut chain, &wasm).unwrap();
    // Account, block and tx getters (about the EVM proxy).
    let out = call(&mut chain, h, op(0, &[proxy.as_slice()]));
    assert!(out.success, "{out:?}");
    let o = &out.output;
    assert_eq!(U256::from_be_slice(&o[0..32]), chain.balance(proxy));
    let code = chain.code(proxy);
    assert_eq!(
        u32::from_le_bytes(o[0x20..0x24].try_into().unwrap()) as usize,
        code.len()
    );
    assert_eq!(&o[0x24..0x44], keccak256(&code).as_slice());
    assert_eq!(u32::from_le_bytes(o[0x44..0x48].try_into().unwrap()), 4);
    assert_eq!(&o[0x48..0x4c], &code[..4]);
    assert_eq!(
        U256::from_be_slice(&o[0x4c..0x6c]),
        U256::from(chain.config.base_fee)
    );
    assert_eq!(
        u64::from_le_bytes(o[0x6c..0x74].try_into().unwrap()),
        412_346
    );
    assert_eq!(&o[0x74..0x88], chain::COINBASE.as_slice());
    assert_eq!(
        u64::from_le_bytes(o[0x88..0x90].try_into().unwrap()),
        chain.config.block_gas_limit
    );
    assert_eq!(
        u64::from_le_bytes(o[0x90..0x98].try_into().unwrap()),
        chain.block_number() + 1
    );
    assert!(
        u64::from_le_bytes(o[0x98..0xa0].try_into().unwrap())
            >= chain.block(chain.block_number()).unwrap().timestamp
    );
    assert_eq!(
        u32::from_le_bytes(o[0xc0..0xc4].try_into().unwrap()),
        10_000
    );
    assert_eq!(&o[0xc4..0xd8], DEV_ACCOUNTS[0].as_slice());
    assert!(u64::from_le_bytes(o[0xd8..0xe0].try_into().unwrap()) > 1_000_000);
    // Math.
    let out = call(
        &mut chain,
        h,
        op(1, &[Address::ZERO.as_slice(), &w(100), &w(7), &w(9)]),
    );
    let words: Vec<U256> = out.output.chunks(32).map(U256::from_be_slice).collect();
    assert_eq!(
        words,
        vec![
            U256::from(14),
            U256::from(2),
            U256::from(100u64).pow(U256::from(7)),
            U256::from(107 % 9),
            U256::from(700 % 9)
        ]
    );
    // Delegate call: the test program's store op writes into h's storage.
    let r = send(
        &mut chain,
        h,
        op(2, &[prog.as_slice(), &op(0, &[&w(4), &w(44)])]),
    );
    assert!(r.status);
    assert_eq!(r.output[0], 0);
    assert_eq!(chain.storage(h, U256::from(4)), U256::from(44));
    assert_eq!(chain.storage(prog, U256::from(4)), U256::ZERO);
    // create2 address = keccak(0xff ++ sender ++ salt ++ keccak(initcode)).
    let init = deploy_initcode_for_code(&evm_proxy_code());
    let r = send(&mut chain, h, op(3, &[&w(77), &init]));
    assert!(r.status);
    let created = Address::from_slice(&r.output[..20]);
    assert_eq!(created, h.create2(w(77), keccak256(&init)));
    assert_eq!(&chain.code(created)[..], &evm_proxy_code()[..]);
    // ArbSys subset.
    let sel = |s: &str| keccak256(s.as_bytes())[..4].to_vec();
    let out = chain
        .call(
            &TxRequest {
                to: Some(evm::ARB_SYS),
                input: sel("arbChainID()").into(),
                ..Default::default()
            },
            None,
        )
        .unwrap();
    assert_eq!(U256::from_be_slice(&out.output), U256::from(412_346));
    let out = chain
        .call(
            &TxRequest {
                to: Some(evm::ARB_SYS),
                input: sel("arbBlockNumber()").into(),
                ..Default::default()
            },
            None,
        )
        .unwrap();
    assert_eq!(
        U256::from_be_slice(&out.output),
        U256::from(chain.block_number() + 1)
    );
    // memory.grow + pay_for_memory_grow.
    let out = call(&mut chain, h, op(4, &[]));
    assert!(out.success);
    assert_eq!(u32::from_le_bytes(out.output[..4].try_into().unwrap()), 3);
}
