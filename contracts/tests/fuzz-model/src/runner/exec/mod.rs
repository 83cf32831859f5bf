//! Playing actions: `Runner::exec` dispatches each action to its group's
//! module, which calls the protocol and checks the outcome against the model;
//! the helpers they share are here.

use super::*;

mod lrt;
mod manager;
mod registry;
mod slashing;
mod world;

impl<'a, P: Protocol> Runner<'a, P> {
    pub(super) fn pay(&mut self, who: Who, a: Asset, amount: U256) -> Check {
        let b = self.bal.entry(who).or_default();
        ensure!(
            b[a.index()] >= amount,
            "the model pays {amount} {a:?} from {who:?}, who has {}",
            b[a.index()]
        );
        b[a.index()] -= amount;
        Ok(())
    }

    pub(super) fn receive(&mut self, who: Who, a: Asset, amount: U256) {
        self.bal.entry(who).or_default()[a.index()] += amount;
    }

    pub(super) fn has(&self, who: Who, a: Asset) -> U256 {
        self.bal.get(&who).map(|b| b[a.index()]).unwrap_or_default()
    }

    /// Records the withdrawals the last action queued; `expected` are the
    /// entries the model computed (one withdrawal), checked exactly.
    pub(super) fn new_withdrawals(
        &mut self,
        kind_for_accounts: Option<WKind>,
        expected: Option<&[(Asset, U256)]>,
    ) -> Check {
        let count = self.p.withdrawal_count();
        let known = self.wds.keys().next_back().copied().unwrap_or(0);
        let now = self.p.now();
        for id in known + 1..=count {
            let info: WithdrawalInfo = self.p.withdrawal(id);
            let kind = match info.staker {
                Who::Account(_) => kind_for_accounts.ok_or_else(|| {
                    format!("withdrawal {id} was queued for a sub-account by this action")
                })?,
                _ => WKind::Own,
            };
            ensure!(
                info.claimable_at == now + WITHDRAWAL_DELAY,
                "withdrawal {id} claimable at {} (now {now})",
                info.claimable_at
            );
            ensure!(!info.completed, "withdrawal {id} born completed");
            if let Some(e) = expected {
                exact!(
                    self,
                    info.entries == e,
                    "withdrawal {id} entries {:?}, the model expects {e:?}",
                    info.entries
                );
            }
            let delegated = self.delegation.get(&info.staker).copied().flatten();
            ensure!(
                info.operator == delegated,
                "withdrawal {id} through {:?}, its staker was delegated to {delegated:?}",
                info.operator
            );
            self.wds.insert(
                id,
                Wd {
                    staker: info.staker,
                    operator: info.operator,
                    claimable_at: info.claimable_at,
                    entries: info.entries,
                    completed: false,
                    kind,
                    frozen: [None; 2],
                },
            );
        }
        Ok(())
    }

    /// Whether a slash of `op` in `set` over `assets` must succeed now.
    pub(super) fn slash_possible(
        &self,
        pre: &Snap,
        op: u8,
        set: SetKind,
        assets: &[Asset],
        wad: u64,
    ) -> bool {
        let o = usize::from(op);
        let sp = set.params();
        pre.until[o][set.index()] > pre.now
            && wad > 0
            && wad <= WAD
            && sp.cap_wad > pre.cap[o][set.index()]
            && assets
                .iter()
                .any(|a| pre.alloc[o][set.index()][a.index()].0 > 0)
    }

