//! Security review (issue #11), the Lrt's exits and prices: M-2 (no request
//! holds another hostage), M-3 (each asset valued through its rate source),
//! L-6 (a time-weighted rate history readable over 30 days) and I-2
//! (two-step ownership). The Lrt with two real vaults (ETH and the mock
//! LST, which doubles as its own rate source), the mock registry and a
//! directly deployed sub-account, natively (motsu).
use alloy_primitives::{uint, Address, B256, I256, U256};
use motsu::prelude::*;
use restake_interfaces::{lrt::*, NATIVE_ETH};
use restake_lrt::{
    Error, Lrt, MIN_RATE_WINDOW, OBSERVATIONS, OBSERVATION_INTERVAL, STATUS_CANCELLED,
    STATUS_PENDING, YEAR,
};
use restake_lrt_account::LrtAccount;
use restake_lrt_tests::{MockRegistry, Wallet};
use restake_math::{mul_div, Rounding, WAD};
use restake_mock_lst::MockLst;
use restake_vault::Vault;

const E18: U256 = uint!(1_000_000_000_000_000_000_U256);
const CAP: U256 = uint!(1_000_000_000_000_000_000_000_U256);
const V: U256 = uint!(1000_U256); // restake-math's virtual offset
const T0: u64 = 1_800_000_000;
const HOUR: u64 = 3_600;
const DAY: u64 = 86_400;

fn e18(n: u64) -> U256 {
    U256::from(n) * E18
}

/// What `shares` LRT take out at value / supply (as the Lrt's exit value).
fn worth(shares: U256, value: U256, supply: U256) -> U256 {
    let offset = mul_div(shares, value + V, supply + V, Rounding::Down).unwrap();
    offset.min(mul_div(shares, value, supply, Rounding::Down).unwrap())
}

/// The Lrt's rate at value / supply.
fn rate_at(value: U256, supply: U256) -> U256 {
    mul_div(WAD, value + V, supply + V, Rounding::Down).unwrap()
}

struct Env<'a> {
    lrt: &'a Contract<Lrt>,
    lst: &'a Contract<MockLst>,
    owner: Address,
    manager: Address,
}

fn setup<'a>(
    lrt: &'a Contract<Lrt>,
    lst: &'a Contract<MockLst>,
    eth_vault: &'a Contract<Vault>,
    lst_vault: &'a Contract<Vault>,
    registry: &'a Contract<MockRegistry>,
    owner: Address,
    manager: Address,
) -> Env<'a> {
    lst.sender(owner).constructor(owner).motsu_unwrap();
    for (vault, asset) in [(eth_vault, NATIVE_ETH), (lst_vault, lst.address())] {
        vault
            .sender(owner)
            .constructor(asset, owner, owner, registry.address(), owner, U256::MAX)
            .motsu_unwrap();
    }
    lrt.sender(owner)
        .constructor(
            owner,
            manager,
            registry.address(),
            Address::ZERO,
            Address::ZERO,
        )
        .motsu_unwrap();
    lrt.sender(owner).set_test_timestamp(T0);
    lrt.sender(owner)
        .add_asset(NATIVE_ETH, eth_vault.address(), CAP, Address::ZERO)
        .motsu_unwrap();
    lrt.sender(owner)
        .add_asset(lst.address(), lst_vault.address(), CAP, lst.address())
        .motsu_unwrap();
    Env {
        lrt,
        lst,
        owner,
        manager,
    }
}

impl Env<'_> {
    fn deposit_eth(&self, who: Address, amount: U256) -> U256 {
        who.fund(amount);
        self.lrt
            .sender_and_value(who, amount)
            .deposit(U256::ZERO)
            .motsu_unwrap()
    }

    fn deposit_lst(&self, who: Address, amount: U256) -> U256 {
        self.lst.sender(self.owner).mint(who, amount).motsu_unwrap();
        self.lst
            .sender(who)
            .approve(self.lrt.address(), amount)
            .motsu_unwrap();
        self.lrt
            .sender(who)
            .deposit_token(self.lst.address(), amount, U256::ZERO)
            .motsu_unwrap()
    }

    fn books(&self) -> (U256, U256, U256, U256) {
        self.lrt.sender(self.owner).books().motsu_unwrap()
    }

    fn at(&self, t: u64) {
        self.lrt.sender(self.owner).set_test_timestamp(t);
    }

    fn add_operator(&self, operator: Address, account: &Contract<LrtAccount>) {
        self.lrt
            .sender(self.manager)
            .set_test_next_account(account.address());
        self.lrt
            .sender(self.manager)
            .add_operator(operator, &[], U256::ZERO, B256::ZERO)
            .motsu_unwrap();
    }
}

