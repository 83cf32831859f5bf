//! The views: every read-only entry point.

use alloc::vec::Vec;

use alloy_primitives::{Address, U256};
use restake_interfaces::words;
use restake_math::{mul_div, Rounding};

use crate::allocations::Alloc;
use crate::calls::{MAX_MAGNITUDE, OPERATOR_STAKE};
use crate::sets::set_key;
use crate::storage::{ALLOCATIONS, AVSES, CONFIG, ENCUMBERED, SETS, SLASH_ID, VAULTS};
use crate::{Error, SlashingManager, EXECUTION_PERIOD, REQUEST_EXPIRED, REQUEST_PENDING};
use restake_kit::storage::{offset, unpack};
use stylus_sdk::prelude::*;

impl SlashingManager {
    // ------------------------------------------------------------------
    // Views
    // ------------------------------------------------------------------

    /// The operator registry.
    pub fn registry_address(&self) -> Address {
        unpack(self.sload(CONFIG.slot())).0
    }

    /// Seconds a decrease or a departure stays slashable.
    pub fn deallocation_delay(&self) -> u64 {
        unpack(self.sload(CONFIG.slot())).1
    }

    /// The last slash id handed out (0: none yet; ids start at 1).
    pub fn last_slash_id(&self) -> u64 {
        self.sload(SLASH_ID.slot()).as_limbs()[0]
    }

    /// Whether `avs` is registered, and its registrar.
    pub fn avs_info(&self, avs: Address) -> (bool, Address) {
        let (registrar, _, registered) = unpack(self.sload(self.slot1(AVSES, avs.into_word())));
        (registered == 1, registrar)
    }

    /// Set `(avs, set_id)`'s parameters: slasher, recipient, resolver,
    /// veto window, cap, cap period, equivocation penalty, evidence verifier (all zero if the
    /// set does not exist; an existing set has a non-zero cap).
    #[allow(clippy::type_complexity)]
    pub fn operator_set(
        &self,
        avs: Address,
        set_id: u32,
    ) -> (Address, Address, Address, u64, u64, u64, u64, Address) {
        let p = self.set_params(set_key(avs, set_id));
        (
            p.slasher,
            p.recipient,
            p.resolver,
            p.veto_window,
            p.cap_wad,
            p.cap_period,
            p.tail[0],
            p.verifier,
        )
    }

    /// The vaults set `(avs, set_id)` accepts.
    pub fn set_vaults(&self, avs: Address, set_id: u32) -> Vec<Address> {
        let skey = set_key(avs, set_id);
        let base = self.slot1(SETS, skey);
        let count = self.set_params(skey).tail[3];
        (0..count)
            .map(|i| unpack(self.sload(offset(base, VAULTS + i))).0)
            .collect()
    }

    /// The WAD fraction of `operator`'s allocations already slashed in set
    /// `(avs, set_id)` this period (the cap is kept per set and operator).
    pub fn cap_used(&self, operator: Address, avs: Address, set_id: u32) -> u64 {
        let skey = set_key(avs, set_id);
        let period = self.set_params(skey).cap_period;
        self.cap_record(operator, skey, period).2
    }

    /// Until when `operator` is slashable in set `(avs, set_id)`:
    /// [`MEMBER`](crate::MEMBER) (`u64::MAX`) while a member, 0 if it never joined.
    pub fn slashable_until(&self, operator: Address, avs: Address, set_id: u32) -> u64 {
        self.until_of(operator, set_key(avs, set_id))
    }

    /// `operator`'s allocation of `vault` to set `(avs, set_id)` now:
    /// the allocated (slashable) magnitude, the magnitude after the pending
    /// change, and when that change takes effect (0: none pending).
    ///
    /// # Errors
    /// * [`Error::Math`] - never for stored values (a decrease never exceeds its allocation).
    pub fn allocation(
        &self,
        operator: Address,
        avs: Address,
        set_id: u32,
        vault: Address,
    ) -> Result<(u64, u64, u64), Error> {
        let akey = ALLOCATIONS.slot(
            self.vm(),
            operator.into_word(),
            set_key(avs, set_id),
            vault.into_word(),
        );
        let (a, _) = Alloc::unpack(self.sload(akey)).at(self.now())?;
        Ok((a.current, a.target(), a.effect_at))
    }

    /// `operator`'s encumbered magnitude of `vault`: allocations plus pending
    /// increases (decreases whose time has come are released when that
    /// allocation is next touched).
    pub fn encumbered_magnitude(&self, operator: Address, vault: Address) -> u64 {
        self.sload(self.slot2(ENCUMBERED, operator.into_word(), vault.into_word()))
            .as_limbs()[0]
    }

    /// The vault shares of `operator`'s stake in `vault` slashable by set
    /// `(avs, set_id)` at time `at` (now if earlier): its stake times the
    /// allocation in force then over its max magnitude, rounded down; zero if
    /// the operator is no longer slashable then or the set does not accept
    /// the vault. Pending changes are projected; future slashes are not.
    ///
    /// # Errors
    /// * [`Error::Math`], [`Error::Callee`] (registry reads).
    pub fn slashable_stake(
        &self,
        operator: Address,
        avs: Address,
        set_id: u32,
        vault: Address,
        at: u64,
    ) -> Result<U256, Error> {
        let skey = set_key(avs, set_id);
        let t = at.max(self.now());
        if self.until_of(operator, skey) <= t || !self.accepts(skey, vault) {
            return Ok(U256::ZERO);
        }
        let akey = self.slot3(ALLOCATIONS, operator.into_word(), skey, vault.into_word());
        let (a, _) = Alloc::unpack(self.sload(akey)).at(t)?;
        if a.current == 0 {
            return Ok(U256::ZERO);
        }
        let registry = self.registry_address();
        let max = self
            .call(registry, MAX_MAGNITUDE, &words![operator, vault], false)?
            .saturating_to::<u64>();
        let stake = self.call(registry, OPERATOR_STAKE, &words![operator, vault], false)?;
        // Down: a view of what a slash can take, never overstated.
        Ok(mul_div(
            stake,
            U256::from(a.current),
            U256::from(max),
            Rounding::Down,
        )?)
    }

    /// Slash request `slash_id`: operator, avs, set id, WAD fraction, when it
    /// becomes executable (it expires [`EXECUTION_PERIOD`] later), status
    /// (0 none, 1 pending, 2 vetoed, 3 executed, 4 expired) and its vaults.
    pub fn slash_request(
        &self,
        slash_id: U256,
    ) -> (Address, Address, u32, u64, u64, u8, Vec<Address>) {
        let mut r = self.request(slash_id);
        if r.status == REQUEST_PENDING
            && self.now() >= r.executable_at.saturating_add(EXECUTION_PERIOD)
        {
            r.status = REQUEST_EXPIRED;
        }
        (
            r.operator,
            r.avs,
            r.set_id,
            r.wad_fraction,
            r.executable_at,
            r.status,
            r.vaults,
        )
    }
}
