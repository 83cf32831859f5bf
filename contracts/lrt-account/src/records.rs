//! The account's records: its open registry withdrawals (at most
//! [`MAX_WITHDRAWALS`]: queued by it, adopted, or the donations it queued,
//! L-5) and the position snapshot (H-1); and forwarding a completed
//! withdrawal's LST proceeds.

use alloc::vec::Vec;

use alloy_primitives::{Address, U256};
use restake_interfaces::{
    calls::IErc20Balance,
    lrt::{AccountDonationsQueued, AccountPositionRecorded, LrtTooMany, LrtUnknownWithdrawal},
};
use restake_kit::log;
use restake_math::scale_for_queue;
use stylus_sdk::prelude::*;

use crate::{errors::call_error, Error, IAccountOutgoing, LrtAccount, MAX_WITHDRAWALS};

impl LrtAccount {
    /// L-5: while the account is undelegated, queues every position it
    /// holds in the registry's vaults (others' deposits for it) in one
    /// withdrawal, recorded with vault zero (valued across the vaults, as a
    /// withdrawal the registry queued). Returns whether it queued one
    /// (`false` when delegated, holding nothing, or when a read fails: the
    /// delegation's own refusal is passed on then).
    pub(crate) fn queue_donations(&mut self, registry: Address) -> Result<bool, Error> {
        match self.delegated() {
            Ok(delegated) if delegated.is_zero() => {}
            _ => return Ok(false),
        }
        let Ok(listed) = IAccountOutgoing::new(registry).vaults(&*self) else {
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
        let id = self.queue_recorded(vaults, shares, Address::ZERO)?;
        log::emit_event(self.vm(), &AccountDonationsQueued { withdrawal_id: id });
        Ok(true)
    }

    /// Refuses a new record when [`MAX_WITHDRAWALS`] are open.
    #[inline(never)]
    pub(crate) fn check_room(&self) -> Result<(), Error> {
        if self.withdrawal_ids.len() >= MAX_WITHDRAWALS {
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
        vaults: Vec<Address>,
        shares: Vec<U256>,
        recorded: Address,
    ) -> Result<U256, Error> {
        self.check_room()?;
        let registry = self.registry.get();
        let id = IAccountOutgoing::new(registry)
            .queue_withdrawal(&mut *self, vaults, shares)
            .map_err(call_error)?;
        self.withdrawal_ids.push(id);
        self.withdrawal_vaults.push(recorded);
        Ok(id)
    }

    /// Withdrawal `id` is this account's, open, and not recorded here:
    /// one the registry queued for it.
    pub(crate) fn check_foreign(&self, id: U256) -> Result<(), Error> {
        let unknown = Error::UnknownWithdrawal(LrtUnknownWithdrawal { withdrawal_id: id });
        let recorded =
            (0..self.withdrawal_ids.len()).any(|i| self.withdrawal_ids.get(i) == Some(id));
        let (staker, _, _, completed, _) = IAccountOutgoing::new(self.registry.get())
            .withdrawal(self, id)
            .map_err(|_| Error::UnknownWithdrawal(LrtUnknownWithdrawal { withdrawal_id: id }))?;
        if recorded || completed || staker != self.vm().contract_address() {
            return Err(unknown);
        }
        Ok(())
    }

    /// Records `vault`'s scaled shares, if delegated to the operator.
    pub(crate) fn snapshot(&mut self, vault: Address) -> Result<(), Error> {
        let this = self.vm().contract_address();
        let registry = self.registry.get();
        let delegated = self.delegated()?;
        if delegated.is_zero() || delegated != self.operator.get() {
            return Ok(());
        }
        let shares = self.deposit_shares(vault)?;
        let k = IAccountOutgoing::new(registry)
            .deposit_scaling_factor(&*self, this, vault)
            .map_err(call_error)?;
        // Down, as the registry's queue: the snapshot never exceeds the claim.
        let scaled = scale_for_queue(shares, k).map_err(|_| Error::Call(Vec::new()))?;
        let n = self.snapshot_vaults.len();
        match (0..n).find(|&i| self.snapshot_vaults.get(i) == Some(vault)) {
            Some(i) => {
                if let Some(mut slot) = self.snapshot_scaled.setter(i) {
                    slot.set(scaled);
                }
            }
            None => {
                self.snapshot_vaults.push(vault);
                self.snapshot_scaled.push(scaled);
            }
        }
        log::emit_event(
            self.vm(),
            &AccountPositionRecorded {
                vault,
                scaled_shares: scaled,
            },
        );
        Ok(())
    }

    pub(crate) fn clear_snapshot(&mut self) {
        while self.snapshot_vaults.pop().is_some() {}
        while self.snapshot_scaled.pop().is_some() {}
    }

    /// Moves the account's whole balance of LST `asset` to `to`.
    pub(crate) fn forward(&mut self, asset: Address, to: Address) -> Result<U256, Error> {
        let this = self.vm().contract_address();
        let held = IErc20Balance::new(asset)
            .balance_of(&*self, this)
            .map_err(call_error)?;
        if !held.is_zero() {
            let ok = IAccountOutgoing::new(asset)
                .transfer(&mut *self, to, held)
                .map_err(call_error)?;
            if !ok {
                return Err(Error::Call(Vec::new()));
            }
        }
        Ok(held)
    }
}
