//! Exact reward timelines on the real registry, manager and vaults.
//!
//! Amounts are chosen so that every accumulator step divides exactly: a
//! rate of 0.001 token per second (86.4 tokens a day), weights in whole
//! tokens. Each expected figure is written out, worked by hand in the
//! comments, not recomputed with the contract's formulas.
use alloy_primitives::{uint, Address, B256, U256};
use motsu::prelude::*;
use restake_rewards_tests::*;
use restake_test_fixtures::{DAY, WAD};

/// `n` millionths of a token (1e12).
fn micro(n: u64) -> U256 {
    uint!(1_000_000_000_000_U256) * U256::from(n)
}

/// Two operators (10% and 5%), five stakers over two vaults, a staker who
/// joins after a day, a slash mid-window, claims (twice).
///
/// Set weights: op1 allocates 50% of vault 0 (multiplier 1) and 100% of
/// vault 1 (multiplier 2); op2 allocates 100% of vault 0.
/// * day 1: op1·v0 = 100 × 0.5 = 50, op1·v1 = 25 × 1 × 2 = 50, op2 = 100:
///   W = 200, each weight unit earns 86.4 / 200 = 0.432.
/// * day 2: dave's 100 joins op1·v0 (weight 100): W = 250, 0.3456 each.
/// * day 3: op2 is slashed by half of its allocation (weight 50): W = 200.
#[motsu::test]
fn two_operators_five_stakers_a_late_joiner_and_a_slash() {
    let w = World::new();
    let op1 = w.operator([WAD / 2, WAD]);
    let op2 = w.operator([WAD, 0]);
    w.rewards
        .sender(op2)
        .set_commission(w.avs, SET, 500)
        .motsu_unwrap();
    let alice = w.staker(Some(op1), 0, tokens(60));
    let bob = w.staker(Some(op1), 0, tokens(40));
    let erin = w.staker(Some(op1), 1, tokens(25));
    let carol = w.staker(Some(op2), 0, tokens(100));
    w.at(T0);
    // 10 days at 0.001 token per second: 864 tokens.
    w.submit(tokens(864), T0, 10 * DAY, [WAD_U, U256::from(2) * WAD_U]);
    w.sync(&[op1, op2]);
    assert_eq!(w.rewards.sender(op1).total_weight(w.avs, SET), shares(200));

    w.at(T0 + DAY);
    // op1·v0 earns 50 × 0.432 = 21.6: 2.16 commission, 19.44 over its 100
    // shares (alice 60 → 11.664, bob 40 → 7.776); op1·v1 earns 21.6: 2.16
    // and erin's 19.44; op2 earns 43.2: 2.16 (5%) and carol's 41.04.
    assert_eq!(w.claimable(alice), micro(11_664_000));
    assert_eq!(w.claimable(bob), micro(7_776_000));
    assert_eq!(w.claimable(erin), micro(19_440_000));
    assert_eq!(w.claimable(op1), micro(4_320_000));
    assert_eq!(w.claimable(op2), micro(2_160_000));
    assert_eq!(w.claimable(carol), micro(41_040_000));

    // Dave joins op1 just before the second day's payout.
    let dave = w.staker(Some(op1), 0, tokens(100));
    assert_eq!(w.claimable(dave), U256::ZERO);
    assert_eq!(w.rewards.sender(op1).total_weight(w.avs, SET), shares(250));

    w.at(T0 + 2 * DAY);
    // op1·v0 (weight 100) earns 34.56: 3.456 and 31.104 over 200 shares
    // (0.15552 each: alice 9.3312, bob 6.2208, dave 15.552); op1·v1 earns
    // 17.28: 1.728 and erin's 15.552; op2 earns 34.56: 1.728 and 32.832.
    assert_eq!(w.claimable(dave), micro(15_552_000));
    w.mgr
        .sender(w.slasher)
        .slash(op2, w.avs, SET, &[w.vault(0)], WAD / 2, b"fault")
        .motsu_unwrap();
    assert_eq!(w.rewards.sender(op1).total_weight(w.avs, SET), shares(200));

    w.at(T0 + 3 * DAY);
    // Day 3 at W = 200 (0.432 a unit): op1·v0 43.2 → 4.32 and 38.88 over
    // 200 shares (alice 11.664, bob 7.776, dave 19.44); op1·v1 21.6 → 2.16
    // and erin's 19.44; op2 (weight 50) 21.6 → 1.08 and carol's 20.52.
    let expected = [
        (alice, micro(32_659_200)), // 11.664 + 9.3312 + 11.664
        (bob, micro(21_772_800)),   // 7.776 + 6.2208 + 7.776
        (dave, micro(34_992_000)),  // 15.552 + 19.44
        (erin, micro(54_432_000)),  // 19.44 + 15.552 + 19.44
        (op1, micro(15_984_000)),   // 4.32 + 5.184 + 6.48
        (op2, micro(4_968_000)),    // 2.16 + 1.728 + 1.08
        (carol, micro(94_392_000)), // 41.04 + 32.832 + 20.52
    ];
    let mut paid = U256::ZERO;
    for (earner, amount) in expected {
        assert_eq!(w.claimable(earner), amount);
        assert_eq!(w.claim(earner), amount);
        // Claiming twice pays once.
        assert_eq!(w.claim(earner), U256::ZERO);
        assert_eq!(w.claimable(earner), U256::ZERO);
        paid += amount;
    }
    // Three days of 86.4, every wei of it: these weights divide exactly.
    assert_eq!(paid, tokens(259) + micro(200_000));
    assert_eq!(
        w.token.sender(w.avs).balance_of(w.rewards.address()),
        tokens(864) - paid
    );
}

