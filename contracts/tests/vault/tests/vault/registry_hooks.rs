//! The registry's and the slashing manager's entry points: deposit shares
//! moved and paid out, slashed shares burned or redistributed, everyone else
//! refused.

use super::*;

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
