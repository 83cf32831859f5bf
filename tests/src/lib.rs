//! Shared harness of the end-to-end flows: an in-process devnet on a free
//! port, the suite deployed by the deploy script from the release wasm, and
//! one wallet-backed provider per actor (the devnet's prefunded accounts).

use alloy::network::EthereumWallet;
use alloy::primitives::{keccak256, Address, Bytes, U256};
use alloy::providers::{DynProvider, Provider, ProviderBuilder};
use alloy::signers::local::PrivateKeySigner;
use restake_deploy::{
    default_wasm_dir, deploy_suite, Deployer, DeploymentRecord, SuiteAddresses, SuiteConfig,
};
use restake_devnet::rpc::Devnet;

pub use restake_deploy::bindings;

pub mod abi_catalog;
pub mod access_table;
pub mod probe;

/// 1e18.
pub fn e18(n: u64) -> U256 {
    U256::from(n) * U256::from(10u64).pow(U256::from(18u64))
}

/// EigenLayer's burn address, where an ETH vault sends burned slashed ETH.
pub const BURN: Address = alloy::primitives::address!("00000000000000000000000000000000000E16E4");

/// The Lrt's native-ETH asset (`restake_deploy::suite::NATIVE_ETH`).
pub const ETH: Address = restake_deploy::suite::NATIVE_ETH;

/// The environment variable `name` parsed, or `default` when it is unset or
/// does not parse.
pub fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The creation code of the Solidity contract `name` (`integrator/` and
/// `integrator/test/`), from `integrator/out/<name>.json`, compiled first by
/// `scripts/build-integrator.sh` when missing.
pub fn integrator_bytecode(name: &str) -> Bytes {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = root.join(format!("integrator/out/{name}.json"));
    if !out.exists() {
        let ok = std::process::Command::new("bash")
            .arg(root.join("scripts/build-integrator.sh"))
            .status()
            .expect("run scripts/build-integrator.sh")
            .success();
        assert!(ok, "compiling the Solidity contracts failed");
    }
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(out).unwrap()).unwrap();
    json["bytecode"].as_str().unwrap().parse().unwrap()
}

/// Where the Lrt creates `operator`'s sub-account as its `nonce`-th (the
/// nonce counts the sub-accounts created so far): CREATE2 of the EIP-1167
/// init code of `implementation`, salt `keccak256(operator ‖ nonce)`.
pub fn lrt_sub_account(
    lrt: Address,
    implementation: Address,
    operator: Address,
    nonce: u64,
) -> Address {
    let mut salt = [0u8; 64];
    salt[..32].copy_from_slice(operator.into_word().as_slice());
    salt[32..].copy_from_slice(&U256::from(nonce).to_be_bytes::<32>());
    let mut code = alloy::hex!("3d602d80600a3d3981f3363d3d373d3d3d363d73").to_vec();
    code.extend_from_slice(implementation.as_slice());
    code.extend_from_slice(&alloy::hex!("5af43d82803e903d91602b57fd5bf3"));
    lrt.create2_from_code(keccak256(salt), code)
}

/// A running devnet with the suite deployed.
pub struct Harness {
    /// The node (stopped on drop).
    pub node: Option<Devnet>,
    /// Its URL.
    pub url: String,
    /// The deployed addresses.
    pub suite: SuiteAddresses,
    /// The deployer's provider (owner of every contract).
    pub owner: DynProvider,
    /// The deployer's address.
    pub owner_addr: Address,
}

impl Drop for Harness {
    fn drop(&mut self) {
        if let Some(n) = self.node.take() {
            n.stop();
        }
    }
}

/// The devnet's prefunded key number `i` (0..=9: the test mnemonic; 10: Nitro's dev key).
pub fn dev_key(i: usize) -> String {
    restake_devnet::DEV_KEYS[i].to_string()
}

/// A provider that signs as dev account `i`.
pub fn actor(url: &str, i: usize) -> (DynProvider, Address) {
    let signer: PrivateKeySigner = dev_key(i).parse().expect("dev key");
    let addr = signer.address();
    let p = ProviderBuilder::new()
        .wallet(EthereumWallet::from(signer))
        .connect_http(url.parse().expect("url"))
        .erased();
    (p, addr)
}

impl Harness {
    /// Starts a devnet and deploys the suite with `cfg`.
    pub async fn start(cfg: SuiteConfig) -> Self {
        let node = Devnet::start_free_port().expect("start devnet");
        let url = node.url();
        let mut d = Deployer::connect(
            &url,
            &dev_key(0),
            DeploymentRecord::default(),
            default_wasm_dir(),
        )
        .await
        .expect("connect");
        d.verbose = false;
        let suite = deploy_suite(&mut d, &cfg).await.expect("deploy suite");
        let (owner, owner_addr) = actor(&url, 0);
        Self {
            node: Some(node),
            url,
            suite,
            owner,
            owner_addr,
        }
    }

    /// A provider for dev account `i` (1..=9 are free for actors).
    pub fn actor(&self, i: usize) -> (DynProvider, Address) {
        actor(&self.url, i)
    }

    /// Fixes the timestamp of the next block (and of calls simulated in it).
    pub async fn set_next_timestamp(&self, ts: u64) {
        let _: serde_json::Value = self
            .owner
            .raw_request("evm_setNextBlockTimestamp".into(), (ts,))
            .await
            .expect("setNextBlockTimestamp");
    }

