//! Weights and their accumulators: the registry's and the manager's hooks,
//! the operator-vault and staker settlements every stake change runs first,
//! commissions, and the permissionless `sync`.

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
use restake_interfaces::rewards::*;
use restake_kit::{
    abi::Word,
    call,
    storage::{from_address, pack, unpack},
};
use restake_math::{
    add, mul_div,
    rewards::{earned, split_commission, ACC_SCALE},
    sub, Rounding,
};
use stylus_sdk::prelude::*;

use crate::storage::*;
use crate::{
    set_word, Error, Rewards, COMMISSION_MARGIN, DEFAULT_COMMISSION_BPS, MAX_COMMISSION_BPS,
    MAX_SETS, MAX_VAULT_TOKENS,
};

/// The scaled shares a staker's record keeps in its packed word: 55 bits
/// of its middle field (above the covered count and the flag) and the 32 of
/// its top field.
pub(crate) const SMALL_SCALED_BITS: usize = 87;
/// Set in a staker's record when its scaled shares did not fit in
/// [`SMALL_SCALED_BITS`] and sit in the record's first word instead.
pub(crate) const BIG_SCALED: u64 = 1 << 8;

/// WAD²: a weight is `multiplier · scaled · allocation / WAD²`.
const WAD2: U256 = U256::from_limbs([0x9fd0_803c_e800_0000, 0x0000_0000_033b_2e3c, 0, 0]);
/// The bit that marks a chosen commission.
const CHOSEN: u64 = 1 << 16;
/// `withdrawalDelay()` on the registry.
const WITHDRAWAL_DELAY: [u8; 4] =
    restake_kit::route::selector("withdrawalDelay", &[]).to_be_bytes();

/// The manager's allocation word, limbs `[current, pending, effect_at,
/// increase]`, applied at `now` as the manager applies it.
fn allocation_at(word: U256, now: u64) -> U256 {
    let [current, pending, effect_at, increase] = *word.as_limbs();
    if pending == 0 || effect_at > now {
        return word;
    }
    let current = if increase & 1 == 1 {
        current.saturating_add(pending)
    } else {
        current.saturating_sub(pending)
    };
    U256::from(current)
}

/// The magnitude an allocation word (applied at now) is rewarded for: the
/// part slashable until its pending change takes effect. A pending
/// decrease counts from its request (the stake leaving is no longer paid
/// for), a pending increase from its effect (it is not yet at risk).
fn rewarded_magnitude(applied: U256) -> U256 {
    let [current, pending, _, increase] = *applied.as_limbs();
    if increase & 1 == 0 {
        return U256::from(current.saturating_sub(pending));
    }
    U256::from(current)
}

/// An operator-vault pair after settlement: its record, its sets (with
/// their token maps), scaled shares, its tokens' reward per scaled share,
/// and the commission this settlement credited per token (for a view's
/// simulation).
pub(crate) struct OperatorVault {
    pub(crate) base: U256,
    pub(crate) sets: Vec<(B256, u64)>,
    pub(crate) scaled: U256,
    /// The pair's tokens, when this settlement loaded them.
    pub(crate) tokens: Option<Vec<Address>>,
    pub(crate) rps: Vec<U256>,
    pub(crate) commission: Vec<U256>,
    /// Commissions in tokens the pair's full list declined.
    pub(crate) declined: Vec<(Address, U256)>,
}

impl OperatorVault {
    /// Token `p` of the pair.
    pub(crate) fn token(&mut self, r: &Rewards, p: u64) -> Address {
        let (base, n) = (self.base, self.rps.len() as u64);
        self.tokens.get_or_insert_with(|| r.ov_tokens(base, n))[p as usize]
    }
}

