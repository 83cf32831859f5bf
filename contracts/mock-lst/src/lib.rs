//! A mock liquid staking token for tests and the local devnet.
//!
//! OpenZeppelin's ERC-20 with metadata, an owner-only `mint`, and an optional
//! transfer fee (in basis points, burned from the sender) that imitates
//! fee-on-transfer tokens and stETH's 1–2 wei shortfalls, so the vault's
//! balance-delta crediting can be exercised, and a settable `getRate()` (ETH
//! per 1e18 of it) so it doubles as the Lrt's rate source. Not for production.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(target_arch = "wasm32", no_std)]
extern crate alloc;

restake_kit::wasm_runtime!();

mod router;
pub use router::interface_abi;

use alloy_primitives::{Address, U256};
use openzeppelin_stylus::{
    access::ownable::{self, Ownable},
    token::erc20::{self, Erc20, IErc20},
};
use restake_interfaces::{
    erc20::{
        ERC20InsufficientAllowance, ERC20InsufficientBalance, ERC20InvalidApprover,
        ERC20InvalidReceiver, ERC20InvalidSender, ERC20InvalidSpender,
    },
    ownable::{OwnableInvalidOwner, OwnableUnauthorizedAccount},
};
use restake_kit::log;
use restake_math::{mul_div, sub, Rounding};
use stylus_sdk::prelude::*;

/// Basis-point denominator for the transfer fee.
const BPS: u64 = 10_000;

restake_kit::events! { EVENTS;
    /// The transfer fee changed to `fee_bps` plus a flat `fee_wei`.
    event TransferFeeSet(uint256 fee_bps, uint256 fee_wei);
    /// The rate this token reports (`getRate()`, ETH per 1e18 of it) became `rate`.
    event RateSet(uint256 rate);
}

restake_kit::errors! { ERRORS;
    /// A fee above 100% (`fee_bps` above 10,000) was requested.
    error MockLstInvalidFee(uint256 fee_bps);
    /// Minting `value` would take the supply past 2^256 - 1 (issue #12: OpenZeppelin's `_mint` panics there, a trap).
    error MockLstSupplyOverflow(uint256 supply, uint256 value);
    /// The calldata for `selector` is malformed, names no function, or sends ETH (`0x00000000`: fewer than four bytes).
    error MockLstInvalidCalldata(bytes4 selector);
}

restake_kit::error_enum! {
    /// Every error the mock LST can return, each a Solidity custom error.
    #[derive(Debug)]
    pub enum Error {
        /// See [`ERC20InsufficientBalance`].
        InsufficientBalance(ERC20InsufficientBalance),
        /// See [`ERC20InvalidSender`].
        InvalidSender(ERC20InvalidSender),
        /// See [`ERC20InvalidReceiver`].
        InvalidReceiver(ERC20InvalidReceiver),
        /// See [`ERC20InsufficientAllowance`].
        InsufficientAllowance(ERC20InsufficientAllowance),
        /// See [`ERC20InvalidSpender`].
        InvalidSpender(ERC20InvalidSpender),
        /// See [`ERC20InvalidApprover`].
        InvalidApprover(ERC20InvalidApprover),
        /// See [`OwnableUnauthorizedAccount`].
        UnauthorizedAccount(OwnableUnauthorizedAccount),
        /// See [`OwnableInvalidOwner`].
        InvalidOwner(OwnableInvalidOwner),
        /// See [`MockLstInvalidFee`].
        InvalidFee(MockLstInvalidFee),
        /// See [`MockLstSupplyOverflow`].
        SupplyOverflow(MockLstSupplyOverflow),
        /// See [`MockLstInvalidCalldata`].
        InvalidCalldata(MockLstInvalidCalldata),
    }
}

impl Error {
    /// The kit's malformed-calldata error for `selector` (`MockLstInvalidCalldata`).
    pub fn invalid_calldata(selector: u32) -> Self {
        Error::InvalidCalldata(MockLstInvalidCalldata {
            selector: selector.to_be_bytes().into(),
        })
    }
}

impl From<erc20::Error> for Error {
    fn from(value: erc20::Error) -> Self {
        match value {
            erc20::Error::InsufficientBalance(e) => {
                Error::InsufficientBalance(ERC20InsufficientBalance {
                    sender: e.sender,
                    balance: e.balance,
                    needed: e.needed,
                })
            }
            erc20::Error::InvalidSender(e) => {
                Error::InvalidSender(ERC20InvalidSender { sender: e.sender })
            }
            erc20::Error::InvalidReceiver(e) => Error::InvalidReceiver(ERC20InvalidReceiver {
                receiver: e.receiver,
            }),
            erc20::Error::InsufficientAllowance(e) => {
                Error::InsufficientAllowance(ERC20InsufficientAllowance {
                    spender: e.spender,
                    allowance: e.allowance,
                    needed: e.needed,
                })
            }
            erc20::Error::InvalidSpender(e) => {
                Error::InvalidSpender(ERC20InvalidSpender { spender: e.spender })
            }
            erc20::Error::InvalidApprover(e) => Error::InvalidApprover(ERC20InvalidApprover {
                approver: e.approver,
            }),
        }
    }
}

