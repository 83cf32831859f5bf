// SPDX-License-Identifier: MIT
pragma solidity ^0.8.23;

/// @title ReentrantToken
/// @notice A test token for Restake's reentrancy tests (tests/tests/reentrant_token.rs),
///         never for use: an ERC-20 that an owner would accept as an asset (plain
///         balances, 18 decimals, its own rate source at 1:1), except that on
///         `transfer` and `transferFrom` it calls back into whatever it was armed
///         with, as itself, while the calling contract is mid-call. It is also a
///         wallet its owner drives (`exec`), so it can hold positions of its own
///         (vault shares, queued withdrawals, LRT, redemption requests) for the
///         reentrant calls to try to cash out.
/// @dev    The hooks fire once per arming (the flag is cleared before they run, so
///         a hook's own transfers of this token do not fire them again), either
///         before or after the balances move, and every outcome is kept: the test
///         reads them with `outcome(i)` and the `Reentered` events.
contract ReentrantToken {
    struct Hook {
        address target;
        uint256 value;
        bytes data;
    }

    struct Outcome {
        address target;
        bool ok;
        bytes ret;
    }

    string public constant name = "Reentrant Token";
    string public constant symbol = "REENT";
    uint8 public constant decimals = 18;

    address public immutable owner;
    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    Hook[] private hooks;
    Outcome[] private outcomes;
    /// @notice Whether the next transfer runs the hooks.
    bool public armed;
    /// @notice Whether the hooks run after the balances move (else before).
    bool public afterMove;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);
    /// @notice Hook `index` called `target`; `ok` and its return or revert data.
    event Reentered(uint256 indexed index, address indexed target, bool ok, bytes ret);

    error ReentrantTokenNotOwner(address caller);
    error ReentrantTokenInsufficientBalance(address from, uint256 balance, uint256 needed);
    error ReentrantTokenInsufficientAllowance(address spender, uint256 allowance, uint256 needed);

    modifier onlyOwner() {
        if (msg.sender != owner) revert ReentrantTokenNotOwner(msg.sender);
        _;
    }

    constructor() {
        owner = msg.sender;
    }

    receive() external payable {}

    /// @notice ETH per 1e18 of the token, for the Lrt's rate source: 1:1.
    function getRate() external pure returns (uint256) {
        return 1e18;
    }

    function mint(address to, uint256 amount) external onlyOwner {
        totalSupply += amount;
        balanceOf[to] += amount;
        emit Transfer(address(0), to, amount);
    }

    /// @notice Arms the hooks for the next `transfer` or `transferFrom`, run
    ///         after the balances move when `afterMove_`, else before.
    function arm(Hook[] calldata list, bool afterMove_) external onlyOwner {
        delete hooks;
        delete outcomes;
        for (uint256 i = 0; i < list.length; i++) {
            hooks.push(list[i]);
        }
        armed = true;
        afterMove = afterMove_;
    }

    function disarm() external onlyOwner {
        armed = false;
        delete hooks;
    }

    function outcomeCount() external view returns (uint256) {
        return outcomes.length;
    }

    function outcome(uint256 i) external view returns (address target, bool ok, bytes memory ret) {
        Outcome storage o = outcomes[i];
        return (o.target, o.ok, o.ret);
    }

    /// @notice Calls `target` as this token (the owner's wallet); bubbles a revert up.
    function exec(address target, uint256 value, bytes calldata data)
        external
        payable
        onlyOwner
        returns (bytes memory)
    {
        (bool ok, bytes memory ret) = target.call{value: value}(data);
        if (!ok) {
            assembly {
                revert(add(ret, 32), mload(ret))
            }
        }
        return ret;
    }

    function approve(address spender, uint256 value) external returns (bool) {
        allowance[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
        return true;
    }

    function transfer(address to, uint256 value) external returns (bool) {
        _hooks(false);
        _move(msg.sender, to, value);
        _hooks(true);
        return true;
    }

    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        _hooks(false);
        uint256 allowed = allowance[from][msg.sender];
        if (allowed != type(uint256).max) {
            if (allowed < value) revert ReentrantTokenInsufficientAllowance(msg.sender, allowed, value);
            allowance[from][msg.sender] = allowed - value;
        }
        _move(from, to, value);
        _hooks(true);
        return true;
    }

    function _move(address from, address to, uint256 value) private {
        uint256 balance = balanceOf[from];
        if (balance < value) revert ReentrantTokenInsufficientBalance(from, balance, value);
        balanceOf[from] = balance - value;
        balanceOf[to] += value;
        emit Transfer(from, to, value);
    }

    function _hooks(bool afterPhase) private {
        if (!armed || afterPhase != afterMove) return;
        armed = false;
        for (uint256 i = 0; i < hooks.length; i++) {
            Hook memory h = hooks[i];
            (bool ok, bytes memory ret) = h.target.call{value: h.value}(h.data);
            outcomes.push(Outcome(h.target, ok, ret));
            emit Reentered(i, h.target, ok, ret);
        }
    }
}
