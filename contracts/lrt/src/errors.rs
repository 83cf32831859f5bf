//! The Lrt's errors: [`Error`] (each variant a Solidity custom error, or
//! a callee's revert passed on), its hand-written ABI encoder, and the
//! conversion from the math crate's errors. (The list of its inner types
//! for the ABI export stays in `lib.rs`, where scripts/export-abi.py reads
//! it.)

use alloc::vec::Vec;

use alloy_primitives::B256;
use alloy_sol_types::SolError;
use openzeppelin_stylus::{
    token::erc20::{
        extensions::permit::{ERC2612ExpiredSignature, ERC2612InvalidSigner},
        ERC20InsufficientAllowance, ERC20InsufficientBalance, ERC20InvalidReceiver,
        ERC20InvalidSender, ERC20InvalidSpender,
    },
    utils::cryptography::ecdsa::{ECDSAInvalidSignature, ECDSAInvalidSignatureS},
};
use restake_interfaces::{abi::error_data, lrt::*, math_code, words};
use restake_math::MathError;

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
