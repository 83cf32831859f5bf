//! Stylus execution in-process: host functions, nested calls, reverts, storage, gas.

mod common;
use common::*;
use restake_devnet::*;
use revm::primitives::{keccak256, Address, U256};

#[test]
fn storage_roundtrip_and_revert() {
    let (mut chain, prog, _) = setup();
    let r = send(&mut chain, prog, op(0, &[&w(7), &w(42)]));
    assert!(r.status, "store failed: {:?}", r.output);
    assert_eq!(chain.storage(prog, U256::from(7)), U256::from(42));
    let out = call(&mut chain, prog, op(1, &[&w(7)]));
    assert!(out.success);
    assert_eq!(&out.output[..], &w(42));
    // A revert undoes flushed writes and returns its data.
    let r = send(&mut chain, prog, op(15, &[&w(8), &w(9)]));
    assert!(!r.status);
    assert_eq!(chain.storage(prog, U256::from(8)), U256::ZERO);
    let out = call(&mut chain, prog, op(3, &[b"boom"]));
    assert!(!out.success);
    assert_eq!(&out.output[..], b"boom");
    // exit_early(0) still writes back the cache.
    let r = send(&mut chain, prog, op(14, &[&w(5), &w(6)]));
    assert!(r.status);
    assert_eq!(chain.storage(prog, U256::from(5)), U256::from(6));
    // A trap reverts without data.
    let out = call(&mut chain, prog, op(16, &[]));
    assert!(!out.success && out.output.is_empty() && out.halted.is_none());
}

#[test]
fn logs_context_transient_keccak() {
    let (mut chain, prog, _) = setup();
    let r = send(&mut chain, prog, op(4, &[&w(1), b"hello"]));
    assert!(r.status);
    assert_eq!(r.logs.len(), 1);
    assert_eq!(r.logs[0].address, prog);
    assert_eq!(r.logs[0].topics[0].0, w(1));
    assert_eq!(&r.logs[0].data[..], b"hello");
    let out = call(&mut chain, prog, op(10, &[]));
    assert_eq!(&out.output[..20], DEV_ACCOUNTS[0].as_slice());
    assert_eq!(&out.output[52..72], prog.as_slice());
    let out = call(&mut chain, prog, op(8, &[&w(3), &w(99)]));
    assert_eq!(&out.output[..], &w(99));
    let out = call(&mut chain, prog, op(18, &[b"abc"]));
    assert_eq!(&out.output[..], keccak256(b"abc").as_slice());
}

#[test]
fn nested_calls_all_directions() {
    let (mut chain, a, proxy) = setup();
    let b = deploy_stylus(&mut chain, &test_wasm()).unwrap();
    send(&mut chain, b, op(0, &[&w(1), &w(1234)]));
    // wasm -> wasm
    let out = call(&mut chain, a, op(2, &[b.as_slice(), &op(1, &[&w(1)])]));
    assert!(out.success);
    assert_eq!(&out.output[..], &w(1234));
    // EVM -> wasm
    let mut data = b.as_slice().to_vec();
    data.extend_from_slice(&op(1, &[&w(1)]));
    let out = call(&mut chain, proxy, data.into());
    assert!(out.success);
    assert_eq!(&out.output[..], &w(1234));
    // wasm -> EVM -> wasm
    let mut inner = b.as_slice().to_vec();
    inner.extend_from_slice(&op(1, &[&w(1)]));
    let out = call(&mut chain, a, op(2, &[proxy.as_slice(), &inner]));
    assert!(out.success, "{:?}", out);
    assert_eq!(&out.output[..], &w(1234));
    // A nested write through wasm -> EVM -> wasm persists.
    let mut inner = b.as_slice().to_vec();
    inner.extend_from_slice(&op(0, &[&w(2), &w(77)]));
    let r = send(&mut chain, a, op(2, &[proxy.as_slice(), &inner]));
    assert!(r.status);
    assert_eq!(chain.storage(b, U256::from(2)), U256::from(77));
    // Revert data propagates from the inner program.
    let mut inner = b.as_slice().to_vec();
    inner.extend_from_slice(&op(3, &[b"inner"]));
    let out = call(&mut chain, a, op(2, &[proxy.as_slice(), &inner]));
    assert!(!out.success);
    assert_eq!(&out.output[..], b"inner");
    // A static call cannot write.
    let out = call(
        &mut chain,
        a,
        op(17, &[b.as_slice(), &op(0, &[&w(3), &w(3)])]),
    );
    assert!(!out.success);
    let out = call(&mut chain, a, op(17, &[b.as_slice(), &op(1, &[&w(2)])]));
    assert!(out.success);
    assert_eq!(&out.output[..], &w(77));
}