impl From<ownable::Error> for Error {
    fn from(value: ownable::Error) -> Self {
        match value {
            ownable::Error::UnauthorizedAccount(e) => {
                Error::UnauthorizedAccount(OwnableUnauthorizedAccount { account: e.account })
            }
            ownable::Error::InvalidOwner(e) => {
                Error::InvalidOwner(OwnableInvalidOwner { owner: e.owner })
            }
        }
    }
}

/// Storage of the mock LST.
#[entrypoint]
#[storage]
pub struct MockLst {
    erc20: Erc20,
    ownable: Ownable,
    /// Fee burned from the sender on every transfer, in basis points.
    fee_bps: stylus_sdk::storage::StorageU256,
    /// Flat fee in wei burned on every transfer (imitates stETH's 1–2 wei).
    fee_wei: stylus_sdk::storage::StorageU256,
    /// The rate `getRate()` reports, ETH per 1e18 of the token, once set.
    rate: stylus_sdk::storage::StorageU256,
    /// Whether `rate` was set (until then the token reports 1e18).
    rate_set: stylus_sdk::storage::StorageBool,
}

impl MockLst {
    /// Sets the owner who may mint.
    ///
    /// # Errors
    /// * [`Error::InvalidOwner`] - `owner` is the zero address.
    ///
    /// # Events
    /// * `OwnershipTransferred`.
    pub fn constructor(&mut self, owner: Address) -> Result<(), Error> {
        self.ownable.constructor(owner)?;
        Ok(())
    }

