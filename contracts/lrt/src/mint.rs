//! Minting: deposits of ETH or an accepted LST, valued at the asset's
//! rate and paid in LRT at the current rate, under the asset's cap.

use alloy_primitives::{Address, U256};
use alloy_sol_types::SolCall;
use restake_interfaces::{lrt::*, words, NATIVE_ETH};
use restake_math::{add, assets_to_shares, sub, Rounding};
use stylus_sdk::prelude::*;

use crate::{
    storage::{asset_slot, A_CAP, A_DEPOSITED},
    valuation::to_eth,
    Error, Lrt,
};

/// Minting.
///
/// Routed by [`Lrt::dispatch`] (the ABI is [`ILrt`]); Rust callers (the
/// native tests) call them directly.
impl Lrt {
    /// Deposits the ETH sent and mints LRT to the caller at the current
    /// rate, rounded down (the holders keep the dust).
    ///
    /// # Errors
    /// * [`Error::Paused`], [`Error::ZeroAmount`], [`Error::UnknownAsset`] (no
    ///   ETH asset), [`Error::CapExceeded`], [`Error::ZeroShares`],
    ///   [`Error::Slippage`] - fewer than `min_shares`, [`Error::RateDecreased`],
    ///   [`Error::Call`], [`Error::CallFailed`], [`Error::Math`].
    ///
    /// # Events
    /// * [`Deposited`], [`Transfer`], maybe [`RateObserved`].
    pub fn deposit(&mut self, min_shares: U256) -> Result<U256, Error> {
        let value = self.vm().msg_value();
        self.mint_for(NATIVE_ETH, value, min_shares)
    }

    /// Pulls `amount` of the accepted LST `token` (approve first) and mints
    /// LRT to the caller for what arrived (the balance delta), at the
    /// current rate, rounded down.
    ///
    /// # Errors
    /// * As [`Lrt::deposit`]; [`Error::UnknownAsset`] also for the ETH
    ///   sentinel.
    ///
    /// # Events
    /// * [`Deposited`], [`Transfer`], maybe [`RateObserved`].
    pub fn deposit_token(
        &mut self,
        token: Address,
        amount: U256,
        min_shares: U256,
    ) -> Result<U256, Error> {
        if token == NATIVE_ETH {
            return Err(Error::UnknownAsset(LrtUnknownAsset { asset: token }));
        }
        self.mint_for(token, amount, min_shares)
    }
}

impl Lrt {
    #[inline(never)]
    fn mint_for(&mut self, asset: Address, amount: U256, min_shares: U256) -> Result<U256, Error> {
        self.when_not_paused()?;
        if amount.is_zero() {
            return Err(Error::ZeroAmount(LrtZeroAmount {}));
        }
        let i = self.asset_index(asset)?;
        let before = self.opening_books()?;
        let deposited = self.get(asset_slot(i, A_DEPOSITED));
        // The cap bounds what is held of the asset now, so exits make room
        // again and a deposit → exit loop cannot use it up.
        let cap = self.get(asset_slot(i, A_CAP));
        let held = before.per_asset[i];
        if add(held, amount)? > cap {
            return Err(Error::CapExceeded(LrtCapExceeded {
                asset,
                cap,
                deposited: held,
                requested: amount,
            }));
        }
        let sender = self.vm().msg_sender();
        let received = if asset == NATIVE_ETH {
            amount
        } else {
            let this = self.vm().contract_address();
            let held = self.held(i)?;
            self.call_true(
                asset,
                ILrtOutgoing::transferFromCall::SELECTOR,
                &words![sender, this, amount],
            )?;
            // Credit the balance delta: a fee-on-transfer token mints less.
            sub(self.held(i)?, held)?
        };
        // Down, twice: the deposit is valued at the asset's rate rounded
        // down (M-3), and buys LRT rounded down, so the depositor never gets
        // more than its assets are worth.
        let value = to_eth(received, before.rates[i], Rounding::Down)?;
        let shares = assets_to_shares(value, before.totals(), Rounding::Down)?;
        if shares.is_zero() {
            return Err(Error::ZeroShares(LrtZeroShares { assets: received }));
        }
        if shares < min_shares {
            return Err(Error::Slippage(LrtSlippage {
                min_out: min_shares,
                out: shares,
            }));
        }
        self.set(asset_slot(i, A_DEPOSITED), add(deposited, received)?);
        self.move_tokens_inner(Address::ZERO, sender, shares)?;
        self.emit_event(&Deposited {
            sender,
            receiver: sender,
            asset,
            assets: received,
            shares,
        });
        let mut after = self.kept(Some(&before.rates))?;
        if asset == NATIVE_ETH {
            // Every valuation in this call excludes `msg.value`: count the
            // deposit in, as it is the holders' from now on.
            after.value = add(after.value, received)?;
        }
        self.check_rate(&before, &after, 0)?;
        self.record(&after)?;
        Ok(shares)
    }
}
