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
//! purpose (trailing data, relocated or unpadded dynamic data: refused by
//! the SDK's strict decoder, read as Solidity's decoder does by the
//! hand-written ones) are checked against the canonical call. Well-formed
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

use alloy::dyn_abi::{DynSolType, DynSolValue, JsonAbiExt};
use alloy::json_abi::Function;
use alloy::primitives::{keccak256, Address, Bytes, Selector, B256, I256, U256};
use restake_e2e::abi_catalog::{self, Interface};
use restake_e2e::bindings::{ILrt, IMockLst, IOperatorRegistry, ISlashingManager};
use restake_e2e::probe::{AccountChange, Outcome, Probe, Prober, StateDump, COINBASE};
use restake_e2e::{e18, send, Harness, WAD};

/// Gas limit of every probe.
const GAS: u64 = 10_000_000;
/// The dev account that sends every probe: holds no role anywhere.
const STRANGER: usize = 8;

/// How a contract's router answers calldata it cannot decode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Router {
    /// stylus-sdk 0.9's `#[public]` router: alloy's decoder with validation
    /// (`abi_decode_params(input, true)`), which also requires the input to
    /// be the canonical encoding of what it decoded (no trailing bytes, no
    /// relocated or unpadded dynamic data). Anything else: an empty revert.
    Sdk,
    /// A hand-written router that reads the words it needs as Solidity's
    /// decoder does (strict widths, offsets and lengths inside the data;
    /// trailing data ignored, dynamic data anywhere in range) and answers a
    /// malformed call with the error `invalid` names: `None` for an empty
    /// revert, `Some(selector)` for `…InvalidCalldata(bytes4 selector)`.
    Hand { invalid: Option<[u8; 4]> },
}

/// What one contract under test answers.
struct Target {
    name: &'static str,
    address: Address,
    abi: Interface,
    router: Router,
    /// Has a `receive`: empty calldata with no ETH succeeds, changing nothing.
    receives: bool,
    /// ETH sent to a non-payable function: refused by the SDK before the
    /// router (empty revert), or by the router itself (`InvalidCalldata`).
    value_in_router: bool,
    /// Reply to the constructor's selector after construction.
    constructor_reply: Vec<u8>,
    /// Functions of the ABI file compiled out of the release wasm.
    absent: &'static [&'static str],
    /// Privileged callers whose well-formed extreme calls are traced.
    callers: Vec<(&'static str, Address)>,
    /// Passes a callee's empty revert (or return data it cannot decode) on
    /// as an empty revert (the sub-account's `LrtAccount::Error::Call`), so
    /// a well-formed call that made a nested call may revert empty.
    passes_empty_reverts: bool,
}

impl Target {
    /// Revert data for a malformed call whose first four bytes are `sel`.
    fn malformed(&self, sel: [u8; 4]) -> Vec<u8> {
        match self.router {
            Router::Sdk | Router::Hand { invalid: None } => Vec::new(),
            Router::Hand {
                invalid: Some(error),
            } => invalid_calldata(error, sel),
        }
    }

    /// Revert data for ETH sent with a call to non-payable `sel`.
    fn value_refused(&self, sel: [u8; 4]) -> Vec<u8> {
        if self.value_in_router {
            self.malformed(sel)
        } else {
            Vec::new()
        }
    }

    /// Revert data for calldata of one to three bytes (no selector).
    fn short(&self) -> Vec<u8> {
        match self.router {
            Router::Sdk => Vec::new(),
            Router::Hand { .. } => self.malformed([0; 4]),
        }
    }

    fn is_absent(&self, f: &Function) -> bool {
        self.absent.contains(&f.signature().as_str())
    }
}

/// `…InvalidCalldata(bytes4 sel)` revert data for the error `error`.
fn invalid_calldata(error: [u8; 4], sel: [u8; 4]) -> Vec<u8> {
    let mut d = error.to_vec();
    d.extend_from_slice(&sel);
    d.extend_from_slice(&[0; 28]);
    d
}

