//! Ethereum JSON-RPC over HTTP: method dispatch and a small threaded HTTP/1.1 server.
//!
//! The chain lives on one thread (an actor); connection threads hand it request
//! bodies and write back its answers, so requests are served strictly in order.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::time::Duration;

use revm::primitives::{Address, Bytes, B256, U256};
use serde_json::{json, Value};

use crate::chain::{
    AccountOverride, BlockRec, Chain, ChainConfig, LogRec, RpcError, TxRec, TxRequest, DEV_ACCOUNTS,
};
use crate::filters::{FilterKind, LogCriteria};

/// Largest accepted HTTP body (bytes).
pub const MAX_BODY: usize = 16 * 1024 * 1024;

type RpcResult = Result<Value, RpcError>;

fn qty(v: impl Into<u128>) -> Value {
    Value::String(format!("0x{:x}", v.into()))
}

fn qty256(v: U256) -> Value {
    Value::String(format!("0x{v:x}"))
}

fn data(b: &[u8]) -> Value {
    let mut s = String::with_capacity(2 + b.len() * 2);
    s.push_str("0x");
    for x in b {
        s.push_str(&format!("{x:02x}"));
    }
    Value::String(s)
}

fn param(params: &[Value], i: usize) -> Option<&Value> {
    params.get(i).filter(|v| !v.is_null())
}

fn parse_hex_bytes(v: &Value) -> Result<Bytes, RpcError> {
    let s = v
        .as_str()
        .ok_or_else(|| RpcError::invalid_params("expected a hex string"))?;
    let s = s.strip_prefix("0x").unwrap_or(s);
    if !s.is_ascii() {
        return Err(RpcError::invalid_params("invalid hex"));
    }
    if s.len() % 2 != 0 {
        return Err(RpcError::invalid_params("odd-length hex"));
    }
    let mut out = Vec::with_capacity(s.len() / 2);
    for i in (0..s.len()).step_by(2) {
        out.push(
            u8::from_str_radix(&s[i..i + 2], 16)
                .map_err(|_| RpcError::invalid_params("invalid hex"))?,
        );
    }
    Ok(out.into())
}

fn parse_u256(v: &Value) -> Result<U256, RpcError> {
    if let Some(n) = v.as_u64() {
        return Ok(U256::from(n));
    }
    let s = v
        .as_str()
        .ok_or_else(|| RpcError::invalid_params("expected a quantity"))?;
    if let Some(h) = s.strip_prefix("0x") {
        if h.is_empty() {
            return Ok(U256::ZERO);
        }
        U256::from_str_radix(h, 16).map_err(|_| RpcError::invalid_params("invalid quantity"))
    } else {
        U256::from_str_radix(s, 10).map_err(|_| RpcError::invalid_params("invalid quantity"))
    }
}

fn parse_u64(v: &Value) -> Result<u64, RpcError> {
    parse_u256(v)?
        .try_into()
        .map_err(|_| RpcError::invalid_params("quantity too large"))
}

fn parse_addr(v: &Value) -> Result<Address, RpcError> {
    let b = parse_hex_bytes(v)?;
    if b.len() != 20 {
        return Err(RpcError::invalid_params("expected a 20-byte address"));
    }
    Ok(Address::from_slice(&b))
}

fn parse_b256(v: &Value) -> Result<B256, RpcError> {
    let b = parse_hex_bytes(v)?;
    if b.len() != 32 {
        return Err(RpcError::invalid_params("expected 32 bytes"));
    }
    Ok(B256::from_slice(&b))
}

fn parse_slot(v: &Value) -> Result<U256, RpcError> {
    let b = parse_hex_bytes(v)?;
    if b.len() > 32 {
        return Err(RpcError::invalid_params("slot longer than 32 bytes"));
    }
    Ok(U256::from_be_slice(&b))
}

fn block_number(chain: &Chain, v: Option<&Value>) -> Result<u64, RpcError> {
    match v {
        None => Ok(chain.block_number()),
        Some(Value::String(s))
            if matches!(s.as_str(), "latest" | "pending" | "safe" | "finalized") =>
        {
            Ok(chain.block_number())
        }
        Some(Value::String(s)) if s == "earliest" => Ok(0),
        Some(Value::Object(o)) => {
            if let Some(n) = o.get("blockNumber") {
                parse_u64(n)
            } else if let Some(h) = o.get("blockHash") {
                let h = parse_b256(h)?;
                chain
                    .block_by_hash(h)
                    .map(|b| b.number)
                    .ok_or_else(|| RpcError::new(-32001, "block not found"))
            } else {
                Ok(chain.block_number())
            }
        }
        Some(v) => parse_u64(v),
    }
}

/// The block whose end state a state query reads (its block parameter):
/// `latest`, `pending`, `safe`, `finalized` (all the head block: mining is
/// instant), `earliest`, a number, or an EIP-1898 `{blockNumber}` /
/// `{blockHash}` object. Unknown blocks and blocks without history are errors.
fn state_block(chain: &Chain, v: Option<&Value>) -> Result<u64, RpcError> {
    if let Some(Value::Object(o)) = v {
        if o.get("blockNumber").is_none() && o.get("blockHash").is_none() {
            return Err(RpcError::invalid_params(
                "block object needs blockNumber or blockHash",
            ));
        }
    }
    let n = block_number(chain, v)?;
    chain.check_state_at(n)?;
    Ok(n)
}

