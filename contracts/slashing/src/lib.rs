//! # Restake Slashing Manager
//!
//! EigenLayer's AllocationManager and AVSDirectory, Symbiotic's veto slasher
//! and Babylon's objective slashing, in one Stylus contract.
//!
//! * **AVSs** register with a metadata URI and an optional registrar contract
//!   that is called when operators join their sets (and may refuse) or
//!   leave them (told only: it cannot refuse a departure).
//! * **Operator sets** are keyed by `(avs, set_id)` and fix at creation: the
//!   slasher, where slashed assets go (burn, or a redistribution recipient),
//!   the mode (instant, or vetoable by a resolver within a veto window), a cap
//!   on the WAD fraction slashed per period, and an optional equivocation
//!   penalty. The AVS adds and removes the vaults the set accepts.
//! * **Allocations (unique stake)**: an operator allocates a magnitude (WAD)
//!   of each vault's stake to each set. The encumbered magnitude (allocations
//!   plus pending increases) never exceeds the operator's max magnitude in the
//!   registry. Increases take effect after the operator's allocation delay,
//!   decreases after the deallocation delay and stay slashable until then.
//!   One pending change per (operator, set, vault), applied lazily (O(1)).
//! * **Slashing** takes a WAD fraction of the operator's current allocation to
//!   the set, per vault: instantly by the slasher, or requested by the slasher,
//!   vetoable by the resolver, then executed by anyone; or by the set's
//!   evidence verifier (crate `restake-slashing-evidence`: anyone submits two
//!   EIP-712 signatures by the operator's key over different payloads at one
//!   height), by a fixed penalty. The manager lowers the allocation,
//!   tells the registry (which lowers the max magnitude, the operator's stake
//!   and its slashable queued withdrawals and returns the shares), and has
//!   the vault burn or redistribute those shares.
//! * **Cap**: per set, operator and period (`now / cap_period`), the sum of
//!   applied fractions never exceeds `cap_wad`; a slash beyond the room left
//!   is clamped to it, and one with no room reverts. Only a slash that
//!   really takes magnitude charges the cap: one against an operator with
//!   nothing allocated in the named vaults reverts and charges nothing, so
//!   no member (a stakeless sybil) can use up another member's room.
//!
//! Every loop is bounded by [`MAX_SET_VAULTS`]. See `docs/slashing.md`.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
extern crate alloc;

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::{SolError, SolEvent};
use restake_interfaces::{
    abi::{concat, error_data, Word},
    math_code,
    slashing::*,
    words,
};
use restake_kit::{call, log};
use restake_math::{magnitude_to_slash, mul_div, MathError, Rounding, WAD};
use stylus_sdk::{keccak_const::Keccak256, prelude::*};

pub use restake_interfaces::slashing as abi;

/// The most vaults one operator set accepts (bounds every loop).
pub const MAX_SET_VAULTS: usize = 16;

/// Membership value of `slashable_until` while an operator is in a set.
pub const MEMBER: u64 = u64::MAX;

/// Seconds a vetoable request can be executed in after its veto window
/// closes; then it expires (L-4). A window is accepted only if window + this period fits in
/// both the deallocation delay and the registry's withdrawal delay (L-1), so
/// stake that was slashable when a request appeared cannot leave before the
/// request can be executed.
pub const EXECUTION_PERIOD: u64 = 86_400;

/// Gas given to the registrar's `deregisterOperator` hook when an operator
/// leaves; the hook is advisory and its failure (a revert, or running out
/// of this gas) is ignored (I-6).
pub const REGISTRAR_LEAVE_GAS: u64 = 100_000;

/// Slash request status: pending (vetoable, then executable).
pub const REQUEST_PENDING: u8 = 1;
/// Slash request status: vetoed by the resolver.
pub const REQUEST_VETOED: u8 = 2;
/// Slash request status: executed.
pub const REQUEST_EXECUTED: u8 = 3;
/// Slash request status (reported by the view, never stored): pending but
/// expired, [`EXECUTION_PERIOD`] after its window closed; it can no longer
/// be executed (L-4).
pub const REQUEST_EXPIRED: u8 = 4;

const WAD64: u64 = 1_000_000_000_000_000_000;
const fn selector(signature: &[u8]) -> [u8; 4] {
    let h = Keccak256::new().update(signature).finalize();
    [h[0], h[1], h[2], h[3]]
}

// The registry (`IOperatorRegistryCalls`), vault (`IVaultCalls`) and
// registrar (`IAvsRegistrar`) functions the manager calls, encoded by hand
// (the tests check these against the `sol_interface!` definitions).
/// `isOperator(address)`.
pub const IS_OPERATOR: [u8; 4] = selector(b"isOperator(address)");
/// `isVault(address)`.
pub const IS_VAULT: [u8; 4] = selector(b"isVault(address)");
/// `allocationDelay(address)`.
pub const ALLOCATION_DELAY: [u8; 4] = selector(b"allocationDelay(address)");
/// `maxMagnitude(address,address)`.
pub const MAX_MAGNITUDE: [u8; 4] = selector(b"maxMagnitude(address,address)");
/// `operatorStake(address,address)`.
pub const OPERATOR_STAKE: [u8; 4] = selector(b"operatorStake(address,address)");
/// `slashOperator(address,address,uint64)`.
pub const SLASH_OPERATOR: [u8; 4] = selector(b"slashOperator(address,address,uint64)");
/// `burnSlashedShares(uint256,address)`.
pub const BURN_SLASHED_SHARES: [u8; 4] = selector(b"burnSlashedShares(uint256,address)");
/// `registerOperator(address,address,uint32)`.
pub const REGISTER_OPERATOR: [u8; 4] = selector(b"registerOperator(address,address,uint32)");
/// `withdrawalDelay()`.
pub const WITHDRAWAL_DELAY: [u8; 4] = selector(b"withdrawalDelay()");
/// `deregisterOperator(address,address,uint32)`.
pub const DEREGISTER_OPERATOR: [u8; 4] = selector(b"deregisterOperator(address,address,uint32)");

macro_rules! errors {
    ($($variant:ident($ty:ident { $($field:ident),* })),* $(,)?) => {
        /// Every error the manager returns, each a Solidity custom error.
        #[derive(Debug)]
        pub enum Error {
            $(
                #[doc = concat!("See [`", stringify!($ty), "`].")]
                $variant($ty),
            )*
            /// A called contract (registry, vault, registrar, ecrecover)
            /// reverted: its revert data is passed through unchanged.
            Callee(Vec<u8>),
            /// See [`SlashingInvalidCalldata`].
            InvalidCalldata(SlashingInvalidCalldata),
        }

        #[cfg(feature = "export-abi")]
        impl stylus_sdk::abi::export::internal::InnerTypes for Error {
            fn inner_types() -> Vec<stylus_sdk::abi::export::internal::InnerType> {
                use restake_interfaces::export::{error, list};
                list(&[$(error::<$ty>,)* error::<SlashingInvalidCalldata>])
            }
        }

        impl From<Error> for Vec<u8> {
            fn from(e: Error) -> Vec<u8> {
                match e {
                    $(Error::$variant(_e) => error_data($ty::SELECTOR, &words![$(_e.$field),*]),)*
                    Error::Callee(data) => data,
                    Error::InvalidCalldata(e) => {
                        let mut word = B256::ZERO;
                        word[..4].copy_from_slice(e.selector.as_slice());
                        error_data(SlashingInvalidCalldata::SELECTOR, &[word])
                    }
                }
            }
        }
    };
}

errors! {
    Unauthorized(SlashingUnauthorized { caller }),
    ZeroAddress(SlashingZeroAddress {}),
    AvsAlreadyRegistered(SlashingAvsAlreadyRegistered { avs }),
    AvsNotRegistered(SlashingAvsNotRegistered { avs }),
    SetExists(SlashingSetExists { avs, set_id }),
    SetNotFound(SlashingSetNotFound { avs, set_id }),
    InvalidFraction(SlashingInvalidFraction { fraction }),
    InvalidCapPeriod(SlashingInvalidCapPeriod { period }),
    InvalidVetoWindow(SlashingInvalidVetoWindow { resolver, veto_window, deallocation_delay }),
    NotOperator(SlashingNotOperator { operator }),
    NotVault(SlashingNotVault { vault }),
    VaultAlreadyInSet(SlashingVaultAlreadyInSet { vault }),
    VaultNotInSet(SlashingVaultNotInSet { vault }),
    TooManyVaults(SlashingTooManyVaults { max }),
    VaultsUnsorted(SlashingVaultsUnsorted { vault }),
    AlreadyMember(SlashingAlreadyMember { operator }),
    NotMember(SlashingNotMember { operator }),
    ModificationPending(SlashingModificationPending { effect_at }),
    InsufficientMagnitude(SlashingInsufficientMagnitude { available, requested }),
    NotSlashable(SlashingNotSlashable { operator }),
    WrongMode(SlashingWrongMode { vetoable }),
    CapExceeded(SlashingCapExceeded { cap, used, requested }),
    RequestNotPending(SlashingRequestNotPending { slash_id, status }),
    VetoWindowOpen(SlashingVetoWindowOpen { executable_at }),
    VetoWindowClosed(SlashingVetoWindowClosed { executable_at }),
    EvidenceDisabled(SlashingEvidenceDisabled {}),
    Math(SlashingMathError { code }),
    // Security review #11 (slashing).
    NothingToSlash(SlashingNothingToSlash { operator, avs, set_id }),
    VetoWindowTooLong(SlashingVetoWindowTooLong { veto_window, execution_period, withdrawal_delay }),
    RequestExpired(SlashingRequestExpired { slash_id, expired_at }),
}

