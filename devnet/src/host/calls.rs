//! Nested calls and creates from wasm: charge, record the request as the
//! frame's pending input and trap ([`Trap::Nested`]) so the EVM wrapper runs the child.

use revm::context_interface::CreateScheme;
use revm::interpreter::{
    instructions::contract::load_account_delegated, CallInput, CallInputs, CallScheme, CallValue,
    CreateInputs, FrameInput,
};
use revm::primitives::{hardfork::SpecId, Bytes, U256};
use wasmi::Error;

use crate::gas::*;

use super::storage::flush_cache;
use super::{
    buy_gas, ctx, evm_api, fatal, hostio, ink_left, read, read_addr, read_u256, ResumeInfo, Trap, C,
};

#[allow(clippy::too_many_arguments)]
pub(super) fn call_common(
    mut c: C,
    scheme: CallScheme,
    contract: i32,
    data: i32,
    data_len: i32,
    value_ptr: Option<i32>,
    gas: i64,
    ret_len: i32,
) -> Result<i32, Error> {
    hostio(&mut c)?;
    evm_api(&mut c)?;
    let to = read_addr(&mut c, contract)?;
    let input = Bytes::from(read(&mut c, data, data_len as u32 as usize)?);
    let value = match value_ptr {
        Some(p) => read_u256(&mut c, p)?,
        None => U256::ZERO,
    };
    if c.data().is_static && !value.is_zero() {
        return Err(fatal("value transfer in a static call"));
    }
    // Writes become visible to the callee (and to reentrant calls); the cache is
    // refilled from the journal afterwards.
    flush_cache(&mut c, true)?;
    let cx = ctx(&c);
    let remaining = ink_left(&c) / INK_PER_GAS;
    let (mut cost, _state, bytecode, hash) = load_account_delegated(
        cx,
        SpecId::PRAGUE,
        remaining,
        to,
        !value.is_zero(),
        scheme == CallScheme::Call,
    )
    .map_err(|_| fatal("database error"))?;
    // revm reports only the cold surcharge; the warm access (100) is the base.
    cost += WARM_ACCOUNT_GAS;
    if !value.is_zero() {
        cost += CALL_VALUE_GAS;
    }
    buy_gas(&mut c, cost)?;
    let available = ink_left(&c) / INK_PER_GAS;
    let mut forward = (gas as u64).min(available - available / 64);
    buy_gas(&mut c, forward)?;
    if !value.is_zero() {
        forward += CALL_STIPEND;
    }
    let st = c.data();
    let (target, caller, call_value) = match scheme {
        CallScheme::DelegateCall => (st.address, st.caller, CallValue::Apparent(st.value)),
        _ => (to, st.address, CallValue::Transfer(value)),
    };
    let inputs = CallInputs {
        input: CallInput::Bytes(input),
        return_memory_offset: 0..0,
        gas_limit: forward,
        reservoir: 0,
        bytecode_address: to,
        known_bytecode: (hash, bytecode),
        target_address: target,
        caller,
        value: call_value,
        scheme,
        is_static: st.is_static || scheme == CallScheme::StaticCall,
        charged_new_account_state_gas: false,
    };
    c.data_mut().pending = Some((
        FrameInput::Call(Box::new(inputs)),
        ResumeInfo::Call {
            ret_len_ptr: ret_len as u32,
        },
    ));
    Err(Error::host(Trap::Nested))
}

pub(super) fn create_common(
    mut c: C,
    code: i32,
    code_len: i32,
    endowment: i32,
    salt: Option<i32>,
    contract: i32,
    ret_len: i32,
) -> Result<(), Error> {
    hostio(&mut c)?;
    evm_api(&mut c)?;
    if c.data().is_static {
        return Err(fatal("create in a static call"));
    }
    let len = code_len as u32 as usize;
    let init = Bytes::from(read(&mut c, code, len)?);
    let value = read_u256(&mut c, endowment)?;
    let words = (len as u64).div_ceil(32);
    let mut gas = CREATE_GAS + 2 * words; // EIP-3860 initcode word cost
    let scheme = match salt {
        Some(p) => {
            gas += CREATE2_WORD_GAS * words;
            CreateScheme::Create2 {
                salt: read_u256(&mut c, p)?,
            }
        }
        None => CreateScheme::Create,
    };
    buy_gas(&mut c, gas)?;
    flush_cache(&mut c, true)?;
    let available = ink_left(&c) / INK_PER_GAS;
    let forward = available - available / 64;
    buy_gas(&mut c, forward)?;
    let inputs = CreateInputs::new(c.data().address, scheme, value, init, forward, 0);
    c.data_mut().pending = Some((
        FrameInput::Create(Box::new(inputs)),
        ResumeInfo::Create {
            addr_ptr: contract as u32,
            ret_len_ptr: ret_len as u32,
        },
    ));
    Err(Error::host(Trap::Nested))
}