fn tx_request(v: &Value) -> Result<TxRequest, RpcError> {
    let o = v
        .as_object()
        .ok_or_else(|| RpcError::invalid_params("expected a transaction object"))?;
    let get = |k: &str| o.get(k).filter(|v| !v.is_null());
    Ok(TxRequest {
        from: get("from").map(parse_addr).transpose()?.unwrap_or_default(),
        to: get("to").map(parse_addr).transpose()?,
        value: get("value")
            .map(parse_u256)
            .transpose()?
            .unwrap_or_default(),
        input: get("input")
            .or_else(|| get("data"))
            .map(parse_hex_bytes)
            .transpose()?
            .unwrap_or_default(),
        gas: get("gas").map(parse_u64).transpose()?,
        gas_price: get("gasPrice")
            .or_else(|| get("maxFeePerGas"))
            .map(|v| parse_u256(v).map(|x| x.saturating_to::<u128>()))
            .transpose()?,
        nonce: get("nonce").map(parse_u64).transpose()?,
        access_list: match get("accessList") {
            Some(Value::Array(items)) => items
                .iter()
                .map(|it| {
                    let a = parse_addr(it.get("address").unwrap_or(&Value::Null))?;
                    let keys = match it.get("storageKeys") {
                        Some(Value::Array(k)) => {
                            k.iter().map(parse_b256).collect::<Result<Vec<_>, _>>()?
                        }
                        _ => vec![],
                    };
                    Ok((a, keys))
                })
                .collect::<Result<Vec<_>, RpcError>>()?,
            _ => vec![],
        },
    })
}

fn overrides(v: &Value) -> Result<HashMap<Address, AccountOverride>, RpcError> {
    let o = v
        .as_object()
        .ok_or_else(|| RpcError::invalid_params("expected a state override object"))?;
    let mut out = HashMap::new();
    for (k, acc) in o {
        let a = parse_addr(&Value::String(k.clone()))?;
        let acc = acc
            .as_object()
            .ok_or_else(|| RpcError::invalid_params("expected an account override"))?;
        let slots = |v: &Value| -> Result<HashMap<U256, U256>, RpcError> {
            let m = v
                .as_object()
                .ok_or_else(|| RpcError::invalid_params("expected a slot map"))?;
            m.iter()
                .map(|(k, v)| Ok((parse_slot(&Value::String(k.clone()))?, parse_slot(v)?)))
                .collect()
        };
        out.insert(
            a,
            AccountOverride {
                balance: acc.get("balance").map(parse_u256).transpose()?,
                nonce: acc.get("nonce").map(parse_u64).transpose()?,
                code: acc.get("code").map(parse_hex_bytes).transpose()?,
                state: acc.get("state").map(slots).transpose()?,
                state_diff: acc.get("stateDiff").map(slots).transpose()?,
            },
        );
    }
    Ok(out)
}

fn block_json(chain: &Chain, b: &BlockRec, full: bool) -> Value {
    let txs: Vec<Value> = b
        .txs
        .iter()
        .map(|h| {
            if full {
                chain.tx(*h).map(tx_json).unwrap_or(Value::Null)
            } else {
                data(h.as_slice())
            }
        })
        .collect();
    let bloom = b.txs.iter().filter_map(|h| chain.tx(*h)).fold(
        alloy_primitives::Bloom::default(),
        |mut acc, t| {
            acc.accrue_bloom(&Chain::bloom(&t.logs));
            acc
        },
    );
    json!({
        "number": qty(b.number),
        "hash": data(b.hash.as_slice()),
        "parentHash": data(b.parent_hash.as_slice()),
        "nonce": "0x0000000000000000",
        "sha3Uncles": "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347",
        "logsBloom": data(bloom.as_slice()),
        "transactionsRoot": data(revm::primitives::keccak256(b.hash).as_slice()),
        "stateRoot": data(revm::primitives::keccak256(b.parent_hash).as_slice()),
        "receiptsRoot": data(revm::primitives::keccak256(b.hash.0.iter().rev().copied().collect::<Vec<u8>>()).as_slice()),
        "miner": data(crate::chain::COINBASE.as_slice()),
        "difficulty": "0x1",
        "totalDifficulty": qty(b.number + 1),
        "extraData": "0x",
        "size": "0x200",
        "gasLimit": qty(chain.config.block_gas_limit),
        "gasUsed": qty(b.gas_used),
        "timestamp": qty(b.timestamp),
        "transactions": txs,
        "uncles": [],
        "baseFeePerGas": qty(b.base_fee),
        "mixHash": data(&[0u8; 32]),
    })
}

fn tx_json(t: &TxRec) -> Value {
    let mut v = json!({
        "hash": data(t.hash.as_slice()),
        "nonce": qty(t.nonce),
        "blockHash": data(t.block_hash.as_slice()),
        "blockNumber": qty(t.block_number),
        "transactionIndex": "0x0",
        "from": data(t.from.as_slice()),
        "to": t.to.map(|a| data(a.as_slice())).unwrap_or(Value::Null),
        "value": qty256(t.value),
        "gas": qty(t.gas),
        "input": data(&t.input),
        "type": qty(t.tx_type),
        "r": qty256(t.r),
        "s": qty256(t.s),
    });
    let m = v.as_object_mut().unwrap();
    let parity = t.y_parity as u64;
    if t.tx_type == 0 {
        m.insert("gasPrice".into(), qty(t.gas_price));
        let vv = match t.chain_id {
            Some(id) => id * 2 + 35 + parity,
            None => 27 + parity,
        };
        m.insert("v".into(), qty(vv));
        if let Some(id) = t.chain_id {
            m.insert("chainId".into(), qty(id));
        }
    } else {
        m.insert("v".into(), qty(parity));
        m.insert("yParity".into(), qty(parity));
        m.insert("chainId".into(), qty(t.chain_id.unwrap_or_default()));
        m.insert("accessList".into(), json!([]));
        if t.tx_type == 1 {
            m.insert("gasPrice".into(), qty(t.gas_price));
        } else {
            m.insert("gasPrice".into(), qty(t.effective_gas_price));
            m.insert(
                "maxFeePerGas".into(),
                qty(t.max_fee_per_gas.unwrap_or(t.gas_price)),
            );
            m.insert(
                "maxPriorityFeePerGas".into(),
                qty(t.max_priority_fee_per_gas.unwrap_or(0)),
            );
        }
        if t.tx_type == 4 {
            m.insert("authorizationList".into(), json!([]));
        }
    }
    v
}

