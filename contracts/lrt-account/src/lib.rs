//! # Restake Lrt staking sub-account
//!
//! Each staker of the operator registry delegates to one operator, so the
//! Lrt restakes through one sub-account per operator. A sub-account is an
//! EIP-1167 minimal proxy (created by the Lrt with `create2`) of one
//! deployment of this contract, so the Lrt's own wasm does not carry this
//! code.
//!
//! It does one thing: its controller (the Lrt, fixed by the first
//! `initialize` call, made by the Lrt in the transaction that creates the
//! clone) makes it call out with `execute`; registry withdrawals pay it and
//! it holds the proceeds until the Lrt moves them. It accepts plain ETH.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
extern crate alloc;

use alloc::vec::Vec;

use alloy_primitives::{Address, U256};
use alloy_sol_types::{SolError, SolEvent};
use restake_interfaces::{
    abi::error_data,
    lrt::{AccountInitialized, LrtAccountInitialized, LrtAccountUnauthorized},
    words,
};
use stylus_sdk::abi::Bytes;
use stylus_sdk::{call::RawCall, prelude::*, storage::StorageAddress};

/// Every error the sub-account returns.
#[derive(Debug)]
pub enum Error {
    /// See [`LrtAccountUnauthorized`].
    Unauthorized(LrtAccountUnauthorized),
    /// See [`LrtAccountInitialized`].
    AlreadyInitialized(LrtAccountInitialized),
    /// The called contract reverted: its revert data, passed on unchanged.
    Call(Vec<u8>),
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
            Error::Call(data) => data,
        }
    }
}

#[cfg(feature = "export-abi")]
impl stylus_sdk::abi::export::internal::InnerTypes for Error {
    fn inner_types() -> Vec<stylus_sdk::abi::export::internal::InnerType> {
        use restake_interfaces::export::{error, list};
        list(&[error::<LrtAccountUnauthorized>, error::<LrtAccountInitialized>])
    }
}

/// The sub-account's storage: only its controller.
#[entrypoint]
#[storage]
pub struct LrtAccount {
    /// The Lrt: the only address that may make this account call out.
    controller: StorageAddress,
}

#[public]
impl LrtAccount {
    /// Makes the caller the controller, once. The Lrt calls it in the same
    /// transaction that creates the clone, so no one can take it first.
    ///
    /// # Errors
    /// * [`Error::AlreadyInitialized`] - a controller is set already.
    ///
    /// # Events
    /// * [`AccountInitialized`].
    pub fn initialize(&mut self) -> Result<(), Error> {
        let controller = self.controller.get();
        if !controller.is_zero() {
            return Err(Error::AlreadyInitialized(LrtAccountInitialized {
                controller,
            }));
        }
        let caller = self.vm().msg_sender();
        self.controller.set(caller);
        let _ = self.vm().raw_log(
            &[AccountInitialized::SIGNATURE_HASH, caller.into_word()],
            &[],
        );
        Ok(())
    }

    /// The controller (zero until initialized).
    pub fn controller(&self) -> Address {
        self.controller.get()
    }

    /// Calls `target` with `data` and `value` wei (from the ETH sent with
    /// this call and the account's balance) and returns its return data.
    /// The callee's own events record what changed.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - the caller is not the controller.
    /// * [`Error::Call`] - the call reverted (its data is passed on).
    #[payable]
    pub fn execute(&mut self, target: Address, value: U256, data: Bytes) -> Result<Bytes, Error> {
        let caller = self.vm().msg_sender();
        if caller != self.controller.get() || caller.is_zero() {
            return Err(Error::Unauthorized(LrtAccountUnauthorized { caller }));
        }
        self.vm().flush_cache(true);
        // SAFETY: a plain call; the cache was flushed and cleared above, so
        // storage seen after the call is re-read.
        let out = unsafe { RawCall::new_with_value(value).call(target, &data) };
        out.map(Bytes::from).map_err(Error::Call)
    }

    /// Accepts ETH: withdrawal payouts and the Lrt's transfers.
    #[receive]
    pub fn receive(&mut self) -> Result<(), Vec<u8>> {
        Ok(())
    }
}
