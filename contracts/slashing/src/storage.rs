//! The storage layer: flat, hand-packed words (the layout table below), the
//! slot constants and tags, the pack/unpack helpers, the keyed reads and
//! writes, and the clock (with the `test-clock` override).

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
use stylus_sdk::prelude::*;

use crate::SlashingManager;

// ----------------------------------------------------------------------
// Storage: flat, hand-packed words
// ----------------------------------------------------------------------
//
// Every record lives at `keccak256(tag ‖ key parts)` (records of several
// words in consecutive slots), packed by hand: one storage type, one map
// function, and far less wasm than typed `#[storage]` structs and maps.
// Most words hold `address (bits 0–159) | u64 (160–223) | u32 (224–255)`
// (see [`pack`]). Layout (append-only once deployed):
//
// | slot | words |
// |---|---|
// | `0` | `pack(registry, deallocation_delay, 0)` |
// | `1` | last slash id |
// | `2` | test-clock override (read only with the `test-clock` feature) |
// | `k(TAG_AVS, avs)` | `pack(registrar, 0, registered)` |
// | `k(TAG_SET, set)` +0..3 | `pack(slasher, veto_window, 1)`, `pack(recipient, cap_wad, 0)`, `pack(resolver, cap_period, 0)`, limbs `[penalty, period_index, period_used, vault_count]` |
// | `k(TAG_SET, set)` +4 | the evidence verifier |
// | `k(TAG_SET, set)` +5+i | the set's `i`-th vault (`i < MAX_SET_VAULTS`) |
// | `k(TAG_ACCEPTS, set, vault)` | 1 if the set accepts the vault |
// | `k(TAG_MEMBER, operator, set)` | `slashable_until` |
// | `k(TAG_ALLOC, operator, set, vault)` | [`Alloc`] limbs `[current, pending, effect_at, increase]` |
// | `k(TAG_ENCUMBERED, operator, vault)` | encumbered magnitude |
// | `k(TAG_REQUEST, id)` +0,1,2+i | `pack(operator, wad, set_id)`, `pack(avs, requested_at, status ‖ count << 8)`, vaults |
// | `k(TAG_CAP, operator, set)` | limbs `[period_index, period_used, 0, 0]`: the cap is per (set, operator) |
//
// The set's `period_index` and `period_used` limbs (`+3`) are no longer
// written (the cap moved to `TAG_CAP`, security review H-2); they stay zero.
//
// `set` is [`set_key`] (`avs ‖ set_id`).

pub(crate) const SLOT_CONFIG: U256 = U256::ZERO;
pub(crate) const SLOT_SLASH_ID: U256 = U256::from_limbs([1, 0, 0, 0]);
#[cfg(feature = "test-clock")]
pub(crate) const SLOT_TEST_CLOCK: U256 = U256::from_limbs([2, 0, 0, 0]);
/// Where a set's vault list starts (after its five parameter words).
pub(crate) const VAULTS: u64 = 5;
pub(crate) const TAG_AVS: u8 = 1;
pub(crate) const TAG_SET: u8 = 2;
pub(crate) const TAG_ACCEPTS: u8 = 3;
pub(crate) const TAG_MEMBER: u8 = 4;
pub(crate) const TAG_ALLOC: u8 = 5;
pub(crate) const TAG_ENCUMBERED: u8 = 6;
pub(crate) const TAG_REQUEST: u8 = 7;
pub(crate) const TAG_CAP: u8 = 8;

/// `address | hi << 160 | top << 224`.
pub(crate) fn pack(address: Address, hi: u64, top: u32) -> U256 {
    U256::from_be_slice(address.as_slice())
        | (U256::from(hi) << 160usize)
        | (U256::from(top) << 224usize)
}

/// The inverse of [`pack`].
pub(crate) fn unpack(word: U256) -> (Address, u64, u32) {
    let address = Address::from_word(B256::from(word));
    let hi = (word >> 160usize).as_limbs()[0];
    let top = (word >> 224usize).as_limbs()[0] as u32;
    (address, hi, top)
}

/// The `i`-th slot after `base` (a record's later words). Wrapping: slots
/// are 256-bit names, not amounts.
pub(crate) fn slot(base: U256, i: u64) -> U256 {
    base.wrapping_add(U256::from(i))
}

impl SlashingManager {
    pub(crate) fn sload(&self, key: U256) -> U256 {
        U256::from_be_bytes(self.vm().storage_load_bytes32(key).0)
    }

    pub(crate) fn sstore(&mut self, key: U256, value: U256) {
        // SAFETY: the key is a slot this contract owns (the layout table);
        // the SDK flushes the cache at the end of the call and before every
        // external call.
        unsafe { self.vm().storage_cache_bytes32(key, B256::from(value)) };
    }

    /// A record's slot: `keccak256(tag ‖ parts)`.
    pub(crate) fn key(&self, tag: u8, parts: &[&[u8]]) -> U256 {
        let mut buf = Vec::with_capacity(128);
        buf.push(tag);
        for part in parts {
            buf.extend_from_slice(part);
        }
        U256::from_be_bytes(self.vm().native_keccak256(&buf).0)
    }

    /// Now: the block timestamp, or the test clock's override.
    pub(crate) fn now(&self) -> u64 {
        #[cfg(feature = "test-clock")]
        {
            let t = self.sload(SLOT_TEST_CLOCK).as_limbs()[0];
            if t != 0 {
                return t;
            }
        }
        self.vm().block_timestamp()
    }

    /// Sets the test clock (feature `test-clock` only; 0 restores the block
    /// timestamp).
    #[cfg(feature = "test-clock")]
    pub fn set_test_timestamp(&mut self, timestamp: u64) {
        self.sstore(SLOT_TEST_CLOCK, U256::from(timestamp));
    }
}
