//! Stylus program format, activation-time validation and load-time ink metering.
//!
//! Deployed code of a Stylus program is `EF F0 00` + a dictionary byte (`00`) +
//! brotli-compressed wasm. Activation (through the ArbWasm precompile) validates the
//! wasm the way Nitro does (size limits, allowed features, known imports, required
//! exports) and records the program. When a program is called, its wasm is
//! instrumented once (per code hash) with per-basic-block ink charges and compiled by
//! wasmi.

use std::collections::HashMap;

use wasm_encoder::reencode::{Reencode, RoundtripReencoder};
use wasmparser::{Operator, Parser, Payload, ValType};

/// First three bytes of every classic Stylus program's deployed code.
pub const STYLUS_PREFIX: [u8; 3] = [0xEF, 0xF0, 0x00];
/// First three bytes of a fragment of a fragmented program (ArbOS ≥ 60).
pub const FRAGMENT_PREFIX: [u8; 3] = [0xEF, 0xF0, 0x01];
/// First three bytes of the root of a fragmented program (ArbOS ≥ 60).
pub const ROOT_PREFIX: [u8; 3] = [0xEF, 0xF0, 0x02];
/// Largest decompressed wasm accepted at activation (Nitro: 128 KiB).
pub const MAX_WASM_SIZE: usize = 128 * 1024;
/// Largest deployed code of one contract (EIP-170 as configured on Arbitrum: 24 KiB).
pub const MAX_CODE_SIZE: usize = 24_576;
/// Most fragments a root program may name on this devnet. Nitro's initial value is 2;
/// Arbitrum One allows 96 KB of compressed program (4 × 24 KB), so the devnet defaults
/// to 4 (`ArbOwnerPublic.getMaxStylusContractFragments`).
pub const MAX_FRAGMENTS: u8 = 4;
/// Most wasm pages a program may declare as its initial memory (Nitro: 128 pages = 8 MiB).
pub const MAX_PAGES: u32 = 128;
/// Name of the exported global the metering pass adds; holds the ink left.
pub const INK_GLOBAL: &str = "stylus_ink_left";
/// Name of the exported global set to 1 when a block could not pay its ink.
pub const INK_STATUS_GLOBAL: &str = "stylus_ink_status";

/// Whether `code` is a callable Stylus program: classic (`EF F0 00` + dictionary +
/// brotli) or the root of a fragmented one (`EF F0 02` + dictionary + length + addresses).
pub fn is_stylus(code: &[u8]) -> bool {
    code.len() >= 4 && (code[..3] == STYLUS_PREFIX || code[..3] == ROOT_PREFIX)
}

/// Whether `code` is a fragment of a fragmented program (`EF F0 01`).
pub fn is_fragment(code: &[u8]) -> bool {
    code.len() >= 3 && code[..3] == FRAGMENT_PREFIX
}

/// The parts of a root program's code: (dictionary, decompressed length, fragment addresses).
pub fn parse_root(code: &[u8]) -> Result<(u8, u32, Vec<[u8; 20]>), String> {
    if code.len() < 8 || code[..3] != ROOT_PREFIX {
        return Err("code is not a Stylus root program".into());
    }
    let dict = code[3];
    let len = u32::from_be_bytes([code[4], code[5], code[6], code[7]]);
    let rest = &code[8..];
    if !rest.len().is_multiple_of(20) {
        return Err("invalid root program: fragment addresses are not 20-byte aligned".into());
    }
    let addrs = rest
        .chunks_exact(20)
        .map(|c| {
            let mut a = [0u8; 20];
            a.copy_from_slice(c);
            a
        })
        .collect();
    Ok((dict, len, addrs))
}

/// The root program code naming `fragments`, for `wasm_len` bytes of decompressed wasm.
pub fn root_code(wasm_len: u32, fragments: &[[u8; 20]]) -> Vec<u8> {
    let mut code = vec![0xEF, 0xF0, 0x02, 0x00];
    code.extend_from_slice(&wasm_len.to_be_bytes());
    for f in fragments {
        code.extend_from_slice(f);
    }
    code
}

