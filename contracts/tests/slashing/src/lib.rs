//! Test doubles for the slashing manager's native tests.
//!
//! [`MockRegistry`] implements the operator-registry surface the manager
//! calls (`IOperatorRegistryCalls`) and the vault's deposit hook, with the
//! protocol's real slashing math from `restake-math`: a staker's withdrawable
//! shares are `s·k·m` (deposit shares, deposit scaling factor, its operator's
//! max magnitude), and `slashOperator` lowers `m` and the operator's stake by
//! `slashed_operator_shares`, returning the shares for the vault to burn.
//! [`MockRegistrar`] is an AVS registrar hook that records calls and can
//! refuse them. [`MockEthRejecter`] refuses ETH; [`MockEthReceiver`] (from
//! `restake-test-fixtures`) accepts it.
extern crate alloc;

use alloc::vec::Vec;

use alloy_primitives::{Address, U256};
use alloy_sol_types::{sol, SolError};
use restake_math::{
    slashed_operator_shares, update_deposit_scaling_factor, withdrawable_shares, WAD,
};
use restake_test_fixtures::WAD as WAD64;
use stylus_sdk::{
    prelude::*,
    storage::{StorageAddress, StorageBool, StorageMap, StorageU256, StorageU32, StorageU64},
    stylus_core::log,
};

/// An account that accepts ETH (motsu delivers ETH only to contracts).
pub use restake_test_fixtures::EthReceiver as MockEthReceiver;

sol! {
    /// The mock registry slashed `operator` in `vault` by `magnitude`, returning `shares`.
    #[derive(Debug, PartialEq)]
    event MockOperatorSlashed(address operator, address vault, uint64 magnitude, uint256 shares);
    /// The registrar was called (`joined`: register, else deregister).
    #[derive(Debug, PartialEq)]
    event RegistrarCalled(address operator, address avs, uint32 set_id, bool joined);
    /// Only the slashing manager may slash.
    #[derive(Debug, PartialEq)]
    error MockNotManager(address caller);
    /// The mock registrar refused `operator`.
    #[derive(Debug, PartialEq)]
    error MockRegistrarRefused(address operator);
    /// A math error in the mock.
    #[derive(Debug, PartialEq)]
    error MockMath();
}

/// A registry double with the real slashing-factor math.
#[storage]
pub struct MockRegistry {
    manager: StorageAddress,
    operators: StorageMap<Address, StorageBool>,
    delays: StorageMap<Address, StorageU32>,
    vaults: StorageMap<Address, StorageBool>,
    /// Magnitude slashed so far per (operator, vault): max = WAD - slashed.
    slashed: StorageMap<Address, StorageMap<Address, StorageU64>>,
    stake: StorageMap<Address, StorageMap<Address, StorageU256>>,
    delegation: StorageMap<Address, StorageAddress>,
    deposit_shares: StorageMap<Address, StorageMap<Address, StorageU256>>,
    scaling: StorageMap<Address, StorageMap<Address, StorageU256>>,
    withdrawal_delay: StorageU64,
}

unsafe impl TopLevelStorage for MockRegistry {}

#[public]
impl MockRegistry {
    /// Wires the slashing manager allowed to slash.
    pub fn set_manager(&mut self, manager: Address) {
        self.manager.set(manager);
    }

    /// Sets the withdrawal delay `withdrawalDelay()` reports.
    pub fn set_withdrawal_delay(&mut self, delay: u64) {
        self.withdrawal_delay
            .set(alloy_primitives::aliases::U64::from(delay));
    }

    /// `IOperatorRegistry::withdrawalDelay`.
    pub fn withdrawal_delay(&self) -> u64 {
        self.withdrawal_delay.get().to::<u64>()
    }

    /// Registers `operator` with an allocation delay.
    pub fn register(&mut self, operator: Address, delay: u32) {
        self.operators.setter(operator).set(true);
        self.delays
            .setter(operator)
            .set(alloy_primitives::aliases::U32::from(delay));
    }

    /// Registers `vault`.
    pub fn add_vault(&mut self, vault: Address) {
        self.vaults.setter(vault).set(true);
    }

    /// Delegates `staker` to `operator` (before any deposit).
    pub fn delegate(&mut self, staker: Address, operator: Address) {
        self.delegation.setter(staker).set(operator);
    }

    /// `IOperatorRegistryCalls::isOperator`.
    pub fn is_operator(&self, operator: Address) -> bool {
        self.operators.get(operator)
    }

    /// `IOperatorRegistryCalls::isVault`.
    pub fn is_vault(&self, vault: Address) -> bool {
        self.vaults.get(vault)
    }

    /// `IOperatorRegistryCalls::allocationDelay`.
    pub fn allocation_delay(&self, operator: Address) -> u32 {
        self.delays.get(operator).to::<u32>()
    }

    /// `IOperatorRegistryCalls::maxMagnitude`.
    pub fn max_magnitude(&self, operator: Address, vault: Address) -> u64 {
        WAD64 - self.slashed.get(operator).get(vault).to::<u64>()
    }

