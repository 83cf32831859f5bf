//! Restake devnet: a local Arbitrum-like chain that runs real Stylus wasm (on wasmi)
//! and EVM bytecode (on revm) behind Ethereum JSON-RPC.
//!
//! See `docs/devnet.md` for how to start it, its flags, RPC methods and gas model.
#![warn(missing_docs)]

pub mod activation;
pub mod arbos;
pub mod chain;
pub mod context;
pub mod evm;
pub mod filters;
pub mod gas;
pub mod history;
pub mod host;
pub mod revert;
pub mod rpc;
pub mod stylus;
pub mod trace;

pub use chain::{Chain, ChainConfig, RpcError, TxRequest, DEV_ACCOUNTS, DEV_KEYS};
pub use evm::{ARB_WASM, STYLUS_DEPLOYER};
pub use stylus::{compress_program, deploy_initcode, deploy_initcode_for_code};

use revm::primitives::{keccak256, Address, Bytes, U256};

fn sel(sig: &str) -> Vec<u8> {
    keccak256(sig.as_bytes())[..4].to_vec()
}

/// Calldata of `ArbWasm.activateProgram(program)`.
pub fn activate_calldata(program: Address) -> Bytes {
    let mut d = sel("activateProgram(address)");
    d.extend_from_slice(program.into_word().as_slice());
    d.into()
}

/// Calldata of `StylusDeployer.deploy(bytecode, initData, initValue, salt)`: create
/// (CREATE2 when `salt` is nonzero), activate, and call the constructor in one transaction.
pub fn stylus_deployer_calldata(
    initcode: &[u8],
    init_data: &[u8],
    init_value: U256,
    salt: U256,
) -> Bytes {
    fn pad(b: &[u8]) -> Vec<u8> {
        let mut v = U256::from(b.len()).to_be_bytes::<32>().to_vec();
        v.extend_from_slice(b);
        v.resize(32 + b.len().div_ceil(32) * 32, 0);
        v
    }
    let mut d = sel("deploy(bytes,bytes,uint256,bytes32)");
    let a = pad(initcode);
    let b = pad(init_data);
    d.extend_from_slice(&U256::from(128).to_be_bytes::<32>());
    d.extend_from_slice(&U256::from(128 + a.len()).to_be_bytes::<32>());
    d.extend_from_slice(&init_value.to_be_bytes::<32>());
    d.extend_from_slice(&salt.to_be_bytes::<32>());
    d.extend_from_slice(&a);
    d.extend_from_slice(&b);
    d.into()
}

/// Deploy `wasm` as a Stylus program from the first dev account and activate it
/// (two transactions, as cargo-stylus does). Returns the program's address.
pub fn deploy_stylus(chain: &mut Chain, wasm: &[u8]) -> Result<Address, RpcError> {
    deploy_stylus_from(chain, DEV_ACCOUNTS[0], wasm)
}

/// [`deploy_stylus`] from a chosen (unlocked) account.
pub fn deploy_stylus_from(
    chain: &mut Chain,
    from: Address,
    wasm: &[u8],
) -> Result<Address, RpcError> {
    let h = chain.send(&TxRequest {
        from,
        input: deploy_initcode(wasm).into(),
        ..Default::default()
    })?;
    let rec = chain.tx(h).expect("mined");
    let Some(addr) = rec.contract_address else {
        return Err(RpcError::reverted(rec.output.clone()));
    };
    // The same wasm deployed before is already active (ProgramUpToDate()).
    let fee = match activation_fee(chain, from, addr, None) {
        Ok(fee) => fee,
        Err(e)
            if e.data
                .as_ref()
                .map(|d| d[..] == sel("ProgramUpToDate()")[..])
                == Some(true) =>
        {
            return Ok(addr)
        }
        Err(e) => return Err(e),
    };
    let h = chain.send(&TxRequest {
        from,
        to: Some(ARB_WASM),
        input: activate_calldata(addr),
        value: bump_fee(fee),
        ..Default::default()
    })?;
    let rec = chain.tx(h).expect("mined");
    if !rec.status {
        return Err(RpcError::reverted(rec.output.clone()));
    }
    Ok(addr)
}

