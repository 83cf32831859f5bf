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
//!
//! The implementation itself is locked at deployment (I-1): its constructor
//! makes it its own controller, so no one can `initialize` it or drive it.
//! Clones never run the constructor (each has its own storage, initialized
//! by the Lrt). A position someone else deposited for the account while it
//! is undelegated cannot block its delegation (L-5): see
//! [`LrtAccount::delegate`].
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(target_arch = "wasm32", no_std)]
extern crate alloc;

restake_kit::wasm_runtime!();

mod calls;
mod errors;
mod records;
mod router;
mod storage;
mod valuation;

use alloc::vec::Vec;

use alloy_primitives::{Address, U256};
use restake_interfaces::{
    lrt::{
        AccountInitialized, AccountWithdrawalAdopted, LrtAccountInitialized,
        LrtAccountUnauthorized, LrtForcedWithdrawalPending,
    },
    NATIVE_ETH,
};
use restake_kit::log;
use stylus_sdk::{call::RawCall, prelude::*};

pub use crate::errors::Error;
pub use crate::router::interface_abi;
use crate::{errors::add, storage::*};

/// At most this many registry withdrawals open at once per account (the
/// valuation loops over them).
pub const MAX_WITHDRAWALS: usize = 16;

/// The sub-account. Its storage is the kit's named keys, all in
/// `storage.rs` (fixed slots, no hashing).
#[entrypoint]
#[storage]
pub struct LrtAccount {}

impl LrtAccount {
    /// Locks the implementation (I-1): the account becomes its own
    /// controller, so `initialize` refuses everyone
    /// (`LrtAccountInitialized(this)`) and so does every controller-only
    /// function (the account never calls itself). The deploy script
    /// constructs the implementation the Lrt's clones delegate to. A clone
    /// never needs it: it has its own storage, initialized by the Lrt in the
    /// transaction that creates it, so this constructor (open to anyone on
    /// a clone, once) refuses there.
    ///
    /// # Errors
    /// * [`Error::AlreadyInitialized`] - a controller is set already.
    ///
    /// # Events
    /// * [`AccountInitialized`] (the account itself as controller).
    pub fn constructor(&mut self) -> Result<(), Error> {
        let this = self.vm().contract_address();
        self.init(this, Address::ZERO)
    }

    /// Makes the caller the controller and wires the operator `registry`,
    /// once. The Lrt calls it in the transaction that creates the clone, so
    /// no one can take it first. The implementation is locked (see the
    /// constructor).
    ///
    /// # Errors
    /// * [`Error::AlreadyInitialized`] - a controller is set already.
    ///
    /// # Events
    /// * [`AccountInitialized`].
    pub fn initialize(&mut self, registry: Address) -> Result<(), Error> {
        let caller = self.vm().msg_sender();
        self.init(caller, registry)
    }

    /// The controller (zero until initialized; the account itself for the
    /// locked implementation).
    pub fn controller(&self) -> Address {
        self.get_addr(CONTROLLER)
    }

    /// The operator the controller delegated the account to (zero before).
    pub fn operator(&self) -> Address {
        self.get_addr(OPERATOR)
    }

    /// Delegates the account to `operator` in the registry, with the
    /// operator's approval (`signature`, `expiry`, `salt`; empty without an
    /// approver), and remembers it. Also re-delegates an account the
    /// registry undelegated, once the withdrawal it queued is adopted or
    /// completed. The registry emits the delegation's events.
    ///
    /// L-5: the registry moves every position of the account to the
    /// operator and refuses if the operator is fully slashed in any vault
    /// where the account holds shares, and anyone can deposit for the
    /// account (its address is predictable). So when `delegateTo` fails
    /// while the account is undelegated, every position it holds (all
    /// deposited by others: the Lrt never deposits for an undelegated
    /// account, and an undelegation queues every position) is queued in one
    /// registry withdrawal, recorded like a withdrawal the registry queued
    /// (valued through the registry's views; `complete` forwards the
    /// proceeds to the Lrt), and `delegateTo` is tried once more. The
    /// first attempt's success costs nothing extra.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`], [`Error::ForcedPending`] (a withdrawal the
    ///   registry queued is still valued from the snapshot: adopt it
    ///   first), [`Error::TooMany`] (positions to queue, but
    ///   [`MAX_WITHDRAWALS`] open), [`Error::Call`] (the registry refused:
    ///   its revert, the last attempt's).
    ///
    /// # Events
    /// * The registry's `StakerDelegated` (and the rest of `delegateTo`'s);
    ///   when positions were queued first, the registry's `WithdrawalQueued`
    ///   and [`AccountDonationsQueued`].
    ///
    /// [`AccountDonationsQueued`]: restake_interfaces::lrt::AccountDonationsQueued
    pub fn delegate(
        &mut self,
        operator: Address,
        signature: impl AsRef<[u8]>,
        expiry: U256,
        salt: alloy_primitives::B256,
    ) -> Result<(), Error> {
        self.only_controller()?;
        if self.count(SNAPSHOT_LEN) > 0 {
            return Err(Error::ForcedPending(LrtForcedWithdrawalPending {
                account: self.vm().contract_address(),
            }));
        }
        // One call site for both attempts (each one costs code).
        let mut retried = false;
        while let Err(e) = self.delegate_to(operator, signature.as_ref(), expiry, salt) {
            // L-5: the refusal rolled back; clear the way and retry once.
            if retried || !self.queue_donations()? {
                return Err(e);
            }
            retried = true;
        }
        self.put_addr(OPERATOR, operator);
        Ok(())
    }

