//! Property tests: invariants 3 and 4 of `protocol.md` over random
//! operation sequences (joins, leaves, allocations, slashes, requests,
//! executions, time jumps, sybil slashes).

use super::*;
use proptest::prelude::*;

/// Sets in the property world: 1 instant (cap 100%/day), 3 instant with
/// a 30%/day cap, 2 vetoable (cap 100%/day).
const CAPPED: u32 = 3;
const SETS: [u32; 3] = [SET, VETO_SET, CAPPED];

#[derive(Clone, Debug)]
enum Op {
    Join(usize),
    Leave(usize),
    Allocate(usize, usize, u64),
    Slash(usize, u8, u64),
    Request(u8, u64),
    Execute(usize),
    Warp(u64),
    /// The slasher (or the evidence path) slashes a stakeless member
    /// with nothing allocated (H-2).
    SlashSybil(usize, u64),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..3usize).prop_map(Op::Join),
        (0..3usize).prop_map(Op::Leave),
        // Magnitudes: round percentages and arbitrary WAD values.
        (
            0..3usize,
            0..2usize,
            prop_oneof![(0..=100u64).prop_map(pct), 0..=WAD]
        )
            .prop_map(|(s, v, m)| Op::Allocate(s, v, m)),
        (
            prop_oneof![Just(0usize), Just(2usize)],
            1..4u8,
            prop_oneof![(1..=100u64).prop_map(pct), 1..=WAD, 1..1000u64]
        )
            .prop_map(|(s, mask, w)| Op::Slash(s, mask, w)),
        (1..4u8, 1..=WAD).prop_map(|(mask, w)| Op::Request(mask, w)),
        (0..4usize).prop_map(Op::Execute),
        prop_oneof![
            0..DAY,
            Just(u64::from(ALLOC_DELAY)),
            Just(VETO_WINDOW),
            Just(DEALLOCATION_DELAY)
        ]
        .prop_map(Op::Warp),
        (prop_oneof![Just(0usize), Just(2usize)], 1..=WAD).prop_map(|(s, w)| Op::SlashSybil(s, w)),
    ]
}

/// Every allocation view, per set and vault.
fn snapshot(e: &Env) -> Vec<(u64, u64, u64)> {
    let mut out = Vec::new();
    for set in SETS {
        for v in e.vaults() {
            out.push(e.allocation(set, v));
        }
    }
    out
}

fn check_invariant_3(e: &Env, max_before: &mut [u64; 2]) {
    for (i, v) in e.vaults().into_iter().enumerate() {
        let max = e.max_magnitude(v);
        assert!(max <= max_before[i], "a max magnitude increased");
        max_before[i] = max;
        let encumbered = e.encumbered(v);
        assert!(
            encumbered <= max,
            "encumbered {encumbered} > max magnitude {max}"
        );
        let (mut allocated, mut targets) = (0u64, 0u64);
        for set in SETS {
            let (a, t, _) = e.allocation(set, v);
            allocated += a;
            targets += t;
        }
        assert!(
            allocated <= encumbered,
            "allocations {allocated} > encumbered {encumbered}"
        );
        assert!(
            targets <= encumbered,
            "pending targets {targets} > encumbered {encumbered}"
        );
    }
}

/// Runs a slash-like call and checks invariant 4 against the state before.
fn checked_slash(
    e: &Env,
    set: u32,
    vaults: &[Address],
    wad: u64,
    run: impl FnOnce() -> Result<(), Vec<u8>>,
) {
    let before = snapshot(e);
    let max_before: Vec<u64> = e.vaults().iter().map(|v| e.max_magnitude(*v)).collect();
    let cap = e
        .ok(
            e.op,
            I::operatorSetCall {
                avs: e.avs,
                setId: set,
            },
        )
        .capWad;
    let used = e.cap_used(set);
    let others: Vec<u64> = SETS.iter().map(|s| e.cap_used(*s)).collect();
    let all = e.vaults();
    let set_index = SETS.iter().position(|s| *s == set).unwrap();
    let anything_allocated = all
        .iter()
        .enumerate()
        .any(|(vi, v)| vaults.contains(v) && before[set_index * all.len() + vi].0 != 0);
    let result = run();
    let after = snapshot(e);
    if result.is_ok() {
        SLASHES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
    if result.is_err() {
        assert_eq!(before, after, "a failed slash changed allocations");
        assert_eq!(
            SETS.iter().map(|s| e.cap_used(*s)).collect::<Vec<_>>(),
            others,
            "a failed slash charged a cap"
        );
        return;
    }
    // The new cap invariant (H-2): only a slash that takes magnitude
    // succeeds, and it charges exactly the applied fraction to this
    // operator's cap in this set and nothing anywhere else.
    assert!(anything_allocated, "a slash of nothing succeeded");
    let applied = wad.min(cap - used);
    let used_after = e.cap_used(set);
    assert_eq!(used_after, used + applied);
    assert!(used_after <= cap, "the cap was exceeded");
    for (si, s) in SETS.iter().enumerate() {
        if *s != set {
            assert_eq!(
                e.cap_used(*s),
                others[si],
                "a slash charged another set's cap"
            );
        }
    }
    for (si, s) in SETS.iter().enumerate() {
        for (vi, v) in all.iter().enumerate() {
            let k = si * all.len() + vi;
            if *s != set || !vaults.contains(v) {
                assert_eq!(
                    before[k], after[k],
                    "a slash touched stake not allocated to its set"
                );
                continue;
            }
            let old = before[k].0;
            let expected = restake_math::magnitude_to_slash(U256::from(old), U256::from(applied))
                .unwrap()
                .to::<u64>();
            assert!(expected <= old);
            assert_eq!(
                after[k].0,
                old - expected,
                "slashed more or less than the applied fraction"
            );
            assert_eq!(e.max_magnitude(*v), max_before[vi] - expected);
        }
    }
}

fn mask_vaults(e: &Env, mask: u8) -> Vec<Address> {
    e.vaults()
        .into_iter()
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, v)| v)
        .collect()
}

