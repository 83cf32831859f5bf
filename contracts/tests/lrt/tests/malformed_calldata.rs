//! The Lrt's hand-written router on malformed calldata (issue #12, found by
//! the devnet's `malformed_input` test): a malformed call runs on zeroed
//! arguments, and whatever that run did or failed with, it answers
//! `LrtInvalidCalldata(selector)`. It used to return the function's own
//! error when that failed first (`LrtUnauthorized` for a stranger's
//! truncated `setManager`, `ERC20InvalidReceiver(0)` for a dirty `to`).
//! (The wasm-only half of the fix, offsets and lengths above 2^32 that
//! wasm32 truncated, is checked on the devnet: natively usize has 64 bits.)
use alloy_primitives::{Address, Bytes, U256};
use alloy_sol_types::SolCall;
use motsu::prelude::*;
use restake_interfaces::lrt::{ILrt, LrtInvalidCalldata};
use restake_lrt::{Error, Lrt};

fn invalid(e: Error, call: [u8; 4]) -> bool {
    matches!(e, Error::InvalidCalldata(LrtInvalidCalldata { selector }) if selector.0 == call)
}

#[motsu::test]
fn malformed_calls_answer_invalid_calldata_even_when_their_zeroed_run_fails(
    lrt: Contract<Lrt>,
    owner: Address,
    registry: Address,
    stranger: Address,
) {
    lrt.sender(owner)
        .constructor(owner, owner, registry, Address::ZERO, Address::ZERO)
        .motsu_unwrap();
    // A stranger's truncated owner call: the zeroed run fails its access
    // check first.
    let set_manager = ILrt::setManagerCall { manager: stranger }.abi_encode();
    let err = lrt
        .sender(stranger)
        .dispatch(&set_manager[..20])
        .motsu_unwrap_err();
    assert!(invalid(err, ILrt::setManagerCall::SELECTOR));
    // Well-formed, the same call is refused for the caller it is.
    let err = lrt
        .sender(stranger)
        .dispatch(&set_manager)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::Unauthorized(e) if e.caller == stranger));
    // A transfer to an address with dirty high bits: the zeroed run fails
    // on the zero receiver.
    let mut transfer = ILrt::transferCall {
        to: stranger,
        value: U256::ZERO,
    }
    .abi_encode();
    transfer[4 + 11] = 1;
    let err = lrt.sender(owner).dispatch(&transfer).motsu_unwrap_err();
    assert!(invalid(err, ILrt::transferCall::SELECTOR));
    // `bytes` whose length runs past the data (the extension's path,
    // routed here natively).
    let mut add = ILrt::addOperatorCall {
        operator: stranger,
        approver_signature: Bytes::from(vec![7; 5]),
        expiry: U256::ZERO,
        salt: Default::default(),
    }
    .abi_encode();
    add[4 + 4 * 32 + 31] = 200;
    let err = lrt.sender(stranger).dispatch(&add).motsu_unwrap_err();
    assert!(invalid(err, ILrt::addOperatorCall::SELECTOR));
}
