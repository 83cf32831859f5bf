//! The `vm_hooks` host functions a Stylus program imports, on wasmi.
//!
//! Host functions reach the revm context through a raw pointer stored in the
//! store's data; it is set just before the wasm runs or resumes and cleared right
//! after, so it never overlaps revm's own use of the context. Nested calls and
//! creates do not recurse: the host function records the request and returns a
//! resumable [`Trap::Nested`]; the EVM wrapper runs the child frame on revm and
//! resumes the wasm with the result.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;
use std::rc::Rc;

use revm::context::{Block, Cfg, ContextTr, Transaction};
use revm::context_interface::context::ContextError;
use revm::context_interface::CreateScheme;
use revm::interpreter::{
    instructions::contract::load_account_delegated, CallInput, CallInputs, CallScheme, CallValue,
    CreateInputs, FrameInput, Host,
};
use revm::primitives::{hardfork::SpecId, keccak256, Address, Bytes, Log, LogData, B256, U256};
use wasmi::{AsContext, AsContextMut, Caller, Error, Global, Linker, Memory, Val};

use crate::context::Ctx;
use crate::gas::*;

/// Why a host function stopped the wasm.
#[derive(Debug)]
pub enum Trap {
    /// A nested call or create is pending (resumable).
    Nested,
    /// `exit_early(status)`.
    Exit(i32),
    /// The program ran out of ink (all gas is consumed).
    OutOfInk,
    /// The program did something not allowed (e.g. a write in a static call); reverts.
    Fatal(String),
}

impl fmt::Display for Trap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self:?}")
    }
}

impl wasmi::errors::HostError for Trap {}

/// Where to write the outcome of a pending nested call.
#[derive(Debug, Clone, Copy)]
pub enum ResumeInfo {
    /// call_contract / delegate / static: write the return data length here; resume with status.
    Call {
        /// Guest pointer for the return data length.
        ret_len_ptr: u32,
    },
    /// create1/2: write the address and the revert data length; resume with nothing.
    Create {
        /// Guest pointer for the new address.
        addr_ptr: u32,
        /// Guest pointer for the revert data length.
        ret_len_ptr: u32,
    },
}

/// Per-transaction state shared by every Stylus frame.
#[derive(Default, Debug)]
pub struct TxShared {
    /// Memory pages open now.
    pub mem_open: u32,
    /// Most pages open at once in this transaction.
    pub mem_ever: u32,
    /// Programs called recently in this block, most recent last (ArbOS ≥ 60 keeps the
    /// last [`crate::arbos::BLOCK_CACHE_SIZE`]; a hit pays only the cached start-up gas).
    pub recent: Vec<B256>,
}

impl TxShared {
    /// Record a call of `hash` in the recent-program cache; returns whether it was
    /// already there (a hit). Least recently used programs are evicted first.
    pub fn recent_insert(&mut self, hash: B256) -> bool {
        let hit = if let Some(i) = self.recent.iter().position(|h| *h == hash) {
            self.recent.remove(i);
            true
        } else {
            false
        };
        self.recent.push(hash);
        if self.recent.len() > crate::arbos::BLOCK_CACHE_SIZE {
            self.recent.remove(0);
        }
        hit
    }
}

/// A slot of the storage cache.
#[derive(Debug, Clone, Copy)]
struct Slot {
    value: U256,
    dirty: bool,
}

/// The wasmi store's data: one per running Stylus frame.
pub struct HostState {
    pub(crate) ctx: *mut Ctx,
    pub(crate) address: Address,
    pub(crate) caller: Address,
    pub(crate) value: U256,
    pub(crate) args: Bytes,
    pub(crate) is_static: bool,
    pub(crate) reentrant: bool,
    /// Call depth of the frame.
    pub depth: usize,
    pub(crate) output: Vec<u8>,
    pub(crate) return_data: Bytes,
    cache: BTreeMap<U256, Slot>,
    reads: usize,
    writes: usize,
    pub(crate) refund: i64,
    pub(crate) pending: Option<(FrameInput, ResumeInfo)>,
    pub(crate) memory: Option<Memory>,
    pub(crate) ink: Option<Global>,
    pub(crate) status: Option<Global>,
    pub(crate) stack: Option<Global>,
    pub(crate) shared: Rc<RefCell<TxShared>>,
    pub(crate) pages: u32,
    pub(crate) limits: wasmi::StoreLimits,
}

