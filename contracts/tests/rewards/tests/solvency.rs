//! Property: whatever the stakers, operators and the AVS do, the rewards
//! contract never owes more than it was funded. After every step, what was
//! claimed, what every earner could claim and what is unallocated sum to at
//! most what was funded, and the contract holds every unclaimed wei of it
//! (the rounding dust stays inside), in each of two tokens (the second
//! listed by nobody, first streaming whenever the fuzz submits it).
//! Claiming twice pays once.
//!
//! Bounded in CI (`RESTAKE_REWARDS_CASES`, default 12 cases of up to 24
//! steps).
use alloy_primitives::{Address, U256};
use motsu::prelude::*;
use proptest::prelude::*;
use restake_rewards_tests::*;
use restake_test_fixtures::{DAY, WAD};

#[derive(Clone, Debug)]
enum Step {
    /// Staker `s` deposits `amount` (in thousandths) into vault `v`.
    Deposit { s: usize, v: usize, amount: u64 },
    /// Staker `s` queues `percent`% of its vault-`v` shares.
    Queue { s: usize, v: usize, percent: u64 },
    /// Time passes.
    Wait { seconds: u64 },
    /// Earner `e` (stakers, then operators) claims.
    Claim { e: usize },
    /// The slasher takes `percent`% of operator `o`'s allocation of vault 0.
    Slash { o: usize, percent: u64 },
    /// The AVS funds `amount` of token `k` over `days` days, starting
    /// `delay` on.
    Submit {
        amount: u64,
        days: u64,
        delay: u64,
        k: usize,
    },
    /// Someone tops up submission `id` (mod the count) by `amount`.
    TopUp { id: u64, amount: u64 },
    /// Operator `o` sets its commission.
    Commission { o: usize, bps: u16 },
    /// Someone syncs operator `o`.
    Sync { o: usize },
    /// Operator `o` sets its allocation of vault `v` to `percent`% (refused
    /// while a change is pending or beyond its free magnitude: fine).
    Allocate { o: usize, v: usize, percent: u64 },
    /// Operator `o` leaves the set, or joins it again.
    Membership { o: usize, leave: bool },
    /// Staker `s` undelegates (everything queued) and delegates to the
    /// other operator.
    Move { s: usize },
    /// The AVS funds a day with new multipliers (per mille per vault).
    Reweigh { m0: u64, m1: u64 },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (0..4usize, 0..2usize, 1..5_000_000u64).prop_map(|(s, v, amount)| Step::Deposit { s, v, amount }),
        1 => (0..4usize, 0..2usize, 1..=100u64).prop_map(|(s, v, percent)| Step::Queue { s, v, percent }),
        3 => (1..(3 * DAY)).prop_map(|seconds| Step::Wait { seconds }),
        2 => (0..6usize).prop_map(|e| Step::Claim { e }),
        1 => (0..2usize, 1..=60u64).prop_map(|(o, percent)| Step::Slash { o, percent }),
        2 => (1..5_000u64, 1..=10u64, 0..3u64, 0..2usize).prop_map(|(amount, days, delay, k)| Step::Submit { amount, days, delay, k }),
        1 => (0..8u64, 1..2_000u64).prop_map(|(id, amount)| Step::TopUp { id, amount }),
        1 => (0..2usize, 0..=10_000u16).prop_map(|(o, bps)| Step::Commission { o, bps }),
        1 => (0..2usize).prop_map(|o| Step::Sync { o }),
        1 => (0..2usize, 0..2usize, 0..=100u64).prop_map(|(o, v, percent)| Step::Allocate { o, v, percent }),
        1 => (0..2usize, any::<bool>()).prop_map(|(o, leave)| Step::Membership { o, leave }),
        1 => (0..4usize).prop_map(|s| Step::Move { s }),
        1 => (1..3_000u64, 1..3_000u64).prop_map(|(m0, m1)| Step::Reweigh { m0, m1 }),
    ]
}

fn cases() -> u32 {
    std::env::var("RESTAKE_REWARDS_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn nothing_pays_more_than_was_funded(steps in prop::collection::vec(step(), 1..24)) {
        run(steps);
    }
}

