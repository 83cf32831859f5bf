//! The Lrt on the real operator registry with real vaults: one ETH vault
//! ([`setup_eth`], the `security` tests) or an ETH vault and an LST vault
//! ([`setup_eth_and_lst`], the `account_hardening` tests), both registered
//! in the registry and both the Lrt's.
use alloy_primitives::{Address, B256, U256};
use motsu::prelude::*;
use restake_interfaces::NATIVE_ETH;
use restake_lrt::Lrt;
use restake_lrt_account::LrtAccount;
use restake_mock_lst::MockLst;
use restake_registry::{ITestClock, OperatorRegistry};
use restake_vault::Vault;

use crate::{DELAY, DUST, T0};

/// The deployed pieces.
pub struct RegistryEnv<'a> {
    pub lrt: &'a Contract<Lrt>,
    pub registry: &'a Contract<OperatorRegistry>,
    /// The ETH vault.
    pub ev: &'a Contract<Vault>,
    /// The LST vault and its token ([`setup_eth_and_lst`] only).
    pub lst: Option<(&'a Contract<Vault>, &'a Contract<MockLst>)>,
    pub owner: Address,
    pub manager: Address,
    pub slasher: Address,
}

/// The Lrt on the real registry with one uncapped ETH vault.
pub fn setup_eth<'a>(
    lrt: &'a Contract<Lrt>,
    registry: &'a Contract<OperatorRegistry>,
    vault: &'a Contract<Vault>,
    owner: Address,
    manager: Address,
    slasher: Address,
) -> RegistryEnv<'a> {
    deploy(lrt, registry, vault, None, owner, manager, slasher)
}

/// The Lrt on the real registry with an uncapped ETH vault (`ev`) and an
/// uncapped vault of the mock LST (`lv`, the LST its own rate source).
#[allow(clippy::too_many_arguments)]
pub fn setup_eth_and_lst<'a>(
    lrt: &'a Contract<Lrt>,
    registry: &'a Contract<OperatorRegistry>,
    ev: &'a Contract<Vault>,
    lv: &'a Contract<Vault>,
    lst: &'a Contract<MockLst>,
    owner: Address,
    manager: Address,
    slasher: Address,
) -> RegistryEnv<'a> {
    deploy(lrt, registry, ev, Some((lv, lst)), owner, manager, slasher)
}

/// Deploys and wires: the registry (delay [`DELAY`], clock at [`T0`]), the
/// LST if any, each vault (`slasher` its slashing manager) whitelisted in the
/// registry, `slasher` the registry's slashing manager, the Lrt (`owner`,
/// `manager`, clock at [`T0`]) with each vault's asset uncapped.
fn deploy<'a>(
    lrt: &'a Contract<Lrt>,
    registry: &'a Contract<OperatorRegistry>,
    ev: &'a Contract<Vault>,
    lst: Option<(&'a Contract<Vault>, &'a Contract<MockLst>)>,
    owner: Address,
    manager: Address,
    slasher: Address,
) -> RegistryEnv<'a> {
    registry
        .sender(owner)
        .constructor(owner, DELAY, Address::ZERO)
        .motsu_unwrap();
    registry.sender(owner).set_test_timestamp(T0);
    let mut vaults = vec![(ev, NATIVE_ETH)];
    if let Some((lv, token)) = lst {
        token.sender(owner).constructor(owner).motsu_unwrap();
        vaults.push((lv, token.address()));
    }
    for (vault, asset) in vaults {
        vault
            .sender(owner)
            .constructor(asset, owner, owner, registry.address(), slasher, U256::MAX)
            .motsu_unwrap();
        registry
            .sender(owner)
            .add_vault(vault.address())
            .motsu_unwrap();
    }
    registry
        .sender(owner)
        .set_slashing_manager(slasher)
        .motsu_unwrap();
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
        .add_asset(NATIVE_ETH, ev.address(), U256::MAX, Address::ZERO)
        .motsu_unwrap();
    if let Some((lv, token)) = lst {
        lrt.sender(owner)
            .add_asset(token.address(), lv.address(), U256::MAX, token.address())
            .motsu_unwrap();
    }
    RegistryEnv {
        lrt,
        registry,
        ev,
        lst,
        owner,
        manager,
        slasher,
    }
}

