//! The rate history (L-6): the time-weighted rate accumulator (Σ rate ·
//! seconds, as Uniswap's price accumulators), the ring of observations,
//! and the average and annualized rate read from them.

use alloy_primitives::{I256, U256};
use restake_interfaces::lrt::*;
use restake_math::{mul_div, shares_to_assets, MathError, Rounding, WAD};

use crate::{
    storage::{
        CUMULATIVE_MASK, OBSERVATION_SLOTS, S_ACC_CUMULATIVE, S_ACC_STATE, S_OBSERVATION_COUNT,
    },
    valuation::Valuation,
    Error, Lrt, MIN_RATE_WINDOW, OBSERVATIONS, OBSERVATION_INTERVAL, YEAR,
};

/// The rate history (L-6).
///
/// Routed by [`Lrt::dispatch`] (the ABI is [`ILrt`]); Rust callers (the
/// native tests) call them directly.
impl Lrt {
    /// Brings the rate accumulator up to now at the current rate, and
    /// records an observation if the newest is [`OBSERVATION_INTERVAL`] old
    /// (anyone; every entry point that moves value does it too, L-6). It
    /// values the whole book afresh and keeps it (#15): what raised the
    /// positions' worth since the last full revaluation (a donation to a
    /// vault or a sub-account) counts from here on.
    ///
    /// # Errors
    /// * [`Error::InvalidRate`], [`Error::Call`], [`Error::CallFailed`],
    ///   [`Error::Math`].
    ///
    /// # Events
    /// * [`RateObserved`], if an observation is recorded.
    pub fn checkpoint(&mut self) -> Result<(), Error> {
        let key = self.books_key()?;
        let v = self.valuation()?;
        self.keep(&v, key);
        self.record(&v)
    }

    /// Observation number `index` counted back from the newest (0): its
    /// timestamp and the cumulative rate up to it (Σ rate · seconds, modulo
    /// 2^192; zeros if not kept). L-6.
    pub fn observation(&self, index: u64) -> (u64, U256) {
        let count = self.get(S_OBSERVATION_COUNT).saturating_to::<u64>();
        if index >= count || index >= OBSERVATIONS {
            return (0, U256::ZERO);
        }
        // index < count: no underflow.
        self.observation_at(count - 1 - index)
    }

    /// The rate accumulator's last update (L-6): its time, the rate in
    /// force since (ETH per 1e18 LRT), and the cumulative rate up to it.
    pub fn rate_accumulator(&self) -> (u64, U256, U256) {
        let (time, rate) = unpack(self.get(S_ACC_STATE));
        (time, rate, self.get(S_ACC_CUMULATIVE))
    }

    /// The time-weighted average rate (ETH per 1e18 LRT, rounded down) over
    /// the last `window` seconds (L-6): the cumulative rate's growth over
    /// the window divided by its length, as Uniswap's TWAP. A change of the
    /// rate counts only for as long as it lasted, so one block moves it by
    /// a block's share of the window.
    ///
    /// # Errors
    /// * [`Error::RateWindow`] - `window` below [`MIN_RATE_WINDOW`] or
    ///   longer than the observations kept cover.
    /// * [`Error::Math`].
    pub fn average_rate(&self, window: u64) -> Result<U256, Error> {
        let now = self.now();
        self.check_window(window, now)?;
        self.average_between(now - window, now)
    }

    /// The annualized growth of the time-weighted rate over the last
    /// `window` seconds (WAD; 5e16 = 5% a year; negative after slashing),
    /// L-6: the average over the window's second half against the average
    /// over its first, `(a2 − a1) / a1 · YEAR / (window / 2)`. Readable
    /// from [`MIN_RATE_WINDOW`] to the 31 days the observations cover.
    ///
    /// # Errors
    /// * [`Error::RateWindow`], [`Error::Math`].
    pub fn annualized_rate(&self, window: u64) -> Result<I256, Error> {
        let now = self.now();
        self.check_window(window, now)?;
        let half = window / 2;
        let a1 = self.average_between(now - window, now - half)?;
        let a2 = self.average_between(now - half, now)?;
        if a1.is_zero() {
            return Ok(I256::ZERO);
        }
        let (diff, negative) = if a2 >= a1 {
            (a2 - a1, false)
        } else {
            (a1 - a2, true)
        };
        // growth per year = diff / a1 × YEAR / half, in WAD, rounded down.
        let growth = mul_div(diff, WAD, a1, Rounding::Down)?;
        let per_year = mul_div(growth, U256::from(YEAR), U256::from(half), Rounding::Down)?;
        let apr = I256::try_from(per_year).map_err(|_| MathError::Overflow)?;
        Ok(if negative { apr.wrapping_neg() } else { apr })
    }
}

