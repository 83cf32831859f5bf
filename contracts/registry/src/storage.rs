//! The raw storage layer (layout table on [`OperatorRegistry`]): the slot
//! tags, the packed-word helpers, the records read back as structs, the keyed
//! reads and writes every other module goes through, and the host helpers
//! (time, events).

use alloy_primitives::{Address, B256, U256};
use restake_kit::log;

use crate::OperatorRegistry;
use stylus_sdk::prelude::*;

pub(crate) const TAG_CONFIG: u8 = 1;
pub(crate) const TAG_VAULT_COUNT: u8 = 2;
pub(crate) const TAG_VAULT_AT: u8 = 3;
pub(crate) const TAG_IS_VAULT: u8 = 4;
pub(crate) const TAG_OPERATOR: u8 = 5;
pub(crate) const TAG_DELEGATED_TO: u8 = 6;
pub(crate) const TAG_SALT: u8 = 7;
pub(crate) const TAG_DSF: u8 = 8;
pub(crate) const TAG_STAKE: u8 = 9;
pub(crate) const TAG_OPERATOR_VAULT: u8 = 10;
pub(crate) const TAG_CHECKPOINTS: u8 = 11;
pub(crate) const TAG_WITHDRAWAL: u8 = 12;
pub(crate) const TAG_WITHDRAWAL_COUNT: u8 = 13;
#[cfg(feature = "test-clock")]
pub(crate) const TAG_TEST_CLOCK: u8 = 14;
pub(crate) const TAG_OWNER: u8 = 15;
pub(crate) const TAG_PENDING_OWNER: u8 = 16;
pub(crate) const TAG_ALLOCATION_DELAY: u8 = 17;

/// `slot + i` (storage offsets, not money: wrapping is the EVM's slot arithmetic).
#[inline(never)]
pub(crate) fn offset(slot: U256, i: u64) -> U256 {
    slot.wrapping_add(U256::from(i))
}

/// The low 64 bits of `x`, for values known to fit (counts, timestamps,
/// checked calldata): `to::<u64>()` would link a panic path with `Debug`
/// formatting.
pub(crate) fn low_u64(x: U256) -> u64 {
    x.as_limbs()[0]
}

/// A word holding `x` (bytes 4..12) and `address` (bytes 12..32).
#[inline(never)]
pub(crate) fn pack(x: u64, address: Address) -> B256 {
    let mut w = [0u8; 32];
    w[4..12].copy_from_slice(&x.to_be_bytes());
    w[12..].copy_from_slice(address.as_slice());
    B256::new(w)
}

/// The inverse of [`pack`].
#[inline(never)]
pub(crate) fn unpack(w: B256) -> (u64, Address) {
    let mut x = [0u8; 8];
    x.copy_from_slice(&w[4..12]);
    (u64::from_be_bytes(x), Address::from_slice(&w[12..]))
}

/// A word holding `a` (bytes 16..24) and `b` (bytes 24..32).
#[inline(never)]
pub(crate) fn pack2(a: u64, b: u64) -> B256 {
    let mut w = [0u8; 32];
    w[16..24].copy_from_slice(&a.to_be_bytes());
    w[24..].copy_from_slice(&b.to_be_bytes());
    B256::new(w)
}

/// The inverse of [`pack2`].
#[inline(never)]
pub(crate) fn unpack2(w: B256) -> (u64, u64) {
    let (mut a, mut b) = ([0u8; 8], [0u8; 8]);
    a.copy_from_slice(&w[16..24]);
    b.copy_from_slice(&w[24..]);
    (u64::from_be_bytes(a), u64::from_be_bytes(b))
}

pub(crate) const REGISTERED: u64 = 1 << 32;
pub(crate) const COMPLETED: u64 = 1 << 32;

/// A withdrawal's fixed part, read from storage.
pub(crate) struct Withdrawal {
    pub(crate) staker: Address,
    pub(crate) operator: Address,
    pub(crate) claimable_at: u64,
    pub(crate) completed: bool,
    pub(crate) entries: u64,
}

/// (operator, vault): where its checkpoints live, how many, and the
/// magnitude lost so far.
pub(crate) struct OperatorVaultState {
    pub(crate) meta_slot: U256,
    pub(crate) checkpoints: U256,
    pub(crate) lost: u64,
    pub(crate) count: u64,
}

