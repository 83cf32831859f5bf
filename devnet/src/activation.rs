//! Activation as ArbOS 61 performs it (Stylus version 2).
//!
//! Reproduces the semantics of Nitro's user-program parser and instrumentation
//! (`crates/prover/src/binary.rs`, `programs/{meter,dynamic,depth,heap}.rs`,
//! `programs/mod.rs`): which wasm is accepted, the per-module limits, and the
//! numbers computed once at activation and stored with the program:
//!
//! - `init_cost` and `cached_cost`, from which every call's start-up gas is
//!   priced (see [`ProgramCosts::init_gas`] and [`ProgramCosts::cached_gas`]);
//! - the asm size estimate the activation data fee is priced on;
//! - the activation's compile gas (Nitro converts its cost model from
//!   microseconds at 28 gas each);
//! - each function's stack frame size, charged against the program's stack
//!   budget on every call at run time.
//!
//! Nitro is BUSL-licensed: this is our own code, written from its numbers and
//! semantics, not its source.

use std::collections::HashMap;

use wasmparser::{
    BlockType, ExternalKind, FuncType, Name, NameSectionReader, Operator, Parser, Payload, TypeRef,
    ValType, Validator, WasmFeatures,
};

/// ArbOS version from which multi-value programs are rejected.
pub const ARBOS_NO_MULTI_VALUE: u64 = 60;
/// ArbOS version from which the module's import count is capped.
pub const ARBOS_CHARGING_FIXES: u64 = 32;

/// Most pages a program may declare as its initial memory (Nitro's `PageLimit`).
pub const PAGE_LIMIT: u16 = 128;
/// Largest stack frame of one function, in words (Stylus v1/v2 compile bounds).
pub const MAX_FRAME_SIZE: u32 = 10 * 1024;
/// Most values live on a function's operand stack at once.
pub const MAX_FRAME_CONTENTION: u32 = 4096;
/// Stack budget of one program call, in words (`MaxStackDepth`, capped at
/// 22,000 by the ArbOS 50 upgrade).
pub const MAX_STACK_DEPTH: u32 = 22_000;
/// Ink of a basic block's header (the ink check itself).
pub const INK_HEADER: u64 = 2_450;
/// Ink per byte of `memory.fill` and `memory.copy` (800 / 8).
pub const MEMORY_BYTE_INK: u64 = 100;

/// Numbers Nitro computes once per module at activation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgramCosts {
    /// The module's init cost (uncached start-up), in Nitro's units.
    pub init_cost: u16,
    /// The module's cached-start-up cost.
    pub cached_cost: u16,
    /// Initial memory pages.
    pub footprint: u16,
    /// Predicted size of the compiled program, in bytes.
    pub asm_estimate: u32,
    /// Gas the activation's compilation is charged (Nitro's microsecond model, 28 gas per µs).
    pub compile_gas: u64,
    /// Stack frame size of each local function, in words.
    pub frames: Vec<u32>,
    /// Index of the `vm_hooks.pay_for_memory_grow` import, when the memory can grow
    /// (then every `memory.grow` pays through it first).
    pub pay_for_memory_grow: Option<u32>,
    /// Local (non-imported) functions.
    pub functions: u64,
    /// Sum of parameters and results over the local functions' types.
    pub type_len: u64,
    /// Decompressed wasm length.
    pub wasm_len: u64,
    /// Globals after instrumentation (the module's plus the four Nitro adds).
    pub globals: u64,
    /// Bytes of data and element segments (whole entries, as Nitro counts them).
    pub data_len: u64,
    /// Opcodes after instrumentation.
    pub instrumented_ops: u64,
}

impl ProgramCosts {
    /// Gas of an uncached call's start-up on top of [`Self::cached_gas`]:
    /// `MinInitGas·128 + ⌈init_cost · InitCostScalar · 2 / 100⌉` (69, 50).
    pub fn init_gas(init_cost: u16) -> u64 {
        69 * 128 + (init_cost as u64 * 50 * 2).div_ceil(100)
    }

