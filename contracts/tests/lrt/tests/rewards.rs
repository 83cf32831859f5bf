//! The Lrt's rewards (issue #14): it claims what a sub-account earned
//! (naming itself the account's claimer first), drips an accepted asset
//! into the rate over seven days, holds any other token apart and lets only
//! the owner route it. The rewards contract is a mock that pays a set
//! amount to its earner's claimer, so every figure here is exact.
extern crate alloc;

use alloy_primitives::{Address, U256};
use motsu::prelude::*;
use restake_interfaces::NATIVE_ETH;
use restake_lrt::{Error, Lrt, REWARD_DRIP};
use restake_lrt_account::LrtAccount;
use restake_lrt_tests::{e18, rate_at, with_mock::setup, MockRegistry, T0};
use restake_mock_lst::MockLst;
use restake_vault::Vault;
use stylus_sdk::{
    prelude::*,
    storage::{StorageAddress, StorageMap, StorageU256},
};

/// Pays `amount` of `token` to whoever its earner named, on `claim`.
#[storage]
pub struct MockRewards {
    token: StorageAddress,
    amount: StorageU256,
    claimers: StorageMap<Address, StorageAddress>,
}

unsafe impl TopLevelStorage for MockRewards {}

#[public]
impl MockRewards {
    pub fn set_payout(&mut self, token: Address, amount: U256) {
        self.token.set(token);
        self.amount.set(amount);
    }

    pub fn claimer_of(&self, earner: Address) -> Address {
        self.claimers.get(earner)
    }

    pub fn set_claimer_for(&mut self, claimer: Address) {
        let earner = self.vm().msg_sender();
        self.claimers.setter(earner).set(claimer);
    }

    pub fn claim(
        &mut self,
        earner: Address,
        tokens: Vec<Address>,
        recipient: Address,
    ) -> Result<Vec<U256>, Vec<u8>> {
        if self.vm().msg_sender() != self.claimers.get(earner) {
            return Err(b"not the claimer".to_vec());
        }
        let (token, amount) = (self.token.get(), self.amount.get());
        let mut paid = Vec::new();
        for t in tokens {
            if t != token || amount.is_zero() {
                paid.push(U256::ZERO);
                continue;
            }
            self.amount.set(U256::ZERO);
            if t == NATIVE_ETH {
                self.vm().transfer_eth(recipient, amount)?;
            } else {
                restake_kit::safe_erc20::safe_transfer(self.vm(), t, recipient, amount)
                    .map_err(|_| b"transfer".to_vec())?;
            }
            paid.push(amount);
        }
        Ok(paid)
    }

    #[receive]
    pub fn receive(&mut self) -> Result<(), Vec<u8>> {
        Ok(())
    }
}

