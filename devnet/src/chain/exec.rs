//! Executing without mining: `eth_call`, gas estimation, access lists and
//! call traces, on the latest state or at a past block.

use std::collections::HashMap;

use revm::context::TxEnv;
use revm::context_interface::result::{EVMError, ExecutionResult, InvalidTransaction, Output};
use revm::primitives::{Address, Bytes, TxKind, B256};
use revm::state::Bytecode;

use crate::evm;

use super::{
    AccessListResult, AccountOverride, CallOutcome, Chain, RpcError, TxRec, TxRequest, COINBASE,
};

impl Chain {
    pub(super) fn tx_env(&self, req: &TxRequest, call: bool) -> TxEnv {
        TxEnv {
            tx_type: 2,
            caller: req.from,
            gas_limit: req.gas.unwrap_or(self.config.tx_gas_cap),
            gas_price: req.gas_price.unwrap_or(if call {
                0
            } else {
                self.config.base_fee as u128
            }),
            gas_priority_fee: Some(0),
            kind: match req.to {
                Some(a) => TxKind::Call(a),
                None => TxKind::Create,
            },
            value: req.value,
            data: req.input.clone(),
            nonce: req.nonce.unwrap_or_else(|| self.nonce(req.from)),
            chain_id: Some(self.config.chain_id),
            access_list: alloy_eips::eip2930::AccessList(
                req.access_list
                    .iter()
                    .map(|(a, keys)| alloy_eips::eip2930::AccessListItem {
                        address: *a,
                        storage_keys: keys.clone(),
                    })
                    .collect(),
            ),
            ..Default::default()
        }
    }

    pub(super) fn map_tx_error(e: evm::TxError) -> RpcError {
        match e {
            EVMError::Transaction(t) => {
                let msg = match &t {
                    InvalidTransaction::NonceTooLow { tx, state } => {
                        format!("nonce too low: next nonce {state}, tx nonce {tx}")
                    }
                    InvalidTransaction::NonceTooHigh { tx, state } => {
                        format!("nonce too high: next nonce {state}, tx nonce {tx}")
                    }
                    InvalidTransaction::LackOfFundForMaxFee { .. } => {
                        "insufficient funds for gas * price + value".to_string()
                    }
                    InvalidTransaction::CallGasCostMoreThanGasLimit { .. } => {
                        "intrinsic gas too low".to_string()
                    }
                    other => other.to_string(),
                };
                RpcError::new(-32000, msg)
            }
            other => RpcError::new(-32000, other.to_string()),
        }
    }

    /// Execute without committing (eth_call), with optional state overrides.
    pub fn call(
        &mut self,
        req: &TxRequest,
        overrides: Option<&HashMap<Address, AccountOverride>>,
    ) -> Result<CallOutcome, RpcError> {
        self.call_at(req, overrides, self.block_number())
    }

    /// [`Chain::call`] on the state at the end of block `n`.
    pub fn call_at(
        &mut self,
        req: &TxRequest,
        overrides: Option<&HashMap<Address, AccountOverride>>,
        n: u64,
    ) -> Result<CallOutcome, RpcError> {
        Ok(self.call_full(req, overrides, n)?.0)
    }

    /// [`Chain::call_at`], also returning the state the call left (not committed).
    pub fn call_full(
        &mut self,
        req: &TxRequest,
        overrides: Option<&HashMap<Address, AccountOverride>>,
        n: u64,
    ) -> Result<(CallOutcome, revm::state::EvmState), RpcError> {
        let mut db = self.db_at(n)?;
        let past = n < self.block_number();
        if let Some(ov) = overrides {
            for (a, o) in ov {
                let mut info = db
                    .cache
                    .accounts
                    .get(a)
                    .map(|x| x.info.clone())
                    .unwrap_or_default();
                if let Some(b) = o.balance {
                    info.balance = b;
                }
                if let Some(n) = o.nonce {
                    info.nonce = n;
                }
                if let Some(c) = &o.code {
                    let bc = Bytecode::new_raw(c.clone());
                    info.code_hash = bc.hash_slow();
                    info.code = Some(bc);
                }
                db.insert_account_info(*a, info);
                if let Some(state) = &o.state {
                    let _ = db
                        .replace_account_storage(*a, state.iter().map(|(k, v)| (*k, *v)).collect());
                }
                if let Some(diff) = &o.state_diff {
                    for (k, v) in diff {
                        let _ = db.insert_account_storage(*a, *k, *v);
                    }
                }
            }
        }
        let mut tx = self.tx_env(req, true);
        if past && req.nonce.is_none() {
            tx.nonce = self.nonce_at(req.from, n)?;
        }
        tx.gas_limit = tx.gas_limit.min(self.config.tx_gas_cap);
        let (res, _) = evm::run_tx(
            db,
            self.call_block_env(n),
            self.cfg_env(true),
            tx,
            &mut self.programs,
        );
        let (result, state) = res.map_err(Self::map_tx_error)?;
        Ok((outcome(result), state))
    }

