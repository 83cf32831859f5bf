//! Solidity `Error(string)` revert data: encoding ([`revert_string`]) and
//! decoding ([`decode_revert_reason`]). A leaf module.

use revm::primitives::{keccak256, Bytes, U256};

/// Solidity `Error(string)` revert data.
pub fn revert_string(msg: impl AsRef<str>) -> Bytes {
    let msg = msg.as_ref().as_bytes();
    let mut out = keccak256("Error(string)")[..4].to_vec();
    out.extend_from_slice(&U256::from(32).to_be_bytes::<32>());
    out.extend_from_slice(&U256::from(msg.len()).to_be_bytes::<32>());
    out.extend_from_slice(msg);
    out.resize(4 + 64 + msg.len().div_ceil(32) * 32, 0);
    out.into()
}

/// Decode an `Error(string)` revert reason.
pub fn decode_revert_reason(data: &[u8]) -> Option<String> {
    if data.len() < 68 || data[..4] != [0x08, 0xc3, 0x79, 0xa0] {
        return None;
    }
    let len: usize = U256::from_be_slice(&data[36..68]).try_into().ok()?;
    let s = data.get(68..68 + len)?;
    Some(String::from_utf8_lossy(s).into_owned())
}
