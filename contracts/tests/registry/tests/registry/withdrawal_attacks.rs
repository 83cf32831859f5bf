//! Named attacks on the withdrawal queue: front-running a slash by
//! undelegating or queueing, a 100% slash, completing into a dead operator,
//! rounding dust.

use super::*;

/// Named attack: undelegating to front-run a slash does not escape it.
#[motsu::test]
fn undelegating_does_not_front_run_a_slash(
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
    env.deposit(alice, e18(10));
    env.delegate(alice, op);
    // Alice sees the slash coming and undelegates first.
    let id = reg.sender(alice).undelegate(alice).motsu_unwrap();
    env.warp(T0 + DELAY / 2);
    let burned = env.slash(op, WAD / 2);
    assert_eq!(burned, e18(5));
    env.warp(T0 + DELAY);
    reg.sender(alice)
        .complete_withdrawal(id, true)
        .motsu_unwrap();
    assert_eq!(env.balance(alice), e18(5));
    assert_eq!(vault.sender(alice).total_shares(), U256::ZERO);
}

/// Named attack: queueing to front-run a slash does not escape it; a slash
/// after the delay ended does not touch the withdrawal.
#[motsu::test]
fn queueing_does_not_front_run_a_slash(
    reg: Contract<OperatorRegistry>,
    vault: Contract<Vault>,
    lst: Contract<MockLst>,
    owner: Address,
    manager: Address,
    op: Address,
    alice: Address,
    bob: Address,
) {
    let env = setup(&reg, &vault, &lst, owner, manager);
    env.register(op);
    env.deposit(alice, e18(10));
    env.deposit(bob, e18(10));
    env.delegate(alice, op);
    env.delegate(bob, op);
    let early = env.queue(alice, e18(4));
    env.warp(T0 + DELAY - 1);
    let late = env.queue(alice, e18(6));
    // Slash 50% at T0 + DELAY - 1: both withdrawals and bob are reached.
    assert_eq!(env.slash(op, WAD / 2), e18(10));
    // At T0 + DELAY the early one is out of the window; the late one is not.
    env.warp(T0 + DELAY);
    let v = vault.address();
    assert_eq!(
        reg.sender(alice)
            .slashable_queued_shares(op, v)
            .motsu_unwrap(),
        e18(6)
    );
    assert_eq!(
        env.slash(op, WAD / 4),
        e18(5) / U256::from(2) + e18(6) / U256::from(4)
    );
    // early: paid at the magnitude when its delay ended (0.5), not today's 0.25.
    assert_eq!(
        reg.sender(alice)
            .claimable_redeem_request(early, v)
            .motsu_unwrap(),
        e18(2)
    );
    reg.sender(alice)
        .complete_withdrawal(early, true)
        .motsu_unwrap();
    assert_eq!(env.balance(alice), e18(2));
    let err = reg
        .sender(alice)
        .complete_withdrawal(late, true)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::WithdrawalDelayPending(_)));
    env.warp(T0 + 2 * DELAY - 1);
    reg.sender(alice)
        .complete_withdrawal(late, true)
        .motsu_unwrap();
    assert_eq!(env.balance(alice), e18(2) + e18(6) / U256::from(4));
    assert_eq!(env.withdrawable(bob), e18(10) / U256::from(4));
    assert_eq!(env.stake(op), e18(10) / U256::from(4));
}

