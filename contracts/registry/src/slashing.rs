//! Slashing factors: the slashing manager's entry point (lowering an
//! operator's max magnitude for a vault), the max magnitude itself, and the
//! per (operator, vault) checkpoints of magnitude and cumulative queued
//! scaled shares that make a slash O(1) in stakers and withdrawals.

use alloy_primitives::{Address, U256};
use restake_interfaces::registry::*;
use restake_math::{add, slashed_operator_shares, sub, wad_mul, Rounding};
use stylus_sdk::prelude::*;

use crate::storage::{OperatorVaultState, CONFIG, OPERATOR_VAULTS, STAKES};
use crate::{Error, OperatorRegistry, WAD_U64};
use restake_kit::storage::{offset, pack};

impl OperatorRegistry {
    // ------------------------------------------------------------------
    // Slashing manager entry point
    // ------------------------------------------------------------------

    /// Lowers `operator`'s max magnitude for `vault` by `magnitude` (WAD) and
    /// returns the vault shares to burn: its stake slashed
    /// (`slashed_operator_shares`: the remainder rounds up) plus the slashable
    /// part of its queued withdrawals (those queued less than
    /// `withdrawalDelay` ago: `⌊queued scaled · magnitude / WAD⌋`). O(1) in
    /// stakers and withdrawals (a binary search over checkpoints). Only the
    /// slashing manager.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - the caller is not the slashing manager.
    /// * [`Error::VaultNotRegistered`], [`Error::NotOperator`].
    /// * [`Error::MagnitudeExceeded`] - `magnitude` exceeds the current one.
    /// * [`Error::Math`].
    ///
    /// # Events
    /// * [`OperatorSlashed`].
    pub fn slash_operator(
        &mut self,
        operator: Address,
        vault: Address,
        magnitude: u64,
    ) -> Result<U256, Error> {
        let caller = self.vm().msg_sender();
        let (delay, manager) = self.config();
        if caller != manager || manager.is_zero() {
            return Err(Error::Unauthorized(RegistryUnauthorized { caller }));
        }
        self.check_vault(vault)?;
        if !self.is_operator(operator) {
            return Err(Error::NotOperator(RegistryNotOperator {
                account: operator,
            }));
        }
        let ov = self.operator_vault(operator, vault);
        // lost <= WAD: it only grows by slashes checked against the magnitude left.
        let current = WAD_U64 - ov.lost;
        if magnitude > current {
            return Err(Error::MagnitudeExceeded(RegistryMagnitudeExceeded {
                operator,
                vault,
                current,
                requested: magnitude,
            }));
        }
        let new_magnitude = current - magnitude;
        let now = self.now();
        let stake_slot = self.slot2(STAKES, operator.into_word(), vault.into_word());
        let stake = self.sload(stake_slot);
        let stake_slashed = if current == 0 {
            U256::ZERO
        } else {
            slashed_operator_shares(stake, U256::from(current), U256::from(new_magnitude))?
        };
        let (_, cumulative) = self.latest(&ov);
        let slashable = sub(cumulative, self.queued_before_window(&ov, now, delay))?;
        // Floor: the burn is never more than the queued claims lose (each
        // pays ⌊scaled · m / WAD⌋, and Σ⌊x_i⌋ ≤ ⌊Σ x_i⌋).
        let queued_slashed = wad_mul(slashable, U256::from(magnitude), Rounding::Down)?;
        let total = add(stake_slashed, queued_slashed)?;

        self.sstore(stake_slot, sub(stake, stake_slashed)?);
        self.checkpoint(&ov, now, new_magnitude, cumulative, WAD_U64 - new_magnitude);
        // #15: the slash epoch moves with every slash, so a staker that keeps
        // its books (the Lrt) knows in one read whether any magnitude moved.
        self.sstore(
            CONFIG.slot(),
            pack(manager, delay, self.epoch().wrapping_add(1)),
        );
        self.emit_event(&OperatorSlashed {
            operator,
            vault,
            previous_magnitude: current,
            new_magnitude,
            stake_slashed,
            queued_slashed,
        });
        Ok(total)
    }
}

impl OperatorRegistry {
    /// `operator`'s max magnitude for `vault`; WAD for no operator.
    #[inline(never)]
    pub(crate) fn magnitude_of(&self, operator: Address, vault: Address) -> u64 {
        if operator.is_zero() {
            return WAD_U64;
        }
        let slot = self.slot2(OPERATOR_VAULTS, operator.into_word(), vault.into_word());
        let lost = self.sload(slot).as_limbs()[0];
        // lost <= WAD: it only grows by slashes checked against the magnitude left.
        WAD_U64 - lost
    }

    /// The latest `(magnitude, cumulative scaled)`, or the initial `(WAD, 0)`.
    pub(crate) fn latest(&self, ov: &OperatorVaultState) -> (u64, U256) {
        match ov.count.checked_sub(1) {
            Some(i) => {
                let (_, magnitude, cumulative) = self.checkpoint_at(ov, i);
                (magnitude, cumulative)
            }
            None => (WAD_U64, U256::ZERO),
        }
    }

    /// `(magnitude, cumulative scaled)` as of time `t`: the last checkpoint
    /// at or before `t` (binary search), or the initial `(WAD, 0)`.
    pub(crate) fn at(&self, ov: &OperatorVaultState, t: u64) -> (u64, U256) {
        let (mut lo, mut hi) = (0u64, ov.count);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.checkpoint_at(ov, mid).0 <= t {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        match lo.checked_sub(1) {
            Some(i) => {
                let (_, magnitude, cumulative) = self.checkpoint_at(ov, i);
                (magnitude, cumulative)
            }
            None => (WAD_U64, U256::ZERO),
        }
    }

    /// Cumulative scaled shares queued at or before `now - delay`: the
    /// withdrawals no slash can reach any more (one queued at `start` is
    /// slashable while `now < start + delay`).
    pub(crate) fn queued_before_window(
        &self,
        ov: &OperatorVaultState,
        now: u64,
        delay: u64,
    ) -> U256 {
        match now.checked_sub(delay) {
            Some(cutoff) => self.at(ov, cutoff).1,
            None => U256::ZERO,
        }
    }

    /// Records `(magnitude, cumulative)` at `now` (in place if the latest
    /// checkpoint has the same timestamp) and the magnitude lost.
    pub(crate) fn checkpoint(
        &mut self,
        ov: &OperatorVaultState,
        now: u64,
        magnitude: u64,
        cumulative: U256,
        lost: u64,
    ) {
        let mut i = ov.count;
        if let Some(last) = ov.count.checked_sub(1) {
            if self.checkpoint_at(ov, last).0 == now {
                i = last;
            }
        }
        self.sstore(
            offset(ov.checkpoints, 2 * i),
            U256::from_limbs([now, magnitude, 0, 0]),
        );
        self.sstore(offset(ov.checkpoints, 2 * i + 1), cumulative);
        let count = if i == ov.count {
            ov.count + 1
        } else {
            ov.count
        };
        self.sstore(ov.meta_slot, U256::from_limbs([lost, count, 0, 0]));
    }
}