#[test]
fn reentrancy_flag() {
    let (mut chain, a, proxy) = setup();
    let out = call(&mut chain, a, op(6, &[]));
    assert_eq!(&out.output[..], &[0]);
    // a -> proxy -> a: the inner frame is reentrant.
    let mut inner = a.as_slice().to_vec();
    inner.extend_from_slice(&op(6, &[]));
    let out = call(&mut chain, a, op(2, &[proxy.as_slice(), &inner]));
    assert!(out.success);
    assert_eq!(&out.output[..], &[1]);
    // a -> b: not reentrant.
    let b = deploy_stylus(&mut chain, &test_wasm()).unwrap();
    let out = call(&mut chain, a, op(2, &[b.as_slice(), &op(6, &[])]));
    assert_eq!(&out.output[..], &[0]);
    // As Nitro counts context spans: a delegate call runs in a's span and
    // is not reentrancy (a =delegate=> b's code, acting as a) ...
    let out = call(&mut chain, a, op(19, &[b.as_slice(), &op(6, &[])]));
    assert!(out.success, "{out:?}");
    assert_eq!(&out.output[..], &[0]);
    // ... but a call back into a from code a delegated to is:
    // a =delegate=> b (as a) -> proxy -> a.
    let mut back = a.as_slice().to_vec();
    back.extend_from_slice(&op(6, &[]));
    let out = call(
        &mut chain,
        a,
        op(19, &[b.as_slice(), &op(2, &[proxy.as_slice(), &back])]),
    );
    assert!(out.success, "{out:?}");
    assert_eq!(&out.output[..], &[1]);
}

#[test]
fn value_transfer_and_create() {
    let (mut chain, a, proxy) = setup();
    let b = deploy_stylus(&mut chain, &test_wasm()).unwrap();
    // Send 1000 wei to a, which forwards it to b.
    let h = chain
        .send(&TxRequest {
            from: DEV_ACCOUNTS[1],
            to: Some(a),
            value: U256::from(1000),
            input: op(2, &[b.as_slice(), &op(10, &[])]),
            ..Default::default()
        })
        .unwrap();
    let r = chain.tx(h).unwrap().clone();
    assert!(r.status, "{:?}", r.output);
    assert_eq!(chain.balance(b), U256::from(1000));
    assert_eq!(chain.balance(a), U256::ZERO);
    assert_eq!(&r.output[..20], a.as_slice());
    assert_eq!(U256::from_be_slice(&r.output[20..52]), U256::from(1000));
    // create1 from wasm: deploys the EVM proxy.
    let r = send(
        &mut chain,
        a,
        op(9, &[&deploy_initcode_for_code(&evm_proxy_code())]),
    );
    assert!(r.status);
    let created = Address::from_slice(&r.output[..20]);
    assert_eq!(created, a.create(1));
    assert_eq!(&chain.code(created)[..], &evm_proxy_code()[..]);
    // create1 from wasm can deploy a Stylus program, which then needs activation.
    let r = send(&mut chain, a, op(9, &[&deploy_initcode(&test_wasm())]));
    let created = Address::from_slice(&r.output[..20]);
    let _ = proxy;
    let out = call(&mut chain, created, op(6, &[]));
    // Same code hash as an activated program: already active.
    assert!(out.success);
}

#[test]
fn unactivated_program_reverts() {
    let mut chain = Chain::default();
    let mut wasm = test_wasm();
    // A different code hash: append a custom section.
    wasm.extend_from_slice(&[0, 4, 3, b'x', b'y', b'z']);
    let h = chain
        .send(&TxRequest {
            from: DEV_ACCOUNTS[0],
            input: deploy_initcode(&wasm).into(),
            ..Default::default()
        })
        .unwrap();
    let addr = chain.tx(h).unwrap().contract_address.unwrap();
    // As on Nitro: calling a program that is not activated fails and burns all the gas.
    let out = call(&mut chain, addr, op(6, &[]));
    assert!(!out.success);
    assert!(out.output.is_empty());
    assert!(out.halted.is_some(), "{out:?}");
    // Unpaid, activation is refused with ProgramInsufficientValue(0, fee).
    let r = send(&mut chain, ARB_WASM, activate_calldata(addr));
    assert!(!r.status);
    assert_eq!(
        &r.output[..4],
        &keccak256(b"ProgramInsufficientValue(uint256,uint256)")[..4]
    );
    let fee = restake_devnet::activation_fee(&mut chain, DEV_ACCOUNTS[0], addr, None).unwrap();
    assert_eq!(U256::from_be_slice(&r.output[36..68]), fee);
    let r = send_value(&mut chain, ARB_WASM, activate_calldata(addr), fee);
    assert!(r.status);
    assert!(call(&mut chain, addr, op(6, &[])).success);
    // Activating twice reverts with ProgramUpToDate().
    let r = send_value(&mut chain, ARB_WASM, activate_calldata(addr), fee);
    assert!(!r.status);
    assert_eq!(&r.output[..], &keccak256(b"ProgramUpToDate()")[..4]);
}

