// SPDX-License-Identifier: MIT
pragma solidity ^0.8.23;

import {IVault} from "../abi/IVault.sol";
import {IMockLst} from "../abi/IMockLst.sol";
import {ILrt} from "../abi/ILrt.sol";
import {IOperatorRegistry} from "../abi/IOperatorRegistry.sol";

/// An integrator's contract composing Restake from Solidity: it takes its
/// users' ETH or LST and either restakes it in a Restake vault in its own
/// name, or mints the liquid restaking token (LRT) with it, keeping per-user
/// books of both. It uses only the interfaces Restake exports (`abi/*.sol`).
///
/// Restaked positions are pooled: this contract is one staker per vault,
/// delegated (by its owner) to one operator. Users hold **units** of the
/// pool. What the pool is worth is its **withdrawable** shares read from the
/// operator registry (`withdrawableShares`, deposit shares after slashing),
/// never `convertToAssets(depositShares)`, which ignores slashing and
/// overstates a slashed position. Users leave through the registry's
/// withdrawal queue: `requestWithdrawal` queues their part of the pool's
/// deposit shares (it stays slashable during the delay, as every queued
/// withdrawal does) and `completeWithdrawal` pays them what the registry
/// pays out.
contract RestakeDepositor {
    /// The operator registry: withdrawable shares, delegation, the withdrawal queue.
    IOperatorRegistry public immutable registry;
    /// May delegate the pool to an operator.
    address public immutable owner;

    /// `user` restaked `assets` through this contract into `vault`: the
    /// vault credited `shares` deposit shares and the user got `units`.
    event Restaked(address indexed user, address indexed vault, uint256 assets, uint256 shares, uint256 units);
    /// The pool was delegated to `operator`.
    event PoolDelegated(address indexed operator);
    /// `user` gave up `units` of `vault`'s pool for withdrawal `id`, which
    /// queued `shares` deposit shares.
    event WithdrawalRequested(address indexed user, address indexed vault, uint256 indexed id, uint256 units, uint256 shares);
    /// Withdrawal `id` paid `assets` of `vault`'s asset to `user`.
    event WithdrawalPaid(address indexed user, address indexed vault, uint256 indexed id, uint256 assets);
    /// A withdrawal the registry queued for this contract without a user's
    /// request (the operator or its approver undelegated it) came back into
    /// the pool, as deposit shares.
    event PoolRestored(uint256 indexed id);

    /// Units of each vault's pool per user.
    mapping(address => mapping(address => uint256)) public unitsOf;
    /// All units of each vault's pool.
    mapping(address => uint256) public totalUnits;
    /// Who requested each withdrawal id, and of which vault.
    mapping(uint256 => address) public withdrawalUser;
    mapping(uint256 => address) public withdrawalVault;

    /// The amount in `msg.value` and `assets` disagree.
    error RestakeDepositorValueMismatch(uint256 assets, uint256 value);
    /// `caller` is not the owner.
    error RestakeDepositorNotOwner(address caller);
    /// `user` holds `held` units of `vault`'s pool, fewer than `requested`.
    error RestakeDepositorInsufficientUnits(address user, address vault, uint256 held, uint256 requested);
    /// `units` are worth no deposit share (nothing to queue).
    error RestakeDepositorZeroShares(uint256 units);
    /// `vault`'s pool has units but is worth nothing (fully slashed): new money would pay old holders.
    error RestakeDepositorPoolWipedOut(address vault, uint256 units);
    /// A deposit raised the pool's withdrawable shares by nothing.
    error RestakeDepositorNothingCredited(address vault, uint256 assets);
    /// Withdrawal `id` is not one this contract queued.
    error RestakeDepositorUnknownWithdrawal(uint256 id);
    /// Paying `amount` wei to `to` failed.
    error RestakeDepositorEthTransferFailed(address to, uint256 amount);

    constructor(IOperatorRegistry registry_) {
        registry = registry_;
        owner = msg.sender;
    }

    /// Payouts of ETH vaults arrive here.
    receive() external payable {}

    /// Delegates the pool (every vault position) to `operator` (one without
    /// a delegation approver). Only the owner.
    function delegate(address operator) external {
        if (msg.sender != owner) revert RestakeDepositorNotOwner(msg.sender);
        registry.delegateTo(operator, "", 0, bytes32(0));
        emit PoolDelegated(operator);
    }

    /// Restakes the ETH sent into a native-ETH vault (ERC-7535).
    function depositEth(IVault vault) external payable returns (uint256 shares) {
        uint256 before = _withdrawable(vault);
        shares = vault.deposit{value: msg.value}(msg.value, address(this));
        _credit(vault, before, msg.value, shares);
    }

    /// Pulls `amount` of the vault's LST from the caller (approve this
    /// contract first) and restakes it.
    function depositToken(IVault vault, uint256 amount) external returns (uint256 shares) {
        IMockLst token = IMockLst(vault.asset());
        require(token.transferFrom(msg.sender, address(this), amount), "transferFrom");
        require(token.approve(address(vault), amount), "approve");
        uint256 before = _withdrawable(vault);
        shares = vault.deposit(amount, address(this));
        _credit(vault, before, amount, shares);
    }

    /// `user`'s withdrawable vault shares in `vault`'s pool (its units'
    /// part of the pool's withdrawable shares, rounded down).
    function withdrawableSharesOf(address user, IVault vault) public view returns (uint256) {
        uint256 total = totalUnits[address(vault)];
        if (total == 0) return 0;
        // Rounded down: a user is never shown more than the pool can pay.
        return unitsOf[user][address(vault)] * _withdrawable(vault) / total;
    }

    /// What `user`'s position in `vault` is worth now: its withdrawable
    /// shares (after slashing) at the vault's share price, rounded down.
    function valueOf(address user, IVault vault) external view returns (uint256) {
        return vault.convertToAssets(withdrawableSharesOf(user, vault));
    }

    /// Gives up `units` of the caller's part of `vault`'s pool: queues the
    /// matching deposit shares in the registry's withdrawal queue (they stay
    /// slashable until the delay ends). Returns the withdrawal id.
    function requestWithdrawal(IVault vault, uint256 units) external returns (uint256 id) {
        address v = address(vault);
        uint256 held = unitsOf[msg.sender][v];
        if (units == 0 || units > held) revert RestakeDepositorInsufficientUnits(msg.sender, v, held, units);
        // Rounded down: the leaver takes no more than its part; dust stays in the pool.
        uint256 shares = units * vault.depositShares(address(this)) / totalUnits[v];
        if (shares == 0) revert RestakeDepositorZeroShares(units);
        unitsOf[msg.sender][v] = held - units;
        totalUnits[v] -= units;
        address[] memory vaults = new address[](1);
        vaults[0] = v;
        uint256[] memory amounts = new uint256[](1);
        amounts[0] = shares;
        id = registry.queueWithdrawal(vaults, amounts);
        withdrawalUser[id] = msg.sender;
        withdrawalVault[id] = v;
        emit WithdrawalRequested(msg.sender, v, id, units, shares);
    }

    /// What withdrawal `id` is worth now, in assets: still pending (a slash
    /// can lower it) or claimable.
    function withdrawalValue(uint256 id) external view returns (uint256) {
        IVault vault = IVault(withdrawalVault[id]);
        if (address(vault) == address(0)) return 0;
        uint256 shares = registry.pendingRedeemRequest(id, address(vault)) + registry.claimableRedeemRequest(id, address(vault));
        return vault.convertToAssets(shares);
    }

    /// Completes withdrawal `id` once the registry's delay has passed (anyone
    /// may call) and pays its user everything the vault paid out. A
    /// withdrawal this contract did not request (the operator or its
    /// approver undelegated the pool) is completed back into the pool as
    /// deposit shares, so no unit loses its claim.
    function completeWithdrawal(uint256 id) external {
        address user = withdrawalUser[id];
        if (user == address(0)) {
            (address staker,,, bool completed,) = registry.withdrawal(id);
            if (staker != address(this) || completed) revert RestakeDepositorUnknownWithdrawal(id);
            registry.completeWithdrawal(id, false);
            emit PoolRestored(id);
            return;
        }
        IVault vault = IVault(withdrawalVault[id]);
        delete withdrawalUser[id];
        delete withdrawalVault[id];
        address asset = vault.asset();
        bool eth = asset == ETH;
        uint256 before = eth ? address(this).balance : IMockLst(asset).balanceOf(address(this));
        registry.completeWithdrawal(id, true);
        uint256 paid = (eth ? address(this).balance : IMockLst(asset).balanceOf(address(this))) - before;
        if (paid > 0) {
            if (eth) {
                (bool ok,) = user.call{value: paid}("");
                if (!ok) revert RestakeDepositorEthTransferFailed(user, paid);
            } else {
                require(IMockLst(asset).transfer(user, paid), "transfer");
            }
        }
        emit WithdrawalPaid(user, address(vault), id, paid);
    }

    /// The pool's withdrawable shares in `vault`, from the registry.
    function _withdrawable(IVault vault) internal view returns (uint256) {
        return registry.withdrawableShares(address(this), address(vault));
    }

    /// Mints the depositor units for what its deposit added to the pool's
    /// withdrawable shares (rounded down: the pool keeps the dust).
    function _credit(IVault vault, uint256 before, uint256 assets, uint256 shares) internal {
        address v = address(vault);
        uint256 added = _withdrawable(vault) - before;
        if (added == 0) revert RestakeDepositorNothingCredited(v, assets);
        uint256 total = totalUnits[v];
        uint256 units;
        if (total == 0) {
            units = added;
        } else {
            if (before == 0) revert RestakeDepositorPoolWipedOut(v, total);
            units = added * total / before;
        }
        unitsOf[msg.sender][v] += units;
        totalUnits[v] = total + units;
        emit Restaked(msg.sender, v, assets, shares, units);
    }

    /// `user` minted `lrtShares` LRT through this contract from `assets` of
    /// `asset` (the ETH sentinel for ETH).
    event MintedLrt(address indexed user, address indexed asset, uint256 assets, uint256 lrtShares);

    /// The ETH sentinel of ERC-7535, as the Lrt names ETH.
    address public constant ETH = 0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE;

    /// The LRT each user is owed, per Lrt.
    mapping(address => mapping(address => uint256)) public lrtOf;

    /// Mints LRT with the ETH sent, at the Lrt's rate, at least `minShares`.
    function mintLrtWithEth(ILrt lrt, uint256 minShares) external payable returns (uint256 shares) {
        shares = lrt.deposit{value: msg.value}(minShares);
        lrtOf[msg.sender][address(lrt)] += shares;
        emit MintedLrt(msg.sender, ETH, msg.value, shares);
    }

    /// Pulls `amount` of `token` from the caller (approve this contract
    /// first) and mints LRT with it, at least `minShares`.
    function mintLrtWithToken(ILrt lrt, IMockLst token, uint256 amount, uint256 minShares)
        external
        returns (uint256 shares)
    {
        require(token.transferFrom(msg.sender, address(this), amount), "transferFrom");
        require(token.approve(address(lrt), amount), "approve");
        shares = lrt.depositToken(address(token), amount, minShares);
        lrtOf[msg.sender][address(lrt)] += shares;
        emit MintedLrt(msg.sender, address(token), amount, shares);
    }

    /// Hands `amount` of the caller's LRT over to them (a plain ERC-20
    /// transfer: the LRT is liquid).
    function withdrawLrt(ILrt lrt, uint256 amount) external {
        lrtOf[msg.sender][address(lrt)] -= amount;
        require(lrt.transfer(msg.sender, amount), "transfer");
    }

    /// What `user`'s LRT in `lrt` is worth now, at the Lrt's on-chain rate.
    function lrtValueOf(address user, ILrt lrt) external view returns (uint256) {
        return lrtOf[user][address(lrt)] * lrt.rate() / 1e18;
    }
}
