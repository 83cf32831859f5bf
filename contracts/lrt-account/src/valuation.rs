//! What the account holds for the Lrt, valued (F-2, H-1): its recorded
//! positions, its open withdrawals and, while the registry has undelegated
//! it, the withdrawal the registry queued, valued from the snapshot; and
//! the registry and vault reads behind it.

use alloc::vec::Vec;

use alloy_primitives::{Address, U256};
use restake_math::scaled_to_withdrawable;

use crate::{
    errors::add,
    storage::{OPEN, OPERATOR, SNAPSHOT_LEN},
    Error, LrtAccount,
};

impl LrtAccount {
    /// See [`LrtAccount::values`].
    pub(crate) fn values_of(&self, vaults: &[Address]) -> Result<Vec<U256>, Error> {
        let operator = self.get_addr(OPERATOR);
        let n = self.count(SNAPSHOT_LEN);
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
                if let Some(i) = self.find_snapshot(vault) {
                    let live = self.withdrawable_shares(vault)?;
                    let cap = self.snapshot_worth(i)?;
                    shares = live.min(cap);
                }
            }
            out.push(self.shares_value(vault, shares)?);
        }
        for i in 0..self.count(OPEN) {
            let (id, recorded) = self.withdrawal_at(i);
            for (j, vault) in vaults.iter().copied().enumerate() {
                if !recorded.is_zero() && recorded != vault {
                    continue;
                }
                let worth = self.shares_value(vault, self.withdrawal_shares(id, vault)?)?;
                if let Some(slot) = out.get_mut(j) {
                    *slot = add(*slot, worth)?;
                }
            }
        }
        if n > 0 && delegated != operator {
            for i in 0..n {
                let (vault, _) = self.snapshot_entry(i);
                let Some(j) = vaults.iter().position(|v| *v == vault) else {
                    continue;
                };
                let worth = self.shares_value(vault, self.snapshot_worth(i)?)?;
                if let Some(slot) = out.get_mut(j) {
                    *slot = add(*slot, worth)?;
                }
            }
        }
        Ok(out)
    }

    /// Snapshot entry `i`'s withdrawable shares at the operator's current
    /// magnitude: as the registry's `pendingRedeemRequest`, rounded down (a
    /// slash after the delay only lowers this estimate, never the payout).
    fn snapshot_worth(&self, i: usize) -> Result<U256, Error> {
        let (vault, scaled) = self.snapshot_entry(i);
        let m = self.max_magnitude(vault)?;
        scaled_to_withdrawable(scaled, m).map_err(|_| Error::Call(Vec::new()))
    }
}
