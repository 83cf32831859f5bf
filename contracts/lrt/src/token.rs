//! The token itself: ERC-20 (balances, allowances, transfers, with
//! OpenZeppelin's errors) and EIP-2612 permit, and the balance updates
//! (mint, burn, move) every other module goes through.

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
use restake_interfaces::lrt::{Approval, Transfer};
use restake_interfaces::{abi::concat, erc20::*};
use restake_kit::{ecdsa, eip712};
use restake_math::{add, sub};
use stylus_sdk::{keccak_const::Keccak256, prelude::*};

use crate::{
    storage::{ALLOWANCES, BALANCES, NONCES, S_SUPPLY},
    Error, Lrt, NAME,
};

const PERMIT_TYPEHASH: [u8; 32] = Keccak256::new()
    .update(b"Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)")
    .finalize();
const NAME_HASH: [u8; 32] = Keccak256::new().update(NAME.as_bytes()).finalize();
const VERSION_HASH: [u8; 32] = Keccak256::new().update(b"1").finalize();

/// ERC-20 and EIP-2612.
///
/// Routed by [`Lrt::dispatch`] (the ABI is [`ILrt`]); Rust callers (the
/// native tests) call them directly.
impl Lrt {
    /// LRT in circulation (pending redemption requests are burned).
    pub fn total_supply(&self) -> U256 {
        self.get(S_SUPPLY)
    }

    /// `account`'s LRT.
    pub fn balance_of(&self, account: Address) -> U256 {
        self.sload(BALANCES.slot(self.vm(), account.into_word()))
    }

    /// What `spender` may move of `owner`'s LRT.
    pub fn allowance(&self, owner: Address, spender: Address) -> U256 {
        self.sload(ALLOWANCES.slot(self.vm(), owner.into_word(), spender.into_word()))
    }

    /// Moves `value` LRT from the caller to `to`.
    ///
    /// # Errors
    /// * [`Error::InvalidReceiver`], [`Error::InsufficientBalance`].
    ///
    /// # Events
    /// * [`Transfer`].
    pub fn transfer(&mut self, to: Address, value: U256) -> Result<bool, Error> {
        let from = self.vm().msg_sender();
        self.move_tokens(from, to, value)?;
        Ok(true)
    }

    /// Moves `value` LRT from `from` to `to` on an allowance (`U256::MAX` is
    /// never spent).
    ///
    /// # Errors
    /// * [`Error::InsufficientAllowance`], [`Error::InvalidReceiver`],
    ///   [`Error::InsufficientBalance`], [`Error::InvalidSender`].
    ///
    /// # Events
    /// * [`Transfer`].
    pub fn transfer_from(
        &mut self,
        from: Address,
        to: Address,
        value: U256,
    ) -> Result<bool, Error> {
        let spender = self.vm().msg_sender();
        let key = ALLOWANCES.slot(self.vm(), from.into_word(), spender.into_word());
        let allowance = self.sload(key);
        if allowance != U256::MAX {
            if allowance < value {
                return Err(Error::InsufficientAllowance(ERC20InsufficientAllowance {
                    spender,
                    allowance,
                    needed: value,
                }));
            }
            self.sstore(key, sub(allowance, value)?);
        }
        self.move_tokens(from, to, value)?;
        Ok(true)
    }

    /// Lets `spender` move `value` of the caller's LRT.
    ///
    /// # Errors
    /// * [`Error::InvalidSpender`] - `spender` is zero.
    ///
    /// # Events
    /// * [`Approval`].
    pub fn approve(&mut self, spender: Address, value: U256) -> Result<bool, Error> {
        let owner = self.vm().msg_sender();
        self.approve_inner(owner, spender, value)?;
        Ok(true)
    }

