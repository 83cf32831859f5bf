//! The route table (the kit's `routes!`: the verifier's whole ABI, its
//! decoding under the kit's malformed-calldata policy and its return
//! encoding), the `Router` `#[entrypoint]` dispatches to (the kit's
//! `router!`), and the ABI export.
//!
//! Parameter names are those of the `sol!` interface
//! `restake_interfaces::slashing::IEvidenceVerifier` (camelCase, as the ABI
//! integrators already bind against), hence the lint allowance below.

use alloy_primitives::{Address, B256, U256};
use restake_interfaces::slashing::EVIDENCE_EVENTS;
use restake_kit::{export::Abi, route::Bytes};

use crate::{Error, EvidenceVerifier};

restake_kit::routes! {
    impl EvidenceVerifier; error Error; invalid Error::invalid_calldata;
    /// The slashing manager the verifier slashes through.
    fn manager() view -> (manager: Address) => manager;
    /// Registers `key` (the address of a secp256k1 key) as the caller's signing key for set `(avs, set_id)`; once only, keys never rotate.
    fn registerSigningKey(avs: Address, set_id: u32, key: Address) fallible => register_signing_key;
    /// `operator`'s signing key for set `(avs, set_id)` (zero: none).
    fn signingKey(operator: Address, avs: Address, set_id: u32) view -> (key: Address) => signing_key;
    /// Anyone proves that `operator` equivocated in set `(avs, set_id)`: two 65-byte `r‖s‖v` signatures by its key over the attestation digests of two different payloads at `height`; the manager slashes the set's equivocation penalty. Returns the manager's slash id.
    fn submitEquivocation(operator: Address, avs: Address, set_id: u32, height: u64, payload_a: B256, signature_a: Bytes, payload_b: B256, signature_b: Bytes) fallible -> (slash_id: U256) => submit_equivocation;
    /// Whether `operator`'s equivocation at `height` in set `(avs, set_id)` was already punished.
    fn evidenceUsed(operator: Address, avs: Address, set_id: u32, height: u64) view -> (used: bool) => evidence_used;
    /// The EIP-712 digest a signing key signs for `payload_hash` at `height` in set `(avs, set_id)`.
    fn attestationDigest(avs: Address, set_id: u32, height: u64, payload_hash: B256) view -> (digest: B256) => attestation_digest;
}

restake_kit::router! {
    impl EvidenceVerifier; error Error; invalid Error::invalid_calldata;
    abi interface_abi as "IEvidenceVerifier";
    constructor(manager: Address) => constructor;
}

/// The verifier's ABI: its route table, its error enum's variants and the
/// events it emits.
pub fn interface_abi() -> Abi<'static> {
    Abi {
        name: "IEvidenceVerifier",
        doc: &[" The Restake evidence verifier: operators' signing keys and on-chain double-sign proofs that slash through the slashing manager."],
        routes: EvidenceVerifier::ROUTES,
        errors: Error::ABI.to_vec(),
        events: EVIDENCE_EVENTS.to_vec(),
        constructor: Some(EvidenceVerifier::CONSTRUCTOR),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use motsu::prelude::*;
    use restake_interfaces::slashing::IEvidenceVerifier::IEvidenceVerifierCalls;

    /// The route table is the `sol!` interface integrators compile against:
    /// the same functions (by selector), each routed, none twice, none
    /// payable (sent ETH, each answers the kit's refusal for its own
    /// selector), and an unknown selector is not routed at all.
    #[motsu::test]
    fn every_selector_of_the_interface_routes_and_nothing_else(v: Contract<EvidenceVerifier>) {
        let mut call = v.sender(Address::with_last_byte(1));
        restake_kit::router::check_routes(
            EvidenceVerifier::ROUTES,
            IEvidenceVerifierCalls::SELECTORS,
            &[],
            |selector| {
                matches!(
                    call.route_call(selector, &[], true),
                    Some(Err(Error::InvalidCalldata(e))) if e.selector.0 == selector.to_be_bytes()
                )
            },
        );
        assert!(call.route_call(0xdeadbeef, &[], true).is_none());
    }
}
