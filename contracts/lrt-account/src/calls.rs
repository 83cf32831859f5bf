//! The account's calls out (the registry, vaults, LST tokens): selectors
//! from `ILrtOutgoing`, calldata laid out by hand (static words, or the two
//! dynamic shapes it sends), all through the kit's one call helper. A
//! revert passes its data on ([`Error::Call`]); a callee that returns less
//! than it should is [`Error::Call`] with no data.

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::SolCall;
use restake_interfaces::{abi::error_data, lrt::ILrtOutgoing as Out, words};
use restake_kit::{abi::word_at, call, route::Calldata, storage::to_address};
use stylus_sdk::prelude::*;

use crate::{
    storage::{OPERATOR, REGISTRY},
    Error, LrtAccount,
};

/// Word `i` of `out`, or [`Error::Call`] with no data.
fn word(out: &[u8], i: usize) -> Result<U256, Error> {
    word_at(out, i).ok_or(Error::Call(Vec::new()))
}

/// Appends `bytes` as the tail of an ABI `bytes` value: its length, then
/// its data padded to whole words.
fn push_bytes(data: &mut Vec<u8>, bytes: &[u8]) {
    data.extend_from_slice(U256::from(bytes.len()).to_be_bytes::<32>().as_slice());
    data.extend_from_slice(bytes);
    data.resize(data.len() + (32 - bytes.len() % 32) % 32, 0);
}

impl LrtAccount {
    /// Calls `to` with `data`: a static call unless `mutating` (no ETH).
    #[inline(never)]
    fn call_out(&self, to: Address, data: &[u8], mutating: bool) -> Result<Vec<u8>, Error> {
        call::call(self.vm(), to, data, U256::ZERO, mutating)
            .map_err(|call::Revert(data)| Error::Call(data))
    }

    /// `selector(args)` on `to`, every argument one static word.
    #[inline(never)]
    fn call_args(
        &self,
        to: Address,
        selector: [u8; 4],
        args: &[B256],
        mutating: bool,
    ) -> Result<Vec<u8>, Error> {
        self.call_out(to, &error_data(selector, args), mutating)
    }

    /// A view's first word.
    #[inline(never)]
    fn read(&self, to: Address, selector: [u8; 4], args: &[B256]) -> Result<U256, Error> {
        word(&self.call_args(to, selector, args, false)?, 0)
    }

    /// A registry view's first word.
    fn read_registry(&self, selector: [u8; 4], args: &[B256]) -> Result<U256, Error> {
        self.read(self.get_addr(REGISTRY), selector, args)
    }

    /// The registry's `delegatedTo(this)`.
    #[inline(never)]
    pub(crate) fn delegated(&self) -> Result<Address, Error> {
        let this = self.vm().contract_address();
        self.read_registry(Out::delegatedToCall::SELECTOR, &words![this])
            .map(to_address)
    }

    /// The registry's `withdrawableShares(this, vault)`.
    pub(crate) fn withdrawable_shares(&self, vault: Address) -> Result<U256, Error> {
        let this = self.vm().contract_address();
        self.read_registry(Out::withdrawableSharesCall::SELECTOR, &words![this, vault])
    }

    /// The registry's `depositScalingFactor(this, vault)`.
    pub(crate) fn deposit_scaling_factor(&self, vault: Address) -> Result<U256, Error> {
        let this = self.vm().contract_address();
        self.read_registry(
            Out::depositScalingFactorCall::SELECTOR,
            &words![this, vault],
        )
    }

    /// The registry's `maxMagnitude(operator, vault)` of the account's operator.
    pub(crate) fn max_magnitude(&self, vault: Address) -> Result<U256, Error> {
        let operator = self.get_addr(OPERATOR);
        self.read_registry(Out::maxMagnitudeCall::SELECTOR, &words![operator, vault])
    }

    /// The registry's `pendingRedeemRequest(id, vault)` plus
    /// `claimableRedeemRequest(id, vault)`: the withdrawal's shares of
    /// `vault`, after slashing.
    pub(crate) fn withdrawal_shares(&self, id: U256, vault: Address) -> Result<U256, Error> {
        let pending =
            self.read_registry(Out::pendingRedeemRequestCall::SELECTOR, &words![id, vault])?;
        let claimable = self.read_registry(
            Out::claimableRedeemRequestCall::SELECTOR,
            &words![id, vault],
        )?;
        crate::errors::add(pending, claimable)
    }

