//! Weights and their accumulators: the registry's and the manager's hooks,
//! the operator-vault and staker settlements every stake change runs first,
//! commissions, and the permissionless `sync`.

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
use restake_interfaces::rewards::*;
use restake_kit::{abi::Word, call, storage::from_address};
use restake_math::{
    add, mul_div,
    rewards::{earned, split_commission, ACC_SCALE},
    sub, Rounding,
};
use stylus_sdk::prelude::*;

use crate::storage::*;
use crate::{
    set_of, set_word, Error, Rewards, COMMISSION_MARGIN, DEFAULT_COMMISSION_BPS,
    MAX_COMMISSION_BPS, MAX_SETS, MAX_TOKENS,
};

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

/// An operator-vault pair after settlement: its record, sets, tokens,
/// scaled shares and reward per scaled share, and the commission it
/// credited (for a view's simulation).
pub(crate) struct OperatorVault {
    pub(crate) base: U256,
    pub(crate) sets: Vec<B256>,
    pub(crate) bits: u64,
    pub(crate) scaled: U256,
    pub(crate) rps: [U256; MAX_TOKENS as usize],
    pub(crate) commission: [U256; MAX_TOKENS as usize],
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
    /// its last settlement into `(commission, stakers' part)` per token.
    /// Writes the streams and the credited accumulators when `commit`.
    fn settle_allocation(
        &self,
        operator: Address,
        skey: B256,
        vault: Address,
        now: u64,
        commit: bool,
    ) -> Result<(u64, [(U256, U256); MAX_TOKENS as usize]), Error> {
        let base = self.slot3(ALLOCATIONS, operator.word(), skey, vault.word());
        let weight = self.at(base, 1);
        let total = self.set_weight(skey);
        let (bits, _) = self.set_meta(skey);
        let (bps, _, _) = self.commission_word(operator, skey);
        let mut out = [(U256::ZERO, U256::ZERO); MAX_TOKENS as usize];
        for ti in token_indices(bits) {
            let acc = self.advance(skey, ti, total, now, commit)?.acc;
            let credited = self.at(base, 2 + ti);
            let amount = earned(weight, acc, credited)?;
            out[ti as usize] = split_commission(amount, bps)?;
            if commit && acc != credited {
                self.put(base, 2 + ti, acc);
            }
        }
        Ok((bits, out))
    }

    /// Settles every allocation of `(operator, vault)` and folds the
    /// stakers' parts into its reward per scaled share (down), crediting the
    /// commission to the operator. Writes when `commit`.
    pub(crate) fn settle_operator_vault(
        &self,
        operator: Address,
        vault: Address,
        now: u64,
        commit: bool,
    ) -> Result<OperatorVault, Error> {
        let base = self.base2(OPERATOR_VAULTS, operator.word(), vault.word());
        let [count, mut bits, ..] = *self.at(base, 0).as_limbs();
        let scaled = self.at(base, 1);
        let sets: Vec<B256> = (0..count)
            .map(|j| B256::from(self.at(base, 2 + j)))
            .collect();
        let mut rps = [U256::ZERO; MAX_TOKENS as usize];
        let mut commission = [U256::ZERO; MAX_TOKENS as usize];
        for ti in token_indices(bits) {
            rps[ti as usize] = self.at(base, RPS_AT + ti);
        }
        let before = (rps, bits);
        for &skey in &sets {
            let (set_bits, out) = self.settle_allocation(operator, skey, vault, now, commit)?;
            bits |= set_bits;
            for ti in token_indices(set_bits) {
                let (cut, rest) = out[ti as usize];
                commission[ti as usize] = add(commission[ti as usize], cut)?;
                if !rest.is_zero() && !scaled.is_zero() {
                    // Down: the stakers together are credited at most `rest`.
                    let per_share = mul_div(rest, ACC_SCALE, scaled, Rounding::Down)?;
                    rps[ti as usize] = add(rps[ti as usize], per_share)?;
                }
            }
        }
        if commit {
            for ti in token_indices(bits) {
                if rps[ti as usize] != before.0[ti as usize] {
                    self.put(base, RPS_AT + ti, rps[ti as usize]);
                }
                self.credit(operator, ti, commission[ti as usize])?;
            }
            if bits != before.1 {
                self.put(base, 0, U256::from_limbs([count, bits, 0, 0]));
            }
        }
        Ok(OperatorVault {
            base,
            sets,
            bits,
            scaled,
            rps,
            commission,
        })
    }

    /// Adds `amount` to `earner`'s settled claimable `ti`.
    pub(crate) fn credit(&self, earner: Address, ti: u64, amount: U256) -> Result<(), Error> {
        if amount.is_zero() {
            return Ok(());
        }
        let slot = self.slot2(ACCRUED, earner.word(), index_word(ti));
        self.sstore(slot, add(self.sload(slot), amount)?);
        Ok(())
    }

    /// Recomputes the weight of `(operator, skey, vault)` from the
    /// operator's `scaled` shares, the allocation in force at `now` and the
    /// set's multiplier, and moves the set's total by the difference. Call
    /// only right after settling it. Returns whether the allocation is now
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
        let magnitude = U256::from(applied.as_limbs()[0]);
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
    /// and reweighs each of its allocations at them.
    fn reweigh_all(
        &self,
        operator: Address,
        vault: Address,
        ov: &OperatorVault,
        scaled: U256,
        now: u64,
    ) -> Result<Vec<B256>, Error> {
        if scaled != ov.scaled {
            self.put(ov.base, 1, scaled);
        }
        let mut kept = Vec::with_capacity(ov.sets.len());
        for &skey in &ov.sets {
            if !self.reweigh(operator, skey, vault, scaled, now)? {
                kept.push(skey);
            }
        }
        if kept.len() != ov.sets.len() {
            // A deallocation that took effect frees its place in the list.
            self.store_sets(ov.base, &kept, ov.bits);
        }
        Ok(kept)
    }

