//! The raw storage layer: the layout (the table below, every location a
//! named constant of the kit's typed keys), the records read back as
//! structs, the reads and writes every other module goes through, and the
//! host helpers (time, events).
//!
//! Flat words packed by hand (the SDK's nested maps, vectors and guards cost
//! several times more wasm, and the registry must fit the Stylus size
//! limit). Fixed slots are small integers; mapped slots are the kit's
//! `keccak256(tag ‖ a ‖ b)` ([`Map2`]), every key a word (addresses
//! left-padded, ids and indices big-endian); a map of one key is keyed
//! `(key, 0)` ([`OperatorRegistry::slot1`]): one hash function out of line
//! instead of two (measured: 369 bytes of wasm and 48 gas of start-up less
//! than with the kit's 33-byte `Map`).
//! `pack(address, x, top)` is the kit's `storage::pack` (`top (u32) ‖ x
//! (u64) ‖ address`); `[a, b]` are a word's low limbs (`U256::from_limbs([a,
//! b, 0, 0])`, `a` the lowest 64 bits).
//!
//! | slot | constant | word(s) |
//! |---|---|---|
//! | `0` | [`CONFIG`] | `pack(slashing manager, withdrawal delay, slash epoch)`: the epoch (u32) counts slashes, wrapping |
//! | `1` | [`VAULT_COUNT`] | number of vaults |
//! | `2` | [`WITHDRAWAL_COUNT`] | withdrawals queued so far (ids 1, 2, ...) |
//! | `3` | [`TEST_CLOCK`] | the `test-clock` feature's time override |
//! | `4` | [`OWNER`] | owner |
//! | `5` | [`PENDING_OWNER`] | pending owner (two-step transfer) |
//! | `6` | [`REWARDS`] | the rewards contract (zero: none wired); copied into each `IS_VAULT` word |
//! | `7` | [`EXTENSION`] | the extension wasm the core delegate-calls (zero natively) |
//! | `keccak(3 ‖ i ‖ 0)` | [`VAULT_AT`] | vault `i` |
//! | `keccak(4 ‖ vault ‖ 0)` | [`IS_VAULT`] | `pack(rewards contract, index + 1, 0)` if registered (zero: not); the address is always `REWARDS`' (both written by `addVault` and `setRewards`), so a hook that checks its vault learns where to tell the change from the same read |
//! | `keccak(5 ‖ operator ‖ 0)` | [`OPERATORS`] | `pack(approver, registered (bit 32) ‖ allocation delay chosen at registration (u32; the delay in force is under ALLOCATION_DELAYS), 0)` |
//! | `keccak(6 ‖ staker ‖ 0)` | [`DELEGATED_TO`] | operator |
//! | `keccak(7 ‖ approver ‖ salt)` | [`SALTS`] | 1 if spent |
//! | `keccak(8 ‖ staker ‖ vault)` | [`DSF`] | `deposit shares (u128, high) ‖ deposit scaling factor (WAD, u128, low)`: the registry's copy of the vault's `depositShares(staker)` (it makes or sees every change: the deposit hook, its own add and remove calls), so a delegation reads no vault |
//! | `keccak(9 ‖ operator ‖ vault)` | [`STAKES`] | delegated stake (vault shares) |
//! | `keccak(10 ‖ operator ‖ vault)` | [`OPERATOR_VAULTS`] | `[magnitude lost, checkpoint count]` |
//! | `keccak(11 ‖ operator ‖ vault)` | [`CHECKPOINTS`] | + 2i: `[timestamp, magnitude]`; + 2i + 1: cumulative scaled shares |
//! | `keccak(12 ‖ id ‖ 0)` | [`WITHDRAWALS`] | + 0: `pack(staker, start, 0)`; + 1: `pack(operator, completed (bit 32) ‖ entry j's vault index (3 bits at 8 + 3j) ‖ entries (bits 0–7), 0)`; + 2 + j: entry j's scaled shares |
//! | `keccak(17 ‖ operator ‖ 0)` | [`ALLOCATION_DELAYS`] | `[delay before (u32) ‖ delay from (u32) (high ‖ low), effect_at]` |
//!
//! Collision-free: the fixed slots are below 8, every mapped slot a keccak
//! image of 65 bytes starting with its map's tag (each tag used once),
//! and a record's offsets stay below `2 + MAX_VAULTS` (a withdrawal) or
//! the checkpoint count from its base. Append-only once deployed.

