//! Construction and the owner's functions: the withdrawal delay, the vault
//! whitelist, the slashing manager wiring, and two-step ownership
//! (OpenZeppelin's `IOwnable2Step` on the registry's own slots).

use alloy_primitives::{Address, U256};
use openzeppelin_stylus::access::ownable_two_step::IOwnable2Step;
use restake_interfaces::{
    abi::Word,
    ownable::{
        OwnableInvalidOwner, OwnableUnauthorizedAccount, OwnershipTransferStarted,
        OwnershipTransferred,
    },
    registry::*,
};
use stylus_sdk::prelude::*;

use crate::storage::{
    CONFIG, EXTENSION, IS_VAULT, OWNER, PENDING_OWNER, REWARDS, VAULT_AT, VAULT_COUNT,
};
use crate::{Error, OperatorRegistry, DEFAULT_WITHDRAWAL_DELAY, MAX_VAULTS, MAX_WITHDRAWAL_DELAY};
use restake_kit::storage::{from_address, pack};

impl OperatorRegistry {
    /// Sets the `owner`, the withdrawal delay (`withdrawal_delay` seconds;
    /// 0 means [`DEFAULT_WITHDRAWAL_DELAY`], 14 days) and the `extension`:
    /// the registry's second wasm (this crate built with the `extension`
    /// feature), which the core delegate-calls for the routes marked `in
    /// ext` (the owner's functions, operator settings, cold views:
    /// `router.rs`). Vaults and the slashing manager are wired afterwards
    /// by the owner (`addVault`, `setSlashingManager`), since they
    /// reference the registry themselves.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - always, in the extension's own wasm: it
    ///   has no state of its own and is never initialized.
    /// * [`Error::ZeroAddress`] - `extension` is zero in the core wasm (a
    ///   delegate call to an address without code would "succeed" with no
    ///   effect).
    /// * [`Error::OwnableInvalidOwner`] - `owner` is the zero address.
    /// * [`Error::WithdrawalDelayTooLong`] - above [`MAX_WITHDRAWAL_DELAY`]
    ///   (the minimum allocation delay would not fit a `uint32`).
    ///
    /// # Events
    /// * `OwnershipTransferred`, [`WithdrawalDelaySet`].
    pub fn constructor(
        &mut self,
        owner: Address,
        withdrawal_delay: u64,
        extension: Address,
    ) -> Result<(), Error> {
        if crate::router::WASM == restake_kit::route::EXT {
            return Err(Error::Unauthorized(RegistryUnauthorized {
                caller: self.vm().msg_sender(),
            }));
        }
        if crate::router::WASM == restake_kit::route::CORE && extension.is_zero() {
            return Err(Error::ZeroAddress(RegistryZeroAddress {}));
        }
        if owner.is_zero() {
            return Err(Error::OwnableInvalidOwner(OwnableInvalidOwner { owner }));
        }
        if withdrawal_delay > MAX_WITHDRAWAL_DELAY {
            return Err(Error::WithdrawalDelayTooLong(
                RegistryWithdrawalDelayTooLong {
                    delay: withdrawal_delay,
                    max: MAX_WITHDRAWAL_DELAY,
                },
            ));
        }
        self.set_owner(owner);
        let delay = if withdrawal_delay == 0 {
            DEFAULT_WITHDRAWAL_DELAY
        } else {
            withdrawal_delay
        };
        self.sstore(CONFIG.slot(), pack(Address::ZERO, delay, 0));
        self.sstore(EXTENSION.slot(), from_address(extension));
        self.emit_event(&WithdrawalDelaySet { delay });
        Ok(())
    }

    /// The registry's second wasm, which the core delegate-calls for the
    /// routes marked `in ext` (zero in a native build, which serves every
    /// route itself).
    pub fn extension(&self) -> Address {
        self.sload_address(EXTENSION.slot())
    }

    // ------------------------------------------------------------------
    // Owner
    // ------------------------------------------------------------------