fn log_json(chain: &Chain, t: &TxRec, l: &LogRec) -> Value {
    let ts = chain
        .block(t.block_number)
        .map(|b| b.timestamp)
        .unwrap_or_default();
    json!({
        "address": data(l.address.as_slice()),
        "topics": l.topics.iter().map(|x| data(x.as_slice())).collect::<Vec<_>>(),
        "data": data(&l.data),
        "blockNumber": qty(t.block_number),
        "blockHash": data(t.block_hash.as_slice()),
        "blockTimestamp": qty(ts),
        "transactionHash": data(t.hash.as_slice()),
        "transactionIndex": "0x0",
        "logIndex": qty(l.log_index),
        "removed": false,
    })
}

fn receipt_json(chain: &Chain, t: &TxRec) -> Value {
    json!({
        "transactionHash": data(t.hash.as_slice()),
        "transactionIndex": "0x0",
        "blockHash": data(t.block_hash.as_slice()),
        "blockNumber": qty(t.block_number),
        "from": data(t.from.as_slice()),
        "to": t.to.map(|a| data(a.as_slice())).unwrap_or(Value::Null),
        "cumulativeGasUsed": qty(t.gas_used),
        "gasUsed": qty(t.gas_used),
        "gasUsedForL1": qty(t.gas_used_for_l1),
        "effectiveGasPrice": qty(t.effective_gas_price),
        "contractAddress": t.contract_address.map(|a| data(a.as_slice())).unwrap_or(Value::Null),
        "logs": t.logs.iter().map(|l| log_json(chain, t, l)).collect::<Vec<_>>(),
        "logsBloom": data(Chain::bloom(&t.logs).as_slice()),
        "type": qty(t.tx_type),
        "status": if t.status { "0x1" } else { "0x0" },
    })
}

/// The tracer options of `debug_trace*`: only `{tracer: "callTracer"}`
/// (with `tracerConfig.onlyTopCall`); returns onlyTopCall.
fn trace_options(v: Option<&Value>) -> Result<bool, RpcError> {
    let tracer = v.and_then(|o| o.get("tracer")).and_then(|t| t.as_str());
    if tracer != Some("callTracer") {
        return Err(RpcError::invalid_params(
            "only callTracer is supported: pass {\"tracer\": \"callTracer\"}",
        ));
    }
    Ok(v.and_then(|o| o.get("tracerConfig"))
        .and_then(|c| c.get("onlyTopCall"))
        .and_then(|b| b.as_bool())
        .unwrap_or(false))
}

fn trace_json(mut root: crate::trace::CallFrame, only_top: bool) -> Value {
    if only_top {
        root.calls.clear();
    }
    root.to_json()
}

fn filter_not_found() -> RpcError {
    RpcError::new(-32000, "filter not found")
}

fn filter_id(v: &Value) -> Result<u64, RpcError> {
    // Ids are hex quantities; anything else names no filter.
    parse_u64(v).map_err(|_| filter_not_found())
}

/// A filter's block bound: None for a tag that moves with the head.
fn filter_block(chain: &Chain, v: Option<&Value>) -> Result<Option<u64>, RpcError> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s))
            if matches!(s.as_str(), "latest" | "pending" | "safe" | "finalized") =>
        {
            Ok(None)
        }
        Some(v) => block_number(chain, Some(v)).map(Some),
    }
}

/// The criteria of `eth_getLogs` and `eth_newFilter`.
fn log_criteria(chain: &Chain, v: &Value) -> Result<LogCriteria, RpcError> {
    let f = v
        .as_object()
        .ok_or_else(|| RpcError::invalid_params("expected a filter object"))?;
    let (from, to) = if let Some(h) = f.get("blockHash").filter(|v| !v.is_null()) {
        let n = chain
            .block_by_hash(parse_b256(h)?)
            .map(|b| b.number)
            .ok_or_else(|| RpcError::new(-32001, "block not found"))?;
        (Some(n), Some(n))
    } else {
        (
            filter_block(chain, f.get("fromBlock"))?,
            filter_block(chain, f.get("toBlock"))?,
        )
    };
    let addresses = match f.get("address") {
        None | Some(Value::Null) => vec![],
        Some(Value::Array(a)) => a.iter().map(parse_addr).collect::<Result<_, _>>()?,
        Some(v) => vec![parse_addr(v)?],
    };
    let topics = match f.get("topics") {
        None | Some(Value::Null) => vec![],
        Some(Value::Array(ts)) => ts
            .iter()
            .map(|t| match t {
                Value::Null => Ok(None),
                Value::Array(set) => set
                    .iter()
                    .map(parse_b256)
                    .collect::<Result<Vec<_>, _>>()
                    .map(Some),
                v => parse_b256(v).map(|x| Some(vec![x])),
            })
            .collect::<Result<Vec<_>, _>>()?,
        _ => return Err(RpcError::invalid_params("topics must be an array")),
    };
    Ok(LogCriteria {
        from,
        to,
        addresses,
        topics,
    })
}

fn logs_json(chain: &Chain, c: &LogCriteria, from: u64, to: u64) -> Value {
    if from > to {
        return json!([]);
    }
    json!(chain
        .logs(from, to, &c.addresses, &c.topics)
        .into_iter()
        .map(|(t, l)| log_json(chain, t, l))
        .collect::<Vec<_>>())
}

