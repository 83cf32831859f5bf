//! One typed way to call another contract and pass its revert data on.
use alloc::vec::Vec;
use alloy_primitives::{Address, B256, U256};
use stylus_sdk::stylus_core::{
    calls::{errors::Error as CallError, CallContext, MutatingCallContext, StaticCallContext},
    Host,
};

use crate::abi::{error_data, word_at};

/// A call that did not return: the callee's revert data (empty when it
/// reverted without data, ran out of gas, or is not a contract that
/// answered), to pass on unchanged or to map to the caller's own error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revert(pub Vec<u8>);

/// Calls `to` with `data`: a static call unless `mutating`, which sends
/// `value` wei. The VM flushes the storage cache before the call (so the
/// callee, and any reentry, sees what this contract wrote) and reloads it
/// after.
///
/// # Errors
/// [`Revert`] with the callee's revert data.
#[inline(always)]
pub fn call(
    vm: &dyn Host,
    to: Address,
    data: &[u8],
    value: U256,
    mutating: bool,
) -> Result<Vec<u8>, Revert> {
    let context = Out { value };
    let result = if mutating {
        vm.call(&context, to, data)
    } else {
        vm.static_call(&context, to, data)
    };
    result.map_err(|e| match e {
        CallError::Revert(data) => Revert(data),
        CallError::AbiDecodingFailed(_) => Revert(Vec::new()),
    })
}

/// `selector(args)` on `to`, every argument one static word (the calldata is
/// laid out as [`error_data`]); no ETH.
///
/// # Errors
/// As [`call`].
#[inline(always)]
pub fn call_static_args(
    vm: &dyn Host,
    to: Address,
    selector: [u8; 4],
    args: &[B256],
    mutating: bool,
) -> Result<Vec<u8>, Revert> {
    call(vm, to, &error_data(selector, args), U256::ZERO, mutating)
}

/// [`call_static_args`], returning the first word of the result (`None` if
/// the callee returned less than a word: a call to an account without code
/// succeeds with no data).
///
/// # Errors
/// As [`call`].
#[inline(always)]
pub fn call_word(
    vm: &dyn Host,
    to: Address,
    selector: [u8; 4],
    args: &[B256],
    mutating: bool,
) -> Result<Option<U256>, Revert> {
    call_static_args(vm, to, selector, args, mutating).map(|out| word_at(&out, 0))
}

/// The context of every call out: all the gas left, and `value` wei (a
/// static call sends none). The SDK's own `Call::new()` exists only without
/// its `reentrant` feature, which the Lrt's sub-account enables; this one
/// serves both builds.
pub(crate) struct Out {
    pub(crate) value: U256,
}

impl CallContext for Out {
    fn gas(&self) -> u64 {
        u64::MAX
    }
}

impl StaticCallContext for Out {}

// SAFETY: the VM flushes the storage cache before the call and clears it
// after, so the callee (or a reentry) never sees stale cached values, and
// `value` is what the caller asked to send.
unsafe impl MutatingCallContext for Out {
    fn value(&self) -> U256 {
        self.value
    }
}

/// A split contract's core hands `input` (the whole calldata of a selector
/// it does not serve) to its extension by delegate call: the extension runs
/// on the core's storage, balance and address, with this call's caller and
/// ETH, and its return data is returned unchanged.
///
/// # Safety
/// `extension` must be the contract's own extension, fixed at construction,
/// built from the same crate so that it reads and writes this storage with
/// the same layout: a delegate call lets the callee write any slot.
///
/// # Errors
/// [`Revert`] with the extension's revert data (empty when it failed
/// without any: out of gas, or no code there), for the caller to pass on or
/// map to its own `CallFailed` error.
#[inline(always)]
pub unsafe fn delegate(vm: &dyn Host, extension: Address, input: &[u8]) -> Result<Vec<u8>, Revert> {
    let context = Out { value: U256::ZERO };
    // SAFETY: the caller guarantees the extension shares this layout.
    let result = unsafe { vm.delegate_call(&context, extension, input) };
    result.map_err(|e| match e {
        CallError::Revert(data) => Revert(data),
        CallError::AbiDecodingFailed(_) => Revert(Vec::new()),
    })
}