/// `n` tokens' worth of vault shares (the vaults mint 1e9 shares per unit
/// of asset at first: their decimals offset).
fn shares(n: u64) -> U256 {
    tokens(n) * U256::from(1_000_000_000u64)
}

/// WAD as a word.
const WAD_U: U256 = uint!(1_000_000_000_000_000_000_U256);

/// A commission increase waits the withdrawal delay and a day, and the
/// stakers keep the old rate until it is applied; a decrease is at once.
#[motsu::test]
fn a_commission_increase_waits_and_a_decrease_does_not() {
    let w = World::new();
    let op = w.operator([WAD, 0]);
    let staker = w.staker(Some(op), 0, tokens(100));
    w.at(T0);
    w.submit(tokens(1_728), T0, 20 * DAY, [WAD_U, U256::ZERO]);
    w.sync(&[op]);
    w.rewards
        .sender(op)
        .set_commission(w.avs, SET, 2_000)
        .motsu_unwrap();
    // In force: the default 10%; 20% from T0 + 7 days + 1 day.
    assert_eq!(
        w.rewards.sender(op).commission_of(op, w.avs, SET),
        (1_000, 2_000, T0 + 8 * DAY)
    );
    // Nothing applies it before its time.
    w.at(T0 + 8 * DAY - 1);
    w.sync(&[op]);
    assert_eq!(w.rewards.sender(op).commission_of(op, w.avs, SET).0, 1_000);
    // Applied at the first sync after its time: up to then, 10%.
    w.at(T0 + 9 * DAY);
    w.sync(&[op]);
    assert_eq!(
        w.rewards.sender(op).commission_of(op, w.avs, SET),
        (2_000, 2_000, 0)
    );
    // 9 days of 86.4 at 10%, then one at 20%.
    w.at(T0 + 10 * DAY);
    assert_eq!(w.claimable(op), micro(95_040_000)); // 9 × 8.64 + 17.28
    assert_eq!(w.claimable(staker), micro(768_960_000)); // 9 × 77.76 + 69.12
                                                         // A decrease is at once.
    w.rewards
        .sender(op)
        .set_commission(w.avs, SET, 500)
        .motsu_unwrap();
    assert_eq!(
        w.rewards.sender(op).commission_of(op, w.avs, SET),
        (500, 500, 0)
    );
    w.at(T0 + 11 * DAY);
    assert_eq!(w.claimable(op), micro(99_360_000)); // + 4.32
    assert_eq!(w.claimable(staker), micro(851_040_000)); // + 82.08
}

