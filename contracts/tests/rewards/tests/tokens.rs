//! Any ERC-20, and the bounded lists that make it safe: a set streams at
//! most 4 tokens, an operator-vault pair's stakers earn in at most 16, a
//! staker who moves between operators with different lists keeps what it
//! earned and can never be blocked by a former operator's debts. And a
//! deallocation stops paying at its request.
//!
//! Rates are 0.001 token per second (86.4 a day) and weights whole tokens,
//! so every step divides exactly; each figure is worked by hand.
use alloy_primitives::{uint, Address, U256};
use motsu::prelude::*;
use restake_rewards_tests::*;
use restake_test_fixtures::{DAY, WAD};

/// `n` millionths of a token (1e12).
fn micro(n: u64) -> U256 {
    uint!(1_000_000_000_000_U256) * U256::from(n)
}

/// A new operator, a member of each of `sets`, allocating `magnitude` of
/// vault 0 to each.
fn operator_in(w: &World, sets: &[u32], magnitude: u64) -> Address {
    let op = Address::random();
    w.reg
        .sender(op)
        .register_as_operator(Address::ZERO, 0, "op")
        .motsu_unwrap();
    for &set in sets {
        join_and_allocate(w, op, set, magnitude);
    }
    op
}

fn join_and_allocate(w: &World, op: Address, set: u32, magnitude: u64) {
    w.mgr
        .sender(op)
        .join_operator_set(w.avs, set)
        .motsu_unwrap();
    w.mgr
        .sender(op)
        .modify_allocation(w.avs, set, w.vault(0), magnitude)
        .motsu_unwrap();
}

fn sync_in(w: &World, op: Address, set: u32) {
    w.rewards.sender(op).sync(op, w.avs, set).motsu_unwrap();
}

/// Tokens nobody listed stream side by side in one set; claims are by
/// address, several at once; a fifth token in the set is refused.
#[motsu::test]
fn any_erc20_streams_without_listing_and_is_claimed_by_address() {
    let w = World::new();
    let op = w.operator([WAD, 0]);
    let staker = w.staker(Some(op), 0, tokens(100));
    // Contracts live as long as their handles: keep them.
    let extra = [w.new_token(), w.new_token(), w.new_token(), w.new_token()];
    let t = [w.token.address(), extra[0].address(), extra[1].address()];
    w.at(T0);
    w.sync(&[op]);
    // 86.4, 172.8 and 43.2 a day: 0.001, 0.002 and 0.0005 per second.
    w.submit_in(SET, t[0], tokens(864), T0, 10 * DAY);
    w.submit_in(SET, t[1], tokens(1_728), T0, 10 * DAY);
    w.submit_in(SET, t[2], tokens(432), T0, 10 * DAY);
    assert_eq!(w.rewards.sender(op).set_tokens_of(w.avs, SET), t.to_vec());

    w.at(T0 + DAY);
    // The operator is the set's only weight: it earns all, keeps 10%.
    let staker_expected = [micro(77_760_000), micro(155_520_000), micro(38_880_000)];
    let op_expected = [micro(8_640_000), micro(17_280_000), micro(4_320_000)];
    for i in 0..3 {
        assert_eq!(w.claimable_in(staker, t[i]), staker_expected[i]);
        assert_eq!(w.claimable_in(op, t[i]), op_expected[i]);
    }
    // Its first settlement since: the pair takes the tokens in the set's order.
    w.sync(&[op]);
    let (_, sets, ov_tokens) = w.rewards.sender(op).operator_vault(op, w.vault(0));
    assert_eq!(sets.len(), 1);
    assert_eq!(ov_tokens, t.to_vec());

    // One claim pays two tokens (named twice: paid once) and leaves the third.
    let paid = w
        .rewards
        .sender(staker)
        .claim(staker, vec![t[1], t[0], t[1]], staker)
        .motsu_unwrap();
    assert_eq!(
        paid,
        vec![staker_expected[1], staker_expected[0], U256::ZERO]
    );
    assert_eq!(
        w.token.sender(staker).balance_of(staker),
        staker_expected[0]
    );
    assert_eq!(w.claimable_in(staker, t[0]), U256::ZERO);
    assert_eq!(w.claimable_in(staker, t[2]), staker_expected[2]);

    // A fourth token is taken, a fifth refused.
    let fourth = extra[2].address();
    w.submit_in(SET, fourth, tokens(864), T0 + DAY, 10 * DAY);
    let fifth = extra[3].address();
    let err = w
        .rewards
        .sender(w.avs)
        .submit(SET, fifth, tokens(864), T0 + DAY, 10 * DAY, vec![], vec![])
        .motsu_unwrap_err();
    assert!(matches!(err, restake_rewards::Error::TooManyTokens(_)));
    // A token that never streamed in the set has nothing to show.
    assert_eq!(
        w.rewards
            .sender(w.avs)
            .unallocated(w.avs, SET, fifth)
            .motsu_unwrap(),
        U256::ZERO
    );
    assert_eq!(w.claimable_in(staker, fifth), U256::ZERO);
}

