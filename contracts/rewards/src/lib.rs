//! # Restake Rewards
//!
//! AVSs pay for the security they use, fully on-chain and at constant cost
//! (issue #14, `docs/rewards.md`).
//!
//! * **Submissions.** An AVS funds one of its operator sets `(avs, set_id)`
//!   with `amount` of any ERC-20 (or ETH, as [`NATIVE_ETH`]) over a window
//!   `[start, start + duration)`, credited by the balance delta. It streams
//!   at a whole rate per second; the remainder of the division goes to the
//!   set's *unallocated* balance at once. A submission can be topped up,
//!   never withdrawn. What streams while the set has no weight is
//!   unallocated too; only that can be reclaimed by the AVS.
//! * **Weights.** A staker's rewarded shares in vault `v` under operator `o`
//!   are its *scaled* shares (deposit shares × deposit scaling factor, told
//!   by the registry at every change): slashes do not move them. The
//!   operator's weight in set `S` from `v` is `m(S, v) · scaled(o, v) ·
//!   alloc(o, S, v) / WAD²`: its slashable stake weighted by the set's
//!   multiplier. The manager tells every allocation change and slash.
//! * **Accumulators.** Per `(S, token)`, reward per unit of weight; per
//!   `(o, v, token)`, reward per scaled share after the commission; per
//!   `(staker, v, token)`, a debt. Every stake change settles them first;
//!   nothing loops over stakers, operators or submissions. The loops are
//!   bounded: [`MAX_SETS`] sets per `(o, v)`, [`MAX_SET_TOKENS`] tokens per
//!   set, [`MAX_BOUNDARIES`] pending rate changes per stream, [`MAX_VAULT_TOKENS`]
//!   tokens per operator-vault pair, [`MAX_SET_VAULTS`] multipliers per set.
//! * **Tokens.** Any ERC-20 or ETH, unlisted: at most [`MAX_SET_TOKENS`]
//!   per set over its life, at most [`MAX_VAULT_TOKENS`] per operator-vault
//!   pair (a further one pays its stakers' part to the set's unallocated
//!   balance). Claims are by token address.
//! * **Pending changes.** An allocation weighs the magnitude slashable for
//!   the whole of its pending change: a decrease counts from its request,
//!   an increase from its effect. The increase, a new multiplier and a due
//!   commission increase apply at the next touch of the operator (any
//!   stake change, or anyone's [`Rewards::sync`]), never retroactively: the
//!   set's total weight is always the sum of the weights the accumulators
//!   were credited with, so nothing pays out more than was funded.
//!
//! Every division rounds down (toward the contract): the dust stays.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(target_arch = "wasm32", no_std)]
extern crate alloc;

restake_kit::wasm_runtime!();

mod claims;
mod router;
mod storage;
mod streams;
mod weights;

pub use router::interface_abi;

use alloy_primitives::{Address, B256, U256};
use restake_interfaces::{ownable::*, rewards::*};
use restake_kit::ownable::Ownership;
use restake_kit::safe_erc20::SafeErc20FailedOperation;
use restake_math::MathError;
use stylus_sdk::prelude::*;

pub use restake_interfaces::NATIVE_ETH;

/// Tokens one operator-vault pair's stakers may earn in, over its life: a
/// staker's settlement walks them. A set token arriving once the list is
/// full pays its stakers' part to the set's unallocated balance (the
/// operator chooses its sets, so it keeps its list).
pub const MAX_VAULT_TOKENS: u64 = 16;
/// Tokens that may stream in one set, over its life.
pub const MAX_SET_TOKENS: u32 = 4;
/// Sets one operator may allocate one vault to at once.
pub const MAX_SETS: u64 = 8;
/// Pending rate changes (window starts and ends) per stream.
pub const MAX_BOUNDARIES: u64 = 8;
/// Vaults the hooks may name (the registry whitelists at most 8).
pub const MAX_VAULTS: u64 = 16;
/// Vaults with a multiplier in one set.
pub const MAX_SET_VAULTS: u64 = 16;
/// The largest multiplier (WAD): one share weighs at most 1,000,000.
pub const MAX_MULTIPLIER: U256 = U256::from_limbs([0x1bce_cced_a100_0000, 0xd3c2, 0, 0]);
/// The most one submission or top-up credits: 2^128, far above any real
/// token's supply, so that no accumulator step can overflow (a window's
/// release, at most 8 windows' rates over at most 90 days, times 1e27
/// stays below 2^256) and no hook on a stake change can fail on it.
pub const MAX_AMOUNT: U256 = U256::from_limbs([0, 0, 1, 0]);
/// One day.
pub const DAY: u64 = 86_400;
/// The shortest window.
pub const MIN_DURATION: u64 = DAY;
/// The longest window.
pub const MAX_DURATION: u64 = 90 * DAY;
/// A window ends at most this long after its submission.
pub const HORIZON: u64 = 180 * DAY;
/// A commission increase waits the registry's withdrawal delay and this.
pub const COMMISSION_MARGIN: u64 = DAY;
/// The commission of an operator that never set one (EigenLayer's default).
pub const DEFAULT_COMMISSION_BPS: u16 = 1_000;
/// Basis points in one.
pub const MAX_COMMISSION_BPS: u16 = 10_000;

