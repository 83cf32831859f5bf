//! OpenZeppelin's `Pausable` (the same errors and events) on one of a
//! contract's storage slots.
use stylus_sdk::stylus_core::Host;

use crate::{log, storage::Slot};

crate::errors! { ERRORS;
    /// The operation is paused.
    error EnforcedPause();
    /// The operation needs the contract paused, and it is not.
    error ExpectedPause();
}

crate::events! { EVENTS;
    /// `account` paused the contract.
    event Paused(address account);
    /// `account` unpaused the contract.
    event Unpaused(address account);
}

/// Where a contract keeps its pause flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pause(Slot);

impl Pause {
    /// The flag in slot `slot` (one of the contract's layout table).
    pub const fn at(slot: Slot) -> Self {
        Self(slot)
    }

    /// Whether the contract is paused.
    #[inline(always)]
    pub fn paused(self, vm: &dyn Host) -> bool {
        !self.0.load(vm).is_zero()
    }

    /// Passes unless paused.
    ///
    /// # Errors
    /// [`EnforcedPause`] - paused.
    #[inline(always)]
    pub fn when_not_paused(self, vm: &dyn Host) -> Result<(), EnforcedPause> {
        if self.paused(vm) {
            return Err(EnforcedPause {});
        }
        Ok(())
    }

    /// Pauses (the caller's right to is the contract's to check).
    ///
    /// # Errors
    /// [`EnforcedPause`] - already paused.
    ///
    /// # Events
    /// [`Paused`] naming the caller.
    #[inline(always)]
    pub fn pause(self, vm: &dyn Host) -> Result<(), EnforcedPause> {
        self.when_not_paused(vm)?;
        self.0.store(vm, alloy_primitives::U256::from(1u8));
        log::emit_event(
            vm,
            &Paused {
                account: vm.msg_sender(),
            },
        );
        Ok(())
    }

    /// Unpauses (the caller's right to is the contract's to check).
    ///
    /// # Errors
    /// [`ExpectedPause`] - not paused.
    ///
    /// # Events
    /// [`Unpaused`] naming the caller.
    #[inline(always)]
    pub fn unpause(self, vm: &dyn Host) -> Result<(), ExpectedPause> {
        if !self.paused(vm) {
            return Err(ExpectedPause {});
        }
        self.0.store(vm, alloy_primitives::U256::ZERO);
        log::emit_event(
            vm,
            &Unpaused {
                account: vm.msg_sender(),
            },
        );
        Ok(())
    }
}