impl Rewards {
    /// `operator`'s commission in set `skey` in force: `(bps, pending bps,
    /// effect_at)` (no pending change: `pending == bps`).
    pub(crate) fn commission_word(&self, operator: Address, skey: B256) -> (u16, u16, u64) {
        let [current, pending, effect_at, _] = *self
            .sload(self.slot2(COMMISSIONS, operator.word(), skey))
            .as_limbs();
        let bps = if current & CHOSEN == 0 {
            DEFAULT_COMMISSION_BPS
        } else {
            (current & 0xffff) as u16
        };
        if pending & CHOSEN == 0 {
            return (bps, bps, 0);
        }
        (bps, (pending & 0xffff) as u16, effect_at)
    }

    /// Settles `(operator, skey, vault)` up to `now`: advances each of the
    /// set's streams and splits what the allocation's weight earned since
    /// its last settlement into `(commission, stakers' part)` per set token.
    /// Writes the streams and the credited accumulators when `commit`.
    fn settle_allocation(
        &self,
        operator: Address,
        skey: B256,
        vault: Address,
        now: u64,
        commit: bool,
    ) -> Result<Vec<(U256, U256)>, Error> {
        let (tokens, _) = self.set_meta(skey);
        if tokens == 0 {
            // A set that never streamed has nothing to settle: its weight,
            // total and the commission stay unread (three cold reads fewer
            // per such set on every settlement of the pair).
            return Ok(Vec::new());
        }
        let base = self.slot3(ALLOCATIONS, operator.word(), skey, vault.word());
        let weight = self.at(base, 1);
        let total = self.set_weight(skey);
        let (bps, _, _) = self.commission_word(operator, skey);
        let mut out = Vec::with_capacity(tokens as usize);
        for k in 0..tokens {
            let acc = self.advance(skey, k, total, now, commit)?.acc;
            let credited = self.at(base, 2 + k);
            let amount = earned(weight, acc, credited)?;
            out.push(split_commission(amount, bps)?);
            if commit && acc != credited {
                self.put(base, 2 + k, acc);
            }
        }
        Ok(out)
    }

    /// Settles every allocation of `(operator, vault)` and folds the
    /// stakers' parts into its reward per scaled share (down), keeping the
    /// commission for the operator. A set token the pair has not seen takes
    /// the next place in its list; when the list is full
    /// ([`MAX_VAULT_TOKENS`]) the stakers' part in it goes to the set's
    /// unallocated balance, and the commission to the operator's accrual.
    /// Writes when `commit`.
    pub(crate) fn settle_operator_vault(
        &self,
        operator: Address,
        vault: Address,
        now: u64,
        commit: bool,
    ) -> Result<OperatorVault, Error> {
        self.settle_pair(operator, vault, now, commit, true)
    }

