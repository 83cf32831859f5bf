//! Restake's shared math: fixed-point (WAD = 1e18), share conversions with a
//! virtual offset, and the O(1) slashing-factor math (after EigenLayer's
//! `SlashingLib`).
//!
//! Every function is checked: it returns [`MathError`] on overflow, underflow
//! or division by zero and never panics. Every function that divides takes or
//! fixes a rounding direction, and each fixed direction has a comment saying
//! why it favours the protocol. See `docs/math.md` for the derivations.
//!
//! The crate is `no_std`, has no generics and no strings, and does not use
//! `U512` division: the 512-bit intermediate of [`mul_div`] is two `U256`
//! limbs divided by shift-and-subtract, which keeps it small in wasm.
//!
//! ```
//! use restake_math::*;
//!
//! // A deposit rounds the minted shares down (the vault keeps the dust).
//! let totals = VaultTotals { total_shares: U256::ZERO, total_assets: U256::ZERO };
//! assert_eq!(assets_to_shares(WAD, totals, Rounding::Down), Ok(WAD));
//!
//! // A staker deposits at full magnitude; its operator is then slashed by half.
//! let dsf = update_deposit_scaling_factor(U256::ZERO, U256::ZERO, WAD, WAD)?;
//! let half = WAD / U256::from(2);
//! assert_eq!(withdrawable_shares(WAD, dsf, half)?, half);
//! assert_eq!(slashed_operator_shares(WAD, WAD, half)?, half);
//! # Ok::<(), MathError>(())
//! ```
#![no_std]
#![deny(missing_docs)]

mod fixed_point;
pub mod rewards;
mod shares;
mod slashing;
mod wide;

pub use alloy_primitives::U256;
pub use fixed_point::{add, mul, mul_div, sub, wad_div, wad_mul};
pub use shares::{assets_to_shares, shares_to_assets, VaultTotals};
pub use slashing::{
    magnitude_to_slash, operator_stake_of, scale_for_queue, scaled_to_withdrawable,
    slashed_operator_shares, update_deposit_scaling_factor, withdrawable_shares,
};

/// One in 18-decimal fixed point: 1e18.
pub const WAD: U256 = U256::from_limbs([1_000_000_000_000_000_000, 0, 0, 0]);

/// Virtual shares added to a vault's total shares in every conversion
/// (EigenLayer's offset, 1e3).
///
/// Together with [`VIRTUAL_ASSETS`] this makes first-depositor and donation
/// (inflation) attacks unprofitable: a donation is shared with the virtual
/// position, so an attacker loses more than it can steal, while the initial
/// price stays exactly 1:1 because both offsets are equal.
pub const VIRTUAL_SHARES: U256 = U256::from_limbs([1_000, 0, 0, 0]);

/// Virtual assets added to a vault's total assets in every conversion
/// (EigenLayer's offset, 1e3). See [`VIRTUAL_SHARES`].
pub const VIRTUAL_ASSETS: U256 = U256::from_limbs([1_000, 0, 0, 0]);

/// Which way a division rounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rounding {
    /// Towards zero (floor).
    Down,
    /// Away from zero (ceiling).
    Up,
}

/// Why a checked operation failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MathError {
    /// The result does not fit in a `U256` (or an input is out of its domain,
    /// such as a WAD fraction above one).
    Overflow,
    /// A divisor was zero.
    DivisionByZero,
    /// A subtraction would go below zero (or a value that may only decrease
    /// was given as increasing).
    Underflow,
}

impl MathError {
    /// The code every contract's `*MathError(uint8 code)` custom error
    /// carries (`restake_interfaces::math_code`): 1 overflow, 2 division by
    /// zero, 3 underflow.
    pub const fn code(self) -> u8 {
        match self {
            MathError::Overflow => 1,
            MathError::DivisionByZero => 2,
            MathError::Underflow => 3,
        }
    }
}

/// The result of every checked operation in this crate.
pub type MathResult<T> = Result<T, MathError>;
