//! Checked arithmetic, `mul_div` and WAD fixed point.

use crate::wide::{div_wide, full_mul};
use crate::{MathError, MathResult, Rounding, U256, WAD};

/// `a + b`.
///
/// # Errors
/// - [`MathError::Overflow`] if the sum exceeds `U256::MAX`.
pub fn add(a: U256, b: U256) -> MathResult<U256> {
    a.checked_add(b).ok_or(MathError::Overflow)
}

/// `a - b`.
///
/// # Errors
/// - [`MathError::Underflow`] if `b > a`.
pub fn sub(a: U256, b: U256) -> MathResult<U256> {
    a.checked_sub(b).ok_or(MathError::Underflow)
}

/// `a * b`.
///
/// # Errors
/// - [`MathError::Overflow`] if the product exceeds `U256::MAX`.
pub fn mul(a: U256, b: U256) -> MathResult<U256> {
    a.checked_mul(b).ok_or(MathError::Overflow)
}

/// `x * y / d`, rounded as asked, with a full 512-bit intermediate (so
/// `x * y` may exceed `U256::MAX` as long as the quotient does not).
///
/// `Rounding::Up` gives the floor plus one when the division leaves a
/// remainder.
///
/// # Errors
/// - [`MathError::DivisionByZero`] if `d == 0` (whatever `x` and `y` are).
/// - [`MathError::Overflow`] if the rounded result exceeds `U256::MAX`.
// One shared copy in the wasm (about 1.7 KiB): never inlined into its many callers.
#[inline(never)]
pub fn mul_div(x: U256, y: U256, d: U256, rounding: Rounding) -> MathResult<U256> {
    if d.is_zero() {
        return Err(MathError::DivisionByZero);
    }
    let (hi, lo) = full_mul(x, y);
    // The quotient fits in 256 bits iff hi < d.
    if hi >= d {
        return Err(MathError::Overflow);
    }
    let (quot, rem) = div_wide(hi, lo, d);
    match rounding {
        Rounding::Up if !rem.is_zero() => add(quot, U256::from(1u8)),
        _ => Ok(quot),
    }
}

/// `x * y / WAD`: the product of two WAD fixed-point numbers.
///
/// # Errors
/// - [`MathError::Overflow`] if the rounded result exceeds `U256::MAX`.
pub fn wad_mul(x: U256, y: U256, rounding: Rounding) -> MathResult<U256> {
    mul_div(x, y, WAD, rounding)
}

/// `x * WAD / y`: the quotient of two WAD fixed-point numbers.
///
/// # Errors
/// - [`MathError::DivisionByZero`] if `y == 0`.
/// - [`MathError::Overflow`] if the rounded result exceeds `U256::MAX`.
pub fn wad_div(x: U256, y: U256, rounding: Rounding) -> MathResult<U256> {
    mul_div(x, WAD, y, rounding)
}
