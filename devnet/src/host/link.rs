//! The import table: every `vm_hooks` (and debug `console`) host function, by name.

use revm::context::{Block, Cfg, ContextTr, Transaction};
use revm::context_interface::context::ContextError;
use revm::interpreter::{CallScheme, Host};
use revm::primitives::{keccak256, Bytes, Log, LogData, B256, U256};
use wasmi::{Error, Linker};

use crate::gas::*;

use super::storage::flush_cache;
use super::{
    buy_gas, buy_ink, ctx, evm_api, fatal, hostio, ink_left, read, read_addr, read_u256, write,
    HostState, Trap, C,
};

use super::calls::{call_common, create_common};
use super::storage::{storage_cache, storage_load};

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

/// The code of the account at the address in memory at `addr`, its load
/// charged (`account_code`, `account_code_size`).
fn load_code(c: &mut C, addr: i32) -> Result<Bytes, Error> {
    hostio(c)?;
    evm_api(c)?;
    let a = read_addr(c, addr)?;
    let load = ctx(c)
        .load_account_code(a)
        .ok_or_else(|| fatal("database error"))?;
    account_load_cost(c, load.is_cold)?;
    Ok(load.data)
}

/// Writes the part of `data` from `offset` of at most `size` bytes (both
/// clamped to its end) to `dest`; returns how many bytes it wrote.
fn write_clamped(c: &mut C, dest: i32, data: &[u8], offset: i32, size: i32) -> Result<i32, Error> {
    let off = (offset as u32 as usize).min(data.len());
    let end = off.saturating_add(size as u32 as usize).min(data.len());
    write(c, dest, &data[off..end])?;
    Ok((end - off) as i32)
}

/// Prints a debug `console` value when `DEVNET_CONSOLE` is set.
fn console(c: &mut C, v: impl std::fmt::Display) -> Result<(), Error> {
    hostio(c)?;
    if std::env::var_os("DEVNET_CONSOLE").is_some() {
        eprintln!("[stylus console] {v}");
    }
    Ok(())
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
            write_clamped(&mut c, dest, &rd, offset, size)
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
            let code = load_code(&mut c, addr)?;
            write_clamped(&mut c, dest, &code, offset, size)
        },
    )?;
    linker.func_wrap(
        M,
        "account_code_size",
        |mut c: C, addr: i32| -> Result<i32, Error> { Ok(load_code(&mut c, addr)?.len() as i32) },
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
    linker.func_wrap(D, "log_i32", |mut c: C, v: i32| console(&mut c, v))?;
    linker.func_wrap(D, "log_i64", |mut c: C, v: i64| console(&mut c, v))?;
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
