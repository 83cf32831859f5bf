//! The kit through a real contract under motsu: ecrecover with
//! OpenZeppelin's checks, the EIP-712 domain, typed storage, calls and logs.
#![allow(missing_docs)]
extern crate alloc;
use alloy_primitives::{Address, B256, U256};
use alloy_signer::SignerSync;
use motsu::prelude::*;
use restake_kit::{
    call, ecdsa,
    ecdsa::{RecoverError, SIGNATURE_S_UPPER_BOUND},
    eip712, log,
    storage::{self, Map, Map2, Map3, Slot},
    words,
};
use stylus_sdk::prelude::*;

const ONE: Map = Map::new(1);
const TWO: Map2 = Map2::new(2);
const FIXED: Slot = Slot::new(7);
const THREE: Map3 = Map3::new(3);

#[storage]
#[entrypoint]
pub struct Probe {}

#[public]
impl Probe {
    pub fn recover(&self, hash: B256, v: u8, r: B256, s: B256) -> Result<Address, Vec<u8>> {
        ecdsa::recover(self.vm(), hash, v, r, s).map_err(code)
    }
    pub fn recover_bytes(&self, hash: B256, sig: Vec<u8>) -> Result<Address, Vec<u8>> {
        ecdsa::recover_bytes(self.vm(), hash, &sig).map_err(code)
    }
    pub fn digest(&self, name_hash: B256, version_hash: B256, struct_hash: B256) -> B256 {
        let domain = eip712::domain_separator(self.vm(), name_hash, version_hash);
        eip712::digest(self.vm(), domain, struct_hash)
    }
    pub fn put(&mut self, a: B256, b: B256, v: U256) {
        ONE.store(self.vm(), a, v);
        TWO.store(self.vm(), a, b, v.saturating_add(U256::from(1)));
        FIXED.store(self.vm(), v.saturating_add(U256::from(2)));
    }
    pub fn get(&self, a: B256, b: B256) -> (U256, U256, U256, U256) {
        (
            ONE.load(self.vm(), a),
            TWO.load(self.vm(), a, b),
            FIXED.load(self.vm()),
            ONE.slot(self.vm(), a),
        )
    }
    pub fn put3(&mut self, a: B256, b: B256, c: B256, v: U256) {
        THREE.store(self.vm(), a, b, c, v);
    }
    pub fn get3(&self, a: B256, b: B256, c: B256) -> (U256, U256, U256) {
        (
            THREE.load(self.vm(), a, b, c),
            THREE.slot(self.vm(), a, b, c),
            TWO.slot(self.vm(), a, b),
        )
    }
    pub fn balance_of_via_call(&self, token: Address, who: Address) -> Result<U256, Vec<u8>> {
        // balanceOf(address)
        call::call_word(
            self.vm(),
            token,
            [0x70, 0xa0, 0x82, 0x31],
            &words![who],
            false,
        )
        .map_err(|r| r.0)?
        .ok_or_else(Vec::new)
    }
    pub fn log_it(&self, plain: B256, with_text: B256, x: U256, text: Vec<u8>) {
        log::emit(self.vm(), &[plain], &words![x]);
        log::emit_with_bytes(self.vm(), &[with_text], &words![x], &text);
    }
}

#[storage]
pub struct Token {}

#[public]
impl Token {
    #[selector(name = "balanceOf")]
    pub fn balance_of(&self, who: Address) -> Result<U256, Vec<u8>> {
        if who.is_zero() {
            return Err(b"zero".to_vec());
        }
        Ok(U256::from(42u8))
    }
}

unsafe impl TopLevelStorage for Token {}

fn code(e: RecoverError) -> Vec<u8> {
    match e {
        RecoverError::Invalid => vec![1],
        RecoverError::InvalidS(s) => [&[2u8][..], s.as_slice()].concat(),
        RecoverError::InvalidLength(n) => vec![3, n as u8],
    }
}

fn signed(signer: &Account, hash: B256) -> (u8, B256, B256) {
    let sig = signer.signer().sign_hash_sync(&hash).expect("signs");
    let bytes = sig.as_bytes();
    (
        bytes[64],
        B256::from_slice(&bytes[..32]),
        B256::from_slice(&bytes[32..64]),
    )
}