    /// [`Self::settle_operator_vault`]; with `bank` false, the commission
    /// is left in [`OperatorVault::commission`] for the caller (a claim,
    /// which pays it at once) rather than added to the record.
    pub(crate) fn settle_pair(
        &self,
        operator: Address,
        vault: Address,
        now: u64,
        commit: bool,
        bank: bool,
    ) -> Result<OperatorVault, Error> {
        let base = self.base2(OPERATOR_VAULTS, operator.word(), vault.word());
        let [count, ntok, ..] = *self.at(base, 0).as_limbs();
        let scaled = self.at(base, 1);
        let mut ov = OperatorVault {
            base,
            sets: (0..count)
                .map(|j| split_set(self.at(base, 2 + j)))
                .collect(),
            scaled,
            tokens: None,
            rps: (0..ntok).map(|p| self.at(base, RPS_AT + p)).collect(),
            commission: alloc::vec![U256::ZERO; ntok as usize],
            declined: Vec::new(),
        };
        let before = ov.rps.clone();
        let mut maps_moved = false;
        for j in 0..ov.sets.len() {
            let (skey, mut map) = ov.sets[j];
            let out = self.settle_allocation(operator, skey, vault, now, commit)?;
            for (k, (cut, rest)) in (0u64..).zip(out) {
                let p = match mapped(map, k) {
                    Some(p) => p,
                    None => {
                        let p = self.place(&mut ov, self.set_token(skey, k));
                        map = map_next(map, k, p);
                        maps_moved = true;
                        p
                    }
                };
                if p == DECLINED {
                    if cut.is_zero() && rest.is_zero() {
                        continue;
                    }
                    let token = self.set_token(skey, k);
                    ov.declined.push((token, cut));
                    if commit {
                        self.credit(operator, token, cut)?;
                        let base = self.stream_base(skey, k);
                        self.put(base, 3, add(self.at(base, 3), rest)?);
                        self.emit_unallocated(skey, token, rest);
                    }
                    continue;
                }
                let p = p as usize;
                ov.commission[p] = add(ov.commission[p], cut)?;
                if !rest.is_zero() && !scaled.is_zero() {
                    // Down: the stakers together are credited at most `rest`.
                    let per_share = mul_div(rest, ACC_SCALE, scaled, Rounding::Down)?;
                    ov.rps[p] = add(ov.rps[p], per_share)?;
                }
            }
            ov.sets[j].1 = map;
        }
        if commit {
            let n = ov.rps.len();
            for p in 0..n {
                if p >= before.len() {
                    let token = ov.token(self, p as u64);
                    self.put(base, OV_TOKENS_AT + p as u64, from_address(token));
                }
                if before.get(p) != Some(&ov.rps[p]) {
                    self.put(base, RPS_AT + p as u64, ov.rps[p]);
                }
                if bank && !ov.commission[p].is_zero() {
                    let at = COMMISSION_AT + p as u64;
                    self.put(base, at, add(self.at(base, at), ov.commission[p])?);
                }
            }
            if maps_moved || n != before.len() {
                self.store_sets(&ov);
            }
        }
        Ok(ov)
    }

    /// The position of `token` in `ov`'s list, appending it (with a reward
    /// per share of zero) when there is room; [`DECLINED`] when the list is
    /// full.
    fn place(&self, ov: &mut OperatorVault, token: Address) -> u64 {
        let n = ov.rps.len() as u64;
        let base = ov.base;
        let tokens = ov.tokens.get_or_insert_with(|| self.ov_tokens(base, n));
        if let Some(p) = tokens.iter().position(|&t| t == token) {
            return p as u64;
        }
        if n >= MAX_VAULT_TOKENS {
            return DECLINED;
        }
        tokens.push(token);
        ov.rps.push(U256::ZERO);
        ov.commission.push(U256::ZERO);
        n
    }

    /// Adds `amount` of `token` to `earner`'s settled claimable.
    pub(crate) fn credit(
        &self,
        earner: Address,
        token: Address,
        amount: U256,
    ) -> Result<(), Error> {
        if amount.is_zero() {
            return Ok(());
        }
        let slot = self.slot2(ACCRUED, earner.word(), token.word());
        self.sstore(slot, add(self.sload(slot), amount)?);
        Ok(())
    }

    /// Recomputes the weight of `(operator, skey, vault)` from the
    /// operator's `scaled` shares, the allocation in force at `now` (its
    /// rewarded magnitude: see [`rewarded_magnitude`]) and the set's
    /// multiplier, and moves the set's total by the difference. Call only
    /// right after settling it. Returns whether the allocation is now
    /// nothing at all (no magnitude, nothing pending): it can leave the
    /// operator-vault's list.
    fn reweigh(
        &self,
        operator: Address,
        skey: B256,
        vault: Address,
        scaled: U256,
        now: u64,
    ) -> Result<bool, Error> {
        let base = self.slot3(ALLOCATIONS, operator.word(), skey, vault.word());
        let word = self.at(base, 0);
        let applied = allocation_at(word, now);
        if applied != word {
            self.put(base, 0, applied);
        }
        let magnitude = rewarded_magnitude(applied);
        let m = self.multiplier(skey, vault);
        // Down: the set's total is the sum of exactly these weights, so the
        // rounding only keeps a part of a wei-weight out of the shares.
        let weight = mul_div(
            scaled,
            restake_math::mul(magnitude, m)?,
            WAD2,
            Rounding::Down,
        )?;
        let old = self.at(base, 1);
        if weight == old {
            return Ok(applied.is_zero());
        }
        self.put(base, 1, weight);
        let set_base = self.base2(SETS, skey, B256::ZERO);
        let total = add(sub(self.at(set_base, 0), old)?, weight)?;
        self.put(set_base, 0, total);
        self.emit_event(&SetWeightUpdated {
            operator,
            set: skey,
            vault,
            weight,
            total,
        });
        Ok(applied.is_zero())
    }

