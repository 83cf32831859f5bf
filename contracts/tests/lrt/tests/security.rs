//! Regression tests of the Lrt's security findings (issue #11), each named
//! after the attack it defeats, against the real operator registry and real
//! vaults (motsu). Every amount is exact.
//! The set-up is `restake_lrt_tests::with_registry::setup_eth`.
use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::SolError;
use motsu::prelude::*;
use restake_interfaces::{lrt::*, BURN_ADDRESS, NATIVE_ETH};
use restake_lrt::{Error, Lrt};
use restake_lrt_account::LrtAccount;
use restake_lrt_tests::{e18, with_registry::setup_eth as setup, Wallet, DELAY, E18, T0};
use restake_registry::OperatorRegistry;
use restake_vault::Vault;

/// The revert data of a call the Lrt passed on from another contract.
fn passed_on(e: Error) -> Vec<u8> {
    match e {
        Error::Call(data) => data,
        other => panic!("expected a passed-on revert, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// H-1 / L-3: an operator force-undelegating the Lrt's sub-account
// ---------------------------------------------------------------------------

/// H-1. Attack: 10 ETH minted, 8 restaked through `op`; `op` calls
/// `registry.undelegate(account)`, which queues the account's whole
/// position in withdrawal 1 the Lrt never recorded. Before the fix the
/// Lrt's value fell 10 → 2 ETH in the same block (a mint there buys 5×
/// the LRT) and `completeUnstake(op, 1)` reverted `LrtUnknownWithdrawal(1)`
/// forever, with the 8 ETH stuck in the vault. Now: the value stays 10 ETH
/// at once; the queued 8 ETH keep bearing slashes (a 25% slash inside the
/// window takes 2 ETH: value 8); re-delegating before the withdrawal is
/// adopted fails `LrtForcedWithdrawalPending(account)`; after the delay a
/// stranger completes it into the Lrt (6 ETH to the sub-account, value 8);
/// the manager re-delegates the sub-account and restakes 3 ETH again.
#[motsu::test]
#[allow(clippy::too_many_arguments)]
fn h1_operator_force_undelegation_is_valued_at_once_and_completes_into_the_lrt(
    lrt: Contract<Lrt>,
    registry: Contract<OperatorRegistry>,
    vault: Contract<Vault>,
    acc: Contract<LrtAccount>,
    alice: Contract<Wallet>,
    owner: Address,
    manager: Address,
    slasher: Address,
    op: Address,
    stranger: Address,
) {
    let burn = Contract::<Wallet>::new_at(BURN_ADDRESS);
    let env = setup(&lrt, &registry, &vault, owner, manager, slasher);
    env.add_operator(op, &acc);
    assert_eq!(env.deposit_eth(alice.address(), e18(10)), e18(10));
    lrt.sender(manager)
        .restake(op, NATIVE_ETH, e18(8))
        .motsu_unwrap();
    assert_eq!(env.value(), e18(10));

    // The operator force-undelegates the sub-account.
    let id = registry.sender(op).undelegate(acc.address()).motsu_unwrap();
    assert_eq!(id, U256::from(1));
    assert_eq!(
        registry.sender(op).delegated_to(acc.address()),
        Address::ZERO
    );
    // Same block: nothing left the books.
    assert_eq!(env.value(), e18(10));
    assert_eq!(
        lrt.sender(owner).operator_value(U256::ZERO).motsu_unwrap(),
        e18(8)
    );
    // A mint now buys at the true rate: 1 ETH → 1 LRT (not 5).
    assert_eq!(env.deposit_eth(stranger, E18), E18);
    assert_eq!(env.value(), e18(11));

    // Restaking into the undelegated account is refused.
    let err = lrt
        .sender(manager)
        .restake(op, NATIVE_ETH, E18)
        .motsu_unwrap_err();
    assert!(matches!(
        err,
        Error::DelegationFailed(LrtDelegationFailed { operator, delegated_to })
            if operator == op && delegated_to == Address::ZERO
    ));
    // Re-delegating before the forced withdrawal is adopted is refused.
    let err = lrt
        .sender(manager)
        .redelegate_operator(op, [], U256::ZERO, B256::ZERO)
        .motsu_unwrap_err();
    assert_eq!(
        passed_on(err),
        LrtForcedWithdrawalPending {
            account: acc.address()
        }
        .abi_encode()
    );

    // A 25% slash inside the window reaches the queued 8 ETH: 2 ETH burned.
    let burned = registry
        .sender(slasher)
        .slash_operator(op, vault.address(), 250_000_000_000_000_000)
        .motsu_unwrap();
    assert_eq!(burned, e18(2));
    vault
        .sender(slasher)
        .burn_slashed_shares(burned, Address::ZERO)
        .motsu_unwrap();
    assert_eq!(burn.balance(), e18(2));
    assert_eq!(env.value(), e18(9));

    // Before the delay the registry refuses; after it, anyone completes.
    assert!(lrt
        .sender(stranger)
        .complete_unstake(op, id)
        .motsu_unwrap_err()
        .is_call());
    env.set_time(T0 + DELAY);
    assert_eq!(
        lrt.sender(stranger).complete_unstake(op, id).motsu_unwrap(),
        e18(6)
    );
    assert_eq!(acc.balance(), e18(6));
    assert_eq!(env.value(), e18(9));
    // Completed once: a second completion is unknown to the account.
    assert_eq!(
        passed_on(
            lrt.sender(stranger)
                .complete_unstake(op, id)
                .motsu_unwrap_err()
        ),
        LrtUnknownWithdrawal { withdrawal_id: id }.abi_encode()
    );

    // The manager re-delegates the sub-account and restakes the 3 idle ETH
    // the Lrt holds itself (the 6 ETH stay in the sub-account as buffer).
    lrt.sender(manager)
        .redelegate_operator(op, [], U256::ZERO, B256::ZERO)
        .motsu_unwrap();
    assert_eq!(registry.sender(op).delegated_to(acc.address()), op);
    lrt.sender(manager)
        .restake(op, NATIVE_ETH, e18(3))
        .motsu_unwrap();
    // At magnitude 0.75 the new deposit's scaling factor rounds down
    // (⌊WAD/0.75⌋): 1 wei of the 3 ETH stays in the vault (within MOVE_DUST).
    assert_eq!(env.value(), e18(9) - U256::from(1));
    assert_eq!(
        lrt.sender(owner).operator_value(U256::ZERO).motsu_unwrap(),
        e18(3) - U256::from(1)
    );
}

/// H-1, adoption. Attack as above; before the delay a stranger adopts the
/// forced withdrawal on the sub-account (valued through the registry's
/// views from then on: still 8 ETH, value 10), which lets the manager
/// re-delegate at once; adopting it twice fails `LrtUnknownWithdrawal(1)`.
#[motsu::test]
#[allow(clippy::too_many_arguments)]
fn h1_forced_withdrawal_adopted_by_anyone_lets_the_manager_redelegate(
    lrt: Contract<Lrt>,
    registry: Contract<OperatorRegistry>,
    vault: Contract<Vault>,
    acc: Contract<LrtAccount>,
    alice: Contract<Wallet>,
    owner: Address,
    manager: Address,
    slasher: Address,
    op: Address,
    stranger: Address,
) {
    let env = setup(&lrt, &registry, &vault, owner, manager, slasher);
    env.add_operator(op, &acc);
    env.deposit_eth(alice.address(), e18(10));
    lrt.sender(manager)
        .restake(op, NATIVE_ETH, e18(8))
        .motsu_unwrap();
    let id = registry.sender(op).undelegate(acc.address()).motsu_unwrap();
    acc.sender(stranger).adopt(id).motsu_unwrap();
    acc.assert_emitted(&AccountWithdrawalAdopted { withdrawal_id: id });
    assert_eq!(
        acc.sender(stranger).snapshot_at(U256::ZERO),
        (Address::ZERO, U256::ZERO)
    );
    assert_eq!(env.value(), e18(10));
    assert!(acc.sender(stranger).adopt(id).is_err());
    lrt.sender(manager)
        .redelegate_operator(op, [], U256::ZERO, B256::ZERO)
        .motsu_unwrap();
    lrt.assert_emitted(&OperatorRedelegated {
        operator: op,
        account: acc.address(),
    });
    assert_eq!(env.value(), e18(10));
    env.set_time(T0 + DELAY);
    assert_eq!(
        lrt.sender(stranger).complete_unstake(op, id).motsu_unwrap(),
        e18(8)
    );
    assert_eq!(env.value(), e18(10));
}

/// L-3 (and H-1's "retire"). Two operators; 4 ETH restaked through `op`.
/// Removing `op` while it holds 4 ETH fails `LrtOperatorNotEmpty(op, 4e18,
/// 0)`, and while its unstake is queued `LrtOperatorNotEmpty(op, 4e18, 1)`;
/// once completed (4 ETH idle in its sub-account) the removal moves the 4
/// ETH to `op2`'s sub-account, frees the slot (`op2` takes index 0) and
/// leaves the value at 10 ETH; `op` can be added again with a new
/// sub-account. The last operator with ETH cannot be removed.
#[motsu::test]
#[allow(clippy::too_many_arguments)]
fn l3_operator_removed_after_unwinding_and_added_again(
    lrt: Contract<Lrt>,
    registry: Contract<OperatorRegistry>,
    vault: Contract<Vault>,
    acc: Contract<LrtAccount>,
    acc2: Contract<LrtAccount>,
    acc3: Contract<LrtAccount>,
    alice: Contract<Wallet>,
    owner: Address,
    manager: Address,
    slasher: Address,
    op: Address,
    op2: Address,
) {
    let env = setup(&lrt, &registry, &vault, owner, manager, slasher);
    env.add_operator(op, &acc);
    env.add_operator(op2, &acc2);
    env.deposit_eth(alice.address(), e18(10));
    lrt.sender(manager)
        .restake(op, NATIVE_ETH, e18(4))
        .motsu_unwrap();
    let not_empty = |value: U256, withdrawals: u64| {
        move |e: Error| {
            matches!(e, Error::OperatorNotEmpty(LrtOperatorNotEmpty { operator, value: v, withdrawals: w })
                if operator == op && v == value && w == U256::from(withdrawals))
        }
    };
    assert!(not_empty(e18(4), 0)(
        lrt.sender(manager).remove_operator(op).motsu_unwrap_err()
    ));
    let wid = lrt
        .sender(manager)
        .unstake(op, NATIVE_ETH, e18(4))
        .motsu_unwrap();
    assert!(not_empty(e18(4), 1)(
        lrt.sender(manager).remove_operator(op).motsu_unwrap_err()
    ));
    env.set_time(T0 + DELAY);
    lrt.sender(manager).complete_unstake(op, wid).motsu_unwrap();
    assert_eq!(acc.balance(), e18(4));
    assert!(matches!(
        lrt.sender(alice.address())
            .remove_operator(op)
            .motsu_unwrap_err(),
        Error::Unauthorized(_)
    ));
    assert_eq!(
        lrt.sender(manager).remove_operator(op).motsu_unwrap(),
        acc.address()
    );
    lrt.assert_emitted(&OperatorRemoved {
        operator: op,
        account: acc.address(),
    });
    assert_eq!((acc.balance(), acc2.balance()), (U256::ZERO, e18(4)));
    assert_eq!(
        lrt.sender(owner).operator_at(U256::ZERO),
        (op2, acc2.address())
    );
    assert_eq!(
        lrt.sender(owner).operator_at(U256::from(1)),
        (Address::ZERO, Address::ZERO)
    );
    assert_eq!(env.value(), e18(10));
    // The last operator, holding 4 ETH, cannot be removed.
    assert!(matches!(
        lrt.sender(manager).remove_operator(op2).motsu_unwrap_err(),
        Error::OperatorNotEmpty(LrtOperatorNotEmpty { operator, value, withdrawals })
            if operator == op2 && value == e18(4) && withdrawals.is_zero()
    ));
    // `op` comes back with a new sub-account.
    env.add_operator(op, &acc3);
    assert_eq!(
        lrt.sender(owner).operator_at(U256::from(1)),
        (op, acc3.address())
    );
    lrt.sender(manager)
        .restake(op, NATIVE_ETH, e18(2))
        .motsu_unwrap();
    assert_eq!(env.value(), e18(10));
}

// ---------------------------------------------------------------------------
// M-1: a queued exit used as a free instant exit, or to leave before a
// pending slash executes
// ---------------------------------------------------------------------------

/// M-1. Attack: with a 10% instant fee and a 1 ETH/day instant limit,
/// `instantRedeem(5)` reverts `LrtRateLimitExceeded(1e18, 0, 4.5e18)`, so
/// the attacker calls `requestRedeem(5)` → `finalizeRedeem` →
/// `claimRedeem` in one block: before the fix that paid 5 ETH at once, fee
/// free, unlimited, and ahead of any pending slash. Now finalization waits
/// the redeem delay (the registry's 7 days here): it reverts
/// `LrtRedeemDelayPending(1, T0 + 7 days, T0)` and the claim
/// `LrtRequestStatus(1, 1)`. A 25% slash of the operator's 16 restaked ETH
/// during the delay (4 ETH burned) reaches the request: after the delay it
/// is finalized and claimed for 4 ETH, not 5; the other holder's 10 LRT are
/// worth 8 ETH, the same 20% loss. The owner may lengthen the delay (up to
/// 60 days: `LrtInvalidParameter(4, 60 days + 1)` above), never shorten it
/// below the registry's.
#[motsu::test]
#[allow(clippy::too_many_arguments)]
fn m1_request_finalize_claim_in_one_block_waits_out_the_delay_and_bears_slashes(
    lrt: Contract<Lrt>,
    registry: Contract<OperatorRegistry>,
    vault: Contract<Vault>,
    acc: Contract<LrtAccount>,
    alice: Contract<Wallet>,
    bob: Contract<Wallet>,
    owner: Address,
    manager: Address,
    slasher: Address,
    op: Address,
) {
    let burn = Contract::<Wallet>::new_at(BURN_ADDRESS);
    let env = setup(&lrt, &registry, &vault, owner, manager, slasher);
    lrt.sender(owner)
        .set_parameters(
            U256::from(10_000),
            U256::ZERO,
            U256::from(1_000),
            E18,
            86_400,
        )
        .motsu_unwrap();
    env.add_operator(op, &acc);
    let a = alice.address();
    env.deposit_eth(a, e18(10));
    env.deposit_eth(bob.address(), e18(10));
    lrt.sender(manager)
        .restake(op, NATIVE_ETH, e18(16))
        .motsu_unwrap();
    assert_eq!(lrt.sender(a).redeem_delay().motsu_unwrap(), DELAY);

    assert!(matches!(
        lrt.sender(a).instant_redeem(e18(5), NATIVE_ETH, U256::ZERO, a).motsu_unwrap_err(),
        Error::RateLimitExceeded(LrtRateLimitExceeded { limit, used, requested })
            if limit == E18 && used.is_zero() && requested == e18(45) / U256::from(10)
    ));
    let id = lrt
        .sender(a)
        .request_redeem(e18(5), NATIVE_ETH)
        .motsu_unwrap();
    assert_eq!(
        lrt.sender(a).request_time(id).motsu_unwrap(),
        (T0, T0 + DELAY)
    );
    assert!(matches!(
        lrt.sender(a).finalize_redeem(id).motsu_unwrap_err(),
        Error::RedeemDelayPending(LrtRedeemDelayPending { request_id, finalizable_at, timestamp })
            if request_id == id && finalizable_at == T0 + DELAY && timestamp == T0
    ));
    assert!(matches!(
        lrt.sender(a).claim_redeem(id, a).motsu_unwrap_err(),
        Error::RequestStatus(LrtRequestStatus { request_id, status: 1 }) if request_id == id
    ));
    // One second early is still too early.
    env.set_time(T0 + DELAY - 1);
    assert!(matches!(
        lrt.sender(a).finalize_redeem(id).motsu_unwrap_err(),
        Error::RedeemDelayPending(_)
    ));

    // The slash lands during the delay: 25% of 16 ETH.
    let burned = registry
        .sender(slasher)
        .slash_operator(op, vault.address(), 250_000_000_000_000_000)
        .motsu_unwrap();
    vault
        .sender(slasher)
        .burn_slashed_shares(burned, Address::ZERO)
        .motsu_unwrap();
    assert_eq!(burn.balance(), e18(4));

    env.set_time(T0 + DELAY);
    lrt.sender(bob.address()).finalize_redeem(id).motsu_unwrap();
    assert_eq!(lrt.sender(a).claim_redeem(id, a).motsu_unwrap(), e18(4));
    assert_eq!(alice.balance(), e18(4));
    let (value, supply, _, _) = lrt.sender(a).books().motsu_unwrap();
    assert_eq!((value, supply), (e18(12), e18(15)));

    // The owner's setting: longer counts, above 60 days is refused.
    lrt.sender(owner)
        .set_redeem_delay(30 * 86_400)
        .motsu_unwrap();
    lrt.assert_emitted(&RedeemDelaySet { delay: 30 * 86_400 });
    assert_eq!(lrt.sender(a).redeem_delay().motsu_unwrap(), 30 * 86_400);
    assert!(matches!(
        lrt.sender(owner).set_redeem_delay(60 * 86_400 + 1).motsu_unwrap_err(),
        Error::InvalidParameter(LrtInvalidParameter { which: 4, value }) if value == U256::from(60 * 86_400 + 1)
    ));
    assert!(matches!(
        lrt.sender(a).set_redeem_delay(0).motsu_unwrap_err(),
        Error::Unauthorized(_)
    ));
}

// ---------------------------------------------------------------------------
// Deposit-cap griefing: a deposit-and-exit loop exhausting the cap
// ---------------------------------------------------------------------------

/// Deposit cap. Attack: the ETH cap is 10 ETH; a wallet deposits 10 ETH and
/// exits 5 at once (no fee): before the fix the cap counted every deposit
/// ever, so the next 5 ETH deposit reverted `LrtCapExceeded(ETH, 10e18,
/// 10e18, 5e18)` and a deposit → exit loop could lock everyone out. Now the
/// cap bounds what the Lrt holds (idle + restaked + queued, less reserved
/// payouts): with 4 ETH restaked through `op`, the Lrt holds 5 ETH after
/// the exit and takes 5 more; a further 1 wei reverts `LrtCapExceeded(ETH,
/// 10e18, 10e18, 1)`; a request of 2 LRT finalized (2 ETH reserved) makes
/// room for exactly 2 ETH again.
#[motsu::test]
#[allow(clippy::too_many_arguments)]
fn deposit_cap_bounds_what_is_held_so_exits_make_room(
    lrt: Contract<Lrt>,
    registry: Contract<OperatorRegistry>,
    vault: Contract<Vault>,
    acc: Contract<LrtAccount>,
    alice: Contract<Wallet>,
    owner: Address,
    manager: Address,
    slasher: Address,
    op: Address,
) {
    let env = setup(&lrt, &registry, &vault, owner, manager, slasher);
    env.add_operator(op, &acc);
    lrt.sender(owner)
        .set_asset_cap(NATIVE_ETH, e18(10))
        .motsu_unwrap();
    let a = alice.address();
    env.deposit_eth(a, e18(10));
    lrt.sender(manager)
        .restake(op, NATIVE_ETH, e18(4))
        .motsu_unwrap();
    let cap_exceeded = |held: U256, requested: U256| {
        move |e: Error| {
            matches!(e, Error::CapExceeded(LrtCapExceeded { asset, cap, deposited, requested: r })
                if asset == NATIVE_ETH && cap == e18(10) && deposited == held && r == requested)
        }
    };
    a.fund(U256::from(1));
    assert!(cap_exceeded(e18(10), U256::from(1))(
        lrt.sender_and_value(a, U256::from(1))
            .deposit(U256::ZERO)
            .motsu_unwrap_err()
    ));
    // Exit 5 at once (no fee set): room for 5 again.
    assert_eq!(
        lrt.sender(a)
            .instant_redeem(e18(5), NATIVE_ETH, U256::ZERO, a)
            .motsu_unwrap(),
        e18(5)
    );
    assert_eq!(env.deposit_eth(a, e18(5)), e18(5));
    a.fund(U256::from(1));
    assert!(cap_exceeded(e18(10), U256::from(1))(
        lrt.sender_and_value(a, U256::from(1))
            .deposit(U256::ZERO)
            .motsu_unwrap_err()
    ));
    // A finalized request reserves its payout: that much room comes back.
    let id = lrt
        .sender(a)
        .request_redeem(e18(2), NATIVE_ETH)
        .motsu_unwrap();
    env.set_time(T0 + DELAY);
    lrt.sender(a).finalize_redeem(id).motsu_unwrap();
    assert_eq!(env.deposit_eth(a, e18(2)), e18(2));
    assert!(cap_exceeded(e18(10), U256::from(1))(
        lrt.sender_and_value(a, U256::from(1))
            .deposit(U256::ZERO)
            .motsu_unwrap_err()
    ));
    lrt.sender(a).claim_redeem(id, a).motsu_unwrap();
    assert_eq!(lrt.sender(owner).asset_at(U256::ZERO).3, e18(17));
}

trait IsCall {
    fn is_call(&self) -> bool;
}
impl IsCall for Error {
    fn is_call(&self) -> bool {
        matches!(self, Error::Call(_))
    }
}

/// F-2 (found by the whole-protocol fuzzer, issue #12): a stranger's deposit
/// for a sub-account counted in the Lrt's books while the account was
/// delegated, but not in its position snapshot, so when the operator forced
/// an undelegation the gift left the books until someone adopted the
/// withdrawal: the LRT rate fell by the gift at the operator's will. Now a
/// live position counts only as far as the Lrt recorded it (the lower of
/// what the account can withdraw and its snapshot): 10 ETH minted, 8
/// restaked, a stranger deposits 3 ETH for the account: the value stays 10
/// (not 13); the operator force-undelegates: still 10; anyone adopts the
/// withdrawal (the registry's own views, exact): 13, the gift now the
/// holders' once the books are revalued (`checkpoint`); after the delay it
/// completes into the Lrt: 13.
#[motsu::test]
#[allow(clippy::too_many_arguments)]
fn f2_a_strangers_deposit_counts_once_recorded_and_a_forced_undelegation_moves_nothing(
    lrt: Contract<Lrt>,
    registry: Contract<OperatorRegistry>,
    vault: Contract<Vault>,
    acc: Contract<LrtAccount>,
    alice: Contract<Wallet>,
    owner: Address,
    manager: Address,
    slasher: Address,
    op: Address,
    stranger: Address,
) {
    let env = setup(&lrt, &registry, &vault, owner, manager, slasher);
    env.add_operator(op, &acc);
    assert_eq!(env.deposit_eth(alice.address(), e18(10)), e18(10));
    lrt.sender(manager)
        .restake(op, NATIVE_ETH, e18(8))
        .motsu_unwrap();
    assert_eq!(env.value(), e18(10));

    // The gift: 3 ETH deposited for the sub-account.
    stranger.fund(e18(3));
    vault
        .sender_and_value(stranger, e18(3))
        .deposit(e18(3), acc.address())
        .motsu_unwrap();
    assert_eq!(
        registry
            .sender(owner)
            .withdrawable_shares(acc.address(), vault.address())
            .motsu_unwrap(),
        e18(11)
    );
    assert_eq!(env.value(), e18(10));
    assert_eq!(
        lrt.sender(owner).operator_value(U256::ZERO).motsu_unwrap(),
        e18(8)
    );

    // The operator forces an undelegation: nothing moves.
    let id = registry.sender(op).undelegate(acc.address()).motsu_unwrap();
    assert_eq!(env.value(), e18(10));

    // Adopted (anyone): the withdrawal is valued exactly, gift included,
    // from the next full revaluation on (#15: the kept books count what
    // rises outside the Lrt's own moves at the next slash, manager move or
    // `checkpoint`, which anyone may call).
    acc.sender(stranger).adopt(id).motsu_unwrap();
    assert_eq!(env.value(), e18(10));
    lrt.sender(stranger).checkpoint().motsu_unwrap();
    assert_eq!(env.value(), e18(13));

    // After the delay it completes into the Lrt: 11 ETH to the account.
    env.set_time(T0 + DELAY);
    assert_eq!(
        lrt.sender(stranger).complete_unstake(op, id).motsu_unwrap(),
        e18(11)
    );
    assert_eq!(env.value(), e18(13));
}

/// #15: the Lrt keeps its books between full revaluations, and a slash
/// anywhere in the registry moves its slash epoch, so the first mint or
/// exit after it revalues in full and never prices at the kept, pre-slash
/// figures. 20 ETH minted, 16 restaked (the manager's move keeps the books);
/// a 50% slash of the operator leaves 4 idle + 8 restaked = 12, with no
/// call to the Lrt in between; a 1 ETH mint then buys 20/12 LRT (with the
/// virtual offset), not the 1 LRT the kept books would price. A donation
/// to the sub-account (2 ETH) counts only from the next full revaluation:
/// `checkpoint`, which anyone may call.
#[motsu::test]
#[allow(clippy::too_many_arguments)]
fn kept_books_are_revalued_after_any_slash_and_at_a_checkpoint(
    lrt: Contract<Lrt>,
    registry: Contract<OperatorRegistry>,
    vault: Contract<Vault>,
    acc: Contract<LrtAccount>,
    alice: Contract<Wallet>,
    bob: Contract<Wallet>,
    owner: Address,
    manager: Address,
    slasher: Address,
    op: Address,
) {
    let env = setup(&lrt, &registry, &vault, owner, manager, slasher);
    env.add_operator(op, &acc);
    assert_eq!(env.deposit_eth(alice.address(), e18(20)), e18(20));
    lrt.sender(manager)
        .restake(op, NATIVE_ETH, e18(16))
        .motsu_unwrap();
    assert_eq!(registry.sender(owner).slash_epoch(), 0);
    registry
        .sender(slasher)
        .slash_operator(op, vault.address(), 500_000_000_000_000_000)
        .motsu_unwrap();
    assert_eq!(registry.sender(owner).slash_epoch(), 1);
    assert_eq!(env.value(), e18(12));
    let expected = restake_math::assets_to_shares(
        E18,
        restake_math::VaultTotals {
            total_shares: e18(20),
            total_assets: e18(12),
        },
        restake_math::Rounding::Down,
    )
    .unwrap();
    assert!(expected > e18(16) / U256::from(10));
    assert_eq!(env.deposit_eth(bob.address(), E18), expected);
    assert_eq!(env.value(), e18(13));

    // A donation to the sub-account: kept books unchanged until revalued.
    let donor = Address::repeat_byte(0xd0);
    donor.fund(e18(2));
    acc.sender_and_value(donor, e18(2)).receive().motsu_unwrap();
    assert_eq!(env.value(), e18(13));
    lrt.sender(bob.address()).checkpoint().motsu_unwrap();
    assert_eq!(env.value(), e18(15));
}
