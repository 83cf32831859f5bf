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
    /// at or before `t` ([`checkpoints_up_to`]), or the initial `(WAD, 0)`.
    pub(crate) fn at(&self, ov: &OperatorVaultState, t: u64) -> (u64, U256) {
        match checkpoints_up_to(ov.count, t, |i| self.checkpoint_at(ov, i).0).checked_sub(1) {
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

/// How many of `count` checkpoints (times non-decreasing, `time_at(i)` the
/// time of checkpoint `i`) are at or before `t`.
///
/// #15: searched from the newest back, in steps of 1, 2, 4, ..., then by
/// bisection inside the last step, so the reads grow with the log of the
/// checkpoints written after `t`, not with the pair's whole history. A
/// completion (`t` its claimable time) or a slash's window (`t` the
/// window's start) that no later queue or slash follows reads one
/// checkpoint however many came before (the plain bisection read
/// `log2(count)`).
pub(crate) fn checkpoints_up_to(count: u64, t: u64, mut time_at: impl FnMut(u64) -> u64) -> u64 {
    // Invariant: every checkpoint from `hi` on is after `t`; the one before
    // `lo` (if any) is at or before it.
    let mut hi = count;
    let mut lo = 0u64;
    let mut step = 1u64;
    while hi > 0 {
        let probe = hi.saturating_sub(step);
        if time_at(probe) <= t {
            lo = probe + 1;
            break;
        }
        hi = probe;
        step = step.saturating_mul(2);
    }
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if time_at(mid) <= t {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

#[cfg(test)]
mod tests {
    use super::checkpoints_up_to;

    /// Against a linear count over every prefix of sorted time lists with
    /// repeats and gaps, at every time around them; and the reads: one when
    /// no checkpoint is after `t`, at most `2·log2(after) + 2` otherwise.
    #[test]
    fn the_search_from_the_newest_finds_what_a_scan_finds() {
        let mut times = Vec::new();
        let mut x = 7u64;
        for i in 0..300u64 {
            // A deterministic walk: steps of 0 to 4.
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let last = times.last().copied().unwrap_or(10);
            times.push(last + (x >> 61) % 5 + u64::from(i % 50 == 0) * 100);
        }
        for n in [0usize, 1, 2, 3, 7, 8, 9, 64, 100, 300] {
            let ts = &times[..n];
            let end = ts.last().copied().unwrap_or(10) + 2;
            for t in 0..=end {
                let mut reads = 0u32;
                let got = checkpoints_up_to(n as u64, t, |i| {
                    reads += 1;
                    ts[i as usize]
                });
                let want = ts.iter().filter(|&&x| x <= t).count() as u64;
                assert_eq!(got, want, "n {n} t {t}");
                let after = n as u64 - want;
                if after == 0 && n > 0 {
                    assert_eq!(reads, 1, "n {n} t {t}");
                } else {
                    let bound = 2 * (64 - after.leading_zeros()) + 2;
                    assert!(reads <= bound, "n {n} t {t}: {reads} reads, {after} after");
                }
            }
        }
    }
}
