//! # Restake Evidence Verifier
//!
//! Objective (Babylon-style) slashing for the slashing manager, in its own
//! contract so the manager stays under the Stylus size limit.
//!
//! * An operator registers the Ethereum address of a secp256k1 signing key
//!   for an operator set `(avs, set_id)`. Keys never rotate: a rotation
//!   could hide an equivocation signed with the old key.
//! * What a key signs is the EIP-712 digest [`EvidenceVerifier::attestation_digest`]
//!   of `Attestation(address avs,uint32 setId,uint64 height,bytes32 payloadHash)`
//!   in the domain `("Restake Slashing", "1", chain id, this contract)`, so a
//!   signature binds the chain, this verifier, the set and the height and
//!   cannot be replayed elsewhere.
//! * Anyone submits two signatures by that key over two different payloads
//!   at one height. The verifier checks them on-chain (ecrecover precompile,
//!   low-s only), marks `(operator, set, height)` used, and calls the
//!   manager's `slashByEvidence`, which slashes the set's equivocation
//!   penalty from every vault the set accepts. An AVS turns this on by naming
//!   this contract as its set's `evidenceVerifier`.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(target_arch = "wasm32", no_std)]
extern crate alloc;

restake_kit::wasm_runtime!();

mod router;
pub use router::interface_abi;

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
use restake_interfaces::{slashing::*, words};
use restake_kit::{
    abi::Word,
    call, ecdsa, eip712, log,
    storage::{Map3, Slot},
};
use stylus_sdk::{keccak_const::Keccak256, prelude::*};

/// The ecrecover precompile (the kit's).
pub use restake_kit::ecdsa::ECRECOVER;
/// secp256k1 n / 2 (the kit's bound): a signature with a larger `s` is the
/// malleable twin of one with `n - s`.
pub use restake_kit::ecdsa::SIGNATURE_S_UPPER_BOUND as HALF_N;
/// EIP-712 `EIP712Domain` type hash (the kit's).
pub use restake_kit::eip712::DOMAIN_TYPEHASH;
/// EIP-712 domain name hash: `keccak256("Restake Slashing")`.
pub const NAME_HASH: [u8; 32] = Keccak256::new().update(b"Restake Slashing").finalize();
/// EIP-712 domain version hash: `keccak256("1")`.
pub const VERSION_HASH: [u8; 32] = Keccak256::new().update(b"1").finalize();
/// EIP-712 type hash of what an operator's signing key signs.
pub const ATTESTATION_TYPEHASH: [u8; 32] = Keccak256::new()
    .update(b"Attestation(address avs,uint32 setId,uint64 height,bytes32 payloadHash)")
    .finalize();
/// `slashByEvidence(address,address,uint32)` on the manager.
pub const SLASH_BY_EVIDENCE: [u8; 4] = {
    let h = Keccak256::new()
        .update(b"slashByEvidence(address,address,uint32)")
        .finalize();
    [h[0], h[1], h[2], h[3]]
};

restake_kit::error_enum! {
    /// Every error the verifier returns, each a Solidity custom error.
    #[derive(Debug)]
    pub enum Error {
        /// See [`SlashingZeroAddress`].
        ZeroAddress(SlashingZeroAddress),
        /// See [`SlashingKeyAlreadyRegistered`].
        KeyAlreadyRegistered(SlashingKeyAlreadyRegistered),
        /// See [`SlashingNoSigningKey`].
        NoSigningKey(SlashingNoSigningKey),
        /// See [`SlashingIdenticalEvidence`].
        IdenticalEvidence(SlashingIdenticalEvidence),
        /// See [`SlashingInvalidSignature`].
        InvalidSignature(SlashingInvalidSignature),
        /// See [`SlashingSignerMismatch`].
        SignerMismatch(SlashingSignerMismatch),
        /// See [`SlashingEvidenceUsed`].
        EvidenceUsed(SlashingEvidenceUsed),
        /// See [`SlashingInvalidCalldata`].
        InvalidCalldata(SlashingInvalidCalldata),
    }
        /// The manager refused the slash: its revert data (one of the
        /// manager's custom errors) is passed through unchanged.
    raw Manager;
}