#[motsu::test]
fn recover_accepts_a_low_s_signature_with_v_27_or_28(probe: Contract<Probe>, signer: Account) {
    let alice = signer.address();
    let hash = B256::repeat_byte(0x42);
    let (v, r, s) = signed(&signer, hash);
    assert!(v == 27 || v == 28);
    assert_eq!(probe.sender(alice).recover(hash, v, r, s), Ok(alice));
    let mut sig = [r.as_slice(), s.as_slice(), &[v]].concat();
    assert_eq!(
        probe.sender(alice).recover_bytes(hash, sig.clone()),
        Ok(alice)
    );
    // Another hash recovers someone else (or nobody), never alice.
    assert_ne!(
        probe.sender(alice).recover(B256::repeat_byte(1), v, r, s),
        Ok(alice)
    );
    // Length other than 65 is refused with the length.
    sig.push(0);
    assert_eq!(
        probe.sender(alice).recover_bytes(hash, sig),
        Err(vec![3, 66])
    );
    assert_eq!(
        probe.sender(alice).recover_bytes(hash, vec![0; 64]),
        Err(vec![3, 64])
    );
}

#[motsu::test]
fn recover_refuses_the_malleable_twin_and_v_0_or_1(probe: Contract<Probe>, signer: Account) {
    let alice = signer.address();
    let hash = B256::repeat_byte(0x42);
    let (v, r, s) = signed(&signer, hash);
    // n − s with the other v recovers the same key on the curve: refused.
    let n = SIGNATURE_S_UPPER_BOUND
        .checked_mul(U256::from(2))
        .and_then(|x| x.checked_add(U256::from(1)))
        .expect("n fits");
    let twin_s = B256::from(n.checked_sub(U256::from_be_bytes(s.0)).expect("s < n"));
    let twin_v = if v == 27 { 28 } else { 27 };
    let mut expected = vec![2u8];
    expected.extend_from_slice(twin_s.as_slice());
    assert_eq!(
        probe.sender(alice).recover(hash, twin_v, r, twin_s),
        Err(expected)
    );
    // The bound itself is accepted (it is not above), one more is not.
    assert!(ecdsa::check(27, B256::from(SIGNATURE_S_UPPER_BOUND)).is_ok());
    let above = B256::from(
        SIGNATURE_S_UPPER_BOUND
            .checked_add(U256::from(1))
            .expect("fits"),
    );
    assert_eq!(ecdsa::check(27, above), Err(RecoverError::InvalidS(above)));
    // v as 0/1 is not normalized (OpenZeppelin's rule).
    assert_eq!(
        probe.sender(alice).recover(hash, v - 27, r, s),
        Err(vec![1])
    );
    assert_eq!(probe.sender(alice).recover(hash, 29, r, s), Err(vec![1]));
    // r = 0 is no point: nobody.
    assert_eq!(
        probe.sender(alice).recover(hash, v, B256::ZERO, s),
        Err(vec![1])
    );
}

#[motsu::test]
fn the_domain_and_digest_are_eip712s(probe: Contract<Probe>, alice: Address) {
    use alloy_primitives::keccak256;
    let name = keccak256("Restake Test");
    let version = keccak256("1");
    let struct_hash = B256::repeat_byte(9);
    let domain = keccak256(
        [
            keccak256(eip712::DOMAIN_TYPE).as_slice(),
            name.as_slice(),
            version.as_slice(),
            &U256::from(probe_chain_id()).to_be_bytes::<32>(),
            probe.address().into_word().as_slice(),
        ]
        .concat(),
    );
    assert_eq!(keccak256(eip712::DOMAIN_TYPE).0, eip712::DOMAIN_TYPEHASH);
    let want = keccak256(
        [
            &[0x19u8, 0x01][..],
            domain.as_slice(),
            struct_hash.as_slice(),
        ]
        .concat(),
    );
    assert_eq!(probe.sender(alice).digest(name, version, struct_hash), want);
}

fn probe_chain_id() -> u64 {
    // motsu's chain id (stylus-test's default).
    42161
}

#[motsu::test]
fn typed_storage_keys_are_distinct_and_round_trip(probe: Contract<Probe>, alice: Address) {
    let a = B256::repeat_byte(1);
    let b = B256::repeat_byte(2);
    probe.sender(alice).put(a, b, U256::from(10));
    let (one, two, fixed, slot) = probe.sender(alice).get(a, b);
    assert_eq!(
        (one, two, fixed),
        (U256::from(10), U256::from(11), U256::from(12))
    );
    let mut pre = vec![1u8];
    pre.extend_from_slice(a.as_slice());
    assert_eq!(
        slot,
        U256::from_be_bytes(alloy_primitives::keccak256(&pre).0)
    );
    // Another key of the same maps is untouched.
    let (one, two, _, _) = probe.sender(alice).get(b, a);
    assert_eq!((one, two), (U256::ZERO, U256::ZERO));
}

