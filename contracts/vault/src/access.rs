//! Access control and the owner-set parameters: the one-caller check of the
//! privileged entry points, and the writers of the deposit cap and the
//! pauser (with their events).

use alloy_primitives::{Address, U256};
use restake_interfaces::vault::*;
use restake_kit::log;
use stylus_sdk::prelude::*;

use crate::storage::*;
use crate::{Error, Vault};

impl Vault {
    /// The caller, if it is the owner.
    pub(crate) fn only_owner(&self) -> Result<Address, Error> {
        OWNERSHIP
            .only_owner(self.vm())
            .map_err(Error::OwnableUnauthorizedAccount)
    }

    pub(crate) fn only(&self, allowed: Address) -> Result<(), Error> {
        let caller = self.vm().msg_sender();
        if caller != allowed || allowed.is_zero() {
            return Err(Error::Unauthorized(VaultUnauthorized { caller }));
        }
        Ok(())
    }

    pub(crate) fn set_cap_inner(&mut self, new_cap: U256) {
        let previous_cap = self.get(DEPOSIT_CAP);
        self.put(DEPOSIT_CAP, new_cap);
        log::emit_event(
            self.vm(),
            &DepositCapSet {
                previous_cap,
                new_cap,
            },
        );
    }

    pub(crate) fn set_pauser_inner(&mut self, new_pauser: Address) {
        let previous_pauser = self.get_addr(PAUSER);
        self.put_addr(PAUSER, new_pauser);
        log::emit_event(
            self.vm(),
            &PauserSet {
                previous_pauser,
                new_pauser,
            },
        );
    }
}
