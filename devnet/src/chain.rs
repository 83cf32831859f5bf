//! The chain: state, blocks (one transaction each, mined instantly), receipts,
//! snapshots, time travel, and state dump/load.

use std::collections::HashMap;

use alloy_consensus::{transaction::SignerRecoverable, Transaction as _, TxEnvelope};
use alloy_eips::eip2718::Decodable2718;
use alloy_primitives::Bloom;
use revm::context::{BlockEnv, CfgEnv, TxEnv};
use revm::context_interface::result::{EVMError, ExecutionResult, InvalidTransaction, Output};
use revm::database::DatabaseCommit;
use revm::primitives::{
    address, hardfork::SpecId, keccak256, Address, Bytes, Log, TxKind, B256, U256,
};
use revm::state::{AccountInfo, Bytecode};
use serde::{Deserialize, Serialize};

use crate::evm::{self, Db, Programs, ARB_WASM, STYLUS_DEPLOYER};
use crate::history::{BlockUndo, History, HistoryDump, Past};

/// Chain settings (defaults like the Nitro dev node).
#[derive(Clone, Debug)]
pub struct ChainConfig {
    /// Chain id (412346).
    pub chain_id: u64,
    /// Base fee in wei (0.1 gwei).
    pub base_fee: u64,
    /// Block gas limit.
    pub block_gas_limit: u64,
    /// Largest gas limit of one transaction (Arbitrum: 32 M).
    pub tx_gas_cap: u64,
    /// Balance of each prefunded dev account.
    pub prefund: U256,
    /// L1 price per unit in wei (16 units per byte of brotli-compressed transaction
    /// data), charged as poster gas on top of L2 gas and reported as `gasUsedForL1`;
    /// 0 (off) by default, as in the SDK's dev node.
    pub l1_price_per_unit: u64,
}

impl Default for ChainConfig {
    fn default() -> Self {
        Self {
            chain_id: 412_346,
            base_fee: 100_000_000,
            block_gas_limit: 1_125_899_906_842_624,
            tx_gas_cap: 32_000_000,
            prefund: U256::from(10_000u64) * U256::from(10u64).pow(U256::from(18)),
            l1_price_per_unit: 0,
        }
    }
}

/// The sequencer address Arbitrum reports as coinbase.
pub const COINBASE: Address = address!("A4b000000000000000000073657175656e636572");

/// Private keys of the prefunded dev accounts: the first ten of the standard test
/// mnemonic (`test test … junk`, m/44'/60'/0'/0/i) and the Nitro dev key.
pub const DEV_KEYS: [&str; 11] = [
    "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
    "59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
    "5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
    "7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
    "47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
    "8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
    "92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
    "4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
    "dbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
    "2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
    "b6b15c8cb491557369f3c7d2c287b053eb229daa9c22138887752191c9520659",
];

/// Addresses of the prefunded dev accounts, in [`DEV_KEYS`] order.
pub const DEV_ACCOUNTS: [Address; 11] = [
    address!("f39Fd6e51aad88F6F4ce6aB8827279cffFb92266"),
    address!("70997970C51812dc3A010C7d01b50e0d17dc79C8"),
    address!("3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"),
    address!("90F79bf6EB2c4f870365E785982E1f101E93b906"),
    address!("15d34AAf54267DB7D7c367839AAf71A00a2C6A65"),
    address!("9965507D1a55bcC2695C58ba16FB37d819B0A4dc"),
    address!("976EA74026E726554dB657fA54763abd0C3a0aa9"),
    address!("14dC79964da2C08b23698B3D3cc7Ca32193d9955"),
    address!("23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f"),
    address!("a0Ee7A142d267C1f36714E4a8F75612F20a79720"),
    address!("3f1Eae7D46d88F08fc2F8ed27FCb2AB183EB2d0E"),
];

/// An error to report as a JSON-RPC error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RpcError {
    /// JSON-RPC error code.
    pub code: i64,
    /// Message.
    pub message: String,
    /// Revert data, for `execution reverted`.
    pub data: Option<Bytes>,
}

impl RpcError {
    /// An error with a code and message.
    pub fn new(code: i64, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            data: None,
        }
    }
    /// Invalid parameters (-32602).
    pub fn invalid_params(message: impl Into<String>) -> Self {
        Self::new(-32602, message)
    }
    /// `execution reverted` (code 3) with the revert data.
    pub fn reverted(data: Bytes) -> Self {
        let mut message = "execution reverted".to_string();
        if let Some(reason) = decode_revert_reason(&data) {
            message = format!("execution reverted: {reason}");
        }
        Self {
            code: 3,
            message,
            data: Some(data),
        }
    }
}

