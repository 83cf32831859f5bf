// SPDX-License-Identifier: MIT
pragma solidity ^0.8.23;

/// @title BenchLst
/// @notice The liquid staking token of the gas benchmark (scripts/bench.sh), never
///         for use: a plain ERC-20 in Solidity, as the LSTs a vault holds on
///         Arbitrum One are (wstETH, rETH, weETH), and as the tokens of the
///         reference figures were (EigenLayer's strategies measured with forge).
///         So a row that moves the LST pays an EVM token's cost, not a second
///         Stylus program's start-up. 18 decimals; an allowance of
///         `type(uint256).max` is never spent down; only the deployer mints; it is its own
///         rate source, at 1:1 (`getRate()`).
contract BenchLst {
    string public constant name = "Bench LST";
    string public constant symbol = "bLST";
    uint8 public constant decimals = 18;

    address public immutable owner;
    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed);
    error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed);
    error ERC20InvalidReceiver(address receiver);
    error OwnableUnauthorizedAccount(address account);

    constructor() {
        owner = msg.sender;
    }

    /// @notice ETH per 1e18 of the token, for the Lrt's rate source: 1:1.
    function getRate() external pure returns (uint256) {
        return 1e18;
    }

    /// @notice Mints `value` to `to`; the deployer only.
    function mint(address to, uint256 value) external {
        if (msg.sender != owner) revert OwnableUnauthorizedAccount(msg.sender);
        if (to == address(0)) revert ERC20InvalidReceiver(to);
        totalSupply += value;
        unchecked {
            balanceOf[to] += value;
        }
        emit Transfer(address(0), to, value);
    }

    function approve(address spender, uint256 value) external returns (bool) {
        allowance[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
        return true;
    }

    function transfer(address to, uint256 value) external returns (bool) {
        _move(msg.sender, to, value);
        return true;
    }

    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        uint256 allowed = allowance[from][msg.sender];
        if (allowed != type(uint256).max) {
            if (allowed < value) revert ERC20InsufficientAllowance(msg.sender, allowed, value);
            unchecked {
                allowance[from][msg.sender] = allowed - value;
            }
        }
        _move(from, to, value);
        return true;
    }

    function _move(address from, address to, uint256 value) private {
        if (to == address(0)) revert ERC20InvalidReceiver(to);
        uint256 balance = balanceOf[from];
        if (balance < value) revert ERC20InsufficientBalance(from, balance, value);
        unchecked {
            balanceOf[from] = balance - value;
            // Cannot overflow: the sum of all balances is the total supply.
            balanceOf[to] += value;
        }
        emit Transfer(from, to, value);
    }
}