    /// Records the position in `vault` in the snapshot (H-1), if the
    /// account is delegated to its operator (otherwise nothing changes).
    /// The controller calls it after every deposit it makes for the account.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`], [`Error::Call`] (a read failed, or a
    ///   math overflow: no data).
    ///
    /// # Events
    /// * [`AccountPositionRecorded`] (when recorded).
    ///
    /// [`AccountPositionRecorded`]: restake_interfaces::lrt::AccountPositionRecorded
    pub fn record(&mut self, vault: Address) -> Result<(), Error> {
        self.only_controller()?;
        self.snapshot(vault)
    }

    /// Queues `shares` deposit shares of `vault` for withdrawal and records
    /// the registry's id. Returns it.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`], [`Error::TooMany`] - [`MAX_WITHDRAWALS`]
    ///   open, [`Error::Call`] (the registry refused).
    ///
    /// # Events
    /// * The registry's; [`AccountPositionRecorded`] (the position left).
    ///
    /// [`AccountPositionRecorded`]: restake_interfaces::lrt::AccountPositionRecorded
    pub fn queue(&mut self, vault: Address, shares: U256) -> Result<U256, Error> {
        self.only_controller()?;
        let id = self.queue_recorded(&[vault], &[shares], vault)?;
        self.snapshot(vault)?;
        Ok(id)
    }

    /// Adopts registry withdrawal `id` that the registry queued for this
    /// account without it (an operator's or approver's `undelegate`): from
    /// now on it is valued through the registry's views, exactly, and the
    /// snapshot is dropped. Anyone may call: it can only make the valuation
    /// exact (the snapshot never exceeds what was queued).
    ///
    /// # Errors
    /// * [`Error::UnknownWithdrawal`] - not this account's, completed, or
    ///   recorded already; [`Error::TooMany`]; [`Error::Call`].
    ///
    /// # Events
    /// * [`AccountWithdrawalAdopted`].
    pub fn adopt(&mut self, id: U256) -> Result<(), Error> {
        self.check_foreign(id)?;
        self.check_room()?;
        self.push_withdrawal(id, Address::ZERO);
        self.clear_snapshot();
        log::emit_event(self.vm(), &AccountWithdrawalAdopted { withdrawal_id: id });
        Ok(())
    }

    /// Completes withdrawal `id` as tokens (after the registry's delay) and
    /// forgets it: one the account queued, one it adopted, or one the
    /// registry queued for it (then the snapshot is dropped). LST proceeds
    /// go to `to` (the Lrt); ETH stays here as idle liquidity. Returns the
    /// first entry's asset and the amount of it received.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`], [`Error::UnknownWithdrawal`] (not this
    ///   account's), [`Error::Call`] (the registry, the vault or the token
    ///   refused).
    ///
    /// # Events
    /// * The registry's and the vault's; [`AccountWithdrawalAdopted`] for a
    ///   withdrawal the account did not know.
    pub fn complete(&mut self, id: U256, to: Address) -> Result<(Address, U256), Error> {
        self.only_controller()?;
        let vault = match self.find_withdrawal(id) {
            Some(index) => {
                let (_, vault) = self.withdrawal_at(index);
                self.remove_withdrawal(index);
                vault
            }
            None => {
                // Queued by the registry for us (H-1): it replaces the snapshot.
                self.check_foreign(id)?;
                self.clear_snapshot();
                log::emit_event(self.vm(), &AccountWithdrawalAdopted { withdrawal_id: id });
                Address::ZERO
            }
        };
        let mut vaults = Vec::new();
        if vault.is_zero() {
            let (_, _, entries) = self.withdrawal(id)?;
            for j in 0..entries.min(8) {
                vaults.push(self.withdrawal_vault(id, j)?);
            }
        } else {
            vaults.push(vault);
        }
        let mut assets = Vec::new();
        for v in &vaults {
            assets.push(self.vault_asset(*v)?);
        }
        let this = self.vm().contract_address();
        let eth_before = self.vm().balance(this);
        self.complete_withdrawal(id)?;
        let mut first = (Address::ZERO, U256::ZERO);
        for (j, asset) in assets.iter().copied().enumerate() {
            // Each distinct asset once (a withdrawal may name a vault twice).
            if assets[..j].contains(&asset) {
                continue;
            }
            let got = if asset == NATIVE_ETH {
                self.vm().balance(this).saturating_sub(eth_before)
            } else {
                self.forward(asset, to)?
            };
            if j == 0 {
                first = (asset, got);
            }
        }
        Ok(first)
    }

