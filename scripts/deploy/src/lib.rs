//! Deploys, activates and wires the Restake suite on any JSON-RPC endpoint.
//!
//! Every contract is deployed through the StylusDeployer (create, activate
//! and construct in one transaction). The result is recorded in
//! `deployments/<network>.json`; a re-run reads that record, checks the code
//! on chain, and deploys only what is missing or changed (a contract whose
//! wasm or constructor arguments changed, including because a dependency was
//! redeployed). Wiring steps check the chain before sending anything.
//! Progress is printed step by step; a failure names the step, the
//! transaction and the decoded custom error.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use alloy::network::{EthereumWallet, TransactionBuilder};
use alloy::primitives::{keccak256, Address, Bytes, B256, U256};
use alloy::providers::{Provider, ProviderBuilder};
use alloy::rpc::types::{TransactionReceipt, TransactionRequest};
use alloy::signers::local::PrivateKeySigner;
use alloy::sol_types::SolEvent;
use serde::{Deserialize, Serialize};

pub mod bindings;
pub mod suite;

pub use suite::{deploy_suite, LrtParameters, SuiteAddresses, SuiteConfig};

alloy::sol! {
    /// Emitted by the StylusDeployer for each program it creates.
    event ContractDeployed(address deployedContract);
}

/// What can go wrong, with enough context to act on it.
#[derive(Debug)]
pub struct DeployError(pub String);

impl std::fmt::Display for DeployError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DeployError {}

/// Result of a deploy step.
pub type Result<T> = std::result::Result<T, DeployError>;

fn err(msg: impl Into<String>) -> DeployError {
    DeployError(msg.into())
}

/// One deployed contract, as recorded.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ContractRecord {
    /// Where it lives.
    pub address: Address,
    /// keccak256 of its deployed code (the Stylus prefix + brotli wasm).
    pub code_hash: B256,
    /// ABI-encoded constructor arguments.
    pub constructor_args: Bytes,
    /// The wasm file it was built from (`contracts/target/deploy/<wasm>.wasm`).
    pub wasm: String,
    /// The deploying transaction.
    pub tx: B256,
    /// Gas used by that transaction.
    pub gas_used: u64,
}

/// `deployments/<network>.json`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentRecord {
    /// The network's name (file stem).
    pub network: String,
    /// Chain id it was deployed on.
    pub chain_id: u64,
    /// The block of the first deployment of this record.
    pub deployment_block: u64,
    /// The git commit the contracts were built from.
    pub git_commit: String,
    /// The deploying account (owner of every contract).
    pub deployer: Address,
    /// Every contract, by name.
    pub contracts: BTreeMap<String, ContractRecord>,
}

impl DeploymentRecord {
    /// Reads a record, or an empty one if the file does not exist.
    pub fn load(path: &Path) -> Result<Self> {
        match std::fs::read_to_string(path) {
            Ok(s) => serde_json::from_str(&s).map_err(|e| err(format!("{}: {e}", path.display()))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(e) => Err(err(format!("{}: {e}", path.display()))),
        }
    }

    /// Writes the record as pretty JSON.
    pub fn save(&self, path: &Path) -> Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| err(format!("{}: {e}", dir.display())))?;
        }
        let json = serde_json::to_string_pretty(self).map_err(|e| err(e.to_string()))?;
        std::fs::write(path, json + "\n").map_err(|e| err(format!("{}: {e}", path.display())))
    }

    /// The address of a recorded contract.
    pub fn address(&self, name: &str) -> Option<Address> {
        self.contracts.get(name).map(|c| c.address)
    }
}

/// What a run did, for the summary and for tests.
#[derive(Clone, Debug, Default)]
pub struct RunReport {
    /// Contracts deployed in this run.
    pub deployed: Vec<String>,
    /// Contracts found on chain and left alone.
    pub unchanged: Vec<String>,
    /// Wiring transactions sent.
    pub wired: Vec<String>,
    /// Total gas used by this run's transactions.
    pub gas_used: u64,
}

/// The repository root (two levels above this crate).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Where `scripts/build-wasm.sh` leaves the deployable wasm.
pub fn default_wasm_dir() -> PathBuf {
    repo_root().join("contracts/target/deploy")
}

