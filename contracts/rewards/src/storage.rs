//! The storage layout (every location a named kit key), the records read
//! back, and the host helpers (time, events, token transfers).
//!
//! A set word `S` is `avs << 32 | set_id`; `ti` is a listed token's index
//! (0 is ETH); `[a, b, ..]` are a word's 64-bit limbs, lowest first.
//!
//! | location | constant | word(s) |
//! |---|---|---|
//! | `0` | [`REGISTRY`] | the operator registry |
//! | `1` | [`MANAGER`] | the slashing manager |
//! | `2` | [`TOKEN_COUNT`] | listed tokens |
//! | `3` | [`SUBMISSION_COUNT`] | submissions so far (ids 1, 2, ...) |
//! | `4` | [`TEST_CLOCK`] | the `test-clock` feature's time override |
//! | `0x10`, `0x11` | `OWNERSHIP` | owner, pending owner |
//! | `keccak(1 ‖ i ‖ 0)` | [`TOKEN_AT`] | token `i` |
//! | `keccak(2 ‖ token ‖ 0)` | [`TOKEN_INDEX`] | `i + 1` |
//! | `keccak(3 ‖ S ‖ 0)` | [`SETS`] | +0: total weight; +1: `[token bits, vault count]`; +2+j: multiplier vault `j` |
//! | `keccak(4 ‖ S ‖ vault)` | [`MULTIPLIERS`] | the vault's multiplier (WAD) |
//! | `keccak(5 ‖ S ‖ ti)` | [`STREAMS`] | +0: reward per weight (×1e27); +1: `[last update, boundary count]`; +2: rate; +3: unallocated; +4+3j, +5+3j, +6+3j: boundary `j`'s time, rate up, rate down |
//! | `keccak(6 ‖ id ‖ 0)` | [`SUBMISSIONS`] | +0: S; +1: `[ti, start, end]`; +2: rate |
//! | `keccak(7 ‖ o ‖ S ‖ v)` | [`ALLOCATIONS`] | +0: the manager's allocation `[current, pending, effect_at, increase]`; +1: weight; +2+ti: reward per weight already credited |
//! | `keccak(8 ‖ o ‖ v)` | [`OPERATOR_VAULTS`] | +0: `[set count, token bits]`; +1: scaled shares delegated; +2+j: set `j`; +10+ti: reward per scaled share (×1e27) |
//! | `keccak(9 ‖ staker ‖ v)` | [`STAKERS`] | +0: scaled shares; +1: operator; +2+ti: debt (reward per share already credited) |
//! | `keccak(10 ‖ earner ‖ ti)` | [`ACCRUED`] | claimable, settled |
//! | `keccak(11 ‖ earner ‖ 0)` | [`CLAIMERS`] | the earner's claimer |
//! | `keccak(12 ‖ o ‖ S)` | [`COMMISSIONS`] | `[current, pending, effect_at, 0]`, each bps with bit 16 set once chosen |
//! | `5` | [`VAULT_COUNT`] | vaults the hooks have named |
//! | `keccak(13 ‖ j ‖ 0)` | [`VAULT_AT`] | vault `j` |
//!
//! Collision-free: fixed slots are small, every mapped slot a keccak image of
//! a distinct tag, and offsets stay below 32 from a record's base.

use alloy_primitives::{Address, B256, U256};
use restake_interfaces::rewards::*;
use restake_kit::{
    abi::Word,
    call,
    storage::{offset, to_address, Map2, Map3, Slot},
};
use stylus_sdk::prelude::*;

use crate::{Error, Rewards, NATIVE_ETH};

pub(crate) const REGISTRY: Slot = Slot::new(0);
pub(crate) const MANAGER: Slot = Slot::new(1);
pub(crate) const TOKEN_COUNT: Slot = Slot::new(2);
pub(crate) const SUBMISSION_COUNT: Slot = Slot::new(3);
#[cfg(feature = "test-clock")]
pub(crate) const TEST_CLOCK: Slot = Slot::new(4);
pub(crate) const TOKEN_AT: Map2 = Map2::new(1);
pub(crate) const TOKEN_INDEX: Map2 = Map2::new(2);
pub(crate) const SETS: Map2 = Map2::new(3);
pub(crate) const MULTIPLIERS: Map2 = Map2::new(4);
pub(crate) const STREAMS: Map2 = Map2::new(5);
pub(crate) const SUBMISSIONS: Map2 = Map2::new(6);
pub(crate) const ALLOCATIONS: Map3 = Map3::new(7);
pub(crate) const OPERATOR_VAULTS: Map2 = Map2::new(8);
pub(crate) const STAKERS: Map2 = Map2::new(9);
pub(crate) const ACCRUED: Map2 = Map2::new(10);
pub(crate) const CLAIMERS: Map2 = Map2::new(11);
pub(crate) const COMMISSIONS: Map2 = Map2::new(12);
pub(crate) const VAULT_AT: Map2 = Map2::new(13);
pub(crate) const VAULT_COUNT: Slot = Slot::new(5);

/// Offset of the reward per scaled share in an operator-vault record.
pub(crate) const RPS_AT: u64 = 10;

/// `balanceOf(address)`.
const BALANCE_OF: [u8; 4] = restake_kit::route::selector("balanceOf", &["address"]).to_be_bytes();

/// A small index or count as a key word.
pub(crate) fn index_word(i: u64) -> B256 {
    U256::from(i).word()
}

/// The low limb of a word.
pub(crate) fn low(x: U256) -> u64 {
    x.as_limbs()[0]
}

