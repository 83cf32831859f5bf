//! Sending the cases and checking each answer: the exact reply, a typed
//! error where one is allowed, no trap, no gas burned, no state changed.

use std::collections::BTreeMap;

use alloy::dyn_abi::JsonAbiExt;
use alloy::primitives::{Address, Selector};
use restake_e2e::abi_catalog;
use restake_e2e::probe::{AccountChange, Outcome, Probe, Prober, StateDump, COINBASE};

use crate::encoding::encode;
use crate::target::{Case, Expect, Target};
use crate::GAS;

/// Every custom error of every exported interface, by selector.
pub fn known_errors() -> BTreeMap<Selector, alloy::json_abi::Error> {
    abi_catalog::interfaces()
        .into_iter()
        .flat_map(|i| i.errors)
        .map(|e| (e.selector(), e))
        .collect()
}

/// Whether `data` is the canonical encoding of one of the suite's errors.
pub fn is_typed_error(errors: &BTreeMap<Selector, alloy::json_abi::Error>, data: &[u8]) -> bool {
    let Some(sel) = data.get(..4) else {
        return false;
    };
    let Some(e) = errors.get(&Selector::from_slice(sel)) else {
        return false;
    };
    match e.abi_decode_input(&data[4..]) {
        Ok(values) => encode(&values) == data[4..],
        Err(_) => false,
    }
}

pub fn hex(b: &[u8]) -> String {
    format!("0x{}", alloy::primitives::hex::encode(b))
}

pub fn short_hex(b: &[u8]) -> String {
    if b.len() > 72 {
        format!("{}… ({} bytes)", hex(&b[..68]), b.len())
    } else {
        hex(b)
    }
}

/// Checks a mined or traced outcome against its case; pushes what is wrong.
pub fn check(
    t: &Target,
    c: &Case,
    o: &Outcome,
    same_as: Option<&Outcome>,
    errors: &BTreeMap<Selector, alloy::json_abi::Error>,
    failures: &mut Vec<String>,
) {
    let mut fail = |why: String| {
        failures.push(format!(
            "{} {}: {why} [input {}, value {}, tx {}]",
            t.name,
            c.label,
            short_hex(&c.input),
            c.value,
            o.hash
        ))
    };
    if !o.traps.is_empty() {
        fail(format!("trapped: {:?}", o.traps));
    }
    if !o.out_of_gas.is_empty() || o.gas_used >= o.gas_limit {
        fail(format!(
            "ran out of gas in {:?} (used {})",
            o.out_of_gas, o.gas_used
        ));
    }
    let sel: [u8; 4] = c
        .input
        .get(..4)
        .map(|s| s.try_into().unwrap())
        .unwrap_or([0; 4]);
    match &c.expect {
        Expect::Revert(want) => {
            if o.success || o.output[..] != want[..] {
                fail(format!(
                    "expected a revert with {}, got {} with {}",
                    short_hex(want),
                    if o.success { "success" } else { "a revert" },
                    short_hex(&o.output)
                ));
            }
        }
        Expect::NoOp => {
            if !o.success || !o.output.is_empty() {
                fail(format!(
                    "expected an empty success, got {} {}",
                    o.success,
                    short_hex(&o.output)
                ));
            }
        }
        Expect::SameAs(_) => {
            let b = same_as.expect("the canonical call's outcome");
            if (o.success, &o.output) != (b.success, &b.output) {
                fail(format!(
                    "differs from the canonical call: {} {} vs {} {}",
                    o.success,
                    short_hex(&o.output),
                    b.success,
                    short_hex(&b.output)
                ));
            }
        }
        Expect::WellFormed => {
            let passed_on = t.passes_empty_reverts && o.output.is_empty() && o.subcalls > 0;
            if !o.success && !is_typed_error(errors, &o.output) && !passed_on {
                fail(format!(
                    "a well-formed call reverted without a typed error: {}",
                    short_hex(&o.output)
                ));
            }
        }
        Expect::Any => {
            let documented = o.success
                || is_typed_error(errors, &o.output)
                || (t.passes_empty_reverts && o.output.is_empty() && o.subcalls > 0)
                || o.output[..] == t.malformed(sel)[..]
                || (c.input.len() < 4 && o.output[..] == t.short()[..]);
            if !documented {
                fail(format!("undocumented answer: {}", short_hex(&o.output)));
            }
        }
    }
}

/// A reverted (or no-op) transaction's block may change only the sender's
/// balance and nonce (and touch the coinbase); an account only touched
/// (logged with its balance and nonce as they still are) changed nothing.
pub fn check_no_state_change(
    p: &mut Prober,
    t: &Target,
    c: &Case,
    o: &Outcome,
    changes: &BTreeMap<Address, AccountChange>,
    stranger: Address,
    failures: &mut Vec<String>,
) {
    for (a, ch) in changes {
        if (*a == stranger || *a == COINBASE) && ch.info_only() {
            continue;
        }
        if ch.info_only() && ch.before == Some(p.balance_nonce_at(*a, o.block)) {
            continue;
        }
        failures.push(format!(
            "{} {}: changed state of {a}: {ch:?} [tx {}]",
            t.name, c.label, o.hash
        ));
    }
}

/// Mines `cases` against `t` in batches.
pub fn run(p: &mut Prober, t: &Target, cases: &[Case]) -> Vec<Outcome> {
    let mut out = Vec::with_capacity(cases.len());
    for chunk in cases.chunks(128) {
        let probes: Vec<Probe> = chunk
            .iter()
            .map(|c| Probe {
                to: t.address,
                value: c.value,
                input: c.input.clone().into(),
                gas: GAS,
            })
            .collect();
        out.extend(p.send(&probes));
    }
    out
}

/// Checks mined outcomes, and (from `dump`, taken after them) that each
/// reverted one changed nothing.
pub fn check_all(
    p: &mut Prober,
    dump: &StateDump,
    t: &Target,
    cases: &[Case],
    outcomes: &[Outcome],
    errors: &BTreeMap<Selector, alloy::json_abi::Error>,
    failures: &mut Vec<String>,
) {
    if cases.is_empty() {
        return;
    }
    let first = outcomes.first().unwrap().block;
    let last = outcomes.last().unwrap().block;
    let changes = Prober::block_changes(dump, first..=last);
    let stranger = p.from;
    for (c, o) in cases.iter().zip(outcomes) {
        check(t, c, o, None, errors, failures);
        if !o.success || matches!(c.expect, Expect::NoOp) {
            check_no_state_change(p, t, c, o, &changes[&o.block], stranger, failures);
        }
    }
}