fn selector_of(signature: &str) -> [u8; 4] {
    keccak256(signature.as_bytes())[..4].try_into().unwrap()
}

/// stylus-sdk's constructor selector (`stylus_constructor()`).
fn constructor_selector() -> [u8; 4] {
    selector_of("stylus_constructor()")
}

/// What a case must do.
#[derive(Clone, Debug)]
enum Expect {
    /// Revert with exactly this data.
    Revert(Vec<u8>),
    /// Succeed, return nothing and change nothing (`receive` with no ETH).
    NoOp,
    /// Behave exactly as this canonical calldata (traced calls only).
    SameAs(Vec<u8>),
    /// Well-formed: succeed, or revert with a typed error of the suite.
    WellFormed,
    /// Random: any documented answer (a malformed-call reply, a success, or a
    /// typed error).
    Any,
}

/// One probe and what it must do.
#[derive(Clone, Debug)]
struct Case {
    label: String,
    input: Vec<u8>,
    value: U256,
    expect: Expect,
}

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
    fn word(&mut self) -> [u8; 32] {
        self.bytes(32).try_into().unwrap()
    }
}

/// Well-formed sample arguments: addresses from the suite's actors and
/// contracts, small numbers, short bytes, arrays of two.
struct Sampler {
    rng: Rng,
    addresses: Vec<Address>,
}

impl Sampler {
    fn value(&mut self, ty: &DynSolType) -> DynSolValue {
        match ty {
            DynSolType::Address => {
                let i = self.rng.below(self.addresses.len() as u64) as usize;
                DynSolValue::Address(self.addresses[i])
            }
            DynSolType::Bool => DynSolValue::Bool(self.rng.below(2) == 1),
            DynSolType::Uint(n) => {
                let v = U256::from(self.rng.below(1_000) + 1);
                DynSolValue::Uint(v.min(max_uint(*n)), *n)
            }
            DynSolType::Int(n) => {
                DynSolValue::Int(I256::try_from(self.rng.below(100)).unwrap(), *n)
            }
            DynSolType::FixedBytes(n) => {
                let mut w = [0u8; 32];
                w[..*n].copy_from_slice(&self.rng.bytes(*n));
                DynSolValue::FixedBytes(B256::from(w), *n)
            }
            DynSolType::Bytes => {
                let n = 1 + self.rng.below(40) as usize;
                DynSolValue::Bytes(self.rng.bytes(n))
            }
            DynSolType::String => DynSolValue::String("ipfs://restake".into()),
            DynSolType::Array(t) => DynSolValue::Array(vec![self.value(t), self.value(t)]),
            other => panic!("no sampler for {other}"),
        }
    }
}

fn max_uint(bits: usize) -> U256 {
    if bits == 256 {
        U256::MAX
    } else {
        (U256::from(1) << bits) - U256::from(1)
    }
}

/// Whether `ty` has bits a word can hold beyond its width.
fn is_narrow(ty: &DynSolType) -> bool {
    match ty {
        DynSolType::Address | DynSolType::Bool => true,
        DynSolType::Uint(n) | DynSolType::Int(n) => *n < 256,
        DynSolType::FixedBytes(n) => *n < 32,
        _ => false,
    }
}

/// The word of a narrow type with garbage above its width: `all` sets every
/// bit above it, otherwise only the lowest one.
fn dirty(ty: &DynSolType, word: [u8; 32], all: bool) -> [u8; 32] {
    let mut w = word;
    match ty {
        DynSolType::Address => {
            if all {
                w[..12].fill(0xff)
            } else {
                w[11] |= 1
            }
        }
        DynSolType::Bool => {
            if all {
                w = [0xff; 32]
            } else {
                w[31] = 2
            }
        }
        DynSolType::Uint(n) | DynSolType::Int(n) => {
            let bytes = n / 8;
            if all {
                // For a signed type, a pattern that is not a sign extension.
                w[..32 - bytes].fill(0xff);
                w[32 - bytes] &= 0x7f;
            } else {
                w[31 - bytes] ^= 1;
            }
        }
        DynSolType::FixedBytes(n) => {
            if all {
                w[*n..].fill(0xff)
            } else {
                w[31] |= 1
            }
        }
        other => panic!("{other} is not narrow"),
    }
    w
}

