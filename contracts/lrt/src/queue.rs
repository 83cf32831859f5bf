//! The redemption queue, the first way out: `requestRedeem` burns LRT
//! into a pending request, `finalizeRedeem` fixes and reserves its payout
//! after the redeem delay, `cancelRedeem` takes it back, `claimRedeem` pays
//! it; and the queue's views.

use alloy_primitives::{Address, U256};
use alloy_sol_types::SolCall;
use restake_interfaces::lrt::*;
use restake_math::{add, sub, Rounding};
use stylus_sdk::prelude::*;

use crate::{
    calls::to_address,
    storage::{
        asset_slot, A_PENDING_VALUE, A_RESERVED, A_TOKEN, REQUESTS, R_ASSET, R_ASSETS, R_MAX,
        R_SHARES, R_STATUS, R_TIME, S_PENDING, S_REDEEM_DELAY, S_REGISTRY, S_REQUEST_COUNT,
    },
    valuation::{exit_value, from_eth, shares_for, to_eth},
    Error, Lrt, MAX_ASSETS, STATUS_CANCELLED, STATUS_CLAIMABLE, STATUS_CLAIMED, STATUS_NONE,
    STATUS_PENDING,
};

/// The redemption queue.
///
/// Routed by [`Lrt::dispatch`] (the ABI is [`ILrt`]); Rust callers (the
/// native tests) call them directly.
impl Lrt {
    /// Burns `shares` of the caller's LRT into a redemption request paid in
    /// `asset`, worth at most their value (in ETH) at the current rate
    /// (rounded down). Until finalized the shares keep bearing slashing
    /// with the holders' (and earn nothing more). A request may not ask an
    /// asset for more than the Lrt holds of it beyond what the pending
    /// requests in it may take (M-2). Returns the request id.
    ///
    /// # Errors
    /// * [`Error::ZeroAmount`], [`Error::UnknownAsset`],
    ///   [`Error::RequestTooLarge`], [`Error::InsufficientBalance`],
    ///   [`Error::RateDecreased`], [`Error::InvalidRate`], [`Error::Call`],
    ///   [`Error::CallFailed`], [`Error::Math`].
    ///
    /// # Events
    /// * [`Transfer`] (burn), [`RedeemRequested`], maybe [`RateObserved`].
    pub fn request_redeem(&mut self, shares: U256, asset: Address) -> Result<U256, Error> {
        if shares.is_zero() {
            return Err(Error::ZeroAmount(LrtZeroAmount {}));
        }
        let i = self.asset_index(asset)?;
        let before = self.opening_books()?;
        let owner = self.vm().msg_sender();
        let max_value = exit_value(shares, &before)?;
        // M-2: no request may ask an asset for more than the Lrt holds of it
        // beyond what the pending requests in it may take, so every request
        // can be paid once the manager unwinds enough (rounded down: the
        // holdings are never overstated).
        let holdings = to_eth(before.per_asset[i], before.rates[i], Rounding::Down)?;
        let pending = self.get(asset_slot(i, A_PENDING_VALUE));
        let payable_value = holdings.saturating_sub(pending);
        if max_value > payable_value {
            return Err(Error::RequestTooLarge(LrtRequestTooLarge {
                asset,
                value: max_value,
                payable_value,
            }));
        }
        self.move_tokens_inner(owner, Address::ZERO, shares)?;
        self.set(S_PENDING, add(self.get(S_PENDING), shares)?);
        self.set(asset_slot(i, A_PENDING_VALUE), add(pending, max_value)?);
        let id = add(self.get(S_REQUEST_COUNT), U256::from(1))?;
        self.set(S_REQUEST_COUNT, id);
        let base = REQUESTS.slot(self.vm(), id.into());
        self.sstore(base, owner.into_word().into());
        self.sstore(base + U256::from(R_ASSET), U256::from(i));
        self.sstore(base + U256::from(R_STATUS), U256::from(STATUS_PENDING));
        self.sstore(base + U256::from(R_SHARES), shares);
        self.sstore(base + U256::from(R_MAX), max_value);
        self.sstore(base + U256::from(R_TIME), U256::from(self.now()));
        self.emit_event(&RedeemRequested {
            request_id: id,
            owner,
            asset,
            shares,
            max_value,
        });
        self.user_guard(&before)?;
        Ok(id)
    }

