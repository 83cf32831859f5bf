//! Every error the vault returns (each a Solidity custom error), its ABI
//! encoding (the revert data), its export-abi listing, and the conversions
//! from the math crate's and OpenZeppelin's errors.

use alloc::vec::Vec;

use alloy_primitives::Address;
use openzeppelin_stylus::{
    access::ownable::{self, OwnableInvalidOwner, OwnableUnauthorizedAccount},
    token::erc20::utils::safe_erc20::{self, SafeErc20FailedOperation},
    utils::pausable::{self, EnforcedPause, ExpectedPause},
};
use restake_interfaces::{abi::error_data, math_code, vault::*, words};
use restake_math::MathError;

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
    /// The operator registry refused the deposit hook: its revert data (one
    /// of the registry's custom errors) is passed through unchanged.
    Registry(Vec<u8>),
    /// See [`VaultAssetCallFailed`].
    AssetCallFailed(VaultAssetCallFailed),
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

impl From<Error> for Vec<u8> {
    fn from(e: Error) -> Vec<u8> {
        use alloy_sol_types::SolError;
        match e {
            Error::ZeroAmount(_) => error_data(VaultZeroAmount::SELECTOR, &[]),
            Error::DepositCapExceeded(e) => error_data(
                VaultDepositCapExceeded::SELECTOR,
                &words![e.cap, e.total_assets, e.requested],
            ),
            Error::ValueMismatch(e) => {
                error_data(VaultValueMismatch::SELECTOR, &words![e.expected, e.sent])
            }
            Error::InsufficientAssetsReceived(e) => error_data(
                VaultInsufficientAssetsReceived::SELECTOR,
                &words![e.expected, e.received],
            ),
            Error::ZeroShares(e) => error_data(VaultZeroShares::SELECTOR, &words![e.assets]),
            Error::Unauthorized(e) => error_data(VaultUnauthorized::SELECTOR, &words![e.caller]),
            Error::InsufficientDepositShares(e) => error_data(
                VaultInsufficientDepositShares::SELECTOR,
                &words![e.staker, e.held, e.requested],
            ),
            Error::InsufficientShares(e) => error_data(
                VaultInsufficientShares::SELECTOR,
                &words![e.total, e.requested],
            ),
            Error::EthTransferFailed(e) => error_data(
                VaultEthTransferFailed::SELECTOR,
                &words![e.receiver, e.amount],
            ),
            Error::ZeroAddress(_) => error_data(VaultZeroAddress::SELECTOR, &[]),
            Error::Math(e) => error_data(VaultMathError::SELECTOR, &words![e.code]),
            Error::SharePriceDecreased(e) => error_data(
                VaultSharePriceDecreased::SELECTOR,
                &words![
                    e.assets_before,
                    e.shares_before,
                    e.assets_after,
                    e.shares_after
                ],
            ),
            Error::Registry(data) => data,
            Error::AssetCallFailed(e) => {
                error_data(VaultAssetCallFailed::SELECTOR, &words![e.asset])
            }
            Error::OwnableUnauthorizedAccount(e) => {
                error_data(OwnableUnauthorizedAccount::SELECTOR, &words![e.account])
            }
            Error::OwnableInvalidOwner(e) => {
                error_data(OwnableInvalidOwner::SELECTOR, &words![e.owner])
            }
            Error::EnforcedPause(_) => error_data(EnforcedPause::SELECTOR, &[]),
            Error::ExpectedPause(_) => error_data(ExpectedPause::SELECTOR, &[]),
            Error::SafeErc20FailedOperation(e) => {
                error_data(SafeErc20FailedOperation::SELECTOR, &words![e.token])
            }
        }
    }
}

#[cfg(feature = "export-abi")]
impl stylus_sdk::abi::export::internal::InnerTypes for Error {
    fn inner_types() -> Vec<stylus_sdk::abi::export::internal::InnerType> {
        use restake_interfaces::export::{error, list};
        list(&[
            error::<VaultZeroAmount>,
            error::<VaultDepositCapExceeded>,
            error::<VaultValueMismatch>,
            error::<VaultInsufficientAssetsReceived>,
            error::<VaultZeroShares>,
            error::<VaultUnauthorized>,
            error::<VaultInsufficientDepositShares>,
            error::<VaultInsufficientShares>,
            error::<VaultEthTransferFailed>,
            error::<VaultZeroAddress>,
            error::<VaultMathError>,
            error::<VaultSharePriceDecreased>,
            error::<VaultAssetCallFailed>,
            error::<OwnableUnauthorizedAccount>,
            error::<OwnableInvalidOwner>,
            error::<EnforcedPause>,
            error::<ExpectedPause>,
            error::<SafeErc20FailedOperation>,
        ])
    }
}

impl From<MathError> for Error {
    fn from(e: MathError) -> Self {
        let code = match e {
            MathError::Overflow => math_code::OVERFLOW,
            MathError::DivisionByZero => math_code::DIVISION_BY_ZERO,
            MathError::Underflow => math_code::UNDERFLOW,
        };
        Error::Math(VaultMathError { code })
    }
}

impl From<ownable::Error> for Error {
    fn from(e: ownable::Error) -> Self {
        match e {
            ownable::Error::UnauthorizedAccount(e) => Error::OwnableUnauthorizedAccount(e),
            ownable::Error::InvalidOwner(e) => Error::OwnableInvalidOwner(e),
        }
    }
}

impl From<pausable::Error> for Error {
    fn from(e: pausable::Error) -> Self {
        match e {
            pausable::Error::EnforcedPause(e) => Error::EnforcedPause(e),
            pausable::Error::ExpectedPause(e) => Error::ExpectedPause(e),
        }
    }
}

impl From<safe_erc20::Error> for Error {
    fn from(e: safe_erc20::Error) -> Self {
        match e {
            safe_erc20::Error::SafeErc20FailedOperation(e) => Error::SafeErc20FailedOperation(e),
            // The vault never changes allowances.
            safe_erc20::Error::SafeErc20FailedDecreaseAllowance(_) => {
                Error::SafeErc20FailedOperation(SafeErc20FailedOperation {
                    token: Address::ZERO,
                })
            }
        }
    }
}
