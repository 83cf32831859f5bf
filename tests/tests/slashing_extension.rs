//! The slashing manager in two wasms, on the devnet (issue #15): the core
//! serves membership, allocations, slashing and the views an AVS reads on
//! chain, and hands the AVSs' registration, set administration, the rewards
//! wiring and the cold views to its extension by delegate call, on its own
//! storage. Through the core every route answers as one contract would
//! (values, errors, refused ETH); the extension called at its own address
//! has no state, cannot be constructed and serves none of the core's routes.

use alloy::primitives::{Address, U256};
use alloy::sol_types::{SolCall, SolInterface, SolValue};
use restake_e2e::bindings::ISlashingManager;
use restake_e2e::{revert_as, send, Harness};

type Errors = ISlashingManager::ISlashingManagerErrors;

#[tokio::test(flavor = "current_thread")]
async fn the_core_hands_its_cold_routes_to_an_extension_that_holds_nothing_alone() {
    let h = Harness::start(Default::default()).await;
    let s = h.suite;
    let (avs_p, avs) = h.actor(3);
    assert_ne!(s.manager_extension, Address::ZERO);

    // Through the core: the extension's views read the core's storage...
    let m = ISlashingManager::new(s.manager, &avs_p);
    assert_eq!(m.extension().call().await.unwrap(), s.manager_extension);
    assert_eq!(m.config().call().await.unwrap().registry, s.registry);
    assert_eq!(m.rewards().call().await.unwrap(), s.rewards);
    // ... and its state changes land there, where the core reads them.
    send!(m.registerAvs("ipfs://avs".into(), Address::ZERO));
    let info = m.avsInfo(avs).call().await.unwrap();
    assert!(info.registered);
    // An extension route's error passes through the core unchanged.
    let Err(err) = m.setRewards(avs).call().await else {
        panic!("a stranger wired the rewards contract");
    };
    assert_eq!(
        revert_as::<Errors>(err),
        Errors::SlashingUnauthorized(ISlashingManager::SlashingUnauthorized { caller: avs })
    );
    // ETH sent with an extension route: refused by the extension's router,
    // through the core, naming the selector.
    let Err(err) = m
        .updateAvsMetadata("ipfs://avs2".into())
        .value(U256::from(1))
        .call()
        .await
    else {
        panic!("ETH was accepted by a non-payable route");
    };
    assert_eq!(
        revert_as::<Errors>(err),
        Errors::SlashingInvalidCalldata(ISlashingManager::SlashingInvalidCalldata {
            selector: ISlashingManager::updateAvsMetadataCall::SELECTOR.into()
        })
    );

    // The extension alone: no state of its own.
    let ext = ISlashingManager::new(s.manager_extension, &avs_p);
    assert_eq!(ext.config().call().await.unwrap().registry, Address::ZERO);
    assert_eq!(ext.extension().call().await.unwrap(), Address::ZERO);
    assert!(!ext.avsInfo(avs).call().await.unwrap().registered);
    // The core's routes are the core's alone: joining a set, for one.
    let Err(err) = ext.joinOperatorSet(avs, 1).call().await else {
        panic!("the extension served a join");
    };
    assert_eq!(
        revert_as::<Errors>(err),
        Errors::SlashingInvalidCalldata(ISlashingManager::SlashingInvalidCalldata {
            selector: ISlashingManager::joinOperatorSetCall::SELECTOR.into()
        })
    );
    // And it can never be constructed.
    let args = (s.registry, 0u64, s.manager_extension).abi_encode_params();
    let ctor = alloy::rpc::types::TransactionRequest::default()
        .to(s.manager_extension)
        .input(restake_devnet::constructor_calldata(&args).into());
    let err = alloy::providers::Provider::call(&h.owner, ctor)
        .await
        .unwrap_err();
    let data = err
        .as_error_resp()
        .and_then(|r| r.as_revert_data())
        .expect("revert data");
    assert_eq!(
        Errors::abi_decode(&data).unwrap(),
        Errors::SlashingUnauthorized(ISlashingManager::SlashingUnauthorized {
            caller: h.owner_addr
        })
    );
}
