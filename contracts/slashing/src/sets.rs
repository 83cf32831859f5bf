//! AVSs and operator sets: AVS registration and metadata, set creation
//! (its fixed parameters), the vaults a set accepts, and the set lookups.

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::SolEvent;
use restake_interfaces::{abi::Word, slashing::*, words};
use restake_kit::log;
use stylus_sdk::prelude::*;

use crate::calls::{IS_VAULT, WITHDRAWAL_DELAY};
use crate::storage::{ACCEPTS, AVSES, SETS, VAULTS};
use crate::{check_fraction, Error, SlashingManager, EXECUTION_PERIOD, MAX_SET_VAULTS, WAD64};
use restake_kit::storage::{offset, pack, unpack};

/// An operator set's fixed parameters and cap usage, as read from storage.
pub(crate) struct SetParams {
    pub(crate) exists: bool,
    pub(crate) slasher: Address,
    pub(crate) veto_window: u64,
    pub(crate) recipient: Address,
    pub(crate) cap_wad: u64,
    pub(crate) resolver: Address,
    pub(crate) cap_period: u64,
    /// Who may slash by evidence (zero: evidence slashing off).
    pub(crate) verifier: Address,
    /// Limbs `[equivocation_penalty, period_index, period_used, vault_count]`.
    pub(crate) tail: [u64; 4],
}

impl SlashingManager {
    // ------------------------------------------------------------------
    // AVSs and operator sets
    // ------------------------------------------------------------------

    /// Registers the caller as an AVS with `metadata_uri` and an optional
    /// `registrar` (called when operators join or leave; zero: open sets).
    ///
    /// # Errors
    /// * [`Error::AvsAlreadyRegistered`] - the caller is already an AVS.
    ///
    /// # Events
    /// * [`AvsRegistered`], [`AvsMetadataUpdated`].
    pub fn register_avs(
        &mut self,
        metadata_uri: impl AsRef<[u8]>,
        registrar: Address,
    ) -> Result<(), Error> {
        let avs = self.vm().msg_sender();
        if self.avs_info(avs).0 {
            return Err(Error::AvsAlreadyRegistered(SlashingAvsAlreadyRegistered {
                avs,
            }));
        }
        let key = self.slot1(AVSES, avs.into_word());
        self.sstore(key, pack(registrar, 0, 1));
        log::emit_event(self.vm(), &AvsRegistered { avs, registrar });
        self.emit_metadata(avs, metadata_uri.as_ref());
        Ok(())
    }

    /// Sets the calling AVS's metadata URI.
    ///
    /// # Errors
    /// * [`Error::AvsNotRegistered`] - the caller is not an AVS.
    ///
    /// # Events
    /// * [`AvsMetadataUpdated`].
    pub fn update_avs_metadata(&mut self, metadata_uri: impl AsRef<[u8]>) -> Result<(), Error> {
        let avs = self.vm().msg_sender();
        self.require_avs(avs)?;
        self.emit_metadata(avs, metadata_uri.as_ref());
        Ok(())
    }