use alloy_primitives::{Address, B256, U256};
use restake_kit::storage::{offset, to_address, unpack, Map2, Slot};

use crate::OperatorRegistry;
use stylus_sdk::prelude::*;

/// `pack(slashing manager, withdrawal delay, slash epoch)`.
pub(crate) const CONFIG: Slot = Slot::new(0);
/// The number of vaults.
pub(crate) const VAULT_COUNT: Slot = Slot::new(1);
/// Withdrawals queued so far (the last id).
pub(crate) const WITHDRAWAL_COUNT: Slot = Slot::new(2);
/// The `test-clock` feature's time override.
#[cfg(feature = "test-clock")]
pub(crate) const TEST_CLOCK: Slot = Slot::new(3);
/// The owner.
pub(crate) const OWNER: Slot = Slot::new(4);
/// The pending owner (two-step transfer).
pub(crate) const PENDING_OWNER: Slot = Slot::new(5);
/// The rewards contract (zero: none wired).
pub(crate) const REWARDS: Slot = Slot::new(6);
/// The extension wasm the core delegate-calls (zero natively).
pub(crate) const EXTENSION: Slot = Slot::new(7);
/// Index → vault.
pub(crate) const VAULT_AT: Map2 = Map2::new(3);
/// Vault → `pack(rewards contract, index + 1, 0)` if registered.
pub(crate) const IS_VAULT: Map2 = Map2::new(4);
/// Operator → `pack(approver, flags, 0)`.
pub(crate) const OPERATORS: Map2 = Map2::new(5);
/// Staker → operator.
pub(crate) const DELEGATED_TO: Map2 = Map2::new(6);
/// (approver, salt) → 1 if spent.
pub(crate) const SALTS: Map2 = Map2::new(7);
/// (staker, vault) → `deposit shares ‖ deposit scaling factor` (u128 each).
pub(crate) const DSF: Map2 = Map2::new(8);
/// (operator, vault) → delegated stake.
pub(crate) const STAKES: Map2 = Map2::new(9);
/// (operator, vault) → `[magnitude lost, checkpoint count]`.
pub(crate) const OPERATOR_VAULTS: Map2 = Map2::new(10);
/// (operator, vault) → the checkpoints (two words each).
pub(crate) const CHECKPOINTS: Map2 = Map2::new(11);
/// Id → the withdrawal's record.
pub(crate) const WITHDRAWALS: Map2 = Map2::new(12);
/// Operator → `[delays, effect_at]`.
pub(crate) const ALLOCATION_DELAYS: Map2 = Map2::new(17);

/// The low 64 bits of `x`, for values known to fit (counts, timestamps,
/// checked calldata): `to::<u64>()` would link a panic path with `Debug`
/// formatting.
pub(crate) fn low_u64(x: U256) -> u64 {
    x.as_limbs()[0]
}

pub(crate) const REGISTERED: u64 = 1 << 32;
pub(crate) const COMPLETED: u64 = 1 << 32;
/// #15: a withdrawal's entry names its vault by index (< `MAX_VAULTS` = 8),
/// in 3 bits each from bit 8 of its flags word: 8 entries use bits 8–31.
pub(crate) const VAULT_BITS: u64 = 3;

/// A withdrawal's fixed part, read from storage.
pub(crate) struct Withdrawal {
    pub(crate) staker: Address,
    pub(crate) operator: Address,
    pub(crate) claimable_at: u64,
    pub(crate) completed: bool,
    pub(crate) entries: u64,
    /// The flags word as stored: the entry count (bits 0–7), each entry's
    /// vault index ([`VAULT_BITS`] bits from bit 8) and [`COMPLETED`].
    pub(crate) flags: u64,
}

