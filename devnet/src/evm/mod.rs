//! revm with Stylus frames: a wrapper around revm's `Evm` whose `frame_run` runs
//! Stylus programs on wasmi (and the StylusDeployer system contract natively),
//! plus the ArbWasm precompile.
//!
//! `programs` (compiled modules), `precompiles` (Ethereum's plus ArbOS's),
//! `wasm` (a Stylus frame: start, suspend on a nested call, resume, finish),
//! `deployer` (the StylusDeployer); this file holds [`DevEvm`], its `EvmTr`
//! hooks and [`run_tx`] / [`run_traced`].

mod deployer;
mod precompiles;
mod programs;
mod wasm;

use std::cell::RefCell;
use std::rc::Rc;

use revm::context::{BlockEnv, CfgEnv, ContextTr, Evm, JournalTr, TxEnv};
use revm::context_interface::result::{EVMError, ExecutionResult};
use revm::handler::{
    evm::ContextDbError, instructions::EthInstructions, EthFrame, EvmTr, FrameInitOrResult,
    FrameResult, Handler, ItemOrResult, MainnetHandler,
};
use revm::interpreter::{
    interpreter::EthInterpreter, interpreter_action::FrameInit, CallScheme, FrameInput,
    InstructionResult, InterpreterAction, InterpreterResult,
};
use revm::primitives::{address, keccak256, Address, Bytes};
use revm::state::EvmState;

use crate::host::TxShared;
use crate::stylus;

use deployer::DeployRun;
use wasm::WasmRun;

pub use precompiles::ArbPrecompiles;
pub use programs::{Compiled, Programs};

pub use crate::context::{Ctx, Db, TxError};
pub use crate::revert::revert_string;
type Inner =
    Evm<Ctx, (), EthInstructions<EthInterpreter, Ctx>, ArbPrecompiles, EthFrame<EthInterpreter>>;

pub use crate::arbos::{ARBOS_VERSION, ARB_SYS, ARB_WASM, STYLUS_VERSION};
/// The StylusDeployer contract (same address as on Arbitrum chains).
pub const STYLUS_DEPLOYER: Address = address!("cEcba2F1DC234f70Dd89F2041029807F8D03A990");
fn selector(sig: &str) -> [u8; 4] {
    keccak256(sig.as_bytes())[..4].try_into().unwrap()
}

/// Revert data of Nitro's `ProgramNotActivated()` error.
pub fn program_not_activated() -> Bytes {
    Bytes::copy_from_slice(&selector("ProgramNotActivated()"))
}

enum Running {
    Wasm(Box<WasmRun>),
    Deploy(Box<DeployRun>),
}

enum Step {
    Nested(FrameInput),
    Done(InstructionResult, Bytes, u64, i64),
}

/// revm's mainnet EVM with Stylus frames.
pub struct DevEvm<'p> {
    inner: Inner,
    running: Vec<Option<Running>>,
    /// Per open frame (by index): the address it acts as, and whether it is
    /// a context span of its own (not a delegate or callcode frame). Nitro
    /// counts these spans to tell a Stylus program it is reentered.
    spans: Vec<Option<(Address, bool)>>,
    programs: &'p mut Programs,
    shared: Rc<RefCell<TxShared>>,
    /// L1 poster gas of the running transaction (0 without an L1 price).
    pub poster_gas: u64,
    /// Records the call frames for `debug_trace*` (see [`crate::trace`]).
    pub tracer: Option<Rc<RefCell<crate::trace::CallTracer>>>,
}

impl<'p> DevEvm<'p> {
    /// A new EVM over `db`.
    pub fn new(db: Db, block: BlockEnv, cfg: CfgEnv, programs: &'p mut Programs) -> Self {
        let spec = cfg.spec;
        let mut ctx: Ctx = Ctx::new(db, spec);
        ctx.block = block;
        ctx.cfg = cfg;
        let shared: Rc<RefCell<TxShared>> = Rc::default();
        let inner = Evm::new(
            ctx,
            EthInstructions::new_mainnet_with_spec(spec),
            ArbPrecompiles::new(spec, shared.clone()),
        );
        Self {
            inner,
            running: Vec::new(),
            spans: Vec::new(),
            programs,
            shared,
            tracer: None,
            poster_gas: 0,
        }
    }

