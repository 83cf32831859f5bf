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
    /// The calldata for `selector` is malformed, names no function, or sends ETH to a function that takes none
    /// (`0x00000000`: fewer than four bytes).
    error VaultInvalidCalldata(bytes4 selector);
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

use alloy_sol_types::sol;

sol! {
    /// The vault's full ABI (its router dispatches on these selectors;
    /// `IVaultCalls` in `calls` is the subset other contracts use). Errors
    /// and events are above; the owner functions are OpenZeppelin's
    /// `IOwnable2Step`, `paused()` its `IPausable`.
    #[derive(Debug, PartialEq)]
    interface IVault {
        // -- ERC-4626 / ERC-7535 views --
        function asset() external view returns (address);
        function totalAssets() external view returns (uint256);
        function totalShares() external view returns (uint256);
        function depositShares(address staker) external view returns (uint256);
        function convertToShares(uint256 assets) external view returns (uint256);
        function convertToAssets(uint256 shares) external view returns (uint256);
        function maxDeposit(address receiver) external view returns (uint256);
        function maxMint(address receiver) external view returns (uint256);
        function previewDeposit(uint256 assets) external view returns (uint256);
        function previewMint(uint256 shares) external view returns (uint256);
        function depositCap() external view returns (uint256);
        function pauser() external view returns (address);
        function registry() external view returns (address);
        function slashingManager() external view returns (address);
        // -- deposits --
        function deposit(uint256 assets, address receiver) external payable returns (uint256);
        function mint(uint256 shares, address receiver) external payable returns (uint256);
        // -- owner and pauser --
        function setDepositCap(uint256 new_cap) external;
        function setPauser(address new_pauser) external;
        function pause() external;
        function unpause() external;
        // -- operator registry and slashing manager --
        function addDepositShares(address staker, uint256 shares) external;
        function removeDepositShares(address staker, uint256 shares) external;
        function withdrawTo(address owner, address receiver, uint256 shares) external returns (uint256);
        function burnSlashedShares(uint256 shares, address recipient) external returns (uint256);
        function claimSlashed(address receiver) external returns (uint256);
        function slashedClaim(address recipient) external view returns (uint256);
        // -- ownership and pause state --
        function owner() external view returns (address);
        function pendingOwner() external view returns (address);
        function transferOwnership(address new_owner) external;
        function acceptOwnership() external;
        function renounceOwnership() external;
        function paused() external view returns (bool);
    }
}