/// Split `wasm`'s brotli stream into fragment codes (`EF F0 01` + chunk), each at most
/// [`MAX_CODE_SIZE`] bytes, in the format cargo-stylus deploys.
pub fn fragment_codes(wasm: &[u8]) -> Vec<Vec<u8>> {
    let compressed = compress_program(wasm);
    compressed[4..]
        .chunks(MAX_CODE_SIZE - FRAGMENT_PREFIX.len())
        .map(|c| {
            let mut code = FRAGMENT_PREFIX.to_vec();
            code.extend_from_slice(c);
            code
        })
        .collect()
}

/// Decompress a brotli stream to exactly `len` bytes (at most [`MAX_WASM_SIZE`]).
pub fn decompress_exact(stream: &[u8], len: usize) -> Result<Vec<u8>, String> {
    use std::io::Read;
    if len > MAX_WASM_SIZE {
        return Err(format!(
            "invalid wasm: decompressedLength {len} is greater then MaxWasmSize {MAX_WASM_SIZE}"
        ));
    }
    let mut out = Vec::new();
    brotli::Decompressor::new(stream, 4096)
        .take(len as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("brotli decompression failed: {e}"))?;
    if out.len() != len {
        return Err(format!(
            "invalid wasm: decompressed length {} does not match expected length {len}",
            out.len()
        ));
    }
    Ok(out)
}

/// Deployed code for `wasm`: the Stylus prefix, dictionary byte 0 and brotli (quality 11).
pub fn compress_program(wasm: &[u8]) -> Vec<u8> {
    let mut out = vec![0xEF, 0xF0, 0x00, 0x00];
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    let mut input = wasm;
    brotli::BrotliCompress(&mut input, &mut out, &params).expect("brotli to memory");
    out
}

/// Inverse of [`compress_program`], refusing output larger than [`MAX_WASM_SIZE`].
pub fn decompress_program(code: &[u8]) -> Result<Vec<u8>, String> {
    if !is_stylus(code) {
        return Err("code is not a Stylus program (missing EF F0 00 prefix)".into());
    }
    if code[..3] != STYLUS_PREFIX {
        return Err("a fragmented program's wasm is read through its fragments".into());
    }
    if code[3] != 0 {
        return Err(format!("unsupported Stylus dictionary {}", code[3]));
    }
    use std::io::Read;
    let mut out = Vec::new();
    let reader = brotli::Decompressor::new(&code[4..], 4096);
    reader
        .take(MAX_WASM_SIZE as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("brotli decompression failed: {e}"))?;
    if out.len() > MAX_WASM_SIZE {
        return Err(format!("wasm larger than {MAX_WASM_SIZE} bytes"));
    }
    Ok(out)
}

/// EVM initcode that deploys `code` unchanged (works for Stylus and EVM code).
pub fn deploy_initcode_for_code(code: &[u8]) -> Vec<u8> {
    let len = code.len() as u32;
    let mut init = vec![0x63];
    init.extend_from_slice(&len.to_be_bytes()); // PUSH4 len
    init.extend_from_slice(&[0x80, 0x60, 14, 0x60, 0x00, 0x39, 0x60, 0x00, 0xF3]);
    debug_assert_eq!(init.len(), 14);
    init.extend_from_slice(code);
    init
}

/// EVM initcode that deploys `wasm` as a Stylus program (prefix + brotli).
pub fn deploy_initcode(wasm: &[u8]) -> Vec<u8> {
    deploy_initcode_for_code(&compress_program(wasm))
}

/// Signature of a host import: (params, results), all i32/i64.
type Sig = (&'static [ValType], &'static [ValType]);

const I: ValType = ValType::I32;
const L: ValType = ValType::I64;

