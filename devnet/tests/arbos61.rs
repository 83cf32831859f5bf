//! ArbOS 61 semantics on the devnet, each against Nitro's numbers: versions and
//! parameters, Stylus v2 start-up costs (uncached, cached through ArbWasmCache, and
//! the per-block recent-program cache), the activation data fee, expiry and keepalive,
//! what activation refuses, memory and stack metering, and fragmented programs.

mod common;

use common::*;
use restake_devnet::activation::ProgramCosts;
use restake_devnet::arbos::{
    ARB_GAS_INFO, ARB_OWNER_PUBLIC, ARB_SYS, ARB_WASM_CACHE, CHAIN_OWNER, NETWORK_FEE_ACCOUNT,
};
use restake_devnet::chain::TxRec;
use restake_devnet::*;
use revm::primitives::{keccak256, Address, Bytes, U256};

fn sel(sig: &str) -> Vec<u8> {
    keccak256(sig.as_bytes())[..4].to_vec()
}

fn with_addr(sig: &str, a: Address) -> Bytes {
    let mut d = sel(sig);
    d.extend_from_slice(a.into_word().as_slice());
    d.into()
}

fn with_word(sig: &str, w: [u8; 32]) -> Bytes {
    let mut d = sel(sig);
    d.extend_from_slice(&w);
    d.into()
}

fn calldata_gas(data: &[u8]) -> u64 {
    data.iter().map(|b| if *b == 0 { 4 } else { 16 }).sum()
}

fn word_at(out: &[u8], i: usize) -> U256 {
    U256::from_be_slice(&out[32 * i..32 * (i + 1)])
}

fn view(chain: &mut Chain, to: Address, input: Bytes) -> Bytes {
    let out = call(chain, to, input);
    assert!(out.success, "view reverted: {out:?}");
    out.output
}

fn send_from(chain: &mut Chain, from: Address, to: Address, input: Bytes, value: U256) -> TxRec {
    let h = chain
        .send(&TxRequest {
            from,
            to: Some(to),
            input,
            value,
            ..Default::default()
        })
        .unwrap();
    chain.tx(h).unwrap().clone()
}

fn deploy_code(chain: &mut Chain, code: &[u8]) -> Address {
    let h = chain
        .send(&TxRequest {
            from: DEV_ACCOUNTS[0],
            input: deploy_initcode_for_code(code).into(),
            ..Default::default()
        })
        .unwrap();
    let rec = chain.tx(h).unwrap();
    assert!(rec.status, "deploy failed");
    rec.contract_address.unwrap()
}

/// Deploy `wasm` (classic form) without activating it.
fn deploy_unactivated(chain: &mut Chain, wasm: &[u8]) -> Address {
    deploy_code(chain, &compress_program(wasm))
}

/// Activate through an eth_call under a gas limit; the outcome.
fn try_activate(chain: &mut Chain, program: Address) -> restake_devnet::chain::CallOutcome {
    chain
        .call(
            &TxRequest {
                from: DEV_ACCOUNTS[0],
                to: Some(ARB_WASM),
                input: activate_calldata(program),
                value: U256::from(10u64).pow(U256::from(18)),
                gas: Some(10_000_000),
                ..Default::default()
            },
            None,
        )
        .unwrap()
}

