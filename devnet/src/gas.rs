//! The gas and ink model (Nitro's, reproduced; see `docs/devnet.md`).

/// Ink per gas (Nitro's default ink price: 1 gas = 10,000 ink).
pub const INK_PER_GAS: u64 = 10_000;
/// Base ink of every host call.
pub const HOSTIO_INK: u64 = 8_400;
/// Extra ink per pointer argument a host call dereferences.
pub const PTR_INK: u64 = 5_040;
/// Extra ink of a host call that makes a round trip to the EVM state.
pub const EVM_API_INK: u64 = 59_673;
/// Ink to read guest memory: base + per byte over 32.
pub const READ_BASE_INK: u64 = 16_381;
/// Ink per byte read from guest memory past the first 32.
pub const READ_BYTE_INK: u64 = 55;
/// Ink to write guest memory: base.
pub const WRITE_BASE_INK: u64 = 5_040;
/// Ink per byte written to guest memory past the first 32.
pub const WRITE_BYTE_INK: u64 = 30;
/// keccak base ink (covers two words).
pub const KECCAK_BASE_INK: u64 = 121_800;
/// keccak ink per extra 32-byte word.
pub const KECCAK_WORD_INK: u64 = 21_000;

/// EVM gas of a cold SLOAD.
pub const COLD_SLOAD_GAS: u64 = 2_100;
/// EVM gas of a warm SLOAD.
pub const WARM_SLOAD_GAS: u64 = 100;
/// EVM gas of a LOG: base.
pub const LOG_GAS: u64 = 375;
/// EVM gas of a LOG per topic.
pub const LOG_TOPIC_GAS: u64 = 375;
/// EVM gas of a LOG per data byte.
pub const LOG_DATA_GAS: u64 = 8;
/// EVM gas of a call to a warm account.
pub const WARM_ACCOUNT_GAS: u64 = 100;
/// EVM gas of a call to a cold account.
pub const COLD_ACCOUNT_GAS: u64 = 2_600;
/// Extra EVM gas of a call that transfers value.
pub const CALL_VALUE_GAS: u64 = 9_000;
/// Extra EVM gas of a value call to an empty account.
pub const NEW_ACCOUNT_GAS: u64 = 25_000;
/// Stipend a value call adds for the callee.
pub const CALL_STIPEND: u64 = 2_300;
/// CREATE base gas.
pub const CREATE_GAS: u64 = 32_000;
/// CREATE2 extra gas per word of initcode.
pub const CREATE2_WORD_GAS: u64 = 6;
/// Storage-cache surcharges for reads, by how many reads came before in the call (Nitro: 0/2/10).
pub const CACHE_READ_SURCHARGE: [u64; 3] = [0, 2, 10];
/// Storage-cache surcharges for writes (Nitro: 0/7/10).
pub const CACHE_WRITE_SURCHARGE: [u64; 3] = [0, 7, 10];

/// Free memory pages per transaction.
pub const FREE_PAGES: u32 = 2;
/// Linear gas per page beyond the free ones.
pub const PAGE_GAS: u64 = 1_000;
/// Minimum cold init gas of a program (69 × 128).
pub const MIN_INIT_GAS: u64 = 69 * 128;
/// Minimum cached init gas of a program (11 × 32).
pub const MIN_CACHED_GAS: u64 = 11 * 32;
/// Gas every activation burns before anything else (Nitro's ArbWasm.activateProgram).
pub const ACTIVATION_BASE_GAS: u64 = 1_659_168;

/// Ink of reading `len` bytes of guest memory.
pub fn read_ink(len: usize) -> u64 {
    READ_BASE_INK + READ_BYTE_INK * (len as u64).saturating_sub(32)
}

/// Ink of writing `len` bytes of guest memory.
pub fn write_ink(len: usize) -> u64 {
    WRITE_BASE_INK + WRITE_BYTE_INK * (len as u64).saturating_sub(32)
}

/// Ink of keccak over `len` bytes.
pub fn keccak_ink(len: usize) -> u64 {
    let words = (len as u64).div_ceil(32);
    KECCAK_BASE_INK + KECCAK_WORD_INK * words.saturating_sub(2)
}

/// Exponential part of the memory price at a high-water mark of `pages` (Nitro's
/// table: ≈31.9 M gas at 128 pages; beyond the table, unaffordable).
pub fn memory_exp_gas(pages: u32) -> u64 {
    crate::activation::MEMORY_EXPONENTS
        .get(pages as usize)
        .map(|&g| g as u64)
        .unwrap_or(u64::MAX)
}

/// Gas to open `new` pages when `open` are open in the transaction and at most `ever`
/// have been open at once (Nitro's memory model shape: 2 free pages, linear 1,000 gas
/// per page, plus an exponential term on the new high-water mark).
pub fn memory_gas(new: u32, open: u32, ever: u32) -> u64 {
    let new_open = open.saturating_add(new);
    let new_ever = ever.max(new_open);
    if new_ever <= FREE_PAGES {
        return 0;
    }
    let paid_before = open.max(FREE_PAGES);
    let linear = new_open.saturating_sub(paid_before) as u64 * PAGE_GAS;
    let expand = memory_exp_gas(new_ever).saturating_sub(memory_exp_gas(ever));
    linear.saturating_add(expand)
}