macro_rules! env {
    ($lrt:ident, $lst:ident, $ev:ident, $lv:ident, $reg:ident, $owner:ident, $manager:ident) => {
        setup(&$lrt, &$lst, &$ev, &$lv, &$reg, $owner, $manager)
    };
}

// ---------------------------------------------------------------------------
// M-3: rate sources
// ---------------------------------------------------------------------------

/// An LST trading at 0.97 ETH, bought, minted into LRT and redeemed as ETH:
/// with the rate source reporting 0.97 the round trip returns exactly what
/// the LST cost, not the 3% the 1:1 valuation paid per round (100 mLST
/// bought for 97 ETH came back as 100 ETH).
#[motsu::test]
#[allow(clippy::too_many_arguments)]
fn m3_no_profit_from_a_round_trip_through_an_lst_at_a_097_market_price(
    lrt: Contract<Lrt>,
    lst: Contract<MockLst>,
    ev: Contract<Vault>,
    lv: Contract<Vault>,
    reg: Contract<MockRegistry>,
    owner: Address,
    manager: Address,
    holder: Address,
    attacker: Contract<Wallet>,
) {
    let env = env!(lrt, lst, ev, lv, reg, owner, manager);
    let price = uint!(970_000_000_000_000_000_U256);
    lst.sender(owner).set_rate(price).motsu_unwrap();
    assert_eq!(
        lrt.sender(owner).asset_rate(lst.address()).motsu_unwrap(),
        price
    );
    env.deposit_eth(holder, e18(200));
    // The attacker buys 100 mLST on the market for 97 ETH and deposits them.
    let cost = e18(97);
    let a = attacker.address();
    let shares = env.deposit_lst(a, e18(100));
    lrt.assert_emitted(&Deposited {
        sender: a,
        receiver: a,
        asset: lst.address(),
        assets: e18(100),
        shares: e18(97),
    });
    assert_eq!(shares, e18(97));
    assert_eq!(env.books().0, e18(297));
    // Out as ETH at once (no fee configured): exactly the 97 ETH it cost.
    let out = lrt
        .sender(a)
        .instant_redeem(shares, NATIVE_ETH, U256::ZERO, a)
        .motsu_unwrap();
    assert_eq!(out, worth(e18(97), e18(297), e18(297)));
    assert_eq!(out, cost);
    assert_eq!(attacker.balance(), cost);
    // The holder's position is untouched: 200 ETH over 200 LRT.
    assert_eq!(env.books().0, e18(200));
    assert_eq!(lrt.sender(holder).rate().motsu_unwrap(), E18);
    // The queued exit the same: a request for ETH is worth 97 ETH too.
    let shares = env.deposit_lst(a, e18(100));
    let id = lrt
        .sender(a)
        .request_redeem(shares, NATIVE_ETH)
        .motsu_unwrap();
    assert_eq!(lrt.sender(a).request(id).4, cost);
    // Rounded against the depositor: one wei of mLST is worth 0.97 wei.
    env.lst.sender(owner).mint(a, U256::from(1)).motsu_unwrap();
    lst.sender(a)
        .approve(lrt.address(), U256::from(1))
        .motsu_unwrap();
    assert!(matches!(
        lrt.sender(a).deposit_token(lst.address(), U256::from(1), U256::ZERO).motsu_unwrap_err(),
        Error::ZeroShares(LrtZeroShares { assets }) if assets == U256::from(1)
    ));
}

