//! Construction, claimers, claims and the
//! `claimable` view.

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
use restake_interfaces::rewards::*;
use restake_kit::{abi::Word, storage::from_address};
use restake_math::add;
use stylus_sdk::prelude::*;

use crate::storage::*;
use crate::weights::OperatorVault;
use crate::{Error, Rewards, OWNERSHIP};

impl Rewards {
    /// Deploys the rewards contract for `registry` and `manager` (whose
    /// hooks it trusts), owned by `owner`, with the deployed `extension`
    /// (this crate built with the `extension` feature: the AVSs', the
    /// operators' and the owner's functions and the views, run by
    /// delegate call; see `router.rs`).
    ///
    /// # Errors
    /// * [`Error::ZeroAddress`] - `registry` or `manager` is zero, or (in
    ///   the core wasm, which delegate-calls it) `extension`.
    /// * [`Error::Unauthorized`] - always, in the extension's own wasm: the
    ///   extension has no state of its own and is never initialized.
    /// * [`Error::OwnableInvalidOwner`].
    ///
    /// # Events
    /// * `OwnershipTransferred`.
    pub fn constructor(
        &mut self,
        owner: Address,
        registry: Address,
        manager: Address,
        extension: Address,
    ) -> Result<(), Error> {
        if crate::router::WASM == restake_kit::route::EXT {
            return Err(Error::unauthorized(self.vm().msg_sender()));
        }
        // The core delegate-calls the extension; a delegate call to an
        // address without code would "succeed" with no effect.
        let no_extension = crate::router::WASM == restake_kit::route::CORE && extension.is_zero();
        if registry.is_zero() || manager.is_zero() || no_extension {
            return Err(Error::ZeroAddress(RewardsZeroAddress {}));
        }
        OWNERSHIP.init(self.vm(), owner)?;
        REGISTRY.store_address(self.vm(), registry);
        MANAGER.store_address(self.vm(), manager);
        EXTENSION.store_address(self.vm(), extension);
        Ok(())
    }

    /// The extension the core hands every other route to (zero in a
    /// native build, which serves every route itself).
    pub fn extension(&self) -> Address {
        EXTENSION.load_address(self.vm())
    }

    /// The operator registry whose stake hook this trusts.
    pub fn registry(&self) -> Address {
        REGISTRY.load_address(self.vm())
    }

    /// The slashing manager whose allocation hook this trusts.
    pub fn manager(&self) -> Address {
        MANAGER.load_address(self.vm())
    }

    /// The caller (an earner) names `claimer` to claim for it, to any
    /// recipient (zero: nobody but itself).
    ///
    /// # Events
    /// * [`ClaimerSet`].
    pub fn set_claimer_for(&mut self, claimer: Address) {
        let earner = self.vm().msg_sender();
        self.sstore(
            self.slot2(CLAIMERS, earner.word(), B256::ZERO),
            from_address(claimer),
        );
        self.emit_event(&ClaimerSet { earner, claimer });
    }

    /// `earner`'s claimer (zero: none).
    pub fn claimer_of(&self, earner: Address) -> Address {
        self.load_address(self.slot2(CLAIMERS, earner.word(), B256::ZERO))
    }

    /// Settles every position of `earner` (as a staker and as an operator)
    /// and pays what it earned in each of `tokens` to `recipient`. By the
    /// earner or its claimer. Every accrual paid is zeroed before the
    /// transfers, so a second claim pays nothing. Returns the amounts paid,
    /// per token (a token named twice is paid once, at its first place).
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - the caller is neither.
    /// * [`Error::ZeroAddress`] - `recipient` is zero.
    /// * [`Error::TransferFailed`], [`Error::Math`].
    ///
    /// # Events
    /// * [`RewardsClaimed`] per token paid (and the settlements' events).
    pub fn claim(
        &mut self,
        earner: Address,
        tokens: Vec<Address>,
        recipient: Address,
    ) -> Result<Vec<U256>, Error> {
        let caller = self.vm().msg_sender();
        if caller != earner && caller != self.claimer_of(earner) {
            return Err(Error::unauthorized(caller));
        }
        if recipient.is_zero() {
            return Err(Error::ZeroAddress(RewardsZeroAddress {}));
        }
        let now = self.now();
        let mut paid = alloc::vec![U256::ZERO; tokens.len()];
        for vault in self.known_vaults() {
            let base = self.base2(STAKERS, earner.word(), vault.word());
            // Settled without banking: what is paid now is never written.
            if let (_, _, Some(mut ov), fresh) =
                self.settle_position(earner, vault, now, true, false)?
            {
                self.take(&mut ov, base, EARNED_AT, &fresh, &tokens, &mut paid)?;
            }
            let mut ov = self.settle_pair(earner, vault, now, true, false)?;
            let (base, fresh) = (ov.base, core::mem::take(&mut ov.commission));
            self.take(&mut ov, base, COMMISSION_AT, &fresh, &tokens, &mut paid)?;
        }
        for (i, &token) in tokens.iter().enumerate() {
            let slot = self.slot2(ACCRUED, earner.word(), token.word());
            let amount = self.sload(slot);
            if !amount.is_zero() {
                self.sstore(slot, U256::ZERO);
                paid[i] = add(paid[i], amount)?;
            }
        }
        // Effects first: a re-entrant claim finds nothing.
        for (&token, &amount) in tokens.iter().zip(&paid) {
            if amount.is_zero() {
                continue;
            }
            self.send(token, recipient, amount)?;
            self.emit_event(&RewardsClaimed {
                earner,
                recipient,
                token,
                amount,
            });
        }
        Ok(paid)
    }

