//! Rewards (issue #14): the sub-accounts earn as stakers in the rewards
//! contract; the Lrt claims for them (each names the Lrt its claimer, once,
//! through `execute`). Rewards in an accepted asset (ETH or an LST) raise
//! the rate, but only as they drip in: linearly over [`REWARD_DRIP`], so a
//! claim cannot be sandwiched (minting just before it and redeeming just
//! after earns a seven-day share of it, no more). Any other token is held
//! apart, never valued, and routed by the owner.

use alloc::vec::Vec;

use alloy_primitives::{Address, U256};
use alloy_sol_types::SolCall;
use restake_interfaces::{abi::error_data, lrt::*, words, NATIVE_ETH};
use restake_math::{add, mul_div, Rounding};
use stylus_sdk::prelude::*;

use crate::{
    calls::to_address,
    storage::{
        asset_slot, operator_slot, A_DRIP, HELD_APART, O_ACCOUNT, S_ACCOUNTS_ETH, S_OWNER,
        S_REWARDS,
    },
    Error, Lrt,
};

/// How long a claimed reward takes to enter the rate: 7 days.
pub const REWARD_DRIP: u64 = 7 * 86_400;

/// 2^128 - 1: the drip's `locked` limbs.
const LOW_128: U256 = U256::from_limbs([u64::MAX, u64::MAX, 0, 0]);

/// What of a drip word (`[locked (128 bits), last, end]`) is still locked
/// at `now`: `locked · (end − now) / (end − last)`, rounded up (the part
/// not yet the holders' is never understated, so the rate never runs ahead
/// of the drip).
pub(crate) fn locked_at(word: U256, now: u64) -> Result<U256, Error> {
    let [_, _, last, end] = *word.as_limbs();
    let locked = word & LOW_128;
    if now >= end || locked.is_zero() {
        return Ok(U256::ZERO);
    }
    let span = end.saturating_sub(last).max(1);
    Ok(mul_div(
        locked,
        U256::from(end - now),
        U256::from(span),
        Rounding::Up,
    )?)
}

impl Lrt {
    /// Asset `i`'s rewards still dripping in, in wei of it.
    #[inline(never)]
    pub(crate) fn locked_rewards(&self, i: usize) -> Result<U256, Error> {
        locked_at(self.get(asset_slot(i, A_DRIP)), self.now())
    }

    /// Sets the rewards contract (owner only; zero: none).
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - not the owner.
    ///
    /// # Events
    /// * [`RewardsContractSet`].
    pub fn set_rewards(&mut self, rewards: Address) -> Result<(), Error> {
        self.only(S_OWNER)?;
        self.set_addr(S_REWARDS, rewards);
        self.emit_event(&RewardsContractSet { rewards });
        Ok(())
    }

    /// The rewards contract (zero: none).
    pub fn rewards_contract(&self) -> Address {
        self.addr(S_REWARDS)
    }

