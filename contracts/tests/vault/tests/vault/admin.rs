//! The pauser (deposits only) and two-step ownership.

use super::*;

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
