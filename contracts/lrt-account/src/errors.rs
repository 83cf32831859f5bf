//! The sub-account's errors: [`Error`] (each variant a Solidity custom
//! error, or a callee's revert passed on), and the checked addition that
//! reverts with no data.

use alloc::vec::Vec;

use alloy_primitives::U256;
use restake_interfaces::lrt::{
    LrtAccountInitialized, LrtAccountUnauthorized, LrtForcedWithdrawalPending, LrtInvalidCalldata,
    LrtTooMany, LrtUnknownWithdrawal,
};

restake_kit::error_enum! {
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
        /// See [`LrtInvalidCalldata`] (the Lrt's policy, as the Lrt passes
        /// the account's revert data on).
        InvalidCalldata(LrtInvalidCalldata),
    }
    /// The called contract reverted: its revert data, passed on unchanged
    /// (empty if it returned malformed data).
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

/// Checked addition; an overflow (impossible for real balances) is a
/// revert with no data.
pub(crate) fn add(a: U256, b: U256) -> Result<U256, Error> {
    a.checked_add(b).ok_or(Error::Call(Vec::new()))
}
