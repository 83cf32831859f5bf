//! The sub-account's errors: [`Error`] (each variant a Solidity custom
//! error, or a callee's revert passed on), its ABI encoder, the list of its
//! inner types for the ABI export, the conversion from the SDK's call
//! errors, and the checked addition that reverts with no data.

use alloc::vec::Vec;

use alloy_primitives::U256;
use alloy_sol_types::SolError;
use restake_interfaces::{
    abi::error_data,
    lrt::{
        LrtAccountInitialized, LrtAccountUnauthorized, LrtForcedWithdrawalPending, LrtTooMany,
        LrtUnknownWithdrawal,
    },
    words,
};

/// Every error the sub-account returns.
#[derive(Debug)]
pub enum Error {
    /// See [`LrtAccountUnauthorized`].
    Unauthorized(LrtAccountUnauthorized),
    /// See [`LrtAccountInitialized`].
    AlreadyInitialized(LrtAccountInitialized),
    /// See [`LrtTooMany`] (which 2: open withdrawals).
    TooMany(LrtTooMany),
    /// See [`LrtUnknownWithdrawal`].
    UnknownWithdrawal(LrtUnknownWithdrawal),
    /// See [`LrtForcedWithdrawalPending`].
    ForcedPending(LrtForcedWithdrawalPending),
    /// The called contract reverted: its revert data, passed on unchanged
    /// (empty if it returned malformed data).
    Call(Vec<u8>),
}

#[allow(deprecated)] // sol_interface! in 0.9 still returns the sdk's call error.
pub(crate) fn call_error(e: stylus_sdk::call::Error) -> Error {
    match e {
        stylus_sdk::call::Error::Revert(data) => Error::Call(data),
        stylus_sdk::call::Error::AbiDecodingFailed(_) => Error::Call(Vec::new()),
    }
}

impl From<Error> for Vec<u8> {
    fn from(e: Error) -> Vec<u8> {
        match e {
            Error::Unauthorized(e) => {
                error_data(LrtAccountUnauthorized::SELECTOR, &words![e.caller])
            }
            Error::AlreadyInitialized(e) => {
                error_data(LrtAccountInitialized::SELECTOR, &words![e.controller])
            }
            Error::TooMany(e) => error_data(LrtTooMany::SELECTOR, &words![e.which, e.max]),
            Error::UnknownWithdrawal(e) => {
                error_data(LrtUnknownWithdrawal::SELECTOR, &words![e.withdrawal_id])
            }
            Error::ForcedPending(e) => {
                error_data(LrtForcedWithdrawalPending::SELECTOR, &words![e.account])
            }
            Error::Call(data) => data,
        }
    }
}

#[cfg(feature = "export-abi")]
impl stylus_sdk::abi::export::internal::InnerTypes for Error {
    fn inner_types() -> Vec<stylus_sdk::abi::export::internal::InnerType> {
        use restake_interfaces::export::{error, list};
        list(&[
            error::<LrtAccountUnauthorized>,
            error::<LrtAccountInitialized>,
            error::<LrtTooMany>,
            error::<LrtUnknownWithdrawal>,
            error::<LrtForcedWithdrawalPending>,
        ])
    }
}

/// Checked addition; an overflow (impossible for real balances) is a
/// revert with no data.
pub(crate) fn add(a: U256, b: U256) -> Result<U256, Error> {
    a.checked_add(b).ok_or(Error::Call(Vec::new()))
}
