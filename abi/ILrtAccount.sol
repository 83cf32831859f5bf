/**
 * Generated from the contract's route, error and event tables (restake-kit's `export`).
 */

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.23;

/// A Restake Lrt staking sub-account: the Lrt's position with one operator in the registry (an EIP-1167 clone of one implementation).
interface ILrtAccount {
    /// @notice Makes the caller (the Lrt, in the transaction that creates the clone) the controller and wires the
    /// operator `registry`, once.
    function initialize(address registry) external;

    /// @notice The Lrt that drives this account (the account itself for the locked implementation).
    function controller() external view returns (address controller);

    /// @notice The operator the controller delegated this account to.
    function operator() external view returns (address operator);

    /// @notice Delegates the account to `operator` in the registry (with the approver's `signature`, `expiry`, `salt`);
    /// controller only.
    function delegate(address operator, bytes calldata signature, uint256 expiry, bytes32 salt) external;

    /// @notice Records the account's position in `vault` (the snapshot a forced undelegation is valued from);
    /// controller only.
    function record(address vault) external;

    /// @notice Queues `shares` deposit shares of `vault` in the registry; controller only. Returns the withdrawal id.
    function queue(address vault, uint256 shares) external returns (uint256 withdrawalId);

    /// @notice Adopts withdrawal `id` that the registry queued for this account (a forced undelegation): anyone.
    function adopt(uint256 id) external;

    /// @notice Completes withdrawal `id` as tokens and forwards what it paid to `to` (ETH stays here); controller
    /// only. Returns the first asset and the amount received of it.
    function complete(uint256 id, address to) external returns (address asset, uint256 amount);

    /// @notice What the account holds in `vaults` (positions and open withdrawals, at the vaults' prices), in total.
    function value(address[] calldata vaults) external view returns (uint256 value);

    /// @notice What the account holds in each of `vaults`.
    function values(address[] calldata vaults) external view returns (uint256[] memory values);

    /// @notice How many registry withdrawals are open.
    function openWithdrawals() external view returns (uint256 count);

    /// @notice Entry `index` of the position snapshot: a vault and its scaled shares (zeros past the end).
    function snapshotAt(uint256 index) external view returns (address vault, uint256 scaledShares);

    /// @notice Calls `target` with `data` and `value` wei; controller only. Returns what the call returned.
    function execute(address target, uint256 value, bytes calldata data) external payable returns (bytes memory result);

    /// @notice `caller` is not the sub-account's controller.
    error LrtAccountUnauthorized(address caller);

    /// @notice The sub-account is already controlled by `controller`.
    error LrtAccountInitialized(address controller);

    /// @notice A bounded list (`which`: 0 assets, 1 operators, 2 open withdrawals) is full at `max`.
    error LrtTooMany(uint8 which, uint256 max);

    /// @notice The sub-account has no open withdrawal with registry id `withdrawalId`.
    error LrtUnknownWithdrawal(uint256 withdrawalId);

    /// @notice Sub-account `account` still values a withdrawal the registry queued for it from its snapshot: adopt or complete it first.
    error LrtForcedWithdrawalPending(address account);

    /// @notice The calldata of `selector` is malformed, names no function, or sends ETH to a non-payable one.
    error LrtInvalidCalldata(bytes4 selector);

    /// @notice The sub-account is controlled by `controller` (the Lrt), once and for all.
    event AccountInitialized(address indexed controller);

    /// @notice The sub-account recorded `scaledShares` (deposit shares × scaling factor) as its position in `vault` (H-1 snapshot).
    event AccountPositionRecorded(address indexed vault, uint256 scaledShares);

    /// @notice The sub-account adopted registry withdrawal `withdrawalId`, queued for it by the registry (an operator's or approver's undelegation).
    event AccountWithdrawalAdopted(uint256 indexed withdrawalId);

    /// @notice The sub-account queued, in registry withdrawal `withdrawalId`, every position others deposited for it while it was undelegated, so that its delegation could go through (L-5); the proceeds go to the Lrt.
    event AccountDonationsQueued(uint256 indexed withdrawalId);
}
