//! The AVS and slashing actions of `Runner::exec`: joining and leaving
//! sets, allocations, instant and vetoable slashes, evidence, the claim of
//! redistributed assets.

use super::super::*;

impl<'a, P: Protocol> Runner<'a, P> {
    /// The AVS and slashing actions (see the module docs).
    pub(super) fn exec_slashing(&mut self, action: Action, pre: &Snap) -> Result<Outcome, String> {
        let now = pre.now;
        Ok(match action {
            Action::Join { op, set } => {
                let member = pre.until[usize::from(op)][set.index()] == u64::MAX;
                let r = self.p.join(op, set);
                match &r {
                    Ok(()) => ensure!(!member, "joined twice"),
                    Err(e) => ensure!(member, "a valid join was refused: {}", reason(e)),
                }
                Outcome::of(&r)
            }
            Action::Leave { op, set } => {
                let member = pre.until[usize::from(op)][set.index()] == u64::MAX;
                let r = self.p.leave(op, set);
                match &r {
                    Ok(()) => {
                        ensure!(member, "left a set it was not in");
                        let until = self.p.slashable_until(op, set);
                        ensure!(
                            until == now + DEALLOCATION_DELAY,
                            "slashable until {until} after leaving at {now}"
                        );
                    }
                    Err(e) => ensure!(!member, "a member could not leave: {}", reason(e)),
                }
                Outcome::of(&r)
            }
            Action::Allocate {
                op,
                set,
                asset,
                magnitude,
            } => {
                let (o, s, i) = (usize::from(op), set.index(), asset.index());
                let (cur, target, _) = pre.alloc[o][s][i];
                let pending = target != cur;
                let room = pre.op[o][i].mag.saturating_sub(pre.enc[o][i]);
                let should = !pending && (magnitude <= cur || magnitude - cur <= room);
                let r = self.p.allocate(op, set, asset, magnitude);
                match &r {
                    Ok(()) => {
                        ensure!(!pending, "a change was accepted over a pending one");
                        let got = self.p.allocation(op, set, asset);
                        let slashable = pre.until[o][s] > now;
                        // (An increase beyond `room` can be right: a
                        // completed decrease of this allocation is released
                        // when it is touched; invariant 3 bounds the result.)
                        let want = if magnitude > cur {
                            (cur, magnitude, now + self.p.allocation_delay(op))
                        } else if magnitude < cur && slashable {
                            (cur, magnitude, now + DEALLOCATION_DELAY)
                        } else if magnitude < cur {
                            (magnitude, magnitude, 0)
                        } else {
                            (cur, cur, 0)
                        };
                        exact!(self, got == want, "allocation {got:?}, expected {want:?}");
                    }
                    Err(e) => ensure!(!should, "a valid allocation was refused: {}", reason(e)),
                }
                Outcome::of(&r)
            }
            Action::Slash { op, set, mask, wad } => {
                let assets = assets_of(mask);
                let should =
                    set == SetKind::Instant && self.slash_possible(pre, op, set, &assets, wad);
                let r = self.p.slash(op, set, &assets, wad);
                if let Err(e) = &r {
                    ensure!(!should, "a valid slash was refused: {}", reason(e));
                }
                let mut out = Outcome::of(&r);
                out.slash = Some(SlashCheck {
                    op,
                    set,
                    assets,
                    wad,
                });
                out.rate_drop = RateDrop::Any;
                out
            }
            Action::RequestSlash { op, mask, wad } => {
                let assets = assets_of(mask);
                let should = pre.until[usize::from(op)][SetKind::Veto.index()] > now
                    && wad > 0
                    && wad <= WAD;
                let r = self.p.request_slash(op, &assets, wad);
                match &r {
                    Ok(id) => {
                        let view = self.p.slash_request(*id);
                        exact!(
                            self,
                            view == (1, now + VETO_WINDOW),
                            "request view {view:?}"
                        );
                        self.slash_reqs.push(SlashReq {
                            id: *id,
                            op,
                            assets,
                            wad,
                            executable_at: now + VETO_WINDOW,
                            status: 1,
                        });
                    }
                    Err(e) => ensure!(!should, "a valid request was refused: {}", reason(e)),
                }
                Outcome::of(&r)
            }
            Action::VetoSlash { pick } => {
                let open: Vec<usize> = (0..self.slash_reqs.len())
                    .filter(|i| self.slash_reqs[*i].status == 1)
                    .collect();
                let Some(&i) = open.get(usize::from(pick) % open.len().max(1)) else {
                    return Ok(Outcome::skipped());
                };
                let req = self.slash_reqs[i].clone();
                let r = self.p.veto_slash(req.id);
                match &r {
                    Ok(()) => {
                        ensure!(now < req.executable_at, "vetoed after the window");
                        self.slash_reqs[i].status = 2;
                    }
                    Err(e) => ensure!(
                        now >= req.executable_at,
                        "a veto within the window was refused: {}",
                        reason(e)
                    ),
                }
                Outcome::of(&r)
            }
            Action::ExecuteSlash { pick } => {
                let open: Vec<usize> = (0..self.slash_reqs.len())
                    .filter(|i| self.slash_reqs[*i].status == 1)
                    .collect();
                let Some(&i) = open.get(usize::from(pick) % open.len().max(1)) else {
                    return Ok(Outcome::skipped());
                };
                let req = self.slash_reqs[i].clone();
                let in_window =
                    now >= req.executable_at && now < req.executable_at + EXECUTION_PERIOD;
                let should = in_window
                    && self.slash_possible(pre, req.op, SetKind::Veto, &req.assets, req.wad);
                let r = self.p.execute_slash(req.id);
                match &r {
                    Ok(()) => {
                        ensure!(in_window, "executed outside its window");
                        self.slash_reqs[i].status = 3;
                        ensure!(
                            self.p.slash_request(req.id).0 == 3,
                            "an executed request does not say so"
                        );
                    }
                    Err(e) => ensure!(!should, "a valid execution was refused: {}", reason(e)),
                }
                let mut out = Outcome::of(&r);
                out.slash = Some(SlashCheck {
                    op: req.op,
                    set: SetKind::Veto,
                    assets: req.assets,
                    wad: req.wad,
                });
                out.rate_drop = RateDrop::Any;
                out
            }
            Action::Evidence { op, height } => {
                let used = self.evidence.contains(&(op, height));
                let should = !used
                    && self.slash_possible(
                        pre,
                        op,
                        SetKind::Evidence,
                        &Asset::ALL,
                        SetKind::Evidence.params().penalty,
                    );
                let r = self.p.submit_evidence(op, height);
                match &r {
                    Ok(_) => {
                        ensure!(!used, "evidence at height {height} used twice");
                        self.evidence.insert((op, height));
                        ensure!(self.p.evidence_used(op, height), "evidence not marked used");
                    }
                    Err(e) => {
                        ensure!(!should, "valid evidence was refused: {}", reason(e));
                        ensure!(
                            self.p.evidence_used(op, height) == used,
                            "refused evidence changed its record"
                        );
                    }
                }
                let mut out = Outcome::of(&r);
                out.slash = Some(SlashCheck {
                    op,
                    set: SetKind::Evidence,
                    assets: Asset::ALL.to_vec(),
                    wad: SetKind::Evidence.params().penalty,
                });
                out.rate_drop = RateDrop::Any;
                out
            }
            Action::ClaimSlashed => {
                let expect = conv(pre.credit, pre.vault[0], Rounding::Down);
                let r = self.p.claim_slashed();
                match &r {
                    Ok(assets) => {
                        exact!(
                            self,
                            *assets == expect,
                            "claimed {assets}, expected {expect}"
                        );
                        self.receive(Who::Recipient, Asset::Eth, *assets);
                    }
                    Err(e) => ensure!(
                        pre.credit.is_zero(),
                        "a credited claim was refused: {}",
                        reason(e)
                    ),
                }
                Outcome::of(&r)
            }
            Action::ReleaseSlashed {
                asset,
                to_recipient,
            } => {
                let (i, r) = (asset.index(), usize::from(to_recipient));
                let shares = pre.pending[i][r];
                let expect = conv(shares, pre.vault[i], Rounding::Down);
                let res = self.p.release_slashed(asset, to_recipient);
                match &res {
                    Ok(got) => {
                        exact!(
                            self,
                            *got == (shares, expect),
                            "released {got:?}, expected {:?}",
                            (shares, expect)
                        );
                        let post = self.p.vault_totals(asset);
                        let after = self.p.slashed_pending(asset, to_recipient);
                        ensure!(
                            after.is_zero(),
                            "{after} shares still pending after a release"
                        );
                        if to_recipient && asset == Asset::Eth {
                            // An ETH vault credits the recipient, who claims.
                            let credit = self.p.slashed_credit();
                            ensure!(
                                post == pre.vault[i] && credit == pre.credit + shares,
                                "ETH release credited {credit} (was {}) for {shares}",
                                pre.credit
                            );
                        } else {
                            ensure!(
                                post == (pre.vault[i].0 - shares, pre.vault[i].1 - expect),
                                "vault {asset:?} {post:?} after releasing {shares} shares for {expect} from {:?}",
                                pre.vault[i]
                            );
                            let to = if to_recipient {
                                Who::Recipient
                            } else {
                                Who::Burn
                            };
                            self.receive(to, asset, expect);
                        }
                    }
                    Err(e) => ensure!(
                        shares.is_zero(),
                        "a release of {shares} shares was refused: {}",
                        reason(e)
                    ),
                }
                Outcome::of(&res)
            }
            _ => unreachable!("not a AVS and slashing action: {action:?}"),
        })
    }
}