    /// The token's name (fixed, to keep the mock small).
    pub fn name(&self) -> &'static str {
        "Restake Mock LST"
    }

    /// The token's symbol.
    pub fn symbol(&self) -> &'static str {
        "mLST"
    }

    /// The token's decimals.
    pub fn decimals(&self) -> u8 {
        18
    }

    /// Mints `value` tokens to `to`.
    ///
    /// # Errors
    /// * [`Error::UnauthorizedAccount`] - the caller is not the owner.
    /// * [`Error::InvalidReceiver`] - `to` is the zero address.
    /// * [`Error::SupplyOverflow`] - the supply would pass 2^256 - 1.
    ///
    /// # Events
    /// * `Transfer` from the zero address.
    pub fn mint(&mut self, to: Address, value: U256) -> Result<(), Error> {
        self.ownable.only_owner()?;
        let supply = self.erc20.total_supply();
        if supply.checked_add(value).is_none() {
            return Err(Error::SupplyOverflow(MockLstSupplyOverflow {
                supply,
                value,
            }));
        }
        Ok(self.erc20._mint(to, value)?)
    }

    /// Sets the transfer fee: `fee_bps` basis points of each transfer plus a
    /// flat `fee_wei` (capped at the amount), burned from the sender.
    ///
    /// # Errors
    /// * [`Error::UnauthorizedAccount`] - the caller is not the owner.
    /// * [`Error::InvalidFee`] - `fee_bps` is above 10,000.
    ///
    /// # Events
    /// * [`TransferFeeSet`].
    pub fn set_transfer_fee(&mut self, fee_bps: U256, fee_wei: U256) -> Result<(), Error> {
        self.ownable.only_owner()?;
        if fee_bps > U256::from(BPS) {
            return Err(Error::InvalidFee(MockLstInvalidFee { fee_bps }));
        }
        self.fee_bps.set(fee_bps);
        self.fee_wei.set(fee_wei);
        log::emit_event(self.vm(), &TransferFeeSet { fee_bps, fee_wei });
        Ok(())
    }

    /// Sets the rate [`MockLst::get_rate`] reports: the token doubles as a
    /// Balancer-style rate provider for the Lrt (a wstETH-like token worth
    /// 1.2 ETH reports 1.2e18; a depegged one the market price, 0.97e18).
    ///
    /// # Errors
    /// * [`Error::UnauthorizedAccount`] - the caller is not the owner.
    ///
    /// # Events
    /// * [`RateSet`].
    pub fn set_rate(&mut self, rate: U256) -> Result<(), Error> {
        self.ownable.only_owner()?;
        self.rate.set(rate);
        self.rate_set.set(true);
        log::emit_event(self.vm(), &RateSet { rate });
        Ok(())
    }

    /// ETH per 1e18 of the token (1e18 until [`MockLst::set_rate`]).
    pub fn get_rate(&self) -> U256 {
        if !self.rate_set.get() {
            return U256::from(1_000_000_000_000_000_000u64);
        }
        self.rate.get()
    }

    /// The fee charged on a transfer of `value`.
    pub fn transfer_fee(&self, value: U256) -> U256 {
        // fee_bps <= 10_000, so the percentage never exceeds `value` and
        // mul_div cannot fail; the total is capped at `value`.
        let pct =
            mul_div(value, self.fee_bps.get(), U256::from(BPS), Rounding::Down).unwrap_or(value);
        pct.saturating_add(self.fee_wei.get()).min(value)
    }
    /// Tokens in existence.
    pub fn total_supply(&self) -> U256 {
        self.erc20.total_supply()
    }

    /// `account`'s balance.
    pub fn balance_of(&self, account: Address) -> U256 {
        self.erc20.balance_of(account)
    }

    /// `spender`'s allowance over `owner`'s tokens.
    pub fn allowance(&self, owner: Address, spender: Address) -> U256 {
        self.erc20.allowance(owner, spender)
    }

    /// Sends `value` to `to`, less the transfer fee (burned).
    ///
    /// # Errors
    /// * [`Error::InsufficientBalance`], [`Error::InvalidReceiver`].
    ///
    /// # Events
    /// * `Transfer` (twice when a fee is burned).
    pub fn transfer(&mut self, to: Address, value: U256) -> Result<bool, Error> {
        let from = self.vm().msg_sender();
        self.transfer_with_fee(from, to, value)?;
        Ok(true)
    }

    /// Lets `spender` move up to `value` of the caller's tokens.
    ///
    /// # Errors
    /// * [`Error::InvalidSpender`].
    ///
    /// # Events
    /// * `Approval`.
    pub fn approve(&mut self, spender: Address, value: U256) -> Result<bool, Error> {
        Ok(self.erc20.approve(spender, value)?)
    }

    /// Moves `value` from `from` to `to` on an allowance, less the fee.
    ///
    /// # Errors
    /// * [`Error::InsufficientAllowance`], [`Error::InsufficientBalance`], [`Error::InvalidReceiver`].
    ///
    /// # Events
    /// * `Transfer`, `Approval`.
    pub fn transfer_from(
        &mut self,
        from: Address,
        to: Address,
        value: U256,
    ) -> Result<bool, Error> {
        let spender = self.vm().msg_sender();
        self.erc20._spend_allowance(from, spender, value)?;
        self.transfer_with_fee(from, to, value)?;
        Ok(true)
    }

    /// Who may mint.
    pub fn owner(&self) -> Address {
        self.ownable.owner()
    }

    /// Hands minting rights to `new_owner`.
    ///
    /// # Errors
    /// * [`Error::UnauthorizedAccount`], [`Error::InvalidOwner`].
    ///
    /// # Events
    /// * `OwnershipTransferred`.
    pub fn transfer_ownership(&mut self, new_owner: Address) -> Result<(), Error> {
        Ok(self.ownable.transfer_ownership(new_owner)?)
    }
}

impl MockLst {
    fn transfer_with_fee(&mut self, from: Address, to: Address, value: U256) -> Result<(), Error> {
        if to.is_zero() {
            return Err(Error::InvalidReceiver(ERC20InvalidReceiver {
                receiver: to,
            }));
        }
        let fee = self.transfer_fee(value);
        // value >= fee by construction of `transfer_fee`, so this never fails.
        let sent = sub(value, fee).map_err(|_| {
            Error::InsufficientBalance(ERC20InsufficientBalance {
                sender: from,
                balance: value,
                needed: fee,
            })
        })?;
        self.erc20._update(from, to, sent)?;
        if !fee.is_zero() {
            self.erc20._burn(from, fee)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use motsu::prelude::*;

    /// Minting past 2^256 - 1 of supply is a typed error, not a trap
    /// (OpenZeppelin's `_mint` panics there; found by the devnet's
    /// malformed-input test, issue #12).
    #[motsu::test]
    fn minting_past_the_largest_supply_is_a_typed_error(lst: Contract<MockLst>, owner: Address) {
        lst.sender(owner).constructor(owner).motsu_unwrap();
        lst.sender(owner)
            .mint(owner, U256::MAX - U256::from(1))
            .motsu_unwrap();
        let err = lst
            .sender(owner)
            .mint(owner, U256::from(2))
            .motsu_unwrap_err();
        assert!(matches!(
            err,
            Error::SupplyOverflow(MockLstSupplyOverflow { supply, value })
                if supply == U256::MAX - U256::from(1) && value == U256::from(2)
        ));
        lst.sender(owner).mint(owner, U256::from(1)).motsu_unwrap();
        assert_eq!(lst.sender(owner).total_supply(), U256::MAX);
    }
}
