//! Slashing-factor math: no gain on deposit, queued withdrawals, and invariant 2
//! (an operator's delegated stake ≥ the sum of its stakers' withdrawable shares).

mod common;

use common::*;
use proptest::prelude::*;
use restake_math::*;

fn one() -> U256 {
    U256::from(1u8)
}

/// A staker position built the way the registry builds it: a fresh deposit at
/// magnitude `m0`, then the magnitude falls to `m1 <= m0`.
fn position() -> impl Strategy<Value = (U256, U256, U256)> {
    (amount(), magnitude(), magnitude()).prop_map(|(s, a, b)| {
        let (m0, m1) = if a >= b { (a, b) } else { (b, a) };
        let dsf = update_deposit_scaling_factor(U256::ZERO, U256::ZERO, m0, s).unwrap();
        (s, dsf, m1)
    })
}

proptest! {
    /// A fresh position is worth what was deposited, minus at most added/WAD + 2 of dust.
    #[test]
    fn fresh_deposit_is_worth_the_added_shares(added in amount(), m in magnitude()) {
        let dsf = update_deposit_scaling_factor(U256::ZERO, U256::ZERO, m, added).unwrap();
        prop_assert_eq!(dsf, wad_div(WAD, m, Rounding::Down).unwrap());
        let w = withdrawable_shares(added, dsf, m).unwrap();
        prop_assert!(w <= added, "withdrawable {} > added {}", w, added);
        prop_assert!(w + added / WAD + U256::from(2u8) >= added, "withdrawable {} added {}", w, added);
    }

    /// Adding shares never raises withdrawable by more than the added shares, and loses
    /// at most 2·(deposit shares)/WAD + 3 of dust.
    #[test]
    fn deposit_into_a_slashed_position_gains_nothing((s, dsf, m) in position(), added in amount()) {
        let before = withdrawable_shares(s, dsf, m).unwrap();
        let new_dsf = update_deposit_scaling_factor(s, dsf, m, added).unwrap();
        let new_s = s + added;
        let after = withdrawable_shares(new_s, new_dsf, m).unwrap();
        prop_assert!(after <= before + added, "before {} + added {} < after {}", before, added, after);
        let dust = new_s * U256::from(2u8) / WAD + U256::from(3u8);
        prop_assert!(after + dust >= before + added, "before {} + added {} - dust {} > after {}", before, added, dust, after);
    }

    /// A deposit's new scaling factor does not apply earlier slashing to the new money,
    /// and a later slash hits old and new money alike.
    #[test]
    fn later_slash_after_deposit_gains_nothing((s, dsf, m) in position(), added in amount(), m2 in magnitude()) {
        let m2 = m2.min(m);
        let before = withdrawable_shares(s, dsf, m2).unwrap();
        let new_dsf = update_deposit_scaling_factor(s, dsf, m, added).unwrap();
        let after = withdrawable_shares(s + added, new_dsf, m2).unwrap();
        // The new money is slashed by m2/m at most: after <= before_at_m2 + added·m2/m (+ rounding).
        let added_after_slash = mul_div(added, m2, m, Rounding::Up).unwrap();
        prop_assert!(after <= before + added_after_slash + one(), "after {} before {} added {}", after, before, added_after_slash);
    }

    #[test]
    fn withdrawable_is_monotonic_in_magnitude((s, dsf, m) in position(), m2 in magnitude()) {
        let lo = m2.min(m);
        prop_assert!(withdrawable_shares(s, dsf, lo).unwrap() <= withdrawable_shares(s, dsf, m).unwrap());
    }

    /// Queueing then completing at the same magnitude pays exactly the withdrawable
    /// shares; a slash during the delay lowers the payout.
    #[test]
    fn queued_withdrawal_pays_at_most_the_withdrawable((s, dsf, m) in position(), part in 0u8..=100, m2 in magnitude()) {
        let queued = s * U256::from(part) / U256::from(100u8);
        let scaled = scale_for_queue(queued, dsf).unwrap();
        let now = withdrawable_shares(queued, dsf, m).unwrap();
        prop_assert_eq!(scaled_to_withdrawable(scaled, m).unwrap(), now);
        let m2 = m2.min(m);
        let later = scaled_to_withdrawable(scaled, m2).unwrap();
        prop_assert!(later <= now);
        // Splitting never creates value: queued part + remaining part <= the whole.
        let rest = withdrawable_shares(s - queued, dsf, m).unwrap();
        prop_assert!(now + rest <= withdrawable_shares(s, dsf, m).unwrap());
    }

    #[test]
    fn magnitude_to_slash_is_between_the_exact_fraction_and_the_allocation(allocated in magnitude(), fraction in 0u64..=1_000_000_000_000_000_000) {
        let fraction = U256::from(fraction);
        let slashed = magnitude_to_slash(allocated, fraction).unwrap();
        prop_assert!(slashed <= allocated);
        // slashed >= allocated·fraction/WAD exactly, and exceeds it by less than one.
        prop_assert!(wide(slashed) * wide(WAD) >= wide(allocated) * wide(fraction));
        prop_assert!(wide(slashed) * wide(WAD) < wide(allocated) * wide(fraction) + wide(WAD));
        if !fraction.is_zero() && !allocated.is_zero() {
            prop_assert!(!slashed.is_zero(), "a non-zero slash of a non-zero allocation must remove something");
        }
    }

    #[test]
    fn slashed_operator_shares_matches_reference(op in u256_any(), a in u256_any(), b in u256_any()) {
        let (prev, new) = if a >= b { (a, b) } else { (b, a) };
        prop_assume!(!prev.is_zero());
        let slashed = slashed_operator_shares(op, prev, new).unwrap();
        let remaining = ref_mul_div(op, new, prev, Rounding::Up).unwrap();
        prop_assert_eq!(slashed, op - remaining);
        // The slash rounds down: never more than the exact proportional amount.
        let exact_num = wide(op) * (wide(prev) - wide(new));
        prop_assert!(wide(slashed) * wide(prev) <= exact_num);
    }

    /// Invariant 2 at the math level, over random sequences of deposits, slashes and
    /// queued withdrawals by several stakers of one operator: the operator's delegated
    /// shares never fall below the sum of its stakers' withdrawable shares, and the
    /// difference stays within rounding dust.
    #[test]
    fn operator_stake_covers_its_stakers(ops in prop::collection::vec(op(), 1..40)) {
        const STAKERS: usize = 4;
        let mut deposit_shares = [U256::ZERO; STAKERS];
        let mut dsf = [U256::ZERO; STAKERS];
        let mut m = WAD;
        let mut operator = U256::ZERO;
        let mut steps = U256::ZERO;
        let mut ever_deposited = U256::ZERO;
        for o in ops {
            match o {
                Op::Deposit { staker, added } => {
                    match update_deposit_scaling_factor(deposit_shares[staker], dsf[staker], m, added) {
                        Ok(k) => {
                            // What the registry does: the position's stake moves from its
                            // floor to its new worth rounded up (`operator_stake_of`).
                            let before = withdrawable_shares(deposit_shares[staker], dsf[staker], m).unwrap();
                            dsf[staker] = k;
                            deposit_shares[staker] += added;
                            ever_deposited += deposit_shares[staker];
                            let after = operator_stake_of(deposit_shares[staker], k, m).unwrap();
                            operator += after.saturating_sub(before);
                        }
                        Err(e) => {
                            prop_assert!(m.is_zero());
                            prop_assert_eq!(e, MathError::DivisionByZero);
                        }
                    }
                }
                Op::Slash { allocated_part, fraction } => {
                    let allocated = wad_mul(m, allocated_part, Rounding::Down).unwrap();
                    let removed = magnitude_to_slash(allocated, fraction).unwrap();
                    let new_m = m - removed;
                    if m.is_zero() {
                        prop_assert_eq!(slashed_operator_shares(operator, m, new_m), Err(MathError::DivisionByZero));
                    } else {
                        operator -= slashed_operator_shares(operator, m, new_m).unwrap();
                    }
                    m = new_m;
                }
                Op::Queue { staker, percent } => {
                    let queued = deposit_shares[staker] * U256::from(percent) / U256::from(100u8);
                    let leaving = withdrawable_shares(queued, dsf[staker], m).unwrap();
                    deposit_shares[staker] -= queued;
                    operator = operator.checked_sub(leaving).expect("operator stake below a staker's withdrawal");
                }
            }
            steps += one();
            let mut sum = U256::ZERO;
            for i in 0..STAKERS {
                sum += withdrawable_shares(deposit_shares[i], dsf[i], m).unwrap();
            }
            prop_assert!(operator >= sum, "operator {} < stakers {} (m = {})", operator, sum, m);
            // Dust: a few units per step and staker, plus 2·(position's deposit shares)/WAD
            // lost to the scaling factor's precision at each deposit.
            let dust = steps * U256::from(STAKERS as u8 + 2) + ever_deposited * U256::from(2u8) / WAD;
            prop_assert!(operator - sum <= dust, "operator {} stakers {} dust {}", operator, sum, dust);
        }
    }
}