    /// Stores `(operator, vault)`'s `scaled` shares (just settled as `ov`)
    /// and reweighs each of its allocations at them; allocations that are
    /// nothing at all leave its list.
    fn reweigh_all(
        &self,
        operator: Address,
        vault: Address,
        ov: &mut OperatorVault,
        scaled: U256,
        now: u64,
    ) -> Result<(), Error> {
        if scaled != ov.scaled {
            self.put(ov.base, 1, scaled);
            ov.scaled = scaled;
        }
        let count = ov.sets.len();
        let mut j = 0;
        while j < ov.sets.len() {
            if self.reweigh(operator, ov.sets[j].0, vault, scaled, now)? {
                ov.sets.swap_remove(j);
            } else {
                j += 1;
            }
        }
        if ov.sets.len() != count {
            // A deallocation that took effect frees its place in the list.
            self.store_sets(ov);
        }
        Ok(())
    }

    /// A staker's record at `base` (`storage::STAKERS`): `(scaled shares,
    /// operator, positions its debts cover)`. One word holds all three
    /// while the scaled shares fit in [`SMALL_SCALED_BITS`] bits (every
    /// position worth less than about 1.5·10⁸ ETH at a full magnitude), so
    /// a settlement reads one cold slot, and a first delegation writes one
    /// new slot fewer; larger ones keep their shares in the record's first
    /// word and set [`BIG_SCALED`].
    #[inline(never)]
    pub(crate) fn staker_record(&self, base: U256) -> (U256, Address, u64) {
        let (operator, mid, top) = unpack(self.at(base, 1));
        let scaled = if mid & BIG_SCALED != 0 {
            self.at(base, 0)
        } else {
            // Bits 0–54 from the middle field, 55–86 from the top one.
            let top = u64::from(top);
            U256::from_limbs([(mid >> 9) | (top << 55), top >> 9, 0, 0])
        };
        (scaled, operator, mid & 0xff)
    }

    /// Writes a staker's record at `base` (see [`Self::staker_record`]);
    /// `covered` is at most 16 (a pair's token list).
    #[inline(never)]
    pub(crate) fn store_staker(&self, base: U256, scaled: U256, operator: Address, covered: u64) {
        let [l0, l1, l2, l3] = scaled.into_limbs();
        let word = if l2 | l3 == 0 && l1 >> (SMALL_SCALED_BITS - 64) == 0 {
            let low = l0 & ((1 << 55) - 1);
            let high = (l0 >> 55) | (l1 << 9);
            pack(operator, covered | (low << 9), high as u32)
        } else {
            self.put(base, 0, scaled);
            pack(operator, covered | BIG_SCALED, 0)
        };
        self.put(base, 1, word);
    }

    /// Settles `staker`'s position in `vault`: what its scaled shares
    /// earned under its operator since its last settlement, per token of
    /// the operator-vault pair (a token the pair took on since then starts
    /// from a debt of zero: its accumulator started at zero while the
    /// staker's shares stood still). Adds it to the position's earnings and
    /// moves its debts when `commit`. Returns the staker's `(scaled,
    /// operator)`, the operator-vault settlement (if delegated) and the
    /// amounts.
    pub(crate) fn settle_staker(
        &self,
        staker: Address,
        vault: Address,
        now: u64,
        commit: bool,
    ) -> Result<(U256, Address, Option<OperatorVault>, Vec<U256>), Error> {
        self.settle_position(staker, vault, now, commit, true)
    }

