//! The route table (`routes!`) through a real contract under motsu: every
//! argument and return type against `sol!`'s encoding, the selectors, the
//! table, and the malformed-calldata policy.
#![allow(missing_docs)]
extern crate alloc;
use alloy_primitives::{Address, FixedBytes, B256, U256};
use alloy_sol_types::{sol, SolCall, SolValue};
use motsu::prelude::*;
use restake_kit::route::{Bytes, Str};
use stylus_sdk::prelude::*;

sol! {
    interface IProbe {
        function put(address who, uint64 at, bool flag, bytes32 tag, uint256 amount) external returns (uint256 sum);
        function texts(string name, bytes blob) external view returns (uint256 name_len, uint256 blob_len, string echoed);
        function lists(address[] who, uint256[] amounts) external view returns (address[] back, uint256 total);
        function pay(uint8 code) external payable returns (uint8 code_back);
        function pair() external view returns (address a, uint32 b);
        function fails(uint16 n) external;
        function nothing() external;
    }
}

#[derive(Debug, PartialEq)]
pub enum Error {
    Invalid(u32),
    Fails(u16),
}

impl Error {
    fn invalid(selector: u32) -> Self {
        Error::Invalid(selector)
    }
}

#[storage]
#[entrypoint]
pub struct Probe {}

impl Probe {
    fn put(&mut self, who: Address, at: u64, flag: bool, tag: B256, amount: U256) -> U256 {
        U256::from(at)
            .saturating_add(amount)
            .saturating_add(U256::from(flag as u8))
            .saturating_add(U256::from(who.0[19]))
            .saturating_add(U256::from(tag.0[0]))
    }
    fn texts(&self, name: impl AsRef<[u8]>, blob: impl AsRef<[u8]>) -> (U256, U256, String) {
        let (name, blob) = (name.as_ref(), blob.as_ref());
        let echoed = String::from_utf8_lossy(name).into_owned();
        (U256::from(name.len()), U256::from(blob.len()), echoed)
    }
    fn lists(&self, who: Vec<Address>, amounts: Vec<U256>) -> (Vec<Address>, U256) {
        let total = amounts.iter().fold(U256::ZERO, |a, b| a.saturating_add(*b));
        (who.into_iter().rev().collect(), total)
    }
    fn pay(&mut self, code: u8) -> u8 {
        code
    }
    fn pair(&self) -> (Address, u32) {
        (Address::repeat_byte(7), 9)
    }
    fn fails(&mut self, n: u16) -> Result<(), Error> {
        Err(Error::Fails(n))
    }
    fn nothing(&mut self) {}
}

restake_kit::routes! {
    impl Probe; error Error; invalid Error::invalid;
    /// Adds things up.
    fn put(who: Address, at: u64, flag: bool, tag: B256, amount: U256) -> (sum: U256) => put;
    /// Echoes text.
    /// Second line.
    fn texts(name: Str, blob: Bytes) view -> (name_len: U256, blob_len: U256, echoed: String) => texts;
    fn lists(who: Vec<Address>, amounts: Vec<U256>) view -> (back: Vec<Address>, total: U256) => lists;
    fn pay(code: u8) payable -> (code_back: u8) => pay;
    fn pair() view -> (a: Address, b: u32) => pair;
    fn fails(n: u16) fallible => fails;
    fn nothing() => nothing;
}

impl Probe {
    #[doc(hidden)]
    pub const fn __stylus_assert_overrides() {}
}

impl stylus_sdk::abi::Router<Probe> for Probe {
    type Storage = Probe;
    fn route(s: &mut Self, selector: u32, input: &[u8]) -> Option<stylus_sdk::ArbResult> {
        let paid = !s.vm().msg_value().is_zero();
        Some(match s.route_call(selector, input, paid) {
            Some(Ok(out)) => Ok(out),
            Some(Err(_)) | None => Err(Vec::new()),
        })
    }
    fn receive(_: &mut Self) -> Option<Result<(), Vec<u8>>> {
        None
    }
    fn fallback(_: &mut Self, _: &[u8]) -> Option<stylus_sdk::ArbResult> {
        None
    }
    fn constructor(_: &mut Self, _: &[u8]) -> Option<stylus_sdk::ArbResult> {
        None
    }
}

/// Routes ABI-encoded `data` (selector included), without ETH.
fn run(p: &Contract<Probe>, data: &[u8]) -> Option<Result<Vec<u8>, Error>> {
    run_paid(p, data, false)
}

