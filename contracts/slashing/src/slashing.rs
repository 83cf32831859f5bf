//! Slashing: instant slashes, vetoable requests (request, veto, execute,
//! expiry), evidence slashes, the per (set, operator) cap, and the one
//! routine that applies a slash (allocations, the registry, the slashed
//! shares that wait for their release), and that release.

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::SolEvent;
use restake_interfaces::{abi::Word, slashing::*, words};
use restake_kit::log;
use restake_math::{add, magnitude_to_slash, mul_div, Rounding};
use stylus_sdk::prelude::*;

use crate::calls::{BURN_SLASHED_SHARES, SLASH_OPERATOR};
use crate::sets::{set_key, SetParams};
use crate::storage::{ALLOCATIONS, CAPS, REQUESTS, SLASHED, SLASH_ID};
use crate::{
    add64, check_fraction, sub64, Error, SlashingManager, EXECUTION_PERIOD, REQUEST_EXECUTED,
    REQUEST_PENDING, REQUEST_VETOED,
};
use restake_kit::storage::{offset, pack, unpack};

/// A slash request as read from storage.
pub(crate) struct Request {
    pub(crate) operator: Address,
    pub(crate) avs: Address,
    pub(crate) set_id: u32,
    pub(crate) wad_fraction: u64,
    pub(crate) executable_at: u64,
    pub(crate) status: u8,
    pub(crate) vaults: Vec<Address>,
}

impl SlashingManager {
    // ------------------------------------------------------------------
    // Slashing
    // ------------------------------------------------------------------

    /// Instant mode: the set's slasher slashes `operator` by `wad_fraction`
    /// of its allocation to set `(avs, set_id)` of each of `vaults` (strictly
    /// ascending). The fraction is clamped to the room left under the cap.
    /// Returns the slash id.
    ///
    /// # Errors
    /// * [`Error::SetNotFound`] - no such set.
    /// * [`Error::Unauthorized`] - the caller is not the set's slasher.
    /// * [`Error::WrongMode`] - the set is vetoable (use [`Self::request_slash`]).
    /// * [`Error::InvalidFraction`] - `wad_fraction` is 0 or above 1e18.
    /// * [`Error::VaultsUnsorted`] - `vaults` is empty or not strictly ascending.
    /// * [`Error::VaultNotInSet`] - a vault is not accepted by the set.
    /// * [`Error::NotSlashable`] - the operator is not slashable in the set.
    /// * [`Error::CapExceeded`] - no room left under the operator's cap in the set this period.
    /// * [`Error::NothingToSlash`] - the operator has nothing allocated to the set in `vaults`
    ///   (nothing is slashed and the cap is not charged).
    /// * [`Error::Math`], [`Error::Callee`] (the registry or the rewards contract).
    ///
    /// # Events
    /// * [`AllocationSlashed`] per vault with a non-zero allocation, then [`OperatorSlashed`].
    pub fn slash(
        &mut self,
        operator: Address,
        avs: Address,
        set_id: u32,
        vaults: &[Address],
        wad_fraction: u64,
        description: &[u8],
    ) -> Result<U256, Error> {
        self.check_slasher(avs, set_id, vaults, wad_fraction, false)?;
        let id = self.next_slash_id()?;
        self.slash_inner(id, operator, avs, set_id, vaults, wad_fraction, description)?;
        Ok(id)
    }

