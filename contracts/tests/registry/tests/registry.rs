//! The operator registry with a real vault and the mock LST, natively
//! (motsu): every public function, error and event; the named attacks
//! (front-running a slash by undelegating or queueing, completing early,
//! replaying an approver signature, rounding dust, a 100% slash).
use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::SolError;
use motsu::prelude::*;
use openzeppelin_stylus::access::{
    ownable::OwnershipTransferred,
    ownable_two_step::{IOwnable2Step, OwnershipTransferStarted},
};
use restake_interfaces::{registry::*, vault::*};
use restake_mock_lst::MockLst;
use restake_registry::{Error, OperatorRegistry, DEFAULT_WITHDRAWAL_DELAY, MAX_VAULTS};
use restake_registry_tests::*;
use restake_vault::Vault;
use stylus_sdk::abi::Bytes;

fn no_sig() -> Bytes {
    Bytes(vec![])
}

// ---------------------------------------------------------------------------
// The headline flow, with exact amounts
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// Construction, owner wiring, ownership
// ---------------------------------------------------------------------------

#[motsu::test]
fn constructor_sets_owner_and_delay(reg: Contract<OperatorRegistry>, owner: Address) {
    reg.sender(owner).constructor(owner, 0).motsu_unwrap();
    assert_eq!(reg.sender(owner).owner(), owner);
    assert_eq!(
        reg.sender(owner).withdrawal_delay(),
        DEFAULT_WITHDRAWAL_DELAY
    );
    assert_eq!(DEFAULT_WITHDRAWAL_DELAY, 14 * 24 * 3600);
    assert_eq!(reg.sender(owner).slashing_manager(), Address::ZERO);
    reg.assert_emitted(&OwnershipTransferred {
        previous_owner: Address::ZERO,
        new_owner: owner,
    });
    reg.assert_emitted(&WithdrawalDelaySet {
        delay: DEFAULT_WITHDRAWAL_DELAY,
    });
}

#[motsu::test]
fn constructor_keeps_a_given_delay_and_rejects_zero_owner(
    reg: Contract<OperatorRegistry>,
    other: Contract<OperatorRegistry>,
    owner: Address,
) {
    reg.sender(owner).constructor(owner, 60).motsu_unwrap();
    assert_eq!(reg.sender(owner).withdrawal_delay(), 60);
    let err = other
        .sender(owner)
        .constructor(Address::ZERO, 60)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::OwnableInvalidOwner(e) if e.owner == Address::ZERO));
}

#[motsu::test]
fn add_vault_whitelists_and_rejects(
    reg: Contract<OperatorRegistry>,
    owner: Address,
    alice: Address,
    v0: Address,
) {
    reg.sender(owner).constructor(owner, DELAY).motsu_unwrap();
    let err = reg.sender(alice).add_vault(v0).motsu_unwrap_err();
    assert!(matches!(err, Error::OwnableUnauthorizedAccount(e) if e.account == alice));
    let err = reg
        .sender(owner)
        .add_vault(Address::ZERO)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::ZeroAddress(_)));
    assert!(!reg.sender(owner).is_vault(v0));
    reg.sender(owner).add_vault(v0).motsu_unwrap();
    assert!(reg.sender(owner).is_vault(v0));
    reg.assert_emitted(&VaultAdded { vault: v0 });
    let err = reg.sender(owner).add_vault(v0).motsu_unwrap_err();
    assert!(matches!(err, Error::VaultAlreadyAdded(e) if e.vault == v0));
    for i in 1..MAX_VAULTS {
        reg.sender(owner)
            .add_vault(Address::with_last_byte(i as u8))
            .motsu_unwrap();
    }
    assert_eq!(reg.sender(owner).vaults().len(), MAX_VAULTS);
    let err = reg
        .sender(owner)
        .add_vault(Address::with_last_byte(99))
        .motsu_unwrap_err();
    assert!(
        matches!(err, Error::TooManyVaults(e) if e.max == U256::from(MAX_VAULTS) && e.count == U256::from(MAX_VAULTS + 1))
    );
}

