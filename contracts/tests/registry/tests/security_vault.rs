//! Security issue 11, the vault and registry findings, through the real
//! registry, vault and mock LST (motsu): each test would fail on 66e5067.
use alloy_primitives::{Address, U256};
use alloy_sol_types::SolError;
use motsu::prelude::*;
use restake_interfaces::registry::*;
use restake_mock_lst::MockLst;
use restake_registry::{Error, OperatorRegistry, MAX_WITHDRAWAL_DELAY};
use restake_registry_tests::*;
use restake_slashing::SlashingManager;
use restake_vault::Vault;

/// Regression (ERC-4626 `maxDeposit`/`maxMint` MUST NOT exceed what would be
/// accepted): alice deposits 10 tokens, delegates to `op`, and `op` is
/// slashed 100% (10 tokens burned, the vault left with 0 assets). The old
/// vault still reported `maxDeposit(alice)` = `maxMint(alice)` = 2^256 - 1
/// (the uncapped room) although any deposit for alice reverts
/// `RegistryOperatorFullySlashed(op, vault)`. Now both are 0 for alice, while
/// bob (undelegated) keeps the whole room and can deposit 1 token; a vault
/// the registry does not whitelist reports 0 for everyone (its deposits
/// revert `RegistryUnauthorized(vault)`).
#[motsu::test]
fn max_deposit_is_zero_for_a_receiver_whose_operator_is_fully_slashed(
    reg: Contract<OperatorRegistry>,
    vault: Contract<Vault>,
    stray: Contract<Vault>,
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
    env.deposit(alice, e18(10));
    env.delegate(alice, op);
    assert_eq!(
        vault.sender(alice).max_deposit(alice).motsu_unwrap(),
        U256::MAX - e18(10)
    );
    assert!(reg.sender(alice).accepts_deposit(alice, v));
    assert_eq!(env.slash(op, WAD), e18(10));
    assert_eq!(
        vault.sender(alice).total_assets().motsu_unwrap(),
        U256::ZERO
    );

    // The receiver's deposit would revert: the views say so.
    assert!(!reg.sender(alice).accepts_deposit(alice, v));
    assert_eq!(
        vault.sender(alice).max_deposit(alice).motsu_unwrap(),
        U256::ZERO
    );
    assert_eq!(
        vault.sender(alice).max_mint(alice).motsu_unwrap(),
        U256::ZERO
    );
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
    // The registry's refusal is per receiver: bob keeps the whole room.
    assert!(reg.sender(bob).accepts_deposit(bob, v));
    assert_eq!(vault.sender(bob).max_deposit(bob).motsu_unwrap(), U256::MAX);
    env.fund(bob, e18(1));
    assert_eq!(
        vault.sender(bob).deposit(e18(1), bob).motsu_unwrap(),
        e18(1)
    );
    assert_eq!(
        vault.sender(bob).max_deposit(bob).motsu_unwrap(),
        U256::MAX - e18(1)
    );
    // Once alice leaves the dead operator, she has room again.
    reg.sender(alice).undelegate(alice).motsu_unwrap();
    assert_eq!(
        vault.sender(alice).max_deposit(alice).motsu_unwrap(),
        U256::MAX - e18(1)
    );

    // A vault the registry never whitelisted: every deposit reverts, so no room.
    stray
        .sender(owner)
        .constructor(
            lst.address(),
            owner,
            owner,
            reg.address(),
            manager,
            U256::MAX,
        )
        .motsu_unwrap();
    assert!(!reg.sender(bob).accepts_deposit(bob, stray.address()));
    assert_eq!(
        stray.sender(bob).max_deposit(bob).motsu_unwrap(),
        U256::ZERO
    );
    assert_eq!(stray.sender(bob).max_mint(bob).motsu_unwrap(), U256::ZERO);
    lst.sender(owner).mint(bob, e18(1)).motsu_unwrap();
    lst.sender(bob)
        .approve(stray.address(), e18(1))
        .motsu_unwrap();
    let err = stray.sender(bob).deposit(e18(1), bob).motsu_unwrap_err();
    let expected = RegistryUnauthorized {
        caller: stray.address(),
    }
    .abi_encode();
    assert!(matches!(err, restake_vault::Error::Registry(ref d) if *d == expected));
}

