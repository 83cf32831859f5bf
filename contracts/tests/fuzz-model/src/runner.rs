//! The runner: plays actions on a [`Protocol`], keeps the model, and checks
//! every invariant after every step. The snapshot, the model and the runner
//! are here; `observe` takes the snapshot, `exec` plays an action (one
//! module per group of actions), `checks` checks a step.

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

mod checks;
mod exec;
mod observe;

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
    /// The registry's copy of `dshares`.
    rshares: [U256; 2],
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

/// The Lrt's books recomputed from the registry, the vaults and balances
/// (the full revaluation), or as the Lrt keeps them (#15, `kept`).
#[derive(Clone, Debug, Default)]
struct Valuation {
    /// Per active sub-account, per asset: what the Lrt's valuation counts
    /// (the snapshot for an unadopted forced withdrawal).
    book: BTreeMap<u8, [U256; 2]>,
    /// The same with the forced withdrawal at the registry's own views.
    truth: BTreeMap<u8, [U256; 2]>,
    /// Per asset: what the sub-accounts hold in positions and queued
    /// withdrawals (the sum of `book`, or the kept figure).
    restaked: [U256; 2],
    /// The sub-accounts' ETH (or the kept figure).
    accounts_eth: U256,
    /// The kept books, not a full revaluation.
    kept: bool,
    idle_gross: [U256; 2],
    per_asset: [U256; 2],
    value: U256,
    idle: U256,
}

/// What the model knows the Lrt keeps (#15): the sub-accounts' positions
/// and ETH, valid under `key` (slash epoch, operator count, sub-accounts
/// ever created).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Kept {
    key: (u64, usize, usize),
    restaked: [U256; 2],
    accounts_eth: U256,
}

impl Kept {
    fn of(v: &Valuation, key: (u64, usize, usize)) -> Self {
        Kept {
            key,
            restaked: v.restaked,
            accounts_eth: v.accounts_eth,
        }
    }
}

#[derive(Clone, Debug, Default)]
struct Snap {
    now: u64,
    vault: [(U256, U256); 2],
    credit: U256,
    /// Slashed shares not yet released, per asset: `[burn, recipient]`.
    pending: [[U256; 2]; 2],
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
    /// The registry's slash epoch.
    epoch: u64,
    /// The key the Lrt's kept books would be valid under.
    key: (u64, usize, usize),
    withdrawal_count: u64,
    request_count: u64,
    /// The Lrt's books as it values with them (kept or full).
    val: Valuation,
    /// The full revaluation.
    full: Valuation,
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
    /// Steps after which the Lrt's kept books counted less than a full
    /// revaluation (#15: a lag the checks then followed).
    pub kept_lagged: usize,
}

impl Stats {
    /// Adds `other` into `self`.
    pub fn merge(&mut self, other: &Stats) {
        self.steps += other.steps;
        self.skipped += other.skipped;
        self.kept_lagged += other.kept_lagged;
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
    /// What the Lrt keeps, as far as the model knows (#15).
    kept: Option<Kept>,
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
    // The prelude ends with a checkpoint: the Lrt keeps the full books.
    r.kept = Some(Kept::of(&pre.full, pre.key));
    pre.val = r.seen(&pre);
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
        let mut post = r.observe();
        r.follow_kept(a, &out, &pre, &mut post);
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
        if post.val.kept && post.val.value < post.full.value {
            r.stats.kept_lagged += 1;
        }
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
            kept: None,
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
