//! The Operator Registry's errors, events and interface.
//!
//! Errors and events are declared once ([`restake_kit::errors!`],
//! [`restake_kit::events!`]): each line gives the `sol!` type (selector,
//! topic), the compact encoder the registry uses, and the entry of the
//! generated ABI (`abi/IOperatorRegistry.sol`, `.json`).

restake_kit::errors! { ERRORS;
    /// `caller` is not allowed to call this entry point.
    error RegistryUnauthorized(address caller);
    /// The zero address was given where a real one is required.
    error RegistryZeroAddress();
    /// `account` is already an operator.
    error RegistryAlreadyOperator(address account);
    /// `account` is not a registered operator.
    error RegistryNotOperator(address account);
    /// `staker` is already delegated to `operator` (one operator per staker).
    error RegistryAlreadyDelegated(address staker, address operator);
    /// `staker` is not delegated.
    error RegistryNotDelegated(address staker);
    /// `operator` is delegated to itself and cannot be undelegated.
    error RegistryOperatorCannotUndelegate(address operator);
    /// The approver's signature expired at `expiry`; it is now `timestamp`.
    error RegistrySignatureExpired(uint256 expiry, uint64 timestamp);
    /// `approver` already spent `salt`.
    error RegistrySaltSpent(address approver, bytes32 salt);
    /// The signature recovers to `signer` (zero if malformed), not to `approver`.
    error RegistryInvalidSignature(address approver, address signer);
    /// `vault` is not a registered vault.
    error RegistryVaultNotRegistered(address vault);
    /// `vault` is registered already.
    error RegistryVaultAlreadyAdded(address vault);
    /// `count` vaults were given or would be registered; at most `max` are allowed.
    error RegistryTooManyVaults(uint256 max, uint256 count);
    /// A withdrawal must name at least one vault, with as many share amounts (`shares`) as vaults (`vaults`).
    error RegistryInvalidWithdrawal(uint256 vaults, uint256 shares);
    /// A withdrawal entry for `vault` asked for zero shares.
    error RegistryZeroShares(address vault);
    /// No withdrawal has id `id`.
    error RegistryWithdrawalNotFound(uint256 id);
    /// Withdrawal `id` was completed already.
    error RegistryWithdrawalCompleted(uint256 id);
    /// Withdrawal `id` is claimable at `claimable_at`; it is now `timestamp`.
    error RegistryWithdrawalDelayPending(uint256 id, uint64 claimable_at, uint64 timestamp);
    /// `operator`'s magnitude for `vault` is zero (fully slashed): it takes no new stake there.
    error RegistryOperatorFullySlashed(address operator, address vault);
    /// A slash of `requested` magnitude exceeds `operator`'s `current` max magnitude for `vault`.
    error RegistryMagnitudeExceeded(address operator, address vault, uint64 current, uint64 requested);
    /// The slashing manager is wired already (to `slashing_manager`).
    error RegistrySlashingManagerAlreadySet(address slashing_manager);
    /// The rewards contract is wired already (to `rewards`).
    error RegistryRewardsAlreadySet(address rewards);
    /// A math operation failed (see `math_code`).
    error RegistryMathError(uint8 code);
    /// The call's calldata could not be decoded for `selector` (short, dirty or out-of-range arguments), the
    /// selector is unknown, or ETH was sent: nothing ran (`docs/malformed-input.md`).
    error RegistryInvalidCalldata(bytes4 selector);
    /// A withdrawal delay of `delay` seconds would put the minimum allocation delay above `max`
    /// seconds (a `uint32`): the registry refuses to be built with it.
    error RegistryWithdrawalDelayTooLong(uint64 delay, uint64 max);
    /// A delegate call to `target` (the extension) failed without revert data to pass on.
    error RegistryCallFailed(address target);
    /// `staker`'s deposit shares of `vault` would reach `shares`, at or above 2^128: the registry keeps
    /// them beside the scaling factor in one word (a deposit or completion that would pass it reverts).
    error RegistryPositionTooLarge(address staker, address vault, uint256 shares);
}