#[test]
fn out_of_ink_consumes_all_gas() {
    let (mut chain, prog, _) = setup();
    let h = chain
        .send(&TxRequest {
            from: DEV_ACCOUNTS[0],
            to: Some(prog),
            input: op(5, &[]),
            gas: Some(200_000),
            ..Default::default()
        })
        .unwrap();
    let r = chain.tx(h).unwrap();
    assert!(!r.status);
    assert_eq!(r.gas_used, 200_000);
    // An outer call survives the inner out-of-gas (63/64 rule leaves it gas to finish).
    let b = deploy_stylus(&mut chain, &test_wasm()).unwrap();
    let out = chain
        .call(
            &TxRequest {
                from: DEV_ACCOUNTS[0],
                to: Some(prog),
                input: op(2, &[b.as_slice(), &op(5, &[])]),
                gas: Some(400_000),
                ..Default::default()
            },
            None,
        )
        .unwrap();
    assert!(!out.success);
    assert!(out.halted.is_none(), "outer frame should revert, not halt");
    assert!(out.gas_used < 400_000);
}

#[test]
fn stylus_deployer_one_transaction() {
    let mut chain = Chain::default();
    // Constructor = op 0 storing 11 at key 10, with 5 wei.
    let addr = deploy_stylus_with_constructor(
        &mut chain,
        DEV_ACCOUNTS[0],
        &test_wasm(),
        &op(0, &[&w(10), &w(11)]),
        U256::ZERO,
    )
    .unwrap();
    assert_eq!(chain.storage(addr, U256::from(10)), U256::from(11));
    assert!(call(&mut chain, addr, op(6, &[])).success);
    let before = chain.block_number();
    let addr2 = deploy_stylus_with_constructor(
        &mut chain,
        DEV_ACCOUNTS[0],
        &test_wasm(),
        &op(10, &[]),
        U256::from(5),
    )
    .unwrap();
    assert_eq!(chain.block_number(), before + 1);
    assert_eq!(chain.balance(addr2), U256::from(5));
    // A reverting constructor reverts the deployment with its data.
    let err = deploy_stylus_with_constructor(
        &mut chain,
        DEV_ACCOUNTS[0],
        &test_wasm(),
        &op(3, &[b"no"]),
        U256::ZERO,
    )
    .unwrap_err();
    assert_eq!(err.data.as_ref().map(|d| &d[..]), Some(&b"no"[..]));
}

#[test]
fn gas_floor_counts_what_a_transaction_touched() {
    let (mut chain, a, proxy) = setup();
    // A fresh slot written: 21,000 + 22,100.
    let r = send(&mut chain, a, op(0, &[&w(9), &w(1)]));
    assert!(r.status);
    let f = r.floor;
    assert_eq!(
        (f.sstore_new, f.sstore_update, f.sload, f.accounts),
        (1, 0, 0, 0)
    );
    assert_eq!(f.floor, 43_100);
    assert!(r.gas_used >= f.floor, "{} < {}", r.gas_used, f.floor);
    // The same slot changed again: 21,000 + 5,000.
    let r = send(&mut chain, a, op(0, &[&w(9), &w(2)]));
    assert_eq!(
        (r.floor.sstore_new, r.floor.sstore_update, r.floor.floor),
        (0, 1, 26_000)
    );
    // Read through the EVM proxy: one more account and one cold read.
    let mut data = a.as_slice().to_vec();
    data.extend_from_slice(&op(1, &[&w(9)]));
    let r = send(&mut chain, proxy, data.into());
    assert!(r.status);
    assert_eq!(
        (r.floor.sload, r.floor.accounts, r.floor.floor),
        (1, 1, 25_700)
    );
    assert!(r.gas_used >= r.floor.floor);
}
