//! The registry in two wasms, on the devnet (issue #15): the core serves
//! what wallets, vaults, the slashing manager, the Lrt and the rewards
//! contract call, and hands the owner's functions, the operators' settings
//! and the cold views to its extension by delegate call, on its own
//! storage. Through the core every route answers as one contract would
//! (values, errors, refused ETH); the extension called at its own address
//! has no state, cannot be constructed and serves none of the core's routes.

use alloy::primitives::{Address, U256};
use alloy::sol_types::{SolCall, SolInterface, SolValue};
use restake_e2e::bindings::IOperatorRegistry;
use restake_e2e::{revert_as, send, Harness};

type Errors = IOperatorRegistry::IOperatorRegistryErrors;

#[tokio::test(flavor = "current_thread")]
async fn the_core_hands_its_cold_routes_to_an_extension_that_holds_nothing_alone() {
    let h = Harness::start(Default::default()).await;
    let s = h.suite;
    let (op_p, op) = h.actor(3);
    let (_, approver) = h.actor(4);
    assert_ne!(s.registry_extension, Address::ZERO);

    // Through the core: the extension's views read the core's storage...
    let reg = IOperatorRegistry::new(s.registry, &op_p);
    assert_eq!(reg.extension().call().await.unwrap(), s.registry_extension);
    assert_eq!(reg.owner().call().await.unwrap(), h.owner_addr);
    assert_eq!(reg.slashingManager().call().await.unwrap(), s.manager);
    assert_eq!(reg.rewards().call().await.unwrap(), s.rewards);
    assert!(reg.isVault(s.eth_vault).call().await.unwrap());
    // ... and its state changes land there, where the core reads them.
    send!(reg.registerAsOperator(Address::ZERO, 0, "ipfs://op".into()));
    send!(reg.setDelegationApprover(approver));
    assert_eq!(reg.delegationApprover(op).call().await.unwrap(), approver);
    // An extension route's error passes through the core unchanged.
    let Err(err) = reg.addVault(op).call().await else {
        panic!("a stranger whitelisted a vault");
    };
    assert_eq!(
        revert_as::<Errors>(err),
        Errors::OwnableUnauthorizedAccount(IOperatorRegistry::OwnableUnauthorizedAccount {
            account: op
        })
    );
    // ETH sent with an extension route: refused by the extension's router,
    // through the core, naming the selector.
    let Err(err) = reg
        .setDelegationApprover(Address::ZERO)
        .value(U256::from(1))
        .call()
        .await
    else {
        panic!("ETH was accepted by a non-payable route");
    };
    assert_eq!(
        revert_as::<Errors>(err),
        Errors::RegistryInvalidCalldata(IOperatorRegistry::RegistryInvalidCalldata {
            selector: IOperatorRegistry::setDelegationApproverCall::SELECTOR.into()
        })
    );

    // The extension alone: no state of its own.
    let ext = IOperatorRegistry::new(s.registry_extension, &op_p);
    assert_eq!(ext.owner().call().await.unwrap(), Address::ZERO);
    assert_eq!(ext.extension().call().await.unwrap(), Address::ZERO);
    assert_eq!(
        ext.delegationApprover(op).call().await.unwrap(),
        Address::ZERO
    );
    // The core's routes are the core's alone: the vault hook, for one.
    let Err(err) = ext.onDeposit(op, U256::ZERO, U256::from(1)).call().await else {
        panic!("the extension served the deposit hook");
    };
    assert_eq!(
        revert_as::<Errors>(err),
        Errors::RegistryInvalidCalldata(IOperatorRegistry::RegistryInvalidCalldata {
            selector: IOperatorRegistry::onDepositCall::SELECTOR.into()
        })
    );
    // And it can never be constructed.
    let args = (h.owner_addr, 0u64, s.registry_extension).abi_encode_params();
    let ctor = alloy::rpc::types::TransactionRequest::default()
        .to(s.registry_extension)
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
        Errors::RegistryUnauthorized(IOperatorRegistry::RegistryUnauthorized {
            caller: h.owner_addr
        })
    );
}
