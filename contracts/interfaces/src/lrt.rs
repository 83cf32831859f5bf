//! The liquid restaking token's (Lrt) and its staking sub-account's errors,
//! events and the calls they make.
//!
//! Errors and events are declared once ([`restake_kit::errors!`],
//! [`restake_kit::events!`]): each line gives the `sol!` type (selector,
//! topic), a compact encoder, and the entry of the generated ABI. Values are in wei of ETH (each LST valued through its rate source;
//! amounts of an asset are in its own wei); rates and fractions are WAD (1e18) or basis points (1e4).
use alloy_sol_types::sol;

restake_kit::errors! { ERRORS;
    /// `caller` may not call this entry point (not the owner or manager it requires).
    error LrtUnauthorized(address caller);
    /// The zero address was given where a real one is required.
    error LrtZeroAddress();
    /// An amount of zero was given where a positive one is required.
    error LrtZeroAmount();
    /// Deposits and redemptions are paused.
    error LrtPaused();
    /// `asset` is not accepted.
    error LrtUnknownAsset(address asset);
    /// `asset` is already accepted.
    error LrtAssetExists(address asset);
    /// `operator` is not (or, for `addOperator`, already is) one of the Lrt's operators.
    error LrtOperator(address operator, bool exists);
    /// A bounded list (`which`: 0 assets, 1 operators, 2 open withdrawals) is full at `max`.
    error LrtTooMany(uint8 which, uint256 max);
    /// A deposit of `requested` `asset` would take what the Lrt holds of it from `deposited` (idle + restaked + queued, less reserved payouts) past `cap`.
    error LrtCapExceeded(address asset, uint256 cap, uint256 deposited, uint256 requested);
    /// The call would give `out`, less than the caller's minimum `min_out`.
    error LrtSlippage(uint256 min_out, uint256 out);
    /// `assets` are worth zero LRT at the current rate.
    error LrtZeroShares(uint256 assets);
    /// The rate (assets per LRT) would fall from `value_before`/`supply_before` to `value_after`/`supply_after`.
    error LrtRateDecreased(uint256 value_before, uint256 supply_before, uint256 value_after, uint256 supply_after);
    /// `operator` would hold `operator_value` of the Lrt's stake, above `cap` (the concentration cap times total value).
    error LrtConcentrationCapExceeded(address operator, uint256 operator_value, uint256 cap);
    /// Restaking would leave `idle` liquidity, below the buffer target `target`.
    error LrtBufferBelowTarget(uint256 idle, uint256 target);
    /// Only `available` idle `asset` is free, fewer than the `requested`.
    error LrtInsufficientLiquidity(address asset, uint256 available, uint256 requested);
    /// Instant exits are limited to `limit` per period; `used` are used and `requested` more were asked.
    error LrtRateLimitExceeded(uint256 limit, uint256 used, uint256 requested);
    /// Request `request_id` is in `status` (0 none, 1 pending, 2 claimable, 3 claimed), not the one the call needs.
    error LrtRequestStatus(uint256 request_id, uint8 status);
    /// `caller` does not own request `request_id`.
    error LrtNotRequestOwner(uint256 request_id, address caller);
    /// The sub-account has no open withdrawal with registry id `withdrawal_id`.
    error LrtUnknownWithdrawal(uint256 withdrawal_id);
    /// The sub-account of `operator` is delegated to `delegated_to`, not to it.
    error LrtDelegationFailed(address operator, address delegated_to);
    /// Creating a sub-account failed (a clone with this salt exists, or no implementation is set).
    error LrtAccountCreationFailed(address operator);
    /// A call to `target` failed without revert data we can pass on.
    error LrtCallFailed(address target);
    /// Parameter number `which` (0 concentration cap, 1 buffer, 2 instant fee, 3 period, 4 redeem delay) is out of range at `value`.
    error LrtInvalidParameter(uint8 which, uint256 value);
    /// A math operation failed (see `math_code`).
    error LrtMathError(uint8 code);
    /// The calldata of `selector` is malformed, names no function, or sends ETH to a non-payable one.
    error LrtInvalidCalldata(bytes4 selector);
    /// `caller` is not the sub-account's controller.
    error LrtAccountUnauthorized(address caller);
    /// The sub-account is already controlled by `controller`.
    error LrtAccountInitialized(address controller);
    /// Sub-account `account` still values a withdrawal the registry queued for it from its snapshot: adopt or complete it first.
    error LrtForcedWithdrawalPending(address account);
    /// Request `request_id` may be finalized from `finalizable_at`; it is now `timestamp`.
    error LrtRedeemDelayPending(uint256 request_id, uint64 finalizable_at, uint64 timestamp);
    /// `operator`'s sub-account still holds `value` (positions, queued withdrawals and ETH) or `withdrawals` open withdrawals.
    error LrtOperatorNotEmpty(address operator, uint256 value, uint256 withdrawals);
    /// M-3: rate source `source` of `asset` answered `rate`, which the Lrt cannot use (zero, a failed call, or a source on ETH, which is always 1:1).
    error LrtInvalidRate(address asset, address source, uint256 rate);
    /// M-2: a request worth `value` (ETH) in `asset` exceeds `payable_value`, what the Lrt holds of the asset less what pending requests in it may take.
    error LrtRequestTooLarge(address asset, uint256 value, uint256 payable_value);
    /// L-6: the rate history cannot answer a window of `window` seconds: windows run from `min` seconds to `available`, what the observations kept cover.
    error LrtRateWindow(uint64 window, uint64 min, uint64 available);
}

