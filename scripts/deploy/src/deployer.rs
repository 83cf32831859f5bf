//! The [`Deployer`]: one signer and provider driving a deployment step by
//! step (deploy through the StylusDeployer, estimate the activation fee,
//! wire, send), recording what it did.

use std::path::PathBuf;

use alloy::network::{EthereumWallet, TransactionBuilder};
use alloy::primitives::{keccak256, Address, Bytes, B256, U256};
use alloy::providers::{Provider, ProviderBuilder};
use alloy::rpc::types::state::{AccountOverride, StateOverride};
use alloy::rpc::types::{TransactionReceipt, TransactionRequest};
use alloy::signers::local::PrivateKeySigner;
use alloy::sol_types::{SolCall, SolError, SolEvent};

use crate::{
    code_of, decode_revert, err, padded_gas, stylus, ContractDeployed, ContractRecord, DeployError,
    DeploymentRecord, ProgramForm, Result, RevertData, RunReport,
};

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
