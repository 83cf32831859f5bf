//! The vault with the mock LST and a mock registry, natively (motsu).
//!
//! Every public function, every error path and every event of the vault; the
//! inflation and donation attacks; short-delivering tokens refused (exact
//! previews); maxDeposit per receiver; ETH mode.

// motsu reads an account's ETH balance through stylus-sdk's `AddressVM`
// (deprecated there in favour of a contract's `.vm()`, which a test account
// does not have).
#![allow(deprecated)]

use alloy_primitives::{uint, Address, U256};
use alloy_sol_types::SolError;
use motsu::prelude::*;
use openzeppelin_stylus::{
    access::{ownable::OwnershipTransferred, ownable_two_step::OwnershipTransferStarted},
    utils::pausable::{Paused, Unpaused},
};
use restake_interfaces::{vault::*, BURN_ADDRESS, NATIVE_ETH};
use restake_mock_lst::MockLst;
use restake_vault::{check_price, Error, Vault};
use restake_vault_tests::{EthReceiver, HookCalled, MockRegistry, MockRegistryRefused};
use stylus_sdk::prelude::*;

const E18: U256 = uint!(1_000_000_000_000_000_000_U256);
const CAP: U256 = uint!(1_000_000_000_000_000_000_000_U256); // 1,000 tokens

fn e18(n: u64) -> U256 {
    U256::from(n) * E18
}

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

// ---------------------------------------------------------------------------
// Construction and views
// ---------------------------------------------------------------------------

#[motsu::test]
fn constructor_wires_roles_and_emits(
    vault: Contract<Vault>,
    lst: Contract<MockLst>,
    registry: Contract<MockRegistry>,
    owner: Address,
    slasher: Address,
) {
    let env = setup(&vault, &lst, &registry, owner, slasher);
    let v = env.vault.sender(owner);
    assert_eq!(v.asset(), lst.address());
    assert_eq!(v.owner(), owner);
    assert_eq!(v.pending_owner(), Address::ZERO);
    assert_eq!(v.pauser(), owner);
    assert_eq!(v.registry(), registry.address());
    assert_eq!(v.slashing_manager(), slasher);
    assert_eq!(v.deposit_cap(), CAP);
    assert!(!v.paused());
    assert_eq!(v.total_shares(), U256::ZERO);
    drop(v);
    assert_eq!(env.total_assets(), U256::ZERO);
    vault.assert_emitted(&OwnershipTransferred {
        previous_owner: Address::ZERO,
        new_owner: owner,
    });
    vault.assert_emitted(&PauserSet {
        previous_pauser: Address::ZERO,
        new_pauser: owner,
    });
    vault.assert_emitted(&DepositCapSet {
        previous_cap: U256::ZERO,
        new_cap: CAP,
    });
}

#[motsu::test]
fn constructor_rejects_zero_asset(vault: Contract<Vault>, owner: Address) {
    let err = vault
        .sender(owner)
        .constructor(Address::ZERO, owner, owner, owner, owner, CAP)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::ZeroAddress(_)));
}

#[motsu::test]
fn constructor_rejects_zero_owner(vault: Contract<Vault>, lst: Contract<MockLst>, owner: Address) {
    let err = vault
        .sender(owner)
        .constructor(lst.address(), Address::ZERO, owner, owner, owner, CAP)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::OwnableInvalidOwner(e) if e.owner == Address::ZERO));
}

#[motsu::test]
fn views_follow_the_share_price(
    vault: Contract<Vault>,
    lst: Contract<MockLst>,
    registry: Contract<MockRegistry>,
    owner: Address,
    slasher: Address,
    alice: Address,
) {
    let env = setup(&vault, &lst, &registry, owner, slasher);
    // Empty vault: 1:1 through the virtual offset.
    assert_eq!(
        vault.sender(alice).convert_to_shares(e18(1)).motsu_unwrap(),
        e18(1)
    );
    assert_eq!(
        vault.sender(alice).convert_to_assets(e18(1)).motsu_unwrap(),
        e18(1)
    );
    assert_eq!(vault.sender(alice).max_deposit(alice).motsu_unwrap(), CAP);
    assert_eq!(vault.sender(alice).max_mint(alice).motsu_unwrap(), CAP);

    env.deposit(alice, e18(100));
    // A 50-token donation: price = (150e18 + 1000) / (100e18 + 1000).
    lst.sender(owner)
        .mint(vault.address(), e18(50))
        .motsu_unwrap();
    let a = e18(150) + U256::from(1000);
    let s = e18(100) + U256::from(1000);
    assert_eq!(env.total_assets(), e18(150));
    assert_eq!(
        vault.sender(alice).convert_to_shares(e18(3)).motsu_unwrap(),
        e18(3) * s / a
    );
    assert_eq!(
        vault.sender(alice).preview_deposit(e18(3)).motsu_unwrap(),
        e18(3) * s / a
    );
    assert_eq!(
        vault.sender(alice).convert_to_assets(e18(2)).motsu_unwrap(),
        e18(2) * a / s
    );
    // previewMint rounds up: 1 share costs ceil(a / s) = 2 wei.
    assert_eq!(
        vault
            .sender(alice)
            .preview_mint(U256::from(1))
            .motsu_unwrap(),
        U256::from(2)
    );
    assert_eq!(
        vault
            .sender(alice)
            .convert_to_assets(U256::from(1))
            .motsu_unwrap(),
        U256::from(1)
    );
    assert_eq!(
        vault.sender(alice).max_deposit(alice).motsu_unwrap(),
        CAP - e18(150)
    );
    assert_eq!(
        vault.sender(alice).max_mint(alice).motsu_unwrap(),
        (CAP - e18(150)) * s / a
    );
    assert_eq!(vault.sender(alice).deposit_shares(alice), e18(100));
    assert_eq!(vault.sender(alice).deposit_shares(owner), U256::ZERO);
}

