//! The registry double: [`MockRegistry`] stands in for the operator registry
//! with the surface the
//! Lrt uses: `delegateTo`, `delegatedTo`, the vault's `onDeposit` hook,
//! `withdrawableShares` = deposit shares × the operator's magnitude (settable
//! with `slash`), `queueWithdrawal` (one vault), the ERC-7540-style
//! `pendingRedeemRequest` / `claimableRedeemRequest` views, and
//! `completeWithdrawal` paying through `vault.withdrawTo` once the test marks
//! the withdrawal ready (standing in for the withdrawal delay). Slashed
//! shares are not burned in the vault (the real slashing manager does that;
//! the vault's price does not move either way).
use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::{sol, SolError};
use restake_interfaces::calls::IVaultCalls;
use restake_math::{mul_div, Rounding, WAD};
use stylus_sdk::{
    abi::Bytes,
    prelude::*,
    storage::{StorageAddress, StorageBool, StorageMap, StorageU256},
};

sol! {
    /// The mock registry refused a call.
    #[derive(Debug, PartialEq)]
    error MockRegistryError(uint8 code);
}

/// One queued withdrawal of the mock.
#[storage]
pub struct MockWithdrawal {
    staker: StorageAddress,
    vault: StorageAddress,
    operator: StorageAddress,
    deposit_shares: StorageU256,
    ready: StorageBool,
    done: StorageBool,
}

/// A registry double (see the module docs).
#[storage]
pub struct MockRegistry {
    delegated: StorageMap<Address, StorageAddress>,
    /// WAD slashed from each operator (magnitude = WAD - slashed).
    slashed: StorageMap<Address, StorageU256>,
    withdrawals: StorageMap<U256, MockWithdrawal>,
    count: StorageU256,
    refuse_delegation: StorageBool,
    /// Slashes so far (the real registry's slash epoch).
    epoch: StorageU256,
}

unsafe impl TopLevelStorage for MockRegistry {}

fn refused(code: u8) -> Vec<u8> {
    MockRegistryError { code }.abi_encode()
}

#[public]
impl MockRegistry {
    /// Delegates the caller to `operator` (the approval is ignored).
    pub fn delegate_to(
        &mut self,
        operator: Address,
        _sig: Bytes,
        _expiry: U256,
        _salt: B256,
    ) -> Result<(), Vec<u8>> {
        if self.refuse_delegation.get() {
            return Err(refused(1));
        }
        let staker = self.vm().msg_sender();
        self.delegated.setter(staker).set(operator);
        Ok(())
    }

    /// The operator `staker` delegates to.
    pub fn delegated_to(&self, staker: Address) -> Address {
        self.delegated.get(staker)
    }

    /// The vault's deposit hook: accepted.
    pub fn on_deposit(
        &mut self,
        _staker: Address,
        _prev: U256,
        _added: U256,
    ) -> Result<(), Vec<u8>> {
        Ok(())
    }

    /// Deposit shares × the operator's magnitude, rounded down.
    pub fn withdrawable_shares(&self, staker: Address, vault: Address) -> Result<U256, Vec<u8>> {
        let shares = IVaultCalls::new(vault)
            .deposit_shares(self, staker)
            .map_err(|_| refused(2))?;
        Ok(self.scaled(self.delegated.get(staker), shares))
    }

    /// Queues `deposit_shares[0]` of `vaults[0]` for the caller.
    pub fn queue_withdrawal(
        &mut self,
        vaults: Vec<Address>,
        deposit_shares: Vec<U256>,
    ) -> Result<U256, Vec<u8>> {
        if vaults.len() != 1 || deposit_shares.len() != 1 {
            return Err(refused(3));
        }
        let staker = self.vm().msg_sender();
        IVaultCalls::new(vaults[0])
            .remove_deposit_shares(&mut *self, staker, deposit_shares[0])
            .map_err(|_| refused(4))?;
        let id = self.count.get() + U256::from(1);
        self.count.set(id);
        let operator = self.delegated.get(staker);
        let mut w = self.withdrawals.setter(id);
        w.staker.set(staker);
        w.vault.set(vaults[0]);
        w.operator.set(operator);
        w.deposit_shares.set(deposit_shares[0]);
        Ok(id)
    }

