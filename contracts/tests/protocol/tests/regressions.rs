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