/// Where each argument of a canonical encoding lives.
#[derive(Clone, Debug)]
enum Slot {
    /// A one-word argument in the head at byte `head`.
    Static { ty: DynSolType, head: usize },
    /// A dynamic argument: its offset word at `head`, its length word at
    /// `tail`, `unit` bytes per element (1 for bytes and strings).
    Dynamic {
        ty: DynSolType,
        head: usize,
        tail: usize,
        len: usize,
        unit: usize,
    },
}

fn word_at(data: &[u8], at: usize) -> [u8; 32] {
    data[at..at + 32].try_into().unwrap()
}

fn put(data: &mut [u8], at: usize, w: [u8; 32]) {
    data[at..at + 32].copy_from_slice(&w);
}

fn u256_word(v: U256) -> [u8; 32] {
    v.to_be_bytes()
}

/// The slots of `args` (a canonical encoding of `types`) and the bytes a
/// lenient reader needs: the head, and each dynamic argument's length word
/// and data (unpadded).
fn layout(types: &[DynSolType], args: &[u8]) -> (Vec<Slot>, usize) {
    let mut slots = Vec::new();
    let mut needed = 32 * types.len();
    for (i, ty) in types.iter().enumerate() {
        let head = 32 * i;
        if !ty.is_dynamic() {
            assert_eq!(ty.minimum_words(), 1, "only one-word static arguments");
            slots.push(Slot::Static {
                ty: ty.clone(),
                head,
            });
            continue;
        }
        let tail = U256::from_be_bytes(word_at(args, head)).to::<usize>();
        let len = U256::from_be_bytes(word_at(args, tail)).to::<usize>();
        let unit = match ty {
            DynSolType::Bytes | DynSolType::String => 1,
            DynSolType::Array(t) => {
                assert!(!t.is_dynamic(), "arrays of one-word elements only");
                32
            }
            other => panic!("unexpected dynamic type {other}"),
        };
        needed = needed.max(tail + 32 + len * unit);
        slots.push(Slot::Dynamic {
            ty: ty.clone(),
            head,
            tail,
            len,
            unit,
        });
    }
    (slots, needed)
}

fn with_selector(sel: [u8; 4], args: &[u8]) -> Vec<u8> {
    [&sel[..], args].concat()
}

fn encode(values: &[DynSolValue]) -> Vec<u8> {
    DynSolValue::Tuple(values.to_vec()).abi_encode_params()
}