    /// `IOperatorRegistryCalls::operatorStake`.
    pub fn operator_stake(&self, operator: Address, vault: Address) -> U256 {
        self.stake.get(operator).get(vault)
    }

    /// A staker's withdrawable shares: `s·k·m`.
    pub fn withdrawable_shares(&self, staker: Address, vault: Address) -> U256 {
        let operator = self.delegation.get(staker);
        let m = U256::from(self.max_magnitude(operator, vault));
        withdrawable_shares(
            self.deposit_shares.get(staker).get(vault),
            self.scaling.get(staker).get(vault),
            m,
        )
        .unwrap_or_default()
    }

    /// The vault's deposit hook: credits the staker and its operator.
    pub fn on_deposit(
        &mut self,
        staker: Address,
        prev_deposit_shares: U256,
        added_shares: U256,
    ) -> Result<(), Vec<u8>> {
        let vault = self.vm().msg_sender();
        let operator = self.delegation.get(staker);
        let m = U256::from(self.max_magnitude(operator, vault));
        let k = self.scaling.get(staker).get(vault);
        let k = update_deposit_scaling_factor(prev_deposit_shares, k, m, added_shares)
            .map_err(|_| MockMath {}.abi_encode())?;
        self.scaling.setter(staker).setter(vault).set(k);
        self.deposit_shares
            .setter(staker)
            .setter(vault)
            .set(prev_deposit_shares + added_shares);
        let stake = self.stake.get(operator).get(vault);
        self.stake
            .setter(operator)
            .setter(vault)
            .set(stake + added_shares);
        Ok(())
    }

    /// `IOperatorRegistryCalls::slashOperator`: only the manager.
    pub fn slash_operator(
        &mut self,
        operator: Address,
        vault: Address,
        magnitude: u64,
    ) -> Result<U256, Vec<u8>> {
        let caller = self.vm().msg_sender();
        if caller != self.manager.get() {
            return Err(MockNotManager { caller }.abi_encode());
        }
        let m_prev = self.max_magnitude(operator, vault);
        let m_new = m_prev
            .checked_sub(magnitude)
            .ok_or_else(|| MockMath {}.abi_encode())?;
        let stake = self.stake.get(operator).get(vault);
        let shares = slashed_operator_shares(stake, U256::from(m_prev), U256::from(m_new))
            .map_err(|_| MockMath {}.abi_encode())?;
        self.stake
            .setter(operator)
            .setter(vault)
            .set(stake - shares);
        let slashed = self.slashed.get(operator).get(vault).to::<u64>() + magnitude;
        self.slashed
            .setter(operator)
            .setter(vault)
            .set(alloy_primitives::aliases::U64::from(slashed));
        log(
            self.vm(),
            MockOperatorSlashed {
                operator,
                vault,
                magnitude,
                shares,
            },
        );
        Ok(shares)
    }
}

/// The WAD constant the mock uses (for tests).
pub const MOCK_WAD: U256 = WAD;

/// An AVS registrar double: records calls, can refuse them.
#[storage]
pub struct MockRegistrar {
    refuse: StorageBool,
}

unsafe impl TopLevelStorage for MockRegistrar {}

#[public]
impl MockRegistrar {
    /// Makes later calls revert with [`MockRegistrarRefused`].
    pub fn set_refuse(&mut self, refuse: bool) {
        self.refuse.set(refuse);
    }

    /// `IAvsRegistrar::registerOperator`.
    pub fn register_operator(
        &mut self,
        operator: Address,
        avs: Address,
        set_id: u32,
    ) -> Result<(), Vec<u8>> {
        self.hook(operator, avs, set_id, true)
    }

    /// `IAvsRegistrar::deregisterOperator`.
    pub fn deregister_operator(
        &mut self,
        operator: Address,
        avs: Address,
        set_id: u32,
    ) -> Result<(), Vec<u8>> {
        self.hook(operator, avs, set_id, false)
    }
}

impl MockRegistrar {
    fn hook(
        &mut self,
        operator: Address,
        avs: Address,
        set_id: u32,
        joined: bool,
    ) -> Result<(), Vec<u8>> {
        if self.refuse.get() {
            return Err(MockRegistrarRefused { operator }.abi_encode());
        }
        log(
            self.vm(),
            RegistrarCalled {
                operator,
                avs,
                set_id,
                joined,
            },
        );
        Ok(())
    }
}

/// A redistribution recipient that refuses ETH (its `receive` reverts with
/// [`MockEthRefused`]), as a hostile or careless AVS contract might.
#[storage]
pub struct MockEthRejecter;

unsafe impl TopLevelStorage for MockEthRejecter {}

sol! {
    /// The rejecter refused ETH.
    #[derive(Debug, PartialEq)]
    error MockEthRefused();
}

#[public]
impl MockEthRejecter {
    /// Refuses every ETH transfer.
    #[receive]
    pub fn receive(&mut self) -> Result<(), Vec<u8>> {
        Err(MockEthRefused {}.abi_encode())
    }
}
