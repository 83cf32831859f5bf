//! The vault's storage: named kit keys (one keccak, one load and one
//! store, each out of line once).
//!
//! | key | word |
//! |---|---|
//! | [`OWNERSHIP`] `0`, `1` | the owner, the account offered ownership |
//! | [`PAUSE`] `2` | deposits paused |
//! | [`PAUSER`] `0x10` | may pause and unpause deposits |
//! | [`ASSET`] `0x11` | the ERC-20 asset, or `NATIVE_ETH` |
//! | [`REGISTRY`] `0x12` | the operator registry (moves deposit shares, pays withdrawals) |
//! | [`SLASHING_MANAGER`] `0x13` | burns or redistributes slashed shares |
//! | [`DEPOSIT_CAP`] `0x14` | bound on total assets |
//! | [`TOTAL_SHARES`] `0x15` | deposit shares plus queued, less slashed |
//! | [`DEPOSIT_SHARES`] `keccak(1 ‖ staker)` | a staker's deposit shares |
//! | [`SLASHED_CLAIMS`] `keccak(2 ‖ recipient)` | (I-6) ETH mode: slashed shares credited to a redistribution recipient |

use alloy_primitives::{Address, U256};
use restake_kit::{
    ownable::Ownership,
    pausable::Pause,
    storage::{self, Map, Slot},
};
use stylus_sdk::prelude::*;

use crate::Vault;

/// The owner and the account offered ownership (the kit's `Ownership`:
/// OpenZeppelin's `Ownable2Step`).
pub(crate) const OWNERSHIP: Ownership = Ownership::at(Slot::new(0), Slot::new(1));
/// The deposit pause flag (the kit's `Pause`: OpenZeppelin's `Pausable`).
pub(crate) const PAUSE: Pause = Pause::at(Slot::new(2));
/// Who may pause and unpause deposits.
pub(crate) const PAUSER: Slot = Slot::new(0x10);
/// The asset.
pub(crate) const ASSET: Slot = Slot::new(0x11);
/// The operator registry, fixed at construction.
pub(crate) const REGISTRY: Slot = Slot::new(0x12);
/// The slashing manager, fixed at construction.
pub(crate) const SLASHING_MANAGER: Slot = Slot::new(0x13);
/// The deposit cap.
pub(crate) const DEPOSIT_CAP: Slot = Slot::new(0x14);
/// Shares in existence.
pub(crate) const TOTAL_SHARES: Slot = Slot::new(0x15);
/// Deposit shares per staker.
pub(crate) const DEPOSIT_SHARES: Map = Map::new(1);
/// Slashed shares credited per redistribution recipient (ETH mode).
pub(crate) const SLASHED_CLAIMS: Map = Map::new(2);

impl Vault {
    #[inline(never)]
    pub(crate) fn get(&self, slot: Slot) -> U256 {
        slot.load(self.vm())
    }

    #[inline(never)]
    pub(crate) fn put(&mut self, slot: Slot, value: U256) {
        slot.store(self.vm(), value)
    }

    pub(crate) fn get_addr(&self, slot: Slot) -> Address {
        storage::to_address(self.get(slot))
    }

    pub(crate) fn put_addr(&mut self, slot: Slot, value: Address) {
        self.put(slot, U256::from_be_bytes(value.into_word().0))
    }

    #[inline(never)]
    pub(crate) fn map_get(&self, map: Map, key: Address) -> U256 {
        map.load(self.vm(), key.into_word())
    }

    #[inline(never)]
    pub(crate) fn map_put(&mut self, map: Map, key: Address, value: U256) {
        map.store(self.vm(), key.into_word(), value)
    }
}
