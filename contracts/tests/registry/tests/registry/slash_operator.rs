//! The slashing entry point: caller, vault, operator and magnitude checked.

use super::*;

#[motsu::test]
fn slash_operator_checks_caller_vault_operator_and_magnitude(
    reg: Contract<OperatorRegistry>,
    vault: Contract<Vault>,
    lst: Contract<MockLst>,
    owner: Address,
    manager: Address,
    op: Address,
    mallory: Address,
) {
    let env = setup(&reg, &vault, &lst, owner, manager);
    let v = vault.address();
    let err = reg
        .sender(mallory)
        .slash_operator(op, v, 1)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::Unauthorized(e) if e.caller == mallory));
    let err = reg
        .sender(manager)
        .slash_operator(op, mallory, 1)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::VaultNotRegistered(e) if e.vault == mallory));
    let err = reg
        .sender(manager)
        .slash_operator(op, v, 1)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::NotOperator(e) if e.account == op));
    env.register(op);
    assert_eq!(reg.sender(op).max_magnitude(op, v), WAD);
    let err = reg
        .sender(manager)
        .slash_operator(op, v, WAD + 1)
        .motsu_unwrap_err();
    assert!(
        matches!(err, Error::MagnitudeExceeded(e) if e.operator == op && e.vault == v && e.current == WAD && e.requested == WAD + 1)
    );
    // A slash with no stake burns nothing but still lowers the magnitude.
    assert_eq!(
        reg.sender(manager)
            .slash_operator(op, v, WAD / 10)
            .motsu_unwrap(),
        U256::ZERO
    );
    assert_eq!(reg.sender(op).max_magnitude(op, v), WAD / 10 * 9);
    assert_eq!(reg.sender(op).checkpoint_count(op, v), 1);
    // Same timestamp: the checkpoint is updated in place.
    reg.sender(manager)
        .slash_operator(op, v, WAD / 10)
        .motsu_unwrap();
    assert_eq!(reg.sender(op).checkpoint_count(op, v), 1);
    env.warp(T0 + 1);
    reg.sender(manager).slash_operator(op, v, 0).motsu_unwrap();
    assert_eq!(reg.sender(op).checkpoint_count(op, v), 2);
    // Magnitudes never increase; an unslashed operator or address reads WAD.
    assert_eq!(reg.sender(op).max_magnitude(op, v), WAD / 10 * 8);
    assert_eq!(reg.sender(op).max_magnitude(mallory, v), WAD);
}