/// A 100% slash: the position withdraws as zero (no zero transfer), the
/// staker can undelegate, cannot add to the dead operator, and re-deposits
/// fine once undelegated.
#[motsu::test]
fn full_slash_withdraws_zero_and_redeposit_works(
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
    env.register(op);
    env.deposit(alice, e18(10));
    env.delegate(alice, op);
    assert_eq!(env.slash(op, WAD), e18(10));
    assert_eq!(reg.sender(op).max_magnitude(op, v), 0);
    assert_eq!(env.withdrawable(alice), U256::ZERO);
    // No new stake for a dead operator: the vault passes the registry's error through.
    env.fund(alice, e18(1));
    let err = vault
        .sender(alice)
        .deposit(e18(1), alice)
        .motsu_unwrap_err();
    let expected = RegistryOperatorFullySlashed {
        operator: op,
        vault: v,
    }
    .abi_encode();
    assert!(matches!(err, restake_vault::Error::Registry(ref d) if *d == expected));
    // Slashing a zero magnitude by zero works and burns nothing.
    assert_eq!(
        reg.sender(manager).slash_operator(op, v, 0).motsu_unwrap(),
        U256::ZERO
    );
    // Undelegate queues the worthless position; it completes as zero.
    let id = reg.sender(alice).undelegate(alice).motsu_unwrap();
    env.warp(T0 + DELAY);
    assert_eq!(
        reg.sender(alice)
            .claimable_redeem_request(id, v)
            .motsu_unwrap(),
        U256::ZERO
    );
    reg.sender(alice)
        .complete_withdrawal(id, true)
        .motsu_unwrap();
    assert_eq!(env.balance(alice), e18(1));
    // Re-deposit after the full slash: fresh money, fully withdrawable.
    vault.sender(alice).deposit(e18(1), alice).motsu_unwrap();
    assert_eq!(env.withdrawable(alice), e18(1));
    assert_eq!(reg.sender(alice).deposit_scaling_factor(alice, v), E18);
    // Delegating to the dead operator with shares is refused.
    let err = reg
        .sender(alice)
        .delegate_to(op, no_sig(), U256::ZERO, B256::ZERO)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::OperatorFullySlashed(e) if e.operator == op && e.vault == v));
}

#[motsu::test]
fn completing_as_shares_into_a_dead_operator_is_refused(
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
    env.deposit(alice, e18(4));
    let id = env.queue(alice, e18(4)); // undelegated: not slashable
    env.delegate(alice, op2);
    env.slash(op2, WAD);
    env.warp(T0 + DELAY);
    let err = reg
        .sender(alice)
        .complete_withdrawal(id, false)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::OperatorFullySlashed(e) if e.operator == op2));
    // As tokens it works, in full (it was never slashable).
    reg.sender(alice)
        .complete_withdrawal(id, true)
        .motsu_unwrap();
    assert_eq!(env.balance(alice), e18(4));
}

/// Named attack: rounding dust never pays the user, never leaves the
/// operator below its stakers, and stays in the vault.
#[motsu::test]
fn rounding_dust_favours_the_protocol(
    reg: Contract<OperatorRegistry>,
    vault: Contract<Vault>,
    lst: Contract<MockLst>,
    owner: Address,
    manager: Address,
    op: Address,
    alice: Address,
    bob: Address,
) {
    let env = setup(&reg, &vault, &lst, owner, manager);
    let v = vault.address();
    env.register(op);
    env.delegate(alice, op);
    env.delegate(bob, op);
    env.deposit(alice, U256::from(3));
    env.deposit(bob, U256::from(1));
    // m: 1 → 0.5 → 0.4 (the two-slash case from docs/math.md).
    env.slash(op, WAD / 2);
    env.slash(op, WAD / 10);
    let (wa, wb) = (env.withdrawable(alice), env.withdrawable(bob));
    assert_eq!((wa, wb), (U256::from(1), U256::ZERO));
    assert!(env.stake(op) >= wa + wb);
    // Tiny deposits after the slash: never worth more than they added.
    env.deposit(alice, U256::from(1));
    assert!(env.withdrawable(alice) <= wa + U256::from(1));
    assert!(env.stake(op) >= env.withdrawable(alice) + env.withdrawable(bob));
    // Tiny withdrawals: queued 1 share pays at most its share of value.
    let id = env.queue(alice, U256::from(1));
    env.warp(T0 + DELAY);
    let pay = reg
        .sender(alice)
        .claimable_redeem_request(id, v)
        .motsu_unwrap();
    assert!(pay <= U256::from(1));
    reg.sender(alice)
        .complete_withdrawal(id, true)
        .motsu_unwrap();
    // The vault still covers every claim.
    let total = vault.sender(alice).total_shares();
    assert!(total >= env.withdrawable(alice) + env.withdrawable(bob));
    // In: 5 wei. Out so far: at most what went in.
    assert!(env.balance(alice) + env.balance(bob) <= U256::from(5));
}