restake_kit::events! { EVENTS;
    /// ERC-20: `value` LRT moved from `from` to `to` (zero `from`: mint, zero `to`: burn).
    event Transfer(address indexed from, address indexed to, uint256 value);
    /// ERC-20: `owner` allowed `spender` to move `value` LRT.
    event Approval(address indexed owner, address indexed spender, uint256 value);
    /// `sender` deposited `assets` of `asset` (ETH: the ERC-7535 sentinel) and `receiver` was minted `shares` LRT.
    event Deposited(address indexed sender, address indexed receiver, address indexed asset, uint256 assets, uint256 shares);
    /// The owner accepted `asset`, restaked through `vault`, with a deposit cap of `cap` (on what the Lrt holds of it).
    event AssetAdded(address indexed asset, address indexed vault, uint256 cap);
    /// The deposit cap of `asset` became `cap`.
    event AssetCapSet(address indexed asset, uint256 cap);
    /// The manager added `operator`, restaked through the sub-account `account`.
    event OperatorAdded(address indexed operator, address indexed account);
    /// The manager restaked `assets` of `asset` with `operator`, for `shares` vault shares.
    event Restaked(address indexed operator, address indexed asset, uint256 assets, uint256 shares);
    /// The manager queued `shares` (deposit shares of `asset`'s vault) from `operator` as registry withdrawal `withdrawal_id`.
    event UnstakeQueued(address indexed operator, address indexed asset, uint256 indexed withdrawal_id, uint256 shares);
    /// Registry withdrawal `withdrawal_id` of `operator` completed, bringing `assets` of `asset` back as idle liquidity.
    event UnstakeCompleted(address indexed operator, address indexed asset, uint256 indexed withdrawal_id, uint256 assets);
    /// `owner` burned `shares` LRT into redemption request `request_id`, paid in `asset`, worth at most `max_value` (in ETH, at the rate in force).
    event RedeemRequested(uint256 indexed request_id, address indexed owner, address indexed asset, uint256 shares, uint256 max_value);
    /// Request `request_id` became claimable for `assets` of its asset (its `max_value` at the asset's rate, or less if slashing landed while it was pending).
    event RedeemFinalized(uint256 indexed request_id, uint256 assets);
    /// Request `request_id` paid `assets` to `receiver`.
    event RedeemClaimed(uint256 indexed request_id, address indexed receiver, uint256 assets);
    /// `owner` burned `shares` LRT for `assets` of `asset` paid at once to `receiver`, after an exit `fee` that stays with holders.
    event InstantRedeemed(address indexed owner, address indexed receiver, address indexed asset, uint256 shares, uint256 assets, uint256 fee);
    /// The owner set the risk parameters: concentration cap, buffer target and instant fee (basis points), and the instant exit limit per period.
    event ParametersSet(uint256 concentration_cap_bps, uint256 buffer_bps, uint256 instant_fee_bps, uint256 instant_limit, uint64 instant_period);
    /// The manager role moved to `manager`.
    event ManagerSet(address indexed previous_manager, address indexed manager);
    /// Ownership moved from `previous_owner` to `new_owner`.
    event OwnershipTransferred(address indexed previous_owner, address indexed new_owner);
    /// Deposits and redemptions were paused (`paused` true) or resumed.
    event PauseSet(bool paused);
    /// The rate history recorded an observation at `timestamp`: the rate then in force (ETH per 1e18 LRT) and the time-weighted cumulative rate (Σ rate · seconds, modulo 2^192) up to it.
    event RateObserved(uint64 timestamp, uint256 rate, uint256 cumulative);
    /// The sub-account is controlled by `controller` (the Lrt), once and for all.
    event AccountInitialized(address indexed controller);
    /// The sub-account recorded `scaled_shares` (deposit shares × scaling factor) as its position in `vault` (H-1 snapshot).
    event AccountPositionRecorded(address indexed vault, uint256 scaled_shares);
    /// The sub-account adopted registry withdrawal `withdrawal_id`, queued for it by the registry (an operator's or approver's undelegation).
    event AccountWithdrawalAdopted(uint256 indexed withdrawal_id);
    /// The sub-account queued, in registry withdrawal `withdrawal_id`, every position others deposited for it while it was undelegated, so that its delegation could go through (L-5); the proceeds go to the Lrt.
    event AccountDonationsQueued(uint256 indexed withdrawal_id);
    /// The manager delegated `operator`'s sub-account `account` again after the registry undelegated it.
    event OperatorRedelegated(address indexed operator, address indexed account);
    /// The manager removed `operator` (its sub-account `account` held nothing); its slot is free.
    event OperatorRemoved(address indexed operator, address indexed account);
    /// The owner set the minimum redeem delay to `delay` seconds (the registry's withdrawal delay applies if longer).
    event RedeemDelaySet(uint64 delay);
    /// I-2: the owner offered ownership to `new_owner`, who must accept it (zero: the offer was withdrawn).
    event OwnershipTransferStarted(address indexed previous_owner, address indexed new_owner);
    /// M-3: `asset` is valued through rate source `source`, which answered `rate` (ETH per 1e18 of the asset) when set.
    event RateSourceSet(address indexed asset, address indexed source, uint256 rate);
    /// M-2: `owner` cancelled pending request `request_id`: of its `shares` LRT, `reminted` came back (worth the lower of its value at request and now, at the current rate); the rest stays burned, with the holders.
    event RedeemCancelled(uint256 indexed request_id, address indexed owner, uint256 shares, uint256 reminted);
    /// The owner set the rewards contract the sub-accounts' rewards are claimed from (zero: none).
    event RewardsContractSet(address indexed rewards);
    /// `amount` of accepted `asset` was claimed for the sub-account of `operator`: the asset's undripped rewards are now `locked`, released into the rate linearly until `end`.
    event RewardsDripping(address indexed asset, address indexed operator, uint256 amount, uint256 locked, uint64 end);
    /// `amount` of `token` (not an accepted asset, never in the rate) was claimed for the sub-account of `operator`; `held` is now held apart.
    event RewardsHeldApart(address indexed token, address indexed operator, uint256 amount, uint256 held);
    /// The owner sent `amount` of held-apart reward `token` to `to`.
    event RewardTokenRouted(address indexed token, address indexed to, uint256 amount);
}

