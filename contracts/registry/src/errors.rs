//! Every error the registry returns (each a Solidity custom error) and its
//! ABI encoding: the revert data the router returns.

use alloc::vec::Vec;

use alloy_sol_types::SolError;
use openzeppelin_stylus::access::ownable::{OwnableInvalidOwner, OwnableUnauthorizedAccount};
use restake_interfaces::{abi::error_data, math_code, registry::*, words};
use restake_math::MathError;

/// Every error the registry returns, each a Solidity custom error.
#[derive(Debug)]
pub enum Error {
    /// See [`RegistryUnauthorized`].
    Unauthorized(RegistryUnauthorized),
    /// See [`RegistryZeroAddress`].
    ZeroAddress(RegistryZeroAddress),
    /// See [`RegistryAlreadyOperator`].
    AlreadyOperator(RegistryAlreadyOperator),
    /// See [`RegistryNotOperator`].
    NotOperator(RegistryNotOperator),
    /// See [`RegistryAlreadyDelegated`].
    AlreadyDelegated(RegistryAlreadyDelegated),
    /// See [`RegistryNotDelegated`].
    NotDelegated(RegistryNotDelegated),
    /// See [`RegistryOperatorCannotUndelegate`].
    OperatorCannotUndelegate(RegistryOperatorCannotUndelegate),
    /// See [`RegistrySignatureExpired`].
    SignatureExpired(RegistrySignatureExpired),
    /// See [`RegistrySaltSpent`].
    SaltSpent(RegistrySaltSpent),
    /// See [`RegistryInvalidSignature`].
    InvalidSignature(RegistryInvalidSignature),
    /// See [`RegistryVaultNotRegistered`].
    VaultNotRegistered(RegistryVaultNotRegistered),
    /// See [`RegistryVaultAlreadyAdded`].
    VaultAlreadyAdded(RegistryVaultAlreadyAdded),
    /// See [`RegistryTooManyVaults`].
    TooManyVaults(RegistryTooManyVaults),
    /// See [`RegistryInvalidWithdrawal`].
    InvalidWithdrawal(RegistryInvalidWithdrawal),
    /// See [`RegistryZeroShares`].
    ZeroShares(RegistryZeroShares),
    /// See [`RegistryWithdrawalNotFound`].
    WithdrawalNotFound(RegistryWithdrawalNotFound),
    /// See [`RegistryWithdrawalCompleted`].
    WithdrawalCompleted(RegistryWithdrawalCompleted),
    /// See [`RegistryWithdrawalDelayPending`].
    WithdrawalDelayPending(RegistryWithdrawalDelayPending),
    /// See [`RegistryOperatorFullySlashed`].
    OperatorFullySlashed(RegistryOperatorFullySlashed),
    /// See [`RegistryMagnitudeExceeded`].
    MagnitudeExceeded(RegistryMagnitudeExceeded),
    /// See [`RegistrySlashingManagerAlreadySet`].
    SlashingManagerAlreadySet(RegistrySlashingManagerAlreadySet),
    /// See [`RegistryMathError`].
    Math(RegistryMathError),
    /// See [`RegistryWithdrawalDelayTooLong`].
    WithdrawalDelayTooLong(RegistryWithdrawalDelayTooLong),
    /// A vault call reverted: its revert data (one of the vault's custom
    /// errors) is passed through unchanged.
    Vault(Vec<u8>),
    /// Malformed calldata (short, or a value out of its type's range):
    /// reverts with empty data, as Solidity's decoder does.
    InvalidCalldata,
    /// The caller is not the owner (OpenZeppelin `OwnableUnauthorizedAccount`).
    OwnableUnauthorizedAccount(OwnableUnauthorizedAccount),
    /// The zero address cannot own the registry (`OwnableInvalidOwner`).
    OwnableInvalidOwner(OwnableInvalidOwner),
}

