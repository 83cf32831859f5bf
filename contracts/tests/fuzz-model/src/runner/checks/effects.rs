//! A step's effects: a slash's exact amounts, values that may only rise,
//! and the ledgers of what each actor put in and took out.

use super::super::*;

impl<'a, P: Protocol> Runner<'a, P> {
    /// Invariant 4 and the cap rule: a slash takes exactly the applied
    /// fraction of the slashed set's allocations in the named vaults,
    /// charges exactly that to this operator's cap in this set, never more
    /// than the cap, and touches nothing else; a cap use moves only with a
    /// slash that took magnitude.
    pub(super) fn check_slash(&mut self, pre: &Snap, post: &Snap, out: &Outcome) -> Check {
        let ok = out.ok();
        let slash = out.slash.as_ref().filter(|_| ok);
        let mut slashed = [[0u64; 2]; 3];
        if let Some(sc) = slash {
            let (o, si) = (usize::from(sc.op), sc.set.index());
            let params = sc.set.params();
            let used = pre.cap[o][si];
            let applied = sc.wad.min(params.cap_wad - used);
            ensure!(
                post.cap[o][si] == used + applied && post.cap[o][si] <= params.cap_wad,
                "invariant 4: cap use {} after {used} + {applied} (cap {})",
                post.cap[o][si],
                params.cap_wad
            );
            let new_id = u64::from(sc.set != SetKind::Veto);
            ensure!(
                post.last_slash_id == pre.last_slash_id + new_id,
                "slash ids went {} → {}",
                pre.last_slash_id,
                post.last_slash_id
            );
            let mut any = false;
            for a in &sc.assets {
                let i = a.index();
                let (cur, target, effect_at) = pre.alloc[o][si][i];
                let take = magnitude_to_slash(u(cur), u(applied))
                    .expect("math")
                    .saturating_to::<u64>();
                any |= take > 0;
                slashed[o][i] = take;
                let remaining = cur - take;
                let want = if target < cur {
                    // A pending decrease shrinks in proportion (down).
                    let dec = md(u(cur - target), u(remaining), u(cur), Rounding::Down)
                        .saturating_to::<u64>();
                    (
                        remaining,
                        remaining - dec,
                        if dec == 0 { 0 } else { effect_at },
                    )
                } else {
                    (remaining, remaining + (target - cur), effect_at)
                };
                ensure!(
                    post.alloc[o][si][i] == want,
                    "invariant 4: allocation {:?} after slashing {take} of {:?}, expected {want:?}",
                    post.alloc[o][si][i],
                    pre.alloc[o][si][i]
                );
                if take == 0 {
                    continue;
                }
                let (m0, opv) = (pre.op[o][i].mag, pre.op[o][i]);
                let m1 = m0 - take;
                ensure!(
                    post.op[o][i].mag == m1,
                    "invariant 4: magnitude {} after {m0} − {take}",
                    post.op[o][i].mag
                );
                ensure!(
                    post.enc[o][i] + take <= pre.enc[o][i],
                    "encumbered {} after {} − {take}",
                    post.enc[o][i],
                    pre.enc[o][i]
                );
                let stake_cut = slashed_operator_shares(opv.stake, u(m0), u(m1)).expect("math");
                ensure!(
                    post.op[o][i].stake == opv.stake - stake_cut,
                    "operator stake {} after {} − {stake_cut}",
                    post.op[o][i].stake,
                    opv.stake
                );
                let burned = stake_cut + md(opv.queued, u(take), u(WAD), Rounding::Down);
                // The slash calls no vault: the shares wait for their
                // release, and the vault's totals do not move.
                let r = usize::from(params.redistributes);
                ensure!(
                    post.vault[i] == pre.vault[i]
                        && post.pending[i][r] == pre.pending[i][r] + burned
                        && post.pending[i][1 - r] == pre.pending[i][1 - r]
                        && post.credit == pre.credit,
                    "vault {a:?} {:?} → {:?}, pending {:?} → {:?} after slashing {burned} shares",
                    pre.vault[i],
                    post.vault[i],
                    pre.pending[i],
                    post.pending[i]
                );
                self.mag_hist[o][i].push((post.now, m1));
            }
            ensure!(
                any,
                "invariant 4 (H-2): a slash that took nothing succeeded"
            );
        }
        // Nothing else moved: allocations of other sets, vaults and
        // operators; caps other than the slashed one (or a new period).
        // (Indexes several per-operator tables, hence the index loop.)
        #[allow(clippy::needless_range_loop)]
        for op in 0..usize::from(OPERATORS) {
            for set in SetKind::ALL {
                let si = set.index();
                let this = slash.is_some_and(|sc| usize::from(sc.op) == op && sc.set == set);
                let period = set.params().cap_period;
                let rolled = pre.now / period != post.now / period;
                let base = if rolled { 0 } else { pre.cap[op][si] };
                if !this {
                    ensure!(
                        post.cap[op][si] == base,
                        "cap rule: operator {op}'s cap in {set:?} went {} → {} without a slash",
                        pre.cap[op][si],
                        post.cap[op][si]
                    );
                }
                if out.slash.is_some() {
                    // A slash (or a failed one) moves no other allocation.
                    for a in Asset::ALL {
                        let touched = this && slash.is_some_and(|sc| sc.assets.contains(&a));
                        ensure!(
                            touched
                                || post.alloc[op][si][a.index()] == pre.alloc[op][si][a.index()],
                            "invariant 4: a slash touched operator {op}'s {set:?} {a:?} allocation"
                        );
                    }
                }
            }
            for a in Asset::ALL {
                let i = a.index();
                if slashed[op][i] == 0 {
                    ensure!(
                        post.op[op][i].mag == pre.op[op][i].mag,
                        "invariant 3/4: operator {op}'s {a:?} magnitude moved without a slash"
                    );
                }
            }
        }
        Ok(())
    }

