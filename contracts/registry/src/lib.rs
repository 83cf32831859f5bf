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
//! Built for the Stylus size limit (`docs/registry.md`): storage is
//! flat words packed by hand on the kit's typed keys (layout in `storage.rs`), the ABI
//! router is hand-written over the `sol!` interface
//! `restake_interfaces::registry::IOperatorRegistry`, and errors and events
//! are encoded with the interface crate's `abi` helpers. Every public method
//! below is also callable natively (motsu tests).
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(target_arch = "wasm32", no_std)]
extern crate alloc;

restake_kit::wasm_runtime!();

mod delegation;
mod errors;
mod operators;
mod owner;
mod positions;
mod router;
pub use router::interface_abi;
mod slashing;
mod storage;
mod views;
mod withdrawals;

pub use errors::Error;

#[cfg(feature = "test-clock")]
use alloy_primitives::U256;
use stylus_sdk::prelude::*;

#[cfg(feature = "test-clock")]
use storage::TEST_CLOCK;

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

/// The registry's storage.
///
/// Flat words packed by hand on the kit's typed keys (`restake_kit::storage`:
/// fixed slots, `keccak(tag ‖ key)`, `keccak(tag ‖ a ‖ b)`), every location a
/// named constant of `storage.rs`, whose doc comment holds the layout table:
/// the SDK's nested maps, vectors and guards cost several times more wasm,
/// and the registry must fit the Stylus size limit. The layout is
/// append-only once deployed.
#[entrypoint]
#[storage]
pub struct OperatorRegistry {}

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
        self.sstore(TEST_CLOCK.slot(), U256::from(timestamp));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
