//! Rewards on the devnet, with the real wasm (issue #14): an AVS streams
//! ETH to its set; two operators (10% and 5%) and their stakers, one of
//! them the Lrt's sub-account, claim exactly what the window entitles them
//! to; claiming twice pays once; the Lrt's claim drips into its books over
//! seven days. The same set is also paid in the mock LST, an ERC-20 nobody
//! listed, over a window 1,000 s later: the same figures, in that token.
//!
//! Weights: op1 holds staker A's 8 ETH, op2 staker B's 8 ETH and the Lrt's
//! 4 ETH, every allocation 100% and the vault's multiplier 1: W = 20. The
//! window is one day at 1e12 wei per second (0.0864 ETH), so once it has
//! ended every figure is final, whenever each claim lands:
//! * op1 earns 8/20 = 0.03456 ETH: 10% (0.003456) to it, 0.031104 to A;
//! * op2 earns 12/20 = 0.05184 ETH: 5% (0.002592) to it, 0.049248 to its
//!   12 ETH of stake: B 0.032832, the Lrt's sub-account 0.016416.

use alloy::primitives::{Address, Bytes, B256, U256};
use alloy::providers::Provider;
use restake_e2e::bindings::{
    ILrt, IMockLst, IOperatorRegistry, IRewards, ISlashingManager, IVault,
};
use restake_e2e::{e18, send, staked_operator_in_set, Harness, SetParams, ETH, WAD};

/// `n` · 1e12 wei.
fn tera(n: u64) -> U256 {
    U256::from(n) * U256::from(1_000_000_000_000u64)
}

