//! What the Lrt says to the outside: calls into other contracts (vaults,
//! the registry, tokens, sub-accounts, rate sources), each hand-encoded,
//! its events, and the ABI word helpers for what comes back.

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::SolCall;
use restake_interfaces::{abi::error_data, lrt::*, words};
use restake_kit::{call, items::EventLog};
use stylus_sdk::prelude::*;

use crate::{Error, Lrt};

impl Lrt {
    /// Emits `event`, an `events!` type (its topics and data from its
    /// declaration, so no site restates its fields), through the one
    /// out-of-line [`Self::emit_raw`].
    #[inline(always)]
    pub(crate) fn emit_event(&self, event: &impl EventLog) {
        event.emit_to(|topics, data| self.emit_raw(topics, data))
    }

    /// Emits a log, from one out-of-line copy: inlined at each of this
    /// contract's sites it cost more bytes (measured, `docs/decisions.md`).
    #[inline(never)]
    pub(crate) fn emit_raw(&self, topics: &[B256], data: &[u8]) {
        // raw_log fails only for more than four topics, which no event has.
        let _ = self.vm().raw_log(topics, data);
    }

    /// Has sub-account `account` call `target` with `data` and `value` wei
    /// of its own; returns the callee's return data.
    #[inline(never)]
    pub(crate) fn execute(
        &mut self,
        account: Address,
        target: Address,
        value: U256,
        data: Vec<u8>,
    ) -> Result<Vec<u8>, Error> {
        let mut call = error_data(
            ILrtOutgoing::executeCall::SELECTOR,
            &words![target, value, U256::from(96), U256::from(data.len())],
        );
        call.extend_from_slice(&data);
        call.resize(call.len() + (32 - data.len() % 32) % 32, 0);
        let out = self.call_raw(account, &call, U256::ZERO, true)?;
        // The returned `bytes`: offset, length, data.
        let len = word_at(&out, 32)
            .unwrap_or_default()
            .saturating_to::<usize>();
        Ok(out
            .get(64..64usize.saturating_add(len))
            .unwrap_or_default()
            .to_vec())
    }

    /// Calls `to` with `data` (a static call unless `mutating`, which sends
    /// `value` wei). A revert passes its data on ([`Error::Call`]); one with
    /// no data is [`Error::CallFailed`].
    #[inline(never)]
    pub(crate) fn call_raw(
        &self,
        to: Address,
        data: &[u8],
        value: U256,
        mutating: bool,
    ) -> Result<Vec<u8>, Error> {
        call::call(self.vm(), to, data, value, mutating).map_err(|revert| {
            if revert.0.is_empty() {
                Error::CallFailed(LrtCallFailed { target: to })
            } else {
                Error::Call(revert.0)
            }
        })
    }

    /// `selector(args)` on `to`, hand-encoded (every argument one static
    /// word); the first word of the result.
    #[inline(never)]
    pub(crate) fn call_word(
        &self,
        to: Address,
        selector: [u8; 4],
        args: &[B256],
        mutating: bool,
    ) -> Result<U256, Error> {
        let out = self.call_raw(to, &error_data(selector, args), U256::ZERO, mutating)?;
        word_at(&out, 0).ok_or(Error::CallFailed(LrtCallFailed { target: to }))
    }

    /// An ERC-20 call that must return `true`.
    pub(crate) fn call_true(
        &self,
        token: Address,
        selector: [u8; 4],
        args: &[B256],
    ) -> Result<(), Error> {
        if self.call_word(token, selector, args, true)?.is_zero() {
            return Err(Error::CallFailed(LrtCallFailed { target: token }));
        }
        Ok(())
    }
}

/// The 32-byte word at `offset` of ABI data (the `bytes` an `execute`
/// returns is itself ABI-encoded: offset, length, then the callee's data).
pub(crate) fn word_at(data: &[u8], offset: usize) -> Option<U256> {
    data.get(offset..offset.saturating_add(32))
        .and_then(U256::try_from_be_slice)
}

/// The address in an ABI word.
pub(crate) fn to_address(word: U256) -> Address {
    Address::from_word(B256::from(word))
}
