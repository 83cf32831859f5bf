//! Operator registration, updates and self-delegation.

use super::*;

#[motsu::test]
fn operator_registers_updates_and_is_self_delegated(
    reg: Contract<OperatorRegistry>,
    vault: Contract<Vault>,
    lst: Contract<MockLst>,
    owner: Address,
    manager: Address,
    op: Address,
    approver: Address,
    alice: Address,
) {
    let env = setup(&reg, &vault, &lst, owner, manager);
    // An operator's own deposits become its stake at registration.
    env.deposit(op, e18(3));
    assert!(!reg.sender(op).is_operator(op));
    reg.sender(op)
        .register_as_operator(approver, 3600, "ipfs://meta")
        .motsu_unwrap();
    assert!(reg.sender(op).is_operator(op));
    // The chosen delay applies after the configuration delay (L-2); until
    // then the protocol minimum (1,000 + 250 s) does.
    assert_eq!(reg.sender(op).allocation_delay(op), 1_250);
    env.warp(T0 + 1_250);
    assert_eq!(reg.sender(op).allocation_delay(op), 3600);
    env.warp(T0);
    assert_eq!(reg.sender(op).delegation_approver(op), approver);
    assert_eq!(reg.sender(op).delegated_to(op), op);
    assert_eq!(env.stake(op), e18(3));
    reg.assert_emitted(&OperatorRegistered {
        operator: op,
        approver,
        allocation_delay: 3600,
    });
    reg.assert_emitted(&OperatorMetadataURIUpdated {
        operator: op,
        metadata_uri: "ipfs://meta".into(),
    });
    reg.assert_emitted(&StakerDelegated {
        staker: op,
        operator: op,
    });

    reg.sender(op)
        .update_operator_metadata_uri("https://example.org/a-longer-uri-over-32-bytes.json")
        .motsu_unwrap();
    reg.assert_emitted(&OperatorMetadataURIUpdated {
        operator: op,
        metadata_uri: "https://example.org/a-longer-uri-over-32-bytes.json".into(),
    });
    reg.sender(op)
        .update_operator_metadata_uri(String::new())
        .motsu_unwrap();
    reg.assert_emitted(&OperatorMetadataURIUpdated {
        operator: op,
        metadata_uri: String::new(),
    });
    reg.sender(op)
        .set_delegation_approver(Address::ZERO)
        .motsu_unwrap();
    assert_eq!(reg.sender(op).delegation_approver(op), Address::ZERO);
    assert!(reg.sender(op).is_operator(op));
    assert_eq!(reg.sender(op).allocation_delay(op), 1_250);
    reg.assert_emitted(&DelegationApproverSet {
        operator: op,
        approver: Address::ZERO,
    });

    let err = reg
        .sender(op)
        .register_as_operator(Address::ZERO, 0, String::new())
        .motsu_unwrap_err();
    assert!(matches!(err, Error::AlreadyOperator(e) if e.account == op));
    let err = reg
        .sender(alice)
        .update_operator_metadata_uri("x")
        .motsu_unwrap_err();
    assert!(matches!(err, Error::NotOperator(e) if e.account == alice));
    let err = reg
        .sender(alice)
        .set_delegation_approver(alice)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::NotOperator(e) if e.account == alice));
    // A delegated staker cannot become an operator.
    env.delegate(alice, op);
    let err = reg
        .sender(alice)
        .register_as_operator(Address::ZERO, 0, String::new())
        .motsu_unwrap_err();
    assert!(matches!(err, Error::AlreadyDelegated(e) if e.staker == alice && e.operator == op));
    // Operators cannot undelegate or redelegate.
    let err = reg.sender(op).undelegate(op).motsu_unwrap_err();
    assert!(matches!(err, Error::OperatorCannotUndelegate(e) if e.operator == op));
    let err = reg
        .sender(op)
        .redelegate(op, no_sig(), U256::ZERO, B256::ZERO)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::OperatorCannotUndelegate(_)));
}