/// Whether a method changes state (the node saves its state file after these).
pub fn is_mutating(method: &str) -> bool {
    matches!(
        method,
        "eth_sendRawTransaction"
            | "eth_sendTransaction"
            | "evm_mine"
            | "evm_revert"
            | "evm_increaseTime"
            | "evm_setNextBlockTimestamp"
            | "anvil_setBalance"
            | "hardhat_setBalance"
            | "anvil_setCode"
            | "anvil_setNonce"
            | "anvil_setStorageAt"
            | "anvil_loadState"
            | "anvil_mine"
    )
}

/// Answer one JSON-RPC method call.
pub fn dispatch(chain: &mut Chain, method: &str, params: &[Value]) -> RpcResult {
    let p = |i: usize| {
        param(params, i).ok_or_else(|| RpcError::invalid_params(format!("missing parameter {i}")))
    };
    match method {
        "web3_clientVersion" => Ok(json!(concat!(
            "restake-devnet/v",
            env!("CARGO_PKG_VERSION")
        ))),
        "net_version" => Ok(json!(chain.config.chain_id.to_string())),
        "eth_chainId" => Ok(qty(chain.config.chain_id)),
        "net_listening" => Ok(json!(true)),
        "eth_syncing" => Ok(json!(false)),
        "eth_mining" => Ok(json!(true)),
        "eth_accounts" => Ok(json!(DEV_ACCOUNTS
            .iter()
            .map(|a| data(a.as_slice()))
            .collect::<Vec<_>>())),
        "eth_coinbase" => Ok(data(crate::chain::COINBASE.as_slice())),
        "eth_blockNumber" => Ok(qty(chain.block_number())),
        "eth_gasPrice" => Ok(qty(chain.config.base_fee)),
        "eth_maxPriorityFeePerGas" => Ok(qty(0u64)),
        "eth_blobBaseFee" => Ok(qty(1u64)),
        "eth_feeHistory" => {
            let count = parse_u64(p(0)?)?.clamp(1, 1024);
            let newest = block_number(chain, param(params, 1))?;
            let oldest = newest.saturating_sub(count - 1);
            let n = newest - oldest + 1;
            let mut res = json!({
                "oldestBlock": qty(oldest),
                "baseFeePerGas": (0..=n).map(|_| qty(chain.config.base_fee)).collect::<Vec<_>>(),
                "gasUsedRatio": (0..n).map(|_| json!(0.0)).collect::<Vec<_>>(),
            });
            if let Some(Value::Array(pcts)) = param(params, 2) {
                res["reward"] = json!((0..n)
                    .map(|_| pcts.iter().map(|_| qty(0u64)).collect::<Vec<_>>())
                    .collect::<Vec<_>>());
            }
            Ok(res)
        }
        "eth_getBalance" => {
            let a = parse_addr(p(0)?)?;
            let n = state_block(chain, param(params, 1))?;
            Ok(qty256(chain.balance_at(a, n)?))
        }
        "eth_getTransactionCount" => {
            let a = parse_addr(p(0)?)?;
            let n = state_block(chain, param(params, 1))?;
            Ok(qty(chain.nonce_at(a, n)?))
        }
        "eth_getCode" => {
            let a = parse_addr(p(0)?)?;
            let n = state_block(chain, param(params, 1))?;
            Ok(data(&chain.code_at(a, n)?))
        }
        "eth_getStorageAt" => {
            let (a, k) = (parse_addr(p(0)?)?, parse_slot(p(1)?)?);
            let n = state_block(chain, param(params, 2))?;
            let v = chain.storage_at(a, k, n)?;
            Ok(data(&v.to_be_bytes::<32>()))
        }
        "eth_call" => {
            let req = tx_request(p(0)?)?;
            let n = state_block(chain, param(params, 1))?;
            let ov = param(params, 2).map(overrides).transpose()?;
            let out = chain.call_at(&req, ov.as_ref(), n)?;
            if out.success {
                Ok(data(&out.output))
            } else if let Some(h) = out.halted {
                Err(RpcError::new(-32000, format!("execution halted: {h}")))
            } else {
                Err(RpcError::reverted(out.output))
            }
        }
        "eth_estimateGas" => {
            let req = tx_request(p(0)?)?;
            let n = state_block(chain, param(params, 1))?;
            Ok(qty(chain.estimate_gas_at(&req, n)?))
        }
        "eth_createAccessList" => {
            let req = tx_request(p(0)?)?;
            let n = state_block(chain, param(params, 1))?;
            let r = chain.create_access_list(&req, n)?;
            let mut out = json!({
                "accessList": r.access_list.iter().map(|(a, ks)| json!({
                    "address": data(a.as_slice()),
                    "storageKeys": ks.iter().map(|k| data(k.as_slice())).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
                "gasUsed": qty(r.gas_used),
            });
            if let Some(e) = r.error {
                out["error"] = json!(e);
            }
            Ok(out)
        }
        "debug_traceTransaction" => {
            let h = parse_b256(p(0)?)?;
            let only_top = trace_options(param(params, 1))?;
            Ok(trace_json(chain.trace_tx(h)?, only_top))
        }
        "debug_traceCall" => {
            let req = tx_request(p(0)?)?;
            let n = state_block(chain, param(params, 1))?;
            let only_top = trace_options(param(params, 2))?;
            Ok(trace_json(chain.trace_call(&req, n)?, only_top))
        }
        "eth_sendRawTransaction" => {
            let raw = parse_hex_bytes(p(0)?)?;
            Ok(data(chain.send_raw(&raw)?.as_slice()))
        }
        "eth_sendTransaction" => {
            let req = tx_request(p(0)?)?;
            if !DEV_ACCOUNTS.contains(&req.from) {
                return Err(RpcError::new(
                    -32000,
                    format!("account {} is not unlocked", req.from),
                ));
            }
            let mut req = req;
            if req.gas.is_none() {
                req.gas = Some(chain.estimate_gas(&req)?);
            }
            Ok(data(chain.send(&req)?.as_slice()))
        }
        "restake_gasFloor" => {
            let h = parse_b256(p(0)?)?;
            Ok(chain
                .tx(h)
                .map(|t| serde_json::to_value(t.floor).unwrap_or(Value::Null))
                .unwrap_or(Value::Null))
        }
        "eth_getTransactionReceipt" => {
            let h = parse_b256(p(0)?)?;
            Ok(chain
                .tx(h)
                .map(|t| receipt_json(chain, t))
                .unwrap_or(Value::Null))
        }
        "eth_getTransactionByHash" => {
            let h = parse_b256(p(0)?)?;
            Ok(chain.tx(h).map(tx_json).unwrap_or(Value::Null))
        }
        "eth_getBlockByNumber" => {
            let n = block_number(chain, Some(p(0)?))?;
            let full = param(params, 1).and_then(|v| v.as_bool()).unwrap_or(false);
            Ok(chain
                .block(n)
                .map(|b| block_json(chain, b, full))
                .unwrap_or(Value::Null))
        }
        "eth_getBlockByHash" => {
            let h = parse_b256(p(0)?)?;
            let full = param(params, 1).and_then(|v| v.as_bool()).unwrap_or(false);
            Ok(chain
                .block_by_hash(h)
                .map(|b| block_json(chain, b, full))
                .unwrap_or(Value::Null))
        }
        "eth_getBlockReceipts" => {
            let n = block_number(chain, Some(p(0)?))?;
            Ok(match chain.block(n) {
                Some(b) => json!(b
                    .txs
                    .iter()
                    .filter_map(|h| chain.tx(*h))
                    .map(|t| receipt_json(chain, t))
                    .collect::<Vec<_>>()),
                None => Value::Null,
            })
        }
        "eth_getTransactionByBlockNumberAndIndex" | "eth_getTransactionByBlockHashAndIndex" => {
            let n = if method.contains("Hash") {
                chain
                    .block_by_hash(parse_b256(p(0)?)?)
                    .map(|b| b.number)
                    .unwrap_or(u64::MAX)
            } else {
                block_number(chain, Some(p(0)?))?
            };
            let i = parse_u64(p(1)?)? as usize;
            Ok(chain
                .block(n)
                .and_then(|b| b.txs.get(i))
                .and_then(|h| chain.tx(*h))
                .map(tx_json)
                .unwrap_or(Value::Null))
        }
        "eth_getBlockTransactionCountByNumber" => {
            let n = block_number(chain, Some(p(0)?))?;
            Ok(chain
                .block(n)
                .map(|b| qty(b.txs.len() as u64))
                .unwrap_or(Value::Null))
        }
        "eth_getLogs" => {
            let c = log_criteria(chain, p(0)?)?;
            let (from, to) = c.range(chain.block_number());
            if to.saturating_sub(from) > 100_000 {
                return Err(RpcError::invalid_params("block range too large"));
            }
            Ok(logs_json(chain, &c, from, to))
        }
        "eth_newFilter" => {
            let c = log_criteria(chain, p(0)?)?;
            let head = chain.block_number();
            Ok(qty(chain.filters.install(FilterKind::Logs(c), head)))
        }
        "eth_newBlockFilter" => {
            let head = chain.block_number();
            Ok(qty(chain.filters.install(FilterKind::Blocks, head)))
        }
        "eth_newPendingTransactionFilter" => {
            let head = chain.block_number();
            Ok(qty(chain
                .filters
                .install(FilterKind::PendingTransactions, head)))
        }
        "eth_getFilterChanges" => {
            let id = filter_id(p(0)?)?;
            let head = chain.block_number();
            let (kind, from, to) = chain.filters.poll(id, head).ok_or_else(filter_not_found)?;
            Ok(match kind {
                FilterKind::Logs(c) => {
                    // Bounds that move with the head do not bound changes.
                    let lo = c.from.unwrap_or(0);
                    let hi = c.to.unwrap_or(u64::MAX);
                    logs_json(chain, &c, from.max(lo), to.min(hi))
                }
                FilterKind::Blocks => json!((from..=to)
                    .filter_map(|n| chain.block(n))
                    .map(|b| data(b.hash.as_slice()))
                    .collect::<Vec<_>>()),
                FilterKind::PendingTransactions => json!((from..=to)
                    .filter_map(|n| chain.block(n))
                    .flat_map(|b| b.txs.iter().map(|h| data(h.as_slice())))
                    .collect::<Vec<_>>()),
            })
        }
        "eth_getFilterLogs" => {
            let id = filter_id(p(0)?)?;
            let Some(FilterKind::Logs(c)) = chain.filters.get(id).map(|f| f.kind.clone()) else {
                return Err(filter_not_found());
            };
            let (from, to) = c.range(chain.block_number());
            Ok(logs_json(chain, &c, from, to))
        }
        "eth_uninstallFilter" => {
            let id = filter_id(p(0)?)?;
            Ok(json!(chain.filters.uninstall(id)))
        }
        "evm_snapshot" => Ok(qty(chain.snapshot())),
        "evm_revert" => Ok(json!(chain.revert(parse_u64(p(0)?)?))),
        "evm_increaseTime" => Ok(qty(
            chain.increase_time(parse_u64(p(0)?)? as i64).max(0) as u64
        )),
        "evm_setNextBlockTimestamp" => {
            chain.set_next_timestamp(parse_u64(p(0)?)?);
            Ok(json!(null))
        }
        "evm_mine" => {
            let ts = match param(params, 0) {
                Some(Value::Object(o)) => o.get("timestamp").map(parse_u64).transpose()?,
                Some(v) => Some(parse_u64(v)?),
                None => None,
            };
            chain.mine_empty(ts);
            Ok(json!("0x0"))
        }
        "anvil_mine" => {
            let n = param(params, 0)
                .map(parse_u64)
                .transpose()?
                .unwrap_or(1)
                .min(10_000);
            for _ in 0..n {
                chain.mine_empty(None);
            }
            Ok(json!(null))
        }
        "anvil_setBalance" | "hardhat_setBalance" => {
            chain.set_balance(parse_addr(p(0)?)?, parse_u256(p(1)?)?);
            Ok(json!(null))
        }
        "anvil_setCode" => {
            chain.set_code(parse_addr(p(0)?)?, parse_hex_bytes(p(1)?)?);
            Ok(json!(null))
        }
        "anvil_setNonce" => {
            chain.set_nonce(parse_addr(p(0)?)?, parse_u64(p(1)?)?);
            Ok(json!(null))
        }
        "anvil_setStorageAt" => {
            chain.set_storage(parse_addr(p(0)?)?, parse_slot(p(1)?)?, parse_slot(p(2)?)?);
            Ok(json!(true))
        }
        "anvil_dumpState" => {
            serde_json::to_value(chain.dump()).map_err(|e| RpcError::new(-32603, e.to_string()))
        }
        "anvil_loadState" => {
            let dump = serde_json::from_value(p(0)?.clone())
                .map_err(|e| RpcError::invalid_params(format!("bad state: {e}")))?;
            chain.load(dump);
            Ok(json!(true))
        }
        _ => Err(RpcError::new(
            -32601,
            format!("the method {method} does not exist/is not available"),
        )),
    }
}

fn error_json(id: Value, e: &RpcError) -> Value {
    let mut err = json!({"code": e.code, "message": e.message});
    if let Some(d) = &e.data {
        err["data"] = data(d);
    }
    json!({"jsonrpc": "2.0", "id": id, "error": err})
}

fn handle_one(chain: &mut Chain, req: &Value, mutated: &mut bool) -> Value {
    let id = req.get("id").cloned().unwrap_or(Value::Null);
    let Some(method) = req.get("method").and_then(|m| m.as_str()) else {
        return error_json(id, &RpcError::new(-32600, "invalid request"));
    };
    let params: Vec<Value> = match req.get("params") {
        None | Some(Value::Null) => vec![],
        Some(Value::Array(a)) => a.clone(),
        Some(_) => return error_json(id, &RpcError::invalid_params("params must be an array")),
    };
    // Never let a bug in one request take the node down.
    let res = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        dispatch(chain, method, &params)
    }));
    if is_mutating(method) {
        *mutated = true;
    }
    match res {
        Ok(Ok(v)) => json!({"jsonrpc": "2.0", "id": id, "result": v}),
        Ok(Err(e)) => error_json(id, &e),
        Err(_) => error_json(id, &RpcError::new(-32603, "internal error")),
    }
}