impl From<MathError> for Error {
    fn from(e: MathError) -> Self {
        let code = match e {
            MathError::Overflow => math_code::OVERFLOW,
            MathError::DivisionByZero => math_code::DIVISION_BY_ZERO,
            MathError::Underflow => math_code::UNDERFLOW,
        };
        Error::Math(SlashingMathError { code })
    }
}

// ----------------------------------------------------------------------
// Storage: flat, hand-packed words
// ----------------------------------------------------------------------
//
// Every record lives at `keccak256(tag ‖ key parts)` (records of several
// words in consecutive slots), packed by hand: one storage type, one map
// function, and far less wasm than typed `#[storage]` structs and maps.
// Most words hold `address (bits 0–159) | u64 (160–223) | u32 (224–255)`
// (see [`pack`]). Layout (append-only once deployed):
//
// | slot | words |
// |---|---|
// | `0` | `pack(registry, deallocation_delay, 0)` |
// | `1` | last slash id |
// | `2` | test-clock override (read only with the `test-clock` feature) |
// | `k(TAG_AVS, avs)` | `pack(registrar, 0, registered)` |
// | `k(TAG_SET, set)` +0..3 | `pack(slasher, veto_window, 1)`, `pack(recipient, cap_wad, 0)`, `pack(resolver, cap_period, 0)`, limbs `[penalty, period_index, period_used, vault_count]` |
// | `k(TAG_SET, set)` +4 | the evidence verifier |
// | `k(TAG_SET, set)` +5+i | the set's `i`-th vault (`i < MAX_SET_VAULTS`) |
// | `k(TAG_ACCEPTS, set, vault)` | 1 if the set accepts the vault |
// | `k(TAG_MEMBER, operator, set)` | `slashable_until` |
// | `k(TAG_ALLOC, operator, set, vault)` | [`Alloc`] limbs `[current, pending, effect_at, increase]` |
// | `k(TAG_ENCUMBERED, operator, vault)` | encumbered magnitude |
// | `k(TAG_REQUEST, id)` +0,1,2+i | `pack(operator, wad, set_id)`, `pack(avs, requested_at, status ‖ count << 8)`, vaults |
// | `k(TAG_CAP, operator, set)` | limbs `[period_index, period_used, 0, 0]`: the cap is per (set, operator) |
//
// The set's `period_index` and `period_used` limbs (`+3`) are no longer
// written (the cap moved to `TAG_CAP`, security review H-2); they stay zero.
//
// `set` is [`set_key`] (`avs ‖ set_id`).

const SLOT_CONFIG: U256 = U256::ZERO;
const SLOT_SLASH_ID: U256 = U256::from_limbs([1, 0, 0, 0]);
#[cfg(feature = "test-clock")]
const SLOT_TEST_CLOCK: U256 = U256::from_limbs([2, 0, 0, 0]);
/// Where a set's vault list starts (after its five parameter words).
const VAULTS: u64 = 5;
const TAG_AVS: u8 = 1;
const TAG_SET: u8 = 2;
const TAG_ACCEPTS: u8 = 3;
const TAG_MEMBER: u8 = 4;
const TAG_ALLOC: u8 = 5;
const TAG_ENCUMBERED: u8 = 6;
const TAG_REQUEST: u8 = 7;
const TAG_CAP: u8 = 8;

/// `address | hi << 160 | top << 224`.
fn pack(address: Address, hi: u64, top: u32) -> U256 {
    U256::from_be_slice(address.as_slice())
        | (U256::from(hi) << 160usize)
        | (U256::from(top) << 224usize)
}

/// The inverse of [`pack`].
fn unpack(word: U256) -> (Address, u64, u32) {
    let address = Address::from_word(B256::from(word));
    let hi = (word >> 160usize).as_limbs()[0];
    let top = (word >> 224usize).as_limbs()[0] as u32;
    (address, hi, top)
}

/// An operator's allocation of one vault to one set (one word, limbs
/// `[current, pending, effect_at, increase]`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Alloc {
    /// Magnitude slashable now (includes a pending decrease).
    current: u64,
    /// Size of the pending change (0: none).
    pending: u64,
    /// When the pending change takes effect.
    effect_at: u64,
    /// Whether the pending change is an increase.
    increase: bool,
}

impl Alloc {
    fn unpack(word: U256) -> Alloc {
        let l = word.as_limbs();
        Alloc {
            current: l[0],
            pending: l[1],
            effect_at: l[2],
            increase: l[3] & 1 == 1,
        }
    }

    fn pack(self) -> U256 {
        U256::from_limbs([
            self.current,
            self.pending,
            self.effect_at,
            self.increase as u64,
        ])
    }

    /// The allocation at time `t`: a pending change whose time has come is
    /// applied. Returns it and the magnitude freed (an applied decrease).
    fn at(self, t: u64) -> Result<(Alloc, u64), Error> {
        if self.pending == 0 || self.effect_at > t {
            return Ok((self, 0));
        }
        let current = if self.increase {
            add64(self.current, self.pending)?
        } else {
            sub64(self.current, self.pending)?
        };
        let freed = if self.increase { 0 } else { self.pending };
        Ok((
            Alloc {
                current,
                ..Alloc::default()
            },
            freed,
        ))
    }

    /// The magnitude after the pending change.
    fn target(self) -> u64 {
        if self.increase {
            self.current.saturating_add(self.pending)
        } else {
            self.current.saturating_sub(self.pending)
        }
    }
}

/// An operator set's fixed parameters and cap usage, as read from storage.
struct SetParams {
    exists: bool,
    slasher: Address,
    veto_window: u64,
    recipient: Address,
    cap_wad: u64,
    resolver: Address,
    cap_period: u64,
    /// Who may slash by evidence (zero: evidence slashing off).
    verifier: Address,
    /// Limbs `[equivocation_penalty, period_index, period_used, vault_count]`.
    tail: [u64; 4],
}

/// The slashing manager. Its storage is flat and packed by hand: see the
/// layout table above.
#[entrypoint]
#[storage]
pub struct SlashingManager {}

#[public]
impl SlashingManager {
    /// Wires the manager to the operator `registry` and fixes the
    /// `deallocation_delay` in seconds (veto windows are checked against
    /// it). There is no owner: nothing can be changed afterwards.
    ///
    /// # Errors
    /// * [`Error::ZeroAddress`] - `registry` is the zero address.
    #[constructor]
    pub fn constructor(&mut self, registry: Address, deallocation_delay: u64) -> Result<(), Error> {
        if registry.is_zero() {
            return Err(Error::ZeroAddress(SlashingZeroAddress {}));
        }
        self.sstore(SLOT_CONFIG, pack(registry, deallocation_delay, 0));
        Ok(())
    }

    /// Every call but the constructor: decoded by hand and run by
    /// [`Self::dispatch`] (the router's generic per-function decoders cost
    /// ~10 KB of compressed wasm for this many functions). Rejects ETH.
    #[fallback]
    pub fn fallback(&mut self, input: &[u8]) -> stylus_sdk::ArbResult {
        self.dispatch(input).map_err(Into::into)
    }
}

impl SlashingManager {
    // ------------------------------------------------------------------
    // AVSs and operator sets
    // ------------------------------------------------------------------

    /// Registers the caller as an AVS with `metadata_uri` and an optional
    /// `registrar` (called when operators join or leave; zero: open sets).
    ///
    /// # Errors
    /// * [`Error::AvsAlreadyRegistered`] - the caller is already an AVS.
    ///
    /// # Events
    /// * [`AvsRegistered`], [`AvsMetadataUpdated`].
    pub fn register_avs(&mut self, metadata_uri: &[u8], registrar: Address) -> Result<(), Error> {
        let avs = self.vm().msg_sender();
        if self.avs_info(avs).0 {
            return Err(Error::AvsAlreadyRegistered(SlashingAvsAlreadyRegistered {
                avs,
            }));
        }
        let key = self.key(TAG_AVS, &[avs.as_slice()]);
        self.sstore(key, pack(registrar, 0, 1));
        log::emit(
            self.vm(),
            &[AvsRegistered::SIGNATURE_HASH, avs.word(), registrar.word()],
            &[],
        );
        self.emit_metadata(avs, metadata_uri);
        Ok(())
    }

    /// Sets the calling AVS's metadata URI.
    ///
    /// # Errors
    /// * [`Error::AvsNotRegistered`] - the caller is not an AVS.
    ///
    /// # Events
    /// * [`AvsMetadataUpdated`].
    pub fn update_avs_metadata(&mut self, metadata_uri: &[u8]) -> Result<(), Error> {
        let avs = self.vm().msg_sender();
        self.require_avs(avs)?;
        self.emit_metadata(avs, metadata_uri);
        Ok(())
    }