    /// Anyone claims what the sub-account of `operator` earned in each of
    /// `tokens`, to the Lrt (naming the Lrt the account's claimer first, if
    /// it is not). An accepted asset drips into the rate over
    /// [`REWARD_DRIP`] (merged with what is still dripping, ending at the
    /// amount-weighted mean of the two ends);
    /// any other token is held apart. Amounts are what arrived (the
    /// balance deltas). Returns them.
    ///
    /// # Errors
    /// * [`Error::ZeroAddress`] - no rewards contract is set.
    /// * [`Error::Operator`] - `operator` is not one of the Lrt's.
    /// * [`Error::Call`], [`Error::CallFailed`] - the rewards contract or
    ///   the sub-account refused; [`Error::Math`].
    ///
    /// # Events
    /// * [`RewardsDripping`] or [`RewardsHeldApart`] per token claimed (and
    ///   the rewards contract's `ClaimerSet` and `RewardsClaimed`).
    pub fn claim_rewards(
        &mut self,
        operator: Address,
        tokens: Vec<Address>,
    ) -> Result<Vec<U256>, Error> {
        let rewards = self.addr(S_REWARDS);
        if rewards.is_zero() {
            return Err(Error::ZeroAddress(LrtZeroAddress {}));
        }
        let index = self.operator_index(operator)?;
        let account = self.addr(operator_slot(index, O_ACCOUNT));
        let this = self.vm().contract_address();
        let claimer = self.call_word(
            rewards,
            ILrtOutgoing::claimerOfCall::SELECTOR,
            &words![account],
            false,
        )?;
        if to_address(claimer) != this {
            self.execute(
                account,
                rewards,
                U256::ZERO,
                error_data(ILrtOutgoing::setClaimerForCall::SELECTOR, &words![this]),
            )?;
        }
        // What arrives is counted by the balance delta (a fee-on-transfer
        // token, or a rewards contract misreporting, cannot book more).
        let mut before = Vec::with_capacity(tokens.len());
        for &token in &tokens {
            before.push(self.balance_here(token, account)?);
        }
        // ETH goes to the sub-account (it accepts ETH; a call into the Lrt
        // while it runs would be a reentrant call, which Stylus refuses),
        // where it counts as the Lrt's idle ETH; tokens come to the Lrt.
        let (eth, others): (Vec<Address>, Vec<Address>) =
            tokens.iter().partition(|&&t| t == NATIVE_ETH);
        for (list, recipient) in [(others, this), (eth, account)] {
            if list.is_empty() {
                continue;
            }
            // claim(earner, tokens, recipient): the array after the heads.
            let mut head =
                words![account, U256::from(96), recipient, U256::from(list.len())].to_vec();
            head.extend(list.iter().map(|t| t.into_word()));
            self.call_raw(
                rewards,
                &error_data(ILrtOutgoing::claimCall::SELECTOR, &head),
                U256::ZERO,
                true,
            )?;
        }
        let now = self.now();
        let mut paid = Vec::with_capacity(tokens.len());
        for (j, &token) in tokens.iter().enumerate() {
            // A token named twice arrives once: its second delta is zero.
            let amount = self.balance_here(token, account)?.saturating_sub(before[j]);
            before.iter_mut().zip(&tokens).for_each(|(b, &t)| {
                if t == token {
                    *b = b.saturating_add(amount);
                }
            });
            paid.push(amount);
            if amount.is_zero() {
                continue;
            }
            if token == NATIVE_ETH {
                // #15: ETH lands in the sub-account; the kept books follow
                // (as a full revaluation would read its balance).
                self.set(S_ACCOUNTS_ETH, add(self.get(S_ACCOUNTS_ETH), amount)?);
            }
            match self.asset_index(token) {
                Ok(i) => {
                    let slot = asset_slot(i, A_DRIP);
                    let word = self.get(slot);
                    let remaining = locked_at(word, now)?;
                    let locked = add(remaining, amount)?.min(LOW_128);
                    // The merged drip ends at the amount-weighted mean of the
                    // two ends (what was left keeps its own, the new amount
                    // takes REWARD_DRIP): a dust claim barely moves it, so
                    // claiming often cannot stall what is dripping. Down: the
                    // end is never later than the mean.
                    // left <= REWARD_DRIP: no drip ends later than that from now.
                    let left = word.as_limbs()[3].saturating_sub(now).min(REWARD_DRIP);
                    // mean = DRIP − (remaining / locked) · (DRIP − left);
                    // the part taken off rounds up, so the end rounds down.
                    let early = mul_div(
                        remaining,
                        U256::from(REWARD_DRIP - left),
                        locked.max(U256::from(1)),
                        Rounding::Up,
                    )?
                    .saturating_to::<u64>();
                    let span = REWARD_DRIP.saturating_sub(early).max(1);
                    let end = now.saturating_add(span);
                    let l = locked.as_limbs();
                    self.set(slot, U256::from_limbs([l[0], l[1], now, end]));
                    self.emit_event(&RewardsDripping {
                        asset: token,
                        operator,
                        amount,
                        locked,
                        end,
                    });
                }
                Err(_) => {
                    let slot = HELD_APART.slot(self.vm(), token.into_word());
                    let held = add(self.sload(slot), amount)?;
                    self.sstore(slot, held);
                    self.emit_event(&RewardsHeldApart {
                        token,
                        operator,
                        amount,
                        held,
                    });
                }
            }
        }
        Ok(paid)
    }

    /// Where a claim of `token` lands: `account`'s ETH, or the Lrt's own
    /// balance of a token.
    fn balance_here(&self, token: Address, account: Address) -> Result<U256, Error> {
        let this = self.vm().contract_address();
        if token == NATIVE_ETH {
            return Ok(self.vm().balance(account));
        }
        self.call_word(
            token,
            ILrtOutgoing::balanceOfCall::SELECTOR,
            &words![this],
            false,
        )
    }

    /// Sends `amount` of held-apart reward `token` to `to` (owner only).
    /// An accepted asset is never held apart, so this cannot touch the
    /// holders' books.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - not the owner.
    /// * [`Error::AssetExists`] - `token` is an accepted asset.
    /// * [`Error::InsufficientLiquidity`] - more than is held apart.
    /// * [`Error::CallFailed`] - the transfer failed.
    ///
    /// # Events
    /// * [`RewardTokenRouted`].
    pub fn route_reward_token(
        &mut self,
        token: Address,
        to: Address,
        amount: U256,
    ) -> Result<(), Error> {
        self.only(S_OWNER)?;
        if self.asset_index(token).is_ok() {
            return Err(Error::AssetExists(LrtAssetExists { asset: token }));
        }
        let slot = HELD_APART.slot(self.vm(), token.into_word());
        let held = self.sload(slot);
        if amount > held {
            return Err(Error::InsufficientLiquidity(LrtInsufficientLiquidity {
                asset: token,
                available: held,
                requested: amount,
            }));
        }
        self.sstore(slot, held - amount); // amount <= held
        self.call_true(
            token,
            ILrtOutgoing::transferCall::SELECTOR,
            &words![to, amount],
        )?;
        self.emit_event(&RewardTokenRouted { token, to, amount });
        Ok(())
    }

    /// Accepted `asset`'s rewards still dripping in (wei of it) and when the
    /// drip ends.
    ///
    /// # Errors
    /// * [`Error::UnknownAsset`], [`Error::Math`].
    pub fn reward_drip(&self, asset: Address) -> Result<(U256, u64), Error> {
        let i = self.asset_index(asset)?;
        let word = self.get(asset_slot(i, A_DRIP));
        Ok((locked_at(word, self.now())?, word.as_limbs()[3]))
    }

    /// Reward `token` held apart (not an accepted asset).
    pub fn held_apart(&self, token: Address) -> U256 {
        self.sload(HELD_APART.slot(self.vm(), token.into_word()))
    }
}
