//! Streams: one per `(set, token k)`, a whole rate per second changed at
//! bounded boundaries (window starts and ends), advanced lazily into the
//! set's reward-per-weight accumulator. Submissions, top-ups, multipliers
//! and the unallocated balance.

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
use restake_interfaces::rewards::*;
use restake_kit::{abi::Word, storage::from_address};
use restake_math::{add, mul, rewards::accrue, sub, WAD};
use stylus_sdk::prelude::*;

use crate::storage::*;
use crate::{
    set_word, Error, Rewards, HORIZON, MAX_BOUNDARIES, MAX_DURATION, MAX_MULTIPLIER,
    MAX_SET_TOKENS, MAX_SET_VAULTS, MIN_DURATION,
};

/// A stream in memory: what [`Rewards::advance`] reads, moves and writes.
///
/// Loaded lazily (#15): a settlement reads the accumulator, the clock, the
/// rate and each pending boundary's time, but a boundary's rates only when
/// it is crossed or moved, and the unallocated balance only when something
/// is added to it. Each is a cold read (2,100 gas) on a stream's first
/// settlement in a transaction: a stream with one pending window end is
/// settled with four reads instead of seven.
pub(crate) struct Stream {
    pub(crate) base: U256,
    pub(crate) acc: U256,
    pub(crate) last: u64,
    pub(crate) rate: U256,
    /// What went to the unallocated balance since the stream was loaded or
    /// last stored; [`Rewards::store_stream`] adds it to the balance.
    pub(crate) unallocated_added: U256,
    /// Each pending boundary.
    pub(crate) boundaries: Vec<Boundary>,
}

/// A pending boundary of a [`Stream`].
pub(crate) struct Boundary {
    /// Its time.
    pub(crate) t: u64,
    /// Its place in the stream's list in storage (`u64::MAX`: added since
    /// the load, so its rates are in memory).
    at: u64,
    /// `(up, down)`: the rates it adds and takes away, once read.
    rates: Option<(U256, U256)>,
}

impl Rewards {
    /// The storage base of stream `(skey, k)`.
    pub(crate) fn stream_base(&self, skey: B256, k: u64) -> U256 {
        self.base2(STREAMS, skey, index_word(k))
    }

    /// Loads stream `(skey, k)` (lazily: [`Stream`]).
    pub(crate) fn load_stream(&self, skey: B256, k: u64) -> Stream {
        let base = self.stream_base(skey, k);
        let [last, count, ..] = *self.at(base, 1).as_limbs();
        let boundaries = (0..count)
            .map(|j| Boundary {
                t: low(self.at(base, 4 + 3 * j)),
                at: j,
                rates: None,
            })
            .collect();
        Stream {
            base,
            acc: self.at(base, 0),
            last,
            rate: self.at(base, 2),
            unallocated_added: U256::ZERO,
            boundaries,
        }
    }

    /// `b`'s `(up, down)` rates, read from its place in storage the first
    /// time. Every place is read before any is rewritten
    /// ([`Self::store_stream`]), so its place still holds its own.
    fn boundary_rates(&self, base: U256, b: &mut Boundary) -> (U256, U256) {
        match b.rates {
            Some(rates) => rates,
            None => {
                let rates = (self.at(base, 5 + 3 * b.at), self.at(base, 6 + 3 * b.at));
                b.rates = Some(rates);
                rates
            }
        }
    }

    /// Writes a stream back (its boundaries too when `boundaries_moved`),
    /// adding what went to the unallocated balance since the load.
    ///
    /// # Errors
    /// [`Error::Math`] - the unallocated balance would overflow.
    pub(crate) fn store_stream(&self, s: &mut Stream, boundaries_moved: bool) -> Result<(), Error> {
        self.put(s.base, 0, s.acc);
        self.put(
            s.base,
            1,
            U256::from_limbs([s.last, s.boundaries.len() as u64, 0, 0]),
        );
        self.put(s.base, 2, s.rate);
        if !s.unallocated_added.is_zero() {
            self.put(s.base, 3, add(self.at(s.base, 3), s.unallocated_added)?);
            s.unallocated_added = U256::ZERO;
        }
        if boundaries_moved {
            // Every rate not yet in memory is read from its old place
            // before any place is rewritten below.
            let base = s.base;
            for b in s.boundaries.iter_mut() {
                self.boundary_rates(base, b);
            }
            for (j, b) in (0u64..).zip(s.boundaries.iter_mut()) {
                let (up, down) = self.boundary_rates(base, b);
                self.put(base, 4 + 3 * j, U256::from(b.t));
                self.put(base, 5 + 3 * j, up);
                self.put(base, 6 + 3 * j, down);
                b.at = j;
            }
        }
        Ok(())
    }

