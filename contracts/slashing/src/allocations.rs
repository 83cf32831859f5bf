//! Operators in sets: membership (joining, leaving, the slashable window)
//! and unique-stake allocations (the packed `Alloc` record, pending changes
//! applied lazily, and the encumbered magnitude).

use alloy_primitives::{Address, B256, U256};
use restake_interfaces::{abi::error_data, slashing::*, words};
use restake_kit::log;
use stylus_sdk::prelude::*;

use crate::calls::{
    ALLOCATION_DELAY, DEREGISTER_OPERATOR, IS_OPERATOR, MAX_MAGNITUDE, ON_ALLOCATION_CHANGE,
    REGISTER_OPERATOR,
};
use crate::sets::set_key;
use crate::storage::{ALLOCATIONS, ENCUMBERED, MEMBERS, REWARDS};
use crate::{add64, sub64, Error, SlashingManager, MEMBER, REGISTRAR_LEAVE_GAS};

/// An operator's allocation of one vault to one set (one word, limbs
/// `[current, pending, effect_at, increase]`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Alloc {
    /// Magnitude slashable now (includes a pending decrease).
    pub(crate) current: u64,
    /// Size of the pending change (0: none).
    pub(crate) pending: u64,
    /// When the pending change takes effect.
    pub(crate) effect_at: u64,
    /// Whether the pending change is an increase.
    pub(crate) increase: bool,
}

impl Alloc {
    pub(crate) fn unpack(word: U256) -> Alloc {
        let l = word.as_limbs();
        Alloc {
            current: l[0],
            pending: l[1],
            effect_at: l[2],
            increase: l[3] & 1 == 1,
        }
    }

    pub(crate) fn pack(self) -> U256 {
        U256::from_limbs([
            self.current,
            self.pending,
            self.effect_at,
            self.increase as u64,
        ])
    }

    /// The allocation at time `t`: a pending change whose time has come is
    /// applied. Returns it and the magnitude freed (an applied decrease).
    pub(crate) fn at(self, t: u64) -> Result<(Alloc, u64), Error> {
        if self.pending == 0 || self.effect_at > t {
            return Ok((self, 0));
        }
        let current = if self.increase {
            add64(self.current, self.pending)?
        } else {
            sub64(self.current, self.pending)?
        };
        let freed = if self.increase { 0 } else { self.pending };
        Ok((
            Alloc {
                current,
                ..Alloc::default()
            },
            freed,
        ))
    }

    /// The magnitude after the pending change.
    pub(crate) fn target(self) -> u64 {
        if self.increase {
            self.current.saturating_add(self.pending)
        } else {
            self.current.saturating_sub(self.pending)
        }
    }
}

impl SlashingManager {
    // ------------------------------------------------------------------
    // Operators: membership and allocations
    // ------------------------------------------------------------------

    /// The calling operator joins set `(avs, set_id)`, with the AVS's
    /// consent: its registrar (if any) is called and may revert.
    ///
    /// # Errors
    /// * [`Error::SetNotFound`] - no such set.
    /// * [`Error::NotOperator`] - the caller is not a registered operator.
    /// * [`Error::AlreadyMember`] - the caller is a member.
    /// * [`Error::Callee`] - the registry or the registrar reverted.
    ///
    /// # Events
    /// * [`OperatorJoinedSet`].
    pub fn join_operator_set(&mut self, avs: Address, set_id: u32) -> Result<(), Error> {
        let operator = self.vm().msg_sender();
        let skey = self.require_set(avs, set_id)?;
        let mkey = self.member_key(operator, skey);
        let membership = self.sload(mkey);
        if membership == U256::from(MEMBER) {
            return Err(Error::AlreadyMember(SlashingAlreadyMember { operator }));
        }
        // A membership word that is not zero (a departed member's
        // slashable-until) was written after this check by an earlier join,
        // and registration is permanent: a rejoin skips the registry call.
        if membership.is_zero() {
            self.require_operator(operator)?;
        }
        self.sstore(mkey, U256::from(MEMBER));
        log::emit_event(
            self.vm(),
            &OperatorJoinedSet {
                operator,
                avs,
                set_id,
            },
        );
        self.notify_membership(operator, avs, set_id)?;
        let registrar = self.avs_info(avs).1;
        if !registrar.is_zero() {
            self.call_hook(registrar, REGISTER_OPERATOR, &words![operator, avs, set_id])?;
        }
        Ok(())
    }