// ---------------------------------------------------------------------------
// Deposits and mints
// ---------------------------------------------------------------------------

#[motsu::test]
fn deposit_credits_shares_tells_registry_and_emits(
    vault: Contract<Vault>,
    lst: Contract<MockLst>,
    registry: Contract<MockRegistry>,
    owner: Address,
    slasher: Address,
    alice: Address,
    bob: Address,
) {
    let env = setup(&vault, &lst, &registry, owner, slasher);
    env.fund(alice, e18(10));
    let shares = vault.sender(alice).deposit(e18(4), alice).motsu_unwrap();
    assert_eq!(shares, e18(4));
    assert_eq!(vault.sender(alice).deposit_shares(alice), e18(4));
    assert_eq!(vault.sender(alice).total_shares(), e18(4));
    assert_eq!(env.total_assets(), e18(4));
    assert_eq!(lst.sender(alice).balance_of(alice), e18(6));
    vault.assert_emitted(&Deposit {
        sender: alice,
        owner: alice,
        assets: e18(4),
        shares: e18(4),
    });
    registry.assert_emitted(&HookCalled {
        vault: vault.address(),
        staker: alice,
        prev_deposit_shares: U256::ZERO,
        added_shares: e18(4),
    });

    // Depositing for someone else credits the receiver.
    let shares = vault.sender(alice).deposit(e18(6), bob).motsu_unwrap();
    assert_eq!(shares, e18(6));
    assert_eq!(vault.sender(alice).deposit_shares(bob), e18(6));
    assert_eq!(vault.sender(alice).deposit_shares(alice), e18(4));
    vault.assert_emitted(&Deposit {
        sender: alice,
        owner: bob,
        assets: e18(6),
        shares: e18(6),
    });

    // A second deposit reports the previous deposit shares to the registry.
    env.deposit(alice, e18(1));
    registry.assert_emitted(&HookCalled {
        vault: vault.address(),
        staker: alice,
        prev_deposit_shares: e18(4),
        added_shares: e18(1),
    });
}

#[motsu::test]
fn mint_charges_the_rounded_up_price(
    vault: Contract<Vault>,
    lst: Contract<MockLst>,
    registry: Contract<MockRegistry>,
    owner: Address,
    slasher: Address,
    alice: Address,
    bob: Address,
) {
    let env = setup(&vault, &lst, &registry, owner, slasher);
    env.deposit(alice, e18(100));
    lst.sender(owner)
        .mint(vault.address(), e18(50))
        .motsu_unwrap();
    let cost = vault.sender(bob).preview_mint(e18(2)).motsu_unwrap();
    let a = e18(150) + U256::from(1000);
    let s = e18(100) + U256::from(1000);
    let exact = e18(2) * a;
    let expected = exact / s + U256::from(u8::from(exact % s != U256::ZERO));
    assert_eq!(cost, expected);
    env.fund(bob, cost);
    let paid = vault.sender(bob).mint(e18(2), bob).motsu_unwrap();
    assert_eq!(paid, cost);
    assert_eq!(vault.sender(bob).deposit_shares(bob), e18(2));
    assert_eq!(lst.sender(bob).balance_of(bob), U256::ZERO);
    vault.assert_emitted(&Deposit {
        sender: bob,
        owner: bob,
        assets: cost,
        shares: e18(2),
    });
}

#[motsu::test]
fn deposit_and_mint_reject_zero(
    vault: Contract<Vault>,
    lst: Contract<MockLst>,
    registry: Contract<MockRegistry>,
    owner: Address,
    slasher: Address,
    alice: Address,
) {
    let env = setup(&vault, &lst, &registry, owner, slasher);
    env.fund(alice, e18(1));
    let err = vault
        .sender(alice)
        .deposit(U256::ZERO, alice)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::ZeroAmount(_)));
    let err = vault
        .sender(alice)
        .mint(U256::ZERO, alice)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::ZeroAmount(_)));
    let err = vault
        .sender(alice)
        .deposit(e18(1), Address::ZERO)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::ZeroAddress(_)));
    // Nothing moved.
    assert_eq!(lst.sender(alice).balance_of(alice), e18(1));
    assert_eq!(vault.sender(alice).total_shares(), U256::ZERO);
}

#[motsu::test]
fn deposit_cap_edges(
    vault: Contract<Vault>,
    lst: Contract<MockLst>,
    registry: Contract<MockRegistry>,
    owner: Address,
    slasher: Address,
    alice: Address,
) {
    let env = setup(&vault, &lst, &registry, owner, slasher);
    env.fund(alice, CAP + U256::from(1));
    vault
        .sender(alice)
        .deposit(CAP - U256::from(1), alice)
        .motsu_unwrap();
    // One wei more than the room left fails, naming the numbers.
    let err = vault
        .sender(alice)
        .deposit(U256::from(2), alice)
        .motsu_unwrap_err();
    match err {
        Error::DepositCapExceeded(e) => {
            assert_eq!(
                (e.cap, e.total_assets, e.requested),
                (CAP, CAP - U256::from(1), U256::from(2))
            );
        }
        other => panic!("unexpected {other:?}"),
    }
    // Exactly up to the cap works; then the room is zero.
    vault
        .sender(alice)
        .deposit(U256::from(1), alice)
        .motsu_unwrap();
    assert_eq!(env.total_assets(), CAP);
    assert_eq!(
        vault.sender(alice).max_deposit(alice).motsu_unwrap(),
        U256::ZERO
    );
    assert_eq!(
        vault.sender(alice).max_mint(alice).motsu_unwrap(),
        U256::ZERO
    );
    let err = vault
        .sender(alice)
        .mint(U256::from(1), alice)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::DepositCapExceeded(_)));

    // The owner raises the cap; a stranger cannot.
    let err = vault
        .sender(alice)
        .set_deposit_cap(U256::MAX)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::OwnableUnauthorizedAccount(e) if e.account == alice));
    assert_eq!(vault.sender(alice).deposit_cap(), CAP);
    vault
        .sender(owner)
        .set_deposit_cap(U256::MAX)
        .motsu_unwrap();
    vault.assert_emitted(&DepositCapSet {
        previous_cap: CAP,
        new_cap: U256::MAX,
    });
    vault
        .sender(alice)
        .deposit(U256::from(1), alice)
        .motsu_unwrap();
}

