//! The router's hand-written ABI codec: [`Args`] decodes a call's static
//! head words (and its `bytes`), [`encode_string`] encodes a `string`
//! return value.

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
use restake_interfaces::{abi::concat, words};

use crate::calls::to_address;

/// Hand-decoded calldata: the static head words of a call's arguments.
pub(crate) struct Args<'a> {
    pub(crate) data: &'a [u8],
    pub(crate) malformed: core::cell::Cell<bool>,
}

// Each of the two wasms routes only its own selectors, so each leaves some
// decoders unused.
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
impl<'a> Args<'a> {
    /// Head word `i`, whose first `32 - size` bytes must be zero.
    #[inline(never)]
    fn word(&self, i: usize, size: usize) -> U256 {
        let at = i.saturating_mul(32);
        match at.checked_add(32).and_then(|end| self.data.get(at..end)) {
            Some(w) if w.iter().take(32usize.saturating_sub(size)).all(|b| *b == 0) => {
                U256::try_from_be_slice(w).unwrap_or_default()
            }
            _ => {
                self.malformed.set(true);
                U256::ZERO
            }
        }
    }
    #[inline(never)]
    pub(crate) fn u256(&self, i: usize) -> U256 {
        self.word(i, 32)
    }
    #[inline(never)]
    pub(crate) fn b256(&self, i: usize) -> B256 {
        B256::from(self.word(i, 32))
    }
    #[inline(never)]
    pub(crate) fn address(&self, i: usize) -> Address {
        to_address(self.word(i, 20))
    }
    #[inline(never)]
    pub(crate) fn u64(&self, i: usize) -> u64 {
        self.word(i, 8).as_limbs()[0]
    }
    #[inline(never)]
    pub(crate) fn u8(&self, i: usize) -> u8 {
        self.word(i, 1).as_limbs()[0] as u8
    }
    #[inline(never)]
    pub(crate) fn bool(&self, i: usize) -> bool {
        let w = self.word(i, 1);
        if w > U256::from(1) {
            self.malformed.set(true);
        }
        !w.is_zero()
    }
    /// The `bytes` argument whose offset is head word `i`.
    #[inline(never)]
    pub(crate) fn bytes(&self, i: usize) -> &'a [u8] {
        // An offset or length beyond usize (wasm32: 2^32) saturates, so the
        // range check below refuses it instead of truncating it (issue #12:
        // `offset + 2^32` read the real data in the wasm).
        let offset = usize::try_from(self.u64(i)).unwrap_or(usize::MAX);
        let len = Args {
            data: self.data.get(offset..).unwrap_or_default(),
            malformed: core::cell::Cell::new(false),
        };
        let n = usize::try_from(len.u64(0)).unwrap_or(usize::MAX);
        let start = offset.saturating_add(32);
        match start
            .checked_add(n)
            .and_then(|end| self.data.get(start..end))
        {
            Some(b) if !len.malformed.get() => b,
            _ => {
                self.malformed.set(true);
                &[]
            }
        }
    }
}

/// ABI encoding of one `string` return value.
#[cfg_attr(all(target_arch = "wasm32", feature = "extension"), allow(dead_code))]
pub(crate) fn encode_string(s: &str) -> Vec<u8> {
    let mut out = concat(&words![U256::from(32), U256::from(s.len())]);
    out.extend_from_slice(s.as_bytes());
    out.resize(64 + s.len().div_ceil(32) * 32, 0);
    out
}