/// Every `vm_hooks` import a Stylus program may use, with its signature.
pub fn vm_hooks_signatures() -> HashMap<&'static str, Sig> {
    let list: &[(&str, Sig)] = &[
        ("read_args", (&[I], &[])),
        ("write_result", (&[I, I], &[])),
        ("exit_early", (&[I], &[])),
        ("storage_load_bytes32", (&[I, I], &[])),
        ("storage_cache_bytes32", (&[I, I], &[])),
        ("storage_flush_cache", (&[I], &[])),
        ("transient_load_bytes32", (&[I, I], &[])),
        ("transient_store_bytes32", (&[I, I], &[])),
        ("call_contract", (&[I, I, I, I, L, I], &[I])),
        ("delegate_call_contract", (&[I, I, I, L, I], &[I])),
        ("static_call_contract", (&[I, I, I, L, I], &[I])),
        ("create1", (&[I, I, I, I, I], &[])),
        ("create2", (&[I, I, I, I, I, I], &[])),
        ("read_return_data", (&[I, I, I], &[I])),
        ("return_data_size", (&[], &[I])),
        ("emit_log", (&[I, I, I], &[])),
        ("account_balance", (&[I, I], &[])),
        ("account_code", (&[I, I, I, I], &[I])),
        ("account_code_size", (&[I], &[I])),
        ("account_codehash", (&[I, I], &[])),
        ("evm_gas_left", (&[], &[L])),
        ("evm_ink_left", (&[], &[L])),
        ("block_basefee", (&[I], &[])),
        ("chainid", (&[], &[L])),
        ("block_coinbase", (&[I], &[])),
        ("block_gas_limit", (&[], &[L])),
        ("block_number", (&[], &[L])),
        ("block_timestamp", (&[], &[L])),
        ("contract_address", (&[I], &[])),
        ("math_div", (&[I, I], &[])),
        ("math_mod", (&[I, I], &[])),
        ("math_pow", (&[I, I], &[])),
        ("math_add_mod", (&[I, I, I], &[])),
        ("math_mul_mod", (&[I, I, I], &[])),
        ("msg_reentrant", (&[], &[I])),
        ("msg_sender", (&[I], &[])),
        ("msg_value", (&[I], &[])),
        ("native_keccak256", (&[I, I, I], &[])),
        ("tx_gas_price", (&[I], &[])),
        ("tx_ink_price", (&[], &[I])),
        ("tx_origin", (&[I], &[])),
        ("pay_for_memory_grow", (&[I], &[])),
    ];
    list.iter().cloned().collect()
}

/// Debug-only `console` imports (accepted: the devnet is a debug chain, like the Nitro dev node).
pub fn console_signatures() -> HashMap<&'static str, Sig> {
    let list: &[(&str, Sig)] = &[
        ("log_i32", (&[I], &[])),
        ("log_i64", (&[L], &[])),
        ("log_txt", (&[I, I], &[])),
    ];
    list.iter().cloned().collect()
}

/// Validate and cost a decompressed wasm as ArbOS 61 activates it (see
/// [`crate::activation::analyze`]), checking its imports against the host.
pub fn validate_wasm(wasm: &[u8]) -> Result<crate::activation::ProgramCosts, String> {
    validate_wasm_with(wasm, crate::activation::PAGE_LIMIT)
}

/// [`validate_wasm`] with `page_limit` pages left in the transaction.
pub fn validate_wasm_with(
    wasm: &[u8],
    page_limit: u16,
) -> Result<crate::activation::ProgramCosts, String> {
    if wasm.len() > MAX_WASM_SIZE {
        return Err(format!("wasm larger than {MAX_WASM_SIZE} bytes"));
    }
    let hooks = vm_hooks_signatures();
    let console = console_signatures();
    let known = |m: &str, n: &str, p: &[ValType], r: &[ValType]| -> Result<(), String> {
        let table = match m {
            "vm_hooks" => &hooks,
            "console" => &console,
            m => return Err(format!("unknown import module {m}")),
        };
        let Some((tp, tr)) = table.get(n) else {
            return Err(format!("unknown import {m}.{n}"));
        };
        if p != *tp || r != *tr {
            return Err(format!("import {m}.{n} has the wrong signature"));
        }
        Ok(())
    };
    crate::activation::analyze(wasm, crate::activation::ARBOS_VERSION, page_limit, &known)
}

