//! Shared strategies and the 512-bit reference for the property tests.
#![allow(dead_code)]

use alloy_primitives::{U256, U512};
use proptest::prelude::*;
use restake_math::{Rounding, WAD};

/// Values every U256 test should hit.
pub fn edge_values() -> Vec<U256> {
    let one = U256::from(1u8);
    let mut v = vec![
        U256::ZERO,
        one,
        U256::from(2u8),
        U256::from(3u8),
        U256::MAX,
        U256::MAX - one,
        U256::MAX >> 1,
        WAD,
        WAD - one,
        WAD + one,
        U256::from(1000u16),
    ];
    for k in [63usize, 64, 127, 128, 129, 192, 255] {
        let p = one << k;
        v.push(p);
        v.push(p - one);
        v.push(p + one);
    }
    v
}

/// Any U256, biased towards edge values and towards every bit length.
pub fn u256_any() -> impl Strategy<Value = U256> {
    prop_oneof![
        3 => any::<[u64; 4]>().prop_map(U256::from_limbs),
        4 => (any::<[u64; 4]>(), 0usize..256).prop_map(|(l, s)| U256::from_limbs(l) >> s),
        2 => prop::sample::select(edge_values()),
    ]
}

/// A U256 below 2^bits, any bit length up to that.
pub fn u256_below_bits(bits: usize) -> impl Strategy<Value = U256> {
    (any::<[u64; 4]>(), 0usize..=bits)
        .prop_map(move |(l, b)| U256::from_limbs(l) >> (256 - b.min(256)))
}

/// A realistic amount: at most 2^128 (about 3.4e38, 3.4e20 tokens of 18 decimals).
pub fn amount() -> impl Strategy<Value = U256> {
    prop_oneof![
        3 => u256_below_bits(128),
        1 => prop::sample::select(vec![U256::ZERO, U256::from(1u8), U256::from(999u16), WAD]),
    ]
}

/// A magnitude in (0, WAD].
pub fn magnitude() -> impl Strategy<Value = U256> {
    prop_oneof![
        4 => (1u64..=1_000_000_000_000_000_000).prop_map(U256::from),
        1 => prop::sample::select(vec![U256::from(1u8), U256::from(2u8), WAD - U256::from(1u8), WAD]),
    ]
}

pub fn rounding() -> impl Strategy<Value = Rounding> {
    prop_oneof![Just(Rounding::Down), Just(Rounding::Up)]
}

pub fn wide(x: U256) -> U512 {
    U512::from(x)
}

/// Narrows a U512 known or checked to fit.
pub fn narrow(x: U512) -> Option<U256> {
    let l = x.as_limbs();
    if l[4..].iter().any(|&w| w != 0) {
        None
    } else {
        Some(U256::from_limbs([l[0], l[1], l[2], l[3]]))
    }
}

/// Reference `x*y/d` in U512 arithmetic: None if d == 0 or the result overflows U256.
pub fn ref_mul_div(x: U256, y: U256, d: U256, rounding: Rounding) -> Option<U256> {
    if d.is_zero() {
        return None;
    }
    let n = wide(x) * wide(y);
    let (q, r) = n.div_rem(wide(d));
    let q = if rounding == Rounding::Up && !r.is_zero() {
        q + U512::from(1u8)
    } else {
        q
    };
    narrow(q)
}
