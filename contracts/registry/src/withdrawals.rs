//! The withdrawal queue: queueing (positions leave now and stay slashable
//! for the withdrawal delay), completing as tokens or as shares, the
//! withdrawal records and what their entries pay.

use alloc::vec::Vec;

use alloy_primitives::{Address, U256};
use alloy_sol_types::SolCall;
use restake_interfaces::{abi::Word, registry::*, words};
use restake_math::{add, scale_for_queue, scaled_to_withdrawable, sub, withdrawable_shares};
use stylus_sdk::prelude::*;

use crate::positions::vault_abi;
use crate::storage::{Withdrawal, COMPLETED, VAULT_AT, VAULT_BITS, WITHDRAWALS, WITHDRAWAL_COUNT};
use crate::{Error, OperatorRegistry, MAX_VAULTS, WAD_U64};
use restake_kit::storage::{offset, pack, unpack};

impl OperatorRegistry {
    // ------------------------------------------------------------------
    // Withdrawal queue
    // ------------------------------------------------------------------

    /// Queues `shares[i]` deposit shares of `vaults[i]` (at most
    /// [`MAX_VAULTS`] entries) for withdrawal by the caller. They leave its
    /// position (and its operator's stake) now, stay slashable through its
    /// operator until `withdrawalDelay` has passed, and pay out at the
    /// magnitude in force then. Returns the withdrawal id.
    ///
    /// # Errors
    /// * [`Error::InvalidWithdrawal`] - no entries, or lengths differ.
    /// * [`Error::TooManyVaults`] - more than [`MAX_VAULTS`] entries.
    /// * [`Error::VaultNotRegistered`], [`Error::ZeroShares`].
    /// * [`Error::Vault`] - e.g. `VaultInsufficientDepositShares`.
    /// * [`Error::Math`].
    ///
    /// # Events
    /// * Per entry: [`WithdrawalQueued`], [`OperatorStakeDecreased`] (if
    ///   delegated), the vault's `DepositSharesRemoved`.
    pub fn queue_withdrawal(
        &mut self,
        vaults: Vec<Address>,
        shares: Vec<U256>,
    ) -> Result<U256, Error> {
        if vaults.is_empty() || vaults.len() != shares.len() {
            return Err(Error::InvalidWithdrawal(RegistryInvalidWithdrawal {
                vaults: U256::from(vaults.len()),
                shares: U256::from(shares.len()),
            }));
        }
        if vaults.len() > MAX_VAULTS {
            return Err(Error::TooManyVaults(RegistryTooManyVaults {
                max: U256::from(MAX_VAULTS),
                count: U256::from(vaults.len()),
            }));
        }
        let staker = self.vm().msg_sender();
        let operator = self.delegated_to(staker);
        self.queue(staker, operator, &vaults, &shares)
    }

    /// Completes withdrawal `id` (only its staker, once, after the delay):
    /// each entry pays `⌊scaled · m / WAD⌋` vault shares, with `m` the
    /// operator's magnitude when the delay ended. As tokens, the vault pays
    /// the assets they are worth (nothing, and no transfer, for zero);
    /// otherwise they return as deposit shares, delegated to the staker's
    /// current operator.
    ///
    /// # Errors
    /// * [`Error::WithdrawalNotFound`], [`Error::Unauthorized`] (not the staker),
    ///   [`Error::WithdrawalCompleted`], [`Error::WithdrawalDelayPending`].
    /// * [`Error::OperatorFullySlashed`] - as shares, into a fully slashed operator.
    /// * [`Error::Vault`], [`Error::Math`].
    ///
    /// # Events
    /// * Per entry: [`WithdrawalCompleted`] and the vault's `Withdraw`; as
    ///   shares instead the vault's `DepositSharesAdded`,
    ///   [`DepositScalingFactorUpdated`] and [`OperatorStakeIncreased`] (if delegated).
    pub fn complete_withdrawal(&mut self, id: U256, receive_as_tokens: bool) -> Result<(), Error> {
        let caller = self.vm().msg_sender();
        let w = self.withdrawal_record(id)?;
        if caller != w.staker {
            return Err(Error::Unauthorized(RegistryUnauthorized { caller }));
        }
        if w.completed {
            return Err(Error::WithdrawalCompleted(RegistryWithdrawalCompleted {
                id,
            }));
        }
        let now = self.now();
        if now < w.claimable_at {
            return Err(Error::WithdrawalDelayPending(
                RegistryWithdrawalDelayPending {
                    id,
                    claimable_at: w.claimable_at,
                    timestamp: now,
                },
            ));
        }
        // Marked before any vault call.
        let base = self.slot1(WITHDRAWALS, id.word());
        self.sstore(offset(base, 1), pack(w.operator, COMPLETED | w.flags, 0));
        let staker = w.staker;
        for j in 0..w.entries {
            let (vault, scaled) = self.entry(&w, base, j);
            let shares = self.payout(&w, vault, scaled)?;
            let mut assets = U256::ZERO;
            if receive_as_tokens {
                assets = self.vault_call(
                    vault,
                    vault_abi::withdrawToCall::SELECTOR,
                    &words![staker, staker, shares],
                )?;
            } else if !shares.is_zero() {
                let current = self.delegated_to(staker);
                let prev = self.position(staker, vault).0;
                self.vault_call(
                    vault,
                    vault_abi::addDepositSharesCall::SELECTOR,
                    &words![staker, shares],
                )?;
                let rewards = self.rewards();
                self.add_position(staker, vault, current, prev, shares, rewards)?;
            }
            self.emit_event(&WithdrawalCompleted {
                id,
                staker,
                vault,
                shares,
                assets,
                as_tokens: receive_as_tokens,
            });
        }
        Ok(())
    }
}

