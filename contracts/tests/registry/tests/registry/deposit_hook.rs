//! The vault's deposit hook: only registered vaults, the operator's stake
//! moved in the same transaction.

use super::*;

#[motsu::test]
fn on_deposit_only_from_registered_vaults(
    reg: Contract<OperatorRegistry>,
    vault: Contract<Vault>,
    lst: Contract<MockLst>,
    owner: Address,
    manager: Address,
    stranger: Address,
    alice: Address,
) {
    let _env = setup(&reg, &vault, &lst, owner, manager);
    let err = reg
        .sender(stranger)
        .on_deposit(alice, U256::ZERO, e18(1))
        .motsu_unwrap_err();
    assert!(matches!(err, Error::Unauthorized(e) if e.caller == stranger));
}

#[motsu::test]
fn deposits_move_the_operator_stake_in_the_same_transaction(
    reg: Contract<OperatorRegistry>,
    vault: Contract<Vault>,
    lst: Contract<MockLst>,
    owner: Address,
    manager: Address,
    op: Address,
    alice: Address,
) {
    let env = setup(&reg, &vault, &lst, owner, manager);
    env.register(op);
    env.delegate(alice, op);
    env.deposit(alice, e18(2));
    assert_eq!(env.stake(op), e18(2));
    // After a 50% slash, new money is not slashed retroactively.
    env.slash(op, WAD / 2);
    assert_eq!(env.withdrawable(alice), e18(1));
    env.deposit(alice, e18(2));
    assert_eq!(env.withdrawable(alice), e18(3));
    assert_eq!(env.stake(op), e18(3));
    // The scaling factor: (1 + 2) / (2 + 2) / 0.5 = 1.5.
    assert_eq!(
        reg.sender(alice)
            .deposit_scaling_factor(alice, vault.address()),
        E18 * U256::from(3) / U256::from(2)
    );
}

/// #15: the registry keeps its own copy of the staker's deposit shares
/// (so `delegateTo` calls no vault): it follows the vault's book through
/// undelegated and delegated deposits, a queued withdrawal and its
/// completion as shares.
#[motsu::test]
fn the_registry_copy_of_deposit_shares_follows_the_vault(
    reg: Contract<OperatorRegistry>,
    vault: Contract<Vault>,
    lst: Contract<MockLst>,
    owner: Address,
    manager: Address,
    op: Address,
    alice: Address,
) {
    let env = setup(&reg, &vault, &lst, owner, manager);
    let v = vault.address();
    let same = |expected: U256| {
        assert_eq!(vault.sender(alice).deposit_shares(alice), expected);
        assert_eq!(reg.sender(alice).deposit_shares(alice, v), expected);
    };
    env.register(op);
    let s1 = env.deposit(alice, e18(2));
    same(s1);
    // Delegating moves the copy to the operator's stake, unchanged.
    env.delegate(alice, op);
    same(s1);
    assert_eq!(env.stake(op), s1);
    let s2 = env.deposit(alice, e18(1));
    same(s1 + s2);
    let id = env.queue(alice, s2);
    same(s1);
    env.warp(DEFAULT_WITHDRAWAL_DELAY + 1);
    reg.sender(alice)
        .complete_withdrawal(id, false)
        .motsu_unwrap();
    same(s1 + s2);
    assert_eq!(env.stake(op), s1 + s2);
}

/// A position whose deposit shares would reach 2^128 (the registry keeps
/// them in half a word) is refused with a typed error naming them, and
/// nothing changes.
#[motsu::test]
fn a_position_at_2_pow_128_shares_is_refused(
    reg: Contract<OperatorRegistry>,
    vault: Contract<Vault>,
    lst: Contract<MockLst>,
    owner: Address,
    manager: Address,
    alice: Address,
) {
    let _env = setup(&reg, &vault, &lst, owner, manager);
    let v = vault.address();
    let max = (U256::from(1) << 128) - U256::from(1);
    let err = reg
        .sender(v)
        .on_deposit(alice, max, U256::from(1))
        .motsu_unwrap_err();
    assert!(matches!(
        &err,
        Error::PositionTooLarge(e)
            if e.staker == alice && e.vault == v && e.shares == U256::from(1) << 128
    ));
    assert_eq!(reg.sender(alice).deposit_shares(alice, v), U256::ZERO);
    assert_eq!(
        reg.sender(alice).deposit_scaling_factor(alice, v),
        U256::ZERO
    );
    // Just below the bound is kept exactly.
    reg.sender(v)
        .on_deposit(alice, max - U256::from(1), U256::from(1))
        .motsu_unwrap();
    assert_eq!(reg.sender(alice).deposit_shares(alice, v), max);
}