/// Ink charged at the start of every basic block on top of its operators.
pub const BLOCK_HEADER_INK: u64 = crate::activation::INK_HEADER;
/// Name of the exported global the depth pass adds; holds the stack space left (words).
pub const STACK_GLOBAL: &str = "stylus_stack_left";

use crate::activation::{ends_basic_block as ends_block, op_ink};

struct Meter {
    ink: u32,
    status: u32,
    scratch: u32,
    depth: u32,
    types: Vec<usize>, // params count per type index
    frames: Vec<u32>,
    pay: Option<u32>,
    func: usize,
    added_globals: bool,
    added_exports: bool,
}

impl Meter {
    fn add_globals(&mut self, globals: &mut wasm_encoder::GlobalSection) {
        let g = |t: wasm_encoder::ValType| wasm_encoder::GlobalType {
            val_type: t,
            mutable: true,
            shared: false,
        };
        globals.global(
            g(wasm_encoder::ValType::I64),
            &wasm_encoder::ConstExpr::i64_const(0),
        );
        globals.global(
            g(wasm_encoder::ValType::I32),
            &wasm_encoder::ConstExpr::i32_const(0),
        );
        globals.global(
            g(wasm_encoder::ValType::I32),
            &wasm_encoder::ConstExpr::i32_const(0),
        );
        globals.global(
            g(wasm_encoder::ValType::I32),
            &wasm_encoder::ConstExpr::i32_const(crate::activation::MAX_STACK_DEPTH as i32),
        );
        self.added_globals = true;
    }
    fn add_exports(&mut self, exports: &mut wasm_encoder::ExportSection) {
        exports.export(INK_GLOBAL, wasm_encoder::ExportKind::Global, self.ink);
        exports.export(
            INK_STATUS_GLOBAL,
            wasm_encoder::ExportKind::Global,
            self.status,
        );
        exports.export(STACK_GLOBAL, wasm_encoder::ExportKind::Global, self.depth);
        self.added_exports = true;
    }
    fn charge(&self, f: &mut wasm_encoder::Function, cost: u64) {
        use wasm_encoder::Instruction as In;
        let cost = cost as i64;
        f.instruction(&In::GlobalGet(self.ink));
        f.instruction(&In::I64Const(cost));
        f.instruction(&In::I64LtU);
        f.instruction(&In::If(wasm_encoder::BlockType::Empty));
        f.instruction(&In::I32Const(1));
        f.instruction(&In::GlobalSet(self.status));
        f.instruction(&In::Unreachable);
        f.instruction(&In::End);
        f.instruction(&In::GlobalGet(self.ink));
        f.instruction(&In::I64Const(cost));
        f.instruction(&In::I64Sub);
        f.instruction(&In::GlobalSet(self.ink));
    }
    /// Nitro's dynamic meter: `memory.fill`/`memory.copy` pay 100 ink per byte first.
    fn charge_bytes(&self, f: &mut wasm_encoder::Function) {
        use wasm_encoder::Instruction as In;
        f.instruction(&In::GlobalSet(self.scratch));
        f.instruction(&In::GlobalGet(self.ink));
        f.instruction(&In::GlobalGet(self.ink));
        f.instruction(&In::GlobalGet(self.scratch));
        f.instruction(&In::I64ExtendI32U);
        f.instruction(&In::I64Const(crate::activation::MEMORY_BYTE_INK as i64));
        f.instruction(&In::I64Mul);
        f.instruction(&In::I64Sub);
        f.instruction(&In::GlobalSet(self.ink));
        f.instruction(&In::GlobalGet(self.ink));
        f.instruction(&In::I64LtU);
        f.instruction(&In::If(wasm_encoder::BlockType::Empty));
        f.instruction(&In::I32Const(1));
        f.instruction(&In::GlobalSet(self.status));
        f.instruction(&In::Unreachable);
        f.instruction(&In::End);
        f.instruction(&In::GlobalGet(self.scratch));
    }
    /// Nitro's heap bound: every `memory.grow` first pays through `pay_for_memory_grow`.
    fn pay_grow(&self, f: &mut wasm_encoder::Function, pay: u32) {
        use wasm_encoder::Instruction as In;
        f.instruction(&In::GlobalSet(self.scratch));
        f.instruction(&In::GlobalGet(self.scratch));
        f.instruction(&In::GlobalGet(self.scratch));
        f.instruction(&In::Call(pay));
    }
    /// Nitro's depth checker: entering a function takes its frame from the stack budget.
    fn enter(&self, f: &mut wasm_encoder::Function, size: u32) {
        use wasm_encoder::Instruction as In;
        f.instruction(&In::GlobalGet(self.depth));
        f.instruction(&In::I32Const(size as i32));
        f.instruction(&In::I32LeU);
        f.instruction(&In::If(wasm_encoder::BlockType::Empty));
        f.instruction(&In::I32Const(0));
        f.instruction(&In::GlobalSet(self.depth));
        f.instruction(&In::Unreachable);
        f.instruction(&In::End);
        f.instruction(&In::GlobalGet(self.depth));
        f.instruction(&In::I32Const(size as i32));
        f.instruction(&In::I32Sub);
        f.instruction(&In::GlobalSet(self.depth));
    }
    /// Returning gives the frame back.
    fn leave(&self, f: &mut wasm_encoder::Function, size: u32) {
        use wasm_encoder::Instruction as In;
        f.instruction(&In::GlobalGet(self.depth));
        f.instruction(&In::I32Const(size as i32));
        f.instruction(&In::I32Add);
        f.instruction(&In::GlobalSet(self.depth));
    }
}

