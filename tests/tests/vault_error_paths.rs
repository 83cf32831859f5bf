//! The vault's two error paths that native (motsu) tests cannot reach,
//! exercised on the devnet with the real wasm: an ETH payout refused by the
//! receiver, and an asset address with no token behind it.

use alloy::primitives::U256;
use alloy::sol_types::SolValue;
use restake_deploy::suite::NATIVE_ETH;
use restake_deploy::{default_wasm_dir, Deployer, DeploymentRecord};
use restake_devnet::rpc::Devnet;
use restake_e2e::bindings::IVault;
use restake_e2e::{actor, dev_key, e18, revert_as, send};

#[tokio::test(flavor = "current_thread")]
async fn refused_eth_payout_and_missing_token_are_typed_errors() {
    let node = Devnet::start_free_port().unwrap();
    let url = node.url();
    let mut d = Deployer::connect(
        &url,
        &dev_key(0),
        DeploymentRecord::default(),
        default_wasm_dir(),
    )
    .await
    .unwrap();
    d.verbose = false;
    let owner = d.from;
    let (registry_p, registry) = actor(&url, 1);
    let (staker_p, staker) = actor(&url, 2);
    let (_, manager) = actor(&url, 3);
    let (_, not_a_token) = actor(&url, 4);
    // A plain ERC-20 contract with no receive hook, to refuse ETH.
    let refuser = d
        .contract("MockLst", "restake_mock_lst", (owner,).abi_encode_params())
        .await
        .unwrap();
    // An ETH vault whose "registry" is dev account 1, so it can pay out directly.
    let eth_vault = d
        .contract(
            "EthVault",
            "restake_vault",
            (NATIVE_ETH, owner, owner, registry, manager, U256::MAX).abi_encode_params(),
        )
        .await
        .unwrap();
    send!(IVault::new(eth_vault, &staker_p)
        .deposit(e18(1), staker)
        .value(e18(1)));
    let as_registry = IVault::new(eth_vault, &registry_p);
    send!(as_registry.removeDepositShares(staker, e18(1)));
    let Err(e) = as_registry.withdrawTo(staker, refuser, e18(1)).call().await else {
        panic!("payout to a refuser")
    };
    match revert_as::<IVault::IVaultErrors>(e) {
        IVault::IVaultErrors::VaultEthTransferFailed(x) => {
            assert_eq!((x.receiver, x.amount), (refuser, e18(1)))
        }
        other => panic!("unexpected {other:?}"),
    }
    // The same payout to the staker works.
    send!(as_registry.withdrawTo(staker, staker, e18(1)));
    assert_eq!(as_registry.totalShares().call().await.unwrap(), U256::ZERO);

    // A vault over an address with no token: reads fail with a typed error.
    let bad = d
        .contract(
            "BadVault",
            "restake_vault",
            (not_a_token, owner, owner, registry, manager, U256::MAX).abi_encode_params(),
        )
        .await
        .unwrap();
    let Err(e) = IVault::new(bad, &staker_p).totalAssets().call().await else {
        panic!("read a non-token")
    };
    match revert_as::<IVault::IVaultErrors>(e) {
        IVault::IVaultErrors::VaultAssetCallFailed(x) => assert_eq!(x.asset, not_a_token),
        other => panic!("unexpected {other:?}"),
    }
    node.stop();
}