    /// Plays `action` on the protocol and checks what it did against the
    /// model (the arms are grouped by who acts, one module each).
    pub(super) fn exec(&mut self, action: Action, pre: &Snap) -> Result<Outcome, String> {
        match action {
            Action::VaultDeposit { .. }
            | Action::Delegate { .. }
            | Action::Undelegate { .. }
            | Action::ForceUndelegate { .. }
            | Action::Redelegate { .. }
            | Action::Queue { .. }
            | Action::Complete { .. } => self.exec_registry(action, pre),
            Action::Join { .. }
            | Action::Leave { .. }
            | Action::Allocate { .. }
            | Action::Slash { .. }
            | Action::RequestSlash { .. }
            | Action::VetoSlash { .. }
            | Action::ExecuteSlash { .. }
            | Action::Evidence { .. }
            | Action::ClaimSlashed
            | Action::ReleaseSlashed { .. } => self.exec_slashing(action, pre),
            Action::LrtDeposit { .. }
            | Action::LrtRequest { .. }
            | Action::LrtFinalize { .. }
            | Action::LrtCancel { .. }
            | Action::LrtClaim { .. }
            | Action::LrtInstant { .. }
            | Action::LrtTransfer { .. }
            | Action::LrtCheckpoint { .. } => self.exec_lrt(action, pre),
            Action::AddOperator { .. }
            | Action::Restake { .. }
            | Action::Unstake { .. }
            | Action::CompleteUnstake { .. }
            | Action::Adopt { .. }
            | Action::RedelegateOperator { .. }
            | Action::RemoveOperator { .. } => self.exec_manager(action, pre),
            Action::SetLstRate { .. }
            | Action::SetOracleRate { .. }
            | Action::SetRateSource { .. }
            | Action::Donate { .. }
            | Action::Warp(..) => self.exec_world(action, pre),
        }
    }

    /// What an undelegation of `who` queues: every vault with deposit
    /// shares, scaled as the registry scales them.
    pub(super) fn whole_position(&self, pre: &Snap, who: Who) -> Vec<(Asset, U256)> {
        let st = &pre.stakers[&who];
        Asset::ALL
            .iter()
            .filter(|a| !st.dshares[a.index()].is_zero())
            .map(|a| {
                (
                    *a,
                    scale_for_queue(st.dshares[a.index()], st.dsf[a.index()]).expect("math"),
                )
            })
            .collect()
    }

    pub(super) fn after_undelegation(
        &mut self,
        r: &Result<U256, Revert>,
        staker: Who,
        should: bool,
        kind: Option<WKind>,
        expected: Vec<(Asset, U256)>,
    ) -> Check {
        match r {
            Ok(id) => {
                ensure!(
                    self.delegation[&staker].is_some(),
                    "undelegated an undelegated staker"
                );
                // The withdrawal is recorded through the operator it left.
                let before = self.wds.len();
                self.new_withdrawals(kind, Some(&expected))?;
                let queued = self.wds.len() - before;
                ensure!(
                    queued == usize::from(!expected.is_empty())
                        && (id.is_zero() == expected.is_empty()),
                    "undelegation returned {id} and queued {queued}"
                );
                self.delegation.insert(staker, None);
                Ok(())
            }
            Err(e) => {
                ensure!(!should, "a valid undelegation was refused: {}", reason(e));
                Ok(())
            }
        }
    }

    /// A request in `status`, chosen by `pick`.
    pub(super) fn pick_request(&self, pick: u8, status: u8) -> Option<u64> {
        let ids: Vec<u64> = self
            .reqs
            .iter()
            .filter(|(_, q)| q.status == status)
            .map(|(id, _)| *id)
            .collect();
        ids.get(usize::from(pick) % ids.len().max(1)).copied()
    }

    /// Every future time the model knows something happens at.
    pub(super) fn deadlines(&self, s: &Snap) -> Vec<u64> {
        let mut d = BTreeSet::new();
        for w in self.wds.values().filter(|w| !w.completed) {
            d.insert(w.claimable_at);
        }
        for q in self.reqs.values().filter(|q| q.status == 1) {
            d.insert(q.finalizable_at);
        }
        for r in self.slash_reqs.iter().filter(|r| r.status == 1) {
            d.insert(r.executable_at);
            d.insert(r.executable_at + EXECUTION_PERIOD);
        }
        for o in 0..usize::from(OPERATORS) {
            for set in SetKind::ALL {
                let until = s.until[o][set.index()];
                if until != u64::MAX {
                    d.insert(until);
                }
                for a in Asset::ALL {
                    let (_, _, at) = s.alloc[o][set.index()][a.index()];
                    d.insert(at);
                }
            }
        }
        for p in [DAY, 2 * DAY] {
            d.insert((s.now / p + 1) * p);
        }
        d.into_iter().filter(|t| *t > s.now).collect()
    }
}