    /// Pays into `paid` what `ov`'s place `p` holds for the earner in any of
    /// `tokens`: the settled amount at `base + at + p` (a position's
    /// earnings or an operator's commission), zeroed, and `fresh[p]`, just
    /// settled. What is fresh in a token not claimed is banked there.
    fn take(
        &self,
        ov: &mut OperatorVault,
        base: U256,
        at: u64,
        fresh: &[U256],
        tokens: &[Address],
        paid: &mut [U256],
    ) -> Result<(), Error> {
        for (p, &new) in (0u64..).zip(fresh) {
            let settled = self.at(base, at + p);
            if settled.is_zero() && new.is_zero() {
                continue;
            }
            let token = ov.token(self, p);
            match tokens.iter().position(|&t| t == token) {
                Some(i) => {
                    if !settled.is_zero() {
                        self.put(base, at + p, U256::ZERO);
                    }
                    paid[i] = add(add(paid[i], settled)?, new)?;
                }
                None if !new.is_zero() => self.put(base, at + p, add(settled, new)?),
                None => {}
            }
        }
        Ok(())
    }

    /// What `earner` could claim in `token` now: its settled accruals plus
    /// what its positions (staker and operator) earned since, computed as
    /// `claim` would settle them.
    ///
    /// # Errors
    /// * [`Error::Math`].
    pub fn claimable(&self, earner: Address, token: Address) -> Result<U256, Error> {
        let now = self.now();
        let mut total = self.sload(self.slot2(ACCRUED, earner.word(), token.word()));
        for vault in self.known_vaults() {
            let base = self.base2(STAKERS, earner.word(), vault.word());
            if let (_, _, Some(mut ov), amounts) = self.settle_staker(earner, vault, now, false)? {
                for (p, amount) in (0u64..).zip(amounts) {
                    if ov.token(self, p) == token {
                        total = add(add(total, self.at(base, EARNED_AT + p))?, amount)?;
                    }
                }
            }
            let mut ov = self.settle_operator_vault(earner, vault, now, false)?;
            for p in 0..ov.rps.len() as u64 {
                if ov.token(self, p) == token {
                    let settled = self.at(ov.base, COMMISSION_AT + p);
                    total = add(add(total, settled)?, ov.commission[p as usize])?;
                }
            }
            for &(t, cut) in &ov.declined {
                if t == token {
                    total = add(total, cut)?;
                }
            }
        }
        Ok(total)
    }

    /// The owner.
    pub fn owner(&self) -> Address {
        OWNERSHIP.owner(self.vm())
    }

    /// The account offered ownership (zero for none).
    pub fn pending_owner(&self) -> Address {
        OWNERSHIP.pending_owner(self.vm())
    }

    /// Offers ownership to `new_owner` (owner only).
    ///
    /// # Errors
    /// * [`Error::OwnableUnauthorizedAccount`].
    ///
    /// # Events
    /// * `OwnershipTransferStarted`.
    pub fn transfer_ownership(&mut self, new_owner: Address) -> Result<(), Error> {
        Ok(OWNERSHIP.transfer_ownership(self.vm(), new_owner)?)
    }

    /// Takes the ownership offered to the caller.
    ///
    /// # Errors
    /// * [`Error::OwnableUnauthorizedAccount`].
    ///
    /// # Events
    /// * `OwnershipTransferred`.
    pub fn accept_ownership(&mut self) -> Result<(), Error> {
        Ok(OWNERSHIP.accept_ownership(self.vm())?)
    }

    /// Leaves the contract without an owner, for good (owner only).
    ///
    /// # Errors
    /// * [`Error::OwnableUnauthorizedAccount`].
    ///
    /// # Events
    /// * `OwnershipTransferred` to zero.
    pub fn renounce_ownership(&mut self) -> Result<(), Error> {
        Ok(OWNERSHIP.renounce_ownership(self.vm())?)
    }

    /// Sets the test clock (feature `test-clock` only; 0: the block time).
    #[cfg(feature = "test-clock")]
    pub fn set_test_timestamp(&mut self, timestamp: u64) {
        TEST_CLOCK.store(self.vm(), U256::from(timestamp));
    }
}
