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
use wasmparser::{Operator, Parser, Payload, ValType, Validator, WasmFeatures};

/// First three bytes of every Stylus program's deployed code.
pub const STYLUS_PREFIX: [u8; 3] = [0xEF, 0xF0, 0x00];
/// Largest decompressed wasm accepted at activation (Nitro: 128 KiB).
pub const MAX_WASM_SIZE: usize = 128 * 1024;
/// Largest deployed code (EIP-170 as configured on Arbitrum: 24 KiB).
pub const MAX_CODE_SIZE: usize = 24_576;
/// Most wasm pages a program may declare as its initial memory (Nitro: 128 pages = 8 MiB).
pub const MAX_PAGES: u32 = 128;
/// Name of the exported global the metering pass adds; holds the ink left.
pub const INK_GLOBAL: &str = "stylus_ink_left";
/// Name of the exported global set to 1 when a block could not pay its ink.
pub const INK_STATUS_GLOBAL: &str = "stylus_ink_status";

/// Whether `code` is a Stylus program (starts with `EF F0 00`).
pub fn is_stylus(code: &[u8]) -> bool {
    code.len() >= 4 && code[..3] == STYLUS_PREFIX
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

/// Facts about a validated program, recorded at activation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgramInfo {
    /// Initial memory pages (the program's footprint).
    pub footprint: u16,
    /// Decompressed wasm size.
    pub wasm_size: u32,
    /// Gas charged on a call when the program is not recently used.
    pub init_gas: u64,
    /// Gas charged on a call when the program was used earlier in the same block.
    pub cached_gas: u64,
}

/// Wasm features Nitro accepts: the MVP without floats, plus mutable globals,
/// sign extension, multi-value, bulk memory and (for modern LLVM output) the
/// reference-types encoding of `call_indirect`.
pub fn allowed_features() -> WasmFeatures {
    WasmFeatures::MUTABLE_GLOBAL
        | WasmFeatures::SIGN_EXTENSION
        | WasmFeatures::MULTI_VALUE
        | WasmFeatures::BULK_MEMORY
        | WasmFeatures::REFERENCE_TYPES
        | WasmFeatures::GC_TYPES
}

