//! # Restake liquid restaking token (Lrt)
//!
//! One liquid, non-rebasing ERC-20 (with EIP-2612 permit) for wallets that
//! never touch vaults: deposit ETH or an accepted LST, hold LRT, exit two
//! ways. See `docs/lrt.md`.
//!
//! * **Mint** at the current rate, rounded down, with a minimum-out, per-asset
//!   caps and a pause.
//! * **Restake**: the Lrt is a staker of the operator registry through one
//!   sub-account per operator (EIP-1167 clones of `restake-lrt-account`). The
//!   manager moves idle funds into vaults and out again; no operator may hold
//!   more than the concentration cap of the Lrt's value after a move, and a
//!   move may not take idle liquidity below the buffer target.
//! * **Rate in ETH**: value = idle balances + withdrawable value of every
//!   position + value of every queued withdrawal, read from the vaults and
//!   the registry, less what finalized redemptions reserve; rate = value /
//!   (supply + shares in pending redemptions). Each LST is valued at its
//!   vault's share price and then at its **rate source** (`getRate()`, set
//!   by the owner with the asset, M-3); ETH is 1:1. A guard re-values after
//!   every mutating entry point and reverts if the rate fell (manager moves
//!   may lose at most [`MOVE_DUST`] wei of vault rounding). Slashing, read
//!   from the registry, and the LSTs' own rates are the only things that
//!   lower it.
//! * **Rate history** (L-6): a time-weighted accumulator (Σ rate · seconds,
//!   as Uniswap's price accumulators) and a ring of [`OBSERVATIONS`]
//!   observations, at most one per [`OBSERVATION_INTERVAL`]: the average
//!   and annualized rate over any window from [`MIN_RATE_WINDOW`] to 30
//!   days.
//! * **Two exits**: `requestRedeem` burns LRT into a pending request (shares
//!   still bear slashing; the payout is the lower of the value at request
//!   and at finalization; no request may ask an asset for more than it
//!   holds beyond what pending ones may take) → `finalizeRedeem(id)`
//!   (anyone, any pending request in any order, M-2, when free liquidity
//!   covers it) → `claimRedeem`, or `cancelRedeem` (re-mints at the lower
//!   value); and `instantRedeem` from idle liquidity with a fee and a limit
//!   per period.
//!
//! Loops are bounded: at most [`MAX_ASSETS`] assets, [`MAX_OPERATORS`]
//! operators; each sub-account keeps at most 16 open registry withdrawals.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
extern crate alloc;

mod admin;
mod args;
mod calls;
mod errors;
mod exits;
mod mint;
mod operators;
mod queue;
mod rate_history;
mod storage;
mod token;
mod valuation;

use alloc::vec::Vec;

// Only the extension's `annualizedRate` encodes a raw word.
#[cfg(any(not(target_arch = "wasm32"), feature = "extension"))]
use alloy_primitives::B256;
use alloy_primitives::{Address, U256};
use alloy_sol_types::SolCall;
use restake_interfaces::{abi::concat, lrt::*, words};
use stylus_sdk::prelude::*;

// Only the token's `name` and `symbol` return a string.
#[cfg(any(not(target_arch = "wasm32"), not(feature = "extension")))]
use crate::args::encode_string;
use crate::{
    args::Args,
    storage::{S_EXTENSION, S_IMPLEMENTATION, S_REGISTRY},
};
pub use crate::{errors::Error, operators::clone_init_code};