/// The systematic cases of one function: mined ones, and (for hand-written
/// routers) the traced ones that must equal the canonical call.
fn function_cases(t: &Target, f: &Function, s: &mut Sampler) -> (Vec<Case>, Vec<Case>) {
    let sel: [u8; 4] = f.selector().0;
    let name = f.signature();
    let types = abi_catalog::input_types(f);
    let values: Vec<DynSolValue> = types.iter().map(|ty| s.value(ty)).collect();
    let args = encode(&values);
    let canonical = with_selector(sel, &args);
    let bad = t.malformed(sel);
    let mut mined = Vec::new();
    let mut traced = Vec::new();
    let case = |label: String, input: Vec<u8>, expect: Expect| Case {
        label: format!("{name}: {label}"),
        input,
        value: U256::ZERO,
        expect,
    };
    if t.is_absent(f) {
        // Not in the release wasm: an unknown selector.
        mined.push(case(
            "compiled out of the release wasm".into(),
            canonical,
            Expect::Revert(bad),
        ));
        return (mined, traced);
    }
    let (slots, needed) = layout(&types, &args);
    // Truncated: anything short of what a reader needs.
    if needed > 0 {
        let mut cuts = BTreeSet::from([0, needed - 1]);
        cuts.insert(s.rng.below(needed as u64) as usize);
        for cut in cuts {
            mined.push(case(
                format!("truncated to {cut} of {needed} bytes"),
                with_selector(sel, &args[..cut]),
                Expect::Revert(bad.clone()),
            ));
        }
    }
    for (i, slot) in slots.iter().enumerate() {
        match slot {
            Slot::Static { ty, head } if is_narrow(ty) => {
                for all in [false, true] {
                    let mut a = args.clone();
                    put(&mut a, *head, dirty(ty, word_at(&args, *head), all));
                    let what = if all { "every bit" } else { "one bit" };
                    mined.push(case(
                        format!("argument {i} ({ty}) dirty above its width ({what})"),
                        with_selector(sel, &a),
                        Expect::Revert(bad.clone()),
                    ));
                }
            }
            Slot::Static { .. } => {}
            Slot::Dynamic {
                ty,
                head,
                tail,
                len,
                unit,
            } => {
                let elem = match ty {
                    DynSolType::Array(e) => Some(e.as_ref().clone()),
                    _ => None,
                };
                if let Some(e) = elem.filter(is_narrow) {
                    let at = tail + 32;
                    let mut a = args.clone();
                    put(&mut a, at, dirty(&e, word_at(&args, at), false));
                    mined.push(case(
                        format!("argument {i} ({ty}): element 0 dirty above its width"),
                        with_selector(sel, &a),
                        Expect::Revert(bad.clone()),
                    ));
                }
                let total = U256::from(args.len());
                let offsets = [
                    ("past the end", total),
                    ("+ 2^32", U256::from(*tail) + (U256::from(1) << 32)),
                    ("+ 2^64", U256::from(*tail) + (U256::from(1) << 64)),
                    ("the maximum", U256::MAX),
                ];
                for (what, off) in offsets {
                    let mut a = args.clone();
                    put(&mut a, *head, u256_word(off));
                    mined.push(case(
                        format!("argument {i} ({ty}): offset {what}"),
                        with_selector(sel, &a),
                        Expect::Revert(bad.clone()),
                    ));
                }
                // One element (or byte) more than the data holds.
                let beyond = (args.len() - tail - 32) / unit + 1;
                let lengths = [
                    ("one more than the data holds", U256::from(beyond)),
                    ("+ 2^32", U256::from(*len) + (U256::from(1) << 32)),
                    ("the maximum", U256::MAX),
                ];
                for (what, l) in lengths {
                    let mut a = args.clone();
                    put(&mut a, *tail, u256_word(l));
                    mined.push(case(
                        format!("argument {i} ({ty}): length {what}"),
                        with_selector(sel, &a),
                        Expect::Revert(bad.clone()),
                    ));
                }
                // The same data relocated to the end: a non-canonical but
                // readable encoding.
                let mut a = args.clone();
                let padded = 32 + (len * unit).div_ceil(32) * 32;
                let block = args[*tail..*tail + padded].to_vec();
                put(&mut a, *head, u256_word(U256::from(args.len())));
                a.extend_from_slice(&block);
                let c = case(
                    format!("argument {i} ({ty}): data relocated to the end"),
                    with_selector(sel, &a),
                    Expect::Revert(Vec::new()),
                );
                push_lenient(t, c, &canonical, &mut mined, &mut traced);
            }
        }
    }
    // Trailing bytes.
    let n = 1 + s.rng.below(40) as usize;
    let c = case(
        format!("{n} trailing bytes"),
        [canonical.clone(), s.rng.bytes(n)].concat(),
        Expect::Revert(Vec::new()),
    );
    push_lenient(t, c, &canonical, &mut mined, &mut traced);
    // Unpadded: the last dynamic bytes/string at the end, its padding cut.
    if let Some(Slot::Dynamic {
        tail, len, unit: 1, ..
    }) = slots.last()
    {
        let end = tail + 32 + len;
        if end < args.len() && end % 32 != 0 {
            let c = case(
                "last bytes unpadded".into(),
                with_selector(sel, &args[..end]),
                Expect::Revert(Vec::new()),
            );
            push_lenient(t, c, &canonical, &mut mined, &mut traced);
        }
    }
    // ETH to a non-payable function.
    if !abi_catalog::is_payable(f) {
        mined.push(Case {
            label: format!("{name}: 1 wei sent to a non-payable function"),
            input: canonical.clone(),
            value: U256::from(1),
            expect: Expect::Revert(t.value_refused(sel)),
        });
    }
    (mined, traced)
}

