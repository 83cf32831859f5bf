//! revm with Stylus frames: a wrapper around revm's `Evm` whose `frame_run` runs
//! Stylus programs on wasmi (and the StylusDeployer system contract natively),
//! plus the ArbWasm precompile.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use revm::context::{BlockEnv, CfgEnv, ContextTr, Evm, JournalTr, TxEnv};
use revm::context_interface::result::{EVMError, ExecutionResult, InvalidTransaction};
use revm::context_interface::CreateScheme;
use revm::database::{CacheDB, EmptyDB};
use revm::handler::{
    evm::ContextDbError, instructions::EthInstructions, EthFrame, EthPrecompiles, EvmTr,
    FrameInitOrResult, FrameResult, Handler, ItemOrResult, MainnetHandler, PrecompileProvider,
};
use revm::interpreter::{
    interpreter::EthInterpreter, interpreter_action::FrameInit, CallInput, CallInputs, CallScheme,
    CallValue, CreateInputs, FrameInput, InstructionResult, InterpreterAction, InterpreterResult,
};
use revm::primitives::{
    address, hardfork::SpecId, keccak256, Address, AddressSet, Bytes, Log, LogData, B256, U256,
};
use revm::state::EvmState;
use revm::{Context, Journal};
use wasmi::{Engine, Linker, Module, Store, TypedFunc, TypedResumableCall, Val};

use crate::gas::*;
use crate::host::{self, HostState, ResumeInfo, Trap, TxShared};
use crate::stylus;

/// The state database.
pub type Db = CacheDB<EmptyDB>;
/// The revm context the devnet runs on.
pub type Ctx = Context<BlockEnv, TxEnv, CfgEnv, Db, Journal<Db>, ()>;
type Inner =
    Evm<Ctx, (), EthInstructions<EthInterpreter, Ctx>, ArbPrecompiles, EthFrame<EthInterpreter>>;
/// The error type of a transaction.
pub type TxError = EVMError<std::convert::Infallible, InvalidTransaction>;

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

/// A compiled program ready to instantiate.
pub struct Compiled {
    module: Module,
}

/// Compiled programs by code hash, shared across transactions.
pub struct Programs {
    engine: Engine,
    linker: Linker<HostState>,
    modules: HashMap<B256, Rc<Compiled>>,
}

impl Default for Programs {
    fn default() -> Self {
        Self::new()
    }
}

impl Programs {
    /// A fresh wasmi engine with the Stylus host functions.
    pub fn new() -> Self {
        let mut config = wasmi::Config::default();
        config
            .wasm_tail_call(false)
            .wasm_multi_memory(false)
            .wasm_extended_const(false)
            .wasm_reference_types(true)
            .wasm_bulk_memory(true)
            .wasm_sign_extension(true)
            .wasm_multi_value(true)
            .floats(false);
        config.set_max_recursion_depth(8192);
        let engine = Engine::new(&config);
        let mut linker = Linker::new(&engine);
        host::link(&mut linker).expect("host functions link");
        Self {
            engine,
            linker,
            modules: HashMap::new(),
        }
    }

    fn get(&mut self, hash: B256, code: &[u8], ctx: &mut Ctx) -> Result<Rc<Compiled>, String> {
        if let Some(c) = self.modules.get(&hash) {
            return Ok(c.clone());
        }
        // A fragmented program's fragments were read (and paid for) at activation;
        // Nitro keeps the compiled module, so a call reads nothing here.
        let mut read = |a: Address| (crate::arbos::code_untracked(ctx, a), false);
        let (wasm, _) = crate::arbos::wasm_of(code, u8::MAX, &mut read)?;
        let metered = stylus::instrument(&wasm)?;
        let module = Module::new(&self.engine, &metered).map_err(|e| e.to_string())?;
        let c = Rc::new(Compiled { module });
        self.modules.insert(hash, c.clone());
        Ok(c)
    }
}

/// Solidity `Error(string)` revert data.
pub fn revert_string(msg: impl AsRef<str>) -> Bytes {
    let msg = msg.as_ref().as_bytes();
    let mut out = selector("Error(string)").to_vec();
    out.extend_from_slice(&U256::from(32).to_be_bytes::<32>());
    out.extend_from_slice(&U256::from(msg.len()).to_be_bytes::<32>());
    out.extend_from_slice(msg);
    out.resize(4 + 64 + msg.len().div_ceil(32) * 32, 0);
    out.into()
}

