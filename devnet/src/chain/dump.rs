//! State dumps (`anvil_dumpState`, `--state` files): what a restart needs, and
//! loading it back.

use std::collections::HashMap;

use revm::primitives::{Address, Bytes, U256};
use revm::state::{AccountInfo, Bytecode};
use serde::{Deserialize, Serialize};

use crate::evm::Db;
use crate::history::{History, HistoryDump};

use super::{BlockRec, Chain, TxRec};

#[derive(Clone, Serialize, Deserialize)]
struct AccountDump {
    balance: U256,
    nonce: u64,
    code: Bytes,
    storage: HashMap<U256, U256>,
}

/// Everything a restart needs.
#[derive(Clone, Serialize, Deserialize)]
pub struct StateDump {
    chain_id: u64,
    accounts: HashMap<Address, AccountDump>,
    blocks: Vec<BlockRec>,
    txs: Vec<TxRec>,
    time_offset: i64,
    /// Undo logs for historical state (absent in dumps of older versions:
    /// then history starts at the dump's head block).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    history: Option<HistoryDump>,
}

impl Chain {
    /// Everything needed to restart where we are.
    pub fn dump(&self) -> StateDump {
        let mut accounts = HashMap::new();
        for (a, acc) in &self.db.cache.accounts {
            let code = match &acc.info.code {
                Some(c) => c.original_bytes(),
                None => self
                    .db
                    .cache
                    .contracts
                    .get(&acc.info.code_hash)
                    .map(|c| c.original_bytes())
                    .unwrap_or_default(),
            };
            accounts.insert(
                *a,
                AccountDump {
                    balance: acc.info.balance,
                    nonce: acc.info.nonce,
                    code,
                    storage: acc
                        .storage
                        .iter()
                        .filter(|(_, v)| !v.is_zero())
                        .map(|(k, v)| (*k, *v))
                        .collect(),
                },
            );
        }
        let mut txs: Vec<TxRec> = self.txs.values().cloned().collect();
        txs.sort_by_key(|t| t.block_number);
        StateDump {
            chain_id: self.config.chain_id,
            accounts,
            blocks: self.blocks.clone(),
            txs,
            time_offset: self.time_offset,
            history: Some(self.history.to_dump()),
        }
    }

    /// Restore from a dump (replaces all state).
    pub fn load(&mut self, dump: StateDump) {
        let mut db = Db::default();
        for (a, acc) in dump.accounts {
            let mut info = AccountInfo {
                balance: acc.balance,
                nonce: acc.nonce,
                ..Default::default()
            };
            if !acc.code.is_empty() {
                let bc = Bytecode::new_raw(acc.code);
                info.code_hash = bc.hash_slow();
                info.code = Some(bc);
            }
            db.insert_account_info(a, info);
            if !acc.storage.is_empty() {
                let _ = db.replace_account_storage(a, acc.storage.into_iter().collect());
            }
        }
        self.db = db;
        self.blocks = dump.blocks;
        self.txs = dump.txs.into_iter().map(|t| (t.hash, t)).collect();
        self.time_offset = dump.time_offset;
        self.history = History::from_dump(dump.history, self.block_number());
        self.snapshots.clear();
    }

    /// Write the state to a JSON file.
    pub fn save_to(&self, path: &std::path::Path) -> std::io::Result<()> {
        let tmp = path.with_extension("tmp");
        std::fs::write(
            &tmp,
            serde_json::to_vec(&self.dump()).map_err(std::io::Error::other)?,
        )?;
        std::fs::rename(tmp, path)
    }

    /// Read state from a JSON file written by [`Chain::save_to`].
    pub fn load_from(&mut self, path: &std::path::Path) -> std::io::Result<()> {
        let bytes = std::fs::read(path)?;
        let dump: StateDump = serde_json::from_slice(&bytes).map_err(std::io::Error::other)?;
        self.load(dump);
        Ok(())
    }
}
