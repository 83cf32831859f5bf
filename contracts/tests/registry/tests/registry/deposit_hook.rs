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
