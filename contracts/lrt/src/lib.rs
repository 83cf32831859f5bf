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

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, I256, U256};
use alloy_sol_types::{SolCall, SolError, SolEvent};
use openzeppelin_stylus::{
    token::erc20::{
        extensions::permit::{ERC2612ExpiredSignature, ERC2612InvalidSigner},
        ERC20InsufficientAllowance, ERC20InsufficientBalance, ERC20InvalidReceiver,
        ERC20InvalidSender, ERC20InvalidSpender,
    },
    utils::cryptography::ecdsa::{ECDSAInvalidSignature, ECDSAInvalidSignatureS},
};
use restake_interfaces::{
    abi::{concat, error_data},
    lrt::*,
    math_code, words, NATIVE_ETH,
};
use restake_kit::{
    call, ecdsa, eip712, log,
    storage::{self, Map, Map2},
};
use restake_math::{
    add, assets_to_shares, mul_div, shares_to_assets, sub, MathError, Rounding, VaultTotals,
    VIRTUAL_ASSETS, VIRTUAL_SHARES, WAD,
};
use stylus_sdk::{keccak_const::Keccak256, prelude::*};

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

const PERMIT_TYPEHASH: [u8; 32] = Keccak256::new()
    .update(b"Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)")
    .finalize();
const NAME_HASH: [u8; 32] = Keccak256::new().update(NAME.as_bytes()).finalize();
const VERSION_HASH: [u8; 32] = Keccak256::new().update(b"1").finalize();

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

/// Every error the Lrt returns, each a Solidity custom error.
#[derive(Debug)]
pub enum Error {
    /// See [`LrtUnauthorized`].
    Unauthorized(LrtUnauthorized),
    /// See [`LrtZeroAddress`].
    ZeroAddress(LrtZeroAddress),
    /// See [`LrtZeroAmount`].
    ZeroAmount(LrtZeroAmount),
    /// See [`LrtPaused`].
    Paused(LrtPaused),
    /// See [`LrtUnknownAsset`].
    UnknownAsset(LrtUnknownAsset),
    /// See [`LrtAssetExists`].
    AssetExists(LrtAssetExists),
    /// See [`LrtOperator`].
    Operator(LrtOperator),
    /// See [`LrtTooMany`].
    TooMany(LrtTooMany),
    /// See [`LrtCapExceeded`].
    CapExceeded(LrtCapExceeded),
    /// See [`LrtSlippage`].
    Slippage(LrtSlippage),
    /// See [`LrtZeroShares`].
    ZeroShares(LrtZeroShares),
    /// See [`LrtRateDecreased`].
    RateDecreased(LrtRateDecreased),
    /// See [`LrtConcentrationCapExceeded`].
    ConcentrationCapExceeded(LrtConcentrationCapExceeded),
    /// See [`LrtBufferBelowTarget`].
    BufferBelowTarget(LrtBufferBelowTarget),
    /// See [`LrtInsufficientLiquidity`].
    InsufficientLiquidity(LrtInsufficientLiquidity),
    /// See [`LrtRateLimitExceeded`].
    RateLimitExceeded(LrtRateLimitExceeded),
    /// See [`LrtRequestStatus`].
    RequestStatus(LrtRequestStatus),
    /// See [`LrtNotRequestOwner`].
    NotRequestOwner(LrtNotRequestOwner),
    /// See [`LrtDelegationFailed`].
    DelegationFailed(LrtDelegationFailed),
    /// See [`LrtAccountCreationFailed`].
    AccountCreationFailed(LrtAccountCreationFailed),
    /// See [`LrtCallFailed`].
    CallFailed(LrtCallFailed),
    /// See [`LrtInvalidParameter`].
    InvalidParameter(LrtInvalidParameter),
    /// See [`LrtMathError`].
    Math(LrtMathError),
    /// See [`LrtInvalidCalldata`].
    InvalidCalldata(LrtInvalidCalldata),
    /// See [`LrtOperatorNotEmpty`].
    OperatorNotEmpty(LrtOperatorNotEmpty),
    /// See [`LrtRedeemDelayPending`].
    RedeemDelayPending(LrtRedeemDelayPending),
    /// See [`LrtInvalidRate`].
    InvalidRate(LrtInvalidRate),
    /// See [`LrtRequestTooLarge`].
    RequestTooLarge(LrtRequestTooLarge),
    /// See [`LrtRateWindow`].
    RateWindow(LrtRateWindow),
    /// A called contract (vault, registry, token, sub-account) reverted:
    /// its revert data, one of its custom errors, passed on unchanged.
    Call(Vec<u8>),
    /// ERC-20 (ERC-6093) `ERC20InsufficientBalance`.
    InsufficientBalance(ERC20InsufficientBalance),
    /// ERC-20 `ERC20InsufficientAllowance`.
    InsufficientAllowance(ERC20InsufficientAllowance),
    /// ERC-20 `ERC20InvalidSender` (the zero address).
    InvalidSender(ERC20InvalidSender),
    /// ERC-20 `ERC20InvalidReceiver` (the zero address).
    InvalidReceiver(ERC20InvalidReceiver),
    /// ERC-20 `ERC20InvalidSpender` (the zero address).
    InvalidSpender(ERC20InvalidSpender),
    /// EIP-2612 `ERC2612ExpiredSignature`.
    ExpiredSignature(ERC2612ExpiredSignature),
    /// EIP-2612 `ERC2612InvalidSigner` (wrong signer, or a replayed nonce).
    InvalidSigner(ERC2612InvalidSigner),
    /// `ECDSAInvalidSignature` (unrecoverable signature).
    InvalidSignature(ECDSAInvalidSignature),
    /// `ECDSAInvalidSignatureS` (malleable, high-s signature).
    InvalidSignatureS(ECDSAInvalidSignatureS),
}

impl From<Error> for Vec<u8> {
    #[inline(never)]
    fn from(e: Error) -> Vec<u8> {
        match e {
            Error::Unauthorized(e) => error_data(LrtUnauthorized::SELECTOR, &words![e.caller]),
            Error::ZeroAddress(_) => error_data(LrtZeroAddress::SELECTOR, &[]),
            Error::ZeroAmount(_) => error_data(LrtZeroAmount::SELECTOR, &[]),
            Error::Paused(_) => error_data(LrtPaused::SELECTOR, &[]),
            Error::UnknownAsset(e) => error_data(LrtUnknownAsset::SELECTOR, &words![e.asset]),
            Error::AssetExists(e) => error_data(LrtAssetExists::SELECTOR, &words![e.asset]),
            Error::Operator(e) => error_data(LrtOperator::SELECTOR, &words![e.operator, e.exists]),
            Error::TooMany(e) => error_data(LrtTooMany::SELECTOR, &words![e.which, e.max]),
            Error::CapExceeded(e) => error_data(
                LrtCapExceeded::SELECTOR,
                &words![e.asset, e.cap, e.deposited, e.requested],
            ),
            Error::Slippage(e) => error_data(LrtSlippage::SELECTOR, &words![e.min_out, e.out]),
            Error::ZeroShares(e) => error_data(LrtZeroShares::SELECTOR, &words![e.assets]),
            Error::RateDecreased(e) => error_data(
                LrtRateDecreased::SELECTOR,
                &words![
                    e.value_before,
                    e.supply_before,
                    e.value_after,
                    e.supply_after
                ],
            ),
            Error::ConcentrationCapExceeded(e) => error_data(
                LrtConcentrationCapExceeded::SELECTOR,
                &words![e.operator, e.operator_value, e.cap],
            ),
            Error::BufferBelowTarget(e) => {
                error_data(LrtBufferBelowTarget::SELECTOR, &words![e.idle, e.target])
            }
            Error::InsufficientLiquidity(e) => error_data(
                LrtInsufficientLiquidity::SELECTOR,
                &words![e.asset, e.available, e.requested],
            ),
            Error::RateLimitExceeded(e) => error_data(
                LrtRateLimitExceeded::SELECTOR,
                &words![e.limit, e.used, e.requested],
            ),
            Error::RequestStatus(e) => {
                error_data(LrtRequestStatus::SELECTOR, &words![e.request_id, e.status])
            }
            Error::NotRequestOwner(e) => error_data(
                LrtNotRequestOwner::SELECTOR,
                &words![e.request_id, e.caller],
            ),
            Error::DelegationFailed(e) => error_data(
                LrtDelegationFailed::SELECTOR,
                &words![e.operator, e.delegated_to],
            ),
            Error::AccountCreationFailed(e) => {
                error_data(LrtAccountCreationFailed::SELECTOR, &words![e.operator])
            }
            Error::CallFailed(e) => error_data(LrtCallFailed::SELECTOR, &words![e.target]),
            Error::InvalidParameter(e) => {
                error_data(LrtInvalidParameter::SELECTOR, &words![e.which, e.value])
            }
            Error::Math(e) => error_data(LrtMathError::SELECTOR, &words![e.code]),
            Error::InvalidCalldata(e) => error_data(
                LrtInvalidCalldata::SELECTOR,
                &[B256::right_padding_from(e.selector.as_slice())],
            ),
            Error::OperatorNotEmpty(e) => error_data(
                LrtOperatorNotEmpty::SELECTOR,
                &words![e.operator, e.value, e.withdrawals],
            ),
            Error::RedeemDelayPending(e) => error_data(
                LrtRedeemDelayPending::SELECTOR,
                &words![e.request_id, e.finalizable_at, e.timestamp],
            ),
            Error::InvalidRate(e) => {
                error_data(LrtInvalidRate::SELECTOR, &words![e.asset, e.source, e.rate])
            }
            Error::RequestTooLarge(e) => error_data(
                LrtRequestTooLarge::SELECTOR,
                &words![e.asset, e.value, e.payable_value],
            ),
            Error::RateWindow(e) => error_data(
                LrtRateWindow::SELECTOR,
                &words![e.window, e.min, e.available],
            ),
            Error::Call(data) => data,
            Error::InsufficientBalance(e) => error_data(
                ERC20InsufficientBalance::SELECTOR,
                &words![e.sender, e.balance, e.needed],
            ),
            Error::InsufficientAllowance(e) => error_data(
                ERC20InsufficientAllowance::SELECTOR,
                &words![e.spender, e.allowance, e.needed],
            ),
            Error::InvalidSender(e) => error_data(ERC20InvalidSender::SELECTOR, &words![e.sender]),
            Error::InvalidReceiver(e) => {
                error_data(ERC20InvalidReceiver::SELECTOR, &words![e.receiver])
            }
            Error::InvalidSpender(e) => {
                error_data(ERC20InvalidSpender::SELECTOR, &words![e.spender])
            }
            Error::ExpiredSignature(e) => {
                error_data(ERC2612ExpiredSignature::SELECTOR, &words![e.deadline])
            }
            Error::InvalidSigner(e) => {
                error_data(ERC2612InvalidSigner::SELECTOR, &words![e.signer, e.owner])
            }
            Error::InvalidSignature(_) => error_data(ECDSAInvalidSignature::SELECTOR, &[]),
            Error::InvalidSignatureS(e) => {
                error_data(ECDSAInvalidSignatureS::SELECTOR, &words![e.s])
            }
        }
    }
}

