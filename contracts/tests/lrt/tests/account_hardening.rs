//! Regression tests of the security findings on the Lrt's staking
//! sub-account (issue #11: I-1, L-5), each named after the attack it
//! defeats, against the real operator registry and real vaults (motsu).
//! Every amount is exact. The set-up of the L-5 tests is
//! `restake_lrt_tests::with_registry::setup_eth_and_lst`.
use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::SolError;
use motsu::prelude::*;
use restake_interfaces::{lrt::*, NATIVE_ETH};
use restake_lrt::Lrt;
use restake_lrt_account::{Error as AccountError, LrtAccount};
use restake_lrt_tests::{e18, with_registry::setup_eth_and_lst as setup, Wallet, DELAY, DUST, T0};
use restake_mock_lst::MockLst;
use restake_registry::OperatorRegistry;
use restake_vault::Vault;
use stylus_sdk::abi::Bytes;

/// The revert data the account returns for `e`.
fn data(e: AccountError) -> Vec<u8> {
    e.into()
}

// ---------------------------------------------------------------------------
// I-1: the sub-account implementation initialized by anyone
// ---------------------------------------------------------------------------

/// I-1. Attack: the implementation every clone delegates to was deployed
/// without construction, so a stranger could `initialize` it, become its
/// controller forever and `execute` arbitrary calls from it. Now the
/// deployment runs its constructor, which makes the implementation its own
/// controller (`AccountInitialized(implementation)`): a stranger's
/// `initialize` reverts `LrtAccountInitialized(implementation)`, and
/// `execute`, `delegate`, `queue`, `record` and `complete` revert
/// `LrtAccountUnauthorized(stranger)` (as for the deployer). A clone, which
/// never runs the constructor, is initialized by the Lrt and keeps working;
/// the constructor, open to anyone on a clone, refuses there
/// (`LrtAccountInitialized(lrt)`) and leaves the Lrt its controller.
#[motsu::test]
fn i1_implementation_is_locked_at_deployment(
    implementation: Contract<LrtAccount>,
    clone: Contract<LrtAccount>,
    wallet: Contract<Wallet>,
    deployer: Address,
    stranger: Address,
    lrt: Address,
    registry: Address,
) {
    // Deployment: the StylusDeployer constructs the implementation.
    implementation.sender(deployer).constructor().motsu_unwrap();

    // The attack: initialize it, then drive it.
    let locked = LrtAccountInitialized {
        controller: implementation.address(),
    }
    .abi_encode();
    let err = implementation
        .sender(stranger)
        .initialize(registry)
        .motsu_unwrap_err();
    assert_eq!(data(err), locked);
    assert_eq!(
        implementation.sender(stranger).controller(),
        implementation.address()
    );
    implementation.assert_emitted(&AccountInitialized {
        controller: implementation.address(),
    });
    for who in [stranger, deployer] {
        let unauthorized = LrtAccountUnauthorized { caller: who }.abi_encode();
        let err = implementation
            .sender(who)
            .execute(who, U256::ZERO, Bytes::from(vec![0xde, 0xad]))
            .motsu_unwrap_err();
        assert_eq!(data(err), unauthorized);
        let err = implementation
            .sender(who)
            .delegate(who, Bytes::from(Vec::new()), U256::ZERO, B256::ZERO)
            .motsu_unwrap_err();
        assert_eq!(data(err), unauthorized);
        let err = implementation
            .sender(who)
            .queue(who, U256::from(1))
            .motsu_unwrap_err();
        assert_eq!(data(err), unauthorized);
        let err = implementation.sender(who).record(who).motsu_unwrap_err();
        assert_eq!(data(err), unauthorized);
        let err = implementation
            .sender(who)
            .complete(U256::from(1), who)
            .motsu_unwrap_err();
        assert_eq!(data(err), unauthorized);
    }
    // Constructing again changes nothing.
    assert_eq!(
        data(
            implementation
                .sender(stranger)
                .constructor()
                .motsu_unwrap_err()
        ),
        locked
    );

    // A clone: its own storage, initialized by the Lrt in the creating
    // transaction, never constructed. A stranger's constructor call there
    // is refused and the Lrt stays its controller.
    clone.sender(lrt).initialize(registry).motsu_unwrap();
    clone.assert_emitted(&AccountInitialized { controller: lrt });
    assert_eq!(
        data(clone.sender(stranger).constructor().motsu_unwrap_err()),
        LrtAccountInitialized { controller: lrt }.abi_encode()
    );
    assert_eq!(clone.sender(stranger).controller(), lrt);
    // The Lrt still drives it (a plain call out with no data).
    clone
        .sender(lrt)
        .execute(wallet.address(), U256::ZERO, Bytes::from(Vec::new()))
        .motsu_unwrap();
}

