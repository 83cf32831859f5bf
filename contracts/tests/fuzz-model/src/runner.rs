//! The runner: plays actions on a [`Protocol`], keeps the model, and checks
//! every invariant after every step.

use std::collections::{BTreeMap, BTreeSet};

use restake_math::{
    assets_to_shares, magnitude_to_slash, mul_div, scale_for_queue, scaled_to_withdrawable,
    shares_to_assets, slashed_operator_shares, Rounding, VaultTotals, VIRTUAL_ASSETS,
    VIRTUAL_SHARES,
};

use crate::{action::*, error_name, Protocol, RequestInfo, Revert, WithdrawalInfo, U256};

type Check = Result<(), String>;

macro_rules! ensure {
    ($cond:expr, $($fmt:tt)+) => {
        if !$cond {
            return Err(format!($($fmt)+));
        }
    };
}

/// An exact-amount expectation of the model (a return value or a
/// balance): skipped with `RESTAKE_FUZZ_EXACT=0`, which leaves only the
/// invariant checks (to show each of them can fail on its own).
macro_rules! exact {
    ($self:ident, $cond:expr, $($fmt:tt)+) => {
        if $self.exact && !$cond {
            return Err(format!($($fmt)+));
        }
    };
}

fn u(n: u64) -> U256 {
    U256::from(n)
}

fn e18(n: u64) -> U256 {
    u(n) * u(E18)
}

fn md(a: U256, b: U256, c: U256, r: Rounding) -> U256 {
    mul_div(a, b, c, r).expect("model math")
}

fn totals((shares, assets): (U256, U256)) -> VaultTotals {
    VaultTotals {
        total_shares: shares,
        total_assets: assets,
    }
}

/// Vault shares → assets at `t`, as the contracts convert (0 stays 0).
fn conv(shares: U256, t: (U256, U256), r: Rounding) -> U256 {
    if shares.is_zero() {
        return U256::ZERO;
    }
    shares_to_assets(shares, totals(t), r).expect("model math")
}

fn to_eth(amount: U256, rate: U256, r: Rounding) -> U256 {
    md(amount, rate, u(WAD), r)
}

fn from_eth(value: U256, rate: U256, r: Rounding) -> U256 {
    md(value, u(WAD), rate, r)
}

/// The Lrt's `exit_value` at books `(value, supply)`.
fn exit_value(shares: U256, value: U256, supply: U256) -> U256 {
    if supply.is_zero() {
        return U256::ZERO;
    }
    let with_offset = conv(shares, (supply, value), Rounding::Down);
    with_offset.min(md(shares, value, supply, Rounding::Down))
}

/// The Lrt's `shares_for` at books `(value, supply)`.
fn shares_for(value: U256, books_value: U256, supply: U256) -> U256 {
    if books_value.is_zero() {
        return U256::ZERO;
    }
    let with_offset =
        assets_to_shares(value, totals((supply, books_value)), Rounding::Down).expect("math");
    with_offset.min(md(value, supply, books_value, Rounding::Down))
}

/// `(a1 + 1e3)(s0 + 1e3) >= (a0 + 1e3)(s1 + 1e3)`: the price (assets per
/// share, with the virtual offset) did not fall; `dust` wei of the new
/// assets are forgiven.
fn price_kept(pre: (U256, U256), post: (U256, U256), dust: u64) -> bool {
    let (s0, a0) = (pre.0 + VIRTUAL_SHARES, pre.1 + VIRTUAL_ASSETS);
    let (s1, a1) = (post.0 + VIRTUAL_SHARES, post.1 + VIRTUAL_ASSETS + u(dust));
    a1 >= md(a0, s1, s0, Rounding::Up)
}

// ---------------------------------------------------------------------------
// Snapshot: everything the checks read, once per step
// ---------------------------------------------------------------------------

