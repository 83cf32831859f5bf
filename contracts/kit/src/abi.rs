//! Compact ABI encoding for errors, events and calls whose fields are all
//! static (address, uintN, bool, bytes32): every Restake error and event.
//!
//! `sol!`'s generic encoders are monomorphized once per type and cost about a
//! kilobyte of wasm each; these helpers are shared by every error and event,
//! and each contract's tests check its encodings against the `sol!` types.
use alloc::vec::Vec;
use alloy_primitives::{Address, FixedBytes, B256, I256, U256};

/// A value that is one 32-byte ABI word.
pub trait Word {
    /// The value as an ABI word.
    fn word(&self) -> B256;
}
impl Word for U256 {
    fn word(&self) -> B256 {
        B256::from(self.to_be_bytes::<32>())
    }
}
impl Word for Address {
    fn word(&self) -> B256 {
        self.into_word()
    }
}
impl Word for B256 {
    fn word(&self) -> B256 {
        *self
    }
}
impl Word for I256 {
    fn word(&self) -> B256 {
        B256::from(self.into_raw().to_be_bytes::<32>())
    }
}
/// A `bytes4` (a selector): left-aligned, as the ABI pads `bytesN`.
impl Word for FixedBytes<4> {
    fn word(&self) -> B256 {
        B256::right_padding_from(self.as_slice())
    }
}
impl Word for bool {
    fn word(&self) -> B256 {
        U256::from(*self as u8).word()
    }
}
impl Word for u8 {
    fn word(&self) -> B256 {
        U256::from(*self).word()
    }
}
impl Word for u16 {
    fn word(&self) -> B256 {
        U256::from(*self).word()
    }
}
impl Word for u32 {
    fn word(&self) -> B256 {
        U256::from(*self).word()
    }
}
impl Word for u64 {
    fn word(&self) -> B256 {
        U256::from(*self).word()
    }
}
impl Word for u128 {
    fn word(&self) -> B256 {
        U256::from(*self).word()
    }
}

/// The words laid end to end (an event's data, or a static tuple).
pub fn concat(words: &[B256]) -> Vec<u8> {
    let mut out = Vec::with_capacity(words.len() * 32);
    for w in words {
        out.extend_from_slice(w.as_slice());
    }
    out
}

/// A selector and its static words: a custom error's revert data, or the
/// calldata of a call whose arguments are all static. One copy out of
/// line, shared by every error of a wasm.
#[inline(never)]
pub fn error_data(selector: [u8; 4], words: &[B256]) -> Vec<u8> {
    let mut out = Vec::with_capacity(4 + words.len() * 32);
    out.extend_from_slice(&selector);
    for w in words {
        out.extend_from_slice(w.as_slice());
    }
    out
}

/// Word `i` of ABI-encoded `data` (return data, or calldata past its
/// selector), if it is there.
pub fn word_at(data: &[u8], i: usize) -> Option<U256> {
    let start = i.checked_mul(32)?;
    data.get(start..start.checked_add(32)?)
        .map(U256::from_be_slice)
}

/// `[a.word(), b.word(), ...]`: the ABI words of static values.
#[macro_export]
macro_rules! words {
    ($($v:expr),* $(,)?) => { [$($crate::abi::Word::word(&$v)),*] };
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_sol_types::{sol, SolCall, SolError};

    sol! {
        error Sample(address who, uint256 amount, bool flag, uint8 code, uint64 at, bytes32 tag);
        function sample(address who, uint32 n) external;
    }

    #[test]
    fn error_data_is_the_sol_encoding() {
        let who = Address::repeat_byte(0xab);
        let e = Sample {
            who,
            amount: U256::from(12345u64),
            flag: true,
            code: 7,
            at: u64::MAX,
            tag: B256::repeat_byte(3),
        };
        let ours = error_data(
            Sample::SELECTOR,
            &words![
                who,
                U256::from(12345u64),
                true,
                7u8,
                u64::MAX,
                B256::repeat_byte(3)
            ],
        );
        assert_eq!(ours, e.abi_encode());
        let call = sampleCall { who, n: 9 };
        assert_eq!(
            error_data(sampleCall::SELECTOR, &words![who, 9u32]),
            call.abi_encode()
        );
    }

    #[test]
    fn word_at_reads_whole_words_only() {
        let data = concat(&words![U256::from(1u8), U256::from(2u8)]);
        assert_eq!(word_at(&data, 0), Some(U256::from(1u8)));
        assert_eq!(word_at(&data, 1), Some(U256::from(2u8)));
        assert_eq!(word_at(&data, 2), None);
        assert_eq!(word_at(&data[..63], 1), None);
        assert_eq!(word_at(&data, usize::MAX), None);
    }
}