impl Error {
    /// The kit's malformed-calldata error for `selector` (`SlashingInvalidCalldata`).
    pub fn invalid_calldata(selector: u32) -> Self {
        Error::InvalidCalldata(SlashingInvalidCalldata {
            selector: selector.to_be_bytes().into(),
        })
    }
}

/// The slashing manager it slashes through.
const MANAGER: Slot = Slot::new(0);
/// Signing keys: `(operator, avs, set_id)` → key address.
const SIGNING_KEYS: Map3 = Map3::new(1);
/// Punished heights: `(operator, avs, set_id << 64 | height)` → 1.
const USED: Map3 = Map3::new(2);

/// The verifier. Its storage is named kit keys (see the constants above):
/// one keccak per mapped word, no SDK storage types.
#[entrypoint]
#[storage]
pub struct EvidenceVerifier {}

impl EvidenceVerifier {
    /// Wires the verifier to the slashing `manager`.
    ///
    /// # Errors
    /// * [`Error::ZeroAddress`] - `manager` is zero.
    pub fn constructor(&mut self, manager: Address) -> Result<(), Error> {
        if manager.is_zero() {
            return Err(Error::ZeroAddress(SlashingZeroAddress {}));
        }
        MANAGER.store_address(self.vm(), manager);
        Ok(())
    }

    /// The slashing manager.
    pub fn manager(&self) -> Address {
        MANAGER.load_address(self.vm())
    }

    /// Registers `key` (the address of a secp256k1 key) as the caller's
    /// signing key for set `(avs, set_id)`. Once only.
    ///
    /// # Errors
    /// * [`Error::ZeroAddress`] - `key` is zero.
    /// * [`Error::KeyAlreadyRegistered`] - the caller has a key for the set.
    ///
    /// # Events
    /// * [`SigningKeyRegistered`].
    pub fn register_signing_key(
        &mut self,
        avs: Address,
        set_id: u32,
        key: Address,
    ) -> Result<(), Error> {
        let operator = self.vm().msg_sender();
        if key.is_zero() {
            return Err(Error::ZeroAddress(SlashingZeroAddress {}));
        }
        let existing = self.signing_key(operator, avs, set_id);
        if !existing.is_zero() {
            return Err(Error::KeyAlreadyRegistered(SlashingKeyAlreadyRegistered {
                key: existing,
            }));
        }
        SIGNING_KEYS.store(
            self.vm(),
            operator.word(),
            avs.word(),
            set_id.word(),
            restake_kit::storage::from_address(key),
        );
        log::emit_event(
            self.vm(),
            &SigningKeyRegistered {
                operator,
                avs,
                set_id,
                key,
            },
        );
        Ok(())
    }

    /// `operator`'s signing key for set `(avs, set_id)` (zero: none).
    pub fn signing_key(&self, operator: Address, avs: Address, set_id: u32) -> Address {
        let word = SIGNING_KEYS.load(self.vm(), operator.word(), avs.word(), set_id.word());
        restake_kit::storage::to_address(word)
    }