    /// Vetoable mode: the set's slasher requests slashing `operator` by
    /// `wad_fraction` of its allocations to `vaults` (strictly ascending).
    /// The resolver may veto until `now + veto_window`; then anyone executes.
    /// Requests are fractions of the allocation at execution, so executing
    /// several in any order gives the same result and none blocks another.
    /// Returns the slash id.
    ///
    /// # Errors
    /// * [`Error::SetNotFound`], [`Error::Unauthorized`], [`Error::InvalidFraction`],
    ///   [`Error::VaultsUnsorted`], [`Error::VaultNotInSet`], [`Error::NotSlashable`] - as [`Self::slash`].
    /// * [`Error::WrongMode`] - the set is instant.
    /// * [`Error::Math`].
    ///
    /// # Events
    /// * [`SlashRequested`].
    pub fn request_slash(
        &mut self,
        operator: Address,
        avs: Address,
        set_id: u32,
        vaults: &[Address],
        wad_fraction: u64,
        description: &[u8],
    ) -> Result<U256, Error> {
        let set = self.check_slasher(avs, set_id, vaults, wad_fraction, true)?;
        let now = self.now();
        if self.until_of(operator, set_key(avs, set_id)) <= now {
            return Err(Error::NotSlashable(SlashingNotSlashable { operator }));
        }
        let id = self.next_slash_id()?;
        let executable_at = add64(now, set.veto_window)?;
        let base = self.slot1(REQUESTS, id.word());
        self.sstore(base, pack(operator, wad_fraction, set_id));
        // `vaults.len()` <= MAX_SET_VAULTS (strictly ascending accepted vaults,
        // checked by `check_slasher`; the router refuses longer lists) fits 24 bits.
        self.sstore(
            offset(base, 1),
            pack(
                avs,
                now,
                u32::from(REQUEST_PENDING) | (vaults.len() as u32) << 8,
            ),
        );
        for (i, vault) in vaults.iter().enumerate() {
            self.sstore(
                offset(base, 2 + i as u64),
                U256::from_be_slice(vault.as_slice()),
            );
        }
        log::emit_with_bytes(
            self.vm(),
            &[
                SlashRequested::SIGNATURE_HASH,
                id.word(),
                operator.word(),
                avs.word(),
            ],
            &words![set_id, wad_fraction, executable_at],
            description,
        );
        Ok(id)
    }

    /// The set's resolver vetoes pending request `slash_id` within its window.
    ///
    /// # Errors
    /// * [`Error::RequestNotPending`] - no such pending request.
    /// * [`Error::Unauthorized`] - the caller is not the set's resolver.
    /// * [`Error::VetoWindowClosed`] - the window has closed.
    ///
    /// # Events
    /// * [`SlashVetoed`].
    pub fn veto_slash(&mut self, slash_id: U256) -> Result<(), Error> {
        let r = self.pending_request(slash_id)?;
        let resolver = self.vm().msg_sender();
        if self.set_params(set_key(r.avs, r.set_id)).resolver != resolver {
            return Err(Error::Unauthorized(SlashingUnauthorized {
                caller: resolver,
            }));
        }
        if self.now() >= r.executable_at {
            return Err(Error::VetoWindowClosed(SlashingVetoWindowClosed {
                executable_at: r.executable_at,
            }));
        }
        self.set_request_status(slash_id, REQUEST_VETOED);
        log::emit_event(self.vm(), &SlashVetoed { slash_id, resolver });
        Ok(())
    }

    /// Anyone executes pending request `slash_id` once its veto window has
    /// passed and before it expires ([`EXECUTION_PERIOD`] later): the slash
    /// applies to the allocations at execution (pending decreases included),
    /// clamped by the operator's cap of the current period.
    ///
    /// # Errors
    /// * [`Error::RequestNotPending`] - no such pending request.
    /// * [`Error::VetoWindowOpen`] - the window is still open.
    /// * [`Error::RequestExpired`] - the execution period has passed (the slasher may request again).
    /// * [`Error::NotSlashable`], [`Error::VaultNotInSet`], [`Error::CapExceeded`],
    ///   [`Error::NothingToSlash`], [`Error::Math`], [`Error::Callee`] - as [`Self::slash`]
    ///   (the request stays pending).
    ///
    /// # Events
    /// * [`AllocationSlashed`] per vault, then [`OperatorSlashed`] (empty
    ///   description: it was in [`SlashRequested`] with the same id).
    pub fn execute_slash(&mut self, slash_id: U256) -> Result<(), Error> {
        let r = self.pending_request(slash_id)?;
        let now = self.now();
        if now < r.executable_at {
            return Err(Error::VetoWindowOpen(SlashingVetoWindowOpen {
                executable_at: r.executable_at,
            }));
        }
        let expires_at = r.executable_at.saturating_add(EXECUTION_PERIOD);
        if now >= expires_at {
            return Err(Error::RequestExpired(SlashingRequestExpired {
                slash_id,
                expired_at: expires_at,
            }));
        }
        self.set_request_status(slash_id, REQUEST_EXECUTED);
        self.slash_inner(
            slash_id,
            r.operator,
            r.avs,
            r.set_id,
            &r.vaults,
            r.wad_fraction,
            &[],
        )
    }