    /// Advances stream `(skey, k)` to `now` over the set's `weight`,
    /// crossing its due boundaries in time order (each at the rate in force
    /// before it). What streams while `weight` is zero goes to the
    /// unallocated balance. Writes it back when `commit` (else a view's
    /// simulation); returns it.
    pub(crate) fn advance(
        &self,
        skey: B256,
        k: u64,
        weight: U256,
        now: u64,
        commit: bool,
    ) -> Result<Stream, Error> {
        let mut s = self.load_stream(skey, k);
        if s.last >= now {
            return Ok(s);
        }
        let mut moved = false;
        loop {
            let next = (0..s.boundaries.len())
                .filter(|&j| s.boundaries[j].t <= now)
                .min_by_key(|&j| s.boundaries[j].t);
            let until = next.map_or(now, |j| s.boundaries[j].t);
            // Whole units per second: exact, nothing rounds here.
            let released = mul(s.rate, U256::from(until.saturating_sub(s.last)))?;
            let (acc, unallocated) = accrue(s.acc, released, weight)?;
            s.acc = acc;
            s.unallocated_added = add(s.unallocated_added, unallocated)?;
            s.last = s.last.max(until);
            let Some(j) = next else { break };
            // Read before the removal moves the last boundary into `j`.
            let (up, down) = self.boundary_rates(s.base, &mut s.boundaries[j]);
            s.boundaries.swap_remove(j);
            // Every window adds its rate at its start and takes the same
            // rate away at its end, so this never goes below zero.
            s.rate = sub(add(s.rate, up)?, down)?;
            moved = true;
        }
        if commit {
            let amount = s.unallocated_added;
            self.store_stream(&mut s, moved)?;
            if !amount.is_zero() {
                self.emit_unallocated(skey, self.set_token(skey, k), amount);
            }
        }
        Ok(s)
    }

    /// Emits [`RewardsUnallocated`] for `amount` (if any) of `token` in set
    /// `skey`.
    pub(crate) fn emit_unallocated(&self, skey: B256, token: Address, amount: U256) {
        if amount.is_zero() {
            return;
        }
        let (avs, set_id) = crate::set_of(skey);
        self.emit_event(&RewardsUnallocated {
            avs,
            set_id,
            token,
            amount,
        });
    }

    /// Adds `up`/`down` to the boundary at `t` (merged with one already
    /// there).
    ///
    /// # Errors
    /// [`Error::TooManyBoundaries`].
    fn add_boundary(&self, s: &mut Stream, t: u64, up: U256, down: U256) -> Result<(), Error> {
        let base = s.base;
        if let Some(b) = s.boundaries.iter_mut().find(|b| b.t == t) {
            let (u, d) = self.boundary_rates(base, b);
            b.rates = Some((add(u, up)?, add(d, down)?));
            return Ok(());
        }
        if s.boundaries.len() as u64 >= MAX_BOUNDARIES {
            return Err(Error::TooManyBoundaries(RewardsTooManyBoundaries {
                max: U256::from(MAX_BOUNDARIES),
            }));
        }
        s.boundaries.push(Boundary {
            t,
            at: u64::MAX,
            rates: Some((up, down)),
        });
        Ok(())
    }

    /// The set's total weight.
    pub(crate) fn set_weight(&self, skey: B256) -> U256 {
        self.at(self.base2(SETS, skey, B256::ZERO), 0)
    }

    /// The set's `[token count, vault count]`.
    pub(crate) fn set_meta(&self, skey: B256) -> (u64, u64) {
        let [tokens, count, ..] = *self.at(self.base2(SETS, skey, B256::ZERO), 1).as_limbs();
        (tokens, count)
    }

    /// The set's vaults with a multiplier.
    pub(crate) fn set_vaults_of(&self, skey: B256) -> Vec<Address> {
        let base = self.base2(SETS, skey, B256::ZERO);
        let (_, count) = self.set_meta(skey);
        (0..count)
            .map(|j| restake_kit::storage::to_address(self.at(base, 2 + j)))
            .collect()
    }

