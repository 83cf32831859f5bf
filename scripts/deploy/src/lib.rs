//! Deploys, activates and wires the Restake suite on any JSON-RPC endpoint.
//!
//! Every contract is deployed through the StylusDeployer (create, activate
//! and construct in one transaction), paying the activation data fee it
//! estimated first (plus a margin; the excess is refunded). A program whose
//! classic code exceeds 24,576 bytes goes as fragments (plain contracts
//! holding its brotli stream) and a root program naming them ([`stylus`]).
//! The result is recorded in
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
use alloy::rpc::types::state::{AccountOverride, StateOverride};
use alloy::rpc::types::{TransactionReceipt, TransactionRequest};
use alloy::signers::local::PrivateKeySigner;
use alloy::sol_types::{SolCall, SolError, SolEvent};
use serde::{Deserialize, Serialize};

pub mod bindings;
pub mod stylus;
pub mod suite;

pub use stylus::ProgramForm;
pub use suite::{deploy_suite, LrtParameters, SuiteAddresses, SuiteConfig};

/// The real Nitro dev node's prefunded key (chain 412346; address
/// `0x3f1Eae7D46d88F08fc2F8ed27FCb2AB183EB2d0E`), which restake-devnet
/// prefunds too. Never use it on a public chain.
pub const NITRO_DEV_KEY: &str =
    "0xb6b15c8cb491557369f3c7d2c287b053eb229daa9c22138887752191c9520659";

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
    /// keccak256 of the program's classic code (`EF F0 00 00` + brotli
    /// wasm): identifies the wasm. For a classic program it is also the hash
    /// of the code at `address`; a fragmented one has its root code there.
    pub code_hash: B256,
    /// ABI-encoded constructor arguments.
    pub constructor_args: Bytes,
    /// The wasm file it was built from (`contracts/target/deploy/<wasm>.wasm`).
    pub wasm: String,
    /// The deploying transaction.
    pub tx: B256,
    /// Gas used by that transaction.
    pub gas_used: u64,
    /// The fragment contracts holding the program's brotli stream, in order
    /// (empty for a classic program).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fragments: Vec<Address>,
    /// Gas used by the fragments' deployments.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub fragments_gas_used: u64,
    /// The activation data fee estimated before deploying, in wei.
    #[serde(default)]
    pub data_fee_estimate: U256,
    /// The value sent for activation: the estimate plus the margin (the
    /// StylusDeployer refunds what the fee did not use).
    #[serde(default)]
    pub activation_value: U256,
    /// The data fee activation charged, from ArbWasm's `ProgramActivated`
    /// event (absent when the chain emitted none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_fee: Option<U256>,
}

