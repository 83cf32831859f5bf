//! Reward streaming math (issue #14, `docs/rewards.md`): how much of a
//! funded window has been released by a time, the reward-per-weight
//! accumulator it advances, what a holder of weight earned between two
//! accumulator values, and the operator's commission.
//!
//! Every division rounds down, and each one favours the protocol's
//! solvency: what is released, credited to an accumulator and paid out is
//! never more than was funded. The difference (rounding dust) stays in the
//! contract.

use alloy_primitives::U256;

use crate::{
    fixed_point::{add, mul_div, sub},
    MathError, MathResult, Rounding,
};

/// The accumulator's scale: `acc` counts reward per unit of weight in units
/// of `1 / ACC_SCALE` (1e27), so that a large weight (1e27 wei-weights, far
/// beyond any real stake) still moves it by at least one unit per wei.
pub const ACC_SCALE: U256 = U256::from_limbs([0x9fd0803ce8000000, 0x33b2e3c, 0, 0]);

/// Basis points in one: 10,000.
pub const BPS: U256 = U256::from_limbs([10_000, 0, 0, 0]);

/// How much of `amount`, streamed linearly over `[start, end)`, is released
/// at time `t`: `amount · (clamp(t) − start) / (end − start)`, rounded
/// down, from the amount itself each time (no per-second rate whose
/// rounding would accumulate), so it is monotone in `t` and exactly
/// `amount` from `end` on.
///
/// # Errors
/// [`MathError::DivisionByZero`] if `end <= start`.
pub fn released(amount: U256, start: u64, end: u64, t: u64) -> MathResult<U256> {
    if end <= start {
        return Err(MathError::DivisionByZero);
    }
    if t <= start {
        return Ok(U256::ZERO);
    }
    if t >= end {
        return Ok(amount);
    }
    // Down: the part not yet released stays in the stream.
    mul_div(
        amount,
        U256::from(t - start),
        U256::from(end - start),
        Rounding::Down,
    )
}

/// The accumulator after `released` more reward is shared over `weight`:
/// `(acc + released · ACC_SCALE / weight, unallocated)`. With no weight
/// nobody earns it: it is returned as `unallocated` (the AVS may
/// re-submit it) and `acc` is unchanged.
///
/// # Errors
/// [`MathError::Overflow`] if the accumulator would not fit.
pub fn accrue(acc: U256, released: U256, weight: U256) -> MathResult<(U256, U256)> {
    if weight.is_zero() {
        return Ok((acc, released));
    }
    // Down: the holders of `weight` are credited at most `released`.
    let per_weight = mul_div(released, ACC_SCALE, weight, Rounding::Down)?;
    Ok((add(acc, per_weight)?, U256::ZERO))
}

/// What `weight` earned while the accumulator moved from `debt` to `acc`:
/// `weight · (acc − debt) / ACC_SCALE`, rounded down.
///
/// # Errors
/// [`MathError::Underflow`] if `acc < debt` (accumulators only grow),
/// [`MathError::Overflow`].
pub fn earned(weight: U256, acc: U256, debt: U256) -> MathResult<U256> {
    // Down: a holder never takes more than its share; the dust stays.
    mul_div(weight, sub(acc, debt)?, ACC_SCALE, Rounding::Down)
}

/// Splits `amount` into `(operator's commission, stakers' part)` at
/// `commission_bps` (at most [`BPS`]). The commission rounds down, so the
/// stakers' part is rounded up: the two always sum to `amount`, and the
/// operator, whose rate was chosen by itself, carries the rounding.
///
/// # Errors
/// [`MathError::Overflow`] if `commission_bps` is above [`BPS`].
pub fn split_commission(amount: U256, commission_bps: u16) -> MathResult<(U256, U256)> {
    let bps = U256::from(commission_bps);
    if bps > BPS {
        return Err(MathError::Overflow);
    }
    let commission = mul_div(amount, bps, BPS, Rounding::Down)?;
    Ok((commission, sub(amount, commission)?))
}