/// Regression (L-2): an operator chose an allocation delay of 0, fixed for
/// life, so it could create its own redistributing set, allocate 100% and
/// slash in the same block: on 66e5067 alice's 100 delegated tokens went to
/// the operator at once. Now every allocation waits at least the protocol
/// minimum, `minAllocationDelay()` = 1,000 + 250 = 1,250 s (the withdrawal
/// delay is 1,000 s), so the same-block slash takes nothing; alice queues
/// her exit, and when the allocation becomes slashable (T0 + 1,250) her
/// withdrawal has left the slashable window (T0 + 1,000): the slash takes 0
/// and she completes with all 100 tokens.
#[motsu::test]
fn operator_with_zero_allocation_delay_cannot_take_delegated_stake_in_one_block(
    reg: Contract<OperatorRegistry>,
    vault: Contract<Vault>,
    lst: Contract<MockLst>,
    m: Contract<SlashingManager>,
    owner: Address,
    op: Address,
    alice: Address,
) {
    let env = setup(&reg, &vault, &lst, owner, m.address());
    m.sender(owner)
        .constructor(reg.address(), DELAY, Address::ZERO)
        .motsu_unwrap();
    m.sender(owner).set_test_timestamp(T0);
    let v = vault.address();
    reg.sender(op)
        .register_as_operator(Address::ZERO, 0, "ipfs://op")
        .motsu_unwrap();
    env.deposit(alice, e18(100));
    env.delegate(alice, op);
    assert_eq!(reg.sender(alice).min_allocation_delay(), 1_250);
    assert_eq!(reg.sender(alice).allocation_delay(op), 1_250);

    // The operator is its own AVS: a set that redistributes to itself, 100% allocated.
    m.sender(op)
        .register_avs(b"ipfs://own", Address::ZERO)
        .motsu_unwrap();
    m.sender(op)
        .create_operator_set(
            1,
            &[v],
            op,
            op,
            Address::ZERO,
            0,
            WAD,
            DELAY,
            0,
            Address::ZERO,
        )
        .motsu_unwrap();
    m.sender(op).join_operator_set(op, 1).motsu_unwrap();
    m.sender(op).modify_allocation(op, 1, v, WAD).motsu_unwrap();
    // Same block: nothing is slashable yet, whatever the slash call returns.
    let _ = m.sender(op).slash(op, op, 1, &[v], WAD, b"take everything");
    assert_eq!(env.withdrawable(alice), e18(100));
    assert_eq!(env.balance(op), U256::ZERO);
    assert_eq!(vault.sender(alice).total_assets().motsu_unwrap(), e18(100));

    // Alice leaves; the allocation becomes slashable only after her window closed.
    let id = env.queue(alice, e18(100));
    env.warp(T0 + 1_250);
    m.sender(owner).set_test_timestamp(T0 + 1_250);
    let _ = m.sender(op).slash(op, op, 1, &[v], WAD, b"take everything");
    assert_eq!(env.balance(op), U256::ZERO);
    reg.sender(alice)
        .complete_withdrawal(id, true)
        .motsu_unwrap();
    assert_eq!(env.balance(alice), e18(100));
}

/// L-2: a chosen allocation delay (initial or changed) takes effect only
/// after the allocation configuration delay (1,250 s), and the delay
/// applied is never below the minimum. `op` registers at T0 asking for
/// 5,000 s: 1,250 s apply until T0 + 1,250, then 5,000 s. At T1 = T0 + 2,000
/// it asks for 0: 5,000 s stay until T1 + 1,250, then the minimum, 1,250 s
/// (66e5067 applied whatever was asked at registration, at once and for life).
#[motsu::test]
fn allocation_delay_changes_wait_the_configuration_delay_and_never_go_below_the_minimum(
    reg: Contract<OperatorRegistry>,
    vault: Contract<Vault>,
    lst: Contract<MockLst>,
    owner: Address,
    manager: Address,
    op: Address,
    alice: Address,
) {
    let _env = setup(&reg, &vault, &lst, owner, manager);
    reg.sender(op)
        .register_as_operator(Address::ZERO, 5_000, "ipfs://op")
        .motsu_unwrap();
    reg.assert_emitted(&AllocationDelaySet {
        operator: op,
        delay: 5_000,
        effect_at: T0 + 1_250,
    });
    assert_eq!(reg.sender(alice).allocation_delay(op), 1_250);
    assert_eq!(
        reg.sender(alice).allocation_delay_config(op),
        (1_250, 5_000, T0 + 1_250)
    );
    _env.warp(T0 + 1_249);
    assert_eq!(reg.sender(alice).allocation_delay(op), 1_250);
    _env.warp(T0 + 1_250);
    assert_eq!(reg.sender(alice).allocation_delay(op), 5_000);

    let t1 = T0 + 2_000;
    _env.warp(t1);
    reg.sender(op).set_allocation_delay(0).motsu_unwrap();
    reg.assert_emitted(&AllocationDelaySet {
        operator: op,
        delay: 0,
        effect_at: t1 + 1_250,
    });
    assert_eq!(
        reg.sender(alice).allocation_delay_config(op),
        (5_000, 1_250, t1 + 1_250)
    );
    _env.warp(t1 + 1_249);
    assert_eq!(reg.sender(alice).allocation_delay(op), 5_000);
    _env.warp(t1 + 1_250);
    assert_eq!(reg.sender(alice).allocation_delay(op), 1_250);
    assert_eq!(
        reg.sender(alice).allocation_delay_config(op),
        (1_250, 1_250, t1 + 1_250)
    );

    // Only operators configure a delay; nothing changes on a refusal.
    let err = reg.sender(alice).set_allocation_delay(9).motsu_unwrap_err();
    assert!(matches!(err, Error::NotOperator(e) if e.account == alice));
    assert_eq!(reg.sender(alice).allocation_delay(alice), 1_250);
}

/// L-2: the minimum must fit the `uint32` the slashing manager reads, so a
/// withdrawal delay above `MAX_WITHDRAWAL_DELAY` is refused at construction.
#[motsu::test]
fn constructor_refuses_a_withdrawal_delay_whose_minimum_allocation_delay_overflows(
    reg: Contract<OperatorRegistry>,
    owner: Address,
) {
    let err = reg
        .sender(owner)
        .constructor(owner, MAX_WITHDRAWAL_DELAY + 1, Address::ZERO)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::WithdrawalDelayTooLong(e)
        if e.delay == MAX_WITHDRAWAL_DELAY + 1 && e.max == MAX_WITHDRAWAL_DELAY));
    reg.sender(owner)
        .constructor(owner, MAX_WITHDRAWAL_DELAY, Address::ZERO)
        .motsu_unwrap();
    assert_eq!(reg.sender(owner).min_allocation_delay(), u32::MAX);
}
