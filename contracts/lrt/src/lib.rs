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
//! * **Rate with no oracle**: value = idle balances + withdrawable value of
//!   every position + value of every queued withdrawal, read from the vaults
//!   and the registry, less what finalized redemptions reserve; rate =
//!   value / (supply + shares in pending redemptions). LSTs count 1:1 with
//!   ETH at their vault's share price. A guard re-values after every mutating
//!   entry point and reverts if the rate fell (manager moves may lose at most
//!   [`MOVE_DUST`] wei of vault rounding). Slashing, read from the registry,
//!   is the only thing that lowers it.
//! * **Rate history**: a ring of [`CHECKPOINTS`] rate checkpoints, at most
//!   one per [`CHECKPOINT_INTERVAL`], and an annualized rate over a window.
//! * **Two exits**: `requestRedeem` burns LRT into a pending request (shares
//!   still bear slashing; the payout is the lower of the value at request
//!   and at finalization) → `finalizeRedeem` (anyone, FIFO per asset, when
//!   free liquidity covers it) → `claimRedeem`; and `instantRedeem` from idle
//!   liquidity with a fee and a limit per period.
//!
//! Loops are bounded: at most [`MAX_ASSETS`] assets, [`MAX_OPERATORS`]
//! operators and [`MAX_WITHDRAWALS`] open registry withdrawals.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
extern crate alloc;

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, I256, U256, U64, U8};
use stylus_sdk::abi::Bytes;
use alloy_sol_types::{SolCall, SolError, SolEvent};
use openzeppelin_stylus::{
    token::erc20::{
        extensions::permit::{ERC2612ExpiredSignature, ERC2612InvalidSigner},
        ERC20InsufficientAllowance, ERC20InsufficientBalance, ERC20InvalidReceiver,
        ERC20InvalidSender, ERC20InvalidSpender,
    },
    utils::cryptography::ecdsa::{self, ECDSAInvalidSignature, ECDSAInvalidSignatureS},
};
use restake_interfaces::{
    abi::{concat, error_data},
    calls::{IOperatorRegistryCalls, IVaultCalls},
    lrt::{calls::*, *},
    math_code, words, NATIVE_ETH,
};
use restake_math::{
    add, assets_to_shares, mul_div, shares_to_assets, sub, MathError, Rounding, VaultTotals, WAD,
};
use stylus_sdk::{
    keccak_const::Keccak256,
    prelude::*,
    storage::{
        StorageAddress, StorageBool, StorageMap, StorageU256, StorageU64, StorageU8, StorageVec,
    },
};

/// At most this many accepted assets (the rate loops over them).
pub const MAX_ASSETS: usize = 4;
/// At most this many operators, each with one sub-account.
pub const MAX_OPERATORS: usize = 8;
/// At most this many registry withdrawals open at once.
pub const MAX_WITHDRAWALS: usize = 16;
/// Rate checkpoints kept (a ring).
pub const CHECKPOINTS: u64 = 32;
/// At most one checkpoint per this many seconds.
pub const CHECKPOINT_INTERVAL: u64 = 3_600;
/// Wei a manager move may lose to vault share rounding (the guard's only
/// tolerance; user entry points have none).
pub const MOVE_DUST: u64 = 10;
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
const DOMAIN_TYPEHASH: [u8; 32] = Keccak256::new()
    .update(b"EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")
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
    /// See [`LrtUnknownWithdrawal`].
    UnknownWithdrawal(LrtUnknownWithdrawal),
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
                &words![e.value_before, e.supply_before, e.value_after, e.supply_after],
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
            Error::RateLimitExceeded(e) => {
                error_data(LrtRateLimitExceeded::SELECTOR, &words![e.limit, e.used, e.requested])
            }
            Error::RequestStatus(e) => {
                error_data(LrtRequestStatus::SELECTOR, &words![e.request_id, e.status])
            }
            Error::NotRequestOwner(e) => {
                error_data(LrtNotRequestOwner::SELECTOR, &words![e.request_id, e.caller])
            }
            Error::UnknownWithdrawal(e) => {
                error_data(LrtUnknownWithdrawal::SELECTOR, &words![e.withdrawal_id])
            }
            Error::DelegationFailed(e) => {
                error_data(LrtDelegationFailed::SELECTOR, &words![e.operator, e.delegated_to])
            }
            Error::AccountCreationFailed(e) => {
                error_data(LrtAccountCreationFailed::SELECTOR, &words![e.operator])
            }
            Error::CallFailed(e) => error_data(LrtCallFailed::SELECTOR, &words![e.target]),
            Error::InvalidParameter(e) => {
                error_data(LrtInvalidParameter::SELECTOR, &words![e.which, e.value])
            }
            Error::Math(e) => error_data(LrtMathError::SELECTOR, &words![e.code]),
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
            Error::InvalidSpender(e) => error_data(ERC20InvalidSpender::SELECTOR, &words![e.spender]),
            Error::ExpiredSignature(e) => {
                error_data(ERC2612ExpiredSignature::SELECTOR, &words![e.deadline])
            }
            Error::InvalidSigner(e) => {
                error_data(ERC2612InvalidSigner::SELECTOR, &words![e.signer, e.owner])
            }
            Error::InvalidSignature(_) => error_data(ECDSAInvalidSignature::SELECTOR, &[]),
            Error::InvalidSignatureS(e) => error_data(ECDSAInvalidSignatureS::SELECTOR, &words![e.s]),
        }
    }
}

impl From<MathError> for Error {
    fn from(e: MathError) -> Self {
        let code = match e {
            MathError::Overflow => math_code::OVERFLOW,
            MathError::DivisionByZero => math_code::DIVISION_BY_ZERO,
            MathError::Underflow => math_code::UNDERFLOW,
        };
        Error::Math(LrtMathError { code })
    }
}

/// One accepted asset.
#[storage]
pub struct AssetSlot {
    /// The ERC-20 LST, or [`NATIVE_ETH`].
    token: StorageAddress,
    /// The Restake vault of that asset.
    vault: StorageAddress,
    /// Bound on `deposited`.
    cap: StorageU256,
    /// Assets deposited by wallets, ever (the cap applies to it).
    deposited: StorageU256,
    /// Assets reserved for claimable redemption requests.
    reserved: StorageU256,
    /// FIFO of pending requests paid in this asset: next to finalize.
    queue_head: StorageU64,
    /// FIFO of pending requests: next free position.
    queue_tail: StorageU64,
}

/// One operator and the sub-account delegated to it.
#[storage]
pub struct OperatorSlot {
    operator: StorageAddress,
    account: StorageAddress,
}

/// One open registry withdrawal.
#[storage]
pub struct WithdrawalSlot {
    open: StorageBool,
    operator_index: StorageU8,
    asset_index: StorageU8,
    id: StorageU256,
}

/// One redemption request.
#[storage]
pub struct RequestSlot {
    owner: StorageAddress,
    asset_index: StorageU8,
    status: StorageU8,
    /// LRT burned into the request (still bearing slashing while pending).
    shares: StorageU256,
    /// Its value at the rate in force when requested (rounded down).
    max_assets: StorageU256,
    /// What it pays, fixed at finalization.
    assets: StorageU256,
}

/// One rate checkpoint.
#[storage]
pub struct Checkpoint {
    timestamp: StorageU64,
    rate: StorageU256,
}

