//! Construction, the owner's wiring (vaults, the slashing manager) and
//! two-step ownership.

use super::*;

#[motsu::test]
fn constructor_sets_owner_and_delay(reg: Contract<OperatorRegistry>, owner: Address) {
    reg.sender(owner)
        .constructor(owner, 0, Address::ZERO)
        .motsu_unwrap();
    assert_eq!(reg.sender(owner).owner(), owner);
    assert_eq!(
        reg.sender(owner).withdrawal_delay(),
        DEFAULT_WITHDRAWAL_DELAY
    );
    assert_eq!(DEFAULT_WITHDRAWAL_DELAY, 14 * 24 * 3600);
    assert_eq!(reg.sender(owner).slashing_manager(), Address::ZERO);
    reg.assert_emitted(&OwnershipTransferred {
        previous_owner: Address::ZERO,
        new_owner: owner,
    });
    reg.assert_emitted(&WithdrawalDelaySet {
        delay: DEFAULT_WITHDRAWAL_DELAY,
    });
}

#[motsu::test]
fn constructor_keeps_a_given_delay_and_rejects_zero_owner(
    reg: Contract<OperatorRegistry>,
    other: Contract<OperatorRegistry>,
    owner: Address,
) {
    reg.sender(owner)
        .constructor(owner, 60, Address::ZERO)
        .motsu_unwrap();
    assert_eq!(reg.sender(owner).withdrawal_delay(), 60);
    let err = other
        .sender(owner)
        .constructor(Address::ZERO, 60, Address::ZERO)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::OwnableInvalidOwner(e) if e.owner == Address::ZERO));
}

#[motsu::test]
fn add_vault_whitelists_and_rejects(
    reg: Contract<OperatorRegistry>,
    owner: Address,
    alice: Address,
    v0: Address,
) {
    reg.sender(owner)
        .constructor(owner, DELAY, Address::ZERO)
        .motsu_unwrap();
    let err = reg.sender(alice).add_vault(v0).motsu_unwrap_err();
    assert!(matches!(err, Error::OwnableUnauthorizedAccount(e) if e.account == alice));
    let err = reg
        .sender(owner)
        .add_vault(Address::ZERO)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::ZeroAddress(_)));
    assert!(!reg.sender(owner).is_vault(v0));
    reg.sender(owner).add_vault(v0).motsu_unwrap();
    assert!(reg.sender(owner).is_vault(v0));
    reg.assert_emitted(&VaultAdded { vault: v0 });
    let err = reg.sender(owner).add_vault(v0).motsu_unwrap_err();
    assert!(matches!(err, Error::VaultAlreadyAdded(e) if e.vault == v0));
    for i in 1..MAX_VAULTS {
        reg.sender(owner)
            .add_vault(Address::with_last_byte(i as u8))
            .motsu_unwrap();
    }
    assert_eq!(reg.sender(owner).vaults().len(), MAX_VAULTS);
    let err = reg
        .sender(owner)
        .add_vault(Address::with_last_byte(99))
        .motsu_unwrap_err();
    assert!(
        matches!(err, Error::TooManyVaults(e) if e.max == U256::from(MAX_VAULTS) && e.count == U256::from(MAX_VAULTS + 1))
    );
}

#[motsu::test]
fn slashing_manager_is_wired_once(
    reg: Contract<OperatorRegistry>,
    owner: Address,
    alice: Address,
    manager: Address,
) {
    reg.sender(owner)
        .constructor(owner, DELAY, Address::ZERO)
        .motsu_unwrap();
    let err = reg
        .sender(alice)
        .set_slashing_manager(manager)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::OwnableUnauthorizedAccount(_)));
    let err = reg
        .sender(owner)
        .set_slashing_manager(Address::ZERO)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::ZeroAddress(_)));
    reg.sender(owner)
        .set_slashing_manager(manager)
        .motsu_unwrap();
    assert_eq!(reg.sender(owner).slashing_manager(), manager);
    assert_eq!(reg.sender(owner).withdrawal_delay(), DELAY);
    reg.assert_emitted(&SlashingManagerSet {
        slashing_manager: manager,
    });
    let err = reg
        .sender(owner)
        .set_slashing_manager(alice)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::SlashingManagerAlreadySet(e) if e.slashing_manager == manager));
}

#[motsu::test]
fn ownership_moves_in_two_steps(reg: Contract<OperatorRegistry>, owner: Address, alice: Address) {
    reg.sender(owner)
        .constructor(owner, DELAY, Address::ZERO)
        .motsu_unwrap();
    reg.sender(owner).transfer_ownership(alice).motsu_unwrap();
    assert!(reg.emitted(&OwnershipTransferStarted {
        previous_owner: owner,
        new_owner: alice
    }));
    assert_eq!(reg.sender(owner).pending_owner(), alice);
    assert_eq!(reg.sender(owner).owner(), owner);
    let err = reg.sender(owner).accept_ownership().motsu_unwrap_err();
    assert!(matches!(err, Error::OwnableUnauthorizedAccount(_)));
    reg.sender(alice).accept_ownership().motsu_unwrap();
    assert_eq!(reg.sender(alice).owner(), alice);
    reg.assert_emitted(&OwnershipTransferred {
        previous_owner: owner,
        new_owner: alice,
    });
    reg.sender(alice).renounce_ownership().motsu_unwrap();
    assert_eq!(reg.sender(alice).owner(), Address::ZERO);
}
