//! Mining: raw and dev-account transactions (one per block), empty blocks,
//! time travel, snapshots and reverts.

use alloy_consensus::{transaction::SignerRecoverable, Transaction as _, TxEnvelope};
use alloy_eips::eip2718::Decodable2718;
use revm::context::TxEnv;
use revm::database::DatabaseCommit;
use revm::primitives::{keccak256, Bytes, B256, U256};

use crate::evm;
use crate::history::BlockUndo;

use super::exec::outcome;

use super::{BlockRec, Chain, GasFloor, LogRec, RpcError, Snapshot, TxRec, TxRequest};

impl Chain {
    /// Decode, verify and mine a signed raw transaction.
    pub fn send_raw(&mut self, raw: &[u8]) -> Result<B256, RpcError> {
        let mut buf = raw;
        let env = TxEnvelope::decode_2718(&mut buf)
            .map_err(|e| RpcError::new(-32602, format!("invalid transaction: {e}")))?;
        if env.is_eip4844() {
            return Err(RpcError::new(-32602, "blob transactions are not supported"));
        }
        let from = env
            .recover_signer()
            .map_err(|e| RpcError::new(-32000, format!("invalid signature: {e}")))?;
        if let Some(id) = env.chain_id() {
            if id != self.config.chain_id {
                return Err(RpcError::new(
                    -32000,
                    format!("invalid chain id {id}, expected {}", self.config.chain_id),
                ));
            }
        }
        let hash = *env.tx_hash();
        if self.txs.contains_key(&hash) {
            return Err(RpcError::new(-32000, "already known"));
        }
        let sig = env.signature();
        let mut tx = TxEnv {
            tx_type: env.tx_type() as u8,
            caller: from,
            gas_limit: env.gas_limit(),
            // Arbitrum charges the base fee and ignores tips.
            gas_price: env.max_fee_per_gas().min(self.config.base_fee as u128),
            gas_priority_fee: if env.is_dynamic_fee() { Some(0) } else { None },
            kind: env.kind(),
            value: env.value(),
            data: env.input().clone(),
            nonce: env.nonce(),
            chain_id: env.chain_id(),
            access_list: env.access_list().cloned().unwrap_or_default(),
            ..Default::default()
        };
        if let Some(auth) = env.authorization_list() {
            tx.authorization_list = auth
                .iter()
                .cloned()
                .map(revm::context::either::Either::Left)
                .collect();
        }
        let rec = TxRec {
            hash,
            tx_type: tx.tx_type,
            from,
            to: env.to(),
            nonce: tx.nonce,
            value: tx.value,
            input: tx.data.clone(),
            gas: tx.gas_limit,
            gas_price: env.gas_price().unwrap_or(env.max_fee_per_gas()),
            max_fee_per_gas: env.is_dynamic_fee().then(|| env.max_fee_per_gas()),
            max_priority_fee_per_gas: env.max_priority_fee_per_gas(),
            chain_id: env.chain_id(),
            r: sig.r(),
            s: sig.s(),
            y_parity: sig.v(),
            block_number: 0,
            block_hash: B256::ZERO,
            status: false,
            gas_used: 0,
            effective_gas_price: 0,
            contract_address: None,
            logs: vec![],
            output: Bytes::new(),
            access_list: tx
                .access_list
                .0
                .iter()
                .map(|i| (i.address, i.storage_keys.clone()))
                .collect(),
            floor: GasFloor::default(),
            gas_used_for_l1: 0,
        };
        self.mine(tx, rec)
    }

    /// Mine an unsigned transaction from `req.from` (eth_sendTransaction for dev accounts and tests).
    pub fn send(&mut self, req: &TxRequest) -> Result<B256, RpcError> {
        let tx = self.tx_env(req, false);
        let mut pre = Vec::new();
        pre.extend_from_slice(req.from.as_slice());
        pre.extend_from_slice(&tx.nonce.to_be_bytes());
        pre.extend_from_slice(&self.config.chain_id.to_be_bytes());
        pre.extend_from_slice(&keccak256(&tx.data).0);
        pre.extend_from_slice(&self.block_number().to_be_bytes());
        let hash = keccak256(&pre);
        let rec = TxRec {
            hash,
            tx_type: 2,
            from: req.from,
            to: req.to,
            nonce: tx.nonce,
            value: tx.value,
            input: tx.data.clone(),
            gas: tx.gas_limit,
            gas_price: tx.gas_price,
            max_fee_per_gas: Some(tx.gas_price),
            max_priority_fee_per_gas: Some(0),
            chain_id: Some(self.config.chain_id),
            r: U256::from(1),
            s: U256::from(1),
            y_parity: false,
            block_number: 0,
            block_hash: B256::ZERO,
            status: false,
            gas_used: 0,
            effective_gas_price: 0,
            contract_address: None,
            logs: vec![],
            output: Bytes::new(),
            access_list: req.access_list.clone(),
            floor: GasFloor::default(),
            gas_used_for_l1: 0,
        };
        self.mine(tx, rec)
    }