/// The Lrt's storage. Field order is append-only once deployed.
#[entrypoint]
#[storage]
pub struct Lrt {
    // -- ERC-20 + EIP-2612 --
    balances: StorageMap<Address, StorageU256>,
    allowances: StorageMap<Address, StorageMap<Address, StorageU256>>,
    total_supply: StorageU256,
    nonces: StorageMap<Address, StorageU256>,
    // -- roles --
    owner: StorageAddress,
    manager: StorageAddress,
    paused: StorageBool,
    // -- wiring --
    registry: StorageAddress,
    account_implementation: StorageAddress,
    // -- restaking --
    assets: StorageVec<AssetSlot>,
    operators: StorageVec<OperatorSlot>,
    withdrawals: StorageVec<WithdrawalSlot>,
    // -- redemptions --
    requests: StorageMap<U256, RequestSlot>,
    request_count: StorageU256,
    /// (asset index << 64 | queue position) → request id.
    asset_queue: StorageMap<U256, StorageU256>,
    /// LRT burned into pending (not yet finalized) requests.
    pending_shares: StorageU256,
    // -- risk parameters --
    concentration_cap_bps: StorageU256,
    buffer_bps: StorageU256,
    instant_fee_bps: StorageU256,
    instant_limit: StorageU256,
    instant_period: StorageU64,
    window_start: StorageU64,
    window_used: StorageU256,
    // -- rate history --
    checkpoints: StorageVec<Checkpoint>,
    checkpoint_count: StorageU64,
    // -- tests only (feature `test-clock`; unused otherwise) --
    test_timestamp: StorageU64,
    test_next_account: StorageAddress,
}

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
}

impl Valuation {
    fn totals(&self) -> VaultTotals {
        VaultTotals { total_shares: self.supply, total_assets: self.value }
    }
}

