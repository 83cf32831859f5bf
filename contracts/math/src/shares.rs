//! Vault share conversions with a virtual offset (ERC-4626 style).
//!
//! The caller picks the rounding, and must pick the one that favours the
//! vault: `Down` when the user receives the result (shares for a deposit,
//! assets for a redeem), `Up` when the user pays it (assets for a mint,
//! shares for a withdraw).

use crate::{add, mul_div, MathResult, Rounding, U256, VIRTUAL_ASSETS, VIRTUAL_SHARES};

/// A vault's totals, passed as one struct so the two same-typed totals cannot
/// be swapped at a call site.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VaultTotals {
    /// Shares in existence (not counting [`VIRTUAL_SHARES`]).
    pub total_shares: U256,
    /// Assets the vault holds for those shares (not counting [`VIRTUAL_ASSETS`]).
    pub total_assets: U256,
}

/// Shares worth `assets`:
/// `assets * (total_shares + VIRTUAL_SHARES) / (total_assets + VIRTUAL_ASSETS)`.
///
/// Use `Rounding::Down` for a deposit (the depositor never gets more shares
/// than it paid for) and `Rounding::Up` for a withdraw of exact assets (the
/// user burns at least the shares the assets are worth).
///
/// # Errors
/// - [`MathError::Overflow`](crate::MathError::Overflow) if a total plus its
///   virtual offset, or the result, exceeds `U256::MAX`.
pub fn assets_to_shares(assets: U256, totals: VaultTotals, rounding: Rounding) -> MathResult<U256> {
    let shares = add(totals.total_shares, VIRTUAL_SHARES)?;
    let assets_total = add(totals.total_assets, VIRTUAL_ASSETS)?;
    // assets_total >= VIRTUAL_ASSETS > 0: no division by zero.
    mul_div(assets, shares, assets_total, rounding)
}

/// Assets worth `shares`:
/// `shares * (total_assets + VIRTUAL_ASSETS) / (total_shares + VIRTUAL_SHARES)`.
///
/// Use `Rounding::Down` for a redeem (the redeemer never gets more assets than
/// its shares back) and `Rounding::Up` for a mint of exact shares (the user
/// pays at least what the shares are worth).
///
/// # Errors
/// - [`MathError::Overflow`](crate::MathError::Overflow) if a total plus its
///   virtual offset, or the result, exceeds `U256::MAX`.
pub fn shares_to_assets(shares: U256, totals: VaultTotals, rounding: Rounding) -> MathResult<U256> {
    let assets_total = add(totals.total_assets, VIRTUAL_ASSETS)?;
    let shares_total = add(totals.total_shares, VIRTUAL_SHARES)?;
    // shares_total >= VIRTUAL_SHARES > 0: no division by zero.
    mul_div(shares, assets_total, shares_total, rounding)
}
