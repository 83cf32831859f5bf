//! Every entry point's errors and events, the dispatcher, the sub-account,
//! and property tests of the rate, over the mock registry: one module per
//! function or flow. (The time-weighted rate history, L-6, is tested in the
//! `exits_and_rates` tests.)
use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::{SolCall, SolError};
use motsu::prelude::*;
use proptest::prelude::*;
use restake_interfaces::{lrt::*, NATIVE_ETH};
use restake_lrt::{Error, Lrt, MAX_ASSETS, NAME, SYMBOL};
use restake_lrt_account::{Error as AccountError, LrtAccount};
use restake_lrt_tests::{
    e18,
    with_mock::{setup_with_cap, MockEnv},
    MockRegistry, Wallet, E18,
};
use restake_math::WAD;
use restake_mock_lst::MockLst;
use restake_vault::Vault;

/// The mock set-up (`restake_lrt_tests::with_mock`) with each asset capped
/// at 100 tokens.
fn setup<'a>(
    lrt: &'a Contract<Lrt>,
    lst: &'a Contract<MockLst>,
    eth_vault: &'a Contract<Vault>,
    lst_vault: &'a Contract<Vault>,
    registry: &'a Contract<MockRegistry>,
    owner: Address,
    manager: Address,
) -> MockEnv<'a> {
    setup_with_cap(
        lrt,
        lst,
        eth_vault,
        lst_vault,
        registry,
        owner,
        manager,
        e18(100),
    )
}

macro_rules! fixture {
    ($lrt:ident, $lst:ident, $ev:ident, $lv:ident, $reg:ident, $owner:ident, $manager:ident) => {
        setup(&$lrt, &$lst, &$ev, &$lv, &$reg, $owner, $manager)
    };
}

mod construction;
mod dispatcher;
mod erc20;
mod exits;
mod minting;
mod operators;
mod properties;
