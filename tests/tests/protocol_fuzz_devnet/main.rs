//! The whole-protocol fuzzer on the devnet (issue #12, part 2): the same
//! actions, model and checks as the native property test
//! (`contracts/tests/protocol`, both from `restake-fuzz-model`), played
//! against the release wasm deployed by the deploy script, over JSON-RPC,
//! every invariant read through the contracts' views. So the wasm and the
//! native build cannot drift apart unseen: a sequence that passes natively
//! and fails here (or the reverse) is a finding.
//!
//! Seeded, not shrunk: `RESTAKE_FUZZ_DEVNET_SEEDS` seeds (default 2: seeds
//! 1 and 2) of `RESTAKE_FUZZ_DEVNET_STEPS` steps each (default 25), each on
//! a fresh devnet and suite; `RESTAKE_FUZZ_DEVNET_SEED=n` runs seed `n`
//! only. A failing seed names its step; replay the same tuples natively with
//! `restake_fuzz_model::generate(seed, steps)` to shrink it.
//!
//! Time is pinned: every block (and every view) runs at the model's clock,
//! set with `evm_setNextBlockTimestamp`, so delay boundaries land exactly.
//! An action is simulated with `eth_call` first (its return value, or its
//! revert data: a reverted action sends nothing), then sent; the gas each
//! actor paid is added back to its ETH balance for the model.

mod protocol;
mod world;

use restake_e2e::env_or;
use restake_fuzz_model as model;

use world::Devnet;

/// The seeded sequences on the release wasm: 2 seeds × 24 steps in CI
/// (`RESTAKE_FUZZ_DEVNET_SEEDS`, `RESTAKE_FUZZ_DEVNET_STEPS` and
/// `RESTAKE_FUZZ_DEVNET_SEED` run others), every invariant checked after
/// every step through the contracts' views, as natively. One devnet and
/// suite; each seed starts from a snapshot of the fresh world.
#[test]
fn protocol_fuzz_on_the_devnet_holds_every_invariant() {
    let steps = env_or("RESTAKE_FUZZ_DEVNET_STEPS", 24u64) as usize;
    let seeds: Vec<u64> = match std::env::var("RESTAKE_FUZZ_DEVNET_SEED") {
        Ok(s) => vec![s.parse().expect("seed")],
        Err(_) => (1..=env_or("RESTAKE_FUZZ_DEVNET_SEEDS", 2u64)).collect(),
    };
    let started = std::time::Instant::now();
    let mut world = Devnet::start();
    let t0 = world.now;
    let mut fresh = world.snapshot();
    eprintln!("devnet, suite and world ready in {:?}", started.elapsed());
    let mut totals = model::Stats::default();
    for (n, seed) in seeds.into_iter().enumerate() {
        let started = std::time::Instant::now();
        if n > 0 {
            world.revert(fresh, t0);
            fresh = world.snapshot();
        }
        let raws = model::generate(seed, steps);
        match model::run(&mut world, &raws) {
            Ok(stats) => {
                eprintln!(
                    "seed {seed}: prelude and {steps} steps in {:?} ({} calls ok, {} reverted, {} skipped)",
                    started.elapsed(),
                    stats.ok.values().sum::<usize>(),
                    stats.failed.values().sum::<usize>(),
                    stats.skipped
                );
                totals.merge(&stats);
            }
            Err(e) => panic!(
                "seed {seed} ({steps} steps): {e}\nreplay natively with restake_fuzz_model::generate({seed}, {steps})"
            ),
        }
    }
    eprintln!("{totals:#?}");
    assert!(
        totals.ok.values().sum::<usize>() > totals.steps / 4,
        "the sequences barely acted: {totals:?}"
    );
}