    /// Estimate gas: the least gas limit with which the call succeeds.
    pub fn estimate_gas(&mut self, req: &TxRequest) -> Result<u64, RpcError> {
        self.estimate_gas_at(req, self.block_number())
    }

    /// [`Chain::estimate_gas`] on the state at the end of block `n`.
    pub fn estimate_gas_at(&mut self, req: &TxRequest, n: u64) -> Result<u64, RpcError> {
        self.check_state_at(n)?;
        let mut r = req.clone();
        r.gas = Some(
            req.gas
                .unwrap_or(self.config.tx_gas_cap)
                .min(self.config.tx_gas_cap),
        );
        let cap = r.gas.unwrap();
        let first = self.call_at(&r, None, n)?;
        if !first.success {
            return Err(match first.halted {
                Some(h) => RpcError::new(-32000, format!("gas estimation failed: {h}")),
                None => RpcError::reverted(first.output),
            });
        }
        let mut lo = first.gas_used.saturating_sub(1);
        let mut hi = cap;
        // Try a near guess first (63/64 forwarding needs a little headroom).
        let guess = (first.gas_used * 64 / 63 + 3_000).min(cap);
        r.gas = Some(guess);
        if self
            .call_at(&r, None, n)
            .map(|o| o.success)
            .unwrap_or(false)
        {
            hi = guess;
        } else {
            lo = guess;
        }
        while hi - lo > 1 && hi - lo > hi / 1000 {
            let mid = lo + (hi - lo) / 2;
            r.gas = Some(mid);
            if self
                .call_at(&r, None, n)
                .map(|o| o.success)
                .unwrap_or(false)
            {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        Ok(hi)
    }

    /// `eth_createAccessList` on the state at the end of block `n`: the
    /// accounts and storage slots the call touches, as geth lists them
    /// (without the sender, the recipient or created address, the
    /// precompiles and the fee recipient unless its storage is touched),
    /// sorted; with the gas the call uses when sent with that list. Runs
    /// until the list is stable, as geth does (the request's own list is
    /// kept).
    pub fn create_access_list(
        &mut self,
        req: &TxRequest,
        n: u64,
    ) -> Result<AccessListResult, RpcError> {
        let to = match req.to {
            Some(a) => a,
            None => req.from.create(
                req.nonce
                    .map(Ok)
                    .unwrap_or_else(|| self.nonce_at(req.from, n))?,
            ),
        };
        let excluded =
            |a: &Address| *a == req.from || *a == to || a.0[..18].iter().all(|b| *b == 0);
        let mut r = req.clone();
        let mut list = normalize_access_list(
            r.access_list
                .iter()
                .filter(|(a, _)| !excluded(a))
                .cloned()
                .collect(),
        );
        for _ in 0..8 {
            r.access_list = list.clone();
            let (out, state) = self.call_full(&r, None, n)?;
            let mut next: std::collections::BTreeMap<Address, std::collections::BTreeSet<B256>> =
                list.iter()
                    .map(|(a, ks)| (*a, ks.iter().copied().collect()))
                    .collect();
            for (a, acc) in &state {
                if excluded(a) || (*a == COINBASE && acc.storage.is_empty()) {
                    continue;
                }
                next.entry(*a).or_default().extend(
                    acc.storage
                        .keys()
                        .map(|k| B256::from(k.to_be_bytes::<32>())),
                );
            }
            let next: Vec<(Address, Vec<B256>)> = next
                .into_iter()
                .map(|(a, ks)| (a, ks.into_iter().collect()))
                .collect();
            if next == list {
                let error = if out.success {
                    None
                } else {
                    // geth's wording: the VM error, without the reason.
                    Some(out.halted.unwrap_or_else(|| "execution reverted".into()))
                };
                return Ok(AccessListResult {
                    access_list: list,
                    gas_used: out.gas_used,
                    error,
                });
            }
            list = next;
        }
        Err(RpcError::new(-32000, "access list did not converge"))
    }

    /// The transaction environment a mined transaction ran with.
    pub(super) fn tx_env_of(&self, t: &TxRec) -> TxEnv {
        let dynamic = t.max_fee_per_gas.is_some();
        TxEnv {
            tx_type: t.tx_type,
            caller: t.from,
            gas_limit: t.gas,
            gas_price: t.effective_gas_price,
            gas_priority_fee: if dynamic { Some(0) } else { None },
            kind: match t.to {
                Some(a) => TxKind::Call(a),
                None => TxKind::Create,
            },
            value: t.value,
            data: t.input.clone(),
            nonce: t.nonce,
            chain_id: t.chain_id,
            access_list: alloy_eips::eip2930::AccessList(
                t.access_list
                    .iter()
                    .map(|(a, keys)| alloy_eips::eip2930::AccessListItem {
                        address: *a,
                        storage_keys: keys.clone(),
                    })
                    .collect(),
            ),
            ..Default::default()
        }
    }

    /// `debug_traceTransaction` with the call tracer: re-executes the mined
    /// transaction `hash` on the state just before it, in its block.
    pub fn trace_tx(&mut self, hash: B256) -> Result<crate::trace::CallFrame, RpcError> {
        let t = self
            .txs
            .get(&hash)
            .cloned()
            .ok_or_else(|| RpcError::new(-32000, format!("transaction {hash} not found")))?;
        if t.tx_type == 4 {
            return Err(RpcError::new(
                -32000,
                "tracing EIP-7702 transactions is not supported",
            ));
        }
        let db = self.db_before_tx(t.block_number)?;
        let tx = self.tx_env_of(&t);
        let (_, tree) = crate::evm::run_traced(
            db,
            self.block_env_of(t.block_number),
            self.cfg_env(false),
            tx,
            &mut self.programs,
        )
        .map_err(Self::map_tx_error)?;
        Ok(tree)
    }

    /// `debug_traceCall` with the call tracer, on the state at the end of block `n`.
    pub fn trace_call(
        &mut self,
        req: &TxRequest,
        n: u64,
    ) -> Result<crate::trace::CallFrame, RpcError> {
        let db = self.db_at(n)?;
        let mut tx = self.tx_env(req, true);
        if req.nonce.is_none() {
            tx.nonce = self.nonce_at(req.from, n)?;
        }
        tx.gas_limit = tx.gas_limit.min(self.config.tx_gas_cap);
        let (_, tree) = crate::evm::run_traced(
            db,
            self.call_block_env(n),
            self.cfg_env(true),
            tx,
            &mut self.programs,
        )
        .map_err(Self::map_tx_error)?;
        Ok(tree)
    }
}

pub(super) fn normalize_access_list(list: Vec<(Address, Vec<B256>)>) -> Vec<(Address, Vec<B256>)> {
    let mut m: std::collections::BTreeMap<Address, std::collections::BTreeSet<B256>> =
        Default::default();
    for (a, ks) in list {
        m.entry(a).or_default().extend(ks);
    }
    m.into_iter()
        .map(|(a, ks)| (a, ks.into_iter().collect()))
        .collect()
}

pub(super) fn outcome(result: ExecutionResult) -> CallOutcome {
    let gas_used = result.tx_gas_used();
    match result {
        ExecutionResult::Success { output, logs, .. } => CallOutcome {
            success: true,
            output: match output {
                Output::Call(b) => b,
                Output::Create(b, _) => b,
            },
            gas_used,
            logs,
            halted: None,
        },
        ExecutionResult::Revert { output, .. } => CallOutcome {
            success: false,
            output,
            gas_used,
            logs: vec![],
            halted: None,
        },
        ExecutionResult::Halt { reason, .. } => CallOutcome {
            success: false,
            output: Bytes::new(),
            gas_used,
            logs: vec![],
            halted: Some(format!("{reason:?}")),
        },
    }
}