    /// Creates the caller's operator set `set_id` accepting `vaults`, with its
    /// `slasher` (zero: evidence only), redistribution `recipient` (zero:
    /// burn), `resolver` and `veto_window` (both zero: instant mode; else
    /// `0 < veto_window` and `veto_window + EXECUTION_PERIOD` at most both the
    /// deallocation delay and the registry's withdrawal delay), a cap of `cap_wad` (in
    /// (0, 1e18]) slashed per `cap_period` seconds, and an
    /// `equivocation_penalty` (WAD) applied when `evidence_verifier` (a
    /// contract; zero or a zero penalty: evidence slashing off) proves
    /// double signing. All are fixed.
    ///
    /// # Errors
    /// * [`Error::AvsNotRegistered`] - the caller is not an AVS.
    /// * [`Error::SetExists`] - the set exists.
    /// * [`Error::InvalidFraction`] - `cap_wad` is 0 or above 1e18, or the penalty above 1e18.
    /// * [`Error::InvalidCapPeriod`] - `cap_period` is 0.
    /// * [`Error::InvalidVetoWindow`] - a resolver without a window, a window without a resolver, or
    ///   a window that with [`EXECUTION_PERIOD`] exceeds the deallocation delay.
    /// * [`Error::VetoWindowTooLong`] - the window with [`EXECUTION_PERIOD`] exceeds the registry's
    ///   withdrawal delay (a staker could queue when a request appears and leave before it executes).
    /// * [`Error::Callee`] - the registry's `withdrawalDelay` read failed.
    /// * [`Error::NotVault`], [`Error::VaultAlreadyInSet`], [`Error::TooManyVaults`], [`Error::Callee`] - see [`Self::add_vault`].
    ///
    /// # Events
    /// * [`OperatorSetCreated`], then [`VaultAddedToSet`] per vault.
    #[allow(clippy::too_many_arguments)]
    pub fn create_operator_set(
        &mut self,
        set_id: u32,
        vaults: &[Address],
        slasher: Address,
        recipient: Address,
        resolver: Address,
        veto_window: u64,
        cap_wad: u64,
        cap_period: u64,
        equivocation_penalty: u64,
        evidence_verifier: Address,
    ) -> Result<(), Error> {
        let avs = self.vm().msg_sender();
        self.require_avs(avs)?;
        let skey = set_key(avs, set_id);
        if self.set_params(skey).exists {
            return Err(Error::SetExists(SlashingSetExists { avs, set_id }));
        }
        check_fraction(cap_wad)?;
        if equivocation_penalty > WAD64 {
            return Err(Error::InvalidFraction(SlashingInvalidFraction {
                fraction: equivocation_penalty,
            }));
        }
        if cap_period == 0 {
            return Err(Error::InvalidCapPeriod(SlashingInvalidCapPeriod {
                period: cap_period,
            }));
        }
        let deallocation_delay = self.deallocation_delay();
        // The window plus the time to execute must end before stake that was
        // slashable when a request appeared can leave (L-1).
        let window_end = veto_window.saturating_add(EXECUTION_PERIOD);
        let window_ok = if resolver.is_zero() {
            veto_window == 0
        } else {
            veto_window > 0 && window_end <= deallocation_delay
        };
        if !window_ok {
            return Err(Error::InvalidVetoWindow(SlashingInvalidVetoWindow {
                resolver,
                veto_window,
                deallocation_delay,
            }));
        }
        if !resolver.is_zero() {
            let withdrawal_delay = self
                .call(self.registry_address(), WITHDRAWAL_DELAY, &[], false)?
                .saturating_to::<u64>();
            if window_end > withdrawal_delay {
                return Err(Error::VetoWindowTooLong(SlashingVetoWindowTooLong {
                    veto_window,
                    execution_period: EXECUTION_PERIOD,
                    withdrawal_delay,
                }));
            }
        }
        let base = self.key(TAG_SET, &[skey.as_slice()]);
        self.sstore(base, pack(slasher, veto_window, 1));
        self.sstore(slot(base, 1), pack(recipient, cap_wad, 0));
        self.sstore(slot(base, 2), pack(resolver, cap_period, 0));
        self.sstore(
            slot(base, 3),
            U256::from_limbs([equivocation_penalty, 0, 0, 0]),
        );
        self.sstore(
            slot(base, 4),
            U256::from_be_slice(evidence_verifier.as_slice()),
        );
        log::emit(
            self.vm(),
            &[
                OperatorSetCreated::SIGNATURE_HASH,
                avs.word(),
                set_id.word(),
            ],
            &words![
                slasher,
                recipient,
                resolver,
                veto_window,
                cap_wad,
                cap_period,
                equivocation_penalty,
                evidence_verifier
            ],
        );
        for &vault in vaults {
            self.set_vault(avs, set_id, vault, true)?;
        }
        Ok(())
    }

    /// Adds `vault` to the caller's set `set_id`.
    ///
    /// # Errors
    /// * [`Error::SetNotFound`] - the caller has no such set.
    /// * [`Error::NotVault`] - the registry does not know `vault`.
    /// * [`Error::VaultAlreadyInSet`] - already accepted.
    /// * [`Error::TooManyVaults`] - the set has [`MAX_SET_VAULTS`].
    /// * [`Error::Callee`] - the registry call failed.
    ///
    /// # Events
    /// * [`VaultAddedToSet`].
    pub fn add_vault(&mut self, set_id: u32, vault: Address) -> Result<(), Error> {
        let avs = self.vm().msg_sender();
        self.require_set(avs, set_id)?;
        self.set_vault(avs, set_id, vault, true)
    }

    /// Removes `vault` from the caller's set `set_id`: allocations of it to
    /// the set are no longer slashable (they can still be deallocated).
    ///
    /// # Errors
    /// * [`Error::SetNotFound`] - the caller has no such set.
    /// * [`Error::VaultNotInSet`] - not accepted.
    ///
    /// # Events
    /// * [`VaultRemovedFromSet`].
    pub fn remove_vault(&mut self, set_id: u32, vault: Address) -> Result<(), Error> {
        let avs = self.vm().msg_sender();
        self.require_set(avs, set_id)?;
        self.set_vault(avs, set_id, vault, false)
    }

    // ------------------------------------------------------------------
    // Operators: membership and allocations
    // ------------------------------------------------------------------

    /// The calling operator joins set `(avs, set_id)`, with the AVS's
    /// consent: its registrar (if any) is called and may revert.
    ///
    /// # Errors
    /// * [`Error::SetNotFound`] - no such set.
    /// * [`Error::NotOperator`] - the caller is not a registered operator.
    /// * [`Error::AlreadyMember`] - the caller is a member.
    /// * [`Error::Callee`] - the registry or the registrar reverted.
    ///
    /// # Events
    /// * [`OperatorJoinedSet`].
    pub fn join_operator_set(&mut self, avs: Address, set_id: u32) -> Result<(), Error> {
        let operator = self.vm().msg_sender();
        let skey = self.require_set(avs, set_id)?;
        self.require_operator(operator)?;
        let mkey = self.member_key(operator, skey);
        if self.sload(mkey) == U256::from(MEMBER) {
            return Err(Error::AlreadyMember(SlashingAlreadyMember { operator }));
        }
        self.sstore(mkey, U256::from(MEMBER));
        log::emit(
            self.vm(),
            &[
                OperatorJoinedSet::SIGNATURE_HASH,
                operator.word(),
                avs.word(),
                set_id.word(),
            ],
            &[],
        );
        let registrar = self.avs_info(avs).1;
        if !registrar.is_zero() {
            self.call_hook(registrar, REGISTER_OPERATOR, &words![operator, avs, set_id])?;
        }
        Ok(())
    }

    /// The calling operator leaves set `(avs, set_id)`. Its allocations there
    /// stay slashable for the deallocation delay. The registrar, if any, is
    /// told (`deregisterOperator`, with at most [`REGISTRAR_LEAVE_GAS`] gas),
    /// but it cannot refuse: its failure is ignored, so no AVS hook can trap
    /// an operator in a set (I-6).
    ///
    /// # Errors
    /// * [`Error::NotMember`] - the caller is not a member.
    /// * [`Error::Math`] - the slashable window overflows.
    ///
    /// # Events
    /// * [`OperatorLeftSet`].
    pub fn leave_operator_set(&mut self, avs: Address, set_id: u32) -> Result<(), Error> {
        let operator = self.vm().msg_sender();
        let mkey = self.member_key(operator, set_key(avs, set_id));
        if self.sload(mkey) != U256::from(MEMBER) {
            return Err(Error::NotMember(SlashingNotMember { operator }));
        }
        let until = add64(self.now(), self.deallocation_delay())?;
        self.sstore(mkey, U256::from(until));
        log::emit(
            self.vm(),
            &[
                OperatorLeftSet::SIGNATURE_HASH,
                operator.word(),
                avs.word(),
                set_id.word(),
            ],
            &words![until],
        );
        let registrar = self.avs_info(avs).1;
        if !registrar.is_zero() {
            // Advisory (I-6): bounded gas, and a revert changes nothing here.
            let context =
                stylus_sdk::stylus_core::calls::context::Call::new().gas(REGISTRAR_LEAVE_GAS);
            let data = error_data(DEREGISTER_OPERATOR, &words![operator, avs, set_id]);
            let _ = self.vm().call(&context, registrar, &data);
        }
        Ok(())
    }

