//! The Lrt's storage: the slot layout (the table below), the slot
//! helpers, the out-of-line accessors every module reads and writes
//! through, the index lookups over the asset and operator tables, the
//! clock, and the `test-clock` hooks that override it.

use alloy_primitives::{Address, U256};
use restake_interfaces::lrt::*;
use restake_kit::storage::{Map, Map2};
use stylus_sdk::prelude::*;

use crate::{calls::to_address, Error, Lrt};

// ---------------------------------------------------------------------------
// Storage layout
// ---------------------------------------------------------------------------
//
// Flat and by hand (the SDK's typed storage costs ~400 bytes of wasm per
// access site, more than the limit allows here). Every value is one word.
// Once deployed the layout is append-only.
//
// | slot                          | holds                                        |
// |-------------------------------|----------------------------------------------|
// | 0..=29 (`S_*`)                | scalars: supply, roles, counters, parameters |
// | 0x100 + 8·i + f (`A_*`)       | accepted asset i (< 4), field f              |
// | 0x180 + i (`KEPT_UNITS`)      | kept books: asset i restaked (< 4)           |
// | 0x200 + 2·i + f (`O_*`)       | operator i (< 8): operator, sub-account      |
// | 0x400 + i                     | rate observation i (< 744): time ‖ cumulative|
// | keccak(1 ‖ account)           | LRT balance ([`BALANCES`])                   |
// | keccak(2 ‖ owner ‖ spender)   | allowance ([`ALLOWANCES`])                   |
// | keccak(3 ‖ owner)             | permit nonce ([`NONCES`])                    |
// | keccak(4 ‖ id) + f (`R_*`)    | redemption request ([`REQUESTS`])            |
// | keccak(5 ‖ token)             | reward token held apart ([`HELD_APART`])     |

/// LRT balances: holder → balance.
pub(crate) const BALANCES: Map = Map::new(1);
/// Allowances: (owner, spender) → amount.
pub(crate) const ALLOWANCES: Map2 = Map2::new(2);
/// Permit nonces: owner → next nonce.
pub(crate) const NONCES: Map = Map::new(3);
/// Redemption requests: id → the record's first word (`R_*` offsets).
pub(crate) const REQUESTS: Map = Map::new(4);
/// #14: reward tokens that are not accepted assets, held apart: token → amount.
pub(crate) const HELD_APART: Map = Map::new(5);

pub(crate) const S_SUPPLY: u64 = 0;
pub(crate) const S_OWNER: u64 = 1;
pub(crate) const S_MANAGER: u64 = 2;
pub(crate) const S_PAUSED: u64 = 3;
pub(crate) const S_REGISTRY: u64 = 4;
pub(crate) const S_IMPLEMENTATION: u64 = 5;
pub(crate) const S_ASSET_COUNT: u64 = 6;
pub(crate) const S_OPERATOR_COUNT: u64 = 7;
pub(crate) const S_REQUEST_COUNT: u64 = 9;
/// LRT burned into pending (not yet finalized) requests.
pub(crate) const S_PENDING: u64 = 10;
pub(crate) const S_CONCENTRATION: u64 = 11;
pub(crate) const S_BUFFER: u64 = 12;
pub(crate) const S_FEE: u64 = 13;
pub(crate) const S_LIMIT: u64 = 14;
pub(crate) const S_PERIOD: u64 = 15;
pub(crate) const S_WINDOW_START: u64 = 16;
pub(crate) const S_WINDOW_USED: u64 = 17;
/// Rate observations recorded, ever (the ring index is this modulo
/// [`OBSERVATIONS`](crate::OBSERVATIONS)).
pub(crate) const S_OBSERVATION_COUNT: u64 = 18;
#[cfg(feature = "test-clock")]
const S_TEST_TIME: u64 = 19;
#[cfg(feature = "test-clock")]
pub(crate) const S_TEST_ACCOUNT: u64 = 20;
/// The extension's code: the Lrt delegate-calls it for the selectors its
/// own wasm leaves out (see [`Lrt::dispatch`]).
pub(crate) const S_EXTENSION: u64 = 21;
/// Sub-accounts created so far: part of each clone's CREATE2 salt, so an
/// operator removed and added again gets a fresh sub-account.
pub(crate) const S_ACCOUNT_NONCE: u64 = 22;
/// The owner's minimum delay between a redemption request and its
/// finalization (M-1); the registry's withdrawal delay applies if longer.
pub(crate) const S_REDEEM_DELAY: u64 = 23;
/// I-2: the owner-elect, who must `acceptOwnership`.
pub(crate) const S_PENDING_OWNER: u64 = 24;
/// L-6: the rate accumulator's last update: `time (64 bits) ‖ rate in
/// force since then (192 bits)`.
pub(crate) const S_ACC_STATE: u64 = 25;
/// L-6: Σ rate · seconds up to that update, modulo 2^192 (only
/// differences are read, as with Uniswap's price accumulators).
pub(crate) const S_ACC_CUMULATIVE: u64 = 26;
/// #14: the rewards contract the sub-accounts' rewards are claimed from.
pub(crate) const S_REWARDS: u64 = 27;
/// #15: the key the kept books are valid under (see `Lrt::books_key`):
/// `[registry slash epoch + 1, asset count, operator count, account nonce]`.
pub(crate) const S_BOOKS: u64 = 28;
/// #15, kept books: the ETH the sub-accounts hold.
pub(crate) const S_ACCOUNTS_ETH: u64 = 29;
/// #15, kept books: + i, what the sub-accounts hold of asset i in
/// positions and queued withdrawals.
pub(crate) const KEPT_UNITS: u64 = 0x180;

