//! The world's actions of `Runner::exec`: the LST's and the oracle's
//! rates, the Lrt's rate source, donations, time jumps.

use super::super::*;

impl<'a, P: Protocol> Runner<'a, P> {
    /// The rate, donation or time actions (see the module docs).
    pub(super) fn exec_world(&mut self, action: Action, pre: &Snap) -> Result<Outcome, String> {
        let now = pre.now;
        Ok(match action {
            Action::SetLstRate { bps } => {
                let rate = moved(pre.lst_rate, bps);
                let r = self.p.set_lst_rate(rate);
                let mut out = Outcome::of(&r);
                if r.is_ok() {
                    ensure!(self.p.lst_rate() == rate, "the LST reports another rate");
                } else {
                    return Err("the owner could not set the LST's rate".into());
                }
                if rate < pre.lst_rate {
                    out.rate_drop = RateDrop::Any;
                }
                out
            }
            Action::SetOracleRate { bps } => {
                let rate = moved(pre.oracle_rate, bps);
                let r = self.p.set_oracle_rate(rate);
                let mut out = Outcome::of(&r);
                ensure!(r.is_ok(), "the owner could not set the oracle's rate");
                if rate < pre.oracle_rate {
                    out.rate_drop = RateDrop::Any;
                }
                out
            }
            Action::SetRateSource { oracle } => {
                let r = self.p.set_rate_source(oracle);
                if let Err(e) = &r {
                    return Err(format!("moving the rate source was refused: {}", reason(e)));
                }
                let mut out = Outcome::of(&r);
                out.rate_drop = RateDrop::Any;
                out
            }
            Action::Donate { to, amount } => {
                let (target, asset) = match to {
                    Donation::LrtEth => (Who::Lrt, Asset::Eth),
                    Donation::LrtLst => (Who::Lrt, Asset::Lst),
                    Donation::LstVault => (Who::Vault(Asset::Lst), Asset::Lst),
                    Donation::AccountEth(op) => match self.account_of(op) {
                        Some(k) => (Who::Account(k), Asset::Eth),
                        None => return Ok(Outcome::skipped()),
                    },
                    Donation::AccountDeposit(op, asset) => {
                        let Some(k) = self.account_of(op) else {
                            return Ok(Outcome::skipped());
                        };
                        if amount > self.has(Who::Owner, asset) {
                            return Ok(Outcome::skipped());
                        }
                        let r = self
                            .p
                            .vault_deposit(Who::Owner, asset, amount, Who::Account(k));
                        if let Ok(shares) = &r {
                            let expect = assets_to_shares(
                                amount,
                                totals(pre.vault[asset.index()]),
                                Rounding::Down,
                            )
                            .expect("math");
                            exact!(
                                self,
                                *shares == expect,
                                "minted {shares}, expected {expect}"
                            );
                            self.pay(Who::Owner, asset, amount)?;
                            self.accts[usize::from(k)].foreign = true;
                        }
                        return Ok(Outcome::of(&r));
                    }
                };
                if amount > self.has(Who::Owner, asset) {
                    return Ok(Outcome::skipped());
                }
                let r = self.p.donate(target, asset, amount);
                match &r {
                    Ok(()) => self.pay(Who::Owner, asset, amount)?,
                    Err(e) => return Err(format!("a donation was refused: {}", reason(e))),
                }
                let mut out = Outcome::of(&r);
                out.no_event = asset == Asset::Eth;
                out
            }
            Action::Warp(w) => {
                let to = match w {
                    Warp::By(d) => now + d,
                    Warp::ToDeadline { index, offset } => {
                        let d = self.deadlines(pre);
                        match d.get(usize::from(index) % d.len().max(1)) {
                            Some(t) => (t.saturating_add_signed(i64::from(offset))).max(now + 1),
                            None => now + DAY,
                        }
                    }
                };
                self.p.warp(to);
                ensure!(
                    self.p.now() == to,
                    "the clock reads {} after a warp to {to}",
                    self.p.now()
                );
                Outcome {
                    result: Some(Ok(())),
                    rate_drop: RateDrop::None,
                    slash: None,
                    no_event: true,
                }
            }
            _ => unreachable!("not a rate, donation or time action: {action:?}"),
        })
    }
}
