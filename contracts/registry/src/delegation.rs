//! Delegation: stakers delegating, undelegating and redelegating (moving
//! their positions into and out of operators' stake), and the approver's
//! EIP-712 consent (signatures and spent salts).

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
use restake_interfaces::{registry::*, words};
use restake_kit::{ecdsa, eip712};
use restake_math::{operator_stake_of, scale_for_queue, wad_div, Rounding};
use stylus_sdk::prelude::*;

use crate::storage::{DELEGATED_TO, ONE, REGISTERED, SALTS};
use crate::{Error, OperatorRegistry, DELEGATION_APPROVAL_TYPE, EIP712_NAME, EIP712_VERSION};
use restake_kit::storage::from_address;

impl OperatorRegistry {
    // ------------------------------------------------------------------
    // Delegation
    // ------------------------------------------------------------------

    /// Delegates all of the caller's vault positions to `operator`. If the
    /// operator has an approver (and the caller is not it), `signature`
    /// (65 bytes, `r ‖ s ‖ v`) must be the approver's EIP-712 signature of
    /// `DelegationApproval(staker, operator, salt, expiry)`; each salt works
    /// once per approver, and not after `expiry` (a timestamp).
    ///
    /// # Errors
    /// * [`Error::NotOperator`] - `operator` is not registered.
    /// * [`Error::AlreadyDelegated`] - the caller is delegated already.
    /// * [`Error::SignatureExpired`], [`Error::SaltSpent`], [`Error::InvalidSignature`].
    /// * [`Error::OperatorFullySlashed`] - the caller holds shares of a vault
    ///   where the operator's magnitude is zero.
    /// * [`Error::Vault`], [`Error::Math`].
    ///
    /// # Events
    /// * [`ApproverSaltSpent`] (with an approver), [`StakerDelegated`], and per
    ///   vault position [`DepositScalingFactorUpdated`] and [`OperatorStakeIncreased`].
    pub fn delegate_to(
        &mut self,
        operator: Address,
        signature: impl AsRef<[u8]>,
        expiry: U256,
        salt: B256,
    ) -> Result<(), Error> {
        let staker = self.vm().msg_sender();
        let current = self.delegated_to(staker);
        if !current.is_zero() {
            return Err(Error::AlreadyDelegated(RegistryAlreadyDelegated {
                staker,
                operator: current,
            }));
        }
        self.check_approval(staker, operator, signature.as_ref(), expiry, salt)?;
        self.delegate(staker, operator, true)
    }

    /// Undelegates `staker` from its operator, queueing its whole position
    /// (every vault) in one withdrawal. Callable by the staker, its operator
    /// or that operator's approver. Returns the withdrawal id (0 if the
    /// staker held no shares).
    ///
    /// # Errors
    /// * [`Error::NotDelegated`] - `staker` is not delegated.
    /// * [`Error::OperatorCannotUndelegate`] - `staker` is an operator.
    /// * [`Error::Unauthorized`] - the caller is none of the three.
    /// * [`Error::Vault`], [`Error::Math`].
    ///
    /// # Events
    /// * [`StakerUndelegated`]; per vault position [`WithdrawalQueued`] and
    ///   [`OperatorStakeDecreased`] (and the vault's `DepositSharesRemoved`).
    pub fn undelegate(&mut self, staker: Address) -> Result<U256, Error> {
        let caller = self.vm().msg_sender();
        let operator = self.delegated_operator(staker)?;
        let approver = self.delegation_approver(operator);
        if caller != staker && caller != operator && (caller != approver || approver.is_zero()) {
            return Err(Error::Unauthorized(RegistryUnauthorized { caller }));
        }
        self.undelegate_inner(staker, operator, caller)
    }

    /// Moves the caller to `new_operator`: undelegates (queueing the whole
    /// position, which can be completed as shares into the new operator once
    /// the delay ends) and delegates, with the new operator's approver
    /// signature as in `delegateTo`. Returns the withdrawal id (0 if none).
    ///
    /// # Errors
    /// * Those of `undelegate` (as the staker) and `delegateTo`.
    ///
    /// # Events
    /// * Those of `undelegate`, then [`ApproverSaltSpent`] (with an approver)
    ///   and [`StakerDelegated`].
    pub fn redelegate(
        &mut self,
        new_operator: Address,
        signature: impl AsRef<[u8]>,
        expiry: U256,
        salt: B256,
    ) -> Result<U256, Error> {
        let staker = self.vm().msg_sender();
        let operator = self.delegated_operator(staker)?;
        self.check_approval(staker, new_operator, signature.as_ref(), expiry, salt)?;
        let id = self.undelegate_inner(staker, operator, staker)?;
        // Every position was just queued: nothing is left to move.
        self.delegate(staker, new_operator, false)?;
        Ok(id)
    }
}

impl OperatorRegistry {
    /// `staker`'s operator; errors if none or if `staker` is an operator.
    pub(crate) fn delegated_operator(&self, staker: Address) -> Result<Address, Error> {
        let operator = self.delegated_to(staker);
        if operator.is_zero() {
            return Err(Error::NotDelegated(RegistryNotDelegated { staker }));
        }
        if operator == staker {
            return Err(Error::OperatorCannotUndelegate(
                RegistryOperatorCannotUndelegate { operator },
            ));
        }
        Ok(operator)
    }

