//! The storage layer: flat, hand-packed words on the kit's typed keys (the
//! layout table below), the slot and map constants, the reads and writes
//! every module goes through, and the clock (with the `test-clock`
//! override).

#[cfg(feature = "test-clock")]
use alloy_primitives::U256;
use restake_kit::storage::{Map2, Map3, Slot};
use stylus_sdk::prelude::*;

use crate::SlashingManager;

// ----------------------------------------------------------------------
// Storage: flat, hand-packed words
// ----------------------------------------------------------------------
//
// Every location is one of the constants below, on the kit's typed keys
// (`restake_kit::storage`): fixed slots are small integers, records live at
// `keccak256(tag ‖ key words)` (records of several words in consecutive
// slots, `storage::offset`), packed by hand: one storage type, one map
// function, and far less wasm than typed `#[storage]` structs and maps.
// Every key is a word: an address left-padded (`into_word`), a set its
// [`set_key`](crate::set_key) (`avs ‖ set_id`), an id big-endian. Most words
// hold `address (bits 0–159) | u64 (160–223) | u32 (224–255)` (the kit's
// `storage::pack`). Layout:
//
// | slot | words |
// |---|---|
// | `0` ([`CONFIG`]) | `pack(registry, deallocation_delay, 0)` |
// | `1` ([`SLASH_ID`]) | last slash id |
// | `2` ([`TEST_CLOCK`]) | test-clock override (read only with the `test-clock` feature) |
// | `3` ([`REWARDS`]) | the rewards contract (zero: none wired) |
// | `4` ([`EXTENSION`]) | the extension wasm the core delegate-calls (zero natively) |
// | `keccak(1 ‖ avs ‖ 0)` ([`AVSES`]) | `pack(registrar, 0, registered)` |
// | `keccak(2 ‖ set ‖ 0)` ([`SETS`]) +0..3 | `pack(slasher, veto_window, 1)`, `pack(recipient, cap_wad, 0)`, `pack(resolver, cap_period, 0)`, limbs `[penalty, period_index, period_used, vault_count]` |
// | `keccak(2 ‖ set ‖ 0)` +4 | the evidence verifier |
// | `keccak(2 ‖ set ‖ 0)` +5+i ([`VAULTS`]) | the set's `i`-th vault (`i < MAX_SET_VAULTS`) |
// | `keccak(3 ‖ set ‖ vault)` ([`ACCEPTS`]) | 1 if the set accepts the vault |
// | `keccak(4 ‖ operator ‖ set)` ([`MEMBERS`]) | `slashable_until` |
// | `keccak(5 ‖ operator ‖ set ‖ vault)` ([`ALLOCATIONS`]) | [`Alloc`](crate::allocations::Alloc) limbs `[current, pending, effect_at, increase]` |
// | `keccak(6 ‖ operator ‖ vault)` ([`ENCUMBERED`]) | encumbered magnitude |
// | `keccak(7 ‖ id ‖ 0)` ([`REQUESTS`]) +0,1,2+i | `pack(operator, wad, set_id)`, `pack(avs, requested_at, status ‖ count << 8)`, vaults |
// | `keccak(8 ‖ operator ‖ set)` ([`CAPS`]) | limbs `[period_index, period_used, 0, 0]`: the cap is per (set, operator) |
// | `keccak(9 ‖ vault ‖ recipient)` ([`SLASHED`]) | vault shares slashed for `recipient` (zero: the burn), not yet released |
//
// The set's `period_index` and `period_used` limbs (`+3`) are no longer
// written (the cap moved to `CAPS`, security review H-2); they stay zero.
//
// Maps of one key are `Map2`s keyed `(key, 0)` ([`SlashingManager::slot1`]):
// one hash function out of line for both shapes instead of two (measured:
// 400 bytes of wasm and 62 gas of start-up less than with the kit's `Map`).
//
// Collision-free: the fixed slots are below 5, every mapped slot is a
// keccak image of 65 or 97 bytes whose first byte is its map's tag
// (each tag used once), and a record's offsets stay below
// `VAULTS + MAX_SET_VAULTS` (or the request's vault count) from its base.
// Append-only once deployed.

/// `pack(registry, deallocation_delay, 0)`.
pub(crate) const CONFIG: Slot = Slot::new(0);
/// The last slash id handed out.
pub(crate) const SLASH_ID: Slot = Slot::new(1);
/// The `test-clock` feature's time override.
#[cfg(feature = "test-clock")]
pub(crate) const TEST_CLOCK: Slot = Slot::new(2);
/// The rewards contract (zero: none wired).
pub(crate) const REWARDS: Slot = Slot::new(3);
/// The extension wasm the core delegate-calls (zero natively).
pub(crate) const EXTENSION: Slot = Slot::new(4);
/// AVS → `pack(registrar, 0, registered)`.
pub(crate) const AVSES: Map2 = Map2::new(1);
/// Set → its record: five parameter words, then its vaults.
pub(crate) const SETS: Map2 = Map2::new(2);
/// (set, vault) → 1 if the set accepts the vault.
pub(crate) const ACCEPTS: Map2 = Map2::new(3);
/// (operator, set) → `slashable_until`.
pub(crate) const MEMBERS: Map2 = Map2::new(4);
/// (operator, set, vault) → the [`Alloc`](crate::allocations::Alloc) word.
pub(crate) const ALLOCATIONS: Map3 = Map3::new(5);
/// (operator, vault) → encumbered magnitude.
pub(crate) const ENCUMBERED: Map2 = Map2::new(6);
/// Slash id → the request's record (two words, then its vaults).
pub(crate) const REQUESTS: Map2 = Map2::new(7);
/// (operator, set) → the cap's `[period_index, period_used, 0, 0]`.
pub(crate) const CAPS: Map2 = Map2::new(8);
/// (vault, recipient) → the vault shares slashed for `recipient` (zero: the
/// burn) and not yet released to the vault.
pub(crate) const SLASHED: Map2 = Map2::new(9);
/// Where a set's vault list starts in its record (after its five parameter
/// words).
pub(crate) const VAULTS: u64 = 5;

restake_kit::storage_methods!(impl SlashingManager; sload sstore slot1 slot2 slot3);

impl SlashingManager {
    /// Now: the block timestamp, or the test clock's override.
    pub(crate) fn now(&self) -> u64 {
        #[cfg(feature = "test-clock")]
        {
            let t = self.sload(TEST_CLOCK.slot()).as_limbs()[0];
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
        self.sstore(TEST_CLOCK.slot(), U256::from(timestamp));
    }
}
