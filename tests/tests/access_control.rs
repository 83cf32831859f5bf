//! Access control (issue #12, part 4), from one table
//! (`tests/src/access_table.rs`, [`TABLE`], its rows in
//! `tests/src/access_table/<interface>.rs`): every function of every
//! exported interface is classified there as a view, public, privileged
//! (with its role, a stranger's arguments and the exact refusal) or absent
//! from the release wasm.
//!
//! * `every_exported_function_is_classified_exactly_once` (no devnet): the
//!   table and `abi/I*.sol` list the same functions, each once, and the
//!   table's views are exactly the ABI's; a function added to a contract
//!   (its ABI file is regenerated and checked in CI) without a row fails.
//! * `strangers_are_refused_exactly_and_role_holders_are_not` (devnet, the
//!   deployed wasm): every privileged function, on every deployment of its
//!   interface (both vaults; the Lrt, whose owner and manager functions run
//!   in its extension by delegate call; a sub-account clone), called by a
//!   stranger, reverts with exactly the row's error and arguments; called by
//!   the row's role holder with the same arguments, it does not; every view
//!   and public function called by the stranger is not refused for being
//!   the stranger; an absent function answers everyone as an unknown
//!   selector.

use std::collections::{BTreeMap, BTreeSet};

use alloy::dyn_abi::{DynSolType, DynSolValue, Specifier};
use alloy::json_abi::Function;
use alloy::primitives::{keccak256, Address, Bytes, B256, U256};
use alloy::sol_types::SolCall;
use restake_e2e::abi_catalog::{self, Interface};
use restake_e2e::access_table::{Access, Row, TABLE};
use restake_e2e::bindings::{self, ILrt, IOperatorRegistry, ISlashingManager, IVault};
use restake_e2e::probe::{Probe, Prober};
use restake_e2e::{e18, Harness, WAD};

/// The errors a contract refuses a caller with: a view or public function
/// answering one of them with the caller's address in it is misclassified.
const REFUSALS: &[&str] = &[
    "OwnableUnauthorizedAccount(address)",
    "VaultUnauthorized(address)",
    "RegistryUnauthorized(address)",
    "RegistryNotOperator(address)",
    "SlashingUnauthorized(address)",
    "SlashingAvsNotRegistered(address)",
    "SlashingSetNotFound(address,uint32)",
    "SlashingNotOperator(address)",
    "SlashingNotMember(address)",
    "LrtUnauthorized(address)",
    "LrtNotRequestOwner(uint256,address)",
    "LrtAccountUnauthorized(address)",
    "RewardsUnauthorized(address)",
];