    pub(super) fn mine(&mut self, tx: TxEnv, mut rec: TxRec) -> Result<B256, RpcError> {
        let block_env = self.next_block_env();
        let db = std::mem::take(&mut self.db);
        let caller = tx.caller;
        let nonce = tx.nonce;
        let is_create = tx.kind.is_create();
        let (res, mut db) = evm::run_tx(
            db,
            block_env.clone(),
            self.cfg_env(false),
            tx,
            &mut self.programs,
        );
        let (result, state) = match res {
            Ok(x) => x,
            Err(e) => {
                self.db = db;
                return Err(Self::map_tx_error(e));
            }
        };
        rec.floor = GasFloor::of(&state, caller, rec.to);
        let undo = BlockUndo::of_state(&db, &state);
        db.commit(state);
        db.cache.logs.clear();
        self.db = db;
        let number = self.block_number() + 1;
        // The block carries the timestamp the transaction ran with (the wall
        // clock may have ticked over a second since).
        let timestamp = block_env.timestamp.saturating_to::<u64>();
        self.next_timestamp = None;
        let parent = self.blocks.last().unwrap().hash;
        let mut pre = parent.to_vec();
        pre.extend_from_slice(&number.to_be_bytes());
        pre.extend_from_slice(rec.hash.as_slice());
        let hash = keccak256(&pre);
        let out = outcome(result);
        rec.block_number = number;
        rec.block_hash = hash;
        rec.status = out.success;
        rec.gas_used = out.gas_used;
        rec.gas_used_for_l1 = crate::arbos::poster_gas(
            &rec.input,
            self.config.base_fee,
            self.config.l1_price_per_unit,
        )
        .min(out.gas_used);
        rec.effective_gas_price = self.config.base_fee as u128;
        rec.contract_address = (is_create && out.success).then(|| caller.create(nonce));
        rec.output = out.output.clone();
        rec.logs = out
            .logs
            .iter()
            .enumerate()
            .map(|(i, l)| LogRec {
                address: l.address,
                topics: l.data.topics().to_vec(),
                data: l.data.data.clone(),
                log_index: i as u64,
            })
            .collect();
        let txh = rec.hash;
        self.history.push_block(undo);
        self.blocks.push(BlockRec {
            number,
            hash,
            parent_hash: parent,
            timestamp,
            gas_used: out.gas_used,
            base_fee: self.config.base_fee,
            txs: vec![txh],
        });
        self.txs.insert(txh, rec);
        Ok(txh)
    }

    /// Mine an empty block (evm_mine), optionally at a timestamp.
    pub fn mine_empty(&mut self, timestamp: Option<u64>) {
        if let Some(t) = timestamp {
            self.next_timestamp = Some(t);
        }
        let number = self.block_number() + 1;
        let ts = self.peek_timestamp();
        self.next_timestamp = None;
        let parent = self.blocks.last().unwrap().hash;
        let mut pre = parent.to_vec();
        pre.extend_from_slice(&number.to_be_bytes());
        self.history.push_block(BlockUndo::default());
        self.blocks.push(BlockRec {
            number,
            hash: keccak256(&pre),
            parent_hash: parent,
            timestamp: ts,
            gas_used: 0,
            base_fee: self.config.base_fee,
            txs: vec![],
        });
    }

    /// Move time forward by `secs` (evm_increaseTime); returns the total offset.
    pub fn increase_time(&mut self, secs: i64) -> i64 {
        self.time_offset += secs;
        self.time_offset
    }

    /// Fix the next block's timestamp (evm_setNextBlockTimestamp).
    pub fn set_next_timestamp(&mut self, t: u64) {
        self.next_timestamp = Some(t);
    }

    /// Take a snapshot (evm_snapshot); returns its id.
    pub fn snapshot(&mut self) -> u64 {
        self.snapshots.push(Some(Snapshot {
            db: self.db.clone(),
            blocks: self.blocks.clone(),
            txs: self.txs.clone(),
            time_offset: self.time_offset,
            history: self.history.clone(),
        }));
        self.snapshots.len() as u64 - 1
    }

    /// Go back to a snapshot (evm_revert); false if unknown. Later snapshots are dropped.
    pub fn revert(&mut self, id: u64) -> bool {
        let Some(Some(s)) = self.snapshots.get(id as usize).cloned() else {
            return false;
        };
        self.db = s.db;
        self.blocks = s.blocks;
        self.txs = s.txs;
        self.time_offset = s.time_offset;
        self.history = s.history;
        self.snapshots.truncate(id as usize);
        true
    }
}
