//! The face of every Restake contract, apart from its body.
//!
//! Each module holds one contract's Solidity errors and events (`sol!`), and
//! [`calls`] holds the `sol_interface!` definitions through which contracts
//! call each other. No contract crate depends on another contract crate: they
//! all depend on this one.
#![no_std]
extern crate alloc;

use alloy_primitives::{address, Address};

/// The ERC-7535 sentinel that a native-ETH vault reports as its `asset()`.
pub const NATIVE_ETH: Address = address!("EeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE");

/// Where burned (not redistributed) slashed assets are sent: an address with
/// no known key (EigenLayer's default burn address).
pub const BURN_ADDRESS: Address = address!("00000000000000000000000000000000000E16E4");

/// Math error codes carried by every `*MathError(uint8)` custom error.
pub mod math_code {
    /// A result did not fit in 256 bits.
    pub const OVERFLOW: u8 = 1;
    /// A division by zero (e.g. a fully slashed magnitude).
    pub const DIVISION_BY_ZERO: u8 = 2;
    /// A subtraction went below zero.
    pub const UNDERFLOW: u8 = 3;
}

pub mod vault;

/// Cross-contract call interfaces (`sol_interface!`), used by the contracts
/// themselves.
pub mod calls {
    use alloc::vec;
    use stylus_sdk::prelude::sol_interface;

    sol_interface! {
        /// The subset of ERC-20 the protocol reads.
        interface IErc20Balance {
            function balanceOf(address account) external view returns (uint256);
        }

        /// The hook a vault calls on the operator registry when a staker's
        /// deposit shares grow by a deposit.
        interface IStakeRegistryHooks {
            function onDeposit(address staker, uint256 prev_deposit_shares, uint256 added_shares) external;
        }

        /// A vault's privileged and view surface, as the registry, the
        /// slashing manager and the Lrt call it.
        interface IVaultCalls {
            function asset() external view returns (address);
            function totalShares() external view returns (uint256);
            function totalAssets() external view returns (uint256);
            function depositShares(address staker) external view returns (uint256);
            function convertToAssets(uint256 shares) external view returns (uint256);
            function convertToShares(uint256 assets) external view returns (uint256);
            function deposit(uint256 assets, address receiver) external payable returns (uint256);
            function addDepositShares(address staker, uint256 shares) external;
            function removeDepositShares(address staker, uint256 shares) external;
            function withdrawTo(address owner, address receiver, uint256 shares) external returns (uint256);
            function burnSlashedShares(uint256 shares, address recipient) external returns (uint256);
        }
    }
}
