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
    CallValue, CreateInputs, FrameInput, Gas, InstructionResult, InterpreterAction,
    InterpreterResult,
};
use revm::primitives::{
    address, hardfork::SpecId, keccak256, Address, AddressSet, Bytes, Log, LogData, B256, U256,
};
use revm::state::EvmState;
use revm::{Context, Journal};
use wasmi::{Engine, Linker, Module, Store, TypedFunc, TypedResumableCall, Val};

use crate::gas::*;
use crate::host::{self, HostState, ResumeInfo, Trap, TxShared};
use crate::stylus::{self, ProgramInfo};

/// The state database.
pub type Db = CacheDB<EmptyDB>;
/// The revm context the devnet runs on.
pub type Ctx = Context<BlockEnv, TxEnv, CfgEnv, Db, Journal<Db>, ()>;
type Inner =
    Evm<Ctx, (), EthInstructions<EthInterpreter, Ctx>, ArbPrecompiles, EthFrame<EthInterpreter>>;
/// The error type of a transaction.
pub type TxError = EVMError<std::convert::Infallible, InvalidTransaction>;

/// The ArbWasm precompile.
pub const ARB_WASM: Address = address!("0000000000000000000000000000000000000071");
/// The ArbSys precompile (a minimal subset: block number, chain id, ArbOS version).
pub const ARB_SYS: Address = address!("0000000000000000000000000000000000000064");
/// ArbOS version the devnet reports (`ArbSys.arbOSVersion()` returns 55 + this, as Nitro does).
pub const ARBOS_VERSION: u64 = 40;
/// The StylusDeployer contract (same address as on Arbitrum chains).
pub const STYLUS_DEPLOYER: Address = address!("cEcba2F1DC234f70Dd89F2041029807F8D03A990");
/// Stylus version the devnet implements.
pub const STYLUS_VERSION: u16 = 1;

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
        config.set_max_recursion_depth(4096);
        let engine = Engine::new(&config);
        let mut linker = Linker::new(&engine);
        host::link(&mut linker).expect("host functions link");
        Self {
            engine,
            linker,
            modules: HashMap::new(),
        }
    }

    fn get(&mut self, hash: B256, code: &[u8]) -> Result<Rc<Compiled>, String> {
        if let Some(c) = self.modules.get(&hash) {
            return Ok(c.clone());
        }
        let wasm = stylus::decompress_program(code)?;
        let metered = stylus::instrument(&wasm)?;
        let module = Module::new(&self.engine, &metered).map_err(|e| e.to_string())?;
        let c = Rc::new(Compiled { module });
        self.modules.insert(hash, c.clone());
        Ok(c)
    }
}

/// Encode an activation record into an ArbWasm storage word.
fn encode_record(info: &ProgramInfo) -> U256 {
    (U256::from(STYLUS_VERSION) << 240)
        | (U256::from(info.footprint) << 224)
        | (U256::from(info.wasm_size) << 192)
        | (U256::from(info.init_gas) << 128)
        | (U256::from(info.cached_gas) << 64)
}

fn decode_record(v: U256) -> Option<(u16, ProgramInfo)> {
    if v.is_zero() {
        return None;
    }
    let f = |shift: usize, bits: usize| -> u64 {
        ((v >> shift) & ((U256::from(1) << bits) - U256::from(1))).to::<u64>()
    };
    Some((
        f(240, 16) as u16,
        ProgramInfo {
            footprint: f(224, 16) as u16,
            wasm_size: f(192, 32) as u32,
            init_gas: f(128, 64),
            cached_gas: f(64, 64),
        },
    ))
}

/// The activation record of a code hash, if activated.
pub fn activation(ctx: &mut Ctx, codehash: B256) -> Option<(u16, ProgramInfo)> {
    let _ = ctx.journal_mut().load_account(ARB_WASM).ok()?;
    let v = ctx
        .journal_mut()
        .sload(ARB_WASM, U256::from_be_bytes(codehash.0))
        .ok()?
        .data;
    decode_record(v)
}

