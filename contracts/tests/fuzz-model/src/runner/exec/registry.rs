//! The vault and registry actions of `Runner::exec`: deposits,
//! delegations, undelegations (forced too), redelegations, queued
//! withdrawals and their completion, each checked against the model.

use super::super::*;

impl<'a, P: Protocol> Runner<'a, P> {
    /// The vault and registry actions (see the module docs).
    pub(super) fn exec_registry(&mut self, action: Action, pre: &Snap) -> Result<Outcome, String> {
        let now = pre.now;
        Ok(match action {
            Action::VaultDeposit { who, asset, amount } => {
                if asset == Asset::Eth && amount > self.has(who, asset) {
                    return Ok(Outcome::skipped());
                }
                let i = asset.index();
                let expect =
                    assets_to_shares(amount, totals(pre.vault[i]), Rounding::Down).expect("math");
                let dead =
                    self.delegation[&who].is_some_and(|o| pre.op[usize::from(o)][i].mag == 0);
                let should = amount <= self.has(who, asset)
                    && !expect.is_zero()
                    && !dead
                    && pre.vault[i].1 + amount <= e18(CAP);
                let r = self.p.vault_deposit(who, asset, amount, who);
                match &r {
                    Ok(shares) => {
                        exact!(
                            self,
                            *shares == expect,
                            "minted {shares} shares, expected {expect}"
                        );
                        self.pay(who, asset, amount)?;
                        *self.vault_in.entry((who, i)).or_default() += amount;
                    }
                    Err(e) => ensure!(!should, "a valid deposit was refused: {}", reason(e)),
                }
                Outcome::of(&r)
            }
            Action::Delegate { who, op } => {
                let st = &pre.stakers[&who];
                let should = self.delegation[&who].is_none()
                    && Asset::ALL.iter().all(|a| {
                        st.dshares[a.index()].is_zero()
                            || pre.op[usize::from(op)][a.index()].mag > 0
                    });
                let r = self.p.delegate(who, op);
                match &r {
                    Ok(()) => {
                        ensure!(self.delegation[&who].is_none(), "delegated twice");
                        self.delegation.insert(who, Some(op));
                    }
                    Err(e) => ensure!(!should, "a valid delegation was refused: {}", reason(e)),
                }
                Outcome::of(&r)
            }
            Action::Undelegate { who } => {
                let expected = self.whole_position(pre, who);
                let should = self.delegation[&who].is_some();
                let r = self.p.undelegate(who, who);
                self.after_undelegation(&r, who, should, None, expected)?;
                Outcome::of(&r)
            }
            Action::ForceUndelegate {
                by_approver,
                target,
            } => {
                let (staker, kind) = match target {
                    Target::Wallet(w) => (Who::Wallet(w), None),
                    Target::LrtAccountOf(op) => match self.account_of(op) {
                        Some(k) => (Who::Account(k), Some(WKind::Forced)),
                        None => return Ok(Outcome::skipped()),
                    },
                };
                let delegated = self.delegation[&staker];
                let caller = if by_approver {
                    Who::Approver
                } else {
                    Who::Operator(delegated.unwrap_or(0))
                };
                let should =
                    delegated.is_some() && (!by_approver || delegated == Some(APPROVED_OPERATOR));
                let expected = self.whole_position(pre, staker);
                let r = self.p.undelegate(caller, staker);
                self.after_undelegation(&r, staker, should, kind, expected)?;
                // H-1 and F-2: a forced undelegation of a sub-account moves
                // nothing in the Lrt's books (no rate drop at all), a
                // stranger's deposit for it included: that was never counted.
                Outcome::of(&r)
            }
            Action::Redelegate { who, op } => {
                let expected = self.whole_position(pre, who);
                let should = self.delegation[&who].is_some();
                let r = self.p.redelegate(who, op);
                self.after_undelegation(&r, who, should, None, expected)?;
                if r.is_ok() {
                    self.delegation.insert(who, Some(op));
                }
                Outcome::of(&r)
            }
            Action::Queue { who, mask, pct } => {
                let st = &pre.stakers[&who];
                let mut entries = Vec::new();
                let mut scaled = Vec::new();
                for a in assets_of(mask) {
                    let shares = md(
                        st.dshares[a.index()],
                        u(u64::from(pct)),
                        u(100),
                        Rounding::Down,
                    );
                    entries.push((a, shares));
                    scaled.push((a, scale_for_queue(shares, st.dsf[a.index()]).expect("math")));
                }
                if entries.iter().any(|(_, s)| !s.is_zero()) {
                    let keep: Vec<bool> = entries.iter().map(|(_, s)| !s.is_zero()).collect();
                    let mut k = keep.iter();
                    entries.retain(|_| *k.next().unwrap());
                    let mut k = keep.iter();
                    scaled.retain(|_| *k.next().unwrap());
                }
                let should = entries.iter().all(|(_, s)| !s.is_zero());
                let r = self.p.queue_withdrawal(who, &entries);
                match &r {
                    Ok(_) => self.new_withdrawals(None, Some(&scaled))?,
                    Err(e) => ensure!(!should, "a valid queue was refused: {}", reason(e)),
                }
                Outcome::of(&r)
            }
            Action::Complete {
                who,
                pick,
                as_tokens,
            } => {
                let mut mine: Vec<u64> = self
                    .wds
                    .iter()
                    .filter(|(_, w)| !w.completed && w.staker == who)
                    .map(|(id, _)| *id)
                    .collect();
                // `who` has none: on an even pick, the staker of an open
                // wallet or operator withdrawal completes its own (else a
                // completion would need the right one of six stakers and
                // the delay both, and barely ever happen in CI's budget).
                let mut who = who;
                if mine.is_empty() && pick % 2 == 0 {
                    let open: Vec<(u64, Who)> = self
                        .wds
                        .iter()
                        .filter(|(_, w)| {
                            !w.completed && matches!(w.staker, Who::Wallet(_) | Who::Operator(_))
                        })
                        .map(|(id, w)| (*id, w.staker))
                        .collect();
                    if let Some(&(id, staker)) = open.get(usize::from(pick / 2) % open.len().max(1))
                    {
                        who = staker;
                        mine = vec![id];
                    }
                }
                let Some(&id) = mine.get(usize::from(pick) % mine.len().max(1)) else {
                    // Someone else's (or no) withdrawal: refused.
                    let id = u(1 + u64::from(pick) % (self.wds.len() as u64 + 1));
                    let r = self.p.complete_withdrawal(who, id, as_tokens);
                    ensure!(r.is_err(), "completed withdrawal {id}, not {who:?}'s");
                    return Ok(Outcome::of(&r));
                };
                let w = self.wds[&id].clone();
                let ws = pre.wd[&id].clone();
                let due = now >= w.claimable_at;
                let r = self.p.complete_withdrawal(who, u(id), as_tokens);
                match &r {
                    Ok(()) => {
                        // Invariant 5: nothing leaves before the delay.
                        ensure!(
                            due,
                            "withdrawal {id} completed at {now}, claimable at {}",
                            w.claimable_at
                        );
                        for (a, _) in &w.entries {
                            let i = a.index();
                            let shares = ws.claimable[i];
                            if as_tokens {
                                let assets = conv(shares, pre.vault[i], Rounding::Down);
                                self.receive(who, *a, assets);
                                *self.vault_out.entry((who, i)).or_default() += assets;
                            } else {
                                let after = self.p.deposit_shares(*a, who);
                                exact!(
                                    self,
                                    after == pre.stakers[&who].dshares[i] + shares,
                                    "completing as shares credited {} for {shares}",
                                    after - pre.stakers[&who].dshares[i]
                                );
                            }
                        }
                        self.wds.get_mut(&id).expect("known").completed = true;
                    }
                    Err(e) => ensure!(
                        !(due && as_tokens),
                        "a claimable withdrawal {id} was refused: {}",
                        reason(e)
                    ),
                }
                Outcome::of(&r)
            }
            _ => unreachable!("not a vault and registry action: {action:?}"),
        })
    }
}
