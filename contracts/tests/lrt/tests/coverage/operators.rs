//! Operators and restaking: errors of `addOperator`, `restake`,
//! `unstake` and the rest.

use super::*;

#[motsu::test]
#[allow(clippy::too_many_arguments)]
fn operator_and_restaking_errors(
    lrt: Contract<Lrt>,
    lst: Contract<MockLst>,
    ev: Contract<Vault>,
    lv: Contract<Vault>,
    reg: Contract<MockRegistry>,
    acc1: Contract<LrtAccount>,
    acc2: Contract<LrtAccount>,
    owner: Address,
    manager: Address,
    op1: Address,
    op2: Address,
    alice: Address,
) {
    let env = fixture!(lrt, lst, ev, lv, reg, owner, manager);
    let l = env.lrt;
    // No implementation and no test account: the clone cannot be created.
    let err = l
        .sender(manager)
        .add_operator(op1, [], U256::ZERO, B256::ZERO)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::AccountCreationFailed(e) if e.operator == op1));
    // The registry refuses the delegation: its error passes through.
    reg.sender(owner).set_refuse_delegation(true);
    l.sender(manager).set_test_next_account(acc1.address());
    assert!(matches!(
        l.sender(manager)
            .add_operator(op1, [1, 2, 3], U256::ZERO, B256::ZERO)
            .motsu_unwrap_err(),
        Error::Call(_)
    ));
    reg.sender(owner).set_refuse_delegation(false);
    l.sender(manager).set_test_next_account(acc1.address());
    l.sender(manager)
        .add_operator(op1, [], U256::ZERO, B256::ZERO)
        .motsu_unwrap();
    assert_eq!(
        l.sender(manager).operator_at(U256::ZERO),
        (op1, acc1.address())
    );
    l.sender(manager).set_test_next_account(acc2.address());
    let err = l
        .sender(manager)
        .add_operator(op1, [], U256::ZERO, B256::ZERO)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::Operator(e) if e.operator == op1 && e.exists));
    // The sub-account is the Lrt's alone.
    let err = acc1
        .sender(alice)
        .execute(alice, U256::ZERO, [0u8; 0])
        .motsu_unwrap_err();
    assert!(matches!(err, AccountError::Unauthorized(e) if e.caller == alice));
    let err = acc1.sender(alice).initialize(alice).motsu_unwrap_err();
    assert!(matches!(err, AccountError::AlreadyInitialized(e) if e.controller == l.address()));
    acc1.assert_emitted(&AccountInitialized {
        controller: l.address(),
    });

    assert!(
        matches!(l.sender(manager).restake(op2, NATIVE_ETH, E18).motsu_unwrap_err(), Error::Operator(e) if !e.exists)
    );
    assert!(matches!(
        l.sender(manager)
            .restake(op1, alice, E18)
            .motsu_unwrap_err(),
        Error::UnknownAsset(_)
    ));
    assert!(matches!(
        l.sender(manager)
            .restake(op1, NATIVE_ETH, U256::ZERO)
            .motsu_unwrap_err(),
        Error::ZeroAmount(_)
    ));
    let err = l
        .sender(manager)
        .restake(op1, NATIVE_ETH, E18)
        .motsu_unwrap_err();
    assert!(
        matches!(err, Error::InsufficientLiquidity(e) if e.available == U256::ZERO && e.requested == E18)
    );
    assert!(matches!(
        l.sender(manager)
            .unstake(op1, NATIVE_ETH, U256::ZERO)
            .motsu_unwrap_err(),
        Error::ZeroAmount(_)
    ));
    assert!(matches!(
        l.sender(manager)
            .unstake(op1, NATIVE_ETH, E18)
            .motsu_unwrap_err(),
        Error::Call(_)
    ));
    let err = l
        .sender(alice)
        .complete_unstake(op1, U256::from(9))
        .motsu_unwrap_err();
    // The sub-account's own error passes through.
    assert!(
        matches!(err, Error::Call(data) if data == LrtUnknownWithdrawal { withdrawal_id: U256::from(9) }.abi_encode())
    );
    assert!(matches!(
        l.sender(alice).complete_unstake(op2, U256::from(9)).motsu_unwrap_err(),
        Error::Operator(e) if !e.exists
    ));
}
