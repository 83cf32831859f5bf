//! Building calldata: a seeded generator, well-formed sample arguments,
//! where each argument of a canonical encoding lives, and words made
//! dirty above a type's width.

use alloy::dyn_abi::{DynSolType, DynSolValue};
use alloy::primitives::{Address, B256, I256, U256};

/// A small deterministic generator (SplitMix64).
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
    pub fn word(&mut self) -> [u8; 32] {
        self.bytes(32).try_into().unwrap()
    }
}

/// Well-formed sample arguments: addresses from the suite's actors and
/// contracts, small numbers, short bytes, arrays of two.
pub struct Sampler {
    pub rng: Rng,
    pub addresses: Vec<Address>,
}

impl Sampler {
    pub fn value(&mut self, ty: &DynSolType) -> DynSolValue {
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

pub fn max_uint(bits: usize) -> U256 {
    if bits == 256 {
        U256::MAX
    } else {
        (U256::from(1) << bits) - U256::from(1)
    }
}

/// Whether `ty` has bits a word can hold beyond its width.
pub fn is_narrow(ty: &DynSolType) -> bool {
    match ty {
        DynSolType::Address | DynSolType::Bool => true,
        DynSolType::Uint(n) | DynSolType::Int(n) => *n < 256,
        DynSolType::FixedBytes(n) => *n < 32,
        _ => false,
    }
}

/// The word of a narrow type with garbage above its width: `all` sets every
/// bit above it, otherwise only the lowest one.
pub fn dirty(ty: &DynSolType, word: [u8; 32], all: bool) -> [u8; 32] {
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
pub enum Slot {
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

pub fn word_at(data: &[u8], at: usize) -> [u8; 32] {
    data[at..at + 32].try_into().unwrap()
}

pub fn put(data: &mut [u8], at: usize, w: [u8; 32]) {
    data[at..at + 32].copy_from_slice(&w);
}

pub fn u256_word(v: U256) -> [u8; 32] {
    v.to_be_bytes()
}

/// The slots of `args` (a canonical encoding of `types`) and the bytes a
/// lenient reader needs: the head, and each dynamic argument's length word
/// and data (unpadded).
pub fn layout(types: &[DynSolType], args: &[u8]) -> (Vec<Slot>, usize) {
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

pub fn with_selector(sel: [u8; 4], args: &[u8]) -> Vec<u8> {
    [&sel[..], args].concat()
}

pub fn encode(values: &[DynSolValue]) -> Vec<u8> {
    DynSolValue::Tuple(values.to_vec()).abi_encode_params()
}
