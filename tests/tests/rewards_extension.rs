//! The rewards contract in two wasms, on the devnet (issue #15): the core
//! serves the registry's and the manager's hooks and `claim`, and hands
//! every other selector to its extension by delegate call, on its own
//! storage. Through the core every route answers as one contract would
//! (values, errors, ETH); the extension called at its own address has no
//! state, cannot be constructed, serves no hook and takes no funds.

use alloy::primitives::{Address, U256};
use alloy::providers::Provider;
use alloy::sol_types::{SolCall, SolInterface, SolValue};
use restake_e2e::bindings::IRewards;
use restake_e2e::{e18, revert_as, send, Harness};

#[tokio::test(flavor = "current_thread")]
async fn the_core_hands_its_other_routes_to_an_extension_that_takes_nothing_alone() {
    let h = Harness::start(Default::default()).await;
    let s = h.suite;
    let (avs_p, avs) = h.actor(3);
    let (_, claimer) = h.actor(4);
    assert_ne!(s.rewards_extension, Address::ZERO);

    // Through the core: the extension's views read the core's storage, and
    // its state changes land there.
    let rewards = IRewards::new(s.rewards, &avs_p);
    assert_eq!(
        rewards.extension().call().await.unwrap(),
        s.rewards_extension
    );
    assert_eq!(rewards.registry().call().await.unwrap(), s.registry);
    assert_eq!(rewards.manager().call().await.unwrap(), s.manager);
    assert_eq!(rewards.owner().call().await.unwrap(), h.owner_addr);
    send!(rewards.setClaimerFor(claimer));
    assert_eq!(rewards.claimerOf(avs).call().await.unwrap(), claimer);
    // An extension route's error passes through the core unchanged.
    let Err(err) = rewards.setCommission(avs, 1, 10_001).call().await else {
        panic!("a commission above 100% was accepted");
    };
    assert_eq!(
        revert_as::<IRewards::IRewardsErrors>(err),
        IRewards::IRewardsErrors::RewardsInvalidCommission(IRewards::RewardsInvalidCommission {
            bps: 10_001
        })
    );
    // ETH sent with a non-payable extension route: refused by the
    // extension's router, through the core, naming the selector.
    let Err(err) = rewards
        .setClaimerFor(claimer)
        .value(U256::from(1))
        .call()
        .await
    else {
        panic!("ETH was accepted by a non-payable route");
    };
    assert_eq!(
        revert_as::<IRewards::IRewardsErrors>(err),
        IRewards::IRewardsErrors::RewardsInvalidCalldata(IRewards::RewardsInvalidCalldata {
            selector: IRewards::setClaimerForCall::SELECTOR.into()
        })
    );

    // The extension alone: no state of its own.
    let ext = IRewards::new(s.rewards_extension, &avs_p);
    assert_eq!(ext.registry().call().await.unwrap(), Address::ZERO);
    assert_eq!(ext.extension().call().await.unwrap(), Address::ZERO);
    assert_eq!(ext.owner().call().await.unwrap(), Address::ZERO);
    // It takes no funds: a submission there is refused, ETH and all.
    let Err(err) = ext
        .submit(1, restake_e2e::ETH, e18(1), 0, 86_400, vec![], vec![])
        .value(e18(1))
        .call()
        .await
    else {
        panic!("the extension took a submission at its own address");
    };
    assert_eq!(
        revert_as::<IRewards::IRewardsErrors>(err),
        IRewards::IRewardsErrors::RewardsUnauthorized(IRewards::RewardsUnauthorized {
            caller: avs
        })
    );
    // The hooks are the core's alone: the extension does not serve them.
    let Err(err) = ext
        .onStakeChange(avs, avs, s.eth_vault, U256::from(1), true)
        .call()
        .await
    else {
        panic!("the extension served a hook");
    };
    assert_eq!(
        revert_as::<IRewards::IRewardsErrors>(err),
        IRewards::IRewardsErrors::RewardsInvalidCalldata(IRewards::RewardsInvalidCalldata {
            selector: IRewards::onStakeChangeCall::SELECTOR.into()
        })
    );
    // And it can never be constructed.
    let args = (h.owner_addr, s.registry, s.manager, s.rewards_extension).abi_encode_params();
    let ctor = alloy::rpc::types::TransactionRequest::default()
        .to(s.rewards_extension)
        .input(restake_devnet::constructor_calldata(&args).into());
    let err = h.owner.call(ctor).await.unwrap_err();
    let data = err
        .as_error_resp()
        .and_then(|r| r.as_revert_data())
        .expect("revert data");
    assert_eq!(
        IRewards::IRewardsErrors::abi_decode(&data).unwrap(),
        IRewards::IRewardsErrors::RewardsUnauthorized(IRewards::RewardsUnauthorized {
            caller: h.owner_addr
        })
    );
}
