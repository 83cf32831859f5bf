//! The `vm_hooks` host functions a Stylus program imports, on wasmi.
//!
//! Host functions reach the revm context through a raw pointer stored in the
//! store's data; it is set just before the wasm runs or resumes and cleared right
//! after, so it never overlaps revm's own use of the context. Nested calls and
//! creates do not recurse: the host function records the request and returns a
//! resumable [`Trap::Nested`]; the EVM wrapper runs the child frame on revm and
//! resumes the wasm with the result.

//!
//! `storage` (the storage cache and its flush), `calls` (nested calls and
//! creates), `link` (the import table); this file holds the frame's state
//! ([`HostState`]), the per-transaction state ([`TxShared`]), the trap kinds and
//! the ink and guest-memory helpers they share.

mod calls;
mod link;
mod storage;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;
use std::rc::Rc;

use revm::interpreter::FrameInput;
use revm::primitives::{Address, Bytes, B256, U256};
use wasmi::{AsContext, AsContextMut, Caller, Error, Global, Memory, Val};

use crate::context::Ctx;
use crate::gas::*;

pub use link::link;
pub use storage::flush_cache;

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