#[test]
fn versions_and_parameters_are_arbos_61() {
    let mut chain = Chain::default();
    // ArbSys reports 55 + the ArbOS version, as Nitro does.
    let v = view(&mut chain, ARB_SYS, sel("arbOSVersion()").into());
    assert_eq!(word_at(&v, 0), U256::from(116));
    let w = |c: &mut Chain, sig: &str| word_at(&view(c, ARB_WASM, sel(sig).into()), 0);
    assert_eq!(w(&mut chain, "stylusVersion()"), U256::from(2));
    assert_eq!(w(&mut chain, "inkPrice()"), U256::from(10_000));
    assert_eq!(w(&mut chain, "maxStackDepth()"), U256::from(22_000));
    assert_eq!(w(&mut chain, "freePages()"), U256::from(2));
    assert_eq!(w(&mut chain, "pageGas()"), U256::from(1_000));
    assert_eq!(w(&mut chain, "pageLimit()"), U256::from(128));
    assert_eq!(w(&mut chain, "initCostScalar()"), U256::from(100));
    assert_eq!(w(&mut chain, "expiryDays()"), U256::from(365));
    assert_eq!(w(&mut chain, "keepaliveDays()"), U256::from(31));
    assert_eq!(w(&mut chain, "blockCacheSize()"), U256::from(32));
    let m = view(&mut chain, ARB_WASM, sel("minInitGas()").into());
    assert_eq!(
        (word_at(&m, 0), word_at(&m, 1)),
        (U256::from(8_832), U256::from(352))
    );
    let f = view(
        &mut chain,
        ARB_OWNER_PUBLIC,
        sel("getMaxStylusContractFragments()").into(),
    );
    assert_eq!(word_at(&f, 0), U256::from(4));
    let o = view(
        &mut chain,
        ARB_OWNER_PUBLIC,
        with_addr("isChainOwner(address)", CHAIN_OWNER),
    );
    assert_eq!(word_at(&o, 0), U256::from(1));
    let o = view(
        &mut chain,
        ARB_OWNER_PUBLIC,
        with_addr("isChainOwner(address)", DEV_ACCOUNTS[0]),
    );
    assert_eq!(word_at(&o, 0), U256::ZERO);
    // The real Nitro dev key is prefunded and is the chain owner.
    assert_eq!(DEV_ACCOUNTS[10], CHAIN_OWNER);
    assert!(chain.balance(CHAIN_OWNER) > U256::ZERO);
    // ArbGasInfo with the L1 price off: no L1 component; the base fee is the L2 price.
    let p = view(&mut chain, ARB_GAS_INFO, sel("getPricesInWei()").into());
    assert_eq!(word_at(&p, 1), U256::ZERO);
    assert_eq!(word_at(&p, 5), U256::from(100_000_000u64));
    let l1 = view(
        &mut chain,
        ARB_GAS_INFO,
        sel("getL1BaseFeeEstimate()").into(),
    );
    assert_eq!(word_at(&l1, 0), U256::ZERO);
}

#[test]
fn start_up_costs_uncached_cached_and_recent() {
    let (mut chain, prog, _) = setup();
    let costs = restake_devnet::stylus::validate_wasm(&test_wasm()).unwrap();
    let init = ProgramCosts::init_gas(costs.init_cost);
    let cached = ProgramCosts::cached_gas(costs.cached_cost);
    // programInitGas reports (init + cached, cached) in Stylus v2.
    let g = view(
        &mut chain,
        ARB_WASM,
        with_addr("programInitGas(address)", prog),
    );
    assert_eq!(word_at(&g, 0), U256::from(init + cached));
    assert_eq!(word_at(&g, 1), U256::from(cached));
    // A second program with the same code (same code hash) at another address.
    let twin = deploy_stylus(&mut chain, &test_wasm()).unwrap();
    let nested = op(2, &[twin.as_slice(), &op(6, &[])]);
    let plain_uncached = send(&mut chain, prog, op(6, &[])).gas_used;
    let nested_uncached = send(&mut chain, prog, nested.clone()).gas_used;
    // Only cache managers and chain owners may cache; anyone else loses all the gas.
    let r = send_from(
        &mut chain,
        DEV_ACCOUNTS[1],
        ARB_WASM_CACHE,
        with_addr("cacheProgram(address)", prog),
        U256::ZERO,
    );
    assert!(!r.status);
    let r = send_from(
        &mut chain,
        CHAIN_OWNER,
        ARB_WASM_CACHE,
        with_addr("cacheProgram(address)", prog),
        U256::ZERO,
    );
    assert!(r.status);
    let h = keccak256(chain.code(prog));
    let c = view(
        &mut chain,
        ARB_WASM_CACHE,
        with_word("codehashIsCached(bytes32)", h.0),
    );
    assert_eq!(word_at(&c, 0), U256::from(1));
    let plain_cached = send(&mut chain, prog, op(6, &[])).gas_used;
    let nested_cached = send(&mut chain, prog, nested).gas_used;
    // Cached, a call pays only the cached start-up: exactly init gas less.
    assert_eq!(plain_uncached - plain_cached, init);
    // Nested: the inner call into the same code hits the recent-program cache even
    // when uncached, so caching saves the outer call's init gas only, once.
    assert_eq!(nested_uncached - nested_cached, init);
    // Evicting restores the uncached price.
    let r = send_from(
        &mut chain,
        CHAIN_OWNER,
        ARB_WASM_CACHE,
        with_word("evictCodehash(bytes32)", h.0),
        U256::ZERO,
    );
    assert!(r.status);
    assert_eq!(send(&mut chain, prog, op(6, &[])).gas_used, plain_uncached);
}

