//! The Lrt with two real vaults (ETH and the mock LST, which doubles as its
//! own rate source) over the [`MockRegistry`], and directly deployed
//! sub-accounts: the set-up of the `lrt`, `coverage` and `exits_and_rates`
//! tests.
use alloy_primitives::{Address, B256, U256};
use motsu::prelude::*;
use restake_interfaces::NATIVE_ETH;
use restake_lrt::Lrt;
use restake_lrt_account::LrtAccount;
use restake_mock_lst::MockLst;
use restake_vault::Vault;

use crate::{MockRegistry, CAP, T0};

/// The deployed pieces.
pub struct MockEnv<'a> {
    pub lrt: &'a Contract<Lrt>,
    pub lst: &'a Contract<MockLst>,
    pub eth_vault: &'a Contract<Vault>,
    pub lst_vault: &'a Contract<Vault>,
    pub registry: &'a Contract<MockRegistry>,
    pub owner: Address,
    pub manager: Address,
}

/// [`setup_with_cap`] with a [`CAP`] (1,000 tokens) cap per asset.
pub fn setup<'a>(
    lrt: &'a Contract<Lrt>,
    lst: &'a Contract<MockLst>,
    eth_vault: &'a Contract<Vault>,
    lst_vault: &'a Contract<Vault>,
    registry: &'a Contract<MockRegistry>,
    owner: Address,
    manager: Address,
) -> MockEnv<'a> {
    setup_with_cap(
        lrt, lst, eth_vault, lst_vault, registry, owner, manager, CAP,
    )
}

/// Deploys and wires: the mock LST, an uncapped ETH vault and an uncapped
/// LST vault on the mock registry (`owner` their owner, pauser and slashing
/// manager), the Lrt (`owner`, `manager`, clock at [`T0`]) with both assets
/// capped at `cap` (the LST its own rate source).
#[allow(clippy::too_many_arguments)]
pub fn setup_with_cap<'a>(
    lrt: &'a Contract<Lrt>,
    lst: &'a Contract<MockLst>,
    eth_vault: &'a Contract<Vault>,
    lst_vault: &'a Contract<Vault>,
    registry: &'a Contract<MockRegistry>,
    owner: Address,
    manager: Address,
    cap: U256,
) -> MockEnv<'a> {
    lst.sender(owner).constructor(owner).motsu_unwrap();
    for (vault, asset) in [(eth_vault, NATIVE_ETH), (lst_vault, lst.address())] {
        vault
            .sender(owner)
            .constructor(asset, owner, owner, registry.address(), owner, U256::MAX)
            .motsu_unwrap();
    }
    lrt.sender(owner)
        .constructor(
            owner,
            manager,
            registry.address(),
            Address::ZERO,
            Address::ZERO,
        )
        .motsu_unwrap();
    lrt.sender(owner).set_test_timestamp(T0);
    lrt.sender(owner)
        .add_asset(NATIVE_ETH, eth_vault.address(), cap, Address::ZERO)
        .motsu_unwrap();
    lrt.sender(owner)
        .add_asset(lst.address(), lst_vault.address(), cap, lst.address())
        .motsu_unwrap();
    MockEnv {
        lrt,
        lst,
        eth_vault,
        lst_vault,
        registry,
        owner,
        manager,
    }
}

impl MockEnv<'_> {
    /// The manager adds `operator` with `account` as its sub-account.
    pub fn add_operator(&self, operator: Address, account: &Contract<LrtAccount>) {
        self.lrt
            .sender(self.manager)
            .set_test_next_account(account.address());
        let got = self
            .lrt
            .sender(self.manager)
            .add_operator(operator, [], U256::ZERO, B256::ZERO)
            .motsu_unwrap();
        assert_eq!(got, account.address());
    }

    /// Funds `who` with `amount` ETH and mints LRT with it.
    pub fn deposit_eth(&self, who: Address, amount: U256) -> U256 {
        who.fund(amount);
        self.lrt
            .sender_and_value(who, amount)
            .deposit(U256::ZERO)
            .motsu_unwrap()
    }

    /// Mints `amount` LST to `who` and approves the Lrt for it.
    pub fn fund_lst(&self, who: Address, amount: U256) {
        self.lst.sender(self.owner).mint(who, amount).motsu_unwrap();
        self.lst
            .sender(who)
            .approve(self.lrt.address(), amount)
            .motsu_unwrap();
    }

    /// Funds `who` with `amount` LST and mints LRT with it.
    pub fn deposit_lst(&self, who: Address, amount: U256) -> U256 {
        self.fund_lst(who, amount);
        self.lrt
            .sender(who)
            .deposit_token(self.lst.address(), amount, U256::ZERO)
            .motsu_unwrap()
    }

    /// The Lrt's books: (value, supply, idle, pending).
    pub fn books(&self) -> (U256, U256, U256, U256) {
        self.lrt.sender(self.owner).books().motsu_unwrap()
    }

    /// The Lrt's rate.
    pub fn rate(&self) -> U256 {
        self.lrt.sender(self.owner).rate().motsu_unwrap()
    }

    /// Sets the Lrt's clock.
    pub fn at(&self, t: u64) {
        self.lrt.sender(self.owner).set_test_timestamp(t);
    }
}
