//! Shrunk failures of the whole-protocol property test, replayed as named
//! tests: each is the minimal sequence proptest shrank a failure to (its raw
//! tuples, and the same sequence spelled out as actions), run through the
//! same runner and checks (see `docs/fuzzing.md`).
use restake_fuzz_model::{run, run_actions, Action, Asset, Donation, Raw, Who, E18};
use restake_protocol_tests::World;

fn replay(raws: &[Raw]) {
    if let Err(e) = run(&mut World::new(), raws) {
        panic!("{e}");
    }
}

fn replay_actions(actions: &[Action]) {
    if let Err(e) = run_actions(&mut World::new(), actions) {
        panic!("{e}");
    }
}

/// Invariant 6 (the Lrt ledger) on `cancelRedeem` before the fix: wallet 0
/// requests all its 20 LRT (worth 20 ETH), 4 ETH are donated, it cancels
/// and holds LRT worth 21.06 ETH — 1.06 ETH of the other holders' reward.
/// Now it holds LRT worth its 20 ETH (less rounding).
#[test]
fn a_cancel_takes_no_share_of_rewards_that_arrived_while_it_was_pending() {
    replay(&[(251, 0, 0, 0, 0), (206, 0, 0, 0, 13), (185, 0, 0, 0, 0)]);
    replay_actions(&[
        Action::LrtRequest {
            who: Who::Wallet(0),
            asset: Asset::Eth,
            pct: 100,
        },
        Action::Donate {
            to: Donation::LrtEth,
            amount: restake_fuzz_model::U256::from(4 * E18),
        },
        Action::LrtCancel { pick: 0 },
    ]);
}

/// #15, the Lrt's kept books: a donation to the LST vault raises what the
/// Lrt's LST position is worth behind its back. The kept books lag it (the
/// donation step and the mint after it price at the kept figure, which the
/// checks require to be exactly the kept one and below a full
/// revaluation); a `checkpoint` then revalues in full and the books equal
/// the recomputation again.
#[test]
fn kept_books_lag_a_vault_donation_until_a_checkpoint() {
    let stats = run_actions(
        &mut World::new(),
        &[
            Action::Donate {
                to: Donation::LstVault,
                amount: restake_fuzz_model::U256::from(5 * E18),
            },
            Action::LrtDeposit {
                who: Who::Wallet(0),
                asset: Asset::Eth,
                amount: restake_fuzz_model::U256::from(E18),
            },
            Action::LrtCheckpoint {
                who: Who::Wallet(1),
            },
        ],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(stats.kept_lagged, 2, "{stats:?}");
    assert_eq!(stats.ok.get("Lrt checkpoint"), Some(&1), "{stats:?}");
}