const ASSETS: u64 = 0x100;
/// The ERC-20 LST, or [`NATIVE_ETH`](restake_interfaces::NATIVE_ETH).
pub(crate) const A_TOKEN: u64 = 0;
/// The Restake vault of that asset.
pub(crate) const A_VAULT: u64 = 1;
/// Bound on what the Lrt holds of the asset (idle + restaked + queued,
/// less reserved payouts), checked on every deposit.
pub(crate) const A_CAP: u64 = 2;
/// Assets deposited by wallets, ever (a statistic: the cap bounds what is
/// held, not this).
pub(crate) const A_DEPOSITED: u64 = 3;
/// Assets reserved for claimable requests.
pub(crate) const A_RESERVED: u64 = 4;
/// M-2: what pending requests paid in this asset may take, in ETH (the sum
/// of their values at request).
pub(crate) const A_PENDING_VALUE: u64 = 5;
/// M-3: the rate source (`getRate()`: ETH per 1e18 of the asset); zero for
/// ETH, which is 1:1.
pub(crate) const A_RATE_SOURCE: u64 = 6;
/// #14: the asset's undripped rewards, limbs `[locked (128 bits), last
/// update, end]`: `locked` at `last`, released linearly until `end`.
pub(crate) const A_DRIP: u64 = 7;

const OPERATORS: u64 = 0x200;
pub(crate) const O_OPERATOR: u64 = 0;
pub(crate) const O_ACCOUNT: u64 = 1;

pub(crate) const OBSERVATION_SLOTS: u64 = 0x400;
/// The cumulative rate's modulus, 2^192, less one.
pub(crate) const CUMULATIVE_MASK: U256 = U256::from_limbs([u64::MAX, u64::MAX, u64::MAX, 0]);

/// The owner sits at the base slot itself (offset 0).
#[allow(dead_code)]
const R_OWNER: u64 = 0;
pub(crate) const R_ASSET: u64 = 1;
pub(crate) const R_STATUS: u64 = 2;
/// LRT burned into the request (still bearing slashing while pending).
pub(crate) const R_SHARES: u64 = 3;
/// Its value in ETH at the rate in force when requested (rounded down).
pub(crate) const R_MAX: u64 = 4;
/// What it pays in its asset, fixed at finalization.
pub(crate) const R_ASSETS: u64 = 5;
/// When it was requested (M-1: finalizable only a redeem delay later).
pub(crate) const R_TIME: u64 = 6;

pub(crate) fn asset_slot(i: usize, field: u64) -> u64 {
    ASSETS + 8 * i as u64 + field
}

pub(crate) fn operator_slot(i: usize, field: u64) -> u64 {
    OPERATORS + 2 * i as u64 + field
}

restake_kit::storage_methods!(impl Lrt; sload sstore);

impl Lrt {
    pub(crate) fn get(&self, slot: u64) -> U256 {
        self.sload(U256::from(slot))
    }

    pub(crate) fn set(&mut self, slot: u64, value: U256) {
        self.sstore(U256::from(slot), value);
    }

    pub(crate) fn addr(&self, slot: u64) -> Address {
        to_address(self.get(slot))
    }

    pub(crate) fn set_addr(&mut self, slot: u64, value: Address) {
        self.set(slot, value.into_word().into());
    }

    /// A small count or index held in `slot` (bounded by the MAX_* limits).
    pub(crate) fn count(&self, slot: u64) -> usize {
        self.get(slot).saturating_to::<usize>()
    }

    pub(crate) fn now(&self) -> u64 {
        #[cfg(feature = "test-clock")]
        {
            let t = self.get(S_TEST_TIME).saturating_to::<u64>();
            if t != 0 {
                return t;
            }
        }
        self.vm().block_timestamp()
    }

    #[inline(never)]
    pub(crate) fn asset_index(&self, asset: Address) -> Result<usize, Error> {
        for i in 0..self.count(S_ASSET_COUNT) {
            if self.addr(asset_slot(i, A_TOKEN)) == asset {
                return Ok(i);
            }
        }
        Err(Error::UnknownAsset(LrtUnknownAsset { asset }))
    }

    #[inline(never)]
    pub(crate) fn operator_index(&self, operator: Address) -> Result<usize, Error> {
        for i in 0..self.count(S_OPERATOR_COUNT) {
            if self.addr(operator_slot(i, O_OPERATOR)) == operator {
                return Ok(i);
            }
        }
        Err(Error::Operator(LrtOperator {
            operator,
            exists: false,
        }))
    }
}

/// Test hooks (feature `test-clock`). Plain Rust methods, not routed: no
/// selector reaches the wasm even when enabled, and motsu tests call them
/// directly on the contract.
#[cfg(feature = "test-clock")]
impl Lrt {
    /// Sets the time the Lrt reads (zero reads the block's).
    pub fn set_test_timestamp(&mut self, timestamp: u64) {
        self.set(S_TEST_TIME, U256::from(timestamp));
    }

    /// Makes the next `addOperator` use `account` (deployed beforehand)
    /// instead of creating a clone: motsu runs no EVM bytecode.
    pub fn set_test_next_account(&mut self, account: Address) {
        self.set_addr(S_TEST_ACCOUNT, account);
    }
}
