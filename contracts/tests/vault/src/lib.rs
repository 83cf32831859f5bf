//! Test doubles for the vault's native tests.
//!
//! [`MockRegistry`] stands in for the operator registry: it records every
//! `onDeposit` hook as an event and can be told to refuse deposits, so the
//! vault's hook call and its revert pass-through can be asserted.
//! [`EthReceiver`] (from `restake-test-fixtures`) receives ETH payouts.
extern crate alloc;

use alloc::vec::Vec;

use alloy_primitives::{Address, U256};
use alloy_sol_types::{sol, SolError};
use stylus_sdk::{prelude::*, storage::StorageBool, stylus_core::log};

pub use restake_test_fixtures::EthReceiver;

sol! {
    /// The registry was told about a deposit.
    #[derive(Debug, PartialEq)]
    event HookCalled(address vault, address staker, uint256 prev_deposit_shares, uint256 added_shares);
    /// The mock refused a deposit.
    #[derive(Debug, PartialEq)]
    error MockRegistryRefused(address staker);
}

/// A registry double that records deposits and can refuse them.
#[storage]
pub struct MockRegistry {
    refuse: StorageBool,
}

unsafe impl TopLevelStorage for MockRegistry {}

#[public]
impl MockRegistry {
    /// Makes every later `onDeposit` revert with [`MockRegistryRefused`].
    pub fn set_refuse(&mut self, refuse: bool) {
        self.refuse.set(refuse);
    }

    /// What the vault's `maxDeposit`/`maxMint` ask: whether `onDeposit`
    /// would accept `staker` (no, once told to refuse).
    pub fn accepts_deposit(&self, staker: Address, vault: Address) -> bool {
        let _ = (staker, vault);
        !self.refuse.get()
    }

    /// The hook the vault calls after crediting deposit shares.
    pub fn on_deposit(
        &mut self,
        staker: Address,
        prev_deposit_shares: U256,
        added_shares: U256,
    ) -> Result<(), Vec<u8>> {
        if self.refuse.get() {
            return Err(MockRegistryRefused { staker }.abi_encode());
        }
        let vault = self.vm().msg_sender();
        log(
            self.vm(),
            HookCalled {
                vault,
                staker,
                prev_deposit_shares,
                added_shares,
            },
        );
        Ok(())
    }
}