    /// Sets the calling operator's allocation of `vault` to set
    /// `(avs, set_id)` to `magnitude` (WAD of its max magnitude).
    ///
    /// A completed pending change is applied first. An increase encumbers
    /// the magnitude now and becomes slashable after the operator's
    /// allocation delay (read from the registry). A decrease takes effect
    /// after the deallocation delay and stays slashable until then, unless
    /// the operator is not slashable in the set (then at once). Setting the
    /// current value only applies a completed change (frees its magnitude).
    ///
    /// # Errors
    /// * [`Error::SetNotFound`] - no such set.
    /// * [`Error::NotOperator`] - the caller is not a registered operator.
    /// * [`Error::ModificationPending`] - a change is pending.
    /// * [`Error::VaultNotInSet`] - an increase of a vault the set does not accept.
    /// * [`Error::InsufficientMagnitude`] - the increase exceeds the max magnitude less the encumbered.
    /// * [`Error::Math`], [`Error::Callee`].
    ///
    /// # Events
    /// * [`AllocationUpdated`]; [`EncumberedMagnitudeUpdated`] when the encumbered magnitude changes.
    pub fn modify_allocation(
        &mut self,
        avs: Address,
        set_id: u32,
        vault: Address,
        magnitude: u64,
    ) -> Result<(), Error> {
        let operator = self.vm().msg_sender();
        let skey = self.require_set(avs, set_id)?;
        self.require_operator(operator)?;
        let akey = self.key(
            TAG_ALLOC,
            &[operator.as_slice(), skey.as_slice(), vault.as_slice()],
        );
        let mut a = self.settle(akey, operator, vault)?;
        if a.pending != 0 {
            return Err(Error::ModificationPending(SlashingModificationPending {
                effect_at: a.effect_at,
            }));
        }
        let now = self.now();
        let mut effect_at = now;
        if magnitude > a.current {
            if !self.accepts(skey, vault) {
                return Err(Error::VaultNotInSet(SlashingVaultNotInSet { vault }));
            }
            let increase = magnitude - a.current; // > 0 by the branch
            let registry = self.registry_address();
            let max = self
                .call(registry, MAX_MAGNITUDE, &words![operator, vault], false)?
                .saturating_to::<u64>();
            let encumbered = self.encumbered_magnitude(operator, vault);
            let available = max.saturating_sub(encumbered);
            if increase > available {
                return Err(Error::InsufficientMagnitude(
                    SlashingInsufficientMagnitude {
                        available,
                        requested: increase,
                    },
                ));
            }
            let delay = self
                .call(registry, ALLOCATION_DELAY, &words![operator], false)?
                .saturating_to::<u64>();
            effect_at = add64(now, delay)?;
            a = Alloc {
                current: a.current,
                pending: increase,
                increase: true,
                effect_at,
            };
            self.set_encumbered(operator, vault, add64(encumbered, increase)?, true);
        } else if magnitude < a.current {
            let decrease = a.current - magnitude; // > 0 by the branch
            if self.until_of(operator, skey) > now {
                effect_at = add64(now, self.deallocation_delay())?;
                a = Alloc {
                    current: a.current,
                    pending: decrease,
                    increase: false,
                    effect_at,
                };
            } else {
                // Not slashable in the set: nothing to protect, free at once.
                a.current = magnitude;
                let encumbered = sub64(self.encumbered_magnitude(operator, vault), decrease)?;
                self.set_encumbered(operator, vault, encumbered, true);
            }
        }
        // A zero allocation delay takes effect now.
        let (a, _) = a.at(now)?;
        self.sstore(akey, a.pack());
        log::emit(
            self.vm(),
            &[
                AllocationUpdated::SIGNATURE_HASH,
                operator.word(),
                avs.word(),
                vault.word(),
            ],
            &words![set_id, magnitude, effect_at],
        );
        Ok(())
    }

    // ------------------------------------------------------------------
    // Slashing
    // ------------------------------------------------------------------

    /// Instant mode: the set's slasher slashes `operator` by `wad_fraction`
    /// of its allocation to set `(avs, set_id)` of each of `vaults` (strictly
    /// ascending). The fraction is clamped to the room left under the cap.
    /// Returns the slash id.
    ///
    /// # Errors
    /// * [`Error::SetNotFound`] - no such set.
    /// * [`Error::Unauthorized`] - the caller is not the set's slasher.
    /// * [`Error::WrongMode`] - the set is vetoable (use [`Self::request_slash`]).
    /// * [`Error::InvalidFraction`] - `wad_fraction` is 0 or above 1e18.
    /// * [`Error::VaultsUnsorted`] - `vaults` is empty or not strictly ascending.
    /// * [`Error::VaultNotInSet`] - a vault is not accepted by the set.
    /// * [`Error::NotSlashable`] - the operator is not slashable in the set.
    /// * [`Error::CapExceeded`] - no room left under the operator's cap in the set this period.
    /// * [`Error::NothingToSlash`] - the operator has nothing allocated to the set in `vaults`
    ///   (nothing is slashed and the cap is not charged).
    /// * [`Error::Math`], [`Error::Callee`] (registry or vault).
    ///
    /// # Events
    /// * [`AllocationSlashed`] per vault with a non-zero allocation, then [`OperatorSlashed`].
    pub fn slash(
        &mut self,
        operator: Address,
        avs: Address,
        set_id: u32,
        vaults: &[Address],
        wad_fraction: u64,
        description: &[u8],
    ) -> Result<U256, Error> {
        self.check_slasher(avs, set_id, vaults, wad_fraction, false)?;
        let id = self.next_slash_id()?;
        self.slash_inner(id, operator, avs, set_id, vaults, wad_fraction, description)?;
        Ok(id)
    }

    /// Vetoable mode: the set's slasher requests slashing `operator` by
    /// `wad_fraction` of its allocations to `vaults` (strictly ascending).
    /// The resolver may veto until `now + veto_window`; then anyone executes.
    /// Requests are fractions of the allocation at execution, so executing
    /// several in any order gives the same result and none blocks another.
    /// Returns the slash id.
    ///
    /// # Errors
    /// * [`Error::SetNotFound`], [`Error::Unauthorized`], [`Error::InvalidFraction`],
    ///   [`Error::VaultsUnsorted`], [`Error::VaultNotInSet`], [`Error::NotSlashable`] - as [`Self::slash`].
    /// * [`Error::WrongMode`] - the set is instant.
    /// * [`Error::Math`].
    ///
    /// # Events
    /// * [`SlashRequested`].
    pub fn request_slash(
        &mut self,
        operator: Address,
        avs: Address,
        set_id: u32,
        vaults: &[Address],
        wad_fraction: u64,
        description: &[u8],
    ) -> Result<U256, Error> {
        let set = self.check_slasher(avs, set_id, vaults, wad_fraction, true)?;
        let now = self.now();
        if self.until_of(operator, set_key(avs, set_id)) <= now {
            return Err(Error::NotSlashable(SlashingNotSlashable { operator }));
        }
        let id = self.next_slash_id()?;
        let executable_at = add64(now, set.veto_window)?;
        let base = self.key(TAG_REQUEST, &[id.word().as_slice()]);
        self.sstore(base, pack(operator, wad_fraction, set_id));
        // `vaults.len()` <= MAX_SET_VAULTS (checked by the decoder) fits 24 bits.
        self.sstore(
            slot(base, 1),
            pack(
                avs,
                now,
                u32::from(REQUEST_PENDING) | (vaults.len() as u32) << 8,
            ),
        );
        for (i, vault) in vaults.iter().enumerate() {
            self.sstore(
                slot(base, 2 + i as u64),
                U256::from_be_slice(vault.as_slice()),
            );
        }
        log::emit_with_bytes(
            self.vm(),
            &[
                SlashRequested::SIGNATURE_HASH,
                id.word(),
                operator.word(),
                avs.word(),
            ],
            &words![set_id, wad_fraction, executable_at],
            description,
        );
        Ok(id)
    }

    /// The set's resolver vetoes pending request `slash_id` within its window.
    ///
    /// # Errors
    /// * [`Error::RequestNotPending`] - no such pending request.
    /// * [`Error::Unauthorized`] - the caller is not the set's resolver.
    /// * [`Error::VetoWindowClosed`] - the window has closed.
    ///
    /// # Events
    /// * [`SlashVetoed`].
    pub fn veto_slash(&mut self, slash_id: U256) -> Result<(), Error> {
        let r = self.pending_request(slash_id)?;
        let resolver = self.vm().msg_sender();
        if self.set_params(set_key(r.avs, r.set_id)).resolver != resolver {
            return Err(Error::Unauthorized(SlashingUnauthorized {
                caller: resolver,
            }));
        }
        if self.now() >= r.executable_at {
            return Err(Error::VetoWindowClosed(SlashingVetoWindowClosed {
                executable_at: r.executable_at,
            }));
        }
        self.set_request_status(slash_id, REQUEST_VETOED);
        log::emit(
            self.vm(),
            &[
                SlashVetoed::SIGNATURE_HASH,
                slash_id.word(),
                resolver.word(),
            ],
            &[],
        );
        Ok(())
    }