#[motsu::test]
#[allow(clippy::too_many_arguments)]
fn eth_rewards_drip_into_the_rate_and_other_tokens_are_held_apart(
    lrt: Contract<Lrt>,
    lst: Contract<MockLst>,
    eth_vault: Contract<Vault>,
    lst_vault: Contract<Vault>,
    registry: Contract<MockRegistry>,
    acc1: Contract<LrtAccount>,
    rewards: Contract<MockRewards>,
    other: Contract<MockLst>,
    alice: Address,
) {
    let env = setup(
        &lrt,
        &lst,
        &eth_vault,
        &lst_vault,
        &registry,
        Address::random(),
        Address::random(),
    );
    let op = Address::random();
    env.add_operator(op, &acc1);
    env.deposit_eth(alice, e18(100));
    let rate0 = env.rate();
    assert_eq!(rate0, e18(1));
    // No rewards contract yet.
    let err = lrt
        .sender(alice)
        .claim_rewards(op, vec![NATIVE_ETH])
        .motsu_unwrap_err();
    assert!(matches!(err, Error::ZeroAddress(_)));
    lrt.sender(env.owner)
        .set_rewards(rewards.address())
        .motsu_unwrap();

    // 7 ETH earned by the sub-account; anyone triggers the claim.
    rewards.address().fund(e18(7));
    rewards.sender(alice).set_payout(NATIVE_ETH, e18(7));
    let paid = lrt
        .sender(alice)
        .claim_rewards(op, vec![NATIVE_ETH])
        .motsu_unwrap();
    assert_eq!(paid, vec![e18(7)]);
    assert_eq!(
        rewards.sender(alice).claimer_of(acc1.address()),
        lrt.address()
    );
    // Nothing enters the rate at the claim: no sandwich.
    assert_eq!(env.rate(), rate0);
    assert_eq!(
        lrt.sender(alice).reward_drip(NATIVE_ETH).motsu_unwrap(),
        (e18(7), T0 + REWARD_DRIP)
    );
    // Half-way: 3.5 of the 7 ETH are the holders'.
    env.at(T0 + REWARD_DRIP / 2);
    let half = e18(103) + U256::from(500_000_000_000_000_000u64);
    assert_eq!(env.books().0, half);
    assert_eq!(env.rate(), rate_at(half, e18(100)));
    // A second claim while dripping merges: 3.5 left (3.5 days to go) and
    // 1 new (7 days) end at their amount-weighted mean, (3.5 × 302,400 s +
    // 1 × 604,800 s) / 4.5 = 369,600 s from now.
    rewards.address().fund(e18(1));
    rewards.sender(alice).set_payout(NATIVE_ETH, e18(1));
    lrt.sender(alice)
        .claim_rewards(op, vec![NATIVE_ETH])
        .motsu_unwrap();
    assert_eq!(
        lrt.sender(alice).reward_drip(NATIVE_ETH).motsu_unwrap(),
        (
            e18(4) + U256::from(500_000_000_000_000_000u64),
            T0 + REWARD_DRIP / 2 + 369_600
        )
    );
    assert_eq!(env.books().0, half);
    // A dust claim hardly moves the end: 1 wei more, the same second.
    rewards.address().fund(U256::from(1));
    rewards.sender(alice).set_payout(NATIVE_ETH, U256::from(1));
    lrt.sender(alice)
        .claim_rewards(op, vec![NATIVE_ETH])
        .motsu_unwrap();
    assert_eq!(
        lrt.sender(alice).reward_drip(NATIVE_ETH).motsu_unwrap().1,
        T0 + REWARD_DRIP / 2 + 369_600
    );
    // Once it has all dripped: the full 8 ETH (and the wei).
    env.at(T0 + 2 * REWARD_DRIP);
    assert_eq!(env.books().0, e18(108) + U256::from(1));
    assert!(env.rate() > rate_at(half, e18(100)));
    assert_eq!(
        lrt.sender(alice).reward_drip(NATIVE_ETH).motsu_unwrap().0,
        U256::ZERO
    );

    // A token that is not an accepted asset: held apart, never in the rate.
    other
        .sender(env.owner)
        .constructor(env.owner)
        .motsu_unwrap();
    other
        .sender(env.owner)
        .mint(rewards.address(), e18(50))
        .motsu_unwrap();
    rewards.sender(alice).set_payout(other.address(), e18(50));
    let rate = env.rate();
    lrt.sender(alice)
        .claim_rewards(op, vec![other.address()])
        .motsu_unwrap();
    assert_eq!(lrt.sender(alice).held_apart(other.address()), e18(50));
    assert_eq!(env.rate(), rate);
    // Only the owner routes it, never more than is held, never an asset.
    let err = lrt
        .sender(alice)
        .route_reward_token(other.address(), alice, e18(1))
        .motsu_unwrap_err();
    assert!(matches!(err, Error::Unauthorized(_)));
    let err = lrt
        .sender(env.owner)
        .route_reward_token(other.address(), alice, e18(51))
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InsufficientLiquidity(_)));
    let err = lrt
        .sender(env.owner)
        .route_reward_token(NATIVE_ETH, alice, e18(1))
        .motsu_unwrap_err();
    assert!(matches!(err, Error::AssetExists(_)));
    lrt.sender(env.owner)
        .route_reward_token(other.address(), alice, e18(20))
        .motsu_unwrap();
    assert_eq!(other.sender(alice).balance_of(alice), e18(20));
    assert_eq!(lrt.sender(alice).held_apart(other.address()), e18(30));
    assert_eq!(env.rate(), rate);
}