    /// [`Self::settle_staker`]; with `bank` false, the amounts are left to
    /// the caller (a claim, which pays them at once) rather than added to
    /// the position's earnings.
    pub(crate) fn settle_position(
        &self,
        staker: Address,
        vault: Address,
        now: u64,
        commit: bool,
        bank: bool,
    ) -> Result<(U256, Address, Option<OperatorVault>, Vec<U256>), Error> {
        let base = self.base2(STAKERS, staker.word(), vault.word());
        let (scaled, operator, covered) = self.staker_record(base);
        if operator.is_zero() {
            return Ok((scaled, operator, None, Vec::new()));
        }
        let ov = self.settle_operator_vault(operator, vault, now, commit)?;
        let n = ov.rps.len() as u64;
        let mut amounts = Vec::with_capacity(n as usize);
        for (p, &rps) in (0u64..).zip(&ov.rps) {
            let debt = if p < covered {
                self.at(base, 2 + p)
            } else {
                U256::ZERO
            };
            let amount = earned(scaled, rps, debt)?;
            amounts.push(amount);
            if commit {
                // Past `covered` the slot may hold a former operator's debt.
                if (p < covered && rps != debt) || (p >= covered && self.at(base, 2 + p) != rps) {
                    self.put(base, 2 + p, rps);
                }
                if bank && !amount.is_zero() {
                    let at = EARNED_AT + p;
                    self.put(base, at, add(self.at(base, at), amount)?);
                }
            }
        }
        if commit && covered != n {
            self.store_staker(base, scaled, operator, n);
        }
        Ok((scaled, operator, Some(ov), amounts))
    }

    /// Moves what `staker` earned in `vault` under the operator of `ov` (its
    /// position's earnings, settled) to its accruals by token: the position
    /// is leaving that operator, whose token list it no longer follows.
    fn flush_staker(
        &self,
        base: U256,
        staker: Address,
        ov: &mut OperatorVault,
    ) -> Result<(), Error> {
        let (_, _, covered) = self.staker_record(base);
        for p in 0..covered.min(ov.rps.len() as u64) {
            let amount = self.at(base, EARNED_AT + p);
            if !amount.is_zero() {
                self.put(base, EARNED_AT + p, U256::ZERO);
                self.credit(staker, ov.token(self, p), amount)?;
            }
        }
        Ok(())
    }

    /// The registry's hook, before nothing and after everything: `staker`'s
    /// scaled shares of `vault` under `operator` moved by `delta` (up if
    /// `increase`). Settles first, at the old weight; a staker that moved to
    /// another operator leaves the old one whole.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - the caller is not the registry.
    /// * [`Error::Math`].
    ///
    /// # Events
    /// * [`StakerWeightUpdated`]; [`SetWeightUpdated`] per allocation whose
    ///   weight moved; [`RewardsUnallocated`] for streams that ran weightless.
    pub fn on_stake_change(
        &mut self,
        staker: Address,
        operator: Address,
        vault: Address,
        delta: U256,
        increase: bool,
    ) -> Result<(), Error> {
        let caller = self.vm().msg_sender();
        if caller != REGISTRY.load_address(self.vm()) {
            return Err(Error::unauthorized(caller));
        }
        let now = self.now();
        let base = self.base2(STAKERS, staker.word(), vault.word());
        let (old_scaled, old_operator, old_ov, _) = self.settle_staker(staker, vault, now, true)?;
        let same = old_operator == operator;
        let (kept, rest_ov) = if same {
            (old_scaled, old_ov)
        } else {
            if let Some(mut ov) = old_ov {
                // Leaving: the whole position goes (dust included), and what
                // it earned there moves to its accruals by token.
                let left = ov.scaled.saturating_sub(old_scaled);
                self.reweigh_all(old_operator, vault, &mut ov, left, now)?;
                self.flush_staker(base, staker, &mut ov)?;
            }
            (U256::ZERO, None)
        };
        let scaled = if increase {
            add(kept, delta)?
        } else {
            kept.saturating_sub(delta)
        };
        let mut covered = 0;
        if !operator.is_zero() {
            let mut ov = match rest_ov {
                Some(ov) => ov,
                None => self.settle_operator_vault(operator, vault, now, true)?,
            };
            // The settlement above moved the staker's debts to every token
            // the pair had then; a joiner's are written below, after the
            // reweighing, for every token it has by then.
            covered = ov.rps.len() as u64;
            let total = add(ov.scaled.saturating_sub(kept), scaled)?;
            self.reweigh_all(operator, vault, &mut ov, total, now)?;
            if !same {
                // Joining: debts start at the operator's current
                // accumulators, for every token it has.
                for (p, &rps) in (0u64..).zip(&ov.rps) {
                    if self.at(base, 2 + p) != rps {
                        self.put(base, 2 + p, rps);
                    }
                }
                covered = ov.rps.len() as u64;
            }
        }
        self.store_staker(base, scaled, operator, covered);
        self.emit_event(&StakerWeightUpdated {
            staker,
            operator,
            vault,
            scaled,
        });
        Ok(())
    }

