//! The deployment record (`deployments/<network>.json`): every contract
//! deployed, with what identifies its code and arguments, and what a run did.

use std::collections::BTreeMap;
use std::path::Path;

use alloy::primitives::{Address, Bytes, B256, U256};
use serde::{Deserialize, Serialize};

use crate::{err, Result};

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
