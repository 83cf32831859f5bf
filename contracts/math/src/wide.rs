//! The 512-bit intermediate of `mul_div`, as two `U256` limbs.
//!
//! Deliberately not `U512`: ruint's 512-bit division costs several KiB of
//! wasm; this shift-and-subtract loop costs a few hundred bytes. Both are
//! checked against `U512` by the property tests.

use crate::U256;

/// The full product `x * y = hi * 2^256 + lo`, returned as `(hi, lo)`.
pub(crate) fn full_mul(x: U256, y: U256) -> (U256, U256) {
    let a = x.as_limbs();
    let b = y.as_limbs();
    let mut r = [0u64; 8];
    for i in 0..4 {
        if a[i] == 0 {
            continue;
        }
        let mut carry: u64 = 0;
        for j in 0..4 {
            // No overflow: a[i]*b[j] <= (2^64-1)^2 = 2^128 - 2^65 + 1, and
            // adding r[i+j] <= 2^64-1 and carry <= 2^64-1 gives at most 2^128-1.
            let t = u128::from(a[i]) * u128::from(b[j]) + u128::from(r[i + j]) + u128::from(carry);
            r[i + j] = t as u64;
            carry = (t >> 64) as u64;
        }
        r[i + 4] = carry;
    }
    (
        U256::from_limbs([r[4], r[5], r[6], r[7]]),
        U256::from_limbs([r[0], r[1], r[2], r[3]]),
    )
}

/// `(hi * 2^256 + lo) / d` as `(quotient, remainder)`.
///
/// Requires `hi < d` (so `d != 0` and the quotient fits in 256 bits); the
/// caller checks it. Restoring binary long division, one quotient bit per
/// step, starting at the numerator's top bit.
pub(crate) fn div_wide(hi: U256, lo: U256, d: U256) -> (U256, U256) {
    let mut rem = hi;
    let mut quot = U256::ZERO;
    // With hi == 0 the bits of lo above its length are zero and would only
    // shift zeros into rem: skip them (a large speed-up for typical values).
    let mut i = if hi.is_zero() { lo.bit_len() } else { 256 };
    while i > 0 {
        i -= 1;
        // Invariant: rem < d. The shifted value v = 2*rem + bit < 2*d may
        // need 257 bits; `carry` is its bit 256.
        let carry = rem.bit(255);
        rem = rem.wrapping_shl(1);
        if lo.bit(i) {
            rem.set_bit(0, true);
        }
        if carry || rem >= d {
            // v >= d, and v - d < d < 2^256, so the wrapping subtraction of
            // the truncated v gives v - d exactly; the invariant holds again.
            rem = rem.wrapping_sub(d);
            quot.set_bit(i, true);
        }
    }
    (quot, rem)
}