    /// EIP-2612: `owner`'s signature (`v`, `r`, `s`; low-s only) over
    /// `Permit(owner, spender, value, nonce, deadline)` in this token's
    /// EIP-712 domain sets the allowance. Each nonce works once.
    ///
    /// # Errors
    /// * [`Error::ExpiredSignature`] - `deadline` passed.
    /// * [`Error::InvalidSigner`] - the signature is not `owner`'s over the
    ///   current nonce (also a replayed permit).
    /// * [`Error::InvalidSignature`], [`Error::InvalidSignatureS`],
    ///   [`Error::InvalidSpender`].
    ///
    /// # Events
    /// * [`Approval`].
    #[allow(clippy::too_many_arguments)]
    pub fn permit(
        &mut self,
        owner: Address,
        spender: Address,
        value: U256,
        deadline: U256,
        v: u8,
        r: B256,
        s: B256,
    ) -> Result<(), Error> {
        if U256::from(self.now()) > deadline {
            return Err(Error::ExpiredSignature(ERC2612ExpiredSignature {
                deadline,
            }));
        }
        let nonce_key = NONCES.slot(self.vm(), owner.into_word());
        let nonce = self.sload(nonce_key);
        let struct_hash = self.vm().native_keccak256(&concat(&[
            B256::from(PERMIT_TYPEHASH),
            owner.into_word(),
            spender.into_word(),
            B256::from(value),
            B256::from(nonce),
            B256::from(deadline),
        ]));
        let mut message = Vec::with_capacity(66);
        message.extend_from_slice(b"\x19\x01");
        message.extend_from_slice(self.domain_separator().as_slice());
        message.extend_from_slice(struct_hash.as_slice());
        let hash = self.vm().native_keccak256(&message);
        let signer = self.recover(hash, v, r, s)?;
        if signer != owner {
            return Err(Error::InvalidSigner(ERC2612InvalidSigner { signer, owner }));
        }
        self.sstore(nonce_key, add(nonce, U256::from(1))?);
        self.approve_inner(owner, spender, value)
    }

    /// `owner`'s next permit nonce.
    pub fn nonces(&self, owner: Address) -> U256 {
        self.sload(NONCES.slot(self.vm(), owner.into_word()))
    }

    /// The EIP-712 domain separator (name [`NAME`], version "1", this chain,
    /// this contract).
    pub fn domain_separator(&self) -> B256 {
        eip712::domain_separator(self.vm(), B256::from(NAME_HASH), B256::from(VERSION_HASH))
    }
}

impl Lrt {
    /// The signer of `hash`, by the kit's ecrecover (OpenZeppelin's checks:
    /// low `s`, `v` 27 or 28, a signer), as OpenZeppelin's errors.
    fn recover(&self, hash: B256, v: u8, r: B256, s: B256) -> Result<Address, Error> {
        ecdsa::recover(self.vm(), hash, v, r, s).map_err(|e| match e {
            ecdsa::RecoverError::InvalidS(s) => {
                Error::InvalidSignatureS(ECDSAInvalidSignatureS { s })
            }
            _ => Error::InvalidSignature(ECDSAInvalidSignature {}),
        })
    }

    fn approve_inner(
        &mut self,
        owner: Address,
        spender: Address,
        value: U256,
    ) -> Result<(), Error> {
        if spender.is_zero() {
            return Err(Error::InvalidSpender(ERC20InvalidSpender { spender }));
        }
        self.sstore(
            ALLOWANCES.slot(self.vm(), owner.into_word(), spender.into_word()),
            value,
        );
        self.emit_event(&Approval {
            owner,
            spender,
            value,
        });
        Ok(())
    }

    fn move_tokens(&mut self, from: Address, to: Address, value: U256) -> Result<(), Error> {
        if from.is_zero() {
            return Err(Error::InvalidSender(ERC20InvalidSender { sender: from }));
        }
        if to.is_zero() {
            return Err(Error::InvalidReceiver(ERC20InvalidReceiver {
                receiver: to,
            }));
        }
        self.move_tokens_inner(from, to, value)
    }

    /// OpenZeppelin's `_update`: mints from zero, burns to zero.
    #[inline(never)]
    pub(crate) fn move_tokens_inner(
        &mut self,
        from: Address,
        to: Address,
        value: U256,
    ) -> Result<(), Error> {
        if from.is_zero() {
            self.set(S_SUPPLY, add(self.get(S_SUPPLY), value)?);
        } else {
            let key = BALANCES.slot(self.vm(), from.into_word());
            let balance = self.sload(key);
            if balance < value {
                return Err(Error::InsufficientBalance(ERC20InsufficientBalance {
                    sender: from,
                    balance,
                    needed: value,
                }));
            }
            self.sstore(key, sub(balance, value)?);
        }
        if to.is_zero() {
            // value <= balance <= supply.
            self.set(S_SUPPLY, sub(self.get(S_SUPPLY), value)?);
        } else {
            let key = BALANCES.slot(self.vm(), to.into_word());
            // balance <= supply, which did not overflow.
            self.sstore(key, add(self.sload(key), value)?);
        }
        self.emit_event(&Transfer { from, to, value });
        Ok(())
    }
}