    /// Whitelists `vault`: its deposit hook is accepted and its shares can be
    /// queued. At most [`MAX_VAULTS`]; vaults are never removed.
    ///
    /// # Errors
    /// * [`Error::OwnableUnauthorizedAccount`] - the caller is not the owner.
    /// * [`Error::ZeroAddress`], [`Error::VaultAlreadyAdded`], [`Error::TooManyVaults`].
    /// * [`Error::Rewards`] - the rewards contract (once wired) refused the
    ///   vault.
    ///
    /// # Events
    /// * [`VaultAdded`] (and the rewards contract's `VaultListed`).
    pub fn add_vault(&mut self, vault: Address) -> Result<(), Error> {
        self.only_owner()?;
        if vault.is_zero() {
            return Err(Error::ZeroAddress(RegistryZeroAddress {}));
        }
        if self.is_vault(vault) {
            return Err(Error::VaultAlreadyAdded(RegistryVaultAlreadyAdded {
                vault,
            }));
        }
        let count = self.vault_count();
        if count >= MAX_VAULTS as u64 {
            return Err(Error::TooManyVaults(RegistryTooManyVaults {
                max: U256::from(MAX_VAULTS),
                count: U256::from(count + 1),
            }));
        }
        let count_slot = VAULT_COUNT.slot();
        self.sstore(
            self.slot1(VAULT_AT, U256::from(count).word()),
            from_address(vault),
        );
        self.sstore(count_slot, U256::from(count + 1));
        let rewards = self.rewards();
        self.set_vault_entry(vault, count, rewards);
        self.emit_event(&VaultAdded { vault });
        if !rewards.is_zero() {
            self.tell_rewards(rewards, vault)?;
        }
        Ok(())
    }

    /// Writes `vault`'s whitelist word: its index + 1 (a withdrawal names
    /// its vaults by index) beside the rewards contract (zero: none wired),
    /// which its hooks then read with it (#15: one cold read less per
    /// stake change).
    fn set_vault_entry(&mut self, vault: Address, index: u64, rewards: Address) {
        self.sstore(
            self.slot1(IS_VAULT, vault.into_word()),
            pack(rewards, index + 1, 0),
        );
    }

    /// Tells the rewards contract that `vault` is whitelisted
    /// (`onVaultAdded`), before any stake can move in it: claims look for
    /// positions in the vaults it lists.
    fn tell_rewards(&self, rewards: Address, vault: Address) -> Result<(), Error> {
        restake_kit::call::call_static_args(
            self.vm(),
            rewards,
            ON_VAULT_ADDED,
            &[vault.into_word()],
            true,
        )
        .map(|_| ())
        .map_err(|revert| Error::Rewards(revert.0))
    }

    /// Wires the slashing manager, once: it and the registry reference each
    /// other, so one of them is deployed first and wired afterwards.
    ///
    /// # Errors
    /// * [`Error::OwnableUnauthorizedAccount`] - the caller is not the owner.
    /// * [`Error::ZeroAddress`] - `manager` is zero.
    /// * [`Error::SlashingManagerAlreadySet`] - it was wired already.
    ///
    /// # Events
    /// * [`SlashingManagerSet`].
    pub fn set_slashing_manager(&mut self, manager: Address) -> Result<(), Error> {
        self.only_owner()?;
        if manager.is_zero() {
            return Err(Error::ZeroAddress(RegistryZeroAddress {}));
        }
        let (delay, current) = self.config();
        if !current.is_zero() {
            return Err(Error::SlashingManagerAlreadySet(
                RegistrySlashingManagerAlreadySet {
                    slashing_manager: current,
                },
            ));
        }
        self.sstore(CONFIG.slot(), pack(manager, delay, self.epoch()));
        self.emit_event(&SlashingManagerSet {
            slashing_manager: manager,
        });
        Ok(())
    }
}