    pub(crate) fn set_delegated_to(&mut self, staker: Address, operator: Address) {
        self.sstore(
            self.slot1(DELEGATED_TO, staker.into_word()),
            from_address(operator),
        );
    }

    /// Checks an approver's consent for `staker` → `operator` and spends its salt.
    pub(crate) fn check_approval(
        &mut self,
        staker: Address,
        operator: Address,
        signature: &[u8],
        expiry: U256,
        salt: B256,
    ) -> Result<(), Error> {
        let (flags, approver) = self.operator_word(operator);
        if flags & REGISTERED == 0 {
            return Err(Error::NotOperator(RegistryNotOperator {
                account: operator,
            }));
        }
        if approver.is_zero() || approver == self.vm().msg_sender() {
            return Ok(());
        }
        let now = self.now();
        if expiry < U256::from(now) {
            return Err(Error::SignatureExpired(RegistrySignatureExpired {
                expiry,
                timestamp: now,
            }));
        }
        let salt_slot = self.slot2(SALTS, approver.into_word(), salt);
        if self.sload(salt_slot) == ONE {
            return Err(Error::SaltSpent(RegistrySaltSpent { approver, salt }));
        }
        let signer = self.recover(
            self.approval_digest(staker, operator, salt, expiry),
            signature,
        );
        if signer != approver {
            return Err(Error::InvalidSignature(RegistryInvalidSignature {
                approver,
                signer,
            }));
        }
        self.sstore(salt_slot, ONE);
        self.emit_event(&ApproverSaltSpent { approver, salt });
        Ok(())
    }

    pub(crate) fn keccak(&self, bytes: &[u8]) -> B256 {
        self.vm().native_keccak256(bytes)
    }

    pub(crate) fn approval_digest(
        &self,
        staker: Address,
        operator: Address,
        salt: B256,
        expiry: U256,
    ) -> B256 {
        let domain = eip712::domain_separator(
            self.vm(),
            self.keccak(EIP712_NAME),
            self.keccak(EIP712_VERSION),
        );
        let struct_hash = eip712::hash_struct(
            self.vm(),
            self.keccak(DELEGATION_APPROVAL_TYPE),
            &words![staker, operator, salt, expiry],
        );
        eip712::digest(self.vm(), domain, struct_hash)
    }

    /// The signer of `digest` (zero for a signature the kit's ecrecover
    /// refuses: not 65 bytes, high `s`, `v` other than 27/28, no signer).
    pub(crate) fn recover(&self, digest: B256, signature: &[u8]) -> Address {
        ecdsa::recover_bytes(self.vm(), digest, signature).unwrap_or(Address::ZERO)
    }

    /// Delegates `staker` to `operator`; with `move_positions`, its vault
    /// positions join the operator's stake at the operator's magnitude.
    pub(crate) fn delegate(
        &mut self,
        staker: Address,
        operator: Address,
        move_positions: bool,
    ) -> Result<(), Error> {
        self.set_delegated_to(staker, operator);
        self.emit_event(&StakerDelegated { staker, operator });
        if !move_positions {
            return Ok(());
        }
        // Read once, at the first position that moves (none: no read).
        let mut rewards = None;
        for vault in self.vault_list() {
            // The position word holds the deposit shares beside the factor
            // (the registry's copy of the vault's): one cold read, no call
            // into the vault (its program start-up, ~20k uncached, #15).
            // A factor of zero (a position worth nothing after a slash close
            // to 100%) would move no stake and no reward weight (`w` and the
            // scaled shares below are 0 at k = 0).
            let (shares, dsf) = self.position(staker, vault);
            if shares.is_zero() || dsf.is_zero() {
                continue;
            }
            let m = self.magnitude_of(operator, vault);
            if m == 0 {
                return Err(Error::OperatorFullySlashed(RegistryOperatorFullySlashed {
                    operator,
                    vault,
                }));
            }
            // Undelegated, the position is worth s·k (m = WAD). Dividing k by
            // the operator's magnitude (rounded down) keeps it worth at most
            // that under m: delegating never creates shares.
            let m = U256::from(m);
            let k = wad_div(dsf, m, Rounding::Down)?;
            self.set_position(staker, vault, shares, k, true)?;
            // Rounded up: see `operator_stake_of` (invariant 2).
            let w = operator_stake_of(shares, k, m)?;
            self.move_stake(operator, vault, staker, w, true)?;
            let rewards = *rewards.get_or_insert_with(|| self.rewards());
            self.notify_rewards(
                rewards,
                staker,
                operator,
                vault,
                scale_for_queue(shares, k)?,
                true,
            )?;
        }
        Ok(())
    }

    /// Emits `StakerUndelegated`, queues every position through `operator`
    /// and clears the delegation. Returns the withdrawal id (0 if none).
    pub(crate) fn undelegate_inner(
        &mut self,
        staker: Address,
        operator: Address,
        caller: Address,
    ) -> Result<U256, Error> {
        self.emit_event(&StakerUndelegated {
            staker,
            operator,
            caller,
        });
        let mut vaults = Vec::new();
        let mut shares = Vec::new();
        for vault in self.vault_list() {
            let s = self.position(staker, vault).0;
            if !s.is_zero() {
                vaults.push(vault);
                shares.push(s);
            }
        }
        let id = if vaults.is_empty() {
            U256::ZERO
        } else {
            self.queue(staker, operator, &vaults, &shares)?
        };
        self.set_delegated_to(staker, Address::ZERO);
        Ok(id)
    }
}