    /// The multiplier of `vault` in set `skey`: until the set's AVS names
    /// its multipliers, one share of every vault weighs one (WAD), so an
    /// allocation weighs from the moment it is in force.
    pub(crate) fn multiplier(&self, skey: B256, vault: Address) -> U256 {
        if self.set_meta(skey).1 == 0 {
            return WAD;
        }
        self.sload(self.slot2(MULTIPLIERS, skey, vault.word()))
    }

    /// Replaces set `skey`'s multipliers (checked: strictly ascending
    /// vaults, at most [`MAX_SET_VAULTS`], each multiplier in `1..=MAX`).
    /// Operators' weights follow at their next touch.
    fn set_multipliers(
        &mut self,
        avs: Address,
        set_id: u32,
        skey: B256,
        vaults: &[Address],
        multipliers: &[U256],
    ) -> Result<(), Error> {
        if vaults.len() != multipliers.len() || vaults.len() as u64 > MAX_SET_VAULTS {
            return Err(Error::InvalidMultipliers(RewardsInvalidMultipliers {
                vaults: U256::from(vaults.len()),
                multipliers: U256::from(multipliers.len()),
                max: U256::from(MAX_SET_VAULTS),
            }));
        }
        let mut prev = Address::ZERO;
        for (&vault, &m) in vaults.iter().zip(multipliers) {
            if vault <= prev {
                return Err(Error::VaultsUnsorted(RewardsVaultsUnsorted { vault }));
            }
            prev = vault;
            if m.is_zero() || m > MAX_MULTIPLIER {
                return Err(Error::InvalidMultiplier(RewardsInvalidMultiplier {
                    vault,
                    multiplier: m,
                }));
            }
        }
        for old in self.set_vaults_of(skey) {
            if !vaults.contains(&old) {
                self.sstore(self.slot2(MULTIPLIERS, skey, old.word()), U256::ZERO);
                self.emit_event(&MultiplierSet {
                    avs,
                    set_id,
                    vault: old,
                    multiplier: U256::ZERO,
                });
            }
        }
        let base = self.base2(SETS, skey, B256::ZERO);
        for (j, (&vault, &m)) in (0u64..).zip(vaults.iter().zip(multipliers)) {
            self.put(base, 2 + j, vault.into_word().into());
            let slot = self.slot2(MULTIPLIERS, skey, vault.word());
            if self.sload(slot) != m {
                self.sstore(slot, m);
                self.emit_event(&MultiplierSet {
                    avs,
                    set_id,
                    vault,
                    multiplier: m,
                });
            }
        }
        let (tokens, _) = self.set_meta(skey);
        self.put(
            base,
            1,
            U256::from_limbs([tokens, vaults.len() as u64, 0, 0]),
        );
        Ok(())
    }