    /// Gas every call pays for start-up (cached or not, Stylus v2):
    /// `MinCachedInitGas·32 + ⌈cached_cost · CachedCostScalar · 2 / 100⌉` (11, 50).
    pub fn cached_gas(cached_cost: u16) -> u64 {
        11 * 32 + (cached_cost as u64 * 50 * 2).div_ceil(100)
    }
}

/// The wasm features ArbOS `arbos` lets a user program use. Floats validate (they are
/// priced out at run time); reference types never, multi-value not from ArbOS 60.
pub fn features(arbos: u64) -> WasmFeatures {
    let mut f = WasmFeatures::empty();
    f.set(WasmFeatures::MUTABLE_GLOBAL, true);
    f.set(WasmFeatures::SATURATING_FLOAT_TO_INT, true);
    f.set(WasmFeatures::SIGN_EXTENSION, true);
    f.set(WasmFeatures::REFERENCE_TYPES, false);
    f.set(WasmFeatures::MULTI_VALUE, arbos < ARBOS_NO_MULTI_VALUE);
    f.set(WasmFeatures::BULK_MEMORY, true);
    f.set(WasmFeatures::FLOATS, true);
    f.set(WasmFeatures::GC_TYPES, true);
    f
}

/// Whether Nitro's ink meter ends a basic block at `op`.
pub fn ends_basic_block(op: &Operator) -> bool {
    use Operator::*;
    matches!(
        op,
        End | Else
            | Return
            | Loop { .. }
            | Br { .. }
            | BrTable { .. }
            | BrIf { .. }
            | If { .. }
            | Call { .. }
            | CallIndirect { .. }
    )
}

/// Whether an operator is one the instrumentation refuses (the depth checker's and the
/// dynamic meter's "not supported" list: reference types, tail calls, exceptions, table
/// and passive-segment ops, GC, threads, SIMD).
fn unsupported(op: &Operator) -> Option<&'static str> {
    use Operator::*;
    Some(match op {
        MemoryInit { .. }
        | DataDrop { .. }
        | TableInit { .. }
        | ElemDrop { .. }
        | TableCopy { .. }
        | TableFill { .. }
        | TableGet { .. }
        | TableSet { .. }
        | TableGrow { .. }
        | TableSize { .. } => "bulk-memory-operations extension not fully supported",
        RefIsNull | TypedSelect { .. } | RefNull { .. } | RefFunc { .. } | RefEq => {
            "reference-types extension not supported"
        }
        ReturnCall { .. } | ReturnCallIndirect { .. } => "tail-call extension not supported",
        Try { .. }
        | Catch { .. }
        | Throw { .. }
        | Rethrow { .. }
        | ThrowRef
        | TryTable { .. }
        | Delegate { .. }
        | CatchAll => "exception-handling extension not supported",
        CallRef { .. }
        | ReturnCallRef { .. }
        | RefAsNonNull
        | BrOnNull { .. }
        | BrOnNonNull { .. }
        | MemoryDiscard { .. } => "typed function references extension not supported",
        // An operator with a price is one user programs may run: only the
        // unpriced rest (floats and the extensions) needs its name read.
        _ if op_ink(op, &[]) != u64::MAX => return None,
        _ => {
            let name = format!("{op:?}");
            if name.starts_with("V128")
                || name.contains("x16")
                || name.contains("x8")
                || name.contains("x4")
                || name.contains("x2")
            {
                "SIMD extension not supported"
            } else if name.contains("Atomic") {
                "threads extension not supported"
            } else if name.starts_with("Struct")
                || name.starts_with("Array")
                || name.starts_with("RefTest")
                || name.starts_with("RefCast")
                || name.starts_with("BrOnCast")
                || name.starts_with("RefI31")
                || name.starts_with("I31")
                || name.contains("ConvertExtern")
                || name.contains("ConvertAny")
            {
                "garbage collection extension not supported"
            } else {
                return None;
            }
        }
    })
}