    /// Anyone executes pending request `slash_id` once its veto window has
    /// passed and before it expires ([`EXECUTION_PERIOD`] later): the slash
    /// applies to the allocations at execution (pending decreases included),
    /// clamped by the operator's cap of the current period.
    ///
    /// # Errors
    /// * [`Error::RequestNotPending`] - no such pending request.
    /// * [`Error::VetoWindowOpen`] - the window is still open.
    /// * [`Error::RequestExpired`] - the execution period has passed (the slasher may request again).
    /// * [`Error::NotSlashable`], [`Error::VaultNotInSet`], [`Error::CapExceeded`],
    ///   [`Error::NothingToSlash`], [`Error::Math`], [`Error::Callee`] - as [`Self::slash`]
    ///   (the request stays pending).
    ///
    /// # Events
    /// * [`AllocationSlashed`] per vault, then [`OperatorSlashed`] (empty
    ///   description: it was in [`SlashRequested`] with the same id).
    pub fn execute_slash(&mut self, slash_id: U256) -> Result<(), Error> {
        let r = self.pending_request(slash_id)?;
        let now = self.now();
        if now < r.executable_at {
            return Err(Error::VetoWindowOpen(SlashingVetoWindowOpen {
                executable_at: r.executable_at,
            }));
        }
        let expires_at = r.executable_at.saturating_add(EXECUTION_PERIOD);
        if now >= expires_at {
            return Err(Error::RequestExpired(SlashingRequestExpired {
                slash_id,
                expired_at: expires_at,
            }));
        }
        self.set_request_status(slash_id, REQUEST_EXECUTED);
        self.slash_inner(
            slash_id,
            r.operator,
            r.avs,
            r.set_id,
            &r.vaults,
            r.wad_fraction,
            &[],
        )
    }

    /// Objective slashing: the set's evidence verifier (a contract, e.g.
    /// `restake-slashing-evidence`, that has checked double-sign evidence)
    /// slashes `operator` by the set's equivocation penalty in every vault
    /// the set accepts. No slasher, no veto; clamped by the cap like any
    /// slash. The verifier enforces "once per height". Returns the slash id.
    ///
    /// # Errors
    /// * [`Error::SetNotFound`] - no such set.
    /// * [`Error::EvidenceDisabled`] - the set has no penalty or no verifier.
    /// * [`Error::Unauthorized`] - the caller is not the set's verifier.
    /// * [`Error::NotSlashable`], [`Error::CapExceeded`], [`Error::NothingToSlash`], [`Error::Math`],
    ///   [`Error::Callee`] - as [`Self::slash`].
    ///
    /// # Events
    /// * [`AllocationSlashed`] per vault, then [`OperatorSlashed`] (description `equivocation`).
    pub fn slash_by_evidence(
        &mut self,
        operator: Address,
        avs: Address,
        set_id: u32,
    ) -> Result<U256, Error> {
        let skey = self.require_set(avs, set_id)?;
        let set = self.set_params(skey);
        let penalty = set.tail[0];
        if penalty == 0 || set.verifier.is_zero() {
            return Err(Error::EvidenceDisabled(SlashingEvidenceDisabled {}));
        }
        let caller = self.vm().msg_sender();
        if caller != set.verifier {
            return Err(Error::Unauthorized(SlashingUnauthorized { caller }));
        }
        let id = self.next_slash_id()?;
        let vaults = self.set_vaults(avs, set_id);
        self.slash_inner(id, operator, avs, set_id, &vaults, penalty, b"equivocation")?;
        Ok(id)
    }

    // ------------------------------------------------------------------
    // Views
    // ------------------------------------------------------------------

    /// The operator registry.
    pub fn registry_address(&self) -> Address {
        unpack(self.sload(SLOT_CONFIG)).0
    }

    /// Seconds a decrease or a departure stays slashable.
    pub fn deallocation_delay(&self) -> u64 {
        unpack(self.sload(SLOT_CONFIG)).1
    }

    /// The last slash id handed out (0: none yet; ids start at 1).
    pub fn last_slash_id(&self) -> u64 {
        self.sload(SLOT_SLASH_ID).as_limbs()[0]
    }

    /// Whether `avs` is registered, and its registrar.
    pub fn avs_info(&self, avs: Address) -> (bool, Address) {
        let (registrar, _, registered) = unpack(self.sload(self.key(TAG_AVS, &[avs.as_slice()])));
        (registered == 1, registrar)
    }

    /// Set `(avs, set_id)`'s parameters: slasher, recipient, resolver,
    /// veto window, cap, cap period, equivocation penalty, evidence verifier (all zero if the
    /// set does not exist; an existing set has a non-zero cap).
    #[allow(clippy::type_complexity)]
    pub fn operator_set(
        &self,
        avs: Address,
        set_id: u32,
    ) -> (Address, Address, Address, u64, u64, u64, u64, Address) {
        let p = self.set_params(set_key(avs, set_id));
        (
            p.slasher,
            p.recipient,
            p.resolver,
            p.veto_window,
            p.cap_wad,
            p.cap_period,
            p.tail[0],
            p.verifier,
        )
    }

    /// The vaults set `(avs, set_id)` accepts.
    pub fn set_vaults(&self, avs: Address, set_id: u32) -> Vec<Address> {
        let skey = set_key(avs, set_id);
        let base = self.key(TAG_SET, &[skey.as_slice()]);
        let count = self.set_params(skey).tail[3];
        (0..count)
            .map(|i| unpack(self.sload(slot(base, VAULTS + i))).0)
            .collect()
    }

    /// The WAD fraction of `operator`'s allocations already slashed in set
    /// `(avs, set_id)` this period (the cap is kept per set and operator).
    pub fn cap_used(&self, operator: Address, avs: Address, set_id: u32) -> u64 {
        let skey = set_key(avs, set_id);
        let period = self.set_params(skey).cap_period;
        self.cap_record(operator, skey, period).2
    }

    /// Until when `operator` is slashable in set `(avs, set_id)`:
    /// [`MEMBER`] (`u64::MAX`) while a member, 0 if it never joined.
    pub fn slashable_until(&self, operator: Address, avs: Address, set_id: u32) -> u64 {
        self.until_of(operator, set_key(avs, set_id))
    }

    /// `operator`'s allocation of `vault` to set `(avs, set_id)` now:
    /// the allocated (slashable) magnitude, the magnitude after the pending
    /// change, and when that change takes effect (0: none pending).
    ///
    /// # Errors
    /// * [`Error::Math`] - never for stored values (a decrease never exceeds its allocation).
    pub fn allocation(
        &self,
        operator: Address,
        avs: Address,
        set_id: u32,
        vault: Address,
    ) -> Result<(u64, u64, u64), Error> {
        let akey = self.key(
            TAG_ALLOC,
            &[
                operator.as_slice(),
                set_key(avs, set_id).as_slice(),
                vault.as_slice(),
            ],
        );
        let (a, _) = Alloc::unpack(self.sload(akey)).at(self.now())?;
        Ok((a.current, a.target(), a.effect_at))
    }

    /// `operator`'s encumbered magnitude of `vault`: allocations plus pending
    /// increases (decreases whose time has come are released when that
    /// allocation is next touched).
    pub fn encumbered_magnitude(&self, operator: Address, vault: Address) -> u64 {
        self.sload(self.key(TAG_ENCUMBERED, &[operator.as_slice(), vault.as_slice()]))
            .as_limbs()[0]
    }

    /// The vault shares of `operator`'s stake in `vault` slashable by set
    /// `(avs, set_id)` at time `at` (now if earlier): its stake times the
    /// allocation in force then over its max magnitude, rounded down; zero if
    /// the operator is no longer slashable then or the set does not accept
    /// the vault. Pending changes are projected; future slashes are not.
    ///
    /// # Errors
    /// * [`Error::Math`], [`Error::Callee`] (registry reads).
    pub fn slashable_stake(
        &self,
        operator: Address,
        avs: Address,
        set_id: u32,
        vault: Address,
        at: u64,
    ) -> Result<U256, Error> {
        let skey = set_key(avs, set_id);
        let t = at.max(self.now());
        if self.until_of(operator, skey) <= t || !self.accepts(skey, vault) {
            return Ok(U256::ZERO);
        }
        let akey = self.key(
            TAG_ALLOC,
            &[operator.as_slice(), skey.as_slice(), vault.as_slice()],
        );
        let (a, _) = Alloc::unpack(self.sload(akey)).at(t)?;
        if a.current == 0 {
            return Ok(U256::ZERO);
        }
        let registry = self.registry_address();
        let max = self
            .call(registry, MAX_MAGNITUDE, &words![operator, vault], false)?
            .saturating_to::<u64>();
        let stake = self.call(registry, OPERATOR_STAKE, &words![operator, vault], false)?;
        // Down: a view of what a slash can take, never overstated.
        Ok(mul_div(
            stake,
            U256::from(a.current),
            U256::from(max),
            Rounding::Down,
        )?)
    }

