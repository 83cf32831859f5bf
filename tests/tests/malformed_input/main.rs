//! Malformed input on the real wasm (issue #12, part 3): every contract of
//! the suite deployed on the devnet (both vaults, the registry, the slashing
//! manager, the evidence verifier, the Lrt and its extension path, the
//! extension called directly, a sub-account clone, the mock LST) is sent
//! calldata it cannot decode, as transactions from a stranger (an unlocked
//! dev account):
//! empty, short and truncated calldata, unknown selectors, the constructor's
//! selector, dirty high bits in addresses, small integers, bools and short
//! `bytesN`, wrong dynamic offsets and lengths (past the end, above 2³², above
//! 2⁶⁴, the maximum), ETH sent to non-payable functions, and a seeded random
//! fuzz. Each must revert exactly as the contract's router documents
//! (`docs/malformed-input.md`), change no state, and neither trap nor burn
//! all its gas (read from each transaction's call tree: `stylusTrap`,
//! `out of gas`, gas used). Encodings the routers treat differently on
//! purpose (trailing data, relocated or unpadded dynamic data, which the
//! kit's router reads as Solidity's decoder does, where stylus-sdk's strict
//! decoder would refuse them) are checked against the canonical call. Well-formed
//! extreme values (0, max, max − 1, the zero and all-ones address, empty and
//! oversized arrays and bytes) must succeed or revert with a typed error,
//! from a stranger (mined) and from each contract's privileged callers
//! (traced calls).
//!
//! Bounded for CI: the systematic cases are fixed by the ABI files; the fuzz
//! sends `RESTAKE_MALFORMED_ITERS` random calls per contract (default 48),
//! seeded by `RESTAKE_MALFORMED_SEED` (default 0x5eed), and prints both.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

use alloy::dyn_abi::DynSolValue;
use alloy::primitives::{Address, Bytes, B256, U256};
use restake_e2e::abi_catalog;
use restake_e2e::bindings::{ILrt, IMockLst, IOperatorRegistry, ISlashingManager};
use restake_e2e::probe::{Probe, Prober, COINBASE};
use restake_e2e::{e18, env_or, send, Harness, WAD};

mod cases;
mod check;
mod encoding;
mod target;

use cases::{contract_cases, extreme_cases, function_cases, fuzz_cases};
use check::{check, check_all, known_errors, run};
use encoding::{encode, Rng, Sampler};
use target::{selector_of, Case, Expect, Router, Target};

/// Gas limit of every probe.
const GAS: u64 = 10_000_000;
/// The dev account that sends every probe: holds no role anywhere.
const STRANGER: usize = 8;

fn env_seed() -> u64 {
    std::env::var("RESTAKE_MALFORMED_SEED")
        .ok()
        .and_then(|v| u64::from_str_radix(v.trim_start_matches("0x"), 16).ok())
        .unwrap_or(0x5eed)
}