fn run_paid(p: &Contract<Probe>, data: &[u8], paid: bool) -> Option<Result<Vec<u8>, Error>> {
    let selector = u32::from_be_bytes([data[0], data[1], data[2], data[3]]);
    p.sender(Address::with_last_byte(1))
        .route_call(selector, &data[4..], paid)
}

#[test]
fn selectors_and_the_table_match_sol() {
    use IProbe::*;
    let expect = [
        (putCall::SIGNATURE, putCall::SELECTOR),
        (textsCall::SIGNATURE, textsCall::SELECTOR),
        (listsCall::SIGNATURE, listsCall::SELECTOR),
        (payCall::SIGNATURE, payCall::SELECTOR),
        (pairCall::SIGNATURE, pairCall::SELECTOR),
        (failsCall::SIGNATURE, failsCall::SELECTOR),
        (nothingCall::SIGNATURE, nothingCall::SELECTOR),
    ];
    assert_eq!(Probe::ROUTES.len(), expect.len());
    for (route, (signature, selector)) in Probe::ROUTES.iter().zip(expect) {
        assert_eq!(route.signature(), signature);
        assert_eq!(route.selector.to_be_bytes(), selector);
    }
    assert_eq!(Probe::put_SELECTOR.to_be_bytes(), putCall::SELECTOR);
    let texts = &Probe::ROUTES[1];
    assert_eq!(texts.mutability, "view");
    assert_eq!(texts.doc, &[" Echoes text.", " Second line."]);
    assert_eq!(texts.outputs[2].name, "echoed");
    assert_eq!(texts.outputs[2].ty, "string");
    assert_eq!(Probe::ROUTES[3].mutability, "payable");
    assert_eq!(Probe::ROUTES[5].mutability, "nonpayable");
    assert_eq!(Probe::ROUTES[6].outputs, &[]);
}

#[motsu::test]
fn every_type_round_trips_as_sol_encodes_it(p: Contract<Probe>) {
    use IProbe::*;
    let who = Address::repeat_byte(0x11);
    let call = putCall {
        who,
        at: u64::MAX,
        flag: true,
        tag: B256::repeat_byte(2),
        amount: U256::from(1000),
    };
    let sum = U256::from(u64::MAX) + U256::from(1000 + 1 + 0x11 + 2);
    assert_eq!(run(&p, &call.abi_encode()), Some(Ok(sum.abi_encode())));

    let call = textsCall {
        name: "restake, a name longer than one word".into(),
        blob: vec![1u8; 33].into(),
    };
    let expected = (
        U256::from(36),
        U256::from(33),
        String::from("restake, a name longer than one word"),
    )
        .abi_encode_params();
    assert_eq!(run(&p, &call.abi_encode()), Some(Ok(expected)));

    let list = vec![Address::repeat_byte(1), Address::repeat_byte(2)];
    let call = listsCall {
        who: list.clone(),
        amounts: vec![U256::from(5), U256::from(6)],
    };
    let expected = (vec![list[1], list[0]], U256::from(11)).abi_encode_params();
    assert_eq!(run(&p, &call.abi_encode()), Some(Ok(expected)));
    let empty = listsCall {
        who: vec![],
        amounts: vec![],
    };
    let expected = (Vec::<Address>::new(), U256::ZERO).abi_encode_params();
    assert_eq!(run(&p, &empty.abi_encode()), Some(Ok(expected)));

    let expected = (Address::repeat_byte(7), 9u32).abi_encode_params();
    assert_eq!(run(&p, &pairCall {}.abi_encode()), Some(Ok(expected)));
    assert_eq!(run(&p, &nothingCall {}.abi_encode()), Some(Ok(vec![])));
    // A method's own error is passed on.
    assert_eq!(
        run(&p, &failsCall { n: 513 }.abi_encode()),
        Some(Err(Error::Fails(513)))
    );
    // ETH only where the route is payable.
    let pay = payCall { code: 200 }.abi_encode();
    assert_eq!(
        run_paid(&p, &pay, true),
        Some(Ok(U256::from(200).abi_encode()))
    );
    let sel = u32::from_be_bytes(nothingCall::SELECTOR);
    assert_eq!(
        run_paid(&p, &nothingCall {}.abi_encode(), true),
        Some(Err(Error::Invalid(sel)))
    );
    // An unknown selector is not routed.
    assert_eq!(run(&p, &[0xde, 0xad, 0xbe, 0xef]), None);
    let _ = FixedBytes::<4>::ZERO;
}

