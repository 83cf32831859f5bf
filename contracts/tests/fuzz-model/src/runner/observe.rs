//! Observation: the snapshot of everything the checks read (once per
//! step), and the Lrt's books recomputed from the registry, the vaults and
//! the balances.

use super::*;

impl<'a, P: Protocol> Runner<'a, P> {
    pub(super) fn observe(&mut self) -> Snap {
        let p = &*self.p;
        let mut s = Snap {
            now: p.now(),
            credit: p.slashed_credit(),
            books: p.books(),
            supply: p.lrt_total_supply(),
            lrt_rate: p.lrt_rate(),
            lrt_ops: p.lrt_operators(),
            lst_rate: p.lst_rate(),
            oracle_rate: p.oracle_rate(),
            oracle_source: p.rate_source_is_oracle(),
            last_slash_id: p.last_slash_id(),
            epoch: p.slash_epoch(),
            withdrawal_count: p.withdrawal_count(),
            request_count: p.lrt_request_count(),
            ..Snap::default()
        };
        for a in Asset::ALL {
            let i = a.index();
            s.vault[i] = p.vault_totals(a);
            s.pending[i] = [p.slashed_pending(a, false), p.slashed_pending(a, true)];
            s.lrt_asset[i] = p.lrt_asset(a);
            s.asset_rate[i] = p.asset_rate(a);
        }
        for w in self.stakers() {
            let mut st = StakerSnap {
                delegated: p.delegated_to(w),
                ..StakerSnap::default()
            };
            for a in Asset::ALL {
                st.dshares[a.index()] = p.deposit_shares(a, w);
                st.rshares[a.index()] = p.registry_deposit_shares(a, w);
                st.withdrawable[a.index()] = p.withdrawable(w, a);
                st.dsf[a.index()] = p.scaling_factor(w, a);
            }
            s.stakers.insert(w, st);
        }
        for op in 0..OPERATORS {
            let o = usize::from(op);
            for a in Asset::ALL {
                s.op[o][a.index()] = OpVault {
                    stake: p.operator_stake(op, a),
                    mag: p.max_magnitude(op, a),
                    queued: p.slashable_queued(op, a),
                };
                s.enc[o][a.index()] = p.encumbered(op, a);
            }
            for set in SetKind::ALL {
                s.cap[o][set.index()] = p.cap_used(op, set);
                s.until[o][set.index()] = p.slashable_until(op, set);
                for a in Asset::ALL {
                    s.alloc[o][set.index()][a.index()] = p.allocation(op, set, a);
                }
            }
        }
        for (id, w) in self.wds.iter().filter(|(_, w)| !w.completed) {
            let info = p.withdrawal(*id);
            let mut ws = WdSnap {
                completed: info.completed,
                ..WdSnap::default()
            };
            for (a, _) in &w.entries {
                ws.pending[a.index()] = p.pending_shares(*id, *a);
                ws.claimable[a.index()] = p.claimable_shares(*id, *a);
            }
            s.wd.insert(*id, ws);
        }
        for w in 0..WALLETS {
            s.lrt_bal
                .insert(Who::Wallet(w), p.lrt_balance(Who::Wallet(w)));
        }
        for k in 0..self.accts.len() as u8 {
            s.acct.insert(
                k,
                AcctSnap {
                    open: p.account_open_withdrawals(k),
                    snapshot: p.account_snapshot(k),
                    values: p.account_values(k),
                    operator: p.account_operator(k),
                },
            );
        }
        let mut who: Vec<Who> = Who::actors();
        who.extend([
            Who::Lrt,
            Who::Burn,
            Who::Vault(Asset::Eth),
            Who::Vault(Asset::Lst),
        ]);
        who.extend((0..self.accts.len() as u8).map(Who::Account));
        for w in who {
            s.eth.insert(w, p.eth_balance(w));
            s.lst.insert(w, p.lst_balance(w));
        }
        s.key = (s.epoch, s.lrt_ops.len(), self.accts.len());
        s.full = self.valuation(&s);
        s.val = self.seen(&s);
        s
    }

