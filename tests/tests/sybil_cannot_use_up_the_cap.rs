//! Security review #11, H-2, on the devnet with the release wasm: a sybil
//! with no stake cannot use up a set's slashing cap.
//!
//! The attack (66e5067): the set's cap was shared by all its members and
//! charged before allocations were looked at. A fresh operator joins a set
//! with a 30%/day cap and a 10% equivocation penalty, signs conflicting
//! payloads at heights 1–3 and submits the evidence against itself three
//! times; each charged 10% while slashing nothing, and the slasher's 20%
//! slash of the real culprit then reverted `SlashingCapExceeded` for the rest
//! of the period. Now the cap is per (set, operator) and charged only by a
//! slash that takes magnitude: the self-evidence reverts
//! `SlashingNothingToSlash` (charging nothing) and the culprit's slash goes
//! through with exact amounts.

use alloy::primitives::{keccak256, Address, Bytes};
use alloy::providers::Provider;
use alloy::signers::{local::PrivateKeySigner, SignerSync};
use restake_e2e::bindings::{IEvidenceVerifier, IOperatorRegistry, ISlashingManager};
use restake_e2e::{
    dev_key, e18, revert_as, send, staked_operator_in_set, Harness, SetParams, BURN, WAD,
};

#[tokio::test(flavor = "current_thread")]
async fn a_stakeless_sybils_self_evidence_charges_nothing_and_the_culprit_is_slashed() {
    let h = Harness::start(Default::default()).await;
    let (avs_p, avs) = h.actor(3);
    let (_, staker) = h.actor(1);
    let (_, culprit) = h.actor(2);
    let (sybil_p, sybil) = h.actor(4);
    let (watcher_p, _) = h.actor(7);
    let params = SetParams {
        slasher: avs,
        cap_wad: WAD / 10 * 3,
        cap_period: 86_400,
        penalty: WAD / 10,
        verifier: h.suite.evidence,
        ..Default::default()
    };
    // The culprit: 10 ETH delegated, 100% allocated to set 1.
    staked_operator_in_set(&h, 1, 2, 3, e18(10), WAD, params).await;
    let vault = h.suite.eth_vault;
    let reg = IOperatorRegistry::new(h.suite.registry, &h.owner);
    let mgr = ISlashingManager::new(h.suite.manager, &avs_p);

    // The sybil: a fresh operator with no stake and nothing allocated, a
    // member of the set with a signing key.
    send!(
        IOperatorRegistry::new(h.suite.registry, &sybil_p).registerAsOperator(
            Address::ZERO,
            0,
            "ipfs://s".into()
        )
    );
    send!(ISlashingManager::new(h.suite.manager, &sybil_p).joinOperatorSet(avs, 1));
    let key: PrivateKeySigner = dev_key(8).parse().unwrap();
    let verifier = IEvidenceVerifier::new(h.suite.evidence, &sybil_p);
    send!(verifier.registerSigningKey(avs, 1, key.address()));

    // Three self-evidence submissions (heights 1, 2, 3): each reverts with
    // SlashingNothingToSlash and charges nothing.
    let watcher = IEvidenceVerifier::new(h.suite.evidence, &watcher_p);
    for height in 1u64..=3 {
        let (a, b) = (
            keccak256(format!("a{height}")),
            keccak256(format!("b{height}")),
        );
        let mut sigs = Vec::new();
        for payload in [a, b] {
            let digest = verifier
                .attestationDigest(avs, 1, height, payload)
                .call()
                .await
                .unwrap();
            sigs.push(Bytes::from(
                key.sign_hash_sync(&digest).unwrap().as_bytes().to_vec(),
            ));
        }
        let Err(e) = watcher
            .submitEquivocation(
                sybil,
                avs,
                1,
                height,
                a,
                sigs[0].clone(),
                b,
                sigs[1].clone(),
            )
            .call()
            .await
        else {
            panic!("the sybil's self-evidence at height {height} was accepted")
        };
        match revert_as::<ISlashingManager::ISlashingManagerErrors>(e) {
            ISlashingManager::ISlashingManagerErrors::SlashingNothingToSlash(x) => {
                assert_eq!((x.operator, x.avs, x.setId), (sybil, avs, 1));
            }
            other => panic!("expected SlashingNothingToSlash, got {other:?}"),
        }
        assert!(!watcher
            .evidenceUsed(sybil, avs, 1, height)
            .call()
            .await
            .unwrap());
    }
    assert_eq!(mgr.capUsed(sybil, avs, 1).call().await.unwrap(), 0);
    assert_eq!(mgr.capUsed(culprit, avs, 1).call().await.unwrap(), 0);
    assert_eq!(
        mgr.config().call().await.unwrap().lastSlashId,
        0,
        "no slash happened"
    );

    // The slasher's 20% slash of the real culprit goes through: 2 of its
    // 10 ETH are burned, the staker keeps 8.
    let burn_before = h.owner.get_balance(BURN).await.unwrap();
    send!(mgr.slash(culprit, avs, 1, vec![vault], WAD / 5, "double sign".into()));
    assert_eq!(
        reg.maxMagnitude(culprit, vault).call().await.unwrap(),
        WAD - WAD / 5
    );
    assert_eq!(
        reg.operatorStake(culprit, vault).call().await.unwrap(),
        e18(8)
    );
    assert_eq!(
        reg.withdrawableShares(staker, vault).call().await.unwrap(),
        e18(8)
    );
    assert_eq!(
        mgr.slashedShares(vault, Address::ZERO)
            .call()
            .await
            .unwrap(),
        e18(2)
    );
    send!(mgr.releaseSlashed(vault, Address::ZERO));
    assert_eq!(
        h.owner.get_balance(BURN).await.unwrap() - burn_before,
        e18(2)
    );
    assert_eq!(mgr.capUsed(culprit, avs, 1).call().await.unwrap(), WAD / 5);
    let a = mgr.allocation(culprit, avs, 1, vault).call().await.unwrap();
    assert_eq!(a.allocated, WAD - WAD / 5);
    assert_eq!(mgr.capUsed(sybil, avs, 1).call().await.unwrap(), 0);
}
