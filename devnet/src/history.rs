//! Historical state: per block, an undo log of what the block changed (the
//! pre-values of the accounts, code and storage slots it wrote), so the state
//! as of the end of any past block can be read lazily (point reads walk the
//! logs forward from that block) or rebuilt (the latest state rewound, for
//! `eth_call` at a past block).
//!
//! Dev methods that change state between blocks (`anvil_setBalance` and the
//! like) are logged too, into a pending log that the next block absorbs: the
//! state "at block N" is the state right after block N was mined, before any
//! later change.

use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use revm::primitives::{Address, Bytes, B256, U256};
use revm::state::{AccountInfo, Bytecode, EvmState};
use serde::{Deserialize, Serialize};

use revm::database::AccountState;

use crate::context::Db;

/// An account as it was before a block changed it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InfoUndo {
    /// Balance before.
    pub balance: U256,
    /// Nonce before.
    pub nonce: u64,
    /// The code before, only when the block changed the code (None: unchanged).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<Bytes>,
}

/// What a block did to one account, as pre-values.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountUndo {
    /// The account before the block; None if it did not exist.
    pub info: Option<InfoUndo>,
    /// Pre-values of the storage slots the block changed.
    #[serde(default)]
    pub storage: BTreeMap<U256, U256>,
    /// The block replaced the whole storage (the account was created or
    /// destroyed): `storage` holds every nonzero slot before, any other slot
    /// was zero.
    #[serde(default)]
    pub cleared: bool,
}

/// The undo log of one block (or of the dev changes since the last block).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockUndo {
    /// Per changed account, its pre-values.
    pub accounts: HashMap<Address, AccountUndo>,
}

impl BlockUndo {
    /// Log the pre-values of `state` (a transaction's changes, not yet
    /// committed) as they are in `db`.
    pub fn of_state(db: &Db, state: &EvmState) -> Self {
        let mut out = BlockUndo::default();
        for (address, account) in state {
            if !account.is_touched() {
                continue;
            }
            let replaced = account.is_created() || account.is_selfdestructed();
            let post_hash = if account.is_selfdestructed() {
                revm::primitives::KECCAK_EMPTY
            } else {
                account.info.code_hash
            };
            let mut u = pre_account(db, *address, Some(post_hash));
            if u.info.is_some() {
                if replaced {
                    u.cleared = true;
                    u.storage = db
                        .cache
                        .accounts
                        .get(address)
                        .map(|a| {
                            a.storage
                                .iter()
                                .filter(|(_, v)| !v.is_zero())
                                .map(|(k, v)| (*k, *v))
                                .collect()
                        })
                        .unwrap_or_default();
                } else {
                    for (k, slot) in &account.storage {
                        if slot.is_changed() {
                            u.storage.insert(*k, db_slot(db, *address, *k));
                        }
                    }
                }
            }
            out.accounts.insert(*address, u);
        }
        out
    }

    /// Log the pre-values of `address` (its account and the slots `slots`,
    /// or all its storage when `all_storage`) before a dev change, into this
    /// log unless it already has older ones.
    pub fn note_dev_change(
        &mut self,
        db: &Db,
        address: Address,
        slots: &[U256],
        all_storage: bool,
    ) {
        let mut u = pre_account(db, address, None);
        if u.info.is_some() {
            if all_storage {
                u.cleared = true;
                u.storage = db
                    .cache
                    .accounts
                    .get(&address)
                    .map(|a| {
                        a.storage
                            .iter()
                            .filter(|(_, v)| !v.is_zero())
                            .map(|(k, v)| (*k, *v))
                            .collect()
                    })
                    .unwrap_or_default();
            } else {
                for k in slots {
                    u.storage.insert(*k, db_slot(db, address, *k));
                }
            }
        }
        let mut later = BlockUndo::default();
        later.accounts.insert(address, u);
        self.absorb(later);
    }

