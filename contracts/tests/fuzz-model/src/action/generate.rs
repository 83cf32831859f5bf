//! The devnet's seeded generator of raw tuples (`SplitMix64`, `generate`)
//! and the fixed prelude every run starts with.

use super::*;

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
        // #15: the Lrt keeps its books from here (the model starts from
        // them).
        Action::LrtCheckpoint {
            who: Who::Wallet(0),
        },
    ]);
    v
}
