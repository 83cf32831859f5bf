/**
 * Generated from the contract's route, error and event tables (restake-kit's `export`).
 */

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.23;

/// A mock liquid staking token for tests and the devnet: an ERC-20 with an owner-only mint, an optional fee on transfer and a settable `getRate()`. Not for production.
interface IMockLst {
    /// @notice The token's name.
    function name() external view returns (string memory name);

    /// @notice The token's symbol.
    function symbol() external view returns (string memory symbol);

    /// @notice The token's decimals (18).
    function decimals() external view returns (uint8 decimals);

    /// @notice Mints `value` tokens to `to` (owner only).
    function mint(address to, uint256 value) external;

    /// @notice Sets the transfer fee: `feeBps` basis points of each transfer plus a flat `feeWei` (capped at the
    /// amount), burned from the sender (owner only).
    function setTransferFee(uint256 feeBps, uint256 feeWei) external;

    /// @notice Sets the rate `getRate()` reports, ETH per 1e18 of the token (owner only).
    function setRate(uint256 rate) external;

    /// @notice ETH per 1e18 of the token (1e18 until `setRate`).
    function getRate() external view returns (uint256 rate);

    /// @notice The fee charged on a transfer of `value`.
    function transferFee(uint256 value) external view returns (uint256 fee);

    /// @notice Tokens in existence.
    function totalSupply() external view returns (uint256 supply);

    /// @notice `account`'s balance.
    function balanceOf(address account) external view returns (uint256 balance);

    /// @notice `spender`'s allowance over `owner`'s tokens.
    function allowance(address owner, address spender) external view returns (uint256 allowance);

    /// @notice Sends `value` to `to`, less the transfer fee (burned).
    function transfer(address to, uint256 value) external returns (bool success);

    /// @notice Lets `spender` move up to `value` of the caller's tokens.
    function approve(address spender, uint256 value) external returns (bool success);

    /// @notice Moves `value` from `from` to `to` on the caller's allowance, less the fee.
    function transferFrom(address from, address to, uint256 value) external returns (bool success);

    /// @notice Who may mint.
    function owner() external view returns (address owner);

    /// @notice Hands minting rights to `newOwner` (owner only).
    function transferOwnership(address newOwner) external;

    /// @notice `sender` holds `balance`, less than the `needed` a transfer or burn takes.
    error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed);

    /// @notice Tokens cannot come from `sender` (the zero address).
    error ERC20InvalidSender(address sender);

    /// @notice Tokens cannot go to `receiver` (the zero address).
    error ERC20InvalidReceiver(address receiver);

    /// @notice `spender` may move `allowance`, less than the `needed` a transfer takes.
    error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed);

    /// @notice `spender` (the zero address) cannot be approved.
    error ERC20InvalidSpender(address spender);

    /// @notice `approver` (the zero address) cannot approve.
    error ERC20InvalidApprover(address approver);

    /// @notice The caller `account` is not authorized to perform this operation (not the owner, or not the pending owner).
    error OwnableUnauthorizedAccount(address account);

    /// @notice `owner` is not a valid owner (the zero address).
    error OwnableInvalidOwner(address owner);

    /// @notice A fee above 100% (`feeBps` above 10,000) was requested.
    error MockLstInvalidFee(uint256 feeBps);

    /// @notice Minting `value` would take the supply past 2^256 - 1 (issue #12: OpenZeppelin's `_mint` panics there, a trap).
    error MockLstSupplyOverflow(uint256 supply, uint256 value);

    /// @notice The calldata for `selector` is malformed, names no function, or sends ETH (`0x00000000`: fewer than four bytes).
    error MockLstInvalidCalldata(bytes4 selector);

    /// @notice `value` tokens moved from `from` to `to` (zero `from`: minted; zero `to`: burned).
    event Transfer(address indexed from, address indexed to, uint256 value);

    /// @notice `owner` let `spender` move up to `value` of its tokens.
    event Approval(address indexed owner, address indexed spender, uint256 value);

    /// @notice Ownership moved from `previousOwner` to `newOwner`.
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

    /// @notice The transfer fee changed to `feeBps` plus a flat `feeWei`.
    event TransferFeeSet(uint256 feeBps, uint256 feeWei);

    /// @notice The rate this token reports (`getRate()`, ETH per 1e18 of it) became `rate`.
    event RateSet(uint256 rate);
}