    /// Finalizes pending request `request_id` (anyone may call, in any
    /// order: no request waits on another, M-2) once the redeem delay has
    /// passed since it was requested ([`Lrt::redeem_delay`]: at least the
    /// registry's withdrawal delay). It pays the lower of its value at
    /// request and its value now (so a slash that landed while it was
    /// pending is shared pro rata with holders, and later rewards stay with
    /// holders), converted into its asset at the asset's rate (rounded
    /// down) and reserved from free idle liquidity. Returns that payout.
    ///
    /// # Errors
    /// * [`Error::RequestStatus`] - not pending, [`Error::RedeemDelayPending`]
    ///   (too early), [`Error::InsufficientLiquidity`],
    ///   [`Error::RateDecreased`], [`Error::InvalidRate`], [`Error::Call`],
    ///   [`Error::CallFailed`], [`Error::Math`].
    ///
    /// # Events
    /// * [`RedeemFinalized`], maybe [`RateObserved`].
    pub fn finalize_redeem(&mut self, request_id: U256) -> Result<U256, Error> {
        let (base, i) = self.pending_request(request_id)?;
        // M-1: a queued exit waits out the redeem delay (at least the
        // registry's withdrawal delay, which bounds every veto window and
        // slash the Lrt is exposed to), bearing slashes meanwhile; leaving
        // at once is the instant exit's job, with its fee and limit.
        let requested_at = self.sload(base + U256::from(R_TIME)).saturating_to::<u64>();
        let finalizable_at = requested_at.saturating_add(self.redeem_delay()?);
        let now = self.now();
        if now < finalizable_at {
            return Err(Error::RedeemDelayPending(LrtRedeemDelayPending {
                request_id,
                finalizable_at,
                timestamp: now,
            }));
        }
        let before = self.opening_books()?;
        let shares = self.sload(base + U256::from(R_SHARES));
        let max_value = self.sload(base + U256::from(R_MAX));
        let value = exit_value(shares, &before)?.min(max_value);
        // Down: the claimant never receives more than the value it is owed.
        let assets = from_eth(value, before.rates[i], Rounding::Down)?;
        let available = self.free_liquidity(i, &before);
        if available < assets {
            return Err(Error::InsufficientLiquidity(LrtInsufficientLiquidity {
                asset: self.addr(asset_slot(i, A_TOKEN)),
                available,
                requested: assets,
            }));
        }
        self.set(S_PENDING, sub(self.get(S_PENDING), shares)?);
        self.set(
            asset_slot(i, A_PENDING_VALUE),
            sub(self.get(asset_slot(i, A_PENDING_VALUE)), max_value)?,
        );
        self.set(
            asset_slot(i, A_RESERVED),
            add(self.get(asset_slot(i, A_RESERVED)), assets)?,
        );
        self.sstore(base + U256::from(R_STATUS), U256::from(STATUS_CLAIMABLE));
        self.sstore(base + U256::from(R_ASSETS), assets);
        self.emit_event(&RedeemFinalized { request_id, assets });
        self.user_guard(&before)?;
        Ok(assets)
    }

    /// Cancels the caller's pending request `request_id` (M-2: a request
    /// that waits too long can be taken back, e.g. to ask another asset):
    /// re-mints the LRT that the lower of its value at request and its
    /// value now buys at the rate of the books without the request (its
    /// claim and its shares taken out; rounded down, never more than it
    /// burned), so the owner ends with LRT worth that lower value and the
    /// other holders' rate does not move; the rest stays burned, with the
    /// holders, so a cancel never gains from the time spent pending.
    /// Returns the LRT re-minted.
    ///
    /// # Errors
    /// * [`Error::NotRequestOwner`], [`Error::RequestStatus`] - not
    ///   pending, [`Error::RateDecreased`], [`Error::InvalidRate`],
    ///   [`Error::Call`], [`Error::CallFailed`], [`Error::Math`].
    ///
    /// # Events
    /// * [`Transfer`] (mint), [`RedeemCancelled`], maybe [`RateObserved`].
    pub fn cancel_redeem(&mut self, request_id: U256) -> Result<U256, Error> {
        let caller = self.vm().msg_sender();
        let base = REQUESTS.slot(self.vm(), request_id.into());
        let owner = to_address(self.sload(base));
        if owner != caller {
            return Err(Error::NotRequestOwner(LrtNotRequestOwner {
                request_id,
                caller,
            }));
        }
        let (_, i) = self.pending_request(request_id)?;
        let before = self.opening_books()?;
        let shares = self.sload(base + U256::from(R_SHARES));
        let max_value = self.sload(base + U256::from(R_MAX));
        let value = exit_value(shares, &before)?.min(max_value);
        // Priced without the request itself (issue #12): at the current
        // rate its capped shares would still dilute the price, and the
        // re-minted LRT would take a part of what accrued while pending.
        let others = sub(before.supply, shares)?;
        let rest = before.value.saturating_sub(value);
        let reminted = if others.is_zero() || rest.is_zero() {
            shares
        } else {
            shares_for(value, rest, others)?.min(shares)
        };
        self.set(S_PENDING, sub(self.get(S_PENDING), shares)?);
        self.set(
            asset_slot(i, A_PENDING_VALUE),
            sub(self.get(asset_slot(i, A_PENDING_VALUE)), max_value)?,
        );
        self.sstore(base + U256::from(R_STATUS), U256::from(STATUS_CANCELLED));
        self.move_tokens_inner(Address::ZERO, owner, reminted)?;
        self.emit_event(&RedeemCancelled {
            request_id,
            owner,
            shares,
            reminted,
        });
        self.user_guard(&before)?;
        Ok(reminted)
    }

