//! Per-operator rules of Nitro's parser and instrumentation: which operators
//! end a basic block or are refused, each operator's ink, its operand-stack
//! effect and a function's worst-case depth, and the metered operator count.

use wasmparser::{BlockType, Operator};

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
pub(super) fn unsupported(op: &Operator) -> Option<&'static str> {
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
pub(super) fn effect(
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
pub(super) fn worst_case_depth(
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
pub(super) fn metered<'a>(ops: &[Operator<'a>]) -> Vec<Operator<'a>> {
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
