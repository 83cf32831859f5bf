//! Shared fixtures of the Lrt's native tests (motsu), one place for every
//! test binary of this crate:
//!
//! * [`MockRegistry`] (`mock_registry`), a registry double, and [`Wallet`],
//!   an account that accepts ETH;
//! * [`with_mock::setup`]: the Lrt with two real vaults (ETH and the mock
//!   LST, its own rate source) over the mock registry;
//! * [`with_registry::setup_eth`] / [`with_registry::setup_eth_and_lst`]:
//!   the Lrt on the real operator registry with one or two real vaults;
//! * the units, times and price formulas the tests compute amounts with.
extern crate alloc;

mod mock_registry;
pub mod with_mock;
pub mod with_registry;

use alloy_primitives::{uint, U256};
use restake_math::{mul_div, Rounding, WAD};

pub use mock_registry::{MockRegistry, MockRegistryError, MockWithdrawal};
/// A wallet contract that accepts ETH (motsu routes ETH transfers as calls,
/// and a transfer to a plain address panics).
pub use restake_test_fixtures::EthReceiver as Wallet;
pub use restake_test_fixtures::{e18, DAY, E18};

/// Each asset's concentration cap in the mock set-up (1,000 tokens).
pub const CAP: U256 = uint!(1_000_000_000_000_000_000_000_U256);
/// restake-math's virtual offset.
pub const V: U256 = uint!(1000_U256);
/// The fixtures' start time.
pub const T0: u64 = 1_800_000_000;
/// The real registry's withdrawal delay in the set-ups on it.
pub const DELAY: u64 = 7 * 86_400;
/// The attacker's donation per vault in the L-5 tests
/// ([`with_registry::RegistryEnv::donate`]), in wei.
pub const DUST: U256 = uint!(1000_U256);
/// One hour (seconds).
pub const HOUR: u64 = 3_600;

/// What `shares` LRT take out at value / supply (the Lrt's exit value): the
/// lower of the virtual-offset value and the plain pro-rata share, rounded
/// down.
pub fn worth(shares: U256, value: U256, supply: U256) -> U256 {
    let offset = mul_div(shares, value + V, supply + V, Rounding::Down).unwrap();
    offset.min(mul_div(shares, value, supply, Rounding::Down).unwrap())
}

/// LRT that `assets` buy at value / supply, rounded down.
pub fn buys(assets: U256, value: U256, supply: U256) -> U256 {
    mul_div(assets, supply + V, value + V, Rounding::Down).unwrap()
}

/// The Lrt's rate at value / supply.
pub fn rate_at(value: U256, supply: U256) -> U256 {
    mul_div(WAD, value + V, supply + V, Rounding::Down).unwrap()
}