#[cfg(feature = "export-abi")]
impl stylus_sdk::abi::export::internal::InnerTypes for Error {
    fn inner_types() -> Vec<stylus_sdk::abi::export::internal::InnerType> {
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

impl From<MathError> for Error {
    #[inline(never)]
    fn from(e: MathError) -> Self {
        let code = match e {
            MathError::Overflow => math_code::OVERFLOW,
            MathError::DivisionByZero => math_code::DIVISION_BY_ZERO,
            MathError::Underflow => math_code::UNDERFLOW,
        };
        Error::Math(LrtMathError { code })
    }
}

// ---------------------------------------------------------------------------
// Storage layout
// ---------------------------------------------------------------------------
//
// Flat and by hand (the SDK's typed storage costs ~400 bytes of wasm per
// access site, more than the limit allows here). Every value is one word.
// Once deployed the layout is append-only.
//
// | slot                          | holds                                        |
// |-------------------------------|----------------------------------------------|
// | 0..=20 (`S_*`)                | scalars: supply, roles, counters, parameters |
// | 0x100 + 8·i + f (`A_*`)       | accepted asset i (< 4), field f              |
// | 0x200 + 2·i + f (`O_*`)       | operator i (< 8): operator, sub-account      |
// | 0x400 + i                     | rate observation i (< 744): time ‖ cumulative|
// | keccak(1 ‖ account)           | LRT balance ([`BALANCES`])                   |
// | keccak(2 ‖ owner ‖ spender)   | allowance ([`ALLOWANCES`])                   |
// | keccak(3 ‖ owner)             | permit nonce ([`NONCES`])                    |
// | keccak(4 ‖ id) + f (`R_*`)    | redemption request ([`REQUESTS`])            |

/// LRT balances: holder → balance.
const BALANCES: Map = Map::new(1);
/// Allowances: (owner, spender) → amount.
const ALLOWANCES: Map2 = Map2::new(2);
/// Permit nonces: owner → next nonce.
const NONCES: Map = Map::new(3);
/// Redemption requests: id → the record's first word (`R_*` offsets).
const REQUESTS: Map = Map::new(4);

const S_SUPPLY: u64 = 0;
const S_OWNER: u64 = 1;
const S_MANAGER: u64 = 2;
const S_PAUSED: u64 = 3;
const S_REGISTRY: u64 = 4;
const S_IMPLEMENTATION: u64 = 5;
const S_ASSET_COUNT: u64 = 6;
const S_OPERATOR_COUNT: u64 = 7;
const S_REQUEST_COUNT: u64 = 9;
/// LRT burned into pending (not yet finalized) requests.
const S_PENDING: u64 = 10;
const S_CONCENTRATION: u64 = 11;
const S_BUFFER: u64 = 12;
const S_FEE: u64 = 13;
const S_LIMIT: u64 = 14;
const S_PERIOD: u64 = 15;
const S_WINDOW_START: u64 = 16;
const S_WINDOW_USED: u64 = 17;
/// Rate observations recorded, ever (the ring index is this modulo
/// [`OBSERVATIONS`]).
const S_OBSERVATION_COUNT: u64 = 18;
#[cfg(feature = "test-clock")]
const S_TEST_TIME: u64 = 19;
#[cfg(feature = "test-clock")]
const S_TEST_ACCOUNT: u64 = 20;
/// The extension's code: the Lrt delegate-calls it for the selectors its
/// own wasm leaves out (see [`Lrt::dispatch`]).
const S_EXTENSION: u64 = 21;
/// Sub-accounts created so far: part of each clone's CREATE2 salt, so an
/// operator removed and added again gets a fresh sub-account.
const S_ACCOUNT_NONCE: u64 = 22;
/// The owner's minimum delay between a redemption request and its
/// finalization (M-1); the registry's withdrawal delay applies if longer.
const S_REDEEM_DELAY: u64 = 23;
/// I-2: the owner-elect, who must `acceptOwnership`.
const S_PENDING_OWNER: u64 = 24;
/// L-6: the rate accumulator's last update: `time (64 bits) ‖ rate in
/// force since then (192 bits)`.
const S_ACC_STATE: u64 = 25;
/// L-6: Σ rate · seconds up to that update, modulo 2^192 (only
/// differences are read, as with Uniswap's price accumulators).
const S_ACC_CUMULATIVE: u64 = 26;

const ASSETS: u64 = 0x100;
/// The ERC-20 LST, or [`NATIVE_ETH`].
const A_TOKEN: u64 = 0;
/// The Restake vault of that asset.
const A_VAULT: u64 = 1;
/// Bound on what the Lrt holds of the asset (idle + restaked + queued,
/// less reserved payouts), checked on every deposit.
const A_CAP: u64 = 2;
/// Assets deposited by wallets, ever (a statistic: the cap bounds what is
/// held, not this).
const A_DEPOSITED: u64 = 3;
/// Assets reserved for claimable requests.
const A_RESERVED: u64 = 4;
/// M-2: what pending requests paid in this asset may take, in ETH (the sum
/// of their values at request).
const A_PENDING_VALUE: u64 = 5;
/// M-3: the rate source (`getRate()`: ETH per 1e18 of the asset); zero for
/// ETH, which is 1:1.
const A_RATE_SOURCE: u64 = 6;

const OPERATORS: u64 = 0x200;
const O_OPERATOR: u64 = 0;
const O_ACCOUNT: u64 = 1;

const OBSERVATION_SLOTS: u64 = 0x400;
/// The cumulative rate's modulus, 2^192, less one.
const CUMULATIVE_MASK: U256 = U256::from_limbs([u64::MAX, u64::MAX, u64::MAX, 0]);

/// The owner sits at the base slot itself (offset 0).
#[allow(dead_code)]
const R_OWNER: u64 = 0;
const R_ASSET: u64 = 1;
const R_STATUS: u64 = 2;
/// LRT burned into the request (still bearing slashing while pending).
const R_SHARES: u64 = 3;
/// Its value in ETH at the rate in force when requested (rounded down).
const R_MAX: u64 = 4;
/// What it pays in its asset, fixed at finalization.
const R_ASSETS: u64 = 5;
/// When it was requested (M-1: finalizable only a redeem delay later).
const R_TIME: u64 = 6;

fn asset_slot(i: usize, field: u64) -> u64 {
    ASSETS + 8 * i as u64 + field
}

fn operator_slot(i: usize, field: u64) -> u64 {
    OPERATORS + 2 * i as u64 + field
}

/// The Lrt. Its storage is flat: see the layout table above.
#[entrypoint]
#[storage]
pub struct Lrt {}

/// The Lrt's books at one moment.
struct Valuation {
    /// Net value: idle + positions + queued, less reserved payouts.
    value: U256,
    /// Supply the value is shared by: LRT supply + shares in pending requests.
    supply: U256,
    /// Idle liquidity, less reserved payouts.
    idle: U256,
    /// Value restaked through each operator (positions + queued).
    per_operator: [U256; MAX_OPERATORS],
    /// Whether each operator's sub-account holds anything at all (in wei of
    /// any asset: a position worth less than a wei of ETH still counts).
    operator_holds: [bool; MAX_OPERATORS],
    /// What the Lrt holds of each asset, in wei of it: idle (for ETH with
    /// the sub-accounts' balances), positions and queued withdrawals, less
    /// reserved payouts.
    per_asset: [U256; MAX_ASSETS],
    /// Each asset's rate (M-3): ETH per 1e18 of it, read once per valuation.
    rates: [U256; MAX_ASSETS],
}

impl Valuation {
    fn totals(&self) -> VaultTotals {
        VaultTotals {
            total_shares: self.supply,
            total_assets: self.value,
        }
    }
}

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

/// The public functions (routed by [`Lrt::dispatch`]; the ABI is [`ILrt`]).
/// Rust callers (the native tests) call them directly.
impl Lrt {
    // ------------------------------------------------------------------
    // ERC-20 and EIP-2612
    // ------------------------------------------------------------------

    /// LRT in circulation (pending redemption requests are burned).
    pub fn total_supply(&self) -> U256 {
        self.get(S_SUPPLY)
    }

    /// `account`'s LRT.
    pub fn balance_of(&self, account: Address) -> U256 {
        self.sload(BALANCES.slot(self.vm(), account.into_word()))
    }

    /// What `spender` may move of `owner`'s LRT.
    pub fn allowance(&self, owner: Address, spender: Address) -> U256 {
        self.sload(ALLOWANCES.slot(self.vm(), owner.into_word(), spender.into_word()))
    }

    /// Moves `value` LRT from the caller to `to`.
    ///
    /// # Errors
    /// * [`Error::InvalidReceiver`], [`Error::InsufficientBalance`].
    ///
    /// # Events
    /// * [`Transfer`].
    pub fn transfer(&mut self, to: Address, value: U256) -> Result<bool, Error> {
        let from = self.vm().msg_sender();
        self.move_tokens(from, to, value)?;
        Ok(true)
    }

    /// Moves `value` LRT from `from` to `to` on an allowance (`U256::MAX` is
    /// never spent).
    ///
    /// # Errors
    /// * [`Error::InsufficientAllowance`], [`Error::InvalidReceiver`],
    ///   [`Error::InsufficientBalance`], [`Error::InvalidSender`].
    ///
    /// # Events
    /// * [`Transfer`].
    pub fn transfer_from(
        &mut self,
        from: Address,
        to: Address,
        value: U256,
    ) -> Result<bool, Error> {
        let spender = self.vm().msg_sender();
        let key = ALLOWANCES.slot(self.vm(), from.into_word(), spender.into_word());
        let allowance = self.sload(key);
        if allowance != U256::MAX {
            if allowance < value {
                return Err(Error::InsufficientAllowance(ERC20InsufficientAllowance {
                    spender,
                    allowance,
                    needed: value,
                }));
            }
            self.sstore(key, sub(allowance, value)?);
        }
        self.move_tokens(from, to, value)?;
        Ok(true)
    }

    /// Lets `spender` move `value` of the caller's LRT.
    ///
    /// # Errors
    /// * [`Error::InvalidSpender`] - `spender` is zero.
    ///
    /// # Events
    /// * [`Approval`].
    pub fn approve(&mut self, spender: Address, value: U256) -> Result<bool, Error> {
        let owner = self.vm().msg_sender();
        self.approve_inner(owner, spender, value)?;
        Ok(true)
    }

    /// EIP-2612: `owner`'s signature (`v`, `r`, `s`; low-s only) over
    /// `Permit(owner, spender, value, nonce, deadline)` in this token's
    /// EIP-712 domain sets the allowance. Each nonce works once.
    ///
    /// # Errors
    /// * [`Error::ExpiredSignature`] - `deadline` passed.
    /// * [`Error::InvalidSigner`] - the signature is not `owner`'s over the
    ///   current nonce (also a replayed permit).
    /// * [`Error::InvalidSignature`], [`Error::InvalidSignatureS`],
    ///   [`Error::InvalidSpender`].
    ///
    /// # Events
    /// * [`Approval`].
    #[allow(clippy::too_many_arguments)]
    pub fn permit(
        &mut self,
        owner: Address,
        spender: Address,
        value: U256,
        deadline: U256,
        v: u8,
        r: B256,
        s: B256,
    ) -> Result<(), Error> {
        if U256::from(self.now()) > deadline {
            return Err(Error::ExpiredSignature(ERC2612ExpiredSignature {
                deadline,
            }));
        }
        let nonce_key = NONCES.slot(self.vm(), owner.into_word());
        let nonce = self.sload(nonce_key);
        let struct_hash = self.vm().native_keccak256(&concat(&[
            B256::from(PERMIT_TYPEHASH),
            owner.into_word(),
            spender.into_word(),
            B256::from(value),
            B256::from(nonce),
            B256::from(deadline),
        ]));
        let mut message = Vec::with_capacity(66);
        message.extend_from_slice(b"\x19\x01");
        message.extend_from_slice(self.domain_separator().as_slice());
        message.extend_from_slice(struct_hash.as_slice());
        let hash = self.vm().native_keccak256(&message);
        let signer = self.recover(hash, v, r, s)?;
        if signer != owner {
            return Err(Error::InvalidSigner(ERC2612InvalidSigner { signer, owner }));
        }
        self.sstore(nonce_key, add(nonce, U256::from(1))?);
        self.approve_inner(owner, spender, value)
    }

    /// `owner`'s next permit nonce.
    pub fn nonces(&self, owner: Address) -> U256 {
        self.sload(NONCES.slot(self.vm(), owner.into_word()))
    }

    /// The EIP-712 domain separator (name [`NAME`], version "1", this chain,
    /// this contract).
    pub fn domain_separator(&self) -> B256 {
        eip712::domain_separator(self.vm(), B256::from(NAME_HASH), B256::from(VERSION_HASH))
    }

    // ------------------------------------------------------------------
    // Minting
    // ------------------------------------------------------------------

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

    // ------------------------------------------------------------------
    // Exits
    // ------------------------------------------------------------------

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
        let before = self.valuation()?;
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
        self.emit(
            &[
                RedeemRequested::SIGNATURE_HASH,
                id.into(),
                owner.into_word(),
                asset.into_word(),
            ],
            &words![shares, max_value],
        );
        self.guard(&before, 0)?;
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
        let before = self.valuation()?;
        let shares = self.sload(base + U256::from(R_SHARES));
        let max_value = self.sload(base + U256::from(R_MAX));
        let value = exit_value(shares, &before)?.min(max_value);
        // Down: the claimant never receives more than the value it is owed.
        let assets = from_eth(value, before.rates[i], Rounding::Down)?;
        let available = self.free_liquidity(i)?;
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
        self.emit(
            &[RedeemFinalized::SIGNATURE_HASH, request_id.into()],
            &words![assets],
        );
        self.guard(&before, 0)?;
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
        let before = self.valuation()?;
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
        self.emit(
            &[
                RedeemCancelled::SIGNATURE_HASH,
                request_id.into(),
                owner.into_word(),
            ],
            &words![shares, reminted],
        );
        self.guard(&before, 0)?;
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
        let before = self.valuation()?;
        self.sstore(base + U256::from(R_STATUS), U256::from(STATUS_CLAIMED));
        self.set(
            asset_slot(i, A_RESERVED),
            sub(self.get(asset_slot(i, A_RESERVED)), assets)?,
        );
        self.pay(i, receiver, assets)?;
        self.emit(
            &[
                RedeemClaimed::SIGNATURE_HASH,
                request_id.into(),
                receiver.into_word(),
            ],
            &words![assets],
        );
        self.guard(&before, 0)?;
        Ok(assets)
    }

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
        let before = self.valuation()?;
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
        let available = self.free_liquidity(i)?;
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
        self.emit(
            &[
                InstantRedeemed::SIGNATURE_HASH,
                owner.into_word(),
                receiver.into_word(),
                asset.into_word(),
            ],
            &words![shares, out, fee],
        );
        self.guard(&before, 0)?;
        Ok(out)
    }

