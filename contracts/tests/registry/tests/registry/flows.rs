//! The headline flows with exact amounts: deposit → delegate → slash → queue
//! → slash again in the window → complete; two vaults moving together and
//! slashed separately.

use super::*;

/// deposit → delegate → slash → queue → slash again in the window → complete.
#[motsu::test]
fn deposit_delegate_slash_queue_complete_exact_amounts(
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
    assert_eq!(env.deposit(alice, e18(100)), e18(100));
    env.register(op);
    env.delegate(alice, op);
    assert_eq!(reg.sender(alice).delegated_to(alice), op);
    assert_eq!(env.stake(op), e18(100));
    assert_eq!(env.withdrawable(alice), e18(100));
    reg.assert_emitted(&OperatorStakeIncreased {
        operator: op,
        vault: v,
        staker: alice,
        shares: e18(100),
    });
    reg.assert_emitted(&DepositScalingFactorUpdated {
        staker: alice,
        vault: v,
        factor: E18,
    });

    // Slash 25%: the stake and alice's withdrawable fall by a quarter.
    let burned = env.slash(op, WAD / 4);
    assert_eq!(burned, e18(25));
    reg.assert_emitted(&OperatorSlashed {
        operator: op,
        vault: v,
        previous_magnitude: WAD,
        new_magnitude: WAD / 4 * 3,
        stake_slashed: e18(25),
        queued_slashed: U256::ZERO,
    });
    assert_eq!(reg.sender(op).max_magnitude(op, v), WAD / 4 * 3);
    assert_eq!(env.stake(op), e18(75));
    assert_eq!(env.withdrawable(alice), e18(75));
    assert_eq!(vault.sender(alice).total_shares(), e18(75));
    assert_eq!(env.balance(restake_interfaces::BURN_ADDRESS), e18(25));

    // Queue everything: the stake leaves the operator, the shares stay slashable.
    let id = env.queue(alice, e18(100));
    assert_eq!(id, U256::from(1));
    assert_eq!(env.stake(op), U256::ZERO);
    assert_eq!(env.withdrawable(alice), U256::ZERO);
    reg.assert_emitted(&WithdrawalQueued {
        id,
        staker: alice,
        vault: v,
        operator: op,
        deposit_shares: e18(100),
        scaled_shares: e18(100),
        claimable_at: T0 + DELAY,
    });
    reg.assert_emitted(&OperatorStakeDecreased {
        operator: op,
        vault: v,
        staker: alice,
        shares: e18(75),
    });
    assert_eq!(
        reg.sender(alice)
            .pending_redeem_request(id, v)
            .motsu_unwrap(),
        e18(75)
    );
    assert_eq!(
        reg.sender(alice)
            .claimable_redeem_request(id, v)
            .motsu_unwrap(),
        U256::ZERO
    );

    // A second slash inside the window reaches the queued shares.
    env.warp(T0 + DELAY - 1);
    assert_eq!(
        reg.sender(alice)
            .slashable_queued_shares(op, v)
            .motsu_unwrap(),
        e18(100)
    );
    let burned = env.slash(op, WAD / 4);
    assert_eq!(burned, e18(25));
    reg.assert_emitted(&OperatorSlashed {
        operator: op,
        vault: v,
        previous_magnitude: WAD / 4 * 3,
        new_magnitude: WAD / 2,
        stake_slashed: U256::ZERO,
        queued_slashed: e18(25),
    });
    assert_eq!(
        reg.sender(alice)
            .pending_redeem_request(id, v)
            .motsu_unwrap(),
        e18(50)
    );

    // At the end of the delay: claimable, and no longer slashable.
    env.warp(T0 + DELAY);
    assert_eq!(
        reg.sender(alice)
            .pending_redeem_request(id, v)
            .motsu_unwrap(),
        U256::ZERO
    );
    assert_eq!(
        reg.sender(alice)
            .claimable_redeem_request(id, v)
            .motsu_unwrap(),
        e18(50)
    );
    assert_eq!(
        reg.sender(alice)
            .slashable_queued_shares(op, v)
            .motsu_unwrap(),
        U256::ZERO
    );
    reg.sender(alice)
        .complete_withdrawal(id, true)
        .motsu_unwrap();
    assert_eq!(env.balance(alice), e18(50));
    assert_eq!(vault.sender(alice).total_shares(), U256::ZERO);
    assert_eq!(env.balance(vault.address()), U256::ZERO);
    reg.assert_emitted(&WithdrawalCompleted {
        id,
        staker: alice,
        vault: v,
        shares: e18(50),
        assets: e18(50),
        as_tokens: true,
    });
    let (staker, operator, claimable_at, completed, entries) =
        reg.sender(alice).withdrawal(id).motsu_unwrap();
    assert_eq!(
        (staker, operator, claimable_at, completed, entries),
        (alice, op, T0 + DELAY, true, 1)
    );
    assert_eq!(
        reg.sender(alice)
            .claimable_redeem_request(id, v)
            .motsu_unwrap(),
        U256::ZERO
    );
    assert_eq!(reg.sender(alice).withdrawal_entry(id, 0), (v, e18(100)));
}

