//! Share conversions: exactness, monotonicity, round trips, inflation attacks.

mod common;

use alloy_primitives::U512;
use common::*;
use proptest::prelude::*;
use restake_math::*;

fn totals() -> impl Strategy<Value = VaultTotals> {
    (amount(), amount()).prop_map(|(total_shares, total_assets)| VaultTotals {
        total_shares,
        total_assets,
    })
}

fn one() -> U256 {
    U256::from(1u8)
}

proptest! {
    #[test]
    fn conversions_match_reference(x in u256_any(), ts in u256_any(), ta in u256_any(), r in rounding()) {
        let t = VaultTotals { total_shares: ts, total_assets: ta };
        let s = ts.checked_add(VIRTUAL_SHARES);
        let a = ta.checked_add(VIRTUAL_ASSETS);
        let expected_shares = s.zip(a).and_then(|(s, a)| ref_mul_div(x, s, a, r));
        let expected_assets = s.zip(a).and_then(|(s, a)| ref_mul_div(x, a, s, r));
        prop_assert_eq!(assets_to_shares(x, t, r).ok(), expected_shares);
        prop_assert_eq!(shares_to_assets(x, t, r).ok(), expected_assets);
    }

    #[test]
    fn conversions_up_is_down_or_one_more(x in amount(), t in totals()) {
        for f in [assets_to_shares, shares_to_assets] {
            let down = f(x, t, Rounding::Down).unwrap();
            let up = f(x, t, Rounding::Up).unwrap();
            prop_assert!(up >= down && up - down <= one());
        }
    }

    #[test]
    fn conversions_are_monotonic_in_the_amount(x1 in amount(), x2 in amount(), t in totals(), r in rounding()) {
        let (lo, hi) = if x1 <= x2 { (x1, x2) } else { (x2, x1) };
        prop_assert!(assets_to_shares(lo, t, r).unwrap() <= assets_to_shares(hi, t, r).unwrap());
        prop_assert!(shares_to_assets(lo, t, r).unwrap() <= shares_to_assets(hi, t, r).unwrap());
    }

    /// More assets per share: an asset buys fewer shares and a share redeems more assets.
    #[test]
    fn conversions_are_monotonic_in_the_totals(x in amount(), t in totals(), extra in amount(), r in rounding()) {
        let richer = VaultTotals { total_assets: t.total_assets + extra, ..t };
        prop_assert!(assets_to_shares(x, richer, r).unwrap() <= assets_to_shares(x, t, r).unwrap());
        prop_assert!(shares_to_assets(x, richer, r).unwrap() >= shares_to_assets(x, t, r).unwrap());
        let diluted = VaultTotals { total_shares: t.total_shares + extra, ..t };
        prop_assert!(assets_to_shares(x, diluted, r).unwrap() >= assets_to_shares(x, t, r).unwrap());
        prop_assert!(shares_to_assets(x, diluted, r).unwrap() <= shares_to_assets(x, t, r).unwrap());
    }

    /// deposit(a) then redeem(all shares) from the post-deposit totals never returns more than a.
    #[test]
    fn deposit_then_redeem_never_returns_more(a in amount(), t in totals()) {
        let shares = assets_to_shares(a, t, Rounding::Down).unwrap();
        let after = VaultTotals { total_shares: t.total_shares + shares, total_assets: t.total_assets + a };
        let back = shares_to_assets(shares, after, Rounding::Down).unwrap();
        prop_assert!(back <= a, "deposited {} got back {}", a, back);
    }

    /// mint(s) paying assets rounded up, then redeem(s), never returns more than was paid.
    #[test]
    fn mint_then_redeem_never_returns_more(s in amount(), t in totals()) {
        let paid = shares_to_assets(s, t, Rounding::Up).unwrap();
        let after = VaultTotals { total_shares: t.total_shares + s, total_assets: t.total_assets + paid };
        let back = shares_to_assets(s, after, Rounding::Down).unwrap();
        prop_assert!(back <= paid, "paid {} got back {}", paid, back);
    }

    /// withdraw(a) burning shares rounded up never costs fewer shares than the assets are worth:
    /// re-depositing a at the post-withdraw totals mints no more than was burnt.
    #[test]
    fn withdraw_then_deposit_never_mints_more(a in amount(), t in totals()) {
        let available = shares_to_assets(t.total_shares, t, Rounding::Down).unwrap().min(t.total_assets);
        let a = if available.is_zero() { U256::ZERO } else { a % (available + one()) };
        let burnt = assets_to_shares(a, t, Rounding::Up).unwrap();
        prop_assume!(burnt <= t.total_shares);
        let after = VaultTotals { total_shares: t.total_shares - burnt, total_assets: t.total_assets - a };
        let minted = assets_to_shares(a, after, Rounding::Down).unwrap();
        prop_assert!(minted <= burnt, "burnt {} re-minted {}", burnt, minted);
    }

    /// Donation (inflation) attack at the math level: an attacker who deposits first and
    /// donates to the vault before a victim's deposit never ends with more than it put in.
    #[test]
    fn first_depositor_donation_attack_is_unprofitable(
        attacker_deposit in 1u64..1_000_000,
        donation in amount(),
        victim_deposit in amount(),
    ) {
        let zero = VaultTotals { total_shares: U256::ZERO, total_assets: U256::ZERO };
        let a_in = U256::from(attacker_deposit);
        let a_shares = assets_to_shares(a_in, zero, Rounding::Down).unwrap();
        let t = VaultTotals { total_shares: a_shares, total_assets: a_in + donation };
        let v_shares = assets_to_shares(victim_deposit, t, Rounding::Down).unwrap();
        let t = VaultTotals { total_shares: t.total_shares + v_shares, total_assets: t.total_assets + victim_deposit };
        let a_out = shares_to_assets(a_shares, t, Rounding::Down).unwrap();
        prop_assert!(a_out <= a_in + donation, "attacker in {} + {}, out {}", a_in, donation, a_out);
    }
}

#[test]
fn empty_vault_price_is_one_to_one() {
    let zero = VaultTotals {
        total_shares: U256::ZERO,
        total_assets: U256::ZERO,
    };
    for r in [Rounding::Down, Rounding::Up] {
        assert_eq!(assets_to_shares(WAD, zero, r), Ok(WAD));
        assert_eq!(shares_to_assets(WAD, zero, r), Ok(WAD));
    }
}

#[test]
fn donation_attack_classic_numbers_loses_the_attacker_money() {
    // Attacker deposits 1 wei, donates 1e18; victim deposits 1e18 - 1.
    let zero = VaultTotals {
        total_shares: U256::ZERO,
        total_assets: U256::ZERO,
    };
    let a_shares = assets_to_shares(one(), zero, Rounding::Down).unwrap();
    assert_eq!(a_shares, one());
    let t = VaultTotals {
        total_shares: a_shares,
        total_assets: one() + WAD,
    };
    let victim = WAD - one();
    let v_shares = assets_to_shares(victim, t, Rounding::Down).unwrap();
    assert!(
        !v_shares.is_zero(),
        "the victim's deposit must not round to zero shares"
    );
    let t = VaultTotals {
        total_shares: t.total_shares + v_shares,
        total_assets: t.total_assets + victim,
    };
    let a_out = shares_to_assets(a_shares, t, Rounding::Down).unwrap();
    let v_out = shares_to_assets(v_shares, t, Rounding::Down).unwrap();
    // The attacker recovers only a tiny part of its donation; the victim keeps almost everything.
    assert!(a_out < WAD / U256::from(1000u16));
    assert!(v_out * U256::from(1000u16) >= victim * U256::from(998u16));
    let _ = U512::ZERO;
}
