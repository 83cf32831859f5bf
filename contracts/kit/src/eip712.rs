//! One EIP-712 domain (name, version, chain id, verifying contract) and the
//! digest a signer signs.
use alloy_primitives::{B256, U256};
use stylus_sdk::stylus_core::Host;

use crate::abi::{concat, Word};

/// The EIP-712 domain type every Restake contract signs under.
pub const DOMAIN_TYPE: &[u8] =
    b"EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)";

/// `keccak256(DOMAIN_TYPE)`.
pub const DOMAIN_TYPEHASH: [u8; 32] = [
    0x8b, 0x73, 0xc3, 0xc6, 0x9b, 0xb8, 0xfe, 0x3d, 0x51, 0x2e, 0xcc, 0x4c, 0xf7, 0x59, 0xcc, 0x79,
    0x23, 0x9f, 0x7b, 0x17, 0x9b, 0x0f, 0xfa, 0xca, 0xa9, 0xa7, 0x5d, 0x52, 0x2b, 0x39, 0x40, 0x0f,
];

/// The domain separator of the contract running now, on this chain:
/// `keccak256(DOMAIN_TYPEHASH ‖ name_hash ‖ version_hash ‖ chainid ‖ this)`,
/// with `name_hash = keccak256(name)` and `version_hash = keccak256(version)`
/// (constants of the calling contract). Read at every call, never cached,
/// so a fork to another chain id cannot replay signatures.
#[inline(always)]
pub fn domain_separator(vm: &dyn Host, name_hash: B256, version_hash: B256) -> B256 {
    vm.native_keccak256(&concat(&[
        B256::from(DOMAIN_TYPEHASH),
        name_hash,
        version_hash,
        U256::from(vm.chain_id()).word(),
        vm.contract_address().word(),
    ]))
}

/// The digest signed for a struct of hash `struct_hash` under `domain`:
/// `keccak256(0x19 ‖ 0x01 ‖ domain ‖ struct_hash)`.
#[inline(always)]
pub fn digest(vm: &dyn Host, domain: B256, struct_hash: B256) -> B256 {
    let mut message = [0u8; 66];
    message[0] = 0x19;
    message[1] = 0x01;
    message[2..34].copy_from_slice(domain.as_slice());
    message[34..].copy_from_slice(struct_hash.as_slice());
    vm.native_keccak256(&message)
}

/// A struct's hash from its type hash and its (static) fields' words:
/// `keccak256(typehash ‖ words)`.
#[inline(always)]
pub fn hash_struct(vm: &dyn Host, type_hash: B256, words: &[B256]) -> B256 {
    let mut buf = alloc::vec::Vec::with_capacity(32 * (words.len() + 1));
    buf.extend_from_slice(type_hash.as_slice());
    for w in words {
        buf.extend_from_slice(w.as_slice());
    }
    vm.native_keccak256(&buf)
}