    /// Invariant 7: share prices never fall; the LRT rate falls only by a
    /// slash or a lower asset rate (manager moves: by `MOVE_DUST`).
    pub(super) fn check_monotone(&self, pre: &Snap, post: &Snap, out: &Outcome) -> Check {
        for a in Asset::ALL {
            let i = a.index();
            ensure!(
                price_kept(pre.vault[i], post.vault[i], 0),
                "invariant 7: the {a:?} vault's share price fell: {:?} → {:?}",
                pre.vault[i],
                post.vault[i]
            );
        }
        let dust = match out.rate_drop {
            RateDrop::None => Some(0),
            RateDrop::Dust => Some(10),
            RateDrop::Any => None,
        };
        if let Some(d) = dust {
            ensure!(
                price_kept(pre.books_vs(), post.books_vs(), d),
                "invariant 7: the LRT rate fell: value/supply {:?} → {:?}",
                (pre.books.0, pre.books.1),
                (post.books.0, post.books.1)
            );
        }
        Ok(())
    }

    /// Invariant 6: rounding never pays the user. Per vault staker: what
    /// it took out plus what its claims are worth never exceeds what it
    /// put in plus what price rises gave its claims; per Lrt holder the
    /// same in ETH value, with rate rises on its LRT and its pending
    /// requests.
    pub(super) fn check_ledgers(&mut self, pre: &Snap, post: &Snap) -> Check {
        for w in (0..WALLETS)
            .map(Who::Wallet)
            .chain((0..OPERATORS).map(Who::Operator))
        {
            for a in Asset::ALL {
                let i = a.index();
                let claims = |s: &Snap| {
                    let mut c = s.stakers[&w].withdrawable[i];
                    for (id, wd) in &self.wds {
                        if wd.staker == w {
                            if let Some(ws) = s.wd.get(id) {
                                c += ws.pending[i] + ws.claimable[i];
                            }
                        }
                    }
                    c
                };
                let (c0, c1) = (claims(pre), claims(post));
                let gain = conv(c0.min(c1), post.vault[i], Rounding::Up).saturating_sub(conv(
                    c0.min(c1),
                    pre.vault[i],
                    Rounding::Down,
                ));
                let allow = self.vault_allow.entry((w, i)).or_default();
                *allow += gain;
                let allow = *allow;
                let put = self.vault_in.get(&(w, i)).copied().unwrap_or_default();
                let took = self.vault_out.get(&(w, i)).copied().unwrap_or_default();
                let worth = conv(c1, post.vault[i], Rounding::Down);
                ensure!(
                    took + worth <= put + allow,
                    "invariant 6: {w:?} in the {a:?} vault took {took} and holds claims worth {worth}, having put in {put} (+{allow} from price rises)"
                );
            }
        }
        for w in (0..WALLETS).map(Who::Wallet) {
            let b0 = pre.lrt_bal[&w].min(post.lrt_bal[&w]);
            let mut gain = conv(b0, post.books_vs(), Rounding::Up).saturating_sub(conv(
                b0,
                pre.books_vs(),
                Rounding::Down,
            ));
            let mut claims = exit_value(post.lrt_bal[&w], post.books.0, post.books.1);
            for q in self.reqs.values().filter(|q| q.owner == w) {
                match q.status {
                    1 => {
                        let v1 = exit_value(q.shares, post.books.0, post.books.1).min(q.max_value);
                        let v0 = exit_value(q.shares, pre.books.0, pre.books.1).min(q.max_value);
                        gain += v1.saturating_sub(v0);
                        claims += v1;
                    }
                    2 => claims += q.final_value,
                    _ => {}
                }
            }
            let allow = self.lrt_allow.entry(w).or_default();
            *allow += gain;
            let allow = *allow;
            let put = self.lrt_in.get(&w).copied().unwrap_or_default();
            let took = self.lrt_out.get(&w).copied().unwrap_or_default();
            ensure!(
                took + claims <= put + allow,
                "invariant 6: {w:?} took {took} from the Lrt and holds claims worth {claims}, having put in {put} (+{allow} from rate rises)"
            );
        }
        Ok(())
    }
}