    // ------------------------------------------------------------------
    // Restaking (manager)
    // ------------------------------------------------------------------

    /// Adds `operator`: creates its sub-account (an EIP-1167 clone, salt =
    /// the operator), makes the Lrt its controller and delegates it to
    /// `operator` through the registry (`approver_signature`, `expiry` and
    /// `salt` are the operator's delegation approval, empty if it has no
    /// approver). Returns the sub-account.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - not the manager.
    /// * [`Error::Operator`] - already added; [`Error::TooMany`] - full.
    /// * [`Error::AccountCreationFailed`], [`Error::DelegationFailed`],
    ///   [`Error::Call`] (the registry or account refused), [`Error::CallFailed`].
    ///
    /// # Events
    /// * [`OperatorAdded`].
    pub fn add_operator(
        &mut self,
        operator: Address,
        approver_signature: &[u8],
        expiry: U256,
        salt: B256,
    ) -> Result<Address, Error> {
        self.only(S_MANAGER)?;
        if self.operator_index(operator).is_ok() {
            return Err(Error::Operator(LrtOperator {
                operator,
                exists: true,
            }));
        }
        let count = self.count(S_OPERATOR_COUNT);
        if count >= MAX_OPERATORS {
            return Err(Error::TooMany(LrtTooMany {
                which: 1,
                max: U256::from(MAX_OPERATORS),
            }));
        }
        let account = self.create_account(operator)?;
        let registry = self.addr(S_REGISTRY);
        let data = error_data(ILrtOutgoing::initializeCall::SELECTOR, &words![registry]);
        self.call_raw(account, &data, U256::ZERO, true)?;
        self.delegate_account(account, operator, approver_signature, expiry, salt)?;
        self.set_addr(operator_slot(count, O_OPERATOR), operator);
        self.set_addr(operator_slot(count, O_ACCOUNT), account);
        self.set(S_OPERATOR_COUNT, U256::from(count + 1));
        self.emit(
            &[
                OperatorAdded::SIGNATURE_HASH,
                operator.into_word(),
                account.into_word(),
            ],
            &[],
        );
        Ok(account)
    }

    /// Restakes `amount` of idle `asset` held by the Lrt itself with
    /// `operator`: deposits it into the asset's vault for the operator's
    /// sub-account. Afterwards the operator may not hold more than the
    /// concentration cap of the Lrt's value, and free idle liquidity may not
    /// be below the buffer target. Returns the vault shares.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - not the manager.
    /// * [`Error::ZeroAmount`], [`Error::Operator`], [`Error::UnknownAsset`],
    ///   [`Error::InsufficientLiquidity`], [`Error::ConcentrationCapExceeded`],
    ///   [`Error::BufferBelowTarget`], [`Error::RateDecreased`] (more than
    ///   [`MOVE_DUST`] lost), [`Error::Call`] (the vault refused),
    ///   [`Error::CallFailed`], [`Error::Math`].
    ///
    /// # Events
    /// * [`Restaked`].
    pub fn restake(
        &mut self,
        operator: Address,
        asset: Address,
        amount: U256,
    ) -> Result<U256, Error> {
        self.only(S_MANAGER)?;
        if amount.is_zero() {
            return Err(Error::ZeroAmount(LrtZeroAmount {}));
        }
        let op = self.operator_index(operator)?;
        let i = self.asset_index(asset)?;
        let account = self.addr(operator_slot(op, O_ACCOUNT));
        let vault = self.addr(asset_slot(i, A_VAULT));
        // H-1: never restake into an account the registry undelegated.
        self.check_delegated(operator, account)?;
        let before = self.valuation()?;
        let held = self
            .held(i)?
            .saturating_sub(self.get(asset_slot(i, A_RESERVED)));
        if held < amount {
            return Err(Error::InsufficientLiquidity(LrtInsufficientLiquidity {
                asset,
                available: held,
                requested: amount,
            }));
        }
        let value = if asset == NATIVE_ETH {
            amount
        } else {
            self.call_true(
                asset,
                ILrtOutgoing::approveCall::SELECTOR,
                &words![vault, amount],
            )?;
            U256::ZERO
        };
        let data = error_data(
            ILrtOutgoing::depositCall::SELECTOR,
            &words![amount, account],
        );
        let out = self.call_raw(vault, &data, value, true)?;
        let shares = word_at(&out, 0).ok_or(Error::CallFailed(LrtCallFailed { target: vault }))?;
        // H-1: the account snapshots its position, which values whatever
        // the registry may queue for it later without it.
        let data = error_data(ILrtOutgoing::recordCall::SELECTOR, &words![vault]);
        self.call_raw(account, &data, U256::ZERO, true)?;
        let after = self.guard(&before, MOVE_DUST)?;
        let cap = mul_div(
            after.value,
            self.get(S_CONCENTRATION),
            U256::from(BPS),
            Rounding::Down,
        )?;
        let operator_value = after.per_operator.get(op).copied().unwrap_or_default();
        if operator_value > cap {
            return Err(Error::ConcentrationCapExceeded(
                LrtConcentrationCapExceeded {
                    operator,
                    operator_value,
                    cap,
                },
            ));
        }
        // Up: the buffer target is never rounded in the manager's favour.
        let target = mul_div(
            after.value,
            self.get(S_BUFFER),
            U256::from(BPS),
            Rounding::Up,
        )?;
        if after.idle < target {
            return Err(Error::BufferBelowTarget(LrtBufferBelowTarget {
                idle: after.idle,
                target,
            }));
        }
        self.emit(
            &[
                Restaked::SIGNATURE_HASH,
                operator.into_word(),
                asset.into_word(),
            ],
            &words![amount, shares],
        );
        Ok(shares)
    }

    /// Queues `shares` deposit shares of `asset`'s vault held through
    /// `operator` for withdrawal in the registry, through its sub-account
    /// (they stay slashable, and in the rate, until completed). Returns the
    /// registry's id.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - not the manager.
    /// * [`Error::ZeroAmount`], [`Error::Operator`], [`Error::UnknownAsset`],
    ///   [`Error::RateDecreased`], [`Error::Call`] (the registry refused, or
    ///   the account has `MAX_WITHDRAWALS` open: `LrtTooMany(2, 16)`),
    ///   [`Error::CallFailed`], [`Error::Math`].
    ///
    /// # Events
    /// * [`UnstakeQueued`].
    pub fn unstake(
        &mut self,
        operator: Address,
        asset: Address,
        shares: U256,
    ) -> Result<U256, Error> {
        self.only(S_MANAGER)?;
        if shares.is_zero() {
            return Err(Error::ZeroAmount(LrtZeroAmount {}));
        }
        let op = self.operator_index(operator)?;
        let i = self.asset_index(asset)?;
        let before = self.valuation()?;
        let account = self.addr(operator_slot(op, O_ACCOUNT));
        let vault = self.addr(asset_slot(i, A_VAULT));
        let id = self.call_word(
            account,
            ILrtOutgoing::queueCall::SELECTOR,
            &words![vault, shares],
            true,
        )?;
        self.emit(
            &[
                UnstakeQueued::SIGNATURE_HASH,
                operator.into_word(),
                asset.into_word(),
                id.into(),
            ],
            &words![shares],
        );
        self.guard(&before, MOVE_DUST)?;
        Ok(id)
    }