    /// Settles `staker`'s position in `vault`: what its scaled shares
    /// earned under its operator since its last settlement, per token.
    /// Credits it and moves its debts when `commit`. Returns the staker's
    /// `(scaled, operator)`, the operator-vault settlement (if delegated)
    /// and the amounts.
    pub(crate) fn settle_staker(
        &self,
        staker: Address,
        vault: Address,
        now: u64,
        commit: bool,
    ) -> Result<
        (
            U256,
            Address,
            Option<OperatorVault>,
            [U256; MAX_TOKENS as usize],
        ),
        Error,
    > {
        let base = self.base2(STAKERS, staker.word(), vault.word());
        let scaled = self.at(base, 0);
        let operator = self.load_address(offset1(base));
        let mut amounts = [U256::ZERO; MAX_TOKENS as usize];
        if operator.is_zero() {
            return Ok((scaled, operator, None, amounts));
        }
        let ov = self.settle_operator_vault(operator, vault, now, commit)?;
        for ti in token_indices(ov.bits) {
            let rps = ov.rps[ti as usize];
            let debt = self.at(base, 2 + ti);
            amounts[ti as usize] = earned(scaled, rps, debt)?;
            if commit && rps != debt {
                self.put(base, 2 + ti, rps);
                self.credit(staker, ti, amounts[ti as usize])?;
            }
        }
        Ok((scaled, operator, Some(ov), amounts))
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
            if let Some(ov) = old_ov {
                // Leaving: the whole position goes (dust included).
                let left = ov.scaled.saturating_sub(old_scaled);
                self.reweigh_all(old_operator, vault, &ov, left, now)?;
            }
            self.put(base, 1, from_address(operator));
            (U256::ZERO, None)
        };
        let scaled = if increase {
            add(kept, delta)?
        } else {
            kept.saturating_sub(delta)
        };
        if !operator.is_zero() {
            let ov = match rest_ov {
                Some(ov) => ov,
                None => self.settle_operator_vault(operator, vault, now, true)?,
            };
            let total = add(ov.scaled.saturating_sub(kept), scaled)?;
            self.reweigh_all(operator, vault, &ov, total, now)?;
            if !same {
                // Joining: debts start at the operator's current accumulators.
                for ti in 0..MAX_TOKENS {
                    let rps = ov.rps[ti as usize];
                    if self.at(base, 2 + ti) != rps {
                        self.put(base, 2 + ti, rps);
                    }
                }
            }
            self.know_vault(vault)?;
        }
        self.put(base, 0, scaled);
        self.emit_event(&StakerWeightUpdated {
            staker,
            operator,
            vault,
            scaled,
        });
        Ok(())
    }

    /// Records `vault` in the list of vaults the hooks have named (at most
    /// [`crate::MAX_VAULTS`]; the registry whitelists at most 8), once:
    /// `claim` and `claimable` look for an earner's positions there, so no
    /// list is kept per earner.
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
        Ok(())
    }

    /// The vaults the hooks have named.
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
        ov.sets = self.reweigh_all(operator, vault, &ov, ov.scaled, now)?;
        if !ov.sets.contains(&skey) {
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
            ov.sets.push(skey);
            self.store_sets(ov.base, &ov.sets, ov.bits);
            self.know_vault(vault)?;
        }
        let base = self.slot3(ALLOCATIONS, operator.word(), skey, vault.word());
        self.put(base, 0, allocation);
        let ended = self.reweigh(operator, skey, vault, ov.scaled, now)?;
        if ended {
            if let Some(j) = ov.sets.iter().position(|&s| s == skey) {
                ov.sets.swap_remove(j);
                self.store_sets(ov.base, &ov.sets, ov.bits);
            }
        }
        Ok(())
    }

    fn store_sets(&self, base: U256, sets: &[B256], bits: u64) {
        self.put(base, 0, U256::from_limbs([sets.len() as u64, bits, 0, 0]));
        for (j, skey) in (0u64..).zip(sets) {
            self.put(base, 2 + j, (*skey).into());
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
            if (0..count).any(|j| B256::from(self.at(base, 2 + j)) == skey) {
                let ov = self.settle_operator_vault(operator, vault, now, true)?;
                self.reweigh_all(operator, vault, &ov, ov.scaled, now)?;
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
        let base = self.base2(STAKERS, staker.word(), vault.word());
        (self.at(base, 0), self.load_address(offset1(base)))
    }

    /// `operator`'s scaled shares of `vault` and the sets it allocates it to.
    pub fn operator_vault(&self, operator: Address, vault: Address) -> (U256, Vec<U256>) {
        let base = self.base2(OPERATOR_VAULTS, operator.word(), vault.word());
        let count = low(self.at(base, 0));
        let sets = (0..count).map(|j| self.at(base, 2 + j)).collect();
        let _ = set_of;
        (self.at(base, 1), sets)
    }
}

fn offset1(base: U256) -> U256 {
    restake_kit::storage::offset(base, 1)
}
