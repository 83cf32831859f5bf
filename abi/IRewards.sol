/**
 * Generated from the contract's route, error and event tables (restake-kit's `export`).
 */

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.23;

/// The Restake rewards: AVSs stream ETH or any ERC-20 to their operator sets; operators take a commission; stakers earn pro rata to their slashable shares, claimable at once.
interface IRewards {
    /// @notice The caller (an AVS) funds its set `setId` with `amount` of `token` (ETH: the sentinel, sent as value) over `[start, start + duration)`; with `vaults`, the set's multipliers (WAD, strictly ascending vaults) become `multipliers`. Returns the submission id.
    function submit(uint32 setId, address token, uint256 amount, uint64 start, uint64 duration, address[] calldata vaults, uint256[] calldata multipliers) external payable returns (uint256 id);

    /// @notice Anyone adds `amount` to submission `id`, streamed over the rest of its window.
    function topUp(uint256 id, uint256 amount) external payable;

    /// @notice The caller (an AVS) takes back what streamed to nobody in its set `setId` in `token`, to `recipient`; returns the amount.
    function reclaimUnallocated(uint32 setId, address token, address recipient) external returns (uint256 amount);

    /// @notice The caller (an operator) sets its commission in set `(avs, setId)` to `bps`: a decrease at once, an increase after the withdrawal delay and a day.
    function setCommission(address avs, uint32 setId, uint16 bps) external;

    /// @notice Anyone applies what came due for `operator` in set `(avs, setId)`: allocation changes, multipliers, a commission increase.
    function sync(address operator, address avs, uint32 setId) external;

    /// @notice The caller names `claimer` to claim for it (zero: nobody).
    function setClaimerFor(address claimer) external;

    /// @notice Pays `earner`'s accruals in each of `tokens` to `recipient` (by the earner or its claimer); returns the amounts.
    function claim(address earner, address[] calldata tokens, address recipient) external returns (uint256[] memory amounts);

    /// @notice What `earner` could claim in `token` now.
    function claimable(address earner, address token) external view returns (uint256 amount);

    /// @notice `earner`'s claimer (zero: none).
    function claimerOf(address earner) external view returns (address claimer);

    /// @notice The registry's hook: `staker`'s scaled shares of `vault` under `operator` moved by `delta` (up if `increase`).
    function onStakeChange(address staker, address operator, address vault, uint256 delta, bool increase) external;

    /// @notice The manager's hook: `operator`'s allocation of `vault` to `(avs, setId)` is now `allocation` (limbs `[current, pending, effectAt, increase]`).
    function onAllocationChange(address operator, address avs, uint32 setId, address vault, uint256 allocation) external;

    /// @notice The registry's hook: it whitelisted `vault` (or was wired to this contract with `vault` listed).
    function onVaultAdded(address vault) external;

    /// @notice Set `(avs, setId)`'s stream in `token`: its rate per second now, its reward per unit of weight (×1e27), its pending boundaries.
    function stream(address avs, uint32 setId, address token) external view returns (uint256 rate, uint256 acc, uint64 boundaries);

    /// @notice What of set `(avs, setId)`'s `token` streamed to nobody so far.
    function unallocated(address avs, uint32 setId, address token) external view returns (uint256 amount);

    /// @notice `operator`'s commission in set `(avs, setId)`: in force, pending, and when the pending one takes effect.
    function commissionOf(address operator, address avs, uint32 setId) external view returns (uint16 bps, uint16 pendingBps, uint64 effectAt);

    /// @notice Set `(avs, setId)`'s total weight.
    function totalWeight(address avs, uint32 setId) external view returns (uint256 weight);

    /// @notice `operator`'s weight in set `(avs, setId)` from `vault`, and the allocation word it was computed from.
    function allocationWeight(address operator, address avs, uint32 setId, address vault) external view returns (uint256 weight, uint256 allocation);

    /// @notice `staker`'s rewarded (scaled) shares of `vault` and the operator they count for.
    function rewardedShares(address staker, address vault) external view returns (uint256 scaled, address operator);

    /// @notice `operator`'s scaled shares of `vault`, the sets (`avs << 32 | setId`) it allocates it to, and the tokens its stakers earn in there (at most 16).
    function operatorVault(address operator, address vault) external view returns (uint256 scaled, uint256[] memory sets, address[] memory tokens);

    /// @notice Set `(avs, setId)`'s reward tokens (at most 4), in the order they first streamed.
    function setTokens(address avs, uint32 setId) external view returns (address[] memory tokens);

    /// @notice The operator registry.
    function registry() external view returns (address registry);

    /// @notice The slashing manager.
    function manager() external view returns (address manager);

    /// @notice The extension wasm the contract delegate-calls for every route but the hooks, `claim` and `claimerOf` (zero in a native build).
    function extension() external view returns (address extension);

    /// @notice The owner.
    function owner() external view returns (address owner);

    /// @notice The account offered ownership, until it accepts (zero for none).
    function pendingOwner() external view returns (address pendingOwner);

    /// @notice Offers ownership to `newOwner`, who must accept it (owner only).
    function transferOwnership(address newOwner) external;

    /// @notice Takes the ownership offered to the caller.
    function acceptOwnership() external;

    /// @notice Leaves the contract without an owner, for good (owner only).
    function renounceOwnership() external;

    /// @notice `caller` may not call this entry point (not the owner, the registry, the manager, the AVS or the earner's claimer it requires).
    error RewardsUnauthorized(address caller);

    /// @notice The zero address was given where a real one is required.
    error RewardsZeroAddress();

    /// @notice At most `max` tokens stream in one set, over its life.
    error RewardsTooManyTokens(uint256 max);

