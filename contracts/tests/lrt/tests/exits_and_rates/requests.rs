//! M-2: no request holds another hostage: oversized requests refused,
//! requests finalized in any order, cancellations re-minted at the lower
//! value, dust requests.

use super::*;

/// The review's case: the Lrt holds 10 ETH and 30 mLST; a 20 LRT request
/// paid in ETH used to sit at the head of the ETH queue for good, blocking a
/// later 5 LRT one although 10 ETH sat idle. It is now refused at request
/// (more ETH than the Lrt holds), and the later one is paid at once.
#[motsu::test]
#[allow(clippy::too_many_arguments)]
fn m2_a_request_for_more_than_the_asset_holds_is_refused_and_blocks_nobody(
    lrt: Contract<Lrt>,
    lst: Contract<MockLst>,
    ev: Contract<Vault>,
    lv: Contract<Vault>,
    reg: Contract<MockRegistry>,
    owner: Address,
    manager: Address,
    alice: Address,
    bob: Contract<Wallet>,
) {
    let env = env!(lrt, lst, ev, lv, reg, owner, manager);
    env.deposit_eth(alice, e18(10));
    env.deposit_lst(alice, e18(25));
    env.deposit_lst(bob.address(), e18(5));
    assert_eq!(env.books().0, e18(40));
    assert!(matches!(
        lrt.sender(alice).request_redeem(e18(20), NATIVE_ETH).motsu_unwrap_err(),
        Error::RequestTooLarge(LrtRequestTooLarge { asset, value, payable_value })
            if asset == NATIVE_ETH && value == e18(20) && payable_value == e18(10)
    ));
    // Nothing changed: Alice keeps her 35 LRT.
    assert_eq!(lrt.sender(alice).balance_of(alice), e18(35));
    let b = bob.address();
    let id = lrt
        .sender(b)
        .request_redeem(e18(5), NATIVE_ETH)
        .motsu_unwrap();
    assert_eq!(lrt.sender(b).finalize_redeem(id).motsu_unwrap(), e18(5));
    assert_eq!(lrt.sender(b).claim_redeem(id, b).motsu_unwrap(), e18(5));
    assert_eq!(bob.balance(), e18(5));
    // Alice can still leave in ETH within what it holds, or in mLST.
    let id = lrt
        .sender(alice)
        .request_redeem(e18(5), NATIVE_ETH)
        .motsu_unwrap();
    assert_eq!(lrt.sender(alice).request(id).2, STATUS_PENDING);
    let id = lrt
        .sender(alice)
        .request_redeem(e18(20), lst.address())
        .motsu_unwrap();
    assert_eq!(
        lrt.sender(alice).finalize_redeem(id).motsu_unwrap(),
        e18(20)
    );
}