impl OperatorRegistry {
    /// Queues a withdrawal (entries already length-checked).
    pub(crate) fn queue(
        &mut self,
        staker: Address,
        operator: Address,
        vaults: &[Address],
        shares: &[U256],
    ) -> Result<U256, Error> {
        let count_slot = WITHDRAWAL_COUNT.slot();
        let id = add(self.sload(count_slot), U256::from(1))?;
        self.sstore(count_slot, id);
        let now = self.now();
        let claimable_at = now.saturating_add(self.config().0);
        let base = self.slot1(WITHDRAWALS, id.word());
        self.sstore(base, pack(staker, now, 0));
        // Entry count, then each entry's vault index (#15: one word for all
        // of them, not one per entry).
        let mut flags = vaults.len() as u64;
        for (j, (&vault, &s)) in (0u64..).zip(vaults.iter().zip(shares)) {
            let (index, rewards) = self.check_vault_entry(vault)?;
            // index < MAX_VAULTS = 8 and j < 8: bits 8..32.
            flags |= index << (8 + VAULT_BITS * j);
            if s.is_zero() {
                return Err(Error::ZeroShares(RegistryZeroShares { vault }));
            }
            let (held, k) = self.position(staker, vault);
            let m = U256::from(self.magnitude_of(operator, vault));
            let withdrawable = withdrawable_shares(s, k, m)?;
            let scaled = scale_for_queue(s, k)?;
            // The vault checks `s` against its own record (its typed error
            // names both); the copy follows it.
            self.vault_call(
                vault,
                vault_abi::removeDepositSharesCall::SELECTOR,
                &words![staker, s],
            )?;
            self.set_position(staker, vault, sub(held, s)?, k, false)?;
            if !operator.is_zero() {
                self.move_stake(operator, vault, staker, withdrawable, false)?;
                self.notify_rewards(rewards, staker, operator, vault, scaled, false)?;
                let ov = self.operator_vault(operator, vault);
                let (magnitude, cumulative) = self.latest(&ov);
                self.checkpoint(&ov, now, magnitude, add(cumulative, scaled)?, ov.lost);
            }
            self.sstore(offset(base, 2 + j), scaled);
            self.emit_event(&WithdrawalQueued {
                id,
                staker,
                vault,
                operator,
                deposit_shares: s,
                scaled_shares: scaled,
                claimable_at,
            });
        }
        self.sstore(offset(base, 1), pack(operator, flags, 0));
        Ok(id)
    }

    #[inline(never)]
    pub(crate) fn withdrawal_record(&self, id: U256) -> Result<Withdrawal, Error> {
        let base = self.slot1(WITHDRAWALS, id.word());
        let (staker, start, _) = unpack(self.sload(base));
        if staker.is_zero() {
            return Err(Error::WithdrawalNotFound(RegistryWithdrawalNotFound { id }));
        }
        let (operator, flags, _) = unpack(self.sload(offset(base, 1)));
        Ok(Withdrawal {
            staker,
            operator,
            claimable_at: start.saturating_add(self.config().0),
            completed: flags & COMPLETED != 0,
            entries: flags & 0xff,
            flags,
        })
    }

    /// Entry `j` of withdrawal `w` at `base`: `(vault, scaled shares)`.
    #[inline(never)]
    pub(crate) fn entry(&self, w: &Withdrawal, base: U256, j: u64) -> (Address, U256) {
        let index = (w.flags >> (8 + VAULT_BITS * j)) & ((1 << VAULT_BITS) - 1);
        (
            self.sload_address(self.slot1(VAULT_AT, U256::from(index).word())),
            self.sload(offset(base, 2 + j)),
        )
    }

    /// What an entry pays: `⌊scaled · m / WAD⌋` with `m` the operator's
    /// magnitude in force when the delay ended (at `claimable_at - 1`, the
    /// last second a slash could reach it).
    pub(crate) fn payout(
        &self,
        w: &Withdrawal,
        vault: Address,
        scaled: U256,
    ) -> Result<U256, Error> {
        let m = if w.operator.is_zero() {
            WAD_U64
        } else {
            let ov = self.operator_vault(w.operator, vault);
            // The delay is at least 1 s, so claimable_at - 1 >= start.
            self.at(&ov, w.claimable_at.saturating_sub(1)).0
        };
        Ok(scaled_to_withdrawable(scaled, U256::from(m))?)
    }

    pub(crate) fn request_shares(
        &self,
        id: U256,
        vault: Address,
        claimable: bool,
    ) -> Result<U256, Error> {
        let w = self.withdrawal_record(id)?;
        let is_claimable = self.now() >= w.claimable_at;
        if w.completed || is_claimable != claimable {
            return Ok(U256::ZERO);
        }
        let base = self.slot1(WITHDRAWALS, id.word());
        let mut total = U256::ZERO;
        for j in 0..w.entries {
            let (v, scaled) = self.entry(&w, base, j);
            if v != vault {
                continue;
            }
            let shares = if claimable {
                self.payout(&w, vault, scaled)?
            } else {
                scaled_to_withdrawable(scaled, U256::from(self.magnitude_of(w.operator, vault)))?
            };
            total = add(total, shares)?;
        }
        Ok(total)
    }
}