impl From<Error> for Vec<u8> {
    fn from(e: Error) -> Vec<u8> {
        match e {
            Error::Unauthorized(e) => error_data(RegistryUnauthorized::SELECTOR, &words![e.caller]),
            Error::ZeroAddress(_) => error_data(RegistryZeroAddress::SELECTOR, &[]),
            Error::AlreadyOperator(e) => {
                error_data(RegistryAlreadyOperator::SELECTOR, &words![e.account])
            }
            Error::NotOperator(e) => error_data(RegistryNotOperator::SELECTOR, &words![e.account]),
            Error::AlreadyDelegated(e) => error_data(
                RegistryAlreadyDelegated::SELECTOR,
                &words![e.staker, e.operator],
            ),
            Error::NotDelegated(e) => error_data(RegistryNotDelegated::SELECTOR, &words![e.staker]),
            Error::OperatorCannotUndelegate(e) => error_data(
                RegistryOperatorCannotUndelegate::SELECTOR,
                &words![e.operator],
            ),
            Error::SignatureExpired(e) => error_data(
                RegistrySignatureExpired::SELECTOR,
                &words![e.expiry, e.timestamp],
            ),
            Error::SaltSpent(e) => {
                error_data(RegistrySaltSpent::SELECTOR, &words![e.approver, e.salt])
            }
            Error::InvalidSignature(e) => error_data(
                RegistryInvalidSignature::SELECTOR,
                &words![e.approver, e.signer],
            ),
            Error::VaultNotRegistered(e) => {
                error_data(RegistryVaultNotRegistered::SELECTOR, &words![e.vault])
            }
            Error::VaultAlreadyAdded(e) => {
                error_data(RegistryVaultAlreadyAdded::SELECTOR, &words![e.vault])
            }
            Error::TooManyVaults(e) => {
                error_data(RegistryTooManyVaults::SELECTOR, &words![e.max, e.count])
            }
            Error::InvalidWithdrawal(e) => error_data(
                RegistryInvalidWithdrawal::SELECTOR,
                &words![e.vaults, e.shares],
            ),
            Error::ZeroShares(e) => error_data(RegistryZeroShares::SELECTOR, &words![e.vault]),
            Error::WithdrawalNotFound(e) => {
                error_data(RegistryWithdrawalNotFound::SELECTOR, &words![e.id])
            }
            Error::WithdrawalCompleted(e) => {
                error_data(RegistryWithdrawalCompleted::SELECTOR, &words![e.id])
            }
            Error::WithdrawalDelayPending(e) => error_data(
                RegistryWithdrawalDelayPending::SELECTOR,
                &words![e.id, e.claimable_at, e.timestamp],
            ),
            Error::OperatorFullySlashed(e) => error_data(
                RegistryOperatorFullySlashed::SELECTOR,
                &words![e.operator, e.vault],
            ),
            Error::MagnitudeExceeded(e) => error_data(
                RegistryMagnitudeExceeded::SELECTOR,
                &words![e.operator, e.vault, e.current, e.requested],
            ),
            Error::SlashingManagerAlreadySet(e) => error_data(
                RegistrySlashingManagerAlreadySet::SELECTOR,
                &words![e.slashing_manager],
            ),
            Error::Math(e) => error_data(RegistryMathError::SELECTOR, &words![e.code]),
            Error::WithdrawalDelayTooLong(e) => error_data(
                RegistryWithdrawalDelayTooLong::SELECTOR,
                &words![e.delay, e.max],
            ),
            Error::Vault(data) => data,
            Error::InvalidCalldata => Vec::new(),
            Error::OwnableUnauthorizedAccount(e) => {
                error_data(OwnableUnauthorizedAccount::SELECTOR, &words![e.account])
            }
            Error::OwnableInvalidOwner(e) => {
                error_data(OwnableInvalidOwner::SELECTOR, &words![e.owner])
            }
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
        Error::Math(RegistryMathError { code })
    }
}
