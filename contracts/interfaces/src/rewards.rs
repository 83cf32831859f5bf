//! The rewards contract's errors and events (issue #14, `docs/rewards.md`).
//!
//! An operator set is `(avs, set_id)`. Commissions are basis points
//! (10,000 = 100%); multipliers are WAD (1e18: one share of the vault
//! weighs one unit); rates are token units per second.

restake_kit::errors! { ERRORS;
    /// `caller` may not call this entry point (not the owner, the registry, the manager, the AVS or the earner's claimer it requires).
    error RewardsUnauthorized(address caller);
    /// The zero address was given where a real one is required.
    error RewardsZeroAddress();
    /// At most `max` tokens stream in one set, over its life.
    error RewardsTooManyTokens(uint256 max);
    /// A window must start at or after `now`, last between the minimum and the maximum duration, and end within the horizon.
    error RewardsInvalidWindow(uint64 start, uint64 duration, uint64 now);
    /// `amount` is above `max` (2^128) in one submission or top-up.
    error RewardsAmountTooLarge(uint256 amount, uint256 max);
    /// `amount` streamed over `duration` seconds is less than one unit per second.
    error RewardsAmountTooSmall(uint256 amount, uint64 duration);
    /// The call carried `value` wei where `expected` was required (the amount for ETH, nothing for a token).
    error RewardsWrongValue(uint256 value, uint256 expected);
    /// `vaults` and `multipliers` differ in length, are empty or longer than `max`.
    error RewardsInvalidMultipliers(uint256 vaults, uint256 multipliers, uint256 max);
    /// A multiplier list's vaults must be strictly ascending; `vault` breaks that.
    error RewardsVaultsUnsorted(address vault);
    /// `multiplier` for `vault` is zero or above the maximum.
    error RewardsInvalidMultiplier(address vault, uint256 multiplier);
    /// Set `(avs, set_id)` has no multipliers yet: its first submission must give them.
    error RewardsNoMultipliers(address avs, uint32 set_id);
    /// A stream has at most `max` pending rate changes.
    error RewardsTooManyBoundaries(uint256 max);
    /// `operator` allocates `vault` to `max` sets already (the rewards' bound on every stake change).
    error RewardsTooManySets(address operator, address vault, uint256 max);
    /// No submission `id`.
    error RewardsSubmissionNotFound(uint256 id);
    /// Submission `id` ended at `end`.
    error RewardsSubmissionEnded(uint256 id, uint64 end);
    /// A commission of `bps` basis points is above 10,000.
    error RewardsInvalidCommission(uint16 bps);
    /// Sending `amount` of `token` (ETH for the sentinel) to `to` failed.
    error RewardsTransferFailed(address token, address to, uint256 amount);
    /// The `balanceOf` or `transferFrom` call to `token` failed.
    error RewardsTokenCallFailed(address token);
    /// A math error (code: 1 overflow, 2 division by zero, 3 underflow).
    error RewardsMathError(uint8 code);
    /// A delegate call to `target` (the extension) failed without revert data to pass on.
    error RewardsCallFailed(address target);
    /// The calldata for `selector` is malformed (short, out of range, not canonical), or ETH came with a call that is not payable.
    error RewardsInvalidCalldata(bytes4 selector);
}

restake_kit::events! { EVENTS;
    /// The AVS set `vault`'s `multiplier` in set `(avs, set_id)` (zero: removed).
    event MultiplierSet(address indexed avs, uint32 indexed set_id, address indexed vault, uint256 multiplier);
    /// Submission `id`: `amount` of `token` for set `(avs, set_id)`, streamed over `[start, end)` at `rate` per second (`amount - rate * (end - start)` went to the set's unallocated balance).
    event RewardsSubmitted(uint256 indexed id, address indexed avs, uint32 indexed set_id, address token, uint256 amount, uint64 start, uint64 end, uint256 rate);
    /// `funder` added `amount` to submission `id`, whose rate is now `rate` per second.
    event RewardsToppedUp(uint256 indexed id, address indexed funder, uint256 amount, uint256 rate);
    /// `operator`'s commission in set `(avs, set_id)` becomes `bps` at `effect_at`.
    event CommissionSet(address indexed operator, address indexed avs, uint32 indexed set_id, uint16 bps, uint64 effect_at);
    /// `staker`'s rewarded (scaled) shares of `vault` under `operator` are now `scaled`.
    event StakerWeightUpdated(address indexed staker, address indexed operator, address indexed vault, uint256 scaled);
    /// `operator`'s weight in set `set` (`avs << 32 | set_id`) from `vault` is now `weight`; the set's total is `total`.
    event SetWeightUpdated(address indexed operator, bytes32 indexed set, address indexed vault, uint256 weight, uint256 total);
    /// `amount` of `token` streamed while set `(avs, set_id)` had no weight: the AVS may reclaim it.
    event RewardsUnallocated(address indexed avs, uint32 indexed set_id, address indexed token, uint256 amount);
    /// The AVS took back `amount` of `token` that streamed to nobody in set `(avs, set_id)`, to `recipient`.
    event UnallocatedReclaimed(address indexed avs, uint32 indexed set_id, address indexed token, uint256 amount, address recipient);
    /// `earner` named `claimer` to claim for it (zero: nobody).
    event ClaimerSet(address indexed earner, address indexed claimer);
    /// `amount` of `token` earned by `earner` was paid to `recipient`.
    event RewardsClaimed(address indexed earner, address indexed recipient, address indexed token, uint256 amount);
    /// `vault` joined the vaults claims and syncs look through: the registry whitelisted it.
    event VaultListed(address indexed vault);
}
