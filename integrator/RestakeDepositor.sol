// SPDX-License-Identifier: MIT
pragma solidity ^0.8.23;

import {IVault} from "../abi/IVault.sol";
import {IMockLst} from "../abi/IMockLst.sol";

/// An integrator's contract composing Restake from Solidity: it takes its
/// users' ETH or LST, restakes it in a Restake vault in its own name, and
/// keeps per-user books. It uses only the interfaces Restake exports
/// (`abi/*.sol`).
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

    /// What `user`'s shares in `vault` are worth now.
    function valueOf(address user, IVault vault) external view returns (uint256) {
        return vault.convertToAssets(sharesOf[user][address(vault)]);
    }
}