/// Bits `0..8` of `bits` that are set, in order.
pub(crate) fn token_indices(bits: u64) -> impl Iterator<Item = u64> {
    (0..crate::MAX_TOKENS).filter(move |i| bits & (1 << i) != 0)
}

restake_kit::storage_methods!(impl Rewards; sload slot2 slot3);

impl Rewards {
    /// The current time in seconds.
    pub(crate) fn now(&self) -> u64 {
        #[cfg(feature = "test-clock")]
        {
            let t = low(self.sload(TEST_CLOCK.slot()));
            if t != 0 {
                return t;
            }
        }
        self.vm().block_timestamp()
    }

    /// Emits `event` (an `events!` type) through one out-of-line copy.
    #[inline(always)]
    pub(crate) fn emit_event(&self, event: &impl restake_kit::items::EventLog) {
        event.emit_to(|topics, data| self.emit_raw(topics, data))
    }

    #[inline(never)]
    pub(crate) fn emit_raw(&self, topics: &[B256], data: &[u8]) {
        // raw_log fails only for more than four topics, which no event has.
        let _ = self.vm().raw_log(topics, data);
    }

    /// Writes `value` at `slot` (through the host, so the settlement code
    /// can share one `&self` path with the views' simulation).
    #[inline(never)]
    pub(crate) fn sstore(&self, slot: U256, value: U256) {
        restake_kit::storage::store(self.vm(), slot, value)
    }

    /// The address held in `slot`.
    pub(crate) fn load_address(&self, slot: U256) -> Address {
        to_address(self.sload(slot))
    }

    /// The listed token `ti`.
    pub(crate) fn token_at(&self, ti: u64) -> Address {
        self.load_address(self.slot2(TOKEN_AT, index_word(ti), B256::ZERO))
    }

    /// The index of `token`.
    ///
    /// # Errors
    /// [`Error::TokenNotListed`].
    pub(crate) fn token_index(&self, token: Address) -> Result<u64, Error> {
        let i = low(self.sload(self.slot2(TOKEN_INDEX, token.word(), B256::ZERO)));
        if i == 0 {
            return Err(Error::TokenNotListed(RewardsTokenNotListed { token }));
        }
        Ok(i - 1)
    }

    /// The base slot of record `(a, b)` of `map`.
    pub(crate) fn base2(&self, map: Map2, a: B256, b: B256) -> U256 {
        self.slot2(map, a, b)
    }

    /// The word at `base + i`.
    pub(crate) fn at(&self, base: U256, i: u64) -> U256 {
        self.sload(offset(base, i))
    }

    /// Writes the word at `base + i`.
    pub(crate) fn put(&self, base: U256, i: u64, value: U256) {
        self.sstore(offset(base, i), value)
    }

    /// This contract's balance of `token` (ETH for the sentinel), before
    /// the call's own ETH.
    pub(crate) fn balance_of(&self, token: Address) -> Result<U256, Error> {
        let this = self.vm().contract_address();
        if token == NATIVE_ETH {
            return Ok(self
                .vm()
                .balance(this)
                .saturating_sub(self.vm().msg_value()));
        }
        match call::call_word(self.vm(), token, BALANCE_OF, &[this.word()], false) {
            Ok(Some(balance)) => Ok(balance),
            _ => Err(Error::TokenCallFailed(RewardsTokenCallFailed { token })),
        }
    }

    /// Pulls `amount` of `token` from the caller (ETH: exactly `msg.value`)
    /// and returns what arrived (the balance delta: a fee-on-transfer token
    /// credits less).
    ///
    /// # Errors
    /// [`Error::WrongValue`], [`Error::SafeErc20FailedOperation`],
    /// [`Error::TokenCallFailed`].
    pub(crate) fn pull(&self, token: Address, amount: U256) -> Result<U256, Error> {
        let value = self.vm().msg_value();
        if token == NATIVE_ETH {
            if value != amount {
                return Err(Error::WrongValue(RewardsWrongValue {
                    value,
                    expected: amount,
                }));
            }
            return Self::bounded(amount);
        }
        if !value.is_zero() {
            return Err(Error::WrongValue(RewardsWrongValue {
                value,
                expected: U256::ZERO,
            }));
        }
        let before = self.balance_of(token)?;
        let from = self.vm().msg_sender();
        let this = self.vm().contract_address();
        restake_kit::safe_erc20::safe_transfer_from(self.vm(), token, from, this, amount)
            .map_err(Error::SafeErc20FailedOperation)?;
        let after = self.balance_of(token)?;
        Self::bounded(after.saturating_sub(before))
    }

    /// `amount`, if at most [`crate::MAX_AMOUNT`].
    ///
    /// # Errors
    /// [`Error::AmountTooLarge`].
    fn bounded(amount: U256) -> Result<U256, Error> {
        if amount > crate::MAX_AMOUNT {
            return Err(Error::AmountTooLarge(RewardsAmountTooLarge {
                amount,
                max: crate::MAX_AMOUNT,
            }));
        }
        Ok(amount)
    }

    /// Sends `amount` of `token` (ETH for the sentinel) to `to`.
    ///
    /// # Errors
    /// [`Error::TransferFailed`].
    pub(crate) fn send(&self, token: Address, to: Address, amount: U256) -> Result<(), Error> {
        let failed = || Error::TransferFailed(RewardsTransferFailed { token, to, amount });
        if token == NATIVE_ETH {
            return self.vm().transfer_eth(to, amount).map_err(|_| failed());
        }
        restake_kit::safe_erc20::safe_transfer(self.vm(), token, to, amount).map_err(|_| failed())
    }
}