    /// Run one transaction; returns the result and the state changes (not committed).
    pub fn transact(&mut self, tx: TxEnv) -> Result<(ExecutionResult, EvmState), TxError> {
        let basefee = self.inner.ctx.block.basefee;
        self.poster_gas = crate::arbos::poster_gas(&tx.data, basefee, crate::arbos::l1_price());
        self.inner.ctx.tx = tx;
        self.running.clear();
        self.spans.clear();
        {
            let mut s = self.shared.borrow_mut();
            s.mem_open = 0;
            s.mem_ever = 0;
            s.recent.clear();
        }
        let res = MainnetHandler::<Self, TxError, EthFrame<EthInterpreter>>::default().run(self);
        let state = self.inner.ctx.journal_mut().finalize();
        self.running.clear();
        res.map(|r| (r, state))
    }

    /// Give back the database.
    pub fn into_db(self) -> Db {
        self.inner.ctx.journaled_state.database
    }

    fn slot(&mut self, idx: usize) -> &mut Option<Running> {
        if self.running.len() <= idx {
            self.running.resize_with(idx + 1, || None);
        }
        &mut self.running[idx]
    }

    /// Records the current frame (at `idx`) in `spans`.
    fn note_span(&mut self, idx: usize) {
        let span = match &self.inner.frame_stack.get().input {
            FrameInput::Call(c) => Some((
                c.target_address,
                !matches!(c.scheme, CallScheme::DelegateCall | CallScheme::CallCode),
            )),
            _ => None,
        };
        if self.spans.len() <= idx {
            self.spans.resize(idx + 1, None);
        }
        self.spans[idx] = span;
    }

    fn release_pages(&mut self, pages: u32) {
        let mut s = self.shared.borrow_mut();
        s.mem_open = s.mem_open.saturating_sub(pages);
    }
}

