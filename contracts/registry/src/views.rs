//! The views: every read-only entry point (all in the ABI through the
//! router; `checkpoint_count` is for tests only).

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
use restake_interfaces::abi::Word;
use restake_math::{sub, withdrawable_shares};

use crate::storage::{
    DELEGATED_TO, IS_VAULT, ONE, REGISTERED, SALTS, STAKES, VAULT_AT, WITHDRAWALS, WITHDRAWAL_COUNT,
};
use crate::{min_allocation_delay_for, Error, OperatorRegistry};

impl OperatorRegistry {
    // ------------------------------------------------------------------
    // Views
    // ------------------------------------------------------------------

    /// Whether `operator` is registered.
    pub fn is_operator(&self, operator: Address) -> bool {
        self.operator_word(operator).0 & REGISTERED != 0
    }

    /// Whether `vault` is whitelisted.
    pub fn is_vault(&self, vault: Address) -> bool {
        self.vault_index(vault).is_some()
    }

    /// `vault`'s index in the whitelist, if whitelisted.
    pub(crate) fn vault_index(&self, vault: Address) -> Option<u64> {
        self.vault_entry(vault).map(|(index, _)| index)
    }

    /// `vault`'s index in the whitelist and the rewards contract (zero:
    /// none wired), if whitelisted: both from its one whitelist word, so
    /// a hook that authenticates its vault knows where to tell the change
    /// without a cold read of [`crate::storage::REWARDS`] (#15).
    pub(crate) fn vault_entry(&self, vault: Address) -> Option<(u64, Address)> {
        // `pack(rewards, index + 1, 0)`: index + 1 < 9, zero for none.
        let (rewards, index, _) =
            restake_kit::storage::unpack(self.sload(self.slot1(IS_VAULT, vault.into_word())));
        index.checked_sub(1).map(|index| (index, rewards))
    }

    /// The allocation delay (seconds) of an allocation `operator` makes now,
    /// as the slashing manager reads it: its configured delay in force now
    /// (the one set at registration or by `setAllocationDelay` once its
    /// configuration delay has passed, else the one before), and never less
    /// than [`Self::min_allocation_delay`], which is longer than the
    /// withdrawal delay: every staker delegated when an allocation is made
    /// can queue its exit and leave the slashable window before the
    /// allocation becomes slashable.
    pub fn allocation_delay(&self, operator: Address) -> u32 {
        self.configured_allocation_delay(operator, self.now())
            .max(self.min_allocation_delay())
    }

    /// The protocol's minimum allocation delay, which is also the allocation
    /// configuration delay (seconds): `withdrawalDelay + ⌈withdrawalDelay/4⌉`
    /// ([`min_allocation_delay_for`]), strictly longer than the withdrawal
    /// delay. Integrators (the Lrt) refuse operators whose
    /// [`Self::allocation_delay`] is below it.
    pub fn min_allocation_delay(&self) -> u32 {
        // The constructor bounds the withdrawal delay so that this fits.
        min_allocation_delay_for(self.withdrawal_delay()).min(u32::MAX as u64) as u32
    }

    /// `operator`'s allocation delay configuration: the delay applied to an
    /// allocation now (`allocationDelay`), the one applied from `effect_at`
    /// on (both floored at the minimum), and `effect_at` (0 if never set;
    /// at or before now when nothing is pending).
    pub fn allocation_delay_config(&self, operator: Address) -> (u32, u32, u64) {
        let (_, next, effect_at) = self.allocation_delay_word(operator);
        (
            self.allocation_delay(operator),
            next.max(self.min_allocation_delay()),
            effect_at,
        )
    }

    /// `operator`'s max magnitude for `vault` (WAD = 100%; only decreases).
    pub fn max_magnitude(&self, operator: Address, vault: Address) -> u64 {
        self.magnitude_of(operator, vault)
    }

    /// The slash epoch: how many slashes the registry has applied, modulo
    /// 2^32. Every change of any operator's max magnitude moves it, so a
    /// staker that caches what its positions are worth (the Lrt) revalues
    /// only when it has moved.
    pub fn slash_epoch(&self) -> u32 {
        self.epoch()
    }

    /// `operator`'s delegated stake in `vault`, in vault shares.
    pub fn operator_stake(&self, operator: Address, vault: Address) -> U256 {
        self.sload(self.slot2(STAKES, operator.into_word(), vault.into_word()))
    }

    /// The operator `staker` is delegated to (zero for none; an operator is
    /// delegated to itself).
    pub fn delegated_to(&self, staker: Address) -> Address {
        self.sload_address(self.slot1(DELEGATED_TO, staker.into_word()))
    }

    /// `staker`'s withdrawable shares in `vault`: `s · k · m`, rounded down.
    ///
    /// # Errors
    /// * [`Error::VaultNotRegistered`] - `vault` is not a registered vault.
    /// * [`Error::Vault`] - reading the vault failed; [`Error::Math`].
    pub fn withdrawable_shares(&self, staker: Address, vault: Address) -> Result<U256, Error> {
        // Only a registered vault is asked (another contract's refusal of an
        // unknown selector may carry no data at all).
        self.check_vault(vault)?;
        let (shares, k) = self.position(staker, vault);
        let m = U256::from(self.magnitude_of(self.delegated_to(staker), vault));
        Ok(withdrawable_shares(shares, k, m)?)
    }