    /// @notice A window must start at or after `now`, last between the minimum and the maximum duration, and end within the horizon.
    error RewardsInvalidWindow(uint64 start, uint64 duration, uint64 now);

    /// @notice `amount` is above `max` (2^128) in one submission or top-up.
    error RewardsAmountTooLarge(uint256 amount, uint256 max);

    /// @notice `amount` streamed over `duration` seconds is less than one unit per second.
    error RewardsAmountTooSmall(uint256 amount, uint64 duration);

    /// @notice The call carried `value` wei where `expected` was required (the amount for ETH, nothing for a token).
    error RewardsWrongValue(uint256 value, uint256 expected);

    /// @notice `vaults` and `multipliers` differ in length, are empty or longer than `max`.
    error RewardsInvalidMultipliers(uint256 vaults, uint256 multipliers, uint256 max);

    /// @notice A multiplier list's vaults must be strictly ascending; `vault` breaks that.
    error RewardsVaultsUnsorted(address vault);

    /// @notice `multiplier` for `vault` is zero or above the maximum.
    error RewardsInvalidMultiplier(address vault, uint256 multiplier);

    /// @notice Set `(avs, setId)` has no multipliers yet: its first submission must give them.
    error RewardsNoMultipliers(address avs, uint32 setId);

    /// @notice A stream has at most `max` pending rate changes.
    error RewardsTooManyBoundaries(uint256 max);

    /// @notice `operator` allocates `vault` to `max` sets already (the rewards' bound on every stake change).
    error RewardsTooManySets(address operator, address vault, uint256 max);

    /// @notice No submission `id`.
    error RewardsSubmissionNotFound(uint256 id);

    /// @notice Submission `id` ended at `end`.
    error RewardsSubmissionEnded(uint256 id, uint64 end);

    /// @notice A commission of `bps` basis points is above 10,000.
    error RewardsInvalidCommission(uint16 bps);

    /// @notice Sending `amount` of `token` (ETH for the sentinel) to `to` failed.
    error RewardsTransferFailed(address token, address to, uint256 amount);

    /// @notice The `balanceOf` or `transferFrom` call to `token` failed.
    error RewardsTokenCallFailed(address token);

    /// @notice A call to `token` failed or returned false (OpenZeppelin's `SafeERC20`).
    error SafeErc20FailedOperation(address token);

    /// @notice A math error (code: 1 overflow, 2 division by zero, 3 underflow).
    error RewardsMathError(uint8 code);

    /// @notice The calldata for `selector` is malformed (short, out of range, not canonical), or ETH came with a call that is not payable.
    error RewardsInvalidCalldata(bytes4 selector);

    /// @notice A delegate call to `target` (the extension) failed without revert data to pass on.
    error RewardsCallFailed(address target);

    /// @notice The caller `account` is not authorized to perform this operation (not the owner, or not the pending owner).
    error OwnableUnauthorizedAccount(address account);

    /// @notice `owner` is not a valid owner (the zero address).
    error OwnableInvalidOwner(address owner);

    /// @notice The AVS set `vault`'s `multiplier` in set `(avs, setId)` (zero: removed).
    event MultiplierSet(address indexed avs, uint32 indexed setId, address indexed vault, uint256 multiplier);

    /// @notice Submission `id`: `amount` of `token` for set `(avs, setId)`, streamed over `[start, end)` at `rate` per second (`amount - rate * (end - start)` went to the set's unallocated balance).
    event RewardsSubmitted(uint256 indexed id, address indexed avs, uint32 indexed setId, address token, uint256 amount, uint64 start, uint64 end, uint256 rate);

    /// @notice `funder` added `amount` to submission `id`, whose rate is now `rate` per second.
    event RewardsToppedUp(uint256 indexed id, address indexed funder, uint256 amount, uint256 rate);

    /// @notice `operator`'s commission in set `(avs, setId)` becomes `bps` at `effectAt`.
    event CommissionSet(address indexed operator, address indexed avs, uint32 indexed setId, uint16 bps, uint64 effectAt);

    /// @notice `staker`'s rewarded (scaled) shares of `vault` under `operator` are now `scaled`.
    event StakerWeightUpdated(address indexed staker, address indexed operator, address indexed vault, uint256 scaled);

    /// @notice `operator`'s weight in set `set` (`avs << 32 | setId`) from `vault` is now `weight`; the set's total is `total`.
    event SetWeightUpdated(address indexed operator, bytes32 indexed set, address indexed vault, uint256 weight, uint256 total);

    /// @notice `amount` of `token` streamed while set `(avs, setId)` had no weight: the AVS may reclaim it.
    event RewardsUnallocated(address indexed avs, uint32 indexed setId, address indexed token, uint256 amount);

    /// @notice The AVS took back `amount` of `token` that streamed to nobody in set `(avs, setId)`, to `recipient`.
    event UnallocatedReclaimed(address indexed avs, uint32 indexed setId, address indexed token, uint256 amount, address recipient);

    /// @notice `earner` named `claimer` to claim for it (zero: nobody).
    event ClaimerSet(address indexed earner, address indexed claimer);

    /// @notice `amount` of `token` earned by `earner` was paid to `recipient`.
    event RewardsClaimed(address indexed earner, address indexed recipient, address indexed token, uint256 amount);

    /// @notice `vault` joined the vaults claims and syncs look through: the registry whitelisted it.
    event VaultListed(address indexed vault);

    /// @notice Ownership moved from `previousOwner` to `newOwner`.
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

    /// @notice `previousOwner` offered ownership to `newOwner`, who must accept it.
    event OwnershipTransferStarted(address indexed previousOwner, address indexed newOwner);
}