fn run(steps: Vec<Step>) {
    let w = World::new();
    let ops = [w.operator([WAD / 2, WAD]), w.operator([WAD, WAD / 4])];
    let stakers: Vec<Address> = (0..4)
        .map(|i| w.staker(Some(ops[i % 2]), i % 2, milli(1_000 + i as u64)))
        .collect();
    let earners: Vec<Address> = stakers.iter().chain(&ops).copied().collect();
    let mut delegated: Vec<usize> = (0..4).map(|i| i % 2).collect();
    let second = w.new_token();
    let toks = [&w.token, &second];
    let addrs = [w.token.address(), second.address()];
    let mut now = T0;
    w.at(now);
    let start_balance = [
        w.token.sender(w.avs).balance_of(w.avs),
        second.sender(w.avs).balance_of(w.avs),
    ];
    w.submit(
        tokens(100),
        now,
        DAY,
        [U256::from(WAD), U256::from(2 * WAD)],
    );
    w.sync(&ops);
    let mut submissions = 1u64;
    let mut claimed = [U256::ZERO; 2];
    for s in steps {
        match s {
            Step::Deposit { s, v, amount } => w.deposit(stakers[s], v, milli(amount)),
            Step::Queue { s, v, percent } => {
                let held = w.vaults[v].sender(stakers[s]).deposit_shares(stakers[s]);
                let q = held * U256::from(percent) / U256::from(100);
                if !q.is_zero() {
                    w.reg
                        .sender(stakers[s])
                        .queue_withdrawal(vec![w.vault(v)], vec![q])
                        .motsu_unwrap();
                }
            }
            Step::Wait { seconds } => {
                now += seconds;
                w.at(now);
            }
            Step::Claim { e } => {
                let earner = earners[e];
                let expect: Vec<U256> = addrs.iter().map(|&t| w.claimable_in(earner, t)).collect();
                let before: Vec<U256> = toks
                    .iter()
                    .map(|t| t.sender(earner).balance_of(earner))
                    .collect();
                let paid = w
                    .rewards
                    .sender(earner)
                    .claim(earner, addrs.to_vec(), earner)
                    .motsu_unwrap();
                assert_eq!(paid, expect, "a claim pays what claimable said");
                for k in 0..2 {
                    let got = toks[k].sender(earner).balance_of(earner) - before[k];
                    assert_eq!(got, expect[k], "the transfer is what the claim returned");
                    claimed[k] += got;
                }
                assert_eq!(w.claim(earner), U256::ZERO, "claiming twice pays once");
            }
            Step::Slash { o, percent } => {
                // Refused once the cap is used up or nothing is allocated: fine.
                let _ = w.mgr.sender(w.slasher).slash(
                    ops[o],
                    w.avs,
                    SET,
                    &[w.vault(0)],
                    WAD / 100 * percent,
                    b"fuzz",
                );
            }
            Step::Submit {
                amount,
                days,
                delay,
                k,
            } => {
                let r = w.rewards.sender(w.avs).submit(
                    SET,
                    addrs[k],
                    tokens(amount),
                    now + delay * DAY,
                    days * DAY,
                    vec![],
                    vec![],
                );
                // Refused when the stream's boundaries are full.
                if r.motsu_res().is_ok() {
                    submissions += 1;
                }
            }
            Step::TopUp { id, amount } => {
                let id = U256::from(id % submissions + 1);
                let _ = w
                    .rewards
                    .sender(w.avs)
                    .top_up(id, milli(amount))
                    .motsu_res();
            }
            Step::Commission { o, bps } => {
                w.rewards
                    .sender(ops[o])
                    .set_commission(w.avs, SET, bps)
                    .motsu_unwrap();
            }
            Step::Sync { o } => w.sync(&[ops[o]]),
            Step::Allocate { o, v, percent } => {
                let _ = w
                    .mgr
                    .sender(ops[o])
                    .modify_allocation(w.avs, SET, w.vault(v), WAD / 100 * percent)
                    .motsu_res();
            }
            Step::Membership { o, leave } => {
                let _ = if leave {
                    w.mgr
                        .sender(ops[o])
                        .leave_operator_set(w.avs, SET)
                        .motsu_res()
                } else {
                    w.mgr
                        .sender(ops[o])
                        .join_operator_set(w.avs, SET)
                        .motsu_res()
                };
            }
            Step::Move { s } => {
                let staker = stakers[s];
                if w.reg.sender(staker).undelegate(staker).motsu_res().is_ok() {
                    let current = delegated[s];
                    delegated[s] = 1 - current;
                    w.reg
                        .sender(staker)
                        .delegate_to(
                            ops[delegated[s]],
                            stylus_sdk::abi::Bytes(vec![]),
                            U256::ZERO,
                            alloy_primitives::B256::ZERO,
                        )
                        .motsu_unwrap();
                }
            }
            Step::Reweigh { m0, m1 } => {
                let per_mille = |m: u64| U256::from(WAD / 1_000 * m);
                let r = w
                    .rewards
                    .sender(w.avs)
                    .submit(
                        SET,
                        w.token.address(),
                        tokens(10),
                        now,
                        DAY,
                        w.vault_addresses(),
                        {
                            let mut pairs =
                                [(w.vault(0), per_mille(m0)), (w.vault(1), per_mille(m1))];
                            pairs.sort();
                            pairs.iter().map(|p| p.1).collect()
                        },
                    )
                    .motsu_res();
                if r.is_ok() {
                    submissions += 1;
                }
            }
        }
        for k in 0..2 {
            let funded = start_balance[k] - toks[k].sender(w.avs).balance_of(w.avs);
            let owed: U256 = earners.iter().map(|&e| w.claimable_in(e, addrs[k])).sum();
            let unallocated = w
                .rewards
                .sender(w.avs)
                .unallocated(w.avs, SET, addrs[k])
                .motsu_unwrap();
            let held = toks[k].sender(w.avs).balance_of(w.rewards.address());
            let claimed = claimed[k];
            assert_eq!(
                held,
                funded - claimed,
                "the contract holds every unclaimed wei"
            );
            assert!(
                claimed + owed + unallocated <= funded,
                "token {k}: claimed {claimed} + owed {owed} + unallocated {unallocated} > funded {funded}"
            );
        }
    }
}