/// Precompiles: Ethereum's plus ArbWasm.
pub struct ArbPrecompiles {
    eth: EthPrecompiles,
    warm: AddressSet,
    shared: Rc<RefCell<TxShared>>,
}

fn arbos_warm(eth: &EthPrecompiles) -> AddressSet {
    let mut warm = eth.warm_addresses().clone();
    for a in [
        crate::arbos::ARB_WASM,
        crate::arbos::ARB_WASM_CACHE,
        crate::arbos::ARB_SYS,
        crate::arbos::ARB_OWNER_PUBLIC,
        crate::arbos::ARB_GAS_INFO,
        crate::arbos::NODE_INTERFACE,
    ] {
        warm.insert(a);
    }
    warm
}

impl ArbPrecompiles {
    fn new(spec: SpecId, shared: Rc<RefCell<TxShared>>) -> Self {
        let eth = EthPrecompiles::new(spec);
        let warm = arbos_warm(&eth);
        Self { eth, warm, shared }
    }
}

impl PrecompileProvider<Ctx> for ArbPrecompiles {
    type Output = InterpreterResult;

    fn set_spec(&mut self, spec: SpecId) -> bool {
        let changed = <EthPrecompiles as PrecompileProvider<Ctx>>::set_spec(&mut self.eth, spec);
        if changed {
            self.warm = arbos_warm(&self.eth);
        }
        changed
    }

    fn run(
        &mut self,
        ctx: &mut Ctx,
        inputs: &CallInputs,
    ) -> Result<Option<InterpreterResult>, String> {
        if crate::arbos::is_precompile(&inputs.bytecode_address) {
            let pages = self.shared.borrow().mem_open;
            return Ok(Some(crate::arbos::run(ctx, inputs, pages)));
        }
        self.eth.run(ctx, inputs)
    }

    fn warm_addresses(&self) -> &AddressSet {
        &self.warm
    }

    fn contains(&self, address: &Address) -> bool {
        self.warm.contains(address)
    }
}

/// A Stylus program suspended on a nested call.
struct WasmRun {
    store: Store<HostState>,
    call: Option<wasmi::TypedResumableCallHostTrap<i32>>,
    resume: Option<ResumeInfo>,
    child: Option<FrameResult>,
    start_gas: u64,
}

/// The StylusDeployer's progress.
struct DeployRun {
    step: u8,
    msg_value: U256,
    fee: U256,
    init_data: Bytes,
    init_value: U256,
    created: Address,
    child: Option<FrameResult>,
    start_gas: u64,
    spent: u64,
    refund: i64,
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