    /// The calling operator leaves set `(avs, set_id)`. Its allocations there
    /// stay slashable for the deallocation delay. The registrar, if any, is
    /// told (`deregisterOperator`, with at most [`REGISTRAR_LEAVE_GAS`] gas),
    /// but it cannot refuse: its failure is ignored, so no AVS hook can trap
    /// an operator in a set (I-6).
    ///
    /// # Errors
    /// * [`Error::NotMember`] - the caller is not a member.
    /// * [`Error::Math`] - the slashable window overflows.
    ///
    /// # Events
    /// * [`OperatorLeftSet`].
    pub fn leave_operator_set(&mut self, avs: Address, set_id: u32) -> Result<(), Error> {
        let operator = self.vm().msg_sender();
        let mkey = self.member_key(operator, set_key(avs, set_id));
        if self.sload(mkey) != U256::from(MEMBER) {
            return Err(Error::NotMember(SlashingNotMember { operator }));
        }
        let until = add64(self.now(), self.deallocation_delay())?;
        self.sstore(mkey, U256::from(until));
        // Paid no more from now on (still slashable until `until`).
        self.notify_membership(operator, avs, set_id)?;
        log::emit_event(
            self.vm(),
            &OperatorLeftSet {
                operator,
                avs,
                set_id,
                slashable_until: until,
            },
        );
        let registrar = self.avs_info(avs).1;
        if !registrar.is_zero() {
            // Advisory (I-6): bounded gas, and a revert changes nothing here.
            let context =
                stylus_sdk::stylus_core::calls::context::Call::new().gas(REGISTRAR_LEAVE_GAS);
            let data = error_data(DEREGISTER_OPERATOR, &words![operator, avs, set_id]);
            let _ = self.vm().call(&context, registrar, &data);
        }
        Ok(())
    }

    /// Sets the calling operator's allocation of `vault` to set
    /// `(avs, set_id)` to `magnitude` (WAD of its max magnitude).
    ///
    /// A completed pending change is applied first. An increase encumbers
    /// the magnitude now and becomes slashable after the operator's
    /// allocation delay (read from the registry). A decrease takes effect
    /// after the deallocation delay and stays slashable until then, unless
    /// the operator is not slashable in the set (then at once). Setting the
    /// current value only applies a completed change (frees its magnitude).
    ///
    /// # Errors
    /// * [`Error::SetNotFound`] - no such set.
    /// * [`Error::NotOperator`] - the caller is not a registered operator.
    /// * [`Error::ModificationPending`] - a change is pending.
    /// * [`Error::VaultNotInSet`] - an increase of a vault the set does not accept.
    /// * [`Error::InsufficientMagnitude`] - the increase exceeds the max magnitude less the encumbered.
    /// * [`Error::Math`], [`Error::Callee`].
    ///
    /// # Events
    /// * [`AllocationUpdated`]; [`EncumberedMagnitudeUpdated`] when the encumbered magnitude changes.
    pub fn modify_allocation(
        &mut self,
        avs: Address,
        set_id: u32,
        vault: Address,
        magnitude: u64,
    ) -> Result<(), Error> {
        let operator = self.vm().msg_sender();
        let skey = self.require_set(avs, set_id)?;
        let akey = self.slot3(ALLOCATIONS, operator.into_word(), skey, vault.into_word());
        let stored = self.sload(akey);
        // Only an increase, after this check, writes a word that is not
        // zero, and registration is permanent (the registry has no
        // deregistration): a stored allocation proves the caller an
        // operator without the registry's program start-up (about 22k gas
        // uncached on every deallocation).
        if stored.is_zero() {
            self.require_operator(operator)?;
        }
        let mut a = self.settle(akey, stored, operator, vault)?;
        if a.pending != 0 {
            return Err(Error::ModificationPending(SlashingModificationPending {
                effect_at: a.effect_at,
            }));
        }
        let now = self.now();
        let mut effect_at = now;
        if magnitude > a.current {
            if !self.accepts(skey, vault) {
                return Err(Error::VaultNotInSet(SlashingVaultNotInSet { vault }));
            }
            let increase = magnitude - a.current; // > 0 by the branch
            let registry = self.registry_address();
            let max = self
                .call(registry, MAX_MAGNITUDE, &words![operator, vault], false)?
                .saturating_to::<u64>();
            let encumbered = self.encumbered_magnitude(operator, vault);
            let available = max.saturating_sub(encumbered);
            if increase > available {
                return Err(Error::InsufficientMagnitude(
                    SlashingInsufficientMagnitude {
                        available,
                        requested: increase,
                    },
                ));
            }
            let delay = self
                .call(registry, ALLOCATION_DELAY, &words![operator], false)?
                .saturating_to::<u64>();
            effect_at = add64(now, delay)?;
            a = Alloc {
                current: a.current,
                pending: increase,
                increase: true,
                effect_at,
            };
            self.set_encumbered(operator, vault, add64(encumbered, increase)?, true);
        } else if magnitude < a.current {
            let decrease = a.current - magnitude; // > 0 by the branch
            if self.until_of(operator, skey) > now {
                effect_at = add64(now, self.deallocation_delay())?;
                a = Alloc {
                    current: a.current,
                    pending: decrease,
                    increase: false,
                    effect_at,
                };
            } else {
                // Not slashable in the set: nothing to protect, free at once.
                a.current = magnitude;
                let encumbered = sub64(self.encumbered_magnitude(operator, vault), decrease)?;
                self.set_encumbered(operator, vault, encumbered, true);
            }
        }
        // A zero allocation delay takes effect now.
        let (a, _) = a.at(now)?;
        self.sstore(akey, a.pack());
        self.notify_rewards(operator, avs, set_id, vault, a)?;
        log::emit_event(
            self.vm(),
            &AllocationUpdated {
                operator,
                avs,
                vault,
                set_id,
                magnitude,
                effect_at,
            },
        );
        Ok(())
    }
}

