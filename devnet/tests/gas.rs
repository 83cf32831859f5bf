//! Gas follows Nitro's model: pinned ink/gas figures for a cold and a warm SLOAD,
//! an SSTORE zero→nonzero, a log and a call, derived from the model's constants.

mod common;
use common::*;
use restake_devnet::gas::*;
use restake_devnet::stylus::BLOCK_HEADER_INK;
use restake_devnet::*;
use revm::primitives::{Address, B256, U256};

/// Ink of a basic block: header + operator ink.
fn block(ops: &[u64]) -> u64 {
    BLOCK_HEADER_INK + ops.iter().sum::<u64>()
}
const CALL: u64 = 3800;
const CONST: u64 = 1;
const LOCAL_SET: u64 = 210;
const DROP: u64 = 9;

/// Ink between two `evm_ink_left` readings around one host call `X`:
/// the block `local.set; <n consts>; call X`, X's own ink, the block `call ink`, and ink's hostio.
fn around(consts: usize, host_ink: u64) -> u64 {
    let mut ops = vec![LOCAL_SET, CALL];
    ops.extend(std::iter::repeat_n(CONST, consts));
    block(&ops) + host_ink + block(&[CALL]) + HOSTIO_INK
}

fn measure(
    chain: &mut Chain,
    prog: Address,
    input: revm::primitives::Bytes,
    access: Vec<(Address, Vec<B256>)>,
) -> Vec<u64> {
    let out = chain
        .call(
            &TxRequest {
                from: DEV_ACCOUNTS[0],
                to: Some(prog),
                input,
                access_list: access,
                ..Default::default()
            },
            None,
        )
        .unwrap();
    assert!(out.success, "{out:?}");
    out.output
        .chunks(8)
        .map(|c| u64::from_le_bytes(c.try_into().unwrap()))
        .collect()
}

#[test]
fn sload_cold_warm_and_cached() {
    let (mut chain, prog, _) = setup();
    send(&mut chain, prog, op(0, &[&w(1), &w(5)]));
    let sload_ink = |evm_gas: u64| {
        HOSTIO_INK + read_ink(32) + EVM_API_INK + evm_gas * INK_PER_GAS + write_ink(32)
    };
    let cold = around(2, sload_ink(COLD_SLOAD_GAS));
    assert_eq!(cold, 21_110_606);
    // The third read in the frame hits the storage cache: no EVM access, a 10-gas surcharge.
    let cached = around(
        2,
        HOSTIO_INK + read_ink(32) + CACHE_READ_SURCHARGE[2] * INK_PER_GAS + write_ink(32),
    );
    assert_eq!(
        measure(&mut chain, prog, op(7, &[&w(1)]), vec![]),
        vec![cold, cached]
    );
    // Warm (pre-warmed through an access list): 100 gas instead of 2,100.
    let warm = around(2, sload_ink(WARM_SLOAD_GAS));
    assert_eq!(cold - warm, 2_000 * INK_PER_GAS);
    let access = vec![(prog, vec![B256::from(U256::from(1))])];
    assert_eq!(measure(&mut chain, prog, op(7, &[&w(1)]), access)[0], warm);
}

#[test]
fn sstore_zero_to_nonzero() {
    let (mut chain, prog, _) = setup();
    // cache (two reads), then flush: cold slot, 0 -> nonzero = 100 + 2,100 + 19,900 gas.
    let cache = HOSTIO_INK + 2 * read_ink(32);
    let flush = HOSTIO_INK + EVM_API_INK + 22_100 * INK_PER_GAS;
    let expected = block(&[LOCAL_SET, CONST, CONST, CALL])
        + cache
        + block(&[CONST, CALL])
        + flush
        + block(&[CALL])
        + HOSTIO_INK;
    assert_eq!(expected, 221_136_598);
    assert_eq!(
        measure(&mut chain, prog, op(11, &[&w(9), &w(1)]), vec![]),
        vec![expected]
    );
    // Nonzero -> nonzero on a warm slot costs 2,900 (EIP-2200/2929 reset).
    send(&mut chain, prog, op(0, &[&w(9), &w(1)]));
    let access = vec![(prog, vec![B256::from(U256::from(9))])];
    let flush = HOSTIO_INK + EVM_API_INK + 2_900 * INK_PER_GAS;
    let expected = block(&[LOCAL_SET, CONST, CONST, CALL])
        + cache
        + block(&[CONST, CALL])
        + flush
        + block(&[CALL])
        + HOSTIO_INK;
    assert_eq!(
        measure(&mut chain, prog, op(11, &[&w(9), &w(2)]), access),
        vec![expected]
    );
}

