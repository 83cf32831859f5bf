//! The storage layout (every location a named kit key), the records read
//! back, and the host helpers (time, events, token transfers).
//!
//! A set word `S` is `avs << 32 | set_id`; `k` is a token's position in its
//! set's list (at most 4), `p` a token's position in an operator-vault
//! pair's list (at most 16); `[a, b, ..]` are a word's 64-bit limbs, lowest
//! first.
//!
//! | location | constant | word(s) |
//! |---|---|---|
//! | `0` | [`REGISTRY`] | the operator registry |
//! | `1` | [`MANAGER`] | the slashing manager |
//! | `3` | [`SUBMISSION_COUNT`] | submissions so far (ids 1, 2, ...) |
//! | `4` | [`TEST_CLOCK`] | the `test-clock` feature's time override |
//! | `0x10`, `0x11` | `OWNERSHIP` | owner, pending owner |
//! | `keccak(3 ‖ S ‖ 0)` | [`SETS`] | +0: total weight; +1: `[token count, vault count]`; +2+j: multiplier vault `j` (j < 16); +18+k: token `k` |
//! | `keccak(4 ‖ S ‖ vault)` | [`MULTIPLIERS`] | the vault's multiplier (WAD) |
//! | `keccak(5 ‖ S ‖ k)` | [`STREAMS`] | +0: reward per weight (×1e27); +1: `[last update, boundary count]`; +2: rate; +3: unallocated; +4+3j, +5+3j, +6+3j: boundary `j`'s time, rate up, rate down |
//! | `keccak(6 ‖ id ‖ 0)` | [`SUBMISSIONS`] | +0: S; +1: `[k, start, end]`; +2: rate |
//! | `keccak(7 ‖ o ‖ S ‖ v)` | [`ALLOCATIONS`] | +0: the manager's allocation `[current, pending, effect_at, increase]`; +1: weight; +2+k: reward per weight already credited |
//! | `keccak(8 ‖ o ‖ v)` | [`OPERATOR_VAULTS`] | +0: `[set count, token count]`; +1: scaled shares delegated; +2+j: set `j` (j < 8), its token map in limb 3; +10+p: token `p`; +26+p: reward per scaled share (×1e27); +42+p: the operator's commission, settled, unclaimed |
//! | `keccak(9 ‖ staker ‖ v)` | [`STAKERS`] | +0: scaled shares, only when they reach 2^87; +1: `pack(operator, n ‖ flag ‖ low, high)`: `n` (bits 0–7 of the middle field) the positions its debts cover, the flag (bit 8) set when the shares are in +0, else the shares' 55 low bits above it and their 32 high bits in the top field; +2+p: debt (reward per share already credited); +18+p: earned, settled, unclaimed |
//! | `keccak(10 ‖ earner ‖ token)` | [`ACCRUED`] | claimable, settled outside any position |
//! | `keccak(11 ‖ earner ‖ 0)` | [`CLAIMERS`] | the earner's claimer |
//! | `keccak(12 ‖ o ‖ S)` | [`COMMISSIONS`] | `[current, pending, effect_at, 0]`, each bps with bit 16 set once chosen |
//! | `5` | [`VAULT_COUNT`] | vaults the hooks have named |
//! | `6` | [`EXTENSION`] | the extension wasm the core delegate-calls |
//! | `keccak(13 ‖ j ‖ 0)` | [`VAULT_AT`] | vault `j` |
//!
//! A set's token map (limb 3 of its word in an operator-vault record): bits
//! 0–7 the number `m` of the set's tokens mapped so far, bits `8 + 8k` the
//! position `p` of its token `k` (`k < m`), or [`DECLINED`] when the pair's
//! list was full: what that token pays the stakers then goes to the set's
//! unallocated balance. Slots `2`, `keccak(1 ‖ ..)` and `keccak(2 ‖ ..)` held
//! the owner's token list of session 10 and are unused.
//!
//! Collision-free: fixed slots are small, every mapped slot a keccak image of
//! a distinct tag, and offsets stay below 64 from a record's base.

use alloc::vec::Vec;

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
pub(crate) const SUBMISSION_COUNT: Slot = Slot::new(3);
#[cfg(feature = "test-clock")]
pub(crate) const TEST_CLOCK: Slot = Slot::new(4);
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
/// The extension wasm the core delegate-calls (zero natively).
pub(crate) const EXTENSION: Slot = Slot::new(6);

/// Offset of a set's token list in its record.
pub(crate) const SET_TOKENS_AT: u64 = 18;
/// Offsets in an operator-vault record: its token list, the reward per
/// scaled share, and the operator's commission per token.
pub(crate) const OV_TOKENS_AT: u64 = 10;
pub(crate) const RPS_AT: u64 = 26;
pub(crate) const COMMISSION_AT: u64 = 42;
/// Offset of a staker's earnings per position in its record.
pub(crate) const EARNED_AT: u64 = 18;
/// The map position of a token an operator-vault pair's full list declined.
pub(crate) const DECLINED: u64 = 0xff;

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

/// A set word in an operator-vault record, split into the set and its
/// token map.
pub(crate) fn split_set(word: U256) -> (B256, u64) {
    let mut limbs = *word.as_limbs();
    let map = limbs[3];
    limbs[3] = 0;
    (U256::from_limbs(limbs).into(), map)
}

/// The word [`split_set`] splits.
pub(crate) fn join_set(skey: B256, map: u64) -> U256 {
    let mut limbs = *U256::from_be_bytes(skey.0).as_limbs();
    limbs[3] = map;
    U256::from_limbs(limbs)
}

/// Token `k`'s position in a set's token map (`None`: not mapped yet).
pub(crate) fn mapped(map: u64, k: u64) -> Option<u64> {
    (k < (map & 0xff)).then(|| (map >> (8 + 8 * k)) & 0xff)
}

/// The map with token `k` (the next one) at position `p`.
pub(crate) fn map_next(map: u64, k: u64, p: u64) -> u64 {
    (map & !0xff) | (p << (8 + 8 * k)) | (k + 1)
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

    /// Token `k` of set `skey`.
    pub(crate) fn set_token(&self, skey: B256, k: u64) -> Address {
        self.load_address(offset(
            self.base2(SETS, skey, B256::ZERO),
            SET_TOKENS_AT + k,
        ))
    }

    /// Set `skey`'s tokens, in order.
    pub(crate) fn set_tokens(&self, skey: B256) -> Vec<Address> {
        let (count, _) = self.set_meta(skey);
        (0..count).map(|k| self.set_token(skey, k)).collect()
    }

    /// The position of `token` in set `skey`'s list.
    pub(crate) fn set_token_position(&self, skey: B256, token: Address) -> Option<u64> {
        self.set_tokens(skey)
            .iter()
            .position(|&t| t == token)
            .map(|k| k as u64)
    }

    /// The `count` tokens of the operator-vault record at `base`.
    pub(crate) fn ov_tokens(&self, base: U256, count: u64) -> Vec<Address> {
        (0..count)
            .map(|p| self.load_address(offset(base, OV_TOKENS_AT + p)))
            .collect()
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
