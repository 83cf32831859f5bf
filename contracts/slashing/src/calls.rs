//! The calls out: the registry, vault and registrar selectors the manager
//! calls (encoded by hand) and the two call helpers.

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
use restake_kit::call;
use stylus_sdk::{keccak_const::Keccak256, prelude::*};

use crate::{Error, SlashingManager};

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
/// `onAllocationChange(address,address,uint32,address,uint256)` (the rewards contract).
pub const ON_ALLOCATION_CHANGE: [u8; 4] =
    selector(b"onAllocationChange(address,address,uint32,address,uint256)");
/// `deregisterOperator(address,address,uint32)`.
pub const DEREGISTER_OPERATOR: [u8; 4] = selector(b"deregisterOperator(address,address,uint32)");

impl SlashingManager {
    /// Calls `selector(args)` on `to` (a static call unless `mutating`) and
    /// returns the first word of the result. A revert passes through as
    /// [`Error::Callee`]; a result shorter than a word is one too.
    /// Hand-encoded: every argument and result here is one static word.
    pub(crate) fn call(
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
    pub(crate) fn call_hook(
        &self,
        to: Address,
        selector: [u8; 4],
        args: &[B256],
    ) -> Result<(), Error> {
        call::call_static_args(self.vm(), to, selector, args, true)
            .map(|_| ())
            .map_err(|revert| Error::Callee(revert.0))
    }
}
