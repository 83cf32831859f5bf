//! The Vault's errors and events.

restake_kit::errors! { ERRORS;
    /// An amount of zero was given where a positive one is required.
    error VaultZeroAmount();
    /// A deposit would take total assets from `total_assets` past `cap`.
    error VaultDepositCapExceeded(uint256 cap, uint256 total_assets, uint256 requested);
    /// The ETH sent (`sent`) does not match what the call requires (`expected`).
    error VaultValueMismatch(uint256 expected, uint256 sent);
    /// A token transfer delivered `received`, less than the `expected` assets.
    error VaultInsufficientAssetsReceived(uint256 expected, uint256 received);
    /// `assets` are worth zero shares at the current price.
    error VaultZeroShares(uint256 assets);
    /// `caller` is not allowed to call this entry point.
    error VaultUnauthorized(address caller);
    /// `staker` holds `held` deposit shares, fewer than the `requested`.
    error VaultInsufficientDepositShares(address staker, uint256 held, uint256 requested);
    /// The vault holds `total` shares, fewer than the `requested`.
    error VaultInsufficientShares(uint256 total, uint256 requested);
    /// Sending `amount` wei to `receiver` failed.
    error VaultEthTransferFailed(address receiver, uint256 amount);
    /// The zero address was given where a real one is required.
    error VaultZeroAddress();
    /// A math operation failed (see `math_code`).
    error VaultMathError(uint8 code);
    /// The share price would fall from `assets_before`/`shares_before` to `assets_after`/`shares_after` (virtual offset included).
    error VaultSharePriceDecreased(uint256 assets_before, uint256 shares_before, uint256 assets_after, uint256 shares_after);
    /// A call to the ERC-20 `asset` failed.
    error VaultAssetCallFailed(address asset);
}

restake_kit::events! { EVENTS;
    /// ERC-4626: `sender` deposited `assets` and `owner` was credited `shares`.
    event Deposit(address indexed sender, address indexed owner, uint256 assets, uint256 shares);
    /// ERC-4626: `shares` of `owner` were redeemed by `sender` for `assets` paid to `receiver`.
    event Withdraw(address indexed sender, address indexed receiver, address indexed owner, uint256 assets, uint256 shares);
    /// The registry credited `shares` deposit shares back to `staker` (a withdrawal completed as shares).
    event DepositSharesAdded(address indexed staker, uint256 shares);
    /// The registry removed `shares` deposit shares from `staker` (queued into a withdrawal).
    event DepositSharesRemoved(address indexed staker, uint256 shares);
    /// Slashed `shares` were burned with the `assets` they claimed, sent to `recipient`.
    event SlashedSharesBurned(address indexed recipient, uint256 shares, uint256 assets);
    /// The deposit cap (a bound on total assets) changed.
    event DepositCapSet(uint256 previous_cap, uint256 new_cap);
    /// The pauser role moved.
    event PauserSet(address indexed previous_pauser, address indexed new_pauser);
    /// (ETH vault) Slashed `shares`, worth `assets` now, were credited to redistribution `recipient`; it claims them with `claimSlashed`.
    event SlashedSharesCredited(address indexed recipient, uint256 shares, uint256 assets);
    /// `recipient` claimed its credited slashed `shares`: they were burned and `assets` sent to `receiver`.
    event SlashedSharesClaimed(address indexed recipient, address indexed receiver, uint256 shares, uint256 assets);
}

// ---------------------------------------------------------------------------
// Security review #11, slashing finding I-6 (pull payment of slashed ETH).
// ---------------------------------------------------------------------------