// ---------------------------------------------------------------------------
// L-5: a dust deposit to a predictable sub-account address blocking its
// delegation
// ---------------------------------------------------------------------------

/// L-5. Attack: the next sub-account's address is known in advance (CREATE2
/// of fixed init code, salt `keccak(operator ‖ nonce)`, the nonce only
/// advancing on success). `op` is fully slashed in the LST vault; the
/// attacker deposits 1000 wei of ETH and 1000 wei of mLST for that address
/// in the two vaults. Before the fix `addOperator(op)` reverted
/// `RegistryOperatorFullySlashed(op, lstVault)` (the registry moves every
/// position of the new account to `op`), and did so forever. Now the
/// account queues both positions in one registry withdrawal (recorded like
/// one the registry queued: `AccountDonationsQueued(1)`, one open
/// withdrawal) and delegates: `addOperator` succeeds, the account is
/// delegated to `op` with no position, the Lrt's value grows by exactly
/// what the donation is worth (at most the 2000 wei given), the manager
/// restakes through `op`, and after the registry's delay a stranger
/// completes the donation into the Lrt (ETH into the sub-account, mLST to
/// the Lrt), the value unchanged by it.
#[motsu::test]
#[allow(clippy::too_many_arguments)]
fn l5_dust_deposit_to_the_next_sub_account_cannot_block_add_operator(
    lrt: Contract<Lrt>,
    registry: Contract<OperatorRegistry>,
    ev: Contract<Vault>,
    lv: Contract<Vault>,
    lst: Contract<MockLst>,
    acc: Contract<LrtAccount>,
    alice: Contract<Wallet>,
    owner: Address,
    manager: Address,
    slasher: Address,
    op: Address,
    attacker: Address,
    stranger: Address,
) {
    let env = setup(&lrt, &registry, &ev, &lv, &lst, owner, manager, slasher);
    env.deposit_eth(alice.address(), e18(10));
    env.register(op);
    env.slash_fully(op, lv.address());
    assert_eq!(env.value(), e18(10));

    // The attack: dust for the next sub-account in both vaults.
    env.donate(attacker, acc.address());
    let a = acc.address();
    assert!(!ev.sender(owner).deposit_shares(a).is_zero());
    assert!(!lv.sender(owner).deposit_shares(a).is_zero());

    lrt.sender(manager).set_test_next_account(a);
    assert_eq!(
        lrt.sender(manager)
            .add_operator(op, [], U256::ZERO, B256::ZERO)
            .motsu_unwrap(),
        a
    );
    lrt.assert_emitted(&OperatorAdded {
        operator: op,
        account: a,
    });
    assert_eq!(registry.sender(owner).delegated_to(a), op);
    assert_eq!(acc.sender(owner).operator(), op);
    // Both donations left the account's positions into withdrawal 1.
    let id = U256::from(1);
    acc.assert_emitted(&AccountDonationsQueued { withdrawal_id: id });
    assert_eq!(acc.sender(owner).open_withdrawals(), U256::from(1));
    assert_eq!(ev.sender(owner).deposit_shares(a), U256::ZERO);
    assert_eq!(lv.sender(owner).deposit_shares(a), U256::ZERO);
    assert_eq!(
        registry.sender(owner).operator_stake(op, ev.address()),
        U256::ZERO
    );
    // The Lrt's value: the 10 ETH plus what the donation is worth.
    let donated = env.queued_value(id);
    assert!(!donated.is_zero() && donated <= DUST + DUST);
    assert_eq!(env.value(), e18(10) + donated);
    assert_eq!(
        lrt.sender(owner).operator_value(U256::ZERO).motsu_unwrap(),
        donated
    );

    // The sub-account works: the manager restakes 4 ETH through `op`.
    lrt.sender(manager)
        .restake(op, NATIVE_ETH, e18(4))
        .motsu_unwrap();
    assert_eq!(
        registry.sender(owner).operator_stake(op, ev.address()),
        e18(4)
    );
    assert_eq!(env.value(), e18(10) + donated);

    // Before the delay the registry refuses; after it, anyone completes
    // the donation into the Lrt.
    assert!(lrt.sender(stranger).complete_unstake(op, id).is_err());
    env.set_time(T0 + DELAY);
    let eth_before = acc.balance();
    lrt.sender(stranger).complete_unstake(op, id).motsu_unwrap();
    let eth_got = acc.balance() - eth_before;
    let lst_got = lst.sender(owner).balance_of(lrt.address());
    assert!(!eth_got.is_zero() && !lst_got.is_zero());
    assert_eq!(eth_got + lst_got, donated);
    assert_eq!(acc.sender(owner).open_withdrawals(), U256::ZERO);
    assert_eq!(env.value(), e18(10) + donated);
}

