//! The Lrt manager's actions of `Runner::exec`: adding, redelegating and
//! removing operators, restaking, unstaking, completing and adopting
//! withdrawals.

use super::super::*;

impl<'a, P: Protocol> Runner<'a, P> {
    /// The Lrt manager actions (see the module docs).
    pub(super) fn exec_manager(&mut self, action: Action, pre: &Snap) -> Result<Outcome, String> {
        let now = pre.now;
        Ok(match action {
            Action::AddOperator { op } => {
                if self.accts.len() >= usize::from(ACCOUNT_POOL) {
                    return Ok(Outcome::skipped());
                }
                let present = self.account_of(op).is_some();
                let r = self.p.add_operator(op);
                match &r {
                    Ok(k) => {
                        ensure!(!present, "operator {op} added twice");
                        ensure!(
                            usize::from(*k) == self.accts.len(),
                            "sub-account {k} out of order"
                        );
                        self.accts.push(Acct {
                            op,
                            active: true,
                            foreign: false,
                        });
                        self.delegation.insert(Who::Account(*k), Some(op));
                    }
                    Err(e) => ensure!(present, "adding operator {op} was refused: {}", reason(e)),
                }
                Outcome::of(&r)
            }
            Action::Restake { op, asset, pct } => {
                let i = asset.index();
                let own = if asset == Asset::Eth {
                    pre.eth[&Who::Lrt]
                } else {
                    pre.lst[&Who::Lrt]
                };
                let idle = own.saturating_sub(pre.lrt_asset[i].0);
                let amount = md(idle, u(u64::from(pct)), u(100), Rounding::Down).max(u(1));
                let expect =
                    assets_to_shares(amount, totals(pre.vault[i]), Rounding::Down).expect("math");
                let r = self.p.restake(op, asset, amount);
                if let Ok(shares) = &r {
                    exact!(
                        self,
                        *shares == expect,
                        "restaked for {shares} shares, expected {expect}"
                    );
                    ensure!(amount <= idle, "restaked {amount} of {idle} free");
                }
                let mut out = Outcome::of(&r);
                out.rate_drop = RateDrop::Dust;
                out
            }
            Action::Unstake { op, asset, pct } => {
                let Some(k) = self.account_of(op) else {
                    return Ok(Outcome::skipped());
                };
                let acc = Who::Account(k);
                let st = &pre.stakers[&acc];
                let shares = md(
                    st.dshares[asset.index()],
                    u(u64::from(pct)),
                    u(100),
                    Rounding::Down,
                );
                let scaled = scale_for_queue(shares, st.dsf[asset.index()]).expect("math");
                let r = self.p.unstake(op, asset, shares);
                if r.is_ok() {
                    self.new_withdrawals(Some(WKind::Recorded), Some(&[(asset, scaled)]))?;
                }
                let mut out = Outcome::of(&r);
                out.rate_drop = RateDrop::Dust;
                out
            }
            Action::CompleteUnstake { op, pick } => {
                let Some(k) = self.account_of(op) else {
                    return Ok(Outcome::skipped());
                };
                let acc = Who::Account(k);
                let open: Vec<u64> = self
                    .wds
                    .iter()
                    .filter(|(_, w)| !w.completed && w.staker == acc)
                    .map(|(id, _)| *id)
                    .collect();
                let Some(&id) = open.get(usize::from(pick) % open.len().max(1)) else {
                    let r = self.p.complete_unstake(op, u(1 + u64::from(pick)));
                    ensure!(
                        r.is_err(),
                        "completed a withdrawal that is not the sub-account's"
                    );
                    return Ok(Outcome::of(&r));
                };
                let w = self.wds[&id].clone();
                let ws = pre.wd[&id].clone();
                let due = now >= w.claimable_at;
                let mut expect = U256::ZERO;
                for (a, _) in &w.entries {
                    expect += conv(
                        ws.claimable[a.index()],
                        pre.vault[a.index()],
                        Rounding::Down,
                    );
                }
                let r = self.p.complete_unstake(op, u(id));
                match &r {
                    Ok(got) => {
                        ensure!(due, "withdrawal {id} completed before {}", w.claimable_at);
                        exact!(
                            self,
                            *got == expect,
                            "completed for {got}, expected {expect}"
                        );
                        self.wds.get_mut(&id).expect("known").completed = true;
                    }
                    Err(e) => ensure!(!due, "a claimable unstake was refused: {}", reason(e)),
                }
                let mut out = Outcome::of(&r);
                out.rate_drop = RateDrop::Dust;
                out
            }
            Action::Adopt { op } => {
                let Some(k) = self.account_of(op) else {
                    return Ok(Outcome::skipped());
                };
                let acc = Who::Account(k);
                let forced = self
                    .wds
                    .iter()
                    .find(|(_, w)| !w.completed && w.staker == acc && w.kind == WKind::Forced)
                    .map(|(id, _)| *id);
                let id = forced.unwrap_or_else(|| {
                    self.wds
                        .iter()
                        .find(|(_, w)| w.staker == acc)
                        .map(|(id, _)| *id)
                        .unwrap_or(1)
                });
                let r = self.p.adopt(k, u(id));
                match &r {
                    Ok(()) => {
                        ensure!(
                            forced == Some(id),
                            "adopted withdrawal {id}, not a forced one"
                        );
                        self.wds.get_mut(&id).expect("known").kind = WKind::Recorded;
                    }
                    Err(e) => ensure!(
                        forced.is_none(),
                        "adopting the forced withdrawal was refused: {}",
                        reason(e)
                    ),
                }
                Outcome::of(&r)
            }
            Action::RedelegateOperator { op } => {
                let r = self.p.redelegate_operator(op);
                if r.is_ok() {
                    let k = self
                        .account_of(op)
                        .ok_or("redelegated an operator the Lrt does not have")?;
                    ensure!(
                        self.delegation[&Who::Account(k)].is_none(),
                        "redelegated a delegated sub-account"
                    );
                    self.delegation.insert(Who::Account(k), Some(op));
                }
                let mut out = Outcome::of(&r);
                out.rate_drop = RateDrop::Dust;
                out
            }
            Action::RemoveOperator { op } => {
                let k = self.account_of(op);
                let r = self.p.remove_operator(op);
                if r.is_ok() {
                    let k = k.ok_or("removed an operator the Lrt does not have")?;
                    self.accts[usize::from(k)].active = false;
                }
                Outcome::of(&r)
            }
            _ => unreachable!("not a Lrt manager action: {action:?}"),
        })
    }
}