/// What streams while nobody has weight is unallocated, and only the AVS
/// takes it back; a queued withdrawal stops earning at once.
#[motsu::test]
fn weightless_time_is_unallocated_and_queued_shares_stop_earning() {
    let w = World::new();
    let op = w.operator([WAD, 0]);
    let staker = w.staker(Some(op), 0, tokens(100));
    w.at(T0);
    w.submit(tokens(864), T0, 10 * DAY, [WAD_U, U256::ZERO]);
    // No sync yet: the allocation is not in the rewards' books for a day.
    w.at(T0 + DAY);
    assert_eq!(
        w.rewards
            .sender(w.avs)
            .unallocated(w.avs, SET, w.token.address())
            .motsu_unwrap(),
        tokens(86) + micro(400_000)
    );
    w.sync(&[op]);
    w.at(T0 + 2 * DAY);
    assert_eq!(w.claimable(staker), micro(77_760_000));
    // The staker queues everything: from now on it earns nothing.
    w.reg
        .sender(staker)
        .queue_withdrawal(vec![w.vault(0)], vec![tokens(100)])
        .motsu_unwrap();
    w.at(T0 + 3 * DAY);
    assert_eq!(w.claimable(staker), micro(77_760_000));
    assert_eq!(w.claimable(op), micro(8_640_000));
    // Day 3 went to nobody: unallocated again.
    let reclaimer = Address::random();
    let got = w
        .rewards
        .sender(w.avs)
        .reclaim_unallocated(SET, w.token.address(), reclaimer)
        .motsu_unwrap();
    assert_eq!(got, tokens(172) + micro(800_000));
    assert_eq!(w.token.sender(w.avs).balance_of(reclaimer), got);
    // Only the AVS's own set: another account reclaims nothing of it.
    let other = w
        .rewards
        .sender(reclaimer)
        .reclaim_unallocated(SET, w.token.address(), reclaimer)
        .motsu_unwrap();
    assert_eq!(other, U256::ZERO);
}

/// The hooks answer only the registry and the manager.
#[motsu::test]
fn hooks_refuse_everyone_else() {
    let w = World::new();
    let intruder = Address::random();
    let err = w
        .rewards
        .sender(intruder)
        .on_stake_change(intruder, intruder, w.vault(0), tokens(1), true)
        .motsu_unwrap_err();
    assert!(matches!(err, restake_rewards::Error::Unauthorized(_)));
    let err = w
        .rewards
        .sender(intruder)
        .on_allocation_change(intruder, w.avs, SET, w.vault(0), U256::from(WAD))
        .motsu_unwrap_err();
    assert!(matches!(err, restake_rewards::Error::Unauthorized(_)));
}

