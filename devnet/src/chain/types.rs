//! The chain's public types: settings and dev accounts, receipts and blocks
//! as stored, requests, call outcomes, state overrides and errors.

use std::collections::HashMap;

use revm::primitives::{address, Address, Bytes, Log, B256, U256};
use serde::{Deserialize, Serialize};

use super::decode_revert_reason;

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
    /// Seconds between blocks on a fixed clock (`--block-time`): each block
    /// is stamped genesis + this × its number (plus `evm_increaseTime`), not
    /// the wall clock, so two runs of the same script see the same times.
    pub block_time: Option<u64>,
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
            block_time: None,
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
