//! The deploy script against the devnet: a second run deploys nothing; a
//! changed constructor argument redeploys only what it affects.

use alloy::primitives::U256;
use restake_deploy::{default_wasm_dir, deploy_suite, Deployer, DeploymentRecord, SuiteConfig};
use restake_devnet::rpc::Devnet;
use restake_e2e::dev_key;

#[tokio::test(flavor = "current_thread")]
async fn second_run_deploys_nothing_and_changes_redeploy_only_what_they_touch() {
    let node = Devnet::start_free_port().unwrap();
    let url = node.url();
    let cfg = SuiteConfig::default();

    let mut d = Deployer::connect(
        &url,
        &dev_key(0),
        DeploymentRecord::default(),
        default_wasm_dir(),
    )
    .await
    .unwrap();
    d.verbose = false;
    let first = deploy_suite(&mut d, &cfg).await.unwrap();
    assert_eq!(
        d.report.deployed,
        [
            "MockLst",
            "RegistryExtension",
            "OperatorRegistry",
            "SlashingExtension",
            "SlashingManager",
            "RewardsExtension",
            "Rewards",
            "EvidenceVerifier",
            "EthVault",
            "LstVault",
            "LrtAccount",
            "LrtExtension",
            "Lrt"
        ]
    );
    assert_eq!(
        d.report.wired,
        [
            "registry.setSlashingManager",
            "registry.setRewards",
            "registry.addVault(EthVault)",
            "registry.addVault(LstVault)",
            "lrt.addAsset(ETH)",
            "lrt.addAsset(LST)",
            "lrt.setParameters",
            "lrt.setRewards"
        ]
    );
    let record = d.record.clone();
    assert_eq!(record.chain_id, 412_346);
    assert_eq!(record.contracts.len(), 13);
    assert_eq!(record.address("EthVault"), Some(first.eth_vault));

    // The record survives a round trip through its file.
    let dir = std::env::temp_dir().join(format!("restake-redeploy-{}", std::process::id()));
    let path = dir.join("devnet.json");
    record.save(&path).unwrap();
    let loaded = DeploymentRecord::load(&path).unwrap();
    assert_eq!(loaded.contracts, record.contracts);

    // Second run: everything found on chain, nothing sent.
    let mut d = Deployer::connect(&url, &dev_key(0), loaded, default_wasm_dir())
        .await
        .unwrap();
    d.verbose = false;
    let second = deploy_suite(&mut d, &cfg).await.unwrap();
    assert_eq!(second, first);
    assert!(d.report.deployed.is_empty(), "{:?}", d.report.deployed);
    assert!(d.report.wired.is_empty(), "{:?}", d.report.wired);
    assert_eq!(d.report.gas_used, 0);

    // New Lrt parameters are one transaction, nothing redeployed.
    let mut cfg_p = cfg.clone();
    cfg_p.lrt.buffer_bps = 2_000;
    let again = deploy_suite(&mut d, &cfg_p).await.unwrap();
    assert_eq!(again, first);
    assert!(d.report.deployed.is_empty(), "{:?}", d.report.deployed);
    assert_eq!(d.report.wired, ["lrt.setParameters"]);

    // A new vault cap changes the vaults' constructor arguments; the Lrt's
    // assets sit in the old vaults, so a new Lrt comes with them, on the
    // same account implementation and extension.
    let cfg2 = SuiteConfig {
        vault_cap: cfg.vault_cap + U256::from(1),
        ..cfg
    };
    let third = deploy_suite(&mut d, &cfg2).await.unwrap();
    assert_eq!(d.report.deployed, ["EthVault", "LstVault", "Lrt"]);
    assert_eq!(
        d.report.wired,
        [
            "registry.addVault(EthVault)",
            "registry.addVault(LstVault)",
            "lrt.addAsset(ETH)",
            "lrt.addAsset(LST)",
            "lrt.setParameters",
            "lrt.setRewards"
        ]
    );
    assert_eq!(
        (third.registry, third.manager, third.lst),
        (first.registry, first.manager, first.lst)
    );
    assert_eq!(
        (third.lrt_account, third.lrt_extension),
        (first.lrt_account, first.lrt_extension)
    );
    assert_ne!(third.eth_vault, first.eth_vault);
    assert_ne!(third.lrt, first.lrt);
    let _ = std::fs::remove_dir_all(dir);
    node.stop();
}
