//! The Lrt holders' actions of `Runner::exec`: deposits, redemption
//! requests, finalization, cancellation, claims, instant redemptions,
//! transfers.

use super::super::*;

impl<'a, P: Protocol> Runner<'a, P> {
    /// The Lrt holder actions (see the module docs).
    pub(super) fn exec_lrt(&mut self, action: Action, pre: &Snap) -> Result<Outcome, String> {
        let now = pre.now;
        Ok(match action {
            Action::LrtDeposit { who, asset, amount } => {
                if asset == Asset::Eth && amount > self.has(who, asset) {
                    return Ok(Outcome::skipped());
                }
                let i = asset.index();
                let value = to_eth(amount, pre.asset_rate[i], Rounding::Down);
                let (bv, bs) = (pre.books.0, pre.books.1);
                let expect =
                    assets_to_shares(value, totals((bs, bv)), Rounding::Down).expect("math");
                let should = amount <= self.has(who, asset)
                    && !expect.is_zero()
                    && pre.val.per_asset[i] + amount <= e18(CAP);
                let r = self.p.lrt_deposit(who, asset, amount);
                match &r {
                    Ok(shares) => {
                        exact!(
                            self,
                            *shares == expect,
                            "minted {shares} LRT, expected {expect}"
                        );
                        self.pay(who, asset, amount)?;
                        *self.lrt_bal.entry(who).or_default() += *shares;
                        *self.lrt_in.entry(who).or_default() += value;
                    }
                    Err(e) => ensure!(!should, "a valid mint was refused: {}", reason(e)),
                }
                Outcome::of(&r)
            }
            Action::LrtRequest { who, asset, pct } => {
                let i = asset.index();
                let held = self.lrt_bal[&who];
                let shares = md(held, u(u64::from(pct)), u(100), Rounding::Down);
                let max_value = exit_value(shares, pre.books.0, pre.books.1);
                let payable = to_eth(pre.val.per_asset[i], pre.asset_rate[i], Rounding::Down)
                    .saturating_sub(pre.lrt_asset[i].1);
                let should = !shares.is_zero() && max_value <= payable;
                let r = self.p.lrt_request(who, shares, asset);
                match &r {
                    Ok(id) => {
                        ensure!(
                            max_value <= payable,
                            "a request beyond what the asset holds was accepted"
                        );
                        let id: u64 = id.saturating_to();
                        let info = self.p.lrt_request_info(id);
                        let want = RequestInfo {
                            owner: who,
                            asset,
                            status: 1,
                            shares,
                            max_value,
                            assets: U256::ZERO,
                        };
                        exact!(
                            self,
                            info == want,
                            "request {id}: {info:?}, expected {want:?}"
                        );
                        let (at, fin) = self.p.lrt_request_time(id);
                        ensure!(
                            (at, fin) == (now, now + REDEEM_DELAY),
                            "request {id} times {at}, {fin}"
                        );
                        *self.lrt_bal.get_mut(&who).expect("wallet") -= shares;
                        self.reqs.insert(
                            id,
                            Req {
                                owner: who,
                                asset,
                                shares,
                                max_value,
                                status: 1,
                                assets: U256::ZERO,
                                finalizable_at: fin,
                                final_value: U256::ZERO,
                            },
                        );
                    }
                    Err(e) => ensure!(!should, "a valid request was refused: {}", reason(e)),
                }
                Outcome::of(&r)
            }
            Action::LrtFinalize { pick } => {
                let Some(id) = self.pick_request(pick, 1) else {
                    let id = u(1 + u64::from(pick));
                    let r = self.p.lrt_finalize(id);
                    let known = self.reqs.get(&id.saturating_to()).map(|q| q.status);
                    ensure!(
                        r.is_err() || known == Some(1),
                        "finalized request {id} in status {known:?}"
                    );
                    return Ok(Outcome::of(&r));
                };
                let q = self.reqs[&id].clone();
                let i = q.asset.index();
                let value = exit_value(q.shares, pre.books.0, pre.books.1).min(q.max_value);
                let assets = from_eth(value, pre.asset_rate[i], Rounding::Down);
                let free = pre.val.idle_gross[i].saturating_sub(pre.lrt_asset[i].0);
                let due = now >= q.finalizable_at;
                let should = due && free >= assets;
                let r = self.p.lrt_finalize(u(id));
                match &r {
                    Ok(paid) => {
                        ensure!(due, "finalized at {now} before {}", q.finalizable_at);
                        exact!(
                            self,
                            *paid == assets,
                            "finalized for {paid}, expected {assets}"
                        );
                        let q = self.reqs.get_mut(&id).expect("known");
                        q.status = 2;
                        q.assets = assets;
                        q.final_value = to_eth(assets, pre.asset_rate[i], Rounding::Down);
                    }
                    Err(e) => ensure!(!should, "a finalizable request was refused: {}", reason(e)),
                }
                Outcome::of(&r)
            }
            Action::LrtCancel { pick } => {
                let Some(id) = self.pick_request(pick, 1) else {
                    return Ok(Outcome::skipped());
                };
                let q = self.reqs[&id].clone();
                let value = exit_value(q.shares, pre.books.0, pre.books.1).min(q.max_value);
                // At the books without the request: its claim and shares out.
                let others = pre.books.1 - q.shares;
                let rest = pre.books.0.saturating_sub(value);
                let reminted = if others.is_zero() || rest.is_zero() {
                    q.shares
                } else {
                    shares_for(value, rest, others).min(q.shares)
                };
                let r = self.p.lrt_cancel(q.owner, u(id));
                match &r {
                    Ok(got) => {
                        exact!(
                            self,
                            *got == reminted,
                            "re-minted {got}, expected {reminted}"
                        );
                        *self.lrt_bal.get_mut(&q.owner).expect("wallet") += reminted;
                        self.reqs.get_mut(&id).expect("known").status = 4;
                    }
                    Err(e) => return Err(format!("the owner's cancel was refused: {}", reason(e))),
                }
                Outcome::of(&r)
            }
            Action::LrtClaim { pick } => {
                let Some(id) = self.pick_request(pick, 2) else {
                    return Ok(Outcome::skipped());
                };
                let q = self.reqs[&id].clone();
                let r = self.p.lrt_claim(q.owner, u(id));
                match &r {
                    Ok(got) => {
                        exact!(
                            self,
                            *got == q.assets,
                            "claimed {got}, finalized for {}",
                            q.assets
                        );
                        self.receive(q.owner, q.asset, q.assets);
                        *self.lrt_out.entry(q.owner).or_default() += q.final_value;
                        self.reqs.get_mut(&id).expect("known").status = 3;
                    }
                    Err(e) => {
                        return Err(format!("a claimable request was refused: {}", reason(e)))
                    }
                }
                Outcome::of(&r)
            }
            Action::LrtInstant { who, asset, pct } => {
                let i = asset.index();
                let shares = md(
                    self.lrt_bal[&who],
                    u(u64::from(pct)),
                    u(100),
                    Rounding::Down,
                );
                let gross = exit_value(shares, pre.books.0, pre.books.1);
                let fee = md(gross, u(INSTANT_FEE_BPS), u(10_000), Rounding::Up);
                let out_value = gross - fee;
                let out = from_eth(out_value, pre.asset_rate[i], Rounding::Down);
                let r = self.p.lrt_instant(who, shares, asset);
                if let Ok(got) = &r {
                    exact!(self, *got == out, "paid {got}, expected {out}");
                    let free = pre.val.idle_gross[i].saturating_sub(pre.lrt_asset[i].0);
                    ensure!(out <= free, "paid {out} from {free} of free liquidity");
                    self.receive(who, asset, out);
                    *self.lrt_bal.get_mut(&who).expect("wallet") -= shares;
                    *self.lrt_out.entry(who).or_default() +=
                        to_eth(out, pre.asset_rate[i], Rounding::Down);
                }
                Outcome::of(&r)
            }
            Action::LrtCheckpoint { who } => {
                let r = self.p.lrt_checkpoint(who);
                if let Err(e) = &r {
                    return Err(format!("a checkpoint was refused: {}", reason(e)));
                }
                let mut out = Outcome::of(&r);
                // `RateObserved` only when an observation is due; keeping the
                // books is a cache of what the views already answer.
                out.no_event = true;
                out
            }
            Action::LrtTransfer { from, to, pct } => {
                let shares = md(
                    self.lrt_bal[&from],
                    u(u64::from(pct)),
                    u(100),
                    Rounding::Down,
                );
                let r = self.p.lrt_transfer(from, to, shares);
                match &r {
                    Ok(()) => {
                        let v = exit_value(shares, pre.books.0, pre.books.1);
                        *self.lrt_bal.get_mut(&from).expect("wallet") -= shares;
                        *self.lrt_bal.get_mut(&to).expect("wallet") += shares;
                        *self.lrt_out.entry(from).or_default() += v;
                        *self.lrt_in.entry(to).or_default() += v;
                        *self.lrt_allow.entry(from).or_default() += u(2);
                        *self.lrt_allow.entry(to).or_default() += u(2);
                    }
                    Err(e) => {
                        return Err(format!(
                            "a transfer within balance was refused: {}",
                            reason(e)
                        ))
                    }
                }
                Outcome::of(&r)
            }
            _ => unreachable!("not a Lrt holder action: {action:?}"),
        })
    }
}