    /// Creates the caller's operator set `set_id` accepting `vaults`, with its
    /// `slasher` (zero: evidence only), redistribution `recipient` (zero:
    /// burn), `resolver` and `veto_window` (both zero: instant mode; else
    /// `0 < veto_window` and `veto_window + EXECUTION_PERIOD` at most both the
    /// deallocation delay and the registry's withdrawal delay), a cap of `cap_wad` (in
    /// (0, 1e18]) slashed per `cap_period` seconds, and an
    /// `equivocation_penalty` (WAD) applied when `evidence_verifier` (a
    /// contract; zero or a zero penalty: evidence slashing off) proves
    /// double signing. All are fixed.
    ///
    /// # Errors
    /// * [`Error::AvsNotRegistered`] - the caller is not an AVS.
    /// * [`Error::SetExists`] - the set exists.
    /// * [`Error::InvalidFraction`] - `cap_wad` is 0 or above 1e18, or the penalty above 1e18.
    /// * [`Error::InvalidCapPeriod`] - `cap_period` is 0.
    /// * [`Error::InvalidVetoWindow`] - a resolver without a window, a window without a resolver, or
    ///   a window that with [`EXECUTION_PERIOD`] exceeds the deallocation delay.
    /// * [`Error::VetoWindowTooLong`] - the window with [`EXECUTION_PERIOD`] exceeds the registry's
    ///   withdrawal delay (a staker could queue when a request appears and leave before it executes).
    /// * [`Error::Callee`] - the registry's `withdrawalDelay` read failed.
    /// * [`Error::NotVault`], [`Error::VaultAlreadyInSet`], [`Error::TooManyVaults`], [`Error::Callee`] - see [`Self::add_vault`].
    ///
    /// # Events
    /// * [`OperatorSetCreated`], then [`VaultAddedToSet`] per vault.
    #[allow(clippy::too_many_arguments)]
    pub fn create_operator_set(
        &mut self,
        set_id: u32,
        vaults: &[Address],
        slasher: Address,
        recipient: Address,
        resolver: Address,
        veto_window: u64,
        cap_wad: u64,
        cap_period: u64,
        equivocation_penalty: u64,
        evidence_verifier: Address,
    ) -> Result<(), Error> {
        let avs = self.vm().msg_sender();
        self.require_avs(avs)?;
        let skey = set_key(avs, set_id);
        if self.set_params(skey).exists {
            return Err(Error::SetExists(SlashingSetExists { avs, set_id }));
        }
        check_fraction(cap_wad)?;
        if equivocation_penalty > WAD64 {
            return Err(Error::InvalidFraction(SlashingInvalidFraction {
                fraction: equivocation_penalty,
            }));
        }
        if cap_period == 0 {
            return Err(Error::InvalidCapPeriod(SlashingInvalidCapPeriod {
                period: cap_period,
            }));
        }
        let deallocation_delay = self.deallocation_delay();
        // The window plus the time to execute must end before stake that was
        // slashable when a request appeared can leave (L-1).
        let window_end = veto_window.saturating_add(EXECUTION_PERIOD);
        let window_ok = if resolver.is_zero() {
            veto_window == 0
        } else {
            veto_window > 0 && window_end <= deallocation_delay
        };
        if !window_ok {
            return Err(Error::InvalidVetoWindow(SlashingInvalidVetoWindow {
                resolver,
                veto_window,
                deallocation_delay,
            }));
        }
        if !resolver.is_zero() {
            let withdrawal_delay = self
                .call(self.registry_address(), WITHDRAWAL_DELAY, &[], false)?
                .saturating_to::<u64>();
            if window_end > withdrawal_delay {
                return Err(Error::VetoWindowTooLong(SlashingVetoWindowTooLong {
                    veto_window,
                    execution_period: EXECUTION_PERIOD,
                    withdrawal_delay,
                }));
            }
        }
        let base = self.slot1(SETS, skey);
        self.sstore(base, pack(slasher, veto_window, 1));
        self.sstore(offset(base, 1), pack(recipient, cap_wad, 0));
        self.sstore(offset(base, 2), pack(resolver, cap_period, 0));
        self.sstore(
            offset(base, 3),
            U256::from_limbs([equivocation_penalty, 0, 0, 0]),
        );
        self.sstore(
            offset(base, 4),
            U256::from_be_slice(evidence_verifier.as_slice()),
        );
        log::emit_event(
            self.vm(),
            &OperatorSetCreated {
                avs,
                set_id,
                slasher,
                recipient,
                resolver,
                veto_window,
                cap_wad,
                cap_period,
                equivocation_penalty,
                evidence_verifier,
            },
        );
        for &vault in vaults {
            self.set_vault(avs, set_id, vault, true)?;
        }
        Ok(())
    }

    /// Adds `vault` to the caller's set `set_id`.
    ///
    /// # Errors
    /// * [`Error::SetNotFound`] - the caller has no such set.
    /// * [`Error::NotVault`] - the registry does not know `vault`.
    /// * [`Error::VaultAlreadyInSet`] - already accepted.
    /// * [`Error::TooManyVaults`] - the set has [`MAX_SET_VAULTS`].
    /// * [`Error::Callee`] - the registry call failed.
    ///
    /// # Events
    /// * [`VaultAddedToSet`].
    pub fn add_vault(&mut self, set_id: u32, vault: Address) -> Result<(), Error> {
        let avs = self.vm().msg_sender();
        self.require_set(avs, set_id)?;
        self.set_vault(avs, set_id, vault, true)
    }

    /// Removes `vault` from the caller's set `set_id`: allocations of it to
    /// the set are no longer slashable (they can still be deallocated).
    ///
    /// # Errors
    /// * [`Error::SetNotFound`] - the caller has no such set.
    /// * [`Error::VaultNotInSet`] - not accepted.
    ///
    /// # Events
    /// * [`VaultRemovedFromSet`].
    pub fn remove_vault(&mut self, set_id: u32, vault: Address) -> Result<(), Error> {
        let avs = self.vm().msg_sender();
        self.require_set(avs, set_id)?;
        self.set_vault(avs, set_id, vault, false)
    }
}

