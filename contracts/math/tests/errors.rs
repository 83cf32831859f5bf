//! One named test per error path.

use restake_math::*;

fn one() -> U256 {
    U256::from(1u8)
}

fn totals(total_shares: U256, total_assets: U256) -> VaultTotals {
    VaultTotals {
        total_shares,
        total_assets,
    }
}

#[test]
fn add_overflows_past_max() {
    assert_eq!(add(U256::MAX, one()), Err(MathError::Overflow));
    assert_eq!(add(U256::MAX - one(), one()), Ok(U256::MAX));
}

#[test]
fn sub_underflows_below_zero() {
    assert_eq!(sub(U256::ZERO, one()), Err(MathError::Underflow));
    assert_eq!(sub(one(), one()), Ok(U256::ZERO));
}

#[test]
fn mul_overflows_past_max() {
    assert_eq!(mul(U256::MAX, U256::from(2u8)), Err(MathError::Overflow));
    assert_eq!(mul(one() << 128, one() << 128), Err(MathError::Overflow));
    assert_eq!(mul(one() << 127, one() << 128), Ok(one() << 255));
}

#[test]
fn mul_div_by_zero_errors_even_for_a_zero_product() {
    for r in [Rounding::Down, Rounding::Up] {
        assert_eq!(
            mul_div(one(), one(), U256::ZERO, r),
            Err(MathError::DivisionByZero)
        );
        assert_eq!(
            mul_div(U256::ZERO, U256::ZERO, U256::ZERO, r),
            Err(MathError::DivisionByZero)
        );
    }
}

#[test]
fn mul_div_overflows_just_past_max() {
    for r in [Rounding::Down, Rounding::Up] {
        assert_eq!(
            mul_div(U256::MAX, U256::from(2u8), one(), r),
            Err(MathError::Overflow)
        );
        assert_eq!(
            mul_div(U256::MAX, WAD + one(), WAD, r),
            Err(MathError::Overflow)
        );
    }
}

#[test]
fn mul_div_up_overflows_when_floor_is_max_with_a_remainder() {
    // (2^192-1)(2^192+1) = 2^384-1 = MAX·2^128 + (2^128-1): floor is MAX, remainder non-zero.
    let x = (one() << 192) - one();
    let y = (one() << 192) + one();
    let d = one() << 128;
    assert_eq!(mul_div(x, y, d, Rounding::Down), Ok(U256::MAX));
    assert_eq!(mul_div(x, y, d, Rounding::Up), Err(MathError::Overflow));
}

#[test]
fn wad_mul_overflows() {
    assert_eq!(
        wad_mul(U256::MAX, WAD + one(), Rounding::Down),
        Err(MathError::Overflow)
    );
}

#[test]
fn wad_div_by_zero_errors() {
    assert_eq!(
        wad_div(one(), U256::ZERO, Rounding::Down),
        Err(MathError::DivisionByZero)
    );
    assert_eq!(
        wad_div(U256::ZERO, U256::ZERO, Rounding::Up),
        Err(MathError::DivisionByZero)
    );
}

#[test]
fn wad_div_overflows() {
    assert_eq!(
        wad_div(U256::MAX, WAD - one(), Rounding::Down),
        Err(MathError::Overflow)
    );
    assert_eq!(
        wad_div(U256::MAX, one(), Rounding::Down),
        Err(MathError::Overflow)
    );
}

#[test]
fn conversions_overflow_when_a_total_plus_its_offset_overflows() {
    let r = Rounding::Down;
    assert_eq!(
        assets_to_shares(one(), totals(U256::MAX, one()), r),
        Err(MathError::Overflow)
    );
    assert_eq!(
        assets_to_shares(one(), totals(one(), U256::MAX), r),
        Err(MathError::Overflow)
    );
    assert_eq!(
        shares_to_assets(one(), totals(U256::MAX, one()), r),
        Err(MathError::Overflow)
    );
    assert_eq!(
        shares_to_assets(one(), totals(one(), U256::MAX), r),
        Err(MathError::Overflow)
    );
}

