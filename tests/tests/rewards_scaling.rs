//! No rewards cost grows with the number of stakers (issue #14): one
//! staker's repeat deposit and claim, measured with 1 and with N stakers
//! delegated to its operator (N = `RESTAKE_REWARDS_STAKERS`, 1,000 by
//! default), while a reward streams. Gas is deterministic, so the figures
//! are printed and their ratio checked; nothing is timed.

use alloy::network::TransactionBuilder;
use alloy::primitives::{Bytes, B256, U256};
use alloy::providers::{Provider, ProviderBuilder};
use alloy::rpc::types::TransactionRequest;
use alloy::signers::local::PrivateKeySigner;
use restake_e2e::bindings::{IOperatorRegistry, IRewards, IVault};
use restake_e2e::{e18, env_or, send, staked_operator_in_set, Harness, SetParams, ETH, WAD};

#[tokio::test(flavor = "current_thread")]
async fn a_deposit_and_a_claim_cost_the_same_with_1_and_1000_stakers() {
    let n: usize = env_or("RESTAKE_REWARDS_STAKERS", 1_000usize);
    let h = Harness::start(Default::default()).await;
    let s = h.suite;
    let (staker_p, staker) = h.actor(1);
    let (_, op) = h.actor(2);
    let (avs_p, avs) = h.actor(3);
    let params = SetParams {
        cap_wad: WAD,
        cap_period: 86_400,
        ..Default::default()
    };
    staked_operator_in_set(&h, 1, 2, 3, e18(8), WAD, params).await;
    let rewards = IRewards::new(s.rewards, &staker_p);
    send!(rewards.sync(op, avs, 1));
    let now = h
        .owner
        .get_block_by_number(alloy::eips::BlockNumberOrTag::Latest)
        .await
        .unwrap()
        .unwrap()
        .header
        .timestamp;
    let amount = e18(90);
    send!(IRewards::new(s.rewards, &avs_p)
        .submit(
            1,
            ETH,
            amount,
            now + 10,
            90 * 86_400,
            vec![s.eth_vault],
            vec![U256::from(WAD)]
        )
        .value(amount));

    let vault = IVault::new(s.eth_vault, &staker_p);
    let measure = |label: &'static str| {
        let (vault, rewards, h) = (&vault, &rewards, &h);
        async move {
            h.advance(3_600).await;
            let d = send!(vault.deposit(e18(1), staker).value(e18(1))).gas_used;
            h.advance(3_600).await;
            let c = send!(rewards.claim(staker, vec![ETH], staker)).gas_used;
            println!("rewards scaling, {label}: repeat deposit {d} gas, claim {c} gas");
            (d, c)
        }
    };
    // The first deposit and claim while a reward streams write slots for
    // the first time (the staker's debt, the operator's accumulator): a
    // warm-up, so both measurements below are of the same shape.
    measure("warm-up").await;
    let one = measure("1 staker").await;

    // N - 1 more stakers, each delegated and with a deposit of its own.
    let vault_owner = IVault::new(s.eth_vault, &h.owner);
    for i in 1..n {
        let key = alloy::primitives::keccak256(format!("rewards scaling staker {i}"));
        let signer = PrivateKeySigner::from_bytes(&key).unwrap();
        let who = signer.address();
        let fund = TransactionRequest::default()
            .with_to(who)
            .with_value(e18(1) / U256::from(100));
        h.owner
            .send_transaction(fund)
            .await
            .unwrap()
            .get_receipt()
            .await
            .unwrap();
        let p = ProviderBuilder::new()
            .wallet(alloy::network::EthereumWallet::from(signer))
            .connect_http(h.url.parse().unwrap());
        send!(IOperatorRegistry::new(s.registry, &p).delegateTo(
            op,
            Bytes::new(),
            U256::ZERO,
            B256::ZERO
        ));
        send!(vault_owner
            .deposit(e18(1) / U256::from(10), who)
            .value(e18(1) / U256::from(10)));
    }
    let many = measure("N stakers").await;
    let ratio = |a: u64, b: u64| b as f64 / a as f64;
    println!(
        "rewards scaling, 1 -> {n} stakers: deposit x{:.4}, claim x{:.4}",
        ratio(one.0, many.0),
        ratio(one.1, many.1)
    );
    // The same storage is touched either way (a registry checkpoint written
    // in a fresh second may differ by one slot: the 5% margin).
    assert!(ratio(one.0, many.0) <= 1.05, "deposit {one:?} -> {many:?}");
    assert!(ratio(one.1, many.1) <= 1.05, "claim {one:?} -> {many:?}");
}