impl HostState {
    /// New state for a frame.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        address: Address,
        caller: Address,
        value: U256,
        args: Bytes,
        is_static: bool,
        reentrant: bool,
        depth: usize,
        shared: Rc<RefCell<TxShared>>,
        pages: u32,
    ) -> Self {
        Self {
            ctx: std::ptr::null_mut(),
            address,
            caller,
            value,
            args,
            is_static,
            reentrant,
            depth,
            output: Vec::new(),
            return_data: Bytes::new(),
            cache: BTreeMap::new(),
            reads: 0,
            writes: 0,
            refund: 0,
            pending: None,
            memory: None,
            ink: None,
            status: None,
            stack: None,
            shared,
            pages,
            limits: wasmi::StoreLimitsBuilder::new()
                .memory_size(crate::stylus::MAX_PAGES as usize * 65536)
                .build(),
        }
    }
}

type C<'a> = Caller<'a, HostState>;

fn fatal(msg: impl Into<String>) -> Error {
    Error::host(Trap::Fatal(msg.into()))
}

/// Ink left in the running program.
pub fn ink_left<T: AsContext<Data = HostState>>(c: &T) -> u64 {
    let g = c.as_context().data().ink.expect("ink global");
    g.get(c.as_context()).i64().unwrap_or(0) as u64
}

fn set_ink<T: AsContextMut<Data = HostState>>(c: &mut T, v: u64) {
    let g = c.as_context().data().ink.expect("ink global");
    g.set(c.as_context_mut(), Val::I64(v as i64))
        .expect("ink global is mutable");
}

/// Ink left, on a store.
pub fn ink_left_store(s: &wasmi::Store<HostState>) -> u64 {
    ink_left(s)
}

/// Set the ink left, on a store.
pub fn set_ink_store(s: &mut wasmi::Store<HostState>, v: u64) {
    set_ink(s, v)
}

/// Deduct `ink`, or trap out of ink.
pub fn buy_ink<T: AsContextMut<Data = HostState>>(c: &mut T, ink: u64) -> Result<(), Error> {
    let left = ink_left(c);
    if left < ink {
        set_ink(c, 0);
        return Err(Error::host(Trap::OutOfInk));
    }
    set_ink(c, left - ink);
    Ok(())
}

/// Deduct EVM `gas` (as ink).
pub fn buy_gas<T: AsContextMut<Data = HostState>>(c: &mut T, gas: u64) -> Result<(), Error> {
    buy_ink(c, gas.saturating_mul(INK_PER_GAS))
}

/// Flush the storage cache at the end of a successful run: `Err(true)` when out of ink.
pub fn flush_store(s: &mut wasmi::Store<HostState>) -> Result<(), bool> {
    flush_cache(s, false).map_err(|e| matches!(e.downcast_ref::<Trap>(), Some(Trap::OutOfInk)))
}

/// Whether the metering code flagged running out of ink.
/// Whether the program ran out of stack (the depth checker zeroed its global).
pub fn out_of_stack(s: &wasmi::Store<HostState>) -> bool {
    match s.data().stack {
        Some(g) => g.get(s).i32().unwrap_or(1) == 0,
        None => false,
    }
}

/// Whether the program ran out of ink (the meter's status global is set).
pub fn ink_status(s: &wasmi::Store<HostState>) -> bool {
    match s.data().status {
        Some(g) => g.get(s).i32().unwrap_or(0) != 0,
        None => false,
    }
}

fn read(c: &mut C, ptr: i32, len: usize) -> Result<Vec<u8>, Error> {
    buy_ink(c, read_ink(len))?;
    let mem = c.data().memory.expect("memory");
    let mut buf = vec![0u8; len];
    mem.read(&*c, ptr as u32 as usize, &mut buf)
        .map_err(|_| fatal("memory access out of bounds"))?;
    Ok(buf)
}

fn read_word(c: &mut C, ptr: i32) -> Result<[u8; 32], Error> {
    let v = read(c, ptr, 32)?;
    Ok(v.try_into().unwrap())
}

fn read_u256(c: &mut C, ptr: i32) -> Result<U256, Error> {
    Ok(U256::from_be_bytes(read_word(c, ptr)?))
}