#[motsu::test]
fn slashing_manager_is_wired_once(
    reg: Contract<OperatorRegistry>,
    owner: Address,
    alice: Address,
    manager: Address,
) {
    reg.sender(owner).constructor(owner, DELAY).motsu_unwrap();
    let err = reg
        .sender(alice)
        .set_slashing_manager(manager)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::OwnableUnauthorizedAccount(_)));
    let err = reg
        .sender(owner)
        .set_slashing_manager(Address::ZERO)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::ZeroAddress(_)));
    reg.sender(owner)
        .set_slashing_manager(manager)
        .motsu_unwrap();
    assert_eq!(reg.sender(owner).slashing_manager(), manager);
    assert_eq!(reg.sender(owner).withdrawal_delay(), DELAY);
    reg.assert_emitted(&SlashingManagerSet {
        slashing_manager: manager,
    });
    let err = reg
        .sender(owner)
        .set_slashing_manager(alice)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::SlashingManagerAlreadySet(e) if e.slashing_manager == manager));
}

#[motsu::test]
fn ownership_moves_in_two_steps(reg: Contract<OperatorRegistry>, owner: Address, alice: Address) {
    reg.sender(owner).constructor(owner, DELAY).motsu_unwrap();
    reg.sender(owner).transfer_ownership(alice).motsu_unwrap();
    assert!(reg.emitted(&OwnershipTransferStarted {
        previous_owner: owner,
        new_owner: alice
    }));
    assert_eq!(reg.sender(owner).pending_owner(), alice);
    assert_eq!(reg.sender(owner).owner(), owner);
    let err = reg.sender(owner).accept_ownership().motsu_unwrap_err();
    assert!(matches!(err, Error::OwnableUnauthorizedAccount(_)));
    reg.sender(alice).accept_ownership().motsu_unwrap();
    assert_eq!(reg.sender(alice).owner(), alice);
    reg.assert_emitted(&OwnershipTransferred {
        previous_owner: owner,
        new_owner: alice,
    });
    reg.sender(alice).renounce_ownership().motsu_unwrap();
    assert_eq!(reg.sender(alice).owner(), Address::ZERO);
}

// ---------------------------------------------------------------------------
// Operators
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// Delegation and approver signatures
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// The deposit hook
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// Slashing entry point
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// Withdrawal queue
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// Encodings and the wasm surface
// ---------------------------------------------------------------------------

