//! The world's fixed shape (actors, sets, delays, funding) and the actions
//! the fuzzer plays, decoded from raw tuples so that proptest (which shrinks
//! the tuples) and the devnet's seeded generator ([`generate`]) produce the
//! very same sequences.

use crate::U256;

/// 1e18.
pub const E18: u64 = 1_000_000_000_000_000_000;
/// The WAD unit of magnitudes and fractions.
pub const WAD: u64 = E18;
/// A day in seconds.
pub const DAY: u64 = 86_400;
/// The registry's withdrawal delay.
pub const WITHDRAWAL_DELAY: u64 = 4 * DAY;
/// The slashing manager's deallocation delay.
pub const DEALLOCATION_DELAY: u64 = 6 * DAY;
/// The registry's minimum allocation delay for [`WITHDRAWAL_DELAY`]
/// (`delay + ⌈delay / 4⌉`); every operator's allocation delay is this.
pub const ALLOCATION_DELAY: u64 = WITHDRAWAL_DELAY + WITHDRAWAL_DELAY.div_ceil(4);
/// The veto set's veto window.
pub const VETO_WINDOW: u64 = 2 * DAY;
/// The slashing manager's execution period after a veto window.
pub const EXECUTION_PERIOD: u64 = DAY;
/// The Lrt's redeem delay: the owner sets the deallocation delay, longer
/// than the registry's withdrawal delay (as the deploy script does).
pub const REDEEM_DELAY: u64 = DEALLOCATION_DELAY;
/// The clock at the start of every run.
pub const T0: u64 = 1_800_000_000;

/// Wallets: direct stakers of the vaults and holders of the Lrt.
pub const WALLETS: u8 = 3;
/// Operators, registered at start; the last one has a delegation approver.
pub const OPERATORS: u8 = 3;
/// The operator whose delegations need the approver's signature (and whom
/// the approver may force-undelegate from).
pub const APPROVED_OPERATOR: u8 = 2;
/// At most this many Lrt sub-accounts are created in a run (natively they
/// are deployed beforehand and handed over one by one).
pub const ACCOUNT_POOL: u8 = 6;
/// Each wallet's and operator's starting ETH and LST (the owner's: 10×).
pub const FUNDING: u64 = 10_000;

/// Lrt parameters: concentration cap, buffer and instant fee (basis
/// points), instant limit per day (ETH).
pub const CONCENTRATION_BPS: u64 = 7_000;
/// See [`CONCENTRATION_BPS`].
pub const BUFFER_BPS: u64 = 1_000;
/// See [`CONCENTRATION_BPS`].
pub const INSTANT_FEE_BPS: u64 = 50;
/// See [`CONCENTRATION_BPS`] (whole ETH).
pub const INSTANT_LIMIT: u64 = 200;
/// The instant-exit period.
pub const INSTANT_PERIOD: u64 = DAY;
/// Vault and Lrt deposit caps (whole tokens).
pub const CAP: u64 = 1_000_000;

/// An asset: native ETH or the mock LST, one vault each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Asset {
    /// Native ETH (the ERC-7535 vault).
    Eth,
    /// The mock LST (its own rate source, `setRate` by the owner).
    Lst,
}

impl Asset {
    /// Both assets, in the Lrt's order (index 0 is ETH).
    pub const ALL: [Asset; 2] = [Asset::Eth, Asset::Lst];

    /// Index 0 (ETH) or 1 (LST).
    pub fn index(self) -> usize {
        match self {
            Asset::Eth => 0,
            Asset::Lst => 1,
        }
    }

    fn of(x: u8) -> Asset {
        Asset::ALL[usize::from(x % 2)]
    }
}