/// L-5, symmetric case. 8 of 10 ETH restaked through `op`; `op`
/// force-undelegates the sub-account (withdrawal 1, adopted by a stranger)
/// and is then fully slashed in the LST vault; the attacker deposits dust
/// for the undelegated account in both vaults. Before the fix
/// `redelegateOperator(op)` reverted `RegistryOperatorFullySlashed(op,
/// lstVault)` forever. Now the donation is queued (withdrawal 2,
/// `AccountDonationsQueued(2)`) and the account is delegated again, the
/// Lrt's value up by the donation (counted from the moment the account
/// records it in that withdrawal, F-2, not while it sat undelegated);
/// after the delay both withdrawals complete into the Lrt,
/// value unchanged, and the manager restakes again. The happy path queues
/// nothing: adding `op` with no dust around left no withdrawal.
#[motsu::test]
#[allow(clippy::too_many_arguments)]
fn l5_dust_deposit_after_a_forced_undelegation_cannot_block_redelegate_operator(
    lrt: Contract<Lrt>,
    registry: Contract<OperatorRegistry>,
    ev: Contract<Vault>,
    lv: Contract<Vault>,
    lst: Contract<MockLst>,
    acc: Contract<LrtAccount>,
    alice: Contract<Wallet>,
    owner: Address,
    manager: Address,
    slasher: Address,
    op: Address,
    attacker: Address,
    stranger: Address,
) {
    let env = setup(&lrt, &registry, &ev, &lv, &lst, owner, manager, slasher);
    let a = acc.address();
    env.deposit_eth(alice.address(), e18(10));
    env.register(op);
    lrt.sender(manager).set_test_next_account(a);
    lrt.sender(manager)
        .add_operator(op, [], U256::ZERO, B256::ZERO)
        .motsu_unwrap();
    // No dust: delegated at the first attempt, nothing queued.
    assert_eq!(acc.sender(owner).open_withdrawals(), U256::ZERO);
    assert!(!acc.emitted(&AccountDonationsQueued {
        withdrawal_id: U256::from(1)
    }));
    lrt.sender(manager)
        .restake(op, NATIVE_ETH, e18(8))
        .motsu_unwrap();

    // The operator force-undelegates (H-1); anyone adopts the withdrawal.
    let forced = registry.sender(op).undelegate(a).motsu_unwrap();
    assert_eq!(forced, U256::from(1));
    acc.sender(stranger).adopt(forced).motsu_unwrap();
    assert_eq!(env.value(), e18(10));

    // The attack: `op` is fully slashed in the LST vault (nothing of the
    // Lrt's there) and the attacker donates dust to the undelegated account.
    env.slash_fully(op, lv.address());
    env.donate(attacker, a);
    // F-2: a deposit the Lrt did not make is not in its books until it
    // records it (here: the withdrawal that queues it).
    let before = env.value();
    assert_eq!(before, e18(10));

    lrt.sender(manager)
        .redelegate_operator(op, [], U256::ZERO, B256::ZERO)
        .motsu_unwrap();
    lrt.assert_emitted(&OperatorRedelegated {
        operator: op,
        account: a,
    });
    assert_eq!(registry.sender(owner).delegated_to(a), op);
    let dust = U256::from(2);
    acc.assert_emitted(&AccountDonationsQueued {
        withdrawal_id: dust,
    });
    assert_eq!(acc.sender(owner).open_withdrawals(), U256::from(2));
    assert_eq!(ev.sender(owner).deposit_shares(a), U256::ZERO);
    assert_eq!(lv.sender(owner).deposit_shares(a), U256::ZERO);
    let donated = env.queued_value(dust);
    assert!(donated > U256::ZERO && donated <= DUST + DUST);
    assert_eq!(env.value(), before + donated);

    // After the delay both complete into the Lrt; the value stays.
    env.set_time(T0 + DELAY);
    assert_eq!(
        lrt.sender(stranger)
            .complete_unstake(op, forced)
            .motsu_unwrap(),
        e18(8)
    );
    lrt.sender(stranger)
        .complete_unstake(op, dust)
        .motsu_unwrap();
    assert_eq!(acc.sender(owner).open_withdrawals(), U256::ZERO);
    assert_eq!(env.value(), before + donated);
    lrt.sender(manager)
        .restake(op, NATIVE_ETH, e18(2))
        .motsu_unwrap();
    assert_eq!(env.value(), before + donated);
}