/// A non-canonical but readable encoding: the SDK's strict decoder refuses
/// it (mined, empty revert); a hand-written router reads it as the canonical
/// call (traced, compared).
fn push_lenient(
    t: &Target,
    c: Case,
    canonical: &[u8],
    mined: &mut Vec<Case>,
    traced: &mut Vec<Case>,
) {
    match t.router {
        Router::Sdk => mined.push(c),
        Router::Hand { .. } => traced.push(Case {
            expect: Expect::SameAs(canonical.to_vec()),
            ..c
        }),
    }
}

/// The cases of a contract that no single function owns.
fn contract_cases(t: &Target, rng: &mut Rng, stranger: Address) -> Vec<Case> {
    let mut out = Vec::new();
    out.push(Case {
        label: "empty calldata".into(),
        input: Vec::new(),
        value: U256::ZERO,
        expect: if t.receives {
            Expect::NoOp
        } else {
            Expect::Revert(match t.router {
                Router::Sdk => Vec::new(),
                Router::Hand { .. } => t.malformed([0; 4]),
            })
        },
    });
    if !t.receives {
        out.push(Case {
            label: "empty calldata with 1 wei".into(),
            input: Vec::new(),
            value: U256::from(1),
            expect: Expect::Revert(match t.router {
                Router::Sdk => Vec::new(),
                Router::Hand { .. } => t.value_refused([0; 4]),
            }),
        });
    }
    for n in 1..=3 {
        out.push(Case {
            label: format!("{n} byte(s) of calldata"),
            input: rng.bytes(n),
            value: U256::ZERO,
            expect: Expect::Revert(t.short()),
        });
    }
    let known: BTreeSet<[u8; 4]> = t.abi.functions.iter().map(|f| f.selector().0).collect();
    let mut unknown = 0;
    while unknown < 4 {
        let sel: [u8; 4] = rng.bytes(4).try_into().unwrap();
        if known.contains(&sel) || sel == constructor_selector() {
            continue;
        }
        unknown += 1;
        let n = 32 * rng.below(4) as usize;
        out.push(Case {
            label: format!(
                "unknown selector 0x{} with {n} bytes",
                alloy::primitives::hex::encode(sel)
            ),
            input: [sel.to_vec(), rng.bytes(n)].concat(),
            value: U256::ZERO,
            expect: Expect::Revert(t.malformed(sel)),
        });
    }
    out.push(Case {
        label: "the constructor's selector again".into(),
        // Five addresses: the Lrt's constructor's shape (the extension
        // decodes them and refuses); the others refuse before decoding.
        input: [
            constructor_selector().to_vec(),
            encode(&vec![DynSolValue::Address(stranger); 5]),
        ]
        .concat(),
        value: U256::ZERO,
        expect: Expect::Revert(t.constructor_reply.clone()),
    });
    out
}

