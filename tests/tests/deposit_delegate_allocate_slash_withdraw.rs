//! deposit → delegate → allocate → slash → queue → complete, on the devnet
//! with the real release wasm, through the exported ABI.

use alloy::primitives::{Address, Bytes, B256, U256};
use alloy::providers::Provider;
use restake_e2e::bindings::{IOperatorRegistry, ISlashingManager, IVault};
use restake_e2e::{e18, gas_cost, padded_gas, revert_as, send, Harness, BURN, WAD};

#[tokio::test(flavor = "current_thread")]
async fn staker_is_slashed_through_its_operator_and_withdraws_the_rest() {
    let h = Harness::start(Default::default()).await;
    let (staker_p, staker) = h.actor(1);
    let (op_p, op) = h.actor(2);
    let (avs_p, avs) = h.actor(3);
    let vault_addr = h.suite.eth_vault;

    // The staker deposits 10 ETH into the ETH vault.
    let vault = IVault::new(vault_addr, &staker_p);
    let r = send!(vault.deposit(e18(10), staker).value(e18(10)));
    assert_eq!(vault.depositShares(staker).call().await.unwrap(), e18(10));
    // The devnet reports the gas floor of what the deposit touched: the
    // vault's new slots (supply, balance, …) and the registry's hook.
    let f: serde_json::Value = h
        .owner
        .raw_request("restake_gasFloor".into(), (r.transaction_hash,))
        .await
        .unwrap();
    let n = |k: &str| f[k].as_u64().unwrap();
    assert_eq!(
        n("floor"),
        21_000
            + 22_100 * n("sstoreNew")
            + 5_000 * n("sstoreUpdate")
            + 2_100 * n("sload")
            + 2_600 * n("accounts")
    );
    assert!(n("sstoreNew") >= 2 && n("accounts") >= 1, "{f}");
    assert!(
        n("floor") <= r.gas_used,
        "floor {} above gas {}",
        n("floor"),
        r.gas_used
    );
    println!("ETH deposit gas {} floor {}", r.gas_used, n("floor"));

    // An operator registers; the staker delegates to it; its stake follows.
    let reg_op = IOperatorRegistry::new(h.suite.registry, &op_p);
    send!(reg_op.registerAsOperator(Address::ZERO, 0, "ipfs://operator".into()));
    let reg = IOperatorRegistry::new(h.suite.registry, &staker_p);
    send!(reg.delegateTo(op, Bytes::new(), U256::ZERO, B256::ZERO));
    assert_eq!(reg.delegatedTo(staker).call().await.unwrap(), op);
    assert_eq!(
        reg.operatorStake(op, vault_addr).call().await.unwrap(),
        e18(10)
    );

    // The AVS registers and creates set 1 over the ETH vault, slashing
    // instantly by its own hand, burning what it slashes.
    let mgr_avs = ISlashingManager::new(h.suite.manager, &avs_p);
    send!(mgr_avs.registerAvs("ipfs://avs".into(), Address::ZERO));
    send!(mgr_avs.createOperatorSet(
        1,
        vec![vault_addr],
        avs,
        Address::ZERO,
        Address::ZERO,
        0,
        WAD,
        86_400,
        0,
        Address::ZERO
    ));
    // The operator joins and allocates half its ETH stake to the set.
    let mgr_op = ISlashingManager::new(h.suite.manager, &op_p);
    send!(mgr_op.joinOperatorSet(avs, 1));
    send!(mgr_op.modifyAllocation(avs, 1, vault_addr, WAD / 2));
    // It becomes slashable after the allocation delay: the operator asked
    // for 0, the registry's minimum (17.5 days, longer than the 14-day
    // withdrawal delay, security issue 11 L-2) applies.
    let allocation_delay = reg.allocationDelay(op).call().await.unwrap();
    assert_eq!(allocation_delay, 1_512_000);
    assert_eq!(reg.minAllocationDelay().call().await.unwrap(), 1_512_000);
    assert_eq!(
        mgr_op
            .allocation(op, avs, 1, vault_addr)
            .call()
            .await
            .unwrap()
            .allocated,
        0
    );
    h.advance(allocation_delay as u64 + 1).await;
    let alloc = mgr_op
        .allocation(op, avs, 1, vault_addr)
        .call()
        .await
        .unwrap();
    assert_eq!(alloc.allocated, WAD / 2);
    assert_eq!(
        mgr_op
            .slashableStake(op, avs, 1, vault_addr, 0)
            .call()
            .await
            .unwrap(),
        e18(5)
    );

    // The AVS slashes 20% of the allocation: 10% of the operator's stake.
    let receipt = send!(mgr_avs.slash(
        op,
        avs,
        1,
        vec![vault_addr],
        WAD / 5,
        "double-signed block 42".into()
    ));
    println!("slash gas: {}", receipt.gas_used);
    assert_eq!(
        reg.maxMagnitude(op, vault_addr).call().await.unwrap(),
        WAD - WAD / 10
    );
    assert_eq!(
        reg.operatorStake(op, vault_addr).call().await.unwrap(),
        e18(9)
    );
    assert_eq!(
        reg.withdrawableShares(staker, vault_addr)
            .call()
            .await
            .unwrap(),
        e18(9)
    );
    // The slash called no vault: the share waits, unowned, in its supply
    // until anyone releases it to the burn (#15).
    assert_eq!(
        mgr_avs
            .slashedShares(vault_addr, Address::ZERO)
            .call()
            .await
            .unwrap(),
        e18(1)
    );
    assert_eq!(vault.totalShares().call().await.unwrap(), e18(10));
    assert_eq!(h.owner.get_balance(BURN).await.unwrap(), U256::ZERO);
    let receipt = send!(mgr_op.releaseSlashed(vault_addr, Address::ZERO));
    println!("release gas: {}", receipt.gas_used);
    assert_eq!(
        mgr_avs
            .slashedShares(vault_addr, Address::ZERO)
            .call()
            .await
            .unwrap(),
        U256::ZERO
    );
    assert_eq!(h.owner.get_balance(BURN).await.unwrap(), e18(1));
    assert_eq!(vault.totalShares().call().await.unwrap(), e18(9));
    assert_eq!(vault.totalAssets().call().await.unwrap(), e18(9));

    // The staker queues everything; it is pending, not claimable, and
    // completing early fails with the registry's typed error.
    //
    // Estimated in the slash's own second, the queue only updates the
    // slash's checkpoint; landing a few seconds later it opens a new one and
    // costs more. The padded limit a wallet sends covers it (this is the
    // failure a slow machine once hit with the exact estimate).
    let slash_ts = h
        .owner
        .get_block_by_number(receipt.block_number.unwrap().into())
        .await
        .unwrap()
        .unwrap()
        .header
        .timestamp;
    let queue = reg.queueWithdrawal(vec![vault_addr], vec![e18(10)]);
    h.set_next_timestamp(slash_ts).await;
    let same_second = queue.estimate_gas().await.unwrap();
    h.set_next_timestamp(slash_ts + 5).await;
    let later = queue.estimate_gas().await.unwrap();
    println!("slash at {slash_ts}: queue estimate {same_second} in that second, {later} five seconds later");
    // (Strictly less: the slash block's recorded timestamp is the one the
    // slash ran with; the devnet once recorded a second later when the
    // wall clock ticked over during execution.)
    assert!(same_second < later, "estimates {same_second} vs {later}");
    assert!(padded_gas(same_second) >= later);
    let receipt = queue
        .gas(padded_gas(same_second))
        .send()
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert!(receipt.status());
    println!("queueWithdrawal gas: {}", receipt.gas_used);
    let id = reg.withdrawalCount().call().await.unwrap();
    assert_eq!(
        reg.pendingRedeemRequest(id, vault_addr)
            .call()
            .await
            .unwrap(),
        e18(9)
    );
    assert_eq!(
        reg.claimableRedeemRequest(id, vault_addr)
            .call()
            .await
            .unwrap(),
        U256::ZERO
    );
    assert_eq!(
        reg.operatorStake(op, vault_addr).call().await.unwrap(),
        U256::ZERO
    );
    let Err(err) = reg.completeWithdrawal(id, true).call().await else {
        panic!("completed before the delay")
    };
    let claimable_at = match revert_as::<IOperatorRegistry::IOperatorRegistryErrors>(err) {
        IOperatorRegistry::IOperatorRegistryErrors::RegistryWithdrawalDelayPending(e) => {
            assert_eq!(e.id, id);
            assert!(e.timestamp < e.claimableAt);
            e.claimableAt
        }
        other => panic!("unexpected {other:?}"),
    };
    let queued_at = reg.withdrawal(id).call().await.unwrap().claimableAt;
    assert_eq!(claimable_at, queued_at);

    // After the 14-day delay the 9 ETH are claimable and paid out (the
    // queue landed up to 5 s ahead of the wall clock).
    h.advance(14 * 24 * 3600 + 10).await;
    assert_eq!(
        reg.claimableRedeemRequest(id, vault_addr)
            .call()
            .await
            .unwrap(),
        e18(9)
    );
    let before = h.owner.get_balance(staker).await.unwrap();
    let receipt = send!(reg.completeWithdrawal(id, true));
    println!("completeWithdrawal gas: {}", receipt.gas_used);
    let after = h.owner.get_balance(staker).await.unwrap();
    assert_eq!(after + gas_cost(&receipt) - before, e18(9));
    assert_eq!(vault.totalShares().call().await.unwrap(), U256::ZERO);
    assert_eq!(vault.totalAssets().call().await.unwrap(), U256::ZERO);
    assert_eq!(
        vault.depositShares(staker).call().await.unwrap(),
        U256::ZERO
    );
}
