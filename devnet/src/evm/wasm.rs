//! Running a Stylus program in a call frame: instantiating it on wasmi with its
//! start-up costs, suspending it on a nested call and resuming it with the
//! child's result, and turning its exit, trap or out-of-ink into the frame's result.

use revm::handler::FrameResult;
use revm::interpreter::{FrameInput, InstructionResult};
use revm::primitives::{keccak256, Address, Bytes};
use wasmi::{Store, TypedFunc, TypedResumableCall, Val};

use crate::gas::*;
use crate::host::{self, HostState, ResumeInfo, Trap};
use crate::stylus;

use super::{DevEvm, Running, Step, STYLUS_VERSION};
use crate::context::Ctx;

/// A Stylus program suspended on a nested call.
pub(super) struct WasmRun {
    pub(super) store: Store<HostState>,
    pub(super) call: Option<wasmi::TypedResumableCallHostTrap<i32>>,
    pub(super) resume: Option<ResumeInfo>,
    pub(super) child: Option<FrameResult>,
    pub(super) start_gas: u64,
}

impl DevEvm<'_> {
    pub(super) fn start_wasm(&mut self, idx: usize) -> Step {
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

    pub(super) fn resume_wasm(&mut self, idx: usize, mut run: Box<WasmRun>) -> Step {
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
}