/// A non-rebasing LST worth 1.2 ETH (wstETH-like): counted 1:1, ETH
/// deposited then redeemed as the LST took 12 mLST (14.4 ETH) for 12 ETH
/// from the first block. At its rate both directions are fair.
#[motsu::test]
#[allow(clippy::too_many_arguments)]
fn m3_no_profit_from_a_round_trip_through_an_lst_worth_12_eth(
    lrt: Contract<Lrt>,
    lst: Contract<MockLst>,
    ev: Contract<Vault>,
    lv: Contract<Vault>,
    reg: Contract<MockRegistry>,
    owner: Address,
    manager: Address,
    alice: Address,
    bob: Contract<Wallet>,
    carol: Contract<Wallet>,
) {
    let env = env!(lrt, lst, ev, lv, reg, owner, manager);
    let rate = uint!(1_200_000_000_000_000_000_U256);
    lst.sender(owner).set_rate(rate).motsu_unwrap();
    env.deposit_eth(alice, e18(100));
    // 50 mLST are worth 60 ETH: 60 LRT at a rate of 1.
    assert_eq!(env.deposit_lst(bob.address(), e18(50)), e18(60));
    assert_eq!(env.books().0, e18(160));
    // Carol brings 12 ETH and leaves in mLST: 10 of them, worth her 12 ETH.
    let c = carol.address();
    let shares = env.deposit_eth(c, e18(12));
    assert_eq!(shares, e18(12));
    let out = lrt
        .sender(c)
        .instant_redeem(shares, lst.address(), U256::ZERO, c)
        .motsu_unwrap();
    assert_eq!(out, e18(10));
    assert_eq!(lst.sender(c).balance_of(c), e18(10));
    lrt.assert_emitted(&InstantRedeemed {
        owner: c,
        receiver: c,
        asset: lst.address(),
        shares: e18(12),
        assets: e18(10),
        fee: U256::ZERO,
    });
    // Bob's 60 LRT leave as the 60 ETH his 50 mLST were worth.
    let b = bob.address();
    let out = lrt
        .sender(b)
        .instant_redeem(e18(60), NATIVE_ETH, U256::ZERO, b)
        .motsu_unwrap();
    assert_eq!(out, e18(60));
    // Alice's share never moved: 100 ETH (60 ETH idle + 40 mLST at 1.2).
    assert_eq!(env.books(), (e18(100), e18(100), e18(100), U256::ZERO));
    assert_eq!(lrt.sender(alice).rate().motsu_unwrap(), E18);
}

/// Rate sources are checked when set, and an asset the Lrt cannot price
/// stops valuation with a typed error (never a silent 1:1) until the owner
/// moves it to a working source.
#[motsu::test]
#[allow(clippy::too_many_arguments)]
fn m3_rate_sources_are_checked_and_a_broken_one_stops_valuation(
    lrt: Contract<Lrt>,
    lst: Contract<MockLst>,
    ev: Contract<Vault>,
    lv: Contract<Vault>,
    reg: Contract<MockRegistry>,
    provider: Contract<MockLst>,
    owner: Address,
    manager: Address,
    alice: Address,
) {
    let env = env!(lrt, lst, ev, lv, reg, owner, manager);
    lrt.assert_emitted(&RateSourceSet {
        asset: lst.address(),
        source: lst.address(),
        rate: E18,
    });
    assert_eq!(lrt.sender(owner).asset_at(U256::from(1)).6, lst.address());
    let invalid = |asset: Address, source: Address, rate: U256| move |e: Error| matches!(e, Error::InvalidRate(x) if x.asset == asset && x.source == source && x.rate == rate);
    // An LST needs a source; ETH takes none.
    assert!(invalid(lst.address(), Address::ZERO, U256::ZERO)(
        lrt.sender(owner)
            .set_rate_source(lst.address(), Address::ZERO)
            .motsu_unwrap_err()
    ));
    assert!(invalid(NATIVE_ETH, lst.address(), U256::ZERO)(
        lrt.sender(owner)
            .set_rate_source(NATIVE_ETH, lst.address())
            .motsu_unwrap_err()
    ));
    // A source that is no rate provider (the registry) fails.
    assert!(invalid(lst.address(), reg.address(), U256::ZERO)(
        lrt.sender(owner)
            .set_rate_source(lst.address(), reg.address())
            .motsu_unwrap_err()
    ));
    assert!(matches!(
        lrt.sender(alice).set_rate_source(lst.address(), lst.address()).motsu_unwrap_err(),
        Error::Unauthorized(e) if e.caller == alice
    ));
    env.deposit_eth(alice, e18(10));
    // The source breaks (answers zero): every valuation stops, typed.
    lst.sender(owner).set_rate(U256::ZERO).motsu_unwrap();
    assert!(invalid(lst.address(), lst.address(), U256::ZERO)(
        lrt.sender(alice).rate().motsu_unwrap_err()
    ));
    alice.fund(E18);
    assert!(invalid(lst.address(), lst.address(), U256::ZERO)(
        lrt.sender_and_value(alice, E18)
            .deposit(U256::ZERO)
            .motsu_unwrap_err()
    ));
    // The owner moves the LST to a working provider (0.99 ETH).
    provider.sender(owner).constructor(owner).motsu_unwrap();
    let rate = uint!(990_000_000_000_000_000_U256);
    provider.sender(owner).set_rate(rate).motsu_unwrap();
    lrt.sender(owner)
        .set_rate_source(lst.address(), provider.address())
        .motsu_unwrap();
    lrt.assert_emitted(&RateSourceSet {
        asset: lst.address(),
        source: provider.address(),
        rate,
    });
    assert_eq!(lrt.sender(alice).rate().motsu_unwrap(), E18);
    assert_eq!(
        lrt.sender(alice).asset_rate(lst.address()).motsu_unwrap(),
        rate
    );
}

