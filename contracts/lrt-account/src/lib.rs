//! # Restake Lrt staking sub-account
//!
//! Each staker of the operator registry delegates to one operator, so the
//! Lrt restakes through one sub-account per operator. A sub-account is an
//! EIP-1167 minimal proxy (created by the Lrt with `create2`) of one
//! deployment of this contract, so the Lrt's own wasm does not carry this
//! code.
//!
//! Its controller (the Lrt, fixed by the first `initialize` call, made by the
//! Lrt in the transaction that creates the clone) drives it: `delegate` to
//! its operator, `queue` and `complete` registry withdrawals (it keeps the
//! list of its open ones, at most [`MAX_WITHDRAWALS`]), `execute` any call
//! (ETH payouts to wallets). `value` sums what it holds in the registry
//! (positions and queued withdrawals, at the vaults' prices): the Lrt's rate
//! reads it, and the Lrt's wasm carries none of this code. It accepts ETH.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
extern crate alloc;

use alloc::vec::Vec;

use alloy_primitives::{Address, U256};
use alloy_sol_types::{SolError, SolEvent};
use restake_interfaces::{
    abi::error_data,
    calls::{IErc20Balance, IOperatorRegistryCalls, IVaultCalls},
    lrt::{
        AccountInitialized, LrtAccountInitialized, LrtAccountUnauthorized, LrtTooMany,
        LrtUnknownWithdrawal,
    },
    words, NATIVE_ETH,
};
use stylus_sdk::abi::Bytes;
use stylus_sdk::{
    call::RawCall,
    prelude::*,
    storage::{StorageAddress, StorageU256, StorageVec},
};

/// At most this many registry withdrawals open at once per account (the
/// valuation loops over them).
pub const MAX_WITHDRAWALS: usize = 16;

sol_interface! {
    /// The registry's and tokens' calls the account makes.
    interface IAccountOutgoing {
        function delegateTo(address operator, bytes approver_signature, uint256 expiry, bytes32 salt) external;
        function queueWithdrawal(address[] vaults, uint256[] deposit_shares) external returns (uint256);
        function completeWithdrawal(uint256 id, bool receive_as_tokens) external;
        function pendingRedeemRequest(uint256 id, address vault) external view returns (uint256);
        function claimableRedeemRequest(uint256 id, address vault) external view returns (uint256);
        function transfer(address to, uint256 value) external returns (bool);
    }
}

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
    /// The called contract reverted: its revert data, passed on unchanged
    /// (empty if it returned malformed data).
    Call(Vec<u8>),
}

#[allow(deprecated)] // sol_interface! in 0.9 still returns the sdk's call error.
fn call_error(e: stylus_sdk::call::Error) -> Error {
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
        ])
    }
}

/// The sub-account's storage. Field order is append-only once deployed.
#[entrypoint]
#[storage]
pub struct LrtAccount {
    /// The Lrt: the only address that may drive this account.
    controller: StorageAddress,
    /// The operator registry.
    registry: StorageAddress,
    /// Registry ids of the open withdrawals, with their vaults (one vault
    /// per withdrawal).
    withdrawal_ids: StorageVec<StorageU256>,
    withdrawal_vaults: StorageVec<StorageAddress>,
}