/// Well-formed calls with extreme values: per argument, 0 / max / max − 1
/// (integers), the zero and the all-ones address, empty and oversized
/// bytes, empty arrays and arrays of 17 and 100 elements.
fn extreme_cases(t: &Target, f: &Function, s: &mut Sampler) -> Vec<Case> {
    if t.is_absent(f) {
        return Vec::new();
    }
    let sel: [u8; 4] = f.selector().0;
    let types = abi_catalog::input_types(f);
    let base: Vec<DynSolValue> = types.iter().map(|ty| s.value(ty)).collect();
    let mut out = Vec::new();
    for (i, ty) in types.iter().enumerate() {
        let extremes: Vec<(String, DynSolValue)> = match ty {
            DynSolType::Uint(n) => vec![
                ("0".into(), DynSolValue::Uint(U256::ZERO, *n)),
                ("max".into(), DynSolValue::Uint(max_uint(*n), *n)),
                (
                    "max - 1".into(),
                    DynSolValue::Uint(max_uint(*n) - U256::from(1), *n),
                ),
            ],
            DynSolType::Address => vec![
                (
                    "the zero address".into(),
                    DynSolValue::Address(Address::ZERO),
                ),
                (
                    "0xff…ff".into(),
                    DynSolValue::Address(Address::repeat_byte(0xff)),
                ),
            ],
            DynSolType::Bytes => vec![
                ("empty".into(), DynSolValue::Bytes(Vec::new())),
                ("4,000 bytes".into(), DynSolValue::Bytes(s.rng.bytes(4_000))),
            ],
            DynSolType::String => vec![
                ("empty".into(), DynSolValue::String(String::new())),
                ("4,000 bytes".into(), DynSolValue::String("x".repeat(4_000))),
            ],
            DynSolType::Array(e) => {
                let many = |n: usize, s: &mut Sampler| {
                    DynSolValue::Array((0..n).map(|_| s.value(e)).collect())
                };
                vec![
                    ("empty".into(), DynSolValue::Array(Vec::new())),
                    ("17 elements".into(), many(17, s)),
                    ("100 elements".into(), many(100, s)),
                ]
            }
            _ => Vec::new(),
        };
        for (what, v) in extremes {
            let mut vals = base.clone();
            vals[i] = v;
            out.push(Case {
                label: format!("{}: argument {i} ({ty}) {what}", f.signature()),
                input: with_selector(sel, &encode(&vals)),
                value: U256::ZERO,
                expect: Expect::WellFormed,
            });
        }
    }
    out
}

/// Random calls: random bytes, known selectors with random words, and
/// canonical calls with random bytes changed or cut.
fn fuzz_cases(t: &Target, n: usize, s: &mut Sampler) -> Vec<Case> {
    let fs: Vec<&Function> = t.abi.functions.iter().collect();
    (0..n)
        .map(|k| {
            let f = fs[s.rng.below(fs.len() as u64) as usize];
            let sel: [u8; 4] = f.selector().0;
            let input = match s.rng.below(4) {
                0 => {
                    let n = s.rng.below(200) as usize;
                    s.rng.bytes(n)
                }
                1 => {
                    let words = s.rng.below(8) as usize;
                    let mut v = sel.to_vec();
                    for _ in 0..words {
                        v.extend_from_slice(&s.rng.word());
                    }
                    v
                }
                kind => {
                    let types = abi_catalog::input_types(f);
                    let vals: Vec<DynSolValue> = types.iter().map(|ty| s.value(ty)).collect();
                    let mut v = with_selector(sel, &encode(&vals));
                    if kind == 2 {
                        for _ in 0..1 + s.rng.below(3) {
                            let at = 4 + s.rng.below((v.len() - 4).max(1) as u64) as usize;
                            if at < v.len() {
                                v[at] = s.rng.next() as u8;
                            }
                        }
                    } else {
                        let cut = s.rng.below(v.len() as u64 + 1) as usize;
                        v.truncate(cut);
                    }
                    v
                }
            };
            Case {
                label: format!("fuzz #{k} (near {})", f.signature()),
                input,
                value: U256::ZERO,
                expect: Expect::Any,
            }
        })
        .collect()
}

/// Every custom error of every exported interface, by selector.
fn known_errors() -> BTreeMap<Selector, alloy::json_abi::Error> {
    abi_catalog::interfaces()
        .into_iter()
        .flat_map(|i| i.errors)
        .map(|e| (e.selector(), e))
        .collect()
}