    fn start_wasm(&mut self, idx: usize) -> Step {
        let frame = self.inner.frame_stack.get();
        let FrameInput::Call(inputs) = &frame.input else {
            return Step::Done(
                InstructionResult::Revert,
                Bytes::new(),
                frame.interpreter.gas.remaining(),
                0,
            );
        };
        let address = inputs.target_address;
        let caller = inputs.caller;
        let value = inputs.value.get();
        let is_static = inputs.is_static;
        let args = inputs.input.bytes(&self.inner.ctx);
        let depth = frame.depth;
        let gas = frame.interpreter.gas.remaining();
        let code = frame.interpreter.bytecode.original_bytes();
        let hash = keccak256(&code);
        let ctx = &mut self.inner.ctx;
        let time: u64 = ctx.block.timestamp.saturating_to();
        // Not activated, activated under another Stylus version, or expired: Nitro
        // fails the call and burns all the gas it was given.
        let program = crate::arbos::program(ctx, hash);
        if program.version != STYLUS_VERSION || program.expired(time) {
            return Step::Done(InstructionResult::OutOfGas, Bytes::new(), 0, 0);
        }
        let compiled = match self.programs.get(hash, &code, ctx) {
            Ok(c) => c,
            Err(_) => return Step::Done(InstructionResult::OutOfGas, Bytes::new(), 0, 0),
        };
        let footprint = program.footprint as u32;
        // Per-call costs (Stylus v2): the memory footprint, the cached start-up gas every
        // call pays, and the init gas unless the program is cached (ArbWasmCache) or was
        // called recently in this block.
        let init = {
            let mut s = self.shared.borrow_mut();
            let mem = memory_gas(footprint, s.mem_open, s.mem_ever);
            s.mem_open += footprint;
            s.mem_ever = s.mem_ever.max(s.mem_open);
            let recent = s.recent_insert(hash);
            let mut cost = program.cached_gas();
            if !(program.cached || recent) {
                cost += program.init_gas();
            }
            mem.saturating_add(cost)
        };
        // As Nitro: reentrant when more than one open non-delegate span acts
        // as this address (a delegate call into one's own address is not
        // reentrancy; a call back into it through any path is).
        self.note_span(idx);
        let reentrant = self.spans[..=idx]
            .iter()
            .filter(|s| matches!(s, Some((a, true)) if *a == address))
            .count()
            > 1;
        let state = HostState::new(
            address,
            caller,
            value,
            args,
            is_static,
            reentrant,
            depth,
            self.shared.clone(),
            footprint,
        );
        let mut store = Store::new(&self.programs.engine, state);
        store.limiter(|s| &mut s.limits);
        if gas < init {
            self.release_pages(footprint);
            return Step::Done(InstructionResult::OutOfGas, Bytes::new(), 0, 0);
        }
        let instance = match self
            .programs
            .linker
            .instantiate_and_start(&mut store, &compiled.module)
        {
            Ok(i) => i,
            Err(_) => {
                self.release_pages(footprint);
                return Step::Done(InstructionResult::Revert, Bytes::new(), gas - init, 0);
            }
        };
        let memory = instance.get_memory(&store, "memory");
        let ink = instance.get_global(&store, stylus::INK_GLOBAL);
        let entry: Option<TypedFunc<i32, i32>> =
            instance.get_typed_func(&store, "user_entrypoint").ok();
        let (Some(memory), Some(ink), Some(entry)) = (memory, ink, entry) else {
            self.release_pages(footprint);
            return Step::Done(InstructionResult::Revert, Bytes::new(), gas - init, 0);
        };
        store.data_mut().memory = Some(memory);
        store.data_mut().ink = Some(ink);
        store.data_mut().status = instance.get_global(&store, stylus::INK_STATUS_GLOBAL);
        store.data_mut().stack = instance.get_global(&store, stylus::STACK_GLOBAL);
        ink.set(
            &mut store,
            Val::I64(((gas - init).saturating_mul(INK_PER_GAS)) as i64),
        )
        .expect("ink");
        let args_len = store.data().args.len() as i32;
        let mut run = Box::new(WasmRun {
            store,
            call: None,
            resume: None,
            child: None,
            start_gas: gas,
        });
        run.store.data_mut().ctx = &mut self.inner.ctx as *mut Ctx;
        let outcome = entry.call_resumable(&mut run.store, args_len);
        run.store.data_mut().ctx = std::ptr::null_mut();
        self.after_wasm(idx, run, outcome)
    }

    fn release_pages(&mut self, pages: u32) {
        let mut s = self.shared.borrow_mut();
        s.mem_open = s.mem_open.saturating_sub(pages);
    }

    fn resume_wasm(&mut self, idx: usize, mut run: Box<WasmRun>) -> Step {
        let child = run.child.take().expect("child result");
        let info = run.resume.take().expect("resume info");
        let (status, ret_len, output) = match child {
            FrameResult::Call(out) => {
                let r = out.result.result;
                let g = out.result.gas;
                let ink = host::ink_left_store(&run.store);
                let mut back = 0;
                if r.is_ok_or_revert() {
                    back = g.remaining();
                }
                if r.is_ok() {
                    run.store.data_mut().refund += g.refunded();
                }
                host::set_ink_store(&mut run.store, ink + back * INK_PER_GAS);
                let output = out.result.output;
                (if r.is_ok() { 0 } else { 1 }, output.len(), output)
            }
            FrameResult::Create(out) => {
                let r = out.result.result;
                let g = out.result.gas;
                let ink = host::ink_left_store(&run.store);
                let back = if r.is_ok_or_revert() {
                    g.remaining()
                } else {
                    0
                };
                if r.is_ok() {
                    run.store.data_mut().refund += g.refunded();
                }
                host::set_ink_store(&mut run.store, ink + back * INK_PER_GAS);
                let addr = if r.is_ok() {
                    out.address.unwrap_or_default()
                } else {
                    Address::ZERO
                };
                let output = if r == InstructionResult::Revert {
                    out.result.output
                } else {
                    Bytes::new()
                };
                if let ResumeInfo::Create { addr_ptr, .. } = info {
                    let _ = host::write_free(&mut run.store, addr_ptr, addr.as_slice());
                }
                (0, output.len(), output)
            }
        };
        let ret_ptr = match info {
            ResumeInfo::Call { ret_len_ptr } => ret_len_ptr,
            ResumeInfo::Create { ret_len_ptr, .. } => ret_len_ptr,
        };
        let _ = host::write_free(&mut run.store, ret_ptr, &(ret_len as u32).to_le_bytes());
        run.store.data_mut().return_data = output;
        let inputs: Vec<Val> = match info {
            ResumeInfo::Call { .. } => vec![Val::I32(status)],
            ResumeInfo::Create { .. } => vec![],
        };
        let call = run.call.take().expect("suspended call");
        run.store.data_mut().ctx = &mut self.inner.ctx as *mut Ctx;
        let outcome = call.resume(&mut run.store, &inputs);
        run.store.data_mut().ctx = std::ptr::null_mut();
        self.after_wasm(idx, run, outcome)
    }