impl OperatorRegistry {
    /// Wires the rewards contract, once, here and in the slashing manager
    /// (which must be wired first): from then on every stake change and
    /// allocation change is told to it before it takes effect. Every vault
    /// whitelisted so far is told to it too (`onVaultAdded`), and each one
    /// added later; each vault's whitelist word records it beside the
    /// vault's index, where the stake hooks read it.
    ///
    /// # Errors
    /// * [`Error::OwnableUnauthorizedAccount`] - the caller is not the owner.
    /// * [`Error::ZeroAddress`] - `rewards` is zero, or no manager is wired.
    /// * [`Error::RewardsAlreadySet`] - it was wired already.
    /// * [`Error::Rewards`] - the manager or the rewards contract refused.
    ///
    /// # Events
    /// * [`RewardsSet`] (and the manager's, and the rewards contract's
    ///   `VaultListed` per vault).
    pub fn set_rewards(&mut self, rewards: Address) -> Result<(), Error> {
        self.only_owner()?;
        let manager = self.config().1;
        if rewards.is_zero() || manager.is_zero() {
            return Err(Error::ZeroAddress(RegistryZeroAddress {}));
        }
        let current = self.rewards();
        if !current.is_zero() {
            return Err(Error::RewardsAlreadySet(RegistryRewardsAlreadySet {
                rewards: current,
            }));
        }
        self.sstore(REWARDS.slot(), from_address(rewards));
        self.emit_event(&RewardsSet { rewards });
        restake_kit::call::call_static_args(
            self.vm(),
            manager,
            SET_REWARDS,
            &[rewards.into_word()],
            true,
        )
        .map_err(|revert| Error::Rewards(revert.0))?;
        for (index, vault) in (0u64..).zip(self.vault_list()) {
            self.set_vault_entry(vault, index, rewards);
            self.tell_rewards(rewards, vault)?;
        }
        Ok(())
    }

    /// The rewards contract (zero: none wired).
    pub fn rewards(&self) -> Address {
        self.sload_address(REWARDS.slot())
    }
}

/// `onVaultAdded(address)` on the rewards contract.
const ON_VAULT_ADDED: [u8; 4] =
    restake_kit::route::selector("onVaultAdded", &["address"]).to_be_bytes();

/// `setRewards(address)` on the slashing manager.
const SET_REWARDS: [u8; 4] = restake_kit::route::selector("setRewards", &["address"]).to_be_bytes();

/// OpenZeppelin's `IOwnable2Step` (same functions, errors and events),
/// implemented on the registry's own slots: OpenZeppelin's storage-type
/// version and its `sol!` event encoders cost about 1.5 KB of deployed code.
impl IOwnable2Step for OperatorRegistry {
    type Error = Error;

    fn owner(&self) -> Address {
        self.sload_address(OWNER.slot())
    }

    fn pending_owner(&self) -> Address {
        self.sload_address(PENDING_OWNER.slot())
    }

    fn transfer_ownership(&mut self, new_owner: Address) -> Result<(), Error> {
        let owner = self.only_owner()?;
        self.sstore(PENDING_OWNER.slot(), from_address(new_owner));
        self.emit_event(&OwnershipTransferStarted {
            previous_owner: owner,
            new_owner,
        });
        Ok(())
    }

    fn accept_ownership(&mut self) -> Result<(), Error> {
        let caller = self.vm().msg_sender();
        if caller != self.pending_owner() {
            return Err(Error::OwnableUnauthorizedAccount(
                OwnableUnauthorizedAccount { account: caller },
            ));
        }
        self.set_owner(caller);
        Ok(())
    }

    fn renounce_ownership(&mut self) -> Result<(), Error> {
        self.only_owner()?;
        self.set_owner(Address::ZERO);
        Ok(())
    }
}

impl OperatorRegistry {
    /// The caller, if it is the owner.
    pub(crate) fn only_owner(&self) -> Result<Address, Error> {
        let caller = self.vm().msg_sender();
        if caller != self.owner() {
            return Err(Error::OwnableUnauthorizedAccount(
                OwnableUnauthorizedAccount { account: caller },
            ));
        }
        Ok(caller)
    }

    /// Moves ownership to `new_owner` and clears the pending owner.
    pub(crate) fn set_owner(&mut self, new_owner: Address) {
        let previous = self.owner();
        self.sstore(OWNER.slot(), from_address(new_owner));
        self.sstore(PENDING_OWNER.slot(), U256::ZERO);
        self.emit_event(&OwnershipTransferred {
            previous_owner: previous,
            new_owner,
        });
    }
}
