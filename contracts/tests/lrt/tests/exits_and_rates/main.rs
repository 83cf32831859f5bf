//! Security review (issue #11), the Lrt's exits and prices: M-2 (no request
//! holds another hostage), M-3 (each asset valued through its rate source),
//! L-6 (a time-weighted rate history readable over 30 days) and I-2
//! (two-step ownership). The Lrt with two real vaults (ETH and the mock
//! LST, which doubles as its own rate source), the mock registry and a
//! directly deployed sub-account, natively (motsu).
//! One module per finding; the set-up is `restake_lrt_tests::with_mock`.
use alloy_primitives::{uint, Address, I256, U256};
use motsu::prelude::*;
use restake_interfaces::{lrt::*, NATIVE_ETH};
use restake_lrt::{
    Error, Lrt, MIN_RATE_WINDOW, OBSERVATIONS, OBSERVATION_INTERVAL, STATUS_CANCELLED,
    STATUS_PENDING, YEAR,
};
use restake_lrt_account::LrtAccount;
use restake_lrt_tests::{
    e18, rate_at, with_mock::setup, worth, MockRegistry, Wallet, DAY, E18, HOUR, T0, V,
};
use restake_math::{mul_div, Rounding, WAD};
use restake_mock_lst::MockLst;
use restake_vault::Vault;

macro_rules! env {
    ($lrt:ident, $lst:ident, $ev:ident, $lv:ident, $reg:ident, $owner:ident, $manager:ident) => {
        setup(&$lrt, &$lst, &$ev, &$lv, &$reg, $owner, $manager)
    };
}

mod ownership;
mod rate_history;
mod rate_sources;
mod requests;