    /// The caller (an AVS) funds its set `set_id` with `amount` of `token`
    /// over `[start, start + duration)`; with `vaults`, the set's
    /// multipliers become `multipliers` (else the set's stay). Returns the
    /// submission id.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - called at the extension's own address
    ///   (not through the contract).
    /// * [`Error::ZeroAddress`] - `token` is zero.
    /// * [`Error::InvalidWindow`],
    ///   [`Error::InvalidMultipliers`], [`Error::VaultsUnsorted`],
    ///   [`Error::InvalidMultiplier`], [`Error::NoMultipliers`].
    /// * [`Error::TooManyTokens`] - a fifth token for the set.
    /// * [`Error::WrongValue`], [`Error::SafeErc20FailedOperation`],
    ///   [`Error::TokenCallFailed`] - the funds did not arrive.
    /// * [`Error::AmountTooSmall`] - less than one unit per second arrived.
    /// * [`Error::AmountTooLarge`] - more than [`crate::MAX_AMOUNT`].
    /// * [`Error::TooManyBoundaries`], [`Error::Math`].
    ///
    /// # Events
    /// * [`MultiplierSet`] per changed multiplier, [`RewardsUnallocated`]
    ///   (the rate's remainder), [`RewardsSubmitted`].
    #[allow(clippy::too_many_arguments)]
    pub fn submit(
        &mut self,
        set_id: u32,
        token: Address,
        amount: U256,
        start: u64,
        duration: u64,
        vaults: Vec<Address>,
        multipliers: Vec<U256>,
    ) -> Result<U256, Error> {
        let avs = self.vm().msg_sender();
        // The extension's wasm serves `submit` only on the contract's
        // storage (by delegate call). Called at its own address, whose
        // storage is never initialized (no registry), it takes no funds.
        if crate::router::WASM == restake_kit::route::EXT
            && REGISTRY.load_address(self.vm()).is_zero()
        {
            return Err(Error::unauthorized(avs));
        }
        let skey = set_word(avs, set_id);
        if token.is_zero() {
            return Err(Error::ZeroAddress(RewardsZeroAddress {}));
        }
        let now = self.now();
        let end = start.saturating_add(duration);
        if start < now
            || !(MIN_DURATION..=MAX_DURATION).contains(&duration)
            || end > now.saturating_add(HORIZON)
        {
            return Err(Error::InvalidWindow(RewardsInvalidWindow {
                start,
                duration,
                now,
            }));
        }
        if !vaults.is_empty() || !multipliers.is_empty() {
            self.set_multipliers(avs, set_id, skey, &vaults, &multipliers)?;
        } else if self.set_meta(skey).1 == 0 {
            return Err(Error::NoMultipliers(RewardsNoMultipliers { avs, set_id }));
        }
        let ti = match self.set_token_position(skey, token) {
            Some(k) => k,
            None => {
                let (tokens, count) = self.set_meta(skey);
                if tokens >= u64::from(MAX_SET_TOKENS) {
                    return Err(Error::TooManyTokens(RewardsTooManyTokens {
                        max: U256::from(MAX_SET_TOKENS),
                    }));
                }
                let base = self.base2(SETS, skey, B256::ZERO);
                self.put(base, SET_TOKENS_AT + tokens, from_address(token));
                self.put(base, 1, U256::from_limbs([tokens + 1, count, 0, 0]));
                tokens
            }
        };
        let credited = self.pull(token, amount)?;
        // Down: the remainder is not streamed, it is unallocated at once.
        let rate = credited / U256::from(duration);
        if rate.is_zero() {
            return Err(Error::AmountTooSmall(RewardsAmountTooSmall {
                amount: credited,
                duration,
            }));
        }
        let mut s = self.advance(skey, ti, self.set_weight(skey), now, true)?;
        let dust = sub(credited, mul(rate, U256::from(duration))?)?;
        s.unallocated_added = add(s.unallocated_added, dust)?;
        if start == now {
            s.rate = add(s.rate, rate)?;
        } else {
            self.add_boundary(&mut s, start, rate, U256::ZERO)?;
        }
        self.add_boundary(&mut s, end, U256::ZERO, rate)?;
        s.last = now;
        self.store_stream(&mut s, true)?;
        self.emit_unallocated(skey, token, dust);
        let id = add(self.sload(SUBMISSION_COUNT.slot()), U256::from(1))?;
        self.sstore(SUBMISSION_COUNT.slot(), id);
        let base = self.base2(SUBMISSIONS, id.word(), B256::ZERO);
        self.put(base, 0, skey.into());
        self.put(base, 1, U256::from_limbs([ti, start, end, 0]));
        self.put(base, 2, rate);
        self.emit_event(&RewardsSubmitted {
            id,
            avs,
            set_id,
            token,
            amount: credited,
            start,
            end,
            rate,
        });
        Ok(id)
    }

