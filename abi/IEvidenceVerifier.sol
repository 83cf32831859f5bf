/**
 * Generated from the contract's route, error and event tables (restake-kit's `export`).
 */

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.23;

/// The Restake evidence verifier: operators' signing keys and on-chain double-sign proofs that slash through the slashing manager.
interface IEvidenceVerifier {
    /// @notice The slashing manager the verifier slashes through.
    function manager() external view returns (address manager);

    /// @notice Registers `key` (the address of a secp256k1 key) as the caller's signing key for set `(avs, setId)`; once only, keys never rotate.
    function registerSigningKey(address avs, uint32 setId, address key) external;

    /// @notice `operator`'s signing key for set `(avs, setId)` (zero: none).
    function signingKey(address operator, address avs, uint32 setId) external view returns (address key);

    /// @notice Anyone proves that `operator` equivocated in set `(avs, setId)`: two 65-byte `r‖s‖v` signatures by its key over the attestation digests of two different payloads at `height`; the manager slashes the set's equivocation penalty. Returns the manager's slash id.
    function submitEquivocation(address operator, address avs, uint32 setId, uint64 height, bytes32 payloadA, bytes calldata signatureA, bytes32 payloadB, bytes calldata signatureB) external returns (uint256 slashId);

    /// @notice Whether `operator`'s equivocation at `height` in set `(avs, setId)` was already punished.
    function evidenceUsed(address operator, address avs, uint32 setId, uint64 height) external view returns (bool used);

    /// @notice The EIP-712 digest a signing key signs for `payloadHash` at `height` in set `(avs, setId)`.
    function attestationDigest(address avs, uint32 setId, uint64 height, bytes32 payloadHash) external view returns (bytes32 digest);

    /// @notice The zero address was given where a real one is required.
    error SlashingZeroAddress();

    /// @notice (Evidence verifier) The operator already registered `key` for the set; keys never rotate (a rotation could hide past equivocation).
    error SlashingKeyAlreadyRegistered(address key);

    /// @notice (Evidence verifier) `operator` has no signing key for the set.
    error SlashingNoSigningKey(address operator);

    /// @notice (Evidence verifier) Both pieces of evidence sign the same `payloadHash`.
    error SlashingIdenticalEvidence(bytes32 payloadHash);

    /// @notice (Evidence verifier) Signature number `index` (0 or 1) is malformed, malleable (high s) or unrecoverable.
    error SlashingInvalidSignature(uint8 index);

    /// @notice (Evidence verifier) A signature recovered to `recovered`, not the operator's key `expected`.
    error SlashingSignerMismatch(address expected, address recovered);

    /// @notice (Evidence verifier) Equivocation of `operator` at `height` was already punished in this set.
    error SlashingEvidenceUsed(address operator, uint64 height);

    /// @notice The calldata for `selector` is malformed (short, out-of-range words or offsets), or no function has that selector.
    error SlashingInvalidCalldata(bytes4 selector);

    /// @notice (Evidence verifier) `operator` registered `key` as its evidence signing key for set `(avs, setId)`.
    event SigningKeyRegistered(address indexed operator, address indexed avs, uint32 indexed setId, address key);

    /// @notice (Evidence verifier) `submitter` proved that `operator` signed `payloadA` and `payloadB` at `height` in `(avs, setId)`; slash `slashId` followed.
    event EquivocationProven(uint256 indexed slashId, address indexed operator, address indexed submitter, uint64 height, bytes32 payloadA, bytes32 payloadB);
}
