//! `delegateTo` (approver signatures checked, spent, not replayable),
//! `undelegate` (queues everything, forcible by the operator) and
//! `redelegate`.

use super::*;

#[motsu::test]
fn delegate_to_rejects_non_operators_and_double_delegation(
    reg: Contract<OperatorRegistry>,
    vault: Contract<Vault>,
    lst: Contract<MockLst>,
    owner: Address,
    manager: Address,
    op: Address,
    op2: Address,
    alice: Address,
) {
    let env = setup(&reg, &vault, &lst, owner, manager);
    let err = reg
        .sender(alice)
        .delegate_to(op, no_sig(), U256::ZERO, B256::ZERO)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::NotOperator(e) if e.account == op));
    env.register(op);
    env.register(op2);
    env.delegate(alice, op);
    reg.assert_emitted(&StakerDelegated {
        staker: alice,
        operator: op,
    });
    let err = reg
        .sender(alice)
        .delegate_to(op2, no_sig(), U256::ZERO, B256::ZERO)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::AlreadyDelegated(e) if e.staker == alice && e.operator == op));
}

#[motsu::test]
fn approver_signature_is_checked_spent_and_not_replayable(
    reg: Contract<OperatorRegistry>,
    vault: Contract<Vault>,
    lst: Contract<MockLst>,
    owner: Address,
    manager: Address,
    op: Address,
    approver: Account,
    mallory: Account,
    alice: Address,
    bob: Address,
) {
    let env = setup(&reg, &vault, &lst, owner, manager);
    env.deposit(alice, e18(10));
    reg.sender(op)
        .register_as_operator(approver.address(), 0, String::new())
        .motsu_unwrap();
    let salt = B256::with_last_byte(7);
    let expiry = U256::from(T0 + 100);
    let digest = approval_digest(reg.address(), alice, op, salt, expiry);
    assert_eq!(
        reg.sender(alice)
            .delegation_approval_digest(alice, op, salt, expiry),
        digest
    );

    // No signature, a malformed one, and someone else's.
    let err = reg
        .sender(alice)
        .delegate_to(op, no_sig(), expiry, salt)
        .motsu_unwrap_err();
    assert!(
        matches!(err, Error::InvalidSignature(e) if e.approver == approver.address() && e.signer == Address::ZERO)
    );
    let err = reg
        .sender(alice)
        .delegate_to(op, Bytes(vec![1; 64]), expiry, salt)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InvalidSignature(e) if e.signer == Address::ZERO));
    let err = reg
        .sender(alice)
        .delegate_to(op, sign(&mallory, digest), expiry, salt)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InvalidSignature(e) if e.signer == mallory.address()));
    // A signature for alice does not work for bob.
    let err = reg
        .sender(bob)
        .delegate_to(op, sign(&approver, digest), expiry, salt)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InvalidSignature(e) if e.signer != approver.address()));
    // Expired.
    env.warp(T0 + 101);
    let err = reg
        .sender(alice)
        .delegate_to(op, sign(&approver, digest), expiry, salt)
        .motsu_unwrap_err();
    assert!(
        matches!(err, Error::SignatureExpired(e) if e.expiry == expiry && e.timestamp == T0 + 101)
    );
    env.warp(T0 + 100);

    // A malleable twin (high s) is refused even with the right signer.
    let good = sign(&approver, digest);
    let mut twin = good.0.clone();
    let n = U256::from_str_radix(
        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141",
        16,
    )
    .unwrap();
    let s = U256::from_be_slice(&twin[32..64]);
    twin[32..64].copy_from_slice(&(n - s).to_be_bytes::<32>());
    twin[64] = if twin[64] == 27 { 28 } else { 27 };
    let err = reg
        .sender(alice)
        .delegate_to(op, Bytes(twin), expiry, salt)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InvalidSignature(e) if e.signer == Address::ZERO));

    // v as 0/1 is refused (the kit's one ecrecover rule, OpenZeppelin's),
    // and spends nothing.
    let mut v01 = good.0.clone();
    v01[64] -= 27;
    let err = reg
        .sender(alice)
        .delegate_to(op, Bytes(v01), expiry, salt)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InvalidSignature(e) if e.signer == Address::ZERO));

    // The approver's signature works once.
    assert!(!reg.sender(alice).is_salt_spent(approver.address(), salt));
    reg.sender(alice)
        .delegate_to(op, good.clone(), expiry, salt)
        .motsu_unwrap();
    assert_eq!(reg.sender(alice).delegated_to(alice), op);
    assert!(reg.sender(alice).is_salt_spent(approver.address(), salt));
    reg.assert_emitted(&ApproverSaltSpent {
        approver: approver.address(),
        salt,
    });

    // Replay: undelegate, then try the same signature again.
    reg.sender(alice).undelegate(alice).motsu_unwrap();
    let err = reg
        .sender(alice)
        .delegate_to(op, good, expiry, salt)
        .motsu_unwrap_err();
    assert!(
        matches!(err, Error::SaltSpent(e) if e.approver == approver.address() && e.salt == salt)
    );

    // The approver itself needs no signature.
    reg.sender(approver.address())
        .delegate_to(op, no_sig(), U256::ZERO, B256::ZERO)
        .motsu_unwrap();
    assert_eq!(reg.sender(alice).delegated_to(approver.address()), op);
}