    /// Slash request `slash_id`: operator, avs, set id, WAD fraction, when it
    /// becomes executable (it expires [`EXECUTION_PERIOD`] later), status
    /// (0 none, 1 pending, 2 vetoed, 3 executed, 4 expired) and its vaults.
    pub fn slash_request(
        &self,
        slash_id: U256,
    ) -> (Address, Address, u32, u64, u64, u8, Vec<Address>) {
        let mut r = self.request(slash_id);
        if r.status == REQUEST_PENDING
            && self.now() >= r.executable_at.saturating_add(EXECUTION_PERIOD)
        {
            r.status = REQUEST_EXPIRED;
        }
        (
            r.operator,
            r.avs,
            r.set_id,
            r.wad_fraction,
            r.executable_at,
            r.status,
            r.vaults,
        )
    }
}

/// A slash request as read from storage.
struct Request {
    operator: Address,
    avs: Address,
    set_id: u32,
    wad_fraction: u64,
    executable_at: u64,
    status: u8,
    vaults: Vec<Address>,
}

impl SlashingManager {
    fn sload(&self, key: U256) -> U256 {
        U256::from_be_bytes(self.vm().storage_load_bytes32(key).0)
    }

    fn sstore(&mut self, key: U256, value: U256) {
        // SAFETY: the key is a slot this contract owns (the layout table);
        // the SDK flushes the cache at the end of the call and before every
        // external call.
        unsafe { self.vm().storage_cache_bytes32(key, B256::from(value)) };
    }

    /// A record's slot: `keccak256(tag ‖ parts)`.
    fn key(&self, tag: u8, parts: &[&[u8]]) -> U256 {
        let mut buf = Vec::with_capacity(128);
        buf.push(tag);
        for part in parts {
            buf.extend_from_slice(part);
        }
        U256::from_be_bytes(self.vm().native_keccak256(&buf).0)
    }

    /// Now: the block timestamp, or the test clock's override.
    fn now(&self) -> u64 {
        #[cfg(feature = "test-clock")]
        {
            let t = self.sload(SLOT_TEST_CLOCK).as_limbs()[0];
            if t != 0 {
                return t;
            }
        }
        self.vm().block_timestamp()
    }

    /// Sets the test clock (feature `test-clock` only; 0 restores the block
    /// timestamp).
    #[cfg(feature = "test-clock")]
    pub fn set_test_timestamp(&mut self, timestamp: u64) {
        self.sstore(SLOT_TEST_CLOCK, U256::from(timestamp));
    }

    /// Calls `selector(args)` on `to` (a static call unless `mutating`) and
    /// returns the first word of the result. A revert passes through as
    /// [`Error::Callee`]; a result shorter than a word is one too.
    /// Hand-encoded: every argument and result here is one static word.
    fn call(
        &self,
        to: Address,
        selector: [u8; 4],
        args: &[B256],
        mutating: bool,
    ) -> Result<U256, Error> {
        call::call_word(self.vm(), to, selector, args, mutating)
            .map_err(|revert| Error::Callee(revert.0))?
            .ok_or(Error::Callee(Vec::new()))
    }

    /// A registrar hook: any successful return is consent.
    fn call_hook(&self, to: Address, selector: [u8; 4], args: &[B256]) -> Result<(), Error> {
        call::call_static_args(self.vm(), to, selector, args, true)
            .map(|_| ())
            .map_err(|revert| Error::Callee(revert.0))
    }

    fn next_slash_id(&mut self) -> Result<U256, Error> {
        let id = add64(self.last_slash_id(), 1)?;
        self.sstore(SLOT_SLASH_ID, U256::from(id));
        Ok(U256::from(id))
    }

    fn set_params(&self, skey: B256) -> SetParams {
        let base = self.key(TAG_SET, &[skey.as_slice()]);
        let (slasher, veto_window, exists) = unpack(self.sload(base));
        let (recipient, cap_wad, _) = unpack(self.sload(slot(base, 1)));
        let (resolver, cap_period, _) = unpack(self.sload(slot(base, 2)));
        let tail = *self.sload(slot(base, 3)).as_limbs();
        let verifier = unpack(self.sload(slot(base, 4))).0;
        SetParams {
            exists: exists == 1,
            slasher,
            veto_window,
            recipient,
            cap_wad,
            resolver,
            cap_period,
            verifier,
            tail,
        }
    }

    /// `operator`'s cap record in a set: its slot, the current period
    /// index and the fraction used in it (0 if the record is from an
    /// earlier period).
    fn cap_record(&self, operator: Address, skey: B256, cap_period: u64) -> (U256, u64, u64) {
        let ckey = self.key(TAG_CAP, &[operator.as_slice(), skey.as_slice()]);
        let [index, used, _, _] = *self.sload(ckey).as_limbs();
        // cap_period > 0 is checked at creation (max(1): an unknown set).
        let period = self.now() / cap_period.max(1);
        (ckey, period, if index == period { used } else { 0 })
    }

    fn accepts(&self, skey: B256, vault: Address) -> bool {
        !self
            .sload(self.key(TAG_ACCEPTS, &[skey.as_slice(), vault.as_slice()]))
            .is_zero()
    }

    fn member_key(&self, operator: Address, skey: B256) -> U256 {
        self.key(TAG_MEMBER, &[operator.as_slice(), skey.as_slice()])
    }

    /// `slashable_until` of `operator` in a set.
    fn until_of(&self, operator: Address, skey: B256) -> u64 {
        self.sload(self.member_key(operator, skey)).as_limbs()[0]
    }

    fn require_avs(&self, avs: Address) -> Result<(), Error> {
        if !self.avs_info(avs).0 {
            return Err(Error::AvsNotRegistered(SlashingAvsNotRegistered { avs }));
        }
        Ok(())
    }

    /// The set's key, if the set exists.
    fn require_set(&self, avs: Address, set_id: u32) -> Result<B256, Error> {
        let skey = set_key(avs, set_id);
        if !self.set_params(skey).exists {
            return Err(Error::SetNotFound(SlashingSetNotFound { avs, set_id }));
        }
        Ok(skey)
    }

    fn require_operator(&self, operator: Address) -> Result<(), Error> {
        if self
            .call(
                self.registry_address(),
                IS_OPERATOR,
                &words![operator],
                false,
            )?
            .is_zero()
        {
            return Err(Error::NotOperator(SlashingNotOperator { operator }));
        }
        Ok(())
    }

    /// Checks a slasher's call: the set exists, the caller is its slasher,
    /// the mode matches, the fraction is valid and the vaults are a strictly
    /// ascending list of accepted vaults. Returns the set's parameters.
    fn check_slasher(
        &self,
        avs: Address,
        set_id: u32,
        vaults: &[Address],
        wad_fraction: u64,
        vetoable: bool,
    ) -> Result<SetParams, Error> {
        let skey = self.require_set(avs, set_id)?;
        let set = self.set_params(skey);
        let caller = self.vm().msg_sender();
        if set.slasher != caller {
            return Err(Error::Unauthorized(SlashingUnauthorized { caller }));
        }
        let set_vetoable = !set.resolver.is_zero();
        if set_vetoable != vetoable {
            return Err(Error::WrongMode(SlashingWrongMode {
                vetoable: set_vetoable,
            }));
        }
        check_fraction(wad_fraction)?;
        if vaults.is_empty() {
            return Err(Error::VaultsUnsorted(SlashingVaultsUnsorted {
                vault: Address::ZERO,
            }));
        }
        let mut previous = Address::ZERO;
        for &vault in vaults {
            if vault <= previous {
                return Err(Error::VaultsUnsorted(SlashingVaultsUnsorted { vault }));
            }
            if !self.accepts(skey, vault) {
                return Err(Error::VaultNotInSet(SlashingVaultNotInSet { vault }));
            }
            previous = vault;
        }
        Ok(set)
    }

    fn request(&self, slash_id: U256) -> Request {
        let base = self.key(TAG_REQUEST, &[slash_id.word().as_slice()]);
        let (operator, wad_fraction, set_id) = unpack(self.sload(base));
        let (avs, requested_at, flags) = unpack(self.sload(slot(base, 1)));
        let count = u64::from(flags >> 8);
        let vaults = (0..count)
            .map(|i| unpack(self.sload(slot(base, 2 + i))).0)
            .collect();
        let window = self.set_params(set_key(avs, set_id)).veto_window;
        Request {
            operator,
            avs,
            set_id,
            wad_fraction,
            executable_at: requested_at.saturating_add(window),
            status: flags as u8,
            vaults,
        }
    }

    fn set_request_status(&mut self, slash_id: U256, status: u8) {
        let key = slot(self.key(TAG_REQUEST, &[slash_id.word().as_slice()]), 1);
        let (avs, requested_at, flags) = unpack(self.sload(key));
        self.sstore(
            key,
            pack(avs, requested_at, (flags & !0xff) | u32::from(status)),
        );
    }

    /// A pending request.
    fn pending_request(&self, slash_id: U256) -> Result<Request, Error> {
        let r = self.request(slash_id);
        if r.status != REQUEST_PENDING {
            return Err(Error::RequestNotPending(SlashingRequestNotPending {
                slash_id,
                status: r.status,
            }));
        }
        Ok(r)
    }