/// Answer a JSON-RPC request body (single or batch). Sets `mutated` if state may have changed.
pub fn handle_body(chain: &mut Chain, body: &[u8], mutated: &mut bool) -> Vec<u8> {
    let v: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => {
            return serde_json::to_vec(&error_json(
                Value::Null,
                &RpcError::new(-32700, format!("parse error: {e}")),
            ))
            .unwrap()
        }
    };
    let out = match &v {
        Value::Array(reqs) if reqs.is_empty() => {
            error_json(Value::Null, &RpcError::new(-32600, "empty batch"))
        }
        Value::Array(reqs) => Value::Array(
            reqs.iter()
                .take(1000)
                .map(|r| handle_one(chain, r, mutated))
                .collect(),
        ),
        Value::Object(_) => handle_one(chain, &v, mutated),
        _ => error_json(Value::Null, &RpcError::new(-32600, "invalid request")),
    };
    serde_json::to_vec(&out).unwrap()
}

/// Node settings.
#[derive(Clone, Debug)]
pub struct NodeConfig {
    /// Interface to listen on.
    pub host: String,
    /// Port (0 picks a free one).
    pub port: u16,
    /// Chain settings.
    pub chain: ChainConfig,
    /// File to load state from at start and save it to after changes.
    pub state: Option<PathBuf>,
}

