//! Reentrancy through token callbacks (issue #12, part 3), on the devnet
//! with the real wasm: a token whose `transfer` and `transferFrom` call back
//! into the suite mid-call (`integrator/test/ReentrantToken.sol`, Solidity:
//! an EVM token is what Arbitrum's LSTs are, and it exercises the Stylus ↔
//! EVM reentry Nitro counts) is accepted where an owner would accept it: a
//! vault over it, registered with the registry, and an Lrt asset
//! (`addAsset(token, vault, cap, rateSource)`, the token its own 1:1 rate
//! source). The token holds positions of its own (vault shares, a matured
//! withdrawal, LRT, a claimable and a finalizable redemption request) and,
//! on every transfer an honest wallet's or the manager's operation makes
//! (deposit, withdrawal completion, Lrt deposit, instant exit, claim,
//! restake, unstake completion, the release of a redistributing slash), tries to cash them
//! out and to move the books: vault deposit and mint, queue and complete
//! withdrawals, Lrt deposit, instant exit, request, claim, finalize,
//! checkpoint, LRT transfer, unstake completion, a sub-account's `complete`.
//!
//! What must hold, per operation and for hooks run before and after the
//! token moves its balances:
//! * every call into a Stylus program already on the call stack reverts at
//!   once with no data (stylus-sdk's reentrancy guard; the sub-accounts,
//!   built `reentrant` on purpose, only let their controller in), read from
//!   the call tree of the transaction;
//! * nothing traps or runs out of gas;
//! * the books after the reentrant run equal, exactly, the books after the
//!   same operation run without hooks followed by the hooks that succeeded,
//!   each on its own (every balance of the token and of ETH, the vaults'
//!   shares and assets, every staker's deposit and withdrawable shares, the
//!   operator's stake, every withdrawal, the Lrt's books, supply, balances,
//!   assets and requests): a reentrant call is at most a call made next;
//! * so the token (the attacker) ends with exactly what the sequential run
//!   gives it: no profit.

use alloy::primitives::U256;
use alloy::sol_types::SolCall;
use restake_e2e::{bindings, Harness};

mod scenarios;
mod trace;
mod world;

use scenarios::{anchors, hooks, scenarios, word, Hook};
use trace::{check_guard, guarded, token_calls};
use world::{IReentrantToken, World};

#[tokio::test(flavor = "current_thread")]
async fn a_reentrant_token_cannot_profit_or_corrupt_the_books() {
    let started = std::time::Instant::now();
    let h = Harness::start(Default::default()).await;
    let mut w = World::set_up(&h).await;
    let (attacker, token) = (w.attacker, w.token);

    let t0 = w.p.head_timestamp() + 60;
    let hook_list = hooks(&w);
    let guarded = guarded(&w);
    let mut failures = Vec::new();
    let mut reentries = 0;
    let mut before = w.books();
    let mut base = w.p.snapshot();
    println!(
        "reentrant token: set up in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    for (k, sc) in scenarios(&w).into_iter().enumerate() {
        if let Some((from, to, data)) = &sc.prepare {
            w.p.set_next_timestamp(t0);
            w.must(*from, *to, data.clone());
            before = w.books();
            base = w.p.snapshot();
        }
        for after_move in [false, true] {
            let label = format!(
                "{} [hooks {} the balances move]",
                sc.label,
                if after_move { "after" } else { "before" }
            );
            // Armed: the operation with the token calling back.
            w.p.set_next_timestamp(t0);
            let arm = IReentrantToken::armCall {
                list: hook_list
                    .iter()
                    .map(|h| IReentrantToken::Hook {
                        target: h.target,
                        value: U256::ZERO,
                        data: h.data.clone().into(),
                    })
                    .collect(),
                afterMove: after_move,
            }
            .abi_encode();
            w.must(attacker, token, arm);
            w.p.set_next_timestamp(t0);
            let armed =
                w.p.send_as(sc.from, &[World::probe(sc.to, sc.data.clone())])
                    .remove(0);
            let trace = armed.trace.clone();
            reentries += check_guard(&trace, &guarded, &mut failures, &label);
            if !armed.is_clean() {
                failures.push(format!(
                    "{label}: trapped {:?} or ran out of gas {:?} (used {} of {})",
                    armed.traps, armed.out_of_gas, armed.gas_used, armed.gas_limit
                ));
            }
            // The hooks' outcomes, from the call tree: every frame the token
            // opened is one of its hooks, in order.
            let calls = token_calls(&trace, token);
            if calls.len() != hook_list.len() {
                failures.push(format!("{label}: the hooks ran {} times", calls.len()));
            }
            let succeeded: Vec<Hook> = hook_list
                .iter()
                .zip(&calls)
                .filter(|(_, ok)| **ok)
                .map(|(h, _)| h.clone())
                .collect();
            let armed_books = w.books();
            w.p.revert_to(base);
            base = w.p.snapshot();
            // Control: the operation alone, then the hooks that succeeded,
            // each on its own, at the same time.
            w.p.set_next_timestamp(t0);
            let control =
                w.p.send_as(sc.from, &[World::probe(sc.to, sc.data.clone())])
                    .remove(0);
            if (control.success, &control.output) != (armed.success, &armed.output) {
                failures.push(format!(
                    "{label}: the operation answered {} {} with hooks, {} {} without",
                    armed.success,
                    bindings::decode_error(&armed.output),
                    control.success,
                    bindings::decode_error(&control.output)
                ));
            }
            if !control.success {
                failures.push(format!(
                    "{label}: the operation itself failed: {}",
                    bindings::decode_error(&control.output)
                ));
            }
            let mut replay_failed = Vec::new();
            for hk in &succeeded {
                w.p.set_next_timestamp(t0);
                let call = IReentrantToken::execCall {
                    target: hk.target,
                    value: U256::ZERO,
                    data: hk.data.clone().into(),
                }
                .abi_encode();
                let o =
                    w.p.send_as(attacker, &[World::probe(token, call)])
                        .remove(0);
                if !o.success {
                    replay_failed.push(hk.label);
                }
            }
            if !replay_failed.is_empty() {
                failures.push(format!(
                    "{label}: hooks that succeeded mid-call fail on their own: {replay_failed:?}"
                ));
            }
            let control_books = w.books();
            for (key, change) in anchors(k) {
                let got = word(&control_books, key) - word(&before, key);
                if got != *change {
                    failures.push(format!("{label}: {key} changed by {got}, not {change}"));
                }
            }
            for (k, v) in &armed_books {
                if control_books.get(k) != Some(v) {
                    failures.push(format!(
                        "{label}: {k} is {v} after the reentrant run, {} after the sequential one",
                        control_books
                            .get(k)
                            .map(String::as_str)
                            .unwrap_or("missing")
                    ));
                }
            }
            println!(
                "{label}: {} of {} hooks succeeded mid-call ({}), the books match the sequential run",
                succeeded.len(),
                hook_list.len(),
                succeeded.iter().map(|h| h.label).collect::<Vec<_>>().join(", ")
            );
            w.p.revert_to(base);
            base = w.p.snapshot();
        }
    }
    println!(
        "reentrant token: {reentries} reentrant calls refused by the guard, {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert!(
        reentries > 0,
        "no hook ever reentered a program on the stack"
    );
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