    /// Pays claimable request `request_id` (the caller's) to `receiver`.
    ///
    /// # Errors
    /// * [`Error::NotRequestOwner`], [`Error::RequestStatus`] - not
    ///   claimable, [`Error::ZeroAddress`], [`Error::InsufficientLiquidity`],
    ///   [`Error::RateDecreased`], [`Error::Call`], [`Error::CallFailed`],
    ///   [`Error::Math`].
    ///
    /// # Events
    /// * [`RedeemClaimed`], maybe [`RateObserved`].
    pub fn claim_redeem(&mut self, request_id: U256, receiver: Address) -> Result<U256, Error> {
        let caller = self.vm().msg_sender();
        let base = REQUESTS.slot(self.vm(), request_id.into());
        let status = self
            .sload(base + U256::from(R_STATUS))
            .saturating_to::<u8>();
        if status != STATUS_NONE && to_address(self.sload(base)) != caller {
            return Err(Error::NotRequestOwner(LrtNotRequestOwner {
                request_id,
                caller,
            }));
        }
        if status != STATUS_CLAIMABLE {
            return Err(Error::RequestStatus(LrtRequestStatus {
                request_id,
                status,
            }));
        }
        if receiver.is_zero() {
            return Err(Error::ZeroAddress(LrtZeroAddress {}));
        }
        let assets = self.sload(base + U256::from(R_ASSETS));
        let i = self
            .sload(base + U256::from(R_ASSET))
            .saturating_to::<usize>();
        let before = self.opening_books()?;
        self.sstore(base + U256::from(R_STATUS), U256::from(STATUS_CLAIMED));
        self.set(
            asset_slot(i, A_RESERVED),
            sub(self.get(asset_slot(i, A_RESERVED)), assets)?,
        );
        self.pay(i, receiver, assets)?;
        self.emit_event(&RedeemClaimed {
            request_id,
            receiver,
            assets,
        });
        self.user_guard(&before)?;
        Ok(assets)
    }

    /// The redeem delay in force (M-1): the owner's setting or the
    /// registry's withdrawal delay, whichever is longer.
    ///
    /// # Errors
    /// * [`Error::Call`], [`Error::CallFailed`] - the registry's view failed.
    pub fn redeem_delay(&self) -> Result<u64, Error> {
        let registry = self.call_word(
            self.addr(S_REGISTRY),
            ILrtOutgoing::withdrawalDelayCall::SELECTOR,
            &[],
            false,
        )?;
        Ok(self
            .get(S_REDEEM_DELAY)
            .max(registry)
            .saturating_to::<u64>())
    }

    /// When request `request_id` was made and when it may be finalized
    /// (zeros for no request).
    ///
    /// # Errors
    /// * [`Error::Call`], [`Error::CallFailed`] - the registry's view failed.
    pub fn request_time(&self, request_id: U256) -> Result<(u64, u64), Error> {
        let base = REQUESTS.slot(self.vm(), request_id.into());
        let at = self.sload(base + U256::from(R_TIME)).saturating_to::<u64>();
        if at == 0 {
            return Ok((0, 0));
        }
        Ok((at, at.saturating_add(self.redeem_delay()?)))
    }

    /// Redemption request `request_id`: owner, asset, status (0 none, 1
    /// pending, 2 claimable, 3 claimed), shares, value at request, payout.
    pub fn request(&self, request_id: U256) -> (Address, Address, u8, U256, U256, U256) {
        let base = REQUESTS.slot(self.vm(), request_id.into());
        let status = self
            .sload(base + U256::from(R_STATUS))
            .saturating_to::<u8>();
        let i = self
            .sload(base + U256::from(R_ASSET))
            .saturating_to::<usize>()
            .min(MAX_ASSETS);
        let asset = if status == STATUS_NONE {
            Address::ZERO
        } else {
            self.addr(asset_slot(i, A_TOKEN))
        };
        (
            to_address(self.sload(base)),
            asset,
            status,
            self.sload(base + U256::from(R_SHARES)),
            self.sload(base + U256::from(R_MAX)),
            self.sload(base + U256::from(R_ASSETS)),
        )
    }
}

impl Lrt {
    /// Request `request_id`'s storage base and asset index, if it is
    /// pending.
    fn pending_request(&self, request_id: U256) -> Result<(U256, usize), Error> {
        let base = REQUESTS.slot(self.vm(), request_id.into());
        let status = self
            .sload(base + U256::from(R_STATUS))
            .saturating_to::<u8>();
        if status != STATUS_PENDING {
            return Err(Error::RequestStatus(LrtRequestStatus {
                request_id,
                status,
            }));
        }
        let i = self
            .sload(base + U256::from(R_ASSET))
            .saturating_to::<usize>()
            .min(MAX_ASSETS - 1);
        Ok((base, i))
    }
}