impl RegistryEnv<'_> {
    /// The LST vault and its token (panics without them).
    fn lst_pair(&self) -> (&Contract<Vault>, &Contract<MockLst>) {
        self.lst.expect("set up with an LST vault")
    }

    /// Registers `op` as an operator (no approver).
    pub fn register(&self, op: Address) {
        self.registry
            .sender(op)
            .register_as_operator(Address::ZERO, 0, b"op")
            .motsu_unwrap();
    }

    /// Registers `op` in the registry (unless it is already an operator) and
    /// adds it to the Lrt with `account`.
    pub fn add_operator(&self, op: Address, account: &Contract<LrtAccount>) {
        if !self.registry.sender(op).is_operator(op) {
            self.register(op);
        }
        self.lrt
            .sender(self.manager)
            .set_test_next_account(account.address());
        assert_eq!(
            self.lrt
                .sender(self.manager)
                .add_operator(op, [], U256::ZERO, B256::ZERO)
                .motsu_unwrap(),
            account.address()
        );
    }

    /// The slashing manager takes all of `op`'s magnitude in `vault`; the ETH
    /// vault burns what the registry returns.
    pub fn slash_fully(&self, op: Address, vault: Address) {
        let burned = self
            .registry
            .sender(self.slasher)
            .slash_operator(op, vault, 1_000_000_000_000_000_000)
            .motsu_unwrap();
        if !burned.is_zero() {
            self.ev
                .sender(self.slasher)
                .burn_slashed_shares(burned, Address::ZERO)
                .motsu_unwrap();
        }
        assert_eq!(self.registry.sender(op).max_magnitude(op, vault), 0);
    }

    /// The attacker deposits [`DUST`] in each vault for `account`.
    pub fn donate(&self, attacker: Address, account: Address) {
        let (lv, lst) = self.lst_pair();
        attacker.fund(DUST);
        self.ev
            .sender_and_value(attacker, DUST)
            .deposit(DUST, account)
            .motsu_unwrap();
        lst.sender(self.owner).mint(attacker, DUST).motsu_unwrap();
        lst.sender(attacker)
            .approve(lv.address(), DUST)
            .motsu_unwrap();
        lv.sender(attacker).deposit(DUST, account).motsu_unwrap();
    }

    /// Funds `who` with `amount` ETH and mints LRT with it.
    pub fn deposit_eth(&self, who: Address, amount: U256) -> U256 {
        who.fund(amount);
        self.lrt
            .sender_and_value(who, amount)
            .deposit(U256::ZERO)
            .motsu_unwrap()
    }

    /// The Lrt's value.
    pub fn value(&self) -> U256 {
        self.lrt.sender(self.owner).books().motsu_unwrap().0
    }

    /// Sets the registry's and the Lrt's clocks.
    pub fn set_time(&self, t: u64) {
        self.registry.sender(self.owner).set_test_timestamp(t);
        self.lrt.sender(self.owner).set_test_timestamp(t);
    }

    /// What withdrawal `id` is worth now in the Lrt's vaults.
    pub fn queued_value(&self, id: U256) -> U256 {
        let mut total = U256::ZERO;
        let mut vaults = vec![self.ev];
        if let Some((lv, _)) = self.lst {
            vaults.push(lv);
        }
        for vault in vaults {
            let shares = self
                .registry
                .sender(self.owner)
                .pending_redeem_request(id, vault.address())
                .motsu_unwrap();
            total += vault
                .sender(self.owner)
                .convert_to_assets(shares)
                .motsu_unwrap();
        }
        total
    }
}
