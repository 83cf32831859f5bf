/**
 * Generated from the contract's route, error and event tables (restake-kit's `export`).
 */

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.23;

/// The Restake liquid restaking token: ERC-20 + EIP-2612, minted from ETH or LSTs, restaked across operators under a concentration cap, with an on-chain rate and two ways out.
interface ILrt {
    /// @notice The token's name.
    function name() external view returns (string memory name);

    /// @notice The token's symbol.
    function symbol() external view returns (string memory symbol);

    /// @notice 18.
    function decimals() external view returns (uint8 decimals);

    /// @notice LRT in existence (pending redemptions' shares excluded: they are burned).
    function totalSupply() external view returns (uint256 supply);

    /// @notice The LRT `account` holds.
    function balanceOf(address account) external view returns (uint256 balance);

    /// @notice The LRT `spender` may move for `owner`.
    function allowance(address owner, address spender) external view returns (uint256 remaining);

    /// @notice Moves `value` LRT from the caller to `to`.
    function transfer(address to, uint256 value) external returns (bool success);

    /// @notice Moves `value` LRT from `from` to `to`, spending the caller's allowance (an infinite one is not spent).
    function transferFrom(address from, address to, uint256 value) external returns (bool success);

    /// @notice Lets `spender` move `value` of the caller's LRT.
    function approve(address spender, uint256 value) external returns (bool success);

