//! The world's fixed shape (actors, sets, delays, funding) and the actions
//! the fuzzer plays, decoded from raw tuples so that proptest (which shrinks
//! the tuples) and the devnet's seeded generator ([`generate`]) produce the
//! very same sequences. The decoding is in `decode`, the seeded generator
//! and the prelude in `generate`.

use crate::U256;

mod decode;
mod generate;

pub use decode::amount;
pub use generate::{generate, prelude, SplitMix64};

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
    /// Anyone releases the slashed shares of `asset`'s vault waiting for
    /// the recipient (`to_recipient`) or the burn.
    ReleaseSlashed {
        /// The vault's asset.
        asset: Asset,
        /// The redistribution recipient's shares, else the burn's.
        to_recipient: bool,
    },
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
    /// `who` calls the Lrt's `checkpoint()`: a full revaluation, kept
    /// (#15: what raised the books outside the Lrt's own moves counts from
    /// here on).
    LrtCheckpoint {
        /// A wallet.
        who: Who,
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