    /// The registry's hook: it whitelisted `vault`, or, when it was wired
    /// to this contract, had `vault` whitelisted already. Records the vault
    /// once in the list `claim`, `claimable` and `sync` look through for an
    /// earner's or operator's positions (so no list is kept per earner). The
    /// registry tells every vault before any stake can move in it, so the
    /// stake hooks never look the list up: the first delegation into a
    /// vault no longer pays its two first writes (#15).
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - the caller is not the registry.
    /// * [`Error::TooManySets`] - [`crate::MAX_VAULTS`] vaults are listed
    ///   already (the registry whitelists at most 8).
    ///
    /// # Events
    /// * [`VaultListed`] unless `vault` was listed already.
    pub fn on_vault_added(&mut self, vault: Address) -> Result<(), Error> {
        let caller = self.vm().msg_sender();
        if caller != REGISTRY.load_address(self.vm()) {
            return Err(Error::unauthorized(caller));
        }
        self.know_vault(vault)
    }

    /// Records `vault` in the list of vaults (at most
    /// [`crate::MAX_VAULTS`]), once.
    fn know_vault(&self, vault: Address) -> Result<(), Error> {
        let count = low(VAULT_COUNT.load(self.vm()));
        let word = from_address(vault);
        if (0..count).any(|j| self.sload(self.slot2(VAULT_AT, index_word(j), B256::ZERO)) == word) {
            return Ok(());
        }
        if count >= crate::MAX_VAULTS {
            return Err(Error::TooManySets(RewardsTooManySets {
                operator: Address::ZERO,
                vault,
                max: U256::from(crate::MAX_VAULTS),
            }));
        }
        self.sstore(self.slot2(VAULT_AT, index_word(count), B256::ZERO), word);
        VAULT_COUNT.store(self.vm(), U256::from(count + 1));
        self.emit_event(&VaultListed { vault });
        Ok(())
    }

    /// The vaults the registry has whitelisted (told by [`Self::on_vault_added`]).
    pub(crate) fn known_vaults(&self) -> Vec<Address> {
        (0..low(VAULT_COUNT.load(self.vm())))
            .map(|j| self.load_address(self.slot2(VAULT_AT, index_word(j), B256::ZERO)))
            .collect()
    }