impl EvmTr for DevEvm<'_> {
    type Context = Ctx;
    type Instructions = EthInstructions<EthInterpreter, Ctx>;
    type Precompiles = ArbPrecompiles;
    type Frame = EthFrame<EthInterpreter>;

    fn all(
        &self,
    ) -> (
        &Ctx,
        &Self::Instructions,
        &ArbPrecompiles,
        &revm::context::FrameStack<Self::Frame>,
    ) {
        self.inner.all()
    }

    fn all_mut(
        &mut self,
    ) -> (
        &mut Ctx,
        &mut Self::Instructions,
        &mut ArbPrecompiles,
        &mut revm::context::FrameStack<Self::Frame>,
    ) {
        self.inner.all_mut()
    }

    fn frame_init(
        &mut self,
        frame_input: FrameInit,
    ) -> Result<revm::handler::evm::FrameInitResult<'_, Self::Frame>, ContextDbError<Ctx>> {
        let mut frame_input = frame_input;
        // L1 poster gas (when an L1 price is set): charged up front, as Nitro does
        // before the EVM starts, by shrinking the top frame's gas.
        if frame_input.depth == 0 && self.poster_gas > 0 {
            let poster = self.poster_gas;
            match &mut frame_input.frame_input {
                FrameInput::Call(c) => c.gas_limit = c.gas_limit.saturating_sub(poster),
                FrameInput::Create(c) => c.set_gas_limit(c.gas_limit().saturating_sub(poster)),
                _ => {}
            }
        }
        if let Some(t) = &self.tracer {
            t.borrow_mut()
                .enter(&frame_input.frame_input, &self.inner.ctx);
        }
        self.inner.frame_init(frame_input)
    }

    fn frame_run(&mut self) -> Result<FrameInitOrResult<Self::Frame>, ContextDbError<Ctx>> {
        let idx = self.inner.frame_stack.index().expect("a frame");
        let existing = self.slot(idx).take();
        let step = match existing {
            Some(Running::Wasm(run)) => self.resume_wasm(idx, run),
            Some(Running::Deploy(run)) => self.run_deployer(idx, Some(run)),
            None => {
                self.note_span(idx);
                let frame = self.inner.frame_stack.get();
                let is_call = matches!(frame.input, FrameInput::Call(_));
                let is_deployer = matches!(&frame.input, FrameInput::Call(c) if c.bytecode_address == STYLUS_DEPLOYER);
                if is_deployer {
                    self.run_deployer(idx, None)
                } else if is_call
                    && stylus::is_stylus(frame.interpreter.bytecode.original_byte_slice())
                {
                    self.start_wasm(idx)
                } else {
                    return self.inner.frame_run();
                }
            }
        };
        let frame = self.inner.frame_stack.get();
        match step {
            Step::Nested(frame_input) => Ok(ItemOrResult::Item(FrameInit {
                depth: frame.depth + 1,
                memory: frame.interpreter.memory.new_child_context(),
                frame_input,
            })),
            Step::Done(result, output, gas_left, refund) => {
                let g = &mut frame.interpreter.gas;
                if result == InstructionResult::OutOfGas {
                    g.spend_all();
                } else {
                    let spent = g.remaining().saturating_sub(gas_left);
                    let _ = g.record_regular_cost(spent);
                    if result.is_ok() {
                        g.record_refund(refund);
                    }
                }
                let gas = *g;
                let action = InterpreterAction::Return(InterpreterResult {
                    result,
                    output,
                    gas,
                });
                let ctx = &mut self.inner.ctx;
                let r = frame.process_next_action::<_, ContextDbError<Ctx>>(ctx, action)?;
                frame.set_finished(true);
                Ok(r)
            }
        }
    }

    fn frame_return_result(
        &mut self,
        result: FrameResult,
    ) -> Result<Option<FrameResult>, ContextDbError<Ctx>> {
        if let Some(t) = &self.tracer {
            t.borrow_mut().exit(&result);
        }
        if self.inner.frame_stack.get().is_finished() {
            self.inner.frame_stack.pop();
        }
        let Some(idx) = self.inner.frame_stack.index() else {
            return Ok(Some(result));
        };
        let slot = self.slot(idx);
        match slot {
            Some(Running::Wasm(run)) => {
                run.child = Some(result);
            }
            Some(Running::Deploy(run)) => {
                run.child = Some(result);
            }
            None => return self.inner.frame_return_result(result),
        }
        self.inner
            .frame_stack
            .get()
            .interpreter
            .memory
            .free_child_context();
        Ok(None)
    }
}

/// Shorthand used by [`crate::chain`]: run a transaction over `db`.
pub fn run_tx(
    db: Db,
    block: BlockEnv,
    cfg: CfgEnv,
    tx: TxEnv,
    programs: &mut Programs,
) -> (Result<(ExecutionResult, EvmState), TxError>, Db) {
    let mut evm = DevEvm::new(db, block, cfg, programs);
    // The database is only written by commits after this returns, so a bug that
    // panics mid-transaction loses the transaction, never the chain's state.
    let res = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| evm.transact(tx)))
        .unwrap_or_else(|_| {
            Err(EVMError::Custom(
                "internal error while executing the transaction".into(),
            ))
        });
    (res, evm.into_db())
}

/// Run `tx` over `db` with a call tracer; returns the result and the call tree.
pub fn run_traced(
    db: Db,
    block: BlockEnv,
    cfg: CfgEnv,
    tx: TxEnv,
    programs: &mut Programs,
) -> Result<(ExecutionResult, crate::trace::CallFrame), TxError> {
    let gas_limit = tx.gas_limit;
    let tracer = Rc::new(RefCell::new(crate::trace::CallTracer::default()));
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
