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
#![cfg_attr(target_arch = "wasm32", no_std)]
extern crate alloc;

restake_kit::wasm_runtime!();

mod admin;
mod calls;
mod errors;
mod exits;
mod mint;
mod operators;
mod queue;
mod rate_history;
mod rewards;
mod router;
mod storage;
mod token;
mod valuation;

use alloy_primitives::{Address, U256};
use restake_interfaces::lrt::*;
use stylus_sdk::prelude::*;

use crate::storage::{S_EXTENSION, S_IMPLEMENTATION, S_REGISTRY};
pub use crate::{
    errors::Error,
    operators::clone_init_code,
    rewards::REWARD_DRIP,
    router::{interface_abi, WASM},
};

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

/// The Lrt. Its storage is flat: see the layout table in `storage.rs`.
#[entrypoint]
#[storage]
pub struct Lrt {}

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
    pub fn constructor(
        &mut self,
        owner: Address,
        manager: Address,
        registry: Address,
        account_implementation: Address,
        extension: Address,
    ) -> Result<(), Error> {
        if WASM == restake_kit::route::EXT {
            return Err(Error::Unauthorized(LrtUnauthorized {
                caller: self.vm().msg_sender(),
            }));
        }
        // The token's wasm delegate-calls the extension; a call to an
        // address without code would "succeed" with no effect.
        let no_extension = WASM == restake_kit::route::CORE && extension.is_zero();
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

    /// Accepts ETH (empty calldata): donations, which raise the rate for
    /// every holder.
    ///
    /// # Errors
    /// * [`Error::InvalidCalldata`] - in the extension's own wasm, which
    ///   has no `receive` (ETH sent to its address would be lost): the
    ///   kit's refusal of calldata without a selector, `0x00000000`.
    pub fn receive(&mut self) -> Result<(), Error> {
        if WASM == restake_kit::route::EXT {
            return Err(Error::invalid_calldata(0));
        }
        Ok(())
    }
}