#[motsu::test]
fn undelegate_queues_everything_and_can_be_forced(
    reg: Contract<OperatorRegistry>,
    vault: Contract<Vault>,
    lst: Contract<MockLst>,
    owner: Address,
    manager: Address,
    op: Address,
    approver: Address,
    alice: Address,
    bob: Address,
    carol: Address,
    mallory: Address,
) {
    let env = setup(&reg, &vault, &lst, owner, manager);
    let v = vault.address();
    reg.sender(op)
        .register_as_operator(approver, 0, String::new())
        .motsu_unwrap();
    for s in [alice, bob, carol] {
        env.deposit(s, e18(4));
        reg.sender(s)
            .delegate_to(op, no_sig(), U256::ZERO, B256::ZERO)
            .motsu_res()
            .ok();
    }
    // With an approver, delegating without its signature is refused.
    assert_eq!(reg.sender(alice).delegated_to(alice), Address::ZERO);
    reg.sender(op)
        .set_delegation_approver(Address::ZERO)
        .motsu_unwrap();
    for s in [alice, bob, carol] {
        env.delegate(s, op);
    }
    reg.sender(op)
        .set_delegation_approver(approver)
        .motsu_unwrap();
    assert_eq!(env.stake(op), e18(12));

    let err = reg.sender(mallory).undelegate(alice).motsu_unwrap_err();
    assert!(matches!(err, Error::Unauthorized(e) if e.caller == mallory));
    let err = reg.sender(mallory).undelegate(mallory).motsu_unwrap_err();
    assert!(matches!(err, Error::NotDelegated(e) if e.staker == mallory));

    // By the staker, the operator, and the approver.
    let id1 = reg.sender(alice).undelegate(alice).motsu_unwrap();
    reg.assert_emitted(&StakerUndelegated {
        staker: alice,
        operator: op,
        caller: alice,
    });
    let id2 = reg.sender(op).undelegate(bob).motsu_unwrap();
    reg.assert_emitted(&StakerUndelegated {
        staker: bob,
        operator: op,
        caller: op,
    });
    let id3 = reg.sender(approver).undelegate(carol).motsu_unwrap();
    reg.assert_emitted(&StakerUndelegated {
        staker: carol,
        operator: op,
        caller: approver,
    });
    assert_eq!(
        (id1, id2, id3),
        (U256::from(1), U256::from(2), U256::from(3))
    );
    assert_eq!(env.stake(op), U256::ZERO);
    for s in [alice, bob, carol] {
        assert_eq!(reg.sender(s).delegated_to(s), Address::ZERO);
        assert_eq!(vault.sender(s).deposit_shares(s), U256::ZERO);
    }
    vault.assert_emitted(&DepositSharesRemoved {
        staker: alice,
        shares: e18(4),
    });
    // Undelegating a staker with no shares queues nothing (id 0).
    reg.sender(op)
        .set_delegation_approver(Address::ZERO)
        .motsu_unwrap();
    env.delegate(alice, op);
    assert_eq!(
        reg.sender(alice).undelegate(alice).motsu_unwrap(),
        U256::ZERO
    );
    // Bob completes his forced withdrawal after the delay.
    env.warp(T0 + DELAY);
    reg.sender(bob)
        .complete_withdrawal(id2, true)
        .motsu_unwrap();
    assert_eq!(env.balance(bob), e18(4));
    let _ = v;
}

#[motsu::test]
fn redelegate_queues_and_moves_to_the_new_operator(
    reg: Contract<OperatorRegistry>,
    vault: Contract<Vault>,
    lst: Contract<MockLst>,
    owner: Address,
    manager: Address,
    op: Address,
    op2: Address,
    alice: Address,
) {
    let env = setup(&reg, &vault, &lst, owner, manager);
    env.register(op);
    env.register(op2);
    env.deposit(alice, e18(8));
    let err = reg
        .sender(alice)
        .redelegate(op2, no_sig(), U256::ZERO, B256::ZERO)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::NotDelegated(_)));
    env.delegate(alice, op);
    let err = reg
        .sender(alice)
        .redelegate(alice, no_sig(), U256::ZERO, B256::ZERO)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::NotOperator(e) if e.account == alice));
    let id = reg
        .sender(alice)
        .redelegate(op2, no_sig(), U256::ZERO, B256::ZERO)
        .motsu_unwrap();
    assert_eq!(reg.sender(alice).delegated_to(alice), op2);
    assert_eq!(env.stake(op), U256::ZERO);
    assert_eq!(env.stake(op2), U256::ZERO);
    reg.assert_emitted(&StakerUndelegated {
        staker: alice,
        operator: op,
        caller: alice,
    });
    reg.assert_emitted(&StakerDelegated {
        staker: alice,
        operator: op2,
    });
    // Completed as shares, the position lands with the new operator.
    env.warp(T0 + DELAY);
    reg.sender(alice)
        .complete_withdrawal(id, false)
        .motsu_unwrap();
    assert_eq!(env.stake(op2), e18(8));
    assert_eq!(env.withdrawable(alice), e18(8));
    assert_eq!(vault.sender(alice).deposit_shares(alice), e18(8));
    vault.assert_emitted(&DepositSharesAdded {
        staker: alice,
        shares: e18(8),
    });
    reg.assert_emitted(&WithdrawalCompleted {
        id,
        staker: alice,
        vault: vault.address(),
        shares: e18(8),
        assets: U256::ZERO,
        as_tokens: false,
    });
}