    /// The registry's `withdrawal(id)`: its staker, whether it is completed,
    /// and its number of entries.
    pub(crate) fn withdrawal(&self, id: U256) -> Result<(Address, bool, u64), Error> {
        let out = self.call_args(
            self.get_addr(REGISTRY),
            Out::withdrawalCall::SELECTOR,
            &words![id],
            false,
        )?;
        Ok((
            to_address(word(&out, 0)?),
            !word(&out, 3)?.is_zero(),
            word(&out, 4)?.saturating_to(),
        ))
    }

    /// The vault of entry `index` of registry withdrawal `id`.
    pub(crate) fn withdrawal_vault(&self, id: U256, index: u64) -> Result<Address, Error> {
        self.read_registry(Out::withdrawalEntryCall::SELECTOR, &words![id, index])
            .map(to_address)
    }

    /// The registry's vaults (`vaults()`).
    pub(crate) fn registry_vaults(&self) -> Result<Vec<Address>, Error> {
        let out = self.call_args(
            self.get_addr(REGISTRY),
            Out::vaultsCall::SELECTOR,
            &[],
            false,
        )?;
        let words = Calldata(&out).words(0, 20).ok_or(Error::Call(Vec::new()))?;
        Ok(words.into_iter().map(to_address).collect())
    }

    /// `vault.depositShares(this)`.
    #[inline(never)]
    pub(crate) fn deposit_shares(&self, vault: Address) -> Result<U256, Error> {
        let this = self.vm().contract_address();
        self.read(vault, Out::depositSharesCall::SELECTOR, &words![this])
    }

    /// `vault.convertToAssets(shares)` (nothing read for no shares).
    pub(crate) fn shares_value(&self, vault: Address, shares: U256) -> Result<U256, Error> {
        if shares.is_zero() {
            return Ok(U256::ZERO);
        }
        self.read(vault, Out::convertToAssetsCall::SELECTOR, &words![shares])
    }

    /// `vault.asset()`.
    pub(crate) fn vault_asset(&self, vault: Address) -> Result<Address, Error> {
        self.read(vault, Out::assetCall::SELECTOR, &[])
            .map(to_address)
    }

    /// `token.balanceOf(this)`.
    pub(crate) fn token_balance(&self, token: Address) -> Result<U256, Error> {
        let this = self.vm().contract_address();
        self.read(token, Out::balanceOfCall::SELECTOR, &words![this])
    }

    /// `token.transfer(to, amount)`, which must return `true`.
    pub(crate) fn token_transfer(
        &mut self,
        token: Address,
        to: Address,
        amount: U256,
    ) -> Result<(), Error> {
        let out = self.call_args(
            token,
            Out::transferCall::SELECTOR,
            &words![to, amount],
            true,
        )?;
        if word(&out, 0)? != U256::from(1u8) {
            return Err(Error::Call(Vec::new()));
        }
        Ok(())
    }

    /// The registry's `delegateTo(operator, signature, expiry, salt)`.
    pub(crate) fn delegate_to(
        &mut self,
        operator: Address,
        signature: &[u8],
        expiry: U256,
        salt: B256,
    ) -> Result<(), Error> {
        // Heads: operator, the offset of the bytes (four heads), expiry, salt.
        let mut data = error_data(
            Out::delegateToCall::SELECTOR,
            &words![operator, U256::from(128u8), expiry, salt],
        );
        push_bytes(&mut data, signature);
        self.call_out(self.get_addr(REGISTRY), &data, true)
            .map(drop)
    }

    /// The registry's `queueWithdrawal(vaults, shares)` (equal lengths);
    /// returns its id.
    pub(crate) fn queue_withdrawal(
        &mut self,
        vaults: &[Address],
        shares: &[U256],
    ) -> Result<U256, Error> {
        // Heads: the two arrays' offsets; then each array's length and words.
        let n = vaults.len();
        let second = U256::from(64 + 32 * (n + 1));
        let mut data = error_data(
            Out::queueWithdrawalCall::SELECTOR,
            &words![U256::from(64u8), second, U256::from(n)],
        );
        for vault in vaults {
            data.extend_from_slice(vault.into_word().as_slice());
        }
        data.extend_from_slice(U256::from(shares.len()).to_be_bytes::<32>().as_slice());
        for s in shares {
            data.extend_from_slice(s.to_be_bytes::<32>().as_slice());
        }
        word(&self.call_out(self.get_addr(REGISTRY), &data, true)?, 0)
    }

    /// The registry's `completeWithdrawal(id, true)` (paid as tokens).
    pub(crate) fn complete_withdrawal(&mut self, id: U256) -> Result<(), Error> {
        self.call_args(
            self.get_addr(REGISTRY),
            Out::completeWithdrawalCall::SELECTOR,
            &words![id, true],
            true,
        )
        .map(drop)
    }
}
