/**
 * Generated from the contract's route, error and event tables (restake-kit's `export`).
 */

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.23;

/// The Restake operator registry: operators, delegation, slashing-aware stake and the withdrawal queue.
interface IOperatorRegistry {
    /// @notice Whitelists `vault` (owner only; at most 8).
    function addVault(address vault) external;

    /// @notice Wires the slashing manager, once (owner only).
    function setSlashingManager(address manager) external;

    /// @notice Wires the rewards contract, once, here and in the slashing manager (owner only).
    function setRewards(address rewards) external;

    /// @notice The rewards contract every stake change is told to (zero: none).
    function rewards() external view returns (address rewards);

    /// @notice The owner.
    function owner() external view returns (address owner);

    /// @notice The account offered ownership, until it accepts (zero for none).
    function pendingOwner() external view returns (address pendingOwner);

    /// @notice Offers ownership to `newOwner`, who must accept it (owner only).
    function transferOwnership(address newOwner) external;

    /// @notice Takes the ownership offered to the caller.
    function acceptOwnership() external;

    /// @notice Leaves the registry without an owner, for good (owner only).
    function renounceOwnership() external;

    /// @notice Registers the caller as an operator delegated to itself, with a delegation `approver` (zero for none),
    /// an `allocationDelay` (never below `minAllocationDelay()`) and a metadata URI.
    function registerAsOperator(address approver, uint32 allocationDelay, string calldata metadataUri) external;

    /// @notice Publishes the caller's (an operator's) new metadata URI.
    function updateOperatorMetadataURI(string calldata metadataUri) external;

    /// @notice Sets the caller's (an operator's) delegation approver (zero for none).
    function setDelegationApprover(address approver) external;

    /// @notice Delegates all of the caller's positions to `operator`; with an approver, `signature` is its EIP-712
    /// approval of (staker, operator, salt, expiry).
    function delegateTo(address operator, bytes calldata signature, uint256 expiry, bytes32 salt) external;

    /// @notice Undelegates `staker` (by the staker, its operator or the operator's approver), queueing its whole
    /// position in one withdrawal; returns its id (0 if there was nothing to queue).
    function undelegate(address staker) external returns (uint256 withdrawalId);

    /// @notice Undelegates the caller and delegates it to `newOperator` in one call; returns the withdrawal id.
    function redelegate(address newOperator, bytes calldata signature, uint256 expiry, bytes32 salt) external returns (uint256 withdrawalId);

    /// @notice Queues `shares` deposit shares of each of `vaults` for withdrawal (slashable until the delay ends).
    function queueWithdrawal(address[] calldata vaults, uint256[] calldata shares) external returns (uint256 withdrawalId);

    /// @notice Completes withdrawal `id` after the delay: as tokens, or back as deposit shares.
    function completeWithdrawal(uint256 id, bool receiveAsTokens) external;

    /// @notice A registered vault's hook: `staker`'s deposit shares grew from `prevDepositShares` by `addedShares`.
    function onDeposit(address staker, uint256 prevDepositShares, uint256 addedShares) external;

    /// @notice The slashing manager lowers `operator`'s max magnitude for `vault` by `magnitude`; returns the vault
    /// shares to burn.
    function slashOperator(address operator, address vault, uint64 magnitude) external returns (uint256 shares);

    /// @notice Whether `operator` is registered.
    function isOperator(address operator) external view returns (bool registered);

    /// @notice Whether `vault` is whitelisted.
    function isVault(address vault) external view returns (bool registered);

    /// @notice The whitelisted vaults, in order.
    function vaults() external view returns (address[] memory vaults);

    /// @notice `operator`'s allocation delay in force (seconds).
    function allocationDelay(address operator) external view returns (uint32 delay);

    /// @notice `operator`'s delegation approver (zero for none).
    function delegationApprover(address operator) external view returns (address approver);

    /// @notice `operator`'s max magnitude for `vault` (WAD; 1e18 until slashed).
    function maxMagnitude(address operator, address vault) external view returns (uint64 magnitude);

    /// @notice Slashes applied so far, modulo 2^32: moves whenever any magnitude does.
    function slashEpoch() external view returns (uint32 epoch);

    /// @notice `operator`'s delegated stake in `vault` (vault shares).
    function operatorStake(address operator, address vault) external view returns (uint256 shares);

    /// @notice The operator `staker` is delegated to (zero for none).
    function delegatedTo(address staker) external view returns (address operator);

    /// @notice `staker`'s deposit scaling factor in `vault` (WAD).
    function depositScalingFactor(address staker, address vault) external view returns (uint256 factor);

    /// @notice `staker`'s deposit shares of `vault` as the registry keeps them (always the vault's `depositShares`).
    function depositShares(address staker, address vault) external view returns (uint256 shares);

    /// @notice The vault shares `staker` could withdraw from `vault` now (after slashing).
    function withdrawableShares(address staker, address vault) external view returns (uint256 shares);

    /// @notice The queued shares of `operator` in `vault` still slashable.
    function slashableQueuedShares(address operator, address vault) external view returns (uint256 shares);

