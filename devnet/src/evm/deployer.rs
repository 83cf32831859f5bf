//! The StylusDeployer system contract, run natively: create, activate when
//! needed (paying the data fee), call the constructor, refund, in one call.

use revm::context::{ContextTr, JournalTr};
use revm::context_interface::CreateScheme;
use revm::handler::FrameResult;
use revm::interpreter::{
    CallInput, CallInputs, CallScheme, CallValue, CreateInputs, FrameInput, InstructionResult,
};
use revm::primitives::{keccak256, Address, Bytes, Log, LogData, U256};

use crate::gas::*;
use crate::stylus;

use super::{revert_string, selector, DevEvm, Running, Step, STYLUS_DEPLOYER, STYLUS_VERSION};

/// The StylusDeployer's progress.
pub(super) struct DeployRun {
    pub(super) step: u8,
    pub(super) msg_value: U256,
    pub(super) fee: U256,
    pub(super) init_data: Bytes,
    pub(super) init_value: U256,
    pub(super) created: Address,
    pub(super) child: Option<FrameResult>,
    pub(super) start_gas: u64,
    pub(super) spent: u64,
    pub(super) refund: i64,
}

impl DevEvm<'_> {
    pub(super) fn run_deployer(&mut self, idx: usize, existing: Option<Box<DeployRun>>) -> Step {
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
