//! # Restake Operator Registry
//!
//! EigenLayer's DelegationManager, leaner and O(1): operators, delegation,
//! slashing-aware stake accounting and a withdrawal queue that stays
//! slashable.
//!
//! * **Operators** register (metadata URI, optional delegation approver,
//!   allocation delay) and are delegated to themselves.
//! * **Stakers** delegate every vault position to one operator
//!   (`delegateTo`, with the approver's EIP-712 consent if it has one),
//!   undelegate (themselves, or forced by the operator or its approver) and
//!   redelegate; both queue the whole position.
//! * **Accounting** (`docs/math.md`): a staker's withdrawable shares in a
//!   vault are `s · k · m` with `s` its deposit shares (held by the vault),
//!   `k` its deposit scaling factor (here) and `m` its operator's max
//!   magnitude for the vault (here; WAD when undelegated). An operator's
//!   stake per vault moves with every deposit, withdrawal and delegation
//!   change in the same transaction.
//! * **Slashing**: the slashing manager lowers an operator's magnitude for a
//!   vault (`slashOperator`); its stake and the slashable part of its queued
//!   withdrawals fall in O(1) (a checkpointed cumulative history of queued
//!   scaled shares per operator and vault), and the vault shares to burn are
//!   returned.
//! * **Withdrawals**: `queueWithdrawal` → wait `withdrawalDelay` →
//!   `completeWithdrawal` as tokens or back as deposit shares, paid at the
//!   magnitude in force when the delay ended. ERC-7540-style request views.
//!
//! Rounding always favours the protocol: staker amounts round down, the
//! operator's remaining stake after a slash rounds up (so its stake never
//! falls below the sum of its stakers'), and queued slashes burn at most what
//! the queued claims lost.
//!
//! Built for the Stylus size limit (`docs/registry.md`): storage is raw
//! hashed slots packed by hand (layout on [`OperatorRegistry`]), the ABI
//! router is hand-written over the `sol!` interface
//! `restake_interfaces::registry::IOperatorRegistry`, and errors and events
//! are encoded with the interface crate's `abi` helpers. Every public method
//! below is also callable natively (motsu tests).
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
extern crate alloc;

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::{SolCall, SolError, SolEvent};
use openzeppelin_stylus::access::{
    ownable::{OwnableInvalidOwner, OwnableUnauthorizedAccount, OwnershipTransferred},
    ownable_two_step::{IOwnable2Step, OwnershipTransferStarted},
};
use restake_interfaces::{
    abi::{concat, error_data, Word},
    math_code,
    registry::*,
    words,
};
use restake_kit::{call, ecdsa, eip712, log};
use restake_math::{
    add, operator_stake_of, scale_for_queue, scaled_to_withdrawable, slashed_operator_shares, sub,
    update_deposit_scaling_factor, wad_div, wad_mul, withdrawable_shares, MathError, Rounding,
};
use stylus_sdk::{abi::Bytes, prelude::*};

/// The vault entry points the registry calls (selectors only: the calls are
/// encoded by hand, see `vault_call`).
mod vault_abi {
    alloy_sol_types::sol! {
        function depositShares(address staker) external view returns (uint256);
        function addDepositShares(address staker, uint256 shares) external;
        function removeDepositShares(address staker, uint256 shares) external;
        function withdrawTo(address owner, address receiver, uint256 shares) external returns (uint256);
    }
}

pub use restake_interfaces::registry as abi;

/// Most vaults the registry accepts, and so most entries in one withdrawal
/// (an undelegation queues every vault in one withdrawal).
pub const MAX_VAULTS: usize = 8;

/// The withdrawal delay when the constructor is given 0: 14 days.
pub const DEFAULT_WITHDRAWAL_DELAY: u64 = 14 * 24 * 60 * 60;

/// The longest withdrawal delay the registry accepts (seconds, ~108 years):
/// its minimum allocation delay (`d + ⌈d/4⌉`) is then exactly `u32::MAX`.
pub const MAX_WITHDRAWAL_DELAY: u64 = 3_435_973_836;

/// The protocol's minimum allocation delay (also the allocation
/// configuration delay) for a withdrawal delay `d`: `d + ⌈d/4⌉`, strictly
/// longer than `d` for every `d ≥ 1` (EigenLayer's ratio: 17.5 days of
/// configuration delay to 14 of withdrawal delay). Rounded up: a longer
/// delay favours the stakers who must be able to leave first.
pub const fn min_allocation_delay_for(withdrawal_delay: u64) -> u64 {
    withdrawal_delay.saturating_add(withdrawal_delay.div_ceil(4))
}

/// One whole magnitude (100%), WAD as a `u64`.
pub const WAD_U64: u64 = 1_000_000_000_000_000_000;

/// EIP-712 domain name.
pub const EIP712_NAME: &[u8] = b"Restake OperatorRegistry";
/// EIP-712 domain version.
pub const EIP712_VERSION: &[u8] = b"1";
/// The EIP-712 domain type (the kit's).
pub use restake_kit::eip712::DOMAIN_TYPE as EIP712_DOMAIN_TYPE;
/// The struct an approver signs to let `staker` delegate to `operator`.
pub const DELEGATION_APPROVAL_TYPE: &[u8] =
    b"DelegationApproval(address staker,address operator,bytes32 salt,uint256 expiry)";

/// Every error the registry returns, each a Solidity custom error.
#[derive(Debug)]
pub enum Error {
    /// See [`RegistryUnauthorized`].
    Unauthorized(RegistryUnauthorized),
    /// See [`RegistryZeroAddress`].
    ZeroAddress(RegistryZeroAddress),
    /// See [`RegistryAlreadyOperator`].
    AlreadyOperator(RegistryAlreadyOperator),
    /// See [`RegistryNotOperator`].
    NotOperator(RegistryNotOperator),
    /// See [`RegistryAlreadyDelegated`].
    AlreadyDelegated(RegistryAlreadyDelegated),
    /// See [`RegistryNotDelegated`].
    NotDelegated(RegistryNotDelegated),
    /// See [`RegistryOperatorCannotUndelegate`].
    OperatorCannotUndelegate(RegistryOperatorCannotUndelegate),
    /// See [`RegistrySignatureExpired`].
    SignatureExpired(RegistrySignatureExpired),
    /// See [`RegistrySaltSpent`].
    SaltSpent(RegistrySaltSpent),
    /// See [`RegistryInvalidSignature`].
    InvalidSignature(RegistryInvalidSignature),
    /// See [`RegistryVaultNotRegistered`].
    VaultNotRegistered(RegistryVaultNotRegistered),
    /// See [`RegistryVaultAlreadyAdded`].
    VaultAlreadyAdded(RegistryVaultAlreadyAdded),
    /// See [`RegistryTooManyVaults`].
    TooManyVaults(RegistryTooManyVaults),
    /// See [`RegistryInvalidWithdrawal`].
    InvalidWithdrawal(RegistryInvalidWithdrawal),
    /// See [`RegistryZeroShares`].
    ZeroShares(RegistryZeroShares),
    /// See [`RegistryWithdrawalNotFound`].
    WithdrawalNotFound(RegistryWithdrawalNotFound),
    /// See [`RegistryWithdrawalCompleted`].
    WithdrawalCompleted(RegistryWithdrawalCompleted),
    /// See [`RegistryWithdrawalDelayPending`].
    WithdrawalDelayPending(RegistryWithdrawalDelayPending),
    /// See [`RegistryOperatorFullySlashed`].
    OperatorFullySlashed(RegistryOperatorFullySlashed),
    /// See [`RegistryMagnitudeExceeded`].
    MagnitudeExceeded(RegistryMagnitudeExceeded),
    /// See [`RegistrySlashingManagerAlreadySet`].
    SlashingManagerAlreadySet(RegistrySlashingManagerAlreadySet),
    /// See [`RegistryMathError`].
    Math(RegistryMathError),
    /// See [`RegistryWithdrawalDelayTooLong`].
    WithdrawalDelayTooLong(RegistryWithdrawalDelayTooLong),
    /// A vault call reverted: its revert data (one of the vault's custom
    /// errors) is passed through unchanged.
    Vault(Vec<u8>),
    /// Malformed calldata (short, or a value out of its type's range):
    /// reverts with empty data, as Solidity's decoder does.
    InvalidCalldata,
    /// The caller is not the owner (OpenZeppelin `OwnableUnauthorizedAccount`).
    OwnableUnauthorizedAccount(OwnableUnauthorizedAccount),
    /// The zero address cannot own the registry (`OwnableInvalidOwner`).
    OwnableInvalidOwner(OwnableInvalidOwner),
}

