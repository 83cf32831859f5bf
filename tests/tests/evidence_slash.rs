//! Objective slashing on the devnet: an operator's registered key signs two
//! different payloads at the same height; anyone submits both signatures and
//! the set's equivocation penalty applies, once per height.

use alloy::primitives::{keccak256, Bytes};
use alloy::signers::{local::PrivateKeySigner, SignerSync};
use restake_e2e::bindings::{IEvidenceVerifier, IOperatorRegistry};
use restake_e2e::{dev_key, e18, send, staked_operator_in_set, Harness, SetParams, WAD};

#[tokio::test(flavor = "current_thread")]
async fn double_sign_evidence_slashes_by_the_penalty_once() {
    let h = Harness::start(Default::default()).await;
    let (_, avs) = h.actor(3);
    let (op_p, op) = h.actor(2);
    let (_, staker) = h.actor(1);
    let (watcher_p, _) = h.actor(7);
    let params = SetParams {
        cap_wad: WAD,
        cap_period: 86_400,
        penalty: WAD / 4,
        verifier: h.suite.evidence,
        ..Default::default()
    };
    staked_operator_in_set(&h, 1, 2, 3, e18(8), WAD, params).await;
    let vault = h.suite.eth_vault;

    // The operator's attestation key (dev account 8's key, as a signer).
    let key: PrivateKeySigner = dev_key(8).parse().unwrap();
    let verifier_op = IEvidenceVerifier::new(h.suite.evidence, &op_p);
    send!(verifier_op.registerSigningKey(avs, 1, key.address()));
    assert_eq!(
        verifier_op.signingKey(op, avs, 1).call().await.unwrap(),
        key.address()
    );

    let (a, b) = (
        keccak256("block 0xaa at height 42"),
        keccak256("block 0xbb at height 42"),
    );
    let mut sigs = Vec::new();
    for payload in [a, b] {
        let digest = verifier_op
            .attestationDigest(avs, 1, 42, payload)
            .call()
            .await
            .unwrap();
        sigs.push(Bytes::from(
            key.sign_hash_sync(&digest).unwrap().as_bytes().to_vec(),
        ));
    }
    let (sig_a, sig_b) = (sigs[0].clone(), sigs[1].clone());

    let watcher = IEvidenceVerifier::new(h.suite.evidence, &watcher_p);
    // The same payload twice is no equivocation.
    let Err(_) = watcher
        .submitEquivocation(op, avs, 1, 42, a, sig_a.clone(), a, sig_a.clone())
        .call()
        .await
    else {
        panic!("identical evidence accepted")
    };
    // A forged signature (by another key) is rejected.
    let forger: PrivateKeySigner = dev_key(9).parse().unwrap();
    let digest_b = watcher
        .attestationDigest(avs, 1, 42, b)
        .call()
        .await
        .unwrap();
    let forged = Bytes::from(
        forger
            .sign_hash_sync(&digest_b)
            .unwrap()
            .as_bytes()
            .to_vec(),
    );
    let Err(_) = watcher
        .submitEquivocation(op, avs, 1, 42, a, sig_a.clone(), b, forged)
        .call()
        .await
    else {
        panic!("forged evidence accepted")
    };

    send!(watcher.submitEquivocation(op, avs, 1, 42, a, sig_a.clone(), b, sig_b.clone()));
    assert!(watcher.evidenceUsed(op, avs, 1, 42).call().await.unwrap());
    let reg = IOperatorRegistry::new(h.suite.registry, &h.owner);
    // 25% of a full allocation: 8 ETH → 6 ETH.
    assert_eq!(
        reg.maxMagnitude(op, vault).call().await.unwrap(),
        WAD - WAD / 4
    );
    assert_eq!(
        reg.withdrawableShares(staker, vault).call().await.unwrap(),
        e18(6)
    );
    // Replaying the same evidence is refused.
    let Err(_) = watcher
        .submitEquivocation(op, avs, 1, 42, a, sig_a, b, sig_b)
        .call()
        .await
    else {
        panic!("evidence replayed")
    };
    assert_eq!(
        reg.withdrawableShares(staker, vault).call().await.unwrap(),
        e18(6)
    );
}