    /// Completes registry withdrawal `withdrawal_id` of `operator`'s
    /// sub-account as tokens once its delay has passed (anyone may call: it
    /// only turns queued value into idle liquidity): one the manager queued
    /// with `unstake`, or one the registry queued for the sub-account
    /// without it (an operator's or approver's `undelegate`, H-1), which
    /// may span every vault. LST proceeds move to the Lrt; ETH stays in the
    /// sub-account as idle liquidity that exits pay from. Returns the
    /// assets received (summed over the assets, in wei of each).
    ///
    /// # Errors
    /// * [`Error::Operator`], [`Error::RateDecreased`], [`Error::Call`] (not
    ///   the account's: `LrtUnknownWithdrawal`; or the registry's delay is
    ///   pending), [`Error::CallFailed`], [`Error::Math`].
    ///
    /// # Events
    /// * [`UnstakeCompleted`], one per asset received.
    pub fn complete_unstake(
        &mut self,
        operator: Address,
        withdrawal_id: U256,
    ) -> Result<U256, Error> {
        let op = self.operator_index(operator)?;
        let before = self.valuation()?;
        let account = self.addr(operator_slot(op, O_ACCOUNT));
        let this = self.vm().contract_address();
        let n_assets = self.count(S_ASSET_COUNT);
        let mut held = [U256::ZERO; MAX_ASSETS];
        for (i, h) in held.iter_mut().enumerate().take(n_assets) {
            *h = self.held_by(i, account)?;
        }
        let data = error_data(
            ILrtOutgoing::completeCall::SELECTOR,
            &words![withdrawal_id, this],
        );
        self.call_raw(account, &data, U256::ZERO, true)?;
        let mut total = U256::ZERO;
        for (i, h) in held.iter().enumerate().take(n_assets) {
            // Balances only grow in this call (the account pays nobody).
            let got = self.held_by(i, account)?.saturating_sub(*h);
            if got.is_zero() && n_assets > 1 {
                continue;
            }
            total = add(total, got)?;
            self.emit(
                &[
                    UnstakeCompleted::SIGNATURE_HASH,
                    operator.into_word(),
                    self.addr(asset_slot(i, A_TOKEN)).into_word(),
                    withdrawal_id.into(),
                ],
                &words![got],
            );
        }
        self.guard(&before, MOVE_DUST)?;
        Ok(total)
    }

    /// Delegates `operator`'s sub-account to it again after the registry
    /// undelegated it (H-1), with the operator's approval as in
    /// [`Lrt::add_operator`]. The withdrawal the registry queued must be
    /// adopted (`adopt` on the sub-account, anyone) or completed first.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - not the manager; [`Error::Operator`].
    /// * [`Error::Call`] (the account refused: `LrtForcedWithdrawalPending`;
    ///   or the registry: e.g. `RegistryAlreadyDelegated`),
    ///   [`Error::DelegationFailed`], [`Error::RateDecreased`],
    ///   [`Error::CallFailed`], [`Error::Math`].
    ///
    /// # Events
    /// * [`OperatorRedelegated`].
    pub fn redelegate_operator(
        &mut self,
        operator: Address,
        approver_signature: &[u8],
        expiry: U256,
        salt: B256,
    ) -> Result<(), Error> {
        self.only(S_MANAGER)?;
        let op = self.operator_index(operator)?;
        let account = self.addr(operator_slot(op, O_ACCOUNT));
        let before = self.valuation()?;
        self.delegate_account(account, operator, approver_signature, expiry, salt)?;
        self.emit(
            &[
                OperatorRedelegated::SIGNATURE_HASH,
                operator.into_word(),
                account.into_word(),
            ],
            &[],
        );
        self.guard(&before, MOVE_DUST)?;
        Ok(())
    }

    /// Removes `operator` (L-3, H-1) once its positions are unwound: its
    /// sub-account holds no position, no queued withdrawal (none open, none
    /// the registry queued) and no value; its idle ETH moves to another
    /// operator's sub-account. Its slot is freed (the last operator takes
    /// it), and the operator may be added again later (with a new
    /// sub-account). Returns the retired sub-account.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - not the manager; [`Error::Operator`].
    /// * [`Error::OperatorNotEmpty`] - something is left (or ETH with no
    ///   other sub-account to take it).
    /// * [`Error::RateDecreased`], [`Error::Call`], [`Error::CallFailed`],
    ///   [`Error::Math`].
    ///
    /// # Events
    /// * [`OperatorRemoved`].
    pub fn remove_operator(&mut self, operator: Address) -> Result<Address, Error> {
        self.only(S_MANAGER)?;
        let op = self.operator_index(operator)?;
        let account = self.addr(operator_slot(op, O_ACCOUNT));
        let before = self.valuation()?;
        let value = before.per_operator.get(op).copied().unwrap_or_default();
        let open = self.call_word(
            account,
            ILrtOutgoing::openWithdrawalsCall::SELECTOR,
            &[],
            false,
        )?;
        let count = self.count(S_OPERATOR_COUNT);
        let eth = self.vm().balance(account);
        // The last slot takes this one's place (count > op >= 0).
        let last = count - 1;
        let heir = if last == op { 0 } else { last };
        let holds = before.operator_holds.get(op).copied().unwrap_or_default();
        if holds || !value.is_zero() || !open.is_zero() || (!eth.is_zero() && count < 2) {
            return Err(Error::OperatorNotEmpty(LrtOperatorNotEmpty {
                operator,
                value: add(value, eth)?,
                withdrawals: open,
            }));
        }
        if !eth.is_zero() {
            let to = self.addr(operator_slot(heir, O_ACCOUNT));
            self.execute(account, to, eth, Vec::new())?;
        }
        let last_operator = self.addr(operator_slot(last, O_OPERATOR));
        let last_account = self.addr(operator_slot(last, O_ACCOUNT));
        self.set_addr(operator_slot(op, O_OPERATOR), last_operator);
        self.set_addr(operator_slot(op, O_ACCOUNT), last_account);
        self.set_addr(operator_slot(last, O_OPERATOR), Address::ZERO);
        self.set_addr(operator_slot(last, O_ACCOUNT), Address::ZERO);
        self.set(S_OPERATOR_COUNT, U256::from(last));
        self.emit(
            &[
                OperatorRemoved::SIGNATURE_HASH,
                operator.into_word(),
                account.into_word(),
            ],
            &[],
        );
        self.guard(&before, 0)?;
        Ok(account)
    }

    // ------------------------------------------------------------------
    // Owner
    // ------------------------------------------------------------------

    /// Accepts `token` (an LST, or [`NATIVE_ETH`]) restaked through `vault`
    /// (whose `asset()` must be `token`), with deposit cap `cap` (in wei of
    /// it), valued through `rate_source` (M-3): a contract answering
    /// `getRate()` with the ETH one 1e18 of `token` is worth (a Balancer- or
    /// Pendle-style rate provider; see `docs/lrt.md` for what the owner
    /// trusts it with). ETH takes no source (zero): it is 1:1.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - not the owner.
    /// * [`Error::ZeroAddress`], [`Error::AssetExists`], [`Error::TooMany`],
    ///   [`Error::UnknownAsset`] - the vault holds another asset (named),
    ///   [`Error::InvalidRate`] - the source is missing, answers zero or
    ///   fails (or one is given for ETH), [`Error::Call`],
    ///   [`Error::CallFailed`].
    ///
    /// # Events
    /// * [`AssetAdded`], [`RateSourceSet`].
    pub fn add_asset(
        &mut self,
        token: Address,
        vault: Address,
        cap: U256,
        rate_source: Address,
    ) -> Result<(), Error> {
        self.only(S_OWNER)?;
        if token.is_zero() || vault.is_zero() {
            return Err(Error::ZeroAddress(LrtZeroAddress {}));
        }
        if self.asset_index(token).is_ok() {
            return Err(Error::AssetExists(LrtAssetExists { asset: token }));
        }
        let count = self.count(S_ASSET_COUNT);
        if count >= MAX_ASSETS {
            return Err(Error::TooMany(LrtTooMany {
                which: 0,
                max: U256::from(MAX_ASSETS),
            }));
        }
        let vault_asset =
            to_address(self.call_word(vault, ILrtOutgoing::assetCall::SELECTOR, &[], false)?);
        if vault_asset != token {
            return Err(Error::UnknownAsset(LrtUnknownAsset { asset: vault_asset }));
        }
        self.set_addr(asset_slot(count, A_TOKEN), token);
        self.set_addr(asset_slot(count, A_VAULT), vault);
        self.set(asset_slot(count, A_CAP), cap);
        self.set(S_ASSET_COUNT, U256::from(count + 1));
        self.emit(
            &[
                AssetAdded::SIGNATURE_HASH,
                token.into_word(),
                vault.into_word(),
            ],
            &words![cap],
        );
        self.set_rate_source_inner(count, rate_source)
    }

    /// Moves `asset`'s valuation to rate source `source` (M-3), e.g. when
    /// a provider is retired. Takes effect at once, in both directions: the
    /// owner is trusted with it (`docs/lrt.md`).
    ///
    /// # Errors
    /// * [`Error::Unauthorized`], [`Error::UnknownAsset`],
    ///   [`Error::InvalidRate`] - as in [`Lrt::add_asset`].
    ///
    /// # Events
    /// * [`RateSourceSet`].
    pub fn set_rate_source(&mut self, asset: Address, source: Address) -> Result<(), Error> {
        self.only(S_OWNER)?;
        let i = self.asset_index(asset)?;
        self.set_rate_source_inner(i, source)
    }

    /// The rate `asset` is valued at now (M-3): ETH per 1e18 of it.
    ///
    /// # Errors
    /// * [`Error::UnknownAsset`], [`Error::InvalidRate`].
    pub fn asset_rate(&self, asset: Address) -> Result<U256, Error> {
        self.asset_rate_of(self.asset_index(asset)?)
    }

    /// Sets the deposit cap of `asset`.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`], [`Error::UnknownAsset`].
    ///
    /// # Events
    /// * [`AssetCapSet`].
    pub fn set_asset_cap(&mut self, asset: Address, cap: U256) -> Result<(), Error> {
        self.only(S_OWNER)?;
        let i = self.asset_index(asset)?;
        self.set(asset_slot(i, A_CAP), cap);
        self.emit(
            &[AssetCapSet::SIGNATURE_HASH, asset.into_word()],
            &words![cap],
        );
        Ok(())
    }

    /// Sets the concentration cap (bps of the Lrt's value one operator may
    /// hold, 1..=10,000), the buffer target (bps of value kept idle,
    /// ≤ 10,000), the instant exit fee (bps, ≤ 1,000), and the instant exit
    /// limit (assets) per `instant_period` seconds (> 0).
    ///
    /// # Errors
    /// * [`Error::Unauthorized`], [`Error::InvalidParameter`].
    ///
    /// # Events
    /// * [`ParametersSet`].
    pub fn set_parameters(
        &mut self,
        concentration_cap_bps: U256,
        buffer_bps: U256,
        instant_fee_bps: U256,
        instant_limit: U256,
        instant_period: u64,
    ) -> Result<(), Error> {
        self.only(S_OWNER)?;
        self.set_parameters_inner(
            concentration_cap_bps,
            buffer_bps,
            instant_fee_bps,
            instant_limit,
            instant_period,
        )
    }

