//! The Slashing Manager's errors, events, and the AVS registrar hook.
//!
//! Fractions (`wad_fraction`, `cap_wad`, `equivocation_penalty`) and
//! magnitudes are WAD (1e18 = 100%) in `uint64`. An operator set is keyed by
//! `(avs, set_id)`.
use alloy_sol_types::sol;

restake_kit::errors! { ERRORS;
    /// `caller` may not call this entry point (not the AVS, slasher, resolver or owner it requires).
    error SlashingUnauthorized(address caller);
    /// The zero address was given where a real one is required.
    error SlashingZeroAddress();
    /// The rewards contract is wired already (to `rewards`).
    error SlashingRewardsAlreadySet(address rewards);
    /// `avs` is already registered.
    error SlashingAvsAlreadyRegistered(address avs);
    /// `avs` is not registered.
    error SlashingAvsNotRegistered(address avs);
    /// Set `(avs, set_id)` already exists.
    error SlashingSetExists(address avs, uint32 set_id);
    /// Set `(avs, set_id)` does not exist.
    error SlashingSetNotFound(address avs, uint32 set_id);
    /// A WAD fraction was zero or above 1e18.
    error SlashingInvalidFraction(uint64 fraction);
    /// A cap period of zero seconds.
    error SlashingInvalidCapPeriod(uint64 period);
    /// A resolver needs a veto window `w > 0` with `w + EXECUTION_PERIOD <= deallocation_delay`, and a window needs a resolver.
    error SlashingInvalidVetoWindow(address resolver, uint64 veto_window, uint64 deallocation_delay);
    /// `operator` is not registered in the operator registry.
    error SlashingNotOperator(address operator);
    /// `vault` is not a vault of the operator registry.
    error SlashingNotVault(address vault);
    /// `vault` is already accepted by the set.
    error SlashingVaultAlreadyInSet(address vault);
    /// `vault` is not accepted by the set.
    error SlashingVaultNotInSet(address vault);
    /// A set accepts at most `max` vaults.
    error SlashingTooManyVaults(uint256 max);
    /// A slash's vault list must be non-empty and strictly ascending; `vault` breaks that.
    error SlashingVaultsUnsorted(address vault);
    /// `operator` is already a member of the set.
    error SlashingAlreadyMember(address operator);
    /// `operator` is not a member of the set.
    error SlashingNotMember(address operator);
    /// An allocation change is already pending until `effect_at`.
    error SlashingModificationPending(uint64 effect_at);
    /// An increase of `requested` exceeds the `available` (max magnitude less encumbered) magnitude.
    error SlashingInsufficientMagnitude(uint64 available, uint64 requested);
    /// `operator` is not slashable in the set (never joined, or left more than the deallocation delay ago).
    error SlashingNotSlashable(address operator);
    /// The set's mode does not allow this path (`vetoable` tells which mode it has).
    error SlashingWrongMode(bool vetoable);
    /// The set's `cap` per period is used up: `used` so far, `requested` more.
    error SlashingCapExceeded(uint64 cap, uint64 used, uint64 requested);
    /// Slash request `slash_id` is not pending (`status`: 0 none, 2 vetoed, 3 executed).
    error SlashingRequestNotPending(uint256 slash_id, uint8 status);
    /// The veto window of the request is still open until `executable_at`.
    error SlashingVetoWindowOpen(uint64 executable_at);
    /// The veto window of the request closed at `executable_at`.
    error SlashingVetoWindowClosed(uint64 executable_at);
    /// (Evidence verifier) The operator already registered `key` for the set; keys never rotate (a rotation could hide past equivocation).
    error SlashingKeyAlreadyRegistered(address key);
    /// (Evidence verifier) `operator` has no signing key for the set.
    error SlashingNoSigningKey(address operator);
    /// The set has no equivocation penalty or no evidence verifier: evidence slashing is off.
    error SlashingEvidenceDisabled();
    /// (Evidence verifier) Both pieces of evidence sign the same `payload_hash`.
    error SlashingIdenticalEvidence(bytes32 payload_hash);
    /// (Evidence verifier) Signature number `index` (0 or 1) is malformed, malleable (high s) or unrecoverable.
    error SlashingInvalidSignature(uint8 index);
    /// (Evidence verifier) A signature recovered to `recovered`, not the operator's key `expected`.
    error SlashingSignerMismatch(address expected, address recovered);
    /// (Evidence verifier) Equivocation of `operator` at `height` was already punished in this set.
    error SlashingEvidenceUsed(address operator, uint64 height);
    /// A math operation failed (see `math_code`).
    error SlashingMathError(uint8 code);
    /// The calldata for `selector` is malformed (short, out-of-range words or offsets), or no function has that selector.
    error SlashingInvalidCalldata(bytes4 selector);
    /// (H-2) `operator` has nothing allocated to set `(avs, set_id)` in the named vaults: nothing would be slashed, so nothing is (and its cap is not charged).
    error SlashingNothingToSlash(address operator, address avs, uint32 set_id);
    /// (L-1) A veto window of `veto_window` plus the `execution_period` exceeds the registry's `withdrawal_delay`: a staker queueing when a request appears could leave before it executes.
    error SlashingVetoWindowTooLong(uint64 veto_window, uint64 execution_period, uint64 withdrawal_delay);
    /// (L-4) Slash request `slash_id` expired at `expired_at` (its veto window's end plus the execution period) and can no longer be executed.
    error SlashingRequestExpired(uint256 slash_id, uint64 expired_at);
    /// A delegate call to `target` (the extension) failed without revert data to pass on.
    error SlashingCallFailed(address target);
    /// No slashed shares of `vault` are waiting for `recipient` (zero: the burn).
    error SlashingNothingToRelease(address vault, address recipient);
}

