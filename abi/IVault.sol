/**
 * Generated from the contract's route, error and event tables (restake-kit's `export`).
 */

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.23;

/// A Restake vault: custody and share price for one asset (an ERC-20 LST, or native ETH as ERC-7535), with deposit shares that leave only through the operator registry's withdrawal queue.
interface IVault {
    /// @notice The vault's asset: an ERC-20, or `0xEeee…EEeE` for native ETH (ERC-7535).
    function asset() external view returns (address asset);

    /// @notice Assets held: the vault's balance of its asset.
    function totalAssets() external view returns (uint256 assets);

    /// @notice Shares in existence (deposit shares plus shares in queued withdrawals, less what slashing burned).
    function totalShares() external view returns (uint256 shares);

    /// @notice `staker`'s deposit shares (its withdrawable shares, after slashing, are the registry's `withdrawableShares`).
    function depositShares(address staker) external view returns (uint256 shares);

    /// @notice Shares that `assets` buy now, rounded down.
    function convertToShares(uint256 assets) external view returns (uint256 shares);

    /// @notice Assets that `shares` are worth now, rounded down.
    function convertToAssets(uint256 shares) external view returns (uint256 assets);

    /// @notice The most assets a deposit credited to `receiver` can bring now (zero when any deposit would revert).
    function maxDeposit(address receiver) external view returns (uint256 assets);

    /// @notice The most shares a mint to `receiver` can create now.
    function maxMint(address receiver) external view returns (uint256 shares);

    /// @notice Shares a deposit of `assets` would mint now (rounded down): exactly what `deposit` mints.
    function previewDeposit(uint256 assets) external view returns (uint256 shares);

    /// @notice Assets a mint of `shares` would cost now (rounded up).
    function previewMint(uint256 shares) external view returns (uint256 assets);

    /// @notice The cap on total assets.
    function depositCap() external view returns (uint256 cap);

    /// @notice Who may pause and unpause deposits.
    function pauser() external view returns (address pauser);

    /// @notice The operator registry wired at construction.
    function registry() external view returns (address registry);

    /// @notice The slashing manager wired at construction.
    function slashingManager() external view returns (address manager);

    /// @notice Deposits `assets` (tokens pulled, or ETH sent, equal to `assets`) and credits `receiver` with the shares
    /// they buy, rounded down; returns them.
    function deposit(uint256 assets, address receiver) external payable returns (uint256 shares);

    /// @notice Mints exactly `shares` to `receiver` for the assets they cost, rounded up; returns the assets.
    function mint(uint256 shares, address receiver) external payable returns (uint256 assets);

    /// @notice Sets the cap on total assets (owner only; `2^256 - 1` for none, 0 to close).
    function setDepositCap(uint256 newCap) external;

    /// @notice Moves the pauser role (owner only).
    function setPauser(address newPauser) external;

    /// @notice Pauses deposits and mints (pauser only); payouts and slashing keep working.
    function pause() external;

    /// @notice Resumes deposits and mints (pauser only).
    function unpause() external;

    /// @notice Credits `shares` deposit shares back to `staker`: a withdrawal completed as shares (registry only).
    function addDepositShares(address staker, uint256 shares) external;

    /// @notice Removes `shares` deposit shares from `staker`: queued into a withdrawal (registry only).
    function removeDepositShares(address staker, uint256 shares) external;

    /// @notice Pays a completed withdrawal: burns `shares` of `owner` and sends what they are worth, rounded down, to
    /// `receiver` (registry only); returns the assets.
    function withdrawTo(address owner, address receiver, uint256 shares) external returns (uint256 assets);

    /// @notice Burns slashed `shares` with the assets they are worth, sent to `recipient` or, if zero, to the burn
    /// address (ETH to a recipient: credited, paid by `claimSlashed`); slashing manager only. Returns the assets.
    function burnSlashedShares(uint256 shares, address recipient) external returns (uint256 assets);

    /// @notice The caller, a redistribution recipient of this ETH vault, claims its credited slashed shares: burned,
    /// and what they are worth sent to `receiver`. Returns the ETH.
    function claimSlashed(address receiver) external returns (uint256 assets);

    /// @notice Slashed shares credited to `recipient` and not yet claimed.
    function slashedClaim(address recipient) external view returns (uint256 shares);

    /// @notice The owner.
    function owner() external view returns (address owner);

    /// @notice The account offered ownership, until it accepts (zero for none).
    function pendingOwner() external view returns (address pendingOwner);

    /// @notice Offers ownership to `newOwner`, who must accept it (owner only).
    function transferOwnership(address newOwner) external;

    /// @notice Takes the ownership offered to the caller.
    function acceptOwnership() external;

