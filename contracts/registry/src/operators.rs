//! Operators: registration, the allocation delay (scheduled changes, floored
//! at the protocol minimum), the metadata URI and the delegation approver.

use alloy_primitives::Address;
use alloy_sol_types::SolEvent;
use restake_interfaces::registry::*;
use restake_kit::log;
use stylus_sdk::prelude::*;

use crate::storage::{ALLOCATION_DELAYS, OPERATORS, REGISTERED};
use crate::{Error, OperatorRegistry};
use alloy_primitives::U256;
use restake_kit::storage::pack;

impl OperatorRegistry {
    // ------------------------------------------------------------------
    // Operators
    // ------------------------------------------------------------------

    /// Registers the caller as an operator, delegated to itself (any vault
    /// positions it holds become its stake). `allocation_delay` (seconds)
    /// takes effect after the allocation configuration delay
    /// ([`Self::min_allocation_delay`]); until then, and whenever it is
    /// lower, the protocol minimum applies (see [`Self::allocation_delay`]).
    ///
    /// # Errors
    /// * [`Error::AlreadyOperator`] - the caller is an operator already.
    /// * [`Error::AlreadyDelegated`] - the caller is delegated to an operator.
    /// * [`Error::OperatorFullySlashed`], [`Error::Vault`], [`Error::Math`] -
    ///   moving its positions failed.
    ///
    /// # Events
    /// * [`OperatorRegistered`], [`AllocationDelaySet`], [`OperatorMetadataURIUpdated`],
    ///   [`StakerDelegated`], and per vault position [`DepositScalingFactorUpdated`] and
    ///   [`OperatorStakeIncreased`].
    pub fn register_as_operator(
        &mut self,
        approver: Address,
        allocation_delay: u32,
        metadata_uri: impl AsRef<[u8]>,
    ) -> Result<(), Error> {
        let operator = self.vm().msg_sender();
        if self.is_operator(operator) {
            return Err(Error::AlreadyOperator(RegistryAlreadyOperator {
                account: operator,
            }));
        }
        let current = self.delegated_to(operator);
        if !current.is_zero() {
            return Err(Error::AlreadyDelegated(RegistryAlreadyDelegated {
                staker: operator,
                operator: current,
            }));
        }
        self.sstore(
            self.slot1(OPERATORS, operator.into_word()),
            pack(approver, REGISTERED | allocation_delay as u64, 0),
        );
        self.emit_event(&OperatorRegistered {
            operator,
            approver,
            allocation_delay,
        });
        self.configure_allocation_delay(operator, allocation_delay);
        self.emit_metadata(operator, metadata_uri.as_ref());
        self.delegate(operator, operator, true)
    }

    /// Changes the calling operator's allocation delay to `delay` seconds,
    /// from now plus the allocation configuration delay
    /// ([`Self::min_allocation_delay`], longer than the withdrawal delay):
    /// stakers delegated now can leave before a shorter delay applies. Until
    /// then the delay in force now stays (a change still pending is
    /// replaced); the protocol minimum applies whenever it is higher.
    ///
    /// # Errors
    /// * [`Error::NotOperator`] - the caller is not an operator.
    ///
    /// # Events
    /// * [`AllocationDelaySet`].
    pub fn set_allocation_delay(&mut self, delay: u32) -> Result<(), Error> {
        let (operator, _) = self.only_operator()?;
        self.configure_allocation_delay(operator, delay);
        Ok(())
    }

    /// Publishes a new metadata URI for the calling operator (kept in the
    /// event only).
    ///
    /// # Errors
    /// * [`Error::NotOperator`] - the caller is not an operator.
    ///
    /// # Events
    /// * [`OperatorMetadataURIUpdated`].
    pub fn update_operator_metadata_uri(
        &mut self,
        metadata_uri: impl AsRef<[u8]>,
    ) -> Result<(), Error> {
        let (operator, _) = self.only_operator()?;
        self.emit_metadata(operator, metadata_uri.as_ref());
        Ok(())
    }

    /// Sets the calling operator's delegation approver (zero: anyone may
    /// delegate without a signature).
    ///
    /// # Errors
    /// * [`Error::NotOperator`] - the caller is not an operator.
    ///
    /// # Events
    /// * [`DelegationApproverSet`].
    pub fn set_delegation_approver(&mut self, approver: Address) -> Result<(), Error> {
        let (operator, flags) = self.only_operator()?;
        self.sstore(
            self.slot1(OPERATORS, operator.into_word()),
            pack(approver, flags, 0),
        );
        self.emit_event(&DelegationApproverSet { operator, approver });
        Ok(())
    }
}

impl OperatorRegistry {
    /// `OperatorMetadataURIUpdated(operator, uri)`: the one event with a
    /// dynamic field.
    pub(crate) fn emit_metadata(&self, operator: Address, uri: &[u8]) {
        log::emit_with_bytes(
            self.vm(),
            &[
                OperatorMetadataURIUpdated::SIGNATURE_HASH,
                operator.into_word(),
            ],
            &[],
            uri,
        );
    }

    /// The caller and its operator flags, if it is an operator.
    pub(crate) fn only_operator(&self) -> Result<(Address, u64), Error> {
        let operator = self.vm().msg_sender();
        let (flags, _) = self.operator_word(operator);
        if flags & REGISTERED == 0 {
            return Err(Error::NotOperator(RegistryNotOperator {
                account: operator,
            }));
        }
        Ok((operator, flags))
    }

    /// `(delay before effect_at, delay from effect_at, effect_at)` of `operator`.
    pub(crate) fn allocation_delay_word(&self, operator: Address) -> (u32, u32, u64) {
        let [delays, effect_at, ..] = *self
            .sload(self.slot1(ALLOCATION_DELAYS, operator.into_word()))
            .as_limbs();
        ((delays >> 32) as u32, delays as u32, effect_at)
    }

    /// `operator`'s configured allocation delay in force at `t` (0, which the
    /// minimum floors, before any is set).
    pub(crate) fn configured_allocation_delay(&self, operator: Address, t: u64) -> u32 {
        let (before, from, effect_at) = self.allocation_delay_word(operator);
        if t >= effect_at {
            from
        } else {
            before
        }
    }

    /// Schedules `operator`'s allocation delay `delay` from now plus the
    /// configuration delay, keeping the one in force now until then.
    pub(crate) fn configure_allocation_delay(&mut self, operator: Address, delay: u32) {
        let now = self.now();
        let before = self.configured_allocation_delay(operator, now);
        let effect_at = now.saturating_add(self.min_allocation_delay() as u64);
        self.sstore(
            self.slot1(ALLOCATION_DELAYS, operator.into_word()),
            U256::from_limbs([((before as u64) << 32) | delay as u64, effect_at, 0, 0]),
        );
        self.emit_event(&AllocationDelaySet {
            operator,
            delay,
            effect_at,
        });
    }
}