    /// Objective slashing: the set's evidence verifier (a contract, e.g.
    /// `restake-slashing-evidence`, that has checked double-sign evidence)
    /// slashes `operator` by the set's equivocation penalty in every vault
    /// the set accepts. No slasher, no veto; clamped by the cap like any
    /// slash. The verifier enforces "once per height". Returns the slash id.
    ///
    /// # Errors
    /// * [`Error::SetNotFound`] - no such set.
    /// * [`Error::EvidenceDisabled`] - the set has no penalty or no verifier.
    /// * [`Error::Unauthorized`] - the caller is not the set's verifier.
    /// * [`Error::NotSlashable`], [`Error::CapExceeded`], [`Error::NothingToSlash`], [`Error::Math`],
    ///   [`Error::Callee`] - as [`Self::slash`].
    ///
    /// # Events
    /// * [`AllocationSlashed`] per vault, then [`OperatorSlashed`] (description `equivocation`).
    pub fn slash_by_evidence(
        &mut self,
        operator: Address,
        avs: Address,
        set_id: u32,
    ) -> Result<U256, Error> {
        let skey = self.require_set(avs, set_id)?;
        let set = self.set_params(skey);
        let penalty = set.tail[0];
        if penalty == 0 || set.verifier.is_zero() {
            return Err(Error::EvidenceDisabled(SlashingEvidenceDisabled {}));
        }
        let caller = self.vm().msg_sender();
        if caller != set.verifier {
            return Err(Error::Unauthorized(SlashingUnauthorized { caller }));
        }
        let id = self.next_slash_id()?;
        let vaults = self.set_vaults(avs, set_id);
        self.slash_inner(id, operator, avs, set_id, &vaults, penalty, b"equivocation")?;
        Ok(id)
    }
}

impl SlashingManager {
    pub(crate) fn next_slash_id(&mut self) -> Result<U256, Error> {
        let id = add64(self.last_slash_id(), 1)?;
        self.sstore(SLASH_ID.slot(), U256::from(id));
        Ok(U256::from(id))
    }

    /// `operator`'s cap record in a set: its slot, the current period
    /// index and the fraction used in it (0 if the record is from an
    /// earlier period).
    pub(crate) fn cap_record(
        &self,
        operator: Address,
        skey: B256,
        cap_period: u64,
    ) -> (U256, u64, u64) {
        let ckey = self.slot2(CAPS, operator.into_word(), skey);
        let [index, used, _, _] = *self.sload(ckey).as_limbs();
        // cap_period > 0 is checked at creation (max(1): an unknown set).
        let period = self.now() / cap_period.max(1);
        (ckey, period, if index == period { used } else { 0 })
    }

    /// Checks a slasher's call: the set exists, the caller is its slasher,
    /// the mode matches, the fraction is valid and the vaults are a strictly
    /// ascending list of accepted vaults. Returns the set's parameters.
    pub(crate) fn check_slasher(
        &self,
        avs: Address,
        set_id: u32,
        vaults: &[Address],
        wad_fraction: u64,
        vetoable: bool,
    ) -> Result<SetParams, Error> {
        let skey = self.require_set(avs, set_id)?;
        let set = self.set_params(skey);
        let caller = self.vm().msg_sender();
        if set.slasher != caller {
            return Err(Error::Unauthorized(SlashingUnauthorized { caller }));
        }
        let set_vetoable = !set.resolver.is_zero();
        if set_vetoable != vetoable {
            return Err(Error::WrongMode(SlashingWrongMode {
                vetoable: set_vetoable,
            }));
        }
        check_fraction(wad_fraction)?;
        if vaults.is_empty() {
            return Err(Error::VaultsUnsorted(SlashingVaultsUnsorted {
                vault: Address::ZERO,
            }));
        }
        let mut previous = Address::ZERO;
        for &vault in vaults {
            if vault <= previous {
                return Err(Error::VaultsUnsorted(SlashingVaultsUnsorted { vault }));
            }
            if !self.accepts(skey, vault) {
                return Err(Error::VaultNotInSet(SlashingVaultNotInSet { vault }));
            }
            previous = vault;
        }
        Ok(set)
    }