    /// The manager's hook: `operator`'s allocation of `vault` to set
    /// `(avs, set_id)` is now `allocation` (limbs `[current, pending,
    /// effect_at, increase]`, as the manager stores it). Settles at the old
    /// weight first.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - the caller is not the manager.
    /// * [`Error::TooManySets`] - `operator` already allocates `vault` to
    ///   [`MAX_SETS`] sets (the manager's `modifyAllocation` reverts with it).
    /// * [`Error::Math`].
    ///
    /// # Events
    /// * [`SetWeightUpdated`] if the weight moved.
    pub fn on_allocation_change(
        &mut self,
        operator: Address,
        avs: Address,
        set_id: u32,
        vault: Address,
        allocation: U256,
    ) -> Result<(), Error> {
        let caller = self.vm().msg_sender();
        if caller != MANAGER.load_address(self.vm()) {
            return Err(Error::unauthorized(caller));
        }
        let now = self.now();
        let skey = set_word(avs, set_id);
        let mut ov = self.settle_operator_vault(operator, vault, now, true)?;
        // Deallocations that took effect leave first: they free places.
        let scaled = ov.scaled;
        self.reweigh_all(operator, vault, &mut ov, scaled, now)?;
        if !ov.sets.iter().any(|&(s, _)| s == skey) {
            if allocation.is_zero() {
                return Ok(());
            }
            if ov.sets.len() as u64 >= MAX_SETS {
                return Err(Error::TooManySets(RewardsTooManySets {
                    operator,
                    vault,
                    max: U256::from(MAX_SETS),
                }));
            }
            // The newcomer starts at the set's accumulators: it earned nothing yet.
            self.settle_allocation(operator, skey, vault, now, true)?;
            ov.sets.push((skey, 0));
            self.store_sets(&ov);
        }
        let base = self.slot3(ALLOCATIONS, operator.word(), skey, vault.word());
        self.put(base, 0, allocation);
        let ended = self.reweigh(operator, skey, vault, ov.scaled, now)?;
        if ended {
            if let Some(j) = ov.sets.iter().position(|&(s, _)| s == skey) {
                ov.sets.swap_remove(j);
                self.store_sets(&ov);
            }
        }
        Ok(())
    }

    /// Writes `ov`'s set list (with their token maps) and its counts.
    fn store_sets(&self, ov: &OperatorVault) {
        let counts = [ov.sets.len() as u64, ov.rps.len() as u64, 0, 0];
        self.put(ov.base, 0, U256::from_limbs(counts));
        for (j, &(skey, map)) in (0u64..).zip(&ov.sets) {
            self.put(ov.base, 2 + j, join_set(skey, map));
        }
    }

    /// Anyone applies what has come due for `operator` in set `(avs,
    /// set_id)`: allocation changes past their effect time, the set's
    /// current multipliers, and a commission increase past its delay. Each
    /// vault the operator allocates to the set is settled first, at the old
    /// terms.
    ///
    /// # Errors
    /// * [`Error::Math`].
    ///
    /// # Events
    /// * [`SetWeightUpdated`] per weight that moved; [`CommissionSet`] when
    ///   a due increase takes effect.
    pub fn sync(&mut self, operator: Address, avs: Address, set_id: u32) -> Result<(), Error> {
        let now = self.now();
        let skey = set_word(avs, set_id);
        for vault in self.known_vaults() {
            let base = self.base2(OPERATOR_VAULTS, operator.word(), vault.word());
            let count = low(self.at(base, 0));
            if (0..count).any(|j| split_set(self.at(base, 2 + j)).0 == skey) {
                let mut ov = self.settle_operator_vault(operator, vault, now, true)?;
                let scaled = ov.scaled;
                self.reweigh_all(operator, vault, &mut ov, scaled, now)?;
            }
        }
        let (bps, pending, effect_at) = self.commission_word(operator, skey);
        if pending != bps && effect_at <= now {
            self.store_commission(operator, skey, pending, None);
            self.emit_event(&CommissionSet {
                operator,
                avs,
                set_id,
                bps: pending,
                effect_at,
            });
        }
        Ok(())
    }

    fn store_commission(
        &self,
        operator: Address,
        skey: B256,
        bps: u16,
        pending: Option<(u16, u64)>,
    ) {
        let (p, at) = pending.map_or((0, 0), |(p, at)| (u64::from(p) | CHOSEN, at));
        self.sstore(
            self.slot2(COMMISSIONS, operator.word(), skey),
            U256::from_limbs([u64::from(bps) | CHOSEN, p, at, 0]),
        );
    }