/// Whether `data` is the canonical encoding of one of the suite's errors.
fn is_typed_error(errors: &BTreeMap<Selector, alloy::json_abi::Error>, data: &[u8]) -> bool {
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

fn hex(b: &[u8]) -> String {
    format!("0x{}", alloy::primitives::hex::encode(b))
}

fn short_hex(b: &[u8]) -> String {
    if b.len() > 72 {
        format!("{}… ({} bytes)", hex(&b[..68]), b.len())
    } else {
        hex(b)
    }
}

/// Checks a mined or traced outcome against its case; pushes what is wrong.
fn check(
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
fn check_no_state_change(
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

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

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
    let slashing_invalid = selector_of("SlashingInvalidCalldata(bytes4)");
    let lrt_invalid = selector_of("LrtInvalidCalldata(bytes4)");
    let lrt_unauthorized = {
        let mut d = selector_of("LrtUnauthorized(address)").to_vec();
        d.extend_from_slice(&encode(&[DynSolValue::Address(stranger)]));
        d
    };
    let sdk = |name, address, abi: &str, receives, callers, passes_empty_reverts| Target {
        name,
        address,
        abi: abi_catalog::interface(abi),
        router: Router::Sdk,
        receives,
        value_in_router: false,
        constructor_reply: Vec::new(),
        absent: &[],
        callers,
        passes_empty_reverts,
    };
    let vault_callers = vec![
        ("owner", owner),
        ("registry", s.registry),
        ("slashing manager", s.manager),
    ];
    let targets = vec![
        sdk(
            "EthVault",
            s.eth_vault,
            "IVault",
            false,
            vault_callers.clone(),
            false,
        ),
        sdk(
            "LstVault",
            s.lst_vault,
            "IVault",
            false,
            vault_callers,
            false,
        ),
        Target {
            name: "OperatorRegistry",
            address: s.registry,
            abi: abi_catalog::interface("IOperatorRegistry"),
            router: Router::Hand { invalid: None },
            receives: false,
            value_in_router: true,
            constructor_reply: Vec::new(),
            absent: &["setTestTimestamp(uint64)"],
            callers: vec![
                ("owner", owner),
                ("slashing manager", s.manager),
                ("vault", s.eth_vault),
                ("operator", op),
            ],
            passes_empty_reverts: false,
        },
        Target {
            name: "SlashingManager",
            address: s.manager,
            abi: abi_catalog::interface("ISlashingManager"),
            router: Router::Hand {
                invalid: Some(slashing_invalid),
            },
            receives: false,
            value_in_router: false,
            constructor_reply: Vec::new(),
            absent: &["setTestTimestamp(uint64)"],
            callers: vec![
                ("avs", avs),
                ("operator", op),
                ("evidence verifier", s.evidence),
            ],
            passes_empty_reverts: false,
        },
        sdk(
            "EvidenceVerifier",
            s.evidence,
            "IEvidenceVerifier",
            false,
            vec![("operator", op), ("slashing manager", s.manager)],
            false,
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
            receives: true,
            value_in_router: true,
            constructor_reply: lrt_unauthorized,
            absent: &[],
            callers: vec![("the Lrt's owner", owner)],
            passes_empty_reverts: false,
        },
        sdk(
            "LrtAccount (sub-account clone)",
            account,
            "ILrtAccount",
            true,
            vec![("controller (the Lrt)", s.lrt)],
            true,
        ),
        sdk(
            "MockLst",
            s.lst,
            "IMockLst",
            false,
            vec![("owner", owner)],
            false,
        ),
    ];

    let seed = env_seed();
    let iters = env_usize("RESTAKE_MALFORMED_ITERS", 48);
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

/// Mines `cases` against `t` in batches.
fn run(p: &mut Prober, t: &Target, cases: &[Case]) -> Vec<Outcome> {
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
fn check_all(
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