/// A staker leaves an operator whose pair earns in `[A, B]` for one whose
/// pair earns in `[C]`, which later takes on A and B as well. What it earned
/// under the first stays claimable; its former debts (far above the new
/// pair's fresh accumulators) never count, so its deposits keep working and
/// it earns exactly from joining.
///
/// * Set 1 streams A and B (0.001/s each), set 2 streams C (0.001/s), all
///   over 20 days from T0. op1 allocates all of vault 0 to set 1; op2 half
///   to set 2, and at day 1 half to set 1 (in force after the allocation
///   delay, 756,000 s).
/// * Day 0–1: op1 alone in set 1 (weight 100): the staker, its only
///   staker, gets 77.76 A and 77.76 B. op2 (weight 50: t's 100 shares at
///   one half) alone in set 2: t gets 77.76 C.
/// * Day 1: the staker undelegates (its shares queue) and deposits 100
///   afresh under op2: op2's pair holds 200 shares (weight 100 in set 2).
/// * Day 1 to day 1 + 756,000 s: set 1 has no weight (A and B: 756 each
///   unallocated); C: 756, 680.4 to the stakers, 340.2 each.
/// * The next day: op2 alone in set 1 (weight 100): 86.4 A and B, 77.76 to
///   the stakers (38.88 each); C 86.4, 38.88 each.
#[motsu::test]
fn a_staker_moving_between_token_lists_keeps_its_earnings_and_is_never_blocked() {
    let w = World::new();
    w.create_set(2);
    let op1 = w.operator([WAD, 0]);
    let op2 = operator_in(&w, &[2], WAD / 2);
    let staker = w.staker(Some(op1), 0, tokens(100));
    let t = w.staker(Some(op2), 0, tokens(100));
    let extra = [w.new_token(), w.new_token()];
    let (a, b, c) = (w.token.address(), extra[0].address(), extra[1].address());
    w.at(T0);
    w.sync(&[op1]);
    sync_in(&w, op2, 2);
    w.submit_in(SET, a, tokens(1_728), T0, 20 * DAY);
    w.submit_in(SET, b, tokens(1_728), T0, 20 * DAY);
    w.submit_in(2, c, tokens(1_728), T0, 20 * DAY);

    w.at(T0 + DAY);
    w.reg.sender(staker).undelegate(staker).motsu_unwrap();
    assert_eq!(w.claimable_in(staker, a), micro(77_760_000));
    assert_eq!(w.claimable_in(staker, b), micro(77_760_000));
    w.reg
        .sender(staker)
        .delegate_to(
            op2,
            stylus_sdk::abi::Bytes(vec![]),
            U256::ZERO,
            alloy_primitives::B256::ZERO,
        )
        .motsu_unwrap();
    w.deposit(staker, 0, tokens(100));
    join_and_allocate(&w, op2, SET, WAD / 2);
    assert_eq!(w.claimable_in(t, c), micro(77_760_000));
    assert_eq!(w.claimable_in(staker, c), U256::ZERO);

    let in_force = T0 + DAY + ALLOC;
    w.at(in_force);
    sync_in(&w, op2, SET);
    let (_, _, ov_tokens) = w.rewards.sender(op2).operator_vault(op2, w.vault(0));
    assert_eq!(ov_tokens, vec![c, a, b]);
    assert_eq!(w.claimable_in(staker, c), micro(340_200_000));

    w.at(in_force + DAY);
    // Positions 1 and 2 held op1's debts for A and B; op2's accumulators
    // there started at zero. Counting them would underflow and block this.
    w.deposit(staker, 0, tokens(1));
    assert_eq!(w.claimable_in(staker, a), micro(116_640_000)); // 77.76 + 38.88
    assert_eq!(w.claimable_in(staker, b), micro(116_640_000));
    assert_eq!(w.claimable_in(staker, c), micro(379_080_000)); // 340.2 + 38.88
    assert_eq!(w.claimable_in(t, a), micro(38_880_000));
    assert_eq!(w.claimable_in(t, c), micro(456_840_000)); // 77.76 + 340.2 + 38.88
    let paid = w
        .rewards
        .sender(staker)
        .claim(staker, vec![a, b, c], staker)
        .motsu_unwrap();
    assert_eq!(
        paid,
        vec![micro(116_640_000), micro(116_640_000), micro(379_080_000)]
    );
    for token in [a, b, c] {
        assert_eq!(w.claimable_in(staker, token), U256::ZERO);
    }
    // Set 1 ran weightless for 756,000 s in A and in B.
    assert_eq!(
        w.rewards
            .sender(w.avs)
            .unallocated(w.avs, SET, a)
            .motsu_unwrap(),
        micro(756_000_000)
    );
}