impl Reencode for Meter {
    type Error = std::convert::Infallible;

    fn parse_global_section(
        &mut self,
        globals: &mut wasm_encoder::GlobalSection,
        section: wasmparser::GlobalSectionReader<'_>,
    ) -> Result<(), wasm_encoder::reencode::Error<Self::Error>> {
        wasm_encoder::reencode::utils::parse_global_section(self, globals, section)?;
        self.add_globals(globals);
        Ok(())
    }

    fn parse_export_section(
        &mut self,
        exports: &mut wasm_encoder::ExportSection,
        section: wasmparser::ExportSectionReader<'_>,
    ) -> Result<(), wasm_encoder::reencode::Error<Self::Error>> {
        wasm_encoder::reencode::utils::parse_export_section(self, exports, section)?;
        self.add_exports(exports);
        Ok(())
    }

    fn intersperse_section_hook(
        &mut self,
        module: &mut wasm_encoder::Module,
        _after: Option<wasm_encoder::SectionId>,
        before: Option<wasm_encoder::SectionId>,
    ) -> Result<(), wasm_encoder::reencode::Error<Self::Error>> {
        let pos = |s: Option<wasm_encoder::SectionId>| match s {
            None => 100u8,
            Some(s) => s as u8,
        };
        let b = pos(before);
        // Section order: ... memory(5), tag(13), global(6), export(7), start(8), element(9),
        // datacount(12), code(10), data(11).
        let order = |id: u8| -> u8 {
            match id {
                13 => 5,
                12 => 9,
                5 => 4,
                9 => 8,
                x => x,
            }
        };
        if !self.added_globals && b != 6 && order(b) > 6 {
            let mut g = wasm_encoder::GlobalSection::new();
            self.add_globals(&mut g);
            module.section(&g);
        }
        if !self.added_exports && b != 7 && order(b) > 7 {
            let mut e = wasm_encoder::ExportSection::new();
            self.add_exports(&mut e);
            module.section(&e);
        }
        Ok(())
    }