/// The data fee activating the program at `program` costs now, found as cargo-stylus
/// does: an `eth_call` of `ArbWasm.activateProgram` sending 1 ETH (the excess would be
/// refunded), under `code` as a state override at `program` when given.
pub fn activation_fee(
    chain: &mut Chain,
    from: Address,
    program: Address,
    code: Option<Bytes>,
) -> Result<U256, RpcError> {
    let mut ov = std::collections::HashMap::new();
    ov.insert(
        from,
        chain::AccountOverride {
            balance: Some(U256::from(10u64).pow(U256::from(24))),
            ..Default::default()
        },
    );
    if let Some(code) = code {
        ov.insert(
            program,
            chain::AccountOverride {
                code: Some(code),
                ..Default::default()
            },
        );
    }
    let out = chain.call(
        &TxRequest {
            from,
            to: Some(ARB_WASM),
            input: activate_calldata(program),
            value: U256::from(10u64).pow(U256::from(18)),
            ..Default::default()
        },
        Some(&ov),
    )?;
    if !out.success || out.output.len() < 64 {
        return Err(RpcError::reverted(out.output));
    }
    Ok(U256::from_be_slice(&out.output[32..64]))
}

/// The fee to send for an estimated data fee: 20% more, as cargo-stylus pays (the
/// data price rises with demand between the estimate and the activation).
pub fn bump_fee(fee: U256) -> U256 {
    fee.saturating_mul(U256::from(120)) / U256::from(100)
}

/// Deploy `wasm` through the StylusDeployer: create, activate and call the
/// constructor (`init_data`, with `init_value` wei) in one transaction.
pub fn deploy_stylus_with_constructor(
    chain: &mut Chain,
    from: Address,
    wasm: &[u8],
    init_data: &[u8],
    init_value: U256,
) -> Result<Address, RpcError> {
    let input = stylus_deployer_calldata(&deploy_initcode(wasm), init_data, init_value, U256::ZERO);
    // Estimate the activation's data fee on the code at a scratch address.
    let scratch = Address::repeat_byte(0x5c);
    let fee = match activation_fee(chain, from, scratch, Some(compress_program(wasm).into())) {
        Ok(fee) => bump_fee(fee),
        Err(e)
            if e.data
                .as_ref()
                .map(|d| d[..] == sel("ProgramUpToDate()")[..])
                == Some(true) =>
        {
            U256::ZERO
        }
        Err(e) => return Err(e),
    };
    let h = chain.send(&TxRequest {
        from,
        to: Some(STYLUS_DEPLOYER),
        value: init_value + fee,
        input,
        ..Default::default()
    })?;
    let rec = chain.tx(h).expect("mined");
    if !rec.status {
        return Err(RpcError::reverted(rec.output.clone()));
    }
    Ok(Address::from_slice(&rec.output[12..32]))
}

/// Calldata that calls a stylus-sdk (0.9/0.10) `#[constructor]` with ABI-encoded `args`
/// (selector of `stylus_constructor()`, as the SDK routes it).
pub fn constructor_calldata(args: &[u8]) -> Bytes {
    let mut d = sel("stylus_constructor()");
    d.extend_from_slice(args);
    d.into()
}