#[derive(Clone, Debug, Default, PartialEq)]
struct StakerSnap {
    delegated: Option<u8>,
    dshares: [U256; 2],
    withdrawable: [U256; 2],
    dsf: [U256; 2],
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct OpVault {
    stake: U256,
    mag: u64,
    queued: U256,
}

#[derive(Clone, Debug, Default, PartialEq)]
struct WdSnap {
    completed: bool,
    pending: [U256; 2],
    claimable: [U256; 2],
}

#[derive(Clone, Debug, Default, PartialEq)]
struct AcctSnap {
    open: u64,
    snapshot: Vec<(Asset, U256)>,
    values: [U256; 2],
    operator: Option<u8>,
}

/// The Lrt's books recomputed from the registry, the vaults and balances.
#[derive(Clone, Debug, Default)]
struct Valuation {
    /// Per active sub-account, per asset: what the Lrt's valuation counts
    /// (the snapshot for an unadopted forced withdrawal).
    book: BTreeMap<u8, [U256; 2]>,
    /// The same with the forced withdrawal at the registry's own views.
    truth: BTreeMap<u8, [U256; 2]>,
    idle_gross: [U256; 2],
    per_asset: [U256; 2],
    value: U256,
    idle: U256,
}

#[derive(Clone, Debug, Default)]
struct Snap {
    now: u64,
    vault: [(U256, U256); 2],
    credit: U256,
    stakers: BTreeMap<Who, StakerSnap>,
    op: [[OpVault; 2]; 3],
    alloc: [[[(u64, u64, u64); 2]; 3]; 3],
    enc: [[u64; 2]; 3],
    cap: [[u64; 3]; 3],
    until: [[u64; 3]; 3],
    wd: BTreeMap<u64, WdSnap>,
    books: (U256, U256, U256, U256),
    supply: U256,
    lrt_bal: BTreeMap<Who, U256>,
    lrt_rate: U256,
    lrt_asset: [(U256, U256); 2],
    asset_rate: [U256; 2],
    lrt_ops: Vec<(u8, u8)>,
    acct: BTreeMap<u8, AcctSnap>,
    eth: BTreeMap<Who, U256>,
    lst: BTreeMap<Who, U256>,
    lst_rate: U256,
    oracle_rate: U256,
    oracle_source: bool,
    last_slash_id: u64,
    withdrawal_count: u64,
    request_count: u64,
    val: Valuation,
}

impl Snap {
    fn books_vs(&self) -> (U256, U256) {
        (self.books.1, self.books.0)
    }
}

// ---------------------------------------------------------------------------
// The model
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum WKind {
    /// A wallet's or operator's own.
    Own,
    /// One of a sub-account's, in its records (queued by the Lrt, or adopted).
    Recorded,
    /// Queued for a sub-account by the registry (a forced undelegation), not adopted.
    Forced,
}

#[derive(Clone, Debug)]
struct Wd {
    staker: Who,
    operator: Option<u8>,
    claimable_at: u64,
    entries: Vec<(Asset, U256)>,
    completed: bool,
    kind: WKind,
    frozen: [Option<U256>; 2],
}

#[derive(Clone, Debug)]
struct Req {
    owner: Who,
    asset: Asset,
    shares: U256,
    max_value: U256,
    status: u8,
    assets: U256,
    finalizable_at: u64,
    /// The ETH value of its payout at finalization.
    final_value: U256,
}

#[derive(Clone, Debug)]
struct SlashReq {
    id: U256,
    op: u8,
    assets: Vec<Asset>,
    wad: u64,
    executable_at: u64,
    /// 1 pending, 2 vetoed, 3 executed.
    status: u8,
}

#[derive(Clone, Debug)]
struct Acct {
    op: u8,
    active: bool,
    /// A stranger deposited for it (its snapshot may undercount).
    foreign: bool,
}

/// How far the Lrt's rate may fall in a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RateDrop {
    /// Not at all.
    None,
    /// By the manager moves' tolerance (`MOVE_DUST`, 10 wei of value).
    Dust,
    /// A slash or a lower asset rate.
    Any,
}

/// A slash whose effects the step's checks verify exactly.
#[derive(Clone, Debug)]
struct SlashCheck {
    op: u8,
    set: SetKind,
    assets: Vec<Asset>,
    wad: u64,
}