#[test]
fn recent_cache_holds_the_last_32_programs() {
    let mut s = restake_devnet::host::TxShared::default();
    let h = |i: u8| revm::primitives::B256::repeat_byte(i);
    for i in 0..32 {
        assert!(!s.recent_insert(h(i)));
    }
    assert!(s.recent_insert(h(0)), "the first is still cached");
    assert!(
        !s.recent_insert(h(32)),
        "a 33rd evicts the least recently used (h(1))"
    );
    assert!(!s.recent_insert(h(1)));
    assert!(s.recent_insert(h(0)));
}

#[test]
fn activation_pays_the_data_fee_and_refunds_the_excess() {
    let mut chain = Chain::default();
    let addr = deploy_unactivated(&mut chain, &test_wasm());
    let costs = restake_devnet::stylus::validate_wasm(&test_wasm()).unwrap();
    let out = try_activate(&mut chain, addr);
    assert!(out.success);
    assert_eq!(word_at(&out.output, 0), U256::from(2));
    let fee = word_at(&out.output, 1);
    // Fresh chain, no demand: min price 82,928,201 wei × e^(asm/inertia) × asm bytes.
    assert_eq!(
        fee,
        restake_devnet::arbos::data_fee(costs.asm_estimate as u64, costs.asm_estimate as u64)
    );
    assert!(fee > U256::from(30_000_000_000_000u64), "{fee}");
    // One wei short: ProgramInsufficientValue(have, want), nothing activated.
    let r = send_value(
        &mut chain,
        ARB_WASM,
        activate_calldata(addr),
        fee - U256::from(1),
    );
    assert!(!r.status);
    assert_eq!(
        &r.output[..4],
        &sel("ProgramInsufficientValue(uint256,uint256)")[..]
    );
    assert_eq!(word_at(&r.output[4..], 0), fee - U256::from(1));
    assert_eq!(word_at(&r.output[4..], 1), fee);
    // Twice the fee: the fee goes to the network fee account, the rest comes back.
    let before = chain.balance(DEV_ACCOUNTS[0]);
    let network = chain.balance(NETWORK_FEE_ACCOUNT);
    let r = send_value(
        &mut chain,
        ARB_WASM,
        activate_calldata(addr),
        fee * U256::from(2),
    );
    assert!(r.status);
    let gas_cost = U256::from(r.gas_used) * U256::from(r.effective_gas_price);
    assert_eq!(before - chain.balance(DEV_ACCOUNTS[0]), fee + gas_cost);
    assert_eq!(chain.balance(NETWORK_FEE_ACCOUNT) - network, fee);
    assert_eq!(chain.balance(ARB_WASM), U256::ZERO);
    // Activation gas: the fixed 1,659,168, the module's compile cost and ArbOS storage.
    let expected = 21_000
        + calldata_gas(&activate_calldata(addr))
        + 3
        + restake_devnet::arbos::ACTIVATION_PREAMBLE_GAS
        + costs.compile_gas
        + restake_devnet::arbos::ACTIVATION_STORAGE_GAS
        + restake_devnet::arbos::PROGRAM_ACTIVATED_LOG_GAS
        + 6;
    assert_eq!(r.gas_used, expected);
    // The program now runs; a second activation is ProgramUpToDate().
    assert!(call(&mut chain, addr, op(6, &[])).success);
    let r = send_value(&mut chain, ARB_WASM, activate_calldata(addr), fee);
    assert_eq!(&r.output[..], &sel("ProgramUpToDate()")[..]);
    // Demand now includes this activation: the next fee for the same module is higher.
    let again = deploy_unactivated(&mut chain, &[test_wasm(), vec![0, 2, 1, b'z']].concat());
    let out = try_activate(&mut chain, again);
    assert!(word_at(&out.output, 1) > fee);
}