    /// `staker`'s deposit shares of `vault`, as the registry keeps them (the
    /// same as the vault's `depositShares(staker)`: see
    /// [`Self::position`]). Zero for a vault that is not whitelisted.
    pub fn deposit_shares(&self, staker: Address, vault: Address) -> U256 {
        self.position(staker, vault).0
    }

    /// Seconds between queueing and completing a withdrawal.
    pub fn withdrawal_delay(&self) -> u64 {
        self.config().0
    }

    /// ERC-7540-style: vault shares of `vault` in withdrawal `id` still
    /// waiting for the delay, valued at the current magnitude (slashing can
    /// still lower them). Zero once claimable or completed.
    ///
    /// # Errors
    /// * [`Error::WithdrawalNotFound`], [`Error::Math`].
    pub fn pending_redeem_request(&self, id: U256, vault: Address) -> Result<U256, Error> {
        self.request_shares(id, vault, false)
    }

    /// ERC-7540-style: vault shares of `vault` that `completeWithdrawal(id)`
    /// would pay now. Zero while pending and once completed.
    ///
    /// # Errors
    /// * [`Error::WithdrawalNotFound`], [`Error::Math`].
    pub fn claimable_redeem_request(&self, id: U256, vault: Address) -> Result<U256, Error> {
        self.request_shares(id, vault, true)
    }
}

/// More views, in the ABI through the router (`checkpoint_count` is for tests only).
impl OperatorRegistry {
    /// Whether `approver` has spent `salt`.
    pub fn is_salt_spent(&self, approver: Address, salt: B256) -> bool {
        self.sload(self.slot2(SALTS, approver.into_word(), salt)) == ONE
    }

    /// Withdrawal `id`: its staker, the operator it stays slashable through
    /// (zero if none), when it becomes claimable, whether it completed, and
    /// how many vault entries it has.
    ///
    /// # Errors
    /// * [`Error::WithdrawalNotFound`].
    pub fn withdrawal(&self, id: U256) -> Result<(Address, Address, u64, bool, u64), Error> {
        let w = self.withdrawal_record(id)?;
        Ok((w.staker, w.operator, w.claimable_at, w.completed, w.entries))
    }

    /// `staker`'s deposit scaling factor for `vault` (WAD).
    pub fn deposit_scaling_factor(&self, staker: Address, vault: Address) -> U256 {
        self.position(staker, vault).1
    }

    /// `operator`'s delegation approver (zero for none).
    pub fn delegation_approver(&self, operator: Address) -> Address {
        self.operator_word(operator).1
    }

    /// The slashing manager (zero until wired).
    pub fn slashing_manager(&self) -> Address {
        self.config().1
    }

    /// The whitelisted vaults, in the order added.
    pub fn vaults(&self) -> Vec<Address> {
        let mut out = Vec::new();
        for i in 0..self.vault_count() {
            out.push(self.sload_address(self.slot1(VAULT_AT, U256::from(i).word())));
        }
        out
    }

    /// Withdrawals queued so far (the latest id).
    pub fn withdrawal_count(&self) -> U256 {
        self.sload(WITHDRAWAL_COUNT.slot())
    }

    /// Entry `index` of withdrawal `id`: its vault and scaled shares.
    pub fn withdrawal_entry(&self, id: U256, index: u64) -> (Address, U256) {
        match self.withdrawal_record(id) {
            Ok(w) if index < w.entries => self.entry(&w, self.slot1(WITHDRAWALS, id.word()), index),
            _ => (Address::ZERO, U256::ZERO),
        }
    }

    /// Scaled shares queued through `operator` for `vault` that a slash now
    /// would reach (queued less than `withdrawalDelay` ago).
    ///
    /// # Errors
    /// * [`Error::Math`].
    pub fn slashable_queued_shares(
        &self,
        operator: Address,
        vault: Address,
    ) -> Result<U256, Error> {
        let ov = self.operator_vault(operator, vault);
        let (_, cumulative) = self.latest(&ov);
        Ok(sub(
            cumulative,
            self.queued_before_window(&ov, self.now(), self.config().0),
        )?)
    }

    /// Whether the deposit hook would accept a deposit credited to `staker`
    /// by `vault` now: `vault` is whitelisted and `staker`'s operator (if
    /// any) has magnitude left for it (`onDeposit` refuses otherwise, with
    /// [`Error::Unauthorized`] or [`Error::OperatorFullySlashed`]). A vault's
    /// ERC-4626 `maxDeposit`/`maxMint` read it, so they report 0 for a
    /// receiver whose deposit would revert.
    pub fn accepts_deposit(&self, staker: Address, vault: Address) -> bool {
        self.is_vault(vault) && self.magnitude_of(self.delegated_to(staker), vault) != 0
    }

    /// The number of checkpoints of (operator, vault).
    pub fn checkpoint_count(&self, operator: Address, vault: Address) -> u64 {
        self.operator_vault(operator, vault).count
    }

    /// The EIP-712 digest an approver signs to let `staker` delegate to
    /// `operator` (domain "Restake OperatorRegistry", "1", chain id, this
    /// contract).
    pub fn delegation_approval_digest(
        &self,
        staker: Address,
        operator: Address,
        salt: B256,
        expiry: U256,
    ) -> B256 {
        self.approval_digest(staker, operator, salt, expiry)
    }
}