/// Ink of one operator under Stylus pricing v1 (versions 1 and 2); `u64::MAX` for
/// everything user programs may not run (floats and every unsupported extension).
pub fn op_ink(op: &Operator, param_counts: &[usize]) -> u64 {
    use Operator::*;
    match op {
        Unreachable | Return | Nop | I32Const { .. } | I64Const { .. } => 1,
        Drop => 9,
        Block { .. } | Loop { .. } | Else | End => 1,
        Br { .. } | BrIf { .. } | If { .. } => 765,
        Select => 1250,
        Call { .. } => 3800,
        LocalGet { .. } | LocalTee { .. } => 75,
        LocalSet { .. } => 210,
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
        I32Eqz | I32Eq | I32Ne | I32LtS | I32LtU | I32GtS | I32GtU | I32LeS | I32LeU | I32GeS
        | I32GeU => 170,
        I64Eqz | I64Eq | I64Ne | I64LtS | I64LtU | I64GtS | I64GtU | I64LeS | I64LeU | I64GeS
        | I64GeU => 225,
        I32Clz | I32Ctz | I64Clz | I64Ctz => 210,
        I32Add | I32Sub => 70,
        I32Mul | I64Mul => 160,
        I32DivS | I32DivU | I32RemS | I32RemU => 1120,
        I32And | I32Or | I32Xor | I32Shl | I32ShrS | I32ShrU | I32Rotl | I32Rotr => 70,
        I64Add | I64Sub => 100,
        I64DivS | I64DivU | I64RemS | I64RemU => 1270,
        I64And | I64Or | I64Xor | I64Shl | I64ShrS | I64ShrU | I64Rotl | I64Rotr => 100,
        I32Popcnt => 2650,
        I64Popcnt => 6000,
        I32WrapI64 | I64ExtendI32S | I64ExtendI32U => 100,
        I32Extend8S | I32Extend16S | I64Extend8S | I64Extend16S | I64Extend32S => 100,
        MemoryCopy { .. } | MemoryFill { .. } => 950,
        BrTable { targets } => 2400 + 325 * targets.len() as u64,
        CallIndirect { type_index, .. } => {
            13_610 + 650 * param_counts.get(*type_index as usize).copied().unwrap_or(0) as u64
        }
        _ => u64::MAX,
    }
}

/// Stack effect of an operator for the depth checker: (pops, pushes), or `None`
/// when the operator is a scope marker handled by the caller.
fn effect(
    op: &Operator,
    types: &[(usize, usize)],
    func_types: &[(usize, usize)],
) -> Result<(u32, u32), String> {
    use Operator::*;
    let io = |t: Option<&(usize, usize)>| -> Result<(u32, u32), String> {
        let (i, o) = t.ok_or("missing type")?;
        Ok((*i as u32, *o as u32))
    };
    Ok(match op {
        Call { function_index } => io(func_types.get(*function_index as usize))?,
        CallIndirect { type_index, .. } => {
            let (i, o) = io(types.get(*type_index as usize))?;
            (i + 1, o)
        }
        MemoryFill { .. } | MemoryCopy { .. } => (3, 0),
        Nop
        | Unreachable
        | I32Eqz
        | I64Eqz
        | I32Clz
        | I32Ctz
        | I32Popcnt
        | I64Clz
        | I64Ctz
        | I64Popcnt
        | Br { .. }
        | Return
        | LocalTee { .. }
        | MemoryGrow { .. } => (0, 0),
        LocalGet { .. }
        | GlobalGet { .. }
        | MemorySize { .. }
        | I32Const { .. }
        | I64Const { .. }
        | F32Const { .. }
        | F64Const { .. } => (0, 1),
        BrIf { .. } | BrTable { .. } | LocalSet { .. } | GlobalSet { .. } | Drop => (1, 0),
        Select => (2, 0),
        _ => {
            let name = format!("{op:?}");
            let n = name.split([' ', '{']).next().unwrap_or("");
            let is = |p: &str| n.starts_with(p);
            if (n.contains("Load") && !n.contains("Lane"))
                || n.contains("Wrap")
                || n.contains("Extend")
                || n.contains("Trunc")
                || n.contains("Convert")
                || n.contains("Demote")
                || n.contains("Promote")
                || n.contains("Reinterpret")
                || matches!(
                    n,
                    "F32Abs"
                        | "F32Neg"
                        | "F32Ceil"
                        | "F32Floor"
                        | "F32Nearest"
                        | "F32Sqrt"
                        | "F64Abs"
                        | "F64Neg"
                        | "F64Ceil"
                        | "F64Floor"
                        | "F64Nearest"
                        | "F64Sqrt"
                )
            {
                (0, 0)
            } else if n.contains("Store") {
                (2, 0)
            } else if (is("I32") || is("I64") || is("F32") || is("F64")) && n.len() > 3 {
                // every remaining numeric operator is binary: pops two, pushes one
                (1, 0)
            } else {
                return Err(format!("extension {n} not supported"));
            }
        }
    })
}

