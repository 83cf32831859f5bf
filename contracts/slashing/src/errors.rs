//! Every error the manager returns (each a Solidity custom error) and its
//! ABI encoding: the revert data the router returns.

use restake_interfaces::slashing::*;
use restake_math::MathError;

restake_kit::error_enum! {
    /// Every error the manager returns, each a Solidity custom error.
    #[derive(Debug)]
    pub enum Error {
        /// See [`SlashingUnauthorized`].
        Unauthorized(SlashingUnauthorized),
        /// See [`SlashingZeroAddress`].
        ZeroAddress(SlashingZeroAddress),
        /// See [`SlashingRewardsAlreadySet`].
        RewardsAlreadySet(SlashingRewardsAlreadySet),
        /// See [`SlashingAvsAlreadyRegistered`].
        AvsAlreadyRegistered(SlashingAvsAlreadyRegistered),
        /// See [`SlashingAvsNotRegistered`].
        AvsNotRegistered(SlashingAvsNotRegistered),
        /// See [`SlashingSetExists`].
        SetExists(SlashingSetExists),
        /// See [`SlashingSetNotFound`].
        SetNotFound(SlashingSetNotFound),
        /// See [`SlashingInvalidFraction`].
        InvalidFraction(SlashingInvalidFraction),
        /// See [`SlashingInvalidCapPeriod`].
        InvalidCapPeriod(SlashingInvalidCapPeriod),
        /// See [`SlashingInvalidVetoWindow`].
        InvalidVetoWindow(SlashingInvalidVetoWindow),
        /// See [`SlashingNotOperator`].
        NotOperator(SlashingNotOperator),
        /// See [`SlashingNotVault`].
        NotVault(SlashingNotVault),
        /// See [`SlashingVaultAlreadyInSet`].
        VaultAlreadyInSet(SlashingVaultAlreadyInSet),
        /// See [`SlashingVaultNotInSet`].
        VaultNotInSet(SlashingVaultNotInSet),
        /// See [`SlashingTooManyVaults`].
        TooManyVaults(SlashingTooManyVaults),
        /// See [`SlashingVaultsUnsorted`].
        VaultsUnsorted(SlashingVaultsUnsorted),
        /// See [`SlashingAlreadyMember`].
        AlreadyMember(SlashingAlreadyMember),
        /// See [`SlashingNotMember`].
        NotMember(SlashingNotMember),
        /// See [`SlashingModificationPending`].
        ModificationPending(SlashingModificationPending),
        /// See [`SlashingInsufficientMagnitude`].
        InsufficientMagnitude(SlashingInsufficientMagnitude),
        /// See [`SlashingNotSlashable`].
        NotSlashable(SlashingNotSlashable),
        /// See [`SlashingWrongMode`].
        WrongMode(SlashingWrongMode),
        /// See [`SlashingCapExceeded`].
        CapExceeded(SlashingCapExceeded),
        /// See [`SlashingRequestNotPending`].
        RequestNotPending(SlashingRequestNotPending),
        /// See [`SlashingVetoWindowOpen`].
        VetoWindowOpen(SlashingVetoWindowOpen),
        /// See [`SlashingVetoWindowClosed`].
        VetoWindowClosed(SlashingVetoWindowClosed),
        /// See [`SlashingEvidenceDisabled`].
        EvidenceDisabled(SlashingEvidenceDisabled),
        /// See [`SlashingMathError`].
        Math(SlashingMathError),
        /// See [`SlashingNothingToSlash`].
        NothingToSlash(SlashingNothingToSlash),
        /// See [`SlashingVetoWindowTooLong`].
        VetoWindowTooLong(SlashingVetoWindowTooLong),
        /// See [`SlashingRequestExpired`].
        RequestExpired(SlashingRequestExpired),
        /// See [`SlashingInvalidCalldata`].
        InvalidCalldata(SlashingInvalidCalldata),
        /// See [`SlashingCallFailed`].
        CallFailed(SlashingCallFailed),
        /// See [`SlashingNothingToRelease`].
        NothingToRelease(SlashingNothingToRelease),
    }
        /// A called contract (registry, vault, registrar) reverted: its
        /// revert data is passed through unchanged.
    raw Callee;
        /// The extension reverted (a route the core hands on): its revert
        /// data, unchanged.
    raw Extension;
}

impl Error {
    /// The kit's malformed-calldata error for `selector` (`SlashingInvalidCalldata`).
    pub fn invalid_calldata(selector: u32) -> Self {
        Error::InvalidCalldata(SlashingInvalidCalldata {
            selector: selector.to_be_bytes().into(),
        })
    }
}

impl From<MathError> for Error {
    fn from(e: MathError) -> Self {
        Error::Math(SlashingMathError { code: e.code() })
    }
}
