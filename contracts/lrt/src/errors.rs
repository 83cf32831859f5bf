//! The Lrt's errors: [`Error`] (each variant a Solidity custom error, or
//! a callee's revert passed on), its revert data and ABI entries (the kit's
//! `error_enum!`), and the conversion from the math crate's errors.

use restake_interfaces::{erc20::*, lrt::*};
use restake_math::MathError;

restake_kit::error_enum! {
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
        /// A called contract (vault, registry, token, sub-account) reverted:
        /// its revert data, one of its custom errors, passed on unchanged.
    raw Call;
}

impl Error {
    /// The kit's malformed-calldata error for `selector` (`LrtInvalidCalldata`).
    pub fn invalid_calldata(selector: u32) -> Self {
        Error::InvalidCalldata(LrtInvalidCalldata {
            selector: selector.to_be_bytes().into(),
        })
    }
}

impl From<MathError> for Error {
    #[inline(never)]
    fn from(e: MathError) -> Self {
        Error::Math(LrtMathError { code: e.code() })
    }
}