/// Every hand-encoded error equals its `sol!` encoding.
#[test]
fn errors_encode_as_their_sol_types() {
    let a = Address::with_last_byte(1);
    let b = Address::with_last_byte(2);
    let x = U256::from(7);
    let cases: Vec<(Error, Vec<u8>)> = vec![
        (
            Error::Unauthorized(RegistryUnauthorized { caller: a }),
            RegistryUnauthorized { caller: a }.abi_encode(),
        ),
        (
            Error::ZeroAddress(RegistryZeroAddress {}),
            RegistryZeroAddress {}.abi_encode(),
        ),
        (
            Error::AlreadyOperator(RegistryAlreadyOperator { account: a }),
            RegistryAlreadyOperator { account: a }.abi_encode(),
        ),
        (
            Error::NotOperator(RegistryNotOperator { account: a }),
            RegistryNotOperator { account: a }.abi_encode(),
        ),
        (
            Error::AlreadyDelegated(RegistryAlreadyDelegated {
                staker: a,
                operator: b,
            }),
            RegistryAlreadyDelegated {
                staker: a,
                operator: b,
            }
            .abi_encode(),
        ),
        (
            Error::NotDelegated(RegistryNotDelegated { staker: a }),
            RegistryNotDelegated { staker: a }.abi_encode(),
        ),
        (
            Error::OperatorCannotUndelegate(RegistryOperatorCannotUndelegate { operator: a }),
            RegistryOperatorCannotUndelegate { operator: a }.abi_encode(),
        ),
        (
            Error::SignatureExpired(RegistrySignatureExpired {
                expiry: x,
                timestamp: 9,
            }),
            RegistrySignatureExpired {
                expiry: x,
                timestamp: 9,
            }
            .abi_encode(),
        ),
        (
            Error::SaltSpent(RegistrySaltSpent {
                approver: a,
                salt: B256::with_last_byte(3),
            }),
            RegistrySaltSpent {
                approver: a,
                salt: B256::with_last_byte(3),
            }
            .abi_encode(),
        ),
        (
            Error::InvalidSignature(RegistryInvalidSignature {
                approver: a,
                signer: b,
            }),
            RegistryInvalidSignature {
                approver: a,
                signer: b,
            }
            .abi_encode(),
        ),
        (
            Error::VaultNotRegistered(RegistryVaultNotRegistered { vault: a }),
            RegistryVaultNotRegistered { vault: a }.abi_encode(),
        ),
        (
            Error::VaultAlreadyAdded(RegistryVaultAlreadyAdded { vault: a }),
            RegistryVaultAlreadyAdded { vault: a }.abi_encode(),
        ),
        (
            Error::TooManyVaults(RegistryTooManyVaults { max: x, count: x }),
            RegistryTooManyVaults { max: x, count: x }.abi_encode(),
        ),
        (
            Error::InvalidWithdrawal(RegistryInvalidWithdrawal {
                vaults: x,
                shares: U256::ZERO,
            }),
            RegistryInvalidWithdrawal {
                vaults: x,
                shares: U256::ZERO,
            }
            .abi_encode(),
        ),
        (
            Error::ZeroShares(RegistryZeroShares { vault: a }),
            RegistryZeroShares { vault: a }.abi_encode(),
        ),
        (
            Error::WithdrawalNotFound(RegistryWithdrawalNotFound { id: x }),
            RegistryWithdrawalNotFound { id: x }.abi_encode(),
        ),
        (
            Error::WithdrawalCompleted(RegistryWithdrawalCompleted { id: x }),
            RegistryWithdrawalCompleted { id: x }.abi_encode(),
        ),
        (
            Error::WithdrawalDelayPending(RegistryWithdrawalDelayPending {
                id: x,
                claimable_at: 5,
                timestamp: 4,
            }),
            RegistryWithdrawalDelayPending {
                id: x,
                claimable_at: 5,
                timestamp: 4,
            }
            .abi_encode(),
        ),
        (
            Error::OperatorFullySlashed(RegistryOperatorFullySlashed {
                operator: a,
                vault: b,
            }),
            RegistryOperatorFullySlashed {
                operator: a,
                vault: b,
            }
            .abi_encode(),
        ),
        (
            Error::MagnitudeExceeded(RegistryMagnitudeExceeded {
                operator: a,
                vault: b,
                current: 1,
                requested: 2,
            }),
            RegistryMagnitudeExceeded {
                operator: a,
                vault: b,
                current: 1,
                requested: 2,
            }
            .abi_encode(),
        ),
        (
            Error::SlashingManagerAlreadySet(RegistrySlashingManagerAlreadySet {
                slashing_manager: a,
            }),
            RegistrySlashingManagerAlreadySet {
                slashing_manager: a,
            }
            .abi_encode(),
        ),
        (
            Error::Math(RegistryMathError { code: 2 }),
            RegistryMathError { code: 2 }.abi_encode(),
        ),
        (Error::Vault(vec![1, 2, 3]), vec![1, 2, 3]),
    ];
    for (err, expected) in cases {
        assert_eq!(Vec::<u8>::from(err), expected);
    }
}

/// Math failures are typed (`RegistryMathError(code)`) and change nothing.
#[motsu::test]
fn math_errors_are_typed_and_change_nothing(
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
    env.delegate(alice, op);
    // A hook claiming a position that cannot grow without overflowing.
    let err = reg
        .sender(v)
        .on_deposit(alice, U256::MAX, U256::from(1))
        .motsu_unwrap_err();
    assert!(matches!(err, Error::Math(e) if e.code == restake_interfaces::math_code::OVERFLOW));
    assert_eq!(
        reg.sender(alice).deposit_scaling_factor(alice, v),
        U256::ZERO
    );
    assert_eq!(env.stake(op), U256::ZERO);
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
}
