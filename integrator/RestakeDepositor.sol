// SPDX-License-Identifier: MIT
pragma solidity ^0.8.23;

import {IVault} from "../abi/IVault.sol";
import {IMockLst} from "../abi/IMockLst.sol";
import {ILrt} from "../abi/ILrt.sol";

/// An integrator's contract composing Restake from Solidity: it takes its
/// users' ETH or LST and either restakes it in a Restake vault in its own
/// name, or mints the liquid restaking token (LRT) with it, keeping per-user
/// books of both. It uses only the interfaces Restake exports (`abi/*.sol`).
contract RestakeDepositor {
    /// `user` restaked `assets` through this contract into `vault`, which
    /// credited `shares` vault shares.
    event Restaked(address indexed user, address indexed vault, uint256 assets, uint256 shares);

    /// The vault shares each user is owed, per vault.
    mapping(address => mapping(address => uint256)) public sharesOf;

    /// The amount in `msg.value` and `assets` disagree.
    error RestakeDepositorValueMismatch(uint256 assets, uint256 value);

    /// Restakes the ETH sent into a native-ETH vault (ERC-7535).
    function depositEth(IVault vault) external payable returns (uint256 shares) {
        shares = vault.deposit{value: msg.value}(msg.value, address(this));
        sharesOf[msg.sender][address(vault)] += shares;
        emit Restaked(msg.sender, address(vault), msg.value, shares);
    }

    /// Pulls `amount` of the vault's LST from the caller (approve this
    /// contract first) and restakes it.
    function depositToken(IVault vault, uint256 amount) external returns (uint256 shares) {
        IMockLst token = IMockLst(vault.asset());
        require(token.transferFrom(msg.sender, address(this), amount), "transferFrom");
        require(token.approve(address(vault), amount), "approve");
        shares = vault.deposit(amount, address(this));
        sharesOf[msg.sender][address(vault)] += shares;
        emit Restaked(msg.sender, address(vault), amount, shares);
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

    /// What `user`'s shares in `vault` are worth now.
    function valueOf(address user, IVault vault) external view returns (uint256) {
        return vault.convertToAssets(sharesOf[user][address(vault)]);
    }
}