    /// Sets the owner's minimum redeem delay (M-1): seconds between a
    /// request and its finalization, at most [`MAX_REDEEM_DELAY`]. The
    /// registry's withdrawal delay applies whenever it is longer, so no
    /// setting lets a queued exit leave before a pending slash could land.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - not the owner; [`Error::InvalidParameter`]
    ///   (which 4) - above [`MAX_REDEEM_DELAY`].
    ///
    /// # Events
    /// * [`RedeemDelaySet`].
    pub fn set_redeem_delay(&mut self, delay: u64) -> Result<(), Error> {
        self.only(S_OWNER)?;
        if delay > MAX_REDEEM_DELAY {
            return Err(Error::InvalidParameter(LrtInvalidParameter {
                which: 4,
                value: U256::from(delay),
            }));
        }
        self.set(S_REDEEM_DELAY, U256::from(delay));
        self.emit(&[RedeemDelaySet::SIGNATURE_HASH], &words![delay]);
        Ok(())
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

    /// Moves the manager role.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - not the owner.
    ///
    /// # Events
    /// * [`ManagerSet`].
    pub fn set_manager(&mut self, manager: Address) -> Result<(), Error> {
        self.only(S_OWNER)?;
        self.set_manager_inner(manager);
        Ok(())
    }

    /// Offers ownership to `new_owner` (I-2: two steps, as OpenZeppelin's
    /// `Ownable2Step`), who takes it with [`Lrt::accept_ownership`]; the
    /// owner stays in charge until then. Zero withdraws the offer.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - not the owner.
    ///
    /// # Events
    /// * [`OwnershipTransferStarted`].
    pub fn transfer_ownership(&mut self, new_owner: Address) -> Result<(), Error> {
        self.only(S_OWNER)?;
        self.set_addr(S_PENDING_OWNER, new_owner);
        self.emit(
            &[
                OwnershipTransferStarted::SIGNATURE_HASH,
                self.addr(S_OWNER).into_word(),
                new_owner.into_word(),
            ],
            &[],
        );
        Ok(())
    }

    /// Takes the ownership offered to the caller (I-2).
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - the caller is not the owner-elect.
    ///
    /// # Events
    /// * [`OwnershipTransferred`].
    pub fn accept_ownership(&mut self) -> Result<(), Error> {
        self.only(S_PENDING_OWNER)?;
        let new_owner = self.addr(S_PENDING_OWNER);
        self.set_addr(S_PENDING_OWNER, Address::ZERO);
        self.set_owner(new_owner);
        Ok(())
    }

    /// The owner-elect (zero if no transfer is pending).
    pub fn pending_owner(&self) -> Address {
        self.addr(S_PENDING_OWNER)
    }

    /// Pauses (or resumes) deposits and instant exits. Requests, claims and
    /// restaking moves keep working: a pause never traps funds.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - not the owner.
    ///
    /// # Events
    /// * [`PauseSet`].
    pub fn set_paused(&mut self, paused: bool) -> Result<(), Error> {
        self.only(S_OWNER)?;
        self.set(S_PAUSED, U256::from(paused as u8));
        self.emit(&[PauseSet::SIGNATURE_HASH], &words![paused]);
        Ok(())
    }

    /// Brings the rate accumulator up to now at the current rate, and
    /// records an observation if the newest is [`OBSERVATION_INTERVAL`] old
    /// (anyone; every entry point that moves value does it too, L-6).
    ///
    /// # Errors
    /// * [`Error::InvalidRate`], [`Error::Call`], [`Error::CallFailed`],
    ///   [`Error::Math`].
    ///
    /// # Events
    /// * [`RateObserved`], if an observation is recorded.
    pub fn checkpoint(&mut self) -> Result<(), Error> {
        let v = self.valuation()?;
        self.record(&v)
    }

    // ------------------------------------------------------------------
    // Views
    // ------------------------------------------------------------------

    /// Assets one LRT (1e18) is worth now, rounded down.
    ///
    /// # Errors
    /// * [`Error::Call`], [`Error::CallFailed`], [`Error::Math`].
    pub fn rate(&self) -> Result<U256, Error> {
        Ok(shares_to_assets(
            WAD,
            self.valuation()?.totals(),
            Rounding::Down,
        )?)
    }

    /// The Lrt's books: net value, the supply it is shared by (LRT + pending
    /// requests), free idle liquidity, and LRT in pending requests.
    ///
    /// # Errors
    /// * [`Error::Call`], [`Error::CallFailed`], [`Error::Math`].
    pub fn books(&self) -> Result<(U256, U256, U256, U256), Error> {
        let v = self.valuation()?;
        Ok((v.value, v.supply, v.idle, self.get(S_PENDING)))
    }

    /// Value restaked through operator number `index` (positions + queued).
    ///
    /// # Errors
    /// * [`Error::Call`], [`Error::CallFailed`], [`Error::Math`].
    pub fn operator_value(&self, index: U256) -> Result<U256, Error> {
        let v = self.valuation()?;
        Ok(v.per_operator
            .get(index.saturating_to::<usize>())
            .copied()
            .unwrap_or_default())
    }

    /// Accepted asset number `index`: token, vault, cap (on what is held,
    /// in wei of it), deposited ever, reserved for claimable requests,
    /// what pending requests in it may take (ETH), and its rate source
    /// (zeros past the end).
    pub fn asset_at(&self, index: U256) -> (Address, Address, U256, U256, U256, U256, Address) {
        let i = index.saturating_to::<usize>().min(MAX_ASSETS);
        (
            self.addr(asset_slot(i, A_TOKEN)),
            self.addr(asset_slot(i, A_VAULT)),
            self.get(asset_slot(i, A_CAP)),
            self.get(asset_slot(i, A_DEPOSITED)),
            self.get(asset_slot(i, A_RESERVED)),
            self.get(asset_slot(i, A_PENDING_VALUE)),
            self.addr(asset_slot(i, A_RATE_SOURCE)),
        )
    }

    /// Operator number `index` and its sub-account (zeros past the end).
    pub fn operator_at(&self, index: U256) -> (Address, Address) {
        let i = index.saturating_to::<usize>().min(MAX_OPERATORS);
        (
            self.addr(operator_slot(i, O_OPERATOR)),
            self.addr(operator_slot(i, O_ACCOUNT)),
        )
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

    /// The risk parameters (as in [`Lrt::set_parameters`]) and this
    /// period's instant exits so far.
    pub fn parameters(&self) -> (U256, U256, U256, U256, u64, U256) {
        (
            self.get(S_CONCENTRATION),
            self.get(S_BUFFER),
            self.get(S_FEE),
            self.get(S_LIMIT),
            self.get(S_PERIOD).saturating_to::<u64>(),
            self.get(S_WINDOW_USED),
        )
    }

    /// Owner, manager, registry, sub-account implementation, extension,
    /// paused.
    pub fn roles(&self) -> (Address, Address, Address, Address, Address, bool) {
        (
            self.addr(S_OWNER),
            self.addr(S_MANAGER),
            self.addr(S_REGISTRY),
            self.addr(S_IMPLEMENTATION),
            self.addr(S_EXTENSION),
            !self.get(S_PAUSED).is_zero(),
        )
    }

    /// Observation number `index` counted back from the newest (0): its
    /// timestamp and the cumulative rate up to it (Σ rate · seconds, modulo
    /// 2^192; zeros if not kept). L-6.
    pub fn observation(&self, index: u64) -> (u64, U256) {
        let count = self.get(S_OBSERVATION_COUNT).saturating_to::<u64>();
        if index >= count || index >= OBSERVATIONS {
            return (0, U256::ZERO);
        }
        // index < count: no underflow.
        self.observation_at(count - 1 - index)
    }

    /// The rate accumulator's last update (L-6): its time, the rate in
    /// force since (ETH per 1e18 LRT), and the cumulative rate up to it.
    pub fn rate_accumulator(&self) -> (u64, U256, U256) {
        let (time, rate) = unpack(self.get(S_ACC_STATE));
        (time, rate, self.get(S_ACC_CUMULATIVE))
    }

    /// The time-weighted average rate (ETH per 1e18 LRT, rounded down) over
    /// the last `window` seconds (L-6): the cumulative rate's growth over
    /// the window divided by its length, as Uniswap's TWAP. A change of the
    /// rate counts only for as long as it lasted, so one block moves it by
    /// a block's share of the window.
    ///
    /// # Errors
    /// * [`Error::RateWindow`] - `window` below [`MIN_RATE_WINDOW`] or
    ///   longer than the observations kept cover.
    /// * [`Error::Math`].
    pub fn average_rate(&self, window: u64) -> Result<U256, Error> {
        let now = self.now();
        self.check_window(window, now)?;
        self.average_between(now - window, now)
    }

    /// The annualized growth of the time-weighted rate over the last
    /// `window` seconds (WAD; 5e16 = 5% a year; negative after slashing),
    /// L-6: the average over the window's second half against the average
    /// over its first, `(a2 − a1) / a1 · YEAR / (window / 2)`. Readable
    /// from [`MIN_RATE_WINDOW`] to the 31 days the observations cover.
    ///
    /// # Errors
    /// * [`Error::RateWindow`], [`Error::Math`].
    pub fn annualized_rate(&self, window: u64) -> Result<I256, Error> {
        let now = self.now();
        self.check_window(window, now)?;
        let half = window / 2;
        let a1 = self.average_between(now - window, now - half)?;
        let a2 = self.average_between(now - half, now)?;
        if a1.is_zero() {
            return Ok(I256::ZERO);
        }
        let (diff, negative) = if a2 >= a1 {
            (a2 - a1, false)
        } else {
            (a1 - a2, true)
        };
        // growth per year = diff / a1 × YEAR / half, in WAD, rounded down.
        let growth = mul_div(diff, WAD, a1, Rounding::Down)?;
        let per_year = mul_div(growth, U256::from(YEAR), U256::from(half), Rounding::Down)?;
        let apr = I256::try_from(per_year).map_err(|_| MathError::Overflow)?;
        Ok(if negative { apr.wrapping_neg() } else { apr })
    }
}

/// Test hooks (feature `test-clock`). Plain Rust methods, not routed: no
/// selector reaches the wasm even when enabled, and motsu tests call them
/// directly on the contract.
#[cfg(feature = "test-clock")]
impl Lrt {
    /// Sets the time the Lrt reads (zero reads the block's).
    pub fn set_test_timestamp(&mut self, timestamp: u64) {
        self.set(S_TEST_TIME, U256::from(timestamp));
    }

    /// Makes the next `addOperator` use `account` (deployed beforehand)
    /// instead of creating a clone: motsu runs no EVM bytecode.
    pub fn set_test_next_account(&mut self, account: Address) {
        self.set_addr(S_TEST_ACCOUNT, account);
    }
}

impl Lrt {
    /// Emits an event through the kit (`log::emit`), from one out-of-line
    /// copy: inlined at each of this contract's sites it cost more bytes
    /// (measured, `docs/decisions.md`).
    #[inline(never)]
    fn emit(&self, topics: &[B256], data: &[B256]) {
        log::emit(self.vm(), topics, data)
    }

    #[inline(never)]
    fn sload(&self, key: U256) -> U256 {
        storage::load(self.vm(), key)
    }

    #[inline(never)]
    fn sstore(&mut self, key: U256, value: U256) {
        storage::store(self.vm(), key, value)
    }

    fn get(&self, slot: u64) -> U256 {
        self.sload(U256::from(slot))
    }

    fn set(&mut self, slot: u64, value: U256) {
        self.sstore(U256::from(slot), value);
    }

    fn addr(&self, slot: u64) -> Address {
        to_address(self.get(slot))
    }

    fn set_addr(&mut self, slot: u64, value: Address) {
        self.set(slot, value.into_word().into());
    }

    /// A small count or index held in `slot` (bounded by the MAX_* limits).
    fn count(&self, slot: u64) -> usize {
        self.get(slot).saturating_to::<usize>()
    }

    fn now(&self) -> u64 {
        #[cfg(feature = "test-clock")]
        {
            let t = self.get(S_TEST_TIME).saturating_to::<u64>();
            if t != 0 {
                return t;
            }
        }
        self.vm().block_timestamp()
    }

    /// Only the address held in `role_slot` (owner or manager) may call.
    #[inline(never)]
    fn only(&self, role_slot: u64) -> Result<(), Error> {
        let caller = self.vm().msg_sender();
        let allowed = self.addr(role_slot);
        if caller != allowed || allowed.is_zero() {
            return Err(Error::Unauthorized(LrtUnauthorized { caller }));
        }
        Ok(())
    }

    fn when_not_paused(&self) -> Result<(), Error> {
        if !self.get(S_PAUSED).is_zero() {
            return Err(Error::Paused(LrtPaused {}));
        }
        Ok(())
    }

    #[inline(never)]
    fn asset_index(&self, asset: Address) -> Result<usize, Error> {
        for i in 0..self.count(S_ASSET_COUNT) {
            if self.addr(asset_slot(i, A_TOKEN)) == asset {
                return Ok(i);
            }
        }
        Err(Error::UnknownAsset(LrtUnknownAsset { asset }))
    }

    #[inline(never)]
    fn operator_index(&self, operator: Address) -> Result<usize, Error> {
        for i in 0..self.count(S_OPERATOR_COUNT) {
            if self.addr(operator_slot(i, O_OPERATOR)) == operator {
                return Ok(i);
            }
        }
        Err(Error::Operator(LrtOperator {
            operator,
            exists: false,
        }))
    }

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

    /// What the Lrt itself holds of asset `i` (ETH: before this call's
    /// `msg.value`, which is not yet the holders').
    #[inline(never)]
    fn held(&self, i: usize) -> Result<U256, Error> {
        let token = self.addr(asset_slot(i, A_TOKEN));
        let this = self.vm().contract_address();
        if token == NATIVE_ETH {
            return Ok(sub(self.vm().balance(this), self.vm().msg_value())?);
        }
        self.call_word(
            token,
            ILrtOutgoing::balanceOfCall::SELECTOR,
            &words![this],
            false,
        )
    }

    /// For completing an unstake: what `account` holds of asset `i` if ETH
    /// (ETH proceeds stay there), else what the Lrt holds (LSTs move here).
    fn held_by(&self, i: usize, account: Address) -> Result<U256, Error> {
        if self.addr(asset_slot(i, A_TOKEN)) == NATIVE_ETH {
            return Ok(self.vm().balance(account));
        }
        self.held(i)
    }

    /// `account` is delegated to `operator` in the registry.
    #[inline(never)]
    fn check_delegated(&self, operator: Address, account: Address) -> Result<(), Error> {
        let delegated_to = to_address(self.call_word(
            self.addr(S_REGISTRY),
            ILrtOutgoing::delegatedToCall::SELECTOR,
            &words![account],
            false,
        )?);
        if delegated_to != operator {
            return Err(Error::DelegationFailed(LrtDelegationFailed {
                operator,
                delegated_to,
            }));
        }
        Ok(())
    }

    /// Has `account` delegate to `operator` (with the approver's signature)
    /// and checks the registry agrees.
    fn delegate_account(
        &mut self,
        account: Address,
        operator: Address,
        approver_signature: &[u8],
        expiry: U256,
        salt: B256,
    ) -> Result<(), Error> {
        // delegate(address, bytes, uint256, bytes32): the bytes go last.
        let len = approver_signature.len();
        let mut data = error_data(
            ILrtOutgoing::delegateCall::SELECTOR,
            &words![operator, U256::from(128), expiry, salt, U256::from(len)],
        );
        data.extend_from_slice(approver_signature);
        data.resize(4 + 160 + len.div_ceil(32) * 32, 0);
        self.call_raw(account, &data, U256::ZERO, true)?;
        self.check_delegated(operator, account)
    }

    /// Free idle liquidity of asset `i`: held by the Lrt (and, for ETH, by
    /// the sub-accounts) less what claimable requests reserve.
    fn free_liquidity(&self, i: usize) -> Result<U256, Error> {
        Ok(self
            .free_liquidity_gross(i)?
            .saturating_sub(self.get(asset_slot(i, A_RESERVED))))
    }

    /// Idle liquidity of asset `i`: held by the Lrt (and, for ETH, by the
    /// sub-accounts), reserved payouts included.
    #[inline(never)]
    fn free_liquidity_gross(&self, i: usize) -> Result<U256, Error> {
        let mut held = self.held(i)?;
        if self.addr(asset_slot(i, A_TOKEN)) == NATIVE_ETH {
            for op in 0..self.count(S_OPERATOR_COUNT) {
                held = add(
                    held,
                    self.vm().balance(self.addr(operator_slot(op, O_ACCOUNT))),
                )?;
            }
        }
        Ok(held)
    }

    /// Checks `source` for asset `i` and sets it.
    fn set_rate_source_inner(&mut self, i: usize, source: Address) -> Result<(), Error> {
        let asset = self.addr(asset_slot(i, A_TOKEN));
        let invalid = |rate| {
            Err(Error::InvalidRate(LrtInvalidRate {
                asset,
                source,
                rate,
            }))
        };
        if asset == NATIVE_ETH {
            if !source.is_zero() {
                return invalid(U256::ZERO);
            }
        } else if source.is_zero() {
            return invalid(U256::ZERO);
        }
        self.set_addr(asset_slot(i, A_RATE_SOURCE), source);
        let rate = self.asset_rate_of(i)?;
        self.emit(
            &[
                RateSourceSet::SIGNATURE_HASH,
                asset.into_word(),
                source.into_word(),
            ],
            &words![rate],
        );
        Ok(())
    }

    /// Asset `i`'s rate (M-3): ETH per 1e18 of it. ETH is 1:1; an LST is
    /// read from its rate source's `getRate()` (a failed call or a zero
    /// rate is [`Error::InvalidRate`]: the Lrt never values an asset it
    /// cannot price).
    #[inline(never)]
    fn asset_rate_of(&self, i: usize) -> Result<U256, Error> {
        let source = self.addr(asset_slot(i, A_RATE_SOURCE));
        if source.is_zero() {
            return Ok(WAD);
        }
        let rate = self
            .call_word(source, ILrtOutgoing::getRateCall::SELECTOR, &[], false)
            .unwrap_or_default();
        if rate.is_zero() {
            return Err(Error::InvalidRate(LrtInvalidRate {
                asset: self.addr(asset_slot(i, A_TOKEN)),
                source,
                rate,
            }));
        }
        Ok(rate)
    }

    /// Values everything, all read on-chain. Bounded: per asset one balance
    /// read and one rate read, and one `values` call per sub-account (each
    /// of which reads at most `MAX_ASSETS` positions and 16 open
    /// withdrawals). Holdings are valued at each asset's rate rounded down,
    /// reserved payouts rounded up: the value is never overstated.
    #[inline(never)]
    fn valuation(&self) -> Result<Valuation, Error> {
        let n_ops = self.count(S_OPERATOR_COUNT).min(MAX_OPERATORS);
        let n_assets = self.count(S_ASSET_COUNT).min(MAX_ASSETS);
        let mut v = Valuation {
            value: U256::ZERO,
            supply: add(self.get(S_SUPPLY), self.get(S_PENDING))?,
            idle: U256::ZERO,
            per_operator: [U256::ZERO; MAX_OPERATORS],
            operator_holds: [false; MAX_OPERATORS],
            per_asset: [U256::ZERO; MAX_ASSETS],
            rates: [U256::ZERO; MAX_ASSETS],
        };
        let mut idle = U256::ZERO;
        let mut reserved = U256::ZERO;
        // values(address[] vaults) on each sub-account: its positions and
        // queued withdrawals in each vault, in wei of the vault's asset.
        let mut vaults = alloc::vec![B256::from(U256::from(32)), B256::from(U256::from(n_assets))];
        for i in 0..n_assets {
            vaults.push(self.addr(asset_slot(i, A_VAULT)).into_word());
            v.rates[i] = self.asset_rate_of(i)?;
            let held = self.free_liquidity_gross(i)?;
            let owed = self.get(asset_slot(i, A_RESERVED));
            v.per_asset[i] = held;
            idle = add(idle, to_eth(held, v.rates[i], Rounding::Down)?)?;
            reserved = add(reserved, to_eth(owed, v.rates[i], Rounding::Up)?)?;
        }
        let data = error_data(ILrtOutgoing::valuesCall::SELECTOR, &vaults);
        let mut restaked = U256::ZERO;
        for op in 0..n_ops {
            let account = self.addr(operator_slot(op, O_ACCOUNT));
            let out = self.call_raw(account, &data, U256::ZERO, false)?;
            let malformed = Error::CallFailed(LrtCallFailed { target: account });
            if word_at(&out, 32) != Some(U256::from(n_assets)) {
                return Err(malformed);
            }
            let mut operator_value = U256::ZERO;
            for i in 0..n_assets {
                let units = word_at(&out, 64 + 32 * i)
                    .ok_or(Error::CallFailed(LrtCallFailed { target: account }))?;
                v.operator_holds[op] |= !units.is_zero();
                v.per_asset[i] = add(v.per_asset[i], units)?;
                operator_value = add(operator_value, to_eth(units, v.rates[i], Rounding::Down)?)?;
            }
            v.per_operator[op] = operator_value;
            restaked = add(restaked, operator_value)?;
        }
        for i in 0..n_assets {
            v.per_asset[i] = v.per_asset[i].saturating_sub(self.get(asset_slot(i, A_RESERVED)));
        }
        // Reserved payouts belong to claimants, not holders.
        v.value = add(idle, restaked)?.saturating_sub(reserved);
        v.idle = idle.saturating_sub(reserved);
        Ok(v)
    }

    /// The rate guard: re-values and reverts if the rate fell from `before`
    /// (cross-multiplied with the vaults' virtual offset, exact in 512
    /// bits), allowing `dust` wei of loss. Records the rate (L-6).
    #[inline(never)]
    fn guard(&mut self, before: &Valuation, dust: u64) -> Result<Valuation, Error> {
        let after = self.valuation()?;
        self.check_rate(before, &after, dust)?;
        self.record(&after)?;
        Ok(after)
    }

    /// `(a1 + dust) / s1 >= a0 / s0` with the virtual offset, i.e.
    /// `a1 + dust >= ceil(a0 · s1 / s0)`.
    fn check_rate(&self, before: &Valuation, after: &Valuation, dust: u64) -> Result<(), Error> {
        let a0 = add(before.value, VIRTUAL_ASSETS)?;
        let s0 = add(before.supply, VIRTUAL_SHARES)?;
        let a1 = add(add(after.value, VIRTUAL_ASSETS)?, U256::from(dust))?;
        let s1 = add(after.supply, VIRTUAL_SHARES)?;
        if a1 < mul_div(a0, s1, s0, Rounding::Up)? {
            return Err(Error::RateDecreased(LrtRateDecreased {
                value_before: before.value,
                supply_before: before.supply,
                value_after: after.value,
                supply_after: after.supply,
            }));
        }
        Ok(())
    }

    /// The signer of `hash`, by the kit's ecrecover (OpenZeppelin's checks:
    /// low `s`, `v` 27 or 28, a signer), as OpenZeppelin's errors.
    fn recover(&self, hash: B256, v: u8, r: B256, s: B256) -> Result<Address, Error> {
        ecdsa::recover(self.vm(), hash, v, r, s).map_err(|e| match e {
            ecdsa::RecoverError::InvalidS(s) => {
                Error::InvalidSignatureS(ECDSAInvalidSignatureS { s })
            }
            _ => Error::InvalidSignature(ECDSAInvalidSignature {}),
        })
    }

    /// Advances the rate accumulator to now and sets the rate in force to
    /// the books `v`'s (L-6); appends an observation if the newest is an
    /// [`OBSERVATION_INTERVAL`] old. Every value-moving entry point ends
    /// here, so the accumulator integrates every change of the rate for as
    /// long as it lasted (drift between calls is counted at the next one).
    #[inline(never)]
    fn record(&mut self, v: &Valuation) -> Result<(), Error> {
        let now = self.now();
        let rate = shares_to_assets(WAD, v.totals(), Rounding::Down)?;
        let (time, old_rate) = unpack(self.get(S_ACC_STATE));
        let mut cumulative = self.get(S_ACC_CUMULATIVE);
        if now != time {
            // time == 0: the first update, nothing to integrate yet.
            if time != 0 {
                cumulative = advance(cumulative, old_rate, now.saturating_sub(time));
                self.set(S_ACC_CUMULATIVE, cumulative);
            }
            self.set(S_ACC_STATE, pack(now, rate));
        } else if rate != old_rate {
            self.set(S_ACC_STATE, pack(now, rate));
        }
        let count = self.get(S_OBSERVATION_COUNT).saturating_to::<u64>();
        if count > 0 {
            // count >= 1: no underflow.
            let (newest, _) = self.observation_at(count - 1);
            if now < newest.saturating_add(OBSERVATION_INTERVAL) {
                return Ok(());
            }
        }
        self.set(
            OBSERVATION_SLOTS + count % OBSERVATIONS,
            pack(now, cumulative),
        );
        self.set(S_OBSERVATION_COUNT, U256::from(count.saturating_add(1)));
        self.emit(
            &[RateObserved::SIGNATURE_HASH],
            &words![now, rate, cumulative],
        );
        Ok(())
    }

    /// Observation number `k` counted from the first ever (it must still
    /// be kept: `count − OBSERVATIONS <= k < count`).
    fn observation_at(&self, k: u64) -> (u64, U256) {
        unpack(self.get(OBSERVATION_SLOTS + k % OBSERVATIONS))
    }

    /// `window` is readable now: at least [`MIN_RATE_WINDOW`], and its
    /// start no older than the oldest observation kept.
    fn check_window(&self, window: u64, now: u64) -> Result<(), Error> {
        let count = self.get(S_OBSERVATION_COUNT).saturating_to::<u64>();
        let available = if count == 0 {
            0
        } else {
            let oldest = self.observation_at(count.saturating_sub(OBSERVATIONS)).0;
            now.saturating_sub(oldest)
        };
        if window < MIN_RATE_WINDOW || window > available {
            return Err(Error::RateWindow(LrtRateWindow {
                window,
                min: MIN_RATE_WINDOW,
                available,
            }));
        }
        Ok(())
    }

    /// The average rate over `[from, to]` (`from < to`, both readable),
    /// rounded down.
    fn average_between(&self, from: u64, to: u64) -> Result<U256, Error> {
        let growth = since(self.cumulative_at(to), self.cumulative_at(from));
        Ok(mul_div(
            growth,
            U256::from(1),
            U256::from(to.saturating_sub(from)),
            Rounding::Down,
        )?)
    }

    /// The cumulative rate at time `t` (no later than now, no earlier than
    /// the oldest observation kept): extrapolated from the accumulator past
    /// its last update (the rate in force is constant since), else
    /// interpolated linearly between the two observations around `t`
    /// (binary search over the ring), or the newest one and the
    /// accumulator.
    fn cumulative_at(&self, t: u64) -> U256 {
        let (acc_time, acc_rate) = unpack(self.get(S_ACC_STATE));
        let acc_cumulative = self.get(S_ACC_CUMULATIVE);
        if t >= acc_time {
            return advance(acc_cumulative, acc_rate, t - acc_time);
        }
        let count = self.get(S_OBSERVATION_COUNT).saturating_to::<u64>();
        let first = count.saturating_sub(OBSERVATIONS);
        // The newest observation at or before `t` (check_window makes the
        // oldest one qualify): lo <= it < hi.
        let (mut lo, mut hi) = (first, count);
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if self.observation_at(mid).0 <= t {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        let (t0, c0) = self.observation_at(lo);
        let (t1, c1) = if hi < count {
            self.observation_at(hi)
        } else {
            (acc_time, acc_cumulative)
        };
        if t1 <= t0 || t <= t0 {
            return c0;
        }
        // Down, within one segment: at most a wei of rate-seconds.
        let part = mul_div(
            since(c1, c0),
            U256::from(t - t0),
            U256::from(t1 - t0),
            Rounding::Down,
        )
        .unwrap_or_default();
        c0.wrapping_add(part) & CUMULATIVE_MASK
    }

    #[inline(never)]
    fn mint_for(&mut self, asset: Address, amount: U256, min_shares: U256) -> Result<U256, Error> {
        self.when_not_paused()?;
        if amount.is_zero() {
            return Err(Error::ZeroAmount(LrtZeroAmount {}));
        }
        let i = self.asset_index(asset)?;
        let before = self.valuation()?;
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
        self.emit(
            &[
                Deposited::SIGNATURE_HASH,
                sender.into_word(),
                sender.into_word(),
                asset.into_word(),
            ],
            &words![received, shares],
        );
        let mut after = self.valuation()?;
        if asset == NATIVE_ETH {
            // Every valuation in this call excludes `msg.value`: count the
            // deposit in, as it is the holders' from now on.
            after.value = add(after.value, received)?;
        }
        self.check_rate(&before, &after, 0)?;
        self.record(&after)?;
        Ok(shares)
    }

    /// Pays `amount` of asset `i` to `to`: ETH from the Lrt's balance first,
    /// then from the sub-accounts'; tokens from the Lrt.
    #[inline(never)]
    fn pay(&mut self, i: usize, to: Address, amount: U256) -> Result<(), Error> {
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

    /// Has sub-account `account` call `target` with `data` and `value` wei
    /// of its own; returns the callee's return data.
    #[inline(never)]
    fn execute(
        &mut self,
        account: Address,
        target: Address,
        value: U256,
        data: Vec<u8>,
    ) -> Result<Vec<u8>, Error> {
        let mut call = error_data(
            ILrtOutgoing::executeCall::SELECTOR,
            &words![target, value, U256::from(96), U256::from(data.len())],
        );
        call.extend_from_slice(&data);
        call.resize(call.len() + (32 - data.len() % 32) % 32, 0);
        let out = self.call_raw(account, &call, U256::ZERO, true)?;
        // The returned `bytes`: offset, length, data.
        let len = word_at(&out, 32)
            .unwrap_or_default()
            .saturating_to::<usize>();
        Ok(out
            .get(64..64usize.saturating_add(len))
            .unwrap_or_default()
            .to_vec())
    }

    /// Calls `to` with `data` (a static call unless `mutating`, which sends
    /// `value` wei). A revert passes its data on ([`Error::Call`]); one with
    /// no data is [`Error::CallFailed`].
    #[inline(never)]
    fn call_raw(
        &self,
        to: Address,
        data: &[u8],
        value: U256,
        mutating: bool,
    ) -> Result<Vec<u8>, Error> {
        call::call(self.vm(), to, data, value, mutating).map_err(|revert| {
            if revert.0.is_empty() {
                Error::CallFailed(LrtCallFailed { target: to })
            } else {
                Error::Call(revert.0)
            }
        })
    }

    /// `selector(args)` on `to`, hand-encoded (every argument one static
    /// word); the first word of the result.
    #[inline(never)]
    fn call_word(
        &self,
        to: Address,
        selector: [u8; 4],
        args: &[B256],
        mutating: bool,
    ) -> Result<U256, Error> {
        let out = self.call_raw(to, &error_data(selector, args), U256::ZERO, mutating)?;
        word_at(&out, 0).ok_or(Error::CallFailed(LrtCallFailed { target: to }))
    }

    /// An ERC-20 call that must return `true`.
    fn call_true(&self, token: Address, selector: [u8; 4], args: &[B256]) -> Result<(), Error> {
        if self.call_word(token, selector, args, true)?.is_zero() {
            return Err(Error::CallFailed(LrtCallFailed { target: token }));
        }
        Ok(())
    }

    fn create_account(&mut self, operator: Address) -> Result<Address, Error> {
        #[cfg(feature = "test-clock")]
        {
            let account = self.addr(S_TEST_ACCOUNT);
            if !account.is_zero() {
                self.set_addr(S_TEST_ACCOUNT, Address::ZERO);
                return Ok(account);
            }
        }
        let implementation = self.addr(S_IMPLEMENTATION);
        let failed = Error::AccountCreationFailed(LrtAccountCreationFailed { operator });
        if implementation.is_zero() {
            return Err(failed);
        }
        let code = clone_init_code(implementation);
        // Salt = keccak(operator ‖ nonce): a removed operator can be added
        // again (its old sub-account keeps its address).
        let nonce = self.get(S_ACCOUNT_NONCE);
        self.set(S_ACCOUNT_NONCE, add(nonce, U256::from(1))?);
        let salt = self
            .vm()
            .native_keccak256(&concat(&[operator.into_word(), B256::from(nonce)]));
        // SAFETY: deploys fixed EIP-1167 init code; the host flushes the
        // storage cache first.
        let deployed = unsafe { self.vm().deploy(&code, U256::ZERO, Some(salt)) };
        match deployed {
            Ok(account) if !account.is_zero() => Ok(account),
            _ => Err(failed),
        }
    }

    fn approve_inner(
        &mut self,
        owner: Address,
        spender: Address,
        value: U256,
    ) -> Result<(), Error> {
        if spender.is_zero() {
            return Err(Error::InvalidSpender(ERC20InvalidSpender { spender }));
        }
        self.sstore(
            ALLOWANCES.slot(self.vm(), owner.into_word(), spender.into_word()),
            value,
        );
        self.emit(
            &[
                Approval::SIGNATURE_HASH,
                owner.into_word(),
                spender.into_word(),
            ],
            &words![value],
        );
        Ok(())
    }

    fn move_tokens(&mut self, from: Address, to: Address, value: U256) -> Result<(), Error> {
        if from.is_zero() {
            return Err(Error::InvalidSender(ERC20InvalidSender { sender: from }));
        }
        if to.is_zero() {
            return Err(Error::InvalidReceiver(ERC20InvalidReceiver {
                receiver: to,
            }));
        }
        self.move_tokens_inner(from, to, value)
    }

    /// OpenZeppelin's `_update`: mints from zero, burns to zero.
    #[inline(never)]
    fn move_tokens_inner(&mut self, from: Address, to: Address, value: U256) -> Result<(), Error> {
        if from.is_zero() {
            self.set(S_SUPPLY, add(self.get(S_SUPPLY), value)?);
        } else {
            let key = BALANCES.slot(self.vm(), from.into_word());
            let balance = self.sload(key);
            if balance < value {
                return Err(Error::InsufficientBalance(ERC20InsufficientBalance {
                    sender: from,
                    balance,
                    needed: value,
                }));
            }
            self.sstore(key, sub(balance, value)?);
        }
        if to.is_zero() {
            // value <= balance <= supply.
            self.set(S_SUPPLY, sub(self.get(S_SUPPLY), value)?);
        } else {
            let key = BALANCES.slot(self.vm(), to.into_word());
            // balance <= supply, which did not overflow.
            self.sstore(key, add(self.sload(key), value)?);
        }
        self.emit(
            &[Transfer::SIGNATURE_HASH, from.into_word(), to.into_word()],
            &words![value],
        );
        Ok(())
    }

    fn set_owner(&mut self, new_owner: Address) {
        let previous = self.addr(S_OWNER);
        self.set_addr(S_OWNER, new_owner);
        self.emit(
            &[
                OwnershipTransferred::SIGNATURE_HASH,
                previous.into_word(),
                new_owner.into_word(),
            ],
            &[],
        );
    }

    fn set_manager_inner(&mut self, manager: Address) {
        let previous = self.addr(S_MANAGER);
        self.set_addr(S_MANAGER, manager);
        self.emit(
            &[
                ManagerSet::SIGNATURE_HASH,
                previous.into_word(),
                manager.into_word(),
            ],
            &[],
        );
    }

    fn set_parameters_inner(
        &mut self,
        concentration_cap_bps: U256,
        buffer_bps: U256,
        instant_fee_bps: U256,
        instant_limit: U256,
        instant_period: u64,
    ) -> Result<(), Error> {
        let bps = U256::from(BPS);
        let bad = |which: u8, value: U256| {
            Err(Error::InvalidParameter(LrtInvalidParameter {
                which,
                value,
            }))
        };
        if concentration_cap_bps.is_zero() || concentration_cap_bps > bps {
            return bad(0, concentration_cap_bps);
        }
        if buffer_bps > bps {
            return bad(1, buffer_bps);
        }
        if instant_fee_bps > U256::from(MAX_FEE_BPS) {
            return bad(2, instant_fee_bps);
        }
        if instant_period == 0 {
            return bad(3, U256::ZERO);
        }
        self.set(S_CONCENTRATION, concentration_cap_bps);
        self.set(S_BUFFER, buffer_bps);
        self.set(S_FEE, instant_fee_bps);
        self.set(S_LIMIT, instant_limit);
        self.set(S_PERIOD, U256::from(instant_period));
        self.emit(
            &[ParametersSet::SIGNATURE_HASH],
            &words![
                concentration_cap_bps,
                buffer_bps,
                instant_fee_bps,
                instant_limit,
                instant_period
            ],
        );
        Ok(())
    }
}

/// The EIP-1167 init code of a minimal proxy of `implementation`.
pub fn clone_init_code(implementation: Address) -> Vec<u8> {
    const PREFIX: [u8; 20] = [
        0x3d, 0x60, 0x2d, 0x80, 0x60, 0x0a, 0x3d, 0x39, 0x81, 0xf3, 0x36, 0x3d, 0x3d, 0x37, 0x3d,
        0x3d, 0x3d, 0x36, 0x3d, 0x73,
    ];
    const SUFFIX: [u8; 15] = [
        0x5a, 0xf4, 0x3d, 0x82, 0x80, 0x3e, 0x90, 0x3d, 0x91, 0x60, 0x2b, 0x57, 0xfd, 0x5b, 0xf3,
    ];
    let mut code = Vec::with_capacity(55);
    code.extend_from_slice(&PREFIX);
    code.extend_from_slice(implementation.as_slice());
    code.extend_from_slice(&SUFFIX);
    code
}

/// The 32-byte word at `offset` of ABI data (the `bytes` an `execute`
/// returns is itself ABI-encoded: offset, length, then the callee's data).
fn word_at(data: &[u8], offset: usize) -> Option<U256> {
    data.get(offset..offset.saturating_add(32))
        .and_then(U256::try_from_be_slice)
}

/// Hand-decoded calldata: the static head words of a call's arguments.
struct Args<'a> {
    data: &'a [u8],
    malformed: core::cell::Cell<bool>,
}

// Each of the two wasms routes only its own selectors, so each leaves some
// decoders unused.
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
impl<'a> Args<'a> {
    /// Head word `i`, whose first `32 - size` bytes must be zero.
    #[inline(never)]
    fn word(&self, i: usize, size: usize) -> U256 {
        let at = i.saturating_mul(32);
        match at.checked_add(32).and_then(|end| self.data.get(at..end)) {
            Some(w) if w.iter().take(32usize.saturating_sub(size)).all(|b| *b == 0) => {
                U256::try_from_be_slice(w).unwrap_or_default()
            }
            _ => {
                self.malformed.set(true);
                U256::ZERO
            }
        }
    }
    #[inline(never)]
    fn u256(&self, i: usize) -> U256 {
        self.word(i, 32)
    }
    #[inline(never)]
    fn b256(&self, i: usize) -> B256 {
        B256::from(self.word(i, 32))
    }
    #[inline(never)]
    fn address(&self, i: usize) -> Address {
        to_address(self.word(i, 20))
    }
    #[inline(never)]
    fn u64(&self, i: usize) -> u64 {
        self.word(i, 8).as_limbs()[0]
    }
    #[inline(never)]
    fn u8(&self, i: usize) -> u8 {
        self.word(i, 1).as_limbs()[0] as u8
    }
    #[inline(never)]
    fn bool(&self, i: usize) -> bool {
        let w = self.word(i, 1);
        if w > U256::from(1) {
            self.malformed.set(true);
        }
        !w.is_zero()
    }
    /// The `bytes` argument whose offset is head word `i`.
    #[inline(never)]
    fn bytes(&self, i: usize) -> &'a [u8] {
        // An offset or length beyond usize (wasm32: 2^32) saturates, so the
        // range check below refuses it instead of truncating it (issue #12:
        // `offset + 2^32` read the real data in the wasm).
        let offset = usize::try_from(self.u64(i)).unwrap_or(usize::MAX);
        let len = Args {
            data: self.data.get(offset..).unwrap_or_default(),
            malformed: core::cell::Cell::new(false),
        };
        let n = usize::try_from(len.u64(0)).unwrap_or(usize::MAX);
        let start = offset.saturating_add(32);
        match start
            .checked_add(n)
            .and_then(|end| self.data.get(start..end))
        {
            Some(b) if !len.malformed.get() => b,
            _ => {
                self.malformed.set(true);
                &[]
            }
        }
    }
}

/// ABI encoding of one `string` return value.
#[cfg_attr(all(target_arch = "wasm32", feature = "extension"), allow(dead_code))]
fn encode_string(s: &str) -> Vec<u8> {
    let mut out = concat(&words![U256::from(32), U256::from(s.len())]);
    out.extend_from_slice(s.as_bytes());
    out.resize(64 + s.len().div_ceil(32) * 32, 0);
    out
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

/// What `shares` LRT take out of the books `v`: the lower of their value
/// with the virtual offset and their plain pro-rata share `shares · value /
/// supply`, rounded down. Below a rate of 1 the virtual offset would value
/// them above their real share (the virtual position is worth more than the
/// real ones), so exits would outrun the assets; the plain share never does,
/// and being lower it keeps the guarded rate from falling.
fn exit_value(shares: U256, v: &Valuation) -> Result<U256, Error> {
    let with_offset = shares_to_assets(shares, v.totals(), Rounding::Down)?;
    if v.supply.is_zero() {
        return Ok(U256::ZERO);
    }
    Ok(with_offset.min(mul_div(shares, v.value, v.supply, Rounding::Down)?))
}

/// The LRT that `value` (ETH) buys at books of `books_value` over
/// `supply` (`books_value` non-zero), rounded down: the lower of the
/// virtual-offset and the plain pro-rata figure (as [`exit_value`], so it
/// never buys back more than an exit would pay).
fn shares_for(value: U256, books_value: U256, supply: U256) -> Result<U256, Error> {
    let totals = VaultTotals {
        total_shares: supply,
        total_assets: books_value,
    };
    let with_offset = assets_to_shares(value, totals, Rounding::Down)?;
    Ok(with_offset.min(mul_div(value, supply, books_value, Rounding::Down)?))
}

/// `amount` wei of an asset at `rate` (ETH per 1e18 of it), in ETH.
fn to_eth(amount: U256, rate: U256, rounding: Rounding) -> Result<U256, Error> {
    Ok(mul_div(amount, rate, WAD, rounding)?)
}

/// `value` ETH in wei of an asset at `rate` (ETH per 1e18 of it; never
/// zero, see `Lrt::asset_rate`).
fn from_eth(value: U256, rate: U256, rounding: Rounding) -> Result<U256, Error> {
    Ok(mul_div(value, WAD, rate, rounding)?)
}

/// `high (192 bits) ‖ low (64 bits)` in one word; `high` saturates.
fn pack(low: u64, high: U256) -> U256 {
    (high.min(CUMULATIVE_MASK) << 64) | U256::from(low)
}

/// The inverse of [`pack`].
fn unpack(word: U256) -> (u64, U256) {
    (word.as_limbs()[0], word >> 64)
}

/// The cumulative rate `cumulative` advanced by `rate` for `elapsed`
/// seconds, modulo 2^192. The product is exact (`rate < 2^192`, `elapsed
/// < 2^64`); the sum wraps on purpose: like Uniswap's price accumulators,
/// only differences over a window are ever read, and they are taken
/// modulo 2^192 too.
fn advance(cumulative: U256, rate: U256, elapsed: u64) -> U256 {
    cumulative.wrapping_add(rate.min(CUMULATIVE_MASK).wrapping_mul(U256::from(elapsed)))
        & CUMULATIVE_MASK
}

/// `later − earlier` of two cumulative rates, modulo 2^192.
fn since(later: U256, earlier: U256) -> U256 {
    later.wrapping_sub(earlier) & CUMULATIVE_MASK
}

/// The address in an ABI word.
fn to_address(word: U256) -> Address {
    Address::from_word(B256::from(word))
}
