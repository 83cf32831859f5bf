//! `deposit` and `mint`: shares credited at the rounded price, the registry
//! told, the cap, zero and dust amounts, missing allowances and ETH refused.

use super::*;

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