/// Every party the fuzzer acts as or reads balances of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Who {
    /// Wallet `i` (< [`WALLETS`]).
    Wallet(u8),
    /// Operator `i` (< [`OPERATORS`]), registered and delegated to itself.
    Operator(u8),
    /// The Lrt's `k`-th sub-account, in creation order.
    Account(u8),
    /// The delegation approver of [`APPROVED_OPERATOR`].
    Approver,
    /// The AVS: owns the three sets and is the slasher of two of them.
    Avs,
    /// The veto set's resolver.
    Resolver,
    /// The veto set's redistribution recipient.
    Recipient,
    /// Owner of everything (registry, vaults, LST, Lrt), the Lrt's manager,
    /// the donor and the "anyone" of permissionless calls.
    Owner,
    /// The Lrt itself (balances only).
    Lrt,
    /// The burn address (balances only).
    Burn,
    /// A vault (balances only).
    Vault(Asset),
}

impl Who {
    /// The actors whose balances the ledger follows exactly.
    pub fn actors() -> Vec<Who> {
        let mut v: Vec<Who> = (0..WALLETS).map(Who::Wallet).collect();
        v.extend((0..OPERATORS).map(Who::Operator));
        v.extend([
            Who::Approver,
            Who::Avs,
            Who::Resolver,
            Who::Recipient,
            Who::Owner,
        ]);
        v
    }
}

/// The AVS's three operator sets (ids 1, 2, 3), each over both vaults.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SetKind {
    /// Instant slashing by the AVS, burned, cap 60% per day.
    Instant,
    /// Vetoable (2-day window, the resolver), redistributed to the
    /// recipient, cap 100% per day.
    Veto,
    /// Evidence only (10% per double sign through the verifier, no
    /// slasher), burned, cap 30% per 2 days.
    Evidence,
}

/// A set's fixed parameters.
#[derive(Clone, Copy, Debug)]
pub struct SetParams {
    /// Its id under the AVS.
    pub id: u32,
    /// Whether the AVS is its slasher (else nobody: evidence only).
    pub avs_slashes: bool,
    /// Whether slashed assets go to [`Who::Recipient`] (else burned).
    pub redistributes: bool,
    /// Veto window (0: instant).
    pub veto_window: u64,
    /// Cap per period (WAD).
    pub cap_wad: u64,
    /// Cap period.
    pub cap_period: u64,
    /// Equivocation penalty (WAD; 0: no evidence slashing).
    pub penalty: u64,
}

impl SetKind {
    /// The three sets.
    pub const ALL: [SetKind; 3] = [SetKind::Instant, SetKind::Veto, SetKind::Evidence];

    /// Index 0..3.
    pub fn index(self) -> usize {
        self as usize
    }

    /// Its parameters.
    pub fn params(self) -> SetParams {
        match self {
            SetKind::Instant => SetParams {
                id: 1,
                avs_slashes: true,
                redistributes: false,
                veto_window: 0,
                cap_wad: WAD / 100 * 60,
                cap_period: DAY,
                penalty: 0,
            },
            SetKind::Veto => SetParams {
                id: 2,
                avs_slashes: true,
                redistributes: true,
                veto_window: VETO_WINDOW,
                cap_wad: WAD,
                cap_period: DAY,
                penalty: 0,
            },
            SetKind::Evidence => SetParams {
                id: 3,
                avs_slashes: false,
                redistributes: false,
                veto_window: 0,
                cap_wad: WAD / 100 * 30,
                cap_period: 2 * DAY,
                penalty: WAD / 10,
            },
        }
    }

    fn of(x: u8) -> SetKind {
        SetKind::ALL[usize::from(x % 3)]
    }
}

/// Where a donation goes (the owner gives).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Donation {
    /// ETH to the Lrt (`receive`).
    LrtEth,
    /// LST transferred to the Lrt.
    LrtLst,
    /// ETH to operator `op`'s current Lrt sub-account.
    AccountEth(u8),
    /// LST transferred to the LST vault (raises its share price).
    LstVault,
    /// A vault deposit credited to operator `op`'s current Lrt sub-account
    /// (a stranger's deposit for it: its registry position grows behind
    /// the Lrt's back).
    AccountDeposit(u8, Asset),
}