/// Nitro's worst-case operand-stack depth of a function body.
fn worst_case_depth(
    ops: &[Operator],
    types: &[(usize, usize)],
    func_types: &[(usize, usize)],
) -> Result<u32, String> {
    use Operator::*;
    let mut worst = 0u32;
    let mut stack = 0u32;
    let mut scopes = vec![stack];
    let block = |bt: &BlockType, stack: &mut u32, worst: &mut u32| -> Result<(), String> {
        match bt {
            BlockType::Empty => {}
            BlockType::Type(_) => {
                *stack += 1;
                *worst = (*worst).max(*stack);
            }
            BlockType::FuncType(id) => {
                let (i, o) = types.get(*id as usize).ok_or("missing block type")?;
                *stack += *o as u32;
                *worst = (*worst).max(*stack);
                *stack = stack.saturating_sub(*i as u32);
            }
        }
        Ok(())
    };
    for op in ops {
        match op {
            Block { blockty } | Loop { blockty } => {
                block(blockty, &mut stack, &mut worst)?;
                scopes.push(stack);
            }
            If { blockty } => {
                stack = stack.saturating_sub(1);
                block(blockty, &mut stack, &mut worst)?;
                scopes.push(stack);
            }
            Else => stack = *scopes.last().ok_or("malformed if-else scope")?,
            End => {
                stack = scopes
                    .pop()
                    .ok_or("malformed scoping detected at end of block")?
            }
            _ => {
                if let Some(why) = unsupported(op) {
                    return Err(format!("{why}: {op:?}"));
                }
                let (pops, pushes) = effect(op, types, func_types)?;
                // Nitro pushes the outputs first, then pops the inputs.
                stack += pushes;
                worst = worst.max(stack);
                stack = stack.saturating_sub(pops);
            }
        }
    }
    Ok(worst)
}

/// The operators Nitro's ink meter and dynamic meter produce for one function body,
/// before the depth checker (only their stack effects and count matter here; global
/// indices are placeholders).
fn metered<'a>(ops: &[Operator<'a>]) -> Vec<Operator<'a>> {
    use Operator::*;
    let header = [
        GlobalGet { global_index: 0 },
        I64Const { value: 0 },
        I64LtU,
        If {
            blockty: BlockType::Empty,
        },
        I32Const { value: 1 },
        GlobalSet { global_index: 1 },
        Unreachable,
        End,
        GlobalGet { global_index: 0 },
        I64Const { value: 0 },
        I64Sub,
        GlobalSet { global_index: 0 },
    ];
    let linear = [
        GlobalSet { global_index: 2 },
        GlobalGet { global_index: 0 },
        GlobalGet { global_index: 0 },
        GlobalGet { global_index: 2 },
        I64ExtendI32U,
        I64Const { value: 0 },
        I64Mul,
        I64Sub,
        GlobalSet { global_index: 0 },
        GlobalGet { global_index: 0 },
        I64LtU,
        If {
            blockty: BlockType::Empty,
        },
        I32Const { value: 1 },
        GlobalSet { global_index: 1 },
        Unreachable,
        End,
        GlobalGet { global_index: 2 },
    ];
    let mut out = Vec::with_capacity(ops.len() * 2);
    let mut block = Vec::new();
    for op in ops {
        block.push(op.clone());
        if ends_basic_block(op) {
            out.extend(header.iter().cloned());
            for b in block.drain(..) {
                if matches!(b, MemoryFill { .. } | MemoryCopy { .. }) {
                    out.extend(linear.iter().cloned());
                }
                out.push(b);
            }
        }
    }
    out
}