/// An operator-vault pair's stakers earn in at most 16 tokens. Four sets of
/// four fill the list; a fifth set paying in one of them and in a 17th:
/// the known one is paid as usual, the 17th's stakers' part goes to the
/// set's unallocated balance (the AVS can take it back) and the operator
/// still gets its commission.
///
/// The operator allocates an eighth of vault 0 to each of five sets; its
/// one staker holds 100 (weight 12.5 in each). Each token streams 86.4 a
/// day in each set it is in: 8.64 commission, 77.76 to the staker.
#[motsu::test]
fn a_seventeenth_token_pays_the_operator_and_leaves_the_stakers_part_unallocated() {
    let w = World::new();
    for set in 2..=5 {
        w.create_set(set);
    }
    let op = operator_in(&w, &[SET, 2, 3, 4, 5], WAD / 8);
    let staker = w.staker(Some(op), 0, tokens(100));
    let handles: Vec<_> = (0..17).map(|_| w.new_token()).collect();
    let list: Vec<Address> = handles.iter().map(|t| t.address()).collect();
    w.at(T0);
    for set in [SET, 2, 3, 4, 5] {
        sync_in(&w, op, set);
    }
    for (j, set) in [SET, 2, 3, 4].into_iter().enumerate() {
        for &token in &list[4 * j..4 * j + 4] {
            w.submit_in(set, token, tokens(864), T0, 10 * DAY);
        }
    }
    w.submit_in(5, list[0], tokens(864), T0, 10 * DAY);
    w.submit_in(5, list[16], tokens(864), T0, 10 * DAY);

    w.at(T0 + DAY);
    w.deposit(staker, 0, tokens(1));
    let (_, _, ov_tokens) = w.rewards.sender(op).operator_vault(op, w.vault(0));
    assert_eq!(ov_tokens, list[..16].to_vec());
    // list[0] streams in two sets: twice the usual.
    assert_eq!(w.claimable_in(staker, list[0]), micro(155_520_000));
    assert_eq!(w.claimable_in(op, list[0]), micro(17_280_000));
    for &token in &list[1..16] {
        assert_eq!(w.claimable_in(staker, token), micro(77_760_000));
        assert_eq!(w.claimable_in(op, token), micro(8_640_000));
    }
    assert_eq!(w.claimable_in(staker, list[16]), U256::ZERO);
    assert_eq!(w.claimable_in(op, list[16]), micro(8_640_000));
    assert_eq!(
        w.rewards
            .sender(w.avs)
            .unallocated(w.avs, 5, list[16])
            .motsu_unwrap(),
        micro(77_760_000)
    );
    let reclaimed = w
        .rewards
        .sender(w.avs)
        .reclaim_unallocated(5, list[16], w.avs)
        .motsu_unwrap();
    assert_eq!(reclaimed, micro(77_760_000));
    let paid = w
        .rewards
        .sender(op)
        .claim(op, vec![list[16]], op)
        .motsu_unwrap();
    assert_eq!(paid, vec![micro(8_640_000)]);
}

/// A deallocation stops paying at its request, though the stake stays
/// slashable until it takes effect: nobody earns on stake that is leaving.
/// Two operators allocate half of vault 0 each, one staker of 100 each:
/// weights 50 and 50. Half a day in (43.2 streamed, 21.6 each), op1 asks to
/// deallocate all; the second half day's 43.2 goes to op2 alone.
#[motsu::test]
fn a_deallocation_stops_paying_at_its_request() {
    let w = World::new();
    let op1 = w.operator([WAD / 2, 0]);
    let op2 = w.operator([WAD / 2, 0]);
    let s1 = w.staker(Some(op1), 0, tokens(100));
    let s2 = w.staker(Some(op2), 0, tokens(100));
    w.at(T0);
    w.sync(&[op1, op2]);
    w.submit_in(SET, w.token.address(), tokens(864), T0, 10 * DAY);
    w.at(T0 + DAY / 2);
    w.mgr
        .sender(op1)
        .modify_allocation(w.avs, SET, w.vault(0), 0)
        .motsu_unwrap();
    // Still slashable: the manager keeps the magnitude until the delay ends.
    assert_eq!(
        w.rewards
            .sender(op1)
            .allocation_weight(op1, w.avs, SET, w.vault(0))
            .0,
        U256::ZERO
    );
    w.at(T0 + DAY);
    // op1: 21.6 → 2.16 and s1's 19.44; op2: 21.6 + 43.2 = 64.8 → 6.48 and 58.32.
    assert_eq!(w.claimable(s1), micro(19_440_000));
    assert_eq!(w.claimable(op1), micro(2_160_000));
    assert_eq!(w.claimable(s2), micro(58_320_000));
    assert_eq!(w.claimable(op2), micro(6_480_000));
    // A slash before the effect (of the magnitude still at risk) is
    // settled without the allocation coming back to the pay.
    w.mgr
        .sender(w.slasher)
        .slash(op1, w.avs, SET, &[w.vault(0)], WAD / 2, b"fault")
        .motsu_unwrap();
    w.at(T0 + 2 * DAY);
    assert_eq!(w.claimable(s1), micro(19_440_000));
    assert_eq!(w.claimable(s2), micro(136_080_000)); // + 77.76
}