impl Default for NodeConfig {
    fn default() -> Self {
        Self {
            host: "127.0.0.1".into(),
            port: 8547,
            chain: ChainConfig::default(),
            state: None,
        }
    }
}

type Job = Box<dyn FnOnce(&mut Chain, &mut bool) + Send>;

/// A running devnet node. Dropping it stops the node (and saves the state file).
pub struct Devnet {
    addr: SocketAddr,
    jobs: Sender<Job>,
    stop: Arc<AtomicBool>,
    threads: Vec<std::thread::JoinHandle<()>>,
}

impl Devnet {
    /// Start a node. Use port 0 for a free port (tests).
    pub fn start(config: NodeConfig) -> std::io::Result<Devnet> {
        let listener = TcpListener::bind((config.host.as_str(), config.port))?;
        let addr = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let (jobs, rx) = channel::<Job>();
        let (ready_tx, ready_rx) = channel();
        let chain_cfg = config.chain.clone();
        let state = config.state.clone();
        let chain_stop = stop.clone();
        let chain_thread = std::thread::Builder::new()
            .name("devnet-chain".into())
            .spawn(move || {
                let mut chain = Chain::new(chain_cfg);
                let mut err = None;
                if let Some(p) = &state {
                    if p.exists() {
                        if let Err(e) = chain.load_from(p) {
                            err = Some(e);
                        }
                    }
                }
                let failed = err.is_some();
                let _ = ready_tx.send(err);
                if failed {
                    return;
                }
                chain_loop(chain, rx, state, chain_stop);
            })?;
        if let Ok(Some(e)) = ready_rx.recv() {
            return Err(std::io::Error::other(format!("cannot load state: {e}")));
        }
        let accept_stop = stop.clone();
        let accept_jobs = jobs.clone();
        let accept = std::thread::Builder::new()
            .name("devnet-accept".into())
            .spawn(move || {
                for conn in listener.incoming() {
                    if accept_stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(conn) = conn else { continue };
                    let jobs = accept_jobs.clone();
                    let stop = accept_stop.clone();
                    let _ = std::thread::Builder::new()
                        .name("devnet-conn".into())
                        .spawn(move || {
                            let _ = serve_conn(conn, jobs, stop);
                        });
                }
            })?;
        Ok(Devnet {
            addr,
            jobs,
            stop,
            threads: vec![chain_thread, accept],
        })
    }