#[test]
fn expiry_and_keepalive() {
    let (mut chain, prog, _) = setup();
    let h = keccak256(chain.code(prog)).0;
    // Too soon: a program must be 31 days old.
    let r = send_value(
        &mut chain,
        ARB_WASM,
        with_word("codehashKeepalive(bytes32)", h),
        U256::from(10u64).pow(U256::from(17)),
    );
    assert!(!r.status);
    assert_eq!(&r.output[..4], &sel("ProgramKeepaliveTooSoon(uint64)")[..]);
    let left = view(
        &mut chain,
        ARB_WASM,
        with_addr("programTimeLeft(address)", prog),
    );
    assert!(word_at(&left, 0) > U256::from(364u64 * 86_400));
    // 32 days on: keepalive pays a fresh data fee and restarts the clock.
    chain.increase_time(32 * 86_400);
    chain.mine_empty(None);
    let r = send_value(
        &mut chain,
        ARB_WASM,
        with_word("codehashKeepalive(bytes32)", h),
        U256::from(10u64).pow(U256::from(17)),
    );
    assert!(r.status, "{:?}", r.output);
    assert_eq!(
        r.logs[0].topics[0],
        keccak256("ProgramLifetimeExtended(bytes32,uint256)")
    );
    let left = view(
        &mut chain,
        ARB_WASM,
        with_addr("programTimeLeft(address)", prog),
    );
    assert!(word_at(&left, 0) > U256::from(364u64 * 86_400));
    // A year and a day later the program has expired: calls burn all gas, views say so.
    chain.increase_time(366 * 86_400);
    chain.mine_empty(None);
    let out = call(&mut chain, prog, op(6, &[]));
    assert!(!out.success && out.halted.is_some() && out.output.is_empty());
    let out = call(
        &mut chain,
        ARB_WASM,
        with_addr("programVersion(address)", prog),
    );
    assert!(!out.success);
    assert_eq!(&out.output[..4], &sel("ProgramExpired(uint64)")[..]);
    // Re-activation brings it back.
    let fee = restake_devnet::activation_fee(&mut chain, DEV_ACCOUNTS[0], prog, None).unwrap();
    assert!(send_value(&mut chain, ARB_WASM, activate_calldata(prog), fee).status);
    assert!(call(&mut chain, prog, op(6, &[])).success);
}

const ENTRY: &str = r#"(func (export "user_entrypoint") (param i32) (result i32) (i32.const 0))"#;

fn module(body: &str) -> Vec<u8> {
    wat::parse_str(format!("(module (memory (export \"memory\") 1 1) {body})")).unwrap()
}

