//! The JSON-RPC wire format: decoding request parameters (quantities, data,
//! addresses, block tags, transactions, state overrides, filter criteria) and
//! encoding results (blocks, transactions, receipts, logs, traces, errors) as
//! Ethereum nodes do.

use std::collections::HashMap;

use revm::primitives::{Address, Bytes, B256, U256};
use serde_json::{json, Value};

use crate::chain::{AccountOverride, BlockRec, Chain, LogRec, RpcError, TxRec, TxRequest};
use crate::filters::LogCriteria;

pub(super) fn qty(v: impl Into<u128>) -> Value {
    Value::String(format!("0x{:x}", v.into()))
}

pub(super) fn qty256(v: U256) -> Value {
    Value::String(format!("0x{v:x}"))
}

pub(super) fn data(b: &[u8]) -> Value {
    let mut s = String::with_capacity(2 + b.len() * 2);
    s.push_str("0x");
    for x in b {
        s.push_str(&format!("{x:02x}"));
    }
    Value::String(s)
}

pub(super) fn param(params: &[Value], i: usize) -> Option<&Value> {
    params.get(i).filter(|v| !v.is_null())
}

pub(super) fn parse_hex_bytes(v: &Value) -> Result<Bytes, RpcError> {
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

pub(super) fn parse_u256(v: &Value) -> Result<U256, RpcError> {
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

pub(super) fn parse_u64(v: &Value) -> Result<u64, RpcError> {
    parse_u256(v)?
        .try_into()
        .map_err(|_| RpcError::invalid_params("quantity too large"))
}

pub(super) fn parse_addr(v: &Value) -> Result<Address, RpcError> {
    let b = parse_hex_bytes(v)?;
    if b.len() != 20 {
        return Err(RpcError::invalid_params("expected a 20-byte address"));
    }
    Ok(Address::from_slice(&b))
}

pub(super) fn parse_b256(v: &Value) -> Result<B256, RpcError> {
    let b = parse_hex_bytes(v)?;
    if b.len() != 32 {
        return Err(RpcError::invalid_params("expected 32 bytes"));
    }
    Ok(B256::from_slice(&b))
}

pub(super) fn parse_slot(v: &Value) -> Result<U256, RpcError> {
    let b = parse_hex_bytes(v)?;
    if b.len() > 32 {
        return Err(RpcError::invalid_params("slot longer than 32 bytes"));
    }
    Ok(U256::from_be_slice(&b))
}

pub(super) fn block_number(chain: &Chain, v: Option<&Value>) -> Result<u64, RpcError> {
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
pub(super) fn state_block(chain: &Chain, v: Option<&Value>) -> Result<u64, RpcError> {
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

pub(super) fn tx_request(v: &Value) -> Result<TxRequest, RpcError> {
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

pub(super) fn overrides(v: &Value) -> Result<HashMap<Address, AccountOverride>, RpcError> {
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

pub(super) fn block_json(chain: &Chain, b: &BlockRec, full: bool) -> Value {
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

pub(super) fn tx_json(t: &TxRec) -> Value {
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

pub(super) fn log_json(chain: &Chain, t: &TxRec, l: &LogRec) -> Value {
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

pub(super) fn receipt_json(chain: &Chain, t: &TxRec) -> Value {
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
pub(super) fn trace_options(v: Option<&Value>) -> Result<bool, RpcError> {
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

pub(super) fn trace_json(mut root: crate::trace::CallFrame, only_top: bool) -> Value {
    if only_top {
        root.calls.clear();
    }
    root.to_json()
}

pub(super) fn filter_not_found() -> RpcError {
    RpcError::new(-32000, "filter not found")
}

pub(super) fn filter_id(v: &Value) -> Result<u64, RpcError> {
    // Ids are hex quantities; anything else names no filter.
    parse_u64(v).map_err(|_| filter_not_found())
}

/// A filter's block bound: None for a tag that moves with the head.
pub(super) fn filter_block(chain: &Chain, v: Option<&Value>) -> Result<Option<u64>, RpcError> {
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
pub(super) fn log_criteria(chain: &Chain, v: &Value) -> Result<LogCriteria, RpcError> {
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

pub(super) fn logs_json(chain: &Chain, c: &LogCriteria, from: u64, to: u64) -> Value {
    if from > to {
        return json!([]);
    }
    json!(chain
        .logs(from, to, &c.addresses, &c.topics)
        .into_iter()
        .map(|(t, l)| log_json(chain, t, l))
        .collect::<Vec<_>>())
}

pub(super) fn error_json(id: Value, e: &RpcError) -> Value {
    let mut err = json!({"code": e.code, "message": e.message});
    if let Some(d) = &e.data {
        err["data"] = data(d);
    }
    json!({"jsonrpc": "2.0", "id": id, "error": err})
}