fn run(ops: Vec<Op>) {
    let e = Env::new();
    e.create_set(CAPPED, Address::ZERO, 0, pct(30), 0);
    let mut max = [WAD; 2];
    let mut requests: Vec<(U256, Vec<Address>, u64)> = Vec::new();
    // The operator starts in every set with 30% of both vaults in each
    // (so most slashes take something); sequences move from there.
    for set in SETS {
        e.join(set);
        for v in e.vaults() {
            e.allocate(set, v, pct(30));
        }
    }
    e.warp(u64::from(ALLOC_DELAY));
    // A stakeless member of every instant set, with nothing allocated.
    let sybil = Address::random();
    e.reg.sender(e.deployer).register(sybil, 0);
    for set in [SET, CAPPED] {
        e.ok(
            sybil,
            I::joinOperatorSetCall {
                avs: e.avs,
                setId: set,
            },
        );
    }
    for op in ops {
        match op {
            Op::Join(s) => {
                let _ = e.call(
                    e.op,
                    I::joinOperatorSetCall {
                        avs: e.avs,
                        setId: SETS[s],
                    },
                );
            }
            Op::Leave(s) => {
                let _ = e.call(
                    e.op,
                    I::leaveOperatorSetCall {
                        avs: e.avs,
                        setId: SETS[s],
                    },
                );
            }
            Op::Allocate(s, v, m) => {
                let vault = e.vaults()[v];
                let _ = e.call(
                    e.op,
                    I::modifyAllocationCall {
                        avs: e.avs,
                        setId: SETS[s],
                        vault,
                        magnitude: m,
                    },
                );
            }
            Op::Slash(s, mask, w) => {
                let set = SETS[s];
                let vaults = mask_vaults(&e, mask);
                checked_slash(&e, set, &vaults, w, || {
                    e.slash(set, vaults.clone(), w).map(|_| ())
                });
            }
            Op::Request(mask, w) => {
                let vaults = mask_vaults(&e, mask);
                let r = e.call(
                    e.slasher,
                    I::requestSlashCall {
                        operator: e.op,
                        avs: e.avs,
                        setId: VETO_SET,
                        vaults: vaults.clone(),
                        wadFraction: w,
                        description: "".into(),
                    },
                );
                if let Ok(r) = r {
                    requests.push((r.slashId, vaults, w));
                }
            }
            Op::Execute(i) => {
                if let Some((id, vaults, w)) = requests.get(i).cloned() {
                    checked_slash(&e, VETO_SET, &vaults, w, || {
                        e.call(e.op, I::executeSlashCall { slashId: id })
                            .map(|_| ())
                    });
                }
            }
            Op::Warp(dt) => e.warp(dt),
            Op::SlashSybil(s, w) => {
                let set = SETS[s];
                let before = snapshot(&e);
                let caps: Vec<u64> = SETS.iter().map(|s| e.cap_used(*s)).collect();
                let err = e
                    .call(
                        e.slasher,
                        I::slashCall {
                            operator: sybil,
                            avs: e.avs,
                            setId: set,
                            vaults: e.vaults(),
                            wadFraction: w,
                            description: "".into(),
                        },
                    )
                    .unwrap_err();
                assert_eq!(
                    err,
                    enc(SlashingNothingToSlash {
                        operator: sybil,
                        avs: e.avs,
                        set_id: set
                    })
                );
                assert_eq!(
                    e.cap_used_of(sybil, set),
                    0,
                    "the sybil's slash charged its cap"
                );
                assert_eq!(
                    SETS.iter().map(|s| e.cap_used(*s)).collect::<Vec<_>>(),
                    caps
                );
                assert_eq!(snapshot(&e), before);
            }
        }
        check_invariant_3(&e, &mut max);
    }
}

static SLASHES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

#[motsu::test]
fn invariants_3_and_4_hold_over_random_sequences() {
    proptest!(ProptestConfig::with_cases(200), |(ops in proptest::collection::vec(op(), 1..40))| {
        run(ops);
    });
    // The sequences really slash (not only revert).
    let slashes = SLASHES.load(std::sync::atomic::Ordering::Relaxed);
    assert!(slashes > 100, "only {slashes} successful slashes");
}