impl From<Error> for Vec<u8> {
    fn from(e: Error) -> Vec<u8> {
        match e {
            Error::Unauthorized(e) => error_data(RegistryUnauthorized::SELECTOR, &words![e.caller]),
            Error::ZeroAddress(_) => error_data(RegistryZeroAddress::SELECTOR, &[]),
            Error::AlreadyOperator(e) => {
                error_data(RegistryAlreadyOperator::SELECTOR, &words![e.account])
            }
            Error::NotOperator(e) => error_data(RegistryNotOperator::SELECTOR, &words![e.account]),
            Error::AlreadyDelegated(e) => error_data(
                RegistryAlreadyDelegated::SELECTOR,
                &words![e.staker, e.operator],
            ),
            Error::NotDelegated(e) => error_data(RegistryNotDelegated::SELECTOR, &words![e.staker]),
            Error::OperatorCannotUndelegate(e) => error_data(
                RegistryOperatorCannotUndelegate::SELECTOR,
                &words![e.operator],
            ),
            Error::SignatureExpired(e) => error_data(
                RegistrySignatureExpired::SELECTOR,
                &words![e.expiry, e.timestamp],
            ),
            Error::SaltSpent(e) => {
                error_data(RegistrySaltSpent::SELECTOR, &words![e.approver, e.salt])
            }
            Error::InvalidSignature(e) => error_data(
                RegistryInvalidSignature::SELECTOR,
                &words![e.approver, e.signer],
            ),
            Error::VaultNotRegistered(e) => {
                error_data(RegistryVaultNotRegistered::SELECTOR, &words![e.vault])
            }
            Error::VaultAlreadyAdded(e) => {
                error_data(RegistryVaultAlreadyAdded::SELECTOR, &words![e.vault])
            }
            Error::TooManyVaults(e) => {
                error_data(RegistryTooManyVaults::SELECTOR, &words![e.max, e.count])
            }
            Error::InvalidWithdrawal(e) => error_data(
                RegistryInvalidWithdrawal::SELECTOR,
                &words![e.vaults, e.shares],
            ),
            Error::ZeroShares(e) => error_data(RegistryZeroShares::SELECTOR, &words![e.vault]),
            Error::WithdrawalNotFound(e) => {
                error_data(RegistryWithdrawalNotFound::SELECTOR, &words![e.id])
            }
            Error::WithdrawalCompleted(e) => {
                error_data(RegistryWithdrawalCompleted::SELECTOR, &words![e.id])
            }
            Error::WithdrawalDelayPending(e) => error_data(
                RegistryWithdrawalDelayPending::SELECTOR,
                &words![e.id, e.claimable_at, e.timestamp],
            ),
            Error::OperatorFullySlashed(e) => error_data(
                RegistryOperatorFullySlashed::SELECTOR,
                &words![e.operator, e.vault],
            ),
            Error::MagnitudeExceeded(e) => error_data(
                RegistryMagnitudeExceeded::SELECTOR,
                &words![e.operator, e.vault, e.current, e.requested],
            ),
            Error::SlashingManagerAlreadySet(e) => error_data(
                RegistrySlashingManagerAlreadySet::SELECTOR,
                &words![e.slashing_manager],
            ),
            Error::Math(e) => error_data(RegistryMathError::SELECTOR, &words![e.code]),
            Error::WithdrawalDelayTooLong(e) => error_data(
                RegistryWithdrawalDelayTooLong::SELECTOR,
                &words![e.delay, e.max],
            ),
            Error::Vault(data) => data,
            Error::InvalidCalldata => Vec::new(),
            Error::OwnableUnauthorizedAccount(e) => {
                error_data(OwnableUnauthorizedAccount::SELECTOR, &words![e.account])
            }
            Error::OwnableInvalidOwner(e) => {
                error_data(OwnableInvalidOwner::SELECTOR, &words![e.owner])
            }
        }
    }
}

impl From<MathError> for Error {
    fn from(e: MathError) -> Self {
        let code = match e {
            MathError::Overflow => math_code::OVERFLOW,
            MathError::DivisionByZero => math_code::DIVISION_BY_ZERO,
            MathError::Underflow => math_code::UNDERFLOW,
        };
        Error::Math(RegistryMathError { code })
    }
}

/// The registry's storage.
///
/// Everything lives at hashed slots, `keccak(tag ‖ a ‖ b)`
/// (see `OperatorRegistry::slot` and the `TAG_*` constants), read and written through two
/// small functions with fields packed by hand: the SDK's nested maps, vectors
/// and guards cost several times more wasm, and the registry must fit the
/// Stylus size limit. The layout is append-only once deployed:
///
/// | tag | key `(a, b)` | word(s) |
/// |---|---|---|
/// | `CONFIG` | `(0, 0)` | `withdrawal delay (u64) ‖ slashing manager` |
/// | `VAULT_COUNT` | `(0, 0)` | number of vaults |
/// | `VAULT_AT` | `(i, 0)` | vault `i` |
/// | `IS_VAULT` | `(vault, 0)` | 1 if registered |
/// | `OPERATOR` | `(operator, 0)` | `registered (bit 32) ‖ allocation delay chosen at registration (u32; the delay in force is under `ALLOCATION_DELAY`) ‖ approver` |
/// | `DELEGATED_TO` | `(staker, 0)` | operator |
/// | `SALT` | `(approver, salt)` | 1 if spent |
/// | `DSF` | `(staker, vault)` | deposit scaling factor (WAD) |
/// | `STAKE` | `(operator, vault)` | delegated stake (vault shares) |
/// | `OPERATOR_VAULT` | `(operator, vault)` | `magnitude lost (u64) ‖ checkpoint count (u64)` |
/// | `CHECKPOINTS` | `(operator, vault)` | + 2i: `timestamp ‖ magnitude`; + 2i + 1: cumulative scaled shares |
/// | `WITHDRAWAL` | `(id, 0)` | + 0: `start (u64) ‖ staker`; + 1: `completed (bit 32) ‖ entries ‖ operator`; + 2 + 2j: vault; + 3 + 2j: scaled shares |
/// | `WITHDRAWAL_COUNT` | `(0, 0)` | withdrawals queued so far (ids 1, 2, ...) |
/// | `TEST_CLOCK` | `(0, 0)` | the `test-clock` feature's time override |
/// | `OWNER` | `(0, 0)` | owner |
/// | `PENDING_OWNER` | `(0, 0)` | pending owner (two-step transfer) |
/// | `ALLOCATION_DELAY` | `(operator, 0)` | `delay before (u32) ‖ delay from (u32)` (one u64, high ‖ low) `‖ effect_at (u64)` |
#[entrypoint]
#[storage]
pub struct OperatorRegistry {}

const TAG_CONFIG: u8 = 1;
const TAG_VAULT_COUNT: u8 = 2;
const TAG_VAULT_AT: u8 = 3;
const TAG_IS_VAULT: u8 = 4;
const TAG_OPERATOR: u8 = 5;
const TAG_DELEGATED_TO: u8 = 6;
const TAG_SALT: u8 = 7;
const TAG_DSF: u8 = 8;
const TAG_STAKE: u8 = 9;
const TAG_OPERATOR_VAULT: u8 = 10;
const TAG_CHECKPOINTS: u8 = 11;
const TAG_WITHDRAWAL: u8 = 12;
const TAG_WITHDRAWAL_COUNT: u8 = 13;
#[cfg(feature = "test-clock")]
const TAG_TEST_CLOCK: u8 = 14;
const TAG_OWNER: u8 = 15;
const TAG_PENDING_OWNER: u8 = 16;
const TAG_ALLOCATION_DELAY: u8 = 17;

/// `slot + i` (storage offsets, not money: wrapping is the EVM's slot arithmetic).
#[inline(never)]
fn offset(slot: U256, i: u64) -> U256 {
    slot.wrapping_add(U256::from(i))
}

/// The low 64 bits of `x`, for values known to fit (counts, timestamps,
/// checked calldata): `to::<u64>()` would link a panic path with `Debug`
/// formatting.
fn low_u64(x: U256) -> u64 {
    x.as_limbs()[0]
}

/// A word holding `x` (bytes 4..12) and `address` (bytes 12..32).
#[inline(never)]
fn pack(x: u64, address: Address) -> B256 {
    let mut w = [0u8; 32];
    w[4..12].copy_from_slice(&x.to_be_bytes());
    w[12..].copy_from_slice(address.as_slice());
    B256::new(w)
}

/// The inverse of [`pack`].
#[inline(never)]
fn unpack(w: B256) -> (u64, Address) {
    let mut x = [0u8; 8];
    x.copy_from_slice(&w[4..12]);
    (u64::from_be_bytes(x), Address::from_slice(&w[12..]))
}

/// A word holding `a` (bytes 16..24) and `b` (bytes 24..32).
#[inline(never)]
fn pack2(a: u64, b: u64) -> B256 {
    let mut w = [0u8; 32];
    w[16..24].copy_from_slice(&a.to_be_bytes());
    w[24..].copy_from_slice(&b.to_be_bytes());
    B256::new(w)
}

/// The inverse of [`pack2`].
#[inline(never)]
fn unpack2(w: B256) -> (u64, u64) {
    let (mut a, mut b) = ([0u8; 8], [0u8; 8]);
    a.copy_from_slice(&w[16..24]);
    b.copy_from_slice(&w[24..]);
    (u64::from_be_bytes(a), u64::from_be_bytes(b))
}

const REGISTERED: u64 = 1 << 32;
const COMPLETED: u64 = 1 << 32;

impl OperatorRegistry {
    /// Sets the `owner` and the withdrawal delay (`withdrawal_delay` seconds;
    /// 0 means [`DEFAULT_WITHDRAWAL_DELAY`], 14 days). Vaults and the
    /// slashing manager are wired afterwards by the owner (`addVault`,
    /// `setSlashingManager`), since they reference the registry themselves.
    ///
    /// # Errors
    /// * [`Error::OwnableInvalidOwner`] - `owner` is the zero address.
    /// * [`Error::WithdrawalDelayTooLong`] - above [`MAX_WITHDRAWAL_DELAY`]
    ///   (the minimum allocation delay would not fit a `uint32`).
    ///
    /// # Events
    /// * `OwnershipTransferred`, [`WithdrawalDelaySet`].
    pub fn constructor(&mut self, owner: Address, withdrawal_delay: u64) -> Result<(), Error> {
        if owner.is_zero() {
            return Err(Error::OwnableInvalidOwner(OwnableInvalidOwner { owner }));
        }
        if withdrawal_delay > MAX_WITHDRAWAL_DELAY {
            return Err(Error::WithdrawalDelayTooLong(
                RegistryWithdrawalDelayTooLong {
                    delay: withdrawal_delay,
                    max: MAX_WITHDRAWAL_DELAY,
                },
            ));
        }
        self.set_owner(owner);
        let delay = if withdrawal_delay == 0 {
            DEFAULT_WITHDRAWAL_DELAY
        } else {
            withdrawal_delay
        };
        self.sstore(self.key(TAG_CONFIG, Z, Z), pack(delay, Address::ZERO));
        self.emit(&[WithdrawalDelaySet::SIGNATURE_HASH], &words![delay]);
        Ok(())
    }