    /// @notice Whether `approver` spent `salt`.
    function isSaltSpent(address approver, bytes32 salt) external view returns (bool spent);

    /// @notice The EIP-712 digest an approver signs to let `staker` delegate to `operator`.
    function delegationApprovalDigest(address staker, address operator, bytes32 salt, uint256 expiry) external view returns (bytes32 digest);

    /// @notice The withdrawal delay (seconds).
    function withdrawalDelay() external view returns (uint64 delay);

    /// @notice The slashing manager (zero until wired).
    function slashingManager() external view returns (address manager);

    /// @notice How many withdrawals were queued (ids 1 to this).
    function withdrawalCount() external view returns (uint256 count);

    /// @notice Withdrawal `id`: its staker, the operator it stays slashable through, when it is claimable, whether
    /// it was completed, and its number of entries.
    function withdrawal(uint256 id) external view returns (address staker, address operator, uint64 claimableAt, bool completed, uint64 entries);

    /// @notice Entry `index` of withdrawal `id`: its vault and scaled shares.
    function withdrawalEntry(uint256 id, uint64 index) external view returns (address vault, uint256 scaledShares);

    /// @notice ERC-7540-style view: the shares of `vault` withdrawal `id` still waits for.
    function pendingRedeemRequest(uint256 id, address vault) external view returns (uint256 shares);

    /// @notice ERC-7540-style view: the shares of `vault` withdrawal `id` can complete now.
    function claimableRedeemRequest(uint256 id, address vault) external view returns (uint256 shares);

    /// @notice Whether a deposit into `vault` for `staker` would be accepted (its operator not fully slashed there).
    function acceptsDeposit(address staker, address vault) external view returns (bool accepts);

    /// @notice The protocol's minimum allocation delay (seconds): 1.25 × the withdrawal delay.
    function minAllocationDelay() external view returns (uint32 delay);

    /// @notice Sets the caller's (an operator's) allocation delay, in force after the configuration delay.
    function setAllocationDelay(uint32 delay) external;

    /// @notice `operator`'s allocation delay: in force, pending, and when the pending one takes effect.
    function allocationDelayConfig(address operator) external view returns (uint32 effective, uint32 pending, uint64 effectAt);

    /// @notice The registry's second wasm, which serves the routes marked `in ext` by delegate call (zero natively).
    function extension() external view returns (address extension);

    /// @notice `caller` is not allowed to call this entry point.
    error RegistryUnauthorized(address caller);

    /// @notice The zero address was given where a real one is required.
    error RegistryZeroAddress();

    /// @notice `account` is already an operator.
    error RegistryAlreadyOperator(address account);

    /// @notice `account` is not a registered operator.
    error RegistryNotOperator(address account);

    /// @notice `staker` is already delegated to `operator` (one operator per staker).
    error RegistryAlreadyDelegated(address staker, address operator);

    /// @notice `staker` is not delegated.
    error RegistryNotDelegated(address staker);

    /// @notice `operator` is delegated to itself and cannot be undelegated.
    error RegistryOperatorCannotUndelegate(address operator);

    /// @notice The approver's signature expired at `expiry`; it is now `timestamp`.
    error RegistrySignatureExpired(uint256 expiry, uint64 timestamp);

    /// @notice `approver` already spent `salt`.
    error RegistrySaltSpent(address approver, bytes32 salt);

    /// @notice The signature recovers to `signer` (zero if malformed), not to `approver`.
    error RegistryInvalidSignature(address approver, address signer);

    /// @notice `vault` is not a registered vault.
    error RegistryVaultNotRegistered(address vault);

    /// @notice `vault` is registered already.
    error RegistryVaultAlreadyAdded(address vault);

    /// @notice `count` vaults were given or would be registered; at most `max` are allowed.
    error RegistryTooManyVaults(uint256 max, uint256 count);

    /// @notice A withdrawal must name at least one vault, with as many share amounts (`shares`) as vaults (`vaults`).
    error RegistryInvalidWithdrawal(uint256 vaults, uint256 shares);

    /// @notice A withdrawal entry for `vault` asked for zero shares.
    error RegistryZeroShares(address vault);

    /// @notice No withdrawal has id `id`.
    error RegistryWithdrawalNotFound(uint256 id);

    /// @notice Withdrawal `id` was completed already.
    error RegistryWithdrawalCompleted(uint256 id);

    /// @notice Withdrawal `id` is claimable at `claimableAt`; it is now `timestamp`.
    error RegistryWithdrawalDelayPending(uint256 id, uint64 claimableAt, uint64 timestamp);

    /// @notice `operator`'s magnitude for `vault` is zero (fully slashed): it takes no new stake there.
    error RegistryOperatorFullySlashed(address operator, address vault);

    /// @notice A slash of `requested` magnitude exceeds `operator`'s `current` max magnitude for `vault`.
    error RegistryMagnitudeExceeded(address operator, address vault, uint64 current, uint64 requested);

    /// @notice The slashing manager is wired already (to `slashingManager`).
    error RegistrySlashingManagerAlreadySet(address slashingManager);