#[motsu::test]
fn deposit_overflowing_the_cap_check_is_a_math_error(
    vault: Contract<Vault>,
    lst: Contract<MockLst>,
    registry: Contract<MockRegistry>,
    owner: Address,
    slasher: Address,
    alice: Address,
) {
    let env = setup(&vault, &lst, &registry, owner, slasher);
    vault
        .sender(owner)
        .set_deposit_cap(U256::MAX)
        .motsu_unwrap();
    env.deposit(alice, U256::from(5));
    let err = vault
        .sender(alice)
        .deposit(U256::MAX, alice)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::Math(e) if e.code == restake_interfaces::math_code::OVERFLOW));
}

#[motsu::test]
fn deposit_without_allowance_fails_and_changes_nothing(
    vault: Contract<Vault>,
    lst: Contract<MockLst>,
    registry: Contract<MockRegistry>,
    owner: Address,
    slasher: Address,
    alice: Address,
) {
    let _env = setup(&vault, &lst, &registry, owner, slasher);
    lst.sender(owner).mint(alice, e18(1)).motsu_unwrap();
    let err = vault
        .sender(alice)
        .deposit(e18(1), alice)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::SafeErc20FailedOperation(e) if e.token == lst.address()));
    assert_eq!(vault.sender(alice).deposit_shares(alice), U256::ZERO);
    assert_eq!(lst.sender(alice).balance_of(alice), e18(1));
}

