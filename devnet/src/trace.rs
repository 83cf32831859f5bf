//! geth's `callTracer` for `debug_traceTransaction` and `debug_traceCall`:
//! the tree of call frames a transaction ran, EVM and Stylus alike (every
//! frame, including those a Stylus program opens with `call_contract` and
//! the like, passes through [`crate::evm::DevEvm`]'s `frame_init` and
//! `frame_return_result`, where the recorder is fed).

use std::cell::RefCell;
use std::rc::Rc;

use revm::context::{BlockEnv, CfgEnv, TxEnv};
use revm::context_interface::result::ExecutionResult;
use revm::context_interface::CreateScheme;
use revm::handler::FrameResult;
use revm::interpreter::{CallScheme, CallValue, FrameInput, InstructionResult};
use revm::primitives::{Address, Bytes, U256};
use serde_json::{json, Map, Value};

use crate::chain::decode_revert_reason;
use crate::evm::{Ctx, Db, DevEvm, Programs, TxError};

/// One call frame of a trace, as geth's `callTracer` reports it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CallFrame {
    /// `CALL`, `STATICCALL`, `DELEGATECALL`, `CALLCODE`, `CREATE` or `CREATE2`.
    pub typ: &'static str,
    /// Caller.
    pub from: Address,
    /// Callee (the created address for a create; None if creation failed
    /// before an address was known).
    pub to: Option<Address>,
    /// Value sent (None for `STATICCALL` and `DELEGATECALL`).
    pub value: Option<U256>,
    /// Gas given to the frame (the root: the transaction's gas limit).
    pub gas: u64,
    /// Gas the frame used (the root: the transaction's gas used).
    pub gas_used: u64,
    /// Calldata or initcode.
    pub input: Bytes,
    /// Return data, revert data, or the created code.
    pub output: Bytes,
    /// Why the frame failed (`execution reverted`, `out of gas`, ...).
    pub error: Option<String>,
    /// The decoded `Error(string)` of a revert.
    pub revert_reason: Option<String>,
    /// Frames it opened, in order.
    pub calls: Vec<CallFrame>,
    /// Why a Stylus program trapped in this frame (a wasm trap such as
    /// `unreachable`, which Rust panics compile to, or a host error): such a
    /// frame reverts with no data, as a clean empty revert does, so only
    /// this field tells them apart. Reported as `stylusTrap`, a field of
    /// ours that geth's tracer does not have.
    pub stylus_trap: Option<String>,
}

fn hex(b: &[u8]) -> Value {
    let mut s = String::with_capacity(2 + 2 * b.len());
    s.push_str("0x");
    for x in b {
        s.push_str(&format!("{x:02x}"));
    }
    Value::String(s)
}

impl CallFrame {
    /// The frame as geth's `callTracer` JSON.
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("type".into(), json!(self.typ));
        m.insert("from".into(), hex(self.from.as_slice()));
        if let Some(to) = self.to {
            m.insert("to".into(), hex(to.as_slice()));
        }
        if let Some(v) = self.value {
            m.insert("value".into(), json!(format!("0x{v:x}")));
        }
        m.insert("gas".into(), json!(format!("0x{:x}", self.gas)));
        m.insert("gasUsed".into(), json!(format!("0x{:x}", self.gas_used)));
        m.insert("input".into(), hex(&self.input));
        if !self.output.is_empty() {
            m.insert("output".into(), hex(&self.output));
        }
        if let Some(e) = &self.error {
            m.insert("error".into(), json!(e));
        }
        if let Some(r) = &self.revert_reason {
            m.insert("revertReason".into(), json!(r));
        }
        if let Some(t) = &self.stylus_trap {
            m.insert("stylusTrap".into(), json!(t));
        }
        if !self.calls.is_empty() {
            m.insert(
                "calls".into(),
                Value::Array(self.calls.iter().map(|c| c.to_json()).collect()),
            );
        }
        Value::Object(m)
    }
}

/// geth's wording for a failed frame.
fn error_text(r: InstructionResult) -> Option<String> {
    use InstructionResult as I;
    if r.is_ok() {
        return None;
    }
    Some(
        match r {
            I::Revert => "execution reverted",
            I::OutOfGas
            | I::MemoryOOG
            | I::MemoryLimitOOG
            | I::PrecompileOOG
            | I::InvalidOperandOOG
            | I::ReentrancySentryOOG => "out of gas",
            I::OpcodeNotFound | I::InvalidFEOpcode => "invalid opcode",
            I::InvalidJump => "invalid jump destination",
            I::StackUnderflow => "stack underflow",
            I::StackOverflow => "stack limit reached 1024",
            I::CallTooDeep => "max call depth exceeded",
            I::OutOfFunds => "insufficient balance for transfer",
            I::CreateCollision => "contract address collision",
            I::StateChangeDuringStaticCall => "write protection",
            I::CreateContractSizeLimit => "max code size exceeded",
            I::CreateContractStartingWithEF => "invalid code: must not begin with 0xef",
            I::CreateInitCodeSizeLimit => "max initcode size exceeded",
            other => return Some(format!("{other:?}")),
        }
        .to_string(),
    )
}

