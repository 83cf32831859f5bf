//! Every error the manager returns (each a Solidity custom error), its ABI
//! encoding (the revert data) and its export-abi listing.

use alloc::vec::Vec;

use alloy_primitives::B256;
use alloy_sol_types::SolError;
use restake_interfaces::{abi::error_data, math_code, slashing::*, words};
use restake_math::MathError;

macro_rules! errors {
    ($($variant:ident($ty:ident { $($field:ident),* })),* $(,)?) => {
        /// Every error the manager returns, each a Solidity custom error.
        #[derive(Debug)]
        pub enum Error {
            $(
                #[doc = concat!("See [`", stringify!($ty), "`].")]
                $variant($ty),
            )*
            /// A called contract (registry, vault, registrar, ecrecover)
            /// reverted: its revert data is passed through unchanged.
            Callee(Vec<u8>),
            /// See [`SlashingInvalidCalldata`].
            InvalidCalldata(SlashingInvalidCalldata),
        }

        #[cfg(feature = "export-abi")]
        impl stylus_sdk::abi::export::internal::InnerTypes for Error {
            fn inner_types() -> Vec<stylus_sdk::abi::export::internal::InnerType> {
                use restake_interfaces::export::{error, list};
                list(&[$(error::<$ty>,)* error::<SlashingInvalidCalldata>])
            }
        }

        impl From<Error> for Vec<u8> {
            fn from(e: Error) -> Vec<u8> {
                match e {
                    $(Error::$variant(_e) => error_data($ty::SELECTOR, &words![$(_e.$field),*]),)*
                    Error::Callee(data) => data,
                    Error::InvalidCalldata(e) => {
                        let mut word = B256::ZERO;
                        word[..4].copy_from_slice(e.selector.as_slice());
                        error_data(SlashingInvalidCalldata::SELECTOR, &[word])
                    }
                }
            }
        }
    };
}

errors! {
    Unauthorized(SlashingUnauthorized { caller }),
    ZeroAddress(SlashingZeroAddress {}),
    AvsAlreadyRegistered(SlashingAvsAlreadyRegistered { avs }),
    AvsNotRegistered(SlashingAvsNotRegistered { avs }),
    SetExists(SlashingSetExists { avs, set_id }),
    SetNotFound(SlashingSetNotFound { avs, set_id }),
    InvalidFraction(SlashingInvalidFraction { fraction }),
    InvalidCapPeriod(SlashingInvalidCapPeriod { period }),
    InvalidVetoWindow(SlashingInvalidVetoWindow { resolver, veto_window, deallocation_delay }),
    NotOperator(SlashingNotOperator { operator }),
    NotVault(SlashingNotVault { vault }),
    VaultAlreadyInSet(SlashingVaultAlreadyInSet { vault }),
    VaultNotInSet(SlashingVaultNotInSet { vault }),
    TooManyVaults(SlashingTooManyVaults { max }),
    VaultsUnsorted(SlashingVaultsUnsorted { vault }),
    AlreadyMember(SlashingAlreadyMember { operator }),
    NotMember(SlashingNotMember { operator }),
    ModificationPending(SlashingModificationPending { effect_at }),
    InsufficientMagnitude(SlashingInsufficientMagnitude { available, requested }),
    NotSlashable(SlashingNotSlashable { operator }),
    WrongMode(SlashingWrongMode { vetoable }),
    CapExceeded(SlashingCapExceeded { cap, used, requested }),
    RequestNotPending(SlashingRequestNotPending { slash_id, status }),
    VetoWindowOpen(SlashingVetoWindowOpen { executable_at }),
    VetoWindowClosed(SlashingVetoWindowClosed { executable_at }),
    EvidenceDisabled(SlashingEvidenceDisabled {}),
    Math(SlashingMathError { code }),
    // Security review #11 (slashing).
    NothingToSlash(SlashingNothingToSlash { operator, avs, set_id }),
    VetoWindowTooLong(SlashingVetoWindowTooLong { veto_window, execution_period, withdrawal_delay }),
    RequestExpired(SlashingRequestExpired { slash_id, expired_at }),
}

impl From<MathError> for Error {
    fn from(e: MathError) -> Self {
        let code = match e {
            MathError::Overflow => math_code::OVERFLOW,
            MathError::DivisionByZero => math_code::DIVISION_BY_ZERO,
            MathError::Underflow => math_code::UNDERFLOW,
        };
        Error::Math(SlashingMathError { code })
    }
}