#[public]
impl LrtAccount {
    /// Makes the caller the controller and wires the operator `registry`,
    /// once. The Lrt calls it in the transaction that creates the clone, so
    /// no one can take it first.
    ///
    /// # Errors
    /// * [`Error::AlreadyInitialized`] - a controller is set already.
    ///
    /// # Events
    /// * [`AccountInitialized`].
    pub fn initialize(&mut self, registry: Address) -> Result<(), Error> {
        let controller = self.controller.get();
        if !controller.is_zero() {
            return Err(Error::AlreadyInitialized(LrtAccountInitialized {
                controller,
            }));
        }
        let caller = self.vm().msg_sender();
        self.controller.set(caller);
        self.registry.set(registry);
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

    /// Delegates the account to `operator` in the registry, with the
    /// operator's approval (`signature`, `expiry`, `salt`; empty without an
    /// approver). The registry emits the events.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`], [`Error::Call`] (the registry refused).
    pub fn delegate(
        &mut self,
        operator: Address,
        signature: Bytes,
        expiry: U256,
        salt: alloy_primitives::B256,
    ) -> Result<(), Error> {
        self.only_controller()?;
        let registry = self.registry.get();
        IAccountOutgoing::new(registry)
            .delegate_to(&mut *self, operator, signature.0.into(), expiry, salt)
            .map_err(call_error)
    }

    /// Queues `shares` deposit shares of `vault` for withdrawal and records
    /// the registry's id. Returns it.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`], [`Error::TooMany`] - [`MAX_WITHDRAWALS`]
    ///   open, [`Error::Call`] (the registry refused).
    pub fn queue(&mut self, vault: Address, shares: U256) -> Result<U256, Error> {
        self.only_controller()?;
        if self.withdrawal_ids.len() >= MAX_WITHDRAWALS {
            return Err(Error::TooMany(LrtTooMany {
                which: 2,
                max: U256::from(MAX_WITHDRAWALS),
            }));
        }
        let registry = self.registry.get();
        let id = IAccountOutgoing::new(registry)
            .queue_withdrawal(&mut *self, alloc::vec![vault], alloc::vec![shares])
            .map_err(call_error)?;
        self.withdrawal_ids.push(id);
        self.withdrawal_vaults.push(vault);
        Ok(id)
    }

    /// Completes withdrawal `id` as tokens (after the registry's delay) and
    /// forgets it. LST proceeds go to `to` (the Lrt); ETH stays here as idle
    /// liquidity. Returns the asset and the amount received.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`], [`Error::UnknownWithdrawal`],
    ///   [`Error::Call`] (the registry, the vault or the token refused).
    pub fn complete(&mut self, id: U256, to: Address) -> Result<(Address, U256), Error> {
        self.only_controller()?;
        let n = self.withdrawal_ids.len();
        let index = (0..n)
            .find(|&i| self.withdrawal_ids.get(i) == Some(id))
            .ok_or(Error::UnknownWithdrawal(LrtUnknownWithdrawal {
                withdrawal_id: id,
            }))?;
        let vault = self.withdrawal_vaults.get(index).unwrap_or_default();
        // Swap-remove the record.
        let last_id = self.withdrawal_ids.get(n - 1).unwrap_or_default();
        let last_vault = self.withdrawal_vaults.get(n - 1).unwrap_or_default();
        if let Some(mut slot) = self.withdrawal_ids.setter(index) {
            slot.set(last_id);
        }
        if let Some(mut slot) = self.withdrawal_vaults.setter(index) {
            slot.set(last_vault);
        }
        self.withdrawal_ids.pop();
        self.withdrawal_vaults.pop();

        let this = self.vm().contract_address();
        let asset = IVaultCalls::new(vault).asset(&*self).map_err(call_error)?;
        let eth_before = self.vm().balance(this);
        let registry = self.registry.get();
        IAccountOutgoing::new(registry)
            .complete_withdrawal(&mut *self, id, true)
            .map_err(call_error)?;
        if asset == NATIVE_ETH {
            return Ok((asset, self.vm().balance(this).saturating_sub(eth_before)));
        }
        let held = IErc20Balance::new(asset)
            .balance_of(&*self, this)
            .map_err(call_error)?;
        if !held.is_zero() {
            let ok = IAccountOutgoing::new(asset)
                .transfer(&mut *self, to, held)
                .map_err(call_error)?;
            if !ok {
                return Err(Error::Call(Vec::new()));
            }
        }
        Ok((asset, held))
    }

    /// What the account holds in the registry, at the vaults' prices
    /// (`convertToAssets`, rounded down): its withdrawable shares in each of
    /// `vaults` plus its open withdrawals (pending and claimable shares,
    /// after slashing). Its ETH balance is not included.
    ///
    /// # Errors
    /// * [`Error::Call`] (a registry or vault read failed).
    pub fn value(&self, vaults: Vec<Address>) -> Result<U256, Error> {
        let this = self.vm().contract_address();
        let registry = self.registry.get();
        let mut total = U256::ZERO;
        for vault in vaults {
            let shares = IOperatorRegistryCalls::new(registry)
                .withdrawable_shares(self, this, vault)
                .map_err(call_error)?;
            total = add(total, self.shares_value(vault, shares)?)?;
        }
        for i in 0..self.withdrawal_ids.len() {
            let id = self.withdrawal_ids.get(i).unwrap_or_default();
            let vault = self.withdrawal_vaults.get(i).unwrap_or_default();
            let views = IAccountOutgoing::new(registry);
            let pending = views
                .pending_redeem_request(self, id, vault)
                .map_err(call_error)?;
            let claimable = views
                .claimable_redeem_request(self, id, vault)
                .map_err(call_error)?;
            total = add(total, self.shares_value(vault, add(pending, claimable)?)?)?;
        }
        Ok(total)
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
        self.only_controller()?;
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

impl LrtAccount {
    fn only_controller(&self) -> Result<(), Error> {
        let caller = self.vm().msg_sender();
        if caller != self.controller.get() || caller.is_zero() {
            return Err(Error::Unauthorized(LrtAccountUnauthorized { caller }));
        }
        Ok(())
    }

    fn shares_value(&self, vault: Address, shares: U256) -> Result<U256, Error> {
        if shares.is_zero() {
            return Ok(U256::ZERO);
        }
        IVaultCalls::new(vault)
            .convert_to_assets(self, shares)
            .map_err(call_error)
    }
}

/// Checked addition; an overflow (impossible for real balances) is a
/// revert with no data.
fn add(a: U256, b: U256) -> Result<U256, Error> {
    a.checked_add(b).ok_or(Error::Call(Vec::new()))
}