// ---------------------------------------------------------------------------
// M-2: no request holds another hostage
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// L-6: the time-weighted rate history
// ---------------------------------------------------------------------------

/// Each rate counts for as long as it lasted: a 1% donation at mid-day
/// weighs half in the day's average, and the annualized rate compares the
/// two halves.
#[motsu::test]
#[allow(clippy::too_many_arguments)]
fn l6_the_average_rate_weights_each_rate_by_how_long_it_lasted(
    lrt: Contract<Lrt>,
    lst: Contract<MockLst>,
    ev: Contract<Vault>,
    lv: Contract<Vault>,
    reg: Contract<MockRegistry>,
    owner: Address,
    manager: Address,
    alice: Address,
) {
    let env = env!(lrt, lst, ev, lv, reg, owner, manager);
    let window_error = |window: u64, available: u64| move |e: Error| matches!(e, Error::RateWindow(LrtRateWindow { window: w, min, available: a }) if w == window && min == MIN_RATE_WINDOW && a == available);
    assert!(window_error(DAY, 0)(
        lrt.sender(alice).average_rate(DAY).motsu_unwrap_err()
    ));
    env.deposit_eth(alice, e18(100));
    lrt.assert_emitted(&RateObserved {
        timestamp: T0,
        rate: E18,
        cumulative: U256::ZERO,
    });
    assert_eq!(lrt.sender(alice).rate_accumulator(), (T0, E18, U256::ZERO));
    // Half a day later, 1 mLST (1%) of rewards, recorded by a checkpoint.
    env.at(T0 + DAY / 2);
    lst.sender(owner).mint(lrt.address(), E18).motsu_unwrap();
    lrt.sender(alice).checkpoint().motsu_unwrap();
    let r1 = rate_at(e18(101), e18(100));
    let c1 = E18 * U256::from(DAY / 2);
    assert_eq!(lrt.sender(alice).rate_accumulator(), (T0 + DAY / 2, r1, c1));
    assert_eq!(lrt.sender(alice).observation(0), (T0 + DAY / 2, c1));
    assert_eq!(lrt.sender(alice).observation(1), (T0, U256::ZERO));
    assert_eq!(lrt.sender(alice).observation(2), (0, U256::ZERO));
    env.at(T0 + DAY);
    let average = (E18 + r1) / U256::from(2);
    assert_eq!(lrt.sender(alice).average_rate(DAY).motsu_unwrap(), average);
    // (a2 − a1) / a1 · YEAR / half a day.
    let growth = mul_div(r1 - E18, WAD, E18, Rounding::Down).unwrap();
    let apr = mul_div(
        growth,
        U256::from(YEAR),
        U256::from(DAY / 2),
        Rounding::Down,
    )
    .unwrap();
    assert_eq!(
        lrt.sender(alice).annualized_rate(DAY).motsu_unwrap(),
        I256::try_from(apr).unwrap()
    );
    // Too short, or longer than the history.
    assert!(window_error(HOUR, DAY)(
        lrt.sender(alice).annualized_rate(HOUR).motsu_unwrap_err()
    ));
    assert!(window_error(DAY + 1, DAY)(
        lrt.sender(alice).average_rate(DAY + 1).motsu_unwrap_err()
    ));
}

