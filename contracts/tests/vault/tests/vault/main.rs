//! The vault with the mock LST and a mock registry, natively (motsu).
//!
//! Every public function, every error path and every event of the vault; the
//! inflation and donation attacks; short-delivering tokens refused (exact
//! previews); maxDeposit per receiver; ETH mode. One module per function
//! or flow; the set-up (`setup`, `Env`) is here.

// motsu reads an account's ETH balance through stylus-sdk's `AddressVM`
// (deprecated there in favour of a contract's `.vm()`, which a test account
// does not have).
#![allow(deprecated)]

use alloy_primitives::{uint, Address, U256};
use alloy_sol_types::SolError;
use motsu::prelude::*;
use restake_interfaces::{
    ownable::{OwnershipTransferStarted, OwnershipTransferred},
    pausable::{Paused, Unpaused},
    vault::*,
    BURN_ADDRESS, NATIVE_ETH,
};
use restake_mock_lst::MockLst;
use restake_test_fixtures::{e18, E18};
use restake_vault::{check_price, Error, Vault};
use restake_vault_tests::{EthReceiver, HookCalled, MockRegistry, MockRegistryRefused};
use stylus_sdk::prelude::*;

const CAP: U256 = uint!(1_000_000_000_000_000_000_000_U256); // 1,000 tokens

#[allow(dead_code)] // `registry` and `slasher` are there for tests to reach
struct Env<'a> {
    vault: &'a Contract<Vault>,
    lst: &'a Contract<MockLst>,
    registry: &'a Contract<MockRegistry>,
    owner: Address,
    slasher: Address,
}

/// An LST vault owned (and paused) by `owner`, wired to the mock registry
/// and to `slasher` as the slashing manager, with a 1,000-token cap.
fn setup<'a>(
    vault: &'a Contract<Vault>,
    lst: &'a Contract<MockLst>,
    registry: &'a Contract<MockRegistry>,
    owner: Address,
    slasher: Address,
) -> Env<'a> {
    lst.sender(owner).constructor(owner).motsu_unwrap();
    vault
        .sender(owner)
        .constructor(
            lst.address(),
            owner,
            owner,
            registry.address(),
            slasher,
            CAP,
        )
        .motsu_unwrap();
    Env {
        vault,
        lst,
        registry,
        owner,
        slasher,
    }
}

impl Env<'_> {
    /// Mints `amount` LST to `who` and approves the vault for all of it.
    fn fund(&self, who: Address, amount: U256) {
        self.lst.sender(self.owner).mint(who, amount).motsu_unwrap();
        self.lst
            .sender(who)
            .approve(self.vault.address(), amount)
            .motsu_unwrap();
    }

    fn deposit(&self, who: Address, amount: U256) -> U256 {
        self.fund(who, amount);
        self.vault.sender(who).deposit(amount, who).motsu_unwrap()
    }

    fn total_assets(&self) -> U256 {
        self.vault.sender(self.owner).total_assets().motsu_unwrap()
    }
}

mod admin;
mod attacks;
mod construction;
mod deposits;
mod encodings;
mod eth;
mod registry_hooks;
mod short_delivery;