    /// @notice EIP-2612: sets `owner`'s allowance for `spender` to `value` with `owner`'s signature over it, its nonce and `deadline`.
    function permit(address owner, address spender, uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external;

    /// @notice EIP-2612: the next permit nonce of `owner`.
    function nonces(address owner) external view returns (uint256 nonce);

    /// @notice EIP-2612: the EIP-712 domain separator of this chain and address.
    function DOMAIN_SEPARATOR() external view returns (bytes32 separator);

    /// @notice Mints LRT for the ETH sent, at the current rate rounded down; at least `minShares`.
    function deposit(uint256 minShares) external payable returns (uint256 shares);

    /// @notice Mints LRT for `amount` of the accepted LST `token` (pulled from the caller, balance delta), at least `minShares`.
    function depositToken(address token, uint256 amount, uint256 minShares) external returns (uint256 shares);

    /// @notice Burns `shares` LRT into a redemption request paid in `asset`; returns its id.
    function requestRedeem(uint256 shares, address asset) external returns (uint256 requestId);

    /// @notice Makes pending request `requestId` claimable once its delay has passed and liquidity covers it (anyone may call).
    function finalizeRedeem(uint256 requestId) external returns (uint256 assets);

    /// @notice Cancels the caller's pending request `requestId`, re-minting the lower of its value at request and now.
    function cancelRedeem(uint256 requestId) external returns (uint256 reminted);

    /// @notice Pays claimable request `requestId` to `receiver` (its owner only).
    function claimRedeem(uint256 requestId, address receiver) external returns (uint256 assets);

    /// @notice Burns `shares` LRT for `asset` from idle liquidity at once, less the instant fee, at least `minOut`, to `receiver`.
    function instantRedeem(uint256 shares, address asset, uint256 minOut, address receiver) external returns (uint256 assets);

    /// @notice The rate: ETH per 1e18 LRT (1e18 while nothing is minted).
    function rate() external view returns (uint256 rate);

    /// @notice The books behind the rate: total value (ETH), supply, idle value and the shares of pending requests.
    function books() external view returns (uint256 value, uint256 supply, uint256 idle, uint256 pendingShares);

    /// @notice Adds `operator` (manager only): clones a sub-account and delegates it, with the operator's approver signature if it has an approver.
    function addOperator(address operator, bytes calldata approverSignature, uint256 expiry, bytes32 salt) external returns (address account);

    /// @notice Restakes `amount` of idle `asset` with `operator` (manager only), under the concentration cap and the buffer target.
    function restake(address operator, address asset, uint256 amount) external returns (uint256 shares);

    /// @notice Queues `shares` of `asset`'s vault from `operator` for withdrawal (manager only); returns the registry withdrawal id.
    function unstake(address operator, address asset, uint256 shares) external returns (uint256 withdrawalId);

    /// @notice Completes `operator`'s registry withdrawal `withdrawalId` (anyone), bringing its assets back as idle liquidity.
    function completeUnstake(address operator, uint256 withdrawalId) external returns (uint256 assets);

    /// @notice Delegates `operator`'s sub-account again after the registry undelegated it (manager only).
    function redelegateOperator(address operator, bytes calldata approverSignature, uint256 expiry, bytes32 salt) external;

    /// @notice Removes `operator`, whose sub-account holds nothing (manager only); returns the sub-account.
    function removeOperator(address operator) external returns (address account);

    /// @notice Accepts `token` (zero: ETH), restaked through `vault`, with deposit cap `cap` and rate source `rateSource` (owner only).
    function addAsset(address token, address vault, uint256 cap, address rateSource) external;

    /// @notice Sets the deposit cap of `asset` (owner only).
    function setAssetCap(address asset, uint256 cap) external;

    /// @notice Sets the rate source of `asset` (owner only; M-3).
    function setRateSource(address asset, address source) external;

    /// @notice Sets the concentration cap, buffer target and instant fee (basis points) and the instant limit per period (owner only).
    function setParameters(uint256 concentrationCapBps, uint256 bufferBps, uint256 instantFeeBps, uint256 instantLimit, uint64 instantPeriod) external;

    /// @notice Sets the minimum redeem delay in seconds (owner only; at most 60 days).
    function setRedeemDelay(uint64 delay) external;

    /// @notice Sets the rewards contract the sub-accounts' rewards are claimed from (owner only; zero: none).
    function setRewards(address rewards) external;

    /// @notice The rewards contract (zero: none).
    function rewardsContract() external view returns (address rewards);

    /// @notice Anyone claims what `operator`'s sub-account earned in `tokens`, to the Lrt: accepted assets drip into the rate over 7 days, other tokens are held apart. Returns the amounts.
    function claimRewards(address operator, address[] calldata tokens) external returns (uint256[] memory amounts);

    /// @notice Sends `amount` of held-apart reward `token` (never an accepted asset) to `to` (owner only).
    function routeRewardToken(address token, address to, uint256 amount) external;

    /// @notice Accepted `asset`'s rewards still dripping in (wei of it) and when the drip ends.
    function rewardDrip(address asset) external view returns (uint256 locked, uint64 end);

    /// @notice Reward `token` held apart (not an accepted asset).
    function heldApart(address token) external view returns (uint256 amount);

    /// @notice Moves the manager role to `manager` (owner only).
    function setManager(address manager) external;

    /// @notice Offers ownership to `newOwner`, who must accept it (owner only; zero withdraws the offer).
    function transferOwnership(address newOwner) external;

    /// @notice Accepts the ownership offered to the caller.
    function acceptOwnership() external;

    /// @notice Pauses (`true`) or resumes deposits and redemptions (owner only).
    function setPaused(bool paused) external;

    /// @notice Records a rate observation if the last is an interval old (anyone).
    function checkpoint() external;

    /// @notice The owner offered ownership to, if any.
    function pendingOwner() external view returns (address pendingOwner);

    /// @notice The minimum redeem delay in force (the registry's withdrawal delay if longer).
    function redeemDelay() external view returns (uint64 delay);

    /// @notice When request `requestId` was made and from when it may be finalized.
    function requestTime(uint256 requestId) external view returns (uint64 requestedAt, uint64 finalizableAt);

    /// @notice What the rate source of `asset` answers (ETH per 1e18 of it; 1e18 for ETH).
    function assetRate(address asset) external view returns (uint256 rate);

    /// @notice The value (ETH) the Lrt holds with operator number `index`.
    function operatorValue(uint256 index) external view returns (uint256 value);

    /// @notice Accepted asset number `index`.
    function assetAt(uint256 index) external view returns (address token, address vault, uint256 cap, uint256 deposited, uint256 reserved, uint256 pendingValue, address rateSource);

    /// @notice Operator number `index` and its sub-account.
    function operatorAt(uint256 index) external view returns (address operator, address account);

    /// @notice Redemption request `requestId`.
    function request(uint256 requestId) external view returns (address owner, address asset, uint8 status, uint256 shares, uint256 maxValue, uint256 assets);

    /// @notice The risk parameters, and the instant exit volume used in the current period.
    function parameters() external view returns (uint256 concentrationCapBps, uint256 bufferBps, uint256 instantFeeBps, uint256 instantLimit, uint64 instantPeriod, uint256 windowUsed);

    /// @notice The owner, manager, registry, sub-account implementation, extension and pause flag.
    function roles() external view returns (address owner, address manager, address registry, address accountImplementation, address extension, bool paused);

    /// @notice Rate observation number `index` of the ring.
    function observation(uint64 index) external view returns (uint64 timestamp, uint256 cumulative);

    /// @notice The rate accumulator: its last update, the rate then and Σ rate · seconds up to it.
    function rateAccumulator() external view returns (uint64 timestamp, uint256 rate, uint256 cumulative);

    /// @notice The time-weighted average rate over the last `window` seconds.
    function averageRate(uint64 window) external view returns (uint256 rate);

    /// @notice The annualized growth of the rate over the last `window` seconds (1e18 = 100%; negative after slashing).
    function annualizedRate(uint64 window) external view returns (int256 rate);

    /// @notice `caller` may not call this entry point (not the owner or manager it requires).
    error LrtUnauthorized(address caller);

    /// @notice The zero address was given where a real one is required.
    error LrtZeroAddress();

    /// @notice An amount of zero was given where a positive one is required.
    error LrtZeroAmount();

    /// @notice Deposits and redemptions are paused.
    error LrtPaused();

    /// @notice `asset` is not accepted.
    error LrtUnknownAsset(address asset);

    /// @notice `asset` is already accepted.
    error LrtAssetExists(address asset);

    /// @notice `operator` is not (or, for `addOperator`, already is) one of the Lrt's operators.
    error LrtOperator(address operator, bool exists);

    /// @notice A bounded list (`which`: 0 assets, 1 operators, 2 open withdrawals) is full at `max`.
    error LrtTooMany(uint8 which, uint256 max);

    /// @notice A deposit of `requested` `asset` would take what the Lrt holds of it from `deposited` (idle + restaked + queued, less reserved payouts) past `cap`.
    error LrtCapExceeded(address asset, uint256 cap, uint256 deposited, uint256 requested);

    /// @notice The call would give `out`, less than the caller's minimum `minOut`.
    error LrtSlippage(uint256 minOut, uint256 out);

    /// @notice `assets` are worth zero LRT at the current rate.
    error LrtZeroShares(uint256 assets);

    /// @notice The rate (assets per LRT) would fall from `valueBefore`/`supplyBefore` to `valueAfter`/`supplyAfter`.
    error LrtRateDecreased(uint256 valueBefore, uint256 supplyBefore, uint256 valueAfter, uint256 supplyAfter);

    /// @notice `operator` would hold `operatorValue` of the Lrt's stake, above `cap` (the concentration cap times total value).
    error LrtConcentrationCapExceeded(address operator, uint256 operatorValue, uint256 cap);

    /// @notice Restaking would leave `idle` liquidity, below the buffer target `target`.
    error LrtBufferBelowTarget(uint256 idle, uint256 target);

    /// @notice Only `available` idle `asset` is free, fewer than the `requested`.
    error LrtInsufficientLiquidity(address asset, uint256 available, uint256 requested);

    /// @notice Instant exits are limited to `limit` per period; `used` are used and `requested` more were asked.
    error LrtRateLimitExceeded(uint256 limit, uint256 used, uint256 requested);

    /// @notice Request `requestId` is in `status` (0 none, 1 pending, 2 claimable, 3 claimed), not the one the call needs.
    error LrtRequestStatus(uint256 requestId, uint8 status);

    /// @notice `caller` does not own request `requestId`.
    error LrtNotRequestOwner(uint256 requestId, address caller);

    /// @notice The sub-account of `operator` is delegated to `delegatedTo`, not to it.
    error LrtDelegationFailed(address operator, address delegatedTo);

    /// @notice Creating a sub-account failed (a clone with this salt exists, or no implementation is set).
    error LrtAccountCreationFailed(address operator);

    /// @notice A call to `target` failed without revert data we can pass on.
    error LrtCallFailed(address target);

    /// @notice Parameter number `which` (0 concentration cap, 1 buffer, 2 instant fee, 3 period, 4 redeem delay) is out of range at `value`.
    error LrtInvalidParameter(uint8 which, uint256 value);

    /// @notice A math operation failed (see `mathCode`).
    error LrtMathError(uint8 code);

    /// @notice The calldata of `selector` is malformed, names no function, or sends ETH to a non-payable one.
    error LrtInvalidCalldata(bytes4 selector);

    /// @notice `operator`'s sub-account still holds `value` (positions, queued withdrawals and ETH) or `withdrawals` open withdrawals.
    error LrtOperatorNotEmpty(address operator, uint256 value, uint256 withdrawals);

    /// @notice Request `requestId` may be finalized from `finalizableAt`; it is now `timestamp`.
    error LrtRedeemDelayPending(uint256 requestId, uint64 finalizableAt, uint64 timestamp);

    /// @notice M-3: rate source `source` of `asset` answered `rate`, which the Lrt cannot use (zero, a failed call, or a source on ETH, which is always 1:1).
    error LrtInvalidRate(address asset, address source, uint256 rate);

    /// @notice M-2: a request worth `value` (ETH) in `asset` exceeds `payableValue`, what the Lrt holds of the asset less what pending requests in it may take.
    error LrtRequestTooLarge(address asset, uint256 value, uint256 payableValue);

    /// @notice L-6: the rate history cannot answer a window of `window` seconds: windows run from `min` seconds to `available`, what the observations kept cover.
    error LrtRateWindow(uint64 window, uint64 min, uint64 available);

    /// @notice `sender` holds `balance`, less than the `needed` a transfer or burn takes.
    error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed);