restake_kit::error_enum! {
    /// Every error the rewards contract returns, each a Solidity custom error.
    #[derive(Debug)]
    pub enum Error {
        /// See [`RewardsUnauthorized`].
        Unauthorized(RewardsUnauthorized),
        /// See [`RewardsZeroAddress`].
        ZeroAddress(RewardsZeroAddress),
        /// See [`RewardsTooManyTokens`].
        TooManyTokens(RewardsTooManyTokens),
        /// See [`RewardsInvalidWindow`].
        InvalidWindow(RewardsInvalidWindow),
        /// See [`RewardsAmountTooLarge`].
        AmountTooLarge(RewardsAmountTooLarge),
        /// See [`RewardsAmountTooSmall`].
        AmountTooSmall(RewardsAmountTooSmall),
        /// See [`RewardsWrongValue`].
        WrongValue(RewardsWrongValue),
        /// See [`RewardsInvalidMultipliers`].
        InvalidMultipliers(RewardsInvalidMultipliers),
        /// See [`RewardsVaultsUnsorted`].
        VaultsUnsorted(RewardsVaultsUnsorted),
        /// See [`RewardsInvalidMultiplier`].
        InvalidMultiplier(RewardsInvalidMultiplier),
        /// See [`RewardsNoMultipliers`].
        NoMultipliers(RewardsNoMultipliers),
        /// See [`RewardsTooManyBoundaries`].
        TooManyBoundaries(RewardsTooManyBoundaries),
        /// See [`RewardsTooManySets`].
        TooManySets(RewardsTooManySets),
        /// See [`RewardsSubmissionNotFound`].
        SubmissionNotFound(RewardsSubmissionNotFound),
        /// See [`RewardsSubmissionEnded`].
        SubmissionEnded(RewardsSubmissionEnded),
        /// See [`RewardsInvalidCommission`].
        InvalidCommission(RewardsInvalidCommission),
        /// See [`RewardsTransferFailed`].
        TransferFailed(RewardsTransferFailed),
        /// See [`RewardsTokenCallFailed`].
        TokenCallFailed(RewardsTokenCallFailed),
        /// See [`SafeErc20FailedOperation`].
        SafeErc20FailedOperation(SafeErc20FailedOperation),
        /// See [`RewardsMathError`].
        Math(RewardsMathError),
        /// See [`RewardsInvalidCalldata`].
        InvalidCalldata(RewardsInvalidCalldata),
        /// See [`RewardsCallFailed`].
        CallFailed(RewardsCallFailed),
        /// See [`OwnableUnauthorizedAccount`].
        OwnableUnauthorizedAccount(OwnableUnauthorizedAccount),
        /// See [`OwnableInvalidOwner`].
        OwnableInvalidOwner(OwnableInvalidOwner),
    }
    /// The registry refused a call (its `withdrawalDelay` view): its revert data, unchanged.
    raw Registry;
    /// The extension reverted (a route the core hands on): its revert data, unchanged.
    raw Extension;
}

impl Error {
    /// The kit's malformed-calldata error for `selector` (`RewardsInvalidCalldata`).
    pub fn invalid_calldata(selector: u32) -> Self {
        Error::InvalidCalldata(RewardsInvalidCalldata {
            selector: selector.to_be_bytes().into(),
        })
    }

    pub(crate) fn unauthorized(caller: Address) -> Self {
        Error::Unauthorized(RewardsUnauthorized { caller })
    }
}

impl From<MathError> for Error {
    fn from(e: MathError) -> Self {
        Error::Math(RewardsMathError { code: e.code() })
    }
}

impl From<OwnableUnauthorizedAccount> for Error {
    fn from(e: OwnableUnauthorizedAccount) -> Self {
        Error::OwnableUnauthorizedAccount(e)
    }
}

impl From<OwnableInvalidOwner> for Error {
    fn from(e: OwnableInvalidOwner) -> Self {
        Error::OwnableInvalidOwner(e)
    }
}

/// The owner and the pending owner (`storage.rs`'s table).
pub(crate) const OWNERSHIP: Ownership = Ownership::at(
    restake_kit::storage::Slot::new(0x10),
    restake_kit::storage::Slot::new(0x11),
);

/// The rewards contract. Its storage is the kit's keys laid out in
/// `storage.rs`: no SDK storage types.
#[entrypoint]
#[storage]
pub struct Rewards {}

/// A set's key word: `avs << 32 | set_id` (no hash: both fit one word).
pub fn set_word(avs: Address, set_id: u32) -> B256 {
    let mut word = [0u8; 32];
    word[8..28].copy_from_slice(avs.as_slice());
    word[28..].copy_from_slice(&set_id.to_be_bytes());
    B256::new(word)
}

/// The `(avs, set_id)` a set word names.
pub fn set_of(word: B256) -> (Address, u32) {
    let avs = Address::from_slice(&word[8..28]);
    let mut id = [0u8; 4];
    id.copy_from_slice(&word[28..]);
    (avs, u32::from_be_bytes(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The math crate's codes are the ones every `*MathError` documents.
    #[test]
    fn math_error_codes_match_the_interfaces() {
        use restake_interfaces::math_code;
        assert_eq!(MathError::Overflow.code(), math_code::OVERFLOW);
        assert_eq!(
            MathError::DivisionByZero.code(),
            math_code::DIVISION_BY_ZERO
        );
        assert_eq!(MathError::Underflow.code(), math_code::UNDERFLOW);
        assert!(matches!(
            Error::from(MathError::Underflow),
            Error::Math(RewardsMathError { code: 3 })
        ));
    }

    /// A set word holds its AVS and id, and gives them back.
    #[test]
    fn a_set_word_round_trips() {
        let avs = Address::repeat_byte(0xab);
        let word = set_word(avs, 0xdead_beef);
        assert_eq!(set_of(word), (avs, 0xdead_beef));
        assert_eq!(&word[..8], &[0u8; 8]);
    }
}