/// Who force-undelegates, and whom.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// Wallet `i`.
    Wallet(u8),
    /// Operator `op`'s current Lrt sub-account.
    LrtAccountOf(u8),
}

/// A time jump.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Warp {
    /// To the `index`-th (modulo their number) of the pending deadlines the
    /// model knows (withdrawals, allocations, departures, veto windows,
    /// expiries, redeem delays, cap periods), plus `offset` ∈ {−1, 0, 1}.
    ToDeadline {
        /// Which deadline.
        index: u8,
        /// −1, 0 or 1 second around it.
        offset: i8,
    },
    /// Forward by this many seconds.
    By(u64),
}

/// One step of a sequence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// `who` deposits into `asset`'s vault for itself.
    VaultDeposit {
        /// A wallet or an operator.
        who: Who,
        /// Which vault.
        asset: Asset,
        /// In wei of the asset.
        amount: U256,
    },
    /// `who` delegates to operator `op` (with the approver's signature when
    /// `op` is the approved one).
    Delegate {
        /// A wallet.
        who: Who,
        /// Operator index.
        op: u8,
    },
    /// `who` undelegates itself.
    Undelegate {
        /// A wallet.
        who: Who,
    },
    /// The target's operator (or its approver) undelegates it.
    ForceUndelegate {
        /// The approver calls instead of the operator.
        by_approver: bool,
        /// Whom.
        target: Target,
    },
    /// `who` moves to operator `op`.
    Redelegate {
        /// A wallet.
        who: Who,
        /// Operator index.
        op: u8,
    },
    /// `who` queues `pct`% of its deposit shares in the vaults of `mask`.
    Queue {
        /// A wallet or an operator.
        who: Who,
        /// Bit 0 ETH, bit 1 LST (0 means both).
        mask: u8,
        /// 1..=100.
        pct: u8,
    },
    /// `who` completes one of its withdrawals.
    Complete {
        /// A wallet or an operator.
        who: Who,
        /// Which of its open withdrawals (modulo their number).
        pick: u8,
        /// As tokens (else as shares).
        as_tokens: bool,
    },
    /// Operator `op` joins `set`.
    Join {
        /// Operator index.
        op: u8,
        /// Which set.
        set: SetKind,
    },
    /// Operator `op` leaves `set`.
    Leave {
        /// Operator index.
        op: u8,
        /// Which set.
        set: SetKind,
    },
    /// Operator `op` sets its allocation of `asset` to `set`.
    Allocate {
        /// Operator index.
        op: u8,
        /// Which set.
        set: SetKind,
        /// Which vault.
        asset: Asset,
        /// New magnitude (WAD).
        magnitude: u64,
    },
    /// The AVS slashes `op` in `set` at once (the evidence set refuses it).
    Slash {
        /// Operator index.
        op: u8,
        /// Which set.
        set: SetKind,
        /// Bit 0 ETH, bit 1 LST (0 means both).
        mask: u8,
        /// WAD fraction.
        wad: u64,
    },
    /// The AVS requests a slash of `op` in the veto set.
    RequestSlash {
        /// Operator index.
        op: u8,
        /// Bit 0 ETH, bit 1 LST (0 means both).
        mask: u8,
        /// WAD fraction.
        wad: u64,
    },
    /// The resolver vetoes a request.
    VetoSlash {
        /// Which request (modulo their number).
        pick: u8,
    },
    /// Anyone executes a request.
    ExecuteSlash {
        /// Which request (modulo their number).
        pick: u8,
    },
    /// Anyone proves that `op` signed two payloads at `height` in the
    /// evidence set.
    Evidence {
        /// Operator index.
        op: u8,
        /// The height (few distinct values, so replays happen).
        height: u64,
    },
    /// The recipient claims its credited slashed ETH.
    ClaimSlashed,
    /// `who` mints LRT with `amount` of `asset`.
    LrtDeposit {
        /// A wallet.
        who: Who,
        /// Which asset.
        asset: Asset,
        /// In wei of the asset.
        amount: U256,
    },
    /// `who` requests a redemption of `pct`% of its LRT in `asset`.
    LrtRequest {
        /// A wallet.
        who: Who,
        /// Paid in.
        asset: Asset,
        /// 1..=100.
        pct: u8,
    },
    /// Anyone finalizes a pending request.
    LrtFinalize {
        /// Which request (modulo their number).
        pick: u8,
    },
    /// A request's owner cancels it.
    LrtCancel {
        /// Which request (modulo their number).
        pick: u8,
    },
    /// A request's owner claims it.
    LrtClaim {
        /// Which request (modulo their number).
        pick: u8,
    },
    /// `who` exits `pct`% of its LRT at once in `asset`.
    LrtInstant {
        /// A wallet.
        who: Who,
        /// Paid in.
        asset: Asset,
        /// 1..=100.
        pct: u8,
    },
    /// `from` sends `pct`% of its LRT to `to`.
    LrtTransfer {
        /// A wallet.
        from: Who,
        /// A wallet.
        to: Who,
        /// 1..=100.
        pct: u8,
    },
    /// The manager adds operator `op` (the next sub-account).
    AddOperator {
        /// Operator index.
        op: u8,
    },
    /// The manager restakes `pct`% of the Lrt's free idle `asset` with `op`.
    Restake {
        /// Operator index.
        op: u8,
        /// Which asset.
        asset: Asset,
        /// 1..=100.
        pct: u8,
    },
    /// The manager unstakes `pct`% of `op`'s sub-account's deposit shares.
    Unstake {
        /// Operator index.
        op: u8,
        /// Which asset.
        asset: Asset,
        /// 1..=100.
        pct: u8,
    },
    /// Anyone completes a registry withdrawal of `op`'s sub-account.
    CompleteUnstake {
        /// Operator index.
        op: u8,
        /// Which of its open registry withdrawals (modulo their number).
        pick: u8,
    },
    /// Anyone adopts the withdrawal the registry queued for `op`'s
    /// sub-account without it.
    Adopt {
        /// Operator index.
        op: u8,
    },
    /// The manager delegates `op`'s sub-account to it again.
    RedelegateOperator {
        /// Operator index.
        op: u8,
    },
    /// The manager removes operator `op`.
    RemoveOperator {
        /// Operator index.
        op: u8,
    },
    /// The LST owner moves its `getRate()` by `bps` basis points.
    SetLstRate {
        /// −2000..=2000.
        bps: i16,
    },
    /// The owner moves the second rate source (the oracle) by `bps`.
    SetOracleRate {
        /// −2000..=2000.
        bps: i16,
    },
    /// The Lrt's owner points the LST at the oracle or back at the LST.
    SetRateSource {
        /// To the oracle.
        oracle: bool,
    },
    /// The owner donates.
    Donate {
        /// Where.
        to: Donation,
        /// In wei of the asset.
        amount: U256,
    },
    /// Time passes.
    Warp(Warp),
}