/// L-5, limits of the remedy. With dust for the next sub-account, a
/// refusal the dust does not cause is passed on unchanged and leaves
/// nothing behind: adding an operator that is not registered reverts
/// `RegistryNotOperator(op)` (the registry's revert, after the account
/// queued the dust and retried once, all rolled back: the dust is still the
/// account's position, no withdrawal open, the test hook's account unused).
/// A delegated account never takes the path: re-delegating it passes on
/// `RegistryAlreadyDelegated` and queues none of its positions.
#[motsu::test]
#[allow(clippy::too_many_arguments)]
fn l5_other_delegation_refusals_pass_on_and_queue_nothing(
    lrt: Contract<Lrt>,
    registry: Contract<OperatorRegistry>,
    ev: Contract<Vault>,
    lv: Contract<Vault>,
    lst: Contract<MockLst>,
    acc: Contract<LrtAccount>,
    alice: Contract<Wallet>,
    owner: Address,
    manager: Address,
    slasher: Address,
    op: Address,
    attacker: Address,
) {
    let env = setup(&lrt, &registry, &ev, &lv, &lst, owner, manager, slasher);
    let a = acc.address();
    env.deposit_eth(alice.address(), e18(10));
    env.donate(attacker, a);
    let shares = ev.sender(owner).deposit_shares(a);
    lrt.sender(manager).set_test_next_account(a);
    let err = lrt
        .sender(manager)
        .add_operator(op, [], U256::ZERO, B256::ZERO)
        .motsu_unwrap_err();
    assert!(matches!(err, restake_lrt::Error::Call(data)
        if data == restake_interfaces::registry::RegistryNotOperator { account: op }.abi_encode()));
    assert_eq!(ev.sender(owner).deposit_shares(a), shares);
    assert_eq!(acc.sender(owner).open_withdrawals(), U256::ZERO);
    assert_eq!(acc.sender(owner).controller(), Address::ZERO);

    // Registered, `op` is added (the dust is healthy stake: it simply
    // joins `op`, nothing queued). Delegated, the account never takes the
    // path: a second delegation is refused as the registry says.
    env.register(op);
    lrt.sender(manager)
        .add_operator(op, [], U256::ZERO, B256::ZERO)
        .motsu_unwrap();
    assert_eq!(acc.sender(owner).open_withdrawals(), U256::ZERO);
    assert_eq!(ev.sender(owner).deposit_shares(a), shares);
    let err = lrt
        .sender(manager)
        .redelegate_operator(op, [], U256::ZERO, B256::ZERO)
        .motsu_unwrap_err();
    assert!(matches!(err, restake_lrt::Error::Call(data)
        if data == restake_interfaces::registry::RegistryAlreadyDelegated { staker: a, operator: op }.abi_encode()));
    assert_eq!(acc.sender(owner).open_withdrawals(), U256::ZERO);
    assert_eq!(ev.sender(owner).deposit_shares(a), shares);
}