/// A large request waiting for the manager to unstake does not hold the
/// smaller ones behind it: any pending request is finalized on its own,
/// and what the pending ones may take bounds the next request.
#[motsu::test]
#[allow(clippy::too_many_arguments)]
fn m2_requests_finalize_in_any_order_so_a_large_one_waits_alone(
    lrt: Contract<Lrt>,
    lst: Contract<MockLst>,
    ev: Contract<Vault>,
    lv: Contract<Vault>,
    reg: Contract<MockRegistry>,
    acc: Contract<LrtAccount>,
    owner: Address,
    manager: Address,
    op: Address,
    alice: Contract<Wallet>,
    bob: Contract<Wallet>,
    carol: Address,
) {
    let env = env!(lrt, lst, ev, lv, reg, owner, manager);
    let (a, b) = (alice.address(), bob.address());
    env.deposit_eth(a, e18(10));
    env.deposit_eth(b, e18(2));
    env.deposit_eth(carol, e18(3));
    env.add_operator(op, &acc);
    lrt.sender(manager)
        .restake(op, NATIVE_ETH, e18(11))
        .motsu_unwrap();
    assert_eq!(env.books(), (e18(15), e18(15), e18(4), U256::ZERO));
    // Alice asks for 8 ETH (4 idle), then Bob for 2.
    let big = lrt
        .sender(a)
        .request_redeem(e18(8), NATIVE_ETH)
        .motsu_unwrap();
    let small = lrt
        .sender(b)
        .request_redeem(e18(2), NATIVE_ETH)
        .motsu_unwrap();
    assert_eq!(lrt.sender(a).asset_at(U256::ZERO).5, e18(10));
    assert!(matches!(
        lrt.sender(b).finalize_redeem(big).motsu_unwrap_err(),
        Error::InsufficientLiquidity(e) if e.available == e18(4) && e.requested == e18(8)
    ));
    // Bob's is paid although Alice's, older, cannot be yet.
    assert_eq!(lrt.sender(b).finalize_redeem(small).motsu_unwrap(), e18(2));
    assert_eq!(lrt.sender(b).claim_redeem(small, b).motsu_unwrap(), e18(2));
    assert_eq!(bob.balance(), e18(2));
    // Holdings 13 less the 8 Alice's request may take: Carol's 3 fit 5.
    let id = lrt
        .sender(carol)
        .request_redeem(e18(3), NATIVE_ETH)
        .motsu_unwrap();
    assert_eq!(lrt.sender(carol).asset_at(U256::ZERO).5, e18(11));
    // The manager unstakes; Alice's is finalized after the completion.
    let wid = lrt
        .sender(manager)
        .unstake(op, NATIVE_ETH, e18(11))
        .motsu_unwrap();
    reg.sender(owner).set_ready(wid);
    lrt.sender(owner).complete_unstake(op, wid).motsu_unwrap();
    assert_eq!(
        lrt.sender(carol).finalize_redeem(big).motsu_unwrap(),
        e18(8)
    );
    assert_eq!(lrt.sender(a).claim_redeem(big, a).motsu_unwrap(), e18(8));
    assert_eq!(alice.balance(), e18(8));
    assert_eq!(lrt.sender(carol).finalize_redeem(id).motsu_unwrap(), e18(3));
    assert_eq!(lrt.sender(carol).asset_at(U256::ZERO).5, U256::ZERO);
}

/// A pending request can be taken back: the LRT that the lower of its
/// value at request and its value now buys comes back; the rest (the
/// rewards it would have dodged) stays with the holders.
#[motsu::test]
#[allow(clippy::too_many_arguments)]
fn m2_a_cancelled_request_remints_at_the_lower_value(
    lrt: Contract<Lrt>,
    lst: Contract<MockLst>,
    ev: Contract<Vault>,
    lv: Contract<Vault>,
    reg: Contract<MockRegistry>,
    owner: Address,
    manager: Address,
    alice: Address,
    bob: Address,
) {
    let env = env!(lrt, lst, ev, lv, reg, owner, manager);
    env.deposit_eth(alice, e18(10));
    let id = lrt
        .sender(alice)
        .request_redeem(e18(5), NATIVE_ETH)
        .motsu_unwrap();
    assert_eq!(lrt.sender(alice).request(id).4, e18(5));
    // Rewards arrive while it is pending: 1 mLST (1 ETH) donated.
    lst.sender(owner).mint(lrt.address(), E18).motsu_unwrap();
    let rate_before = lrt.sender(alice).rate().motsu_unwrap();
    assert!(matches!(
        lrt.sender(bob).cancel_redeem(id).motsu_unwrap_err(),
        Error::NotRequestOwner(e) if e.caller == bob && e.request_id == id
    ));
    let back = lrt.sender(alice).cancel_redeem(id).motsu_unwrap();
    // 5 ETH at the books without the request (11 − 5 ETH over the other
    // 5 LRT), rounded down: Alice ends with LRT worth the 5 ETH (issue #12).
    let expected = mul_div(e18(5), e18(5) + V, e18(6) + V, Rounding::Down)
        .unwrap()
        .min(mul_div(e18(5), e18(5), e18(6), Rounding::Down).unwrap());
    assert_eq!(back, expected);
    assert!(back < e18(5));
    lrt.assert_emitted(&RedeemCancelled {
        request_id: id,
        owner: alice,
        shares: e18(5),
        reminted: expected,
    });
    assert_eq!(lrt.sender(alice).balance_of(alice), e18(5) + expected);
    assert_eq!(lrt.sender(alice).request(id).2, STATUS_CANCELLED);
    assert_eq!(lrt.sender(alice).asset_at(U256::ZERO).5, U256::ZERO);
    assert!(lrt.sender(alice).rate().motsu_unwrap() >= rate_before);
    // Cancelled is final.
    assert!(matches!(
        lrt.sender(alice).finalize_redeem(id).motsu_unwrap_err(),
        Error::RequestStatus(e) if e.status == STATUS_CANCELLED
    ));
    assert!(matches!(
        lrt.sender(alice).cancel_redeem(id).motsu_unwrap_err(),
        Error::RequestStatus(e) if e.status == STATUS_CANCELLED
    ));
}

