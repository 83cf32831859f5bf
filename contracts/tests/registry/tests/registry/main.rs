//! The operator registry with a real vault and the mock LST, natively
//! (motsu): every public function, error and event; the named attacks
//! (front-running a slash by undelegating or queueing, completing early,
//! replaying an approver signature, rounding dust, a 100% slash). One
//! module per function or flow; the set-up is `restake_registry_tests::setup`.
use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::SolError;
use motsu::prelude::*;
use openzeppelin_stylus::access::{
    ownable::OwnershipTransferred,
    ownable_two_step::{IOwnable2Step, OwnershipTransferStarted},
};
use restake_interfaces::{registry::*, vault::*};
use restake_mock_lst::MockLst;
use restake_registry::{Error, OperatorRegistry, DEFAULT_WITHDRAWAL_DELAY, MAX_VAULTS};
use restake_registry_tests::*;
use restake_vault::Vault;
use stylus_sdk::abi::Bytes;

fn no_sig() -> Bytes {
    Bytes(vec![])
}

mod construction;
mod delegation;
mod deposit_hook;
mod encodings;
mod flows;
mod operators;
mod slash_operator;
mod withdrawal_attacks;
mod withdrawals;
