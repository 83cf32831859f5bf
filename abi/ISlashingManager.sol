/**
 * Generated from the contract's route, error and event tables (restake-kit's `export`).
 */

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.23;

/// The Restake slashing manager: AVSs, operator sets, unique-stake allocations, and instant, vetoable and evidence-based slashing.
interface ISlashingManager {
    /// @notice The operator registry, the deallocation delay (seconds) and the last slash id handed out (0: none).
    function config() external view returns (address registry, uint64 deallocationDelay, uint64 lastSlashId);

    /// @notice Wires the rewards contract, once (the registry only: its owner calls the registry's `setRewards`).
    function setRewards(address rewards) external;

    /// @notice The rewards contract every allocation change and slash is told to (zero: none).
    function rewards() external view returns (address rewards);

    /// @notice Registers the caller as an AVS with a metadata URI and a `registrar` (zero: open membership),
    /// called when operators join (it may refuse) or leave (told only).
    function registerAvs(string calldata metadataUri, address registrar) external;

    /// @notice Publishes the caller's (an AVS's) new metadata URI.
    function updateAvsMetadata(string calldata metadataUri) external;

    /// @notice Whether `avs` is registered, and its registrar.
    function avsInfo(address avs) external view returns (bool registered, address registrar);

    /// @notice Creates the caller's operator set `setId` over `vaults` (at most 16) with fixed parameters: slasher,
    /// recipient (zero: burn), resolver and veto window (zero and 0: instant), cap per period, evidence penalty and verifier.
    function createOperatorSet(uint32 setId, address[] calldata vaults, address slasher, address recipient, address resolver, uint64 vetoWindow, uint64 capWad, uint64 capPeriod, uint64 equivocationPenalty, address evidenceVerifier) external;

    /// @notice Adds `vault` (a registry vault) to the caller's set `setId` (at most 16 vaults).
    function addVault(uint32 setId, address vault) external;

    /// @notice Removes `vault` from the caller's set `setId` (it is no longer slashable there).
    function removeVault(uint32 setId, address vault) external;

    /// @notice Set `(avs, setId)`'s parameters and vaults (all zero if it does not exist; an existing set has a non-zero cap).
    function operatorSet(address avs, uint32 setId) external view returns (address slasher, address recipient, address resolver, uint64 vetoWindow, uint64 capWad, uint64 capPeriod, uint64 equivocationPenalty, address evidenceVerifier, address[] memory vaults);

    /// @notice The caller (a registered operator) joins set `(avs, setId)`, if the AVS's registrar consents.
    function joinOperatorSet(address avs, uint32 setId) external;

    /// @notice The caller leaves set `(avs, setId)`; it stays slashable there for the deallocation delay.
    function leaveOperatorSet(address avs, uint32 setId) external;

    /// @notice Until when `operator` is slashable in set `(avs, setId)`: `type(uint64).max` while a member, 0 if it never joined.
    function slashableUntil(address operator, address avs, uint32 setId) external view returns (uint64 until);

    /// @notice Sets the caller's allocation of `vault` to set `(avs, setId)` to `magnitude` (WAD): an increase takes
    /// effect after its allocation delay, a decrease after the deallocation delay.
    function modifyAllocation(address avs, uint32 setId, address vault, uint64 magnitude) external;

    /// @notice `operator`'s allocation of `vault` to set `(avs, setId)`: allocated now, after the pending change, and
    /// when that takes effect (0: none pending).
    function allocation(address operator, address avs, uint32 setId, address vault) external view returns (uint64 allocated, uint64 pendingTarget, uint64 effectAt);

    /// @notice `operator`'s encumbered magnitude of `vault` (WAD): allocations plus pending increases.
    function encumberedMagnitude(address operator, address vault) external view returns (uint64 encumbered);

    /// @notice The vault shares of `operator`'s stake in `vault` slashable by set `(avs, setId)` at time `at` (now if earlier).
    function slashableStake(address operator, address avs, uint32 setId, address vault, uint64 at) external view returns (uint256 shares);

    /// @notice Instant mode: the set's slasher slashes `wadFraction` of `operator`'s allocations to `vaults` (strictly
    /// ascending, at most 16), clamped to the room left under the cap; returns the slash id.
    function slash(address operator, address avs, uint32 setId, address[] calldata vaults, uint64 wadFraction, string calldata description) external returns (uint256 slashId);

    /// @notice Vetoable mode: the set's slasher requests a slash (as `slash`), vetoable by the resolver within the veto
    /// window, then executable by anyone for the execution period; returns the slash id.
    function requestSlash(address operator, address avs, uint32 setId, address[] calldata vaults, uint64 wadFraction, string calldata description) external returns (uint256 slashId);

    /// @notice The set's resolver vetoes pending request `slashId` within its veto window.
    function vetoSlash(uint256 slashId) external;