impl std::fmt::Display for RpcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

impl std::error::Error for RpcError {}

pub use crate::revert::decode_revert_reason;

/// A log as stored with its receipt.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct LogRec {
    /// Emitting contract.
    pub address: Address,
    /// Topics.
    pub topics: Vec<B256>,
    /// Data.
    pub data: Bytes,
    /// Index of the log in its block.
    pub log_index: u64,
}

/// A mined transaction with its receipt.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TxRec {
    /// Transaction hash.
    pub hash: B256,
    /// EIP-2718 type.
    pub tx_type: u8,
    /// Sender.
    pub from: Address,
    /// Recipient (None for a create).
    pub to: Option<Address>,
    /// Nonce.
    pub nonce: u64,
    /// Value.
    pub value: U256,
    /// Calldata or initcode.
    pub input: Bytes,
    /// Gas limit.
    pub gas: u64,
    /// Legacy gas price (or max fee).
    pub gas_price: u128,
    /// EIP-1559 max fee.
    pub max_fee_per_gas: Option<u128>,
    /// EIP-1559 max priority fee.
    pub max_priority_fee_per_gas: Option<u128>,
    /// Chain id, if signed with one.
    pub chain_id: Option<u64>,
    /// Signature r.
    pub r: U256,
    /// Signature s.
    pub s: U256,
    /// Signature y parity.
    pub y_parity: bool,
    /// Block number.
    pub block_number: u64,
    /// Block hash.
    pub block_hash: B256,
    /// 1 on success.
    pub status: bool,
    /// Gas used.
    pub gas_used: u64,
    /// Effective gas price paid.
    pub effective_gas_price: u128,
    /// Created contract.
    pub contract_address: Option<Address>,
    /// Logs.
    pub logs: Vec<LogRec>,
    /// Return or revert data.
    pub output: Bytes,
    /// EIP-2930 access list it was sent with (replayed by tracing).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub access_list: Vec<(Address, Vec<B256>)>,
    /// The storage and account accesses the transaction made, and the gas
    /// floor they imply (`restake_gasFloor`).
    #[serde(default)]
    pub floor: GasFloor,
    /// L1 poster gas included in `gas_used` (0 without an L1 price).
    #[serde(default)]
    pub gas_used_for_l1: u64,
}

/// The cheapest a transaction could be given the state it touched
/// (`../shared/design/figures.md`: 21,000 + its cold storage writes and
/// reads + its cross-contract calls): what any implementation of the same
/// state change pays before computation, logs, calldata and program init.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GasFloor {
    /// Slots written from zero (22,100 each: 20,000 + a cold read).
    pub sstore_new: u64,
    /// Nonzero slots changed (5,000 each: 2,900 + a cold read).
    pub sstore_update: u64,
    /// Slots read and left unchanged (2,100 each).
    pub sload: u64,
    /// Accounts touched besides the sender, the recipient and precompiles
    /// (2,600 each: a cold account access).
    pub accounts: u64,
    /// 21,000 + the sum of the above.
    pub floor: u64,
}

impl GasFloor {
    /// The floor of a transaction from `sender` to `to` that left `state`.
    pub fn of(state: &revm::state::EvmState, sender: Address, to: Option<Address>) -> Self {
        let mut f = GasFloor::default();
        for (address, account) in state {
            // Precompiles (and ArbOS's bookkeeping of activated programs in
            // them) and the fee recipient are the chain's, not the
            // transaction's.
            if address.0[..18].iter().all(|b| *b == 0) || *address == COINBASE {
                continue;
            }
            if *address != sender && Some(*address) != to {
                f.accounts += 1;
            }
            for slot in account.storage.values() {
                if slot.present_value == slot.original_value {
                    f.sload += 1;
                } else if slot.original_value.is_zero() {
                    f.sstore_new += 1;
                } else {
                    f.sstore_update += 1;
                }
            }
        }
        f.floor = 21_000
            + 22_100 * f.sstore_new
            + 5_000 * f.sstore_update
            + 2_100 * f.sload
            + 2_600 * f.accounts;
        f
    }
}

/// What `eth_createAccessList` returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessListResult {
    /// (address, storage keys), sorted.
    pub access_list: Vec<(Address, Vec<B256>)>,
    /// Gas the call uses with that access list.
    pub gas_used: u64,
    /// Why the call failed, if it did (geth still returns the list).
    pub error: Option<String>,
}