#[derive(Clone, Debug)]
enum Op {
    Deposit {
        staker: usize,
        added: U256,
    },
    Slash {
        allocated_part: U256,
        fraction: U256,
    },
    Queue {
        staker: usize,
        percent: u8,
    },
}

fn wad_fraction() -> impl Strategy<Value = U256> {
    prop_oneof![
        3 => (0u64..=1_000_000_000_000_000_000).prop_map(U256::from),
        1 => prop::sample::select(vec![U256::ZERO, one(), WAD / U256::from(2u8), WAD - one(), WAD]),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0usize..4, amount()).prop_map(|(staker, added)| Op::Deposit { staker, added }),
        2 => (wad_fraction(), wad_fraction()).prop_map(|(allocated_part, fraction)| Op::Slash { allocated_part, fraction }),
        1 => (0usize..4, 0u8..=100).prop_map(|(staker, percent)| Op::Queue { staker, percent }),
    ]
}

/// Why the operator's remaining stake rounds up (EigenLayer's choice): with a floor,
/// two slashes already push a single staker's operator below that staker.
#[test]
fn operator_slash_rounding_the_remainder_down_would_break_invariant_2() {
    let tenth = WAD / U256::from(10u8);
    let (m1, m2) = (tenth * U256::from(5u8), tenth * U256::from(4u8));
    // One staker deposits 3 shares at magnitude WAD.
    let s = U256::from(3u8);
    let k = update_deposit_scaling_factor(U256::ZERO, U256::ZERO, WAD, s).unwrap();
    let w2 = withdrawable_shares(s, k, m2).unwrap(); // floor(3·0.4) = 1
    assert_eq!(w2, one());

    // Flooring the operator's remaining stake: 3 → floor(1.5) = 1 → floor(0.8) = 0 < 1.
    let floor1 = mul_div(s, m1, WAD, Rounding::Down).unwrap();
    let floor2 = mul_div(floor1, m2, m1, Rounding::Down).unwrap();
    assert!(floor2 < w2);

    // slashed_operator_shares: 3 → 2 → 2 ≥ 1.
    let op1 = s - slashed_operator_shares(s, WAD, m1).unwrap();
    let op2 = op1 - slashed_operator_shares(op1, m1, m2).unwrap();
    assert_eq!((op1, op2), (U256::from(2u8), U256::from(2u8)));
    assert!(op2 >= w2);
}