#[test]
fn activation_refuses_what_arbos_61_refuses() {
    let mut chain = Chain::default();
    let mut refused = |wasm: Vec<u8>, what: &str| {
        let a = deploy_unactivated(&mut chain, &wasm);
        let out = try_activate(&mut chain, a);
        assert!(!out.success, "{what} was accepted");
        // Nitro burns all the gas given, with no revert data.
        assert!(
            out.output.is_empty() && out.halted.is_some(),
            "{what}: {out:?}"
        );
        assert_eq!(out.gas_used, 10_000_000, "{what}");
        assert!(
            restake_devnet::stylus::validate_wasm(&wasm).is_err(),
            "{what}"
        );
    };
    // Reference types (what rustc ≥ 1.82 emits by default).
    refused(
        module(&format!(
            "(table 1 funcref) (func (drop (ref.null func))) {ENTRY}"
        )),
        "ref.null",
    );
    refused(
        module(&format!(
            "(table 1 funcref) (elem declare func 0) (func (drop (ref.func 0))) {ENTRY}"
        )),
        "ref.func",
    );
    // Multi-value, removed in ArbOS 60.
    refused(
        module(&format!(
            "(func (result i32 i32) (i32.const 1) (i32.const 2)) {ENTRY}"
        )),
        "multi-value",
    );
    // Passive segments and table ops.
    refused(module(&format!("(data $d \"abc\") (func (memory.init $d (i32.const 0) (i32.const 0) (i32.const 3))) {ENTRY}")), "memory.init");
    refused(
        module(&format!(
            "(table 2 funcref) (func (drop (table.size))) {ENTRY}"
        )),
        "table.size",
    );
    // Module caps and shapes.
    let locals = "(local i32) ".repeat(349);
    refused(module(&format!("(func {locals}) {ENTRY}")), "349 locals");
    refused(
        module(&format!("(func $s) (start $s) {ENTRY}")),
        "start function",
    );
    refused(
        module(&format!("(func (export \"stylus_reserved\")) {ENTRY}")),
        "reserved export",
    );
    refused(
        wat::parse_str(format!("(module (memory (export \"memory\") 129) {ENTRY})")).unwrap(),
        "129 pages",
    );
    refused(
        wat::parse_str(format!("(module (memory 1) {ENTRY})")).unwrap(),
        "no memory export",
    );
    // A growable memory needs pay_for_memory_grow.
    refused(
        wat::parse_str(format!("(module (memory (export \"memory\") 1) {ENTRY})")).unwrap(),
        "growable memory without pay_for_memory_grow",
    );
    // The SDK 0.10 fixture as rustc 1.95 emits it (reference types).
    refused(
        include_bytes!("fixtures/sdk010_counter_reftypes.wasm").to_vec(),
        "rustc reference types",
    );
    // Floats validate, but cost u64::MAX ink: activation succeeds, running them cannot.
    let floats = module(
        r#"(func (export "user_entrypoint") (param i32) (result i32) (drop (f32.add (f32.const 1) (f32.const 2))) (i32.const 0))"#,
    );
    let a = deploy_unactivated(&mut chain, &floats);
    assert!(try_activate(&mut chain, a).success);
    let fee = restake_devnet::activation_fee(&mut chain, DEV_ACCOUNTS[0], a, None).unwrap();
    assert!(send_value(&mut chain, ARB_WASM, activate_calldata(a), fee).status);
    let out = call(&mut chain, a, Bytes::new());
    assert!(!out.success && out.halted.is_some());
}

const METER_WAT: &str = r#"
(module
  (import "vm_hooks" "read_args" (func $read_args (param i32)))
  (import "vm_hooks" "pay_for_memory_grow" (func $pay (param i32)))
  (memory (export "memory") 1)
  (func $rec (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (call $rec (i32.sub (local.get 0) (i32.const 1))))))
  (func (export "user_entrypoint") (param $len i32) (result i32)
    (local $op i32) (local $n i32)
    (call $read_args (i32.const 0))
    (local.set $op (i32.load8_u (i32.const 0)))
    (local.set $n (i32.load (i32.const 1)))
    (if (i32.eq (local.get $op) (i32.const 0)) (then (drop (memory.grow (local.get $n))) (return (i32.const 0))))
    (if (i32.eq (local.get $op) (i32.const 1)) (then (memory.copy (i32.const 100) (i32.const 30000) (local.get $n)) (return (i32.const 0))))
    (if (i32.eq (local.get $op) (i32.const 2)) (then (drop (call $rec (local.get $n))) (return (i32.const 0))))
    (if (i32.eq (local.get $op) (i32.const 3)) (then (memory.fill (i32.const 100) (i32.const 7) (local.get $n)) (return (i32.const 0))))
    (i32.const 0)))
"#;

fn arg(op: u8, n: u32) -> Bytes {
    let mut v = vec![op];
    v.extend_from_slice(&n.to_le_bytes());
    v.into()
}