    fn parse_function_body(
        &mut self,
        code: &mut wasm_encoder::CodeSection,
        func: wasmparser::FunctionBody<'_>,
    ) -> Result<(), wasm_encoder::reencode::Error<Self::Error>> {
        let mut f = self.new_function_with_parsed_locals(&func)?;
        let frame = self.frames.get(self.func).copied().unwrap_or(0);
        self.func += 1;
        // Pass 1: the ink of every basic block (saturating: an unpriced operator makes
        // its block cost u64::MAX, so it can never run).
        let mut costs = Vec::new();
        let mut reader = func.get_operators_reader()?;
        let mut cost = BLOCK_HEADER_INK;
        let mut open = false;
        while !reader.eof() {
            let op = reader.read()?;
            cost = cost.saturating_add(op_ink(&op, &self.types));
            open = true;
            if ends_block(&op) {
                costs.push(cost);
                cost = BLOCK_HEADER_INK;
                open = false;
            }
        }
        if open {
            costs.push(cost);
        }
        // Pass 2: emit the depth prologue, then each block's ink charge and its operators.
        self.enter(&mut f, frame);
        let mut reader = func.get_operators_reader()?;
        let mut next = 0usize;
        let mut at_start = true;
        while !reader.eof() {
            let op = reader.read()?;
            if at_start {
                self.charge(&mut f, costs[next]);
                next += 1;
                at_start = false;
            }
            let end = ends_block(&op);
            match &op {
                Operator::MemoryFill { .. } | Operator::MemoryCopy { .. } => {
                    self.charge_bytes(&mut f)
                }
                Operator::MemoryGrow { .. } => {
                    if let Some(pay) = self.pay {
                        self.pay_grow(&mut f, pay);
                    }
                }
                Operator::Return => self.leave(&mut f, frame),
                Operator::End if reader.eof() => {
                    self.leave(&mut f, frame);
                    f.instruction(&wasm_encoder::Instruction::Return);
                }
                _ => {}
            }
            let ins = self.instruction(op)?;
            f.instruction(&ins);
            if end {
                at_start = true;
            }
        }
        code.function(&f);
        Ok(())
    }
}

/// Instrument a validated wasm as Nitro does: per-basic-block ink charges, per-byte
/// charges for `memory.fill`/`memory.copy`, `memory.grow` paid through
/// `pay_for_memory_grow`, and per-function stack-frame accounting against
/// [`crate::activation::MAX_STACK_DEPTH`]. The returned module exports three extra
/// globals: [`INK_GLOBAL`] (i64, ink left), [`INK_STATUS_GLOBAL`] (i32, 1 after running
/// out of ink) and [`STACK_GLOBAL`] (i32, 0 after running out of stack).
pub fn instrument(wasm: &[u8]) -> Result<Vec<u8>, String> {
    let costs = validate_wasm(wasm)?;
    instrument_with(wasm, &costs)
}

/// [`instrument`] with the activation's analysis already at hand.
pub fn instrument_with(
    wasm: &[u8],
    costs: &crate::activation::ProgramCosts,
) -> Result<Vec<u8>, String> {
    let mut globals = 0u32;
    let mut types = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        match payload.map_err(|e| e.to_string())? {
            Payload::ImportSection(r) => {
                for imp in r.into_imports() {
                    if let wasmparser::TypeRef::Global(_) = imp.map_err(|e| e.to_string())?.ty {
                        globals += 1;
                    }
                }
            }
            Payload::GlobalSection(r) => globals += r.count(),
            Payload::TypeSection(r) => {
                for ty in r.into_iter_err_on_gc_types() {
                    types.push(ty.map_err(|e| e.to_string())?.params().len());
                }
            }
            _ => {}
        }
    }
    let mut meter = Meter {
        ink: globals,
        status: globals + 1,
        scratch: globals + 2,
        depth: globals + 3,
        types,
        frames: costs.frames.clone(),
        pay: costs.pay_for_memory_grow,
        func: 0,
        added_globals: false,
        added_exports: false,
    };
    let mut module = wasm_encoder::Module::new();
    meter
        .parse_core_module(&mut module, Parser::new(0), wasm)
        .map_err(|e| format!("metering failed: {e:?}"))?;
    let _ = RoundtripReencoder;
    Ok(module.finish())
}