/// Why a position adds its worth rounded *up* to its operator's stake
/// (`operator_stake_of`): with the floor, two stakers of 3 shares each at
/// magnitude 0.7 add 2 + 2 = 4 (each is worth 2.0999…); a slash to 0.525
/// leaves the operator ⌈4 · 0.75⌉ = 3 while each staker is still worth
/// ⌊2.2499…⌋ = 2: 4 > 3, invariant 2 broken by one share (the registry's
/// property test found it). Rounded up, they add 3 + 3 = 6 → 5 ≥ 4.
#[test]
fn a_position_adds_its_worth_rounded_up_to_its_operator() {
    let m = WAD / U256::from(10u8) * U256::from(7u8);
    let m2 = WAD / U256::from(1000u16) * U256::from(525u16);
    let s = U256::from(3u8);
    let k = update_deposit_scaling_factor(U256::ZERO, U256::ZERO, m, s).unwrap();
    let floor = withdrawable_shares(s, k, m).unwrap();
    let up = operator_stake_of(s, k, m).unwrap();
    assert_eq!((floor, up), (U256::from(2u8), U256::from(3u8)));
    let staker_after = withdrawable_shares(s, k, m2).unwrap();
    assert_eq!(staker_after, U256::from(2u8));
    let slash = |stake: U256| stake - slashed_operator_shares(stake, m, m2).unwrap();
    // Floors: 4 → 3 < 2 + 2.
    assert_eq!(slash(floor + floor), U256::from(3u8));
    assert!(slash(floor + floor) < staker_after + staker_after);
    // Rounded up: 6 → 5 ≥ 2 + 2.
    assert_eq!(slash(up + up), U256::from(5u8));
    assert!(slash(up + up) >= staker_after + staker_after);
    // At full magnitude the two agree (no fraction to round).
    let k1 = update_deposit_scaling_factor(U256::ZERO, U256::ZERO, WAD, s).unwrap();
    assert_eq!(
        operator_stake_of(s, k1, WAD).unwrap(),
        withdrawable_shares(s, k1, WAD).unwrap()
    );
}