    /// The caller (an operator) sets its commission in set `(avs, set_id)`
    /// to `bps`. A decrease takes effect at once; an increase after the
    /// registry's withdrawal delay and [`COMMISSION_MARGIN`], so its
    /// stakers can leave at the old rate first (it replaces a pending one).
    /// Everything due is applied first ([`Self::sync`]).
    ///
    /// # Errors
    /// * [`Error::InvalidCommission`] - above 10,000.
    /// * [`Error::Registry`] - the withdrawal delay could not be read.
    /// * [`Error::Math`].
    ///
    /// # Events
    /// * Those of [`Self::sync`], then [`CommissionSet`].
    pub fn set_commission(&mut self, avs: Address, set_id: u32, bps: u16) -> Result<(), Error> {
        if bps > MAX_COMMISSION_BPS {
            return Err(Error::InvalidCommission(RewardsInvalidCommission { bps }));
        }
        let operator = self.vm().msg_sender();
        self.sync(operator, avs, set_id)?;
        let skey = set_word(avs, set_id);
        let now = self.now();
        let (current, _, _) = self.commission_word(operator, skey);
        let effect_at = if bps <= current {
            self.store_commission(operator, skey, bps, None);
            now
        } else {
            let registry = REGISTRY.load_address(self.vm());
            let delay = call::call_word(self.vm(), registry, WITHDRAWAL_DELAY, &[], false)
                .map_err(|r| Error::Registry(r.0))?
                .ok_or(Error::Registry(Vec::new()))?;
            let at = now
                .saturating_add(low(delay))
                .saturating_add(COMMISSION_MARGIN);
            self.store_commission(operator, skey, current, Some((bps, at)));
            at
        };
        self.emit_event(&CommissionSet {
            operator,
            avs,
            set_id,
            bps,
            effect_at,
        });
        Ok(())
    }

    /// `operator`'s commission in set `(avs, set_id)`: `(bps in force,
    /// pending bps, its effect time)` (no change pending: the same bps and 0).
    pub fn commission_of(&self, operator: Address, avs: Address, set_id: u32) -> (u16, u16, u64) {
        self.commission_word(operator, set_word(avs, set_id))
    }

    /// Set `(avs, set_id)`'s total weight.
    pub fn total_weight(&self, avs: Address, set_id: u32) -> U256 {
        self.set_weight(set_word(avs, set_id))
    }

    /// `operator`'s weight in set `(avs, set_id)` from `vault`, and the
    /// allocation word it was computed from.
    pub fn allocation_weight(
        &self,
        operator: Address,
        avs: Address,
        set_id: u32,
        vault: Address,
    ) -> (U256, U256) {
        let base = self.slot3(
            ALLOCATIONS,
            operator.word(),
            set_word(avs, set_id),
            vault.word(),
        );
        (self.at(base, 1), self.at(base, 0))
    }

    /// `staker`'s rewarded (scaled) shares of `vault` and the operator they
    /// count for.
    pub fn rewarded_shares(&self, staker: Address, vault: Address) -> (U256, Address) {
        let (scaled, operator, _) =
            self.staker_record(self.base2(STAKERS, staker.word(), vault.word()));
        (scaled, operator)
    }

    /// `operator`'s scaled shares of `vault`, the sets it allocates it to
    /// (`avs << 32 | set_id`) and the tokens its stakers earn in there, in
    /// the order of their places.
    pub fn operator_vault(
        &self,
        operator: Address,
        vault: Address,
    ) -> (U256, Vec<U256>, Vec<Address>) {
        let base = self.base2(OPERATOR_VAULTS, operator.word(), vault.word());
        let [count, ntok, ..] = *self.at(base, 0).as_limbs();
        let sets = (0..count)
            .map(|j| split_set(self.at(base, 2 + j)).0.into())
            .collect();
        (self.at(base, 1), sets, self.ov_tokens(base, ntok))
    }

    /// Set `(avs, set_id)`'s reward tokens, in the order they first streamed.
    pub fn set_tokens_of(&self, avs: Address, set_id: u32) -> Vec<Address> {
        self.set_tokens(set_word(avs, set_id))
    }
}
