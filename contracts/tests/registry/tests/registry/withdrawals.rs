//! The withdrawal queue: `queueWithdrawal` validates its entries,
//! `completeWithdrawal` waits out the delay.

use super::*;

#[motsu::test]
fn queue_withdrawal_validates_its_entries(
    reg: Contract<OperatorRegistry>,
    vault: Contract<Vault>,
    lst: Contract<MockLst>,
    owner: Address,
    manager: Address,
    alice: Address,
    stranger: Address,
) {
    let env = setup(&reg, &vault, &lst, owner, manager);
    let v = vault.address();
    env.deposit(alice, e18(1));
    let err = reg
        .sender(alice)
        .queue_withdrawal(vec![], vec![])
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InvalidWithdrawal(e) if e.vaults.is_zero() && e.shares.is_zero()));
    let err = reg
        .sender(alice)
        .queue_withdrawal(vec![v], vec![])
        .motsu_unwrap_err();
    assert!(
        matches!(err, Error::InvalidWithdrawal(e) if e.vaults == U256::from(1) && e.shares.is_zero())
    );
    let err = reg
        .sender(alice)
        .queue_withdrawal(vec![v; MAX_VAULTS + 1], vec![U256::from(1); MAX_VAULTS + 1])
        .motsu_unwrap_err();
    assert!(matches!(err, Error::TooManyVaults(e) if e.count == U256::from(MAX_VAULTS + 1)));
    let err = reg
        .sender(alice)
        .queue_withdrawal(vec![stranger], vec![e18(1)])
        .motsu_unwrap_err();
    assert!(matches!(err, Error::VaultNotRegistered(e) if e.vault == stranger));
    let err = reg
        .sender(alice)
        .queue_withdrawal(vec![v], vec![U256::ZERO])
        .motsu_unwrap_err();
    assert!(matches!(err, Error::ZeroShares(e) if e.vault == v));
    // The vault's own error passes through unchanged.
    let err = reg
        .sender(alice)
        .queue_withdrawal(vec![v], vec![e18(2)])
        .motsu_unwrap_err();
    let expected = VaultInsufficientDepositShares {
        staker: alice,
        held: e18(1),
        requested: e18(2),
    }
    .abi_encode();
    assert!(matches!(err, Error::Vault(ref data) if *data == expected));
    // Nothing changed.
    assert_eq!(reg.sender(alice).withdrawal_count(), U256::ZERO);
    assert_eq!(vault.sender(alice).deposit_shares(alice), e18(1));
    // Two entries of the same vault, undelegated: paid at WAD.
    let id = reg
        .sender(alice)
        .queue_withdrawal(
            vec![v, v],
            vec![e18(1) / U256::from(4), e18(1) / U256::from(4)],
        )
        .motsu_unwrap();
    assert_eq!(
        reg.sender(alice)
            .pending_redeem_request(id, v)
            .motsu_unwrap(),
        e18(1) / U256::from(2)
    );
    assert_eq!(
        reg.sender(alice)
            .pending_redeem_request(id, stranger)
            .motsu_unwrap(),
        U256::ZERO
    );
    let (_, operator, _, _, entries) = reg.sender(alice).withdrawal(id).motsu_unwrap();
    assert_eq!((operator, entries), (Address::ZERO, 2));
}

/// Named attack: completing before the delay.
#[motsu::test]
fn complete_withdrawal_reverts_before_delay(
    reg: Contract<OperatorRegistry>,
    vault: Contract<Vault>,
    lst: Contract<MockLst>,
    owner: Address,
    manager: Address,
    alice: Address,
    mallory: Address,
) {
    let env = setup(&reg, &vault, &lst, owner, manager);
    env.deposit(alice, e18(5));
    let id = env.queue(alice, e18(5));
    env.warp(T0 + DELAY - 1);
    let err = reg
        .sender(alice)
        .complete_withdrawal(id, true)
        .motsu_unwrap_err();
    assert!(
        matches!(err, Error::WithdrawalDelayPending(e) if e.id == id && e.claimable_at == T0 + DELAY && e.timestamp == T0 + DELAY - 1)
    );
    assert_eq!(env.balance(alice), U256::ZERO);
    let err = reg
        .sender(alice)
        .complete_withdrawal(U256::from(9), true)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::WithdrawalNotFound(e) if e.id == U256::from(9)));
    let err = reg
        .sender(alice)
        .pending_redeem_request(U256::from(9), vault.address())
        .motsu_unwrap_err();
    assert!(matches!(err, Error::WithdrawalNotFound(_)));
    env.warp(T0 + DELAY);
    let err = reg
        .sender(mallory)
        .complete_withdrawal(id, true)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::Unauthorized(e) if e.caller == mallory));
    reg.sender(alice)
        .complete_withdrawal(id, true)
        .motsu_unwrap();
    assert_eq!(env.balance(alice), e18(5));
    vault.assert_emitted(&Withdraw {
        sender: reg.address(),
        receiver: alice,
        owner: alice,
        assets: e18(5),
        shares: e18(5),
    });
    let err = reg
        .sender(alice)
        .complete_withdrawal(id, true)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::WithdrawalCompleted(e) if e.id == id));
}
