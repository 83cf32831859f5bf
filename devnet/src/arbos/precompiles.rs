//! The precompiles' methods: `ArbWasm`, `ArbWasmCache`, `ArbSys`,
//! `ArbOwnerPublic`, `ArbGasInfo` and `NodeInterface`, by selector.

use revm::context::{ContextTr, JournalTr};
use revm::interpreter::{CallInputs, CallValue, Gas, InstructionResult, InterpreterResult};
use revm::primitives::{keccak256, Address, Bytes, Log, LogData, B256, U256};

use crate::activation::{self};
use crate::context::Ctx;
use crate::stylus;

use super::activate::activate;
use super::programs::{
    code_of, hours_since_arbitrum, pricer_update, program, set_program, Program,
};
use super::{
    l1_price, poster_gas, selector, sol_error, word, words, ARBOS_VERSION, ARB_GAS_INFO,
    ARB_OWNER_PUBLIC, ARB_SYS, ARB_WASM, ARB_WASM_CACHE, BLOCK_CACHE_SIZE, CHAIN_OWNER,
    EXPIRY_DAYS, INK_PRICE, KEEPALIVE_DAYS, NETWORK_FEE_ACCOUNT, NODE_INTERFACE, STORAGE_READ,
    STORAGE_WRITE, STYLUS_VERSION,
};

pub(super) fn result(
    result: InstructionResult,
    limit: u64,
    used: u64,
    output: Bytes,
) -> InterpreterResult {
    let mut gas = Gas::new(limit);
    if result == InstructionResult::OutOfGas || used > limit {
        gas.spend_all();
        return InterpreterResult {
            result: if used > limit {
                InstructionResult::OutOfGas
            } else {
                result
            },
            output: Bytes::new(),
            gas,
        };
    }
    let _ = gas.record_regular_cost(used);
    InterpreterResult {
        result,
        output,
        gas,
    }
}

/// The active program at `codehash`, or the error a call or a view gets.
pub(super) fn active(ctx: &mut Ctx, codehash: B256, time: u64) -> Result<Program, Bytes> {
    let p = program(ctx, codehash);
    if p.version == 0 {
        return Err(sol_error("ProgramNotActivated()", &[]));
    }
    if p.version != STYLUS_VERSION {
        return Err(sol_error(
            "ProgramNeedsUpgrade(uint16,uint16)",
            &[U256::from(p.version), U256::from(STYLUS_VERSION)],
        ));
    }
    if p.expired(time) {
        return Err(sol_error(
            "ProgramExpired(uint64)",
            &[U256::from(p.age(time))],
        ));
    }
    Ok(p)
}

/// Whether this address is one of the precompiles served here.
pub fn is_precompile(a: &Address) -> bool {
    [
        ARB_WASM,
        ARB_WASM_CACHE,
        ARB_SYS,
        ARB_OWNER_PUBLIC,
        ARB_GAS_INFO,
        NODE_INTERFACE,
    ]
    .contains(a)
}