#[tokio::test(flavor = "current_thread")]
async fn an_avs_pays_two_operators_their_stakers_and_the_lrt() {
    let h = Harness::start(Default::default()).await;
    let s = h.suite;
    let (a_p, staker_a) = h.actor(1);
    let (op1_p, op1) = h.actor(2);
    let (avs_p, avs) = h.actor(3);
    let (op2_p, op2) = h.actor(4);
    let (b_p, staker_b) = h.actor(5);
    let (_, recipient) = h.actor(6);
    let (holder_p, _) = h.actor(7);
    let params = SetParams {
        cap_wad: WAD,
        cap_period: 86_400,
        ..Default::default()
    };
    staked_operator_in_set(&h, 1, 2, 3, e18(8), WAD, params).await;

    // op2: staker B's 8 ETH and the Lrt's 4 ETH, 5% commission.
    send!(
        IOperatorRegistry::new(s.registry, &op2_p).registerAsOperator(
            Address::ZERO,
            0,
            "ipfs://op2".into()
        )
    );
    send!(IOperatorRegistry::new(s.registry, &b_p).delegateTo(
        op2,
        Bytes::new(),
        U256::ZERO,
        B256::ZERO
    ));
    send!(IVault::new(s.eth_vault, &b_p)
        .deposit(e18(8), staker_b)
        .value(e18(8)));
    send!(ILrt::new(s.lrt, &holder_p)
        .deposit(U256::ZERO)
        .value(e18(8)));
    let lrt_mgr = ILrt::new(s.lrt, &h.owner);
    send!(lrt_mgr.addOperator(op2, Bytes::new(), U256::ZERO, B256::ZERO));
    send!(lrt_mgr.restake(op2, ETH, e18(4)));
    let mgr2 = ISlashingManager::new(s.manager, &op2_p);
    send!(mgr2.joinOperatorSet(avs, 1));
    send!(mgr2.modifyAllocation(avs, 1, s.eth_vault, WAD));
    let rewards_op2 = IRewards::new(s.rewards, &op2_p);
    send!(rewards_op2.setCommission(avs, 1, 500));
    let delay = IOperatorRegistry::new(s.registry, &op2_p)
        .allocationDelay(op2)
        .call()
        .await
        .unwrap();
    h.advance(delay as u64 + 1).await;
    // Both allocations are in force: anyone applies them.
    let anyone = IRewards::new(s.rewards, &holder_p);
    send!(anyone.sync(op1, avs, 1));
    send!(anyone.sync(op2, avs, 1));
    let total = anyone.totalWeight(avs, 1).call().await.unwrap();
    // 20 ETH of vault shares (1e9 shares per wei at first).
    assert_eq!(total, e18(20) * U256::from(1_000_000_000u64));

    // The AVS funds one day at 1e12 wei per second.
    let start = h.owner.get_block_number().await.unwrap();
    let now = h
        .owner
        .get_block_by_number(start.into())
        .await
        .unwrap()
        .unwrap()
        .header
        .timestamp;
    let t = now + 100;
    h.set_next_timestamp(t).await;
    let avs_rewards = IRewards::new(s.rewards, &avs_p);
    let amount = tera(86_400);
    send!(avs_rewards
        .submit(
            1,
            ETH,
            amount,
            t,
            86_400,
            vec![s.eth_vault],
            vec![U256::from(WAD)]
        )
        .value(amount));
    // And in an ERC-20 nobody listed: the same rate, from 1,000 s later.
    send!(IMockLst::new(s.lst, &h.owner).mint(avs, amount));
    send!(IMockLst::new(s.lst, &avs_p).approve(s.rewards, amount));
    send!(avs_rewards.submit(1, s.lst, amount, t + 1_000, 86_400, vec![], vec![]));
    assert_eq!(
        anyone.setTokens(avs, 1).call().await.unwrap(),
        vec![ETH, s.lst]
    );
    h.advance(86_400 + 1_100).await;

    // Every figure is final: both windows have ended.
    let expected = [
        (staker_a, tera(31_104)),
        (op1, tera(3_456)),
        (op2, tera(2_592)),
        (staker_b, tera(32_832)),
    ];
    for (earner, want) in expected {
        assert_eq!(anyone.claimable(earner, ETH).call().await.unwrap(), want);
        assert_eq!(anyone.claimable(earner, s.lst).call().await.unwrap(), want);
    }
    for ((earner, want), p) in expected.into_iter().zip([&a_p, &op1_p, &op2_p, &b_p]) {
        let r = IRewards::new(s.rewards, p);
        let before = h.owner.get_balance(recipient).await.unwrap();
        send!(r.claim(earner, vec![ETH], recipient));
        let after = h.owner.get_balance(recipient).await.unwrap();
        assert_eq!(after - before, want, "{earner}");
        // Claiming twice pays once.
        send!(r.claim(earner, vec![ETH], recipient));
        assert_eq!(h.owner.get_balance(recipient).await.unwrap(), after);
        // The token is claimed by its address.
        let token = IMockLst::new(s.lst, p);
        let before = token.balanceOf(recipient).call().await.unwrap();
        send!(r.claim(earner, vec![s.lst, s.lst], recipient));
        let after = token.balanceOf(recipient).call().await.unwrap();
        assert_eq!(after - before, want, "{earner} in the token");
    }

    // The Lrt claims its sub-account's share: nothing enters the books at
    // once, all of it over seven days.
    let lrt = ILrt::new(s.lrt, &holder_p);
    let before = lrt.books().call().await.unwrap().value;
    send!(lrt.claimRewards(op2, vec![ETH, s.lst]));
    let drip = lrt.rewardDrip(ETH).call().await.unwrap();
    assert_eq!(drip.locked, tera(16_416));
    // The LST is an accepted asset: it drips too.
    let drip = lrt.rewardDrip(s.lst).call().await.unwrap();
    assert_eq!(drip.locked, tera(16_416));
    assert_eq!(lrt.books().call().await.unwrap().value, before);
    assert_eq!(
        anyone
            .claimable(lrt_account(&lrt, op2).await, ETH)
            .call()
            .await
            .unwrap(),
        U256::ZERO
    );
    h.advance(7 * 86_400).await;
    // The books rise by the dripped ETH and the dripped LST at its rate.
    let rate = IMockLst::new(s.lst, &holder_p)
        .getRate()
        .call()
        .await
        .unwrap();
    let lst_value = tera(16_416) * rate / U256::from(WAD);
    assert_eq!(
        lrt.books().call().await.unwrap().value,
        before + tera(16_416) + lst_value
    );
    // Nothing is left but the rounding dust (none here: these weights
    // divide exactly).
    let held = h.owner.get_balance(s.rewards).await.unwrap();
    assert_eq!(held, U256::ZERO);
    let held = IMockLst::new(s.lst, &holder_p)
        .balanceOf(s.rewards)
        .call()
        .await
        .unwrap();
    assert_eq!(held, U256::ZERO);
}

/// The Lrt's sub-account for `operator`.
async fn lrt_account(lrt: &ILrt::ILrtInstance<impl Provider>, operator: Address) -> Address {
    for i in 0..8u64 {
        let at = lrt.operatorAt(U256::from(i)).call().await.unwrap();
        if at.operator == operator {
            return at.account;
        }
    }
    panic!("no sub-account for {operator}")
}