struct Outcome {
    /// `None`: nothing was called (the model had nothing to act on).
    result: Option<Result<(), Revert>>,
    rate_drop: RateDrop,
    slash: Option<SlashCheck>,
    /// A success that legitimately emits no event (plain ETH transfers, warps).
    no_event: bool,
}

impl Outcome {
    fn skipped() -> Self {
        Outcome {
            result: None,
            rate_drop: RateDrop::None,
            slash: None,
            no_event: true,
        }
    }

    fn of<T>(r: &Result<T, Revert>) -> Self {
        Outcome {
            result: Some(r.as_ref().map(|_| ()).map_err(Clone::clone)),
            rate_drop: RateDrop::None,
            slash: None,
            no_event: false,
        }
    }

    fn ok(&self) -> bool {
        matches!(self.result, Some(Ok(())))
    }
}

/// What a run did: steps, successes and failures per action, errors seen.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    /// Steps played after the prelude.
    pub steps: usize,
    /// Successful calls per action.
    pub ok: BTreeMap<&'static str, usize>,
    /// Reverted calls per action.
    pub failed: BTreeMap<&'static str, usize>,
    /// Steps with nothing to act on.
    pub skipped: usize,
    /// Revert reasons seen (error names).
    pub errors: BTreeMap<String, usize>,
}

impl Stats {
    /// Adds `other` into `self`.
    pub fn merge(&mut self, other: &Stats) {
        self.steps += other.steps;
        self.skipped += other.skipped;
        for (k, v) in &other.ok {
            *self.ok.entry(k).or_default() += v;
        }
        for (k, v) in &other.failed {
            *self.failed.entry(k).or_default() += v;
        }
        for (k, v) in &other.errors {
            *self.errors.entry(k.clone()).or_default() += v;
        }
    }
}

fn reason(data: &[u8]) -> String {
    match error_name(data) {
        Some(n) => n.to_string(),
        None => format!("untyped revert 0x{}", hex(data)),
    }
}

fn hex(data: &[u8]) -> String {
    data.iter().map(|b| format!("{b:02x}")).collect()
}

struct Runner<'a, P: Protocol> {
    p: &'a mut P,
    wds: BTreeMap<u64, Wd>,
    reqs: BTreeMap<u64, Req>,
    slash_reqs: Vec<SlashReq>,
    accts: Vec<Acct>,
    delegation: BTreeMap<Who, Option<u8>>,
    /// Per operator and asset: (time, max magnitude from then on).
    mag_hist: [[Vec<(u64, u64)>; 2]; 3],
    evidence: BTreeSet<(u8, u64)>,
    bal: BTreeMap<Who, [U256; 2]>,
    lrt_bal: BTreeMap<Who, U256>,
    vault_in: BTreeMap<(Who, usize), U256>,
    vault_out: BTreeMap<(Who, usize), U256>,
    vault_allow: BTreeMap<(Who, usize), U256>,
    lrt_in: BTreeMap<Who, U256>,
    lrt_out: BTreeMap<Who, U256>,
    lrt_allow: BTreeMap<Who, U256>,
    /// Slack the operator-stake dust bound grows by each step.
    steps: u64,
    stats: Stats,
    /// Check exact amounts (see [`exact!`]).
    exact: bool,
}

/// Plays the prelude, then `raws` decoded, checking every invariant after
/// every step. Returns what happened, or the first violation.
pub fn run<P: Protocol>(p: &mut P, raws: &[Raw]) -> Result<Stats, String> {
    let actions: Vec<Action> = raws.iter().copied().map(Action::decode).collect();
    run_actions(p, &actions)
}