#[test]
fn every_exported_function_is_classified_exactly_once() {
    let interfaces = abi_catalog::interfaces();
    let mut failures = Vec::new();
    let mut rows: BTreeMap<(&str, &str), &Row> = BTreeMap::new();
    for r in TABLE {
        if rows.insert((r.abi, r.function), r).is_some() {
            failures.push(format!("{} {}: two rows", r.abi, r.function));
        }
    }
    let mut exported = BTreeSet::new();
    for i in &interfaces {
        for f in &i.functions {
            let sig = f.signature();
            exported.insert((i.name.clone(), sig.clone()));
            match rows.get(&(i.name.as_str(), sig.as_str())) {
                None => failures.push(format!(
                    "{} {sig}: not in tests/src/access_table/ (classify it: view, public, \
                     role or absent)",
                    i.name
                )),
                Some(r) => {
                    let is_view = matches!(r.access, Access::View);
                    if is_view != abi_catalog::is_view(f) {
                        failures.push(format!(
                            "{} {sig}: the table says {}, the ABI says {:?}",
                            i.name,
                            if is_view { "view" } else { "not a view" },
                            f.state_mutability
                        ));
                    }
                }
            }
        }
    }
    for (abi, function) in rows.keys() {
        if !exported.contains(&(abi.to_string(), function.to_string())) {
            failures.push(format!(
                "{abi} {function}: in the table, not in abi/{abi}.sol"
            ));
        }
    }
    let count = |f: fn(&Access) -> bool| TABLE.iter().filter(|r| f(&r.access)).count();
    println!(
        "access table: {} functions of {} interfaces: {} views, {} public, {} privileged, {} absent",
        TABLE.len(),
        interfaces.len(),
        count(|a| matches!(a, Access::View)),
        count(|a| matches!(a, Access::Public)),
        count(|a| matches!(a, Access::Role { .. })),
        count(|a| matches!(a, Access::Absent { .. })),
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Names (`$name`) and the values they stand for.
struct Names(BTreeMap<&'static str, String>);

impl Names {
    /// `text` with every `$name` replaced (`$caller` by `caller`).
    fn fill(&self, text: &str, caller: Address) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(i) = rest.find('$') {
            out.push_str(&rest[..i]);
            let tail = &rest[i + 1..];
            let n = tail
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(tail.len());
            let name = &tail[..n];
            if name == "caller" {
                out.push_str(&format!("{caller:#x}"));
            } else {
                let v = self
                    .0
                    .get(name)
                    .unwrap_or_else(|| panic!("unknown name ${name} in `{text}`"));
                out.push_str(v);
            }
            rest = &tail[n..];
        }
        out.push_str(rest);
        out
    }

    /// `values` (Solidity literals with names) as ABI values of `types`.
    fn values(&self, types: &[DynSolType], values: &[&str], caller: Address) -> Vec<DynSolValue> {
        assert_eq!(types.len(), values.len(), "arity of {values:?}");
        types
            .iter()
            .zip(values)
            .map(|(ty, v)| {
                let v = self.fill(v, caller);
                ty.coerce_str(&v)
                    .unwrap_or_else(|e| panic!("`{v}` is not a {ty}: {e}"))
            })
            .collect()
    }

    /// Revert data of the error `signature` with `args` (empty for `""`).
    fn error(&self, signature: &str, args: &[&str], caller: Address) -> Vec<u8> {
        if signature.is_empty() {
            return Vec::new();
        }
        let e = alloy::json_abi::Error::parse(signature).expect("an error signature");
        let types: Vec<DynSolType> = e.inputs.iter().map(|p| p.resolve().unwrap()).collect();
        let vals = self.values(&types, args, caller);
        [
            e.selector().to_vec(),
            DynSolValue::Tuple(vals).abi_encode_params(),
        ]
        .concat()
    }
}

/// Arguments of the right types for a view or public call: the holder's
/// address, 1, false, zero words, empty bytes and arrays.
fn default_args(f: &Function, holder: Address) -> Vec<DynSolValue> {
    abi_catalog::input_types(f)
        .iter()
        .map(|ty| match ty {
            DynSolType::Address => DynSolValue::Address(holder),
            DynSolType::Uint(n) => DynSolValue::Uint(U256::from(1), *n),
            DynSolType::Int(n) => DynSolValue::Int(alloy::primitives::I256::ONE, *n),
            DynSolType::Bool => DynSolValue::Bool(false),
            DynSolType::FixedBytes(n) => DynSolValue::FixedBytes(B256::ZERO, *n),
            DynSolType::Bytes => DynSolValue::Bytes(Vec::new()),
            DynSolType::String => DynSolValue::String("x".into()),
            DynSolType::Array(_) => DynSolValue::Array(Vec::new()),
            other => panic!("no default for {other}"),
        })
        .collect()
}

fn calldata(f: &Function, args: Vec<DynSolValue>) -> Vec<u8> {
    [
        f.selector().to_vec(),
        DynSolValue::Tuple(args).abi_encode_params(),
    ]
    .concat()
}

/// Whether `data` is one of the [`REFUSALS`] naming `caller`.
fn refuses(data: &[u8], caller: Address) -> bool {
    let selectors: Vec<[u8; 4]> = REFUSALS
        .iter()
        .map(|s| keccak256(s.as_bytes())[..4].try_into().unwrap())
        .collect();
    data.len() >= 4
        && selectors.contains(&data[..4].try_into().unwrap())
        && data[4..]
            .chunks(32)
            .any(|w| w.len() == 32 && w[..12] == [0; 12] && w[12..] == caller[..])
}

fn show(r: &Result<Bytes, Bytes>) -> String {
    match r {
        Ok(d) => format!("success ({} bytes)", d.len()),
        Err(d) => format!("revert {}", bindings::decode_error(d)),
    }
}

#[tokio::test(flavor = "current_thread")]
async fn strangers_are_refused_exactly_and_role_holders_are_not() {
    let started = std::time::Instant::now();
    let h = Harness::start(Default::default()).await;
    let s = h.suite;
    let dev = |i: usize| restake_devnet::DEV_ACCOUNTS[i];
    let (owner, holder, staker, operator, new_owner, avs, resolver, stranger) = (
        h.owner_addr,
        dev(1),
        dev(2),
        dev(3),
        dev(4),
        dev(5),
        dev(6),
        dev(9),
    );
    let mut p = Prober::new(&h.url, 9);
    let must = |p: &mut Prober, from: Address, to: Address, value: U256, data: Vec<u8>| {
        let o = p
            .send_as(
                from,
                &[Probe {
                    to,
                    value,
                    input: data.into(),
                    gas: 30_000_000,
                }],
            )
            .remove(0);
        assert!(
            o.success,
            "setup call to {to} reverted: {}",
            bindings::decode_error(&o.output)
        );
    };
    // The world the rows name: an operator with a delegated staker and its
    // queued withdrawal; an AVS whose set 1 (vetoable by `resolver`,
    // evidence through the verifier) the operator joined, with a pending
    // slash request; a holder's pending Lrt request; an Lrt sub-account;
    // pending owners on the two-step contracts.
    let z = U256::ZERO;
    must(
        &mut p,
        operator,
        s.registry,
        z,
        IOperatorRegistry::registerAsOperatorCall {
            approver: Address::ZERO,
            allocationDelay: 0,
            metadataUri: "ipfs://op".into(),
        }
        .abi_encode(),
    );
    must(
        &mut p,
        staker,
        s.eth_vault,
        e18(10),
        IVault::depositCall {
            assets: e18(10),
            receiver: staker,
        }
        .abi_encode(),
    );
    must(
        &mut p,
        staker,
        s.registry,
        z,
        IOperatorRegistry::delegateToCall {
            operator,
            signature: Bytes::new(),
            expiry: z,
            salt: B256::ZERO,
        }
        .abi_encode(),
    );
    must(
        &mut p,
        staker,
        s.registry,
        z,
        IOperatorRegistry::queueWithdrawalCall {
            vaults: vec![s.eth_vault],
            shares: vec![e18(1)],
        }
        .abi_encode(),
    );
    let withdrawal = IOperatorRegistry::withdrawalCountCall::abi_decode_returns(&p.view(
        s.registry,
        &IOperatorRegistry::withdrawalCountCall {}.abi_encode(),
    ))
    .unwrap();
    must(
        &mut p,
        avs,
        s.manager,
        z,
        ISlashingManager::registerAvsCall {
            metadataUri: "ipfs://avs".into(),
            registrar: Address::ZERO,
        }
        .abi_encode(),
    );
    must(
        &mut p,
        avs,
        s.manager,
        z,
        ISlashingManager::createOperatorSetCall {
            setId: 1,
            vaults: vec![s.eth_vault],
            slasher: avs,
            recipient: Address::ZERO,
            resolver,
            vetoWindow: 3_600,
            capWad: WAD,
            capPeriod: 86_400,
            equivocationPenalty: WAD / 10,
            evidenceVerifier: s.evidence,
        }
        .abi_encode(),
    );
    must(
        &mut p,
        operator,
        s.manager,
        z,
        ISlashingManager::joinOperatorSetCall { avs, setId: 1 }.abi_encode(),
    );
    must(
        &mut p,
        avs,
        s.manager,
        z,
        ISlashingManager::requestSlashCall {
            operator,
            avs,
            setId: 1,
            vaults: vec![s.eth_vault],
            wadFraction: WAD / 10,
            description: "pending".into(),
        }
        .abi_encode(),
    );
    let slash_request = ISlashingManager::configCall::abi_decode_returns(
        &p.view(s.manager, &ISlashingManager::configCall {}.abi_encode()),
    )
    .unwrap()
    .lastSlashId;
    must(
        &mut p,
        holder,
        s.lrt,
        e18(5),
        ILrt::depositCall {
            minShares: U256::ZERO,
        }
        .abi_encode(),
    );
    must(
        &mut p,
        holder,
        s.lrt,
        z,
        ILrt::requestRedeemCall {
            shares: e18(1),
            asset: restake_deploy::suite::NATIVE_ETH,
        }
        .abi_encode(),
    );
    must(
        &mut p,
        owner,
        s.lrt,
        z,
        ILrt::addOperatorCall {
            operator,
            approverSignature: Bytes::new(),
            expiry: z,
            salt: B256::ZERO,
        }
        .abi_encode(),
    );
    let account = ILrt::operatorAtCall::abi_decode_returns(
        &p.view(s.lrt, &ILrt::operatorAtCall { index: z }.abi_encode()),
    )
    .unwrap()
    .account;
    for c in [s.registry, s.eth_vault, s.lst_vault, s.rewards] {
        must(
            &mut p,
            owner,
            c,
            z,
            IVault::transferOwnershipCall {
                newOwner: new_owner,
            }
            .abi_encode(),
        );
    }
    must(
        &mut p,
        owner,
        s.lrt,
        z,
        ILrt::transferOwnershipCall {
            newOwner: new_owner,
        }
        .abi_encode(),
    );

    let a = |x: Address| format!("{x:#x}");
    let names = Names(BTreeMap::from([
        ("owner", a(owner)),
        ("registry", a(s.registry)),
        ("manager", a(s.manager)),
        ("eth_vault", a(s.eth_vault)),
        ("lst_vault", a(s.lst_vault)),
        ("lst", a(s.lst)),
        ("lrt", a(s.lrt)),
        ("eth", a(restake_deploy::suite::NATIVE_ETH)),
        ("evidence", a(s.evidence)),
        ("rewards", a(s.rewards)),
        ("operator", a(operator)),
        ("staker", a(staker)),
        ("avs", a(avs)),
        ("holder", a(holder)),
        ("withdrawal", withdrawal.to_string()),
        ("slash_request", slash_request.to_string()),
        ("lrt_request", "1".into()),
    ]));
    // Who holds each role of the table.
    let role_holder = |who: &str| -> Option<Address> {
        Some(match who {
            "owner" | "pauser" | "lrt manager" => owner,
            "pending owner" => new_owner,
            "registry" => s.registry,
            "slashing manager" => s.manager,
            "registered vault" => s.eth_vault,
            "controller" => s.lrt,
            "registered operator" | "set member" => operator,
            "registered avs" | "set's avs" | "set's slasher" => avs,
            "set's resolver" => resolver,
            "set's evidence verifier" => s.evidence,
            "withdrawal's staker" | "staker, its operator or its approver" => staker,
            "request owner" | "earner" => holder,
            "nobody after creation" => return None,
            other => panic!("unknown role `{other}` in the table"),
        })
    };
    let deployments: BTreeMap<&str, Vec<(&str, Address)>> = BTreeMap::from([
        (
            "IVault",
            vec![("EthVault", s.eth_vault), ("LstVault", s.lst_vault)],
        ),
        ("IOperatorRegistry", vec![("OperatorRegistry", s.registry)]),
        ("ISlashingManager", vec![("SlashingManager", s.manager)]),
        ("IEvidenceVerifier", vec![("EvidenceVerifier", s.evidence)]),
        ("IRewards", vec![("Rewards", s.rewards)]),
        ("ILrt", vec![("Lrt", s.lrt)]),
        ("ILrtAccount", vec![("LrtAccount (clone)", account)]),
        ("IMockLst", vec![("MockLst", s.lst)]),
    ]);
    let interfaces: BTreeMap<String, Interface> = abi_catalog::interfaces()
        .into_iter()
        .map(|i| (i.name.clone(), i))
        .collect();

    // Every call, batched: (row, deployment, caller kind, call).
    struct Check {
        what: String,
        expect: Expect,
    }
    enum Expect {
        /// Exactly this revert data.
        Revert(Vec<u8>),
        /// Anything but this refusal.
        Not(Vec<u8>),
        /// Not refused for being `caller`.
        Open(Address),
    }
    let mut checks = Vec::new();
    let mut calls = Vec::new();
    let mut counts = BTreeMap::<&str, usize>::new();
    for r in TABLE {
        let f = interfaces[r.abi].function(r.function).unwrap_or_else(|| {
            panic!(
                "{} {}: not exported (see the other test)",
                r.abi, r.function
            )
        });
        let types = abi_catalog::input_types(f);
        for (contract, address) in &deployments[r.abi] {
            let what = format!("{contract} {}", r.function);
            match r.access {
                Access::Role {
                    who,
                    args,
                    error,
                    error_args,
                } => {
                    let data = calldata(f, names.values(&types, args, stranger));
                    calls.push((Some(stranger), *address, data));
                    checks.push(Check {
                        what: format!("{what} as a stranger"),
                        expect: Expect::Revert(names.error(error, error_args, stranger)),
                    });
                    if let Some(holder) = role_holder(who) {
                        let data = calldata(f, names.values(&types, args, holder));
                        calls.push((Some(holder), *address, data));
                        checks.push(Check {
                            what: format!("{what} as the {who}"),
                            expect: Expect::Not(names.error(error, error_args, holder)),
                        });
                    }
                    *counts.entry("privileged").or_default() += 1;
                }
                Access::Absent { error, error_args } => {
                    let sel = format!("0x{}", alloy::primitives::hex::encode(f.selector()));
                    let error_args: Vec<String> = error_args
                        .iter()
                        .map(|x| x.replace("$selector", &sel))
                        .collect();
                    let error_args: Vec<&str> = error_args.iter().map(String::as_str).collect();
                    for caller in [stranger, owner] {
                        calls.push((Some(caller), *address, calldata(f, default_args(f, holder))));
                        checks.push(Check {
                            what: format!("{what} (compiled out) from {caller}"),
                            expect: Expect::Revert(names.error(error, &error_args, caller)),
                        });
                    }
                    *counts.entry("absent").or_default() += 1;
                }
                Access::View | Access::Public => {
                    calls.push((
                        Some(stranger),
                        *address,
                        calldata(f, default_args(f, holder)),
                    ));
                    checks.push(Check {
                        what: format!("{what} as a stranger"),
                        expect: Expect::Open(stranger),
                    });
                    *counts
                        .entry(if matches!(r.access, Access::View) {
                            "view"
                        } else {
                            "public"
                        })
                        .or_default() += 1;
                }
            }
        }
    }
    let answers = p.try_calls(&calls);
    let mut failures = Vec::new();
    for (c, r) in checks.iter().zip(&answers) {
        match (&c.expect, r) {
            (Expect::Revert(want), Err(got)) if got[..] == want[..] => {}
            (Expect::Revert(want), _) => failures.push(format!(
                "{}: expected {}, got {}",
                c.what,
                bindings::decode_error(&want.clone().into()),
                show(r)
            )),
            (Expect::Not(refusal), Err(got)) if got[..] == refusal[..] => {
                failures.push(format!("{}: refused like a stranger", c.what))
            }
            (Expect::Not(_), _) => {}
            (Expect::Open(caller), Err(got)) if refuses(got, *caller) => failures.push(format!(
                "{}: refused the caller ({}), but the table says anyone may call",
                c.what,
                bindings::decode_error(got)
            )),
            (Expect::Open(_), _) => {}
        }
    }
    println!(
        "access control: {} calls on the devnet ({counts:?} per deployment), {:.1} s",
        calls.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
