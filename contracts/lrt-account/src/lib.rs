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
extern crate alloc;

mod errors;
mod records;
mod router;
mod valuation;

use alloc::vec::Vec;

use alloy_primitives::{Address, U256};
use restake_interfaces::{
    calls::IVaultCalls,
    lrt::{
        AccountInitialized, AccountWithdrawalAdopted, LrtAccountInitialized,
        LrtAccountUnauthorized, LrtForcedWithdrawalPending,
    },
    NATIVE_ETH,
};
use restake_kit::log;
use stylus_sdk::{
    call::RawCall,
    prelude::*,
    storage::{StorageAddress, StorageU256, StorageVec},
};

pub use crate::errors::Error;
use crate::errors::{add, call_error};
pub use crate::router::interface_abi;

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
        function withdrawal(uint256 id) external view returns (address staker, address operator, uint64 claimable_at, bool completed, uint64 entries);
        function withdrawalEntry(uint256 id, uint64 index) external view returns (address vault, uint256 scaled_shares);
        function depositScalingFactor(address staker, address vault) external view returns (uint256);
        function maxMagnitude(address operator, address vault) external view returns (uint64);
        function vaults() external view returns (address[]);
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
    /// per withdrawal the account queued itself; zero for a withdrawal the
    /// registry queued for it, which may span every vault).
    withdrawal_ids: StorageVec<StorageU256>,
    withdrawal_vaults: StorageVec<StorageAddress>,
    /// The operator the controller delegated this account to.
    operator: StorageAddress,
    /// The position snapshot (H-1): per vault, the scaled shares
    /// (`depositShares · depositScalingFactor`, as the registry would queue
    /// them) recorded after every move of the controller while delegated.
    /// While the registry says the account is no longer delegated to
    /// [`LrtAccount::operator`] (an operator or approver called
    /// `undelegate`), the withdrawal the registry queued for it is valued
    /// from this snapshot, until it is adopted or completed.
    snapshot_vaults: StorageVec<StorageAddress>,
    snapshot_scaled: StorageVec<StorageU256>,
}

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
        self.controller.get()
    }

    /// The operator the controller delegated the account to (zero before).
    pub fn operator(&self) -> Address {
        self.operator.get()
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
        if !self.snapshot_vaults.is_empty() {
            return Err(Error::ForcedPending(LrtForcedWithdrawalPending {
                account: self.vm().contract_address(),
            }));
        }
        let registry = self.registry.get();
        // One call site for both attempts (each one costs code).
        let mut retried = false;
        while let Err(e) = IAccountOutgoing::new(registry).delegate_to(
            &mut *self,
            operator,
            signature.as_ref().to_vec().into(),
            expiry,
            salt,
        ) {
            // L-5: the refusal rolled back; clear the way and retry once.
            if retried || !self.queue_donations(registry)? {
                return Err(call_error(e));
            }
            retried = true;
        }
        self.operator.set(operator);
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
        let id = self.queue_recorded(alloc::vec![vault], alloc::vec![shares], vault)?;
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
        self.withdrawal_ids.push(id);
        self.withdrawal_vaults.push(Address::ZERO);
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
        let n = self.withdrawal_ids.len();
        let vault = match (0..n).find(|&i| self.withdrawal_ids.get(i) == Some(id)) {
            Some(index) => {
                let vault = self.withdrawal_vaults.get(index).unwrap_or_default();
                // Swap-remove the record (n > index >= 0).
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
        let registry = self.registry.get();
        let mut vaults = Vec::new();
        if vault.is_zero() {
            let (_, _, _, _, entries) = IAccountOutgoing::new(registry)
                .withdrawal(&*self, id)
                .map_err(call_error)?;
            for j in 0..entries.min(8) {
                let (v, _) = IAccountOutgoing::new(registry)
                    .withdrawal_entry(&*self, id, j)
                    .map_err(call_error)?;
                vaults.push(v);
            }
        } else {
            vaults.push(vault);
        }
        let mut assets = Vec::new();
        for v in &vaults {
            assets.push(IVaultCalls::new(*v).asset(&*self).map_err(call_error)?);
        }
        let this = self.vm().contract_address();
        let eth_before = self.vm().balance(this);
        IAccountOutgoing::new(registry)
            .complete_withdrawal(&mut *self, id, true)
            .map_err(call_error)?;
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
        U256::from(self.withdrawal_ids.len())
    }

    /// The position snapshot (H-1): entry `index`'s vault and scaled shares
    /// (zeros past the end).
    pub fn snapshot_at(&self, index: U256) -> (Address, U256) {
        let i = index.saturating_to::<usize>();
        (
            self.snapshot_vaults.get(i).unwrap_or_default(),
            self.snapshot_scaled.get(i).unwrap_or_default(),
        )
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
        let current = self.controller.get();
        if !current.is_zero() {
            return Err(Error::AlreadyInitialized(LrtAccountInitialized {
                controller: current,
            }));
        }
        self.controller.set(controller);
        self.registry.set(registry);
        log::emit_event(self.vm(), &AccountInitialized { controller });
        Ok(())
    }

    fn only_controller(&self) -> Result<(), Error> {
        let caller = self.vm().msg_sender();
        if caller != self.controller.get() || caller.is_zero() {
            return Err(Error::Unauthorized(LrtAccountUnauthorized { caller }));
        }
        Ok(())
    }
}