    /// Moves the devnet's clock forward by `secs` and mines a block.
    pub async fn advance(&self, secs: u64) {
        let _: serde_json::Value = self
            .owner
            .raw_request("evm_increaseTime".into(), (secs,))
            .await
            .expect("increaseTime");
        let _: serde_json::Value = self
            .owner
            .raw_request("evm_mine".into(), ())
            .await
            .expect("mine");
    }
}

pub use restake_deploy::padded_gas;

/// Sends a contract call built by alloy's `sol!` bindings with a padded gas
/// limit ([`padded_gas`]: the block it lands in may be a second later than
/// the one it was estimated in), waits for its receipt and asserts it
/// succeeded; evaluates to the receipt.
#[macro_export]
macro_rules! send {
    // `match` keeps the call's temporaries (the contract instance) alive.
    ($call:expr) => {
        match $call {
            call => {
                let gas = call.estimate_gas().await.expect("estimate gas");
                let receipt = call
                    .gas($crate::padded_gas(gas))
                    .send()
                    .await
                    .expect("send")
                    .get_receipt()
                    .await
                    .expect("receipt");
                assert!(
                    receipt.status(),
                    "transaction reverted: {}",
                    receipt.transaction_hash
                );
                receipt
            }
        }
    };
}

/// Wei spent on gas by a receipt.
pub fn gas_cost(r: &alloy::rpc::types::TransactionReceipt) -> U256 {
    U256::from(r.gas_used) * U256::from(r.effective_gas_price)
}

/// The custom error of a failed call, decoded against `E` (an interface's
/// errors enum), or a panic naming what came back.
pub fn revert_as<E: alloy::sol_types::SolInterface>(e: alloy::contract::Error) -> E {
    match e.as_decoded_interface_error::<E>() {
        Some(d) => d,
        None => panic!("expected a custom error, got {e}"),
    }
}

/// 1e18, the WAD unit of magnitudes and fractions.
pub const WAD: u64 = 1_000_000_000_000_000_000;

/// How an operator set is configured by `ISlashingManager.createOperatorSet`.
#[derive(Clone, Debug, Default)]
pub struct SetParams {
    /// Who may slash (zero: nobody but evidence).
    pub slasher: Address,
    /// Redistribution recipient (zero: burn).
    pub recipient: Address,
    /// Veto resolver (zero: instant slashing).
    pub resolver: Address,
    /// Veto window in seconds.
    pub veto_window: u64,
    /// Cap per period (WAD).
    pub cap_wad: u64,
    /// Cap period in seconds.
    pub cap_period: u64,
    /// Equivocation penalty (WAD).
    pub penalty: u64,
    /// Evidence verifier allowed to apply the penalty.
    pub verifier: Address,
}

/// A staker (dev account `staker`) with `deposit` wei in the ETH vault,
/// delegated to an operator (dev account `op`) that joined set 1 of an AVS
/// (dev account `avs`) and allocated `alloc` (WAD) of its ETH-vault stake,
/// with the clock moved past the allocation delay so the allocation is slashable.
pub async fn staked_operator_in_set(
    h: &Harness,
    staker: usize,
    op: usize,
    avs: usize,
    deposit: U256,
    alloc: u64,
    params: SetParams,
) {
    use bindings::{IOperatorRegistry, ISlashingManager, IVault};
    let (staker_p, staker_a) = h.actor(staker);
    let (op_p, op_a) = h.actor(op);
    let (avs_p, _) = h.actor(avs);
    send!(IVault::new(h.suite.eth_vault, &staker_p)
        .deposit(deposit, staker_a)
        .value(deposit));
    send!(
        IOperatorRegistry::new(h.suite.registry, &op_p).registerAsOperator(
            Address::ZERO,
            0,
            "ipfs://op".into()
        )
    );
    send!(
        IOperatorRegistry::new(h.suite.registry, &staker_p).delegateTo(
            op_a,
            alloy::primitives::Bytes::new(),
            U256::ZERO,
            alloy::primitives::B256::ZERO
        )
    );
    let mgr = ISlashingManager::new(h.suite.manager, &avs_p);
    send!(mgr.registerAvs("ipfs://avs".into(), Address::ZERO));
    send!(mgr.createOperatorSet(
        1,
        vec![h.suite.eth_vault],
        params.slasher,
        params.recipient,
        params.resolver,
        params.veto_window,
        params.cap_wad,
        params.cap_period,
        params.penalty,
        params.verifier
    ));
    let (_, avs_a) = h.actor(avs);
    let mgr_op = ISlashingManager::new(h.suite.manager, &op_p);
    send!(mgr_op.joinOperatorSet(avs_a, 1));
    send!(mgr_op.modifyAllocation(avs_a, 1, h.suite.eth_vault, alloc));
    // The allocation becomes slashable after the operator's allocation
    // delay, never shorter than the registry's minimum (longer than the
    // withdrawal delay: security issue 11, L-2).
    let delay = IOperatorRegistry::new(h.suite.registry, &op_p)
        .allocationDelay(op_a)
        .call()
        .await
        .expect("allocationDelay");
    h.advance(delay as u64 + 1).await;
}