    /// @notice `spender` may move `allowance`, less than the `needed` a transfer takes.
    error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed);

    /// @notice Tokens cannot come from `sender` (the zero address).
    error ERC20InvalidSender(address sender);

    /// @notice Tokens cannot go to `receiver` (the zero address).
    error ERC20InvalidReceiver(address receiver);

    /// @notice `spender` (the zero address) cannot be approved.
    error ERC20InvalidSpender(address spender);

    /// @notice EIP-2612: the permit expired at `deadline`.
    error ERC2612ExpiredSignature(uint256 deadline);

    /// @notice EIP-2612: the permit was signed by `signer`, not by `owner` (or its nonce was used).
    error ERC2612InvalidSigner(address signer, address owner);

    /// @notice The signature cannot be recovered (wrong length, `v` other than 27 or 28, or no signer).
    error ECDSAInvalidSignature();

    /// @notice The signature's `s` is in the upper half of the curve order (malleable).
    error ECDSAInvalidSignatureS(bytes32 s);

    /// @notice ERC-20: `value` LRT moved from `from` to `to` (zero `from`: mint, zero `to`: burn).
    event Transfer(address indexed from, address indexed to, uint256 value);

    /// @notice ERC-20: `owner` allowed `spender` to move `value` LRT.
    event Approval(address indexed owner, address indexed spender, uint256 value);

    /// @notice `sender` deposited `assets` of `asset` (ETH: the ERC-7535 sentinel) and `receiver` was minted `shares` LRT.
    event Deposited(address indexed sender, address indexed receiver, address indexed asset, uint256 assets, uint256 shares);

    /// @notice The owner accepted `asset`, restaked through `vault`, with a deposit cap of `cap` (on what the Lrt holds of it).
    event AssetAdded(address indexed asset, address indexed vault, uint256 cap);

    /// @notice The deposit cap of `asset` became `cap`.
    event AssetCapSet(address indexed asset, uint256 cap);

    /// @notice The manager added `operator`, restaked through the sub-account `account`.
    event OperatorAdded(address indexed operator, address indexed account);

    /// @notice The manager restaked `assets` of `asset` with `operator`, for `shares` vault shares.
    event Restaked(address indexed operator, address indexed asset, uint256 assets, uint256 shares);

    /// @notice The manager queued `shares` (deposit shares of `asset`'s vault) from `operator` as registry withdrawal `withdrawalId`.
    event UnstakeQueued(address indexed operator, address indexed asset, uint256 indexed withdrawalId, uint256 shares);

    /// @notice Registry withdrawal `withdrawalId` of `operator` completed, bringing `assets` of `asset` back as idle liquidity.
    event UnstakeCompleted(address indexed operator, address indexed asset, uint256 indexed withdrawalId, uint256 assets);

    /// @notice `owner` burned `shares` LRT into redemption request `requestId`, paid in `asset`, worth at most `maxValue` (in ETH, at the rate in force).
    event RedeemRequested(uint256 indexed requestId, address indexed owner, address indexed asset, uint256 shares, uint256 maxValue);

    /// @notice Request `requestId` became claimable for `assets` of its asset (its `maxValue` at the asset's rate, or less if slashing landed while it was pending).
    event RedeemFinalized(uint256 indexed requestId, uint256 assets);

    /// @notice Request `requestId` paid `assets` to `receiver`.
    event RedeemClaimed(uint256 indexed requestId, address indexed receiver, uint256 assets);

    /// @notice `owner` burned `shares` LRT for `assets` of `asset` paid at once to `receiver`, after an exit `fee` that stays with holders.
    event InstantRedeemed(address indexed owner, address indexed receiver, address indexed asset, uint256 shares, uint256 assets, uint256 fee);

    /// @notice The owner set the risk parameters: concentration cap, buffer target and instant fee (basis points), and the instant exit limit per period.
    event ParametersSet(uint256 concentrationCapBps, uint256 bufferBps, uint256 instantFeeBps, uint256 instantLimit, uint64 instantPeriod);

    /// @notice The manager role moved to `manager`.
    event ManagerSet(address indexed previousManager, address indexed manager);

    /// @notice Ownership moved from `previousOwner` to `newOwner`.
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

    /// @notice Deposits and redemptions were paused (`paused` true) or resumed.
    event PauseSet(bool paused);

    /// @notice The rate history recorded an observation at `timestamp`: the rate then in force (ETH per 1e18 LRT) and the time-weighted cumulative rate (Σ rate · seconds, modulo 2^192) up to it.
    event RateObserved(uint64 timestamp, uint256 rate, uint256 cumulative);

    /// @notice The sub-account is controlled by `controller` (the Lrt), once and for all.
    event AccountInitialized(address indexed controller);

    /// @notice The sub-account recorded `scaledShares` (deposit shares × scaling factor) as its position in `vault` (H-1 snapshot).
    event AccountPositionRecorded(address indexed vault, uint256 scaledShares);

    /// @notice The sub-account adopted registry withdrawal `withdrawalId`, queued for it by the registry (an operator's or approver's undelegation).
    event AccountWithdrawalAdopted(uint256 indexed withdrawalId);

    /// @notice The sub-account queued, in registry withdrawal `withdrawalId`, every position others deposited for it while it was undelegated, so that its delegation could go through (L-5); the proceeds go to the Lrt.
    event AccountDonationsQueued(uint256 indexed withdrawalId);

    /// @notice The manager delegated `operator`'s sub-account `account` again after the registry undelegated it.
    event OperatorRedelegated(address indexed operator, address indexed account);

    /// @notice The manager removed `operator` (its sub-account `account` held nothing); its slot is free.
    event OperatorRemoved(address indexed operator, address indexed account);

    /// @notice The owner set the minimum redeem delay to `delay` seconds (the registry's withdrawal delay applies if longer).
    event RedeemDelaySet(uint64 delay);

    /// @notice I-2: the owner offered ownership to `newOwner`, who must accept it (zero: the offer was withdrawn).
    event OwnershipTransferStarted(address indexed previousOwner, address indexed newOwner);

    /// @notice M-3: `asset` is valued through rate source `source`, which answered `rate` (ETH per 1e18 of the asset) when set.
    event RateSourceSet(address indexed asset, address indexed source, uint256 rate);

    /// @notice M-2: `owner` cancelled pending request `requestId`: of its `shares` LRT, `reminted` came back (worth the lower of its value at request and now, at the current rate); the rest stays burned, with the holders.
    event RedeemCancelled(uint256 indexed requestId, address indexed owner, uint256 shares, uint256 reminted);

    /// @notice The owner set the rewards contract the sub-accounts' rewards are claimed from (zero: none).
    event RewardsContractSet(address indexed rewards);

    /// @notice `amount` of accepted `asset` was claimed for the sub-account of `operator`: the asset's undripped rewards are now `locked`, released into the rate linearly until `end`.
    event RewardsDripping(address indexed asset, address indexed operator, uint256 amount, uint256 locked, uint64 end);

    /// @notice `amount` of `token` (not an accepted asset, never in the rate) was claimed for the sub-account of `operator`; `held` is now held apart.
    event RewardsHeldApart(address indexed token, address indexed operator, uint256 amount, uint256 held);

    /// @notice The owner sent `amount` of held-apart reward `token` to `to`.
    event RewardTokenRouted(address indexed token, address indexed to, uint256 amount);
}