/// The registry lists every whitelisted vault with the rewards contract,
/// once: each vault `addVault` adds after `setRewards` (the world's order),
/// and every vault it already had when `setRewards` wires it (the other
/// order, below). Nobody else may list one.
#[motsu::test]
fn the_registry_lists_its_vaults() {
    use restake_interfaces::rewards::VaultListed;
    let w = World::new();
    for i in 0..2 {
        w.rewards.assert_emitted(&VaultListed { vault: w.vault(i) });
    }
    let intruder = Address::random();
    let err = w
        .rewards
        .sender(intruder)
        .on_vault_added(intruder)
        .motsu_unwrap_err();
    assert!(matches!(err, restake_rewards::Error::Unauthorized(_)));
    // Told again (the registry never does): listed once, nothing changes.
    w.rewards
        .sender(w.reg.address())
        .on_vault_added(w.vault(0))
        .motsu_unwrap();

    // Vaults first, then the rewards contract.
    let o = w.owner;
    let reg = Contract::<restake_registry::OperatorRegistry>::new();
    let mgr = Contract::<restake_slashing::SlashingManager>::new();
    let rewards = Contract::<restake_rewards::Rewards>::new();
    let vault = Contract::<restake_vault::Vault>::new();
    reg.sender(o)
        .constructor(o, WITHDRAWAL_DELAY, Address::ZERO)
        .motsu_unwrap();
    mgr.sender(o)
        .constructor(reg.address(), DEALLOCATION_DELAY, Address::ZERO)
        .motsu_unwrap();
    reg.sender(o)
        .set_slashing_manager(mgr.address())
        .motsu_unwrap();
    vault
        .sender(o)
        .constructor(
            w.lsts[0].address(),
            o,
            o,
            reg.address(),
            mgr.address(),
            U256::MAX,
        )
        .motsu_unwrap();
    reg.sender(o).add_vault(vault.address()).motsu_unwrap();
    rewards
        .sender(o)
        .constructor(o, reg.address(), mgr.address(), Address::ZERO)
        .motsu_unwrap();
    reg.sender(o).set_rewards(rewards.address()).motsu_unwrap();
    rewards.assert_emitted(&VaultListed {
        vault: vault.address(),
    });

    // The stake hooks reach the rewards contract for a vault whitelisted
    // before it was wired (its whitelist word was rewritten with it) and
    // for one whitelisted after, through a deposit, a delegation and a
    // queued withdrawal.
    let second = Contract::<restake_vault::Vault>::new();
    second
        .sender(o)
        .constructor(
            w.lsts[1].address(),
            o,
            o,
            reg.address(),
            mgr.address(),
            U256::MAX,
        )
        .motsu_unwrap();
    reg.sender(o).add_vault(second.address()).motsu_unwrap();
    let op = Address::random();
    reg.sender(op)
        .register_as_operator(Address::ZERO, 0, "op")
        .motsu_unwrap();
    // Alice deposits delegated (the deposit hook), bob deposits first and
    // delegates after (the delegation hook).
    let alice = Address::random();
    let bob = Address::random();
    reg.sender(alice)
        .delegate_to(op, stylus_sdk::abi::Bytes(vec![]), U256::ZERO, B256::ZERO)
        .motsu_unwrap();
    for (i, v) in [&vault, &second].into_iter().enumerate() {
        for s in [alice, bob] {
            w.lsts[i].sender(o).mint(s, tokens(10)).motsu_unwrap();
            w.lsts[i]
                .sender(s)
                .approve(v.address(), tokens(10))
                .motsu_unwrap();
        }
        v.sender(alice).deposit(tokens(10), alice).motsu_unwrap();
        v.sender(bob).deposit(tokens(10), bob).motsu_unwrap();
    }
    reg.sender(bob)
        .delegate_to(op, stylus_sdk::abi::Bytes(vec![]), U256::ZERO, B256::ZERO)
        .motsu_unwrap();
    for v in [&vault, &second] {
        // 10 tokens at the vault's first price (one share per wei), at the
        // magnitude of a never-slashed operator (scaled = deposit shares).
        for s in [alice, bob] {
            assert_eq!(v.sender(s).deposit_shares(s), tokens(10));
            assert_eq!(
                rewards.sender(s).rewarded_shares(s, v.address()),
                (tokens(10), op)
            );
        }
    }
    // A queued withdrawal (the queue's hook) takes alice's out of both.
    reg.sender(alice)
        .queue_withdrawal(
            vec![vault.address(), second.address()],
            vec![tokens(4), tokens(10)],
        )
        .motsu_unwrap();
    assert_eq!(
        rewards
            .sender(alice)
            .rewarded_shares(alice, vault.address()),
        (tokens(6), op)
    );
    assert_eq!(
        rewards
            .sender(alice)
            .rewarded_shares(alice, second.address())
            .0,
        U256::ZERO
    );
}

/// Only members are paid: an operator that leaves the set stops earning at
/// once (while it stays slashable), and earns again when it rejoins.
#[motsu::test]
fn an_operator_that_leaves_the_set_stops_earning() {
    let w = World::new();
    let stay = w.operator([WAD, 0]);
    let leave = w.operator([WAD, 0]);
    let s1 = w.staker(Some(stay), 0, tokens(100));
    let s2 = w.staker(Some(leave), 0, tokens(100));
    w.at(T0);
    w.submit(tokens(864), T0, 10 * DAY, [WAD_U, U256::ZERO]);
    w.sync(&[stay, leave]);
    w.at(T0 + DAY);
    // W = 200: each staker's operator earned 43.2, its staker 38.88.
    assert_eq!(w.claimable(s2), micro(38_880_000));
    w.mgr
        .sender(leave)
        .leave_operator_set(w.avs, SET)
        .motsu_unwrap();
    assert_eq!(
        w.rewards.sender(leave).total_weight(w.avs, SET),
        shares(100)
    );
    w.at(T0 + 2 * DAY);
    // Day 2 all to `stay`: 86.4 → 8.64 and 77.76.
    assert_eq!(w.claimable(s2), micro(38_880_000));
    assert_eq!(w.claimable(s1), micro(116_640_000)); // 38.88 + 77.76
    w.mgr
        .sender(leave)
        .join_operator_set(w.avs, SET)
        .motsu_unwrap();
    assert_eq!(
        w.rewards.sender(leave).total_weight(w.avs, SET),
        shares(200)
    );
    w.at(T0 + 3 * DAY);
    assert_eq!(w.claimable(s2), micro(77_760_000)); // + 38.88
}