restake_kit::events! { EVENTS;
    /// `operator` registered, with its delegation `approver` (zero for none) and `allocation_delay` (seconds).
    event OperatorRegistered(address indexed operator, address approver, uint32 allocation_delay);
    /// `operator` published a new metadata URI (emitted at registration too).
    event OperatorMetadataURIUpdated(address indexed operator, string metadata_uri);
    /// `operator`'s delegation approver became `approver` (zero for none).
    event DelegationApproverSet(address indexed operator, address indexed approver);
    /// `approver`'s signature with `salt` was used and can never be used again.
    event ApproverSaltSpent(address indexed approver, bytes32 salt);
    /// `staker` delegated all its positions to `operator`.
    event StakerDelegated(address indexed staker, address indexed operator);
    /// `staker` was undelegated from `operator` by `caller` (the staker, the operator or its approver).
    event StakerUndelegated(address indexed staker, address indexed operator, address indexed caller);
    /// `operator`'s stake in `vault` rose by `shares` (vault shares) through `staker`.
    event OperatorStakeIncreased(address indexed operator, address indexed vault, address indexed staker, uint256 shares);
    /// `operator`'s stake in `vault` fell by `shares` (vault shares) through `staker`.
    event OperatorStakeDecreased(address indexed operator, address indexed vault, address indexed staker, uint256 shares);
    /// `staker`'s deposit scaling factor in `vault` became `factor` (WAD).
    event DepositScalingFactorUpdated(address indexed staker, address indexed vault, uint256 factor);
    /// Withdrawal `id` of `staker` queued `deposit_shares` of `vault` as `scaled_shares`,
    /// slashable through `operator` (zero if undelegated) until `claimable_at`.
    event WithdrawalQueued(uint256 indexed id, address indexed staker, address indexed vault, address operator, uint256 deposit_shares, uint256 scaled_shares, uint64 claimable_at);
    /// Withdrawal `id` of `staker` paid `shares` of `vault`: as tokens (`as_tokens`, worth `assets`) or back as deposit shares.
    event WithdrawalCompleted(uint256 indexed id, address indexed staker, address indexed vault, uint256 shares, uint256 assets, bool as_tokens);
    /// `operator`'s max magnitude for `vault` fell from `previous_magnitude` to `new_magnitude`;
    /// `stake_slashed` delegated and `queued_slashed` queued vault shares are to be burned.
    event OperatorSlashed(address indexed operator, address indexed vault, uint64 previous_magnitude, uint64 new_magnitude, uint256 stake_slashed, uint256 queued_slashed);
    /// The withdrawal delay was set (at construction) to `delay` seconds.
    event WithdrawalDelaySet(uint64 delay);
    /// The owner whitelisted `vault`.
    event VaultAdded(address indexed vault);
    /// The owner wired the slashing manager (once).
    event SlashingManagerSet(address indexed slashing_manager);
    /// The owner wired the rewards contract (once), here and in the slashing manager.
    event RewardsSet(address indexed rewards);
    /// `operator`'s allocation delay becomes `delay` seconds at `effect_at` (registration or
    /// `setAllocationDelay` plus the allocation configuration delay); the delay applied is never
    /// below `minAllocationDelay()`.
    event AllocationDelaySet(address indexed operator, uint32 delay, uint64 effect_at);
}

use alloy_sol_types::sol;

sol! {
    /// The operator registry's full ABI (its router dispatches on these
    /// selectors; `IOperatorRegistryCalls` in `calls` is the subset other
    /// contracts use). Errors and events are above; the owner functions are
    /// OpenZeppelin's `IOwnable2Step`.
    #[derive(Debug, PartialEq)]
    interface IOperatorRegistry {
        // -- owner --
        function addVault(address vault) external;
        function setSlashingManager(address manager) external;
        function setRewards(address rewards) external;
        function rewards() external view returns (address);
        function owner() external view returns (address);
        function pendingOwner() external view returns (address);
        function transferOwnership(address new_owner) external;
        function acceptOwnership() external;
        function renounceOwnership() external;
        // -- operators --
        function registerAsOperator(address approver, uint32 allocation_delay, string metadata_uri) external;
        function updateOperatorMetadataURI(string metadata_uri) external;
        function setDelegationApprover(address approver) external;
        // -- delegation --
        function delegateTo(address operator, bytes signature, uint256 expiry, bytes32 salt) external;
        function undelegate(address staker) external returns (uint256 withdrawal_id);
        function redelegate(address new_operator, bytes signature, uint256 expiry, bytes32 salt) external returns (uint256 withdrawal_id);
        // -- withdrawal queue --
        function queueWithdrawal(address[] vaults, uint256[] shares) external returns (uint256 withdrawal_id);
        function completeWithdrawal(uint256 id, bool receive_as_tokens) external;
        // -- vault hook and slashing manager --
        function onDeposit(address staker, uint256 prev_deposit_shares, uint256 added_shares) external;
        function slashOperator(address operator, address vault, uint64 magnitude) external returns (uint256 shares);
        // -- views --
        function isOperator(address operator) external view returns (bool);
        function isVault(address vault) external view returns (bool);
        function vaults() external view returns (address[]);
        function allocationDelay(address operator) external view returns (uint32);
        function delegationApprover(address operator) external view returns (address);
        function maxMagnitude(address operator, address vault) external view returns (uint64);
        function slashEpoch() external view returns (uint32);
        function operatorStake(address operator, address vault) external view returns (uint256);
        function delegatedTo(address staker) external view returns (address);
        function depositScalingFactor(address staker, address vault) external view returns (uint256);
        function depositShares(address staker, address vault) external view returns (uint256);
        function withdrawableShares(address staker, address vault) external view returns (uint256);
        function slashableQueuedShares(address operator, address vault) external view returns (uint256);
        function isSaltSpent(address approver, bytes32 salt) external view returns (bool);
        function delegationApprovalDigest(address staker, address operator, bytes32 salt, uint256 expiry) external view returns (bytes32);
        function withdrawalDelay() external view returns (uint64);
        function slashingManager() external view returns (address);
        function withdrawalCount() external view returns (uint256);
        function withdrawal(uint256 id) external view returns (address staker, address operator, uint64 claimable_at, bool completed, uint64 entries);
        function withdrawalEntry(uint256 id, uint64 index) external view returns (address vault, uint256 scaled_shares);
        function pendingRedeemRequest(uint256 id, address vault) external view returns (uint256 shares);
        function claimableRedeemRequest(uint256 id, address vault) external view returns (uint256 shares);
        // -- security issue 11, vault and registry findings (sec-vault) --
        function acceptsDeposit(address staker, address vault) external view returns (bool);
        function minAllocationDelay() external view returns (uint32);
        function setAllocationDelay(uint32 delay) external;
        function allocationDelayConfig(address operator) external view returns (uint32 effective, uint32 pending, uint64 effect_at);
        function extension() external view returns (address);
        // -- tests only (feature `test-clock`; never in the wasm) --
        function setTestTimestamp(uint64 timestamp) external;
    }
}