    pub(crate) fn request(&self, slash_id: U256) -> Request {
        let base = self.slot1(REQUESTS, slash_id.word());
        let (operator, wad_fraction, set_id) = unpack(self.sload(base));
        let (avs, requested_at, flags) = unpack(self.sload(offset(base, 1)));
        let count = u64::from(flags >> 8);
        let vaults = (0..count)
            .map(|i| unpack(self.sload(offset(base, 2 + i))).0)
            .collect();
        let window = self.set_params(set_key(avs, set_id)).veto_window;
        Request {
            operator,
            avs,
            set_id,
            wad_fraction,
            executable_at: requested_at.saturating_add(window),
            status: flags as u8,
            vaults,
        }
    }

    pub(crate) fn set_request_status(&mut self, slash_id: U256, status: u8) {
        let key = offset(self.slot1(REQUESTS, slash_id.word()), 1);
        let (avs, requested_at, flags) = unpack(self.sload(key));
        self.sstore(
            key,
            pack(avs, requested_at, (flags & !0xff) | u32::from(status)),
        );
    }

    /// A pending request.
    pub(crate) fn pending_request(&self, slash_id: U256) -> Result<Request, Error> {
        let r = self.request(slash_id);
        if r.status != REQUEST_PENDING {
            return Err(Error::RequestNotPending(SlashingRequestNotPending {
                slash_id,
                status: r.status,
            }));
        }
        Ok(r)
    }