/// One operator's vault counts in at most 8 sets at once (the bound on
/// every stake change's work): the ninth allocation is refused, and a
/// deallocation that took effect frees its place (the next allocation lets
/// it leave first, as does a sync).
#[motsu::test]
fn a_ninth_set_is_refused_until_a_deallocation_frees_a_place() {
    let w = World::new();
    let op = w.operator([WAD / 10, 0]);
    for set in 2..=9u32 {
        w.mgr
            .sender(w.avs)
            .create_operator_set(
                set,
                &w.vault_addresses(),
                w.slasher,
                Address::ZERO,
                Address::ZERO,
                0,
                WAD,
                DAY,
                0,
                Address::ZERO,
            )
            .motsu_unwrap();
        w.mgr
            .sender(op)
            .join_operator_set(w.avs, set)
            .motsu_unwrap();
        let r = w
            .mgr
            .sender(op)
            .modify_allocation(w.avs, set, w.vault(0), WAD / 10);
        if set < 9 {
            r.motsu_unwrap();
        } else {
            assert!(matches!(
                r.motsu_unwrap_err(),
                restake_slashing::Error::Callee(_)
            ));
        }
    }
    assert_eq!(
        w.rewards.sender(op).operator_vault(op, w.vault(0)).1.len(),
        8
    );
    // Set 1's allocation leaves after the deallocation delay.
    w.at(T0);
    w.mgr
        .sender(op)
        .modify_allocation(w.avs, SET, w.vault(0), 0)
        .motsu_unwrap();
    w.at(T0 + DEALLOCATION_DELAY);
    // No sync needed: the allocation hook lets ended ones leave first.
    w.mgr
        .sender(op)
        .modify_allocation(w.avs, 9, w.vault(0), WAD / 10)
        .motsu_unwrap();
    assert_eq!(
        w.rewards.sender(op).operator_vault(op, w.vault(0)).1.len(),
        8
    );
    // And a sync alone frees one too.
    w.mgr
        .sender(op)
        .modify_allocation(w.avs, 2, w.vault(0), 0)
        .motsu_unwrap();
    w.at(T0 + 2 * DEALLOCATION_DELAY);
    w.rewards.sender(op).sync(op, w.avs, 2).motsu_unwrap();
    assert_eq!(
        w.rewards.sender(op).operator_vault(op, w.vault(0)).1.len(),
        7
    );
}