    /// Merge the log of a later period into this one (which becomes the log
    /// of both periods): older pre-values win.
    pub fn absorb(&mut self, later: BlockUndo) {
        for (address, l) in later.accounts {
            let Some(e) = self.accounts.get_mut(&address) else {
                self.accounts.insert(address, l);
                continue;
            };
            let Some(info) = &mut e.info else {
                // It did not exist at the start of the earlier period: that
                // says it all.
                continue;
            };
            if info.code.is_none() {
                info.code = l.info.as_ref().and_then(|i| i.code.clone());
                if l.info.is_none() {
                    // Did not exist at the start of the later period, so
                    // its code was empty then and the earlier period left it so.
                    info.code = Some(Bytes::new());
                }
            }
            if e.cleared {
                continue;
            }
            if l.info.is_none() || l.cleared {
                // The later period replaced the storage: what the earlier one
                // did not change is what the later one recorded (or zero).
                let mut all = if l.info.is_none() {
                    BTreeMap::new()
                } else {
                    l.storage
                };
                for (k, v) in std::mem::take(&mut e.storage) {
                    all.insert(k, v);
                }
                all.retain(|_, v| !v.is_zero());
                e.storage = all;
                e.cleared = true;
            } else {
                for (k, v) in l.storage {
                    e.storage.entry(k).or_insert(v);
                }
            }
        }
    }

    /// Apply this log to `db` (which holds the state at the end of the
    /// logged period): afterwards it holds the state at its start.
    pub fn rewind(&self, db: &mut Db) {
        for (address, u) in &self.accounts {
            let Some(info) = &u.info else {
                db.cache.accounts.remove(address);
                continue;
            };
            let mut new = db
                .cache
                .accounts
                .get(address)
                .map(|a| a.info.clone())
                .unwrap_or_default();
            new.balance = info.balance;
            new.nonce = info.nonce;
            if let Some(code) = &info.code {
                if code.is_empty() {
                    new.code_hash = revm::primitives::KECCAK_EMPTY;
                    new.code = Some(Bytecode::default());
                } else {
                    let bc = Bytecode::new_raw(code.clone());
                    new.code_hash = bc.hash_slow();
                    new.code = Some(bc);
                }
            }
            db.insert_account_info(*address, new);
            if u.cleared {
                let _ = db.replace_account_storage(
                    *address,
                    u.storage.iter().map(|(k, v)| (*k, *v)).collect(),
                );
            } else {
                for (k, v) in &u.storage {
                    let _ = db.insert_account_storage(*address, *k, *v);
                }
                if let Some(acc) = db.cache.accounts.get_mut(address) {
                    if matches!(acc.account_state, AccountState::NotExisting) {
                        acc.account_state = AccountState::Touched;
                    }
                }
            }
        }
    }
}

fn db_slot(db: &Db, a: Address, k: U256) -> U256 {
    db.cache
        .accounts
        .get(&a)
        .and_then(|x| x.storage.get(&k).copied())
        .unwrap_or_default()
}

fn db_code(db: &Db, info: &AccountInfo) -> Bytes {
    if let Some(c) = &info.code {
        return c.original_bytes();
    }
    db.cache
        .contracts
        .get(&info.code_hash)
        .map(|c| c.original_bytes())
        .unwrap_or_default()
}

/// The account part of an undo entry: its info in `db` (None if it does not
/// exist there), with its code if `post_code_hash` differs (always when None).
fn pre_account(db: &Db, a: Address, post_code_hash: Option<B256>) -> AccountUndo {
    let info = db
        .cache
        .accounts
        .get(&a)
        .filter(|x| !matches!(x.account_state, AccountState::NotExisting))
        .map(|x| InfoUndo {
            balance: x.info.balance,
            nonce: x.info.nonce,
            code: (post_code_hash != Some(x.info.code_hash)).then(|| db_code(db, &x.info)),
        });
    AccountUndo {
        info,
        ..Default::default()
    }
}

/// A past account as point reads see it.
pub enum Past<'a> {
    /// Not changed since: read the latest state.
    Latest,
    /// Did not exist then.
    Missing,
    /// Its value then.
    Found(&'a InfoUndo),
}

/// The undo logs of one block: the dev changes made before its transaction
/// (between the previous block and it), then its transaction's.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockLog {
    /// Dev changes since the previous block (pre-values).
    #[serde(default)]
    pub dev: BlockUndo,
    /// The block's transaction (pre-values; empty for an empty block).
    #[serde(default)]
    pub tx: BlockUndo,
}

/// The undo logs of the chain's blocks.
#[derive(Clone, Debug, Default)]
pub struct History {
    /// The first block whose end state can be reconstructed (0 unless the
    /// chain was loaded from a dump without history).
    pub start: u64,
    /// Undo logs of blocks `start + 1 ..= head`, in order.
    pub blocks: Vec<Rc<BlockLog>>,
    /// Dev changes since the head block.
    pub pending: BlockUndo,
}