#[tokio::test(flavor = "current_thread")]
async fn every_contract_refuses_malformed_calldata_cleanly_and_changes_nothing() {
    let started = Instant::now();
    let h = Harness::start(Default::default()).await;
    let s = h.suite;
    let (op_p, op) = h.actor(3);
    let (holder_p, holder) = h.actor(1);
    let (avs_p, avs) = h.actor(5);
    // Some state for the probes to run into: an operator with an Lrt
    // sub-account, LRT minted from ETH and the LST, a restaked position, an
    // AVS with an operator set the operator joined.
    send!(
        IOperatorRegistry::new(s.registry, &op_p).registerAsOperator(
            Address::ZERO,
            0,
            "ipfs://op".into()
        )
    );
    let lrt = ILrt::new(s.lrt, &h.owner);
    send!(lrt.addOperator(op, Bytes::new(), U256::ZERO, B256::ZERO));
    let account = lrt.operatorAt(U256::ZERO).call().await.unwrap().account;
    send!(ILrt::new(s.lrt, &holder_p).deposit(e18(5)).value(e18(5)));
    send!(IMockLst::new(s.lst, &h.owner).mint(holder, e18(5)));
    send!(IMockLst::new(s.lst, &holder_p).approve(s.lrt, e18(5)));
    send!(ILrt::new(s.lrt, &holder_p).depositToken(s.lst, e18(5), e18(5)));
    send!(lrt.restake(op, restake_deploy::suite::NATIVE_ETH, e18(2)));
    let mgr = ISlashingManager::new(s.manager, &avs_p);
    send!(mgr.registerAvs("ipfs://avs".into(), Address::ZERO));
    send!(mgr.createOperatorSet(
        1,
        vec![s.eth_vault],
        avs,
        Address::ZERO,
        Address::ZERO,
        0,
        WAD,
        86_400,
        0,
        Address::ZERO
    ));
    send!(ISlashingManager::new(s.manager, &op_p).joinOperatorSet(avs, 1));

    let mut p = Prober::new(&h.url, STRANGER);
    let stranger = p.from;
    let owner = h.owner_addr;
    let registry_invalid = selector_of("RegistryInvalidCalldata(bytes4)");
    let slashing_invalid = selector_of("SlashingInvalidCalldata(bytes4)");
    let lrt_invalid = selector_of("LrtInvalidCalldata(bytes4)");
    let lrt_unauthorized = {
        let mut d = selector_of("LrtUnauthorized(address)").to_vec();
        d.extend_from_slice(&encode(&[DynSolValue::Address(stranger)]));
        d
    };
    // A contract on the kit's route table (docs/kit.md): `…InvalidCalldata`
    // from its router, no `receive`, no test-only functions in its ABI.
    let kit = |name, address, abi: &str, invalid, callers| Target {
        name,
        address,
        abi: abi_catalog::interface(abi),
        router: Router::Hand {
            invalid: Some(invalid),
        },
        receives: false,
        value_in_router: true,
        constructor_reply: Vec::new(),
        absent: &[],
        callers,
        passes_empty_reverts: false,
    };
    let vault_invalid = selector_of("VaultInvalidCalldata(bytes4)");
    let mock_invalid = selector_of("MockLstInvalidCalldata(bytes4)");
    let vault_callers = vec![
        ("owner", owner),
        ("registry", s.registry),
        ("slashing manager", s.manager),
    ];
    let targets = vec![
        kit(
            "EthVault",
            s.eth_vault,
            "IVault",
            vault_invalid,
            vault_callers.clone(),
        ),
        kit(
            "LstVault",
            s.lst_vault,
            "IVault",
            vault_invalid,
            vault_callers,
        ),
        kit(
            "OperatorRegistry",
            s.registry,
            "IOperatorRegistry",
            registry_invalid,
            vec![
                ("owner", owner),
                ("slashing manager", s.manager),
                ("vault", s.eth_vault),
                ("operator", op),
            ],
        ),
        kit(
            "SlashingManager",
            s.manager,
            "ISlashingManager",
            slashing_invalid,
            vec![
                ("avs", avs),
                ("operator", op),
                ("evidence verifier", s.evidence),
            ],
        ),
        // Its errors are the slashing module's.
        kit(
            "EvidenceVerifier",
            s.evidence,
            "IEvidenceVerifier",
            slashing_invalid,
            vec![("operator", op), ("slashing manager", s.manager)],
        ),
        Target {
            name: "Lrt",
            address: s.lrt,
            abi: abi_catalog::interface("ILrt"),
            router: Router::Hand {
                invalid: Some(lrt_invalid),
            },
            receives: true,
            value_in_router: true,
            constructor_reply: Vec::new(),
            absent: &[],
            callers: vec![("owner and manager", owner), ("holder", holder)],
            passes_empty_reverts: false,
        },
        Target {
            name: "LrtExtension (called directly)",
            address: s.lrt_extension,
            abi: abi_catalog::interface("ILrt"),
            router: Router::Hand {
                invalid: Some(lrt_invalid),
            },
            // No `receive` of its own: ETH sent there would be lost.
            receives: false,
            value_in_router: true,
            constructor_reply: lrt_unauthorized,
            absent: &[],
            callers: vec![("the Lrt's owner", owner)],
            passes_empty_reverts: false,
        },
        // The Lrt's error for malformed calldata (the Lrt passes the
        // account's revert data on); a clone never ran the constructor, and
        // running it there refuses (the Lrt initialized the clone).
        Target {
            receives: true,
            constructor_reply: {
                let mut d = selector_of("LrtAccountInitialized(address)").to_vec();
                d.extend_from_slice(&encode(&[DynSolValue::Address(s.lrt)]));
                d
            },
            passes_empty_reverts: true,
            ..kit(
                "LrtAccount (sub-account clone)",
                account,
                "ILrtAccount",
                lrt_invalid,
                vec![("controller (the Lrt)", s.lrt)],
            )
        },
        kit(
            "MockLst",
            s.lst,
            "IMockLst",
            mock_invalid,
            vec![("owner", owner)],
        ),
    ];

    let seed = env_seed();
    let iters = env_or("RESTAKE_MALFORMED_ITERS", 48usize);
    println!("malformed input: seed 0x{seed:x} (RESTAKE_MALFORMED_SEED), {iters} fuzz calls per contract (RESTAKE_MALFORMED_ITERS)");
    let errors = known_errors();
    let mut failures = Vec::new();
    let mut addresses = vec![
        stranger,
        owner,
        holder,
        op,
        avs,
        account,
        s.eth_vault,
        s.lst_vault,
        s.registry,
        s.manager,
        s.lrt,
        s.lst,
        s.evidence,
    ];
    addresses.sort();
    let mut totals = (0usize, 0usize, 0usize);
    let only = std::env::var("RESTAKE_MALFORMED_ONLY").ok();
    let mut dump = None;
    for (k, t) in targets.iter().enumerate() {
        if only.as_deref().is_some_and(|o| !t.name.starts_with(o)) {
            continue;
        }
        let t0 = Instant::now();
        let mut sampler = Sampler {
            rng: Rng(seed ^ (k as u64 + 1).wrapping_mul(0x1000_0000_01b3)),
            addresses: addresses.clone(),
        };
        let mut mined = contract_cases(t, &mut sampler.rng, stranger);
        let mut traced = Vec::new();
        for f in &t.abi.functions {
            let (m, tr) = function_cases(t, f, &mut sampler);
            mined.extend(m);
            traced.extend(tr);
        }
        let mut laps = Vec::new();
        // 1. The systematic malformed calls, mined: exact replies, clean,
        // and the whole state unchanged but for the stranger's gas (the
        // dump before them is the one the previous contract ended with).
        let before = dump.take().unwrap_or_else(|| p.dump());
        let outcomes = run(&mut p, t, &mined);
        let after = p.dump();
        let (a, b) = (
            before.accounts_except(&[stranger, COINBASE]),
            after.accounts_except(&[stranger, COINBASE]),
        );
        if a != b {
            let changed: BTreeSet<_> = a
                .keys()
                .chain(b.keys())
                .filter(|k| a.get(*k) != b.get(*k))
                .collect();
            failures.push(format!(
                "{}: malformed calls changed the state of {changed:?}",
                t.name
            ));
        }
        check_all(&mut p, &after, t, &mined, &outcomes, &errors, &mut failures);
        laps.push(t0.elapsed().as_secs_f64());
        // 2. Non-canonical encodings a hand-written router reads as the
        // canonical call: traced, both ways, and compared.
        let probe = |input: &[u8], value: U256| Probe {
            to: t.address,
            value,
            input: input.to_vec().into(),
            gas: GAS,
        };
        let mut pairs = Vec::new();
        for c in &traced {
            let Expect::SameAs(canonical) = &c.expect else {
                unreachable!()
            };
            pairs.push((stranger, probe(canonical, U256::ZERO)));
            pairs.push((stranger, probe(&c.input, U256::ZERO)));
        }
        let o = p.trace_calls(&pairs);
        for (k, c) in traced.iter().enumerate() {
            check(t, c, &o[2 * k + 1], Some(&o[2 * k]), &errors, &mut failures);
        }
        laps.push(t0.elapsed().as_secs_f64());
        // 3. Well-formed extremes from the stranger, and 5. the fuzz, mined.
        let mut extremes = Vec::new();
        for f in &t.abi.functions {
            extremes.extend(extreme_cases(t, f, &mut sampler));
        }
        let fuzz = fuzz_cases(t, iters, &mut sampler);
        let rest: Vec<Case> = extremes.iter().chain(&fuzz).cloned().collect();
        let outcomes = run(&mut p, t, &rest);
        let after = p.dump();
        check_all(&mut p, &after, t, &rest, &outcomes, &errors, &mut failures);
        dump = Some(after);
        laps.push(t0.elapsed().as_secs_f64());
        // 4. The extremes from each privileged caller, traced (nothing mined).
        let mut calls = Vec::new();
        let mut cases = Vec::new();
        for (who, caller) in &t.callers {
            for c in &extremes {
                calls.push((*caller, probe(&c.input, c.value)));
                cases.push(Case {
                    label: format!("{} (as the {who}, traced)", c.label),
                    ..c.clone()
                });
            }
        }
        let privileged = calls.len();
        for (c, o) in cases.iter().zip(p.trace_calls(&calls)) {
            check(t, c, &o, None, &errors, &mut failures);
        }
        laps.push(t0.elapsed().as_secs_f64());
        if std::env::var("RESTAKE_PROBE_TIMING").is_ok() {
            eprintln!("{}: phases end at {laps:?}", t.name);
        }
        let n_mined = mined.len() + extremes.len() + fuzz.len();
        let n_traced = 2 * traced.len() + privileged;
        totals = (
            totals.0 + n_mined,
            totals.1 + n_traced,
            totals.2 + t.abi.functions.len(),
        );
        println!(
            "{:32} {:3} functions: {:5} mined ({} malformed, {} extreme, {} fuzz), {:5} traced, {:.1} s",
            t.name,
            t.abi.functions.len(),
            n_mined,
            mined.len(),
            extremes.len(),
            fuzz.len(),
            n_traced,
            t0.elapsed().as_secs_f64()
        );
    }
    println!(
        "malformed input: {} mined and {} traced calls over {} functions in {:.1} s",
        totals.0,
        totals.1,
        totals.2,
        started.elapsed().as_secs_f64()
    );
    // One line per contract and function (with its first failure), so a
    // router bug reads as one finding, not as fifty.
    let mut groups: BTreeMap<String, (usize, String)> = BTreeMap::new();
    for f in &failures {
        let key = f.split(':').next().unwrap_or(f).to_string();
        let e = groups.entry(key).or_insert((0, f.clone()));
        e.0 += 1;
    }
    assert!(
        failures.is_empty(),
        "{} failure(s) in {} group(s):\n{}",
        failures.len(),
        groups.len(),
        groups
            .values()
            .map(|(n, first)| format!("[{n}x] {first}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}