#[test]
fn memory_and_stack_are_metered() {
    let mut chain = Chain::default();
    let wasm = wat::parse_str(METER_WAT).unwrap();
    let p = deploy_stylus(&mut chain, &wasm).unwrap();
    // Gas of a call less its calldata's intrinsic gas.
    let gas = |chain: &mut Chain, input: Bytes| {
        let out = call(chain, p, input.clone());
        assert!(out.success, "{out:?}");
        out.gas_used - calldata_gas(&input)
    };
    // memory.grow pays through pay_for_memory_grow: 5 pages on top of 1 open, 2 free:
    // 4 × 1,000 linear + exp(6) − exp(1) = 4,001 gas.
    let d = gas(&mut chain, arg(0, 5)) - gas(&mut chain, arg(0, 0));
    assert!((4_001..=4_002).contains(&d), "{d}");
    // memory.copy and memory.fill: 100 ink per byte (20,000 bytes = 200 gas).
    let d = gas(&mut chain, arg(1, 20_000)) - gas(&mut chain, arg(1, 0));
    assert!((199..=201).contains(&d), "{d}");
    let d = gas(&mut chain, arg(3, 20_000)) - gas(&mut chain, arg(3, 0));
    assert!((199..=201).contains(&d), "{d}");
    // Recursion within the 22,000-word stack budget runs; beyond it the call fails
    // and burns all the gas given (Nitro's out-of-stack).
    gas(&mut chain, arg(2, 500));
    let out = chain
        .call(
            &TxRequest {
                from: DEV_ACCOUNTS[0],
                to: Some(p),
                input: arg(2, 100_000),
                gas: Some(5_000_000),
                ..Default::default()
            },
            None,
        )
        .unwrap();
    assert!(!out.success && out.halted.is_some());
    assert_eq!(out.gas_used, 5_000_000);
}

/// A valid program far larger than 24 KB compressed: many functions holding
/// incompressible constants.
pub fn big_wasm() -> Vec<u8> {
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    let mut funcs = String::new();
    for _ in 0..1800 {
        funcs.push_str("(func (result i64) ");
        for _ in 0..3 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            funcs.push_str(&format!("(i64.const {}) drop ", x as i64));
        }
        funcs.push_str("(i64.const 1))\n");
    }
    wat::parse_str(format!(
        "(module (memory (export \"memory\") 1 1) {funcs} (func (export \"user_entrypoint\") (param i32) (result i32) (i32.const 0)))"
    ))
    .unwrap()
}

#[test]
fn fragmented_programs() {
    let mut chain = Chain::default();
    let wasm = big_wasm();
    let classic = compress_program(&wasm);
    assert!(classic.len() > 24_576, "{}", classic.len());
    let frags = restake_devnet::stylus::fragment_codes(&wasm);
    assert!(frags.len() >= 2 && frags.len() <= 4, "{}", frags.len());
    assert!(frags
        .iter()
        .all(|f| f.len() <= 24_576 && f[..3] == [0xEF, 0xF0, 0x01]));
    let addrs: Vec<[u8; 20]> = frags
        .iter()
        .map(|f| deploy_code(&mut chain, f).0 .0)
        .collect();
    let root = deploy_code(
        &mut chain,
        &restake_devnet::stylus::root_code(wasm.len() as u32, &addrs),
    );
    // A fragment cannot be activated by itself; the root can.
    let out = try_activate(&mut chain, Address::from(addrs[0]));
    assert!(!out.success && !out.output.is_empty());
    let fee = restake_devnet::activation_fee(&mut chain, DEV_ACCOUNTS[0], root, None).unwrap();
    let r = send_value(&mut chain, ARB_WASM, activate_calldata(root), fee);
    assert!(r.status, "{:?}", r.output);
    assert!(call(&mut chain, root, Bytes::new()).success);
    // A wrong decompressed length, a non-fragment address and too many fragments are refused.
    let bad_len = deploy_code(
        &mut chain,
        &restake_devnet::stylus::root_code(wasm.len() as u32 + 1, &addrs),
    );
    assert!(!try_activate(&mut chain, bad_len).success);
    let mut with_root = addrs.clone();
    with_root.push(root.0 .0);
    let not_fragment = deploy_code(
        &mut chain,
        &restake_devnet::stylus::root_code(wasm.len() as u32, &with_root),
    );
    assert!(!try_activate(&mut chain, not_fragment).success);
    let five: Vec<[u8; 20]> = (0..5).map(|i| addrs[i % addrs.len()]).collect();
    let too_many = deploy_code(
        &mut chain,
        &restake_devnet::stylus::root_code(wasm.len() as u32, &five),
    );
    let out = try_activate(&mut chain, too_many);
    assert!(!out.success);
    assert!(String::from_utf8_lossy(&out.output).contains("fragment count exceeds limit of 4"));
}