/// The raw form proptest generates and shrinks: `(kind, a, b, c, x)`.
pub type Raw = (u8, u8, u8, u8, u64);

/// Which action a `kind` byte selects; repeats weight the draw.
const KINDS: &[u8] = &[
    0, 0, 0, 0, // vault deposits
    1, 1, // delegate
    2, // undelegate
    3, 3, // forced undelegation
    4, // redelegate
    5, 5, 5, // queue
    6, 6, 6, // complete
    7, 7, // join
    8, // leave
    9, 9, 9, 9, // allocate
    10, 10, 10, // instant slash
    11, 11, // request
    12, // veto
    13, 13, // execute
    14, 14, // evidence
    15, // claim slashed
    16, 16, 16, 16, // Lrt deposit
    17, 17, 17, // Lrt request
    18, 18, // finalize
    19, // cancel
    20, 20, // claim
    21, 21, // instant
    22, // transfer
    23, 23, // add operator
    24, 24, 24, // restake
    25, 25, // unstake
    26, 26, // complete unstake
    27, // adopt
    28, // redelegate operator
    29, // remove operator
    30, // LST rate
    31, // oracle rate
    32, // rate source
    33, 33, // donate
    34, 34, 34, 34, 34, // warp
];

/// An amount of wei from a raw word: dust (a few wei), below 1 token, or
/// up to 40 tokens.
pub fn amount(x: u64) -> U256 {
    match x % 4 {
        0 => U256::from(1 + (x >> 2) % 1_000),
        3 => U256::from(1 + (x >> 2) % E18),
        _ => U256::from(1 + (x >> 2) % 40) * U256::from(E18) / U256::from(1 + (x >> 8) % 3),
    }
}