#[test]
fn log_cost() {
    let (mut chain, prog, _) = setup();
    // One topic and 32 bytes of data: 375 + 375 + 8 * 32 gas.
    let log = HOSTIO_INK
        + EVM_API_INK
        + read_ink(64)
        + (LOG_GAS + LOG_TOPIC_GAS + 32 * LOG_DATA_GAS) * INK_PER_GAS;
    let expected = around(3, log);
    assert_eq!(expected, 10_167_327);
    assert_eq!(
        measure(&mut chain, prog, op(12, &[&w(1), &w(2)]), vec![]),
        vec![expected]
    );
}

#[test]
fn call_cost() {
    let (mut chain, prog, _) = setup();
    let target = Address::repeat_byte(0x42);
    // A cold account costs 2,600 gas; the callee (no code) returns all forwarded gas.
    let call = HOSTIO_INK
        + EVM_API_INK
        + read_ink(20)
        + read_ink(0)
        + read_ink(32)
        + COLD_ACCOUNT_GAS * INK_PER_GAS;
    let expected = block(&[LOCAL_SET, CONST, CONST, CONST, CONST, CONST, CONST, CALL])
        + call
        + block(&[DROP, CALL])
        + HOSTIO_INK;
    assert_eq!(expected, 26_138_341);
    assert_eq!(
        measure(&mut chain, prog, op(13, &[target.as_slice()]), vec![]),
        vec![expected]
    );
    // Warm: 100 gas.
    let access = vec![(target, vec![])];
    let warm = expected - (COLD_ACCOUNT_GAS - WARM_ACCOUNT_GAS) * INK_PER_GAS;
    assert_eq!(
        measure(&mut chain, prog, op(13, &[target.as_slice()]), access),
        vec![warm]
    );
}

#[test]
fn program_init_and_memory_costs() {
    let (mut chain, prog, _) = setup();
    // The same call twice in one block: the second pays the cached init cost.
    // One transaction here = one block, so compare a cold call with the model.
    let wasm = test_wasm();
    let info = restake_devnet::stylus::validate_wasm(&wasm).unwrap();
    use restake_devnet::activation::ProgramCosts;
    // Stylus v2: 69 × 128 + ⌈cost × 50 × 2 / 100⌉ uncached, 11 × 32 + ⌈…⌉ every call.
    assert_eq!(ProgramCosts::init_gas(0), 8_832);
    assert_eq!(ProgramCosts::cached_gas(0), 352);
    assert_eq!(ProgramCosts::init_gas(1_234), 8_832 + 1_234);
    assert_eq!(ProgramCosts::cached_gas(77), 352 + 77);
    let init = ProgramCosts::init_gas(info.init_cost) + ProgramCosts::cached_gas(info.cached_cost);
    assert_eq!(info.footprint, 1);
    // One page is within the two free pages: no memory gas; the third costs 1,000
    // linear and nothing exponential yet (Nitro's table: exp(3) = exp(0) = 1).
    assert_eq!(memory_gas(1, 0, 0), 0);
    assert_eq!(memory_gas(3, 0, 0), PAGE_GAS);
    assert_eq!(memory_exp_gas(40), 221);
    // 128 pages cost about 31.9 M gas, as in Nitro.
    let big = memory_gas(128, 0, 0);
    assert!((31_000_000..33_000_000).contains(&big), "{big}");
    // A plain call's gas: intrinsic + calldata + init + the wasm's own ink.
    let out = call(&mut chain, prog, op(6, &[]));
    assert!(out.success);
    assert!(
        out.gas_used > 21_000 + init && out.gas_used < 21_000 + init + 5_000,
        "{}",
        out.gas_used
    );
}

#[test]
fn sixty_three_sixty_fourths() {
    let (mut chain, a, _) = setup();
    let b = deploy_stylus(&mut chain, &test_wasm()).unwrap();
    // The inner program loops until it runs out; the outer keeps 1/64 and returns normally.
    let gas = 500_000u64;
    let out = chain
        .call(
            &TxRequest {
                from: DEV_ACCOUNTS[0],
                to: Some(a),
                input: op(2, &[b.as_slice(), &op(5, &[])]),
                gas: Some(gas),
                ..Default::default()
            },
            None,
        )
        .unwrap();
    assert!(!out.success && out.halted.is_none());
    // Everything but (about) 1/64 of what was left at the call is consumed.
    let left = gas - out.gas_used;
    assert!(left > gas / 64 / 2 && left < gas / 64, "left {left}");
}