/// [`run`] over decoded actions (regression tests name them directly).
pub fn run_actions<P: Protocol>(p: &mut P, actions: &[Action]) -> Result<Stats, String> {
    let started = std::time::Instant::now();
    let mut r = Runner::new(p);
    let mut snap = r.observe();
    let exact = std::mem::replace(&mut r.exact, false);
    for (i, a) in prelude().into_iter().enumerate() {
        let out = r
            .exec(a, &snap)
            .map_err(|e| format!("prelude step {i} {a:?}: {e}"))?;
        if !out.ok() {
            let why = match &out.result {
                Some(Err(e)) => reason(e),
                _ => "skipped".into(),
            };
            return Err(format!("prelude step {i} {a:?} failed: {why}"));
        }
        refresh_light(&mut r, &mut snap);
    }
    r.exact = exact;
    let mut pre = r.observe();
    r.check_static(&pre)
        .map_err(|e| format!("after the prelude: {e}"))?;
    let trace = std::env::var_os("RESTAKE_FUZZ_TRACE").is_some();
    if trace {
        eprintln!("prelude played and checked in {:?}", started.elapsed());
    }
    for (i, a) in actions.iter().copied().enumerate() {
        r.steps += 1;
        let out = r
            .exec(a, &pre)
            .map_err(|e| format!("step {i} {a:?}: {e}"))?;
        let post = r.observe();
        if trace {
            let what = match &out.result {
                None => "skipped".to_string(),
                Some(Ok(())) => "ok".to_string(),
                Some(Err(e)) => reason(e),
            };
            eprintln!(
                "step {i} {a:?}: {what}; books {:?} ({:?})",
                post.books,
                started.elapsed()
            );
        }
        r.check_step(&pre, &post, a, &out)
            .map_err(|e| format!("step {i} {a:?}: {e}"))?;
        r.stats.steps += 1;
        match &out.result {
            None => r.stats.skipped += 1,
            Some(Ok(())) => *r.stats.ok.entry(a.name()).or_default() += 1,
            Some(Err(e)) => {
                *r.stats.failed.entry(a.name()).or_default() += 1;
                *r.stats.errors.entry(reason(e)).or_default() += 1;
            }
        }
        pre = post;
    }
    Ok(r.stats)
}

/// Between the prelude's steps, only what its restaking moves read: the
/// Lrt's balances and reserves (the prelude runs without exact checks; the
/// full checks run once after it).
fn refresh_light<P: Protocol>(r: &mut Runner<'_, P>, s: &mut Snap) {
    s.now = r.p.now();
    for a in Asset::ALL {
        s.lrt_asset[a.index()] = r.p.lrt_asset(a);
    }
    s.eth.insert(Who::Lrt, r.p.eth_balance(Who::Lrt));
    s.lst.insert(Who::Lrt, r.p.lst_balance(Who::Lrt));
}

impl<'a, P: Protocol> Runner<'a, P> {
    fn new(p: &'a mut P) -> Self {
        let mut bal = BTreeMap::new();
        for w in Who::actors().into_iter().chain([Who::Burn]) {
            bal.insert(w, [p.eth_balance(w), p.lst_balance(w)]);
        }
        let mut delegation = BTreeMap::new();
        for w in 0..WALLETS {
            delegation.insert(Who::Wallet(w), None);
        }
        for o in 0..OPERATORS {
            // Operators are delegated to themselves.
            delegation.insert(Who::Operator(o), Some(o));
        }
        let now = p.now();
        let mag_hist = std::array::from_fn(|_| std::array::from_fn(|_| vec![(now, WAD)]));
        Runner {
            p,
            wds: BTreeMap::new(),
            reqs: BTreeMap::new(),
            slash_reqs: Vec::new(),
            accts: Vec::new(),
            delegation,
            mag_hist,
            evidence: BTreeSet::new(),
            bal,
            lrt_bal: (0..WALLETS).map(|w| (Who::Wallet(w), U256::ZERO)).collect(),
            vault_in: BTreeMap::new(),
            vault_out: BTreeMap::new(),
            vault_allow: BTreeMap::new(),
            lrt_in: BTreeMap::new(),
            lrt_out: BTreeMap::new(),
            lrt_allow: BTreeMap::new(),
            steps: 0,
            stats: Stats::default(),
            exact: std::env::var("RESTAKE_FUZZ_EXACT").map_or(true, |v| v != "0"),
        }
    }