    fn after_wasm(
        &mut self,
        idx: usize,
        mut run: Box<WasmRun>,
        outcome: Result<TypedResumableCall<i32>, wasmi::Error>,
    ) -> Step {
        // A trap (not out of ink or stack) reverts with no data and keeps
        // the gas left, as on Nitro; the call tracer records why.
        let mut trap: Option<String> = None;
        let status = match outcome {
            Ok(TypedResumableCall::Finished(status)) => Ok(status),
            Ok(TypedResumableCall::HostTrap(call)) => {
                match call.host_error().downcast_ref::<Trap>() {
                    Some(Trap::Nested) => {
                        let (input, info) =
                            run.store.data_mut().pending.take().expect("pending call");
                        run.call = Some(call);
                        run.resume = Some(info);
                        *self.slot(idx) = Some(Running::Wasm(run));
                        return Step::Nested(input);
                    }
                    Some(Trap::Exit(s)) => Ok(*s),
                    Some(Trap::OutOfInk) => Err(true),
                    other => {
                        trap = Some(match other {
                            Some(Trap::Fatal(why)) => why.clone(),
                            _ => format!("host error: {}", call.host_error()),
                        });
                        Err(false)
                    }
                }
            }
            Ok(TypedResumableCall::OutOfFuel(_)) => Err(true),
            Err(_) if host::out_of_stack(&run.store) => Err(true),
            Err(e) => {
                if host::ink_status(&run.store)
                    || e.downcast_ref::<Trap>()
                        .map(|t| matches!(t, Trap::OutOfInk))
                        .unwrap_or(false)
                {
                    Err(true)
                } else {
                    trap = Some(e.to_string());
                    Err(false)
                }
            }
        };
        if let (Some(why), Some(t)) = (trap, &self.tracer) {
            t.borrow_mut().note_trap(why);
        }
        let pages = run.store.data().pages;
        self.release_pages(pages);
        let start = run.start_gas;
        match status {
            Ok(code) => {
                if code == 0 {
                    // Write back what the program cached but did not flush.
                    run.store.data_mut().ctx = &mut self.inner.ctx as *mut Ctx;
                    let flushed = host::flush_store(&mut run.store);
                    run.store.data_mut().ctx = std::ptr::null_mut();
                    if let Err(oog) = flushed {
                        return if oog {
                            Step::Done(InstructionResult::OutOfGas, Bytes::new(), 0, 0)
                        } else {
                            Step::Done(
                                InstructionResult::Revert,
                                Bytes::new(),
                                host::ink_left_store(&run.store) / INK_PER_GAS,
                                0,
                            )
                        };
                    }
                }
                let mut gas_left = host::ink_left_store(&run.store) / INK_PER_GAS;
                let st = run.store.data_mut();
                let output = Bytes::from(std::mem::take(&mut st.output));
                // Return data costs at least what it would in the EVM (ArbOS ≥ StylusFixes).
                if !output.is_empty() {
                    let w = (output.len() as u64).div_ceil(32);
                    let evm_cost = 3 * w + w * w / 512;
                    if start < evm_cost {
                        return Step::Done(InstructionResult::OutOfGas, Bytes::new(), 0, 0);
                    }
                    gas_left = gas_left.min(start - evm_cost);
                }
                if code == 0 {
                    Step::Done(InstructionResult::Return, output, gas_left, st.refund)
                } else {
                    Step::Done(InstructionResult::Revert, output, gas_left, 0)
                }
            }
            Err(true) => Step::Done(InstructionResult::OutOfGas, Bytes::new(), 0, 0),
            Err(false) => Step::Done(
                InstructionResult::Revert,
                Bytes::new(),
                host::ink_left_store(&run.store) / INK_PER_GAS,
                0,
            ),
        }
    }