    /// What the account holds in the registry, at the vaults' prices
    /// (`convertToAssets`, rounded down), summed over `vaults` (see
    /// [`LrtAccount::values`]). Its ETH balance is not included.
    ///
    /// # Errors
    /// * [`Error::Call`] (a registry or vault read failed).
    pub fn value(&self, vaults: Vec<Address>) -> Result<U256, Error> {
        let mut total = U256::ZERO;
        for v in self.values_of(&vaults)? {
            total = add(total, v)?;
        }
        Ok(total)
    }

    /// What the account holds for the Lrt in each of `vaults`, in wei of
    /// that vault's asset (`convertToAssets`, rounded down): its position
    /// as far as the Lrt recorded it (while delegated to its operator, the
    /// lower of its withdrawable shares and its snapshot at the operator's
    /// magnitude; nothing otherwise: a stranger's deposit for the account
    /// counts only once the Lrt records it, F-2), its open withdrawals in
    /// that vault (pending and claimable shares, after slashing), and, while
    /// the registry has undelegated it from its operator, the withdrawal the
    /// registry queued, valued from the snapshot at the operator's current
    /// magnitude (H-1). The Lrt prices each entry at its asset's rate. Its
    /// ETH balance is not included.
    ///
    /// # Errors
    /// * [`Error::Call`] (a registry or vault read failed).
    pub fn values(&self, vaults: Vec<Address>) -> Result<Vec<U256>, Error> {
        self.values_of(&vaults)
    }

    /// How many withdrawals the account records as open.
    pub fn open_withdrawals(&self) -> U256 {
        U256::from(self.count(OPEN))
    }

    /// The position snapshot (H-1): entry `index`'s vault and scaled shares
    /// (zeros past the end).
    pub fn snapshot_at(&self, index: U256) -> (Address, U256) {
        let i = index.saturating_to::<usize>();
        if i >= self.count(SNAPSHOT_LEN) {
            return (Address::ZERO, U256::ZERO);
        }
        self.snapshot_entry(i)
    }

    /// Calls `target` with `data` and `value` wei (from the ETH sent with
    /// this call and the account's balance) and returns its return data.
    /// The callee's own events record what changed.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - the caller is not the controller.
    /// * [`Error::Call`] - the call reverted (its data is passed on).
    pub fn execute(
        &mut self,
        target: Address,
        value: U256,
        data: impl AsRef<[u8]>,
    ) -> Result<alloy_primitives::Bytes, Error> {
        self.only_controller()?;
        self.vm().flush_cache(true);
        // SAFETY: a plain call; the cache was flushed and cleared above, so
        // storage seen after the call is re-read.
        let out = unsafe { RawCall::new_with_value(value).call(target, data.as_ref()) };
        out.map(alloy_primitives::Bytes::from).map_err(Error::Call)
    }

    /// Accepts ETH: withdrawal payouts and the Lrt's transfers.
    pub fn receive(&mut self) -> Result<(), Error> {
        Ok(())
    }
}

impl LrtAccount {
    /// Sets the controller and the registry, once.
    fn init(&mut self, controller: Address, registry: Address) -> Result<(), Error> {
        let current = self.get_addr(CONTROLLER);
        if !current.is_zero() {
            return Err(Error::AlreadyInitialized(LrtAccountInitialized {
                controller: current,
            }));
        }
        self.put_addr(CONTROLLER, controller);
        self.put_addr(REGISTRY, registry);
        log::emit_event(self.vm(), &AccountInitialized { controller });
        Ok(())
    }

    fn only_controller(&self) -> Result<(), Error> {
        let caller = self.vm().msg_sender();
        if caller != self.get_addr(CONTROLLER) || caller.is_zero() {
            return Err(Error::Unauthorized(LrtAccountUnauthorized { caller }));
        }
        Ok(())
    }
}