/// Hourly observations over 31 days: windows up to 30 days are readable,
/// and steady growth reads as its annual rate.
#[motsu::test]
#[allow(clippy::too_many_arguments)]
fn l6_windows_up_to_30_days_are_readable(
    lrt: Contract<Lrt>,
    lst: Contract<MockLst>,
    ev: Contract<Vault>,
    lv: Contract<Vault>,
    reg: Contract<MockRegistry>,
    owner: Address,
    manager: Address,
    alice: Address,
) {
    let env = env!(lrt, lst, ev, lv, reg, owner, manager);
    env.deposit_eth(alice, e18(100));
    // 0.001 mLST of rewards an hour: 8.76% a year on 100 ETH, simple.
    let per_hour = E18 / U256::from(1000);
    for h in 1..=OBSERVATIONS {
        env.at(T0 + h * OBSERVATION_INTERVAL);
        lst.sender(owner)
            .mint(lrt.address(), per_hour)
            .motsu_unwrap();
        lrt.sender(alice).checkpoint().motsu_unwrap();
    }
    let now = T0 + OBSERVATIONS * OBSERVATION_INTERVAL;
    // 745 observations, 744 kept: the oldest is an hour after T0.
    let available = now - (T0 + OBSERVATION_INTERVAL);
    assert_eq!(lrt.sender(alice).observation(OBSERVATIONS - 1).0, T0 + HOUR);
    assert_eq!(lrt.sender(alice).observation(OBSERVATIONS), (0, U256::ZERO));
    let month = 30 * DAY;
    let apr = lrt.sender(alice).annualized_rate(month).motsu_unwrap();
    // The growth per hour over the window's first-half average (≈ 1.002
    // ETH per LRT), a year of it: ≈ 8.74%; within 0.1 point of it.
    let first_half_mid = (OBSERVATIONS - 540) as u128; // hours since T0 at its middle
    let a1 = 1e18f64 + first_half_mid as f64 * 1e15 / 100.0;
    let expected = 1e15 / 100.0 * 8760.0 / a1 * 1e18;
    let got = apr.into_raw().to::<u128>() as f64;
    assert!(
        (got - expected).abs() < 1e15,
        "apr {got} expected {expected}"
    );
    assert!(lrt.sender(alice).average_rate(month).motsu_unwrap() > E18);
    assert!(matches!(
        lrt.sender(alice).average_rate(32 * DAY).motsu_unwrap_err(),
        Error::RateWindow(e) if e.available == available && e.window == 32 * DAY
    ));
}