    /// @notice Leaves the vault without an owner, for good: the cap and the pauser become fixed (owner only).
    function renounceOwnership() external;

    /// @notice Whether deposits are paused.
    function paused() external view returns (bool paused);

    /// @notice An amount of zero was given where a positive one is required.
    error VaultZeroAmount();

    /// @notice A deposit would take total assets from `totalAssets` past `cap`.
    error VaultDepositCapExceeded(uint256 cap, uint256 totalAssets, uint256 requested);

    /// @notice The ETH sent (`sent`) does not match what the call requires (`expected`).
    error VaultValueMismatch(uint256 expected, uint256 sent);

    /// @notice A token transfer delivered `received`, less than the `expected` assets.
    error VaultInsufficientAssetsReceived(uint256 expected, uint256 received);

    /// @notice `assets` are worth zero shares at the current price.
    error VaultZeroShares(uint256 assets);

    /// @notice `caller` is not allowed to call this entry point.
    error VaultUnauthorized(address caller);

    /// @notice `staker` holds `held` deposit shares, fewer than the `requested`.
    error VaultInsufficientDepositShares(address staker, uint256 held, uint256 requested);

    /// @notice The vault holds `total` shares, fewer than the `requested`.
    error VaultInsufficientShares(uint256 total, uint256 requested);

    /// @notice Sending `amount` wei to `receiver` failed.
    error VaultEthTransferFailed(address receiver, uint256 amount);

    /// @notice The zero address was given where a real one is required.
    error VaultZeroAddress();

    /// @notice A math operation failed (see `mathCode`).
    error VaultMathError(uint8 code);

    /// @notice The share price would fall from `assetsBefore`/`sharesBefore` to `assetsAfter`/`sharesAfter` (virtual offset included).
    error VaultSharePriceDecreased(uint256 assetsBefore, uint256 sharesBefore, uint256 assetsAfter, uint256 sharesAfter);

    /// @notice A call to the ERC-20 `asset` failed.
    error VaultAssetCallFailed(address asset);

    /// @notice The calldata for `selector` is malformed, names no function, or sends ETH to a function that takes none
    /// (`0x00000000`: fewer than four bytes).
    error VaultInvalidCalldata(bytes4 selector);

    /// @notice The caller `account` is not authorized to perform this operation (not the owner, or not the pending owner).
    error OwnableUnauthorizedAccount(address account);

    /// @notice `owner` is not a valid owner (the zero address).
    error OwnableInvalidOwner(address owner);

    /// @notice The operation is paused.
    error EnforcedPause();

    /// @notice The operation needs the contract paused, and it is not.
    error ExpectedPause();

    /// @notice A call to `token` failed or returned false (OpenZeppelin's `SafeERC20`).
    error SafeErc20FailedOperation(address token);

    /// @notice ERC-4626: `sender` deposited `assets` and `owner` was credited `shares`.
    event Deposit(address indexed sender, address indexed owner, uint256 assets, uint256 shares);

    /// @notice ERC-4626: `shares` of `owner` were redeemed by `sender` for `assets` paid to `receiver`.
    event Withdraw(address indexed sender, address indexed receiver, address indexed owner, uint256 assets, uint256 shares);

    /// @notice The registry credited `shares` deposit shares back to `staker` (a withdrawal completed as shares).
    event DepositSharesAdded(address indexed staker, uint256 shares);

    /// @notice The registry removed `shares` deposit shares from `staker` (queued into a withdrawal).
    event DepositSharesRemoved(address indexed staker, uint256 shares);

    /// @notice Slashed `shares` were burned with the `assets` they claimed, sent to `recipient`.
    event SlashedSharesBurned(address indexed recipient, uint256 shares, uint256 assets);

    /// @notice The deposit cap (a bound on total assets) changed.
    event DepositCapSet(uint256 previousCap, uint256 newCap);

    /// @notice The pauser role moved.
    event PauserSet(address indexed previousPauser, address indexed newPauser);

    /// @notice (ETH vault) Slashed `shares`, worth `assets` now, were credited to redistribution `recipient`; it claims them with `claimSlashed`.
    event SlashedSharesCredited(address indexed recipient, uint256 shares, uint256 assets);

    /// @notice `recipient` claimed its credited slashed `shares`: they were burned and `assets` sent to `receiver`.
    event SlashedSharesClaimed(address indexed recipient, address indexed receiver, uint256 shares, uint256 assets);

    /// @notice Ownership moved from `previousOwner` to `newOwner`.
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

    /// @notice `previousOwner` offered ownership to `newOwner`, who must accept it.
    event OwnershipTransferStarted(address indexed previousOwner, address indexed newOwner);

    /// @notice `account` paused the contract.
    event Paused(address account);

    /// @notice `account` unpaused the contract.
    event Unpaused(address account);
}
