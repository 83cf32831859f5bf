//! The chain: state, blocks (one transaction each, mined instantly), receipts,
//! snapshots, time travel, and state dump/load.
//!
//! `types` (the public records and settings), `state` (reads, past state, dev
//! writes), `exec` (calls, estimates, access lists, traces), `mining`
//! (transactions and blocks, time, snapshots), `dump` (state dumps); this file
//! holds [`Chain`] itself, its construction and its block and log lookups.

mod dump;
mod exec;
mod mining;
mod state;
mod types;

use std::collections::HashMap;

use alloy_primitives::Bloom;
use revm::context::{BlockEnv, CfgEnv};
use revm::primitives::{hardfork::SpecId, keccak256, Address, Bytes, B256, U256};
use revm::state::{AccountInfo, Bytecode};

use crate::evm::{self, Db, Programs, ARB_WASM, STYLUS_DEPLOYER};
use crate::history::History;

pub use crate::revert::decode_revert_reason;
pub use dump::StateDump;
pub use types::{
    AccessListResult, AccountOverride, BlockRec, CallOutcome, ChainConfig, GasFloor, LogRec,
    RpcError, TxRec, TxRequest, COINBASE, DEV_ACCOUNTS, DEV_KEYS,
};

#[derive(Clone)]
struct Snapshot {
    db: Db,
    blocks: Vec<BlockRec>,
    txs: HashMap<B256, TxRec>,
    time_offset: i64,
    history: History,
}

/// The devnet chain.
pub struct Chain {
    /// Settings.
    pub config: ChainConfig,
    db: Db,
    programs: Programs,
    blocks: Vec<BlockRec>,
    txs: HashMap<B256, TxRec>,
    snapshots: Vec<Option<Snapshot>>,
    time_offset: i64,
    next_timestamp: Option<u64>,
    history: History,
    /// Installed filters (`eth_newFilter` and the like).
    pub filters: crate::filters::Filters,
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

impl Default for Chain {
    fn default() -> Self {
        Self::new(ChainConfig::default())
    }
}

impl Chain {
    /// A new chain with the dev accounts prefunded and the system contracts in place.
    pub fn new(config: ChainConfig) -> Self {
        let mut db = Db::default();
        for a in DEV_ACCOUNTS {
            db.insert_account_info(
                a,
                AccountInfo {
                    balance: config.prefund,
                    ..Default::default()
                },
            );
        }
        // System accounts get a one-byte code so they are never pruned as empty.
        for a in [ARB_WASM, evm::ARB_SYS, STYLUS_DEPLOYER] {
            let code = Bytecode::new_raw(Bytes::from_static(&[0xFE]));
            db.insert_account_info(
                a,
                AccountInfo {
                    code_hash: code.hash_slow(),
                    code: Some(code),
                    nonce: 1,
                    ..Default::default()
                },
            );
        }
        let genesis = BlockRec {
            number: 0,
            hash: keccak256(b"restake-devnet genesis"),
            parent_hash: B256::ZERO,
            timestamp: now(),
            gas_used: 0,
            base_fee: config.base_fee,
            txs: vec![],
        };
        Self {
            config,
            db,
            programs: Programs::new(),
            blocks: vec![genesis],
            txs: HashMap::new(),
            snapshots: Vec::new(),
            time_offset: 0,
            next_timestamp: None,
            history: History::starting_at(0),
            filters: Default::default(),
        }
    }

    fn cfg_env(&self, call: bool) -> CfgEnv {
        // Every execution runs on the thread that asks for its configuration.
        crate::arbos::set_l1_price(self.config.l1_price_per_unit);
        let mut cfg = CfgEnv::new_with_spec(SpecId::PRAGUE);
        cfg.chain_id = self.config.chain_id;
        cfg.disable_eip3541 = true;
        cfg.limit_contract_code_size = Some(crate::stylus::MAX_CODE_SIZE);
        cfg.tx_gas_limit_cap = Some(self.config.tx_gas_cap);
        if call {
            cfg.disable_balance_check = true;
            cfg.disable_nonce_check = true;
            cfg.disable_base_fee = true;
            // eth_call may come "from" a contract.
            cfg.disable_eip3607 = true;
        }
        cfg
    }

    /// Latest block number.
    pub fn block_number(&self) -> u64 {
        self.blocks.len() as u64 - 1
    }

    /// A block by number.
    pub fn block(&self, n: u64) -> Option<&BlockRec> {
        self.blocks.get(n as usize)
    }

    /// A block by hash.
    pub fn block_by_hash(&self, h: B256) -> Option<&BlockRec> {
        self.blocks.iter().rev().find(|b| b.hash == h)
    }

    /// A mined transaction.
    pub fn tx(&self, h: B256) -> Option<&TxRec> {
        self.txs.get(&h)
    }

    fn next_block_env(&self) -> BlockEnv {
        let parent = self.blocks.last().unwrap();
        BlockEnv {
            number: U256::from(parent.number + 1),
            beneficiary: COINBASE,
            timestamp: U256::from(self.peek_timestamp()),
            gas_limit: self.config.block_gas_limit,
            basefee: self.config.base_fee,
            difficulty: U256::from(1),
            prevrandao: Some(B256::ZERO),
            ..Default::default()
        }
    }

    fn peek_timestamp(&self) -> u64 {
        let parent = self.blocks.last().unwrap().timestamp;
        let clock = match self.config.block_time {
            // The fixed clock: genesis, a step per block, and the offsets.
            Some(step) => {
                let genesis = self.blocks.first().map_or(0, |b| b.timestamp);
                let ticks = (self.blocks.len() as u64).saturating_mul(step);
                (genesis.saturating_add(ticks) as i64 + self.time_offset).max(0) as u64
            }
            None => (now() as i64 + self.time_offset).max(0) as u64,
        };
        let t = self.next_timestamp.unwrap_or(clock);
        t.max(parent)
    }

    /// Logs matching a filter, in chain order.
    pub fn logs(
        &self,
        from: u64,
        to: u64,
        addresses: &[Address],
        topics: &[Option<Vec<B256>>],
    ) -> Vec<(&TxRec, &LogRec)> {
        let mut out = Vec::new();
        let to = to.min(self.block_number());
        for n in from..=to {
            let Some(b) = self.blocks.get(n as usize) else {
                break;
            };
            for h in &b.txs {
                let Some(t) = self.txs.get(h) else { continue };
                for l in &t.logs {
                    if !addresses.is_empty() && !addresses.contains(&l.address) {
                        continue;
                    }
                    let ok = topics.iter().enumerate().all(|(i, want)| match want {
                        None => true,
                        Some(set) => l.topics.get(i).map(|t| set.contains(t)).unwrap_or(false),
                    });
                    if ok {
                        out.push((t, l));
                    }
                }
            }
        }
        out
    }

    /// Bloom of a transaction's logs.
    pub fn bloom(logs: &[LogRec]) -> Bloom {
        let mut b = Bloom::default();
        for l in logs {
            b.accrue_raw_log(l.address, &l.topics);
        }
        b
    }
}