/// Found by the whole-protocol fuzzer (issue #12): a cancel after rewards
/// arrived must not take a share of them. Alice and Bob mint 10 LRT each;
/// Alice requests all 10 (worth 10 ETH); 2 ETH are donated while it is
/// pending (the request is capped at its 10 ETH, so the 2 ETH are Bob's).
/// Re-minting at the current rate (22 ETH over 20 LRT, the capped request
/// still in the denominator) gave Alice 9.0909 LRT, worth 11.52 ETH once
/// the request left the books, and took 0.48 ETH of Bob's reward. Now the
/// re-mint is priced at the books without the request (12 ETH over Bob's
/// 10 LRT): Alice gets 8.3333 LRT, worth her 10 ETH (less 92 wei of
/// rounding), and Bob's 10 LRT are worth 12 ETH (less 109 wei).
#[motsu::test]
#[allow(clippy::too_many_arguments)]
fn a_cancel_after_a_donation_takes_no_share_of_the_rewards(
    lrt: Contract<Lrt>,
    lst: Contract<MockLst>,
    ev: Contract<Vault>,
    lv: Contract<Vault>,
    reg: Contract<MockRegistry>,
    owner: Address,
    manager: Address,
    alice: Address,
    bob: Address,
) {
    let env = env!(lrt, lst, ev, lv, reg, owner, manager);
    env.deposit_eth(alice, e18(10));
    env.deposit_eth(bob, e18(10));
    let id = lrt
        .sender(alice)
        .request_redeem(e18(10), NATIVE_ETH)
        .motsu_unwrap();
    assert_eq!(lrt.sender(alice).request(id).4, e18(10));
    owner.fund(e18(2));
    lrt.sender_and_value(owner, e18(2)).receive().motsu_unwrap();
    assert_eq!(env.books().0, e18(22));
    let back = lrt.sender(alice).cancel_redeem(id).motsu_unwrap();
    let expected = mul_div(e18(10), e18(10) + V, e18(12) + V, Rounding::Down)
        .unwrap()
        .min(mul_div(e18(10), e18(10), e18(12), Rounding::Down).unwrap());
    assert_eq!(back, expected);
    assert_eq!(back, U256::from(8_333_333_333_333_333_333u64));
    let (value, supply, _, pending) = env.books();
    assert_eq!(
        (value, supply, pending),
        (e18(22), e18(10) + back, U256::ZERO)
    );
    // Alice holds her 10 ETH (92 wei less: the virtual offset and rounding
    // count against her), Bob all of the reward.
    assert_eq!(
        worth(back, value, supply),
        U256::from(9_999_999_999_999_999_908u128)
    );
    assert_eq!(
        worth(e18(10), value, supply),
        U256::from(11_999_999_999_999_999_891u128)
    );
}

/// Dust requests ahead of a real one cost its requester nothing: it is
/// finalized by id, and the dust stays pending, untouched.
#[motsu::test]
#[allow(clippy::too_many_arguments)]
fn m2_dust_requests_do_not_make_later_requesters_pay_for_them(
    lrt: Contract<Lrt>,
    lst: Contract<MockLst>,
    ev: Contract<Vault>,
    lv: Contract<Vault>,
    reg: Contract<MockRegistry>,
    owner: Address,
    manager: Address,
    griefer: Address,
    bob: Contract<Wallet>,
) {
    let env = env!(lrt, lst, ev, lv, reg, owner, manager);
    env.deposit_eth(griefer, E18);
    let dust: Vec<U256> = (0..20)
        .map(|_| {
            lrt.sender(griefer)
                .request_redeem(U256::from(1), NATIVE_ETH)
                .motsu_unwrap()
        })
        .collect();
    let b = bob.address();
    env.deposit_eth(b, e18(2));
    let id = lrt
        .sender(b)
        .request_redeem(e18(2), NATIVE_ETH)
        .motsu_unwrap();
    assert_eq!(id, U256::from(21));
    assert_eq!(lrt.sender(b).finalize_redeem(id).motsu_unwrap(), e18(2));
    assert_eq!(lrt.sender(b).claim_redeem(id, b).motsu_unwrap(), e18(2));
    for d in dust {
        assert_eq!(lrt.sender(b).request(d).2, STATUS_PENDING);
    }
}