impl SlashingManager {
    pub(crate) fn set_params(&self, skey: B256) -> SetParams {
        let base = self.slot1(SETS, skey);
        let (slasher, veto_window, exists) = unpack(self.sload(base));
        let (recipient, cap_wad, _) = unpack(self.sload(offset(base, 1)));
        let (resolver, cap_period, _) = unpack(self.sload(offset(base, 2)));
        let tail = *self.sload(offset(base, 3)).as_limbs();
        let verifier = unpack(self.sload(offset(base, 4))).0;
        SetParams {
            exists: exists == 1,
            slasher,
            veto_window,
            recipient,
            cap_wad,
            resolver,
            cap_period,
            verifier,
            tail,
        }
    }

    pub(crate) fn accepts(&self, skey: B256, vault: Address) -> bool {
        !self
            .sload(self.slot2(ACCEPTS, skey, vault.into_word()))
            .is_zero()
    }

    pub(crate) fn require_avs(&self, avs: Address) -> Result<(), Error> {
        if !self.avs_info(avs).0 {
            return Err(Error::AvsNotRegistered(SlashingAvsNotRegistered { avs }));
        }
        Ok(())
    }

    /// The set's key, if the set exists.
    pub(crate) fn require_set(&self, avs: Address, set_id: u32) -> Result<B256, Error> {
        let skey = set_key(avs, set_id);
        if !self.set_params(skey).exists {
            return Err(Error::SetNotFound(SlashingSetNotFound { avs, set_id }));
        }
        Ok(skey)
    }

    /// Adds (`accept`) or removes `vault` from a set known to exist.
    pub(crate) fn set_vault(
        &mut self,
        avs: Address,
        set_id: u32,
        vault: Address,
        accept: bool,
    ) -> Result<(), Error> {
        let skey = set_key(avs, set_id);
        if accept
            && self
                .call(self.registry_address(), IS_VAULT, &words![vault], false)?
                .is_zero()
        {
            return Err(Error::NotVault(SlashingNotVault { vault }));
        }
        if self.accepts(skey, vault) == accept {
            return Err(if accept {
                Error::VaultAlreadyInSet(SlashingVaultAlreadyInSet { vault })
            } else {
                Error::VaultNotInSet(SlashingVaultNotInSet { vault })
            });
        }
        let base = self.slot1(SETS, skey);
        let [penalty, index, used, count] = *self.sload(offset(base, 3)).as_limbs();
        let new_count = if accept {
            if count as usize >= MAX_SET_VAULTS {
                return Err(Error::TooManyVaults(SlashingTooManyVaults {
                    max: U256::from(MAX_SET_VAULTS),
                }));
            }
            self.sstore(
                offset(base, VAULTS + count),
                U256::from_be_slice(vault.as_slice()),
            );
            count + 1
        } else {
            // Swap with the last and pop; bounded by MAX_SET_VAULTS.
            let last = count - 1; // count > 0: the vault is in the list
            let last_word = self.sload(offset(base, VAULTS + last));
            for i in 0..count {
                if unpack(self.sload(offset(base, VAULTS + i))).0 == vault {
                    self.sstore(offset(base, VAULTS + i), last_word);
                    break;
                }
            }
            self.sstore(offset(base, VAULTS + last), U256::ZERO);
            last
        };
        self.sstore(
            offset(base, 3),
            U256::from_limbs([penalty, index, used, new_count]),
        );
        let akey = self.slot2(ACCEPTS, skey, vault.into_word());
        self.sstore(akey, U256::from(accept as u8));
        if accept {
            log::emit_event(self.vm(), &VaultAddedToSet { avs, set_id, vault });
        } else {
            log::emit_event(self.vm(), &VaultRemovedFromSet { avs, set_id, vault });
        }
        Ok(())
    }

    pub(crate) fn emit_metadata(&self, avs: Address, metadata_uri: &[u8]) {
        log::emit_with_bytes(
            self.vm(),
            &[AvsMetadataUpdated::SIGNATURE_HASH, avs.word()],
            &[],
            metadata_uri,
        );
    }
}

/// An operator set's identity: the AVS address then the id, big-endian.
pub fn set_key(avs: Address, set_id: u32) -> B256 {
    let mut key = [0u8; 32];
    key[..20].copy_from_slice(avs.as_slice());
    key[20..24].copy_from_slice(&set_id.to_be_bytes());
    B256::from(key)
}