    fn run_deployer(&mut self, idx: usize, existing: Option<Box<DeployRun>>) -> Step {
        let frame = self.inner.frame_stack.get();
        let gas_now = frame.interpreter.gas.remaining();
        let mut run = match existing {
            Some(r) => r,
            None => {
                let FrameInput::Call(inputs) = &frame.input else {
                    return Step::Done(InstructionResult::Revert, Bytes::new(), gas_now, 0);
                };
                if inputs.is_static || inputs.scheme != CallScheme::Call {
                    return Step::Done(InstructionResult::Revert, Bytes::new(), gas_now, 0);
                }
                let msg_value = inputs.value.get();
                let data = inputs.input.bytes(&self.inner.ctx);
                let Some((bytecode, init_data, init_value, salt)) = decode_deploy(&data) else {
                    return Step::Done(
                        InstructionResult::Revert,
                        revert_string("StylusDeployer: bad calldata"),
                        gas_now,
                        0,
                    );
                };
                if msg_value < init_value {
                    return Step::Done(
                        InstructionResult::Revert,
                        revert_string("StylusDeployer: insufficient value"),
                        gas_now,
                        0,
                    );
                }
                if init_data.is_empty() && !init_value.is_zero() {
                    return Step::Done(
                        InstructionResult::Revert,
                        revert_string("StylusDeployer: init value without init data"),
                        gas_now,
                        0,
                    );
                }
                let scheme = if salt.is_zero() {
                    CreateScheme::Create
                } else {
                    let mut pre = salt.to_be_bytes::<32>().to_vec();
                    pre.extend_from_slice(keccak256(&init_data).as_slice());
                    CreateScheme::Create2 {
                        salt: U256::from_be_bytes(keccak256(&pre).0),
                    }
                };
                let words = (bytecode.len() as u64).div_ceil(32);
                let mut cost = CREATE_GAS + 2 * words;
                if matches!(scheme, CreateScheme::Create2 { .. }) {
                    cost += CREATE2_WORD_GAS * words;
                }
                if cost > gas_now {
                    return Step::Done(InstructionResult::OutOfGas, Bytes::new(), 0, 0);
                }
                let avail = gas_now - cost;
                let forward = avail - avail / 64;
                let run = Box::new(DeployRun {
                    step: 1,
                    msg_value,
                    fee: U256::ZERO,
                    init_data,
                    init_value,
                    created: Address::ZERO,
                    child: None,
                    start_gas: gas_now,
                    spent: cost + forward,
                    refund: 0,
                });
                let inputs =
                    CreateInputs::new(STYLUS_DEPLOYER, scheme, U256::ZERO, bytecode, forward, 0);
                *self.slot(idx) = Some(Running::Deploy(run));
                return Step::Nested(FrameInput::Create(Box::new(inputs)));
            }
        };
        let child = run.child.take().expect("deployer child");
        match run.step {
            1 => {
                let FrameResult::Create(out) = child else {
                    unreachable!()
                };
                let r = out.result.result;
                if r.is_ok_or_revert() {
                    run.spent -= out.result.gas.remaining();
                }
                if !r.is_ok() {
                    let left = run.start_gas.saturating_sub(run.spent);
                    return Step::Done(
                        InstructionResult::Revert,
                        revert_string("StylusDeployer: create failed"),
                        left,
                        0,
                    );
                }
                run.refund += out.result.gas.refunded();
                let created = out.address.unwrap_or_default();
                run.created = created;
                // Activate if the new code is a Stylus program that needs it (never
                // activated, older Stylus version, or expired), forwarding
                // msg.value - initValue as the data fee; the fee's excess is refunded
                // to the sender at the end.
                let ctx = &mut self.inner.ctx;
                let time: u64 = ctx.block.timestamp.saturating_to();
                let code = ctx
                    .journal_mut()
                    .load_account_with_code(created)
                    .ok()
                    .and_then(|a| a.data.info.code.as_ref().map(|c| c.original_bytes()))
                    .unwrap_or_default();
                let p = crate::arbos::program(ctx, keccak256(&code));
                // The deployer's requiresActivation: ArbWasm.codehashVersion (a warm call).
                run.spent += 100 + crate::arbos::STORAGE_READ * 2 + 100 + 3 + 3;
                if stylus::is_stylus(&code) && (p.version != STYLUS_VERSION || p.expired(time)) {
                    let value = run.msg_value.saturating_sub(run.init_value);
                    let pages = self.shared.borrow().mem_open;
                    match crate::arbos::activate(
                        ctx,
                        created,
                        value,
                        STYLUS_DEPLOYER,
                        STYLUS_DEPLOYER,
                        false,
                        pages,
                        time,
                    ) {
                        Ok(done) => {
                            run.spent = run.spent.saturating_add(done.gas);
                            run.fee = done.data_fee;
                            if run.spent > run.start_gas {
                                return Step::Done(InstructionResult::OutOfGas, Bytes::new(), 0, 0);
                            }
                        }
                        Err(f) if f.burn_all => {
                            return Step::Done(InstructionResult::OutOfGas, Bytes::new(), 0, 0);
                        }
                        Err(f) => {
                            run.spent = run.spent.saturating_add(f.gas);
                            let left = run.start_gas.saturating_sub(run.spent);
                            return Step::Done(InstructionResult::Revert, f.data, left, 0);
                        }
                    }
                }
                if run.init_data.is_empty() {
                    return self.finish_deploy(run);
                }
                let left = run.start_gas.saturating_sub(run.spent);
                let forward = left - left / 64;
                run.spent += forward;
                run.step = 2;
                let (hash, bytecode) = {
                    let acc = ctx
                        .journal_mut()
                        .load_account_with_code(created)
                        .expect("created");
                    let bc = acc.data.info.code.clone().unwrap_or_default();
                    (acc.data.info.code_hash, bc)
                };
                let inputs = CallInputs {
                    input: CallInput::Bytes(run.init_data.clone()),
                    return_memory_offset: 0..0,
                    gas_limit: forward,
                    reservoir: 0,
                    bytecode_address: created,
                    known_bytecode: (hash, bytecode),
                    target_address: created,
                    caller: STYLUS_DEPLOYER,
                    value: CallValue::Transfer(run.init_value),
                    scheme: CallScheme::Call,
                    is_static: false,
                    charged_new_account_state_gas: false,
                };
                *self.slot(idx) = Some(Running::Deploy(run));
                Step::Nested(FrameInput::Call(Box::new(inputs)))
            }
            _ => {
                let FrameResult::Call(out) = child else {
                    unreachable!()
                };
                let r = out.result.result;
                if r.is_ok_or_revert() {
                    run.spent -= out.result.gas.remaining();
                }
                if !r.is_ok() {
                    let left = run.start_gas.saturating_sub(run.spent);
                    return Step::Done(InstructionResult::Revert, out.result.output, left, 0);
                }
                run.refund += out.result.gas.refunded();
                self.finish_deploy(run)
            }
        }
    }

