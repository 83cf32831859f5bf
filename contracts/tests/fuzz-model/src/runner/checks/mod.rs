//! The checks after every step: the invariants of `protocol.md` over one
//! snapshot or a step's two, dispatched from here; the Lrt's books and
//! balances in `books`, a step's effects (slashes, monotone values, the
//! ledgers) in `effects`.

use super::*;

mod books;
mod effects;

impl<'a, P: Protocol> Runner<'a, P> {
    /// Checks that need one snapshot only.
    pub(super) fn check_static(&self, s: &Snap) -> Check {
        self.check_solvency(s)?;
        self.check_stake(s)?;
        self.check_magnitudes(s)?;
        self.check_queue(s)?;
        self.check_books(s)?;
        self.check_positions(s)?;
        self.check_balances(s)?;
        Ok(())
    }

    pub(super) fn check_step(
        &mut self,
        pre: &Snap,
        post: &Snap,
        a: Action,
        out: &Outcome,
    ) -> Check {
        // Invariant 8: an event for every state change, a typed error for
        // every failure (motsu and the EVM undo a failed call's writes; the
        // snapshot comparisons below check nothing moved).
        match &out.result {
            Some(Ok(())) if !out.no_event => {
                let n = self.p.last_events();
                ensure!(
                    n > 0,
                    "invariant 8: a successful {} emitted no event",
                    a.name()
                );
            }
            Some(Err(e)) => ensure!(
                self.p.is_typed_error(e),
                "invariant 8: {} failed without a typed error: {}",
                a.name(),
                reason(e)
            ),
            _ => {}
        }
        if !matches!(a, Action::Warp(_)) {
            ensure!(post.now == pre.now, "the clock moved without a warp");
        }
        ensure!(
            post.withdrawal_count == self.wds.keys().next_back().copied().unwrap_or(0),
            "the registry holds {} withdrawals, the model knows {}",
            post.withdrawal_count,
            self.wds.len()
        );
        let requests = self.reqs.keys().next_back().copied().unwrap_or(0);
        ensure!(
            post.request_count == requests,
            "the Lrt holds {} requests, the model knows {requests}",
            post.request_count
        );
        for (w, d) in &self.delegation {
            ensure!(
                post.stakers[w].delegated == *d,
                "{w:?} is delegated to {:?}, the model says {d:?}",
                post.stakers[w].delegated
            );
        }
        // The slash check first: it moves the model's magnitude history
        // and the burned and redistributed balances.
        self.check_slash(pre, post, out)?;
        self.check_static(post)?;
        self.check_monotone(pre, post, out)?;
        self.check_frozen(post)?;
        self.check_ledgers(pre, post)?;
        Ok(())
    }

    /// Invariant 1: each vault's shares cover every claim on it, and its
    /// assets cover them at the share price.
    pub(super) fn check_solvency(&self, s: &Snap) -> Check {
        for a in Asset::ALL {
            let i = a.index();
            let mut claims = U256::ZERO;
            for st in s.stakers.values() {
                claims += st.withdrawable[i];
            }
            for ws in s.wd.values() {
                claims += ws.pending[i] + ws.claimable[i];
            }
            if a == Asset::Eth {
                claims += s.credit;
            }
            // Slashed shares waiting for their release are owed to the
            // burn or the recipient.
            claims += s.pending[i][0] + s.pending[i][1];
            let (shares, assets) = s.vault[i];
            ensure!(
                shares >= claims,
                "invariant 1: {a:?} vault has {shares} shares for {claims} of claims"
            );
            let worth = conv(claims, s.vault[i], Rounding::Down);
            ensure!(
                assets >= worth,
                "invariant 1: {a:?} vault holds {assets} for claims worth {worth}"
            );
            let held = s.eth.get(&Who::Vault(a)).copied().unwrap_or_default();
            let held = if a == Asset::Eth {
                held
            } else {
                s.lst[&Who::Vault(a)]
            };
            ensure!(
                held == assets,
                "the {a:?} vault reports {assets} but holds {held}"
            );
        }
        Ok(())
    }

