//! Every error the registry returns (each a Solidity custom error) and its
//! ABI encoding: the revert data the router returns.

use restake_interfaces::{
    ownable::{OwnableInvalidOwner, OwnableUnauthorizedAccount},
    registry::*,
};
use restake_math::MathError;

restake_kit::error_enum! {
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
        /// See [`RegistryRewardsAlreadySet`].
        RewardsAlreadySet(RegistryRewardsAlreadySet),
        /// See [`RegistryMathError`].
        Math(RegistryMathError),
        /// See [`RegistryWithdrawalDelayTooLong`].
        WithdrawalDelayTooLong(RegistryWithdrawalDelayTooLong),
        /// See [`RegistryInvalidCalldata`].
        InvalidCalldata(RegistryInvalidCalldata),
        /// See [`RegistryCallFailed`].
        CallFailed(RegistryCallFailed),
        /// See [`RegistryPositionTooLarge`].
        PositionTooLarge(RegistryPositionTooLarge),
        /// The caller is not the owner (OpenZeppelin `OwnableUnauthorizedAccount`).
        OwnableUnauthorizedAccount(OwnableUnauthorizedAccount),
        /// The zero address cannot own the registry (`OwnableInvalidOwner`).
        OwnableInvalidOwner(OwnableInvalidOwner),
    }
        /// A vault call reverted: its revert data (one of the vault's custom
        /// errors) is passed through unchanged.
    raw Vault;
        /// The rewards contract or the slashing manager refused its hook or
        /// its wiring: its revert data, unchanged.
    raw Rewards;
        /// The extension reverted (a route the core hands on): its revert
        /// data, unchanged.
    raw Extension;
}

impl Error {
    /// The kit's malformed-calldata error for `selector` (`RegistryInvalidCalldata`).
    pub fn invalid_calldata(selector: u32) -> Self {
        Error::InvalidCalldata(RegistryInvalidCalldata {
            selector: selector.to_be_bytes().into(),
        })
    }
}

impl From<MathError> for Error {
    fn from(e: MathError) -> Self {
        Error::Math(RegistryMathError { code: e.code() })
    }
}
