//! The O(1) slashing-factor math, after EigenLayer's `SlashingLib`.
//!
//! A staker's withdrawable shares are `a = s · k · m` where `s` = deposit
//! shares, `k` = deposit scaling factor (WAD), `m` = its operator's max
//! magnitude (WAD; starts at `WAD`, only decreases). Slashing lowers `m` for
//! all stakers at once. Staker-side amounts always round down; the operator's
//! delegated total is rounded so that it never falls below the sum of its
//! stakers' withdrawable shares (invariant 2).

use crate::{mul_div, sub, wad_div, wad_mul, MathError, MathResult, Rounding, U256, WAD};

/// A staker's withdrawable shares: `deposit_shares · dsf · max_magnitude`
/// (two WAD products).
///
/// A position's `deposit_scaling_factor` must have been set by
/// [`update_deposit_scaling_factor`] (a stored 0 is *not* read as `WAD`:
/// it yields 0).
///
/// # Errors
/// - [`MathError::Overflow`] if an intermediate product exceeds `U256::MAX`.
pub fn withdrawable_shares(
    deposit_shares: U256,
    deposit_scaling_factor: U256,
    max_magnitude: U256,
) -> MathResult<U256> {
    // Both products round down: the staker never gets more than is backed,
    // and each floor can only lower its claim below the operator's total.
    let scaled = wad_mul(deposit_shares, deposit_scaling_factor, Rounding::Down)?;
    wad_mul(scaled, max_magnitude, Rounding::Down)
}

/// What a position adds to its operator's delegated stake: its
/// withdrawable shares `deposit_shares · dsf · max_magnitude` with the last
/// product rounded **up** (the staker's own claim, [`withdrawable_shares`],
/// rounds it down).
///
/// Rounded up so that the operator's stake stays at or above the exact
/// (real-valued) sum of its stakers' `⌊s·k⌋ · m`: a slash scales that stake
/// by `m'/m` rounding up ([`slashed_operator_shares`]), which keeps it above
/// the exact sum at `m'`, and so above the sum of the stakers' floors
/// (invariant 2). Adding the floor instead loses up to a share's fraction
/// per staker, and after a slash the stakers' floors can add up to one more
/// than the operator's stake (found by the registry's property test).
///
/// # Errors
/// - [`MathError::Overflow`] if an intermediate product exceeds `U256::MAX`.
pub fn operator_stake_of(
    deposit_shares: U256,
    deposit_scaling_factor: U256,
    max_magnitude: U256,
) -> MathResult<U256> {
    let scaled = wad_mul(deposit_shares, deposit_scaling_factor, Rounding::Down)?;
    wad_mul(scaled, max_magnitude, Rounding::Up)
}

/// The new deposit scaling factor after `added_shares` deposit shares join a
/// position of `prev_deposit_shares` with `prev_dsf`, under `max_magnitude`.
///
/// Chosen so that earlier slashing is not applied to the new money: with
/// `prev_deposit_shares == 0` it is `WAD / m` (so the new shares are worth
/// `added · 1 / m · m = added`); otherwise it is
/// `(current + added) / (prev + added) / m` where `current` is the position's
/// withdrawable shares, so the withdrawable shares after the deposit are
/// `current + added` (minus rounding dust).
///
/// # Errors
/// - [`MathError::DivisionByZero`] if `max_magnitude == 0` (a fully slashed
///   operator cannot take new deposits).
/// - [`MathError::Overflow`] if an intermediate exceeds `U256::MAX` (for
///   example a very small `max_magnitude` with huge share amounts).
pub fn update_deposit_scaling_factor(
    prev_deposit_shares: U256,
    prev_dsf: U256,
    max_magnitude: U256,
    added_shares: U256,
) -> MathResult<U256> {
    if max_magnitude.is_zero() {
        return Err(MathError::DivisionByZero);
    }
    // Every division below rounds down: a smaller factor means the new
    // position is worth at most current + added (new money is never inflated
    // by rounding); the dust stays in the vault.
    if prev_deposit_shares.is_zero() {
        return wad_div(WAD, max_magnitude, Rounding::Down);
    }
    let current = withdrawable_shares(prev_deposit_shares, prev_dsf, max_magnitude)?;
    let new_withdrawable = crate::add(current, added_shares)?;
    let new_deposit_shares = crate::add(prev_deposit_shares, added_shares)?;
    // new_deposit_shares >= prev_deposit_shares > 0.
    let per_share = wad_div(new_withdrawable, new_deposit_shares, Rounding::Down)?;
    wad_div(per_share, max_magnitude, Rounding::Down)
}