// ===================================================================
// Lrt security fixes (issue #11: H-1, M-1, M-2, M-3, L-3, L-5, L-6,
// I-1, I-2, deposit cap). Kept apart from the slashing items.
// ===================================================================

sol! {
    /// The Lrt's public interface (its hand-written dispatcher routes these
    /// selectors; see the contract's rustdoc for each function).
    interface ILrt {
        function name() external view returns (string);
        function symbol() external view returns (string);
        function decimals() external view returns (uint8);
        function totalSupply() external view returns (uint256);
        function balanceOf(address account) external view returns (uint256);
        function allowance(address owner, address spender) external view returns (uint256);
        function transfer(address to, uint256 value) external returns (bool);
        function transferFrom(address from, address to, uint256 value) external returns (bool);
        function approve(address spender, uint256 value) external returns (bool);
        function permit(address owner, address spender, uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external;
        function nonces(address owner) external view returns (uint256);
        function DOMAIN_SEPARATOR() external view returns (bytes32);
        function deposit(uint256 min_shares) external payable returns (uint256);
        function depositToken(address token, uint256 amount, uint256 min_shares) external returns (uint256);
        function requestRedeem(uint256 shares, address asset) external returns (uint256);
        function finalizeRedeem(uint256 request_id) external returns (uint256);
        function claimRedeem(uint256 request_id, address receiver) external returns (uint256);
        function instantRedeem(uint256 shares, address asset, uint256 min_out, address receiver) external returns (uint256);
        function addOperator(address operator, bytes approver_signature, uint256 expiry, bytes32 salt) external returns (address);
        function restake(address operator, address asset, uint256 amount) external returns (uint256);
        function unstake(address operator, address asset, uint256 shares) external returns (uint256);
        function completeUnstake(address operator, uint256 withdrawal_id) external returns (uint256);
        function addAsset(address token, address vault, uint256 cap, address rate_source) external;
        function setAssetCap(address asset, uint256 cap) external;
        function setParameters(uint256 concentration_cap_bps, uint256 buffer_bps, uint256 instant_fee_bps, uint256 instant_limit, uint64 instant_period) external;
        function setManager(address manager) external;
        function transferOwnership(address new_owner) external;
        function setPaused(bool paused) external;
        function checkpoint() external;
        function rate() external view returns (uint256);
        function books() external view returns (uint256 value, uint256 supply, uint256 idle, uint256 pending_shares);
        function operatorValue(uint256 index) external view returns (uint256);
        function assetAt(uint256 index) external view returns (address token, address vault, uint256 cap, uint256 deposited, uint256 reserved, uint256 pending_value, address rate_source);
        function operatorAt(uint256 index) external view returns (address operator, address account);
        function request(uint256 request_id) external view returns (address owner, address asset, uint8 status, uint256 shares, uint256 max_value, uint256 assets);
        function parameters() external view returns (uint256 concentration_cap_bps, uint256 buffer_bps, uint256 instant_fee_bps, uint256 instant_limit, uint64 instant_period, uint256 window_used);
        function roles() external view returns (address owner, address manager, address registry, address account_implementation, address extension, bool paused);
        function observation(uint64 index) external view returns (uint64 timestamp, uint256 cumulative);
        function rateAccumulator() external view returns (uint64 timestamp, uint256 rate, uint256 cumulative);
        function averageRate(uint64 window) external view returns (uint256);
        function annualizedRate(uint64 window) external view returns (int256);
        // -- security fixes (issue #11) --
        function redelegateOperator(address operator, bytes approver_signature, uint256 expiry, bytes32 salt) external;
        function removeOperator(address operator) external returns (address);
        function setRedeemDelay(uint64 delay) external;
        function redeemDelay() external view returns (uint64);
        function setRewards(address rewards) external;
        function rewardsContract() external view returns (address);
        function claimRewards(address operator, address[] tokens) external returns (uint256[]);
        function routeRewardToken(address token, address to, uint256 amount) external;
        function rewardDrip(address asset) external view returns (uint256 locked, uint64 end);
        function heldApart(address token) external view returns (uint256);
        function requestTime(uint256 request_id) external view returns (uint64 requested_at, uint64 finalizable_at);
        function cancelRedeem(uint256 request_id) external returns (uint256);
        function setRateSource(address asset, address source) external;
        function assetRate(address asset) external view returns (uint256);
        function acceptOwnership() external;
        function pendingOwner() external view returns (address);
    }
}

sol! {
    /// Everything the Lrt and its sub-accounts call: the operator registry
    /// (directly, or through a sub-account's `execute`), vaults, ERC-20
    /// tokens and sub-accounts. Only the selectors are used: each lays out
    /// the calldata with
    /// `abi::error_data` and `words!` (generic encoders cost ~1 KB each).
    interface ILrtOutgoing {
        function delegateTo(address operator, bytes approver_signature, uint256 expiry, bytes32 salt) external;
        function queueWithdrawal(address[] vaults, uint256[] deposit_shares) external returns (uint256);
        function completeWithdrawal(uint256 id, bool receive_as_tokens) external;
        function transfer(address to, uint256 value) external returns (bool);
        function approve(address spender, uint256 value) external returns (bool);
        function transferFrom(address from, address to, uint256 value) external returns (bool);
        function balanceOf(address account) external view returns (uint256);
        function delegatedTo(address staker) external view returns (address);
        function withdrawableShares(address staker, address vault) external view returns (uint256);
        function pendingRedeemRequest(uint256 id, address vault) external view returns (uint256);
        function claimableRedeemRequest(uint256 id, address vault) external view returns (uint256);
        function asset() external view returns (address);
        function convertToAssets(uint256 shares) external view returns (uint256);
        function deposit(uint256 assets, address receiver) external payable returns (uint256);
        function initialize(address registry) external;
        function delegate(address operator, bytes signature, uint256 expiry, bytes32 salt) external;
        function queue(address vault, uint256 shares) external returns (uint256);
        function complete(uint256 id, address to) external returns (address, uint256);
        function value(address[] vaults) external view returns (uint256);
        function values(address[] vaults) external view returns (uint256[]);
        function getRate() external view returns (uint256);
        function execute(address target, uint256 value, bytes data) external payable returns (bytes);
        function record(address vault) external;
        function openWithdrawals() external view returns (uint256);
        function withdrawalDelay() external view returns (uint64);
        function withdrawal(uint256 id) external view returns (address staker, address operator, uint64 claimable_at, bool completed, uint64 entries);
        function withdrawalEntry(uint256 id, uint64 index) external view returns (address vault, uint256 scaled_shares);
        function depositScalingFactor(address staker, address vault) external view returns (uint256);
        function maxMagnitude(address operator, address vault) external view returns (uint64);
        function slashEpoch() external view returns (uint32);
        function vaults() external view returns (address[]);
        function depositShares(address staker) external view returns (uint256);
        function claimerOf(address earner) external view returns (address);
        function setClaimerFor(address claimer) external;
        function claim(address earner, address[] tokens, address recipient) external returns (uint256[]);
    }
}

sol! {
    /// A staking sub-account's full ABI (its router dispatches on these
    /// selectors): the Lrt's one per operator, an EIP-1167 clone of one
    /// implementation. Errors and events are the `LrtAccount…` ones above.
    #[derive(Debug, PartialEq)]
    interface ILrtAccount {
        function initialize(address registry) external;
        function controller() external view returns (address controller);
        function operator() external view returns (address operator);
        function delegate(address operator, bytes signature, uint256 expiry, bytes32 salt) external;
        function record(address vault) external;
        function queue(address vault, uint256 shares) external returns (uint256 withdrawal_id);
        function adopt(uint256 id) external;
        function complete(uint256 id, address to) external returns (address asset, uint256 amount);
        function value(address[] vaults) external view returns (uint256 value);
        function values(address[] vaults) external view returns (uint256[] values);
        function openWithdrawals() external view returns (uint256 count);
        function snapshotAt(uint256 index) external view returns (address vault, uint256 scaled_shares);
        function execute(address target, uint256 value, bytes data) external payable returns (bytes result);
    }
}
