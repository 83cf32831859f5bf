//! Program records as ArbOS stores them, the activation data pricer, and
//! reading a program's code (classic or fragmented) back to its wasm.

use revm::context::{ContextTr, JournalTr};
use revm::primitives::{Address, Bytes, B256, U256};

use crate::activation::ProgramCosts;
use crate::context::Ctx;
use crate::stylus;

use super::{
    words, ARBITRUM_START_TIME, ARB_WASM, EXPIRY_DAYS, PRICER_BYTES_PER_SECOND, PRICER_INERTIA,
    PRICER_MIN_PRICE, SLOT_DEMAND, SLOT_LAST_UPDATE,
};

/// A program's record, laid out as Nitro stores it (15 bytes of one word).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Program {
    /// Stylus version it was activated under (0: never activated).
    pub version: u16,
    /// Module init cost.
    pub init_cost: u16,
    /// Module cached cost.
    pub cached_cost: u16,
    /// Initial memory pages.
    pub footprint: u16,
    /// Hours since Arbitrum began at activation (or the last keepalive).
    pub activated_at: u32,
    /// Asm size estimate in KiB (rounded up).
    pub asm_estimate_kb: u32,
    /// Whether the program is in the cache (ArbWasmCache).
    pub cached: bool,
}

impl Program {
    fn encode(&self) -> U256 {
        let mut w = [0u8; 32];
        w[0..2].copy_from_slice(&self.version.to_be_bytes());
        w[2..4].copy_from_slice(&self.init_cost.to_be_bytes());
        w[4..6].copy_from_slice(&self.cached_cost.to_be_bytes());
        w[6..8].copy_from_slice(&self.footprint.to_be_bytes());
        w[8..11].copy_from_slice(&self.activated_at.to_be_bytes()[1..]);
        w[11..14].copy_from_slice(&self.asm_estimate_kb.to_be_bytes()[1..]);
        w[14] = self.cached as u8;
        U256::from_be_bytes(w)
    }

    fn decode(v: U256) -> Self {
        let w = v.to_be_bytes::<32>();
        let u16_at = |i: usize| u16::from_be_bytes([w[i], w[i + 1]]);
        let u24_at = |i: usize| u32::from_be_bytes([0, w[i], w[i + 1], w[i + 2]]);
        Self {
            version: u16_at(0),
            init_cost: u16_at(2),
            cached_cost: u16_at(4),
            footprint: u16_at(6),
            activated_at: u24_at(8),
            asm_estimate_kb: u24_at(11),
            cached: w[14] != 0,
        }
    }

    /// Gas of an uncached call's program start-up on top of [`Self::cached_gas`].
    pub fn init_gas(&self) -> u64 {
        ProgramCosts::init_gas(self.init_cost)
    }

    /// Gas of a cached call's program start-up (paid by every call in Stylus v2).
    pub fn cached_gas(&self) -> u64 {
        ProgramCosts::cached_gas(self.cached_cost)
    }

    /// Seconds since activation at `time`.
    pub fn age(&self, time: u64) -> u64 {
        let at = ARBITRUM_START_TIME.saturating_add(self.activated_at as u64 * 3600);
        time.saturating_sub(at)
    }

    /// Whether the program has expired at `time`.
    pub fn expired(&self, time: u64) -> bool {
        self.age(time) > EXPIRY_DAYS * 86_400
    }
}

pub(super) fn hours_since_arbitrum(time: u64) -> u32 {
    (time.saturating_sub(ARBITRUM_START_TIME) / 3600).min(0xFF_FFFF) as u32
}

/// The record of `codehash` (version 0 if never activated).
pub fn program(ctx: &mut Ctx, codehash: B256) -> Program {
    let _ = ctx.journal_mut().load_account(ARB_WASM);
    let v = ctx
        .journal_mut()
        .sload(ARB_WASM, U256::from_be_bytes(codehash.0))
        .map(|s| s.data)
        .unwrap_or_default();
    Program::decode(v)
}

pub(super) fn set_program(ctx: &mut Ctx, codehash: B256, p: &Program) {
    let _ = ctx.journal_mut().load_account(ARB_WASM);
    let _ = ctx
        .journal_mut()
        .sstore(ARB_WASM, U256::from_be_bytes(codehash.0), p.encode());
}

pub(super) fn slot(ctx: &mut Ctx, key: u64) -> U256 {
    let _ = ctx.journal_mut().load_account(ARB_WASM);
    ctx.journal_mut()
        .sload(ARB_WASM, U256::from(key))
        .map(|s| s.data)
        .unwrap_or_default()
}

pub(super) fn set_slot(ctx: &mut Ctx, key: u64, v: U256) {
    let _ = ctx.journal_mut().load_account(ARB_WASM);
    let _ = ctx.journal_mut().sstore(ARB_WASM, U256::from(key), v);
}