#[test]
fn conversions_overflow_when_the_result_overflows() {
    let r = Rounding::Down;
    // Price of 1e-3 assets per share: U256::MAX assets are worth ~1000x MAX shares.
    let cheap = totals(WAD, U256::ZERO);
    assert_eq!(
        assets_to_shares(U256::MAX, cheap, r),
        Err(MathError::Overflow)
    );
    let dear = totals(U256::ZERO, WAD);
    assert_eq!(
        shares_to_assets(U256::MAX, dear, r),
        Err(MathError::Overflow)
    );
}

#[test]
fn withdrawable_shares_overflows() {
    assert_eq!(
        withdrawable_shares(U256::MAX, U256::MAX, WAD),
        Err(MathError::Overflow)
    );
    assert_eq!(
        withdrawable_shares(U256::MAX, WAD, U256::MAX),
        Err(MathError::Overflow)
    );
}

#[test]
fn update_deposit_scaling_factor_rejects_a_fully_slashed_operator() {
    assert_eq!(
        update_deposit_scaling_factor(U256::ZERO, U256::ZERO, U256::ZERO, WAD),
        Err(MathError::DivisionByZero)
    );
    assert_eq!(
        update_deposit_scaling_factor(WAD, WAD, U256::ZERO, WAD),
        Err(MathError::DivisionByZero)
    );
}

#[test]
fn update_deposit_scaling_factor_overflows() {
    // current + added overflows.
    assert_eq!(
        update_deposit_scaling_factor(one(), U256::MAX, WAD, U256::MAX),
        Err(MathError::Overflow)
    );
    // prev + added overflows.
    assert_eq!(
        update_deposit_scaling_factor(U256::MAX, one(), WAD, one()),
        Err(MathError::Overflow)
    );
    // withdrawable(prev) overflows.
    assert_eq!(
        update_deposit_scaling_factor(U256::MAX, U256::MAX, WAD, one()),
        Err(MathError::Overflow)
    );
    // (current + added) * WAD / (prev + added) overflows (needs an out-of-domain magnitude above WAD).
    let wad_squared = WAD * WAD;
    assert_eq!(
        update_deposit_scaling_factor(one(), U256::MAX, wad_squared, U256::ZERO),
        Err(MathError::Overflow)
    );
    // The final division by max_magnitude cannot overflow: each floor keeps it <= max(prev_dsf, WAD^2 / m).
}

#[test]
fn scale_for_queue_overflows() {
    assert_eq!(
        scale_for_queue(U256::MAX, WAD + one()),
        Err(MathError::Overflow)
    );
}

#[test]
fn scaled_to_withdrawable_overflows() {
    assert_eq!(
        scaled_to_withdrawable(U256::MAX, WAD + one()),
        Err(MathError::Overflow)
    );
}

#[test]
fn slashed_operator_shares_rejects_zero_previous_magnitude() {
    assert_eq!(
        slashed_operator_shares(WAD, U256::ZERO, U256::ZERO),
        Err(MathError::DivisionByZero)
    );
}

#[test]
fn slashed_operator_shares_rejects_an_increasing_magnitude() {
    assert_eq!(
        slashed_operator_shares(WAD, WAD - one(), WAD),
        Err(MathError::Underflow)
    );
}

#[test]
fn magnitude_to_slash_rejects_a_fraction_above_one() {
    assert_eq!(
        magnitude_to_slash(WAD, WAD + one()),
        Err(MathError::Overflow)
    );
    assert_eq!(magnitude_to_slash(WAD, WAD), Ok(WAD));
}

#[test]
fn magnitude_to_slash_cannot_overflow_with_a_valid_fraction() {
    assert_eq!(magnitude_to_slash(U256::MAX, WAD), Ok(U256::MAX));
    // No overflow is reachable with fraction <= WAD: allocated*fraction/WAD <= allocated.
    assert_eq!(
        magnitude_to_slash(U256::MAX, WAD - one()),
        Ok(U256::MAX - (U256::MAX / WAD))
    );
}
