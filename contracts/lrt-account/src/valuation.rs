//! What the account holds for the Lrt, valued (F-2, H-1): its recorded
//! positions, its open withdrawals and, while the registry has undelegated
//! it, the withdrawal the registry queued, valued from the snapshot; and
//! the registry and vault reads behind it.

use alloc::vec::Vec;

use alloy_primitives::{Address, U256};
use restake_interfaces::calls::{IOperatorRegistryCalls, IVaultCalls};
use restake_math::scaled_to_withdrawable;
use stylus_sdk::prelude::*;

use crate::{
    errors::{add, call_error},
    Error, IAccountOutgoing, LrtAccount,
};

impl LrtAccount {
    /// See [`LrtAccount::values`].
    pub(crate) fn values_of(&self, vaults: &[Address]) -> Result<Vec<U256>, Error> {
        let this = self.vm().contract_address();
        let registry = self.registry.get();
        let operator = self.operator.get();
        let n = self.snapshot_vaults.len();
        // Every position the Lrt made is in the snapshot (each restake and
        // unstake records one), so with none recorded nothing is read.
        let delegated = if n > 0 {
            self.delegated()?
        } else {
            Address::ZERO
        };
        let recorded = n > 0 && !operator.is_zero() && delegated == operator;
        let mut out = Vec::with_capacity(vaults.len());
        for vault in vaults.iter().copied() {
            // F-2: a live position counts only as far as the Lrt recorded it
            // (the lower of what the account can withdraw and its snapshot at
            // the operator's magnitude), and not at all while the account is
            // not delegated to its operator (then it holds only others'
            // deposits). A stranger's deposit for the account is never in the
            // books until the Lrt records it (its next restake or unstake, or
            // the withdrawal that queues it), so a forced undelegation, which
            // values the queued position from the snapshot, moves nothing.
            let mut shares = U256::ZERO;
            if recorded {
                if let Some(i) = (0..n).find(|&i| self.snapshot_vaults.get(i) == Some(vault)) {
                    let live = IOperatorRegistryCalls::new(registry)
                        .withdrawable_shares(self, this, vault)
                        .map_err(call_error)?;
                    let cap = self.snapshot_worth(i, operator)?;
                    shares = live.min(cap);
                }
            }
            out.push(self.shares_value(vault, shares)?);
        }
        for i in 0..self.withdrawal_ids.len() {
            let id = self.withdrawal_ids.get(i).unwrap_or_default();
            let recorded = self.withdrawal_vaults.get(i).unwrap_or_default();
            for (j, vault) in vaults.iter().copied().enumerate() {
                if !recorded.is_zero() && recorded != vault {
                    continue;
                }
                let views = IAccountOutgoing::new(registry);
                let pending = views
                    .pending_redeem_request(self, id, vault)
                    .map_err(call_error)?;
                let claimable = views
                    .claimable_redeem_request(self, id, vault)
                    .map_err(call_error)?;
                let worth = self.shares_value(vault, add(pending, claimable)?)?;
                if let Some(slot) = out.get_mut(j) {
                    *slot = add(*slot, worth)?;
                }
            }
        }
        if n > 0 && delegated != operator {
            for i in 0..n {
                let vault = self.snapshot_vaults.get(i).unwrap_or_default();
                let Some(j) = vaults.iter().position(|v| *v == vault) else {
                    continue;
                };
                let worth = self.shares_value(vault, self.snapshot_worth(i, operator)?)?;
                if let Some(slot) = out.get_mut(j) {
                    *slot = add(*slot, worth)?;
                }
            }
        }
        Ok(out)
    }

    /// Snapshot entry `i`'s withdrawable shares at `operator`'s current
    /// magnitude: as the registry's `pendingRedeemRequest`, rounded down (a
    /// slash after the delay only lowers this estimate, never the payout).
    fn snapshot_worth(&self, i: usize, operator: Address) -> Result<U256, Error> {
        let vault = self.snapshot_vaults.get(i).unwrap_or_default();
        let scaled = self.snapshot_scaled.get(i).unwrap_or_default();
        let m = IAccountOutgoing::new(self.registry.get())
            .max_magnitude(self, operator, vault)
            .map_err(call_error)?;
        scaled_to_withdrawable(scaled, U256::from(m)).map_err(|_| Error::Call(Vec::new()))
    }

    fn shares_value(&self, vault: Address, shares: U256) -> Result<U256, Error> {
        if shares.is_zero() {
            return Ok(U256::ZERO);
        }
        IVaultCalls::new(vault)
            .convert_to_assets(self, shares)
            .map_err(call_error)
    }

    /// The registry's `delegatedTo(this)`.
    #[inline(never)]
    pub(crate) fn delegated(&self) -> Result<Address, Error> {
        let this = self.vm().contract_address();
        IOperatorRegistryCalls::new(self.registry.get())
            .delegated_to(self, this)
            .map_err(call_error)
    }

    /// `vault.depositShares(this)`.
    #[inline(never)]
    pub(crate) fn deposit_shares(&self, vault: Address) -> Result<U256, Error> {
        let this = self.vm().contract_address();
        IVaultCalls::new(vault)
            .deposit_shares(self, this)
            .map_err(call_error)
    }
}