#[tokio::test(flavor = "current_thread")]
async fn fragmented_program_over_json_rpc_with_alloy() {
    use alloy::network::{EthereumWallet, TransactionBuilder};
    use alloy::providers::{Provider, ProviderBuilder};
    use alloy::rpc::types::TransactionRequest;
    use alloy::signers::local::PrivateKeySigner;
    let node = restake_devnet::rpc::Devnet::start_free_port().unwrap();
    let key: PrivateKeySigner = DEV_KEYS[10].parse().unwrap();
    let provider = ProviderBuilder::new()
        .wallet(EthereumWallet::from(key))
        .connect_http(node.url().parse().unwrap());
    let wasm = big_wasm();
    let mut addrs = Vec::new();
    for f in restake_devnet::stylus::fragment_codes(&wasm) {
        let tx =
            TransactionRequest::default().with_deploy_code(deploy_initcode_for_code(&f).to_vec());
        let r = provider
            .send_transaction(tx)
            .await
            .unwrap()
            .get_receipt()
            .await
            .unwrap();
        assert!(r.status());
        addrs.push(r.contract_address.unwrap().0 .0);
    }
    let root_code = restake_devnet::stylus::root_code(wasm.len() as u32, &addrs);
    let tx = TransactionRequest::default()
        .with_deploy_code(deploy_initcode_for_code(&root_code).to_vec());
    let r = provider
        .send_transaction(tx)
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    let root = r.contract_address.unwrap();
    let activate = TransactionRequest::default()
        .with_to(alloy::primitives::Address::from(ARB_WASM.0 .0))
        .with_input(activate_calldata(Address::from(root.0 .0)).to_vec());
    let out = provider
        .call(activate.clone().with_value(
            alloy::primitives::U256::from(10u64).pow(alloy::primitives::U256::from(18)),
        ))
        .await
        .unwrap();
    let fee = alloy::primitives::U256::from_be_slice(&out[32..64]);
    let r = provider
        .send_transaction(activate.with_value(fee))
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert!(r.status());
    let out = provider
        .call(
            TransactionRequest::default()
                .with_to(root)
                .with_input(vec![1u8]),
        )
        .await
        .unwrap();
    assert!(out.is_empty());
    node.stop();
}

#[test]
fn opt_in_l1_price_charges_poster_gas() {
    use restake_devnet::chain::ChainConfig;
    let price = 10_000_000u64; // 0.01 gwei per unit
    let mut l2 = Chain::default();
    let mut l1 = Chain::new(ChainConfig {
        l1_price_per_unit: price,
        ..Default::default()
    });
    let input = op(0, &[&w(7), &w(9)]);
    let gas = |chain: &mut Chain| {
        let prog = deploy_stylus(chain, &test_wasm()).unwrap();
        send(chain, prog, input.clone())
    };
    let off = gas(&mut l2);
    let on = gas(&mut l1);
    assert_eq!(off.gas_used_for_l1, 0);
    let poster = restake_devnet::arbos::poster_gas(&input, 100_000_000, price);
    assert!(poster > 0);
    assert_eq!(on.gas_used_for_l1, poster);
    assert_eq!(on.gas_used, off.gas_used + poster);
    // What wallets read: the L1 price, and NodeInterface's estimate of the L1 part.
    let e = view(&mut l1, ARB_GAS_INFO, sel("getL1BaseFeeEstimate()").into());
    assert_eq!(word_at(&e, 0), U256::from(price));
    let mut q = sel("gasEstimateL1Component(address,bool,bytes)");
    q.extend_from_slice(Address::ZERO.into_word().as_slice());
    q.extend_from_slice(&w(0));
    q.extend_from_slice(&w(96));
    q.extend_from_slice(&w(input.len() as u64));
    let mut padded = input.to_vec();
    padded.resize(input.len().div_ceil(32) * 32, 0);
    q.extend_from_slice(&padded);
    let r = view(&mut l1, restake_devnet::arbos::NODE_INTERFACE, q.into());
    assert_eq!(word_at(&r, 0), U256::from(poster));
    assert_eq!(word_at(&r, 2), U256::from(price));
}