/// Validate a decompressed wasm as activation does; returns its facts or the reason for rejection.
pub fn validate_wasm(wasm: &[u8]) -> Result<ProgramInfo, String> {
    if wasm.len() > MAX_WASM_SIZE {
        return Err(format!("wasm larger than {MAX_WASM_SIZE} bytes"));
    }
    let mut validator = Validator::new_with_features(allowed_features());
    validator
        .validate_all(wasm)
        .map_err(|e| format!("invalid wasm: {e}"))?;
    let hooks = vm_hooks_signatures();
    let console = console_signatures();
    let mut types: Vec<(Vec<ValType>, Vec<ValType>)> = Vec::new();
    let mut func_types: Vec<u32> = Vec::new();
    let mut imported_funcs = 0u32;
    let mut footprint: Option<u32> = None;
    let mut has_entry = false;
    let mut has_memory_export = false;
    let mut entry_index = None;
    for payload in Parser::new(0).parse_all(wasm) {
        match payload.map_err(|e| e.to_string())? {
            Payload::TypeSection(reader) => {
                for ty in reader.into_iter_err_on_gc_types() {
                    let ty = ty.map_err(|e| e.to_string())?;
                    types.push((ty.params().to_vec(), ty.results().to_vec()));
                }
            }
            Payload::ImportSection(reader) => {
                for imp in reader.into_imports() {
                    let imp = imp.map_err(|e| e.to_string())?;
                    let wasmparser::TypeRef::Func(ti) = imp.ty else {
                        return Err(format!(
                            "import {}.{} is not a function",
                            imp.module, imp.name
                        ));
                    };
                    let table = match imp.module {
                        "vm_hooks" => &hooks,
                        "console" => &console,
                        m => return Err(format!("unknown import module {m}")),
                    };
                    let Some((p, r)) = table.get(imp.name) else {
                        return Err(format!("unknown import {}.{}", imp.module, imp.name));
                    };
                    let (tp, tr) = &types[ti as usize];
                    if tp.as_slice() != *p || tr.as_slice() != *r {
                        return Err(format!(
                            "import {}.{} has the wrong signature",
                            imp.module, imp.name
                        ));
                    }
                    imported_funcs += 1;
                }
            }
            Payload::FunctionSection(reader) => {
                for f in reader {
                    func_types.push(f.map_err(|e| e.to_string())?);
                }
            }
            Payload::MemorySection(reader) => {
                for m in reader {
                    let m = m.map_err(|e| e.to_string())?;
                    if footprint.is_some() {
                        return Err("multiple memories".into());
                    }
                    footprint = Some(m.initial as u32);
                }
            }
            Payload::StartSection { .. } => return Err("start functions are not allowed".into()),
            Payload::ExportSection(reader) => {
                for e in reader {
                    let e = e.map_err(|e| e.to_string())?;
                    match (e.name, e.kind) {
                        ("user_entrypoint", wasmparser::ExternalKind::Func) => {
                            has_entry = true;
                            entry_index = Some(e.index);
                        }
                        ("memory", wasmparser::ExternalKind::Memory) => has_memory_export = true,
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    if !has_entry {
        return Err("missing export user_entrypoint".into());
    }
    if !has_memory_export {
        return Err("missing memory export".into());
    }
    if let Some(idx) = entry_index {
        let ok = idx >= imported_funcs
            && func_types
                .get((idx - imported_funcs) as usize)
                .and_then(|t| types.get(*t as usize))
                .map(|(p, r)| p.as_slice() == [I] && r.as_slice() == [I])
                .unwrap_or(false);
        if !ok {
            return Err("user_entrypoint must have type (i32) -> i32".into());
        }
    }
    let pages = footprint.ok_or("program has no memory")?;
    if pages > MAX_PAGES {
        return Err(format!(
            "memory footprint {pages} pages exceeds {MAX_PAGES}"
        ));
    }
    let size = wasm.len() as u64;
    Ok(ProgramInfo {
        footprint: pages as u16,
        wasm_size: size as u32,
        init_gas: crate::gas::MIN_INIT_GAS + size / 64,
        cached_gas: crate::gas::MIN_CACHED_GAS + size / 512,
    })
}

/// Ink charged for one operator (Nitro's pricing model; see `docs/devnet.md`).
pub fn op_ink(op: &Operator) -> u64 {
    use Operator::*;
    match op {
        Unreachable | Nop | Block { .. } | Loop { .. } | Else | End => 1,
        Return => 1,
        Br { .. } | BrIf { .. } | If { .. } => 765,
        BrTable { targets } => 2400 + 325 * targets.len() as u64,
        Call { .. } => 3800,
        CallIndirect { .. } => 13_610, // + 650 per parameter, added by the caller
        Drop => 9,
        Select | TypedSelect { .. } => 1250,
        LocalGet { .. } => 75,
        LocalSet { .. } => 210,
        LocalTee { .. } => 75,
        GlobalGet { .. } => 225,
        GlobalSet { .. } => 575,
        I32Load { .. }
        | I32Load8S { .. }
        | I32Load8U { .. }
        | I32Load16S { .. }
        | I32Load16U { .. } => 670,
        I64Load { .. }
        | I64Load8S { .. }
        | I64Load8U { .. }
        | I64Load16S { .. }
        | I64Load16U { .. }
        | I64Load32S { .. }
        | I64Load32U { .. } => 680,
        I32Store { .. } | I32Store8 { .. } | I32Store16 { .. } => 825,
        I64Store { .. } | I64Store8 { .. } | I64Store16 { .. } | I64Store32 { .. } => 950,
        MemorySize { .. } => 3000,
        MemoryGrow { .. } => 8050,
        I32Const { .. } | I64Const { .. } => 1,
        I32Eqz | I32Eq | I32Ne | I32LtS | I32LtU | I32GtS | I32GtU | I32LeS | I32LeU | I32GeS
        | I32GeU => 170,
        I64Eqz | I64Eq | I64Ne | I64LtS | I64LtU | I64GtS | I64GtU | I64LeS | I64LeU | I64GeS
        | I64GeU => 225,
        I32Clz | I32Ctz => 210,
        I64Clz | I64Ctz => 210,
        I32Popcnt => 2650,
        I64Popcnt => 6000,
        I32Add | I32Sub | I32And | I32Or | I32Xor | I32Shl | I32ShrS | I32ShrU | I32Rotl
        | I32Rotr => 70,
        I64Add | I64Sub | I64And | I64Or | I64Xor | I64Shl | I64ShrS | I64ShrU | I64Rotl
        | I64Rotr => 100,
        I32Mul | I64Mul => 160,
        I32DivS | I32DivU | I32RemS | I32RemU => 1120,
        I64DivS | I64DivU | I64RemS | I64RemU => 1270,
        I32WrapI64 | I64ExtendI32S | I64ExtendI32U => 100,
        I32Extend8S | I32Extend16S => 100,
        I64Extend8S | I64Extend16S | I64Extend32S => 100,
        MemoryCopy { .. } | MemoryFill { .. } => 950,
        MemoryInit { .. } | DataDrop { .. } => 950,
        _ => 1000,
    }
}

/// Ink charged at the start of every basic block on top of its operators.
pub const BLOCK_HEADER_INK: u64 = 2450;

fn ends_block(op: &Operator) -> bool {
    use Operator::*;
    matches!(
        op,
        End | Else
            | Return
            | Loop { .. }
            | Br { .. }
            | BrIf { .. }
            | BrTable { .. }
            | If { .. }
            | Call { .. }
            | CallIndirect { .. }
    )
}

struct Meter {
    ink: u32,
    status: u32,
    types: Vec<usize>, // params count per type index
    added_globals: bool,
    added_exports: bool,
}

impl Meter {
    fn add_globals(&mut self, globals: &mut wasm_encoder::GlobalSection) {
        let ty = wasm_encoder::GlobalType {
            val_type: wasm_encoder::ValType::I64,
            mutable: true,
            shared: false,
        };
        globals.global(ty, &wasm_encoder::ConstExpr::i64_const(0));
        let ty = wasm_encoder::GlobalType {
            val_type: wasm_encoder::ValType::I32,
            mutable: true,
            shared: false,
        };
        globals.global(ty, &wasm_encoder::ConstExpr::i32_const(0));
        self.added_globals = true;
    }
    fn add_exports(&mut self, exports: &mut wasm_encoder::ExportSection) {
        exports.export(INK_GLOBAL, wasm_encoder::ExportKind::Global, self.ink);
        exports.export(
            INK_STATUS_GLOBAL,
            wasm_encoder::ExportKind::Global,
            self.status,
        );
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
                13 => 5, // tag sits between memory and global
                12 => 9, // datacount sits before code
                5 => 4,
                9 => 8,
                10 => 10,
                11 => 11,
                x if x < 5 => x,
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
        // Pass 1: the ink of every basic block.
        let mut costs = Vec::new();
        let mut reader = func.get_operators_reader()?;
        let mut cost = BLOCK_HEADER_INK;
        let mut open = false;
        while !reader.eof() {
            let op = reader.read()?;
            let mut ink = op_ink(&op);
            if let Operator::CallIndirect { type_index, .. } = &op {
                ink += 650 * self.types.get(*type_index as usize).copied().unwrap_or(0) as u64;
            }
            cost += ink;
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
        // Pass 2: emit, charging at the start of every block.
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

/// Instrument a validated wasm with per-basic-block ink charges. The returned module
/// exports two extra globals: [`INK_GLOBAL`] (i64, ink left) and [`INK_STATUS_GLOBAL`]
/// (i32, 1 after running out of ink).
pub fn instrument(wasm: &[u8]) -> Result<Vec<u8>, String> {
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
        types,
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