    /// Anyone proves that `operator` equivocated in set `(avs, set_id)`: two
    /// 65-byte `r‖s‖v` signatures by its signing key over the
    /// [`Self::attestation_digest`] of two different payloads at `height`.
    /// Marks the height used and has the manager slash the set's
    /// equivocation penalty. Returns the manager's slash id.
    ///
    /// # Errors
    /// * [`Error::IdenticalEvidence`] - the payloads are equal.
    /// * [`Error::NoSigningKey`] - the operator has no key for the set.
    /// * [`Error::EvidenceUsed`] - this height was already punished.
    /// * [`Error::InvalidSignature`] - a signature is not 65 bytes, has a bad `v`, a high `s`, or does not recover.
    /// * [`Error::SignerMismatch`] - a signature is not by the operator's key.
    /// * [`Error::Manager`] - the manager refused (no penalty, not slashable, cap used up…).
    ///
    /// # Events
    /// * [`EquivocationProven`] (after the manager's `AllocationSlashed` and `OperatorSlashed`).
    #[allow(clippy::too_many_arguments)]
    pub fn submit_equivocation(
        &mut self,
        operator: Address,
        avs: Address,
        set_id: u32,
        height: u64,
        payload_a: B256,
        signature_a: impl AsRef<[u8]>,
        payload_b: B256,
        signature_b: impl AsRef<[u8]>,
    ) -> Result<U256, Error> {
        if payload_a == payload_b {
            return Err(Error::IdenticalEvidence(SlashingIdenticalEvidence {
                payload_hash: payload_a,
            }));
        }
        let key = self.signing_key(operator, avs, set_id);
        if key.is_zero() {
            return Err(Error::NoSigningKey(SlashingNoSigningKey { operator }));
        }
        if self.evidence_used(operator, avs, set_id, height) {
            return Err(Error::EvidenceUsed(SlashingEvidenceUsed {
                operator,
                height,
            }));
        }
        for (index, payload, signature) in [
            (0u8, payload_a, signature_a.as_ref()),
            (1u8, payload_b, signature_b.as_ref()),
        ] {
            let digest = self.attestation_digest(avs, set_id, height, payload);
            let recovered = self.recover(digest, signature, index)?;
            if recovered != key {
                return Err(Error::SignerMismatch(SlashingSignerMismatch {
                    expected: key,
                    recovered,
                }));
            }
        }
        // Effects before the interaction.
        USED.store(
            self.vm(),
            operator.word(),
            avs.word(),
            used_word(set_id, height),
            U256::from(1u8),
        );
        let out = call::call_static_args(
            self.vm(),
            self.manager(),
            SLASH_BY_EVIDENCE,
            &words![operator, avs, set_id],
            true,
        )
        .map_err(|call::Revert(data)| Error::Manager(data))?;
        let slash_id = out
            .get(..32)
            .map(U256::from_be_slice)
            .ok_or(Error::Manager(Vec::new()))?;
        let submitter = self.vm().msg_sender();
        log::emit_event(
            self.vm(),
            &EquivocationProven {
                slash_id,
                operator,
                submitter,
                height,
                payload_a,
                payload_b,
            },
        );
        Ok(slash_id)
    }

    /// Whether `operator`'s equivocation at `height` in set `(avs, set_id)`
    /// was already punished.
    pub fn evidence_used(&self, operator: Address, avs: Address, set_id: u32, height: u64) -> bool {
        !USED
            .load(
                self.vm(),
                operator.word(),
                avs.word(),
                used_word(set_id, height),
            )
            .is_zero()
    }

    /// The EIP-712 digest a signing key signs for `payload_hash` at `height`
    /// in set `(avs, set_id)`.
    pub fn attestation_digest(
        &self,
        avs: Address,
        set_id: u32,
        height: u64,
        payload_hash: B256,
    ) -> B256 {
        let domain =
            eip712::domain_separator(self.vm(), B256::from(NAME_HASH), B256::from(VERSION_HASH));
        let data = eip712::hash_struct(
            self.vm(),
            B256::from(ATTESTATION_TYPEHASH),
            &words![avs, set_id, height, payload_hash],
        );
        eip712::digest(self.vm(), domain, data)
    }
}

/// The third key word of [`USED`]: the set id above the height.
fn used_word(set_id: u32, height: u64) -> B256 {
    let mut word = [0u8; 32];
    word[20..24].copy_from_slice(&set_id.to_be_bytes());
    word[24..].copy_from_slice(&height.to_be_bytes());
    B256::new(word)
}

impl EvidenceVerifier {
    /// The signer of `digest` for a 65-byte `r‖s‖v` signature, by the kit's
    /// ecrecover (OpenZeppelin's checks: low `s`, `v` 27 or 28, a signer).
    fn recover(&self, digest: B256, sig: &[u8], index: u8) -> Result<Address, Error> {
        ecdsa::recover_bytes(self.vm(), digest, sig)
            .map_err(|_| Error::InvalidSignature(SlashingInvalidSignature { index }))
    }
}
