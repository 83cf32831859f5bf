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

pub mod lrt;

/// OpenZeppelin's `Ownable`/`Ownable2Step` errors and events (the same
/// selectors and topics as openzeppelin-stylus's), declared once for every
/// contract that has an owner.
pub mod ownable {
    pub use restake_kit::ownable::{
        OwnableInvalidOwner, OwnableUnauthorizedAccount, OwnershipTransferStarted,
        OwnershipTransferred, ERRORS, EVENTS,
    };
}

/// OpenZeppelin's ERC-20 (ERC-6093), EIP-2612 and ECDSA errors (the same
/// selectors as openzeppelin-stylus's), declared once for the tokens that
/// return them.
pub mod erc20 {
    restake_kit::errors! { ERRORS;
        /// `sender` holds `balance`, less than the `needed` a transfer or burn takes.
        error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed);
        /// `spender` may move `allowance`, less than the `needed` a transfer takes.
        error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed);
        /// Tokens cannot come from `sender` (the zero address).
        error ERC20InvalidSender(address sender);
        /// Tokens cannot go to `receiver` (the zero address).
        error ERC20InvalidReceiver(address receiver);
        /// `spender` (the zero address) cannot be approved.
        error ERC20InvalidSpender(address spender);
        /// EIP-2612: the permit expired at `deadline`.
        error ERC2612ExpiredSignature(uint256 deadline);
        /// EIP-2612: the permit was signed by `signer`, not by `owner` (or its nonce was used).
        error ERC2612InvalidSigner(address signer, address owner);
        /// The signature cannot be recovered (wrong length, `v` other than 27 or 28, or no signer).
        error ECDSAInvalidSignature();
        /// The signature's `s` is in the upper half of the curve order (malleable).
        error ECDSAInvalidSignatureS(bytes32 s);
        /// `approver` (the zero address) cannot approve.
        error ERC20InvalidApprover(address approver);
    }

    restake_kit::events! { EVENTS;
        /// `value` tokens moved from `from` to `to` (zero `from`: minted; zero `to`: burned).
        event Transfer(address indexed from, address indexed to, uint256 value);
        /// `owner` let `spender` move up to `value` of its tokens.
        event Approval(address indexed owner, address indexed spender, uint256 value);
    }

    pub use restake_kit::safe_erc20::SafeErc20FailedOperation;
}

/// OpenZeppelin's `Pausable` errors and events (the same selectors and
/// topics as openzeppelin-stylus's), declared once for every contract that
/// pauses.
pub mod pausable {
    pub use restake_kit::pausable::{
        EnforcedPause, ExpectedPause, Paused, Unpaused, ERRORS, EVENTS,
    };
}

pub mod registry;
pub mod rewards;
pub mod slashing;
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

        /// What the slashing manager (and the Lrt) read from and ask of the
        /// operator registry.
        interface IOperatorRegistryCalls {
            function isOperator(address operator) external view returns (bool);
            function isVault(address vault) external view returns (bool);
            function allocationDelay(address operator) external view returns (uint32);
            function maxMagnitude(address operator, address vault) external view returns (uint64);
            function operatorStake(address operator, address vault) external view returns (uint256);
            function delegatedTo(address staker) external view returns (address);
            function withdrawableShares(address staker, address vault) external view returns (uint256);
            /// Lowers `operator`'s max magnitude for `vault` by `magnitude` (WAD); returns the vault shares to burn
            /// (slashed delegated stake plus the slashable part of queued withdrawals). Only the slashing manager.
            function slashOperator(address operator, address vault, uint64 magnitude) external returns (uint256);
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

    // ------------------------------------------------------------------
    // Security issue 11, vault and registry findings (branch sec-vault)
    // ------------------------------------------------------------------
    sol_interface! {
        /// What a vault's ERC-4626 `maxDeposit`/`maxMint` ask the operator
        /// registry: whether its deposit hook would accept `staker` now.
        interface IStakeRegistryDepositCheck {
            function acceptsDeposit(address staker, address vault) external view returns (bool);
        }
    }
}

/// Compact ABI encoding for errors, events and calls: the kit's
/// ([`restake_kit::abi`]), re-exported for the contracts that name it here.
pub use restake_kit::abi;

/// `[a.word(), b.word(), ...]`: the ABI words of static values.
#[macro_export]
macro_rules! words {
    ($($v:expr),* $(,)?) => { [$($crate::abi::Word::word(&$v)),*] };
}