/// Sign an EIP-1559 transaction with a hex private key; returns the raw
/// EIP-2718 bytes for `eth_sendRawTransaction` (scripts and the benchmark use it).
#[allow(clippy::too_many_arguments)]
pub fn sign_eip1559(
    key_hex: &str,
    chain_id: u64,
    nonce: u64,
    to: Option<Address>,
    value: U256,
    input: Vec<u8>,
    gas_limit: u64,
    max_fee_per_gas: u128,
) -> Result<Vec<u8>, String> {
    use alloy_consensus::{SignableTransaction, TxEip1559, TxEnvelope};
    use alloy_eips::eip2718::Encodable2718;
    let key = key_hex.trim_start_matches("0x");
    let bytes: Vec<u8> = (0..key.len())
        .step_by(2)
        .map(|i| {
            u8::from_str_radix(key.get(i..i + 2).unwrap_or("zz"), 16).map_err(|e| e.to_string())
        })
        .collect::<Result<_, _>>()?;
    let sk = k256::ecdsa::SigningKey::from_slice(&bytes).map_err(|e| e.to_string())?;
    let tx = TxEip1559 {
        chain_id,
        nonce,
        gas_limit,
        max_fee_per_gas,
        max_priority_fee_per_gas: 0,
        to: match to {
            Some(a) => revm::primitives::TxKind::Call(a),
            None => revm::primitives::TxKind::Create,
        },
        value,
        access_list: Default::default(),
        input: input.into(),
    };
    let hash = tx.signature_hash();
    let (sig, recid) = sk
        .sign_prehash_recoverable(hash.as_slice())
        .map_err(|e| e.to_string())?;
    let sig = alloy_primitives::Signature::from_signature_and_parity(sig, recid.is_y_odd());
    let env: TxEnvelope = tx.into_signed(sig).into();
    Ok(env.encoded_2718())
}

