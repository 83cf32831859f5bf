//! One `ecrecover`, with OpenZeppelin's checks (`ECDSA.tryRecover`, and
//! openzeppelin-stylus' `ecdsa::recover`):
//!
//! * `s` above half the curve order is refused ([`RecoverError::InvalidS`]):
//!   its twin `(r, n − s, v ^ 1)` recovers the same signer, so accepting both
//!   would make every signature spendable twice under two encodings;
//! * `v` other than 27 or 28 is refused ([`RecoverError::Invalid`]). One rule
//!   for every contract: 0/1 is *not* normalized (OpenZeppelin does not
//!   either); wallets and alloy sign with 27/28;
//! * a recovered zero address (what the precompile answers for a point not
//!   on the curve) is refused ([`RecoverError::Invalid`]);
//! * a `bytes` signature must be exactly 65 bytes `r ‖ s ‖ v`
//!   ([`RecoverError::InvalidLength`]; no EIP-2098 short form, as in
//!   OpenZeppelin 5).
//!
//! Unlike openzeppelin-stylus, a failing precompile call is an error, never a
//! panic.
use alloy_primitives::{Address, B256, U256};
use stylus_sdk::stylus_core::Host;

use crate::call::Out;

/// The `ecrecover` precompile.
pub const ECRECOVER: Address = Address::with_last_byte(1);

/// secp256k1's group order / 2: a larger `s` is the malleable twin of a
/// smaller one.
pub const SIGNATURE_S_UPPER_BOUND: U256 = U256::from_limbs([
    0xDFE92F46681B20A0,
    0x5D576E7357A4501D,
    0xFFFFFFFFFFFFFFFF,
    0x7FFFFFFFFFFFFFFF,
]);

/// Why a signature recovers no signer. Each contract maps it to its own
/// typed error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecoverError {
    /// No signer: `v` not 27/28, a point off the curve, or the precompile
    /// failed (OpenZeppelin's `ECDSAInvalidSignature`).
    Invalid,
    /// `s` is above [`SIGNATURE_S_UPPER_BOUND`] (`ECDSAInvalidSignatureS(s)`).
    InvalidS(B256),
    /// A `bytes` signature of this many bytes, not 65
    /// (`ECDSAInvalidSignatureLength(length)`).
    InvalidLength(usize),
}

/// The checks made before the precompile is called: `s` low, `v` 27 or 28.
///
/// # Errors
/// [`RecoverError::InvalidS`] for a high `s`, [`RecoverError::Invalid`] for
/// any other `v`.
pub fn check(v: u8, s: B256) -> Result<(), RecoverError> {
    if U256::from_be_bytes(s.0) > SIGNATURE_S_UPPER_BOUND {
        return Err(RecoverError::InvalidS(s));
    }
    if v != 27 && v != 28 {
        return Err(RecoverError::Invalid);
    }
    Ok(())
}

/// The signer of `hash` for the signature `(v, r, s)`.
///
/// # Errors
/// See [`RecoverError`]: a high `s`, a `v` other than 27/28, no signer.
#[inline(always)]
pub fn recover(
    vm: &dyn Host,
    hash: B256,
    v: u8,
    r: B256,
    s: B256,
) -> Result<Address, RecoverError> {
    check(v, s)?;
    let mut input = [0u8; 128];
    input[..32].copy_from_slice(hash.as_slice());
    input[63] = v;
    input[64..96].copy_from_slice(r.as_slice());
    input[96..].copy_from_slice(s.as_slice());
    let out = vm
        .static_call(&Out { value: U256::ZERO }, ECRECOVER, &input)
        .map_err(|_| RecoverError::Invalid)?;
    let signer = match out.get(12..32) {
        Some(tail) if out.len() == 32 => Address::from_slice(tail),
        _ => return Err(RecoverError::Invalid),
    };
    if signer.is_zero() {
        return Err(RecoverError::Invalid);
    }
    Ok(signer)
}

/// [`recover`] for a 65-byte `r ‖ s ‖ v` signature.
///
/// # Errors
/// [`RecoverError::InvalidLength`] unless `signature` is 65 bytes; then as
/// [`recover`].
#[inline(always)]
pub fn recover_bytes(vm: &dyn Host, hash: B256, signature: &[u8]) -> Result<Address, RecoverError> {
    let Ok(sig) = <&[u8; 65]>::try_from(signature) else {
        return Err(RecoverError::InvalidLength(signature.len()));
    };
    let r = B256::from_slice(&sig[..32]);
    let s = B256::from_slice(&sig[32..64]);
    recover(vm, hash, sig[64], r, s)
}