/// Two vaults: delegation moves both positions, a slash of one vault leaves
/// the other whole, and one undelegation queues both in one withdrawal
/// (each entry paid at its own vault's magnitude).
#[motsu::test]
fn two_vaults_move_together_and_slash_separately(
    reg: Contract<OperatorRegistry>,
    vault: Contract<Vault>,
    lst: Contract<MockLst>,
    vault2: Contract<Vault>,
    lst2: Contract<MockLst>,
    owner: Address,
    manager: Address,
    op: Address,
    alice: Address,
) {
    let env = setup(&reg, &vault, &lst, owner, manager);
    lst2.sender(owner).constructor(owner).motsu_unwrap();
    vault2
        .sender(owner)
        .constructor(
            lst2.address(),
            owner,
            owner,
            reg.address(),
            manager,
            U256::MAX,
        )
        .motsu_unwrap();
    reg.sender(owner).add_vault(vault2.address()).motsu_unwrap();
    assert_eq!(
        reg.sender(owner).vaults(),
        vec![vault.address(), vault2.address()]
    );
    let (v1, v2) = (vault.address(), vault2.address());

    env.register(op);
    env.deposit(alice, e18(10));
    lst2.sender(owner).mint(alice, e18(20)).motsu_unwrap();
    lst2.sender(alice).approve(v2, e18(20)).motsu_unwrap();
    vault2.sender(alice).deposit(e18(20), alice).motsu_unwrap();
    env.delegate(alice, op);
    assert_eq!(reg.sender(op).operator_stake(op, v1), e18(10));
    assert_eq!(reg.sender(op).operator_stake(op, v2), e18(20));

    // Slash half of the second vault only.
    let shares = reg
        .sender(manager)
        .slash_operator(op, v2, WAD / 2)
        .motsu_unwrap();
    assert_eq!(shares, e18(10));
    vault2
        .sender(manager)
        .burn_slashed_shares(shares, Address::ZERO)
        .motsu_unwrap();
    assert_eq!(
        reg.sender(alice)
            .withdrawable_shares(alice, v1)
            .motsu_unwrap(),
        e18(10)
    );
    assert_eq!(
        reg.sender(alice)
            .withdrawable_shares(alice, v2)
            .motsu_unwrap(),
        e18(10)
    );

    // One undelegation, one withdrawal with both vaults.
    let id = reg.sender(alice).undelegate(alice).motsu_unwrap();
    let (_, operator, _, _, entries) = reg.sender(alice).withdrawal(id).motsu_unwrap();
    assert_eq!((operator, entries), (op, 2));
    assert_eq!(reg.sender(alice).withdrawal_entry(id, 0), (v1, e18(10)));
    assert_eq!(reg.sender(alice).withdrawal_entry(id, 1), (v2, e18(20)));
    // #15: the entries name their vaults by index in the flags word; past
    // the last entry, and for an unknown id, nothing.
    assert_eq!(
        reg.sender(alice).withdrawal_entry(id, 2),
        (Address::ZERO, U256::ZERO)
    );
    assert_eq!(
        reg.sender(alice).withdrawal_entry(id + U256::from(1), 0),
        (Address::ZERO, U256::ZERO)
    );
    assert_eq!(reg.sender(op).operator_stake(op, v1), U256::ZERO);
    assert_eq!(reg.sender(op).operator_stake(op, v2), U256::ZERO);
    env.warp(T0 + DELAY);
    assert_eq!(
        reg.sender(alice)
            .claimable_redeem_request(id, v1)
            .motsu_unwrap(),
        e18(10)
    );
    assert_eq!(
        reg.sender(alice)
            .claimable_redeem_request(id, v2)
            .motsu_unwrap(),
        e18(10)
    );
    reg.sender(alice)
        .complete_withdrawal(id, true)
        .motsu_unwrap();
    assert_eq!(env.balance(alice), e18(10));
    assert_eq!(lst2.sender(alice).balance_of(alice), e18(10));
    assert_eq!(vault2.sender(alice).total_shares(), U256::ZERO);
    // Marking it completed kept the vault indices.
    let (_, _, _, completed, entries) = reg.sender(alice).withdrawal(id).motsu_unwrap();
    assert_eq!((completed, entries), (true, 2));
    assert_eq!(reg.sender(alice).withdrawal_entry(id, 0), (v1, e18(10)));
    assert_eq!(reg.sender(alice).withdrawal_entry(id, 1), (v2, e18(20)));
}
