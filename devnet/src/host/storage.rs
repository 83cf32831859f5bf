//! The storage cache: `storage_load_bytes32` reads through it,
//! `storage_cache_bytes32` writes into it, [`flush_cache`] writes its dirty
//! slots to the journal (charging SSTORE gas then).

use revm::context::{Cfg, ContextTr};
use revm::interpreter::Host;
use revm::primitives::U256;
use wasmi::{AsContext, AsContextMut, Error};

use crate::context::Ctx;
use crate::gas::*;

use super::{
    buy_gas, buy_ink, ctx, evm_api, fatal, hostio, ink_left, read_u256, set_ink, write, HostState,
    Slot, Trap, C,
};

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

pub(super) fn storage_load(mut c: C, key: i32, dest: i32) -> Result<(), Error> {
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

pub(super) fn storage_cache(mut c: C, key: i32, value: i32) -> Result<(), Error> {
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