fn valtypes_ok(ty: &FuncType) -> bool {
    ty.params()
        .iter()
        .chain(ty.results())
        .all(|t| matches!(t, ValType::I32 | ValType::I64 | ValType::F32 | ValType::F64))
}

/// Checks an import: `(module, name, params, results)`, `Err` with the reason.
pub type ImportCheck<'a> = &'a dyn Fn(&str, &str, &[ValType], &[ValType]) -> Result<(), String>;

/// Parse, check and cost a user program as ArbOS `arbos` activates it. `page_limit` is
/// the memory budget left in the transaction (`PageLimit` minus pages open).
/// `known_import` tells whether `module.name` is a host function with this signature.
pub fn analyze(
    wasm: &[u8],
    arbos: u64,
    page_limit: u16,
    known_import: ImportCheck,
) -> Result<ProgramCosts, String> {
    Validator::new_with_features(features(arbos))
        .validate_all(wasm)
        .map_err(|e| format!("failed to validate user: {e}"))?;
    let mut types: Vec<(usize, usize)> = Vec::new();
    let mut type_ok: Vec<bool> = Vec::new();
    let mut sigs: Vec<FuncType> = Vec::new();
    let mut imports: Vec<(String, String, u32)> = Vec::new();
    let mut functions: Vec<u32> = Vec::new();
    let mut tables_initial: u64 = 0;
    let mut memories: Vec<(u64, Option<u64>)> = Vec::new();
    let mut globals: u64 = 0;
    let mut exports: HashMap<String, (u32, ExternalKind)> = HashMap::new();
    let mut start = false;
    let mut datas: Vec<(u64, u64)> = Vec::new(); // (entry range, payload bytes)
    let mut elements: Vec<(u64, u64)> = Vec::new(); // (entry range, items)
    let mut bodies: Vec<(usize, Vec<Operator>)> = Vec::new();
    let mut module_name_len = 0usize;
    for payload in Parser::new(0).parse_all(wasm) {
        let payload = payload.map_err(|e| e.to_string())?;
        match payload {
            Payload::Version { num, .. } => {
                if num != 1 {
                    return Err(format!("wasm format version not supported {num}"));
                }
            }
            Payload::TypeSection(r) => {
                for ty in r.into_iter_err_on_gc_types() {
                    let ty = ty.map_err(|e| e.to_string())?;
                    types.push((ty.params().len(), ty.results().len()));
                    type_ok.push(valtypes_ok(&ty));
                    sigs.push(ty);
                }
            }
            Payload::ImportSection(r) => {
                for imp in r.into_imports() {
                    let imp = imp.map_err(|e| e.to_string())?;
                    let TypeRef::Func(ti) = imp.ty else {
                        return Err(format!("unsupported import kind {:?}", imp.ty));
                    };
                    imports.push((imp.module.to_string(), imp.name.to_string(), ti));
                }
            }
            Payload::FunctionSection(r) => {
                for f in r {
                    functions.push(f.map_err(|e| e.to_string())?);
                }
            }
            Payload::TableSection(r) => {
                for t in r {
                    tables_initial += t.map_err(|e| e.to_string())?.ty.initial;
                }
            }
            Payload::MemorySection(r) => {
                for m in r {
                    let m = m.map_err(|e| e.to_string())?;
                    memories.push((m.initial, m.maximum));
                }
            }
            Payload::GlobalSection(r) => {
                for g in r {
                    let g = g.map_err(|e| e.to_string())?;
                    let mut init = g.init_expr.get_operators_reader();
                    let a = init.read().map_err(|e| e.to_string())?;
                    let b = init.read().map_err(|e| e.to_string())?;
                    let constant = matches!(
                        a,
                        Operator::I32Const { .. }
                            | Operator::I64Const { .. }
                            | Operator::F32Const { .. }
                            | Operator::F64Const { .. }
                    );
                    if !constant || !matches!(b, Operator::End) || !init.eof() {
                        return Err("Non-constant global initializer".into());
                    }
                    globals += 1;
                }
            }
            Payload::ExportSection(r) => {
                for e in r {
                    let e = e.map_err(|e| e.to_string())?;
                    exports.insert(e.name.to_string(), (e.index, e.kind));
                }
            }
            Payload::StartSection { .. } => start = true,
            Payload::ElementSection(r) => {
                for e in r {
                    let e = e.map_err(|e| e.to_string())?;
                    let items = match &e.items {
                        wasmparser::ElementItems::Functions(f) => f.count() as u64,
                        wasmparser::ElementItems::Expressions(_, x) => x.count() as u64,
                    };
                    elements.push((e.range.end - e.range.start, items));
                }
            }
            Payload::DataSection(r) => {
                for d in r {
                    let d = d.map_err(|e| e.to_string())?;
                    datas.push((d.range.end - d.range.start, d.data.len() as u64));
                }
            }
            Payload::CodeSectionStart { .. } => {}
            Payload::CodeSectionEntry(body) => {
                let mut locals = 0usize;
                let lr = body.get_locals_reader().map_err(|e| e.to_string())?;
                for l in lr {
                    locals += l.map_err(|e| e.to_string())?.0 as usize;
                }
                let mut ops = Vec::new();
                let mut r = body.get_operators_reader().map_err(|e| e.to_string())?;
                while !r.eof() {
                    ops.push(r.read().map_err(|e| e.to_string())?);
                }
                bodies.push((locals, ops));
            }
            Payload::CustomSection(c) => {
                if c.name() == "name" {
                    let reader = NameSectionReader::new(wasmparser::BinaryReader::new(
                        c.data(),
                        c.data_offset(),
                    ));
                    for n in reader.into_iter().flatten() {
                        if let Name::Module { name, .. } = n {
                            module_name_len = name.len();
                        }
                    }
                }
            }
            Payload::End(_) => {}
            other => {
                return Err(format!(
                    "unsupported section type {:?}",
                    section_name(&other)
                ));
            }
        }
    }
    // Function types of the whole index space (imports first).
    let mut func_types: Vec<(usize, usize)> = Vec::new();
    for (_, _, ti) in &imports {
        func_types.push(*types.get(*ti as usize).ok_or("bad import type")?);
    }
    for ti in &functions {
        func_types.push(*types.get(*ti as usize).ok_or("bad function type")?);
    }
    // Inconsistent duplicate imports, re-exported import names, reserved symbols.
    let mut seen: HashMap<(&str, &str), u32> = HashMap::new();
    for (m, n, ti) in &imports {
        if let Some(prior) = seen.insert((m.as_str(), n.as_str()), *ti) {
            if prior != *ti {
                return Err(format!("inconsistent imports for {m} {n}"));
            }
        }
    }
    let export_tails: Vec<&str> = exports
        .keys()
        .map(|e| e.rsplit("__").next().unwrap_or(e.as_str()))
        .collect();
    for (_, n, _) in &imports {
        if export_tails.contains(&n.as_str()) {
            return Err(format!("binary exports an import with the same name {n}"));
        }
    }
    if let Some(n) = export_tails.iter().find(|x| x.starts_with("stylus")) {
        return Err(format!("binary exports reserved symbol {n}"));
    }
    if let Some((_, n, _)) = imports.iter().find(|(_, n, _)| n.starts_with("stylus")) {
        return Err(format!("binary imports reserved symbol {n}"));
    }
    if start {
        return Err("start functions not allowed".into());
    }
    for (m, n, ti) in &imports {
        let ty = &sigs[*ti as usize];
        known_import(m, n, ty.params(), ty.results())?;
    }
    let _ = &type_ok;
    // The entrypoint.
    let (entry, kind) = exports
        .get("user_entrypoint")
        .copied()
        .ok_or("missing export with name user_entrypoint")?;
    if kind != ExternalKind::Func {
        return Err("export user_entrypoint must be a function".into());
    }
    let entry_ty = func_types
        .get(entry as usize)
        .ok_or("bad entrypoint index")?;
    let entry_sig = if (entry as usize) < imports.len() {
        &sigs[imports[entry as usize].2 as usize]
    } else {
        &sigs[functions[entry as usize - imports.len()] as usize]
    };
    if *entry_ty != (1, 1)
        || entry_sig.params() != [ValType::I32]
        || entry_sig.results() != [ValType::I32]
    {
        return Err("wrong type for user_entrypoint".into());
    }
    // Memory: exactly one, exported as "memory", within the page limit.
    let Some(&(pages, max)) = memories.first() else {
        return Err("missing memory with export name \"memory\"".into());
    };
    if !matches!(exports.get("memory"), Some((_, ExternalKind::Memory))) {
        return Err("missing memory with export name \"memory\"".into());
    }
    if pages > PAGE_LIMIT as u64 {
        return Err(format!("memory size {pages} exceeds bound {PAGE_LIMIT}"));
    }
    let pay_for_memory_grow = if max == Some(pages) {
        None
    } else {
        let idx = imports
            .iter()
            .position(|(m, n, _)| m == "vm_hooks" && n == "pay_for_memory_grow")
            .ok_or("missing import vm_hooks.pay_for_memory_grow")?;
        if func_types[idx] != (1, 0) {
            return Err("wrong type for pay_for_memory_grow".into());
        }
        Some(idx as u32)
    };
    // Instrument (in Nitro's order) to learn frame sizes and the final opcode count.
    let mut frames = Vec::with_capacity(bodies.len());
    let mut instrumented_ops = 0u64;
    for (i, (locals, ops)) in bodies.iter().enumerate() {
        for op in ops {
            if let Some(why) = unsupported(op) {
                return Err(format!("{why}: {op:?}"));
            }
        }
        let m = metered(ops);
        let worst =
            worst_case_depth(&m, &types, &func_types).map_err(|e| format!("func {i}: {e}"))?;
        if worst > MAX_FRAME_CONTENTION {
            return Err(format!(
                "too many values on the stack at once in func {i}: {worst} > {MAX_FRAME_CONTENTION}"
            ));
        }
        let size = worst + *locals as u32 + 4;
        if size > MAX_FRAME_SIZE {
            return Err(format!(
                "frame too large: {size} > {MAX_FRAME_SIZE}-word limit"
            ));
        }
        frames.push(size);
        let returns = m.iter().filter(|o| matches!(o, Operator::Return)).count() as u64;
        let grows = m
            .iter()
            .filter(|o| matches!(o, Operator::MemoryGrow { .. }))
            .count() as u64;
        let ops_after = m.len() as u64
            + 12
            + 1
            + 4 * (returns + 1)
            + if pay_for_memory_grow.is_some() {
                4 * grows
            } else {
                0
            };
        if *locals > 348 {
            return Err(format!("too many wasm locals: {locals} > 348"));
        }
        if ops_after > 65_536 {
            return Err(format!(
                "too many wasm opcodes in func body: {ops_after} > 65536"
            ));
        }
        instrumented_ops += ops_after;
    }
    // Module caps (anti-DoS limits), after instrumentation as Nitro checks them.
    let nglobals = globals + 4;
    let limit = |count: u64, max: u64, name: &str| -> Result<(), String> {
        if count > max {
            return Err(format!("too many wasm {name}: {count} > {max}"));
        }
        Ok(())
    };
    limit(memories.len() as u64, 1, "memories")?;
    limit(datas.len() as u64, 128, "datas")?;
    limit(elements.len() as u64, 128, "elements")?;
    limit(exports.len() as u64, 1024, "exports")?;
    limit(bodies.len() as u64, 4096, "functions")?;
    limit(nglobals, 32_768, "globals")?;
    if arbos >= ARBOS_CHARGING_FIXES {
        limit(imports.len() as u64, 513, "imports")?;
    }
    limit(tables_initial, 4096, "table entries")?;
    limit(elements.iter().map(|e| e.0).sum(), 4096, "element entries")?;
    if let Some(n) = exports.keys().find(|n| n.len() > 512) {
        return Err(format!("wasm name too long: {} > 512", n.len()));
    }
    if module_name_len > 512 {
        return Err(format!(
            "wasm module name too long: {module_name_len} > 512"
        ));
    }
    // Costs.
    let funcs = bodies.len() as u64;
    let type_len: u64 = functions
        .iter()
        .map(|t| {
            let (i, o) = types[*t as usize];
            (i + o) as u64
        })
        .sum();
    let wasm_len = wasm.len() as u64;
    let data_len: u64 =
        datas.iter().map(|d| d.0).sum::<u64>() + elements.iter().map(|e| e.0).sum::<u64>();
    let asm_estimate = 512_000u64
        .saturating_add(funcs.saturating_mul(996_829) / 1000)
        .saturating_add(type_len.saturating_mul(11_416) / 1000)
        .saturating_add(wasm_len.saturating_mul(62_628) / 10_000);
    let cached = (funcs.saturating_mul(13_420) / 100_000)
        .saturating_add(type_len.saturating_mul(89) / 100_000)
        .saturating_add(wasm_len.saturating_mul(122) / 100_000)
        .saturating_add(nglobals.saturating_mul(1628) / 1000)
        .saturating_add(data_len.saturating_mul(75_244) / 100_000)
        .saturating_add(pages * 5);
    let init = (funcs.saturating_mul(8252) / 1000)
        .saturating_add(type_len.saturating_mul(1059) / 1000)
        .saturating_add(wasm_len.saturating_mul(1286) / 10_000);
    // Activation compile gas: each term in microseconds, 28 gas per microsecond.
    let us = |x: u64| x.saturating_mul(28);
    let payload: u64 = datas.iter().map(|d| d.1).sum();
    let elem_bytes: u64 = elements.iter().map(|e| e.0).sum();
    let mut compile_gas = 0u64;
    if arbos >= ARBOS_CHARGING_FIXES {
        compile_gas += us(wasm_len.saturating_mul(31_733) / 100_000);
    }
    compile_gas += us((functions.len() as u64).saturating_mul(17_263) / 100_000);
    compile_gas += us(payload.saturating_mul(17_376) / 100_000);
    compile_gas += us(elem_bytes.saturating_mul(17_376) / 100_000);
    compile_gas += us(pages.saturating_mul(2217));
    compile_gas += us(instrumented_ops.saturating_mul(535) / 1000);
    Ok(ProgramCosts {
        init_cost: u16::try_from(init).map_err(|_| "init cost too high")?,
        cached_cost: u16::try_from(cached).map_err(|_| "cached cost too high")?,
        footprint: pages as u16,
        asm_estimate: u32::try_from(asm_estimate).map_err(|_| "asm estimate too large")?,
        compile_gas,
        frames,
        pay_for_memory_grow,
        functions: funcs,
        type_len,
        wasm_len,
        globals: nglobals,
        data_len,
        instrumented_ops,
    })
    .and_then(|c| {
        if c.footprint > page_limit {
            Err(format!(
                "memory exceeds limit: {} > {page_limit}",
                c.footprint
            ))
        } else {
            Ok(c)
        }
    })
}