fn read_addr(c: &mut C, ptr: i32) -> Result<Address, Error> {
    Ok(Address::from_slice(&read(c, ptr, 20)?))
}

fn write(c: &mut C, ptr: i32, data: &[u8]) -> Result<(), Error> {
    buy_ink(c, write_ink(data.len()))?;
    write_free(c, ptr as u32, data)
}

/// Write guest memory without charging ink.
pub fn write_free(
    c: &mut impl wasmi::AsContextMut<Data = HostState>,
    ptr: u32,
    data: &[u8],
) -> Result<(), Error> {
    let mem = c.as_context().data().memory.expect("memory");
    mem.write(c, ptr as usize, data)
        .map_err(|_| fatal("memory access out of bounds"))
}

#[allow(clippy::mut_from_ref)]
fn ctx<'a>(c: &C) -> &'a mut Ctx {
    let p = c.data().ctx;
    assert!(!p.is_null(), "host call outside execution");
    // SAFETY: the pointer is set by the EVM wrapper only while the wasm runs, during
    // which nothing else touches the context.
    unsafe { &mut *p }
}

fn hostio(c: &mut C) -> Result<(), Error> {
    buy_ink(c, HOSTIO_INK)
}

fn evm_api(c: &mut C) -> Result<(), Error> {
    buy_ink(c, EVM_API_INK)
}

/// Write every dirty slot of the storage cache to the journal, charging SSTORE gas
/// (EIP-2200/2929 with the 2,300 sentry); `clear` also empties the cache.
pub fn flush_cache<T: AsContextMut<Data = HostState>>(c: &mut T, clear: bool) -> Result<(), Error> {
    let dirty: Vec<(U256, U256)> = c
        .as_context()
        .data()
        .cache
        .iter()
        .filter(|(_, s)| s.dirty)
        .map(|(k, s)| (*k, s.value))
        .collect();
    if !dirty.is_empty() {
        if c.as_context().data().is_static {
            return Err(fatal("storage write in a static call"));
        }
        buy_ink(c, EVM_API_INK)?;
    }
    let address = c.as_context().data().address;
    for (key, value) in dirty {
        if ink_left(c) / INK_PER_GAS <= CALL_STIPEND {
            set_ink(c, 0);
            return Err(Error::host(Trap::OutOfInk));
        }
        let p = c.as_context().data().ctx;
        assert!(!p.is_null(), "flush outside execution");
        // SAFETY: see `ctx`.
        let cx: &mut Ctx = unsafe { &mut *p };
        let res = cx
            .sstore(address, key, value)
            .ok_or_else(|| fatal("database error"))?;
        let params = cx.cfg().gas_params().clone();
        let gas =
            params.sstore_static_gas() + params.sstore_dynamic_gas(true, &res.data, res.is_cold);
        let refund = params.sstore_refund(true, &res.data);
        buy_gas(c, gas)?;
        c.as_context_mut().data_mut().refund += refund;
        if let Some(s) = c.as_context_mut().data_mut().cache.get_mut(&key) {
            s.dirty = false;
        }
    }
    if clear {
        c.as_context_mut().data_mut().cache.clear();
    }
    Ok(())
}

fn surcharge(table: &[u64; 3], n: usize) -> u64 {
    table[n.min(2)]
}

fn storage_load(mut c: C, key: i32, dest: i32) -> Result<(), Error> {
    hostio(&mut c)?;
    let k = read_u256(&mut c, key)?;
    let n = c.data().reads;
    c.data_mut().reads += 1;
    buy_gas(&mut c, surcharge(&CACHE_READ_SURCHARGE, n))?;
    let value = if let Some(s) = c.data().cache.get(&k) {
        s.value
    } else {
        evm_api(&mut c)?;
        let address = c.data().address;
        let load = ctx(&c)
            .sload(address, k)
            .ok_or_else(|| fatal("database error"))?;
        buy_gas(
            &mut c,
            if load.is_cold {
                COLD_SLOAD_GAS
            } else {
                WARM_SLOAD_GAS
            },
        )?;
        c.data_mut().cache.insert(
            k,
            Slot {
                value: load.data,
                dirty: false,
            },
        );
        load.data
    };
    write(&mut c, dest, &value.to_be_bytes::<32>())
}

