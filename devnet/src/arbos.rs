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

use std::cell::Cell;

use revm::context::{ContextTr, JournalTr};
use revm::interpreter::{CallInputs, CallValue, Gas, InstructionResult, InterpreterResult};
use revm::primitives::{address, keccak256, Address, Bytes, Log, LogData, B256, U256};

use crate::activation::{self, ProgramCosts};
use crate::context::Ctx;
use crate::gas::ACTIVATION_BASE_GAS;
use crate::stylus;

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

fn hours_since_arbitrum(time: u64) -> u32 {
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

fn set_program(ctx: &mut Ctx, codehash: B256, p: &Program) {
    let _ = ctx.journal_mut().load_account(ARB_WASM);
    let _ = ctx
        .journal_mut()
        .sstore(ARB_WASM, U256::from_be_bytes(codehash.0), p.encode());
}

fn slot(ctx: &mut Ctx, key: u64) -> U256 {
    let _ = ctx.journal_mut().load_account(ARB_WASM);
    ctx.journal_mut()
        .sload(ARB_WASM, U256::from(key))
        .map(|s| s.data)
        .unwrap_or_default()
}

fn set_slot(ctx: &mut Ctx, key: u64, v: U256) {
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
fn pricer_demand(ctx: &mut Ctx, time: u64) -> u64 {
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
fn pricer_update(ctx: &mut Ctx, bytes: u64, time: u64) -> U256 {
    let demand = pricer_demand(ctx, time)
        .saturating_add(bytes)
        .min(u32::MAX as u64);
    set_slot(ctx, SLOT_DEMAND, U256::from(demand));
    set_slot(ctx, SLOT_LAST_UPDATE, U256::from(time));
    data_fee(bytes, demand)
}

/// Code of `a`, read through the journal (warming it).
fn code_of(ctx: &mut Ctx, a: Address) -> (Bytes, bool) {
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

fn result(result: InstructionResult, limit: u64, used: u64, output: Bytes) -> InterpreterResult {
    let mut gas = Gas::new(limit);
    if result == InstructionResult::OutOfGas || used > limit {
        gas.spend_all();
        return InterpreterResult {
            result: if used > limit {
                InstructionResult::OutOfGas
            } else {
                result
            },
            output: Bytes::new(),
            gas,
        };
    }
    let _ = gas.record_regular_cost(used);
    InterpreterResult {
        result,
        output,
        gas,
    }
}

/// The active program at `codehash`, or the error a call or a view gets.
fn active(ctx: &mut Ctx, codehash: B256, time: u64) -> Result<Program, Bytes> {
    let p = program(ctx, codehash);
    if p.version == 0 {
        return Err(sol_error("ProgramNotActivated()", &[]));
    }
    if p.version != STYLUS_VERSION {
        return Err(sol_error(
            "ProgramNeedsUpgrade(uint16,uint16)",
            &[U256::from(p.version), U256::from(STYLUS_VERSION)],
        ));
    }
    if p.expired(time) {
        return Err(sol_error(
            "ProgramExpired(uint64)",
            &[U256::from(p.age(time))],
        ));
    }
    Ok(p)
}

/// Whether this address is one of the precompiles served here.
pub fn is_precompile(a: &Address) -> bool {
    [
        ARB_WASM,
        ARB_WASM_CACHE,
        ARB_SYS,
        ARB_OWNER_PUBLIC,
        ARB_GAS_INFO,
        NODE_INTERFACE,
    ]
    .contains(a)
}

/// Run one of the ArbOS precompiles. `pages_open` are the transaction's open Stylus pages.
pub fn run(ctx: &mut Ctx, inputs: &CallInputs, pages_open: u32) -> InterpreterResult {
    let input = inputs.input.bytes(ctx);
    let limit = inputs.gas_limit;
    let time: u64 = ctx.block().timestamp.saturating_to();
    let to = inputs.bytecode_address;
    if input.len() < 4 {
        return result(InstructionResult::Revert, limit, 0, Bytes::new());
    }
    let sel: [u8; 4] = input[..4].try_into().expect("4 bytes");
    let args = &input[4..];
    let arg = |i: usize| -> Option<[u8; 32]> {
        args.get(32 * i..32 * (i + 1))
            .map(|s| s.try_into().expect("32 bytes"))
    };
    let addr_arg = |i: usize| arg(i).map(|w| Address::from_slice(&w[12..]));
    // ArbOS state open + argument copy.
    let base = STORAGE_READ + 3 * words(args.len());
    let value = inputs.value.get();
    let payable = matches!(inputs.value, CallValue::Transfer(_));
    let ok = |used: u64, out: Vec<u8>| {
        result(
            InstructionResult::Return,
            limit,
            used + 3 * words(out.len()),
            out.into(),
        )
    };
    let revert = |used: u64, data: Bytes| {
        let n = data.len();
        result(InstructionResult::Revert, limit, used + 3 * words(n), data)
    };
    let is = |sig: &str| sel == selector(sig);
    let u = |v: u64| word(U256::from(v)).to_vec();
    let not_payable = !value.is_zero() && payable;

    if to == ARB_SYS {
        let out = if is("arbBlockNumber()") {
            Some(ctx.block().number)
        } else if is("arbChainID()") {
            Some(U256::from(ctx.cfg().chain_id))
        } else if is("arbOSVersion()") {
            Some(U256::from(55 + ARBOS_VERSION))
        } else {
            None
        };
        return match out {
            Some(v) => ok(base, word(v).to_vec()),
            None => revert(base, Bytes::new()),
        };
    }
    if to == ARB_OWNER_PUBLIC {
        return if is("getMaxStylusContractFragments()") {
            ok(base + 100, u(stylus::MAX_FRAGMENTS as u64))
        } else if is("isChainOwner(address)") {
            match addr_arg(0) {
                Some(a) => ok(base + STORAGE_READ, u((a == CHAIN_OWNER) as u64)),
                None => revert(base, Bytes::new()),
            }
        } else if is("getAllChainOwners()") {
            let mut out = u(32);
            out.extend(u(1));
            out.extend_from_slice(CHAIN_OWNER.into_word().as_slice());
            ok(base + 2 * STORAGE_READ, out)
        } else if is("getNetworkFeeAccount()") || is("getInfraFeeAccount()") {
            ok(
                base + STORAGE_READ,
                NETWORK_FEE_ACCOUNT.into_word().to_vec(),
            )
        } else if is("getBrotliCompressionLevel()") {
            ok(base + STORAGE_READ, u(1))
        } else {
            revert(base, Bytes::new())
        };
    }
    if to == ARB_GAS_INFO || to == NODE_INTERFACE {
        let basefee = ctx.block().basefee;
        let l1 = l1_price();
        let l1_per_byte = l1.saturating_mul(16);
        if to == ARB_GAS_INFO {
            return if is("getPricesInWei()") {
                let total = basefee;
                let mut out = Vec::new();
                for v in [
                    0,
                    l1_per_byte,
                    20_000u64.saturating_mul(total),
                    total,
                    0,
                    total,
                ] {
                    out.extend(u(v));
                }
                ok(base + 4 * STORAGE_READ, out)
            } else if is("getPricesInArbGas()") {
                let per_byte = l1_per_byte.checked_div(basefee).unwrap_or(0);
                let mut out = Vec::new();
                for v in [0, per_byte, 20_000] {
                    out.extend(u(v));
                }
                ok(base + 3 * STORAGE_READ, out)
            } else if is("getL1BaseFeeEstimate()") || is("getL1GasPriceEstimate()") {
                ok(base + STORAGE_READ, u(l1))
            } else if is("getMinimumGasPrice()") {
                ok(base + STORAGE_READ, u(basefee))
            } else if is("getCurrentTxL1GasFees()") {
                ok(base, u(0))
            } else if is("getGasAccountingParams()") {
                let mut out = Vec::new();
                for v in [7_000_000u64, 32_000_000, 32_000_000] {
                    out.extend(u(v));
                }
                ok(base + 3 * STORAGE_READ, out)
            } else {
                revert(base, Bytes::new())
            };
        }
        // NodeInterface.
        return if is("gasEstimateL1Component(address,bool,bytes)") {
            // Poster gas for `data`: the brotli-compressed size (units of 16 per byte)
            // times the L1 price, in L2 gas at this base fee.
            let data = decode_bytes(args, 2).unwrap_or_default();
            let l1_gas = poster_gas(&data, basefee, l1);
            let mut out = u(l1_gas);
            out.extend(u(basefee));
            out.extend(u(l1));
            ok(base, out)
        } else if is("nitroGenesisBlock()") {
            ok(base, u(0))
        } else {
            revert(base, Bytes::new())
        };
    }
    if to == ARB_WASM_CACHE {
        let caller = inputs.caller;
        if is("isCacheManager(address)") {
            return ok(base + STORAGE_READ, u(0));
        }
        if is("allCacheManagers()") {
            let mut out = u(32);
            out.extend(u(0));
            return ok(base + STORAGE_READ, out);
        }
        if is("codehashIsCached(bytes32)") {
            return match arg(0) {
                Some(h) => ok(
                    base + STORAGE_READ,
                    u(program(ctx, B256::from(h)).cached as u64),
                ),
                None => revert(base, Bytes::new()),
            };
        }
        let (hash, cache) = if is("cacheProgram(address)") {
            let Some(a) = addr_arg(0) else {
                return revert(base, Bytes::new());
            };
            let (code, _) = code_of(ctx, a);
            (keccak256(&code), true)
        } else if is("cacheCodehash(bytes32)") || is("evictCodehash(bytes32)") {
            let Some(h) = arg(0) else {
                return revert(base, Bytes::new());
            };
            (B256::from(h), is("cacheCodehash(bytes32)"))
        } else {
            return revert(base, Bytes::new());
        };
        if inputs.is_static || not_payable {
            return revert(base, Bytes::new());
        }
        // Only cache managers and chain owners; anyone else loses all the gas given.
        if caller != CHAIN_OWNER {
            return result(InstructionResult::OutOfGas, limit, limit, Bytes::new());
        }
        let mut gas = base + 2 * STORAGE_READ + 100 + STORAGE_READ;
        let mut p = program(ctx, hash);
        if p.version != STYLUS_VERSION && cache {
            return revert(
                gas,
                sol_error(
                    "ProgramNeedsUpgrade(uint16,uint16)",
                    &[U256::from(p.version), U256::from(STYLUS_VERSION)],
                ),
            );
        }
        if p.expired(time) && cache {
            return revert(
                gas,
                sol_error("ProgramExpired(uint64)", &[U256::from(p.age(time))]),
            );
        }
        if p.cached == cache {
            return ok(gas, Vec::new());
        }
        // Event, then the cost of (re)caching: the module's init cost, then the record.
        let topic0 = keccak256("UpdateProgramCache(address,bytes32,bool)");
        ctx.journal_mut().log(Log {
            address: ARB_WASM_CACHE,
            data: LogData::new_unchecked(
                vec![topic0, caller.into_word(), hash],
                word(U256::from(cache as u8)).to_vec().into(),
            ),
        });
        gas += 375 + 3 * 375 + 8 * 32 + p.init_cost as u64 + STORAGE_READ + STORAGE_WRITE;
        p.cached = cache;
        set_program(ctx, hash, &p);
        return ok(gas, Vec::new());
    }
    // ArbWasm.
    let params_gas = base + 100;
    if is("activateProgram(address)") {
        if inputs.is_static {
            return revert(base, Bytes::new());
        }
        let Some(a) = addr_arg(0) else {
            return revert(base, Bytes::new());
        };
        let caller = inputs.caller;
        return match activate(ctx, a, value, ARB_WASM, caller, true, pages_open, time) {
            Ok(done) => {
                let mut out = u(done.version as u64);
                out.extend(word(done.data_fee));
                result(InstructionResult::Return, limit, done.gas, out.into())
            }
            Err(f) if f.burn_all => result(InstructionResult::OutOfGas, limit, limit, Bytes::new()),
            Err(f) => result(InstructionResult::Revert, limit, f.gas, f.data),
        };
    }
    if is("codehashKeepalive(bytes32)") {
        if inputs.is_static {
            return revert(base, Bytes::new());
        }
        let Some(h) = arg(0) else {
            return revert(base, Bytes::new());
        };
        let hash = B256::from(h);
        let gas = params_gas + STORAGE_READ;
        let mut p = match active(ctx, hash, time) {
            Ok(p) => p,
            Err(e) => return revert(gas, e),
        };
        if p.age(time) < KEEPALIVE_DAYS * 86_400 {
            return revert(
                gas,
                sol_error(
                    "ProgramKeepaliveTooSoon(uint64)",
                    &[U256::from(p.age(time))],
                ),
            );
        }
        let fee = pricer_update(ctx, p.asm_estimate_kb as u64 * 1024, time);
        let gas = gas + 5 * STORAGE_READ + 2 * STORAGE_WRITE + STORAGE_WRITE + STORAGE_READ;
        if value < fee {
            return revert(
                gas,
                sol_error("ProgramInsufficientValue(uint256,uint256)", &[value, fee]),
            );
        }
        p.activated_at = hours_since_arbitrum(time);
        set_program(ctx, hash, &p);
        let caller = inputs.caller;
        let j = ctx.journal_mut();
        let _ = j.load_account(NETWORK_FEE_ACCOUNT);
        let _ = j.load_account(caller);
        if !fee.is_zero() {
            let _ = j.transfer(ARB_WASM, NETWORK_FEE_ACCOUNT, fee);
        }
        let excess = value.saturating_sub(fee);
        if !excess.is_zero() {
            let _ = j.transfer(ARB_WASM, caller, excess);
        }
        let topic0 = keccak256("ProgramLifetimeExtended(bytes32,uint256)");
        ctx.journal_mut().log(Log {
            address: ARB_WASM,
            data: LogData::new_unchecked(vec![topic0, hash], word(fee).to_vec().into()),
        });
        return ok(gas + 375 + 2 * 375 + 8 * 32, Vec::new());
    }
    if not_payable {
        return revert(base, Bytes::new());
    }
    if is("stylusVersion()") {
        return ok(params_gas, u(STYLUS_VERSION as u64));
    }
    if is("inkPrice()") {
        return ok(params_gas, u(INK_PRICE));
    }
    if is("maxStackDepth()") {
        return ok(params_gas, u(activation::MAX_STACK_DEPTH as u64));
    }
    if is("freePages()") {
        return ok(params_gas, u(crate::gas::FREE_PAGES as u64));
    }
    if is("pageGas()") {
        return ok(params_gas, u(crate::gas::PAGE_GAS));
    }
    if is("pageRamp()") {
        return ok(params_gas, u(620_674_314));
    }
    if is("pageLimit()") {
        return ok(params_gas, u(activation::PAGE_LIMIT as u64));
    }
    if is("minInitGas()") {
        let mut out = u(69 * 128);
        out.extend(u(11 * 32));
        return ok(params_gas, out);
    }
    if is("initCostScalar()") {
        return ok(params_gas, u(100));
    }
    if is("expiryDays()") {
        return ok(params_gas, u(EXPIRY_DAYS));
    }
    if is("keepaliveDays()") {
        return ok(params_gas, u(KEEPALIVE_DAYS));
    }
    if is("blockCacheSize()") {
        return ok(params_gas, u(BLOCK_CACHE_SIZE as u64));
    }
    if is("activationGas()") {
        return ok(base + STORAGE_READ, u(0));
    }
    let by_hash = is("codehashVersion(bytes32)") || is("codehashAsmSize(bytes32)");
    let by_addr = is("programVersion(address)")
        || is("programInitGas(address)")
        || is("programMemoryFootprint(address)")
        || is("programTimeLeft(address)");
    if by_hash || by_addr {
        let mut gas = params_gas + STORAGE_READ;
        let hash = if by_hash {
            match arg(0) {
                Some(h) => B256::from(h),
                None => return revert(base, Bytes::new()),
            }
        } else {
            let Some(a) = addr_arg(0) else {
                return revert(base, Bytes::new());
            };
            gas += 2_600;
            keccak256(code_of(ctx, a).0)
        };
        let p = match active(ctx, hash, time) {
            Ok(p) => p,
            Err(e) => return revert(gas, e),
        };
        let out = if is("codehashVersion(bytes32)") || is("programVersion(address)") {
            u(p.version as u64)
        } else if is("codehashAsmSize(bytes32)") {
            u(p.asm_estimate_kb as u64 * 1024)
        } else if is("programMemoryFootprint(address)") {
            u(p.footprint as u64)
        } else if is("programTimeLeft(address)") {
            u((EXPIRY_DAYS * 86_400).saturating_sub(p.age(time)))
        } else {
            // Stylus v2: the init gas reported includes the cached gas every call pays.
            let mut out = u(p.init_gas() + p.cached_gas());
            out.extend(u(p.cached_gas()));
            out
        };
        return ok(gas, out);
    }
    revert(base, Bytes::new())
}

fn decode_bytes(args: &[u8], index: usize) -> Option<Vec<u8>> {
    let off: usize = U256::from_be_slice(args.get(32 * index..32 * index + 32)?)
        .try_into()
        .ok()?;
    let len: usize = U256::from_be_slice(args.get(off..off + 32)?)
        .try_into()
        .ok()?;
    args.get(off + 32..off + 32 + len).map(|s| s.to_vec())
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
