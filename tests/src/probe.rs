//! Raw probes of deployed contracts over the devnet's JSON-RPC:
//! transactions with any calldata from the devnet's unlocked dev accounts
//! (`eth_sendTransaction`, in batches), what each one did from
//! its call tree (`debug_traceTransaction` with the call tracer: revert
//! data, gas, every frame that ran out of gas or trapped, `stylusTrap`), and
//! what a block changed in state.
//!
//! State: the devnet's `stateRoot` is synthetic (`docs/devnet.md`: "Block
//! hashes and roots are synthetic"), so it cannot show a change. What it
//! does keep is an undo log per block (the pre-values of every account and
//! storage slot the block's transaction changed, `devnet/src/history.rs`),
//! exported by `anvil_dumpState`; [`Prober::block_changes`] reads it. A
//! reverted transaction's block may change the sender's balance and nonce
//! (the gas it paid) and nothing else.

use std::collections::BTreeMap;

use alloy::primitives::{Address, Bytes, B256, U256};
use restake_devnet::rpc::Client;
use serde_json::{json, Value};

/// The devnet's coinbase (Arbitrum's sequencer address).
pub const COINBASE: Address =
    alloy::primitives::address!("A4b000000000000000000073657175656e636572");

/// One transaction or call to probe.
#[derive(Clone, Debug)]
pub struct Probe {
    /// The callee.
    pub to: Address,
    /// Wei sent.
    pub value: U256,
    /// Calldata.
    pub input: Bytes,
    /// Gas limit.
    pub gas: u64,
}

/// What a probe did, read from its call tree.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The transaction (zero for a traced call).
    pub hash: B256,
    /// Its block (0 for a traced call).
    pub block: u64,
    /// Whether the root frame succeeded.
    pub success: bool,
    /// The root frame's return or revert data.
    pub output: Bytes,
    /// Gas limit and gas used of the transaction.
    pub gas_limit: u64,
    /// See [`Outcome::gas_limit`].
    pub gas_used: u64,
    /// Every frame in which a Stylus program trapped: its address and why.
    pub traps: Vec<(Address, String)>,
    /// Every frame that ended out of gas (all its gas burned).
    pub out_of_gas: Vec<Address>,
    /// How many frames the root frame opened (at any depth).
    pub subcalls: usize,
    /// The call tree itself (geth's `callTracer` JSON, with `stylusTrap`).
    pub trace: Value,
}

impl Outcome {
    /// Neither a trap nor an out-of-gas anywhere in the call tree, and the
    /// transaction did not use all of its gas.
    pub fn is_clean(&self) -> bool {
        self.traps.is_empty() && self.out_of_gas.is_empty() && self.gas_used < self.gas_limit
    }
}

fn hex(b: &[u8]) -> String {
    format!("0x{}", alloy::primitives::hex::encode(b))
}

fn qty(v: &Value) -> u64 {
    let s = v.as_str().unwrap_or("0x0").trim_start_matches("0x");
    u64::from_str_radix(if s.is_empty() { "0" } else { s }, 16).expect("a hex quantity")
}

fn bytes(v: &Value) -> Bytes {
    v.as_str()
        .map(|s| s.parse().expect("hex data"))
        .unwrap_or_default()
}

/// Reads an [`Outcome`] out of a call-tracer tree.
pub fn outcome_of(trace: &Value, hash: B256, block: u64) -> Outcome {
    let mut traps = Vec::new();
    let mut out_of_gas = Vec::new();
    fn walk(f: &Value, traps: &mut Vec<(Address, String)>, oog: &mut Vec<Address>) -> usize {
        let to: Address = f["to"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .unwrap_or_default();
        if let Some(why) = f.get("stylusTrap") {
            traps.push((to, why.as_str().unwrap_or_default().to_string()));
        }
        if f.get("error").and_then(Value::as_str) == Some("out of gas") {
            oog.push(to);
        }
        let mut n = 0;
        for c in f["calls"].as_array().into_iter().flatten() {
            n += 1 + walk(c, traps, oog);
        }
        n
    }
    let subcalls = walk(trace, &mut traps, &mut out_of_gas);
    Outcome {
        hash,
        block,
        success: trace.get("error").is_none(),
        output: bytes(&trace["output"]),
        gas_limit: qty(&trace["gas"]),
        gas_used: qty(&trace["gasUsed"]),
        traps,
        out_of_gas,
        subcalls,
        trace: trace.clone(),
    }
}

/// What one block's transaction changed in one account (pre-values).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AccountChange {
    /// The account did not exist before (otherwise its balance or nonce
    /// may have changed; the log keeps their pre-values).
    pub created: bool,
    /// Its code changed.
    pub code: bool,
    /// Storage slots written, with their value before.
    pub storage: BTreeMap<U256, U256>,
    /// The whole storage was replaced (created or destroyed).
    pub cleared: bool,
    /// Balance and nonce before (`None` if it did not exist). An account
    /// the transaction only touched (a call with no value) is logged with
    /// them unchanged.
    pub before: Option<(U256, u64)>,
}