    /// ERC-7540-style (the real registry's signature): shares of `vault`
    /// (after slashing) in withdrawal `id` still in its delay.
    pub fn pending_redeem_request(&self, id: U256, vault: Address) -> U256 {
        let w = self.withdrawals.get(id);
        if w.vault.get() != vault || w.ready.get() || w.done.get() {
            return U256::ZERO;
        }
        self.scaled(w.operator.get(), w.deposit_shares.get())
    }

    /// ERC-7540-style: shares of `vault` in withdrawal `id` completable now.
    pub fn claimable_redeem_request(&self, id: U256, vault: Address) -> U256 {
        let w = self.withdrawals.get(id);
        if w.vault.get() != vault || !w.ready.get() || w.done.get() {
            return U256::ZERO;
        }
        self.scaled(w.operator.get(), w.deposit_shares.get())
    }

    /// Pays withdrawal `id` to its staker (the caller) through the vault.
    pub fn complete_withdrawal(&mut self, id: U256, _as_tokens: bool) -> Result<(), Vec<u8>> {
        let w = self.withdrawals.get(id);
        let staker = w.staker.get();
        if staker != self.vm().msg_sender() || !w.ready.get() || w.done.get() {
            return Err(refused(5));
        }
        let shares = self.scaled(w.operator.get(), w.deposit_shares.get());
        let vault = w.vault.get();
        self.withdrawals.setter(id).done.set(true);
        IVaultCalls::new(vault)
            .withdraw_to(&mut *self, staker, staker, shares)
            .map_err(|_| refused(6))?;
        Ok(())
    }

    /// The real registry's view: staker, operator, claimable_at (0: the
    /// mock has no clock), completed, entries (1).
    pub fn withdrawal(&self, id: U256) -> Result<(Address, Address, u64, bool, u64), Vec<u8>> {
        let w = self.withdrawals.get(id);
        if w.staker.get().is_zero() {
            return Err(refused(7));
        }
        Ok((w.staker.get(), w.operator.get(), 0, w.done.get(), 1))
    }

    /// The real registry's view: entry `index` (only 0) of withdrawal `id`.
    pub fn withdrawal_entry(&self, id: U256, _index: u64) -> (Address, U256) {
        let w = self.withdrawals.get(id);
        (w.vault.get(), w.deposit_shares.get())
    }

    /// The mock keeps no scaling factor: every position is worth its
    /// deposit shares times the magnitude, as if the factor were 1 (WAD).
    pub fn deposit_scaling_factor(&self, _staker: Address, _vault: Address) -> U256 {
        WAD
    }

    /// `operator`'s magnitude (WAD less what it lost).
    pub fn max_magnitude(&self, operator: Address, _vault: Address) -> u64 {
        WAD.saturating_sub(self.slashed.get(operator))
            .saturating_to::<u64>()
    }

    /// The real registry's view; the mock stands in for the delay with
    /// `set_ready`, so it reports none (the Lrt's own redeem delay applies).
    pub fn withdrawal_delay(&self) -> u64 {
        0
    }

    /// The real registry's slash epoch: moves with every `slash`.
    pub fn slash_epoch(&self) -> u32 {
        self.epoch.get().saturating_to::<u32>()
    }

    /// Test control: the delay of withdrawal `id` has passed.
    pub fn set_ready(&mut self, id: U256) {
        self.withdrawals.setter(id).ready.set(true);
    }

    /// Test control: `operator` has lost `slashed_wad` (WAD) of its magnitude in total.
    pub fn slash(&mut self, operator: Address, slashed_wad: U256) {
        self.slashed.setter(operator).set(slashed_wad);
        let epoch = self.epoch.get().saturating_add(U256::from(1));
        self.epoch.set(epoch);
    }

    /// Test control: refuse delegations.
    pub fn set_refuse_delegation(&mut self, refuse: bool) {
        self.refuse_delegation.set(refuse);
    }
}

impl MockRegistry {
    fn scaled(&self, operator: Address, shares: U256) -> U256 {
        let magnitude = WAD.saturating_sub(self.slashed.get(operator));
        mul_div(shares, magnitude, WAD, Rounding::Down).unwrap_or_default()
    }
}
