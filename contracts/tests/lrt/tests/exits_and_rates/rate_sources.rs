//! M-3: each asset valued through its rate source: no profit from a round
//! trip through an LST priced away from 1 ETH; rate sources checked, a broken
//! one stopping valuation.

use super::*;

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