    /// The Lrt's books recomputed independently: idle balances, and per
    /// active sub-account its registry position, the withdrawals the model
    /// knows it records, and (for the book figure) a forced withdrawal at
    /// its snapshot, as the Lrt values them; (for the true figure) at the
    /// registry's views.
    pub(super) fn valuation(&self, s: &Snap) -> Valuation {
        let mut v = Valuation::default();
        for (k, acct) in self.accts.iter().enumerate() {
            if acct.active {
                v.accounts_eth += s.eth[&Who::Account(k as u8)];
            }
        }
        for (k, acct) in self.accts.iter().enumerate() {
            if !acct.active {
                continue;
            }
            let k = k as u8;
            let who = Who::Account(k);
            let st = &s.stakers[&who];
            let acs = &s.acct[&k];
            let mut book = [U256::ZERO; 2];
            let mut truth = [U256::ZERO; 2];
            for a in Asset::ALL {
                let i = a.index();
                truth[i] = conv(st.withdrawable[i], s.vault[i], Rounding::Down);
                // F-2: the live position counts as far as the Lrt recorded it
                // (its snapshot at the operator's magnitude), and only while
                // the account is delegated to its operator.
                if let Some(op) = acs.operator.filter(|op| st.delegated == Some(*op)) {
                    if let Some((_, scaled)) = acs.snapshot.iter().find(|(b, _)| *b == a) {
                        let m = s.op[usize::from(op)][i].mag;
                        let cap = scaled_to_withdrawable(*scaled, u(m)).expect("math");
                        book[i] = conv(st.withdrawable[i].min(cap), s.vault[i], Rounding::Down);
                    }
                }
            }
            for (id, w) in &self.wds {
                if w.completed || w.staker != who {
                    continue;
                }
                let ws = &s.wd[id];
                for a in Asset::ALL {
                    let i = a.index();
                    let worth = conv(ws.pending[i] + ws.claimable[i], s.vault[i], Rounding::Down);
                    truth[i] += worth;
                    if w.kind == WKind::Recorded {
                        book[i] += worth;
                    }
                }
            }
            if !acs.snapshot.is_empty() && st.delegated != acs.operator {
                if let Some(op) = acs.operator {
                    for (a, scaled) in &acs.snapshot {
                        let m = s.op[usize::from(op)][a.index()].mag;
                        let shares = scaled_to_withdrawable(*scaled, u(m)).expect("math");
                        book[a.index()] += conv(shares, s.vault[a.index()], Rounding::Down);
                    }
                }
            }
            for a in Asset::ALL {
                v.restaked[a.index()] += book[a.index()];
            }
            v.book.insert(k, book);
            v.truth.insert(k, truth);
        }
        assemble(s, &mut v);
        v
    }

    /// The books the Lrt values with (#15): the kept ones, when the model
    /// knows it kept them under the key that stands now (and it has a
    /// sub-account), else the full revaluation.
    pub(super) fn seen(&self, s: &Snap) -> Valuation {
        match self.kept {
            Some(k) if k.key == s.key && !s.lrt_ops.is_empty() => {
                let mut v = s.full.clone();
                v.restaked = k.restaked;
                v.accounts_eth = k.accounts_eth;
                v.kept = true;
                assemble(s, &mut v);
                v
            }
            _ => s.full.clone(),
        }
    }

    /// Follows what the Lrt keeps through step `a` (#15): a manager move
    /// and a checkpoint keep the full books after them; a holder's mint or
    /// exit keeps the full books before it when the key had moved, and
    /// books the sub-accounts' ETH it paid out. Then the step's books as
    /// the Lrt sees them.
    pub(super) fn follow_kept(&mut self, a: Action, out: &Outcome, pre: &Snap, post: &mut Snap) {
        if out.ok() {
            match a {
                Action::Restake { .. }
                | Action::Unstake { .. }
                | Action::CompleteUnstake { .. }
                | Action::RedelegateOperator { .. }
                | Action::RemoveOperator { .. }
                | Action::LrtCheckpoint { .. } => self.kept = Some(Kept::of(&post.full, post.key)),
                Action::LrtDeposit { .. }
                | Action::LrtRequest { .. }
                | Action::LrtFinalize { .. }
                | Action::LrtCancel { .. }
                | Action::LrtClaim { .. }
                | Action::LrtInstant { .. }
                    if !pre.lrt_ops.is_empty() =>
                {
                    let mut k = match self.kept {
                        Some(k) if k.key == pre.key => k,
                        _ => Kept::of(&pre.full, pre.key),
                    };
                    let paid = pre.full.accounts_eth.saturating_sub(post.full.accounts_eth);
                    k.accounts_eth = k.accounts_eth.saturating_sub(paid);
                    self.kept = Some(k);
                }
                _ => {}
            }
        }
        post.val = self.seen(post);
    }
}

/// The value, idle figures and holdings from the parts of `v` (its
/// sub-accounts' positions and ETH) and the Lrt's own balances, reserves
/// and rates in `s`: the Lrt's arithmetic, per asset rounded down, the
/// reserves up.
fn assemble(s: &Snap, v: &mut Valuation) {
    v.idle_gross = [s.eth[&Who::Lrt] + v.accounts_eth, s.lst[&Who::Lrt]];
    let mut idle = U256::ZERO;
    let mut reserved = U256::ZERO;
    let mut restaked = U256::ZERO;
    for a in Asset::ALL {
        let i = a.index();
        let r = s.asset_rate[i];
        idle += to_eth(v.idle_gross[i], r, Rounding::Down);
        reserved += to_eth(s.lrt_asset[i].0, r, Rounding::Up);
        restaked += to_eth(v.restaked[i], r, Rounding::Down);
        v.per_asset[i] = (v.restaked[i] + v.idle_gross[i]).saturating_sub(s.lrt_asset[i].0);
    }
    v.value = (idle + restaked).saturating_sub(reserved);
    v.idle = idle.saturating_sub(reserved);
}
