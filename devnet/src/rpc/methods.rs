//! The method table: every JSON-RPC method by name ([`dispatch`]), which of
//! them change state ([`is_mutating`]), and how a request body (single or
//! batch) is answered ([`handle_body`]).

use serde_json::{json, Value};

use crate::chain::{Chain, RpcError, DEV_ACCOUNTS};
use crate::filters::FilterKind;

use super::wire::*;

pub(super) type RpcResult = Result<Value, RpcError>;

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