#[motsu::test]
fn token_vault_rejects_eth(
    vault: Contract<Vault>,
    lst: Contract<MockLst>,
    registry: Contract<MockRegistry>,
    owner: Address,
    slasher: Address,
    alice: Address,
) {
    let env = setup(&vault, &lst, &registry, owner, slasher);
    env.fund(alice, e18(1));
    alice.fund(e18(1));
    let err = vault
        .sender_and_value(alice, e18(1))
        .deposit(e18(1), alice)
        .motsu_unwrap_err();
    match err {
        Error::ValueMismatch(e) => assert_eq!((e.expected, e.sent), (U256::ZERO, e18(1))),
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(alice.balance(), e18(1));
}

#[motsu::test]
fn registry_refusal_is_passed_through(
    vault: Contract<Vault>,
    lst: Contract<MockLst>,
    registry: Contract<MockRegistry>,
    owner: Address,
    slasher: Address,
    alice: Address,
) {
    let env = setup(&vault, &lst, &registry, owner, slasher);
    env.fund(alice, e18(1));
    registry.sender(owner).set_refuse(true);
    let err = vault
        .sender(alice)
        .deposit(e18(1), alice)
        .motsu_unwrap_err();
    match err {
        Error::Registry(data) => {
            assert_eq!(data, MockRegistryRefused { staker: alice }.abi_encode())
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(vault.sender(alice).deposit_shares(alice), U256::ZERO);
    assert_eq!(lst.sender(alice).balance_of(alice), e18(1));
}

#[motsu::test]
fn dust_deposit_that_buys_no_share_reverts(
    vault: Contract<Vault>,
    lst: Contract<MockLst>,
    registry: Contract<MockRegistry>,
    owner: Address,
    slasher: Address,
    alice: Address,
    bob: Address,
) {
    let env = setup(&vault, &lst, &registry, owner, slasher);
    env.deposit(alice, U256::from(1));
    lst.sender(owner)
        .mint(vault.address(), e18(1))
        .motsu_unwrap();
    env.fund(bob, U256::from(1));
    let err = vault
        .sender(bob)
        .deposit(U256::from(1), bob)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::ZeroShares(e) if e.assets == U256::from(1)));
    assert_eq!(lst.sender(bob).balance_of(bob), U256::from(1));
}

// ---------------------------------------------------------------------------
// Fee-on-transfer and short-delivering tokens
// ---------------------------------------------------------------------------

/// Regression (security issue 11, ERC-4626): `previewDeposit` MUST NOT
/// promise more shares than `deposit` mints. The old vault previewed 100
/// shares for 100 tokens and then minted 99 on a 1% fee-on-transfer token
/// (and 10e18 - 2 on a stETH-style 2-wei shortfall, previewed 10e18). Now a
/// short delivery is refused with `VaultInsufficientAssetsReceived(100e18,
/// 99e18)` (and `(10e18, 10e18 - 2)`), nothing changes, and an exact
/// deposit mints exactly its preview.
#[motsu::test]
fn preview_deposit_never_exceeds_what_a_short_delivering_token_mints(
    vault: Contract<Vault>,
    lst: Contract<MockLst>,
    registry: Contract<MockRegistry>,
    owner: Address,
    slasher: Address,
    alice: Address,
    bob: Address,
) {
    let env = setup(&vault, &lst, &registry, owner, slasher);
    env.fund(alice, e18(100));
    env.fund(bob, e18(10));
    // 1% fee: previewDeposit(100) promises 100 shares; only 99 tokens would arrive.
    lst.sender(owner)
        .set_transfer_fee(U256::from(100), U256::ZERO)
        .motsu_unwrap();
    assert_eq!(
        vault.sender(alice).preview_deposit(e18(100)).motsu_unwrap(),
        e18(100)
    );
    let err = vault
        .sender(alice)
        .deposit(e18(100), alice)
        .motsu_unwrap_err();
    match err {
        Error::InsufficientAssetsReceived(e) => {
            assert_eq!((e.expected, e.received), (e18(100), e18(99)))
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(env.total_assets(), U256::ZERO);
    assert_eq!(vault.sender(alice).total_shares(), U256::ZERO);
    assert_eq!(vault.sender(alice).deposit_shares(alice), U256::ZERO);
    assert_eq!(lst.sender(alice).balance_of(alice), e18(100));
    // stETH-style 2-wei shortfall: refused the same way.
    lst.sender(owner)
        .set_transfer_fee(U256::ZERO, U256::from(2))
        .motsu_unwrap();
    assert_eq!(
        vault.sender(bob).preview_deposit(e18(10)).motsu_unwrap(),
        e18(10)
    );
    let err = vault.sender(bob).deposit(e18(10), bob).motsu_unwrap_err();
    match err {
        Error::InsufficientAssetsReceived(e) => {
            assert_eq!((e.expected, e.received), (e18(10), e18(10) - U256::from(2)))
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(lst.sender(bob).balance_of(bob), e18(10));
    // A mint that would be short-delivered reverts instead of minting.
    let cost = vault
        .sender(bob)
        .preview_mint(U256::from(1000))
        .motsu_unwrap();
    let err = vault
        .sender(bob)
        .mint(U256::from(1000), bob)
        .motsu_unwrap_err();
    match err {
        Error::InsufficientAssetsReceived(e) => {
            assert_eq!((e.expected, e.received), (cost, cost - U256::from(2)))
        }
        other => panic!("unexpected {other:?}"),
    }
    // An exact token: deposit mints exactly previewDeposit, after a donation too.
    lst.sender(owner)
        .set_transfer_fee(U256::ZERO, U256::ZERO)
        .motsu_unwrap();
    let preview = vault.sender(alice).preview_deposit(e18(100)).motsu_unwrap();
    assert_eq!(
        vault.sender(alice).deposit(e18(100), alice).motsu_unwrap(),
        preview
    );
    lst.sender(owner)
        .mint(vault.address(), e18(7))
        .motsu_unwrap();
    let preview = vault.sender(bob).preview_deposit(e18(10)).motsu_unwrap();
    assert_eq!(
        preview,
        e18(10) * (e18(100) + U256::from(1000)) / (e18(107) + U256::from(1000))
    );
    assert_eq!(
        vault.sender(bob).deposit(e18(10), bob).motsu_unwrap(),
        preview
    );
    vault.assert_emitted(&Deposit {
        sender: bob,
        owner: bob,
        assets: e18(10),
        shares: preview,
    });
}

/// Regression (security issue 11, ERC-4626): `maxDeposit(receiver)` and
/// `maxMint(receiver)` MUST NOT exceed what a deposit for `receiver` would
/// accept. The old vault ignored the receiver and reported the cap room
/// (1,000 tokens) while the registry refused every deposit for it; now both
/// are 0 for a receiver the registry refuses and for the zero address, and
/// the full room (1,000 tokens, 1,000e18 shares) otherwise.
#[motsu::test]
fn max_deposit_is_zero_for_a_receiver_the_registry_refuses(
    vault: Contract<Vault>,
    lst: Contract<MockLst>,
    registry: Contract<MockRegistry>,
    owner: Address,
    slasher: Address,
    alice: Address,
) {
    let env = setup(&vault, &lst, &registry, owner, slasher);
    assert_eq!(vault.sender(alice).max_deposit(alice).motsu_unwrap(), CAP);
    assert_eq!(vault.sender(alice).max_mint(alice).motsu_unwrap(), CAP);
    // The zero address: deposit reverts VaultZeroAddress, so no room.
    assert_eq!(
        vault
            .sender(alice)
            .max_deposit(Address::ZERO)
            .motsu_unwrap(),
        U256::ZERO
    );
    assert_eq!(
        vault.sender(alice).max_mint(Address::ZERO).motsu_unwrap(),
        U256::ZERO
    );
    registry.sender(owner).set_refuse(true);
    assert_eq!(
        vault.sender(alice).max_deposit(alice).motsu_unwrap(),
        U256::ZERO
    );
    assert_eq!(
        vault.sender(alice).max_mint(alice).motsu_unwrap(),
        U256::ZERO
    );
    env.fund(alice, e18(1));
    assert!(matches!(
        vault
            .sender(alice)
            .deposit(e18(1), alice)
            .motsu_unwrap_err(),
        Error::Registry(_)
    ));
    registry.sender(owner).set_refuse(false);
    assert_eq!(vault.sender(alice).max_deposit(alice).motsu_unwrap(), CAP);
}

// ---------------------------------------------------------------------------
// Attacks
// ---------------------------------------------------------------------------

#[motsu::test]
fn first_depositor_inflation_attack_loses_the_attacker_money(
    vault: Contract<Vault>,
    lst: Contract<MockLst>,
    registry: Contract<MockRegistry>,
    owner: Address,
    slasher: Address,
    attacker: Address,
    victim: Address,
) {
    let env = setup(&vault, &lst, &registry, owner, slasher);
    vault
        .sender(owner)
        .set_deposit_cap(U256::MAX)
        .motsu_unwrap();
    // The attacker deposits 1 wei, then donates 10 tokens straight to the vault.
    assert_eq!(env.deposit(attacker, U256::from(1)), U256::from(1));
    lst.sender(owner).mint(attacker, e18(10)).motsu_unwrap();
    lst.sender(attacker)
        .transfer(vault.address(), e18(10))
        .motsu_unwrap();
    // The victim deposits 10 tokens and still gets shares (no zero-share theft).
    let victim_shares = env.deposit(victim, e18(10));
    assert_eq!(victim_shares, U256::from(1000));
    let attacker_value = vault
        .sender(attacker)
        .convert_to_assets(U256::from(1))
        .motsu_unwrap();
    let victim_value = vault
        .sender(victim)
        .convert_to_assets(victim_shares)
        .motsu_unwrap();
    // The virtual shares absorb the donation: the attacker spent 10e18 + 1
    // and holds 0.009995e18; the victim keeps 99.95% of its deposit.
    assert_eq!(attacker_value, U256::from(9_995_002_498_750_625u64));
    assert_eq!(victim_value, U256::from(9_995_002_498_750_625_187u128));
    assert!(attacker_value < e18(10) / U256::from(1000));
}

#[motsu::test]
fn donation_raises_the_price_for_everyone_and_costs_the_donor(
    vault: Contract<Vault>,
    lst: Contract<MockLst>,
    registry: Contract<MockRegistry>,
    owner: Address,
    slasher: Address,
    attacker: Address,
    alice: Address,
) {
    let env = setup(&vault, &lst, &registry, owner, slasher);
    env.deposit(alice, e18(90));
    let attacker_shares = env.deposit(attacker, e18(10));
    // The attacker donates 10 tokens hoping to inflate its own position.
    lst.sender(owner).mint(attacker, e18(10)).motsu_unwrap();
    lst.sender(attacker)
        .transfer(vault.address(), e18(10))
        .motsu_unwrap();
    let attacker_value = vault
        .sender(attacker)
        .convert_to_assets(attacker_shares)
        .motsu_unwrap();
    // Spent 20, holds a tenth of 110 (less virtual dust): a 9-token loss.
    assert!(attacker_value < e18(20));
    assert_eq!(attacker_value, U256::from(10_999_999_999_999_999_990u128));
    // The price never fell for alice.
    assert!(
        vault
            .sender(alice)
            .convert_to_assets(e18(90))
            .motsu_unwrap()
            >= e18(90)
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
    /// No sequence of deposits, donations and payouts lowers the share price,
    /// and no deposit-then-withdraw round trip pays more than went in.
    #[test]
    fn price_never_falls_and_round_trips_never_gain(
        ops in proptest::collection::vec((0u8..4, 1u64..1_000_000_000_000_000_000u64), 1..24)
    ) {
        let vault = Contract::<Vault>::new();
        let lst = Contract::<MockLst>::new();
        let registry = Contract::<MockRegistry>::new();
        let owner = Address::random();
        let slasher = Address::random();
        let user = Address::random();
        let env = setup(&vault, &lst, &registry, owner, slasher);
        vault.sender(owner).set_deposit_cap(U256::MAX).motsu_unwrap();
        let price = |v: &Contract<Vault>| {
            let s = v.sender(owner).total_shares() + U256::from(1000);
            let a = v.sender(owner).total_assets().motsu_unwrap() + U256::from(1000);
            (a, s)
        };
        for (op, amount) in ops {
            let amount = U256::from(amount);
            let (a0, s0) = price(&vault);
            match op {
                0 => {
                    env.fund(user, amount);
                    let _ = vault.sender(user).deposit(amount, user).motsu_res();
                }
                1 => {
                    // Deposit then immediately pay the same shares out.
                    env.fund(user, amount);
                    if let Ok(shares) = vault.sender(user).deposit(amount, user).motsu_res() {
                        vault.sender(registry.address()).remove_deposit_shares(user, shares).motsu_unwrap();
                        let before = lst.sender(user).balance_of(user);
                        let out = vault.sender(registry.address()).withdraw_to(user, user, shares).motsu_unwrap();
                        proptest::prop_assert!(out <= amount, "round trip gained: in {} out {}", amount, out);
                        proptest::prop_assert_eq!(lst.sender(user).balance_of(user), before + out);
                    }
                }
                2 => lst.sender(owner).mint(vault.address(), amount).motsu_unwrap(),
                _ => {
                    let total = vault.sender(owner).total_shares();
                    let burn = amount.min(total);
                    vault.sender(slasher).burn_slashed_shares(burn, Address::ZERO).motsu_unwrap();
                }
            }
            let (a1, s1) = price(&vault);
            // a1/s1 >= a0/s0
            proptest::prop_assert!(a1 * s0 >= a0 * s1, "price fell: {}/{} -> {}/{}", a0, s0, a1, s1);
        }
    }
}

#[test]
fn price_guard_names_the_totals() {
    use restake_math::VaultTotals;
    let before = VaultTotals {
        total_shares: e18(10),
        total_assets: e18(10),
    };
    let worse = VaultTotals {
        total_shares: e18(11),
        total_assets: e18(10),
    };
    let err = check_price(before, worse).unwrap_err();
    match err {
        Error::SharePriceDecreased(e) => {
            assert_eq!(
                (
                    e.assets_before,
                    e.shares_before,
                    e.assets_after,
                    e.shares_after
                ),
                (e18(10), e18(10), e18(10), e18(11))
            );
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(check_price(before, before).is_ok());
    assert!(check_price(
        before,
        VaultTotals {
            total_shares: e18(11),
            total_assets: e18(11)
        }
    )
    .is_ok());
}

// ---------------------------------------------------------------------------
// Pause, pauser, ownership
// ---------------------------------------------------------------------------

#[motsu::test]
fn pauser_pauses_deposits_only(
    vault: Contract<Vault>,
    lst: Contract<MockLst>,
    registry: Contract<MockRegistry>,
    owner: Address,
    slasher: Address,
    alice: Address,
    guardian: Address,
) {
    let env = setup(&vault, &lst, &registry, owner, slasher);
    let shares = env.deposit(alice, e18(5));
    // The owner hands the pauser role to a guardian.
    let err = vault.sender(alice).set_pauser(alice).motsu_unwrap_err();
    assert!(matches!(err, Error::OwnableUnauthorizedAccount(_)));
    vault.sender(owner).set_pauser(guardian).motsu_unwrap();
    vault.assert_emitted(&PauserSet {
        previous_pauser: owner,
        new_pauser: guardian,
    });
    assert_eq!(vault.sender(alice).pauser(), guardian);

    let err = vault.sender(owner).pause().motsu_unwrap_err();
    assert!(matches!(err, Error::Unauthorized(e) if e.caller == owner));
    let err = vault.sender(guardian).unpause().motsu_unwrap_err();
    assert!(matches!(err, Error::ExpectedPause(_)));
    vault.sender(guardian).pause().motsu_unwrap();
    vault.assert_emitted(&Paused { account: guardian });
    assert!(vault.sender(alice).paused());
    let err = vault.sender(guardian).pause().motsu_unwrap_err();
    assert!(matches!(err, Error::EnforcedPause(_)));

    env.fund(alice, e18(1));
    let err = vault
        .sender(alice)
        .deposit(e18(1), alice)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::EnforcedPause(_)));
    let err = vault.sender(alice).mint(e18(1), alice).motsu_unwrap_err();
    assert!(matches!(err, Error::EnforcedPause(_)));
    assert_eq!(
        vault.sender(alice).max_deposit(alice).motsu_unwrap(),
        U256::ZERO
    );
    assert_eq!(
        vault.sender(alice).max_mint(alice).motsu_unwrap(),
        U256::ZERO
    );
    // Exits and slashing keep working while paused.
    vault
        .sender(registry.address())
        .remove_deposit_shares(alice, shares)
        .motsu_unwrap();
    vault
        .sender(registry.address())
        .withdraw_to(alice, alice, e18(2))
        .motsu_unwrap();
    vault
        .sender(slasher)
        .burn_slashed_shares(e18(1), Address::ZERO)
        .motsu_unwrap();

    let err = vault.sender(alice).unpause().motsu_unwrap_err();
    assert!(matches!(err, Error::Unauthorized(_)));
    vault.sender(guardian).unpause().motsu_unwrap();
    vault.assert_emitted(&Unpaused { account: guardian });
    vault.sender(alice).deposit(e18(1), alice).motsu_unwrap();
}

#[motsu::test]
fn ownership_moves_in_two_steps(
    vault: Contract<Vault>,
    lst: Contract<MockLst>,
    registry: Contract<MockRegistry>,
    owner: Address,
    slasher: Address,
    alice: Address,
    bob: Address,
) {
    let _env = setup(&vault, &lst, &registry, owner, slasher);
    let err = vault
        .sender(alice)
        .transfer_ownership(alice)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::OwnableUnauthorizedAccount(_)));
    vault.sender(owner).transfer_ownership(alice).motsu_unwrap();
    assert!(vault.emitted(&OwnershipTransferStarted {
        previous_owner: owner,
        new_owner: alice
    }));
    assert_eq!(vault.sender(bob).pending_owner(), alice);
    assert_eq!(vault.sender(bob).owner(), owner);
    let err = vault.sender(bob).accept_ownership().motsu_unwrap_err();
    assert!(matches!(err, Error::OwnableUnauthorizedAccount(e) if e.account == bob));
    vault.sender(alice).accept_ownership().motsu_unwrap();
    vault.assert_emitted(&OwnershipTransferred {
        previous_owner: owner,
        new_owner: alice,
    });
    assert_eq!(vault.sender(bob).owner(), alice);
    // The old owner lost its powers; the new one has them.
    let err = vault
        .sender(owner)
        .set_deposit_cap(U256::ZERO)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::OwnableUnauthorizedAccount(_)));
    let err = vault.sender(bob).renounce_ownership().motsu_unwrap_err();
    assert!(matches!(err, Error::OwnableUnauthorizedAccount(_)));
    vault.sender(alice).renounce_ownership().motsu_unwrap();
    assert_eq!(vault.sender(bob).owner(), Address::ZERO);
}

// ---------------------------------------------------------------------------
// Registry and slashing-manager entry points
// ---------------------------------------------------------------------------

#[motsu::test]
fn registry_moves_deposit_shares_and_pays_out(
    vault: Contract<Vault>,
    lst: Contract<MockLst>,
    registry: Contract<MockRegistry>,
    owner: Address,
    slasher: Address,
    alice: Address,
    bob: Address,
) {
    let env = setup(&vault, &lst, &registry, owner, slasher);
    env.deposit(alice, e18(10));
    let reg = registry.address();

    vault
        .sender(reg)
        .remove_deposit_shares(alice, e18(4))
        .motsu_unwrap();
    vault.assert_emitted(&DepositSharesRemoved {
        staker: alice,
        shares: e18(4),
    });
    assert_eq!(vault.sender(alice).deposit_shares(alice), e18(6));
    // Queued shares stay in the total.
    assert_eq!(vault.sender(alice).total_shares(), e18(10));

    let err = vault
        .sender(reg)
        .remove_deposit_shares(alice, e18(7))
        .motsu_unwrap_err();
    match err {
        Error::InsufficientDepositShares(e) => {
            assert_eq!((e.staker, e.held, e.requested), (alice, e18(6), e18(7)))
        }
        other => panic!("unexpected {other:?}"),
    }

    // Complete 1 share back as deposit shares, 3 as tokens to bob.
    vault
        .sender(reg)
        .add_deposit_shares(alice, e18(1))
        .motsu_unwrap();
    vault.assert_emitted(&DepositSharesAdded {
        staker: alice,
        shares: e18(1),
    });
    assert_eq!(vault.sender(alice).deposit_shares(alice), e18(7));
    let paid = vault
        .sender(reg)
        .withdraw_to(alice, bob, e18(3))
        .motsu_unwrap();
    assert_eq!(paid, e18(3));
    assert_eq!(lst.sender(bob).balance_of(bob), e18(3));
    assert_eq!(vault.sender(alice).total_shares(), e18(7));
    assert_eq!(env.total_assets(), e18(7));
    vault.assert_emitted(&Withdraw {
        sender: reg,
        receiver: bob,
        owner: alice,
        assets: e18(3),
        shares: e18(3),
    });

    // A fully slashed withdrawal completes as zero, with no token transfer.
    let paid = vault
        .sender(reg)
        .withdraw_to(alice, bob, U256::ZERO)
        .motsu_unwrap();
    assert_eq!(paid, U256::ZERO);
    vault.assert_emitted(&Withdraw {
        sender: reg,
        receiver: bob,
        owner: alice,
        assets: U256::ZERO,
        shares: U256::ZERO,
    });

    let err = vault
        .sender(reg)
        .withdraw_to(alice, Address::ZERO, e18(1))
        .motsu_unwrap_err();
    assert!(matches!(err, Error::ZeroAddress(_)));
    let err = vault
        .sender(reg)
        .withdraw_to(alice, bob, e18(8))
        .motsu_unwrap_err();
    match err {
        Error::InsufficientShares(e) => assert_eq!((e.total, e.requested), (e18(7), e18(8))),
        other => panic!("unexpected {other:?}"),
    }
    let err = vault
        .sender(reg)
        .add_deposit_shares(alice, U256::MAX)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::Math(_)));
}