impl AccountChange {
    /// Nothing but (possibly) the balance and the nonce changed.
    pub fn info_only(&self) -> bool {
        !self.created && !self.code && !self.cleared && self.storage.is_empty()
    }
}

/// The devnet's state dump (`anvil_dumpState`): accounts and history.
pub struct StateDump(pub Value);

impl StateDump {
    /// Every account's balance, nonce, code and storage, but `except`.
    pub fn accounts_except(&self, except: &[Address]) -> BTreeMap<Address, Value> {
        self.0["accounts"]
            .as_object()
            .expect("accounts")
            .iter()
            .map(|(a, v)| (a.parse().expect("address"), v.clone()))
            .filter(|(a, _)| !except.contains(a))
            .collect()
    }
}

/// Sends probes from one dev account and reads what they did.
pub struct Prober {
    c: Client,
    /// The sender (an unlocked dev account).
    pub from: Address,
}

impl Prober {
    /// A prober sending as dev account `i` of the devnet at `url`.
    pub fn new(url: &str, i: usize) -> Self {
        Self {
            c: Client::new(url).expect("client"),
            from: restake_devnet::DEV_ACCOUNTS[i],
        }
    }

    fn tx_from(&self, from: Address, p: &Probe) -> Value {
        json!({
            "from": hex(from.as_slice()),
            "to": hex(p.to.as_slice()),
            "value": format!("0x{:x}", p.value),
            "gas": format!("0x{:x}", p.gas),
            "input": hex(&p.input),
        })
    }

    /// One JSON-RPC call; panics on an error.
    pub fn rpc(&mut self, method: &str, params: Value) -> Value {
        self.c
            .call(method, params)
            .unwrap_or_else(|e| panic!("{method}: {} {}", e.code, e.message))
    }

    /// A JSON-RPC batch; the results in request order (each a result or
    /// the error object).
    pub fn batch(&mut self, calls: &[(&str, Value)]) -> Vec<Result<Value, Value>> {
        let body: Vec<Value> = calls
            .iter()
            .enumerate()
            .map(|(i, (m, p))| json!({"jsonrpc": "2.0", "id": i, "method": m, "params": p}))
            .collect();
        let resp = self
            .c
            .raw(&serde_json::to_vec(&body).unwrap())
            .expect("transport");
        let resp: Vec<Value> = serde_json::from_slice(&resp).expect("a batch answer");
        let mut out = vec![Err(Value::Null); calls.len()];
        for r in resp {
            let i = r["id"].as_u64().expect("id") as usize;
            out[i] = match r.get("error") {
                Some(e) => Err(e.clone()),
                None => Ok(r["result"].clone()),
            };
        }
        out
    }

    /// Sends `probes` as transactions (one block each, in order) and
    /// returns what each did, from its trace.
    ///
    /// # Panics
    /// If the devnet refuses a transaction (it never should: gas is paid
    /// by a prefunded account).
    pub fn send(&mut self, probes: &[Probe]) -> Vec<Outcome> {
        self.send_as(self.from, probes)
    }

