//! Vault positions and operator stake: the vaults' deposit hook, the calls
//! into vaults, deposit scaling factors, and the operator stake moves that
//! follow every position change.

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
use restake_interfaces::{registry::*, words};
use restake_kit::call;
use restake_math::{
    add, operator_stake_of, scale_for_queue, sub, update_deposit_scaling_factor,
    withdrawable_shares,
};
use stylus_sdk::prelude::*;

use crate::storage::{DSF, STAKES};
use crate::{Error, OperatorRegistry};

/// The vault entry points the registry calls (selectors only: the calls are
/// encoded by hand, see `vault_call`).
pub(crate) mod vault_abi {
    alloy_sol_types::sol! {
        function addDepositShares(address staker, uint256 shares) external;
        function removeDepositShares(address staker, uint256 shares) external;
        function withdrawTo(address owner, address receiver, uint256 shares) external returns (uint256);
    }
}

/// `onStakeChange(address,address,address,uint256,bool)` on the rewards contract.
const ON_STAKE_CHANGE: [u8; 4] = restake_kit::route::selector(
    "onStakeChange",
    &["address", "address", "address", "uint256", "bool"],
)
.to_be_bytes();

impl OperatorRegistry {
    // ------------------------------------------------------------------
    // Vault hook
    // ------------------------------------------------------------------

    /// The deposit hook of a registered vault: `staker`'s deposit shares grew
    /// from `prev_deposit_shares` by `added_shares`. Updates its scaling
    /// factor (so earlier slashes do not touch the new money) and raises its
    /// operator's stake by the withdrawable increase.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - the caller is not a registered vault.
    /// * [`Error::OperatorFullySlashed`] - the staker's operator has zero
    ///   magnitude for the vault (undelegate first).
    /// * [`Error::PositionTooLarge`] - the staker's deposit shares would
    ///   reach 2^128.
    /// * [`Error::Math`].
    ///
    /// # Events
    /// * [`DepositScalingFactorUpdated`], [`OperatorStakeIncreased`] (if delegated).
    pub fn on_deposit(
        &mut self,
        staker: Address,
        prev_deposit_shares: U256,
        added_shares: U256,
    ) -> Result<(), Error> {
        let vault = self.vm().msg_sender();
        let Some((_, rewards)) = self.vault_entry(vault) else {
            return Err(Error::Unauthorized(RegistryUnauthorized { caller: vault }));
        };
        let operator = self.delegated_to(staker);
        self.add_position(
            staker,
            vault,
            operator,
            prev_deposit_shares,
            added_shares,
            rewards,
        )
    }
}

impl OperatorRegistry {
    /// `vault`'s index in the whitelist.
    ///
    /// # Errors
    /// * [`Error::VaultNotRegistered`] - it is not whitelisted.
    pub(crate) fn check_vault(&self, vault: Address) -> Result<u64, Error> {
        self.check_vault_entry(vault).map(|(index, _)| index)
    }

    /// `vault`'s index in the whitelist and the rewards contract
    /// ([`Self::vault_entry`]).
    ///
    /// # Errors
    /// * [`Error::VaultNotRegistered`] - it is not whitelisted.
    pub(crate) fn check_vault_entry(&self, vault: Address) -> Result<(u64, Address), Error> {
        self.vault_entry(vault)
            .ok_or(Error::VaultNotRegistered(RegistryVaultNotRegistered {
                vault,
            }))
    }

    /// Calls `vault` with `selector` and static `args`, passing its revert
    /// data through; returns its first return word (0 if none). One
    /// hand-encoded call instead of `IVaultCalls`' generic encoders (size).
    #[inline(never)]
    pub(crate) fn vault_call(
        &self,
        vault: Address,
        selector: [u8; 4],
        args: &[B256],
    ) -> Result<U256, Error> {
        let word = call::call_word(self.vm(), vault, selector, args, true)
            .map_err(|revert| Error::Vault(revert.0))?;
        Ok(word.unwrap_or(U256::ZERO))
    }

    pub(crate) fn vault_list(&self) -> Vec<Address> {
        self.vaults()
    }

    /// `staker`'s position in `vault` as the registry keeps it: `(deposit
    /// shares, deposit scaling factor)`, one word (`storage::DSF`). The
    /// shares are a copy of the vault's `depositShares(staker)`, which only
    /// the vault's deposit hook and the registry's own add and remove calls
    /// move (vault shares are not transferable), so it never needs the
    /// vault's program start-up to read them.
    #[inline(never)]
    pub(crate) fn position(&self, staker: Address, vault: Address) -> (U256, U256) {
        let [k0, k1, s0, s1] = self
            .sload(self.slot2(DSF, staker.into_word(), vault.into_word()))
            .into_limbs();
        (
            U256::from_limbs([s0, s1, 0, 0]),
            U256::from_limbs([k0, k1, 0, 0]),
        )
    }

