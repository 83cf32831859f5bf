//! A program emitted by stylus-sdk 0.10 (fixture) runs: constructor through the
//! StylusDeployer, storage, events, and a wasm→wasm static call.

use restake_devnet::*;
use revm::primitives::{keccak256, Address, U256};

fn sel(s: &str) -> Vec<u8> {
    keccak256(s.as_bytes())[..4].to_vec()
}

fn call(chain: &mut Chain, to: Address, data: Vec<u8>) -> Vec<u8> {
    let out = chain
        .call(
            &TxRequest {
                from: DEV_ACCOUNTS[0],
                to: Some(to),
                input: data.into(),
                ..Default::default()
            },
            None,
        )
        .unwrap();
    assert!(out.success, "{out:?}");
    out.output.to_vec()
}

#[test]
fn sdk_0_10_counter() {
    let wasm = include_bytes!("fixtures/sdk010_counter.wasm");
    let mut chain = Chain::default();
    let a = deploy_stylus_with_constructor(
        &mut chain,
        DEV_ACCOUNTS[0],
        wasm,
        &constructor_calldata(&U256::from(5).to_be_bytes::<32>()),
        U256::ZERO,
    )
    .unwrap();
    let b = deploy_stylus_with_constructor(
        &mut chain,
        DEV_ACCOUNTS[0],
        wasm,
        &constructor_calldata(&U256::from(37).to_be_bytes::<32>()),
        U256::ZERO,
    )
    .unwrap();
    assert_eq!(
        U256::from_be_slice(&call(&mut chain, a, sel("number()"))),
        U256::from(5)
    );
    // The constructor ran as a call from the StylusDeployer, as on Arbitrum.
    assert_eq!(
        &call(&mut chain, a, sel("owner()"))[12..],
        STYLUS_DEPLOYER.as_slice()
    );
    let h = chain
        .send(&TxRequest {
            from: DEV_ACCOUNTS[1],
            to: Some(a),
            input: sel("increment()").into(),
            ..Default::default()
        })
        .unwrap();
    let r = chain.tx(h).unwrap().clone();
    assert!(r.status);
    assert_eq!(r.logs.len(), 1);
    assert_eq!(
        r.logs[0].topics[0],
        keccak256("Incremented(address,uint256)")
    );
    assert_eq!(&r.logs[0].topics[1][12..], DEV_ACCOUNTS[1].as_slice());
    let mut d = sel("addFrom(address)");
    d.extend_from_slice(b.into_word().as_slice());
    let h = chain
        .send(&TxRequest {
            from: DEV_ACCOUNTS[0],
            to: Some(a),
            input: d.into(),
            ..Default::default()
        })
        .unwrap();
    let r = chain.tx(h).unwrap().clone();
    assert!(r.status, "{}", r.output);
    assert_eq!(U256::from_be_slice(&r.output), U256::from(6 + 37));
    // The constructor cannot run twice.
    let h = chain
        .send(&TxRequest {
            from: DEV_ACCOUNTS[0],
            to: Some(a),
            input: constructor_calldata(&U256::from(1).to_be_bytes::<32>()),
            ..Default::default()
        })
        .unwrap();
    assert!(!chain.tx(h).unwrap().status);
}