    /// @notice Anyone executes pending request `slashId` once its veto window closed, until it expires.
    function executeSlash(uint256 slashId) external;

    /// @notice Slash request `slashId`: its operator, set, fraction, when it becomes executable, status (0 none,
    /// 1 pending, 2 vetoed, 3 executed, 4 expired) and vaults.
    function slashRequest(uint256 slashId) external view returns (address operator, address avs, uint32 setId, uint64 wadFraction, uint64 executableAt, uint8 status, address[] memory vaults);

    /// @notice The set's evidence verifier slashes `operator` by the set's equivocation penalty; returns the slash id.
    function slashByEvidence(address operator, address avs, uint32 setId) external returns (uint256 slashId);

    /// @notice Anyone releases the shares of `vault` slashed for `recipient` (zero: the burn): the vault burns them and pays
    /// what they are worth now to the recipient (an ETH vault credits it). Returns the shares and the assets.
    function releaseSlashed(address vault, address recipient) external returns (uint256 shares, uint256 assets);

    /// @notice The shares of `vault` slashed for `recipient` (zero: the burn) and not yet released.
    function slashedShares(address vault, address recipient) external view returns (uint256 shares);

    /// @notice (H-2) The WAD fraction of `operator`'s allocations slashed in set `(avs, setId)` this period (the cap is
    /// per set and operator).
    function capUsed(address operator, address avs, uint32 setId) external view returns (uint64 used);

    /// @notice The manager's second wasm, which serves the routes marked `in ext` by delegate call (zero natively).
    function extension() external view returns (address extension);

    /// @notice `caller` may not call this entry point (not the AVS, slasher, resolver or owner it requires).
    error SlashingUnauthorized(address caller);

    /// @notice The zero address was given where a real one is required.
    error SlashingZeroAddress();

    /// @notice The rewards contract is wired already (to `rewards`).
    error SlashingRewardsAlreadySet(address rewards);

    /// @notice `avs` is already registered.
    error SlashingAvsAlreadyRegistered(address avs);

    /// @notice `avs` is not registered.
    error SlashingAvsNotRegistered(address avs);

    /// @notice Set `(avs, setId)` already exists.
    error SlashingSetExists(address avs, uint32 setId);

    /// @notice Set `(avs, setId)` does not exist.
    error SlashingSetNotFound(address avs, uint32 setId);

    /// @notice A WAD fraction was zero or above 1e18.
    error SlashingInvalidFraction(uint64 fraction);

    /// @notice A cap period of zero seconds.
    error SlashingInvalidCapPeriod(uint64 period);

    /// @notice A resolver needs a veto window `w > 0` with `w + EXECUTION_PERIOD <= deallocationDelay`, and a window needs a resolver.
    error SlashingInvalidVetoWindow(address resolver, uint64 vetoWindow, uint64 deallocationDelay);

    /// @notice `operator` is not registered in the operator registry.
    error SlashingNotOperator(address operator);

    /// @notice `vault` is not a vault of the operator registry.
    error SlashingNotVault(address vault);

    /// @notice `vault` is already accepted by the set.
    error SlashingVaultAlreadyInSet(address vault);

    /// @notice `vault` is not accepted by the set.
    error SlashingVaultNotInSet(address vault);

    /// @notice A set accepts at most `max` vaults.
    error SlashingTooManyVaults(uint256 max);

    /// @notice A slash's vault list must be non-empty and strictly ascending; `vault` breaks that.
    error SlashingVaultsUnsorted(address vault);

    /// @notice `operator` is already a member of the set.
    error SlashingAlreadyMember(address operator);

    /// @notice `operator` is not a member of the set.
    error SlashingNotMember(address operator);

    /// @notice An allocation change is already pending until `effectAt`.
    error SlashingModificationPending(uint64 effectAt);

    /// @notice An increase of `requested` exceeds the `available` (max magnitude less encumbered) magnitude.
    error SlashingInsufficientMagnitude(uint64 available, uint64 requested);

    /// @notice `operator` is not slashable in the set (never joined, or left more than the deallocation delay ago).
    error SlashingNotSlashable(address operator);

    /// @notice The set's mode does not allow this path (`vetoable` tells which mode it has).
    error SlashingWrongMode(bool vetoable);

    /// @notice The set's `cap` per period is used up: `used` so far, `requested` more.
    error SlashingCapExceeded(uint64 cap, uint64 used, uint64 requested);

    /// @notice Slash request `slashId` is not pending (`status`: 0 none, 2 vetoed, 3 executed).
    error SlashingRequestNotPending(uint256 slashId, uint8 status);

    /// @notice The veto window of the request is still open until `executableAt`.
    error SlashingVetoWindowOpen(uint64 executableAt);

    /// @notice The veto window of the request closed at `executableAt`.
    error SlashingVetoWindowClosed(uint64 executableAt);

