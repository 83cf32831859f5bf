//! The Restake suite: what is deployed, in which order, and how it is wired.
//!
//! Order (each step depends only on earlier ones):
//! 1. `MockLst` (local networks only: an ERC-20 LST to restake),
//! 2. `OperatorRegistry(owner, withdrawalDelay)`,
//! 3. `SlashingManager(registry, deallocationDelay)`,
//! 4. wire `registry.setSlashingManager(manager)` (one-time),
//!    and `EvidenceVerifier(manager)` (operator sets opt into it for
//!    double-sign slashing),
//! 5. `EthVault` and `LstVault`: `Vault(asset, owner, pauser, registry, manager, cap)`,
//! 6. wire `registry.addVault(vault)` for each vault.

use alloy::primitives::{Address, U256};
use alloy::sol_types::{SolCall, SolValue};

use crate::bindings::{IOperatorRegistry, IVault};
use crate::{DeployError, Deployer, Result};

/// The ERC-7535 native-ETH sentinel.
pub const NATIVE_ETH: Address = alloy::primitives::address!("EeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE");

/// Parameters of a suite deployment.
#[derive(Clone, Debug)]
pub struct SuiteConfig {
    /// Deploy the mock LST (for local networks); otherwise `lst` must be set.
    pub mock_lst: bool,
    /// An existing LST to accept when `mock_lst` is false.
    pub lst: Option<Address>,
    /// The registry's withdrawal delay, in seconds.
    pub withdrawal_delay: u64,
    /// The slashing manager's deallocation delay, in seconds.
    pub deallocation_delay: u64,
    /// Each vault's deposit cap, in wei of its asset.
    pub vault_cap: U256,
}

impl Default for SuiteConfig {
    fn default() -> Self {
        Self {
            mock_lst: true,
            lst: None,
            // 14 days, as EigenLayer's withdrawal delay.
            withdrawal_delay: 14 * 24 * 3600,
            deallocation_delay: 14 * 24 * 3600,
            vault_cap: U256::from(1_000_000u64) * U256::from(10u64).pow(U256::from(18u64)),
        }
    }
}

/// Where everything ended up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SuiteAddresses {
    /// The LST the LST vault holds.
    pub lst: Address,
    /// The operator registry.
    pub registry: Address,
    /// The slashing manager.
    pub manager: Address,
    /// The evidence verifier for objective (double-sign) slashing.
    pub evidence: Address,
    /// The native-ETH vault.
    pub eth_vault: Address,
    /// The LST vault.
    pub lst_vault: Address,
}

/// Deploys what is missing or changed and wires it, step by step.
pub async fn deploy_suite(d: &mut Deployer, cfg: &SuiteConfig) -> Result<SuiteAddresses> {
    let owner = d.from;
    let lst = if cfg.mock_lst {
        d.contract("MockLst", "restake_mock_lst", (owner,).abi_encode_params()).await?
    } else {
        cfg.lst.ok_or_else(|| DeployError("no LST: pass --lst ADDRESS or use the mock LST".into()))?
    };
    let registry = d
        .contract("OperatorRegistry", "restake_registry", (owner, cfg.withdrawal_delay).abi_encode_params())
        .await?;
    let manager = d
        .contract("SlashingManager", "restake_slashing", (registry, cfg.deallocation_delay).abi_encode_params())
        .await?;
    let current = d
        .view("registry.slashingManager", registry, IOperatorRegistry::slashingManagerCall {}.abi_encode())
        .await?;
    let current = Address::abi_decode(&current).map_err(|e| DeployError(e.to_string()))?;
    d.wire(
        "registry.setSlashingManager",
        current == manager,
        registry,
        IOperatorRegistry::setSlashingManagerCall { manager }.abi_encode(),
    )
    .await?;

    let evidence = d
        .contract("EvidenceVerifier", "restake_slashing_evidence", (manager,).abi_encode_params())
        .await?;

    let vault_args = |asset: Address| (asset, owner, owner, registry, manager, cfg.vault_cap).abi_encode_params();
    let eth_vault = d.contract("EthVault", "restake_vault", vault_args(NATIVE_ETH)).await?;
    let lst_vault = d.contract("LstVault", "restake_vault", vault_args(lst)).await?;
    for (name, vault) in [("EthVault", eth_vault), ("LstVault", lst_vault)] {
        let is = d.view("registry.isVault", registry, IOperatorRegistry::isVaultCall { vault }.abi_encode()).await?;
        let is = bool::abi_decode(&is).map_err(|e| DeployError(e.to_string()))?;
        d.wire(
            &format!("registry.addVault({name})"),
            is,
            registry,
            IOperatorRegistry::addVaultCall { vault }.abi_encode(),
        )
        .await?;
    }
    // Sanity: every vault is wired to this registry and manager.
    for vault in [eth_vault, lst_vault] {
        let r = d.view("vault.registry", vault, IVault::registryCall {}.abi_encode()).await?;
        let r = Address::abi_decode(&r).map_err(|e| DeployError(e.to_string()))?;
        if r != registry {
            return Err(DeployError(format!("vault {vault} points to registry {r}, not {registry}")));
        }
    }
    Ok(SuiteAddresses { lst, registry, manager, evidence, eth_vault, lst_vault })
}