#[motsu::test]
fn malformed_calldata_is_refused_before_the_call_runs(p: Contract<Probe>) {
    use IProbe::*;
    let good = putCall {
        who: Address::repeat_byte(0x11),
        at: 1,
        flag: false,
        tag: B256::ZERO,
        amount: U256::from(1),
    }
    .abi_encode();
    let sel = u32::from_be_bytes(putCall::SELECTOR);
    let refused = Some(Err(Error::Invalid(sel)));
    // Short by one byte.
    assert_eq!(run(&p, &good[..good.len() - 1]), refused);
    // Trailing bytes are ignored, as Solidity ignores them.
    let mut long = good.clone();
    long.extend_from_slice(&[0xff; 40]);
    assert!(matches!(run(&p, &long), Some(Ok(_))));
    // Dirty high bits: address (word 0), uint64 (word 1), bool 2 (word 2).
    for (word, byte, value) in [(0, 0, 1u8), (1, 23, 1), (2, 31, 2), (2, 0, 1)] {
        let mut bad = good.clone();
        bad[4 + 32 * word + byte] = value;
        assert_eq!(run(&p, &bad), refused, "word {word} byte {byte}");
    }
    // uint8 with 256, uint16 with 65536.
    let mut bad = payCall { code: 1 }.abi_encode();
    bad[4 + 30] = 1;
    let pay = u32::from_be_bytes(payCall::SELECTOR);
    assert_eq!(run(&p, &bad), Some(Err(Error::Invalid(pay))));
    let mut bad = failsCall { n: 1 }.abi_encode();
    bad[4 + 29] = 1;
    let fails = u32::from_be_bytes(failsCall::SELECTOR);
    assert_eq!(run(&p, &bad), Some(Err(Error::Invalid(fails))));

    // Dynamic data: offsets and lengths outside the calldata.
    let texts = textsCall {
        name: "ab".into(),
        blob: vec![9u8; 3].into(),
    }
    .abi_encode();
    let tsel = u32::from_be_bytes(textsCall::SELECTOR);
    let trefused = Some(Err(Error::Invalid(tsel)));
    let set_word = |data: &mut Vec<u8>, word: usize, v: U256| {
        data[4 + 32 * word..4 + 32 * word + 32].copy_from_slice(&v.to_be_bytes::<32>());
    };
    for v in [
        U256::from(texts.len()),
        U256::from(1u64 << 32).saturating_add(U256::from(64)),
        U256::MAX,
    ] {
        let mut bad = texts.clone();
        set_word(&mut bad, 0, v);
        assert_eq!(run(&p, &bad), trefused, "offset {v}");
    }
    // The name's length (word 2, at offset 64) past the end, or above 2^32.
    for v in [
        U256::from(10_000),
        U256::from(1u64 << 32).saturating_add(U256::from(2)),
    ] {
        let mut bad = texts.clone();
        set_word(&mut bad, 2, v);
        assert_eq!(run(&p, &bad), trefused, "length {v}");
    }
    // Relocated dynamic data is read where the offset points.
    let relocated = {
        let mut d = texts.clone();
        let tail: Vec<u8> = d[4 + 64..].to_vec();
        d.truncate(4 + 64);
        d.extend_from_slice(&[0u8; 32]);
        d.extend_from_slice(&tail);
        set_word(&mut d, 0, U256::from(96));
        set_word(&mut d, 1, U256::from(96 + 64));
        d
    };
    let expected = (U256::from(2), U256::from(3), String::from("ab")).abi_encode_params();
    assert_eq!(run(&p, &relocated), Some(Ok(expected)));
    // An array element with dirty bits.
    let lists = listsCall {
        who: vec![Address::repeat_byte(1)],
        amounts: vec![U256::MAX],
    }
    .abi_encode();
    let mut bad = lists.clone();
    // who: offset 64 → length at 64, element at 96 (bytes 4 + 96..).
    bad[4 + 96] = 1;
    let lsel = u32::from_be_bytes(listsCall::SELECTOR);
    assert_eq!(run(&p, &bad), Some(Err(Error::Invalid(lsel))));
    assert!(matches!(run(&p, &lists), Some(Ok(_))));
}