    /// [`Prober::send`] from dev account `from` instead.
    ///
    /// # Panics
    /// If `from` is not one of the devnet's (unlocked) dev accounts.
    pub fn send_as(&mut self, from: Address, probes: &[Probe]) -> Vec<Outcome> {
        // The devnet's dev accounts are unlocked: `eth_sendTransaction`
        // mines a transaction from them with no signature to make or check
        // (ECDSA in a test build would cost more than the probe).
        let sends: Vec<(&str, Value)> = probes
            .iter()
            .map(|p| ("eth_sendTransaction", json!([self.tx_from(from, p)])))
            .collect();
        let t_send = std::time::Instant::now();
        let hashes: Vec<B256> = self
            .batch(&sends)
            .into_iter()
            .map(|r| {
                r.unwrap_or_else(|e| panic!("transaction refused: {e}"))
                    .as_str()
                    .unwrap()
                    .parse()
                    .unwrap()
            })
            .collect();
        let t_send = t_send.elapsed();
        let mut reads = Vec::with_capacity(2 * hashes.len());
        for h in &hashes {
            reads.push(("eth_getTransactionReceipt", json!([h])));
            reads.push((
                "debug_traceTransaction",
                json!([h, {"tracer": "callTracer"}]),
            ));
        }
        let t0 = std::time::Instant::now();
        let answers = self.batch(&reads);
        if std::env::var("RESTAKE_PROBE_TIMING").is_ok() {
            eprintln!(
                "probe: {} sent in {:?}, read in {:?}",
                probes.len(),
                t_send,
                t0.elapsed()
            );
        }
        hashes
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let receipt = answers[2 * i].clone().expect("receipt");
                let trace = answers[2 * i + 1].clone().expect("trace");
                let o = outcome_of(&trace, *h, qty(&receipt["blockNumber"]));
                assert_eq!(
                    o.success,
                    receipt["status"] == "0x1",
                    "receipt and trace disagree for {h}"
                );
                assert_eq!(o.gas_used, qty(&receipt["gasUsed"]), "gas of {h}");
                o
            })
            .collect()
    }

    /// Traces each `(from, probe)` as a call on the latest state (nothing
    /// is mined), in one batch.
    pub fn trace_calls(&mut self, calls: &[(Address, Probe)]) -> Vec<Outcome> {
        let reqs: Vec<(&str, Value)> = calls
            .iter()
            .map(|(from, p)| {
                (
                    "debug_traceCall",
                    json!([self.tx_from(*from, p), "latest", {"tracer": "callTracer"}]),
                )
            })
            .collect();
        let mut out = Vec::with_capacity(calls.len());
        for chunk in reqs.chunks(256) {
            out.extend(
                self.batch(chunk)
                    .into_iter()
                    .map(|r| outcome_of(&r.expect("trace"), B256::ZERO, 0)),
            );
        }
        out
    }

    /// Per block in `blocks`, what its transaction changed, per account
    /// (from the devnet's undo log).
    pub fn block_changes(
        dump: &StateDump,
        blocks: std::ops::RangeInclusive<u64>,
    ) -> BTreeMap<u64, BTreeMap<Address, AccountChange>> {
        let history = &dump.0["history"];
        let start = history["start"].as_u64().expect("history start");
        let logs = history["blocks"].as_array().expect("history blocks");
        let mut out = BTreeMap::new();
        for b in blocks {
            assert!(b > start, "block {b} is before the history");
            let log = &logs[(b - start - 1) as usize]["tx"]["accounts"];
            let mut changes = BTreeMap::new();
            for (a, u) in log.as_object().into_iter().flatten() {
                let storage = u["storage"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(k, v)| {
                        (
                            k.parse::<U256>().expect("slot"),
                            serde_json::from_value::<U256>(v.clone()).expect("value"),
                        )
                    })
                    .collect();
                changes.insert(
                    a.parse::<Address>().expect("address"),
                    AccountChange {
                        created: u["info"].is_null(),
                        code: u["info"].get("code").is_some_and(|c| !c.is_null()),
                        storage,
                        cleared: u["cleared"].as_bool().unwrap_or(false),
                        before: (!u["info"].is_null()).then(|| {
                            (
                                serde_json::from_value(u["info"]["balance"].clone())
                                    .expect("balance"),
                                u["info"]["nonce"].as_u64().expect("nonce"),
                            )
                        }),
                    },
                );
            }
            out.insert(b, changes);
        }
        out
    }

    /// `eth_call` of `input` on `to` at the latest block: the return data.
    ///
    /// # Panics
    /// If the call reverts.
    pub fn view(&mut self, to: Address, input: &[u8]) -> Bytes {
        self.try_view(to, input).unwrap_or_else(|data| {
            panic!(
                "eth_call of {} on {to} reverted with {data}",
                hex(&input[..input.len().min(4)])
            )
        })
    }

    /// `eth_call` of `input` on `to` at the latest block: the return data,
    /// or the revert data.
    pub fn try_view(&mut self, to: Address, input: &[u8]) -> Result<Bytes, Bytes> {
        self.c
            .call(
                "eth_call",
                json!([{"to": hex(to.as_slice()), "input": hex(input)}, "latest"]),
            )
            .map(|v| bytes(&v))
            .map_err(|e| e.data.map(|d| d.to_vec().into()).unwrap_or_default())
    }

    /// [`Prober::try_view`] of each `(to, input)`, in one batch.
    pub fn try_views(&mut self, calls: &[(Address, Vec<u8>)]) -> Vec<Result<Bytes, Bytes>> {
        let from: Vec<(Option<Address>, Address, Vec<u8>)> = calls
            .iter()
            .map(|(to, input)| (None, *to, input.clone()))
            .collect();
        self.try_calls(&from)
    }

    /// `eth_call` of each `(from, to, input)` at the latest block, in one
    /// batch: the return data, or the revert data.
    pub fn try_calls(
        &mut self,
        calls: &[(Option<Address>, Address, Vec<u8>)],
    ) -> Vec<Result<Bytes, Bytes>> {
        let reqs: Vec<(&str, Value)> = calls
            .iter()
            .map(|(from, to, input)| {
                let mut tx = json!({"to": hex(to.as_slice()), "input": hex(input)});
                if let Some(f) = from {
                    tx["from"] = json!(hex(f.as_slice()));
                }
                ("eth_call", json!([tx, "latest"]))
            })
            .collect();
        self.batch(&reqs)
            .into_iter()
            .map(|r| match r {
                Ok(v) => Ok(bytes(&v)),
                Err(e) => Err(bytes(&e["data"])),
            })
            .collect()
    }

    /// Deploys EVM `initcode` from dev account `from`; the new address.
    ///
    /// # Panics
    /// If the creation fails.
    pub fn deploy(&mut self, from: Address, initcode: &[u8]) -> Address {
        let h = self.rpc(
            "eth_sendTransaction",
            json!([{"from": hex(from.as_slice()), "input": hex(initcode), "gas": "0x1c9c380"}]),
        );
        let r = self.rpc("eth_getTransactionReceipt", json!([h]));
        assert_eq!(r["status"], "0x1", "deploy failed: {r}");
        r["contractAddress"].as_str().unwrap().parse().unwrap()
    }

    /// Fixes the timestamp of the next block.
    pub fn set_next_timestamp(&mut self, ts: u64) {
        self.rpc("evm_setNextBlockTimestamp", json!([ts]));
    }

    /// `evm_snapshot`: an id to go back to.
    pub fn snapshot(&mut self) -> u64 {
        let v = self.rpc("evm_snapshot", json!([]));
        qty(&v)
    }

    /// `evm_revert` to snapshot `id` (which is used up).
    pub fn revert_to(&mut self, id: u64) {
        let ok = self.rpc("evm_revert", json!([format!("0x{id:x}")]));
        assert_eq!(ok, json!(true), "no snapshot {id}");
    }

    /// The timestamp of the head block.
    pub fn head_timestamp(&mut self) -> u64 {
        let b = self.rpc("eth_getBlockByNumber", json!(["latest", false]));
        qty(&b["timestamp"])
    }

    /// The devnet's whole state and history (`anvil_dumpState`).
    pub fn dump(&mut self) -> StateDump {
        let t0 = std::time::Instant::now();
        let d = StateDump(self.rpc("anvil_dumpState", json!([])));
        if std::env::var("RESTAKE_PROBE_TIMING").is_ok() {
            eprintln!("probe: state dump in {:?}", t0.elapsed());
        }
        d
    }

    /// `a`'s balance and nonce at the end of block `block`.
    pub fn balance_nonce_at(&mut self, a: Address, block: u64) -> (U256, u64) {
        let at = format!("0x{block:x}");
        let b = self.rpc("eth_getBalance", json!([hex(a.as_slice()), at]));
        let n = self.rpc("eth_getTransactionCount", json!([hex(a.as_slice()), at]));
        (b.as_str().unwrap().parse().expect("balance"), qty(&n))
    }

    /// The head block number.
    pub fn head(&mut self) -> u64 {
        let v = self.rpc("eth_blockNumber", json!([]));
        qty(&v)
    }
}
