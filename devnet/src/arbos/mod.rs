//! ArbOS 61 state and precompiles as Stylus programs and wallets see them:
//! program records, the activation data pricer, `ArbWasm` (0x71), `ArbWasmCache`
//! (0x72), `ArbSys` (0x64), `ArbOwnerPublic` (0x6b), `ArbGasInfo` (0x6c) and
//! `NodeInterface` (0xc8).
//!
//! Semantics and numbers follow Nitro (`arbos/programs/{programs,params,data_pricer}.go`,
//! `precompiles/ArbWasm*.go`, `ArbOwnerPublic.go`); the code is ours (Nitro is
//! BUSL-licensed). Gas of precompile calls follows ArbOS's storage prices (800 per
//! read, 20,000 per non-zero write, 5,000 per zero write, 3 per word of arguments
//! and results, EVM log prices for events).
//!
//! `programs` (records, data pricer, program code), `activate` (activation),
//! `precompiles` (each precompile's methods); this file holds the addresses,
//! ArbOS parameters, the L1 price and the ABI helpers they share.

mod activate;
mod precompiles;
mod programs;

use std::cell::Cell;

use revm::primitives::{address, keccak256, Address, Bytes, U256};

pub use activate::{
    activate, Activated, ActivationFailed, ACTIVATION_PREAMBLE_GAS, ACTIVATION_STORAGE_GAS,
    PROGRAM_ACTIVATED_LOG_GAS,
};
pub use precompiles::{is_precompile, run};
pub use programs::{approx_exp_bips, code_untracked, data_fee, program, wasm_of, Program};

/// The ArbWasm precompile.
pub const ARB_WASM: Address = address!("0000000000000000000000000000000000000071");
/// The ArbWasmCache precompile.
pub const ARB_WASM_CACHE: Address = address!("0000000000000000000000000000000000000072");
/// The ArbSys precompile.
pub const ARB_SYS: Address = address!("0000000000000000000000000000000000000064");
/// The ArbOwnerPublic precompile.
pub const ARB_OWNER_PUBLIC: Address = address!("000000000000000000000000000000000000006b");
/// The ArbGasInfo precompile.
pub const ARB_GAS_INFO: Address = address!("000000000000000000000000000000000000006c");
/// The NodeInterface virtual contract (answers `eth_call` and `eth_estimateGas`).
pub const NODE_INTERFACE: Address = address!("00000000000000000000000000000000000000c8");
/// The chain owner: the Nitro dev node's prefunded dev account.
pub const CHAIN_OWNER: Address = address!("3f1Eae7D46d88F08fc2F8ed27FCb2AB183EB2d0E");
/// Where activation data fees go (ArbOS's network fee account).
pub const NETWORK_FEE_ACCOUNT: Address = address!("00000000000000000000000000000000000A4B05");

pub use crate::activation::ARBOS_VERSION;
/// Stylus version of ArbOS 61.
pub const STYLUS_VERSION: u16 = 2;
/// Ink per gas.
pub const INK_PRICE: u64 = 10_000;
/// Days until a program must be re-activated.
pub const EXPIRY_DAYS: u64 = 365;
/// Days a program must have been active before a keepalive is accepted.
pub const KEEPALIVE_DAYS: u64 = 31;
/// Programs the per-block recent-program cache holds.
pub const BLOCK_CACHE_SIZE: usize = 32;
/// The day Arbitrum began (Nitro's `ArbitrumStartTime`): program ages count from here.
pub const ARBITRUM_START_TIME: u64 = 1_421_388_000;

/// ArbOS storage prices.
pub const STORAGE_READ: u64 = 800;
/// ArbOS price of a non-zero storage write.
pub const STORAGE_WRITE: u64 = 20_000;
/// ArbOS price of a zero storage write.
pub const STORAGE_WRITE_ZERO: u64 = 5_000;

// Data pricer (Nitro's initial values).
const PRICER_BYTES_PER_SECOND: u64 = (1u64 << 40) / (365 * 24) / 3600;
const PRICER_MIN_PRICE: u64 = 82_928_201;
const PRICER_INERTIA: u64 = 21_360_419;
/// ArbWasm storage slot of the data pricer's demand.
const SLOT_DEMAND: u64 = 1;
/// ArbWasm storage slot of the data pricer's last update time.
const SLOT_LAST_UPDATE: u64 = 2;

thread_local! {
    static L1_PRICE_PER_UNIT: Cell<u64> = const { Cell::new(0) };
}

/// Set the L1 price per unit (wei per unit; a byte of brotli-compressed transaction
/// data is 16 units) transactions executed on this thread pay as poster gas; 0 (off,
/// the default, as in the SDK's dev node) charges none. The chain sets it before each
/// execution from its configuration.
pub fn set_l1_price(wei_per_unit: u64) {
    L1_PRICE_PER_UNIT.with(|c| c.set(wei_per_unit));
}

/// The L1 price per unit set by [`set_l1_price`].
pub fn l1_price() -> u64 {
    L1_PRICE_PER_UNIT.with(|c| c.get())
}

fn selector(sig: &str) -> [u8; 4] {
    keccak256(sig.as_bytes())[..4].try_into().expect("4 bytes")
}

fn word(v: U256) -> [u8; 32] {
    v.to_be_bytes::<32>()
}

fn words(len: usize) -> u64 {
    (len as u64).div_ceil(32)
}

/// ABI-encoded custom error `sig(args…)` with word arguments.
pub fn sol_error(sig: &str, args: &[U256]) -> Bytes {
    let mut out = selector(sig).to_vec();
    for a in args {
        out.extend_from_slice(&word(*a));
    }
    out.into()
}

/// Poster (L1) gas of a transaction whose encoding is `tx_bytes`, at L2 base fee
/// `basefee` and L1 price per unit `l1_price` (Nitro: units = 16 × brotli-compressed
/// size; poster cost = units × price; gas = cost / base fee). Zero when the L1 price is 0.
pub fn poster_gas(tx_bytes: &[u8], basefee: u64, l1_price: u64) -> u64 {
    if l1_price == 0 || basefee == 0 {
        return 0;
    }
    let compressed = {
        let mut out = Vec::new();
        let params = brotli::enc::BrotliEncoderParams {
            quality: 1,
            ..Default::default()
        };
        let mut input = tx_bytes;
        let _ = brotli::BrotliCompress(&mut input, &mut out, &params);
        out.len() as u64
    };
    // Nitro pads the estimate by a fixed 140 bytes of overhead per transaction.
    let units = (compressed + 140).saturating_mul(16);
    units.saturating_mul(l1_price) / basefee
}