/// Nitro's `ApproxExpBasisPoints(x, 12)`: an approximation of 10⁴·e^(x/10⁴).
pub fn approx_exp_bips(x: u64) -> u64 {
    let b = 10_000u64;
    let accuracy = 12u64;
    let mut res = b + x / accuracy;
    let mut i = accuracy - 1;
    while i > 0 {
        res = b + res.saturating_mul(x) / (i * b);
        i -= 1;
    }
    res
}

/// The data fee for `bytes` of asm at `demand` bytes of outstanding demand (after this
/// activation's own bytes are added): `min_price × e^(demand/inertia) × bytes`.
pub fn data_fee(bytes: u64, demand: u64) -> U256 {
    let exponent = 10_000u64.saturating_mul(demand) / PRICER_INERTIA;
    let multiplier = approx_exp_bips(exponent);
    let per_byte = PRICER_MIN_PRICE.saturating_mul(multiplier) / 10_000;
    U256::from(per_byte.saturating_mul(bytes))
}

/// The data pricer's state at `time` without updating it: (demand after decay).
pub(super) fn pricer_demand(ctx: &mut Ctx, time: u64) -> u64 {
    let demand: u64 = slot(ctx, SLOT_DEMAND).saturating_to();
    let last = slot(ctx, SLOT_LAST_UPDATE).saturating_to::<u64>();
    let last = if last == 0 { ARBITRUM_START_TIME } else { last };
    let passed = time.saturating_sub(last).min(u32::MAX as u64);
    let credit = PRICER_BYTES_PER_SECOND
        .saturating_mul(passed)
        .min(u32::MAX as u64);
    demand.saturating_sub(credit)
}

/// Nitro's `DataPricer.UpdateModel`: decays demand since the last update, adds `bytes`,
/// stores both and returns the fee for `bytes`.
pub(super) fn pricer_update(ctx: &mut Ctx, bytes: u64, time: u64) -> U256 {
    let demand = pricer_demand(ctx, time)
        .saturating_add(bytes)
        .min(u32::MAX as u64);
    set_slot(ctx, SLOT_DEMAND, U256::from(demand));
    set_slot(ctx, SLOT_LAST_UPDATE, U256::from(time));
    data_fee(bytes, demand)
}

/// Code of `a`, read through the journal (warming it).
pub(super) fn code_of(ctx: &mut Ctx, a: Address) -> (Bytes, bool) {
    match ctx.journal_mut().load_account_with_code(a) {
        Ok(acc) => {
            let cold = acc.is_cold;
            let code = acc
                .data
                .info
                .code
                .as_ref()
                .map(|c| c.original_bytes())
                .unwrap_or_default();
            (code, cold)
        }
        Err(_) => (Bytes::new(), false),
    }
}

/// Code of `a` read from the database without touching the journal (no warming, no gas):
/// the devnet's way to reload a fragmented program's wasm it already activated.
pub fn code_untracked(ctx: &mut Ctx, a: Address) -> Bytes {
    use revm::Database;
    if let Some(acc) = ctx.journal_mut().state.get(&a) {
        if let Some(c) = &acc.info.code {
            return c.original_bytes();
        }
    }
    let db = ctx.db_mut();
    match db.basic(a) {
        Ok(Some(info)) => match info.code {
            Some(c) => c.original_bytes(),
            None => db
                .code_by_hash(info.code_hash)
                .map(|c| c.original_bytes())
                .unwrap_or_default(),
        },
        _ => Bytes::new(),
    }
}

/// The wasm of a Stylus program's code: classic decompressed, or a root's fragments
/// joined and decompressed. `read` loads a fragment's code and reports whether it was cold.
/// Returns the wasm and the gas of reading the fragments.
pub fn wasm_of(
    code: &[u8],
    max_fragments: u8,
    read: &mut dyn FnMut(Address) -> (Bytes, bool),
) -> Result<(Vec<u8>, u64), String> {
    if code.len() >= 3 && code[..3] == stylus::STYLUS_PREFIX {
        return stylus::decompress_program(code).map(|w| (w, 0));
    }
    let (dict, len, addrs) = stylus::parse_root(code)?;
    if dict != 0 {
        return Err(format!("unsupported dictionary type: {dict}"));
    }
    if len as usize > stylus::MAX_WASM_SIZE {
        return Err(format!(
            "invalid wasm: decompressedLength {len} is greater then MaxWasmSize {}",
            stylus::MAX_WASM_SIZE
        ));
    }
    if addrs.len() > max_fragments as usize {
        return Err(format!(
            "invalid wasm: fragment count exceeds limit of {max_fragments}"
        ));
    }
    if addrs.is_empty() {
        return Err("invalid wasm: fragment count cannot be zero".into());
    }
    let mut stream = Vec::new();
    let mut gas = 0u64;
    for a in addrs {
        let (frag, cold) = read(Address::from(a));
        gas += if cold { 2_600 } else { 100 } + 3 * words(frag.len());
        if !stylus::is_fragment(&frag) {
            return Err(format!("{} is not a Stylus fragment", Address::from(a)));
        }
        stream.extend_from_slice(&frag[3..]);
    }
    stylus::decompress_exact(&stream, len as usize).map(|w| (w, gas))
}