fn section_name(p: &Payload) -> &'static str {
    match p {
        Payload::DataCountSection { .. } => "DataCountSection",
        Payload::TagSection(_) => "TagSection",
        Payload::UnknownSection { .. } => "UnknownSection",
        _ => "other",
    }
}

/// Nitro's memory price exponents: `exp(pages)` gas for a high-water mark of `pages`.
pub const MEMORY_EXPONENTS: [u32; 129] = [
    1, 1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 5, 6, 7, 8, 9, 11, 12, 14, 17, 19, 22, 25, 29, 33, 38,
    43, 50, 57, 65, 75, 85, 98, 112, 128, 147, 168, 193, 221, 253, 289, 331, 379, 434, 497, 569,
    651, 745, 853, 976, 1117, 1279, 1463, 1675, 1917, 2194, 2511, 2874, 3290, 3765, 4309, 4932,
    5645, 6461, 7395, 8464, 9687, 11087, 12689, 14523, 16621, 19024, 21773, 24919, 28521, 32642,
    37359, 42758, 48938, 56010, 64104, 73368, 83971, 96106, 109994, 125890, 144082, 164904, 188735,
    216010, 247226, 282953, 323844, 370643, 424206, 485509, 555672, 635973, 727880, 833067, 953456,
    1091243, 1248941, 1429429, 1636000, 1872423, 2143012, 2452704, 2807151, 3212820, 3677113,
    4208502, 4816684, 5512756, 6309419, 7221210, 8264766, 9459129, 10826093, 12390601, 14181199,
    16230562, 18576084, 21260563, 24332984, 27849408, 31873999,
];