fn is_zero(v: &u64) -> bool {
    *v == 0
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
    /// Activation data fees charged in this run, in wei (the estimates
    /// where the chain reported none).
    pub data_fees: U256,
    /// Fragment contracts deployed in this run.
    pub fragments: usize,
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

/// The classic code of a wasm program (prefix + brotli), and its hash.
pub fn code_of(wasm: &[u8]) -> (Vec<u8>, B256) {
    let code = stylus::classic_code(wasm);
    let hash = keccak256(&code);
    (code, hash)
}

/// An address no account uses, derived from `seed` and `tag` (for state
/// overrides of fee estimates).
fn scratch_address(seed: B256, tag: &str) -> Address {
    let mut input = seed.to_vec();
    input.extend_from_slice(b"restake-deploy scratch ");
    input.extend_from_slice(tag.as_bytes());
    Address::from_slice(&keccak256(input)[12..])
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
    pub async fn connect(
        rpc_url: &str,
        key: &str,
        record: DeploymentRecord,
        wasm_dir: PathBuf,
    ) -> Result<Self> {
        let signer: PrivateKeySigner = key
            .trim()
            .parse()
            .map_err(|e| err(format!("bad deployer key: {e}")))?;
        let from = signer.address();
        let url = rpc_url
            .parse()
            .map_err(|e| err(format!("bad RPC URL {rpc_url}: {e}")))?;
        let provider = ProviderBuilder::new()
            .wallet(EthereumWallet::from(signer))
            .connect_http(url)
            .erased();
        let chain_id = provider
            .get_chain_id()
            .await
            .map_err(|e| err(format!("cannot reach {rpc_url}: {e}")))?;
        let mut record = record;
        if record.chain_id != 0 && record.chain_id != chain_id {
            // A record for another chain says nothing about this one.
            record.contracts.clear();
        }
        record.chain_id = chain_id;
        record.deployer = from;
        Ok(Self {
            provider,
            from,
            record,
            wasm_dir,
            report: RunReport::default(),
            verbose: true,
        })
    }

    /// The provider (with the deployer's wallet).
    pub fn provider(&self) -> &alloy::providers::DynProvider {
        &self.provider
    }

    /// Whether `address` holds code.
    pub async fn has_code(&self, address: Address) -> Result<bool> {
        let code = self
            .provider
            .get_code_at(address)
            .await
            .map_err(|e| err(format!("reading code at {address}: {e}")))?;
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
        std::fs::read(&path).map_err(|e| {
            err(format!(
                "{}: {e} (run scripts/build-wasm.sh first)",
                path.display()
            ))
        })
    }

    /// Deploys `name` from `<wasm>.wasm` with ABI-encoded constructor `args`
    /// through the StylusDeployer, unless the record shows it on chain with
    /// the same code and arguments.
    pub async fn contract(&mut self, name: &str, wasm: &str, args: Vec<u8>) -> Result<Address> {
        self.deploy(name, wasm, Some(args)).await
    }

    /// As [`Deployer::contract`], for code that is never constructed (its
    /// constructor is not called: the Lrt's extension, which only runs by
    /// delegate call and whose constructor always fails). The sub-account
    /// implementation is constructed (with no arguments) to lock it (I-1).
    pub async fn code_only(&mut self, name: &str, wasm: &str) -> Result<Address> {
        self.deploy(name, wasm, None).await
    }

    async fn deploy(&mut self, name: &str, wasm: &str, args: Option<Vec<u8>>) -> Result<Address> {
        let construct = args.is_some();
        let args = Bytes::from(args.unwrap_or_default());
        let program = self.wasm(wasm)?;
        let (_, code_hash) = code_of(&program);
        let form = stylus::program_form(&program).map_err(|e| err(format!("step {name}: {e}")))?;
        if let Some(rec) = self.record.contracts.get(name).cloned() {
            if rec.code_hash == code_hash
                && rec.constructor_args == args
                && self.on_chain(name, &rec, &form).await?
            {
                self.say(format!("  = {name:<16} unchanged at {}", rec.address));
                self.report.unchanged.push(name.into());
                return Ok(rec.address);
            }
        }
        let deployer = stylus::STYLUS_DEPLOYER;
        let code = self
            .provider
            .get_code_at(deployer)
            .await
            .map_err(|e| err(format!("step {name}: {e}")))?;
        if code.is_empty() {
            return Err(err(format!(
                "step {name}: no StylusDeployer at {deployer} on this chain"
            )));
        }
        if let ProgramForm::Fragmented { fragments, .. } = &form {
            let max = self.max_fragments(name).await?;
            if fragments.len() > usize::from(max) {
                return Err(err(format!(
                    "step {name}: {wasm}.wasm needs {} fragments ({} bytes of wasm), but this chain accepts at most {max} \
                     (ArbOwnerPublic.getMaxStylusContractFragments)",
                    fragments.len(),
                    program.len()
                )));
            }
        }
        // Estimate the data fee before sending anything, as cargo-stylus does.
        let estimate = self.estimate_data_fee(name, code_hash, &form).await?;
        let fee = estimate.unwrap_or_default();
        let value = stylus::fee_with_margin(fee);
        let (root, fragment_addrs, fragments_gas) = match &form {
            ProgramForm::Classic(code) => (code.clone(), Vec::new(), 0),
            ProgramForm::Fragmented {
                fragments,
                wasm_len,
            } => {
                let mut addrs = Vec::with_capacity(fragments.len());
                let mut gas = 0;
                for (i, f) in fragments.iter().enumerate() {
                    let step = format!("{name} fragment {}/{}", i + 1, fragments.len());
                    let tx = TransactionRequest::default()
                        .with_deploy_code(Bytes::from(stylus::initcode(f)));
                    let receipt = self.send(&step, tx).await?;
                    let addr = receipt.contract_address.ok_or_else(|| {
                        err(format!(
                            "step {step}: tx {} created no contract",
                            receipt.transaction_hash
                        ))
                    })?;
                    self.say(format!(
                        "  + {step:<16} at {addr}  (gas {}, {} bytes)",
                        receipt.gas_used,
                        f.len()
                    ));
                    gas += receipt.gas_used;
                    addrs.push(addr);
                }
                self.report.fragments += addrs.len();
                (stylus::root_code(*wasm_len, &addrs), addrs, gas)
            }
        };
        let ctor = if construct {
            stylus::constructor_calldata(&args)
        } else {
            Vec::new()
        };
        let input = stylus::deployCall {
            bytecode: stylus::initcode(&root).into(),
            initData: ctor.into(),
            initValue: U256::ZERO,
            salt: B256::ZERO,
        }
        .abi_encode();
        let tx = TransactionRequest::default()
            .with_to(deployer)
            .with_input(Bytes::from(input))
            .with_value(value);
        let receipt = self.send(name, tx).await?;
        let logs = receipt.inner.logs();
        let address = logs
            .iter()
            .find_map(|l| ContractDeployed::decode_log_data(l.data()).ok())
            .map(|e| e.deployedContract)
            .ok_or_else(|| {
                err(format!(
                    "step {name}: tx {} emitted no ContractDeployed",
                    receipt.transaction_hash
                ))
            })?;
        let charged = logs
            .iter()
            .find_map(|l| stylus::ProgramActivated::decode_log_data(l.data()).ok())
            .filter(|e| e.program == address)
            .map(|e| e.dataFee)
            .or(estimate.is_none().then_some(U256::ZERO));
        let gas_used = receipt.gas_used;
        let form_note = match fragment_addrs.len() {
            0 => String::new(),
            n => format!(", {n} fragments"),
        };
        self.say(format!(
            "  + {name:<16} deployed at {address}  (gas {gas_used}, {} bytes wasm{form_note}, {})",
            program.len(),
            match (estimate, charged) {
                (None, _) => "already activated: no data fee".to_string(),
                (Some(_), Some(c)) => format!("data fee {c} wei, sent {value}"),
                (Some(f), None) => format!("data fee ~{f} wei (estimate), sent {value}"),
            }
        ));
        if self.record.contracts.is_empty() || self.record.deployment_block == 0 {
            self.record.deployment_block = receipt.block_number.unwrap_or_default();
        }
        self.report.data_fees += charged.unwrap_or(fee);
        self.record.contracts.insert(
            name.into(),
            ContractRecord {
                address,
                code_hash,
                constructor_args: args,
                wasm: wasm.into(),
                tx: receipt.transaction_hash,
                gas_used,
                fragments: fragment_addrs,
                fragments_gas_used: fragments_gas,
                data_fee_estimate: fee,
                activation_value: value,
                data_fee: charged,
            },
        );
        self.report.deployed.push(name.into());
        Ok(address)
    }

    /// Whether the chain holds `rec`'s program in `form` at its address (and,
    /// for a fragmented one, each recorded fragment's code).
    async fn on_chain(&self, name: &str, rec: &ContractRecord, form: &ProgramForm) -> Result<bool> {
        let code_at = |a: Address| async move {
            self.provider
                .get_code_at(a)
                .await
                .map_err(|e| err(format!("step {name}: reading code at {a}: {e}")))
        };
        match form {
            ProgramForm::Classic(code) => {
                Ok(rec.fragments.is_empty() && code_at(rec.address).await?[..] == code[..])
            }
            ProgramForm::Fragmented {
                fragments,
                wasm_len,
            } => {
                if rec.fragments.len() != fragments.len() {
                    return Ok(false);
                }
                if code_at(rec.address).await?[..]
                    != stylus::root_code(*wasm_len, &rec.fragments)[..]
                {
                    return Ok(false);
                }
                for (a, f) in rec.fragments.iter().zip(fragments) {
                    if code_at(*a).await?[..] != f[..] {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
        }
    }

    /// `ArbOwnerPublic.getMaxStylusContractFragments()`: how many fragments
    /// this chain lets a root program name.
    pub async fn max_fragments(&self, step: &str) -> Result<u8> {
        let input = stylus::getMaxStylusContractFragmentsCall {}.abi_encode();
        let tx = TransactionRequest::default()
            .with_from(self.from)
            .with_to(stylus::ARB_OWNER_PUBLIC)
            .with_input(Bytes::from(input));
        let out = self.provider.call(tx).await.map_err(|e| {
            err(format!(
                "step {step}: this program needs fragments, but the chain did not answer \
                 ArbOwnerPublic.getMaxStylusContractFragments() (ArbOS below 60?): {e}"
            ))
        })?;
        stylus::getMaxStylusContractFragmentsCall::abi_decode_returns(&out).map_err(|e| {
            err(format!(
                "step {step}: getMaxStylusContractFragments() returned {out}, not a uint8: {e}"
            ))
        })
    }

    /// The activation data fee of `form`, in wei, estimated as cargo-stylus
    /// does: an `eth_call` of `ArbWasm.activateProgram` with 1 ETH from an
    /// unused sender, under a state override that gives that sender a large
    /// balance and puts the program's code (and its fragments' codes) at
    /// unused addresses. `None` when the chain has this program activated
    /// already (`ProgramUpToDate`): deploying it again activates nothing.
    pub async fn estimate_data_fee(
        &self,
        step: &str,
        code_hash: B256,
        form: &ProgramForm,
    ) -> Result<Option<U256>> {
        let sender = scratch_address(code_hash, "sender");
        let program = scratch_address(code_hash, "program");
        let big = U256::from(10u64).pow(U256::from(30u64));
        let mut overrides = StateOverride::default();
        overrides.insert(
            sender,
            AccountOverride {
                balance: Some(big),
                ..Default::default()
            },
        );
        let root = match form {
            ProgramForm::Classic(code) => code.clone(),
            ProgramForm::Fragmented {
                fragments,
                wasm_len,
            } => {
                let addrs: Vec<Address> = (0..fragments.len())
                    .map(|i| scratch_address(code_hash, &format!("fragment {i}")))
                    .collect();
                for (a, f) in addrs.iter().zip(fragments) {
                    overrides.insert(
                        *a,
                        AccountOverride {
                            code: Some(Bytes::from(f.clone())),
                            ..Default::default()
                        },
                    );
                }
                stylus::root_code(*wasm_len, &addrs)
            }
        };
        overrides.insert(
            program,
            AccountOverride {
                code: Some(Bytes::from(root)),
                ..Default::default()
            },
        );
        let one_eth = U256::from(10u64).pow(U256::from(18u64));
        let tx = TransactionRequest::default()
            .with_from(sender)
            .with_to(stylus::ARB_WASM)
            .with_value(one_eth)
            .with_input(Bytes::from(
                stylus::activateProgramCall { program }.abi_encode(),
            ));
        let out = match self.provider.call(tx).overrides(overrides).await {
            Ok(out) => out,
            // The same wasm is active already (another contract runs it):
            // the StylusDeployer will not activate it again, so no fee.
            Err(e)
                if e.revert_data()
                    .is_some_and(|d| stylus::ProgramUpToDate::abi_decode(&d).is_ok()) =>
            {
                return Ok(None)
            }
            Err(e) => {
                return Err(self.rpc_error(
                    &format!("{step} (estimating the activation fee)"),
                    None,
                    e,
                ))
            }
        };
        let ret = stylus::activateProgramCall::abi_decode_returns(&out).map_err(|e| {
            err(format!("step {step}: activateProgram returned {out}, not (uint16 version, uint256 dataFee): {e}"))
        })?;
        Ok(Some(ret.dataFee))
    }

    /// A view call; the revert data is decoded on failure.
    pub async fn view(&self, step: &str, to: Address, input: Vec<u8>) -> Result<Bytes> {
        let tx = TransactionRequest::default()
            .with_from(self.from)
            .with_to(to)
            .with_input(Bytes::from(input));
        self.provider
            .call(tx)
            .await
            .map_err(|e| self.rpc_error(step, None, e))
    }

    /// Sends `input` to `to` as step `step` unless `done` says it is already
    /// in place. Returns whether a transaction was sent.
    pub async fn wire(
        &mut self,
        step: &str,
        done: bool,
        to: Address,
        input: Vec<u8>,
    ) -> Result<bool> {
        if done {
            self.say(format!("  = {step} (already in place)"));
            return Ok(false);
        }
        let tx = TransactionRequest::default()
            .with_to(to)
            .with_input(Bytes::from(input));
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
        let gas = self
            .provider
            .estimate_gas(tx.clone())
            .await
            .map_err(|e| self.rpc_error(step, None, e))?;
        let tx = tx.with_gas_limit(padded_gas(gas));
        let pending = self
            .provider
            .send_transaction(tx)
            .await
            .map_err(|e| self.rpc_error(step, None, e))?;
        let hash = *pending.tx_hash();
        let receipt = pending
            .get_receipt()
            .await
            .map_err(|e| err(format!("step {step}: tx {hash}: {e}")))?;
        if !receipt.status() {
            return Err(err(format!("step {step}: tx {hash} reverted")));
        }
        self.report.gas_used += receipt.gas_used;
        Ok(receipt)
    }

    fn rpc_error(
        &self,
        step: &str,
        tx: Option<B256>,
        e: impl std::fmt::Display + RevertData,
    ) -> DeployError {
        let tx = tx.map(|h| format!(" tx {h}")).unwrap_or_default();
        match e.revert_data() {
            Some(data) => err(format!(
                "step {step}:{tx} reverted with {}",
                decode_revert(&data)
            )),
            None => err(format!("step {step}:{tx}: {e}")),
        }
    }
}

/// Revert data decoded against ArbWasm's errors and every Restake interface.
pub fn decode_revert(data: &Bytes) -> String {
    if let Ok(e) = stylus::ProgramInsufficientValue::abi_decode(data) {
        return format!(
            "ProgramInsufficientValue(have {} wei, want {} wei)",
            e.have, e.want
        );
    }
    if stylus::ProgramUpToDate::abi_decode(data).is_ok() {
        return "ProgramUpToDate()".into();
    }
    bindings::decode_error(data)
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
