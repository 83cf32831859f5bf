//! The Restake suite: what is deployed, in which order, and how it is wired.
//!
//! Order (each step depends only on earlier ones):
//! 1. `MockLst` (local networks only: an ERC-20 LST to restake),
//! 2. `RegistryExtension` (the registry's second wasm, never constructed:
//!    the registry delegate-calls it) and
//!    `OperatorRegistry(owner, withdrawalDelay, RegistryExtension)`,
//! 3. `SlashingExtension` (the manager's second wasm, never constructed)
//!    and `SlashingManager(registry, deallocationDelay, SlashingExtension)`,
//! 4. wire `registry.setSlashingManager(manager)` (one-time);
//!    `RewardsExtension` (the rewards contract's second wasm, never
//!    constructed: the rewards contract delegate-calls it),
//!    `Rewards(owner, registry, manager, RewardsExtension)` and wire
//!    `registry.setRewards(rewards)` (one-time, here and in the manager),
//!    and `EvidenceVerifier(manager)` (operator sets opt into it for
//!    double-sign slashing),
//! 5. `EthVault` and `LstVault`: `Vault(asset, owner, pauser, registry, manager, cap)`,
//! 6. wire `registry.addVault(vault)` for each vault,
//! 7. `LrtAccount` (the sub-account implementation, never constructed: the
//!    Lrt's EIP-1167 clones delegate to it) and `LrtExtension` (the Lrt's
//!    second wasm, never constructed: the Lrt delegate-calls it),
//! 8. `Lrt(owner, manager, registry, LrtAccount, LrtExtension)`; if an Lrt on
//!    record holds an asset in a vault that is no longer the suite's, a new
//!    Lrt is deployed (its positions live in those vaults),
//! 9. wire `lrt.addAsset(ETH, EthVault, cap, 0)` and `lrt.addAsset(LST,
//!    LstVault, cap, LST)` (the mock LST is its own rate source), and
//!    `lrt.setParameters(..)` to the configured ones,
//! 10. wire `lrt.setRedeemDelay(max(withdrawalDelay, deallocationDelay))`
//!     when the delay in force is shorter (M-1).

use alloy::primitives::{Address, U256};
use alloy::sol_types::{SolCall, SolValue};

use crate::bindings::{ILrt, ILrtAccount, IOperatorRegistry, IVault};
use crate::{DeployError, Deployer, Result};

/// The ERC-7535 native-ETH sentinel.
pub const NATIVE_ETH: Address =
    alloy::primitives::address!("EeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE");

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
    /// The Lrt's deposit cap per asset, in wei of the asset.
    pub lrt_cap: U256,
    /// The Lrt's parameters.
    pub lrt: LrtParameters,
}

/// The Lrt's owner-set parameters (`ILrt.setParameters`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LrtParameters {
    /// No operator may hold more than this share of the Lrt's value after a
    /// manager move, in basis points.
    pub concentration_cap_bps: u64,
    /// Idle liquidity a manager move must leave, in basis points of value.
    pub buffer_bps: u64,
    /// Fee on instant exits, in basis points (kept by the Lrt's holders).
    pub instant_fee_bps: u64,
    /// Most assets instant exits may pay out per period, in wei.
    pub instant_limit: U256,
    /// The instant-exit period, in seconds.
    pub instant_period: u64,
}

impl Default for LrtParameters {
    fn default() -> Self {
        Self {
            // At most 60% behind one operator: with the devnet's two demo
            // operators, restaking everything needs both.
            concentration_cap_bps: 6_000,
            // Keep 10% idle for instant exits.
            buffer_bps: 1_000,
            // 0.10% for leaving at once instead of waiting out the queue.
            instant_fee_bps: 10,
            // 1,000 ETH a day at most through the instant exit.
            instant_limit: U256::from(1_000u64) * U256::from(10u64).pow(U256::from(18u64)),
            instant_period: 86_400,
        }
    }
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
            lrt_cap: U256::from(1_000_000u64) * U256::from(10u64).pow(U256::from(18u64)),
            lrt: LrtParameters::default(),
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
    /// The liquid restaking token.
    pub lrt: Address,
    /// The Lrt's second wasm (run by delegate call; not called directly).
    pub lrt_extension: Address,
    /// The sub-account implementation the Lrt's clones delegate to.
    pub lrt_account: Address,
    /// The rewards contract (wired into the registry and the manager).
    pub rewards: Address,
    /// The registry's second wasm (run by delegate call; not called
    /// directly).
    pub registry_extension: Address,
    /// The slashing manager's second wasm (run by delegate call; not
    /// called directly).
    pub manager_extension: Address,
    /// The rewards contract's second wasm (run by delegate call; not
    /// called directly).
    pub rewards_extension: Address,
}