    /// @notice The rewards contract is wired already (to `rewards`).
    error RegistryRewardsAlreadySet(address rewards);

    /// @notice A math operation failed (see `mathCode`).
    error RegistryMathError(uint8 code);

    /// @notice A withdrawal delay of `delay` seconds would put the minimum allocation delay above `max`
    /// seconds (a `uint32`): the registry refuses to be built with it.
    error RegistryWithdrawalDelayTooLong(uint64 delay, uint64 max);

    /// @notice The call's calldata could not be decoded for `selector` (short, dirty or out-of-range arguments), the
    /// selector is unknown, or ETH was sent: nothing ran (`docs/malformed-input.md`).
    error RegistryInvalidCalldata(bytes4 selector);

    /// @notice A delegate call to `target` (the extension) failed without revert data to pass on.
    error RegistryCallFailed(address target);

    /// @notice `staker`'s deposit shares of `vault` would reach `shares`, at or above 2^128: the registry keeps
    /// them beside the scaling factor in one word (a deposit or completion that would pass it reverts).
    error RegistryPositionTooLarge(address staker, address vault, uint256 shares);

    /// @notice The caller `account` is not authorized to perform this operation (not the owner, or not the pending owner).
    error OwnableUnauthorizedAccount(address account);

    /// @notice `owner` is not a valid owner (the zero address).
    error OwnableInvalidOwner(address owner);

    /// @notice `operator` registered, with its delegation `approver` (zero for none) and `allocationDelay` (seconds).
    event OperatorRegistered(address indexed operator, address approver, uint32 allocationDelay);

    /// @notice `operator` published a new metadata URI (emitted at registration too).
    event OperatorMetadataURIUpdated(address indexed operator, string metadataUri);

    /// @notice `operator`'s delegation approver became `approver` (zero for none).
    event DelegationApproverSet(address indexed operator, address indexed approver);

    /// @notice `approver`'s signature with `salt` was used and can never be used again.
    event ApproverSaltSpent(address indexed approver, bytes32 salt);

    /// @notice `staker` delegated all its positions to `operator`.
    event StakerDelegated(address indexed staker, address indexed operator);

    /// @notice `staker` was undelegated from `operator` by `caller` (the staker, the operator or its approver).
    event StakerUndelegated(address indexed staker, address indexed operator, address indexed caller);

    /// @notice `operator`'s stake in `vault` rose by `shares` (vault shares) through `staker`.
    event OperatorStakeIncreased(address indexed operator, address indexed vault, address indexed staker, uint256 shares);

    /// @notice `operator`'s stake in `vault` fell by `shares` (vault shares) through `staker`.
    event OperatorStakeDecreased(address indexed operator, address indexed vault, address indexed staker, uint256 shares);

    /// @notice `staker`'s deposit scaling factor in `vault` became `factor` (WAD).
    event DepositScalingFactorUpdated(address indexed staker, address indexed vault, uint256 factor);

    /// @notice Withdrawal `id` of `staker` queued `depositShares` of `vault` as `scaledShares`,
    /// slashable through `operator` (zero if undelegated) until `claimableAt`.
    event WithdrawalQueued(uint256 indexed id, address indexed staker, address indexed vault, address operator, uint256 depositShares, uint256 scaledShares, uint64 claimableAt);

    /// @notice Withdrawal `id` of `staker` paid `shares` of `vault`: as tokens (`asTokens`, worth `assets`) or back as deposit shares.
    event WithdrawalCompleted(uint256 indexed id, address indexed staker, address indexed vault, uint256 shares, uint256 assets, bool asTokens);

    /// @notice `operator`'s max magnitude for `vault` fell from `previousMagnitude` to `newMagnitude`;
    /// `stakeSlashed` delegated and `queuedSlashed` queued vault shares are to be burned.
    event OperatorSlashed(address indexed operator, address indexed vault, uint64 previousMagnitude, uint64 newMagnitude, uint256 stakeSlashed, uint256 queuedSlashed);

    /// @notice The withdrawal delay was set (at construction) to `delay` seconds.
    event WithdrawalDelaySet(uint64 delay);

    /// @notice The owner whitelisted `vault`.
    event VaultAdded(address indexed vault);

    /// @notice The owner wired the slashing manager (once).
    event SlashingManagerSet(address indexed slashingManager);

    /// @notice The owner wired the rewards contract (once), here and in the slashing manager.
    event RewardsSet(address indexed rewards);

    /// @notice `operator`'s allocation delay becomes `delay` seconds at `effectAt` (registration or
    /// `setAllocationDelay` plus the allocation configuration delay); the delay applied is never
    /// below `minAllocationDelay()`.
    event AllocationDelaySet(address indexed operator, uint32 delay, uint64 effectAt);

    /// @notice Ownership moved from `previousOwner` to `newOwner`.
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

    /// @notice `previousOwner` offered ownership to `newOwner`, who must accept it.
    event OwnershipTransferStarted(address indexed previousOwner, address indexed newOwner);
}