restake_kit::events! { EVENTS;
    /// `avs` registered, with `registrar` (zero for open membership) called when operators join or leave.
    event AvsRegistered(address indexed avs, address indexed registrar);
    /// `avs` set its metadata URI.
    event AvsMetadataUpdated(address indexed avs, string metadata_uri);
    /// `avs` created operator set `set_id` with these fixed parameters.
    event OperatorSetCreated(address indexed avs, uint32 indexed set_id, address slasher, address recipient, address resolver, uint64 veto_window, uint64 cap_wad, uint64 cap_period, uint64 equivocation_penalty, address evidence_verifier);
    /// `vault` is now accepted as stake by set `(avs, set_id)`.
    event VaultAddedToSet(address indexed avs, uint32 indexed set_id, address indexed vault);
    /// `vault` is no longer accepted (nor slashable) in set `(avs, set_id)`.
    event VaultRemovedFromSet(address indexed avs, uint32 indexed set_id, address indexed vault);
    /// `operator` joined set `(avs, set_id)`.
    event OperatorJoinedSet(address indexed operator, address indexed avs, uint32 indexed set_id);
    /// `operator` left set `(avs, set_id)`; it stays slashable there until `slashable_until`.
    event OperatorLeftSet(address indexed operator, address indexed avs, uint32 indexed set_id, uint64 slashable_until);
    /// `operator`'s allocation of `vault` to set `(avs, set_id)` becomes `magnitude` at `effect_at`.
    event AllocationUpdated(address indexed operator, address indexed avs, address indexed vault, uint32 set_id, uint64 magnitude, uint64 effect_at);
    /// `operator`'s encumbered magnitude of `vault` (allocations plus pending increases) is now `encumbered`.
    event EncumberedMagnitudeUpdated(address indexed operator, address indexed vault, uint64 encumbered);
    /// The registry wired the rewards contract (once): every allocation change and slash is told to it.
    event RewardsSet(address indexed rewards);
    /// The slasher of `(avs, set_id)` asked to slash `operator` by `wad_fraction`; executable from `executable_at` unless vetoed.
    event SlashRequested(uint256 indexed slash_id, address indexed operator, address indexed avs, uint32 set_id, uint64 wad_fraction, uint64 executable_at, string description);
    /// `resolver` vetoed slash request `slash_id`.
    event SlashVetoed(uint256 indexed slash_id, address indexed resolver);
    /// Slash `slash_id` took `applied_wad` (the request was `requested_wad`, clamped by the period cap) of `operator`'s allocations to `(avs, set_id)`.
    event OperatorSlashed(uint256 indexed slash_id, address indexed operator, address indexed avs, uint32 set_id, uint64 requested_wad, uint64 applied_wad, string description);
    /// Slash `slash_id` removed `magnitude` from `operator`'s allocation of `vault` (now `allocation`); the registry returned `shares`, now waiting (`pending` in all) for the set's `recipient` (zero: the burn) until anyone releases them.
    event AllocationSlashed(uint256 indexed slash_id, address indexed operator, address indexed vault, uint64 magnitude, uint64 allocation, uint256 shares, address recipient, uint256 pending);
    /// `caller` released the `shares` of `vault` slashed for `recipient` (zero: the burn): the vault burned them for `assets`, paid to the recipient (an ETH vault credits a recipient, who claims from the vault).
    event SlashedSharesReleased(address indexed vault, address indexed recipient, address indexed caller, uint256 shares, uint256 assets);
}

// The evidence verifier's own events (`restake-slashing-evidence`): not
// the manager's, so not in its ABI.
restake_kit::events! { EVIDENCE_EVENTS;
    /// (Evidence verifier) `operator` registered `key` as its evidence signing key for set `(avs, set_id)`.
    event SigningKeyRegistered(address indexed operator, address indexed avs, uint32 indexed set_id, address key);
    /// (Evidence verifier) `submitter` proved that `operator` signed `payload_a` and `payload_b` at `height` in `(avs, set_id)`; slash `slash_id` followed.
    event EquivocationProven(uint256 indexed slash_id, address indexed operator, address indexed submitter, uint64 height, bytes32 payload_a, bytes32 payload_b);
}