    /// @notice The set has no equivocation penalty or no evidence verifier: evidence slashing is off.
    error SlashingEvidenceDisabled();

    /// @notice A math operation failed (see `mathCode`).
    error SlashingMathError(uint8 code);

    /// @notice (H-2) `operator` has nothing allocated to set `(avs, setId)` in the named vaults: nothing would be slashed, so nothing is (and its cap is not charged).
    error SlashingNothingToSlash(address operator, address avs, uint32 setId);

    /// @notice (L-1) A veto window of `vetoWindow` plus the `executionPeriod` exceeds the registry's `withdrawalDelay`: a staker queueing when a request appears could leave before it executes.
    error SlashingVetoWindowTooLong(uint64 vetoWindow, uint64 executionPeriod, uint64 withdrawalDelay);

    /// @notice (L-4) Slash request `slashId` expired at `expiredAt` (its veto window's end plus the execution period) and can no longer be executed.
    error SlashingRequestExpired(uint256 slashId, uint64 expiredAt);

    /// @notice The calldata for `selector` is malformed (short, out-of-range words or offsets), or no function has that selector.
    error SlashingInvalidCalldata(bytes4 selector);

    /// @notice A delegate call to `target` (the extension) failed without revert data to pass on.
    error SlashingCallFailed(address target);

    /// @notice No slashed shares of `vault` are waiting for `recipient` (zero: the burn).
    error SlashingNothingToRelease(address vault, address recipient);

    /// @notice `avs` registered, with `registrar` (zero for open membership) called when operators join or leave.
    event AvsRegistered(address indexed avs, address indexed registrar);

    /// @notice `avs` set its metadata URI.
    event AvsMetadataUpdated(address indexed avs, string metadataUri);

    /// @notice `avs` created operator set `setId` with these fixed parameters.
    event OperatorSetCreated(address indexed avs, uint32 indexed setId, address slasher, address recipient, address resolver, uint64 vetoWindow, uint64 capWad, uint64 capPeriod, uint64 equivocationPenalty, address evidenceVerifier);

    /// @notice `vault` is now accepted as stake by set `(avs, setId)`.
    event VaultAddedToSet(address indexed avs, uint32 indexed setId, address indexed vault);

    /// @notice `vault` is no longer accepted (nor slashable) in set `(avs, setId)`.
    event VaultRemovedFromSet(address indexed avs, uint32 indexed setId, address indexed vault);

    /// @notice `operator` joined set `(avs, setId)`.
    event OperatorJoinedSet(address indexed operator, address indexed avs, uint32 indexed setId);

    /// @notice `operator` left set `(avs, setId)`; it stays slashable there until `slashableUntil`.
    event OperatorLeftSet(address indexed operator, address indexed avs, uint32 indexed setId, uint64 slashableUntil);

    /// @notice `operator`'s allocation of `vault` to set `(avs, setId)` becomes `magnitude` at `effectAt`.
    event AllocationUpdated(address indexed operator, address indexed avs, address indexed vault, uint32 setId, uint64 magnitude, uint64 effectAt);

    /// @notice `operator`'s encumbered magnitude of `vault` (allocations plus pending increases) is now `encumbered`.
    event EncumberedMagnitudeUpdated(address indexed operator, address indexed vault, uint64 encumbered);

    /// @notice The registry wired the rewards contract (once): every allocation change and slash is told to it.
    event RewardsSet(address indexed rewards);

    /// @notice The slasher of `(avs, setId)` asked to slash `operator` by `wadFraction`; executable from `executableAt` unless vetoed.
    event SlashRequested(uint256 indexed slashId, address indexed operator, address indexed avs, uint32 setId, uint64 wadFraction, uint64 executableAt, string description);

    /// @notice `resolver` vetoed slash request `slashId`.
    event SlashVetoed(uint256 indexed slashId, address indexed resolver);

    /// @notice Slash `slashId` took `appliedWad` (the request was `requestedWad`, clamped by the period cap) of `operator`'s allocations to `(avs, setId)`.
    event OperatorSlashed(uint256 indexed slashId, address indexed operator, address indexed avs, uint32 setId, uint64 requestedWad, uint64 appliedWad, string description);

    /// @notice Slash `slashId` removed `magnitude` from `operator`'s allocation of `vault` (now `allocation`); the registry returned `shares`, now waiting (`pending` in all) for the set's `recipient` (zero: the burn) until anyone releases them.
    event AllocationSlashed(uint256 indexed slashId, address indexed operator, address indexed vault, uint64 magnitude, uint64 allocation, uint256 shares, address recipient, uint256 pending);

    /// @notice `caller` released the `shares` of `vault` slashed for `recipient` (zero: the burn): the vault burned them for `assets`, paid to the recipient (an ETH vault credits a recipient, who claims from the vault).
    event SlashedSharesReleased(address indexed vault, address indexed recipient, address indexed caller, uint256 shares, uint256 assets);
}