    /// Anyone adds `amount` to submission `id`: it streams over the rest of
    /// the window (from its start if it has not started), raising its rate.
    ///
    /// # Errors
    /// * [`Error::SubmissionNotFound`], [`Error::SubmissionEnded`].
    /// * [`Error::WrongValue`], [`Error::SafeErc20FailedOperation`],
    ///   [`Error::TokenCallFailed`], [`Error::AmountTooSmall`],
    ///   [`Error::AmountTooLarge`], [`Error::Math`].
    ///
    /// # Events
    /// * [`RewardsUnallocated`] (the remainder), [`RewardsToppedUp`].
    pub fn top_up(&mut self, id: U256, amount: U256) -> Result<(), Error> {
        let base = self.base2(SUBMISSIONS, id.word(), B256::ZERO);
        let skey = B256::from(self.at(base, 0));
        if skey.is_zero() {
            return Err(Error::SubmissionNotFound(RewardsSubmissionNotFound { id }));
        }
        let [ti, start, end, _] = *self.at(base, 1).as_limbs();
        let now = self.now();
        if now >= end {
            return Err(Error::SubmissionEnded(RewardsSubmissionEnded { id, end }));
        }
        let token = self.set_token(skey, ti);
        let credited = self.pull(token, amount)?;
        let remaining = end - start.max(now); // > 0: end > now and end > start
                                              // Down: the remainder is unallocated at once.
        let extra = credited / U256::from(remaining);
        if extra.is_zero() {
            return Err(Error::AmountTooSmall(RewardsAmountTooSmall {
                amount: credited,
                duration: remaining,
            }));
        }
        let mut s = self.advance(skey, ti, self.set_weight(skey), now, true)?;
        let dust = sub(credited, mul(extra, U256::from(remaining))?)?;
        s.unallocated_added = add(s.unallocated_added, dust)?;
        if start > now {
            self.add_boundary(&mut s, start, extra, U256::ZERO)?;
        } else {
            s.rate = add(s.rate, extra)?;
        }
        // The end is still pending (end > now), so this merges into it.
        self.add_boundary(&mut s, end, U256::ZERO, extra)?;
        s.last = now;
        self.store_stream(&mut s, true)?;
        let rate = add(self.at(base, 2), extra)?;
        self.put(base, 2, rate);
        self.emit_unallocated(skey, token, dust);
        self.emit_event(&RewardsToppedUp {
            id,
            funder: self.vm().msg_sender(),
            amount: credited,
            rate,
        });
        Ok(())
    }

    /// The caller (an AVS) takes back what streamed to nobody in its set
    /// `set_id` in `token` (and the rates' remainders), to `recipient`.
    /// Returns the amount.
    ///
    /// # Errors
    /// * [`Error::ZeroAddress`], [`Error::TransferFailed`], [`Error::Math`].
    ///
    /// # Events
    /// * [`UnallocatedReclaimed`].
    pub fn reclaim_unallocated(
        &mut self,
        set_id: u32,
        token: Address,
        recipient: Address,
    ) -> Result<U256, Error> {
        if recipient.is_zero() {
            return Err(Error::ZeroAddress(RewardsZeroAddress {}));
        }
        let avs = self.vm().msg_sender();
        let skey = set_word(avs, set_id);
        // A token that never streamed in the set has nothing unallocated.
        let mut amount = U256::ZERO;
        if let Some(k) = self.set_token_position(skey, token) {
            // Advanced and stored: the balance holds all that streamed to
            // nobody up to now.
            let s = self.advance(skey, k, self.set_weight(skey), self.now(), true)?;
            amount = self.at(s.base, 3);
            if !amount.is_zero() {
                self.put(s.base, 3, U256::ZERO);
                self.send(token, recipient, amount)?;
            }
        }
        self.emit_event(&UnallocatedReclaimed {
            avs,
            set_id,
            token,
            amount,
            recipient,
        });
        Ok(amount)
    }

    /// What of set `(avs, set_id)`'s `token` streamed to nobody, up to now
    /// (zero for a token that never streamed there).
    ///
    /// # Errors
    /// * [`Error::Math`].
    pub fn unallocated(&self, avs: Address, set_id: u32, token: Address) -> Result<U256, Error> {
        let skey = set_word(avs, set_id);
        let Some(ti) = self.set_token_position(skey, token) else {
            return Ok(U256::ZERO);
        };
        let s = self.advance(skey, ti, self.set_weight(skey), self.now(), false)?;
        Ok(add(self.at(s.base, 3), s.unallocated_added)?)
    }

    /// Stream `(avs, set_id, token)`: `(rate per second now, reward per
    /// unit of weight ×1e27, pending boundaries)`, advanced to now (zeros
    /// for a token that never streamed there).
    ///
    /// # Errors
    /// * [`Error::Math`].
    pub fn stream(
        &self,
        avs: Address,
        set_id: u32,
        token: Address,
    ) -> Result<(U256, U256, u64), Error> {
        let skey = set_word(avs, set_id);
        let Some(ti) = self.set_token_position(skey, token) else {
            return Ok((U256::ZERO, U256::ZERO, 0));
        };
        let s = self.advance(skey, ti, self.set_weight(skey), self.now(), false)?;
        Ok((s.rate, s.acc, s.boundaries.len() as u64))
    }
}