fn normalize_access_list(list: Vec<(Address, Vec<B256>)>) -> Vec<(Address, Vec<B256>)> {
    let mut m: std::collections::BTreeMap<Address, std::collections::BTreeSet<B256>> =
        Default::default();
    for (a, ks) in list {
        m.entry(a).or_default().extend(ks);
    }
    m.into_iter()
        .map(|(a, ks)| (a, ks.into_iter().collect()))
        .collect()
}

/// A block (one transaction, or none for `evm_mine`).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BlockRec {
    /// Number.
    pub number: u64,
    /// Hash.
    pub hash: B256,
    /// Parent hash.
    pub parent_hash: B256,
    /// Timestamp (seconds).
    pub timestamp: u64,
    /// Gas used.
    pub gas_used: u64,
    /// Base fee.
    pub base_fee: u64,
    /// Transactions.
    pub txs: Vec<B256>,
}

/// A transaction request before execution (from RPC or Rust).
#[derive(Clone, Debug, Default)]
pub struct TxRequest {
    /// Sender.
    pub from: Address,
    /// Recipient (None to create).
    pub to: Option<Address>,
    /// Value.
    pub value: U256,
    /// Calldata or initcode.
    pub input: Bytes,
    /// Gas limit (None: the cap).
    pub gas: Option<u64>,
    /// Gas price / max fee (None: the base fee).
    pub gas_price: Option<u128>,
    /// Nonce (None: the account's).
    pub nonce: Option<u64>,
    /// EIP-2930 access list: (address, storage keys) pre-warmed for the transaction.
    pub access_list: Vec<(Address, Vec<B256>)>,
}

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

#[derive(Clone)]
struct Snapshot {
    db: Db,
    blocks: Vec<BlockRec>,
    txs: HashMap<B256, TxRec>,
    time_offset: i64,
    history: History,
}

/// The outcome of `eth_call`-like execution.
#[derive(Clone, Debug)]
pub struct CallOutcome {
    /// Success?
    pub success: bool,
    /// Return or revert data.
    pub output: Bytes,
    /// Gas used.
    pub gas_used: u64,
    /// Logs.
    pub logs: Vec<Log>,
    /// Halted (out of gas or similar) rather than reverted.
    pub halted: Option<String>,
}

/// State overrides for `eth_call`.
#[derive(Clone, Debug, Default)]
pub struct AccountOverride {
    /// New balance.
    pub balance: Option<U256>,
    /// New nonce.
    pub nonce: Option<u64>,
    /// New code.
    pub code: Option<Bytes>,
    /// Replace all storage.
    pub state: Option<HashMap<U256, U256>>,
    /// Patch some slots.
    pub state_diff: Option<HashMap<U256, U256>>,
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
        let t = self
            .next_timestamp
            .unwrap_or_else(|| (now() as i64 + self.time_offset).max(0) as u64);
        t.max(parent)
    }

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

    fn past_account(&self, a: Address, n: u64) -> Result<Option<Past<'_>>, RpcError> {
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

    /// Set a balance (anvil_setBalance).
    pub fn set_balance(&mut self, a: Address, v: U256) {
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
        info.balance = v;
        self.db.insert_account_info(a, info);
    }

    /// Set code (anvil_setCode).
    pub fn set_code(&mut self, a: Address, code: Bytes) {
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
        let bc = Bytecode::new_raw(code);
        info.code_hash = bc.hash_slow();
        info.code = Some(bc);
        self.db.insert_account_info(a, info);
    }

    /// Set a nonce (anvil_setNonce).
    pub fn set_nonce(&mut self, a: Address, n: u64) {
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
        info.nonce = n;
        self.db.insert_account_info(a, info);
    }

    /// Set a storage slot (anvil_setStorageAt).
    pub fn set_storage(&mut self, a: Address, k: U256, v: U256) {
        self.history
            .pending
            .note_dev_change(&self.db, a, &[k], false);
        let _ = self.db.insert_account_storage(a, k, v);
    }

    fn tx_env(&self, req: &TxRequest, call: bool) -> TxEnv {
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

    fn map_tx_error(e: evm::TxError) -> RpcError {
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
    fn tx_env_of(&self, t: &TxRec) -> TxEnv {
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

    fn mine(&mut self, tx: TxEnv, mut rec: TxRec) -> Result<B256, RpcError> {
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

fn outcome(result: ExecutionResult) -> CallOutcome {
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
