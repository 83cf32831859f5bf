//! Reward streaming math: exact timelines, commission, and the property that
//! nothing pays out more than was funded (the dust stays in the contract).

use proptest::prelude::*;
use restake_math::{rewards::*, MathError, U256};

fn u(v: u64) -> U256 {
    U256::from(v)
}

/// A holder of weight in one stream, settled as the contract will settle
/// it: at each change of its weight, its accrual is credited and its debt
/// moves to the current accumulator.
#[derive(Clone, Default)]
struct Holder {
    weight: U256,
    debt: U256,
    accrued: U256,
}

struct Pool {
    amount: U256,
    start: u64,
    end: u64,
    acc: U256,
    released: U256,
    unallocated: U256,
    last: u64,
    holders: Vec<Holder>,
    accrues: u64,
    earns: u64,
}

impl Pool {
    fn new(amount: u64, start: u64, end: u64, holders: usize) -> Self {
        Pool {
            amount: u(amount),
            start,
            end,
            acc: U256::ZERO,
            released: U256::ZERO,
            unallocated: U256::ZERO,
            last: 0,
            holders: vec![Holder::default(); holders],
            accrues: 0,
            earns: 0,
        }
    }

    fn weight(&self) -> U256 {
        self.holders.iter().map(|h| h.weight).sum()
    }

    /// Advances the accumulator to `t`.
    fn advance(&mut self, t: u64) {
        assert!(t >= self.last);
        let now = released(self.amount, self.start, self.end, t).unwrap();
        let (acc, unallocated) = accrue(self.acc, now - self.released, self.weight()).unwrap();
        self.acc = acc;
        self.unallocated += unallocated;
        self.released = now;
        self.last = t;
        self.accrues += 1;
    }

    /// Settles holder `i` at `t` and sets its weight.
    fn set_weight(&mut self, t: u64, i: usize, weight: u64) {
        self.advance(t);
        self.settle(i);
        self.holders[i].weight = u(weight);
    }

    fn settle(&mut self, i: usize) {
        let h = &mut self.holders[i];
        h.accrued += earned(h.weight, self.acc, h.debt).unwrap();
        h.debt = self.acc;
        self.earns += 1;
    }

    /// Settles holder `i` at `t` and pays its accrual.
    fn claim(&mut self, t: u64, i: usize) -> U256 {
        self.advance(t);
        self.settle(i);
        core::mem::take(&mut self.holders[i].accrued)
    }
}

#[test]
fn a_window_releases_linearly_and_exactly() {
    let a = u(1_000_000);
    assert_eq!(released(a, 100, 1_100, 50), Ok(U256::ZERO));
    assert_eq!(released(a, 100, 1_100, 100), Ok(U256::ZERO));
    assert_eq!(released(a, 100, 1_100, 600), Ok(u(500_000)));
    assert_eq!(released(a, 100, 1_100, 1_099), Ok(u(999_000)));
    assert_eq!(released(a, 100, 1_100, 1_100), Ok(a));
    assert_eq!(released(a, 100, 1_100, 9_999), Ok(a));
    // 10 wei over 3 seconds: 3, 6, then all 10 (never more than funded).
    assert_eq!(released(u(10), 0, 3, 1), Ok(u(3)));
    assert_eq!(released(u(10), 0, 3, 2), Ok(u(6)));
    assert_eq!(released(u(10), 0, 3, 3), Ok(u(10)));
    assert_eq!(released(a, 5, 5, 6), Err(MathError::DivisionByZero));
}

/// Two stakers at 3:1, then the second raises its stake to 5 halfway, and a
/// third joins 100 seconds before the end: each earns exactly its share of
/// each period, and the late joiner only from joining.
#[test]
fn stakers_earn_pro_rata_to_weight_over_time() {
    let mut pool = Pool::new(1_000_000, 100, 1_100, 3);
    pool.set_weight(100, 0, 3);
    pool.set_weight(100, 1, 1);
    // [100, 600): 500,000 at 3:1.
    pool.set_weight(600, 1, 5);
    assert_eq!(pool.holders[0].accrued, U256::ZERO); // not settled yet
    assert_eq!(pool.holders[1].accrued, u(125_000));
    // [600, 1000): 400,000 at 3:5; then C joins with 2: [1000, 1100): 100,000 at 3:5:2.
    pool.set_weight(1_000, 2, 2);
    assert_eq!(pool.claim(1_100, 0), u(375_000 + 150_000 + 30_000));
    assert_eq!(pool.claim(1_100, 1), u(125_000 + 250_000 + 50_000));
    assert_eq!(pool.claim(1_100, 2), u(20_000));
    // Claiming twice pays once.
    assert_eq!(pool.claim(1_200, 2), U256::ZERO);
    assert_eq!(pool.unallocated, U256::ZERO);
}

/// While nobody holds weight, the stream's release is unallocated (the AVS
/// may re-submit it), and holders who join later earn only from joining.
#[test]
fn a_weightless_period_is_unallocated() {
    let mut pool = Pool::new(1_000, 0, 1_000, 1);
    pool.set_weight(250, 0, 7);
    assert_eq!(pool.unallocated, u(250));
    // 750 over a weight of 7: the accumulator rounds 750e27 / 7 down, so
    // the holder's 7 units earn 749 and 1 wei of dust stays.
    assert_eq!(pool.claim(1_000, 0), u(749));
    assert_eq!(pool.unallocated, u(250));
}

#[test]
fn commission_rounds_against_the_operator() {
    assert_eq!(split_commission(u(1_001), 1_500), Ok((u(150), u(851))));
    assert_eq!(split_commission(u(1_000), 0), Ok((U256::ZERO, u(1_000))));
    assert_eq!(
        split_commission(u(1_000), 10_000),
        Ok((u(1_000), U256::ZERO))
    );
    assert_eq!(split_commission(u(1_000), 10_001), Err(MathError::Overflow));
}

#[test]
fn the_accumulator_only_grows() {
    assert_eq!(earned(u(1), U256::ZERO, u(1)), Err(MathError::Underflow));
    assert_eq!(accrue(u(5), u(7), U256::ZERO), Ok((u(5), u(7))));
}

proptest! {
    /// Any sequence of weight changes and claims by up to four holders over
    /// a stream: what is paid plus what is unallocated never exceeds what was
    /// funded, and once the window is over and everyone settles, the
    /// shortfall (dust) is at most one wei per accumulator step and per
    /// settlement.
    #[test]
    fn nothing_pays_more_than_was_funded(
        amount in 0u64..=u64::MAX,
        duration in 1u64..100_000,
        ops in prop::collection::vec((0u64..5_000, 0usize..4, 0u64..1_000_000_000_000, any::<bool>()), 1..40),
    ) {
        let mut pool = Pool::new(amount, 1_000, 1_000 + duration, 4);
        let mut t = 0;
        let mut paid = U256::ZERO;
        for (dt, i, weight, claim) in ops {
            t += dt;
            if claim {
                paid += pool.claim(t, i);
            } else {
                pool.set_weight(t, i, weight);
            }
            let held: U256 = pool.holders.iter().map(|h| h.accrued).sum();
            prop_assert!(paid + held + pool.unallocated <= pool.released);
            prop_assert!(pool.released <= u(amount));
        }
        let end = t.max(1_000 + duration);
        for i in 0..4 {
            paid += pool.claim(end, i);
        }
        prop_assert_eq!(pool.released, u(amount));
        let dust = u(amount) - paid - pool.unallocated;
        prop_assert!(dust <= u(pool.accrues + pool.earns), "dust {} after {} steps", dust, pool.accrues + pool.earns);
    }
}