/// 1..=100 from a raw byte (100 a tenth of the time).
fn pct(b: u8) -> u8 {
    if b.is_multiple_of(10) {
        100
    } else {
        1 + b % 100
    }
}

/// A magnitude: 0, all of it, arbitrary, or a round percentage.
fn magnitude(x: u64) -> u64 {
    match x % 5 {
        0 => 0,
        1 => WAD,
        2 => (x >> 3) % (WAD + 1),
        _ => (x >> 3) % 101 * (WAD / 100),
    }
}

/// A slash fraction: tiny (1..1000 wei of WAD), 100%, or a percentage.
fn fraction(x: u64) -> u64 {
    match x % 4 {
        0 => 1 + (x >> 2) % 1_000,
        1 => WAD,
        _ => (1 + (x >> 2) % 100) * (WAD / 100),
    }
}

fn wallet(b: u8) -> Who {
    Who::Wallet(b % WALLETS)
}

fn staker(b: u8) -> Who {
    if b % 3 == 2 {
        Who::Operator((b / 3) % OPERATORS)
    } else {
        wallet(b)
    }
}

fn bps(x: u64) -> i16 {
    ((x % 4_001) as i16) - 2_000
}

impl Action {
    /// Decodes a raw tuple (every tuple is some action).
    pub fn decode((kind, a, b, c, x): Raw) -> Action {
        let op = a % OPERATORS;
        match KINDS[usize::from(kind) % KINDS.len()] {
            0 => Action::VaultDeposit {
                who: staker(a),
                asset: Asset::of(b),
                amount: amount(x),
            },
            1 => Action::Delegate {
                who: wallet(a),
                op: b % OPERATORS,
            },
            2 => Action::Undelegate { who: wallet(a) },
            3 => Action::ForceUndelegate {
                by_approver: c % 3 == 0,
                target: if b % 2 == 0 {
                    Target::Wallet(a % WALLETS)
                } else {
                    Target::LrtAccountOf(op)
                },
            },
            4 => Action::Redelegate {
                who: wallet(a),
                op: b % OPERATORS,
            },
            5 => Action::Queue {
                who: staker(a),
                mask: b % 4,
                pct: pct(c),
            },
            6 => Action::Complete {
                who: staker(a),
                pick: b,
                as_tokens: c % 4 != 0,
            },
            7 => Action::Join {
                op,
                set: SetKind::of(b),
            },
            8 => Action::Leave {
                op,
                set: SetKind::of(b),
            },
            9 => Action::Allocate {
                op,
                set: SetKind::of(b),
                asset: Asset::of(c),
                magnitude: magnitude(x),
            },
            10 => Action::Slash {
                op,
                // Mostly the instant set; sometimes the others, which refuse.
                set: if b % 8 == 0 {
                    SetKind::of(c)
                } else {
                    SetKind::Instant
                },
                mask: c % 4,
                wad: fraction(x),
            },
            11 => Action::RequestSlash {
                op,
                mask: b % 4,
                wad: fraction(x),
            },
            12 => Action::VetoSlash { pick: a },
            13 => Action::ExecuteSlash { pick: a },
            14 => Action::Evidence {
                op,
                height: u64::from(b % 6),
            },
            15 => Action::ClaimSlashed,
            16 => Action::LrtDeposit {
                who: wallet(a),
                asset: Asset::of(b),
                amount: amount(x),
            },
            17 => Action::LrtRequest {
                who: wallet(a),
                asset: Asset::of(b),
                pct: pct(c),
            },
            18 => Action::LrtFinalize { pick: a },
            19 => Action::LrtCancel { pick: a },
            20 => Action::LrtClaim { pick: a },
            21 => Action::LrtInstant {
                who: wallet(a),
                asset: Asset::of(b),
                pct: pct(c),
            },
            22 => Action::LrtTransfer {
                from: wallet(a),
                to: wallet(b),
                pct: pct(c),
            },
            23 => Action::AddOperator { op },
            24 => Action::Restake {
                op,
                asset: Asset::of(b),
                pct: pct(c),
            },
            25 => Action::Unstake {
                op,
                asset: Asset::of(b),
                pct: pct(c),
            },
            26 => Action::CompleteUnstake { op, pick: b },
            27 => Action::Adopt { op },
            28 => Action::RedelegateOperator { op },
            29 => Action::RemoveOperator { op },
            30 => Action::SetLstRate { bps: bps(x) },
            31 => Action::SetOracleRate { bps: bps(x) },
            32 => Action::SetRateSource { oracle: a % 2 == 0 },
            33 => Action::Donate {
                to: match b % 6 {
                    0 => Donation::LrtEth,
                    1 => Donation::LrtLst,
                    2 => Donation::AccountEth(op),
                    3 => Donation::LstVault,
                    _ => Donation::AccountDeposit(op, Asset::of(c)),
                },
                amount: amount(x),
            },
            _ => Action::Warp(if a % 3 == 0 {
                Warp::By(match b % 6 {
                    0 => 1,
                    1 => 3_600,
                    2 => DAY,
                    3 => WITHDRAWAL_DELAY / 4,
                    4 => WITHDRAWAL_DELAY,
                    _ => DEALLOCATION_DELAY,
                })
            } else {
                Warp::ToDeadline {
                    index: b,
                    offset: (c % 3) as i8 - 1,
                }
            }),
        }
    }