#[motsu::test]
fn three_word_keys_are_distinct_and_hash_the_documented_preimage(
    probe: Contract<Probe>,
    alice: Address,
) {
    let (a, b, c) = (
        B256::repeat_byte(1),
        B256::repeat_byte(2),
        B256::repeat_byte(3),
    );
    probe.sender(alice).put3(a, b, c, U256::from(7));
    let (v, slot, two) = probe.sender(alice).get3(a, b, c);
    assert_eq!(v, U256::from(7));
    let mut pre = vec![3u8];
    for w in [a, b, c] {
        pre.extend_from_slice(w.as_slice());
    }
    assert_eq!(
        slot,
        U256::from_be_bytes(alloy_primitives::keccak256(&pre).0)
    );
    let mut pre2 = vec![2u8];
    pre2.extend_from_slice(a.as_slice());
    pre2.extend_from_slice(b.as_slice());
    assert_eq!(
        two,
        U256::from_be_bytes(alloy_primitives::keccak256(&pre2).0)
    );
    assert_ne!(slot, two);
    // Any key permuted or changed is another slot, untouched.
    for (x, y, z) in [(c, b, a), (a, c, b), (a, b, a), (b, a, c)] {
        assert_eq!(probe.sender(alice).get3(x, y, z).0, U256::ZERO);
    }
    // The two-word map at (a, b) was not written by the three-word one.
    let (_, two_value, _, _) = probe.sender(alice).get(a, b);
    assert_eq!(two_value, U256::ZERO);
}

/// `pack`: `top ‖ mid ‖ address`, big-endian, and back.
#[test]
fn packed_words_hold_an_address_and_two_integers() {
    let who = Address::repeat_byte(0xab);
    let w = storage::pack(who, 0x0102_0304_0506_0708, 0x0a0b_0c0d);
    let mut expect = [0u8; 32];
    expect[..4].copy_from_slice(&[0x0a, 0x0b, 0x0c, 0x0d]);
    expect[4..12].copy_from_slice(&[1, 2, 3, 4, 5, 6, 7, 8]);
    expect[12..].copy_from_slice(who.as_slice());
    assert_eq!(w, U256::from_be_bytes(expect));
    assert_eq!(
        storage::unpack(w),
        (who, 0x0102_0304_0506_0708, 0x0a0b_0c0d)
    );
    for (a, m, t) in [
        (Address::ZERO, 0, 0),
        (Address::repeat_byte(0xff), u64::MAX, u32::MAX),
        (Address::ZERO, u64::MAX, 0),
        (Address::repeat_byte(0xff), 0, u32::MAX),
        (Address::with_last_byte(1), 1, 1),
    ] {
        assert_eq!(storage::unpack(storage::pack(a, m, t)), (a, m, t));
    }
    // The fields do not overlap.
    assert_eq!(
        storage::pack(Address::ZERO, u64::MAX, 0),
        U256::from(u64::MAX) << 160usize
    );
    assert_eq!(
        storage::pack(Address::ZERO, 0, u32::MAX),
        U256::from(u32::MAX) << 224usize
    );
    assert_eq!(storage::to_address(U256::MAX), Address::repeat_byte(0xff));
}

#[motsu::test]
fn calls_return_words_and_pass_revert_data_on(
    probe: Contract<Probe>,
    token: Contract<Token>,
    alice: Address,
) {
    assert_eq!(
        probe
            .sender(alice)
            .balance_of_via_call(token.address(), alice),
        Ok(U256::from(42u8))
    );
    assert_eq!(
        probe
            .sender(alice)
            .balance_of_via_call(token.address(), Address::ZERO),
        Err(b"zero".to_vec())
    );
}

#[motsu::test]
fn logs_carry_static_words_and_one_padded_tail(probe: Contract<Probe>, alice: Address) {
    use alloy_sol_types::{sol, SolEvent};
    sol! {
        event Plain(uint256 x);
        event WithText(uint256 x, string text);
    }
    // 5, 32 and 33 bytes of text: no padding, a whole word, one byte over.
    for text in [
        "hello",
        "0123456789abcdef0123456789abcdef",
        "0123456789abcdef0123456789abcdef!",
    ] {
        probe.sender(alice).log_it(
            Plain::SIGNATURE_HASH,
            WithText::SIGNATURE_HASH,
            U256::from(5),
            text.as_bytes().to_vec(),
        );
        assert!(probe.emitted(&Plain { x: U256::from(5) }));
        // The tail's encoding is sol!'s (offset, length, padded bytes).
        assert!(probe.emitted(&WithText {
            x: U256::from(5),
            text: text.into(),
        }));
        assert!(!probe.emitted(&WithText {
            x: U256::from(6),
            text: text.into(),
        }));
    }
}
