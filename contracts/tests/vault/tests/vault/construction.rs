//! Construction (roles, events, zero addresses refused) and the views as the
//! share price moves.

use super::*;

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
