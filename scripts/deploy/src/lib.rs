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

use std::path::PathBuf;

use alloy::primitives::{keccak256, Bytes, B256, U256};
use alloy::sol_types::SolError;

pub mod bindings;
mod deployer;
mod record;
pub mod stylus;
pub mod suite;

pub use deployer::Deployer;
pub use record::{ContractRecord, DeploymentRecord, RunReport};
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

pub(crate) fn err(msg: impl Into<String>) -> DeployError {
    DeployError(msg.into())
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
