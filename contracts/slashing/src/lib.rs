//! # Restake Slashing Manager
//!
//! EigenLayer's AllocationManager and AVSDirectory, Symbiotic's veto slasher
//! and Babylon's objective slashing, in one Stylus contract.
//!
//! * **AVSs** register with a metadata URI and an optional registrar contract
//!   that is called when operators join their sets (and may refuse) or
//!   leave them (told only: it cannot refuse a departure).
//! * **Operator sets** are keyed by `(avs, set_id)` and fix at creation: the
//!   slasher, where slashed assets go (burn, or a redistribution recipient),
//!   the mode (instant, or vetoable by a resolver within a veto window), a cap
//!   on the WAD fraction slashed per period, and an optional equivocation
//!   penalty. The AVS adds and removes the vaults the set accepts.
//! * **Allocations (unique stake)**: an operator allocates a magnitude (WAD)
//!   of each vault's stake to each set. The encumbered magnitude (allocations
//!   plus pending increases) never exceeds the operator's max magnitude in the
//!   registry. Increases take effect after the operator's allocation delay,
//!   decreases after the deallocation delay and stay slashable until then.
//!   One pending change per (operator, set, vault), applied lazily (O(1)).
//! * **Slashing** takes a WAD fraction of the operator's current allocation to
//!   the set, per vault: instantly by the slasher, or requested by the slasher,
//!   vetoable by the resolver, then executed by anyone; or by the set's
//!   evidence verifier (crate `restake-slashing-evidence`: anyone submits two
//!   EIP-712 signatures by the operator's key over different payloads at one
//!   height), by a fixed penalty. The manager lowers the allocation,
//!   tells the registry (which lowers the max magnitude, the operator's stake
//!   and its slashable queued withdrawals and returns the shares), and has
//!   the vault burn or redistribute those shares.
//! * **Cap**: per set, operator and period (`now / cap_period`), the sum of
//!   applied fractions never exceeds `cap_wad`; a slash beyond the room left
//!   is clamped to it, and one with no room reverts. Only a slash that
//!   really takes magnitude charges the cap: one against an operator with
//!   nothing allocated in the named vaults reverts and charges nothing, so
//!   no member (a stakeless sybil) can use up another member's room.
//!
//! Every loop is bounded by [`MAX_SET_VAULTS`]. See `docs/slashing.md`.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(target_arch = "wasm32", no_std)]
extern crate alloc;

restake_kit::wasm_runtime!();

mod allocations;
mod calls;
mod errors;
mod router;
pub use router::interface_abi;
mod sets;
mod slashing;
mod storage;
mod views;

pub use calls::{
    ALLOCATION_DELAY, BURN_SLASHED_SHARES, DEREGISTER_OPERATOR, IS_OPERATOR, IS_VAULT,
    MAX_MAGNITUDE, OPERATOR_STAKE, REGISTER_OPERATOR, SLASH_OPERATOR, WITHDRAWAL_DELAY,
};
pub use errors::Error;
pub use sets::set_key;

use alloy_primitives::Address;
use restake_interfaces::slashing::*;
use restake_math::{MathError, WAD};
use stylus_sdk::prelude::*;

use restake_kit::storage::pack;
use storage::CONFIG;

pub use restake_interfaces::slashing as abi;

/// The most vaults one operator set accepts (bounds every loop).
pub const MAX_SET_VAULTS: usize = 16;

/// Membership value of `slashable_until` while an operator is in a set.
pub const MEMBER: u64 = u64::MAX;

/// Seconds a vetoable request can be executed in after its veto window
/// closes; then it expires (L-4). A window is accepted only if window + this period fits in
/// both the deallocation delay and the registry's withdrawal delay (L-1), so
/// stake that was slashable when a request appeared cannot leave before the
/// request can be executed.
pub const EXECUTION_PERIOD: u64 = 86_400;

/// Gas given to the registrar's `deregisterOperator` hook when an operator
/// leaves; the hook is advisory and its failure (a revert, or running out
/// of this gas) is ignored (I-6).
pub const REGISTRAR_LEAVE_GAS: u64 = 100_000;

/// Slash request status: pending (vetoable, then executable).
pub const REQUEST_PENDING: u8 = 1;
/// Slash request status: vetoed by the resolver.
pub const REQUEST_VETOED: u8 = 2;
/// Slash request status: executed.
pub const REQUEST_EXECUTED: u8 = 3;
/// Slash request status (reported by the view, never stored): pending but
/// expired, [`EXECUTION_PERIOD`] after its window closed; it can no longer
/// be executed (L-4).
pub const REQUEST_EXPIRED: u8 = 4;

pub(crate) const WAD64: u64 = 1_000_000_000_000_000_000;

/// The slashing manager. Its storage is flat and packed by hand: see the
/// layout table in `storage.rs`.
#[entrypoint]
#[storage]
pub struct SlashingManager {}

impl SlashingManager {
    /// Wires the manager to the operator `registry`, fixes the
    /// `deallocation_delay` in seconds (veto windows are checked against
    /// it) and the `extension`: the manager's second wasm (this crate built
    /// with the `extension` feature), which the core delegate-calls for the
    /// routes marked `in ext` (`router.rs`). There is no owner: nothing can
    /// be changed afterwards. Run once, by the router's constructor, which
    /// guards it.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - always, in the extension's own wasm: it
    ///   has no state of its own and is never initialized.
    /// * [`Error::ZeroAddress`] - `registry` is the zero address, or (in the
    ///   core wasm) `extension` is.
    pub fn constructor(
        &mut self,
        registry: Address,
        deallocation_delay: u64,
        extension: Address,
    ) -> Result<(), Error> {
        if crate::router::WASM == restake_kit::route::EXT {
            return Err(Error::Unauthorized(SlashingUnauthorized {
                caller: self.vm().msg_sender(),
            }));
        }
        // The core delegate-calls the extension; a delegate call to an
        // address without code would "succeed" with no effect.
        let no_extension = crate::router::WASM == restake_kit::route::CORE && extension.is_zero();
        if registry.is_zero() || no_extension {
            return Err(Error::ZeroAddress(SlashingZeroAddress {}));
        }
        self.sstore(CONFIG.slot(), pack(registry, deallocation_delay, 0));
        self.sstore(
            crate::storage::EXTENSION.slot(),
            restake_kit::storage::from_address(extension),
        );
        Ok(())
    }
}

// ----------------------------------------------------------------------
// Checked u64 arithmetic and the WAD fraction check (every module's)
// ----------------------------------------------------------------------

pub(crate) fn check_fraction(fraction: u64) -> Result<(), Error> {
    if fraction == 0 || fraction > WAD64 {
        return Err(Error::InvalidFraction(SlashingInvalidFraction { fraction }));
    }
    Ok(())
}

pub(crate) fn add64(a: u64, b: u64) -> Result<u64, Error> {
    a.checked_add(b).ok_or(Error::from(MathError::Overflow))
}

pub(crate) fn sub64(a: u64, b: u64) -> Result<u64, Error> {
    a.checked_sub(b).ok_or(Error::from(MathError::Underflow))
}

// Keeps `WAD` (the math crate's one) and `WAD64` in step.
const _: () = assert!(WAD.as_limbs()[0] == WAD64);
