//! The Lrt's books against the registry, the vaults and the balances, and
//! every actor's balances against the model.

use super::super::*;

impl<'a, P: Protocol> Runner<'a, P> {
    /// The Lrt: its value is what it can withdraw, its supply what holders
    /// and pending requests hold, nothing queued for it is lost.
    /// #15: the registry keeps its own copy of every staker's deposit
    /// shares (so `delegateTo` calls no vault); the copy never drifts from
    /// the vault's own book.
    pub(super) fn check_positions(&self, s: &Snap) -> Check {
        for (w, st) in &s.stakers {
            ensure!(
                st.rshares == st.dshares,
                "{w:?}: the registry holds deposit shares {:?}, the vaults {:?}",
                st.rshares,
                st.dshares
            );
        }
        Ok(())
    }

    pub(super) fn check_books(&self, s: &Snap) -> Check {
        let (value, supply, idle, pending) = s.books;
        let v = &s.val;
        ensure!(
            value == v.value && idle == v.idle,
            "Lrt books: value {value} idle {idle}, recomputed {} / {} ({})",
            v.value,
            v.idle,
            if v.kept { "as kept" } else { "in full" }
        );
        // #15: the kept books lag only what raised the worth of the
        // sub-accounts outside the Lrt's own moves (a donation, a vault's
        // price rounding up on others' deposits); they never count more
        // than a full revaluation.
        ensure!(
            v.value <= s.full.value && v.idle <= s.full.idle,
            "Lrt kept books {} / {} above the full revaluation {} / {}",
            v.value,
            v.idle,
            s.full.value,
            s.full.idle
        );
        let model_pending: U256 = self
            .reqs
            .values()
            .filter(|q| q.status == 1)
            .map(|q| q.shares)
            .sum();
        ensure!(
            pending == model_pending,
            "Lrt pending shares {pending}, the model's {model_pending}"
        );
        ensure!(
            supply == s.supply + pending,
            "Lrt supply {supply} is not total supply {} + pending {pending}",
            s.supply
        );
        let held: U256 = s.lrt_bal.values().copied().sum();
        ensure!(
            s.supply == held,
            "LRT total supply {} but wallets hold {held}",
            s.supply
        );
        for (w, b) in &self.lrt_bal {
            ensure!(
                s.lrt_bal[w] == *b,
                "{w:?} holds {} LRT, the model says {b}",
                s.lrt_bal[w]
            );
        }
        let expect_rate = conv(u(WAD), (supply, value), Rounding::Down);
        ensure!(
            s.lrt_rate == expect_rate,
            "rate() {} for books {expect_rate}",
            s.lrt_rate
        );
        let source = if s.oracle_source {
            s.oracle_rate
        } else {
            s.lst_rate
        };
        ensure!(
            s.asset_rate == [u(WAD), source],
            "asset rates {:?}, sources say [1e18, {source}]",
            s.asset_rate
        );
        for a in Asset::ALL {
            let i = a.index();
            let reserved: U256 = self
                .reqs
                .values()
                .filter(|q| q.status == 2 && q.asset == a)
                .map(|q| q.assets)
                .sum();
            let pv: U256 = self
                .reqs
                .values()
                .filter(|q| q.status == 1 && q.asset == a)
                .map(|q| q.max_value)
                .sum();
            ensure!(
                s.lrt_asset[i] == (reserved, pv),
                "Lrt {a:?} reserved/pending value {:?}, the model's ({reserved}, {pv})",
                s.lrt_asset[i]
            );
            ensure!(
                v.idle_gross[i] >= reserved,
                "Lrt {a:?}: {} idle cannot pay {reserved} reserved",
                v.idle_gross[i]
            );
        }
        let active: BTreeSet<(u8, u8)> = self
            .accts
            .iter()
            .enumerate()
            .filter(|(_, a)| a.active)
            .map(|(k, a)| (a.op, k as u8))
            .collect();
        let slots: BTreeSet<(u8, u8)> = s.lrt_ops.iter().copied().collect();
        ensure!(
            slots == active && s.lrt_ops.len() == active.len(),
            "Lrt operators {:?}, the model's {active:?}",
            s.lrt_ops
        );
        for (k, acct) in self.accts.iter().enumerate() {
            let k8 = k as u8;
            let who = Who::Account(k8);
            let acs = &s.acct[&k8];
            let st = &s.stakers[&who];
            let mine = |kind: WKind| {
                self.wds
                    .values()
                    .filter(|w| !w.completed && w.staker == who && w.kind == kind)
                    .count() as u64
            };
            let forced = mine(WKind::Forced);
            ensure!(
                acs.open == mine(WKind::Recorded),
                "sub-account {k} records {} withdrawals, the registry holds {} for it (and {forced} forced)",
                acs.open,
                mine(WKind::Recorded)
            );
            ensure!(
                acs.operator == Some(acct.op),
                "sub-account {k} says operator {:?}",
                acs.operator
            );
            if !acct.active {
                ensure!(
                    forced == 0
                        && acs.open == 0
                        && st.dshares == [U256::ZERO; 2]
                        && s.eth[&who].is_zero()
                        && s.lst[&who].is_zero(),
                    "removed sub-account {k} still holds something"
                );
                continue;
            }
            // Nothing queued for the Lrt is lost from its books: a forced
            // withdrawal is valued from the snapshot while undelegated.
            ensure!(
                forced <= 1,
                "sub-account {k} has {forced} forced withdrawals"
            );
            // The snapshot holds every position the Lrt recorded (each
            // restake and unstake records one), so a forced withdrawal with
            // an empty snapshot can only hold a stranger's deposit for the
            // account: the books count it once anyone adopts or completes
            // it (below, they never count more than it is worth).
            if forced == 1 && acs.snapshot.is_empty() {
                ensure!(
                    acct.foreign,
                    "sub-account {k}: a forced withdrawal of the Lrt's own position the books do not see"
                );
            } else if forced == 1 {
                ensure!(
                    st.delegated != Some(acct.op),
                    "sub-account {k}: a forced withdrawal valued from the snapshot while delegated"
                );
            }
            let book = v.book[&k8];
            let truth = v.truth[&k8];
            ensure!(
                acs.values == book,
                "sub-account {k} values {:?}, recomputed {book:?}",
                acs.values
            );
            for i in 0..2 {
                ensure!(
                    book[i] <= truth[i],
                    "sub-account {k} counts {} of asset {i} but can withdraw {}",
                    book[i],
                    truth[i]
                );
            }
            let forced_pending = self.wds.values().any(|w| {
                !w.completed && w.staker == who && w.kind == WKind::Forced && s.now < w.claimable_at
            });
            // A stranger's deposit for the account is never counted (F-2):
            // then the books count less than the account can withdraw.
            if !acct.foreign && (forced == 0 || forced_pending) {
                ensure!(
                    book == truth,
                    "sub-account {k}: the books count {book:?} of {truth:?} it can withdraw"
                );
            }
            if st.delegated == Some(acct.op) {
                for (a, scaled) in &acs.snapshot {
                    let i = a.index();
                    let actual = scale_for_queue(st.dshares[i], st.dsf[i]).expect("math");
                    ensure!(
                        *scaled <= actual,
                        "sub-account {k}'s snapshot {scaled} exceeds its position {actual}"
                    );
                    if !acct.foreign {
                        ensure!(
                            *scaled == actual,
                            "sub-account {k}'s snapshot {scaled} lags its position {actual}"
                        );
                    }
                }
            }
        }
        Ok(())
    }

    /// Every actor's balances are what the model paid and received.
    pub(super) fn check_balances(&self, s: &Snap) -> Check {
        for (w, b) in &self.bal {
            let got = [s.eth[w], s.lst[w]];
            exact!(
                self,
                got == *b,
                "{w:?} holds {got:?}, the model expects {b:?}"
            );
        }
        Ok(())
    }
}
