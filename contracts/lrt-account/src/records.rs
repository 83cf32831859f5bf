//! The account's records: its open registry withdrawals (at most
//! [`MAX_WITHDRAWALS`]: queued by it, adopted, or the donations it queued,
//! L-5) and the position snapshot (H-1); and forwarding a completed
//! withdrawal's LST proceeds.

use alloc::vec::Vec;

use alloy_primitives::{Address, U256};
use restake_interfaces::lrt::{
    AccountDonationsQueued, AccountPositionRecorded, LrtTooMany, LrtUnknownWithdrawal,
};
use restake_kit::log;
use restake_math::scale_for_queue;
use stylus_sdk::prelude::*;

use crate::{
    storage::{OPEN, OPERATOR},
    Error, LrtAccount, MAX_WITHDRAWALS,
};

impl LrtAccount {
    /// L-5: while the account is undelegated, queues every position it
    /// holds in the registry's vaults (others' deposits for it) in one
    /// withdrawal, recorded with vault zero (valued across the vaults, as a
    /// withdrawal the registry queued). Returns whether it queued one
    /// (`false` when delegated, holding nothing, or when a read fails: the
    /// delegation's own refusal is passed on then).
    pub(crate) fn queue_donations(&mut self) -> Result<bool, Error> {
        match self.delegated() {
            Ok(delegated) if delegated.is_zero() => {}
            _ => return Ok(false),
        }
        let Ok(listed) = self.registry_vaults() else {
            return Ok(false);
        };
        let mut vaults = Vec::new();
        let mut shares = Vec::new();
        for vault in listed {
            let Ok(held) = self.deposit_shares(vault) else {
                return Ok(false);
            };
            if !held.is_zero() {
                vaults.push(vault);
                shares.push(held);
            }
        }
        if vaults.is_empty() {
            return Ok(false);
        }
        let id = self.queue_recorded(&vaults, &shares, Address::ZERO)?;
        log::emit_event(self.vm(), &AccountDonationsQueued { withdrawal_id: id });
        Ok(true)
    }

    /// Refuses a new record when [`MAX_WITHDRAWALS`] are open.
    #[inline(never)]
    pub(crate) fn check_room(&self) -> Result<(), Error> {
        if self.count(OPEN) >= MAX_WITHDRAWALS {
            return Err(Error::TooMany(LrtTooMany {
                which: 2,
                max: U256::from(MAX_WITHDRAWALS),
            }));
        }
        Ok(())
    }

    /// Queues `shares[i]` of `vaults[i]` in the registry and records the
    /// withdrawal with `recorded` (its one vault, or zero for several).
    #[inline(never)]
    pub(crate) fn queue_recorded(
        &mut self,
        vaults: &[Address],
        shares: &[U256],
        recorded: Address,
    ) -> Result<U256, Error> {
        self.check_room()?;
        let id = self.queue_withdrawal(vaults, shares)?;
        self.push_withdrawal(id, recorded);
        Ok(id)
    }

    /// Withdrawal `id` is this account's, open, and not recorded here:
    /// one the registry queued for it.
    pub(crate) fn check_foreign(&self, id: U256) -> Result<(), Error> {
        let unknown = Error::UnknownWithdrawal(LrtUnknownWithdrawal { withdrawal_id: id });
        let recorded = self.find_withdrawal(id).is_some();
        let (staker, completed, _) = self
            .withdrawal(id)
            .map_err(|_| Error::UnknownWithdrawal(LrtUnknownWithdrawal { withdrawal_id: id }))?;
        if recorded || completed || staker != self.vm().contract_address() {
            return Err(unknown);
        }
        Ok(())
    }

    /// Records `vault`'s scaled shares, if delegated to the operator.
    pub(crate) fn snapshot(&mut self, vault: Address) -> Result<(), Error> {
        let delegated = self.delegated()?;
        if delegated.is_zero() || delegated != self.get_addr(OPERATOR) {
            return Ok(());
        }
        let shares = self.deposit_shares(vault)?;
        let k = self.deposit_scaling_factor(vault)?;
        // Down, as the registry's queue: the snapshot never exceeds the claim.
        let scaled = scale_for_queue(shares, k).map_err(|_| Error::Call(Vec::new()))?;
        self.put_snapshot(vault, scaled);
        log::emit_event(
            self.vm(),
            &AccountPositionRecorded {
                vault,
                scaled_shares: scaled,
            },
        );
        Ok(())
    }

    /// Moves the account's whole balance of LST `asset` to `to`.
    pub(crate) fn forward(&mut self, asset: Address, to: Address) -> Result<U256, Error> {
        let held = self.token_balance(asset)?;
        if !held.is_zero() {
            self.token_transfer(asset, to, held)?;
        }
        Ok(held)
    }
}