    // ------------------------------------------------------------------
    // Owner
    // ------------------------------------------------------------------

    /// Whitelists `vault`: its deposit hook is accepted and its shares can be
    /// queued. At most [`MAX_VAULTS`]; vaults are never removed.
    ///
    /// # Errors
    /// * [`Error::OwnableUnauthorizedAccount`] - the caller is not the owner.
    /// * [`Error::ZeroAddress`], [`Error::VaultAlreadyAdded`], [`Error::TooManyVaults`].
    ///
    /// # Events
    /// * [`VaultAdded`].
    pub fn add_vault(&mut self, vault: Address) -> Result<(), Error> {
        self.only_owner()?;
        if vault.is_zero() {
            return Err(Error::ZeroAddress(RegistryZeroAddress {}));
        }
        if self.is_vault(vault) {
            return Err(Error::VaultAlreadyAdded(RegistryVaultAlreadyAdded {
                vault,
            }));
        }
        let count = self.vault_count();
        if count >= MAX_VAULTS as u64 {
            return Err(Error::TooManyVaults(RegistryTooManyVaults {
                max: U256::from(MAX_VAULTS),
                count: U256::from(count + 1),
            }));
        }
        let count_slot = self.key(TAG_VAULT_COUNT, Z, Z);
        self.sstore(
            self.key(TAG_VAULT_AT, U256::from(count).word(), Z),
            vault.into_word(),
        );
        self.sstore(count_slot, U256::from(count + 1).word());
        self.sstore(self.key(TAG_IS_VAULT, vault.into_word(), Z), ONE);
        self.emit(&[VaultAdded::SIGNATURE_HASH, vault.into_word()], &[]);
        Ok(())
    }

    /// Wires the slashing manager, once: it and the registry reference each
    /// other, so one of them is deployed first and wired afterwards.
    ///
    /// # Errors
    /// * [`Error::OwnableUnauthorizedAccount`] - the caller is not the owner.
    /// * [`Error::ZeroAddress`] - `manager` is zero.
    /// * [`Error::SlashingManagerAlreadySet`] - it was wired already.
    ///
    /// # Events
    /// * [`SlashingManagerSet`].
    pub fn set_slashing_manager(&mut self, manager: Address) -> Result<(), Error> {
        self.only_owner()?;
        if manager.is_zero() {
            return Err(Error::ZeroAddress(RegistryZeroAddress {}));
        }
        let (delay, current) = self.config();
        if !current.is_zero() {
            return Err(Error::SlashingManagerAlreadySet(
                RegistrySlashingManagerAlreadySet {
                    slashing_manager: current,
                },
            ));
        }
        self.sstore(self.key(TAG_CONFIG, Z, Z), pack(delay, manager));
        self.emit(
            &[SlashingManagerSet::SIGNATURE_HASH, manager.into_word()],
            &[],
        );
        Ok(())
    }

    // ------------------------------------------------------------------
    // Operators
    // ------------------------------------------------------------------

    /// Registers the caller as an operator, delegated to itself (any vault
    /// positions it holds become its stake). `allocation_delay` (seconds)
    /// takes effect after the allocation configuration delay
    /// ([`Self::min_allocation_delay`]); until then, and whenever it is
    /// lower, the protocol minimum applies (see [`Self::allocation_delay`]).
    ///
    /// # Errors
    /// * [`Error::AlreadyOperator`] - the caller is an operator already.
    /// * [`Error::AlreadyDelegated`] - the caller is delegated to an operator.
    /// * [`Error::OperatorFullySlashed`], [`Error::Vault`], [`Error::Math`] -
    ///   moving its positions failed.
    ///
    /// # Events
    /// * [`OperatorRegistered`], [`AllocationDelaySet`], [`OperatorMetadataURIUpdated`],
    ///   [`StakerDelegated`], and per vault position [`DepositScalingFactorUpdated`] and
    ///   [`OperatorStakeIncreased`].
    pub fn register_as_operator(
        &mut self,
        approver: Address,
        allocation_delay: u32,
        metadata_uri: impl AsRef<[u8]>,
    ) -> Result<(), Error> {
        let operator = self.vm().msg_sender();
        if self.is_operator(operator) {
            return Err(Error::AlreadyOperator(RegistryAlreadyOperator {
                account: operator,
            }));
        }
        let current = self.delegated_to(operator);
        if !current.is_zero() {
            return Err(Error::AlreadyDelegated(RegistryAlreadyDelegated {
                staker: operator,
                operator: current,
            }));
        }
        self.sstore(
            self.key(TAG_OPERATOR, operator.into_word(), Z),
            pack(REGISTERED | allocation_delay as u64, approver),
        );
        self.emit(
            &[OperatorRegistered::SIGNATURE_HASH, operator.into_word()],
            &words![approver, allocation_delay],
        );
        self.configure_allocation_delay(operator, allocation_delay);
        self.emit_metadata(operator, metadata_uri.as_ref());
        self.delegate(operator, operator, true)
    }

    /// Changes the calling operator's allocation delay to `delay` seconds,
    /// from now plus the allocation configuration delay
    /// ([`Self::min_allocation_delay`], longer than the withdrawal delay):
    /// stakers delegated now can leave before a shorter delay applies. Until
    /// then the delay in force now stays (a change still pending is
    /// replaced); the protocol minimum applies whenever it is higher.
    ///
    /// # Errors
    /// * [`Error::NotOperator`] - the caller is not an operator.
    ///
    /// # Events
    /// * [`AllocationDelaySet`].
    pub fn set_allocation_delay(&mut self, delay: u32) -> Result<(), Error> {
        let (operator, _) = self.only_operator()?;
        self.configure_allocation_delay(operator, delay);
        Ok(())
    }

    /// Publishes a new metadata URI for the calling operator (kept in the
    /// event only).
    ///
    /// # Errors
    /// * [`Error::NotOperator`] - the caller is not an operator.
    ///
    /// # Events
    /// * [`OperatorMetadataURIUpdated`].
    pub fn update_operator_metadata_uri(
        &mut self,
        metadata_uri: impl AsRef<[u8]>,
    ) -> Result<(), Error> {
        let (operator, _) = self.only_operator()?;
        self.emit_metadata(operator, metadata_uri.as_ref());
        Ok(())
    }