    /// Writes `staker`'s position in `vault` (see [`Self::position`]);
    /// emits `DepositScalingFactorUpdated` when `announce` (the factor was
    /// recomputed).
    ///
    /// # Errors
    /// * [`Error::PositionTooLarge`] - `shares` at or above 2^128.
    /// * [`Error::Math`] - a factor at or above 2^128 (never: a factor is at
    ///   most `WAD² / m ≤ 10³⁶ < 2^120`, `m ≥ 1` being a live magnitude).
    #[inline(never)]
    pub(crate) fn set_position(
        &mut self,
        staker: Address,
        vault: Address,
        shares: U256,
        factor: U256,
        announce: bool,
    ) -> Result<(), Error> {
        let [s0, s1, s2, s3] = shares.into_limbs();
        if s2 | s3 != 0 {
            return Err(Error::PositionTooLarge(RegistryPositionTooLarge {
                staker,
                vault,
                shares,
            }));
        }
        let [k0, k1, k2, k3] = factor.into_limbs();
        if k2 | k3 != 0 {
            return Err(restake_math::MathError::Overflow.into());
        }
        self.sstore(
            self.slot2(DSF, staker.into_word(), vault.into_word()),
            U256::from_limbs([k0, k1, s0, s1]),
        );
        if announce {
            self.emit_event(&DepositScalingFactorUpdated {
                staker,
                vault,
                factor,
            });
        }
        Ok(())
    }

    /// Moves `operator`'s stake in `vault` by `shares` (up or down; nothing
    /// for zero) and emits the matching event.
    #[inline(never)]
    pub(crate) fn move_stake(
        &mut self,
        operator: Address,
        vault: Address,
        staker: Address,
        shares: U256,
        up: bool,
    ) -> Result<(), Error> {
        if shares.is_zero() {
            return Ok(());
        }
        let slot = self.slot2(STAKES, operator.into_word(), vault.into_word());
        let stake = self.sload(slot);
        // Down: invariant 2 (the stake covers each staker's withdrawable shares) makes this exact.
        let new = if up {
            add(stake, shares)?
        } else {
            sub(stake, shares)?
        };
        self.sstore(slot, new);
        if up {
            self.emit_event(&OperatorStakeIncreased {
                operator,
                vault,
                staker,
                shares,
            });
        } else {
            self.emit_event(&OperatorStakeDecreased {
                operator,
                vault,
                staker,
                shares,
            });
        }
        Ok(())
    }

    /// Tells the rewards contract `rewards` (zero: none wired; the caller
    /// read it from the vault's whitelist word or from
    /// [`crate::storage::REWARDS`], which always agree) that `staker`'s
    /// scaled shares of `vault` under `operator` moved by `delta` (up if
    /// `increase`), before anything else reads them: it settles what the
    /// old weight earned first. Nothing for an undelegated staker or a
    /// zero move. Its refusal reverts the change.
    #[inline(never)]
    pub(crate) fn notify_rewards(
        &self,
        rewards: Address,
        staker: Address,
        operator: Address,
        vault: Address,
        delta: U256,
        increase: bool,
    ) -> Result<(), Error> {
        if rewards.is_zero() || operator.is_zero() || delta.is_zero() {
            return Ok(());
        }
        call::call_static_args(
            self.vm(),
            rewards,
            ON_STAKE_CHANGE,
            &words![staker, operator, vault, delta, increase],
            true,
        )
        .map(|_| ())
        .map_err(|revert| Error::Rewards(revert.0))
    }

    /// `staker`'s deposit shares in `vault` grew from `prev` by `added`
    /// (a deposit, or a withdrawal completed as shares), under `operator`;
    /// `rewards` is the rewards contract (zero: none wired).
    pub(crate) fn add_position(
        &mut self,
        staker: Address,
        vault: Address,
        operator: Address,
        prev: U256,
        added: U256,
        rewards: Address,
    ) -> Result<(), Error> {
        let m = self.magnitude_of(operator, vault);
        if m == 0 {
            return Err(Error::OperatorFullySlashed(RegistryOperatorFullySlashed {
                operator,
                vault,
            }));
        }
        let m = U256::from(m);
        // `prev` is the vault's (the deposit hook's argument, or the copy
        // for a completion as shares): both are the same number, the copy
        // being written at every change.
        let k = self.position(staker, vault).1;
        let new_k = update_deposit_scaling_factor(prev, k, m, added)?;
        self.set_position(staker, vault, add(prev, added)?, new_k, true)?;
        if !operator.is_zero() {
            // The stake held for the position was at least its exact worth
            // (`before`, the floor, is at most that); it becomes the new
            // exact worth rounded up (`operator_stake_of`), so the operator's
            // stake stays at or above the exact sum of its stakers' worth
            // (invariant 2, exactly, through later slashes). The scaling
            // factor rounds down, so a tiny deposit can leave the position
            // worth less than before: then the stake is not raised at all.
            let before = withdrawable_shares(prev, k, m)?;
            let after = operator_stake_of(add(prev, added)?, new_k, m)?;
            self.move_stake(operator, vault, staker, after.saturating_sub(before), true)?;
            // The rewarded (scaled) shares, rounded as a queued withdrawal's.
            let scaled = scale_for_queue(add(prev, added)?, new_k)?
                .saturating_sub(scale_for_queue(prev, k)?);
            self.notify_rewards(rewards, staker, operator, vault, scaled, true)?;
        }
        Ok(())
    }
}