fn storage_cache(mut c: C, key: i32, value: i32) -> Result<(), Error> {
    hostio(&mut c)?;
    let k = read_u256(&mut c, key)?;
    let v = read_u256(&mut c, value)?;
    if ink_left(&c) / INK_PER_GAS <= CALL_STIPEND {
        set_ink(&mut c, 0);
        return Err(Error::host(Trap::OutOfInk));
    }
    let n = c.data().writes;
    c.data_mut().writes += 1;
    buy_gas(&mut c, surcharge(&CACHE_WRITE_SURCHARGE, n))?;
    c.data_mut().cache.insert(
        k,
        Slot {
            value: v,
            dirty: true,
        },
    );
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn call_common(
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

fn create_common(
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

fn math2(mut c: C, a: i32, b: i32, gas: u64, f: fn(U256, U256) -> U256) -> Result<(), Error> {
    hostio(&mut c)?;
    let x = read_u256(&mut c, a)?;
    let y = read_u256(&mut c, b)?;
    buy_gas(&mut c, gas)?;
    write(&mut c, a, &f(x, y).to_be_bytes::<32>())
}

fn math3(mut c: C, a: i32, b: i32, m: i32, f: fn(U256, U256, U256) -> U256) -> Result<(), Error> {
    hostio(&mut c)?;
    let x = read_u256(&mut c, a)?;
    let y = read_u256(&mut c, b)?;
    let z = read_u256(&mut c, m)?;
    buy_gas(&mut c, 8)?;
    write(&mut c, a, &f(x, y, z).to_be_bytes::<32>())
}

fn account_load_cost(c: &mut C, is_cold: bool) -> Result<(), Error> {
    buy_gas(
        c,
        if is_cold {
            COLD_ACCOUNT_GAS
        } else {
            WARM_ACCOUNT_GAS
        },
    )
}

/// Register every `vm_hooks` (and debug `console`) import.
pub fn link(linker: &mut Linker<HostState>) -> Result<(), wasmi::errors::LinkerError> {
    const M: &str = "vm_hooks";
    linker.func_wrap(M, "read_args", |mut c: C, dest: i32| -> Result<(), Error> {
        hostio(&mut c)?;
        let args = c.data().args.clone();
        write(&mut c, dest, &args)
    })?;
    linker.func_wrap(
        M,
        "write_result",
        |mut c: C, ptr: i32, len: i32| -> Result<(), Error> {
            hostio(&mut c)?;
            let data = read(&mut c, ptr, len as u32 as usize)?;
            c.data_mut().output = data;
            Ok(())
        },
    )?;
    linker.func_wrap(
        M,
        "exit_early",
        |mut c: C, status: i32| -> Result<(), Error> {
            hostio(&mut c)?;
            Err(Error::host(Trap::Exit(status)))
        },
    )?;
    linker.func_wrap(M, "storage_load_bytes32", storage_load)?;
    linker.func_wrap(M, "storage_cache_bytes32", storage_cache)?;
    linker.func_wrap(
        M,
        "storage_flush_cache",
        |mut c: C, clear: i32| -> Result<(), Error> {
            hostio(&mut c)?;
            flush_cache(&mut c, clear != 0)
        },
    )?;
    linker.func_wrap(
        M,
        "transient_load_bytes32",
        |mut c: C, key: i32, dest: i32| -> Result<(), Error> {
            hostio(&mut c)?;
            evm_api(&mut c)?;
            let k = read_u256(&mut c, key)?;
            buy_gas(&mut c, WARM_SLOAD_GAS)?;
            let a = c.data().address;
            let v = ctx(&c).tload(a, k);
            write(&mut c, dest, &v.to_be_bytes::<32>())
        },
    )?;
    linker.func_wrap(
        M,
        "transient_store_bytes32",
        |mut c: C, key: i32, value: i32| -> Result<(), Error> {
            hostio(&mut c)?;
            evm_api(&mut c)?;
            if c.data().is_static {
                return Err(fatal("transient store in a static call"));
            }
            let k = read_u256(&mut c, key)?;
            let v = read_u256(&mut c, value)?;
            buy_gas(&mut c, WARM_SLOAD_GAS)?;
            let a = c.data().address;
            ctx(&c).tstore(a, k, v);
            Ok(())
        },
    )?;
    linker.func_wrap(
        M,
        "call_contract",
        |c: C, contract: i32, data: i32, len: i32, value: i32, gas: i64, ret: i32| {
            call_common(
                c,
                CallScheme::Call,
                contract,
                data,
                len,
                Some(value),
                gas,
                ret,
            )
        },
    )?;
    linker.func_wrap(
        M,
        "delegate_call_contract",
        |c: C, contract: i32, data: i32, len: i32, gas: i64, ret: i32| {
            call_common(
                c,
                CallScheme::DelegateCall,
                contract,
                data,
                len,
                None,
                gas,
                ret,
            )
        },
    )?;
    linker.func_wrap(
        M,
        "static_call_contract",
        |c: C, contract: i32, data: i32, len: i32, gas: i64, ret: i32| {
            call_common(
                c,
                CallScheme::StaticCall,
                contract,
                data,
                len,
                None,
                gas,
                ret,
            )
        },
    )?;
    linker.func_wrap(
        M,
        "create1",
        |c: C, code: i32, len: i32, endowment: i32, contract: i32, ret: i32| {
            create_common(c, code, len, endowment, None, contract, ret)
        },
    )?;
    linker.func_wrap(
        M,
        "create2",
        |c: C, code: i32, len: i32, endowment: i32, salt: i32, contract: i32, ret: i32| {
            create_common(c, code, len, endowment, Some(salt), contract, ret)
        },
    )?;
    linker.func_wrap(
        M,
        "read_return_data",
        |mut c: C, dest: i32, offset: i32, size: i32| -> Result<i32, Error> {
            hostio(&mut c)?;
            let rd = c.data().return_data.clone();
            let off = (offset as u32 as usize).min(rd.len());
            let end = off.saturating_add(size as u32 as usize).min(rd.len());
            write(&mut c, dest, &rd[off..end])?;
            Ok((end - off) as i32)
        },
    )?;
    linker.func_wrap(M, "return_data_size", |mut c: C| -> Result<i32, Error> {
        hostio(&mut c)?;
        Ok(c.data().return_data.len() as i32)
    })?;
    linker.func_wrap(
        M,
        "emit_log",
        |mut c: C, data: i32, len: i32, topics: i32| -> Result<(), Error> {
            hostio(&mut c)?;
            evm_api(&mut c)?;
            if c.data().is_static {
                return Err(fatal("log in a static call"));
            }
            let len = len as u32 as usize;
            let topics = topics as u32 as usize;
            if topics > 4 || len < topics * 32 {
                return Err(fatal("bad log"));
            }
            let bytes = read(&mut c, data, len)?;
            buy_gas(
                &mut c,
                LOG_GAS + LOG_TOPIC_GAS * topics as u64 + LOG_DATA_GAS * (len - topics * 32) as u64,
            )?;
            let t: Vec<B256> = (0..topics)
                .map(|i| B256::from_slice(&bytes[i * 32..i * 32 + 32]))
                .collect();
            let address = c.data().address;
            ctx(&c).log(Log {
                address,
                data: LogData::new_unchecked(t, Bytes::copy_from_slice(&bytes[topics * 32..])),
            });
            Ok(())
        },
    )?;
    linker.func_wrap(
        M,
        "account_balance",
        |mut c: C, addr: i32, dest: i32| -> Result<(), Error> {
            hostio(&mut c)?;
            evm_api(&mut c)?;
            let a = read_addr(&mut c, addr)?;
            let load = ctx(&c).balance(a).ok_or_else(|| fatal("database error"))?;
            account_load_cost(&mut c, load.is_cold)?;
            write(&mut c, dest, &load.data.to_be_bytes::<32>())
        },
    )?;
    linker.func_wrap(
        M,
        "account_code",
        |mut c: C, addr: i32, offset: i32, size: i32, dest: i32| -> Result<i32, Error> {
            hostio(&mut c)?;
            evm_api(&mut c)?;
            let a = read_addr(&mut c, addr)?;
            let load = ctx(&c)
                .load_account_code(a)
                .ok_or_else(|| fatal("database error"))?;
            account_load_cost(&mut c, load.is_cold)?;
            let code = load.data;
            let off = (offset as u32 as usize).min(code.len());
            let end = off.saturating_add(size as u32 as usize).min(code.len());
            write(&mut c, dest, &code[off..end])?;
            Ok((end - off) as i32)
        },
    )?;
    linker.func_wrap(
        M,
        "account_code_size",
        |mut c: C, addr: i32| -> Result<i32, Error> {
            hostio(&mut c)?;
            evm_api(&mut c)?;
            let a = read_addr(&mut c, addr)?;
            let load = ctx(&c)
                .load_account_code(a)
                .ok_or_else(|| fatal("database error"))?;
            account_load_cost(&mut c, load.is_cold)?;
            Ok(load.data.len() as i32)
        },
    )?;
    linker.func_wrap(
        M,
        "account_codehash",
        |mut c: C, addr: i32, dest: i32| -> Result<(), Error> {
            hostio(&mut c)?;
            evm_api(&mut c)?;
            let a = read_addr(&mut c, addr)?;
            let load = ctx(&c)
                .load_account_code_hash(a)
                .ok_or_else(|| fatal("database error"))?;
            account_load_cost(&mut c, load.is_cold)?;
            write(&mut c, dest, load.data.as_slice())
        },
    )?;
    linker.func_wrap(M, "evm_gas_left", |mut c: C| -> Result<i64, Error> {
        hostio(&mut c)?;
        Ok((ink_left(&c) / INK_PER_GAS) as i64)
    })?;
    linker.func_wrap(M, "evm_ink_left", |mut c: C| -> Result<i64, Error> {
        hostio(&mut c)?;
        Ok(ink_left(&c) as i64)
    })?;
    linker.func_wrap(
        M,
        "block_basefee",
        |mut c: C, dest: i32| -> Result<(), Error> {
            hostio(&mut c)?;
            let v = U256::from(ctx(&c).block().basefee());
            write(&mut c, dest, &v.to_be_bytes::<32>())
        },
    )?;
    linker.func_wrap(M, "chainid", |mut c: C| -> Result<i64, Error> {
        hostio(&mut c)?;
        Ok(ctx(&c).cfg().chain_id() as i64)
    })?;
    linker.func_wrap(
        M,
        "block_coinbase",
        |mut c: C, dest: i32| -> Result<(), Error> {
            hostio(&mut c)?;
            let v = ctx(&c).block().beneficiary();
            write(&mut c, dest, v.as_slice())
        },
    )?;
    linker.func_wrap(M, "block_gas_limit", |mut c: C| -> Result<i64, Error> {
        hostio(&mut c)?;
        Ok(ctx(&c).block().gas_limit() as i64)
    })?;
    linker.func_wrap(M, "block_number", |mut c: C| -> Result<i64, Error> {
        hostio(&mut c)?;
        Ok(ctx(&c).block().number().saturating_to::<u64>() as i64)
    })?;
    linker.func_wrap(M, "block_timestamp", |mut c: C| -> Result<i64, Error> {
        hostio(&mut c)?;
        Ok(ctx(&c).block().timestamp().saturating_to::<u64>() as i64)
    })?;
    linker.func_wrap(
        M,
        "contract_address",
        |mut c: C, dest: i32| -> Result<(), Error> {
            hostio(&mut c)?;
            let a = c.data().address;
            write(&mut c, dest, a.as_slice())
        },
    )?;
    linker.func_wrap(M, "math_div", |c: C, a: i32, b: i32| {
        math2(c, a, b, 5, |x, y| x.checked_div(y).unwrap_or_default())
    })?;
    linker.func_wrap(M, "math_mod", |c: C, a: i32, b: i32| {
        math2(c, a, b, 5, |x, y| x.checked_rem(y).unwrap_or_default())
    })?;
    linker.func_wrap(
        M,
        "math_pow",
        |mut c: C, a: i32, b: i32| -> Result<(), Error> {
            // EXP: 10 + 50 per byte of exponent
            let y = {
                let mem = c.data().memory.expect("memory");
                let mut w = [0u8; 32];
                mem.read(&c, b as u32 as usize, &mut w)
                    .map_err(|_| fatal("memory access out of bounds"))?;
                U256::from_be_bytes(w)
            };
            let bytes = (y.bit_len() as u64).div_ceil(8);
            buy_gas(&mut c, 10 + 50 * bytes)?;
            math2(c, a, b, 0, |x, y| x.wrapping_pow(y))
        },
    )?;
    linker.func_wrap(M, "math_add_mod", |c: C, a: i32, b: i32, m: i32| {
        math3(c, a, b, m, |x, y, z| x.add_mod(y, z))
    })?;
    linker.func_wrap(M, "math_mul_mod", |c: C, a: i32, b: i32, m: i32| {
        math3(c, a, b, m, |x, y, z| x.mul_mod(y, z))
    })?;
    linker.func_wrap(M, "msg_reentrant", |mut c: C| -> Result<i32, Error> {
        hostio(&mut c)?;
        Ok(c.data().reentrant as i32)
    })?;
    linker.func_wrap(
        M,
        "msg_sender",
        |mut c: C, dest: i32| -> Result<(), Error> {
            hostio(&mut c)?;
            let a = c.data().caller;
            write(&mut c, dest, a.as_slice())
        },
    )?;
    linker.func_wrap(M, "msg_value", |mut c: C, dest: i32| -> Result<(), Error> {
        hostio(&mut c)?;
        let v = c.data().value;
        write(&mut c, dest, &v.to_be_bytes::<32>())
    })?;
    linker.func_wrap(
        M,
        "native_keccak256",
        |mut c: C, data: i32, len: i32, out: i32| -> Result<(), Error> {
            hostio(&mut c)?;
            let len = len as u32 as usize;
            buy_ink(&mut c, keccak_ink(len))?;
            let bytes = read(&mut c, data, len)?;
            let h = keccak256(&bytes);
            write(&mut c, out, h.as_slice())
        },
    )?;
    linker.func_wrap(
        M,
        "tx_gas_price",
        |mut c: C, dest: i32| -> Result<(), Error> {
            hostio(&mut c)?;
            let cx = ctx(&c);
            let v = U256::from(cx.tx().effective_gas_price(cx.block().basefee() as u128));
            write(&mut c, dest, &v.to_be_bytes::<32>())
        },
    )?;
    linker.func_wrap(M, "tx_ink_price", |mut c: C| -> Result<i32, Error> {
        hostio(&mut c)?;
        Ok(INK_PER_GAS as i32)
    })?;
    linker.func_wrap(M, "tx_origin", |mut c: C, dest: i32| -> Result<(), Error> {
        hostio(&mut c)?;
        let a = ctx(&c).tx().caller();
        write(&mut c, dest, a.as_slice())
    })?;
    linker.func_wrap(
        M,
        "pay_for_memory_grow",
        |mut c: C, pages: i32| -> Result<(), Error> {
            hostio(&mut c)?;
            let pages = pages as u32 & 0xffff;
            if pages == 0 {
                return Ok(());
            }
            let shared = c.data().shared.clone();
            let gas = {
                let s = shared.borrow();
                memory_gas(pages, s.mem_open, s.mem_ever)
            };
            buy_gas(&mut c, gas)?;
            let mut s = shared.borrow_mut();
            s.mem_open += pages;
            s.mem_ever = s.mem_ever.max(s.mem_open);
            drop(s);
            c.data_mut().pages += pages;
            Ok(())
        },
    )?;
    const D: &str = "console";
    linker.func_wrap(D, "log_i32", |mut c: C, v: i32| -> Result<(), Error> {
        hostio(&mut c)?;
        if std::env::var_os("DEVNET_CONSOLE").is_some() {
            eprintln!("[stylus console] {v}");
        }
        Ok(())
    })?;
    linker.func_wrap(D, "log_i64", |mut c: C, v: i64| -> Result<(), Error> {
        hostio(&mut c)?;
        if std::env::var_os("DEVNET_CONSOLE").is_some() {
            eprintln!("[stylus console] {v}");
        }
        Ok(())
    })?;
    linker.func_wrap(
        D,
        "log_txt",
        |mut c: C, p: i32, len: i32| -> Result<(), Error> {
            hostio(&mut c)?;
            let b = read(&mut c, p, len as u32 as usize)?;
            if std::env::var_os("DEVNET_CONSOLE").is_some() {
                eprintln!("[stylus console] {}", String::from_utf8_lossy(&b));
            }
            Ok(())
        },
    )?;
    let _ = ContextError::<std::convert::Infallible>::Custom(String::new());
    Ok(())
}
