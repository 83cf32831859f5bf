//! H-1 on the devnet, with the real wasm: an operator force-undelegates the
//! Lrt's sub-account (EIP-1167 clone) → the Lrt's value does not move in
//! that block → after the registry's delay a stranger completes the queued
//! withdrawal into the Lrt → the manager re-delegates the sub-account.

use alloy::primitives::{Address, Bytes, B256, U256};
use alloy::providers::Provider;
use restake_e2e::bindings::{ILrt, IOperatorRegistry};
use restake_e2e::{e18, send, Harness, ETH};

#[tokio::test(flavor = "current_thread")]
async fn operator_force_undelegation_keeps_the_value_and_completes_into_the_lrt() {
    let h = Harness::start(Default::default()).await;
    let (w_p, _) = h.actor(1);
    let (op_p, op) = h.actor(3);
    let (stranger_p, _) = h.actor(6);
    let s = h.suite;
    let manager = ILrt::new(s.lrt, &h.owner);

    // 10 ETH minted; 8 restaked through `op` (concentration cap 100% here).
    send!(ILrt::new(s.lrt, &w_p).deposit(U256::ZERO).value(e18(10)));
    send!(manager.setParameters(
        U256::from(10_000),
        U256::ZERO,
        U256::from(10),
        e18(1000),
        86_400
    ));
    send!(
        IOperatorRegistry::new(s.registry, &op_p).registerAsOperator(
            Address::ZERO,
            0,
            "ipfs://op".into()
        )
    );
    send!(manager.addOperator(op, Bytes::new(), U256::ZERO, B256::ZERO));
    let acc = manager.operatorAt(U256::ZERO).call().await.unwrap().account;
    send!(manager.restake(op, ETH, e18(8)));
    assert_eq!(manager.books().call().await.unwrap().value, e18(10));

    // The attack: the operator undelegates the sub-account, queueing its 8 ETH.
    let registry_op = IOperatorRegistry::new(s.registry, &op_p);
    let id = registry_op.undelegate(acc).call().await.unwrap();
    let r = send!(registry_op.undelegate(acc));
    println!("registry undelegate (by the operator) gas: {}", r.gas_used);
    assert_eq!(
        IOperatorRegistry::new(s.registry, &h.owner)
            .delegatedTo(acc)
            .call()
            .await
            .unwrap(),
        Address::ZERO
    );
    // Same block, same value: 10 ETH (was 2 before the fix).
    assert_eq!(manager.books().call().await.unwrap().value, e18(10));
    assert_eq!(
        manager.operatorValue(U256::ZERO).call().await.unwrap(),
        e18(8)
    );

    // After the 14-day delay a stranger completes it into the Lrt.
    h.advance(14 * 24 * 3600 + 10).await;
    let r = send!(ILrt::new(s.lrt, &stranger_p).completeUnstake(op, id));
    println!(
        "Lrt completeUnstake (forced withdrawal) gas: {}",
        r.gas_used
    );
    assert_eq!(h.owner.get_balance(acc).await.unwrap(), e18(8));
    assert_eq!(manager.books().call().await.unwrap().value, e18(10));

    // The manager re-delegates the sub-account and restakes the 2 idle ETH.
    send!(manager.redelegateOperator(op, Bytes::new(), U256::ZERO, B256::ZERO));
    assert_eq!(
        IOperatorRegistry::new(s.registry, &h.owner)
            .delegatedTo(acc)
            .call()
            .await
            .unwrap(),
        op
    );
    send!(manager.restake(op, ETH, e18(2)));
    assert_eq!(manager.books().call().await.unwrap().value, e18(10));
}