    /// Slashes `operator` by `wad_fraction` (clamped by its cap in the set)
    /// of its allocation to the set of each of `vaults` (distinct, checked by
    /// the caller). Effects before interactions: allocations, encumbered
    /// magnitude and the cap are written before the registry and the vaults
    /// are called. Reverts with [`Error::NothingToSlash`] (charging nothing)
    /// if no vault had a non-zero allocation.
    #[allow(clippy::too_many_arguments)]
    fn slash_inner(
        &mut self,
        id: U256,
        operator: Address,
        avs: Address,
        set_id: u32,
        vaults: &[Address],
        wad_fraction: u64,
        description: &[u8],
    ) -> Result<(), Error> {
        let skey = set_key(avs, set_id);
        let now = self.now();
        if self.until_of(operator, skey) <= now {
            return Err(Error::NotSlashable(SlashingNotSlashable { operator }));
        }
        let set = self.set_params(skey);
        // The cap is per (set, operator) (H-2): a member can only use up its
        // own room, never another member's.
        let (ckey, period, used) = self.cap_record(operator, skey, set.cap_period);
        // Clamp to the room left: the cap is a hard bound (invariant 4).
        let applied = wad_fraction.min(set.cap_wad.saturating_sub(used));
        if applied == 0 {
            return Err(Error::CapExceeded(SlashingCapExceeded {
                cap: set.cap_wad,
                used,
                requested: wad_fraction,
            }));
        }
        // The cap is charged once, by the first vault that really loses
        // magnitude, before any registry or vault call (effects first); a
        // slash that takes nothing anywhere charges nothing and reverts.
        let mut charged = false;
        for &vault in vaults {
            if !self.accepts(skey, vault) {
                return Err(Error::VaultNotInSet(SlashingVaultNotInSet { vault }));
            }
            let akey = self.key(
                TAG_ALLOC,
                &[operator.as_slice(), skey.as_slice(), vault.as_slice()],
            );
            let mut a = self.settle(akey, operator, vault)?;
            // Up (in the math crate): a tiny slash of a non-zero allocation
            // never rounds to nothing; capped at the allocation.
            let slashed = magnitude_to_slash(U256::from(a.current), U256::from(applied))?
                .saturating_to::<u64>();
            if slashed == 0 {
                continue; // nothing allocated here
            }
            if !charged {
                charged = true;
                self.sstore(
                    ckey,
                    U256::from_limbs([period, add64(used, applied)?, 0, 0]),
                );
            }
            let remaining = sub64(a.current, slashed)?;
            if a.pending != 0 && !a.increase {
                // The pending decrease shrinks in proportion. Down: the part
                // still leaving is never overstated, so more stays slashable.
                a.pending = mul_div(
                    U256::from(a.pending),
                    U256::from(remaining),
                    U256::from(a.current),
                    Rounding::Down,
                )?
                .saturating_to::<u64>();
                if a.pending == 0 {
                    a.effect_at = 0;
                }
            }
            a.current = remaining;
            self.sstore(akey, a.pack());
            // Encumbered falls with the allocation (AllocationSlashed tells).
            let encumbered = sub64(self.encumbered_magnitude(operator, vault), slashed)?;
            self.set_encumbered(operator, vault, encumbered, false);
            let shares = self.call(
                self.registry_address(),
                SLASH_OPERATOR,
                &words![operator, vault, slashed],
                true,
            )?;
            let assets = if shares.is_zero() {
                U256::ZERO
            } else {
                self.call(
                    vault,
                    BURN_SLASHED_SHARES,
                    &words![shares, set.recipient],
                    true,
                )?
            };
            log::emit(
                self.vm(),
                &[
                    AllocationSlashed::SIGNATURE_HASH,
                    id.word(),
                    operator.word(),
                    vault.word(),
                ],
                &words![slashed, remaining, shares, assets],
            );
        }
        if !charged {
            return Err(Error::NothingToSlash(SlashingNothingToSlash {
                operator,
                avs,
                set_id,
            }));
        }
        log::emit_with_bytes(
            self.vm(),
            &[
                OperatorSlashed::SIGNATURE_HASH,
                id.word(),
                operator.word(),
                avs.word(),
            ],
            &words![set_id, wad_fraction, applied],
            description,
        );
        Ok(())
    }

    /// Adds (`accept`) or removes `vault` from a set known to exist.
    fn set_vault(
        &mut self,
        avs: Address,
        set_id: u32,
        vault: Address,
        accept: bool,
    ) -> Result<(), Error> {
        let skey = set_key(avs, set_id);
        if accept
            && self
                .call(self.registry_address(), IS_VAULT, &words![vault], false)?
                .is_zero()
        {
            return Err(Error::NotVault(SlashingNotVault { vault }));
        }
        if self.accepts(skey, vault) == accept {
            return Err(if accept {
                Error::VaultAlreadyInSet(SlashingVaultAlreadyInSet { vault })
            } else {
                Error::VaultNotInSet(SlashingVaultNotInSet { vault })
            });
        }
        let base = self.key(TAG_SET, &[skey.as_slice()]);
        let [penalty, index, used, count] = *self.sload(slot(base, 3)).as_limbs();
        let new_count = if accept {
            if count as usize >= MAX_SET_VAULTS {
                return Err(Error::TooManyVaults(SlashingTooManyVaults {
                    max: U256::from(MAX_SET_VAULTS),
                }));
            }
            self.sstore(
                slot(base, VAULTS + count),
                U256::from_be_slice(vault.as_slice()),
            );
            count + 1
        } else {
            // Swap with the last and pop; bounded by MAX_SET_VAULTS.
            let last = count - 1; // count > 0: the vault is in the list
            let last_word = self.sload(slot(base, VAULTS + last));
            for i in 0..count {
                if unpack(self.sload(slot(base, VAULTS + i))).0 == vault {
                    self.sstore(slot(base, VAULTS + i), last_word);
                    break;
                }
            }
            self.sstore(slot(base, VAULTS + last), U256::ZERO);
            last
        };
        self.sstore(
            slot(base, 3),
            U256::from_limbs([penalty, index, used, new_count]),
        );
        let akey = self.key(TAG_ACCEPTS, &[skey.as_slice(), vault.as_slice()]);
        self.sstore(akey, U256::from(accept as u8));
        let topic = if accept {
            VaultAddedToSet::SIGNATURE_HASH
        } else {
            VaultRemovedFromSet::SIGNATURE_HASH
        };
        log::emit(
            self.vm(),
            &[topic, avs.word(), set_id.word(), vault.word()],
            &[],
        );
        Ok(())
    }

    /// Loads an allocation and applies (and stores) a pending change whose
    /// time has come, releasing the magnitude of a completed decrease.
    fn settle(&mut self, akey: U256, operator: Address, vault: Address) -> Result<Alloc, Error> {
        let stored = Alloc::unpack(self.sload(akey));
        let (a, freed) = stored.at(self.now())?;
        if a != stored {
            self.sstore(akey, a.pack());
        }
        if freed != 0 {
            let encumbered = sub64(self.encumbered_magnitude(operator, vault), freed)?;
            self.set_encumbered(operator, vault, encumbered, true);
        }
        Ok(a)
    }

    fn set_encumbered(&mut self, operator: Address, vault: Address, value: u64, announce: bool) {
        let key = self.key(TAG_ENCUMBERED, &[operator.as_slice(), vault.as_slice()]);
        self.sstore(key, U256::from(value));
        if announce {
            log::emit(
                self.vm(),
                &[
                    EncumberedMagnitudeUpdated::SIGNATURE_HASH,
                    operator.word(),
                    vault.word(),
                ],
                &words![value],
            );
        }
    }

    fn emit_metadata(&self, avs: Address, metadata_uri: &[u8]) {
        log::emit_with_bytes(
            self.vm(),
            &[AvsMetadataUpdated::SIGNATURE_HASH, avs.word()],
            &[],
            metadata_uri,
        );
    }
}

/// An operator set's identity: the AVS address then the id, big-endian.
pub fn set_key(avs: Address, set_id: u32) -> B256 {
    let mut key = [0u8; 32];
    key[..20].copy_from_slice(avs.as_slice());
    key[20..24].copy_from_slice(&set_id.to_be_bytes());
    B256::from(key)
}

/// The `i`-th slot after `base` (a record's later words). Wrapping: slots
/// are 256-bit names, not amounts.
fn slot(base: U256, i: u64) -> U256 {
    base.wrapping_add(U256::from(i))
}

fn check_fraction(fraction: u64) -> Result<(), Error> {
    if fraction == 0 || fraction > WAD64 {
        return Err(Error::InvalidFraction(SlashingInvalidFraction { fraction }));
    }
    Ok(())
}

fn add64(a: u64, b: u64) -> Result<u64, Error> {
    a.checked_add(b).ok_or(Error::from(MathError::Overflow))
}

fn sub64(a: u64, b: u64) -> Result<u64, Error> {
    a.checked_sub(b).ok_or(Error::from(MathError::Underflow))
}

// Keeps `WAD` (the math crate's one) and `WAD64` in step.
const _: () = assert!(WAD.as_limbs()[0] == WAD64);

// ----------------------------------------------------------------------
// ABI: hand-written dispatch over `ISlashingManager`'s selectors
// ----------------------------------------------------------------------

use alloy_sol_types::SolCall;
use restake_interfaces::slashing::ISlashingManager as I;