/// Run one of the ArbOS precompiles. `pages_open` are the transaction's open Stylus pages.
pub fn run(ctx: &mut Ctx, inputs: &CallInputs, pages_open: u32) -> InterpreterResult {
    let input = inputs.input.bytes(ctx);
    let limit = inputs.gas_limit;
    let time: u64 = ctx.block().timestamp.saturating_to();
    let to = inputs.bytecode_address;
    if input.len() < 4 {
        return result(InstructionResult::Revert, limit, 0, Bytes::new());
    }
    let sel: [u8; 4] = input[..4].try_into().expect("4 bytes");
    let args = &input[4..];
    let arg = |i: usize| -> Option<[u8; 32]> {
        args.get(32 * i..32 * (i + 1))
            .map(|s| s.try_into().expect("32 bytes"))
    };
    let addr_arg = |i: usize| arg(i).map(|w| Address::from_slice(&w[12..]));
    // ArbOS state open + argument copy.
    let base = STORAGE_READ + 3 * words(args.len());
    let value = inputs.value.get();
    let payable = matches!(inputs.value, CallValue::Transfer(_));
    let ok = |used: u64, out: Vec<u8>| {
        result(
            InstructionResult::Return,
            limit,
            used + 3 * words(out.len()),
            out.into(),
        )
    };
    let revert = |used: u64, data: Bytes| {
        let n = data.len();
        result(InstructionResult::Revert, limit, used + 3 * words(n), data)
    };
    let is = |sig: &str| sel == selector(sig);
    let u = |v: u64| word(U256::from(v)).to_vec();
    let not_payable = !value.is_zero() && payable;

    if to == ARB_SYS {
        let out = if is("arbBlockNumber()") {
            Some(ctx.block().number)
        } else if is("arbChainID()") {
            Some(U256::from(ctx.cfg().chain_id))
        } else if is("arbOSVersion()") {
            Some(U256::from(55 + ARBOS_VERSION))
        } else {
            None
        };
        return match out {
            Some(v) => ok(base, word(v).to_vec()),
            None => revert(base, Bytes::new()),
        };
    }
    if to == ARB_OWNER_PUBLIC {
        return if is("getMaxStylusContractFragments()") {
            ok(base + 100, u(stylus::MAX_FRAGMENTS as u64))
        } else if is("isChainOwner(address)") {
            match addr_arg(0) {
                Some(a) => ok(base + STORAGE_READ, u((a == CHAIN_OWNER) as u64)),
                None => revert(base, Bytes::new()),
            }
        } else if is("getAllChainOwners()") {
            let mut out = u(32);
            out.extend(u(1));
            out.extend_from_slice(CHAIN_OWNER.into_word().as_slice());
            ok(base + 2 * STORAGE_READ, out)
        } else if is("getNetworkFeeAccount()") || is("getInfraFeeAccount()") {
            ok(
                base + STORAGE_READ,
                NETWORK_FEE_ACCOUNT.into_word().to_vec(),
            )
        } else if is("getBrotliCompressionLevel()") {
            ok(base + STORAGE_READ, u(1))
        } else {
            revert(base, Bytes::new())
        };
    }
    if to == ARB_GAS_INFO || to == NODE_INTERFACE {
        let basefee = ctx.block().basefee;
        let l1 = l1_price();
        let l1_per_byte = l1.saturating_mul(16);
        if to == ARB_GAS_INFO {
            return if is("getPricesInWei()") {
                let total = basefee;
                let mut out = Vec::new();
                for v in [
                    0,
                    l1_per_byte,
                    20_000u64.saturating_mul(total),
                    total,
                    0,
                    total,
                ] {
                    out.extend(u(v));
                }
                ok(base + 4 * STORAGE_READ, out)
            } else if is("getPricesInArbGas()") {
                let per_byte = l1_per_byte.checked_div(basefee).unwrap_or(0);
                let mut out = Vec::new();
                for v in [0, per_byte, 20_000] {
                    out.extend(u(v));
                }
                ok(base + 3 * STORAGE_READ, out)
            } else if is("getL1BaseFeeEstimate()") || is("getL1GasPriceEstimate()") {
                ok(base + STORAGE_READ, u(l1))
            } else if is("getMinimumGasPrice()") {
                ok(base + STORAGE_READ, u(basefee))
            } else if is("getCurrentTxL1GasFees()") {
                ok(base, u(0))
            } else if is("getGasAccountingParams()") {
                let mut out = Vec::new();
                for v in [7_000_000u64, 32_000_000, 32_000_000] {
                    out.extend(u(v));
                }
                ok(base + 3 * STORAGE_READ, out)
            } else {
                revert(base, Bytes::new())
            };
        }
        // NodeInterface.
        return if is("gasEstimateL1Component(address,bool,bytes)") {
            // Poster gas for `data`: the brotli-compressed size (units of 16 per byte)
            // times the L1 price, in L2 gas at this base fee.
            let data = decode_bytes(args, 2).unwrap_or_default();
            let l1_gas = poster_gas(&data, basefee, l1);
            let mut out = u(l1_gas);
            out.extend(u(basefee));
            out.extend(u(l1));
            ok(base, out)
        } else if is("nitroGenesisBlock()") {
            ok(base, u(0))
        } else {
            revert(base, Bytes::new())
        };
    }
    if to == ARB_WASM_CACHE {
        let caller = inputs.caller;
        if is("isCacheManager(address)") {
            return ok(base + STORAGE_READ, u(0));
        }
        if is("allCacheManagers()") {
            let mut out = u(32);
            out.extend(u(0));
            return ok(base + STORAGE_READ, out);
        }
        if is("codehashIsCached(bytes32)") {
            return match arg(0) {
                Some(h) => ok(
                    base + STORAGE_READ,
                    u(program(ctx, B256::from(h)).cached as u64),
                ),
                None => revert(base, Bytes::new()),
            };
        }
        let (hash, cache) = if is("cacheProgram(address)") {
            let Some(a) = addr_arg(0) else {
                return revert(base, Bytes::new());
            };
            let (code, _) = code_of(ctx, a);
            (keccak256(&code), true)
        } else if is("cacheCodehash(bytes32)") || is("evictCodehash(bytes32)") {
            let Some(h) = arg(0) else {
                return revert(base, Bytes::new());
            };
            (B256::from(h), is("cacheCodehash(bytes32)"))
        } else {
            return revert(base, Bytes::new());
        };
        if inputs.is_static || not_payable {
            return revert(base, Bytes::new());
        }
        // Only cache managers and chain owners; anyone else loses all the gas given.
        if caller != CHAIN_OWNER {
            return result(InstructionResult::OutOfGas, limit, limit, Bytes::new());
        }
        let mut gas = base + 2 * STORAGE_READ + 100 + STORAGE_READ;
        let mut p = program(ctx, hash);
        if p.version != STYLUS_VERSION && cache {
            return revert(
                gas,
                sol_error(
                    "ProgramNeedsUpgrade(uint16,uint16)",
                    &[U256::from(p.version), U256::from(STYLUS_VERSION)],
                ),
            );
        }
        if p.expired(time) && cache {
            return revert(
                gas,
                sol_error("ProgramExpired(uint64)", &[U256::from(p.age(time))]),
            );
        }
        if p.cached == cache {
            return ok(gas, Vec::new());
        }
        // Event, then the cost of (re)caching: the module's init cost, then the record.
        let topic0 = keccak256("UpdateProgramCache(address,bytes32,bool)");
        ctx.journal_mut().log(Log {
            address: ARB_WASM_CACHE,
            data: LogData::new_unchecked(
                vec![topic0, caller.into_word(), hash],
                word(U256::from(cache as u8)).to_vec().into(),
            ),
        });
        gas += 375 + 3 * 375 + 8 * 32 + p.init_cost as u64 + STORAGE_READ + STORAGE_WRITE;
        p.cached = cache;
        set_program(ctx, hash, &p);
        return ok(gas, Vec::new());
    }
    // ArbWasm.
    let params_gas = base + 100;
    if is("activateProgram(address)") {
        if inputs.is_static {
            return revert(base, Bytes::new());
        }
        let Some(a) = addr_arg(0) else {
            return revert(base, Bytes::new());
        };
        let caller = inputs.caller;
        return match activate(ctx, a, value, ARB_WASM, caller, true, pages_open, time) {
            Ok(done) => {
                let mut out = u(done.version as u64);
                out.extend(word(done.data_fee));
                result(InstructionResult::Return, limit, done.gas, out.into())
            }
            Err(f) if f.burn_all => result(InstructionResult::OutOfGas, limit, limit, Bytes::new()),
            Err(f) => result(InstructionResult::Revert, limit, f.gas, f.data),
        };
    }
    if is("codehashKeepalive(bytes32)") {
        if inputs.is_static {
            return revert(base, Bytes::new());
        }
        let Some(h) = arg(0) else {
            return revert(base, Bytes::new());
        };
        let hash = B256::from(h);
        let gas = params_gas + STORAGE_READ;
        let mut p = match active(ctx, hash, time) {
            Ok(p) => p,
            Err(e) => return revert(gas, e),
        };
        if p.age(time) < KEEPALIVE_DAYS * 86_400 {
            return revert(
                gas,
                sol_error(
                    "ProgramKeepaliveTooSoon(uint64)",
                    &[U256::from(p.age(time))],
                ),
            );
        }
        let fee = pricer_update(ctx, p.asm_estimate_kb as u64 * 1024, time);
        let gas = gas + 5 * STORAGE_READ + 2 * STORAGE_WRITE + STORAGE_WRITE + STORAGE_READ;
        if value < fee {
            return revert(
                gas,
                sol_error("ProgramInsufficientValue(uint256,uint256)", &[value, fee]),
            );
        }
        p.activated_at = hours_since_arbitrum(time);
        set_program(ctx, hash, &p);
        let caller = inputs.caller;
        let j = ctx.journal_mut();
        let _ = j.load_account(NETWORK_FEE_ACCOUNT);
        let _ = j.load_account(caller);
        if !fee.is_zero() {
            let _ = j.transfer(ARB_WASM, NETWORK_FEE_ACCOUNT, fee);
        }
        let excess = value.saturating_sub(fee);
        if !excess.is_zero() {
            let _ = j.transfer(ARB_WASM, caller, excess);
        }
        let topic0 = keccak256("ProgramLifetimeExtended(bytes32,uint256)");
        ctx.journal_mut().log(Log {
            address: ARB_WASM,
            data: LogData::new_unchecked(vec![topic0, hash], word(fee).to_vec().into()),
        });
        return ok(gas + 375 + 2 * 375 + 8 * 32, Vec::new());
    }
    if not_payable {
        return revert(base, Bytes::new());
    }
    if is("stylusVersion()") {
        return ok(params_gas, u(STYLUS_VERSION as u64));
    }
    if is("inkPrice()") {
        return ok(params_gas, u(INK_PRICE));
    }
    if is("maxStackDepth()") {
        return ok(params_gas, u(activation::MAX_STACK_DEPTH as u64));
    }
    if is("freePages()") {
        return ok(params_gas, u(crate::gas::FREE_PAGES as u64));
    }
    if is("pageGas()") {
        return ok(params_gas, u(crate::gas::PAGE_GAS));
    }
    if is("pageRamp()") {
        return ok(params_gas, u(620_674_314));
    }
    if is("pageLimit()") {
        return ok(params_gas, u(activation::PAGE_LIMIT as u64));
    }
    if is("minInitGas()") {
        let mut out = u(69 * 128);
        out.extend(u(11 * 32));
        return ok(params_gas, out);
    }
    if is("initCostScalar()") {
        return ok(params_gas, u(100));
    }
    if is("expiryDays()") {
        return ok(params_gas, u(EXPIRY_DAYS));
    }
    if is("keepaliveDays()") {
        return ok(params_gas, u(KEEPALIVE_DAYS));
    }
    if is("blockCacheSize()") {
        return ok(params_gas, u(BLOCK_CACHE_SIZE as u64));
    }
    if is("activationGas()") {
        return ok(base + STORAGE_READ, u(0));
    }
    let by_hash = is("codehashVersion(bytes32)") || is("codehashAsmSize(bytes32)");
    let by_addr = is("programVersion(address)")
        || is("programInitGas(address)")
        || is("programMemoryFootprint(address)")
        || is("programTimeLeft(address)");
    if by_hash || by_addr {
        let mut gas = params_gas + STORAGE_READ;
        let hash = if by_hash {
            match arg(0) {
                Some(h) => B256::from(h),
                None => return revert(base, Bytes::new()),
            }
        } else {
            let Some(a) = addr_arg(0) else {
                return revert(base, Bytes::new());
            };
            gas += 2_600;
            keccak256(code_of(ctx, a).0)
        };
        let p = match active(ctx, hash, time) {
            Ok(p) => p,
            Err(e) => return revert(gas, e),
        };
        let out = if is("codehashVersion(bytes32)") || is("programVersion(address)") {
            u(p.version as u64)
        } else if is("codehashAsmSize(bytes32)") {
            u(p.asm_estimate_kb as u64 * 1024)
        } else if is("programMemoryFootprint(address)") {
            u(p.footprint as u64)
        } else if is("programTimeLeft(address)") {
            u((EXPIRY_DAYS * 86_400).saturating_sub(p.age(time)))
        } else {
            // Stylus v2: the init gas reported includes the cached gas every call pays.
            let mut out = u(p.init_gas() + p.cached_gas());
            out.extend(u(p.cached_gas()));
            out
        };
        return ok(gas, out);
    }
    revert(base, Bytes::new())
}

pub(super) fn decode_bytes(args: &[u8], index: usize) -> Option<Vec<u8>> {
    let off: usize = U256::from_be_slice(args.get(32 * index..32 * index + 32)?)
        .try_into()
        .ok()?;
    let len: usize = U256::from_be_slice(args.get(off..off + 32)?)
        .try_into()
        .ok()?;
    args.get(off + 32..off + 32 + len).map(|s| s.to_vec())
}