/// At most this many accepted assets (the rate loops over them).
pub const MAX_ASSETS: usize = 4;
/// At most this many operators, each with one sub-account.
pub const MAX_OPERATORS: usize = 8;
/// Rate observations kept (a ring, L-6): 31 days of hourly observations,
/// so windows up to 30 days stay readable.
pub const OBSERVATIONS: u64 = 744;
/// At most one observation per this many seconds.
pub const OBSERVATION_INTERVAL: u64 = 3_600;
/// The shortest window the rate views answer: two observation intervals,
/// so each half of an annualized window spans at least one observation.
pub const MIN_RATE_WINDOW: u64 = 2 * OBSERVATION_INTERVAL;
/// Wei a manager move may lose to vault share rounding (the guard's only
/// tolerance; user entry points have none).
pub const MOVE_DUST: u64 = 10;
/// The longest redeem delay the owner may set (M-1): 60 days, so a queued
/// exit can never be held back for good.
pub const MAX_REDEEM_DELAY: u64 = 60 * 86_400;
/// The highest instant exit fee the owner may set (10%).
pub const MAX_FEE_BPS: u64 = 1_000;
/// Basis-point denominator.
pub const BPS: u64 = 10_000;
/// Seconds in a (365-day) year, for the annualized rate.
pub const YEAR: u64 = 31_536_000;
/// The token's name, also the EIP-712 domain name.
pub const NAME: &str = "Restake Liquid Restaked ETH";
/// The token's symbol.
pub const SYMBOL: &str = "rstETH";

/// Request status: none.
pub const STATUS_NONE: u8 = 0;
/// Request status: pending (its shares still bear slashing).
pub const STATUS_PENDING: u8 = 1;
/// Request status: claimable (its payout is reserved).
pub const STATUS_CLAIMABLE: u8 = 2;
/// Request status: claimed.
pub const STATUS_CLAIMED: u8 = 3;
/// Request status: cancelled by its owner (M-2).
pub const STATUS_CANCELLED: u8 = 4;

// Here rather than in `errors.rs`: scripts/export-abi.py reads this list
// (the OpenZeppelin errors the ABI declares) from the crate's lib.rs.
#[cfg(feature = "export-abi")]
impl stylus_sdk::abi::export::internal::InnerTypes for Error {
    fn inner_types() -> Vec<stylus_sdk::abi::export::internal::InnerType> {
        use openzeppelin_stylus::{
            token::erc20::{
                extensions::permit::{ERC2612ExpiredSignature, ERC2612InvalidSigner},
                ERC20InsufficientAllowance, ERC20InsufficientBalance, ERC20InvalidReceiver,
                ERC20InvalidSender, ERC20InvalidSpender,
            },
            utils::cryptography::ecdsa::{ECDSAInvalidSignature, ECDSAInvalidSignatureS},
        };
        use restake_interfaces::export::{error, list};
        list(&[
            error::<LrtUnauthorized>,
            error::<LrtZeroAddress>,
            error::<LrtZeroAmount>,
            error::<LrtPaused>,
            error::<LrtUnknownAsset>,
            error::<LrtAssetExists>,
            error::<LrtOperator>,
            error::<LrtTooMany>,
            error::<LrtCapExceeded>,
            error::<LrtSlippage>,
            error::<LrtZeroShares>,
            error::<LrtRateDecreased>,
            error::<LrtConcentrationCapExceeded>,
            error::<LrtBufferBelowTarget>,
            error::<LrtInsufficientLiquidity>,
            error::<LrtRateLimitExceeded>,
            error::<LrtRequestStatus>,
            error::<LrtNotRequestOwner>,
            error::<LrtDelegationFailed>,
            error::<LrtAccountCreationFailed>,
            error::<LrtCallFailed>,
            error::<LrtInvalidParameter>,
            error::<LrtMathError>,
            error::<LrtInvalidCalldata>,
            error::<LrtOperatorNotEmpty>,
            error::<LrtRedeemDelayPending>,
            error::<LrtInvalidRate>,
            error::<LrtRequestTooLarge>,
            error::<LrtRateWindow>,
            error::<ERC20InsufficientBalance>,
            error::<ERC20InsufficientAllowance>,
            error::<ERC20InvalidSender>,
            error::<ERC20InvalidReceiver>,
            error::<ERC20InvalidSpender>,
            error::<ERC2612ExpiredSignature>,
            error::<ERC2612InvalidSigner>,
            error::<ECDSAInvalidSignature>,
            error::<ECDSAInvalidSignatureS>,
        ])
    }
}

/// The Lrt. Its storage is flat: see the layout table in `storage.rs`.
#[entrypoint]
#[storage]
pub struct Lrt {}