    /// Invariant 2: an operator's stake covers its stakers, up to dust.
    pub(super) fn check_stake(&self, s: &Snap) -> Check {
        for op in 0..OPERATORS {
            for a in Asset::ALL {
                let i = a.index();
                let sum: U256 = s
                    .stakers
                    .values()
                    .filter(|st| st.delegated == Some(op))
                    .map(|st| st.withdrawable[i])
                    .sum();
                let stake = s.op[usize::from(op)][i].stake;
                ensure!(
                    stake >= sum,
                    "invariant 2: operator {op} {a:?} stake {stake} < its stakers' {sum}"
                );
                let dust = u(10 * self.steps + 10);
                ensure!(
                    stake - sum <= dust,
                    "invariant 2: operator {op} {a:?} stake {stake} exceeds its stakers' {sum} by more than dust"
                );
            }
        }
        Ok(())
    }

    /// Invariant 3: allocations within the encumbered magnitude, within the
    /// max magnitude; and the magnitude the model's history says.
    pub(super) fn check_magnitudes(&self, s: &Snap) -> Check {
        for op in 0..OPERATORS {
            let o = usize::from(op);
            for a in Asset::ALL {
                let i = a.index();
                let (mut allocated, mut targets) = (0u64, 0u64);
                for set in SetKind::ALL {
                    let (cur, target, _) = s.alloc[o][set.index()][i];
                    allocated += cur;
                    targets += target.max(cur);
                }
                let (enc, max) = (s.enc[o][i], s.op[o][i].mag);
                ensure!(
                    allocated <= enc && targets <= enc && enc <= max && max <= WAD,
                    "invariant 3: operator {op} {a:?}: allocated {allocated}, targets {targets}, encumbered {enc}, max {max}"
                );
                let model = self.magnitude_at(op, a, u64::MAX);
                ensure!(
                    max == model,
                    "operator {op} {a:?} magnitude {max}, the model's {model}"
                );
            }
        }
        Ok(())
    }

    /// Invariant 5: queued shares stay slashable until their delay ends,
    /// valued at the current magnitude until then and at the magnitude when
    /// the delay ended afterwards.
    pub(super) fn check_queue(&self, s: &Snap) -> Check {
        for op in 0..OPERATORS {
            for a in Asset::ALL {
                let model: U256 = self
                    .wds
                    .values()
                    .filter(|w| w.operator == Some(op) && s.now < w.claimable_at)
                    .flat_map(|w| w.entries.iter())
                    .filter(|(x, _)| *x == a)
                    .map(|(_, sc)| *sc)
                    .sum();
                let got = s.op[usize::from(op)][a.index()].queued;
                ensure!(
                    got == model,
                    "invariant 5: operator {op} {a:?} slashable queued {got}, the model's {model}"
                );
            }
        }
        for (id, w) in self.wds.iter().filter(|(_, w)| !w.completed) {
            let ws = &s.wd[id];
            ensure!(
                !ws.completed,
                "withdrawal {id} completed behind the model's back"
            );
            for (a, scaled) in &w.entries {
                let i = a.index();
                let m = |t: u64| w.operator.map_or(WAD, |op| self.magnitude_at(op, *a, t));
                if s.now < w.claimable_at {
                    let want = scaled_to_withdrawable(*scaled, u(m(u64::MAX))).expect("math");
                    ensure!(
                        ws.pending[i] == want && ws.claimable[i].is_zero(),
                        "invariant 5: withdrawal {id} pending {} / claimable {}, expected {want} pending",
                        ws.pending[i],
                        ws.claimable[i]
                    );
                } else {
                    let want =
                        scaled_to_withdrawable(*scaled, u(m(w.claimable_at - 1))).expect("math");
                    ensure!(
                        ws.claimable[i] == want && ws.pending[i].is_zero(),
                        "invariant 5: withdrawal {id} claimable {} / pending {}, expected {want} (magnitude when its delay ended)",
                        ws.claimable[i],
                        ws.pending[i]
                    );
                }
            }
        }
        Ok(())
    }

    /// A claimable withdrawal's value never changes afterwards.
    pub(super) fn check_frozen(&mut self, s: &Snap) -> Check {
        for (id, w) in self.wds.iter_mut().filter(|(_, w)| !w.completed) {
            if s.now < w.claimable_at {
                continue;
            }
            for (a, _) in &w.entries {
                let i = a.index();
                let v = s.wd[id].claimable[i];
                let frozen = *w.frozen[i].get_or_insert(v);
                ensure!(
                    v == frozen,
                    "invariant 5: claimable withdrawal {id} went {frozen} → {v}"
                );
            }
        }
        Ok(())
    }
}