#[test]
fn full_slash_zeroes_everything_and_blocks_new_deposits() {
    let k = update_deposit_scaling_factor(U256::ZERO, U256::ZERO, WAD, WAD).unwrap();
    let removed = magnitude_to_slash(WAD, WAD).unwrap();
    assert_eq!(removed, WAD);
    assert_eq!(slashed_operator_shares(WAD, WAD, U256::ZERO), Ok(WAD));
    assert_eq!(withdrawable_shares(WAD, k, U256::ZERO), Ok(U256::ZERO));
    // A queued withdrawal completes (for zero) rather than reverting.
    assert_eq!(
        scaled_to_withdrawable(scale_for_queue(WAD, k).unwrap(), U256::ZERO),
        Ok(U256::ZERO)
    );
    assert_eq!(
        update_deposit_scaling_factor(WAD, k, U256::ZERO, WAD),
        Err(MathError::DivisionByZero)
    );
}

#[test]
fn tiny_slash_of_a_tiny_allocation_still_removes_magnitude() {
    assert_eq!(magnitude_to_slash(one(), one()), Ok(one()));
    assert_eq!(magnitude_to_slash(U256::ZERO, WAD), Ok(U256::ZERO));
    assert_eq!(magnitude_to_slash(WAD, U256::ZERO), Ok(U256::ZERO));
}

#[test]
fn fresh_deposit_at_full_magnitude_has_scaling_factor_wad() {
    assert_eq!(
        update_deposit_scaling_factor(U256::ZERO, U256::ZERO, WAD, WAD),
        Ok(WAD)
    );
    assert_eq!(withdrawable_shares(WAD, WAD, WAD), Ok(WAD));
}

#[test]
fn deposit_after_half_slash_is_not_slashed() {
    let half = WAD / U256::from(2u8);
    let k = update_deposit_scaling_factor(U256::ZERO, U256::ZERO, WAD, WAD).unwrap();
    assert_eq!(withdrawable_shares(WAD, k, half), Ok(half));
    let k2 = update_deposit_scaling_factor(WAD, k, half, WAD).unwrap();
    // 0.5 + 1 = 1.5 shares withdrawable after the top-up.
    assert_eq!(withdrawable_shares(WAD + WAD, k2, half), Ok(WAD + half));
}