/// The serialized form of [`History`] in state dumps.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct HistoryDump {
    /// See [`History::start`].
    pub start: u64,
    /// See [`History::blocks`].
    pub blocks: Vec<BlockLog>,
    /// See [`History::pending`].
    #[serde(default)]
    pub pending: BlockUndo,
}

impl History {
    /// An empty history starting at block `start`.
    pub fn starting_at(start: u64) -> Self {
        Self {
            start,
            ..Default::default()
        }
    }

    /// The head block (the last one with a log).
    pub fn head(&self) -> u64 {
        self.start + self.blocks.len() as u64
    }

    /// A block was mined with these changes (the pending dev changes go
    /// before them).
    pub fn push_block(&mut self, tx: BlockUndo) {
        let dev = std::mem::take(&mut self.pending);
        self.blocks.push(Rc::new(BlockLog { dev, tx }));
    }

    /// The logs of everything after block `n` (≥ `start`) in chain order;
    /// with `before_tx`, after the dev changes that preceded block `n`'s
    /// transaction instead (block `n` ≥ `start + 1`).
    fn logs(&self, n: u64, before_tx: bool) -> Vec<&BlockUndo> {
        let mut out = Vec::new();
        let first = (n - self.start) as usize;
        if before_tx {
            if let Some(b) = first.checked_sub(1).and_then(|i| self.blocks.get(i)) {
                out.push(&b.tx);
            }
        }
        for b in self.blocks.iter().skip(first) {
            out.push(&b.dev);
            out.push(&b.tx);
        }
        out.push(&self.pending);
        out
    }

    /// `a`'s account at the end of block `n`.
    pub fn account(&self, n: u64, a: Address) -> Past<'_> {
        for u in self.logs(n, false) {
            if let Some(e) = u.accounts.get(&a) {
                return match &e.info {
                    None => Past::Missing,
                    Some(i) => Past::Found(i),
                };
            }
        }
        Past::Latest
    }

    /// `a`'s code at the end of block `n`: Some(code) if it changed since, else None.
    pub fn code(&self, n: u64, a: Address) -> Option<Bytes> {
        for u in self.logs(n, false) {
            if let Some(e) = u.accounts.get(&a) {
                match &e.info {
                    None => return Some(Bytes::new()),
                    Some(i) => {
                        if let Some(c) = &i.code {
                            return Some(c.clone());
                        }
                    }
                }
            }
        }
        None
    }

    /// Slot `k` of `a` at the end of block `n`: Some(value) if it changed since, else None.
    pub fn storage(&self, n: u64, a: Address, k: U256) -> Option<U256> {
        for u in self.logs(n, false) {
            if let Some(e) = u.accounts.get(&a) {
                if e.info.is_none() {
                    return Some(U256::ZERO);
                }
                if let Some(v) = e.storage.get(&k) {
                    return Some(*v);
                }
                if e.cleared {
                    return Some(U256::ZERO);
                }
            }
        }
        None
    }

    /// Rewind `db` (the latest state) to the end of block `n` (≥ `start`).
    pub fn rewind(&self, db: &mut Db, n: u64) {
        for u in self.logs(n, false).into_iter().rev() {
            u.rewind(db);
        }
    }

    /// Rewind `db` (the latest state) to just before block `n`'s
    /// transaction (`n` > `start`).
    pub fn rewind_before_tx(&self, db: &mut Db, n: u64) {
        for u in self.logs(n, true).into_iter().rev() {
            u.rewind(db);
        }
    }

    /// For a state dump.
    pub fn to_dump(&self) -> HistoryDump {
        HistoryDump {
            start: self.start,
            blocks: self.blocks.iter().map(|b| (**b).clone()).collect(),
            pending: self.pending.clone(),
        }
    }

    /// From a state dump whose head block is `head` (a dump without history,
    /// or with an inconsistent one, gives history from `head` on).
    pub fn from_dump(d: Option<HistoryDump>, head: u64) -> Self {
        match d {
            Some(d) if d.start + d.blocks.len() as u64 == head => Self {
                start: d.start,
                blocks: d.blocks.into_iter().map(Rc::new).collect(),
                pending: d.pending,
            },
            _ => Self::starting_at(head),
        }
    }
}