#[public]
impl Lrt {
    /// Wires the Lrt: `owner` (assets, caps, parameters, pause), `manager`
    /// (operators and restaking), the operator `registry`, the deployed
    /// sub-account `account_implementation` that clones delegate to, and the
    /// deployed `extension` (this crate built with the `extension` feature:
    /// the manager, owner and view functions, run by delegate call). Starts
    /// with no concentration limit (100%), no buffer, no fee, and no instant
    /// limit per one-day period.
    ///
    /// # Errors
    /// * [`Error::ZeroAddress`] - `owner` or `registry` is zero, or (in the
    ///   wasm, which delegate-calls it) `extension`.
    /// * [`Error::Unauthorized`] - always, in the extension's own wasm: the
    ///   extension has no state of its own and is never initialized.
    ///
    /// # Events
    /// * [`OwnershipTransferred`], [`ManagerSet`], [`ParametersSet`].
    #[constructor]
    pub fn constructor(
        &mut self,
        owner: Address,
        manager: Address,
        registry: Address,
        account_implementation: Address,
        extension: Address,
    ) -> Result<(), Error> {
        if cfg!(all(target_arch = "wasm32", feature = "extension")) {
            return Err(Error::Unauthorized(LrtUnauthorized {
                caller: self.vm().msg_sender(),
            }));
        }
        // The token's wasm delegate-calls the extension; a call to an
        // address without code would "succeed" with no effect.
        let no_extension = cfg!(target_arch = "wasm32") && extension.is_zero();
        if owner.is_zero() || registry.is_zero() || no_extension {
            return Err(Error::ZeroAddress(LrtZeroAddress {}));
        }
        self.set_addr(S_REGISTRY, registry);
        self.set_addr(S_IMPLEMENTATION, account_implementation);
        self.set_addr(S_EXTENSION, extension);
        self.set_owner(owner);
        self.set_manager_inner(manager);
        self.set_parameters_inner(U256::from(BPS), U256::ZERO, U256::ZERO, U256::MAX, 86_400)
    }

    /// Every call but the constructor and plain ETH: decoded by hand and
    /// routed by [`Lrt::dispatch`] (the SDK router's generic per-function
    /// decoders cost more than the whole limit). Only `deposit` takes ETH.
    #[payable]
    #[fallback]
    pub fn fallback(&mut self, input: &[u8]) -> stylus_sdk::ArbResult {
        self.dispatch(input).map_err(Into::into)
    }

    /// Accepts ETH: donations, which raise the rate for every holder.
    #[receive]
    pub fn receive(&mut self) -> Result<(), Vec<u8>> {
        Ok(())
    }
}

impl Lrt {
    /// Routes a call by its selector ([`ILrt`]), decoding the arguments by
    /// hand. A malformed call runs with zeroed arguments and is then turned
    /// into [`LrtInvalidCalldata`] (the revert undoes whatever it did).
    #[inline(never)]
    pub fn dispatch(&mut self, input: &[u8]) -> Result<Vec<u8>, Error> {
        let selector: [u8; 4] = input
            .get(..4)
            .and_then(|s| s.try_into().ok())
            .unwrap_or_default();
        let a = Args {
            data: input.get(4..).unwrap_or_default(),
            malformed: core::cell::Cell::new(false),
        };
        let bad = Error::InvalidCalldata(LrtInvalidCalldata {
            selector: selector.into(),
        });
        if input.len() < 4
            || (selector != ILrt::depositCall::SELECTOR && !self.vm().msg_value().is_zero())
        {
            return Err(bad);
        }
        // Whatever a malformed call did or failed with on its zeroed
        // arguments, it answers `LrtInvalidCalldata` (issue #12: it used
        // to return the function's own error when that failed first).
        let out = self.route(&a, selector, input);
        if a.malformed.get() {
            return Err(bad);
        }
        out
    }