    /// Slashes `operator` by `wad_fraction` (clamped by its cap in the set)
    /// of its allocation to the set of each of `vaults` (distinct, checked by
    /// the caller). Effects before interactions: allocations, encumbered
    /// magnitude and the cap are written before the registry and the vaults
    /// are called. Reverts with [`Error::NothingToSlash`] (charging nothing)
    /// if no vault had a non-zero allocation.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn slash_inner(
        &mut self,
        id: U256,
        operator: Address,
        avs: Address,
        set_id: u32,
        vaults: &[Address],
        wad_fraction: u64,
        description: &[u8],
    ) -> Result<(), Error> {
        let skey = set_key(avs, set_id);
        let now = self.now();
        if self.until_of(operator, skey) <= now {
            return Err(Error::NotSlashable(SlashingNotSlashable { operator }));
        }
        let set = self.set_params(skey);
        // The cap is per (set, operator) (H-2): a member can only use up its
        // own room, never another member's.
        let (ckey, period, used) = self.cap_record(operator, skey, set.cap_period);
        // Clamp to the room left: the cap is a hard bound (invariant 4).
        let applied = wad_fraction.min(set.cap_wad.saturating_sub(used));
        if applied == 0 {
            return Err(Error::CapExceeded(SlashingCapExceeded {
                cap: set.cap_wad,
                used,
                requested: wad_fraction,
            }));
        }
        // The cap is charged once, by the first vault that really loses
        // magnitude, before any registry or vault call (effects first); a
        // slash that takes nothing anywhere charges nothing and reverts.
        let mut charged = false;
        for &vault in vaults {
            if !self.accepts(skey, vault) {
                return Err(Error::VaultNotInSet(SlashingVaultNotInSet { vault }));
            }
            let akey = self.slot3(ALLOCATIONS, operator.into_word(), skey, vault.into_word());
            let mut a = self.settle(akey, self.sload(akey), operator, vault)?;
            // Up (in the math crate): a tiny slash of a non-zero allocation
            // never rounds to nothing; capped at the allocation.
            let slashed = magnitude_to_slash(U256::from(a.current), U256::from(applied))?
                .saturating_to::<u64>();
            if slashed == 0 {
                continue; // nothing allocated here
            }
            if !charged {
                charged = true;
                self.sstore(
                    ckey,
                    U256::from_limbs([period, add64(used, applied)?, 0, 0]),
                );
            }
            let remaining = sub64(a.current, slashed)?;
            if a.pending != 0 && !a.increase {
                // The pending decrease shrinks in proportion. Down: the part
                // still leaving is never overstated, so more stays slashable.
                a.pending = mul_div(
                    U256::from(a.pending),
                    U256::from(remaining),
                    U256::from(a.current),
                    Rounding::Down,
                )?
                .saturating_to::<u64>();
                if a.pending == 0 {
                    a.effect_at = 0;
                }
            }
            a.current = remaining;
            self.sstore(akey, a.pack());
            self.notify_rewards(operator, avs, set_id, vault, a)?;
            // Encumbered falls with the allocation (AllocationSlashed tells).
            let encumbered = sub64(self.encumbered_magnitude(operator, vault), slashed)?;
            self.set_encumbered(operator, vault, encumbered, false);
            let shares = self.call(
                self.registry_address(),
                SLASH_OPERATOR,
                &words![operator, vault, slashed],
                true,
            )?;
            // The shares wait here for `releaseSlashed` (EigenLayer's
            // burnable shares): the slash calls no vault and no token, so a
            // recipient or token that refuses a transfer cannot block it.
            // They stay in the vault's supply, unowned (the registry took
            // them out of the operator's stake), so its price is unchanged.
            let pending = self.add_slashed(vault, set.recipient, shares)?;
            log::emit_event(
                self.vm(),
                &AllocationSlashed {
                    slash_id: id,
                    operator,
                    vault,
                    magnitude: slashed,
                    allocation: remaining,
                    shares,
                    recipient: set.recipient,
                    pending,
                },
            );
        }
        if !charged {
            return Err(Error::NothingToSlash(SlashingNothingToSlash {
                operator,
                avs,
                set_id,
            }));
        }
        log::emit_with_bytes(
            self.vm(),
            &[
                OperatorSlashed::SIGNATURE_HASH,
                id.word(),
                operator.word(),
                avs.word(),
            ],
            &words![set_id, wad_fraction, applied],
            description,
        );
        Ok(())
    }

    /// Adds `shares` of `vault`, slashed for `recipient` (zero: the burn),
    /// to what waits for [`Self::release_slashed`]; returns the new total
    /// (unchanged for zero shares: nothing is written).
    fn add_slashed(
        &mut self,
        vault: Address,
        recipient: Address,
        shares: U256,
    ) -> Result<U256, Error> {
        let key = self.slot2(SLASHED, vault.word(), recipient.word());
        let pending = self.sload(key);
        if shares.is_zero() {
            return Ok(pending);
        }
        let total = add(pending, shares)?;
        self.sstore(key, total);
        Ok(total)
    }

    /// The vault shares of `vault` slashed for `recipient` (zero: the burn)
    /// and not yet released.
    pub fn slashed_shares(&self, vault: Address, recipient: Address) -> U256 {
        self.sload(self.slot2(SLASHED, vault.word(), recipient.word()))
    }

    /// Anyone releases the shares of `vault` slashed for `recipient` (zero:
    /// the burn) to the vault, which burns them and pays what they are
    /// worth now to the recipient (to EigenLayer's burn address for zero;
    /// an ETH vault credits a recipient, who claims with `claimSlashed`).
    /// Until then they sit in the vault's supply owned by nobody, so its
    /// price per share is the same either way. Returns `(shares, assets)`.
    /// The record is cleared before the vault is called (a token the vault
    /// pays cannot release them twice); a vault or token refusal reverts
    /// the release alone, never a slash.
    ///
    /// # Errors
    /// * [`Error::NothingToRelease`] - nothing waits for `recipient` in `vault`.
    /// * [`Error::Callee`] - the vault (or the token it pays in) reverted.
    ///
    /// # Events
    /// * [`SlashedSharesReleased`]; the vault's `SlashedSharesBurned` or `SlashedSharesCredited`.
    pub fn release_slashed(
        &mut self,
        vault: Address,
        recipient: Address,
    ) -> Result<(U256, U256), Error> {
        let key = self.slot2(SLASHED, vault.word(), recipient.word());
        let shares = self.sload(key);
        if shares.is_zero() {
            return Err(Error::NothingToRelease(SlashingNothingToRelease {
                vault,
                recipient,
            }));
        }
        self.sstore(key, U256::ZERO);
        let assets = self.call(vault, BURN_SLASHED_SHARES, &words![shares, recipient], true)?;
        let caller = self.vm().msg_sender();
        log::emit_event(
            self.vm(),
            &SlashedSharesReleased {
                vault,
                recipient,
                caller,
                shares,
                assets,
            },
        );
        Ok((shares, assets))
    }
}
