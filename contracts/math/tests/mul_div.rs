//! `mul_div`, checked arithmetic and WAD math against a 512-bit reference.

mod common;

use alloy_primitives::U512;
use common::*;
use proptest::prelude::*;
use restake_math::*;

fn one() -> U256 {
    U256::from(1u8)
}

proptest! {
    #[test]
    fn mul_div_matches_512_bit_reference(x in u256_any(), y in u256_any(), d in u256_any(), r in rounding()) {
        let got = mul_div(x, y, d, r);
        match ref_mul_div(x, y, d, r) {
            Some(expected) => prop_assert_eq!(got, Ok(expected)),
            None if d.is_zero() => prop_assert_eq!(got, Err(MathError::DivisionByZero)),
            None => prop_assert_eq!(got, Err(MathError::Overflow)),
        }
    }

    #[test]
    fn mul_div_up_is_down_plus_one_iff_remainder(x in u256_any(), y in u256_any(), d in u256_any()) {
        prop_assume!(!d.is_zero());
        let n = wide(x) * wide(y);
        let has_remainder = !(n % wide(d)).is_zero();
        if let Ok(down) = mul_div(x, y, d, Rounding::Down) {
            let up = mul_div(x, y, d, Rounding::Up);
            if has_remainder {
                if down == U256::MAX {
                    prop_assert_eq!(up, Err(MathError::Overflow));
                } else {
                    prop_assert_eq!(up, Ok(down + one()));
                }
            } else {
                prop_assert_eq!(up, Ok(down));
            }
        } else {
            prop_assert_eq!(mul_div(x, y, d, Rounding::Up), Err(MathError::Overflow));
        }
    }

    /// Products whose quotient lands right at U256::MAX, on both sides.
    #[test]
    fn mul_div_at_the_overflow_boundary(x in u256_any(), d in u256_any(), delta in -2i8..=2, r in rounding()) {
        let (x, d) = (x.max(one()), d.max(one()));
        // y ≈ MAX*d/x, so x*y/d ≈ MAX (clamped to MAX when d > x).
        let y_wide = wide(U256::MAX) * wide(d) / wide(x);
        let y_wide = if delta >= 0 {
            y_wide + U512::from(delta as u8)
        } else {
            y_wide.saturating_sub(U512::from(delta.unsigned_abs()))
        };
        let y = narrow(y_wide).unwrap_or(U256::MAX);
        let got = mul_div(x, y, d, r);
        match ref_mul_div(x, y, d, r) {
            Some(expected) => prop_assert_eq!(got, Ok(expected)),
            None => prop_assert_eq!(got, Err(MathError::Overflow)),
        }
    }

    #[test]
    fn mul_div_by_one_is_checked_mul(x in u256_any(), y in u256_any(), r in rounding()) {
        prop_assert_eq!(mul_div(x, y, one(), r).ok(), x.checked_mul(y));
    }

    #[test]
    fn mul_div_by_max_matches_reference(x in u256_any(), y in u256_any(), r in rounding()) {
        prop_assert_eq!(mul_div(x, y, U256::MAX, r).ok(), ref_mul_div(x, y, U256::MAX, r));
    }

    #[test]
    fn mul_div_x_d_over_d_is_x(x in u256_any(), d in u256_any(), r in rounding()) {
        prop_assume!(!d.is_zero());
        prop_assert_eq!(mul_div(x, d, d, r), Ok(x));
        prop_assert_eq!(mul_div(d, x, d, r), Ok(x));
    }

    #[test]
    fn checked_add_sub_mul_match_ruint(a in u256_any(), b in u256_any()) {
        prop_assert_eq!(add(a, b).ok(), a.checked_add(b));
        prop_assert_eq!(sub(a, b).ok(), a.checked_sub(b));
        prop_assert_eq!(mul(a, b).ok(), a.checked_mul(b));
    }

    #[test]
    fn wad_mul_and_wad_div_match_reference(x in u256_any(), y in u256_any(), r in rounding()) {
        prop_assert_eq!(wad_mul(x, y, r).ok(), ref_mul_div(x, y, WAD, r));
        prop_assert_eq!(wad_div(x, y, r).ok(), ref_mul_div(x, WAD, y, r));
    }

    #[test]
    fn wad_up_is_at_least_down_and_at_most_one_more(x in u256_any(), y in u256_any()) {
        for f in [wad_mul, wad_div] {
            if let (Ok(down), Ok(up)) = (f(x, y, Rounding::Down), f(x, y, Rounding::Up)) {
                prop_assert!(up >= down);
                prop_assert!(up - down <= one());
            }
        }
    }

    #[test]
    fn wad_identities(x in u256_any(), r in rounding()) {
        prop_assert_eq!(wad_mul(x, WAD, r), Ok(x));
        prop_assert_eq!(wad_div(x, WAD, r), Ok(x));
    }

    #[test]
    fn wad_mul_is_monotonic(x1 in amount(), x2 in amount(), y in amount(), r in rounding()) {
        let (lo, hi) = if x1 <= x2 { (x1, x2) } else { (x2, x1) };
        prop_assert!(wad_mul(lo, y, r).unwrap() <= wad_mul(hi, y, r).unwrap());
        prop_assert!(wad_div(lo, y.max(one()), r).unwrap() <= wad_div(hi, y.max(one()), r).unwrap());
    }
}

#[test]
fn constants_have_their_documented_values() {
    assert_eq!(WAD, U256::from(10u8).pow(U256::from(18u8)));
    assert_eq!(VIRTUAL_SHARES, U256::from(1000u16));
    assert_eq!(VIRTUAL_ASSETS, U256::from(1000u16));
}

#[test]
fn mul_div_result_exactly_max() {
    for r in [Rounding::Down, Rounding::Up] {
        assert_eq!(mul_div(U256::MAX, U256::MAX, U256::MAX, r), Ok(U256::MAX));
        assert_eq!(mul_div(U256::MAX, WAD, WAD, r), Ok(U256::MAX));
        assert_eq!(mul_div(U256::MAX, one(), one(), r), Ok(U256::MAX));
    }
}

#[test]
fn mul_div_of_zero_is_zero() {
    for r in [Rounding::Down, Rounding::Up] {
        assert_eq!(mul_div(U256::ZERO, U256::MAX, one(), r), Ok(U256::ZERO));
        assert_eq!(mul_div(U256::MAX, U256::ZERO, U256::MAX, r), Ok(U256::ZERO));
    }
}

#[test]
fn mul_div_small_values_round_both_ways() {
    let v = |n: u64| U256::from(n);
    assert_eq!(mul_div(v(7), v(3), v(2), Rounding::Down), Ok(v(10)));
    assert_eq!(mul_div(v(7), v(3), v(2), Rounding::Up), Ok(v(11)));
    assert_eq!(mul_div(v(1), v(1), v(3), Rounding::Down), Ok(v(0)));
    assert_eq!(mul_div(v(1), v(1), v(3), Rounding::Up), Ok(v(1)));
}

#[test]
fn mul_div_product_above_u256_with_result_in_range() {
    // (2^200)*(2^200)/2^150 = 2^250.
    let p = |k: usize| one() << k;
    assert_eq!(mul_div(p(200), p(200), p(150), Rounding::Down), Ok(p(250)));
    assert_eq!(
        mul_div(p(200), p(200) + one(), p(150), Rounding::Up),
        Ok(p(250) + p(50))
    );
}
