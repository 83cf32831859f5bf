//! Construction, the owner's token list, claimers, claims and the
//! `claimable` view.

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
use restake_interfaces::rewards::*;
use restake_kit::{abi::Word, storage::from_address};
use restake_math::add;
use stylus_sdk::prelude::*;

use crate::storage::*;
use crate::{Error, Rewards, MAX_TOKENS, NATIVE_ETH, OWNERSHIP};

impl Rewards {
    /// Deploys the rewards contract for `registry` and `manager` (whose
    /// hooks it trusts), owned by `owner`; ETH is reward token 0.
    ///
    /// # Errors
    /// * [`Error::ZeroAddress`], [`Error::OwnableInvalidOwner`].
    ///
    /// # Events
    /// * `OwnershipTransferred`, [`RewardTokenListed`] (ETH).
    pub fn constructor(
        &mut self,
        owner: Address,
        registry: Address,
        manager: Address,
    ) -> Result<(), Error> {
        if registry.is_zero() || manager.is_zero() {
            return Err(Error::ZeroAddress(RewardsZeroAddress {}));
        }
        OWNERSHIP.init(self.vm(), owner)?;
        REGISTRY.store_address(self.vm(), registry);
        MANAGER.store_address(self.vm(), manager);
        self.list(NATIVE_ETH)
    }

    /// Lists `token` as a reward token (owner only; at most [`MAX_TOKENS`],
    /// ETH included). A token is never delisted: accruals in it stay
    /// claimable.
    ///
    /// # Errors
    /// * [`Error::OwnableUnauthorizedAccount`], [`Error::ZeroAddress`],
    ///   [`Error::TokenAlreadyListed`], [`Error::TooManyTokens`].
    ///
    /// # Events
    /// * [`RewardTokenListed`].
    pub fn add_reward_token(&mut self, token: Address) -> Result<(), Error> {
        OWNERSHIP.only_owner(self.vm())?;
        if token.is_zero() {
            return Err(Error::ZeroAddress(RewardsZeroAddress {}));
        }
        self.list(token)
    }

    fn list(&mut self, token: Address) -> Result<(), Error> {
        if self.token_index(token).is_ok() {
            return Err(Error::TokenAlreadyListed(RewardsTokenAlreadyListed {
                token,
            }));
        }
        let count = low(TOKEN_COUNT.load(self.vm()));
        if count >= MAX_TOKENS {
            return Err(Error::TooManyTokens(RewardsTooManyTokens {
                max: U256::from(MAX_TOKENS),
            }));
        }
        self.sstore(
            self.slot2(TOKEN_AT, index_word(count), B256::ZERO),
            from_address(token),
        );
        self.sstore(
            self.slot2(TOKEN_INDEX, token.word(), B256::ZERO),
            U256::from(count + 1),
        );
        TOKEN_COUNT.store(self.vm(), U256::from(count + 1));
        self.emit_event(&RewardTokenListed {
            token,
            index: count as u8,
        });
        Ok(())
    }

    /// The listed reward tokens, in index order.
    pub fn reward_tokens(&self) -> Vec<Address> {
        (0..low(TOKEN_COUNT.load(self.vm())))
            .map(|i| self.token_at(i))
            .collect()
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
    /// earner or its claimer. The accrual is zeroed before the transfer, so
    /// a second claim pays nothing. Returns the amounts paid, per token.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - the caller is neither.
    /// * [`Error::ZeroAddress`] - `recipient` is zero.
    /// * [`Error::TokenNotListed`], [`Error::TransferFailed`], [`Error::Math`].
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
        for vault in self.known_vaults() {
            self.settle_staker(earner, vault, now, true)?;
            self.settle_operator_vault(earner, vault, now, true)?;
        }
        let mut paid = Vec::with_capacity(tokens.len());
        for token in tokens {
            let ti = self.token_index(token)?;
            let slot = self.slot2(ACCRUED, earner.word(), index_word(ti));
            let amount = self.sload(slot);
            paid.push(amount);
            if amount.is_zero() {
                continue;
            }
            // Effects first: a re-entrant claim finds nothing.
            self.sstore(slot, U256::ZERO);
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

    /// What `earner` could claim in `token` now: its settled accruals plus
    /// what its positions (staker and operator) earned since, computed as
    /// `claim` would settle them.
    ///
    /// # Errors
    /// * [`Error::TokenNotListed`], [`Error::Math`].
    pub fn claimable(&self, earner: Address, token: Address) -> Result<U256, Error> {
        let ti = self.token_index(token)? as usize;
        let now = self.now();
        let mut total = self.sload(self.slot2(ACCRUED, earner.word(), index_word(ti as u64)));
        for vault in self.known_vaults() {
            let (_, _, _, amounts) = self.settle_staker(earner, vault, now, false)?;
            let ov = self.settle_operator_vault(earner, vault, now, false)?;
            total = add(add(total, amounts[ti])?, ov.commission[ti])?;
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