    fn finish_deploy(&mut self, run: Box<DeployRun>) -> Step {
        let ctx = &mut self.inner.ctx;
        // Return any value beyond initValue to the sender.
        let frame = self.inner.frame_stack.get();
        if let FrameInput::Call(inputs) = &frame.input {
            let excess = inputs
                .value
                .get()
                .saturating_sub(run.init_value)
                .saturating_sub(run.fee);
            if !excess.is_zero() {
                let caller = inputs.caller;
                let _ = ctx.journal_mut().load_account(caller);
                let _ = ctx.journal_mut().transfer(STYLUS_DEPLOYER, caller, excess);
            }
        }
        let topic = keccak256("ContractDeployed(address)");
        ctx.journal_mut().log(Log {
            address: STYLUS_DEPLOYER,
            data: LogData::new_unchecked(vec![topic], run.created.into_word().0.to_vec().into()),
        });
        let left = run.start_gas.saturating_sub(run.spent + LOG_GAS + 8 * 32);
        Step::Done(
            InstructionResult::Return,
            Bytes::copy_from_slice(run.created.into_word().as_slice()),
            left,
            run.refund,
        )
    }
}

/// Decode `deploy(bytes,bytes,uint256,bytes32)` calldata.
fn decode_deploy(data: &[u8]) -> Option<(Bytes, Bytes, U256, U256)> {
    if data.len() < 4 + 128 || data[..4] != selector("deploy(bytes,bytes,uint256,bytes32)") {
        return None;
    }
    let body = &data[4..];
    let w = |i: usize| U256::from_be_slice(&body[i * 32..i * 32 + 32]);
    let bytes_at = |off: U256| -> Option<Bytes> {
        let off: usize = off.try_into().ok()?;
        let len: usize = U256::from_be_slice(body.get(off..off + 32)?)
            .try_into()
            .ok()?;
        Some(Bytes::copy_from_slice(body.get(off + 32..off + 32 + len)?))
    };
    Some((bytes_at(w(0))?, bytes_at(w(1))?, w(2), w(3)))
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