#[motsu::test]
fn privileged_entry_points_reject_everyone_else(
    vault: Contract<Vault>,
    lst: Contract<MockLst>,
    registry: Contract<MockRegistry>,
    owner: Address,
    slasher: Address,
    alice: Address,
) {
    let env = setup(&vault, &lst, &registry, owner, slasher);
    env.deposit(alice, e18(10));
    let unauthorized =
        |e: Error, who: Address| matches!(e, Error::Unauthorized(x) if x.caller == who);
    assert!(unauthorized(
        vault
            .sender(alice)
            .add_deposit_shares(alice, e18(1))
            .motsu_unwrap_err(),
        alice
    ));
    assert!(unauthorized(
        vault
            .sender(alice)
            .remove_deposit_shares(alice, e18(1))
            .motsu_unwrap_err(),
        alice
    ));
    assert!(unauthorized(
        vault
            .sender(alice)
            .withdraw_to(alice, alice, e18(1))
            .motsu_unwrap_err(),
        alice
    ));
    assert!(unauthorized(
        vault
            .sender(slasher)
            .withdraw_to(alice, alice, e18(1))
            .motsu_unwrap_err(),
        slasher
    ));
    assert!(unauthorized(
        vault
            .sender(alice)
            .burn_slashed_shares(e18(1), alice)
            .motsu_unwrap_err(),
        alice
    ));
    let reg = registry.address();
    assert!(unauthorized(
        vault
            .sender(reg)
            .burn_slashed_shares(e18(1), alice)
            .motsu_unwrap_err(),
        reg
    ));
    assert_eq!(vault.sender(alice).deposit_shares(alice), e18(10));
    assert_eq!(vault.sender(alice).total_shares(), e18(10));
}

