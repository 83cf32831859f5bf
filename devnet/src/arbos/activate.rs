//! `ArbWasm.activateProgram` (and the StylusDeployer's activation): parse and
//! price the program, charge the data fee, store its record, emit the event.

use revm::context::{ContextTr, JournalTr};
use revm::primitives::{keccak256, Address, Bytes, Log, LogData, U256};

use crate::activation::{self, ProgramCosts};
use crate::context::Ctx;
use crate::gas::ACTIVATION_BASE_GAS;
use crate::stylus;

use super::programs::{
    code_of, hours_since_arbitrum, pricer_update, program, set_program, wasm_of, Program,
};
use super::{
    sol_error, word, ARB_WASM, NETWORK_FEE_ACCOUNT, STORAGE_READ, STORAGE_WRITE, STYLUS_VERSION,
};

/// What an activation produced.
#[derive(Debug)]
pub struct Activated {
    /// Stylus version.
    pub version: u16,
    /// Data fee charged.
    pub data_fee: U256,
    /// Gas the activation used.
    pub gas: u64,
    /// The analysis of the module.
    pub costs: ProgramCosts,
}

/// Why an activation failed.
#[derive(Debug)]
pub struct ActivationFailed {
    /// Revert data (empty when all gas is burned).
    pub data: Bytes,
    /// Gas used before failing.
    pub gas: u64,
    /// Whether the failure burns all gas given (Nitro's `takeAllGas`).
    pub burn_all: bool,
}

/// Gas an activation uses before it reads the program (ArbOS state, the activation-gas
/// parameter, the fixed 1,659,168, the Stylus parameters, the program record).
pub const ACTIVATION_PREAMBLE_GAS: u64 =
    STORAGE_READ + STORAGE_READ + ACTIVATION_BASE_GAS + 100 + STORAGE_READ;
/// Gas of an activation's storage writes and reads after compiling (module hash, the data
/// pricer's five reads and two writes, the program record) and its event.
pub const ACTIVATION_STORAGE_GAS: u64 =
    STORAGE_WRITE + 5 * STORAGE_READ + 2 * STORAGE_WRITE + STORAGE_WRITE + STORAGE_READ;
/// Gas of the `ProgramActivated` event (two topics, 128 bytes of data).
pub const PROGRAM_ACTIVATED_LOG_GAS: u64 = 375 + 2 * 375 + 8 * 128;

/// Activate the program at `program`, paying with `value` (already held by `payer_account`,
/// the account the value was sent to: ArbWasm itself, or the StylusDeployer). The fee goes
/// to the network fee account; the excess goes back to `refund_to` when `refund` is set.
/// `pages_open` are the transaction's open Stylus pages. `time` is the block time.
#[allow(clippy::too_many_arguments)]
pub fn activate(
    ctx: &mut Ctx,
    program_addr: Address,
    value: U256,
    payer_account: Address,
    refund_to: Address,
    refund: bool,
    pages_open: u32,
    time: u64,
) -> Result<Activated, ActivationFailed> {
    // One word of arguments (3 gas), then the preamble.
    let mut gas = 3 + ACTIVATION_PREAMBLE_GAS;
    let fail = |data: Bytes, gas: u64, burn_all: bool| ActivationFailed {
        data,
        gas,
        burn_all,
    };
    let (code, _) = code_of(ctx, program_addr);
    let hash = keccak256(&code);
    if code.is_empty() || !(stylus::is_stylus(&code)) {
        if stylus::is_fragment(&code) {
            return Err(fail(
                crate::revert::revert_string(
                    "fragmented stylus programs cannot be activated directly; activate the root program instead",
                ),
                gas,
                false,
            ));
        }
        return Err(fail(sol_error("ProgramNotWasm()", &[]), gas + 3, false));
    }
    let existing = program(ctx, hash);
    if existing.version == STYLUS_VERSION && !existing.expired(time) && existing.activated_at != 0 {
        return Err(fail(sol_error("ProgramUpToDate()", &[]), gas + 3, false));
    }
    let mut read = |a: Address| code_of(ctx, a);
    let (wasm, frag_gas) = match wasm_of(&code, stylus::MAX_FRAGMENTS, &mut read) {
        Ok(w) => w,
        Err(e) => return Err(fail(crate::revert::revert_string(e), gas, false)),
    };
    gas += frag_gas;
    let page_limit = (activation::PAGE_LIMIT as u32).saturating_sub(pages_open) as u16;
    let costs = match stylus::validate_wasm_with(&wasm, page_limit) {
        Ok(c) => c,
        Err(_) => return Err(fail(Bytes::new(), u64::MAX, true)),
    };
    // The metering pass must accept it too, so calls never fail to load.
    if stylus::instrument_with(&wasm, &costs).is_err() {
        return Err(fail(Bytes::new(), u64::MAX, true));
    }
    gas += costs.compile_gas + ACTIVATION_STORAGE_GAS;
    let fee = pricer_update(ctx, costs.asm_estimate as u64, time);
    if value < fee {
        return Err(fail(
            sol_error("ProgramInsufficientValue(uint256,uint256)", &[value, fee]),
            gas + 3 * 3,
            false,
        ));
    }
    let record = Program {
        version: STYLUS_VERSION,
        init_cost: costs.init_cost,
        cached_cost: costs.cached_cost,
        footprint: costs.footprint,
        activated_at: hours_since_arbitrum(time),
        asm_estimate_kb: costs.asm_estimate.div_ceil(1024),
        cached: existing.cached,
    };
    set_program(ctx, hash, &record);
    let j = ctx.journal_mut();
    let _ = j.load_account(NETWORK_FEE_ACCOUNT);
    let _ = j.load_account(refund_to);
    if !fee.is_zero() {
        let _ = j.transfer(payer_account, NETWORK_FEE_ACCOUNT, fee);
    }
    let excess = value.saturating_sub(fee);
    if refund && !excess.is_zero() {
        let _ = j.transfer(payer_account, refund_to, excess);
    }
    let topic0 = keccak256("ProgramActivated(bytes32,bytes32,address,uint256,uint16)");
    let mut data = Vec::new();
    data.extend_from_slice(keccak256(&wasm).as_slice());
    data.extend_from_slice(program_addr.into_word().as_slice());
    data.extend_from_slice(&word(fee));
    data.extend_from_slice(&word(U256::from(STYLUS_VERSION)));
    ctx.journal_mut().log(Log {
        address: ARB_WASM,
        data: LogData::new_unchecked(vec![topic0, hash], data.into()),
    });
    gas += PROGRAM_ACTIVATED_LOG_GAS + 3 * 2;
    Ok(Activated {
        version: STYLUS_VERSION,
        data_fee: fee,
        gas,
        costs,
    })
}