/// The zero word (an unused key half).
pub(crate) const Z: B256 = B256::ZERO;
/// The word 1 (a set flag).
pub(crate) const ONE: B256 = B256::new([
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
]);

impl OperatorRegistry {
    // -- raw storage --

    /// The storage slot of `(tag, a, b)`: `keccak256(tag ‖ a ‖ b)`.
    #[inline(never)]
    pub(crate) fn key(&self, tag: u8, a: B256, b: B256) -> U256 {
        let mut buf = [0u8; 65];
        buf[0] = tag;
        buf[1..33].copy_from_slice(a.as_slice());
        buf[33..].copy_from_slice(b.as_slice());
        U256::from_be_bytes(self.vm().native_keccak256(&buf).0)
    }

    #[inline(never)]
    pub(crate) fn sload(&self, slot: U256) -> B256 {
        self.vm().storage_load_bytes32(slot)
    }

    #[inline(never)]
    pub(crate) fn sload_u(&self, slot: U256) -> U256 {
        U256::from_be_bytes(self.sload(slot).0)
    }

    #[inline(never)]
    pub(crate) fn sstore(&mut self, slot: U256, value: B256) {
        // SAFETY: every slot is a tagged keccak hash (no aliasing with the
        // SDK's storage types, which the registry does not use), and the SDK
        // flushes the cache before every call out and at the end of the
        // transaction.
        unsafe { self.vm().storage_cache_bytes32(slot, value) }
    }

    /// `(withdrawal delay, slashing manager)`.
    pub(crate) fn config(&self) -> (u64, Address) {
        unpack(self.sload(self.key(TAG_CONFIG, Z, Z)))
    }

    pub(crate) fn vault_count(&self) -> u64 {
        low_u64(self.sload_u(self.key(TAG_VAULT_COUNT, Z, Z)))
    }

    /// `(flags, approver)` of `operator`.
    #[inline(never)]
    pub(crate) fn operator_word(&self, operator: Address) -> (u64, Address) {
        unpack(self.sload(self.key(TAG_OPERATOR, operator.into_word(), Z)))
    }

    #[inline(never)]
    pub(crate) fn operator_vault(&self, operator: Address, vault: Address) -> OperatorVaultState {
        let meta_slot = self.key(TAG_OPERATOR_VAULT, operator.into_word(), vault.into_word());
        let (lost, count) = unpack2(self.sload(meta_slot));
        let checkpoints = self.key(TAG_CHECKPOINTS, operator.into_word(), vault.into_word());
        OperatorVaultState {
            meta_slot,
            checkpoints,
            lost,
            count,
        }
    }

    /// Checkpoint `i`: `(timestamp, magnitude, cumulative scaled)`.
    #[inline(never)]
    pub(crate) fn checkpoint_at(&self, ov: &OperatorVaultState, i: u64) -> (u64, u64, U256) {
        let (ts, magnitude) = unpack2(self.sload(offset(ov.checkpoints, 2 * i)));
        (
            ts,
            magnitude,
            self.sload_u(offset(ov.checkpoints, 2 * i + 1)),
        )
    }

    // -- host --

    /// The current time in seconds.
    pub(crate) fn now(&self) -> u64 {
        #[cfg(feature = "test-clock")]
        {
            let t = low_u64(self.sload_u(self.key(TAG_TEST_CLOCK, Z, Z)));
            if t != 0 {
                return t;
            }
        }
        self.vm().block_timestamp()
    }

    /// Emits an event through the kit (`log::emit`), from one out-of-line
    /// copy: inlined at each of this contract's sites it cost more bytes
    /// (measured, `docs/decisions.md`).
    #[inline(never)]
    pub(crate) fn emit(&self, topics: &[B256], data: &[B256]) {
        log::emit(self.vm(), topics, data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Packing round trips.
    #[test]
    fn packed_words_round_trip() {
        let a = Address::with_last_byte(9);
        assert_eq!(unpack(pack(u64::MAX, a)), (u64::MAX, a));
        assert_eq!(unpack2(pack2(3, u64::MAX)), (3, u64::MAX));
        assert_eq!(low_u64(U256::from(u64::MAX)), u64::MAX);
    }
}