    /// Start on a free port of 127.0.0.1 with default chain settings.
    pub fn start_free_port() -> std::io::Result<Devnet> {
        Self::start(NodeConfig {
            port: 0,
            ..Default::default()
        })
    }

    /// The socket address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The HTTP URL of the JSON-RPC endpoint.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Run `f` on the chain (in order with RPC requests), without HTTP.
    pub fn with_chain<R: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Chain) -> R + Send + 'static,
    ) -> R {
        let (tx, rx) = channel();
        let job: Job = Box::new(move |c, mutated| {
            *mutated = true;
            let _ = tx.send(f(c));
        });
        self.jobs.send(job).expect("chain thread alive");
        rx.recv().expect("chain thread alive")
    }

    /// Answer a JSON-RPC request body without HTTP.
    pub fn request(&self, body: &[u8]) -> Vec<u8> {
        let body = body.to_vec();
        let (tx, rx) = channel();
        let job: Job = Box::new(move |c, mutated| {
            let _ = tx.send(handle_body(c, &body, mutated));
        });
        self.jobs.send(job).expect("chain thread alive");
        rx.recv().expect("chain thread alive")
    }

    /// Stop serving and wait for the threads (saves the state file).
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        if self.stop.swap(true, Ordering::SeqCst) {
            return;
        }
        // Wake the accept loop.
        let _ = TcpStream::connect(self.addr);
        let (dummy, _) = channel();
        let jobs = std::mem::replace(&mut self.jobs, dummy);
        drop(jobs);
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }

    /// Block until the node is stopped from another thread (for the binary).
    pub fn wait(mut self) {
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

impl Drop for Devnet {
    fn drop(&mut self) {
        self.shutdown();
    }
}

fn chain_loop(mut chain: Chain, rx: Receiver<Job>, state: Option<PathBuf>, stop: Arc<AtomicBool>) {
    let mut dirty = false;
    let mut last_save = std::time::Instant::now();
    loop {
        match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(job) => {
                let mut mutated = false;
                job(&mut chain, &mut mutated);
                dirty |= mutated;
                // Under a steady stream of requests the idle save below never
                // fires: save at least once a second while busy.
                if dirty && last_save.elapsed() >= Duration::from_secs(1) {
                    if let Some(p) = &state {
                        if let Err(e) = chain.save_to(p) {
                            eprintln!("restake-devnet: cannot save state to {}: {e}", p.display());
                        }
                        dirty = false;
                        last_save = std::time::Instant::now();
                    }
                }
            }
            Err(RecvTimeoutError::Timeout) => {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                if dirty {
                    if let Some(p) = &state {
                        if let Err(e) = chain.save_to(p) {
                            eprintln!("restake-devnet: cannot save state to {}: {e}", p.display());
                        }
                    }
                    dirty = false;
                    last_save = std::time::Instant::now();
                }
            }
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    if dirty {
        if let Some(p) = &state {
            let _ = chain.save_to(p);
        }
    }
}

fn write_response(
    w: &mut TcpStream,
    status: &str,
    body: &[u8],
    close: bool,
) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nAccess-Control-Allow-Origin: *\r\nConnection: {}\r\n\r\n",
        body.len(),
        if close { "close" } else { "keep-alive" }
    );
    w.write_all(head.as_bytes())?;
    w.write_all(body)?;
    w.flush()
}

