//! One way to emit an event.
use alloy_primitives::{B256, U256};
use stylus_sdk::stylus_core::Host;

use crate::abi::{concat, Word};

/// Emits a log: `topics[0]` is the event's signature hash, the rest its
/// indexed fields; `data` its non-indexed static fields, in order.
#[inline(always)]
pub fn emit(vm: &dyn Host, topics: &[B256], data: &[B256]) {
    // raw_log fails only for more than four topics, which no event has.
    let _ = vm.raw_log(topics, &concat(data));
}

/// Emits a log whose non-indexed fields are the static `data` followed by
/// one `string` or `bytes` field `tail` (head: its offset; then its length
/// and its bytes zero-padded to a whole word).
#[inline(always)]
pub fn emit_with_bytes(vm: &dyn Host, topics: &[B256], data: &[B256], tail: &[u8]) {
    let mut out = concat(data);
    out.extend_from_slice(U256::from((data.len() + 1) * 32).word().as_slice());
    out.extend_from_slice(U256::from(tail.len()).word().as_slice());
    out.extend_from_slice(tail);
    out.resize(out.len().div_ceil(32) * 32, 0);
    let _ = vm.raw_log(topics, &out);
}

/// Emits `event`, an [`events!`](crate::events) type: its topics and data
/// come from its declaration, so no emit site restates its fields.
#[inline(always)]
pub fn emit_event(vm: &dyn Host, event: &impl crate::items::EventLog) {
    // raw_log fails only for more than four topics, which no event has.
    event.emit_to(|topics, data| {
        let _ = vm.raw_log(topics, data);
    })
}