/// Scaled shares stored in a queued withdrawal: `deposit_shares · dsf`.
///
/// They are turned back into withdrawable shares with the magnitude in force
/// when the withdrawal completes ([`scaled_to_withdrawable`]), so queued
/// shares stay slashable during the delay.
///
/// # Errors
/// - [`MathError::Overflow`] if the product exceeds `U256::MAX`.
pub fn scale_for_queue(deposit_shares: U256, deposit_scaling_factor: U256) -> MathResult<U256> {
    // Down: the queued claim is never larger than the position it came from.
    wad_mul(deposit_shares, deposit_scaling_factor, Rounding::Down)
}

/// What a queued withdrawal pays at completion: `scaled_shares · max_magnitude`
/// (the magnitude in force when the delay ends).
///
/// # Errors
/// - [`MathError::Overflow`] if the product exceeds `U256::MAX`.
pub fn scaled_to_withdrawable(scaled_shares: U256, max_magnitude: U256) -> MathResult<U256> {
    // Down: the staker never receives more than is backed.
    wad_mul(scaled_shares, max_magnitude, Rounding::Down)
}

/// The amount by which an operator's delegated shares fall when its max
/// magnitude drops from `prev_max_magnitude` to `new_max_magnitude`:
/// `operator_shares - ⌈operator_shares · new / prev⌉`.
///
/// The remaining stake rounds **up** (so the slashed amount rounds down),
/// as in EigenLayer's `calcSlashedAmount` ("round up so we don't
/// overslash"). This is the direction that keeps invariant 2: every staker's
/// withdrawable shares are recomputed from its scaled shares with a floor,
/// so their sum is at most `Σ scaled · new / WAD`; a ceiling on the operator's
/// remaining stake keeps it at or above that real value across any number of
/// slashes, while a floor could let it drift one unit per slash below the sum
/// of its stakers (and burn more than stakers lost, breaking solvency). The
/// unslashed dust is at most 1 share per slash.
///
/// # Errors
/// - [`MathError::DivisionByZero`] if `prev_max_magnitude == 0`.
/// - [`MathError::Underflow`] if `new_max_magnitude > prev_max_magnitude`
///   (magnitudes only decrease).
pub fn slashed_operator_shares(
    operator_shares: U256,
    prev_max_magnitude: U256,
    new_max_magnitude: U256,
) -> MathResult<U256> {
    if prev_max_magnitude.is_zero() {
        return Err(MathError::DivisionByZero);
    }
    if new_max_magnitude > prev_max_magnitude {
        return Err(MathError::Underflow);
    }
    // new <= prev, so the quotient is <= operator_shares: it cannot overflow
    // and the subtraction cannot underflow.
    let remaining = mul_div(
        operator_shares,
        new_max_magnitude,
        prev_max_magnitude,
        Rounding::Up,
    )?;
    sub(operator_shares, remaining)
}

/// Magnitude removed when an operator set slashes `wad_fraction` of the
/// operator's `allocated_magnitude` there: `⌈allocated · fraction / WAD⌉`,
/// capped at `allocated`.
///
/// Rounds up so that a tiny slash of a non-zero allocation never rounds to
/// zero (no free "slashes that burn nothing"); the cap keeps the slash
/// within the allocation (invariant 4).
///
/// # Errors
/// - [`MathError::Overflow`] if `wad_fraction > WAD` (more than 100%), or the
///   product exceeds `U256::MAX`.
pub fn magnitude_to_slash(allocated_magnitude: U256, wad_fraction: U256) -> MathResult<U256> {
    if wad_fraction > WAD {
        return Err(MathError::Overflow);
    }
    let slashed = wad_mul(allocated_magnitude, wad_fraction, Rounding::Up)?;
    // fraction <= WAD makes slashed <= allocated already; the min is a cheap
    // belt-and-braces guarantee of the cap.
    Ok(slashed.min(allocated_magnitude))
}