    fn stakers(&self) -> Vec<Who> {
        let mut v: Vec<Who> = (0..WALLETS).map(Who::Wallet).collect();
        v.extend((0..OPERATORS).map(Who::Operator));
        v.extend((0..self.accts.len() as u8).map(Who::Account));
        v
    }

    /// The active sub-account of operator `op`.
    fn account_of(&self, op: u8) -> Option<u8> {
        self.accts
            .iter()
            .position(|a| a.active && a.op == op)
            .map(|k| k as u8)
    }

    fn magnitude_at(&self, op: u8, a: Asset, t: u64) -> u64 {
        self.mag_hist[usize::from(op)][a.index()]
            .iter()
            .rev()
            .find(|(at, _)| *at <= t)
            .map(|(_, m)| *m)
            .unwrap_or(WAD)
    }

    // -----------------------------------------------------------------
    // Observation
    // -----------------------------------------------------------------

    fn observe(&mut self) -> Snap {
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
            withdrawal_count: p.withdrawal_count(),
            request_count: p.lrt_request_count(),
            ..Snap::default()
        };
        for a in Asset::ALL {
            let i = a.index();
            s.vault[i] = p.vault_totals(a);
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
        s.val = self.valuation(&s);
        s
    }

    /// The Lrt's books recomputed independently: idle balances, and per
    /// active sub-account its registry position, the withdrawals the model
    /// knows it records, and (for the book figure) a forced withdrawal at
    /// its snapshot, as the Lrt values them; (for the true figure) at the
    /// registry's views.
    fn valuation(&self, s: &Snap) -> Valuation {
        let mut v = Valuation {
            idle_gross: [s.eth[&Who::Lrt], s.lst[&Who::Lrt]],
            ..Valuation::default()
        };
        for (k, acct) in self.accts.iter().enumerate() {
            if acct.active {
                v.idle_gross[0] += s.eth[&Who::Account(k as u8)];
            }
        }
        let mut restaked = U256::ZERO;
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
                v.per_asset[a.index()] += book[a.index()];
                restaked += to_eth(book[a.index()], s.asset_rate[a.index()], Rounding::Down);
            }
            v.book.insert(k, book);
            v.truth.insert(k, truth);
        }
        let mut idle = U256::ZERO;
        let mut reserved = U256::ZERO;
        for a in Asset::ALL {
            let i = a.index();
            let r = s.asset_rate[i];
            idle += to_eth(v.idle_gross[i], r, Rounding::Down);
            reserved += to_eth(s.lrt_asset[i].0, r, Rounding::Up);
            v.per_asset[i] = (v.per_asset[i] + v.idle_gross[i]).saturating_sub(s.lrt_asset[i].0);
        }
        v.value = (idle + restaked).saturating_sub(reserved);
        v.idle = idle.saturating_sub(reserved);
        v
    }

    // -----------------------------------------------------------------
    // Actions
    // -----------------------------------------------------------------

    fn pay(&mut self, who: Who, a: Asset, amount: U256) -> Check {
        let b = self.bal.entry(who).or_default();
        ensure!(
            b[a.index()] >= amount,
            "the model pays {amount} {a:?} from {who:?}, who has {}",
            b[a.index()]
        );
        b[a.index()] -= amount;
        Ok(())
    }

    fn receive(&mut self, who: Who, a: Asset, amount: U256) {
        self.bal.entry(who).or_default()[a.index()] += amount;
    }

    fn has(&self, who: Who, a: Asset) -> U256 {
        self.bal.get(&who).map(|b| b[a.index()]).unwrap_or_default()
    }

    /// Records the withdrawals the last action queued; `expected` are the
    /// entries the model computed (one withdrawal), checked exactly.
    fn new_withdrawals(
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
    fn slash_possible(&self, pre: &Snap, op: u8, set: SetKind, assets: &[Asset], wad: u64) -> bool {
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

    fn exec(&mut self, action: Action, pre: &Snap) -> Result<Outcome, String> {
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
        })
    }

    /// What an undelegation of `who` queues: every vault with deposit
    /// shares, scaled as the registry scales them.
    fn whole_position(&self, pre: &Snap, who: Who) -> Vec<(Asset, U256)> {
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

    fn after_undelegation(
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
    fn pick_request(&self, pick: u8, status: u8) -> Option<u64> {
        let ids: Vec<u64> = self
            .reqs
            .iter()
            .filter(|(_, q)| q.status == status)
            .map(|(id, _)| *id)
            .collect();
        ids.get(usize::from(pick) % ids.len().max(1)).copied()
    }

    /// Every future time the model knows something happens at.
    fn deadlines(&self, s: &Snap) -> Vec<u64> {
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

    // -----------------------------------------------------------------
    // Checks
    // -----------------------------------------------------------------

    /// Checks that need one snapshot only.
    fn check_static(&self, s: &Snap) -> Check {
        self.check_solvency(s)?;
        self.check_stake(s)?;
        self.check_magnitudes(s)?;
        self.check_queue(s)?;
        self.check_books(s)?;
        self.check_balances(s)?;
        Ok(())
    }

    fn check_step(&mut self, pre: &Snap, post: &Snap, a: Action, out: &Outcome) -> Check {
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
    fn check_solvency(&self, s: &Snap) -> Check {
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
    fn check_stake(&self, s: &Snap) -> Check {
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
    fn check_magnitudes(&self, s: &Snap) -> Check {
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
    fn check_queue(&self, s: &Snap) -> Check {
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
    fn check_frozen(&mut self, s: &Snap) -> Check {
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

    /// The Lrt: its value is what it can withdraw, its supply what holders
    /// and pending requests hold, nothing queued for it is lost.
    fn check_books(&self, s: &Snap) -> Check {
        let (value, supply, idle, pending) = s.books;
        let v = &s.val;
        ensure!(
            value == v.value && idle == v.idle,
            "Lrt books: value {value} idle {idle}, recomputed from the registry {} / {}",
            v.value,
            v.idle
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
    fn check_balances(&self, s: &Snap) -> Check {
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

    /// Invariant 4 and the cap rule: a slash takes exactly the applied
    /// fraction of the slashed set's allocations in the named vaults,
    /// charges exactly that to this operator's cap in this set, never more
    /// than the cap, and touches nothing else; a cap use moves only with a
    /// slash that took magnitude.
    fn check_slash(&mut self, pre: &Snap, post: &Snap, out: &Outcome) -> Check {
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
                let assets = conv(burned, pre.vault[i], Rounding::Down);
                let eth_credit = params.redistributes && *a == Asset::Eth;
                if eth_credit {
                    ensure!(
                        post.vault[i].0 == pre.vault[i].0 && post.credit == pre.credit + burned,
                        "ETH redistribution credited {} for {burned} shares",
                        post.credit - pre.credit
                    );
                } else {
                    ensure!(
                        post.vault[i] == (pre.vault[i].0 - burned, pre.vault[i].1 - assets),
                        "vault {a:?} {:?} after burning {burned} shares for {assets} from {:?}",
                        post.vault[i],
                        pre.vault[i]
                    );
                    let to = if params.redistributes {
                        Who::Recipient
                    } else {
                        Who::Burn
                    };
                    self.receive(to, *a, assets);
                }
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
    fn check_monotone(&self, pre: &Snap, post: &Snap, out: &Outcome) -> Check {
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
    fn check_ledgers(&mut self, pre: &Snap, post: &Snap) -> Check {
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

/// The assets of a mask (bit 0 ETH, bit 1 LST; 0 means both).
fn assets_of(mask: u8) -> Vec<Asset> {
    match mask % 4 {
        1 => vec![Asset::Eth],
        2 => vec![Asset::Lst],
        _ => vec![Asset::Eth, Asset::Lst],
    }
}

/// `rate` moved by `bps` basis points, kept within 0.5–2 ETH.
fn moved(rate: U256, bps: i16) -> U256 {
    let r = md(
        rate,
        u((10_000 + i64::from(bps)) as u64),
        u(10_000),
        Rounding::Down,
    );
    r.clamp(u(WAD / 2), u(2 * WAD))
}
