//! The sub-account's storage: named kit keys, no hashing at all (every
//! record lives at a fixed slot or a fixed offset), one load and one store
//! each out of line.
//!
//! | key | word |
//! |---|---|
//! | [`CONTROLLER`] `0` | the Lrt (the account itself for the locked implementation) |
//! | [`REGISTRY`] `1` | the operator registry |
//! | [`OPERATOR`] `2` | the operator the controller delegated the account to |
//! | [`OPEN`] `3` | how many registry withdrawals are recorded as open (at most [`MAX_WITHDRAWALS`]) |
//! | [`SNAPSHOT_LEN`] `4` | how many vaults the position snapshot holds |
//! | `0x100 + 2i`, `0x101 + 2i` | open withdrawal `i` (`i <` [`MAX_WITHDRAWALS`]): its registry id, its vault (zero: one the registry queued, or the donations, over every vault) |
//! | `2^32 + 2i`, `2^32 + 2i + 1` | snapshot entry `i`: a vault, its scaled shares (H-1) |
//!
//! Records past a count are stale words, never read (every read checks the
//! count); removing one moves the last into its place.
//!
//! The position snapshot (H-1) holds, per vault, the scaled shares
//! (`depositShares · depositScalingFactor`, as the registry would queue
//! them) recorded after every move of the controller while delegated.
//! While the registry says the account is no longer delegated to its
//! operator (an operator or approver called `undelegate`), the withdrawal
//! the registry queued for it is valued from the snapshot, until it is
//! adopted or completed.

use alloy_primitives::{Address, U256};
use restake_kit::storage::{self, Slot};
use stylus_sdk::prelude::*;

use crate::{LrtAccount, MAX_WITHDRAWALS};

/// The Lrt: the only address that may drive the account.
pub(crate) const CONTROLLER: Slot = Slot::new(0);
/// The operator registry.
pub(crate) const REGISTRY: Slot = Slot::new(1);
/// The operator the controller delegated the account to.
pub(crate) const OPERATOR: Slot = Slot::new(2);
/// The number of open withdrawals recorded.
pub(crate) const OPEN: Slot = Slot::new(3);
/// The number of snapshot entries.
pub(crate) const SNAPSHOT_LEN: Slot = Slot::new(4);
/// The first slot of the open withdrawals (two words each).
const WITHDRAWALS: u64 = 0x100;
/// The first slot of the snapshot (two words each), far above the
/// withdrawals' `2 ·` [`MAX_WITHDRAWALS`] words.
const SNAPSHOT: u64 = 1 << 32;

const _: () = assert!(WITHDRAWALS + 2 * MAX_WITHDRAWALS as u64 <= SNAPSHOT);

impl LrtAccount {
    #[inline(never)]
    pub(crate) fn load(&self, slot: u64) -> U256 {
        storage::load(self.vm(), U256::from(slot))
    }

    #[inline(never)]
    pub(crate) fn store(&mut self, slot: u64, value: U256) {
        storage::store(self.vm(), U256::from(slot), value)
    }

    pub(crate) fn get(&self, slot: Slot) -> U256 {
        self.load(slot.slot().as_limbs()[0])
    }

    pub(crate) fn get_addr(&self, slot: Slot) -> Address {
        storage::to_address(self.get(slot))
    }

    pub(crate) fn put_addr(&mut self, slot: Slot, value: Address) {
        self.store(slot.slot().as_limbs()[0], storage::from_address(value))
    }

    /// A count (at most [`MAX_WITHDRAWALS`], or the number of vaults).
    pub(crate) fn count(&self, slot: Slot) -> usize {
        self.get(slot).saturating_to()
    }

    fn set_count(&mut self, slot: Slot, n: usize) {
        self.store(slot.slot().as_limbs()[0], U256::from(n))
    }

    /// Open withdrawal `i` (`i <` [`Self::count`]`(OPEN)`): its id and vault.
    pub(crate) fn withdrawal_at(&self, i: usize) -> (U256, Address) {
        let base = WITHDRAWALS + 2 * i as u64;
        (self.load(base), storage::to_address(self.load(base + 1)))
    }

    /// The index of open withdrawal `id`, if recorded.
    pub(crate) fn find_withdrawal(&self, id: U256) -> Option<usize> {
        (0..self.count(OPEN)).find(|&i| self.withdrawal_at(i).0 == id)
    }

    /// Records open withdrawal `id` of `vault` (the caller checked the room).
    pub(crate) fn push_withdrawal(&mut self, id: U256, vault: Address) {
        let n = self.count(OPEN);
        let base = WITHDRAWALS + 2 * n as u64;
        self.store(base, id);
        self.store(base + 1, storage::from_address(vault));
        self.set_count(OPEN, n + 1);
    }

    /// Forgets open withdrawal `i` (`i <` the count): the last takes its place.
    pub(crate) fn remove_withdrawal(&mut self, i: usize) {
        let n = self.count(OPEN);
        let last = n.saturating_sub(1);
        if i < last {
            let (id, vault) = self.withdrawal_at(last);
            let base = WITHDRAWALS + 2 * i as u64;
            self.store(base, id);
            self.store(base + 1, storage::from_address(vault));
        }
        self.set_count(OPEN, last);
    }

    /// Snapshot entry `i` (`i <` the snapshot's length): a vault and its
    /// scaled shares.
    pub(crate) fn snapshot_entry(&self, i: usize) -> (Address, U256) {
        let base = SNAPSHOT + 2 * i as u64;
        (storage::to_address(self.load(base)), self.load(base + 1))
    }

    /// The index of `vault` in the snapshot, if there.
    pub(crate) fn find_snapshot(&self, vault: Address) -> Option<usize> {
        (0..self.count(SNAPSHOT_LEN)).find(|&i| self.snapshot_entry(i).0 == vault)
    }

    /// Sets `vault`'s scaled shares in the snapshot (a new entry if absent).
    pub(crate) fn put_snapshot(&mut self, vault: Address, scaled: U256) {
        let i = match self.find_snapshot(vault) {
            Some(i) => i,
            None => {
                let n = self.count(SNAPSHOT_LEN);
                self.store(SNAPSHOT + 2 * n as u64, storage::from_address(vault));
                self.set_count(SNAPSHOT_LEN, n + 1);
                n
            }
        };
        self.store(SNAPSHOT + 2 * i as u64 + 1, scaled);
    }

    /// Drops the snapshot.
    pub(crate) fn clear_snapshot(&mut self) {
        self.set_count(SNAPSHOT_LEN, 0);
    }
}
