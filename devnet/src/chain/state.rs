//! Reading and changing state: the latest state, the state at a past block
//! (through the history's undo logs) and the dev methods' direct writes.

use revm::context::BlockEnv;
use revm::primitives::{Address, Bytes, B256, U256};
use revm::state::{AccountInfo, Bytecode};

use crate::evm::Db;
use crate::history::Past;

use super::{Chain, RpcError, COINBASE};

impl Chain {
    /// Account balance.
    pub fn balance(&self, a: Address) -> U256 {
        self.db
            .cache
            .accounts
            .get(&a)
            .map(|x| x.info.balance)
            .unwrap_or_default()
    }

    /// Account nonce.
    pub fn nonce(&self, a: Address) -> u64 {
        self.db
            .cache
            .accounts
            .get(&a)
            .map(|x| x.info.nonce)
            .unwrap_or_default()
    }

    /// Account code.
    pub fn code(&self, a: Address) -> Bytes {
        let Some(acc) = self.db.cache.accounts.get(&a) else {
            return Bytes::new();
        };
        if let Some(c) = &acc.info.code {
            return c.original_bytes();
        }
        self.db
            .cache
            .contracts
            .get(&acc.info.code_hash)
            .map(|c| c.original_bytes())
            .unwrap_or_default()
    }

    /// A storage slot.
    pub fn storage(&self, a: Address, k: U256) -> U256 {
        self.db
            .cache
            .accounts
            .get(&a)
            .and_then(|x| x.storage.get(&k).copied())
            .unwrap_or_default()
    }

    /// Check that the state at the end of block `n` can be read: an error
    /// for a block after the head, or before the first block with history.
    pub fn check_state_at(&self, n: u64) -> Result<(), RpcError> {
        let head = self.block_number();
        if n > head {
            return Err(RpcError::new(
                -32000,
                format!("header not found: block {n} is after the head block {head}"),
            ));
        }
        if n < self.history.start {
            return Err(RpcError::new(
                -32000,
                format!(
                    "historical state for block {n} is not available: history starts at block {} (the state was loaded from a dump without history)",
                    self.history.start
                ),
            ));
        }
        Ok(())
    }

    /// The first block whose state can be read (0, or the head block of a
    /// dump without history this chain was loaded from).
    pub fn history_start(&self) -> u64 {
        self.history.start
    }

    pub(super) fn past_account(&self, a: Address, n: u64) -> Result<Option<Past<'_>>, RpcError> {
        self.check_state_at(n)?;
        if n == self.block_number() {
            return Ok(None);
        }
        Ok(Some(self.history.account(n, a)))
    }

    /// Balance at the end of block `n` (the head block: the current state,
    /// with dev changes made since it).
    pub fn balance_at(&self, a: Address, n: u64) -> Result<U256, RpcError> {
        Ok(match self.past_account(a, n)? {
            None | Some(Past::Latest) => self.balance(a),
            Some(Past::Missing) => U256::ZERO,
            Some(Past::Found(i)) => i.balance,
        })
    }

    /// Nonce at the end of block `n`.
    pub fn nonce_at(&self, a: Address, n: u64) -> Result<u64, RpcError> {
        Ok(match self.past_account(a, n)? {
            None | Some(Past::Latest) => self.nonce(a),
            Some(Past::Missing) => 0,
            Some(Past::Found(i)) => i.nonce,
        })
    }

    /// Code at the end of block `n`.
    pub fn code_at(&self, a: Address, n: u64) -> Result<Bytes, RpcError> {
        self.check_state_at(n)?;
        if n == self.block_number() {
            return Ok(self.code(a));
        }
        Ok(self.history.code(n, a).unwrap_or_else(|| self.code(a)))
    }

    /// A storage slot at the end of block `n`.
    pub fn storage_at(&self, a: Address, k: U256, n: u64) -> Result<U256, RpcError> {
        self.check_state_at(n)?;
        if n == self.block_number() {
            return Ok(self.storage(a, k));
        }
        Ok(self
            .history
            .storage(n, a, k)
            .unwrap_or_else(|| self.storage(a, k)))
    }

    /// The whole state at the end of block `n` (a copy of the latest state,
    /// rewound).
    pub fn db_at(&self, n: u64) -> Result<Db, RpcError> {
        self.check_state_at(n)?;
        let mut db = self.db.clone();
        db.cache.logs.clear();
        if n < self.block_number() {
            self.history.rewind(&mut db, n);
        }
        Ok(db)
    }

    /// The state just before block `n`'s transaction ran (for replaying it).
    pub fn db_before_tx(&self, n: u64) -> Result<Db, RpcError> {
        if n == 0 || n > self.block_number() {
            return Err(RpcError::new(
                -32000,
                format!("block {n} has no transaction"),
            ));
        }
        self.check_state_at(n - 1)?;
        let mut db = self.db.clone();
        db.cache.logs.clear();
        self.history.rewind_before_tx(&mut db, n);
        Ok(db)
    }

    /// The block environment block `n` ran with (`n` ≤ head).
    pub(crate) fn block_env_of(&self, n: u64) -> BlockEnv {
        let b = &self.blocks[n as usize];
        BlockEnv {
            number: U256::from(b.number),
            beneficiary: COINBASE,
            timestamp: U256::from(b.timestamp),
            gas_limit: self.config.block_gas_limit,
            basefee: b.base_fee,
            difficulty: U256::from(1),
            prevrandao: Some(B256::ZERO),
            ..Default::default()
        }
    }

    /// The block environment of a call on the state at the end of block `n`:
    /// the next block's (the one being built at the head; the block after `n`
    /// as it was mined before it).
    pub(crate) fn call_block_env(&self, n: u64) -> BlockEnv {
        if n >= self.block_number() {
            self.next_block_env()
        } else {
            self.block_env_of(n + 1)
        }
    }

    /// Changes an account's info in place (a dev method's direct write,
    /// noted in the pending block's history first).
    fn edit_info(&mut self, a: Address, edit: impl FnOnce(&mut AccountInfo)) {
        self.history
            .pending
            .note_dev_change(&self.db, a, &[], false);
        let mut info = self
            .db
            .cache
            .accounts
            .get(&a)
            .map(|x| x.info.clone())
            .unwrap_or_default();
        edit(&mut info);
        self.db.insert_account_info(a, info);
    }

    /// Set a balance (anvil_setBalance).
    pub fn set_balance(&mut self, a: Address, v: U256) {
        self.edit_info(a, |info| info.balance = v);
    }

    /// Set code (anvil_setCode).
    pub fn set_code(&mut self, a: Address, code: Bytes) {
        self.edit_info(a, |info| {
            let bc = Bytecode::new_raw(code);
            info.code_hash = bc.hash_slow();
            info.code = Some(bc);
        });
    }

    /// Set a nonce (anvil_setNonce).
    pub fn set_nonce(&mut self, a: Address, n: u64) {
        self.edit_info(a, |info| info.nonce = n);
    }

    /// Set a storage slot (anvil_setStorageAt).
    pub fn set_storage(&mut self, a: Address, k: U256, v: U256) {
        self.history
            .pending
            .note_dev_change(&self.db, a, &[k], false);
        let _ = self.db.insert_account_storage(a, k, v);
    }
}