    /// The Lrt is one contract in two wasms, each under the Stylus size
    /// limit: the token's own (`core`: the ERC-20, permit, mint, both exits,
    /// `rate` and `books`) and the extension (this crate with the
    /// `extension` feature: manager, owner and the other views). `core`
    /// delegate-calls the extension for every selector it does not route, so
    /// both run on the Lrt's storage, balance and address. Native builds
    /// (tests, ABI export) route everything here.
    #[inline(never)]
    #[allow(unused_variables)]
    fn route(&mut self, a: &Args, selector: [u8; 4], input: &[u8]) -> Result<Vec<u8>, Error> {
        use ILrt as I;
        let one = |v: U256| concat(&words![v]);
        Ok(match selector {
            #[cfg(any(not(target_arch = "wasm32"), not(feature = "extension")))]
            I::nameCall::SELECTOR => encode_string(NAME),
            #[cfg(any(not(target_arch = "wasm32"), not(feature = "extension")))]
            I::symbolCall::SELECTOR => encode_string(SYMBOL),
            #[cfg(any(not(target_arch = "wasm32"), not(feature = "extension")))]
            I::decimalsCall::SELECTOR => one(U256::from(18)),
            #[cfg(any(not(target_arch = "wasm32"), not(feature = "extension")))]
            I::totalSupplyCall::SELECTOR => one(self.total_supply()),
            #[cfg(any(not(target_arch = "wasm32"), not(feature = "extension")))]
            I::balanceOfCall::SELECTOR => one(self.balance_of(a.address(0))),
            #[cfg(any(not(target_arch = "wasm32"), not(feature = "extension")))]
            I::allowanceCall::SELECTOR => one(self.allowance(a.address(0), a.address(1))),
            #[cfg(any(not(target_arch = "wasm32"), not(feature = "extension")))]
            I::transferCall::SELECTOR => concat(&words![self.transfer(a.address(0), a.u256(1))?]),
            #[cfg(any(not(target_arch = "wasm32"), not(feature = "extension")))]
            I::transferFromCall::SELECTOR => concat(&words![self.transfer_from(
                a.address(0),
                a.address(1),
                a.u256(2)
            )?]),
            #[cfg(any(not(target_arch = "wasm32"), not(feature = "extension")))]
            I::approveCall::SELECTOR => concat(&words![self.approve(a.address(0), a.u256(1))?]),
            #[cfg(any(not(target_arch = "wasm32"), not(feature = "extension")))]
            I::permitCall::SELECTOR => {
                self.permit(
                    a.address(0),
                    a.address(1),
                    a.u256(2),
                    a.u256(3),
                    a.u8(4),
                    a.b256(5),
                    a.b256(6),
                )?;
                Vec::new()
            }
            #[cfg(any(not(target_arch = "wasm32"), not(feature = "extension")))]
            I::noncesCall::SELECTOR => one(self.nonces(a.address(0))),
            #[cfg(any(not(target_arch = "wasm32"), not(feature = "extension")))]
            I::DOMAIN_SEPARATORCall::SELECTOR => concat(&[self.domain_separator()]),
            #[cfg(any(not(target_arch = "wasm32"), not(feature = "extension")))]
            I::depositCall::SELECTOR => one(self.deposit(a.u256(0))?),
            #[cfg(any(not(target_arch = "wasm32"), not(feature = "extension")))]
            I::depositTokenCall::SELECTOR => {
                one(self.deposit_token(a.address(0), a.u256(1), a.u256(2))?)
            }
            #[cfg(any(not(target_arch = "wasm32"), not(feature = "extension")))]
            I::requestRedeemCall::SELECTOR => one(self.request_redeem(a.u256(0), a.address(1))?),
            #[cfg(any(not(target_arch = "wasm32"), not(feature = "extension")))]
            I::finalizeRedeemCall::SELECTOR => one(self.finalize_redeem(a.u256(0))?),
            #[cfg(any(not(target_arch = "wasm32"), not(feature = "extension")))]
            I::cancelRedeemCall::SELECTOR => one(self.cancel_redeem(a.u256(0))?),
            #[cfg(any(not(target_arch = "wasm32"), not(feature = "extension")))]
            I::claimRedeemCall::SELECTOR => one(self.claim_redeem(a.u256(0), a.address(1))?),
            #[cfg(any(not(target_arch = "wasm32"), not(feature = "extension")))]
            I::instantRedeemCall::SELECTOR => {
                one(self.instant_redeem(a.u256(0), a.address(1), a.u256(2), a.address(3))?)
            }
            #[cfg(any(not(target_arch = "wasm32"), feature = "extension"))]
            I::addOperatorCall::SELECTOR => concat(&words![self.add_operator(
                a.address(0),
                a.bytes(1),
                a.u256(2),
                a.b256(3)
            )?]),
            #[cfg(any(not(target_arch = "wasm32"), feature = "extension"))]
            I::restakeCall::SELECTOR => one(self.restake(a.address(0), a.address(1), a.u256(2))?),
            #[cfg(any(not(target_arch = "wasm32"), feature = "extension"))]
            I::unstakeCall::SELECTOR => one(self.unstake(a.address(0), a.address(1), a.u256(2))?),
            #[cfg(any(not(target_arch = "wasm32"), feature = "extension"))]
            I::completeUnstakeCall::SELECTOR => {
                one(self.complete_unstake(a.address(0), a.u256(1))?)
            }
            #[cfg(any(not(target_arch = "wasm32"), feature = "extension"))]
            I::redelegateOperatorCall::SELECTOR => {
                self.redelegate_operator(a.address(0), a.bytes(1), a.u256(2), a.b256(3))?;
                Vec::new()
            }
            #[cfg(any(not(target_arch = "wasm32"), feature = "extension"))]
            I::removeOperatorCall::SELECTOR => concat(&words![self.remove_operator(a.address(0))?]),
            #[cfg(any(not(target_arch = "wasm32"), feature = "extension"))]
            I::setRedeemDelayCall::SELECTOR => {
                self.set_redeem_delay(a.u64(0))?;
                Vec::new()
            }
            #[cfg(any(not(target_arch = "wasm32"), feature = "extension"))]
            I::redeemDelayCall::SELECTOR => one(U256::from(self.redeem_delay()?)),
            #[cfg(any(not(target_arch = "wasm32"), feature = "extension"))]
            I::requestTimeCall::SELECTOR => {
                let (at, ready) = self.request_time(a.u256(0))?;
                concat(&words![at, ready])
            }
            #[cfg(any(not(target_arch = "wasm32"), feature = "extension"))]
            I::addAssetCall::SELECTOR => {
                self.add_asset(a.address(0), a.address(1), a.u256(2), a.address(3))?;
                Vec::new()
            }
            #[cfg(any(not(target_arch = "wasm32"), feature = "extension"))]
            I::setRateSourceCall::SELECTOR => {
                self.set_rate_source(a.address(0), a.address(1))?;
                Vec::new()
            }
            #[cfg(any(not(target_arch = "wasm32"), feature = "extension"))]
            I::assetRateCall::SELECTOR => one(self.asset_rate(a.address(0))?),
            #[cfg(any(not(target_arch = "wasm32"), feature = "extension"))]
            I::acceptOwnershipCall::SELECTOR => {
                self.accept_ownership()?;
                Vec::new()
            }
            #[cfg(any(not(target_arch = "wasm32"), feature = "extension"))]
            I::pendingOwnerCall::SELECTOR => concat(&words![self.pending_owner()]),
            #[cfg(any(not(target_arch = "wasm32"), feature = "extension"))]
            I::setAssetCapCall::SELECTOR => {
                self.set_asset_cap(a.address(0), a.u256(1))?;
                Vec::new()
            }
            #[cfg(any(not(target_arch = "wasm32"), feature = "extension"))]
            I::setParametersCall::SELECTOR => {
                self.set_parameters(a.u256(0), a.u256(1), a.u256(2), a.u256(3), a.u64(4))?;
                Vec::new()
            }
            #[cfg(any(not(target_arch = "wasm32"), feature = "extension"))]
            I::setManagerCall::SELECTOR => {
                self.set_manager(a.address(0))?;
                Vec::new()
            }
            #[cfg(any(not(target_arch = "wasm32"), feature = "extension"))]
            I::transferOwnershipCall::SELECTOR => {
                self.transfer_ownership(a.address(0))?;
                Vec::new()
            }
            #[cfg(any(not(target_arch = "wasm32"), feature = "extension"))]
            I::setPausedCall::SELECTOR => {
                self.set_paused(a.bool(0))?;
                Vec::new()
            }
            #[cfg(any(not(target_arch = "wasm32"), feature = "extension"))]
            I::checkpointCall::SELECTOR => {
                self.checkpoint()?;
                Vec::new()
            }
            #[cfg(any(not(target_arch = "wasm32"), not(feature = "extension")))]
            I::rateCall::SELECTOR => one(self.rate()?),
            #[cfg(any(not(target_arch = "wasm32"), not(feature = "extension")))]
            I::booksCall::SELECTOR => {
                let (v, s, i, p) = self.books()?;
                concat(&words![v, s, i, p])
            }
            #[cfg(any(not(target_arch = "wasm32"), feature = "extension"))]
            I::operatorValueCall::SELECTOR => one(self.operator_value(a.u256(0))?),
            #[cfg(any(not(target_arch = "wasm32"), feature = "extension"))]
            I::assetAtCall::SELECTOR => {
                let (t, v, c, d, r, p, s) = self.asset_at(a.u256(0));
                concat(&words![t, v, c, d, r, p, s])
            }
            #[cfg(any(not(target_arch = "wasm32"), feature = "extension"))]
            I::operatorAtCall::SELECTOR => {
                let (o, acc) = self.operator_at(a.u256(0));
                concat(&words![o, acc])
            }
            #[cfg(any(not(target_arch = "wasm32"), feature = "extension"))]
            I::requestCall::SELECTOR => {
                let (o, asset, st, sh, m, x) = self.request(a.u256(0));
                concat(&words![o, asset, st, sh, m, x])
            }
            #[cfg(any(not(target_arch = "wasm32"), feature = "extension"))]
            I::parametersCall::SELECTOR => {
                let (c, b, f, l, p, u) = self.parameters();
                concat(&words![c, b, f, l, p, u])
            }
            #[cfg(any(not(target_arch = "wasm32"), feature = "extension"))]
            I::rolesCall::SELECTOR => {
                let (o, m, r, i, x, p) = self.roles();
                concat(&words![o, m, r, i, x, p])
            }
            #[cfg(any(not(target_arch = "wasm32"), feature = "extension"))]
            I::observationCall::SELECTOR => {
                let (t, c) = self.observation(a.u64(0));
                concat(&words![t, c])
            }
            #[cfg(any(not(target_arch = "wasm32"), feature = "extension"))]
            I::rateAccumulatorCall::SELECTOR => {
                let (t, r, c) = self.rate_accumulator();
                concat(&words![t, r, c])
            }
            #[cfg(any(not(target_arch = "wasm32"), feature = "extension"))]
            I::averageRateCall::SELECTOR => one(self.average_rate(a.u64(0))?),
            #[cfg(any(not(target_arch = "wasm32"), feature = "extension"))]
            I::annualizedRateCall::SELECTOR => {
                concat(&[B256::from(self.annualized_rate(a.u64(0))?.into_raw())])
            }
            #[cfg(all(target_arch = "wasm32", not(feature = "extension")))]
            _ => {
                let extension = self.addr(S_EXTENSION);
                // SAFETY: the extension is this crate's own code, fixed at
                // construction; it runs on this storage with the same layout.
                let out = unsafe {
                    self.vm().delegate_call(
                        &stylus_sdk::stylus_core::calls::context::Call::new(),
                        extension,
                        input,
                    )
                };
                return out.map_err(|e| match e {
                    stylus_sdk::stylus_core::calls::errors::Error::Revert(data)
                        if !data.is_empty() =>
                    {
                        Error::Call(data)
                    }
                    _ => Error::CallFailed(LrtCallFailed { target: extension }),
                });
            }
            #[cfg(any(not(target_arch = "wasm32"), feature = "extension"))]
            _ => {
                return Err(Error::InvalidCalldata(LrtInvalidCalldata {
                    selector: selector.into(),
                }))
            }
        })
    }
}