// ---------------------------------------------------------------------------
// Security review #11, slashing findings (H-2, L-1, L-4, I-6): additions.
// ---------------------------------------------------------------------------

sol! {
    /// The slashing manager's external functions: the selectors of its route
    /// table (`restake-slashing`'s `router.rs`, checked equal by its routing
    /// test); the tests call it through these encodings.
    #[derive(Debug, PartialEq)]
    interface ISlashingManager {
        function config() external view returns (address registry, uint64 deallocationDelay, uint64 lastSlashId);
        function setRewards(address rewards) external;
        function rewards() external view returns (address);

        function registerAvs(string metadataUri, address registrar) external;
        function updateAvsMetadata(string metadataUri) external;
        function avsInfo(address avs) external view returns (bool registered, address registrar);

        function createOperatorSet(uint32 setId, address[] vaults, address slasher, address recipient, address resolver, uint64 vetoWindow, uint64 capWad, uint64 capPeriod, uint64 equivocationPenalty, address evidenceVerifier) external;
        function addVault(uint32 setId, address vault) external;
        function removeVault(uint32 setId, address vault) external;
        function operatorSet(address avs, uint32 setId) external view returns (address slasher, address recipient, address resolver, uint64 vetoWindow, uint64 capWad, uint64 capPeriod, uint64 equivocationPenalty, address evidenceVerifier, address[] vaults);

        function joinOperatorSet(address avs, uint32 setId) external;
        function leaveOperatorSet(address avs, uint32 setId) external;
        function slashableUntil(address operator, address avs, uint32 setId) external view returns (uint64);

        function modifyAllocation(address avs, uint32 setId, address vault, uint64 magnitude) external;
        function allocation(address operator, address avs, uint32 setId, address vault) external view returns (uint64 allocated, uint64 pendingTarget, uint64 effectAt);
        function encumberedMagnitude(address operator, address vault) external view returns (uint64);
        function slashableStake(address operator, address avs, uint32 setId, address vault, uint64 at) external view returns (uint256);

        function slash(address operator, address avs, uint32 setId, address[] vaults, uint64 wadFraction, string description) external returns (uint256 slashId);
        function requestSlash(address operator, address avs, uint32 setId, address[] vaults, uint64 wadFraction, string description) external returns (uint256 slashId);
        function vetoSlash(uint256 slashId) external;
        function executeSlash(uint256 slashId) external;
        function slashRequest(uint256 slashId) external view returns (address operator, address avs, uint32 setId, uint64 wadFraction, uint64 executableAt, uint8 status, address[] vaults);

        function slashByEvidence(address operator, address avs, uint32 setId) external returns (uint256 slashId);

        /// Only in builds with the `test-clock` feature (never deployed).
        function setTestTimestamp(uint64 timestamp) external;

        // --- Security review #11, slashing findings: additions ---
        /// (H-2) The WAD fraction of `operator`'s allocations slashed in set `(avs, setId)` this period (the cap is per set and operator).
        function capUsed(address operator, address avs, uint32 setId) external view returns (uint64);
        /// The manager's second wasm, which serves the cold routes by delegate call (zero natively).
        function extension() external view returns (address);

        // --- Issue #15: slashed shares wait for their release ---
        /// Anyone releases the shares of `vault` slashed for `recipient` (zero: the burn) to the vault, which burns them and pays the recipient.
        function releaseSlashed(address vault, address recipient) external returns (uint256 shares, uint256 assets);
        /// The shares of `vault` slashed for `recipient` (zero: the burn) and not yet released.
        function slashedShares(address vault, address recipient) external view returns (uint256);
    }

    /// The evidence verifier (`restake-slashing-evidence`): operators
    /// register signing keys; anyone submits double-sign evidence.
    #[derive(Debug, PartialEq)]
    interface IEvidenceVerifier {
        function manager() external view returns (address);
        function registerSigningKey(address avs, uint32 setId, address key) external;
        function signingKey(address operator, address avs, uint32 setId) external view returns (address);
        function submitEquivocation(address operator, address avs, uint32 setId, uint64 height, bytes32 payloadA, bytes signatureA, bytes32 payloadB, bytes signatureB) external returns (uint256 slashId);
        function evidenceUsed(address operator, address avs, uint32 setId, uint64 height) external view returns (bool);
        function attestationDigest(address avs, uint32 setId, uint64 height, bytes32 payloadHash) external view returns (bytes32);
    }
}

/// The hook an AVS may install to gate its operator sets.
pub mod calls {
    use alloc::vec;
    use stylus_sdk::prelude::sol_interface;

    sol_interface! {
        /// Called by the slashing manager when an operator joins or leaves one
        /// of the AVS's sets; reverting `registerOperator` refuses the join,
        /// `deregisterOperator` is a notification (bounded gas, its failure
        /// ignored: a departure cannot be refused).
        interface IAvsRegistrar {
            function registerOperator(address operator, address avs, uint32 set_id) external;
            function deregisterOperator(address operator, address avs, uint32 set_id) external;
        }
    }
}
