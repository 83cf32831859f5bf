//! The cases of each contract: systematic malformed calls per function
//! (truncated, dirty, wrong offsets and lengths, non-canonical, ETH to a
//! non-payable function), the contract-wide ones (empty, short, unknown
//! selectors, the constructor's), well-formed extremes and the random fuzz.

use std::collections::BTreeSet;

use alloy::dyn_abi::{DynSolType, DynSolValue};
use alloy::json_abi::Function;
use alloy::primitives::{Address, U256};
use restake_e2e::abi_catalog;

use crate::encoding::{
    dirty, encode, is_narrow, layout, max_uint, put, u256_word, with_selector, word_at, Rng,
    Sampler, Slot,
};
use crate::target::{constructor_selector, Case, Expect, Target};

/// The systematic cases of one function: mined ones, and (for hand-written
/// routers) the traced ones that must equal the canonical call.
pub fn function_cases(t: &Target, f: &Function, s: &mut Sampler) -> (Vec<Case>, Vec<Case>) {
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
                traced.push(lenient(c, &canonical));
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
    traced.push(lenient(c, &canonical));
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
            traced.push(lenient(c, &canonical));
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

/// A non-canonical but readable encoding: the kit's router reads it as the
/// canonical call, as Solidity's decoder does (traced, compared).
pub fn lenient(c: Case, canonical: &[u8]) -> Case {
    Case {
        expect: Expect::SameAs(canonical.to_vec()),
        ..c
    }
}

/// The cases of a contract that no single function owns.
pub fn contract_cases(t: &Target, rng: &mut Rng, stranger: Address) -> Vec<Case> {
    let mut out = Vec::new();
    out.push(Case {
        label: "empty calldata".into(),
        input: Vec::new(),
        value: U256::ZERO,
        expect: if t.receives {
            Expect::NoOp
        } else {
            Expect::Revert(t.malformed([0; 4]))
        },
    });
    if !t.receives {
        out.push(Case {
            label: "empty calldata with 1 wei".into(),
            input: Vec::new(),
            value: U256::from(1),
            expect: Expect::Revert(t.value_refused([0; 4])),
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
pub fn extreme_cases(t: &Target, f: &Function, s: &mut Sampler) -> Vec<Case> {
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
pub fn fuzz_cases(t: &Target, n: usize, s: &mut Sampler) -> Vec<Case> {
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