    /// Sets the calling operator's delegation approver (zero: anyone may
    /// delegate without a signature).
    ///
    /// # Errors
    /// * [`Error::NotOperator`] - the caller is not an operator.
    ///
    /// # Events
    /// * [`DelegationApproverSet`].
    pub fn set_delegation_approver(&mut self, approver: Address) -> Result<(), Error> {
        let (operator, flags) = self.only_operator()?;
        self.sstore(
            self.key(TAG_OPERATOR, operator.into_word(), Z),
            pack(flags, approver),
        );
        self.emit(
            &[
                DelegationApproverSet::SIGNATURE_HASH,
                operator.into_word(),
                approver.into_word(),
            ],
            &[],
        );
        Ok(())
    }

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
        signature: Bytes,
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
        self.check_approval(staker, operator, &signature, expiry, salt)?;
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
        signature: Bytes,
        expiry: U256,
        salt: B256,
    ) -> Result<U256, Error> {
        let staker = self.vm().msg_sender();
        let operator = self.delegated_operator(staker)?;
        self.check_approval(staker, new_operator, &signature, expiry, salt)?;
        let id = self.undelegate_inner(staker, operator, staker)?;
        // Every position was just queued: nothing is left to move.
        self.delegate(staker, new_operator, false)?;
        Ok(id)
    }

    // ------------------------------------------------------------------
    // Withdrawal queue
    // ------------------------------------------------------------------

    /// Queues `shares[i]` deposit shares of `vaults[i]` (at most
    /// [`MAX_VAULTS`] entries) for withdrawal by the caller. They leave its
    /// position (and its operator's stake) now, stay slashable through its
    /// operator until `withdrawalDelay` has passed, and pay out at the
    /// magnitude in force then. Returns the withdrawal id.
    ///
    /// # Errors
    /// * [`Error::InvalidWithdrawal`] - no entries, or lengths differ.
    /// * [`Error::TooManyVaults`] - more than [`MAX_VAULTS`] entries.
    /// * [`Error::VaultNotRegistered`], [`Error::ZeroShares`].
    /// * [`Error::Vault`] - e.g. `VaultInsufficientDepositShares`.
    /// * [`Error::Math`].
    ///
    /// # Events
    /// * Per entry: [`WithdrawalQueued`], [`OperatorStakeDecreased`] (if
    ///   delegated), the vault's `DepositSharesRemoved`.
    pub fn queue_withdrawal(
        &mut self,
        vaults: Vec<Address>,
        shares: Vec<U256>,
    ) -> Result<U256, Error> {
        if vaults.is_empty() || vaults.len() != shares.len() {
            return Err(Error::InvalidWithdrawal(RegistryInvalidWithdrawal {
                vaults: U256::from(vaults.len()),
                shares: U256::from(shares.len()),
            }));
        }
        if vaults.len() > MAX_VAULTS {
            return Err(Error::TooManyVaults(RegistryTooManyVaults {
                max: U256::from(MAX_VAULTS),
                count: U256::from(vaults.len()),
            }));
        }
        let staker = self.vm().msg_sender();
        let operator = self.delegated_to(staker);
        self.queue(staker, operator, &vaults, &shares)
    }

    /// Completes withdrawal `id` (only its staker, once, after the delay):
    /// each entry pays `⌊scaled · m / WAD⌋` vault shares, with `m` the
    /// operator's magnitude when the delay ended. As tokens, the vault pays
    /// the assets they are worth (nothing, and no transfer, for zero);
    /// otherwise they return as deposit shares, delegated to the staker's
    /// current operator.
    ///
    /// # Errors
    /// * [`Error::WithdrawalNotFound`], [`Error::Unauthorized`] (not the staker),
    ///   [`Error::WithdrawalCompleted`], [`Error::WithdrawalDelayPending`].
    /// * [`Error::OperatorFullySlashed`] - as shares, into a fully slashed operator.
    /// * [`Error::Vault`], [`Error::Math`].
    ///
    /// # Events
    /// * Per entry: [`WithdrawalCompleted`] and the vault's `Withdraw`; as
    ///   shares instead the vault's `DepositSharesAdded`,
    ///   [`DepositScalingFactorUpdated`] and [`OperatorStakeIncreased`] (if delegated).
    pub fn complete_withdrawal(&mut self, id: U256, receive_as_tokens: bool) -> Result<(), Error> {
        let caller = self.vm().msg_sender();
        let w = self.withdrawal_record(id)?;
        if caller != w.staker {
            return Err(Error::Unauthorized(RegistryUnauthorized { caller }));
        }
        if w.completed {
            return Err(Error::WithdrawalCompleted(RegistryWithdrawalCompleted {
                id,
            }));
        }
        let now = self.now();
        if now < w.claimable_at {
            return Err(Error::WithdrawalDelayPending(
                RegistryWithdrawalDelayPending {
                    id,
                    claimable_at: w.claimable_at,
                    timestamp: now,
                },
            ));
        }
        // Marked before any vault call.
        let base = self.key(TAG_WITHDRAWAL, id.word(), Z);
        self.sstore(offset(base, 1), pack(COMPLETED | w.entries, w.operator));
        let staker = w.staker;
        for j in 0..w.entries {
            let (vault, scaled) = self.entry(base, j);
            let shares = self.payout(&w, vault, scaled)?;
            let mut assets = U256::ZERO;
            if receive_as_tokens {
                assets = self.vault_call(
                    vault,
                    vault_abi::withdrawToCall::SELECTOR,
                    &words![staker, staker, shares],
                )?;
            } else if !shares.is_zero() {
                let current = self.delegated_to(staker);
                let prev = self.vault_deposit_shares(vault, staker)?;
                self.vault_call(
                    vault,
                    vault_abi::addDepositSharesCall::SELECTOR,
                    &words![staker, shares],
                )?;
                self.add_position(staker, vault, current, prev, shares)?;
            }
            self.emit(
                &[
                    WithdrawalCompleted::SIGNATURE_HASH,
                    id.word(),
                    staker.into_word(),
                    vault.into_word(),
                ],
                &words![shares, assets, receive_as_tokens],
            );
        }
        Ok(())
    }

    // ------------------------------------------------------------------
    // Vault hook and slashing manager entry point
    // ------------------------------------------------------------------

    /// The deposit hook of a registered vault: `staker`'s deposit shares grew
    /// from `prev_deposit_shares` by `added_shares`. Updates its scaling
    /// factor (so earlier slashes do not touch the new money) and raises its
    /// operator's stake by the withdrawable increase.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - the caller is not a registered vault.
    /// * [`Error::OperatorFullySlashed`] - the staker's operator has zero
    ///   magnitude for the vault (undelegate first).
    /// * [`Error::Math`].
    ///
    /// # Events
    /// * [`DepositScalingFactorUpdated`], [`OperatorStakeIncreased`] (if delegated).
    pub fn on_deposit(
        &mut self,
        staker: Address,
        prev_deposit_shares: U256,
        added_shares: U256,
    ) -> Result<(), Error> {
        let vault = self.vm().msg_sender();
        if !self.is_vault(vault) {
            return Err(Error::Unauthorized(RegistryUnauthorized { caller: vault }));
        }
        let operator = self.delegated_to(staker);
        self.add_position(staker, vault, operator, prev_deposit_shares, added_shares)
    }

    /// Lowers `operator`'s max magnitude for `vault` by `magnitude` (WAD) and
    /// returns the vault shares to burn: its stake slashed
    /// (`slashed_operator_shares`: the remainder rounds up) plus the slashable
    /// part of its queued withdrawals (those queued less than
    /// `withdrawalDelay` ago: `⌊queued scaled · magnitude / WAD⌋`). O(1) in
    /// stakers and withdrawals (a binary search over checkpoints). Only the
    /// slashing manager.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - the caller is not the slashing manager.
    /// * [`Error::VaultNotRegistered`], [`Error::NotOperator`].
    /// * [`Error::MagnitudeExceeded`] - `magnitude` exceeds the current one.
    /// * [`Error::Math`].
    ///
    /// # Events
    /// * [`OperatorSlashed`].
    pub fn slash_operator(
        &mut self,
        operator: Address,
        vault: Address,
        magnitude: u64,
    ) -> Result<U256, Error> {
        let caller = self.vm().msg_sender();
        let (delay, manager) = self.config();
        if caller != manager || manager.is_zero() {
            return Err(Error::Unauthorized(RegistryUnauthorized { caller }));
        }
        self.check_vault(vault)?;
        if !self.is_operator(operator) {
            return Err(Error::NotOperator(RegistryNotOperator {
                account: operator,
            }));
        }
        let ov = self.operator_vault(operator, vault);
        // lost <= WAD: it only grows by slashes checked against the magnitude left.
        let current = WAD_U64 - ov.lost;
        if magnitude > current {
            return Err(Error::MagnitudeExceeded(RegistryMagnitudeExceeded {
                operator,
                vault,
                current,
                requested: magnitude,
            }));
        }
        let new_magnitude = current - magnitude;
        let now = self.now();
        let stake_slot = self.key(TAG_STAKE, operator.into_word(), vault.into_word());
        let stake = self.sload_u(stake_slot);
        let stake_slashed = if current == 0 {
            U256::ZERO
        } else {
            slashed_operator_shares(stake, U256::from(current), U256::from(new_magnitude))?
        };
        let (_, cumulative) = self.latest(&ov);
        let slashable = sub(cumulative, self.queued_before_window(&ov, now, delay))?;
        // Floor: the burn is never more than the queued claims lose (each
        // pays ⌊scaled · m / WAD⌋, and Σ⌊x_i⌋ ≤ ⌊Σ x_i⌋).
        let queued_slashed = wad_mul(slashable, U256::from(magnitude), Rounding::Down)?;
        let total = add(stake_slashed, queued_slashed)?;

        self.sstore(stake_slot, sub(stake, stake_slashed)?.word());
        self.checkpoint(&ov, now, new_magnitude, cumulative, WAD_U64 - new_magnitude);
        self.emit(
            &[
                OperatorSlashed::SIGNATURE_HASH,
                operator.into_word(),
                vault.into_word(),
            ],
            &words![current, new_magnitude, stake_slashed, queued_slashed],
        );
        Ok(total)
    }

    // ------------------------------------------------------------------
    // Views
    // ------------------------------------------------------------------

    /// Whether `operator` is registered.
    pub fn is_operator(&self, operator: Address) -> bool {
        self.operator_word(operator).0 & REGISTERED != 0
    }

    /// Whether `vault` is whitelisted.
    pub fn is_vault(&self, vault: Address) -> bool {
        self.sload(self.key(TAG_IS_VAULT, vault.into_word(), Z)) == ONE
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

    /// `operator`'s delegated stake in `vault`, in vault shares.
    pub fn operator_stake(&self, operator: Address, vault: Address) -> U256 {
        self.sload_u(self.key(TAG_STAKE, operator.into_word(), vault.into_word()))
    }

    /// The operator `staker` is delegated to (zero for none; an operator is
    /// delegated to itself).
    pub fn delegated_to(&self, staker: Address) -> Address {
        Address::from_word(self.sload(self.key(TAG_DELEGATED_TO, staker.into_word(), Z)))
    }

    /// `staker`'s withdrawable shares in `vault`: `s · k · m`, rounded down.
    ///
    /// # Errors
    /// * [`Error::Vault`] - reading the vault failed; [`Error::Math`].
    pub fn withdrawable_shares(&self, staker: Address, vault: Address) -> Result<U256, Error> {
        let shares = self.vault_deposit_shares(vault, staker)?;
        let m = U256::from(self.magnitude_of(self.delegated_to(staker), vault));
        Ok(withdrawable_shares(
            shares,
            self.deposit_scaling_factor(staker, vault),
            m,
        )?)
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

/// OpenZeppelin's `IOwnable2Step` (same functions, errors and events),
/// implemented on the registry's own slots: OpenZeppelin's storage-type
/// version and its `sol!` event encoders cost about 1.5 KB of deployed code.
impl IOwnable2Step for OperatorRegistry {
    type Error = Error;

    fn owner(&self) -> Address {
        Address::from_word(self.sload(self.key(TAG_OWNER, Z, Z)))
    }

    fn pending_owner(&self) -> Address {
        Address::from_word(self.sload(self.key(TAG_PENDING_OWNER, Z, Z)))
    }

    fn transfer_ownership(&mut self, new_owner: Address) -> Result<(), Error> {
        let owner = self.only_owner()?;
        self.sstore(self.key(TAG_PENDING_OWNER, Z, Z), new_owner.into_word());
        self.emit(
            &[
                OwnershipTransferStarted::SIGNATURE_HASH,
                owner.into_word(),
                new_owner.into_word(),
            ],
            &[],
        );
        Ok(())
    }

    fn accept_ownership(&mut self) -> Result<(), Error> {
        let caller = self.vm().msg_sender();
        if caller != self.pending_owner() {
            return Err(Error::OwnableUnauthorizedAccount(
                OwnableUnauthorizedAccount { account: caller },
            ));
        }
        self.set_owner(caller);
        Ok(())
    }

    fn renounce_ownership(&mut self) -> Result<(), Error> {
        self.only_owner()?;
        self.set_owner(Address::ZERO);
        Ok(())
    }
}

/// Test-only clock (feature `test-clock`): motsu's block timestamp is a
/// constant, so tests set the registry's time. Never in the wasm build.
#[cfg(feature = "test-clock")]
pub trait ITestClock {
    /// Sets the time the registry reads (0: back to the block timestamp).
    fn set_test_timestamp(&mut self, timestamp: u64);
}

#[cfg(feature = "test-clock")]
impl ITestClock for OperatorRegistry {
    fn set_test_timestamp(&mut self, timestamp: u64) {
        self.sstore(self.key(TAG_TEST_CLOCK, Z, Z), U256::from(timestamp).word());
    }
}

/// More views, in the ABI through the router (`checkpoint_count` is for tests only).
impl OperatorRegistry {
    /// Whether `approver` has spent `salt`.
    pub fn is_salt_spent(&self, approver: Address, salt: B256) -> bool {
        self.sload(self.key(TAG_SALT, approver.into_word(), salt)) == ONE
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
        self.sload_u(self.key(TAG_DSF, staker.into_word(), vault.into_word()))
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
            out.push(Address::from_word(self.sload(self.key(
                TAG_VAULT_AT,
                U256::from(i).word(),
                Z,
            ))));
        }
        out
    }

    /// Withdrawals queued so far (the latest id).
    pub fn withdrawal_count(&self) -> U256 {
        self.sload_u(self.key(TAG_WITHDRAWAL_COUNT, Z, Z))
    }

    /// Entry `index` of withdrawal `id`: its vault and scaled shares.
    pub fn withdrawal_entry(&self, id: U256, index: u64) -> (Address, U256) {
        self.entry(self.key(TAG_WITHDRAWAL, id.word(), Z), index)
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

/// A withdrawal's fixed part, read from storage.
struct Withdrawal {
    staker: Address,
    operator: Address,
    claimable_at: u64,
    completed: bool,
    entries: u64,
}

/// (operator, vault): where its checkpoints live, how many, and the
/// magnitude lost so far.
struct OperatorVaultState {
    meta_slot: U256,
    checkpoints: U256,
    lost: u64,
    count: u64,
}

/// The zero word (an unused key half).
const Z: B256 = B256::ZERO;
/// The word 1 (a set flag).
const ONE: B256 = B256::new([
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
]);

impl OperatorRegistry {
    // -- raw storage --

    /// The storage slot of `(tag, a, b)`: `keccak256(tag ‖ a ‖ b)`.
    #[inline(never)]
    fn key(&self, tag: u8, a: B256, b: B256) -> U256 {
        let mut buf = [0u8; 65];
        buf[0] = tag;
        buf[1..33].copy_from_slice(a.as_slice());
        buf[33..].copy_from_slice(b.as_slice());
        U256::from_be_bytes(self.vm().native_keccak256(&buf).0)
    }

    #[inline(never)]
    fn sload(&self, slot: U256) -> B256 {
        self.vm().storage_load_bytes32(slot)
    }

    #[inline(never)]
    fn sload_u(&self, slot: U256) -> U256 {
        U256::from_be_bytes(self.sload(slot).0)
    }

    #[inline(never)]
    fn sstore(&mut self, slot: U256, value: B256) {
        // SAFETY: every slot is a tagged keccak hash (no aliasing with the
        // SDK's storage types, which the registry does not use), and the SDK
        // flushes the cache before every call out and at the end of the
        // transaction.
        unsafe { self.vm().storage_cache_bytes32(slot, value) }
    }

    /// The caller, if it is the owner.
    fn only_owner(&self) -> Result<Address, Error> {
        let caller = self.vm().msg_sender();
        if caller != self.owner() {
            return Err(Error::OwnableUnauthorizedAccount(
                OwnableUnauthorizedAccount { account: caller },
            ));
        }
        Ok(caller)
    }

    /// Moves ownership to `new_owner` and clears the pending owner.
    fn set_owner(&mut self, new_owner: Address) {
        let previous = self.owner();
        self.sstore(self.key(TAG_OWNER, Z, Z), new_owner.into_word());
        self.sstore(self.key(TAG_PENDING_OWNER, Z, Z), Z);
        self.emit(
            &[
                OwnershipTransferred::SIGNATURE_HASH,
                previous.into_word(),
                new_owner.into_word(),
            ],
            &[],
        );
    }

    /// `(withdrawal delay, slashing manager)`.
    fn config(&self) -> (u64, Address) {
        unpack(self.sload(self.key(TAG_CONFIG, Z, Z)))
    }

    fn vault_count(&self) -> u64 {
        low_u64(self.sload_u(self.key(TAG_VAULT_COUNT, Z, Z)))
    }

    /// `(flags, approver)` of `operator`.
    #[inline(never)]
    fn operator_word(&self, operator: Address) -> (u64, Address) {
        unpack(self.sload(self.key(TAG_OPERATOR, operator.into_word(), Z)))
    }

    #[inline(never)]
    fn operator_vault(&self, operator: Address, vault: Address) -> OperatorVaultState {
        let meta_slot = self.key(TAG_OPERATOR_VAULT, operator.into_word(), vault.into_word());
        let (lost, count) = unpack2(self.sload(meta_slot));
        let checkpoints = self.key(TAG_CHECKPOINTS, operator.into_word(), vault.into_word());
        OperatorVaultState {
            meta_slot,
            checkpoints,
            lost,
            count,
        }
    }

    /// Checkpoint `i`: `(timestamp, magnitude, cumulative scaled)`.
    #[inline(never)]
    fn checkpoint_at(&self, ov: &OperatorVaultState, i: u64) -> (u64, u64, U256) {
        let (ts, magnitude) = unpack2(self.sload(offset(ov.checkpoints, 2 * i)));
        (
            ts,
            magnitude,
            self.sload_u(offset(ov.checkpoints, 2 * i + 1)),
        )
    }

    // -- helpers --

    /// The current time in seconds.
    fn now(&self) -> u64 {
        #[cfg(feature = "test-clock")]
        {
            let t = low_u64(self.sload_u(self.key(TAG_TEST_CLOCK, Z, Z)));
            if t != 0 {
                return t;
            }
        }
        self.vm().block_timestamp()
    }

    /// Emits an event through the kit (`log::emit`), from one out-of-line
    /// copy: inlined at each of this contract's sites it cost more bytes
    /// (measured, `docs/decisions.md`).
    #[inline(never)]
    fn emit(&self, topics: &[B256], data: &[B256]) {
        log::emit(self.vm(), topics, data)
    }

    /// `OperatorMetadataURIUpdated(operator, uri)`: the one event with a
    /// dynamic field.
    fn emit_metadata(&self, operator: Address, uri: &[u8]) {
        log::emit_with_bytes(
            self.vm(),
            &[
                OperatorMetadataURIUpdated::SIGNATURE_HASH,
                operator.into_word(),
            ],
            &[],
            uri,
        );
    }

    /// The caller and its operator flags, if it is an operator.
    fn only_operator(&self) -> Result<(Address, u64), Error> {
        let operator = self.vm().msg_sender();
        let (flags, _) = self.operator_word(operator);
        if flags & REGISTERED == 0 {
            return Err(Error::NotOperator(RegistryNotOperator {
                account: operator,
            }));
        }
        Ok((operator, flags))
    }

    /// `(delay before effect_at, delay from effect_at, effect_at)` of `operator`.
    fn allocation_delay_word(&self, operator: Address) -> (u32, u32, u64) {
        let (delays, effect_at) =
            unpack2(self.sload(self.key(TAG_ALLOCATION_DELAY, operator.into_word(), Z)));
        ((delays >> 32) as u32, delays as u32, effect_at)
    }

    /// `operator`'s configured allocation delay in force at `t` (0, which the
    /// minimum floors, before any is set).
    fn configured_allocation_delay(&self, operator: Address, t: u64) -> u32 {
        let (before, from, effect_at) = self.allocation_delay_word(operator);
        if t >= effect_at {
            from
        } else {
            before
        }
    }

    /// Schedules `operator`'s allocation delay `delay` from now plus the
    /// configuration delay, keeping the one in force now until then.
    fn configure_allocation_delay(&mut self, operator: Address, delay: u32) {
        let now = self.now();
        let before = self.configured_allocation_delay(operator, now);
        let effect_at = now.saturating_add(self.min_allocation_delay() as u64);
        self.sstore(
            self.key(TAG_ALLOCATION_DELAY, operator.into_word(), Z),
            pack2(((before as u64) << 32) | delay as u64, effect_at),
        );
        self.emit(
            &[AllocationDelaySet::SIGNATURE_HASH, operator.into_word()],
            &words![delay, effect_at],
        );
    }

    fn check_vault(&self, vault: Address) -> Result<(), Error> {
        if !self.is_vault(vault) {
            return Err(Error::VaultNotRegistered(RegistryVaultNotRegistered {
                vault,
            }));
        }
        Ok(())
    }

    /// `staker`'s operator; errors if none or if `staker` is an operator.
    fn delegated_operator(&self, staker: Address) -> Result<Address, Error> {
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

    fn set_delegated_to(&mut self, staker: Address, operator: Address) {
        self.sstore(
            self.key(TAG_DELEGATED_TO, staker.into_word(), Z),
            operator.into_word(),
        );
    }

    #[inline(never)]
    fn vault_deposit_shares(&self, vault: Address, staker: Address) -> Result<U256, Error> {
        self.vault_call(
            vault,
            vault_abi::depositSharesCall::SELECTOR,
            &words![staker],
        )
    }

    /// Calls `vault` with `selector` and static `args`, passing its revert
    /// data through; returns its first return word (0 if none). One
    /// hand-encoded call instead of `IVaultCalls`' generic encoders (size).
    #[inline(never)]
    fn vault_call(&self, vault: Address, selector: [u8; 4], args: &[B256]) -> Result<U256, Error> {
        let word = call::call_word(self.vm(), vault, selector, args, true)
            .map_err(|revert| Error::Vault(revert.0))?;
        Ok(word.unwrap_or(U256::ZERO))
    }

    /// `operator`'s max magnitude for `vault`; WAD for no operator.
    #[inline(never)]
    fn magnitude_of(&self, operator: Address, vault: Address) -> u64 {
        if operator.is_zero() {
            return WAD_U64;
        }
        let (lost, _) = unpack2(self.sload(self.key(
            TAG_OPERATOR_VAULT,
            operator.into_word(),
            vault.into_word(),
        )));
        // lost <= WAD: it only grows by slashes checked against the magnitude left.
        WAD_U64 - lost
    }

    #[inline(never)]
    fn set_dsf(&mut self, staker: Address, vault: Address, factor: U256) {
        self.sstore(
            self.key(TAG_DSF, staker.into_word(), vault.into_word()),
            factor.word(),
        );
        self.emit(
            &[
                DepositScalingFactorUpdated::SIGNATURE_HASH,
                staker.into_word(),
                vault.into_word(),
            ],
            &words![factor],
        );
    }

    /// Moves `operator`'s stake in `vault` by `shares` (up or down; nothing
    /// for zero) and emits the matching event.
    #[inline(never)]
    fn move_stake(
        &mut self,
        operator: Address,
        vault: Address,
        staker: Address,
        shares: U256,
        up: bool,
    ) -> Result<(), Error> {
        if shares.is_zero() {
            return Ok(());
        }
        let slot = self.key(TAG_STAKE, operator.into_word(), vault.into_word());
        let stake = self.sload_u(slot);
        // Down: invariant 2 (the stake covers each staker's withdrawable shares) makes this exact.
        let (new, topic) = if up {
            (add(stake, shares)?, OperatorStakeIncreased::SIGNATURE_HASH)
        } else {
            (sub(stake, shares)?, OperatorStakeDecreased::SIGNATURE_HASH)
        };
        self.sstore(slot, new.word());
        self.emit(
            &[
                topic,
                operator.into_word(),
                vault.into_word(),
                staker.into_word(),
            ],
            &words![shares],
        );
        Ok(())
    }

    /// `staker`'s deposit shares in `vault` grew from `prev` by `added`
    /// (a deposit, or a withdrawal completed as shares), under `operator`.
    fn add_position(
        &mut self,
        staker: Address,
        vault: Address,
        operator: Address,
        prev: U256,
        added: U256,
    ) -> Result<(), Error> {
        let m = self.magnitude_of(operator, vault);
        if m == 0 {
            return Err(Error::OperatorFullySlashed(RegistryOperatorFullySlashed {
                operator,
                vault,
            }));
        }
        let m = U256::from(m);
        let k = self.deposit_scaling_factor(staker, vault);
        let new_k = update_deposit_scaling_factor(prev, k, m, added)?;
        self.set_dsf(staker, vault, new_k);
        if !operator.is_zero() {
            // The stake held for the position was at least its exact worth
            // (`before`, the floor, is at most that); it becomes the new
            // exact worth rounded up (`operator_stake_of`), so the operator's
            // stake stays at or above the exact sum of its stakers' worth
            // (invariant 2, exactly, through later slashes). The scaling
            // factor rounds down, so a tiny deposit can leave the position
            // worth less than before: then the stake is not raised at all.
            let before = withdrawable_shares(prev, k, m)?;
            let after = operator_stake_of(add(prev, added)?, new_k, m)?;
            self.move_stake(operator, vault, staker, after.saturating_sub(before), true)?;
        }
        Ok(())
    }

    /// Checks an approver's consent for `staker` → `operator` and spends its salt.
    fn check_approval(
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
        let salt_slot = self.key(TAG_SALT, approver.into_word(), salt);
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
        self.emit(
            &[ApproverSaltSpent::SIGNATURE_HASH, approver.into_word()],
            &words![salt],
        );
        Ok(())
    }

    fn keccak(&self, bytes: &[u8]) -> B256 {
        self.vm().native_keccak256(bytes)
    }

    fn approval_digest(
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
    fn recover(&self, digest: B256, signature: &[u8]) -> Address {
        ecdsa::recover_bytes(self.vm(), digest, signature).unwrap_or(Address::ZERO)
    }

    fn vault_list(&self) -> Vec<Address> {
        self.vaults()
    }

    /// Delegates `staker` to `operator`; with `move_positions`, its vault
    /// positions join the operator's stake at the operator's magnitude.
    fn delegate(
        &mut self,
        staker: Address,
        operator: Address,
        move_positions: bool,
    ) -> Result<(), Error> {
        self.set_delegated_to(staker, operator);
        self.emit(
            &[
                StakerDelegated::SIGNATURE_HASH,
                staker.into_word(),
                operator.into_word(),
            ],
            &[],
        );
        if !move_positions {
            return Ok(());
        }
        for vault in self.vault_list() {
            let shares = self.vault_deposit_shares(vault, staker)?;
            if shares.is_zero() {
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
            let k = wad_div(
                self.deposit_scaling_factor(staker, vault),
                m,
                Rounding::Down,
            )?;
            self.set_dsf(staker, vault, k);
            // Rounded up: see `operator_stake_of` (invariant 2).
            let w = operator_stake_of(shares, k, m)?;
            self.move_stake(operator, vault, staker, w, true)?;
        }
        Ok(())
    }

    /// Emits `StakerUndelegated`, queues every position through `operator`
    /// and clears the delegation. Returns the withdrawal id (0 if none).
    fn undelegate_inner(
        &mut self,
        staker: Address,
        operator: Address,
        caller: Address,
    ) -> Result<U256, Error> {
        self.emit(
            &[
                StakerUndelegated::SIGNATURE_HASH,
                staker.into_word(),
                operator.into_word(),
                caller.into_word(),
            ],
            &[],
        );
        let mut vaults = Vec::new();
        let mut shares = Vec::new();
        for vault in self.vault_list() {
            let s = self.vault_deposit_shares(vault, staker)?;
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

    /// Queues a withdrawal (entries already length-checked).
    fn queue(
        &mut self,
        staker: Address,
        operator: Address,
        vaults: &[Address],
        shares: &[U256],
    ) -> Result<U256, Error> {
        let count_slot = self.key(TAG_WITHDRAWAL_COUNT, Z, Z);
        let id = add(self.sload_u(count_slot), U256::from(1))?;
        self.sstore(count_slot, id.word());
        let now = self.now();
        let claimable_at = now.saturating_add(self.config().0);
        let base = self.key(TAG_WITHDRAWAL, id.word(), Z);
        self.sstore(base, pack(now, staker));
        self.sstore(offset(base, 1), pack(vaults.len() as u64, operator));
        for (j, (&vault, &s)) in (0u64..).zip(vaults.iter().zip(shares)) {
            self.check_vault(vault)?;
            if s.is_zero() {
                return Err(Error::ZeroShares(RegistryZeroShares { vault }));
            }
            let k = self.deposit_scaling_factor(staker, vault);
            let m = U256::from(self.magnitude_of(operator, vault));
            let withdrawable = withdrawable_shares(s, k, m)?;
            let scaled = scale_for_queue(s, k)?;
            self.vault_call(
                vault,
                vault_abi::removeDepositSharesCall::SELECTOR,
                &words![staker, s],
            )?;
            if !operator.is_zero() {
                self.move_stake(operator, vault, staker, withdrawable, false)?;
                let ov = self.operator_vault(operator, vault);
                let (magnitude, cumulative) = self.latest(&ov);
                self.checkpoint(&ov, now, magnitude, add(cumulative, scaled)?, ov.lost);
            }
            self.sstore(offset(base, 2 + 2 * j), vault.into_word());
            self.sstore(offset(base, 3 + 2 * j), scaled.word());
            self.emit(
                &[
                    WithdrawalQueued::SIGNATURE_HASH,
                    id.word(),
                    staker.into_word(),
                    vault.into_word(),
                ],
                &words![operator, s, scaled, claimable_at],
            );
        }
        Ok(id)
    }

    #[inline(never)]
    fn withdrawal_record(&self, id: U256) -> Result<Withdrawal, Error> {
        let base = self.key(TAG_WITHDRAWAL, id.word(), Z);
        let (start, staker) = unpack(self.sload(base));
        if staker.is_zero() {
            return Err(Error::WithdrawalNotFound(RegistryWithdrawalNotFound { id }));
        }
        let (flags, operator) = unpack(self.sload(offset(base, 1)));
        Ok(Withdrawal {
            staker,
            operator,
            claimable_at: start.saturating_add(self.config().0),
            completed: flags & COMPLETED != 0,
            entries: flags & 0xff,
        })
    }

    /// Entry `j` of the withdrawal at `base`: `(vault, scaled shares)`.
    #[inline(never)]
    fn entry(&self, base: U256, j: u64) -> (Address, U256) {
        (
            Address::from_word(self.sload(offset(base, 2 + 2 * j))),
            self.sload_u(offset(base, 3 + 2 * j)),
        )
    }

    /// What an entry pays: `⌊scaled · m / WAD⌋` with `m` the operator's
    /// magnitude in force when the delay ended (at `claimable_at - 1`, the
    /// last second a slash could reach it).
    fn payout(&self, w: &Withdrawal, vault: Address, scaled: U256) -> Result<U256, Error> {
        let m = if w.operator.is_zero() {
            WAD_U64
        } else {
            let ov = self.operator_vault(w.operator, vault);
            // The delay is at least 1 s, so claimable_at - 1 >= start.
            self.at(&ov, w.claimable_at.saturating_sub(1)).0
        };
        Ok(scaled_to_withdrawable(scaled, U256::from(m))?)
    }

    fn request_shares(&self, id: U256, vault: Address, claimable: bool) -> Result<U256, Error> {
        let w = self.withdrawal_record(id)?;
        let is_claimable = self.now() >= w.claimable_at;
        if w.completed || is_claimable != claimable {
            return Ok(U256::ZERO);
        }
        let base = self.key(TAG_WITHDRAWAL, id.word(), Z);
        let mut total = U256::ZERO;
        for j in 0..w.entries {
            let (v, scaled) = self.entry(base, j);
            if v != vault {
                continue;
            }
            let shares = if claimable {
                self.payout(&w, vault, scaled)?
            } else {
                scaled_to_withdrawable(scaled, U256::from(self.magnitude_of(w.operator, vault)))?
            };
            total = add(total, shares)?;
        }
        Ok(total)
    }

    /// The latest `(magnitude, cumulative scaled)`, or the initial `(WAD, 0)`.
    fn latest(&self, ov: &OperatorVaultState) -> (u64, U256) {
        match ov.count.checked_sub(1) {
            Some(i) => {
                let (_, magnitude, cumulative) = self.checkpoint_at(ov, i);
                (magnitude, cumulative)
            }
            None => (WAD_U64, U256::ZERO),
        }
    }

    /// `(magnitude, cumulative scaled)` as of time `t`: the last checkpoint
    /// at or before `t` (binary search), or the initial `(WAD, 0)`.
    fn at(&self, ov: &OperatorVaultState, t: u64) -> (u64, U256) {
        let (mut lo, mut hi) = (0u64, ov.count);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.checkpoint_at(ov, mid).0 <= t {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        match lo.checked_sub(1) {
            Some(i) => {
                let (_, magnitude, cumulative) = self.checkpoint_at(ov, i);
                (magnitude, cumulative)
            }
            None => (WAD_U64, U256::ZERO),
        }
    }

    /// Cumulative scaled shares queued at or before `now - delay`: the
    /// withdrawals no slash can reach any more (one queued at `start` is
    /// slashable while `now < start + delay`).
    fn queued_before_window(&self, ov: &OperatorVaultState, now: u64, delay: u64) -> U256 {
        match now.checked_sub(delay) {
            Some(cutoff) => self.at(ov, cutoff).1,
            None => U256::ZERO,
        }
    }

    /// Records `(magnitude, cumulative)` at `now` (in place if the latest
    /// checkpoint has the same timestamp) and the magnitude lost.
    fn checkpoint(
        &mut self,
        ov: &OperatorVaultState,
        now: u64,
        magnitude: u64,
        cumulative: U256,
        lost: u64,
    ) {
        let mut i = ov.count;
        if let Some(last) = ov.count.checked_sub(1) {
            if self.checkpoint_at(ov, last).0 == now {
                i = last;
            }
        }
        self.sstore(offset(ov.checkpoints, 2 * i), pack2(now, magnitude));
        self.sstore(offset(ov.checkpoints, 2 * i + 1), cumulative.word());
        let count = if i == ov.count {
            ov.count + 1
        } else {
            ov.count
        };
        self.sstore(ov.meta_slot, pack2(lost, count));
    }
}

// ----------------------------------------------------------------------
// The ABI router, by hand
// ----------------------------------------------------------------------
//
// `#[public]` decodes every argument tuple through alloy's generic
// decoders and formats its errors with `core::fmt`: for this contract that
// came to about a third of the wasm and put it over the Stylus limit. Every
// argument here is a 32-byte word, `bytes`/`string`, or an array of words,
// so a few small readers do the same job. The selectors are those of
// `restake_interfaces::registry::IOperatorRegistry` (tested).

/// Calldata arguments (after the selector), read as ABI words.
struct Args<'a>(&'a [u8]);

impl Args<'_> {
    /// Word `i` (a head slot), or a decoding error if the calldata is short.
    #[inline(never)]
    fn word(&self, i: usize) -> Result<B256, Error> {
        let at = i.checked_mul(32).ok_or(Error::InvalidCalldata)?;
        self.at(at)
    }

    /// The word at byte `at`.
    fn at(&self, at: usize) -> Result<B256, Error> {
        match self.0.get(at..at.saturating_add(32)) {
            Some(w) => Ok(B256::from_slice(w)),
            None => Err(Error::InvalidCalldata),
        }
    }

    fn u256(&self, i: usize) -> Result<U256, Error> {
        Ok(U256::from_be_bytes(self.word(i)?.0))
    }

    /// An unsigned integer of at most `bits` bits (u64 at most); wider values are rejected.
    #[inline(never)]
    fn uint(&self, i: usize, bits: u32) -> Result<u64, Error> {
        let v = self.u256(i)?;
        if v.bit_len() > bits as usize {
            return Err(Error::InvalidCalldata);
        }
        Ok(low_u64(v))
    }

    #[inline(never)]
    fn address(&self, i: usize) -> Result<Address, Error> {
        let w = self.word(i)?;
        if w[..12].iter().any(|&b| b != 0) {
            return Err(Error::InvalidCalldata);
        }
        Ok(Address::from_word(w))
    }

    fn boolean(&self, i: usize) -> Result<bool, Error> {
        Ok(self.uint(i, 1)? == 1)
    }

    /// A dynamic argument at head slot `i`: `(start of its data, length)`.
    #[inline(never)]
    fn dynamic(&self, i: usize, unit: usize) -> Result<(usize, usize), Error> {
        let offset = self.u256(i)?;
        let offset: usize = offset.try_into().map_err(|_| Error::InvalidCalldata)?;
        let len: usize = U256::from_be_bytes(self.at(offset)?.0)
            .try_into()
            .map_err(|_| Error::InvalidCalldata)?;
        let start = offset.checked_add(32).ok_or(Error::InvalidCalldata)?;
        let end = len
            .checked_mul(unit)
            .and_then(|n| n.checked_add(start))
            .ok_or(Error::InvalidCalldata)?;
        if end > self.0.len() {
            return Err(Error::InvalidCalldata);
        }
        Ok((start, len))
    }

    /// `bytes` or `string` at head slot `i`.
    fn bytes(&self, i: usize) -> Result<&[u8], Error> {
        let (start, len) = self.dynamic(i, 1)?;
        // dynamic() checked start + len <= calldata length.
        self.0.get(start..start + len).ok_or(Error::InvalidCalldata)
    }

    /// A `uint256[]` / `address[]` at head slot `i`, as words.
    fn words(&self, i: usize) -> Result<Vec<B256>, Error> {
        let (start, len) = self.dynamic(i, 32)?;
        let mut out = Vec::with_capacity(len);
        for j in 0..len {
            out.push(self.at(start + 32 * j)?);
        }
        Ok(out)
    }
}

/// Return data: static words.
fn ret(words: &[B256]) -> Option<Vec<u8>> {
    Some(concat(words))
}

/// Runs the entry point `selector` names; `None` for an unknown selector.
fn dispatch(
    s: &mut OperatorRegistry,
    selector: [u8; 4],
    a: &Args,
) -> Result<Option<Vec<u8>>, Error> {
    use restake_interfaces::registry::IOperatorRegistry::*;
    let none: Option<Vec<u8>> = Some(Vec::new());
    Ok(match selector {
        // -- owner --
        addVaultCall::SELECTOR => s.add_vault(a.address(0)?).map(|_| none)?,
        setSlashingManagerCall::SELECTOR => s.set_slashing_manager(a.address(0)?).map(|_| none)?,
        ownerCall::SELECTOR => ret(&words![s.owner()]),
        pendingOwnerCall::SELECTOR => ret(&words![s.pending_owner()]),
        transferOwnershipCall::SELECTOR => s.transfer_ownership(a.address(0)?).map(|_| none)?,
        acceptOwnershipCall::SELECTOR => s.accept_ownership().map(|_| none)?,
        renounceOwnershipCall::SELECTOR => s.renounce_ownership().map(|_| none)?,
        // -- operators --
        registerAsOperatorCall::SELECTOR => {
            let delay = a.uint(1, 32)? as u32;
            s.register_as_operator(a.address(0)?, delay, a.bytes(2)?)
                .map(|_| none)?
        }
        updateOperatorMetadataURICall::SELECTOR => {
            s.update_operator_metadata_uri(a.bytes(0)?).map(|_| none)?
        }
        setDelegationApproverCall::SELECTOR => {
            s.set_delegation_approver(a.address(0)?).map(|_| none)?
        }
        // -- delegation --
        delegateToCall::SELECTOR => {
            let signature = Bytes(a.bytes(1)?.to_vec());
            s.delegate_to(a.address(0)?, signature, a.u256(2)?, a.word(3)?)
                .map(|_| none)?
        }
        undelegateCall::SELECTOR => ret(&words![s.undelegate(a.address(0)?)?]),
        redelegateCall::SELECTOR => {
            let signature = Bytes(a.bytes(1)?.to_vec());
            ret(&words![s.redelegate(
                a.address(0)?,
                signature,
                a.u256(2)?,
                a.word(3)?
            )?])
        }
        // -- withdrawal queue --
        queueWithdrawalCall::SELECTOR => {
            let mut vaults = Vec::new();
            for w in a.words(0)? {
                if w[..12].iter().any(|&b| b != 0) {
                    return Err(Error::InvalidCalldata);
                }
                vaults.push(Address::from_word(w));
            }
            let shares = a
                .words(1)?
                .into_iter()
                .map(|w| U256::from_be_bytes(w.0))
                .collect();
            ret(&words![s.queue_withdrawal(vaults, shares)?])
        }
        completeWithdrawalCall::SELECTOR => s
            .complete_withdrawal(a.u256(0)?, a.boolean(1)?)
            .map(|_| none)?,
        // -- vault hook and slashing manager --
        onDepositCall::SELECTOR => s
            .on_deposit(a.address(0)?, a.u256(1)?, a.u256(2)?)
            .map(|_| none)?,
        slashOperatorCall::SELECTOR => {
            let magnitude = a.uint(2, 64)?;
            ret(&words![s.slash_operator(
                a.address(0)?,
                a.address(1)?,
                magnitude
            )?])
        }
        // -- views --
        isOperatorCall::SELECTOR => ret(&words![s.is_operator(a.address(0)?)]),
        isVaultCall::SELECTOR => ret(&words![s.is_vault(a.address(0)?)]),
        vaultsCall::SELECTOR => {
            let list = s.vaults();
            let mut out = concat(&words![U256::from(32), U256::from(list.len())]);
            for v in list {
                out.extend_from_slice(v.into_word().as_slice());
            }
            Some(out)
        }
        allocationDelayCall::SELECTOR => ret(&words![s.allocation_delay(a.address(0)?)]),
        delegationApproverCall::SELECTOR => ret(&words![s.delegation_approver(a.address(0)?)]),
        maxMagnitudeCall::SELECTOR => ret(&words![s.max_magnitude(a.address(0)?, a.address(1)?)]),
        operatorStakeCall::SELECTOR => ret(&words![s.operator_stake(a.address(0)?, a.address(1)?)]),
        delegatedToCall::SELECTOR => ret(&words![s.delegated_to(a.address(0)?)]),
        depositScalingFactorCall::SELECTOR => ret(&words![
            s.deposit_scaling_factor(a.address(0)?, a.address(1)?)
        ]),
        withdrawableSharesCall::SELECTOR => {
            ret(&words![s.withdrawable_shares(a.address(0)?, a.address(1)?)?])
        }
        slashableQueuedSharesCall::SELECTOR => ret(&words![
            s.slashable_queued_shares(a.address(0)?, a.address(1)?)?
        ]),
        isSaltSpentCall::SELECTOR => ret(&words![s.is_salt_spent(a.address(0)?, a.word(1)?)]),
        delegationApprovalDigestCall::SELECTOR => ret(&words![s.delegation_approval_digest(
            a.address(0)?,
            a.address(1)?,
            a.word(2)?,
            a.u256(3)?
        )]),
        withdrawalDelayCall::SELECTOR => ret(&words![s.withdrawal_delay()]),
        slashingManagerCall::SELECTOR => ret(&words![s.slashing_manager()]),
        withdrawalCountCall::SELECTOR => ret(&words![s.withdrawal_count()]),
        withdrawalCall::SELECTOR => {
            let (staker, operator, claimable_at, completed, entries) = s.withdrawal(a.u256(0)?)?;
            ret(&words![staker, operator, claimable_at, completed, entries])
        }
        withdrawalEntryCall::SELECTOR => {
            let (vault, scaled) = s.withdrawal_entry(a.u256(0)?, a.uint(1, 64)?);
            ret(&words![vault, scaled])
        }
        pendingRedeemRequestCall::SELECTOR => {
            ret(&words![s.pending_redeem_request(a.u256(0)?, a.address(1)?)?])
        }
        claimableRedeemRequestCall::SELECTOR => ret(&words![
            s.claimable_redeem_request(a.u256(0)?, a.address(1)?)?
        ]),
        // -- security issue 11, vault and registry findings (sec-vault) --
        acceptsDepositCall::SELECTOR => {
            ret(&words![s.accepts_deposit(a.address(0)?, a.address(1)?)])
        }
        minAllocationDelayCall::SELECTOR => ret(&words![s.min_allocation_delay()]),
        setAllocationDelayCall::SELECTOR => {
            let delay = a.uint(0, 32)? as u32;
            s.set_allocation_delay(delay).map(|_| none)?
        }
        allocationDelayConfigCall::SELECTOR => {
            let (effective, pending, effect_at) = s.allocation_delay_config(a.address(0)?);
            ret(&words![effective, pending, effect_at])
        }
        #[cfg(feature = "test-clock")]
        setTestTimestampCall::SELECTOR => {
            s.set_test_timestamp(a.uint(0, 64)?);
            none
        }
        _ => None,
    })
}

impl OperatorRegistry {
    /// Required by `#[entrypoint]` (normally emitted by `#[public]`): there
    /// are no inherited routers whose overrides need checking.
    #[doc(hidden)]
    pub const fn __stylus_assert_overrides() {}
}

/// The router `#[entrypoint]` dispatches to (and motsu, natively).
impl stylus_sdk::abi::Router<OperatorRegistry> for OperatorRegistry {
    type Storage = OperatorRegistry;

    fn route(s: &mut Self, selector: u32, input: &[u8]) -> Option<stylus_sdk::ArbResult> {
        // Nothing is payable.
        if !s.vm().msg_value().is_zero() {
            return Some(Err(Vec::new()));
        }
        match dispatch(s, selector.to_be_bytes(), &Args(input)) {
            Ok(Some(out)) => Some(Ok(out)),
            Ok(None) => None,
            Err(e) => Some(Err(e.into())),
        }
    }

    fn receive(_: &mut Self) -> Option<Result<(), Vec<u8>>> {
        None
    }

    fn fallback(_: &mut Self, _: &[u8]) -> Option<stylus_sdk::ArbResult> {
        None
    }

    /// `constructor(address owner, uint64 withdrawalDelay)`: once (on the
    /// SDK's constructor slot), not payable.
    fn constructor(s: &mut Self, input: &[u8]) -> Option<stylus_sdk::ArbResult> {
        let guard = stylus_sdk::abi::internal::CONSTRUCTOR_EXECUTED_SLOT;
        if !s.vm().msg_value().is_zero() || s.sload(guard) != Z {
            return Some(Err(Vec::new()));
        }
        s.sstore(guard, ONE);
        let a = Args(input);
        let result = a
            .address(0)
            .and_then(|owner| s.constructor(owner, a.uint(1, 64)?));
        Some(result.map(|_| Vec::new()).map_err(Into::into))
    }
}

/// `cargo run --features export-abi`: the Solidity interface, printed from
/// the `sol!` definition the router dispatches on
/// (`restake_interfaces::registry::IOperatorRegistry`) and its errors.
#[cfg(feature = "export-abi")]
impl stylus_sdk::abi::GenerateAbi for OperatorRegistry {
    const NAME: &'static str = "IOperatorRegistry";

    fn fmt_abi(f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let source = include_str!("../../interfaces/src/registry.rs");
        writeln!(f, "interface IOperatorRegistry {{")?;
        let mut in_interface = false;
        for line in source.lines().map(str::trim) {
            if line.starts_with("interface IOperatorRegistry") {
                in_interface = true;
            } else if in_interface && line == "}" {
                in_interface = false;
            } else if in_interface
                && line.starts_with("function ")
                && !line.contains("setTestTimestamp")
            {
                let line = line
                    .replace("string metadata_uri", "string calldata metadata_uri")
                    .replace("bytes signature", "bytes calldata signature")
                    .replace("address[] vaults", "address[] calldata vaults")
                    .replace("uint256[] shares", "uint256[] calldata shares")
                    .replace("(address[])", "(address[] memory)");
                writeln!(f, "    {line}")?;
            } else if line.starts_with("error ") {
                writeln!(f, "    {line}")?;
            }
        }
        writeln!(f, "}}")
    }

    fn fmt_constructor_signature(f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "constructor(address owner, uint64 withdrawal_delay)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_sol_types::SolCall;
    use motsu::prelude::*;
    use restake_interfaces::registry::IOperatorRegistry::{ownerCall, setTestTimestampCall};

    fn routes(reg: &Contract<OperatorRegistry>, data: &[u8]) -> bool {
        let mut call = reg.sender(Address::with_last_byte(1));
        let selector = [data[0], data[1], data[2], data[3]];
        matches!(
            dispatch(&mut call, selector, &Args(&data[4..])),
            Ok(Some(_))
        )
    }

    /// The release wasm has no test clock: without the `test-clock`
    /// feature (as `cargo test -p restake-registry` and the wasm build
    /// compile it), `setTestTimestamp` does not route.
    #[motsu::test]
    fn test_clock_routes_only_with_its_feature(reg: Contract<OperatorRegistry>) {
        assert!(routes(&reg, &ownerCall {}.abi_encode()));
        let set_clock = setTestTimestampCall { timestamp: 5 }.abi_encode();
        assert_eq!(routes(&reg, &set_clock), cfg!(feature = "test-clock"));
    }

    /// Packing round trips.
    #[test]
    fn packed_words_round_trip() {
        let a = Address::with_last_byte(9);
        assert_eq!(unpack(pack(u64::MAX, a)), (u64::MAX, a));
        assert_eq!(unpack2(pack2(3, u64::MAX)), (3, u64::MAX));
        assert_eq!(low_u64(U256::from(u64::MAX)), u64::MAX);
    }

    /// The minimum allocation delay is strictly longer than the withdrawal
    /// delay, 17.5 days for 14, and fits a `u32` up to the largest delay the
    /// constructor accepts.
    #[test]
    fn min_allocation_delay_exceeds_the_withdrawal_delay() {
        assert_eq!(
            min_allocation_delay_for(DEFAULT_WITHDRAWAL_DELAY),
            1_512_000
        );
        assert_eq!(min_allocation_delay_for(1), 2);
        assert_eq!(min_allocation_delay_for(1_000), 1_250);
        assert_eq!(
            min_allocation_delay_for(MAX_WITHDRAWAL_DELAY),
            u32::MAX as u64
        );
        assert!(min_allocation_delay_for(MAX_WITHDRAWAL_DELAY + 1) > u32::MAX as u64);
    }
}