/// Deploys what is missing or changed and wires it, step by step.
pub async fn deploy_suite(d: &mut Deployer, cfg: &SuiteConfig) -> Result<SuiteAddresses> {
    d.report = Default::default();
    let owner = d.from;
    let lst = if cfg.mock_lst {
        d.contract("MockLst", "restake_mock_lst", (owner,).abi_encode_params())
            .await?
    } else {
        cfg.lst
            .ok_or_else(|| DeployError("no LST: pass --lst ADDRESS or use the mock LST".into()))?
    };
    let registry_extension = d
        .code_only("RegistryExtension", "restake_registry_extension")
        .await?;
    let registry = d
        .contract(
            "OperatorRegistry",
            "restake_registry",
            (owner, cfg.withdrawal_delay, registry_extension).abi_encode_params(),
        )
        .await?;
    let manager_extension = d
        .code_only("SlashingExtension", "restake_slashing_extension")
        .await?;
    let manager = d
        .contract(
            "SlashingManager",
            "restake_slashing",
            (registry, cfg.deallocation_delay, manager_extension).abi_encode_params(),
        )
        .await?;
    let current = d
        .view(
            "registry.slashingManager",
            registry,
            IOperatorRegistry::slashingManagerCall {}.abi_encode(),
        )
        .await?;
    let current = Address::abi_decode(&current).map_err(|e| DeployError(e.to_string()))?;
    d.wire(
        "registry.setSlashingManager",
        current == manager,
        registry,
        IOperatorRegistry::setSlashingManagerCall { manager }.abi_encode(),
    )
    .await?;

    let rewards_extension = d
        .code_only("RewardsExtension", "restake_rewards_extension")
        .await?;
    let rewards = d
        .contract(
            "Rewards",
            "restake_rewards",
            (owner, registry, manager, rewards_extension).abi_encode_params(),
        )
        .await?;
    let current = d
        .view(
            "registry.rewards",
            registry,
            IOperatorRegistry::rewardsCall {}.abi_encode(),
        )
        .await?;
    let current = Address::abi_decode(&current).map_err(|e| DeployError(e.to_string()))?;
    if !current.is_zero() && current != rewards {
        return Err(DeployError(format!(
            "the registry is wired to rewards {current}, not {rewards} (wired once: redeploy the registry)"
        )));
    }
    d.wire(
        "registry.setRewards",
        current == rewards,
        registry,
        IOperatorRegistry::setRewardsCall { rewards }.abi_encode(),
    )
    .await?;

    let evidence = d
        .contract(
            "EvidenceVerifier",
            "restake_slashing_evidence",
            (manager,).abi_encode_params(),
        )
        .await?;

    let vault_args = |asset: Address| {
        (asset, owner, owner, registry, manager, cfg.vault_cap).abi_encode_params()
    };
    let eth_vault = d
        .contract("EthVault", "restake_vault", vault_args(NATIVE_ETH))
        .await?;
    let lst_vault = d
        .contract("LstVault", "restake_vault", vault_args(lst))
        .await?;
    for (name, vault) in [("EthVault", eth_vault), ("LstVault", lst_vault)] {
        let is = d
            .view(
                "registry.isVault",
                registry,
                IOperatorRegistry::isVaultCall { vault }.abi_encode(),
            )
            .await?;
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
        let r = d
            .view(
                "vault.registry",
                vault,
                IVault::registryCall {}.abi_encode(),
            )
            .await?;
        let r = Address::abi_decode(&r).map_err(|e| DeployError(e.to_string()))?;
        if r != registry {
            return Err(DeployError(format!(
                "vault {vault} points to registry {r}, not {registry}"
            )));
        }
    }

    // The sub-account implementation is constructed (I-1): its constructor
    // makes it its own controller, so no one can initialize or drive it.
    // One recorded as deployed without construction is replaced.
    let mut lrt_account = d
        .contract("LrtAccount", "restake_lrt_account", Vec::new())
        .await?;
    if account_controller(d, lrt_account).await? != lrt_account {
        d.say(format!(
            "  ! LrtAccount at {lrt_account} is not locked (deployed unconstructed): redeploying"
        ));
        d.forget("LrtAccount");
        lrt_account = d
            .contract("LrtAccount", "restake_lrt_account", Vec::new())
            .await?;
        let controller = account_controller(d, lrt_account).await?;
        if controller != lrt_account {
            return Err(DeployError(format!(
                "LrtAccount at {lrt_account} is controlled by {controller}, not locked"
            )));
        }
    }
    let lrt_extension = d.code_only("LrtExtension", "restake_lrt_extension").await?;
    let assets = [(NATIVE_ETH, eth_vault), (lst, lst_vault)];
    // An Lrt on record whose assets sit in other vaults is replaced.
    if let Some(old) = d.record.address("Lrt") {
        if d.has_code(old).await? {
            for i in 0..4u64 {
                let held = asset_at(d, old, i).await?;
                if !held.0.is_zero() && !assets.contains(&held) {
                    d.say(format!(
                        "  ! Lrt at {old} holds {} in vault {}, not the suite's: redeploying",
                        held.0, held.1
                    ));
                    d.forget("Lrt");
                    break;
                }
            }
        }
    }
    let lrt = d
        .contract(
            "Lrt",
            "restake_lrt",
            (owner, owner, registry, lrt_account, lrt_extension).abi_encode_params(),
        )
        .await?;
    let mut held = Vec::new();
    for i in 0..4u64 {
        held.push(asset_at(d, lrt, i).await?.0);
    }
    for (name, (token, vault)) in ["ETH", "LST"].into_iter().zip(assets) {
        d.wire(
            &format!("lrt.addAsset({name})"),
            held.contains(&token),
            lrt,
            ILrt::addAssetCall {
                token,
                vault,
                cap: cfg.lrt_cap,
                // M-3: the mock LST doubles as its own rate source (its
                // settable `getRate()`); ETH is 1:1 and takes none.
                rateSource: if token == NATIVE_ETH {
                    Address::ZERO
                } else {
                    token
                },
            }
            .abi_encode(),
        )
        .await?;
    }
    let p = d
        .view("lrt.parameters", lrt, ILrt::parametersCall {}.abi_encode())
        .await?;
    let p = ILrt::parametersCall::abi_decode_returns(&p).map_err(|e| DeployError(e.to_string()))?;
    let want = cfg.lrt;
    let current = LrtParameters {
        concentration_cap_bps: p.concentrationCapBps.saturating_to(),
        buffer_bps: p.bufferBps.saturating_to(),
        instant_fee_bps: p.instantFeeBps.saturating_to(),
        instant_limit: p.instantLimit,
        instant_period: p.instantPeriod,
    };
    d.wire(
        "lrt.setParameters",
        current == want,
        lrt,
        ILrt::setParametersCall {
            concentrationCapBps: U256::from(want.concentration_cap_bps),
            bufferBps: U256::from(want.buffer_bps),
            instantFeeBps: U256::from(want.instant_fee_bps),
            instantLimit: want.instant_limit,
            instantPeriod: want.instant_period,
        }
        .abi_encode(),
    )
    .await?;
    // #14: the Lrt claims its sub-accounts' rewards from the suite's rewards.
    let current = d
        .view(
            "lrt.rewardsContract",
            lrt,
            ILrt::rewardsContractCall {}.abi_encode(),
        )
        .await?;
    let current = Address::abi_decode(&current).map_err(|e| DeployError(e.to_string()))?;
    d.wire(
        "lrt.setRewards",
        current == rewards,
        lrt,
        ILrt::setRewardsCall { rewards }.abi_encode(),
    )
    .await?;
    // M-1: a queued exit waits at least as long as any slash the Lrt is
    // exposed to could take to land: the registry's withdrawal delay
    // applies on its own; the manager's deallocation delay (which bounds
    // every veto window) is wired when it is longer.
    let want_delay = cfg.withdrawal_delay.max(cfg.deallocation_delay);
    let d_out = d
        .view(
            "lrt.redeemDelay",
            lrt,
            ILrt::redeemDelayCall {}.abi_encode(),
        )
        .await?;
    let current_delay = u64::abi_decode(&d_out).map_err(|e| DeployError(e.to_string()))?;
    d.wire(
        "lrt.setRedeemDelay",
        current_delay >= want_delay,
        lrt,
        ILrt::setRedeemDelayCall { delay: want_delay }.abi_encode(),
    )
    .await?;
    Ok(SuiteAddresses {
        lst,
        registry,
        manager,
        evidence,
        eth_vault,
        lst_vault,
        lrt,
        lrt_extension,
        lrt_account,
        rewards,
        rewards_extension,
        registry_extension,
        manager_extension,
    })
}

/// The Lrt's accepted asset `i`: (token, vault), zeros past the last.
async fn asset_at(d: &Deployer, lrt: Address, i: u64) -> Result<(Address, Address)> {
    let out = d
        .view(
            "lrt.assetAt",
            lrt,
            ILrt::assetAtCall {
                index: U256::from(i),
            }
            .abi_encode(),
        )
        .await?;
    // Token and vault are the first two words in every version of the Lrt
    // (an Lrt on record may predate the wider `assetAt` of issue #11), so
    // they are read without decoding the rest.
    let word = |k: usize| {
        out.get(32 * k..32 * (k + 1))
            .map(|w| Address::from_slice(&w[12..]))
            .ok_or_else(|| DeployError(format!("lrt.assetAt({i}) returned {} bytes", out.len())))
    };
    Ok((word(0)?, word(1)?))
}

/// The controller of the sub-account at `account` (the implementation's own
/// address once it is locked, I-1).
async fn account_controller(d: &Deployer, account: Address) -> Result<Address> {
    let out = d
        .view(
            "lrtAccount.controller",
            account,
            ILrtAccount::controllerCall {}.abi_encode(),
        )
        .await?;
    Address::abi_decode(&out).map_err(|e| DeployError(e.to_string()))
}