/// Validate and activate the Stylus program at `program`. Returns (version, gas cost).
pub fn activate(ctx: &mut Ctx, program: Address) -> Result<(u16, u64, ProgramInfo), Bytes> {
    let acc = ctx
        .journal_mut()
        .load_account_with_code(program)
        .map_err(|_| Bytes::new())?;
    let code = acc
        .data
        .info
        .code
        .as_ref()
        .map(|c| c.original_bytes())
        .unwrap_or_default();
    let hash = keccak256(&code);
    if !stylus::is_stylus(&code) {
        return Err(Bytes::copy_from_slice(&selector("ProgramNotWasm()")));
    }
    if let Some((v, _)) = activation(ctx, hash) {
        if v == STYLUS_VERSION {
            return Err(Bytes::copy_from_slice(&selector("ProgramUpToDate()")));
        }
    }
    let wasm = stylus::decompress_program(&code).map_err(revert_string)?;
    let info = stylus::validate_wasm(&wasm).map_err(revert_string)?;
    // Also check that the metering pass accepts it, so calls never fail to load.
    stylus::instrument(&wasm).map_err(revert_string)?;
    let gas = ACTIVATION_BASE_GAS + ACTIVATION_BYTE_GAS * wasm.len() as u64;
    ctx.journal_mut()
        .sstore(ARB_WASM, U256::from_be_bytes(hash.0), encode_record(&info))
        .map_err(|_| Bytes::new())?;
    let topic0 = keccak256("ProgramActivated(bytes32,bytes32,address,uint256,uint16)");
    let mut data = Vec::new();
    data.extend_from_slice(keccak256(&wasm).as_slice());
    data.extend_from_slice(program.into_word().as_slice());
    data.extend_from_slice(&U256::ZERO.to_be_bytes::<32>());
    data.extend_from_slice(&U256::from(STYLUS_VERSION).to_be_bytes::<32>());
    ctx.journal_mut().log(Log {
        address: ARB_WASM,
        data: LogData::new_unchecked(vec![topic0, hash], data.into()),
    });
    Ok((STYLUS_VERSION, gas, info))
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

fn word(v: U256) -> [u8; 32] {
    v.to_be_bytes::<32>()
}

/// Precompiles: Ethereum's plus ArbWasm.
pub struct ArbPrecompiles {
    eth: EthPrecompiles,
    warm: AddressSet,
}

impl ArbPrecompiles {
    fn new(spec: SpecId) -> Self {
        let eth = EthPrecompiles::new(spec);
        let mut warm = eth.warm_addresses().clone();
        warm.insert(ARB_WASM);
        warm.insert(ARB_SYS);
        Self { eth, warm }
    }
}

fn pre_result(
    result: InstructionResult,
    gas_limit: u64,
    used: u64,
    output: Bytes,
) -> InterpreterResult {
    let mut gas = Gas::new(gas_limit);
    if result == InstructionResult::OutOfGas {
        gas.spend_all();
    } else {
        let _ = gas.record_regular_cost(used.min(gas_limit));
    }
    InterpreterResult {
        result,
        output,
        gas,
    }
}

impl PrecompileProvider<Ctx> for ArbPrecompiles {
    type Output = InterpreterResult;

    fn set_spec(&mut self, spec: SpecId) -> bool {
        let changed = <EthPrecompiles as PrecompileProvider<Ctx>>::set_spec(&mut self.eth, spec);
        if changed {
            self.warm = self.eth.warm_addresses().clone();
            self.warm.insert(ARB_WASM);
            self.warm.insert(ARB_SYS);
        }
        changed
    }

    fn run(
        &mut self,
        ctx: &mut Ctx,
        inputs: &CallInputs,
    ) -> Result<Option<InterpreterResult>, String> {
        if inputs.bytecode_address == ARB_SYS {
            let input = inputs.input.bytes(ctx);
            let limit = inputs.gas_limit;
            let sel: Option<[u8; 4]> = input.get(..4).map(|s| s.try_into().unwrap());
            let out = match sel {
                Some(s) if s == selector("arbBlockNumber()") => Some(ctx.block.number),
                Some(s) if s == selector("arbChainID()") => Some(U256::from(ctx.cfg.chain_id)),
                Some(s) if s == selector("arbOSVersion()") => Some(U256::from(55 + ARBOS_VERSION)),
                _ => None,
            };
            return Ok(Some(match out {
                Some(v) if limit >= 100 => pre_result(
                    InstructionResult::Return,
                    limit,
                    100,
                    word(v).to_vec().into(),
                ),
                Some(_) => pre_result(InstructionResult::OutOfGas, limit, limit, Bytes::new()),
                None => pre_result(InstructionResult::Revert, limit, 0, Bytes::new()),
            }));
        }
        if inputs.bytecode_address != ARB_WASM {
            return self.eth.run(ctx, inputs);
        }
        let input = inputs.input.bytes(ctx);
        let limit = inputs.gas_limit;
        let revert = |data: Bytes| Ok(Some(pre_result(InstructionResult::Revert, limit, 0, data)));
        if input.len() < 4 {
            return revert(Bytes::new());
        }
        let sel: [u8; 4] = input[..4].try_into().unwrap();
        let arg = |i: usize| -> Option<[u8; 32]> {
            input
                .get(4 + 32 * i..4 + 32 * (i + 1))
                .map(|s| s.try_into().unwrap())
        };
        let ok = |used: u64, out: Vec<u8>| {
            if used > limit {
                return Ok(Some(pre_result(
                    InstructionResult::OutOfGas,
                    limit,
                    limit,
                    Bytes::new(),
                )));
            }
            Ok(Some(pre_result(
                InstructionResult::Return,
                limit,
                used,
                out.into(),
            )))
        };
        if sel == selector("activateProgram(address)") {
            if inputs.is_static {
                return revert(Bytes::new());
            }
            let Some(a) = arg(0) else {
                return revert(Bytes::new());
            };
            let program = Address::from_slice(&a[12..]);
            match activate(ctx, program) {
                Ok((version, gas, _)) => {
                    if gas > limit {
                        return Ok(Some(pre_result(
                            InstructionResult::OutOfGas,
                            limit,
                            limit,
                            Bytes::new(),
                        )));
                    }
                    // The devnet charges no data fee: refund any value sent.
                    if let CallValue::Transfer(v) = inputs.value {
                        if !v.is_zero() {
                            let _ = ctx.journal_mut().load_account(inputs.caller);
                            let _ = ctx.journal_mut().transfer(ARB_WASM, inputs.caller, v);
                        }
                    }
                    let mut out = word(U256::from(version)).to_vec();
                    out.extend_from_slice(&word(U256::ZERO));
                    ok(gas, out)
                }
                Err(data) => revert(data),
            }
        } else if sel == selector("stylusVersion()") {
            ok(100, word(U256::from(STYLUS_VERSION)).to_vec())
        } else if sel == selector("inkPrice()") {
            ok(100, word(U256::from(INK_PER_GAS)).to_vec())
        } else if sel == selector("codehashVersion(bytes32)") {
            let Some(h) = arg(0) else {
                return revert(Bytes::new());
            };
            match activation(ctx, B256::from(h)) {
                Some((v, _)) => ok(2100, word(U256::from(v)).to_vec()),
                None => revert(program_not_activated()),
            }
        } else if sel == selector("programVersion(address)")
            || sel == selector("programInitGas(address)")
            || sel == selector("programMemoryFootprint(address)")
        {
            let Some(a) = arg(0) else {
                return revert(Bytes::new());
            };
            let program = Address::from_slice(&a[12..]);
            let code = ctx
                .journal_mut()
                .load_account_with_code(program)
                .ok()
                .and_then(|acc| acc.data.info.code.as_ref().map(|c| c.original_bytes()))
                .unwrap_or_default();
            match activation(ctx, keccak256(&code)) {
                Some((v, info)) => {
                    if sel == selector("programVersion(address)") {
                        ok(2100, word(U256::from(v)).to_vec())
                    } else if sel == selector("programMemoryFootprint(address)") {
                        ok(2100, word(U256::from(info.footprint)).to_vec())
                    } else {
                        let mut out = word(U256::from(info.init_gas)).to_vec();
                        out.extend_from_slice(&word(U256::from(info.cached_gas)));
                        ok(2100, out)
                    }
                }
                None => revert(program_not_activated()),
            }
        } else {
            revert(Bytes::new())
        }
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
        let inner = Evm::new(
            ctx,
            EthInstructions::new_mainnet_with_spec(spec),
            ArbPrecompiles::new(spec),
        );
        Self {
            inner,
            running: Vec::new(),
            spans: Vec::new(),
            programs,
            shared: Rc::default(),
            tracer: None,
        }
    }

    /// Run one transaction; returns the result and the state changes (not committed).
    pub fn transact(&mut self, tx: TxEnv) -> Result<(ExecutionResult, EvmState), TxError> {
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
        let Some((_, info)) = activation(ctx, hash) else {
            return Step::Done(InstructionResult::Revert, program_not_activated(), gas, 0);
        };
        let compiled = match self.programs.get(hash, &code) {
            Ok(c) => c,
            Err(_) => return Step::Done(InstructionResult::Revert, Bytes::new(), gas, 0),
        };
        // Per-call costs: the memory footprint and the program's init (or cached) gas.
        let init = {
            let mut s = self.shared.borrow_mut();
            let mem = memory_gas(info.footprint as u32, s.mem_open, s.mem_ever);
            s.mem_open += info.footprint as u32;
            s.mem_ever = s.mem_ever.max(s.mem_open);
            let init = if s.recent.insert(hash) {
                info.init_gas
            } else {
                info.cached_gas
            };
            mem + init
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
            info.footprint as u32,
        );
        let mut store = Store::new(&self.programs.engine, state);
        store.limiter(|s| &mut s.limits);
        if gas < init {
            self.release_pages(info.footprint as u32);
            return Step::Done(InstructionResult::OutOfGas, Bytes::new(), 0, 0);
        }
        let instance = match self
            .programs
            .linker
            .instantiate_and_start(&mut store, &compiled.module)
        {
            Ok(i) => i,
            Err(_) => {
                self.release_pages(info.footprint as u32);
                return Step::Done(InstructionResult::Revert, Bytes::new(), gas - init, 0);
            }
        };
        let memory = instance.get_memory(&store, "memory");
        let ink = instance.get_global(&store, stylus::INK_GLOBAL);
        let entry: Option<TypedFunc<i32, i32>> =
            instance.get_typed_func(&store, "user_entrypoint").ok();
        let (Some(memory), Some(ink), Some(entry)) = (memory, ink, entry) else {
            self.release_pages(info.footprint as u32);
            return Step::Done(InstructionResult::Revert, Bytes::new(), gas - init, 0);
        };
        store.data_mut().memory = Some(memory);
        store.data_mut().ink = Some(ink);
        store.data_mut().status = instance.get_global(&store, stylus::INK_STATUS_GLOBAL);
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
                    _ => Err(false),
                }
            }
            Ok(TypedResumableCall::OutOfFuel(_)) => Err(true),
            Err(e) => {
                if host::ink_status(&run.store)
                    || e.downcast_ref::<Trap>()
                        .map(|t| matches!(t, Trap::OutOfInk))
                        .unwrap_or(false)
                {
                    Err(true)
                } else {
                    Err(false)
                }
            }
        };
        let pages = run.store.data().pages;
        self.release_pages(pages);
        let start = run.start_gas;
        let _ = start;
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
                let gas_left = host::ink_left_store(&run.store) / INK_PER_GAS;
                let st = run.store.data_mut();
                let output = Bytes::from(std::mem::take(&mut st.output));
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
                // Activate if the new code is a Stylus program not yet activated.
                let ctx = &mut self.inner.ctx;
                let code = ctx
                    .journal_mut()
                    .load_account_with_code(created)
                    .ok()
                    .and_then(|a| a.data.info.code.as_ref().map(|c| c.original_bytes()))
                    .unwrap_or_default();
                if stylus::is_stylus(&code) && activation(ctx, keccak256(&code)).is_none() {
                    match activate(ctx, created) {
                        Ok((_, gas, _)) => {
                            run.spent += gas;
                            if run.spent > run.start_gas {
                                return Step::Done(InstructionResult::OutOfGas, Bytes::new(), 0, 0);
                            }
                        }
                        Err(data) => {
                            let left = run.start_gas.saturating_sub(run.spent);
                            return Step::Done(InstructionResult::Revert, data, left, 0);
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
            let excess = inputs.value.get().saturating_sub(run.init_value);
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
        if let Some(t) = &self.tracer {
            t.borrow_mut().enter(&frame_input.frame_input, &self.inner.ctx);
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