/// The cost to move the one-day annualized rate: a donation counts only
/// for as long as it stays in the window, so one made in the last second
/// moves it by a 43,200th of what the two-point reading gave, and moving
/// it by one percentage point takes a gift of 1/730 of a percent of the
/// Lrt's value, left for the whole second half of the day (docs/lrt.md).
#[motsu::test]
#[allow(clippy::too_many_arguments)]
fn l6_a_last_second_donation_barely_moves_the_annualized_rate(
    lrt: Contract<Lrt>,
    lst: Contract<MockLst>,
    ev: Contract<Vault>,
    lv: Contract<Vault>,
    reg: Contract<MockRegistry>,
    owner: Address,
    manager: Address,
    alice: Address,
) {
    let env = env!(lrt, lst, ev, lv, reg, owner, manager);
    env.deposit_eth(alice, e18(100));
    for h in 1..=24 {
        env.at(T0 + h * HOUR);
        lrt.sender(alice).checkpoint().motsu_unwrap();
    }
    env.at(T0 + DAY + DAY - 1);
    assert_eq!(
        lrt.sender(alice).annualized_rate(DAY).motsu_unwrap(),
        I256::ZERO
    );
    // 1 ETH (1%) donated a second before the reading.
    lst.sender(owner).mint(lrt.address(), E18).motsu_unwrap();
    lrt.sender(alice).checkpoint().motsu_unwrap();
    env.at(T0 + 2 * DAY);
    let apr = lrt.sender(alice).annualized_rate(DAY).motsu_unwrap();
    // ≈ 1% · (1 s / 43,200 s) · 730 = 0.0169%; the old reading: 365%.
    let apr = apr.into_raw();
    assert!(
        apr > U256::ZERO && apr < U256::from(170_000_000_000_000u64),
        "{apr}"
    );
    // Moving it by a full point: 1/730 of 1% of the value (0.00137 ETH on
    // 100), donated at mid-window and left there.
    let lrt2 = Contract::<Lrt>::new();
    let lst2 = Contract::<MockLst>::new();
    let (ev2, lv2, reg2) = (
        Contract::<Vault>::new(),
        Contract::<Vault>::new(),
        Contract::<MockRegistry>::new(),
    );
    let env2 = setup(&lrt2, &lst2, &ev2, &lv2, &reg2, owner, manager);
    env2.deposit_eth(alice, e18(100));
    for h in 1..=36 {
        env2.at(T0 + h * HOUR);
        if h == 36 {
            let gift = e18(100) / U256::from(73_000);
            lst2.sender(owner).mint(lrt2.address(), gift).motsu_unwrap();
        }
        lrt2.sender(alice).checkpoint().motsu_unwrap();
    }
    env2.at(T0 + 2 * DAY);
    let apr = lrt2
        .sender(alice)
        .annualized_rate(DAY)
        .motsu_unwrap()
        .into_raw();
    // One point is 1e16; within 1% of it.
    let point = U256::from(10_000_000_000_000_000u64);
    assert!(
        apr > point * U256::from(99) / U256::from(100) && apr <= point,
        "{apr}"
    );
}

// ---------------------------------------------------------------------------
// I-2: two-step ownership
// ---------------------------------------------------------------------------

#[motsu::test]
#[allow(clippy::too_many_arguments)]
fn i2_ownership_moves_in_two_steps(
    lrt: Contract<Lrt>,
    lst: Contract<MockLst>,
    ev: Contract<Vault>,
    lv: Contract<Vault>,
    reg: Contract<MockRegistry>,
    owner: Address,
    manager: Address,
    next: Address,
    stranger: Address,
) {
    let _env = env!(lrt, lst, ev, lv, reg, owner, manager);
    let unauthorized =
        |who: Address| move |e: Error| matches!(e, Error::Unauthorized(x) if x.caller == who);
    assert!(unauthorized(stranger)(
        lrt.sender(stranger)
            .transfer_ownership(stranger)
            .motsu_unwrap_err()
    ));
    // A mistyped address is harmless: the offer is withdrawn with zero.
    lrt.sender(owner)
        .transfer_ownership(stranger)
        .motsu_unwrap();
    lrt.sender(owner)
        .transfer_ownership(Address::ZERO)
        .motsu_unwrap();
    lrt.assert_emitted(&OwnershipTransferStarted {
        previous_owner: owner,
        new_owner: Address::ZERO,
    });
    assert!(unauthorized(stranger)(
        lrt.sender(stranger).accept_ownership().motsu_unwrap_err()
    ));
    lrt.sender(owner).transfer_ownership(next).motsu_unwrap();
    // Until accepted the owner keeps every power, the owner-elect none.
    lrt.sender(owner).set_paused(true).motsu_unwrap();
    assert!(unauthorized(next)(
        lrt.sender(next).set_paused(false).motsu_unwrap_err()
    ));
    assert!(unauthorized(stranger)(
        lrt.sender(stranger).accept_ownership().motsu_unwrap_err()
    ));
    lrt.sender(next).accept_ownership().motsu_unwrap();
    lrt.assert_emitted(&OwnershipTransferred {
        previous_owner: owner,
        new_owner: next,
    });
    assert_eq!(lrt.sender(next).roles().0, next);
    assert_eq!(lrt.sender(next).pending_owner(), Address::ZERO);
    lrt.sender(next).set_paused(false).motsu_unwrap();
    assert!(unauthorized(owner)(
        lrt.sender(owner).set_paused(true).motsu_unwrap_err()
    ));
    assert!(unauthorized(next)(
        lrt.sender(next).accept_ownership().motsu_unwrap_err()
    ));
}