    /// A short name for statistics.
    pub fn name(&self) -> &'static str {
        match self {
            Action::VaultDeposit { .. } => "vault deposit",
            Action::Delegate { .. } => "delegate",
            Action::Undelegate { .. } => "undelegate",
            Action::ForceUndelegate { .. } => "forced undelegation",
            Action::Redelegate { .. } => "redelegate",
            Action::Queue { .. } => "queue withdrawal",
            Action::Complete { .. } => "complete withdrawal",
            Action::Join { .. } => "join set",
            Action::Leave { .. } => "leave set",
            Action::Allocate { .. } => "allocate",
            Action::Slash { .. } => "instant slash",
            Action::RequestSlash { .. } => "request slash",
            Action::VetoSlash { .. } => "veto slash",
            Action::ExecuteSlash { .. } => "execute slash",
            Action::Evidence { .. } => "evidence slash",
            Action::ClaimSlashed => "claim slashed",
            Action::LrtDeposit { .. } => "Lrt deposit",
            Action::LrtRequest { .. } => "Lrt request",
            Action::LrtFinalize { .. } => "Lrt finalize",
            Action::LrtCancel { .. } => "Lrt cancel",
            Action::LrtClaim { .. } => "Lrt claim",
            Action::LrtInstant { .. } => "Lrt instant exit",
            Action::LrtTransfer { .. } => "Lrt transfer",
            Action::AddOperator { .. } => "add operator",
            Action::Restake { .. } => "restake",
            Action::Unstake { .. } => "unstake",
            Action::CompleteUnstake { .. } => "complete unstake",
            Action::Adopt { .. } => "adopt",
            Action::RedelegateOperator { .. } => "redelegate operator",
            Action::RemoveOperator { .. } => "remove operator",
            Action::SetLstRate { .. } => "LST rate",
            Action::SetOracleRate { .. } => "oracle rate",
            Action::SetRateSource { .. } => "rate source",
            Action::Donate { .. } => "donate",
            Action::Warp(_) => "warp",
        }
    }
}