#[public]
impl Lrt {
    /// Wires the Lrt: `owner` (assets, caps, parameters, pause), `manager`
    /// (operators and restaking), the operator `registry`, and the deployed
    /// sub-account `account_implementation` that clones delegate to. Starts
    /// with no concentration limit (100%), no buffer, no fee and no instant
    /// limit per period of one day.
    ///
    /// # Errors
    /// * [`Error::ZeroAddress`] - `owner` or `registry` is zero.
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
    ) -> Result<(), Error> {
        if owner.is_zero() || registry.is_zero() {
            return Err(Error::ZeroAddress(LrtZeroAddress {}));
        }
        self.registry.set(registry);
        self.account_implementation.set(account_implementation);
        self.set_owner(owner);
        self.set_manager_inner(manager);
        self.set_parameters_inner(U256::from(BPS), U256::ZERO, U256::ZERO, U256::MAX, 86_400)
    }

    // ------------------------------------------------------------------
    // ERC-20 and EIP-2612
    // ------------------------------------------------------------------

    /// The token's name.
    pub fn name(&self) -> alloc::string::String {
        alloc::string::String::from(NAME)
    }

    /// The token's symbol.
    pub fn symbol(&self) -> alloc::string::String {
        alloc::string::String::from(SYMBOL)
    }

    /// 18, like ETH.
    pub fn decimals(&self) -> U8 {
        U8::from(18)
    }

    /// LRT in circulation (pending redemption requests are burned).
    pub fn total_supply(&self) -> U256 {
        self.total_supply.get()
    }

    /// `account`'s LRT.
    pub fn balance_of(&self, account: Address) -> U256 {
        self.balances.get(account)
    }

    /// What `spender` may move of `owner`'s LRT.
    pub fn allowance(&self, owner: Address, spender: Address) -> U256 {
        self.allowances.getter(owner).get(spender)
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
    pub fn transfer_from(&mut self, from: Address, to: Address, value: U256) -> Result<bool, Error> {
        let spender = self.vm().msg_sender();
        let allowance = self.allowances.getter(from).get(spender);
        if allowance != U256::MAX {
            if allowance < value {
                return Err(Error::InsufficientAllowance(ERC20InsufficientAllowance {
                    spender,
                    allowance,
                    needed: value,
                }));
            }
            // allowance >= value: checked just above.
            self.allowances.setter(from).setter(spender).set(allowance - value);
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

    /// EIP-2612: `owner`'s signature (`v`, `r`, `s`, low-s only) over
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
            return Err(Error::ExpiredSignature(ERC2612ExpiredSignature { deadline }));
        }
        let nonce = self.nonces.get(owner);
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
        let signer = ecdsa::recover(&*self, hash, v, r, s).map_err(|e| match e {
            ecdsa::Error::InvalidSignatureS(e) => Error::InvalidSignatureS(e),
            ecdsa::Error::InvalidSignature(e) => Error::InvalidSignature(e),
        })?;
        if signer != owner {
            return Err(Error::InvalidSigner(ERC2612InvalidSigner { signer, owner }));
        }
        self.nonces.setter(owner).set(add(nonce, U256::from(1))?);
        self.approve_inner(owner, spender, value)
    }

    /// `owner`'s next permit nonce.
    pub fn nonces(&self, owner: Address) -> U256 {
        self.nonces.get(owner)
    }

    /// The EIP-712 domain separator (name [`NAME`], version "1", this chain,
    /// this contract).
    #[selector(name = "DOMAIN_SEPARATOR")]
    pub fn domain_separator(&self) -> B256 {
        self.vm().native_keccak256(&concat(&[
            B256::from(DOMAIN_TYPEHASH),
            B256::from(NAME_HASH),
            B256::from(VERSION_HASH),
            B256::from(U256::from(self.vm().chain_id())),
            self.vm().contract_address().into_word(),
        ]))
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
    ///   [`Error::Call`], [`Error::Math`].
    ///
    /// # Events
    /// * [`Deposited`], [`Transfer`], maybe [`RateCheckpointed`].
    #[payable]
    pub fn deposit(&mut self, min_shares: U256) -> Result<U256, Error> {
        let value = self.vm().msg_value();
        self.mint_for(NATIVE_ETH, value, min_shares)
    }

    /// Pulls `amount` of the accepted LST `token` (approve first) and mints
    /// LRT to the caller for what arrived, at the current rate, rounded down.
    ///
    /// # Errors
    /// * As [`Lrt::deposit`]; [`Error::UnknownAsset`] also for the ETH sentinel.
    ///
    /// # Events
    /// * [`Deposited`], [`Transfer`], maybe [`RateCheckpointed`].
    pub fn deposit_token(&mut self, token: Address, amount: U256, min_shares: U256) -> Result<U256, Error> {
        if token == NATIVE_ETH {
            return Err(Error::UnknownAsset(LrtUnknownAsset { asset: token }));
        }
        self.mint_for(token, amount, min_shares)
    }

    // ------------------------------------------------------------------
    // Exits
    // ------------------------------------------------------------------

    /// Burns `shares` of the caller's LRT into a redemption request paid in
    /// `asset`, worth at most their value at the current rate (rounded
    /// down). Until finalized the shares keep bearing slashing with the
    /// holders' (and earn nothing more). Returns the request id.
    ///
    /// # Errors
    /// * [`Error::ZeroAmount`], [`Error::UnknownAsset`],
    ///   [`Error::InsufficientBalance`], [`Error::RateDecreased`],
    ///   [`Error::Call`], [`Error::Math`].
    ///
    /// # Events
    /// * [`Transfer`] (burn), [`RedeemRequested`], maybe [`RateCheckpointed`].
    pub fn request_redeem(&mut self, shares: U256, asset: Address) -> Result<U256, Error> {
        if shares.is_zero() {
            return Err(Error::ZeroAmount(LrtZeroAmount {}));
        }
        let asset_index = self.asset_index(asset)?;
        let before = self.valuation(U256::ZERO)?;
        let owner = self.vm().msg_sender();
        let max_assets = shares_to_assets(shares, before.totals(), Rounding::Down)?;
        self.burn(owner, shares)?;
        self.pending_shares.set(add(self.pending_shares.get(), shares)?);
        let id = add(self.request_count.get(), U256::from(1))?;
        self.request_count.set(id);
        let mut request = self.requests.setter(id);
        request.owner.set(owner);
        request.asset_index.set(U8::from(asset_index));
        request.status.set(U8::from(STATUS_PENDING));
        request.shares.set(shares);
        request.max_assets.set(max_assets);
        let mut slot = self.assets.setter(asset_index).ok_or(MathError::Overflow)?;
        let tail = slot.queue_tail.get().to::<u64>();
        slot.queue_tail.set(U64::from(tail.saturating_add(1)));
        let key = (U256::from(asset_index) << 64) | U256::from(tail);
        self.asset_queue.setter(key).set(id);
        self.emit(
            &[RedeemRequested::SIGNATURE_HASH, id.into(), owner.into_word(), asset.into_word()],
            &words![shares, max_assets],
        );
        self.guard(&before, 0)?;
        Ok(id)
    }

    /// Finalizes the oldest pending request paid in `asset` (anyone may
    /// call): it pays the lower of its value at request and its value now
    /// (so a slash that landed while it was pending is shared pro rata with
    /// holders, and later rewards stay with holders), reserved from free
    /// idle liquidity. Returns the request id.
    ///
    /// # Errors
    /// * [`Error::UnknownAsset`], [`Error::RequestStatus`] (no pending
    ///   request in that asset: id 0), [`Error::InsufficientLiquidity`],
    ///   [`Error::RateDecreased`], [`Error::Call`], [`Error::Math`].
    ///
    /// # Events
    /// * [`RedeemFinalized`], maybe [`RateCheckpointed`].
    pub fn finalize_redeem(&mut self, asset: Address) -> Result<U256, Error> {
        let asset_index = self.asset_index(asset)?;
        let slot = self.assets.get(asset_index).ok_or(MathError::Overflow)?;
        let head = slot.queue_head.get().to::<u64>();
        if head >= slot.queue_tail.get().to::<u64>() {
            return Err(Error::RequestStatus(LrtRequestStatus { request_id: U256::ZERO, status: STATUS_NONE }));
        }
        let reserved = slot.reserved.get();
        let id = self.asset_queue.get((U256::from(asset_index) << 64) | U256::from(head));
        let before = self.valuation(U256::ZERO)?;
        let request = self.requests.get(id);
        let shares = request.shares.get();
        // Down: the request never takes more than its pro-rata share.
        let now_value = shares_to_assets(shares, before.totals(), Rounding::Down)?;
        let assets = now_value.min(request.max_assets.get());
        let available = self.free_liquidity(asset_index)?;
        if available < assets {
            return Err(Error::InsufficientLiquidity(LrtInsufficientLiquidity {
                asset,
                available,
                requested: assets,
            }));
        }
        self.pending_shares.set(sub(self.pending_shares.get(), shares)?);
        let mut slot = self.assets.setter(asset_index).ok_or(MathError::Overflow)?;
        slot.reserved.set(add(reserved, assets)?);
        slot.queue_head.set(U64::from(head.saturating_add(1)));
        let mut request = self.requests.setter(id);
        request.status.set(U8::from(STATUS_CLAIMABLE));
        request.assets.set(assets);
        self.emit(&[RedeemFinalized::SIGNATURE_HASH, id.into()], &words![assets]);
        self.guard(&before, 0)?;
        Ok(id)
    }

    /// Pays claimable request `request_id` (the caller's) to `receiver`.
    ///
    /// # Errors
    /// * [`Error::NotRequestOwner`], [`Error::RequestStatus`] - not
    ///   claimable, [`Error::ZeroAddress`], [`Error::RateDecreased`],
    ///   [`Error::Call`], [`Error::Math`].
    ///
    /// # Events
    /// * [`RedeemClaimed`], maybe [`RateCheckpointed`].
    pub fn claim_redeem(&mut self, request_id: U256, receiver: Address) -> Result<U256, Error> {
        let caller = self.vm().msg_sender();
        let request = self.requests.get(request_id);
        let status = request.status.get().to::<u8>();
        if status != STATUS_NONE && request.owner.get() != caller {
            return Err(Error::NotRequestOwner(LrtNotRequestOwner { request_id, caller }));
        }
        if status != STATUS_CLAIMABLE {
            return Err(Error::RequestStatus(LrtRequestStatus { request_id, status }));
        }
        if receiver.is_zero() {
            return Err(Error::ZeroAddress(LrtZeroAddress {}));
        }
        let assets = request.assets.get();
        let asset_index = request.asset_index.get().to::<usize>();
        let before = self.valuation(U256::ZERO)?;
        self.requests.setter(request_id).status.set(U8::from(STATUS_CLAIMED));
        let mut slot = self.assets.setter(asset_index).ok_or(MathError::Overflow)?;
        let reserved = slot.reserved.get();
        slot.reserved.set(sub(reserved, assets)?);
        self.pay(asset_index, receiver, assets)?;
        self.emit(
            &[RedeemClaimed::SIGNATURE_HASH, request_id.into(), receiver.into_word()],
            &words![assets],
        );
        self.guard(&before, 0)?;
        Ok(assets)
    }

    /// Burns `shares` of the caller's LRT for their value (rounded down)
    /// less the instant fee (rounded up; it stays with holders), paid at
    /// once in `asset` to `receiver` from free idle liquidity, within the
    /// instant limit per period.
    ///
    /// # Errors
    /// * [`Error::Paused`], [`Error::ZeroAmount`], [`Error::UnknownAsset`],
    ///   [`Error::ZeroAddress`], [`Error::Slippage`] - less than `min_out`,
    ///   [`Error::RateLimitExceeded`], [`Error::InsufficientLiquidity`],
    ///   [`Error::InsufficientBalance`], [`Error::RateDecreased`],
    ///   [`Error::Call`], [`Error::Math`].
    ///
    /// # Events
    /// * [`Transfer`] (burn), [`InstantRedeemed`], maybe [`RateCheckpointed`].
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
        let asset_index = self.asset_index(asset)?;
        let before = self.valuation(U256::ZERO)?;
        let gross = shares_to_assets(shares, before.totals(), Rounding::Down)?;
        // Up: the fee never rounds in the exiting wallet's favour.
        let fee = mul_div(gross, self.instant_fee_bps.get(), U256::from(BPS), Rounding::Up)?;
        let out = sub(gross, fee)?;
        if out < min_out {
            return Err(Error::Slippage(LrtSlippage { min_out, out }));
        }
        let now = self.now();
        let limit = self.instant_limit.get();
        let mut used = self.window_used.get();
        if now >= self.window_start.get().to::<u64>().saturating_add(self.instant_period.get().to::<u64>()) {
            self.window_start.set(U64::from(now));
            used = U256::ZERO;
        }
        let used_after = add(used, out)?;
        if used_after > limit {
            return Err(Error::RateLimitExceeded(LrtRateLimitExceeded { limit, used, requested: out }));
        }
        self.window_used.set(used_after);
        let available = self.free_liquidity(asset_index)?;
        if available < out {
            return Err(Error::InsufficientLiquidity(LrtInsufficientLiquidity {
                asset,
                available,
                requested: out,
            }));
        }
        let owner = self.vm().msg_sender();
        self.burn(owner, shares)?;
        self.pay(asset_index, receiver, out)?;
        self.emit(
            &[InstantRedeemed::SIGNATURE_HASH, owner.into_word(), receiver.into_word(), asset.into_word()],
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
    ///   [`Error::Call`] (the registry refused).
    ///
    /// # Events
    /// * [`OperatorAdded`].
    pub fn add_operator(
        &mut self,
        operator: Address,
        approver_signature: Bytes,
        expiry: U256,
        salt: B256,
    ) -> Result<Address, Error> {
        self.only(self.manager.get())?;
        if self.operator_index(operator).is_ok() {
            return Err(Error::Operator(LrtOperator { operator, exists: true }));
        }
        let count = self.operators.len();
        if count >= MAX_OPERATORS {
            return Err(Error::TooMany(LrtTooMany { which: 1, max: U256::from(MAX_OPERATORS) }));
        }
        let account = self.create_account(operator)?;
        ILrtAccount::new(account).initialize(&mut *self).map_err(call_error(account))?;
        // delegateTo(address, bytes, uint256, bytes32): the bytes go last.
        let padded = (approver_signature.len() + 31) / 32 * 32;
        let mut data = error_data(
            ILrtOutgoing::delegateToCall::SELECTOR,
            &words![operator, U256::from(128), expiry, salt, U256::from(approver_signature.len())],
        );
        data.extend_from_slice(&approver_signature);
        data.resize(4 + 160 + padded, 0);
        let registry = self.registry.get();
        self.execute(account, registry, U256::ZERO, data)?;
        let delegated_to = IOperatorRegistryCalls::new(registry)
            .delegated_to(&*self, account)
            .map_err(call_error(registry))?;
        if delegated_to != operator {
            return Err(Error::DelegationFailed(LrtDelegationFailed { operator, delegated_to }));
        }
        let mut slot = self.operators.grow();
        slot.operator.set(operator);
        slot.account.set(account);
        self.emit(&[OperatorAdded::SIGNATURE_HASH, operator.into_word(), account.into_word()], &[]);
        Ok(account)
    }

    /// Restakes `amount` of idle `asset` (held by the Lrt itself) with
    /// `operator`: deposits it into the asset's vault for the operator's
    /// sub-account. Afterwards no operator may hold more than the
    /// concentration cap of the Lrt's value, and free idle liquidity may not
    /// be below the buffer target. Returns the vault shares.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - not the manager.
    /// * [`Error::ZeroAmount`], [`Error::Operator`], [`Error::UnknownAsset`],
    ///   [`Error::InsufficientLiquidity`], [`Error::ConcentrationCapExceeded`],
    ///   [`Error::BufferBelowTarget`], [`Error::RateDecreased`] (more than
    ///   [`MOVE_DUST`] lost), [`Error::Call`] (the vault refused), [`Error::Math`].
    ///
    /// # Events
    /// * [`Restaked`].
    pub fn restake(&mut self, operator: Address, asset: Address, amount: U256) -> Result<U256, Error> {
        self.only(self.manager.get())?;
        if amount.is_zero() {
            return Err(Error::ZeroAmount(LrtZeroAmount {}));
        }
        let op = self.operator_index(operator)?;
        let asset_index = self.asset_index(asset)?;
        let account = self.account_of(op);
        let vault = self.assets.get(asset_index).ok_or(MathError::Overflow)?.vault.get();
        let before = self.valuation(U256::ZERO)?;
        let held = sub(self.held(asset_index)?, self.reserved_of(asset_index))
            .unwrap_or(U256::ZERO);
        if held < amount {
            return Err(Error::InsufficientLiquidity(LrtInsufficientLiquidity {
                asset,
                available: held,
                requested: amount,
            }));
        }
        #[allow(deprecated)] // sol_interface! in 0.9 takes the sdk's own call context.
        let shares = if asset == NATIVE_ETH {
            IVaultCalls::new(vault)
                .deposit(stylus_sdk::call::Call::new_in(self).value(amount), amount, account)
                .map_err(call_error(vault))?
        } else {
            let ok = ILrtToken::new(asset).approve(&mut *self, vault, amount).map_err(call_error(asset))?;
            if !ok {
                return Err(Error::CallFailed(LrtCallFailed { target: asset }));
            }
            IVaultCalls::new(vault).deposit(&mut *self, amount, account).map_err(call_error(vault))?
        };
        let after = self.guard(&before, MOVE_DUST)?;
        let cap = mul_div(after.value, self.concentration_cap_bps.get(), U256::from(BPS), Rounding::Down)?;
        let operator_value = after.per_operator[op];
        if operator_value > cap {
            return Err(Error::ConcentrationCapExceeded(LrtConcentrationCapExceeded {
                operator,
                operator_value,
                cap,
            }));
        }
        // Up: the buffer target is never rounded in the manager's favour.
        let target = mul_div(after.value, self.buffer_bps.get(), U256::from(BPS), Rounding::Up)?;
        if after.idle < target {
            return Err(Error::BufferBelowTarget(LrtBufferBelowTarget { idle: after.idle, target }));
        }
        self.emit(
            &[Restaked::SIGNATURE_HASH, operator.into_word(), asset.into_word()],
            &words![amount, shares],
        );
        Ok(shares)
    }

    /// Queues `shares` deposit shares of `asset`'s vault held through
    /// `operator` for withdrawal in the registry (they stay slashable, and
    /// stay in the rate, until completed). Returns the registry's id.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - not the manager.
    /// * [`Error::ZeroAmount`], [`Error::Operator`], [`Error::UnknownAsset`],
    ///   [`Error::TooMany`] - [`MAX_WITHDRAWALS`] open, [`Error::RateDecreased`],
    ///   [`Error::Call`] (the registry refused), [`Error::Math`].
    ///
    /// # Events
    /// * [`UnstakeQueued`].
    pub fn unstake(&mut self, operator: Address, asset: Address, shares: U256) -> Result<U256, Error> {
        self.only(self.manager.get())?;
        if shares.is_zero() {
            return Err(Error::ZeroAmount(LrtZeroAmount {}));
        }
        let op = self.operator_index(operator)?;
        let asset_index = self.asset_index(asset)?;
        let mut free = MAX_WITHDRAWALS;
        for i in 0..self.withdrawals.len() {
            if !self.withdrawals.get(i).map(|w| w.open.get()).unwrap_or(true) {
                free = i;
                break;
            }
        }
        if free == MAX_WITHDRAWALS && self.withdrawals.len() >= MAX_WITHDRAWALS {
            return Err(Error::TooMany(LrtTooMany { which: 2, max: U256::from(MAX_WITHDRAWALS) }));
        }
        let before = self.valuation(U256::ZERO)?;
        let account = self.account_of(op);
        let vault = self.assets.get(asset_index).ok_or(MathError::Overflow)?.vault.get();
        // queueWithdrawal(address[] = [vault], uint256[] = [shares]).
        let data = error_data(
            ILrtOutgoing::queueWithdrawalCall::SELECTOR,
            &words![U256::from(64), U256::from(128), U256::from(1), vault, U256::from(1), shares],
        );
        let registry = self.registry.get();
        let out = self.execute(account, registry, U256::ZERO, data)?;
        let id = word_at(&out, 0).ok_or(Error::CallFailed(LrtCallFailed { target: registry }))?;
        let mut slot = if free < self.withdrawals.len() {
            self.withdrawals.setter(free).ok_or(MathError::Overflow)?
        } else {
            self.withdrawals.grow()
        };
        slot.open.set(true);
        slot.operator_index.set(U8::from(op));
        slot.asset_index.set(U8::from(asset_index));
        slot.id.set(id);
        self.emit(
            &[UnstakeQueued::SIGNATURE_HASH, operator.into_word(), asset.into_word(), id.into()],
            &words![shares],
        );
        self.guard(&before, MOVE_DUST)?;
        Ok(id)
    }

    /// Completes registry withdrawal `withdrawal_id` as tokens once its
    /// delay has passed (anyone may call; it only turns queued value into
    /// idle liquidity). LST proceeds move to the Lrt; ETH stays in the
    /// sub-account as idle liquidity that exits pay from. Returns the assets.
    ///
    /// # Errors
    /// * [`Error::UnknownWithdrawal`], [`Error::RateDecreased`],
    ///   [`Error::Call`] (e.g. the registry's delay is pending), [`Error::Math`].
    ///
    /// # Events
    /// * [`UnstakeCompleted`].
    pub fn complete_unstake(&mut self, withdrawal_id: U256) -> Result<U256, Error> {
        let mut found = None;
        for i in 0..self.withdrawals.len() {
            if let Some(w) = self.withdrawals.get(i) {
                if w.open.get() && w.id.get() == withdrawal_id {
                    found = Some((i, w.operator_index.get().to::<usize>(), w.asset_index.get().to::<usize>()));
                    break;
                }
            }
        }
        let (slot, op, asset_index) =
            found.ok_or(Error::UnknownWithdrawal(LrtUnknownWithdrawal { withdrawal_id }))?;
        let before = self.valuation(U256::ZERO)?;
        let account = self.account_of(op);
        let asset = self.assets.get(asset_index).ok_or(MathError::Overflow)?.token.get();
        let registry = self.registry.get();
        let eth_before = self.vm().balance(account);
        let data = error_data(
            ILrtOutgoing::completeWithdrawalCall::SELECTOR,
            &words![withdrawal_id, true],
        );
        self.execute(account, registry, U256::ZERO, data)?;
        let assets = if asset == NATIVE_ETH {
            sub(self.vm().balance(account), eth_before)?
        } else {
            let bal = ILrtToken::new(asset).balance_of(&*self, account).map_err(call_error(asset))?;
            if !bal.is_zero() {
                let this = self.vm().contract_address();
                let data = error_data(ILrtOutgoing::transferCall::SELECTOR, &words![this, bal]);
                self.execute(account, asset, U256::ZERO, data)?;
            }
            bal
        };
        self.withdrawals.setter(slot).ok_or(MathError::Overflow)?.open.set(false);
        let operator = self.operators.get(op).ok_or(MathError::Overflow)?.operator.get();
        self.emit(
            &[UnstakeCompleted::SIGNATURE_HASH, operator.into_word(), asset.into_word(), withdrawal_id.into()],
            &words![assets],
        );
        self.guard(&before, MOVE_DUST)?;
        Ok(assets)
    }

    // ------------------------------------------------------------------
    // Owner
    // ------------------------------------------------------------------

    /// Accepts `token` (an LST, or [`NATIVE_ETH`]) restaked through `vault`
    /// (whose `asset()` must be `token`), with deposit cap `cap`.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - not the owner.
    /// * [`Error::ZeroAddress`], [`Error::AssetExists`], [`Error::TooMany`],
    ///   [`Error::UnknownAsset`] - the vault holds another asset, [`Error::Call`].
    ///
    /// # Events
    /// * [`AssetAdded`].
    pub fn add_asset(&mut self, token: Address, vault: Address, cap: U256) -> Result<(), Error> {
        self.only(self.owner.get())?;
        if token.is_zero() || vault.is_zero() {
            return Err(Error::ZeroAddress(LrtZeroAddress {}));
        }
        if self.asset_index(token).is_ok() {
            return Err(Error::AssetExists(LrtAssetExists { asset: token }));
        }
        if self.assets.len() >= MAX_ASSETS {
            return Err(Error::TooMany(LrtTooMany { which: 0, max: U256::from(MAX_ASSETS) }));
        }
        let vault_asset = IVaultCalls::new(vault).asset(&*self).map_err(call_error(vault))?;
        if vault_asset != token {
            return Err(Error::UnknownAsset(LrtUnknownAsset { asset: vault_asset }));
        }
        let mut slot = self.assets.grow();
        slot.token.set(token);
        slot.vault.set(vault);
        slot.cap.set(cap);
        self.emit(&[AssetAdded::SIGNATURE_HASH, token.into_word(), vault.into_word()], &words![cap]);
        Ok(())
    }

    /// Sets the deposit cap of `asset`.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`], [`Error::UnknownAsset`].
    ///
    /// # Events
    /// * [`AssetCapSet`].
    pub fn set_asset_cap(&mut self, asset: Address, cap: U256) -> Result<(), Error> {
        self.only(self.owner.get())?;
        let i = self.asset_index(asset)?;
        self.assets.setter(i).ok_or(MathError::Overflow)?.cap.set(cap);
        self.emit(&[AssetCapSet::SIGNATURE_HASH, asset.into_word()], &words![cap]);
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
        self.only(self.owner.get())?;
        self.set_parameters_inner(concentration_cap_bps, buffer_bps, instant_fee_bps, instant_limit, instant_period)
    }

    /// Moves the manager role.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - not the owner.
    ///
    /// # Events
    /// * [`ManagerSet`].
    pub fn set_manager(&mut self, manager: Address) -> Result<(), Error> {
        self.only(self.owner.get())?;
        self.set_manager_inner(manager);
        Ok(())
    }

    /// Moves ownership to `new_owner`.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - not the owner; [`Error::ZeroAddress`].
    ///
    /// # Events
    /// * [`OwnershipTransferred`].
    pub fn transfer_ownership(&mut self, new_owner: Address) -> Result<(), Error> {
        self.only(self.owner.get())?;
        if new_owner.is_zero() {
            return Err(Error::ZeroAddress(LrtZeroAddress {}));
        }
        self.set_owner(new_owner);
        Ok(())
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
        self.only(self.owner.get())?;
        self.paused.set(paused);
        self.emit(&[PauseSet::SIGNATURE_HASH], &words![paused]);
        Ok(())
    }

    /// Records a rate checkpoint if the last is [`CHECKPOINT_INTERVAL`] old
    /// (anyone; every deposit and exit does it too).
    ///
    /// # Errors
    /// * [`Error::Call`], [`Error::Math`].
    ///
    /// # Events
    /// * [`RateCheckpointed`], if recorded.
    pub fn checkpoint(&mut self) -> Result<(), Error> {
        let v = self.valuation(U256::ZERO)?;
        self.record(&v)
    }

    // ------------------------------------------------------------------
    // Views
    // ------------------------------------------------------------------

    /// Assets one LRT (1e18) is worth now, rounded down.
    ///
    /// # Errors
    /// * [`Error::Call`], [`Error::Math`].
    pub fn rate(&self) -> Result<U256, Error> {
        Ok(shares_to_assets(WAD, self.valuation(U256::ZERO)?.totals(), Rounding::Down)?)
    }

    /// The Lrt's books: net value, the supply it is shared by (LRT + pending
    /// requests), free idle liquidity, and LRT in pending requests.
    ///
    /// # Errors
    /// * [`Error::Call`], [`Error::Math`].
    pub fn books(&self) -> Result<(U256, U256, U256, U256), Error> {
        let v = self.valuation(U256::ZERO)?;
        Ok((v.value, v.supply, v.idle, self.pending_shares.get()))
    }

    /// Value restaked through operator number `index` (positions + queued).
    ///
    /// # Errors
    /// * [`Error::Call`], [`Error::Math`].
    pub fn operator_value(&self, index: U256) -> Result<U256, Error> {
        let v = self.valuation(U256::ZERO)?;
        Ok(v.per_operator.get(index.saturating_to::<usize>()).copied().unwrap_or_default())
    }

    /// Accepted asset number `index`: token, vault, cap, deposited, reserved.
    pub fn asset_at(&self, index: U256) -> (Address, Address, U256, U256, U256) {
        match self.assets.get(index.saturating_to::<usize>()) {
            Some(a) => (a.token.get(), a.vault.get(), a.cap.get(), a.deposited.get(), a.reserved.get()),
            None => Default::default(),
        }
    }

    /// Operator number `index` and its sub-account (zero past the end).
    pub fn operator_at(&self, index: U256) -> (Address, Address) {
        match self.operators.get(index.saturating_to::<usize>()) {
            Some(o) => (o.operator.get(), o.account.get()),
            None => Default::default(),
        }
    }

    /// Redemption request `request_id`: owner, asset, status (0 none, 1
    /// pending, 2 claimable, 3 claimed), shares, value at request, payout.
    pub fn request(&self, request_id: U256) -> (Address, Address, u8, U256, U256, U256) {
        let r = self.requests.get(request_id);
        let asset = self
            .assets
            .get(r.asset_index.get().to::<usize>())
            .map(|a| a.token.get())
            .unwrap_or_default();
        let status = r.status.get().to::<u8>();
        let asset = if status == STATUS_NONE { Address::ZERO } else { asset };
        (r.owner.get(), asset, status, r.shares.get(), r.max_assets.get(), r.assets.get())
    }

    /// The risk parameters (as in [`Lrt::set_parameters`]) and this period's
    /// instant exits so far.
    pub fn parameters(&self) -> (U256, U256, U256, U256, u64, U256) {
        (
            self.concentration_cap_bps.get(),
            self.buffer_bps.get(),
            self.instant_fee_bps.get(),
            self.instant_limit.get(),
            self.instant_period.get().to::<u64>(),
            self.window_used.get(),
        )
    }

    /// Owner, manager, registry, sub-account implementation, paused.
    pub fn roles(&self) -> (Address, Address, Address, Address, bool) {
        (
            self.owner.get(),
            self.manager.get(),
            self.registry.get(),
            self.account_implementation.get(),
            self.paused.get(),
        )
    }

    /// Checkpoint number `index` counted back from the newest (0): its
    /// timestamp and rate (zeros if not kept).
    pub fn rate_checkpoint(&self, index: u64) -> (u64, U256) {
        let count = self.checkpoint_count.get().to::<u64>();
        if index >= count || index >= CHECKPOINTS {
            return (0, U256::ZERO);
        }
        let slot = ((count - 1 - index) % CHECKPOINTS) as usize;
        match self.checkpoints.get(slot) {
            Some(c) => (c.timestamp.get().to::<u64>(), c.rate.get()),
            None => (0, U256::ZERO),
        }
    }

    /// The annualized growth of the rate (WAD; 5e16 = 5% a year, negative
    /// after slashing) between the newest checkpoint and the newest one at
    /// least `window` seconds older. Only checkpoints count, never the spot
    /// rate, so one block cannot move it. Zero without enough history.
    ///
    /// # Errors
    /// * [`Error::Math`].
    pub fn annualized_rate(&self, window: u64) -> Result<I256, Error> {
        let (t1, r1) = self.rate_checkpoint(0);
        let mut i = 1;
        while i < CHECKPOINTS {
            let (t0, r0) = self.rate_checkpoint(i);
            if r0.is_zero() {
                break;
            }
            if t1.saturating_sub(t0) >= window && t1 > t0 {
                let elapsed = U256::from(t1 - t0);
                let (diff, negative) = if r1 >= r0 { (r1 - r0, false) } else { (r0 - r1, true) };
                // growth per year = diff / r0 × YEAR / elapsed, in WAD.
                let growth = mul_div(diff, WAD, r0, Rounding::Down)?;
                let per_year = mul_div(growth, U256::from(YEAR), elapsed, Rounding::Down)?;
                let apr = I256::try_from(per_year).map_err(|_| MathError::Overflow)?;
                return Ok(if negative { -apr } else { apr });
            }
            i += 1;
        }
        Ok(I256::ZERO)
    }

    /// Accepts ETH: sub-account transfers and donations (which raise the
    /// rate for every holder).
    #[receive]
    pub fn receive(&mut self) -> Result<(), Vec<u8>> {
        Ok(())
    }
}

/// Test hooks (feature `test-clock`). They are plain Rust methods, not
/// part of the router: no selector reaches the wasm even when enabled, and
/// motsu tests call them directly on the contract.
#[cfg(feature = "test-clock")]
impl Lrt {
    /// Sets the time the Lrt reads (zero reads the block's).
    pub fn set_test_timestamp(&mut self, timestamp: u64) {
        self.test_timestamp.set(U64::from(timestamp));
    }

    /// Makes the next `addOperator` use `account` (deployed beforehand)
    /// instead of creating a clone: motsu runs no EVM bytecode.
    pub fn set_test_next_account(&mut self, account: Address) {
        self.test_next_account.set(account);
    }
}

impl Lrt {
    fn now(&self) -> u64 {
        #[cfg(feature = "test-clock")]
        {
            let t = self.test_timestamp.get().to::<u64>();
            if t != 0 {
                return t;
            }
        }
        self.vm().block_timestamp()
    }

    fn only(&self, allowed: Address) -> Result<(), Error> {
        let caller = self.vm().msg_sender();
        if caller != allowed || allowed.is_zero() {
            return Err(Error::Unauthorized(LrtUnauthorized { caller }));
        }
        Ok(())
    }

    fn when_not_paused(&self) -> Result<(), Error> {
        if self.paused.get() {
            return Err(Error::Paused(LrtPaused {}));
        }
        Ok(())
    }

    fn asset_index(&self, asset: Address) -> Result<usize, Error> {
        for i in 0..self.assets.len() {
            if self.assets.get(i).map(|a| a.token.get()) == Some(asset) {
                return Ok(i);
            }
        }
        Err(Error::UnknownAsset(LrtUnknownAsset { asset }))
    }

    fn operator_index(&self, operator: Address) -> Result<usize, Error> {
        for i in 0..self.operators.len() {
            if self.operators.get(i).map(|o| o.operator.get()) == Some(operator) {
                return Ok(i);
            }
        }
        Err(Error::Operator(LrtOperator { operator, exists: false }))
    }

    fn account_of(&self, op: usize) -> Address {
        self.operators.get(op).map(|o| o.account.get()).unwrap_or_default()
    }

    fn reserved_of(&self, asset_index: usize) -> U256 {
        self.assets.get(asset_index).map(|a| a.reserved.get()).unwrap_or_default()
    }

    /// What the Lrt itself holds of asset `i` (ETH: before this call's
    /// `msg.value`, which is not yet the holders').
    fn held(&self, i: usize) -> Result<U256, Error> {
        let token = self.assets.get(i).ok_or(MathError::Overflow)?.token.get();
        let this = self.vm().contract_address();
        if token == NATIVE_ETH {
            return Ok(sub(self.vm().balance(this), self.vm().msg_value())?);
        }
        ILrtToken::new(token).balance_of(&*self, this).map_err(call_error(token))
    }

    /// Free idle liquidity of asset `i`: held by the Lrt (and, for ETH, by
    /// the sub-accounts) less what claimable requests reserve.
    fn free_liquidity(&self, i: usize) -> Result<U256, Error> {
        let mut held = self.held(i)?;
        if self.assets.get(i).map(|a| a.token.get()) == Some(NATIVE_ETH) {
            for op in 0..self.operators.len() {
                held = add(held, self.vm().balance(self.account_of(op)))?;
            }
        }
        Ok(held.saturating_sub(self.reserved_of(i)))
    }

    /// Values everything, all read on-chain. Bounded: assets × (1 +
    /// operators) + open withdrawals external reads.
    fn valuation(&self, _unused: U256) -> Result<Valuation, Error> {
        let registry = IOperatorRegistryCalls::new(self.registry.get());
        let views = IRegistryWithdrawalViews::new(self.registry.get());
        let mut idle = U256::ZERO;
        let mut reserved = U256::ZERO;
        let mut restaked = U256::ZERO;
        let mut per_operator = [U256::ZERO; MAX_OPERATORS];
        let n_ops = self.operators.len().min(MAX_OPERATORS);
        for op in 0..n_ops {
            idle = add(idle, self.vm().balance(self.account_of(op)))?;
        }
        for i in 0..self.assets.len() {
            let vault_addr = self.assets.get(i).ok_or(MathError::Overflow)?.vault.get();
            let vault = IVaultCalls::new(vault_addr);
            idle = add(idle, self.held(i)?)?;
            reserved = add(reserved, self.reserved_of(i))?;
            for op in 0..n_ops {
                let account = self.account_of(op);
                let shares = registry
                    .withdrawable_shares(&*self, account, vault_addr)
                    .map_err(call_error(self.registry.get()))?;
                if !shares.is_zero() {
                    // Down: positions are never valued above what they pay.
                    let assets = vault.convert_to_assets(&*self, shares).map_err(call_error(vault_addr))?;
                    per_operator[op] = add(per_operator[op], assets)?;
                }
            }
        }
        for w in 0..self.withdrawals.len() {
            let slot = self.withdrawals.get(w).ok_or(MathError::Overflow)?;
            if !slot.open.get() {
                continue;
            }
            let op = slot.operator_index.get().to::<usize>();
            let id = slot.id.get();
            let account = self.account_of(op);
            let vault_addr = self
                .assets
                .get(slot.asset_index.get().to::<usize>())
                .ok_or(MathError::Overflow)?
                .vault
                .get();
            let registry_addr = self.registry.get();
            let pending = views.pending_redeem_request(&*self, id, account).map_err(call_error(registry_addr))?;
            let claimable =
                views.claimable_redeem_request(&*self, id, account).map_err(call_error(registry_addr))?;
            let shares = add(pending, claimable)?;
            if !shares.is_zero() {
                let assets = IVaultCalls::new(vault_addr)
                    .convert_to_assets(&*self, shares)
                    .map_err(call_error(vault_addr))?;
                if op < MAX_OPERATORS {
                    per_operator[op] = add(per_operator[op], assets)?;
                }
            }
        }
        for v in per_operator.iter() {
            restaked = add(restaked, *v)?;
        }
        // Reserved payouts belong to claimants, not holders.
        let gross = add(idle, restaked)?;
        let value = gross.saturating_sub(reserved);
        let supply = add(self.total_supply.get(), self.pending_shares.get())?;
        Ok(Valuation { value, supply, idle: idle.saturating_sub(reserved), per_operator })
    }

    /// The rate guard: re-values and reverts if the rate fell from `before`
    /// (cross-multiplied with the same virtual offset as the vaults, exact in
    /// 512 bits), allowing `dust` wei of loss. Records a checkpoint.
    fn guard(&mut self, before: &Valuation, dust: u64) -> Result<Valuation, Error> {
        let after = self.valuation(U256::ZERO)?;
        let off = restake_math::VIRTUAL_ASSETS;
        let a0 = add(before.value, off)?;
        let s0 = add(before.supply, restake_math::VIRTUAL_SHARES)?;
        let a1 = add(add(after.value, off)?, U256::from(dust))?;
        let s1 = add(after.supply, restake_math::VIRTUAL_SHARES)?;
        // (a1 / s1 >= a0 / s0)  <=>  a1 >= ceil(a0 * s1 / s0).
        if a1 < mul_div(a0, s1, s0, Rounding::Up)? {
            return Err(Error::RateDecreased(LrtRateDecreased {
                value_before: before.value,
                supply_before: before.supply,
                value_after: after.value,
                supply_after: after.supply,
            }));
        }
        self.record(&after)?;
        Ok(after)
    }

    /// Appends a rate checkpoint if the newest is older than the interval.
    fn record(&mut self, v: &Valuation) -> Result<(), Error> {
        let now = self.now();
        let count = self.checkpoint_count.get().to::<u64>();
        if count > 0 {
            let (last, _) = self.rate_checkpoint(0);
            if now < last.saturating_add(CHECKPOINT_INTERVAL) {
                return Ok(());
            }
        }
        let rate = shares_to_assets(WAD, v.totals(), Rounding::Down)?;
        let slot = (count % CHECKPOINTS) as usize;
        let mut c = if slot < self.checkpoints.len() {
            self.checkpoints.setter(slot).ok_or(MathError::Overflow)?
        } else {
            self.checkpoints.grow()
        };
        c.timestamp.set(U64::from(now));
        c.rate.set(rate);
        self.checkpoint_count.set(U64::from(count + 1));
        self.emit(&[RateCheckpointed::SIGNATURE_HASH], &words![now, rate]);
        Ok(())
    }

    fn mint_for(&mut self, asset: Address, amount: U256, min_shares: U256) -> Result<U256, Error> {
        self.when_not_paused()?;
        if amount.is_zero() {
            return Err(Error::ZeroAmount(LrtZeroAmount {}));
        }
        let i = self.asset_index(asset)?;
        let before = self.valuation(U256::ZERO)?;
        let slot = self.assets.get(i).ok_or(MathError::Overflow)?;
        let (cap, deposited) = (slot.cap.get(), slot.deposited.get());
        if add(deposited, amount)? > cap {
            return Err(Error::CapExceeded(LrtCapExceeded { asset, cap, deposited, requested: amount }));
        }
        let sender = self.vm().msg_sender();
        let received = if asset == NATIVE_ETH {
            amount
        } else {
            let this = self.vm().contract_address();
            let held = self.held(i)?;
            let ok = ILrtToken::new(asset)
                .transfer_from(&mut *self, sender, this, amount)
                .map_err(call_error(asset))?;
            if !ok {
                return Err(Error::CallFailed(LrtCallFailed { target: asset }));
            }
            // Credit the balance delta: a fee-on-transfer token mints less.
            sub(self.held(i)?, held)?
        };
        // Down: the depositor never gets more LRT than its assets buy.
        let shares = assets_to_shares(received, before.totals(), Rounding::Down)?;
        if shares.is_zero() {
            return Err(Error::ZeroShares(LrtZeroShares { assets: received }));
        }
        if shares < min_shares {
            return Err(Error::Slippage(LrtSlippage { min_out: min_shares, out: shares }));
        }
        self.assets.setter(i).ok_or(MathError::Overflow)?.deposited.set(add(deposited, received)?);
        self.move_tokens_inner(Address::ZERO, sender, shares)?;
        self.emit(
            &[Deposited::SIGNATURE_HASH, sender.into_word(), sender.into_word(), asset.into_word()],
            &words![received, shares],
        );
        // ETH: `held` excluded msg.value before; it is ours now, and the
        // guard's valuation runs in the same call, so add it back by
        // comparing against a `before` that already counts it as value.
        if asset == NATIVE_ETH {
            let before = Valuation { value: add(before.value, received)?, supply: add(before.supply, shares)?, ..before };
            self.guard_eth(&before)?;
        } else {
            self.guard(&before, 0)?;
        }
        Ok(shares)
    }

    /// The guard for an ETH deposit: this call's `msg.value` is excluded
    /// from every valuation made during it, so the after-value is compared
    /// with `before` (which already counts the deposit) less the deposit.
    fn guard_eth(&mut self, expected: &Valuation) -> Result<(), Error> {
        let after = self.valuation(U256::ZERO)?;
        let received = self.vm().msg_value();
        let after = Valuation { value: add(after.value, received)?, ..after };
        if after.value < expected.value || after.supply != expected.supply {
            return Err(Error::RateDecreased(LrtRateDecreased {
                value_before: expected.value,
                supply_before: expected.supply,
                value_after: after.value,
                supply_after: after.supply,
            }));
        }
        self.record(&after)
    }

    /// Pays `amount` of asset `i` to `to`: ETH from the Lrt's balance first,
    /// then from the sub-accounts'; tokens from the Lrt.
    fn pay(&mut self, i: usize, to: Address, amount: U256) -> Result<(), Error> {
        if amount.is_zero() {
            return Ok(());
        }
        let token = self.assets.get(i).ok_or(MathError::Overflow)?.token.get();
        if token != NATIVE_ETH {
            let ok = ILrtToken::new(token).transfer(&mut *self, to, amount).map_err(call_error(token))?;
            if !ok {
                return Err(Error::CallFailed(LrtCallFailed { target: token }));
            }
            return Ok(());
        }
        let this = self.vm().contract_address();
        let own = self.vm().balance(this).min(amount);
        if !own.is_zero() {
            self.vm().transfer_eth(to, own).map_err(|_| Error::CallFailed(LrtCallFailed { target: to }))?;
        }
        let mut rest = sub(amount, own)?;
        let mut op = 0;
        while !rest.is_zero() && op < self.operators.len() {
            let account = self.account_of(op);
            let part = self.vm().balance(account).min(rest);
            if !part.is_zero() {
                self.execute(account, to, part, Vec::new())?;
                rest = sub(rest, part)?;
            }
            op += 1;
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

    /// Has sub-account `account` call `target` with `data` and `value`.
    fn execute(&mut self, account: Address, target: Address, value: U256, data: Vec<u8>) -> Result<Vec<u8>, Error> {
        let out = ILrtAccount::new(account)
            .execute(&mut *self, target, value, alloy_primitives::Bytes::from(data))
            .map_err(call_error(account))?;
        Ok(out.to_vec())
    }

    fn create_account(&mut self, operator: Address) -> Result<Address, Error> {
        #[cfg(feature = "test-clock")]
        {
            let account = self.test_next_account.get();
            if !account.is_zero() {
                self.test_next_account.set(Address::ZERO);
                return Ok(account);
            }
        }
        let implementation = self.account_implementation.get();
        let failed = Error::AccountCreationFailed(LrtAccountCreationFailed { operator });
        if implementation.is_zero() {
            return Err(failed);
        }
        let code = clone_init_code(implementation);
        // SAFETY: deploying fixed EIP-1167 init code; the storage cache is
        // flushed by the host call.
        let deployed = unsafe { self.vm().deploy(&code, U256::ZERO, Some(operator.into_word())) };
        match deployed {
            Ok(account) if !account.is_zero() => Ok(account),
            _ => Err(failed),
        }
    }

    fn approve_inner(&mut self, owner: Address, spender: Address, value: U256) -> Result<(), Error> {
        if spender.is_zero() {
            return Err(Error::InvalidSpender(ERC20InvalidSpender { spender }));
        }
        self.allowances.setter(owner).setter(spender).set(value);
        self.emit(&[Approval::SIGNATURE_HASH, owner.into_word(), spender.into_word()], &words![value]);
        Ok(())
    }

    fn move_tokens(&mut self, from: Address, to: Address, value: U256) -> Result<(), Error> {
        if from.is_zero() {
            return Err(Error::InvalidSender(ERC20InvalidSender { sender: from }));
        }
        if to.is_zero() {
            return Err(Error::InvalidReceiver(ERC20InvalidReceiver { receiver: to }));
        }
        self.move_tokens_inner(from, to, value)
    }

    fn burn(&mut self, from: Address, value: U256) -> Result<(), Error> {
        self.move_tokens_inner(from, Address::ZERO, value)
    }

    /// OpenZeppelin's `_update`: mints from zero, burns to zero.
    fn move_tokens_inner(&mut self, from: Address, to: Address, value: U256) -> Result<(), Error> {
        if from.is_zero() {
            self.total_supply.set(add(self.total_supply.get(), value)?);
        } else {
            let balance = self.balances.get(from);
            if balance < value {
                return Err(Error::InsufficientBalance(ERC20InsufficientBalance {
                    sender: from,
                    balance,
                    needed: value,
                }));
            }
            // balance >= value: checked just above.
            self.balances.setter(from).set(balance - value);
        }
        if to.is_zero() {
            // value <= balance <= total supply.
            self.total_supply.set(sub(self.total_supply.get(), value)?);
        } else {
            let balance = self.balances.get(to);
            // balance <= total supply, which did not overflow.
            self.balances.setter(to).set(add(balance, value)?);
        }
        self.emit(&[Transfer::SIGNATURE_HASH, from.into_word(), to.into_word()], &words![value]);
        Ok(())
    }

    fn set_owner(&mut self, new_owner: Address) {
        let previous = self.owner.get();
        self.owner.set(new_owner);
        self.emit(&[OwnershipTransferred::SIGNATURE_HASH, previous.into_word(), new_owner.into_word()], &[]);
    }

    fn set_manager_inner(&mut self, manager: Address) {
        let previous = self.manager.get();
        self.manager.set(manager);
        self.emit(&[ManagerSet::SIGNATURE_HASH, previous.into_word(), manager.into_word()], &[]);
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
        let bad = |which: u8, value: U256| Err(Error::InvalidParameter(LrtInvalidParameter { which, value }));
        if concentration_cap_bps.is_zero() || concentration_cap_bps > bps {
            return bad(0, concentration_cap_bps);
        }
        if buffer_bps > bps {
            return bad(1, buffer_bps);
        }
        if instant_fee_bps > U256::from(1_000) {
            return bad(2, instant_fee_bps);
        }
        if instant_period == 0 {
            return bad(3, U256::ZERO);
        }
        self.concentration_cap_bps.set(concentration_cap_bps);
        self.buffer_bps.set(buffer_bps);
        self.instant_fee_bps.set(instant_fee_bps);
        self.instant_limit.set(instant_limit);
        self.instant_period.set(U64::from(instant_period));
        self.emit(
            &[ParametersSet::SIGNATURE_HASH],
            &words![concentration_cap_bps, buffer_bps, instant_fee_bps, instant_limit, instant_period],
        );
        Ok(())
    }

    fn emit(&self, topics: &[B256], data: &[B256]) {
        // raw_log fails only for more than four topics, which no event has.
        let _ = self.vm().raw_log(topics, &concat(data));
    }
}

/// The EIP-1167 init code of a minimal proxy of `implementation`.
pub fn clone_init_code(implementation: Address) -> [u8; 55] {
    const PREFIX: [u8; 20] = [
        0x3d, 0x60, 0x2d, 0x80, 0x60, 0x0a, 0x3d, 0x39, 0x81, 0xf3, 0x36, 0x3d, 0x3d, 0x37, 0x3d, 0x3d,
        0x3d, 0x36, 0x3d, 0x73,
    ];
    const SUFFIX: [u8; 15] = [0x5a, 0xf4, 0x3d, 0x82, 0x80, 0x3e, 0x90, 0x3d, 0x91, 0x60, 0x2b, 0x57, 0xfd, 0x5b, 0xf3];
    let mut code = [0u8; 55];
    code[..20].copy_from_slice(&PREFIX);
    code[20..40].copy_from_slice(implementation.as_slice());
    code[40..].copy_from_slice(&SUFFIX);
    code
}

/// The 32-byte word at `offset` of ABI data (the `bytes` an `execute`
/// returns is itself ABI-encoded: offset, length, then the callee's data).
fn word_at(data: &[u8], offset: usize) -> Option<U256> {
    data.get(offset..offset + 32).map(|w| U256::from_be_slice(w))
}

/// Maps a failed call to `target` to its revert data (passed on), or to
/// [`LrtCallFailed`] when there is none.
#[allow(deprecated)]
fn call_error(target: Address) -> impl Fn(stylus_sdk::call::Error) -> Error {
    move |e| match e {
        stylus_sdk::call::Error::Revert(data) if !data.is_empty() => Error::Call(data),
        _ => Error::CallFailed(LrtCallFailed { target }),
    }
}

