//! Decoding raw tuples into actions (`Action::decode`: which kind, which
//! actor, which amount), and each action's name.

use super::*;

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
    36, 36, 36, 36, // release slashed
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
    35, // Lrt checkpoint
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
            35 => Action::LrtCheckpoint { who: wallet(a) },
            36 => Action::ReleaseSlashed {
                asset: Asset::of(b),
                // Mostly the burn, where the instant set's slashes wait.
                to_recipient: c % 3 == 0,
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
            Action::ReleaseSlashed { .. } => "release slashed",
            Action::LrtDeposit { .. } => "Lrt deposit",
            Action::LrtRequest { .. } => "Lrt request",
            Action::LrtFinalize { .. } => "Lrt finalize",
            Action::LrtCancel { .. } => "Lrt cancel",
            Action::LrtClaim { .. } => "Lrt claim",
            Action::LrtInstant { .. } => "Lrt instant exit",
            Action::LrtTransfer { .. } => "Lrt transfer",
            Action::LrtCheckpoint { .. } => "Lrt checkpoint",
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