/// SplitMix64: a tiny seeded generator (no dependency), for the devnet's
/// runs.
#[derive(Clone, Debug)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// `steps` raw tuples from `seed`: the devnet's sequence for that seed (the
/// native test can replay it with the same tuples).
pub fn generate(seed: u64, steps: usize) -> Vec<Raw> {
    let mut rng = SplitMix64::new(seed);
    (0..steps)
        .map(|_| {
            let w = rng.next_u64();
            let x = rng.next_u64();
            (w as u8, (w >> 8) as u8, (w >> 16) as u8, (w >> 24) as u8, x)
        })
        .collect()
}

/// The fixed start of every run (after the world is built): operators
/// self-stake, wallets stake and delegate, every operator joins every set
/// and allocates, the clock passes the allocation delay, the Lrt takes two
/// operators, wallets mint and the manager restakes. Run without per-step
/// checks (each must succeed), so that random sequences start from a world
/// where slashes, exits and restaking moves have something to act on.
pub fn prelude() -> Vec<Action> {
    let e = |n: u64| U256::from(n) * U256::from(E18);
    let mut v = vec![
        Action::VaultDeposit {
            who: Who::Operator(0),
            asset: Asset::Eth,
            amount: e(10),
        },
        Action::VaultDeposit {
            who: Who::Operator(1),
            asset: Asset::Lst,
            amount: e(10),
        },
        Action::VaultDeposit {
            who: Who::Wallet(0),
            asset: Asset::Eth,
            amount: e(30),
        },
        Action::VaultDeposit {
            who: Who::Wallet(1),
            asset: Asset::Lst,
            amount: e(20),
        },
        Action::VaultDeposit {
            who: Who::Wallet(2),
            asset: Asset::Eth,
            amount: e(15),
        },
    ];
    for (w, op) in [(0, 0), (1, 1), (2, APPROVED_OPERATOR)] {
        v.push(Action::Delegate {
            who: Who::Wallet(w),
            op,
        });
    }
    for op in 0..OPERATORS {
        for (set, m) in [
            (SetKind::Instant, 30),
            (SetKind::Veto, 30),
            (SetKind::Evidence, 20),
        ] {
            v.push(Action::Join { op, set });
            for asset in Asset::ALL {
                v.push(Action::Allocate {
                    op,
                    set,
                    asset,
                    magnitude: WAD / 100 * m,
                });
            }
        }
    }
    v.push(Action::Warp(Warp::By(ALLOCATION_DELAY)));
    v.extend([
        Action::AddOperator { op: 0 },
        Action::AddOperator { op: 1 },
        Action::LrtDeposit {
            who: Who::Wallet(0),
            asset: Asset::Eth,
            amount: e(20),
        },
        Action::LrtDeposit {
            who: Who::Wallet(1),
            asset: Asset::Lst,
            amount: e(12),
        },
        Action::LrtDeposit {
            who: Who::Wallet(2),
            asset: Asset::Eth,
            amount: e(6),
        },
        Action::Restake {
            op: 0,
            asset: Asset::Eth,
            pct: 50,
        },
        Action::Restake {
            op: 1,
            asset: Asset::Lst,
            pct: 50,
        },
        Action::Restake {
            op: 1,
            asset: Asset::Eth,
            pct: 30,
        },
    ]);
    v
}