#[motsu::test]
fn slashed_shares_are_burned_or_redistributed_without_moving_the_price(
    vault: Contract<Vault>,
    lst: Contract<MockLst>,
    registry: Contract<MockRegistry>,
    owner: Address,
    slasher: Address,
    alice: Address,
    insurer: Address,
) {
    let env = setup(&vault, &lst, &registry, owner, slasher);
    env.deposit(alice, e18(10));
    let before = vault.sender(alice).convert_to_assets(E18).motsu_unwrap();

    let burned = vault
        .sender(slasher)
        .burn_slashed_shares(e18(2), Address::ZERO)
        .motsu_unwrap();
    assert_eq!(burned, e18(2));
    assert_eq!(lst.sender(alice).balance_of(BURN_ADDRESS), e18(2));
    vault.assert_emitted(&SlashedSharesBurned {
        recipient: BURN_ADDRESS,
        shares: e18(2),
        assets: e18(2),
    });

    let sent = vault
        .sender(slasher)
        .burn_slashed_shares(e18(3), insurer)
        .motsu_unwrap();
    assert_eq!(sent, e18(3));
    assert_eq!(lst.sender(alice).balance_of(insurer), e18(3));
    vault.assert_emitted(&SlashedSharesBurned {
        recipient: insurer,
        shares: e18(3),
        assets: e18(3),
    });

    assert_eq!(vault.sender(alice).total_shares(), e18(5));
    assert_eq!(env.total_assets(), e18(5));
    assert!(vault.sender(alice).convert_to_assets(E18).motsu_unwrap() >= before);
    let err = vault
        .sender(slasher)
        .burn_slashed_shares(e18(6), insurer)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InsufficientShares(_)));
}