fn serve_conn(conn: TcpStream, jobs: Sender<Job>, stop: Arc<AtomicBool>) -> std::io::Result<()> {
    conn.set_read_timeout(Some(Duration::from_secs(120)))?;
    let _ = conn.set_nodelay(true);
    let mut out = conn.try_clone()?;
    let mut reader = BufReader::new(conn);
    loop {
        if stop.load(Ordering::SeqCst) {
            return Ok(());
        }
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let line = line.trim_end().to_string();
        if line.is_empty() {
            continue;
        }
        let mut parts = line.split_whitespace();
        let method = parts.next().unwrap_or("").to_string();
        let version = parts.nth(1).unwrap_or("HTTP/1.0").to_string();
        let mut len: Option<usize> = None;
        let mut close = version == "HTTP/1.0";
        let mut chunked = false;
        let mut expect_continue = false;
        let mut header_bytes = 0usize;
        loop {
            let mut h = String::new();
            let n = reader.read_line(&mut h)?;
            if n == 0 {
                return Ok(());
            }
            header_bytes += n;
            if header_bytes > 64 * 1024 {
                let _ = write_response(&mut out, "431 Request Header Fields Too Large", b"", true);
                return Ok(());
            }
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':') {
                let k = k.trim().to_ascii_lowercase();
                let v = v.trim();
                match k.as_str() {
                    "content-length" => len = v.parse().ok(),
                    "connection" => close = v.eq_ignore_ascii_case("close"),
                    "transfer-encoding" => chunked = v.to_ascii_lowercase().contains("chunked"),
                    "expect" => expect_continue = v.eq_ignore_ascii_case("100-continue"),
                    _ => {}
                }
            }
        }
        if method == "OPTIONS" {
            write_response(&mut out, "204 No Content", b"", close)?;
            continue;
        }
        if method != "POST" {
            let body = br#"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"send JSON-RPC requests with POST"}}"#;
            write_response(&mut out, "405 Method Not Allowed", body, true)?;
            return Ok(());
        }
        if expect_continue && len.map(|l| l <= MAX_BODY).unwrap_or(true) {
            out.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
        }
        let body = if chunked {
            let mut body = Vec::new();
            loop {
                let mut size = String::new();
                reader.read_line(&mut size)?;
                let n = usize::from_str_radix(size.trim().split(';').next().unwrap_or("0"), 16)
                    .unwrap_or(0);
                if body.len() + n > MAX_BODY {
                    write_response(&mut out, "413 Payload Too Large", b"", true)?;
                    return Ok(());
                }
                let mut chunk = vec![0; n + 2];
                reader.read_exact(&mut chunk)?;
                if n == 0 {
                    break;
                }
                body.extend_from_slice(&chunk[..n]);
            }
            body
        } else {
            let Some(len) = len else {
                write_response(&mut out, "411 Length Required", b"", true)?;
                return Ok(());
            };
            if len > MAX_BODY {
                let body = br#"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"request too large"}}"#;
                write_response(&mut out, "413 Payload Too Large", body, true)?;
                return Ok(());
            }
            let mut body = vec![0; len];
            reader.read_exact(&mut body)?;
            body
        };
        let (tx, rx) = channel();
        let job: Job = Box::new(move |c, mutated| {
            let _ = tx.send(handle_body(c, &body, mutated));
        });
        if jobs.send(job).is_err() {
            return Ok(());
        }
        let Ok(resp) = rx.recv() else { return Ok(()) };
        write_response(&mut out, "200 OK", &resp, close)?;
        if close {
            return Ok(());
        }
    }
}

/// A minimal blocking JSON-RPC client over HTTP (for tests, scripts and the benchmark).
pub struct Client {
    addr: SocketAddr,
    conn: Option<BufReader<TcpStream>>,
    id: u64,
}

impl Client {
    /// A client for `http://host:port` (or `host:port`).
    pub fn new(url: &str) -> std::io::Result<Self> {
        let a = url.trim_start_matches("http://").trim_end_matches('/');
        let addr = std::net::ToSocketAddrs::to_socket_addrs(a)?
            .next()
            .ok_or_else(|| std::io::Error::other("bad address"))?;
        Ok(Self {
            addr,
            conn: None,
            id: 0,
        })
    }

    /// Send a raw body; returns the raw response body.
    pub fn raw(&mut self, body: &[u8]) -> std::io::Result<Vec<u8>> {
        for attempt in 0..2 {
            if self.conn.is_none() {
                let s = TcpStream::connect(self.addr)?;
                let _ = s.set_nodelay(true);
                self.conn = Some(BufReader::new(s));
            }
            let r = self.try_raw(body);
            if r.is_err() {
                self.conn = None;
                if attempt == 0 {
                    continue;
                }
            }
            return r;
        }
        unreachable!()
    }

    fn try_raw(&mut self, body: &[u8]) -> std::io::Result<Vec<u8>> {
        let conn = self.conn.as_mut().unwrap();
        let head = format!("POST / HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n", self.addr, body.len());
        let s = conn.get_mut();
        s.write_all(head.as_bytes())?;
        s.write_all(body)?;
        let mut status = String::new();
        if conn.read_line(&mut status)? == 0 {
            return Err(std::io::Error::other("connection closed"));
        }
        let mut len = 0;
        let mut close = false;
        loop {
            let mut h = String::new();
            conn.read_line(&mut h)?;
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    len = v.trim().parse().unwrap_or(0);
                }
                if k.eq_ignore_ascii_case("connection") && v.trim().eq_ignore_ascii_case("close") {
                    close = true;
                }
            }
        }
        let mut buf = vec![0; len];
        conn.read_exact(&mut buf)?;
        if close {
            self.conn = None;
        }
        Ok(buf)
    }

    /// Call a method; returns `result` or the JSON-RPC error.
    pub fn call(&mut self, method: &str, params: Value) -> Result<Value, RpcError> {
        self.id += 1;
        let body = serde_json::to_vec(
            &json!({"jsonrpc": "2.0", "id": self.id, "method": method, "params": params}),
        )
        .unwrap();
        let resp = self
            .raw(&body)
            .map_err(|e| RpcError::new(-32099, format!("transport: {e}")))?;
        let v: Value =
            serde_json::from_slice(&resp).map_err(|e| RpcError::new(-32700, e.to_string()))?;
        if let Some(e) = v.get("error") {
            return Err(RpcError {
                code: e.get("code").and_then(|c| c.as_i64()).unwrap_or(0),
                message: e
                    .get("message")
                    .and_then(|m| m.as_str())
                    .unwrap_or("")
                    .to_string(),
                data: e.get("data").and_then(|d| parse_hex_bytes(d).ok()),
            });
        }
        Ok(v.get("result").cloned().unwrap_or(Value::Null))
    }
}