/// Deploy `wasm` to any JSON-RPC node (the devnet or an Arbitrum chain) with a
/// private key: through the StylusDeployer with the constructor's ABI-encoded
/// `ctor_args` when given (one transaction), else a create transaction followed
/// by `ArbWasm.activateProgram` (skipped when the code hash is already active).
/// Returns the program's address.
pub fn deploy_stylus_rpc(
    url: &str,
    key_hex: &str,
    wasm: &[u8],
    ctor_args: Option<&[u8]>,
) -> Result<Address, RpcError> {
    use serde_json::{json, Value};
    let mut c = rpc::Client::new(url).map_err(|e| RpcError::new(-32099, e.to_string()))?;
    let hex = |b: &[u8]| {
        format!(
            "0x{}",
            b.iter().map(|x| format!("{x:02x}")).collect::<String>()
        )
    };
    let q = |v: &Value| {
        u64::from_str_radix(v.as_str().unwrap_or("0x0").trim_start_matches("0x"), 16).unwrap_or(0)
    };
    let key = key_hex.trim_start_matches("0x");
    let from = {
        let bytes: Vec<u8> = (0..key.len())
            .step_by(2)
            .filter_map(|i| u8::from_str_radix(key.get(i..i + 2)?, 16).ok())
            .collect();
        let sk = k256::ecdsa::SigningKey::from_slice(&bytes)
            .map_err(|e| RpcError::invalid_params(e.to_string()))?;
        let point = sk.verifying_key().to_encoded_point(false);
        Address::from_slice(&keccak256(&point.as_bytes()[1..])[12..])
    };
    let chain_id = q(&c.call("eth_chainId", json!([]))?);
    let fee = q(&c.call("eth_gasPrice", json!([]))?) as u128 * 2;
    // The activation data fee, as cargo-stylus finds it: eth_call of activateProgram
    // from a funded sender with 1 ETH, the code overridden at the program's address
    // when it is not deployed yet; 20% more is sent (the excess is refunded).
    let data_fee =
        |c: &mut rpc::Client, program: Address, code: Option<&[u8]>| -> Result<U256, RpcError> {
            let mut ov = json!({ hex(from.as_slice()): {"balance": "0xd3c21bcecceda1000000"} });
            if let Some(code) = code {
                ov[hex(program.as_slice())] = json!({"code": hex(code)});
            }
            let req = json!({"from": hex(from.as_slice()), "to": hex(ARB_WASM.as_slice()),
            "input": hex(&activate_calldata(program)), "value": "0xde0b6b3a7640000"});
            let out = c.call("eth_call", json!([req, "latest", ov]))?;
            let out = out
                .as_str()
                .unwrap_or("0x")
                .trim_start_matches("0x")
                .to_string();
            let fee = out
                .get(64..128)
                .ok_or_else(|| RpcError::new(-32000, "bad activateProgram result"))?;
            U256::from_str_radix(fee, 16).map_err(|e| RpcError::new(-32000, e.to_string()))
        };
    let up_to_date = |e: &RpcError| {
        e.data
            .as_ref()
            .map(|d| d[..] == sel("ProgramUpToDate()")[..])
            .unwrap_or(false)
    };
    let send = |c: &mut rpc::Client,
                to: Option<Address>,
                input: Vec<u8>,
                value: U256|
     -> Result<Value, RpcError> {
        let nonce = q(&c.call(
            "eth_getTransactionCount",
            json!([hex(from.as_slice()), "pending"]),
        )?);
        let mut req = json!({"from": hex(from.as_slice()), "input": hex(&input),
                "value": format!("0x{value:x}")});
        if let Some(t) = to {
            req["to"] = json!(hex(t.as_slice()));
        }
        let gas = q(&c.call("eth_estimateGas", json!([req]))?);
        let raw = sign_eip1559(key, chain_id, nonce, to, value, input, gas + gas / 5, fee)
            .map_err(RpcError::invalid_params)?;
        let h = c.call("eth_sendRawTransaction", json!([hex(&raw)]))?;
        for _ in 0..600 {
            let r = c.call("eth_getTransactionReceipt", json!([h.clone()]))?;
            if !r.is_null() {
                if r["status"] != "0x1" {
                    return Err(RpcError::new(-32000, format!("transaction {h} failed")));
                }
                return Ok(r);
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        Err(RpcError::new(-32000, format!("transaction {h} not mined")))
    };
    // A program whose classic form exceeds the code size limit goes as fragments
    // (plain contracts) and a root naming them, as cargo-stylus deploys it.
    let classic = compress_program(wasm);
    let initcode = if classic.len() <= stylus::MAX_CODE_SIZE {
        deploy_initcode(wasm)
    } else {
        let mut frags = Vec::new();
        for f in stylus::fragment_codes(wasm) {
            let r = send(&mut c, None, deploy_initcode_for_code(&f), U256::ZERO)?;
            let a: Address = r["contractAddress"]
                .as_str()
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| RpcError::new(-32000, "no fragment address"))?;
            frags.push(a.0 .0);
        }
        deploy_initcode_for_code(&stylus::root_code(wasm.len() as u32, &frags))
    };
    if let Some(args) = ctor_args {
        let data = stylus_deployer_calldata(
            &initcode,
            &constructor_calldata(args),
            U256::ZERO,
            U256::ZERO,
        );
        let scratch = Address::repeat_byte(0x5c);
        let fee = match data_fee(&mut c, scratch, Some(&compress_program(wasm))) {
            Ok(f) => bump_fee(f),
            Err(e) if up_to_date(&e) => U256::ZERO,
            Err(e) => return Err(e),
        };
        let r = send(&mut c, Some(STYLUS_DEPLOYER), data.to_vec(), fee)?;
        let topic = format!(
            "0x{}",
            keccak256("ContractDeployed(address)")
                .iter()
                .map(|x| format!("{x:02x}"))
                .collect::<String>()
        );
        let log = r["logs"]
            .as_array()
            .and_then(|ls| ls.iter().find(|l| l["topics"][0] == json!(topic)));
        let data = log
            .and_then(|l| l["data"].as_str())
            .ok_or_else(|| RpcError::new(-32000, "no ContractDeployed event"))?;
        return data[data.len() - 40..]
            .parse()
            .map_err(|_| RpcError::new(-32000, "bad ContractDeployed event"));
    }
    let r = send(&mut c, None, initcode, U256::ZERO)?;
    let addr: Address = r["contractAddress"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| RpcError::new(-32000, "no contract address"))?;
    let fee = match data_fee(&mut c, addr, None) {
        Ok(f) => bump_fee(f),
        Err(e) if up_to_date(&e) => return Ok(addr),
        Err(e) => return Err(e),
    };
    match send(
        &mut c,
        Some(ARB_WASM),
        activate_calldata(addr).to_vec(),
        fee,
    ) {
        Ok(_) => Ok(addr),
        // Estimation reverts with ProgramUpToDate() when the same code is already active.
        Err(e)
            if e.data
                .as_ref()
                .map(|d| d[..] == sel("ProgramUpToDate()")[..])
                .unwrap_or(false) =>
        {
            Ok(addr)
        }
        Err(e) => Err(e),
    }
}