/// Records the call frames of one transaction.
#[derive(Debug, Default)]
pub struct CallTracer {
    stack: Vec<CallFrame>,
    root: Option<CallFrame>,
}

impl CallTracer {
    /// A frame is about to start (`EvmTr::frame_init`).
    pub(crate) fn enter(&mut self, input: &FrameInput, ctx: &Ctx) {
        let frame = match input {
            FrameInput::Call(c) => {
                let typ = match c.scheme {
                    CallScheme::Call => "CALL",
                    CallScheme::CallCode => "CALLCODE",
                    CallScheme::DelegateCall => "DELEGATECALL",
                    CallScheme::StaticCall => "STATICCALL",
                };
                let value = match (c.scheme, &c.value) {
                    (CallScheme::DelegateCall | CallScheme::StaticCall, _) => None,
                    (_, CallValue::Transfer(v)) => Some(*v),
                    (_, CallValue::Apparent(v)) => Some(*v),
                };
                CallFrame {
                    typ,
                    from: c.caller,
                    to: Some(c.target_address),
                    value,
                    gas: c.gas_limit,
                    input: c.input.bytes(ctx),
                    ..Default::default()
                }
            }
            FrameInput::Create(c) => CallFrame {
                typ: match c.scheme() {
                    CreateScheme::Create2 { .. } => "CREATE2",
                    _ => "CREATE",
                },
                from: c.caller(),
                value: Some(c.value()),
                gas: c.gas_limit(),
                input: c.init_code().clone(),
                ..Default::default()
            },
            FrameInput::Empty => CallFrame {
                typ: "CALL",
                ..Default::default()
            },
        };
        self.stack.push(frame);
    }

    /// The program running in the innermost open frame trapped (`why`).
    pub(crate) fn note_trap(&mut self, why: String) {
        if let Some(f) = self.stack.last_mut() {
            f.stylus_trap = Some(why);
        }
    }

    /// The innermost open frame ended (`EvmTr::frame_return_result`).
    pub(crate) fn exit(&mut self, result: &FrameResult) {
        let Some(mut f) = self.stack.pop() else {
            return;
        };
        let (r, created) = match result {
            FrameResult::Call(o) => (&o.result, None),
            FrameResult::Create(o) => (&o.result, o.address),
        };
        if created.is_some() {
            f.to = created;
        }
        f.gas_used = f.gas.saturating_sub(r.gas.remaining());
        f.error = error_text(r.result);
        // geth keeps the output of a success or a revert only.
        if r.result.is_ok() || r.result == InstructionResult::Revert {
            f.output = r.output.clone();
        }
        if r.result == InstructionResult::Revert {
            f.revert_reason = decode_revert_reason(&r.output);
        }
        match self.stack.last_mut() {
            Some(parent) => parent.calls.push(f),
            None => self.root = Some(f),
        }
    }

    /// The tree, once the transaction ended with `result`; the root frame
    /// carries the transaction's gas limit and gas used, as geth's does.
    pub fn finish(mut self, result: &ExecutionResult, gas_limit: u64) -> Option<CallFrame> {
        // A transaction whose first frame ended at once (a call to an
        // account without code, or a precompile) never reached
        // frame_return_result.
        while let Some(mut f) = self.stack.pop() {
            f.calls.extend(self.root.take());
            self.root = Some(f);
        }
        let mut root = self.root?;
        root.gas = gas_limit;
        root.gas_used = result.tx_gas_used();
        match result {
            ExecutionResult::Success { output, .. } => {
                root.error = None;
                root.output = output.data().clone();
                if let revm::context_interface::result::Output::Create(_, Some(a)) = output {
                    root.to = Some(*a);
                }
            }
            ExecutionResult::Revert { output, .. } => {
                root.error = Some("execution reverted".into());
                root.output = output.clone();
                root.revert_reason = decode_revert_reason(output);
            }
            ExecutionResult::Halt { reason, .. } => {
                if root.error.is_none() {
                    root.error = Some(format!("{reason:?}"));
                }
                root.output = Bytes::new();
            }
        }
        Some(root)
    }
}

/// Run `tx` over `db` with a call tracer; returns the result and the call tree.
pub fn run_traced(
    db: Db,
    block: BlockEnv,
    cfg: CfgEnv,
    tx: TxEnv,
    programs: &mut Programs,
) -> Result<(ExecutionResult, CallFrame), TxError> {
    let gas_limit = tx.gas_limit;
    let tracer = Rc::new(RefCell::new(CallTracer::default()));
    let mut evm = DevEvm::new(db, block, cfg, programs);
    evm.tracer = Some(tracer.clone());
    let res = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| evm.transact(tx)))
        .unwrap_or_else(|_| {
            Err(revm::context_interface::result::EVMError::Custom(
                "internal error while executing the transaction".into(),
            ))
        });
    drop(evm);
    let (result, _) = res?;
    let tracer = Rc::try_unwrap(tracer)
        .map(RefCell::into_inner)
        .unwrap_or_default();
    let tree = tracer.finish(&result, gas_limit).unwrap_or_default();
    Ok((result, tree))
}
