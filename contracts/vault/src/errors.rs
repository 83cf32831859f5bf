//! Every error the vault returns (each a Solidity custom error, declared once
//! in `restake_interfaces`), and the conversion from the math crate's errors.

use restake_interfaces::{
    erc20::SafeErc20FailedOperation,
    ownable::{OwnableInvalidOwner, OwnableUnauthorizedAccount},
    pausable::{EnforcedPause, ExpectedPause},
    vault::*,
};
use restake_math::MathError;

restake_kit::error_enum! {
    /// Every error the vault returns, each a Solidity custom error.
    #[derive(Debug)]
    pub enum Error {
        /// See [`VaultZeroAmount`].
        ZeroAmount(VaultZeroAmount),
        /// See [`VaultDepositCapExceeded`].
        DepositCapExceeded(VaultDepositCapExceeded),
        /// See [`VaultValueMismatch`].
        ValueMismatch(VaultValueMismatch),
        /// See [`VaultInsufficientAssetsReceived`].
        InsufficientAssetsReceived(VaultInsufficientAssetsReceived),
        /// See [`VaultZeroShares`].
        ZeroShares(VaultZeroShares),
        /// See [`VaultUnauthorized`].
        Unauthorized(VaultUnauthorized),
        /// See [`VaultInsufficientDepositShares`].
        InsufficientDepositShares(VaultInsufficientDepositShares),
        /// See [`VaultInsufficientShares`].
        InsufficientShares(VaultInsufficientShares),
        /// See [`VaultEthTransferFailed`].
        EthTransferFailed(VaultEthTransferFailed),
        /// See [`VaultZeroAddress`].
        ZeroAddress(VaultZeroAddress),
        /// See [`VaultMathError`].
        Math(VaultMathError),
        /// See [`VaultSharePriceDecreased`].
        SharePriceDecreased(VaultSharePriceDecreased),
        /// See [`VaultAssetCallFailed`].
        AssetCallFailed(VaultAssetCallFailed),
        /// See [`VaultInvalidCalldata`].
        InvalidCalldata(VaultInvalidCalldata),
        /// The caller is not the owner (OpenZeppelin `OwnableUnauthorizedAccount`).
        OwnableUnauthorizedAccount(OwnableUnauthorizedAccount),
        /// The zero address cannot own the vault (`OwnableInvalidOwner`).
        OwnableInvalidOwner(OwnableInvalidOwner),
        /// Deposits are paused (`EnforcedPause`).
        EnforcedPause(EnforcedPause),
        /// The vault is not paused (`ExpectedPause`).
        ExpectedPause(ExpectedPause),
        /// A token transfer failed or returned false (`SafeErc20FailedOperation`).
        SafeErc20FailedOperation(SafeErc20FailedOperation),
    }
    /// The operator registry refused the deposit hook: its revert data (one
    /// of the registry's custom errors) is passed through unchanged.
    raw Registry;
}

impl Error {
    /// The kit's malformed-calldata error for `selector` (`VaultInvalidCalldata`).
    pub fn invalid_calldata(selector: u32) -> Self {
        Error::InvalidCalldata(VaultInvalidCalldata {
            selector: selector.to_be_bytes().into(),
        })
    }
}

impl From<MathError> for Error {
    fn from(e: MathError) -> Self {
        Error::Math(VaultMathError { code: e.code() })
    }
}