impl Lrt {
    /// Advances the rate accumulator to now and sets the rate in force to
    /// the books `v`'s (L-6); appends an observation if the newest is an
    /// [`OBSERVATION_INTERVAL`] old. Every value-moving entry point ends
    /// here, so the accumulator integrates every change of the rate for as
    /// long as it lasted (drift between calls is counted at the next one).
    #[inline(never)]
    pub(crate) fn record(&mut self, v: &Valuation) -> Result<(), Error> {
        let now = self.now();
        let rate = shares_to_assets(WAD, v.totals(), Rounding::Down)?;
        let (time, old_rate) = unpack(self.get(S_ACC_STATE));
        let mut cumulative = self.get(S_ACC_CUMULATIVE);
        if now != time {
            // time == 0: the first update, nothing to integrate yet.
            if time != 0 {
                cumulative = advance(cumulative, old_rate, now.saturating_sub(time));
                self.set(S_ACC_CUMULATIVE, cumulative);
            }
            self.set(S_ACC_STATE, pack(now, rate));
        } else if rate != old_rate {
            self.set(S_ACC_STATE, pack(now, rate));
        }
        let count = self.get(S_OBSERVATION_COUNT).saturating_to::<u64>();
        if count > 0 {
            // count >= 1: no underflow.
            let (newest, _) = self.observation_at(count - 1);
            if now < newest.saturating_add(OBSERVATION_INTERVAL) {
                return Ok(());
            }
        }
        self.set(
            OBSERVATION_SLOTS + count % OBSERVATIONS,
            pack(now, cumulative),
        );
        self.set(S_OBSERVATION_COUNT, U256::from(count.saturating_add(1)));
        self.emit_event(&RateObserved {
            timestamp: now,
            rate,
            cumulative,
        });
        Ok(())
    }

    /// Observation number `k` counted from the first ever (it must still
    /// be kept: `count − OBSERVATIONS <= k < count`).
    fn observation_at(&self, k: u64) -> (u64, U256) {
        unpack(self.get(OBSERVATION_SLOTS + k % OBSERVATIONS))
    }

    /// `window` is readable now: at least [`MIN_RATE_WINDOW`], and its
    /// start no older than the oldest observation kept.
    fn check_window(&self, window: u64, now: u64) -> Result<(), Error> {
        let count = self.get(S_OBSERVATION_COUNT).saturating_to::<u64>();
        let available = if count == 0 {
            0
        } else {
            let oldest = self.observation_at(count.saturating_sub(OBSERVATIONS)).0;
            now.saturating_sub(oldest)
        };
        if window < MIN_RATE_WINDOW || window > available {
            return Err(Error::RateWindow(LrtRateWindow {
                window,
                min: MIN_RATE_WINDOW,
                available,
            }));
        }
        Ok(())
    }

    /// The average rate over `[from, to]` (`from < to`, both readable),
    /// rounded down.
    fn average_between(&self, from: u64, to: u64) -> Result<U256, Error> {
        let growth = since(self.cumulative_at(to), self.cumulative_at(from));
        Ok(mul_div(
            growth,
            U256::from(1),
            U256::from(to.saturating_sub(from)),
            Rounding::Down,
        )?)
    }

    /// The cumulative rate at time `t` (no later than now, no earlier than
    /// the oldest observation kept): extrapolated from the accumulator past
    /// its last update (the rate in force is constant since), else
    /// interpolated linearly between the two observations around `t`
    /// (binary search over the ring), or the newest one and the
    /// accumulator.
    fn cumulative_at(&self, t: u64) -> U256 {
        let (acc_time, acc_rate) = unpack(self.get(S_ACC_STATE));
        let acc_cumulative = self.get(S_ACC_CUMULATIVE);
        if t >= acc_time {
            return advance(acc_cumulative, acc_rate, t - acc_time);
        }
        let count = self.get(S_OBSERVATION_COUNT).saturating_to::<u64>();
        let first = count.saturating_sub(OBSERVATIONS);
        // The newest observation at or before `t` (check_window makes the
        // oldest one qualify): lo <= it < hi.
        let (mut lo, mut hi) = (first, count);
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if self.observation_at(mid).0 <= t {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        let (t0, c0) = self.observation_at(lo);
        let (t1, c1) = if hi < count {
            self.observation_at(hi)
        } else {
            (acc_time, acc_cumulative)
        };
        if t1 <= t0 || t <= t0 {
            return c0;
        }
        // Down, within one segment: at most a wei of rate-seconds.
        let part = mul_div(
            since(c1, c0),
            U256::from(t - t0),
            U256::from(t1 - t0),
            Rounding::Down,
        )
        .unwrap_or_default();
        c0.wrapping_add(part) & CUMULATIVE_MASK
    }
}

/// `high (192 bits) ‖ low (64 bits)` in one word; `high` saturates.
fn pack(low: u64, high: U256) -> U256 {
    (high.min(CUMULATIVE_MASK) << 64) | U256::from(low)
}

/// The inverse of [`pack`].
fn unpack(word: U256) -> (u64, U256) {
    (word.as_limbs()[0], word >> 64)
}

/// The cumulative rate `cumulative` advanced by `rate` for `elapsed`
/// seconds, modulo 2^192. The product is exact (`rate < 2^192`, `elapsed
/// < 2^64`); the sum wraps on purpose: like Uniswap's price accumulators,
/// only differences over a window are ever read, and they are taken
/// modulo 2^192 too.
fn advance(cumulative: U256, rate: U256, elapsed: u64) -> U256 {
    cumulative.wrapping_add(rate.min(CUMULATIVE_MASK).wrapping_mul(U256::from(elapsed)))
        & CUMULATIVE_MASK
}

/// `later − earlier` of two cumulative rates, modulo 2^192.
fn since(later: U256, earlier: U256) -> U256 {
    later.wrapping_sub(earlier) & CUMULATIVE_MASK
}