/// A call's arguments (calldata after the selector), read word by word with
/// the checks of a strict ABI decoder: every word in range, no dirty high
/// bits in addresses and small integers, offsets and lengths inside the data.
/// A failed read returns a zero value and marks the arguments malformed;
/// [`Args::check`] turns the mark into [`Error::InvalidCalldata`] before the
/// call runs (one check per call instead of one branch per argument).
struct Args<'a> {
    data: &'a [u8],
    selector: [u8; 4],
    malformed: core::cell::Cell<bool>,
}

impl<'a> Args<'a> {
    fn bad(&self) -> Error {
        Error::InvalidCalldata(SlashingInvalidCalldata {
            selector: self.selector.into(),
        })
    }

    /// Fails if any read so far was malformed.
    fn check(&self) -> Result<(), Error> {
        if self.malformed.get() {
            return Err(self.bad());
        }
        Ok(())
    }

    /// The 32 bytes at byte `at`, whose first `32 - size` bytes must be zero.
    #[inline(never)]
    fn word_at(&self, at: usize, size: usize) -> [u8; 32] {
        let mut out = [0u8; 32];
        match at.checked_add(32).and_then(|end| self.data.get(at..end)) {
            Some(word) if word[..32 - size].iter().all(|b| *b == 0) => out.copy_from_slice(word),
            _ => self.malformed.set(true),
        }
        out
    }

    #[inline(never)]
    fn address(&self, i: usize) -> Address {
        Address::from_word(B256::from(self.word_at(i * 32, 20)))
    }

    #[inline(never)]
    fn u64_at(&self, at: usize) -> u64 {
        U256::from_be_bytes(self.word_at(at, 8)).as_limbs()[0]
    }

    fn u64(&self, i: usize) -> u64 {
        self.u64_at(i * 32)
    }

    #[inline(never)]
    fn u32(&self, i: usize) -> u32 {
        U256::from_be_bytes(self.word_at(i * 32, 4)).as_limbs()[0] as u32
    }

    #[inline(never)]
    fn u256(&self, i: usize) -> U256 {
        U256::from_be_bytes(self.word_at(i * 32, 32))
    }

    /// A dynamic argument at head word `i`: its element count and where its
    /// elements start.
    fn dynamic(&self, i: usize) -> (usize, usize) {
        // An offset or length beyond usize (wasm32) saturates, so the
        // range checks below mark it malformed instead of truncating it.
        let offset = usize::try_from(self.u64(i)).unwrap_or(usize::MAX);
        let len = usize::try_from(self.u64_at(offset)).unwrap_or(usize::MAX);
        (len, offset.saturating_add(32))
    }

    /// A `bytes` or `string` argument.
    #[inline(never)]
    fn bytes(&self, i: usize) -> &'a [u8] {
        let (len, start) = self.dynamic(i);
        match start
            .checked_add(len)
            .and_then(|end| self.data.get(start..end))
        {
            Some(bytes) => bytes,
            None => {
                self.malformed.set(true);
                &[]
            }
        }
    }

    /// An `address[]` argument of at most [`MAX_SET_VAULTS`] elements.
    #[inline(never)]
    fn addresses(&self, i: usize) -> Vec<Address> {
        let (len, start) = self.dynamic(i);
        if len > MAX_SET_VAULTS {
            self.malformed.set(true);
            return Vec::new();
        }
        (0..len)
            .map(|k| Address::from_word(B256::from(self.word_at(start + k * 32, 20))))
            .collect()
    }
}

/// ABI encoding of `words` followed by one dynamic `address[]`.
fn with_addresses(head: &[B256], list: &[Address]) -> Vec<u8> {
    let mut out = concat(head);
    out.extend_from_slice(U256::from((head.len() + 1) * 32).word().as_slice());
    out.extend_from_slice(U256::from(list.len()).word().as_slice());
    for a in list {
        out.extend_from_slice(a.word().as_slice());
    }
    out
}

impl SlashingManager {
    /// Decodes `input` (selector and arguments) as a call to one of the
    /// functions of [`ISlashingManager`](I), runs it and ABI-encodes what
    /// it returns.
    ///
    /// # Errors
    /// * [`Error::InvalidCalldata`] - unknown selector or malformed arguments.
    /// * Whatever the called function returns.
    pub fn dispatch(&mut self, input: &[u8]) -> Result<Vec<u8>, Error> {
        let mut selector = [0u8; 4];
        if let Some(s) = input.get(..4) {
            selector.copy_from_slice(s);
        }
        let a = Args {
            data: input.get(4..).unwrap_or_default(),
            selector,
            malformed: core::cell::Cell::new(false),
        };
        let none = Vec::new();
        // Arguments are read without a branch per argument: a malformed call
        // runs with zeroed arguments, then `check` turns it into
        // `InvalidCalldata`, and the revert undoes whatever it did.
        let result = self.route(&a, selector, none);
        a.check()?;
        result
    }

    fn route(&mut self, a: &Args, selector: [u8; 4], none: Vec<u8>) -> Result<Vec<u8>, Error> {
        Ok(match selector {
            I::configCall::SELECTOR => concat(&words![
                self.registry_address(),
                self.deallocation_delay(),
                self.last_slash_id()
            ]),
            I::registerAvsCall::SELECTOR => {
                self.register_avs(a.bytes(0), a.address(1))?;
                none
            }
            I::updateAvsMetadataCall::SELECTOR => {
                self.update_avs_metadata(a.bytes(0))?;
                none
            }
            I::avsInfoCall::SELECTOR => {
                let (registered, registrar) = self.avs_info(a.address(0));
                concat(&words![registered, registrar])
            }
            I::createOperatorSetCall::SELECTOR => {
                let vaults = a.addresses(1);
                self.create_operator_set(
                    a.u32(0),
                    &vaults,
                    a.address(2),
                    a.address(3),
                    a.address(4),
                    a.u64(5),
                    a.u64(6),
                    a.u64(7),
                    a.u64(8),
                    a.address(9),
                )?;
                none
            }
            I::addVaultCall::SELECTOR => {
                self.add_vault(a.u32(0), a.address(1))?;
                none
            }
            I::removeVaultCall::SELECTOR => {
                self.remove_vault(a.u32(0), a.address(1))?;
                none
            }
            I::operatorSetCall::SELECTOR => {
                let (avs, set_id) = (a.address(0), a.u32(1));
                let (slasher, recipient, resolver, window, cap, period, penalty, verifier) =
                    self.operator_set(avs, set_id);
                with_addresses(
                    &words![slasher, recipient, resolver, window, cap, period, penalty, verifier],
                    &self.set_vaults(avs, set_id),
                )
            }
            I::joinOperatorSetCall::SELECTOR => {
                self.join_operator_set(a.address(0), a.u32(1))?;
                none
            }
            I::leaveOperatorSetCall::SELECTOR => {
                self.leave_operator_set(a.address(0), a.u32(1))?;
                none
            }
            I::slashableUntilCall::SELECTOR => concat(&words![self.slashable_until(
                a.address(0),
                a.address(1),
                a.u32(2)
            )]),
            I::modifyAllocationCall::SELECTOR => {
                self.modify_allocation(a.address(0), a.u32(1), a.address(2), a.u64(3))?;
                none
            }
            I::allocationCall::SELECTOR => {
                let (current, target, effect_at) =
                    self.allocation(a.address(0), a.address(1), a.u32(2), a.address(3))?;
                concat(&words![current, target, effect_at])
            }
            I::encumberedMagnitudeCall::SELECTOR => concat(&words![
                self.encumbered_magnitude(a.address(0), a.address(1))
            ]),
            I::slashableStakeCall::SELECTOR => {
                let stake = self.slashable_stake(
                    a.address(0),
                    a.address(1),
                    a.u32(2),
                    a.address(3),
                    a.u64(4),
                )?;
                concat(&words![stake])
            }
            I::slashCall::SELECTOR | I::requestSlashCall::SELECTOR => {
                let vaults = a.addresses(3);
                let (operator, avs, set_id, wad, description) =
                    (a.address(0), a.address(1), a.u32(2), a.u64(4), a.bytes(5));
                let id = if selector == I::slashCall::SELECTOR {
                    self.slash(operator, avs, set_id, &vaults, wad, description)?
                } else {
                    self.request_slash(operator, avs, set_id, &vaults, wad, description)?
                };
                concat(&words![id])
            }
            I::vetoSlashCall::SELECTOR => {
                self.veto_slash(a.u256(0))?;
                none
            }
            I::executeSlashCall::SELECTOR => {
                self.execute_slash(a.u256(0))?;
                none
            }
            I::slashRequestCall::SELECTOR => {
                let (operator, avs, set_id, wad, executable_at, status, vaults) =
                    self.slash_request(a.u256(0));
                with_addresses(
                    &words![operator, avs, set_id, wad, executable_at, status],
                    &vaults,
                )
            }
            I::capUsedCall::SELECTOR => {
                concat(&words![self.cap_used(a.address(0), a.address(1), a.u32(2))])
            }
            I::slashByEvidenceCall::SELECTOR => concat(&words![self.slash_by_evidence(
                a.address(0),
                a.address(1),
                a.u32(2)
            )?]),
            #[cfg(feature = "test-clock")]
            I::setTestTimestampCall::SELECTOR => {
                self.set_test_timestamp(a.u64(0));
                none
            }
            _ => return Err(a.bad()),
        })
    }
}
