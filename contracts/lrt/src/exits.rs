//! The instant exit, the second way out (from free idle liquidity, with a
//! fee and a limit per period), and paying an exit out (it and a claimed
//! redemption): ETH from the Lrt and then the sub-accounts, tokens from the
//! Lrt.

use alloc::vec::Vec;

use alloy_primitives::{Address, U256};
use alloy_sol_types::SolCall;
use restake_interfaces::{lrt::*, words, NATIVE_ETH};
use restake_math::{add, mul_div, sub, Rounding};
use stylus_sdk::prelude::*;

use crate::{
    storage::{
        asset_slot, operator_slot, A_TOKEN, O_ACCOUNT, S_ACCOUNTS_ETH, S_FEE, S_LIMIT,
        S_OPERATOR_COUNT, S_PERIOD, S_WINDOW_START, S_WINDOW_USED,
    },
    valuation::{exit_value, from_eth},
    Error, Lrt, BPS,
};

/// The instant exit.
///
/// Routed by [`Lrt::dispatch`] (the ABI is [`ILrt`]); Rust callers (the
/// native tests) call them directly.
impl Lrt {
    /// Burns `shares` of the caller's LRT for their value (rounded down)
    /// less the instant fee (rounded up; it stays with holders), paid at
    /// once in `asset` (at its rate, rounded down) to `receiver` from free
    /// idle liquidity, within the instant limit per period (in ETH). Returns
    /// the amount of `asset` paid; the event's `fee` is in ETH.
    ///
    /// # Errors
    /// * [`Error::Paused`], [`Error::ZeroAmount`], [`Error::UnknownAsset`],
    ///   [`Error::ZeroAddress`], [`Error::Slippage`] - less than `min_out`,
    ///   [`Error::RateLimitExceeded`], [`Error::InsufficientLiquidity`],
    ///   [`Error::InsufficientBalance`], [`Error::RateDecreased`],
    ///   [`Error::Call`], [`Error::CallFailed`], [`Error::Math`].
    ///
    /// # Events
    /// * [`Transfer`] (burn), [`InstantRedeemed`], maybe [`RateObserved`].
    pub fn instant_redeem(
        &mut self,
        shares: U256,
        asset: Address,
        min_out: U256,
        receiver: Address,
    ) -> Result<U256, Error> {
        self.when_not_paused()?;
        if shares.is_zero() {
            return Err(Error::ZeroAmount(LrtZeroAmount {}));
        }
        if receiver.is_zero() {
            return Err(Error::ZeroAddress(LrtZeroAddress {}));
        }
        let i = self.asset_index(asset)?;
        let before = self.opening_books()?;
        let gross = exit_value(shares, &before)?;
        // Up: the fee never rounds in the exiting wallet's favour.
        let fee = mul_div(gross, self.get(S_FEE), U256::from(BPS), Rounding::Up)?;
        let out_value = sub(gross, fee)?;
        // Down: the wallet never receives more of the asset than the value.
        let out = from_eth(out_value, before.rates[i], Rounding::Down)?;
        if out < min_out {
            return Err(Error::Slippage(LrtSlippage { min_out, out }));
        }
        let now = U256::from(self.now());
        let limit = self.get(S_LIMIT);
        let mut used = self.get(S_WINDOW_USED);
        if now >= self.get(S_WINDOW_START).saturating_add(self.get(S_PERIOD)) {
            self.set(S_WINDOW_START, now);
            used = U256::ZERO;
        }
        // The limit is in ETH, across assets.
        let used_after = add(used, out_value)?;
        if used_after > limit {
            return Err(Error::RateLimitExceeded(LrtRateLimitExceeded {
                limit,
                used,
                requested: out_value,
            }));
        }
        self.set(S_WINDOW_USED, used_after);
        let available = self.free_liquidity(i, &before);
        if available < out {
            return Err(Error::InsufficientLiquidity(LrtInsufficientLiquidity {
                asset,
                available,
                requested: out,
            }));
        }
        let owner = self.vm().msg_sender();
        self.move_tokens_inner(owner, Address::ZERO, shares)?;
        self.pay(i, receiver, out)?;
        self.emit_event(&InstantRedeemed {
            owner,
            receiver,
            asset,
            shares,
            assets: out,
            fee,
        });
        self.user_guard(&before)?;
        Ok(out)
    }
}

impl Lrt {
    /// Pays `amount` of asset `i` to `to`: ETH from the Lrt's balance first,
    /// then from the sub-accounts'; tokens from the Lrt.
    #[inline(never)]
    pub(crate) fn pay(&mut self, i: usize, to: Address, amount: U256) -> Result<(), Error> {
        if amount.is_zero() {
            return Ok(());
        }
        let token = self.addr(asset_slot(i, A_TOKEN));
        if token != NATIVE_ETH {
            return self.call_true(
                token,
                ILrtOutgoing::transferCall::SELECTOR,
                &words![to, amount],
            );
        }
        let this = self.vm().contract_address();
        let own = self.vm().balance(this).min(amount);
        if !own.is_zero() {
            self.call_raw(to, &[], own, true)?;
        }
        let mut rest = sub(amount, own)?;
        for op in 0..self.count(S_OPERATOR_COUNT) {
            if rest.is_zero() {
                break;
            }
            let account = self.addr(operator_slot(op, O_ACCOUNT));
            let part = self.vm().balance(account).min(rest);
            if !part.is_zero() {
                self.execute(account, to, part, Vec::new())?;
                rest = sub(rest, part)?;
                // #15: the kept books follow the sub-accounts' ETH.
                let kept = self.get(S_ACCOUNTS_ETH).saturating_sub(part);
                self.set(S_ACCOUNTS_ETH, kept);
            }
        }
        if !rest.is_zero() {
            return Err(Error::InsufficientLiquidity(LrtInsufficientLiquidity {
                asset: token,
                available: sub(amount, rest)?,
                requested: amount,
            }));
        }
        Ok(())
    }
}