/// (operator, vault): where its checkpoints live, how many, and the
/// magnitude lost so far.
pub(crate) struct OperatorVaultState {
    pub(crate) meta_slot: U256,
    pub(crate) checkpoints: U256,
    pub(crate) lost: u64,
    pub(crate) count: u64,
}

/// The word 1 (a set flag).
pub(crate) const ONE: U256 = U256::from_limbs([1, 0, 0, 0]);

restake_kit::storage_methods!(impl OperatorRegistry; sload sstore slot1 slot2);

impl OperatorRegistry {
    /// `(withdrawal delay, slashing manager)`.
    pub(crate) fn config(&self) -> (u64, Address) {
        let (manager, delay, _) = unpack(self.sload(CONFIG.slot()));
        (delay, manager)
    }

    /// The slash epoch: slashes so far, modulo 2^32 (`CONFIG`'s top).
    pub(crate) fn epoch(&self) -> u32 {
        unpack(self.sload(CONFIG.slot())).2
    }

    pub(crate) fn vault_count(&self) -> u64 {
        low_u64(self.sload(VAULT_COUNT.slot()))
    }

    /// `(flags, approver)` of `operator`.
    #[inline(never)]
    pub(crate) fn operator_word(&self, operator: Address) -> (u64, Address) {
        let (approver, flags, _) = unpack(self.sload(self.slot1(OPERATORS, operator.into_word())));
        (flags, approver)
    }

    #[inline(never)]
    pub(crate) fn operator_vault(&self, operator: Address, vault: Address) -> OperatorVaultState {
        let (o, v) = (operator.into_word(), vault.into_word());
        let meta_slot = self.slot2(OPERATOR_VAULTS, o, v);
        let [lost, count, ..] = *self.sload(meta_slot).as_limbs();
        OperatorVaultState {
            meta_slot,
            checkpoints: self.slot2(CHECKPOINTS, o, v),
            lost,
            count,
        }
    }

    /// Checkpoint `i`: `(timestamp, magnitude, cumulative scaled)`.
    #[inline(never)]
    pub(crate) fn checkpoint_at(&self, ov: &OperatorVaultState, i: u64) -> (u64, u64, U256) {
        let [ts, magnitude, ..] = *self.sload(offset(ov.checkpoints, 2 * i)).as_limbs();
        (ts, magnitude, self.sload(offset(ov.checkpoints, 2 * i + 1)))
    }

    /// The address held in `slot`.
    pub(crate) fn sload_address(&self, slot: U256) -> Address {
        to_address(self.sload(slot))
    }

    // -- host --

    /// The current time in seconds.
    pub(crate) fn now(&self) -> u64 {
        #[cfg(feature = "test-clock")]
        {
            let t = low_u64(self.sload(TEST_CLOCK.slot()));
            if t != 0 {
                return t;
            }
        }
        self.vm().block_timestamp()
    }

    /// Emits `event`, an `events!` type (its topics and data from its
    /// declaration, so no site restates its fields), through the one
    /// out-of-line [`Self::emit_raw`].
    #[inline(always)]
    pub(crate) fn emit_event(&self, event: &impl restake_kit::items::EventLog) {
        event.emit_to(|topics, data| self.emit_raw(topics, data))
    }

    /// Emits a log, from one out-of-line copy: inlined at each of this
    /// contract's sites it cost more bytes (measured, `docs/decisions.md`).
    #[inline(never)]
    pub(crate) fn emit_raw(&self, topics: &[B256], data: &[u8]) {
        // raw_log fails only for more than four topics, which no event has.
        let _ = self.vm().raw_log(topics, data);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `low_u64` keeps the low limb.
    #[test]
    fn low_u64_keeps_the_low_limb() {
        assert_eq!(low_u64(U256::from(u64::MAX)), u64::MAX);
        assert_eq!(low_u64(U256::MAX), u64::MAX);
        assert_eq!(low_u64(U256::from(7)), 7);
    }
}