/// Three overlapping windows in one token. A stream keeps its pending
/// boundaries unordered in storage (each crossing moves the last one into
/// its place) and reads a boundary's rates only when it is crossed or
/// moved, so here one settlement crosses four boundaries out of their
/// stored order, the last of them after the first crossing moved it, and
/// each rate must still start and stop to the second:
/// * A: 864 tokens over `[T0, T0 + 10 d)`: 86.4 a day (0.001 a second);
/// * B: 1,728 over `[T0 + 1 d, T0 + 3 d)`: 864 a day;
/// * C: 345.6 over `[T0 + 2 d, T0 + 4 d)`: 172.8 a day.
///
/// Stored boundaries after the submissions: A's end, B's start, B's end,
/// C's start, C's end. One operator (the default 10% commission) and one
/// staker, so the staker earns 90% of all that streamed.
#[motsu::test]
fn overlapping_windows_start_and_stop_to_the_second() {
    let w = World::new();
    let op = w.operator([WAD, 0]);
    let alice = w.staker(Some(op), 0, tokens(100));
    w.at(T0);
    w.submit(tokens(864), T0, 10 * DAY, [WAD_U, U256::ZERO]);
    w.submit(tokens(1_728), T0 + DAY, 2 * DAY, [WAD_U, U256::ZERO]);
    w.submit(milli(345_600), T0 + 2 * DAY, 2 * DAY, [WAD_U, U256::ZERO]);
    w.sync(&[op]);
    let stream = || {
        w.rewards
            .sender(alice)
            .stream(w.avs, SET, w.token.address())
            .motsu_unwrap()
    };
    assert_eq!(stream().2, 5);

    // Day 2.5, a view: A 216 + B 1,296 + C 86.4 = 1,598.4, alice 1,438.56.
    w.at(T0 + 5 * DAY / 2);
    assert_eq!(w.claimable(alice), milli(1_438_560));

    // Day 5, settled: B's start is crossed (C's end moves into its place),
    // then C's start, B's end and C's end (from its new place). A 432 + B
    // 1,728 + C 345.6 = 2,505.6: alice 2,255.04, the operator 250.56. A
    // streams on alone: 0.001 a second, one boundary left.
    w.at(T0 + 5 * DAY);
    w.sync(&[op]);
    assert_eq!(w.claimable(alice), milli(2_255_040));
    assert_eq!(w.claimable(op), milli(250_560));
    let (rate, _, left) = stream();
    assert_eq!((rate, left), (milli(1), 1));

    // Day 11: A has ended. 864 + 1,728 + 345.6 = 2,937.6: alice 2,643.84,
    // the operator 293.76; nothing streams, nothing unallocated.
    w.at(T0 + 11 * DAY);
    w.sync(&[op]);
    assert_eq!(w.claimable(alice), milli(2_643_840));
    assert_eq!(w.claimable(op), milli(293_760));
    assert_eq!(stream(), (U256::ZERO, stream().1, 0));
    assert_eq!(
        w.rewards
            .sender(alice)
            .unallocated(w.avs, SET, w.token.address())
            .motsu_unwrap(),
        U256::ZERO
    );
}

/// A position too large for the staker record's packed word (scaled
/// shares of 2^87 or more, about 1.5·10⁸ tokens at a full magnitude) keeps
/// its shares in the record's first word and earns like any other, and
/// one that shrinks back below the bound is read from the packed word
/// again.
///
/// op allocates all of vault 0 (commission 10%, the default); alice holds
/// 300,000,000 tokens (3·10²⁶ > 2^87 ≈ 1.547·10²⁶), bob 100,000,000.
/// * day 1: W = 4·10⁸ tokens; 86.4 tokens, 8.64 to op, 77.76 to the
///   stakers: alice 3/4 → 58.32, bob 1/4 → 19.44.
/// * alice queues 250,000,000 (50,000,000 left, below the bound): W =
///   1.5·10⁸; day 2's 77.76: alice 1/3 → 25.92, bob 2/3 → 51.84.
#[motsu::test]
fn a_position_above_the_packed_bound_earns_like_any_other() {
    let w = World::new();
    let op = w.operator([WAD, 0]);
    let big = tokens(300_000_000);
    let alice = w.staker(Some(op), 0, big);
    let bob = w.staker(Some(op), 0, tokens(100_000_000));
    assert!(big > U256::from(1) << 87);
    assert_eq!(
        w.rewards.sender(alice).rewarded_shares(alice, w.vault(0)),
        (big, op)
    );
    assert_eq!(
        w.rewards.sender(bob).rewarded_shares(bob, w.vault(0)),
        (tokens(100_000_000), op)
    );
    w.at(T0);
    w.submit(tokens(864), T0, 10 * DAY, [WAD_U, U256::ZERO]);
    w.sync(&[op]);
    w.at(T0 + DAY);
    assert_eq!(w.claimable(alice), micro(58_320_000));
    assert_eq!(w.claimable(bob), micro(19_440_000));
    w.reg
        .sender(alice)
        .queue_withdrawal(vec![w.vault(0)], vec![tokens(250_000_000)])
        .motsu_unwrap();
    assert_eq!(
        w.rewards.sender(alice).rewarded_shares(alice, w.vault(0)),
        (tokens(50_000_000), op)
    );
    w.at(T0 + 2 * DAY);
    assert_eq!(w.claim(alice), micro(84_240_000));
    assert_eq!(w.claim(bob), micro(71_280_000));
    assert_eq!(w.claim(op), micro(17_280_000));
}