// ---------------------------------------------------------------------------
// Native ETH (ERC-7535)
// ---------------------------------------------------------------------------

#[motsu::test]
fn eth_vault_takes_value_and_pays_eth(
    vault: Contract<Vault>,
    registry: Contract<MockRegistry>,
    bob: Contract<EthReceiver>,
    owner: Address,
    slasher: Address,
    alice: Address,
) {
    let burn = Contract::<EthReceiver>::new_at(BURN_ADDRESS);
    vault
        .sender(owner)
        .constructor(NATIVE_ETH, owner, owner, registry.address(), slasher, CAP)
        .motsu_unwrap();
    assert_eq!(vault.sender(alice).asset(), NATIVE_ETH);
    alice.fund(e18(10));

    let err = vault
        .sender_and_value(alice, e18(1))
        .deposit(e18(2), alice)
        .motsu_unwrap_err();
    match err {
        Error::ValueMismatch(e) => assert_eq!((e.expected, e.sent), (e18(2), e18(1))),
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(alice.balance(), e18(10));

    let shares = vault
        .sender_and_value(alice, e18(4))
        .deposit(e18(4), alice)
        .motsu_unwrap();
    assert_eq!(shares, e18(4));
    assert_eq!(vault.balance(), e18(4));
    assert_eq!(vault.sender(alice).total_assets().motsu_unwrap(), e18(4));
    vault.assert_emitted(&Deposit {
        sender: alice,
        owner: alice,
        assets: e18(4),
        shares: e18(4),
    });

    let cost = vault.sender(alice).preview_mint(e18(1)).motsu_unwrap();
    assert_eq!(cost, e18(1));
    vault
        .sender_and_value(alice, cost)
        .mint(e18(1), alice)
        .motsu_unwrap();
    assert_eq!(alice.balance(), e18(5));

    let reg = registry.address();
    vault
        .sender(reg)
        .remove_deposit_shares(alice, e18(2))
        .motsu_unwrap();
    let paid = vault
        .sender(reg)
        .withdraw_to(alice, bob.address(), e18(2))
        .motsu_unwrap();
    assert_eq!(paid, e18(2));
    assert_eq!(bob.balance(), e18(2));
    vault
        .sender(slasher)
        .burn_slashed_shares(e18(1), Address::ZERO)
        .motsu_unwrap();
    assert_eq!(burn.balance(), e18(1));
    assert_eq!(vault.balance(), e18(2));
    assert_eq!(vault.sender(alice).total_shares(), e18(2));
}

// ---------------------------------------------------------------------------
// Encodings: the compact encoders agree with the sol! types.
// ---------------------------------------------------------------------------

#[test]
fn error_encodings_match_the_abi() {
    let a = Address::repeat_byte(0xaa);
    let (x, y, z) = (U256::from(7), U256::from(8), U256::from(9));
    let cases: Vec<(Error, Vec<u8>)> = vec![
        (
            Error::ZeroAmount(VaultZeroAmount {}),
            VaultZeroAmount {}.abi_encode(),
        ),
        (
            Error::DepositCapExceeded(VaultDepositCapExceeded {
                cap: x,
                total_assets: y,
                requested: z,
            }),
            VaultDepositCapExceeded {
                cap: x,
                total_assets: y,
                requested: z,
            }
            .abi_encode(),
        ),
        (
            Error::ValueMismatch(VaultValueMismatch {
                expected: x,
                sent: y,
            }),
            VaultValueMismatch {
                expected: x,
                sent: y,
            }
            .abi_encode(),
        ),
        (
            Error::InsufficientAssetsReceived(VaultInsufficientAssetsReceived {
                expected: x,
                received: y,
            }),
            VaultInsufficientAssetsReceived {
                expected: x,
                received: y,
            }
            .abi_encode(),
        ),
        (
            Error::ZeroShares(VaultZeroShares { assets: x }),
            VaultZeroShares { assets: x }.abi_encode(),
        ),
        (
            Error::Unauthorized(VaultUnauthorized { caller: a }),
            VaultUnauthorized { caller: a }.abi_encode(),
        ),
        (
            Error::InsufficientDepositShares(VaultInsufficientDepositShares {
                staker: a,
                held: x,
                requested: y,
            }),
            VaultInsufficientDepositShares {
                staker: a,
                held: x,
                requested: y,
            }
            .abi_encode(),
        ),
        (
            Error::InsufficientShares(VaultInsufficientShares {
                total: x,
                requested: y,
            }),
            VaultInsufficientShares {
                total: x,
                requested: y,
            }
            .abi_encode(),
        ),
        (
            Error::EthTransferFailed(VaultEthTransferFailed {
                receiver: a,
                amount: x,
            }),
            VaultEthTransferFailed {
                receiver: a,
                amount: x,
            }
            .abi_encode(),
        ),
        (
            Error::ZeroAddress(VaultZeroAddress {}),
            VaultZeroAddress {}.abi_encode(),
        ),
        (
            Error::Math(VaultMathError { code: 3 }),
            VaultMathError { code: 3 }.abi_encode(),
        ),
        (
            Error::SharePriceDecreased(VaultSharePriceDecreased {
                assets_before: x,
                shares_before: y,
                assets_after: z,
                shares_after: x,
            }),
            VaultSharePriceDecreased {
                assets_before: x,
                shares_before: y,
                assets_after: z,
                shares_after: x,
            }
            .abi_encode(),
        ),
        (
            Error::AssetCallFailed(VaultAssetCallFailed { asset: a }),
            VaultAssetCallFailed { asset: a }.abi_encode(),
        ),
        (Error::Registry(vec![1, 2, 3]), vec![1, 2, 3]),
    ];
    for (err, expected) in cases {
        assert_eq!(Vec::<u8>::from(err), expected);
    }
}
