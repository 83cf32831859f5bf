//! OpenZeppelin's two-step ownership (`Ownable2Step`: the same functions,
//! errors and events) on two of a contract's storage slots.
//!
//! ```ignore
//! /// The owner and the account offered ownership.
//! pub const OWNERSHIP: Ownership = Ownership::at(Slot::new(0x10), Slot::new(0x11));
//! ...
//! OWNERSHIP.only_owner(self.vm()).map_err(Error::OwnableUnauthorizedAccount)?;
//! ```
use alloy_primitives::Address;
use stylus_sdk::stylus_core::Host;

use crate::{log, storage::Slot};

crate::errors! { ERRORS;
    /// The caller `account` is not authorized to perform this operation (not the owner, or not the pending owner).
    error OwnableUnauthorizedAccount(address account);
    /// `owner` is not a valid owner (the zero address).
    error OwnableInvalidOwner(address owner);
}

crate::events! { EVENTS;
    /// Ownership moved from `previous_owner` to `new_owner`.
    event OwnershipTransferred(address indexed previous_owner, address indexed new_owner);
    /// `previous_owner` offered ownership to `new_owner`, who must accept it.
    event OwnershipTransferStarted(address indexed previous_owner, address indexed new_owner);
}

/// Where a contract keeps its owner and the account offered ownership.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ownership {
    owner: Slot,
    pending: Slot,
}

impl Ownership {
    /// Ownership kept in slots `owner` and `pending` (two of the contract's
    /// layout table).
    pub const fn at(owner: Slot, pending: Slot) -> Self {
        Self { owner, pending }
    }

    /// The owner (zero once renounced).
    #[inline(always)]
    pub fn owner(self, vm: &dyn Host) -> Address {
        self.owner.load_address(vm)
    }

    /// The account offered ownership, until it accepts (zero for none).
    #[inline(always)]
    pub fn pending_owner(self, vm: &dyn Host) -> Address {
        self.pending.load_address(vm)
    }

    /// Sets the first owner (construction).
    ///
    /// # Errors
    /// [`OwnableInvalidOwner`] - `owner` is the zero address.
    ///
    /// # Events
    /// [`OwnershipTransferred`] from the zero address.
    #[inline(always)]
    pub fn init(self, vm: &dyn Host, owner: Address) -> Result<(), OwnableInvalidOwner> {
        if owner.is_zero() {
            return Err(OwnableInvalidOwner { owner });
        }
        self.set_owner(vm, owner);
        Ok(())
    }

    /// The caller, if it is the owner.
    ///
    /// # Errors
    /// [`OwnableUnauthorizedAccount`] - the caller is not the owner.
    #[inline(always)]
    pub fn only_owner(self, vm: &dyn Host) -> Result<Address, OwnableUnauthorizedAccount> {
        let caller = vm.msg_sender();
        if caller != self.owner(vm) {
            return Err(OwnableUnauthorizedAccount { account: caller });
        }
        Ok(caller)
    }

    /// The owner offers ownership to `new_owner` (zero withdraws the offer);
    /// it stays the owner until `new_owner` accepts.
    ///
    /// # Errors
    /// [`OwnableUnauthorizedAccount`] - the caller is not the owner.
    ///
    /// # Events
    /// [`OwnershipTransferStarted`].
    #[inline(always)]
    pub fn transfer_ownership(
        self,
        vm: &dyn Host,
        new_owner: Address,
    ) -> Result<(), OwnableUnauthorizedAccount> {
        let owner = self.only_owner(vm)?;
        self.pending.store_address(vm, new_owner);
        log::emit_event(
            vm,
            &OwnershipTransferStarted {
                previous_owner: owner,
                new_owner,
            },
        );
        Ok(())
    }

    /// The account offered ownership takes it.
    ///
    /// # Errors
    /// [`OwnableUnauthorizedAccount`] - the caller is not the pending owner.
    ///
    /// # Events
    /// [`OwnershipTransferred`].
    #[inline(always)]
    pub fn accept_ownership(self, vm: &dyn Host) -> Result<(), OwnableUnauthorizedAccount> {
        let caller = vm.msg_sender();
        if caller != self.pending_owner(vm) {
            return Err(OwnableUnauthorizedAccount { account: caller });
        }
        self.set_owner(vm, caller);
        Ok(())
    }

    /// The owner leaves the contract without an owner, for good.
    ///
    /// # Errors
    /// [`OwnableUnauthorizedAccount`] - the caller is not the owner.
    ///
    /// # Events
    /// [`OwnershipTransferred`] to the zero address.
    #[inline(always)]
    pub fn renounce_ownership(self, vm: &dyn Host) -> Result<(), OwnableUnauthorizedAccount> {
        self.only_owner(vm)?;
        self.set_owner(vm, Address::ZERO);
        Ok(())
    }

    /// Moves ownership to `new_owner` and clears any offer.
    #[inline(always)]
    fn set_owner(self, vm: &dyn Host, new_owner: Address) {
        let previous_owner = self.owner(vm);
        self.owner.store_address(vm, new_owner);
        self.pending.store_address(vm, Address::ZERO);
        log::emit_event(
            vm,
            &OwnershipTransferred {
                previous_owner,
                new_owner,
            },
        );
    }
}