/// The current git commit, or "unknown".
pub fn git_commit() -> String {
    std::process::Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(repo_root())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// The deployed code of a wasm program (prefix + brotli), and its hash.
pub fn code_of(wasm: &[u8]) -> (Vec<u8>, B256) {
    let code = restake_devnet::compress_program(wasm);
    let hash = keccak256(&code);
    (code, hash)
}

/// Drives one deployment: a signer, a provider, the record and the wasm.
pub struct Deployer {
    provider: alloy::providers::DynProvider,
    /// The deploying account.
    pub from: Address,
    /// The record being built.
    pub record: DeploymentRecord,
    wasm_dir: PathBuf,
    /// What this run did.
    pub report: RunReport,
    /// Print progress.
    pub verbose: bool,
}

impl Deployer {
    /// Connects to `rpc_url` with `key` and loads `record`.
    pub async fn connect(rpc_url: &str, key: &str, record: DeploymentRecord, wasm_dir: PathBuf) -> Result<Self> {
        let signer: PrivateKeySigner = key.trim().parse().map_err(|e| err(format!("bad deployer key: {e}")))?;
        let from = signer.address();
        let url = rpc_url.parse().map_err(|e| err(format!("bad RPC URL {rpc_url}: {e}")))?;
        let provider = ProviderBuilder::new().wallet(EthereumWallet::from(signer)).connect_http(url).erased();
        let chain_id = provider.get_chain_id().await.map_err(|e| err(format!("cannot reach {rpc_url}: {e}")))?;
        let mut record = record;
        if record.chain_id != 0 && record.chain_id != chain_id {
            // A record for another chain says nothing about this one.
            record.contracts.clear();
        }
        record.chain_id = chain_id;
        record.deployer = from;
        Ok(Self { provider, from, record, wasm_dir, report: RunReport::default(), verbose: true })
    }

    /// The provider (with the deployer's wallet).
    pub fn provider(&self) -> &alloy::providers::DynProvider {
        &self.provider
    }

    /// Whether `address` holds code.
    pub async fn has_code(&self, address: Address) -> Result<bool> {
        let code = self.provider.get_code_at(address).await.map_err(|e| err(format!("reading code at {address}: {e}")))?;
        Ok(!code.is_empty())
    }

    /// Drops `name` from the record, so that the next [`Deployer::contract`]
    /// for it deploys anew.
    pub fn forget(&mut self, name: &str) {
        self.record.contracts.remove(name);
    }

    /// Prints a progress line (unless quiet).
    pub fn say(&self, line: String) {
        if self.verbose {
            println!("{line}");
        }
    }

    /// Reads `<wasm>.wasm` from the wasm directory.
    pub fn wasm(&self, wasm: &str) -> Result<Vec<u8>> {
        let path = self.wasm_dir.join(format!("{wasm}.wasm"));
        std::fs::read(&path)
            .map_err(|e| err(format!("{}: {e} (run scripts/build-wasm.sh first)", path.display())))
    }

    /// Deploys `name` from `<wasm>.wasm` with ABI-encoded constructor `args`
    /// through the StylusDeployer, unless the record shows it on chain with
    /// the same code and arguments.
    pub async fn contract(&mut self, name: &str, wasm: &str, args: Vec<u8>) -> Result<Address> {
        self.deploy(name, wasm, Some(args)).await
    }

    /// As [`Deployer::contract`], for code that is never constructed (its
    /// constructor is not called: the Lrt's extension, which only runs by
    /// delegate call, and the sub-account implementation that clones
    /// delegate to).
    pub async fn code_only(&mut self, name: &str, wasm: &str) -> Result<Address> {
        self.deploy(name, wasm, None).await
    }

    async fn deploy(&mut self, name: &str, wasm: &str, args: Option<Vec<u8>>) -> Result<Address> {
        let construct = args.is_some();
        let args = args.unwrap_or_default();
        let program = self.wasm(wasm)?;
        let (_, code_hash) = code_of(&program);
        let args = Bytes::from(args);
        if let Some(rec) = self.record.contracts.get(name).cloned() {
            if rec.code_hash == code_hash && rec.constructor_args == args {
                let on_chain = self
                    .provider
                    .get_code_at(rec.address)
                    .await
                    .map_err(|e| err(format!("step {name}: reading code at {}: {e}", rec.address)))?;
                if keccak256(&on_chain) == code_hash {
                    self.say(format!("  = {name:<16} unchanged at {}", rec.address));
                    self.report.unchanged.push(name.into());
                    return Ok(rec.address);
                }
            }
        }
        let deployer = Address::from(restake_devnet::STYLUS_DEPLOYER.0 .0);
        let code = self.provider.get_code_at(deployer).await.map_err(|e| err(format!("step {name}: {e}")))?;
        if code.is_empty() {
            return Err(err(format!("step {name}: no StylusDeployer at {deployer} on this chain")));
        }
        let initcode = restake_devnet::deploy_initcode(&program);
        let ctor = if construct { restake_devnet::constructor_calldata(&args) } else { Default::default() };
        let input = restake_devnet::stylus_deployer_calldata(&initcode, &ctor, Default::default(), Default::default());
        let tx = TransactionRequest::default().with_to(deployer).with_input(Bytes::from(input.to_vec()));
        let receipt = self.send(name, tx).await?;
        let address = receipt
            .inner
            .logs()
            .iter()
            .find_map(|l| ContractDeployed::decode_log_data(l.data()).ok())
            .map(|e| e.deployedContract)
            .ok_or_else(|| err(format!("step {name}: tx {} emitted no ContractDeployed", receipt.transaction_hash)))?;
        let gas_used = receipt.gas_used;
        self.say(format!("  + {name:<16} deployed at {address}  (gas {gas_used}, {} bytes wasm)", program.len()));
        if self.record.contracts.is_empty() || self.record.deployment_block == 0 {
            self.record.deployment_block = receipt.block_number.unwrap_or_default();
        }
        self.record.contracts.insert(
            name.into(),
            ContractRecord {
                address,
                code_hash,
                constructor_args: args,
                wasm: wasm.into(),
                tx: receipt.transaction_hash,
                gas_used,
            },
        );
        self.report.deployed.push(name.into());
        Ok(address)
    }

    /// A view call; the revert data is decoded on failure.
    pub async fn view(&self, step: &str, to: Address, input: Vec<u8>) -> Result<Bytes> {
        let tx = TransactionRequest::default().with_from(self.from).with_to(to).with_input(Bytes::from(input));
        self.provider.call(tx).await.map_err(|e| self.rpc_error(step, None, e))
    }

    /// Sends `input` to `to` as step `step` unless `done` says it is already
    /// in place. Returns whether a transaction was sent.
    pub async fn wire(&mut self, step: &str, done: bool, to: Address, input: Vec<u8>) -> Result<bool> {
        if done {
            self.say(format!("  = {step} (already in place)"));
            return Ok(false);
        }
        let tx = TransactionRequest::default().with_to(to).with_input(Bytes::from(input));
        let receipt = self.send(step, tx).await?;
        self.say(format!("  + {step}  (gas {})", receipt.gas_used));
        self.report.wired.push(step.into());
        Ok(true)
    }

    /// Sends a transaction from the deployer, first simulating it so that a
    /// revert is reported with its decoded custom error.
    pub async fn send(&mut self, step: &str, tx: TransactionRequest) -> Result<TransactionReceipt> {
        let tx = tx.with_from(self.from);
        if let Err(e) = self.provider.call(tx.clone()).await {
            return Err(self.rpc_error(step, None, e));
        }
        let gas = self.provider.estimate_gas(tx.clone()).await.map_err(|e| self.rpc_error(step, None, e))?;
        let tx = tx.with_gas_limit(padded_gas(gas));
        let pending = self.provider.send_transaction(tx).await.map_err(|e| self.rpc_error(step, None, e))?;
        let hash = *pending.tx_hash();
        let receipt = pending.get_receipt().await.map_err(|e| err(format!("step {step}: tx {hash}: {e}")))?;
        if !receipt.status() {
            return Err(err(format!("step {step}: tx {hash} reverted")));
        }
        self.report.gas_used += receipt.gas_used;
        Ok(receipt)
    }

    fn rpc_error(&self, step: &str, tx: Option<B256>, e: impl std::fmt::Display + RevertData) -> DeployError {
        let tx = tx.map(|h| format!(" tx {h}")).unwrap_or_default();
        match e.revert_data() {
            Some(data) => err(format!("step {step}:{tx} reverted with {}", bindings::decode_error(&data))),
            None => err(format!("step {step}:{tx}: {e}")),
        }
    }
}

/// Errors that may carry revert data.
pub trait RevertData {
    /// The revert data, if the error is a revert.
    fn revert_data(&self) -> Option<Bytes>;
}

impl RevertData for alloy::transports::TransportError {
    fn revert_data(&self) -> Option<Bytes> {
        self.as_error_resp().and_then(|r| r.as_revert_data())
    }
}

impl RevertData for alloy::providers::PendingTransactionError {
    fn revert_data(&self) -> Option<Bytes> {
        None
    }
}

/// The gas limit to send with, given an estimate: the estimate plus half.
///
/// An estimate is exact for the block it was simulated in; the block the
/// transaction lands in may differ (a later timestamp makes the registry
/// open a new slashing checkpoint instead of updating the current one:
/// ~27,000 gas more for a one-vault queue). Wallets pad for the same reason; unused gas
/// is not charged.
pub fn padded_gas(estimate: u64) -> u64 {
    estimate.saturating_add(estimate / 2)
}

/// A word-encoded uint.
pub fn u(v: u128) -> U256 {
    U256::from(v)
}