impl SlashingManager {
    /// Tells the rewards contract (if one is wired) that `operator`'s
    /// rewarded allocation of `vault` to `(avs, set_id)` is now `a`, or
    /// nothing if the operator is not a member of the set (only members are
    /// paid, even while a departed operator stays slashable): it settles
    /// what the old weight earned first. Its refusal (a ninth set for the
    /// operator's vault) reverts the change.
    #[inline(never)]
    pub(crate) fn notify_rewards(
        &self,
        operator: Address,
        avs: Address,
        set_id: u32,
        vault: Address,
        a: Alloc,
    ) -> Result<(), Error> {
        let rewards = restake_kit::storage::to_address(self.sload(REWARDS.slot()));
        if rewards.is_zero() {
            return Ok(());
        }
        let member =
            self.sload(self.member_key(operator, set_key(avs, set_id))) == U256::from(MEMBER);
        let word = if member { a.pack() } else { U256::ZERO };
        self.call_hook(
            rewards,
            ON_ALLOCATION_CHANGE,
            &words![operator, avs, set_id, vault, word],
        )
    }

    /// [`Self::notify_rewards`] for each vault of the set, at the
    /// operator's allocation in force: after it joins or leaves.
    fn notify_membership(&self, operator: Address, avs: Address, set_id: u32) -> Result<(), Error> {
        if self.sload(REWARDS.slot()).is_zero() {
            return Ok(());
        }
        let skey = set_key(avs, set_id);
        let now = self.now();
        for vault in self.set_vaults(avs, set_id) {
            let akey = self.slot3(ALLOCATIONS, operator.into_word(), skey, vault.into_word());
            let (a, _) = Alloc::unpack(self.sload(akey)).at(now)?;
            self.notify_rewards(operator, avs, set_id, vault, a)?;
        }
        Ok(())
    }

    /// Wires the rewards contract, once, on the registry's word (its owner
    /// calls the registry's `setRewards`).
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - the caller is not the registry.
    /// * [`Error::ZeroAddress`] - `rewards` is zero.
    /// * [`Error::RewardsAlreadySet`] - it was wired already.
    ///
    /// # Events
    /// * [`RewardsSet`].
    pub fn set_rewards(&mut self, rewards: Address) -> Result<(), Error> {
        let caller = self.vm().msg_sender();
        if caller != self.registry_address() {
            return Err(Error::Unauthorized(SlashingUnauthorized { caller }));
        }
        if rewards.is_zero() {
            return Err(Error::ZeroAddress(SlashingZeroAddress {}));
        }
        let current = self.rewards();
        if !current.is_zero() {
            return Err(Error::RewardsAlreadySet(SlashingRewardsAlreadySet {
                rewards: current,
            }));
        }
        self.sstore(REWARDS.slot(), restake_kit::storage::from_address(rewards));
        log::emit_event(self.vm(), &RewardsSet { rewards });
        Ok(())
    }

    /// The rewards contract (zero: none wired).
    pub fn rewards(&self) -> Address {
        restake_kit::storage::to_address(self.sload(REWARDS.slot()))
    }

    pub(crate) fn member_key(&self, operator: Address, skey: B256) -> U256 {
        self.slot2(MEMBERS, operator.into_word(), skey)
    }

    /// `slashable_until` of `operator` in a set.
    pub(crate) fn until_of(&self, operator: Address, skey: B256) -> u64 {
        self.sload(self.member_key(operator, skey)).as_limbs()[0]
    }

    pub(crate) fn require_operator(&self, operator: Address) -> Result<(), Error> {
        if self
            .call(
                self.registry_address(),
                IS_OPERATOR,
                &words![operator],
                false,
            )?
            .is_zero()
        {
            return Err(Error::NotOperator(SlashingNotOperator { operator }));
        }
        Ok(())
    }

    /// Applies (and stores) to the allocation `word` loaded from `akey` a
    /// pending change whose time has come, releasing the magnitude of a
    /// completed decrease.
    pub(crate) fn settle(
        &mut self,
        akey: U256,
        word: U256,
        operator: Address,
        vault: Address,
    ) -> Result<Alloc, Error> {
        let stored = Alloc::unpack(word);
        let (a, freed) = stored.at(self.now())?;
        if a != stored {
            self.sstore(akey, a.pack());
        }
        if freed != 0 {
            let encumbered = sub64(self.encumbered_magnitude(operator, vault), freed)?;
            self.set_encumbered(operator, vault, encumbered, true);
        }
        Ok(a)
    }

    pub(crate) fn set_encumbered(
        &mut self,
        operator: Address,
        vault: Address,
        value: u64,
        announce: bool,
    ) {
        let key = self.slot2(ENCUMBERED, operator.into_word(), vault.into_word());
        self.sstore(key, U256::from(value));
        if announce {
            log::emit_event(
                self.vm(),
                &EncumberedMagnitudeUpdated {
                    operator,
                    vault,
                    encumbered: value,
                },
            );
        }
    }
}
