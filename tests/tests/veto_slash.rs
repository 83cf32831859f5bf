//! Vetoable slashing on the devnet: a request waits out the veto window; the
//! resolver vetoes one request; another executes after the window, by anyone.

use alloy::primitives::U256;
use restake_e2e::bindings::{IOperatorRegistry, ISlashingManager};
use restake_e2e::{e18, revert_as, send, staked_operator_in_set, Harness, SetParams, WAD};

#[tokio::test(flavor = "current_thread")]
async fn resolver_vetoes_one_request_and_another_executes_after_the_window() {
    let h = Harness::start(Default::default()).await;
    let (avs_p, avs) = h.actor(3);
    let (resolver_p, resolver) = h.actor(5);
    let (anyone_p, _) = h.actor(6);
    let (_, staker) = h.actor(1);
    let (_, op) = h.actor(2);
    let params = SetParams {
        slasher: avs,
        resolver,
        veto_window: 3 * 24 * 3600,
        cap_wad: WAD,
        cap_period: 30 * 24 * 3600,
        ..Default::default()
    };
    staked_operator_in_set(&h, 1, 2, 3, e18(10), WAD, params).await;
    let vault = h.suite.eth_vault;
    let mgr = ISlashingManager::new(h.suite.manager, &avs_p);
    let reg = IOperatorRegistry::new(h.suite.registry, &h.owner);

    // Two requests: 50% (to be vetoed) and 10%.
    send!(mgr.requestSlash(op, avs, 1, vec![vault], WAD / 2, "disputed".into()));
    let vetoed = mgr.config().call().await.unwrap().lastSlashId;
    send!(mgr.requestSlash(op, avs, 1, vec![vault], WAD / 10, "proven downtime".into()));
    let executed = mgr.config().call().await.unwrap().lastSlashId;
    // Nothing moved yet.
    assert_eq!(
        reg.withdrawableShares(staker, vault).call().await.unwrap(),
        e18(10)
    );

    // Only the resolver vetoes, and only within the window.
    let anyone = ISlashingManager::new(h.suite.manager, &anyone_p);
    let Err(e) = anyone.vetoSlash(U256::from(vetoed)).call().await else {
        panic!("stranger vetoed")
    };
    let err = revert_as::<ISlashingManager::ISlashingManagerErrors>(e);
    assert!(
        format!("{err:?}").contains("Unauthorized") || format!("{err:?}").contains("Resolver"),
        "{err:?}"
    );
    send!(ISlashingManager::new(h.suite.manager, &resolver_p).vetoSlash(U256::from(vetoed)));

    // Executing before the window ends fails; after it, anyone executes,
    // and the vetoed request can never execute.
    let Err(_) = anyone.executeSlash(U256::from(executed)).call().await else {
        panic!("executed inside the window")
    };
    h.advance(3 * 24 * 3600 + 1).await;
    let Err(_) = anyone.executeSlash(U256::from(vetoed)).call().await else {
        panic!("vetoed request executed")
    };
    send!(anyone.executeSlash(U256::from(executed)));
    assert_eq!(
        reg.maxMagnitude(op, vault).call().await.unwrap(),
        WAD - WAD / 10
    );
    assert_eq!(
        reg.withdrawableShares(staker, vault).call().await.unwrap(),
        e18(9)
    );
    assert_eq!(reg.operatorStake(op, vault).call().await.unwrap(), e18(9));
    let Err(_) = anyone.executeSlash(U256::from(executed)).call().await else {
        panic!("executed twice")
    };
}
