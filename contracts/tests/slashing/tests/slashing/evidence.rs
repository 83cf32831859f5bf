//! Evidence (double-sign) slashing through the evidence verifier: the
//! penalty once per height, forged or identical evidence, keys and sets, the
//! EIP-712 attestation digest.

use super::*;

sol! {
    struct Attestation {
        address avs;
        uint32 setId;
        uint64 height;
        bytes32 payloadHash;
    }
}

impl Env {
    /// A signing key registered for the operator in `SET`.
    fn signing_key(&self) -> PrivateKeySigner {
        let key = PrivateKeySigner::random();
        self.ev
            .sender(self.op)
            .register_signing_key(self.avs, SET, key.address())
            .motsu_unwrap();
        key
    }

    fn sign(&self, key: &PrivateKeySigner, height: u64, payload: B256) -> Vec<u8> {
        let digest = self
            .ev
            .sender(self.op)
            .attestation_digest(self.avs, SET, height, payload);
        key.sign_hash_sync(&digest).unwrap().as_bytes().to_vec()
    }

    fn submit(&self, height: u64, a: (B256, Vec<u8>), b: (B256, Vec<u8>)) -> Result<U256, Vec<u8>> {
        self.ev
            .sender(Address::random())
            .submit_equivocation(
                self.op,
                self.avs,
                SET,
                height,
                a.0,
                stylus_sdk::abi::Bytes(a.1),
                b.0,
                stylus_sdk::abi::Bytes(b.1),
            )
            .motsu_res()
            .map_err(Vec::<u8>::from)
    }
}

#[motsu::test]
fn double_sign_evidence_slashes_the_penalty_once_per_height() {
    let e = Env::new();
    e.join_and_allocate(SET, pct(50));
    let key = e.signing_key();
    e.ev.assert_emitted(&SigningKeyRegistered {
        operator: e.op,
        avs: e.avs,
        set_id: SET,
        key: key.address(),
    });
    assert_eq!(
        e.ev.sender(e.op).signing_key(e.op, e.avs, SET),
        key.address()
    );
    let (pa, pb) = (B256::random(), B256::random());
    let (sa, sb) = (e.sign(&key, 7, pa), e.sign(&key, 7, pb));
    let submitter = Address::random();
    let id =
        e.ev.sender(submitter)
            .submit_equivocation(
                e.op,
                e.avs,
                SET,
                7,
                pa,
                stylus_sdk::abi::Bytes(sa.clone()),
                pb,
                stylus_sdk::abi::Bytes(sb.clone()),
            )
            .motsu_unwrap();
    assert_eq!(id, U256::from(1));
    e.ev.assert_emitted(&EquivocationProven {
        slash_id: id,
        operator: e.op,
        submitter,
        height: 7,
        payload_a: pa,
        payload_b: pb,
    });
    e.m.assert_emitted(&OperatorSlashed {
        slash_id: id,
        operator: e.op,
        avs: e.avs,
        set_id: SET,
        requested_wad: pct(10),
        applied_wad: pct(10),
        description: "equivocation".into(),
    });
    for v in e.vaults() {
        // 10% of a 50% allocation: 5 of 100.
        assert_eq!(e.withdrawable(v), e18(95));
        assert_eq!(e.allocation(SET, v).0, pct(45));
    }
    assert!(e.ev.sender(e.op).evidence_used(e.op, e.avs, SET, 7));
    assert!(!e.ev.sender(e.op).evidence_used(e.op, e.avs, SET, 8));
    // Replay, in either order, or with other payloads at the same height.
    let used = enc(SlashingEvidenceUsed {
        operator: e.op,
        height: 7,
    });
    assert_eq!(
        e.submit(7, (pa, sa.clone()), (pb, sb.clone())).unwrap_err(),
        used
    );
    assert_eq!(
        e.submit(7, (pb, sb.clone()), (pa, sa.clone())).unwrap_err(),
        used
    );
    let pc = B256::random();
    assert_eq!(
        e.submit(7, (pa, sa), (pc, e.sign(&key, 7, pc)))
            .unwrap_err(),
        used
    );
    // Another height is another offence.
    let (pd, pe) = (B256::random(), B256::random());
    e.submit(8, (pd, e.sign(&key, 8, pd)), (pe, e.sign(&key, 8, pe)))
        .unwrap();
    // 10% of the remaining 45%: 100 · (1 - 0.05 - 0.045) = 90.5.
    assert_eq!(e.withdrawable(e.vault.address()), e18(905) / U256::from(10));
}

#[motsu::test]
fn identical_or_forged_evidence_is_rejected() {
    let e = Env::new();
    e.join_and_allocate(SET, pct(50));
    let key = e.signing_key();
    let (pa, pb) = (B256::random(), B256::random());
    let sa = e.sign(&key, 1, pa);
    // Identical messages are not equivocation.
    assert_eq!(
        e.submit(1, (pa, sa.clone()), (pa, sa.clone())).unwrap_err(),
        enc(SlashingIdenticalEvidence { payload_hash: pa })
    );
    // Signed by a key that is not the operator's.
    let forger = PrivateKeySigner::random();
    let err = e
        .submit(1, (pa, sa.clone()), (pb, e.sign(&forger, 1, pb)))
        .unwrap_err();
    assert_eq!(
        err,
        enc(SlashingSignerMismatch {
            expected: key.address(),
            recovered: forger.address()
        })
    );
    // A signature for another height does not count for this one.
    let err = e
        .submit(1, (pa, sa.clone()), (pb, e.sign(&key, 2, pb)))
        .unwrap_err();
    assert_eq!(&err[..4], &SlashingSignerMismatch::SELECTOR);
    // Malformed: short, bad v, and the malleable (high-s) twin of a valid one.
    let sb = e.sign(&key, 1, pb);
    assert_eq!(
        e.submit(1, (pa, sa.clone()), (pb, sb[..64].to_vec()))
            .unwrap_err(),
        enc(SlashingInvalidSignature { index: 1 })
    );
    let mut bad_v = sb.clone();
    bad_v[64] = 29;
    assert_eq!(
        e.submit(1, (pa, sa.clone()), (pb, bad_v)).unwrap_err(),
        enc(SlashingInvalidSignature { index: 1 })
    );
    let n = HALF_N * U256::from(2) + U256::from(1);
    let s = U256::from_be_slice(&sb[32..64]);
    let mut high_s = sb.clone();
    high_s[32..64].copy_from_slice(&(n - s).to_be_bytes::<32>());
    high_s[64] = if sb[64] == 27 { 28 } else { 27 };
    assert_eq!(
        e.submit(1, (pa, sa.clone()), (pb, high_s)).unwrap_err(),
        enc(SlashingInvalidSignature { index: 1 })
    );
    let mut zero_r = sa.clone();
    zero_r[..32].fill(0);
    assert_eq!(
        e.submit(1, (pa, zero_r), (pb, sb.clone())).unwrap_err(),
        enc(SlashingInvalidSignature { index: 0 })
    );
    // After all that, the real evidence still works once.
    e.submit(1, (pa, sa), (pb, sb)).unwrap();
    assert_eq!(e.withdrawable(e.vault.address()), e18(95));
}

#[motsu::test]
fn evidence_needs_a_key_an_enabled_set_and_the_sets_verifier() {
    let e = Env::new();
    e.join_and_allocate(SET, pct(50));
    let key = PrivateKeySigner::random();
    let (pa, pb) = (B256::random(), B256::random());
    let (sa, sb) = (e.sign(&key, 1, pa), e.sign(&key, 1, pb));
    assert_eq!(
        e.submit(1, (pa, sa.clone()), (pb, sb.clone())).unwrap_err(),
        enc(SlashingNoSigningKey { operator: e.op })
    );
    // Keys: never zero, never rotated.
    let err =
        e.ev.sender(e.op)
            .register_signing_key(e.avs, SET, Address::ZERO)
            .motsu_unwrap_err();
    assert_eq!(Vec::<u8>::from(err), enc(SlashingZeroAddress {}));
    e.ev.sender(e.op)
        .register_signing_key(e.avs, SET, key.address())
        .motsu_unwrap();
    let err =
        e.ev.sender(e.op)
            .register_signing_key(e.avs, SET, Address::random())
            .motsu_unwrap_err();
    assert_eq!(
        Vec::<u8>::from(err),
        enc(SlashingKeyAlreadyRegistered { key: key.address() })
    );
    // A set without a penalty: the manager refuses, through the verifier.
    e.join_and_allocate(VETO_SET, pct(50));
    e.ev.sender(e.op)
        .register_signing_key(e.avs, VETO_SET, key.address())
        .motsu_unwrap();
    let sign = |set: u32, p: B256| {
        let d = e.ev.sender(e.op).attestation_digest(e.avs, set, 1, p);
        stylus_sdk::abi::Bytes(key.sign_hash_sync(&d).unwrap().as_bytes().to_vec())
    };
    let err =
        e.ev.sender(e.op)
            .submit_equivocation(
                e.op,
                e.avs,
                VETO_SET,
                1,
                pa,
                sign(VETO_SET, pa),
                pb,
                sign(VETO_SET, pb),
            )
            .motsu_unwrap_err();
    assert_eq!(Vec::<u8>::from(err), enc(SlashingEvidenceDisabled {}));
    // Only the set's verifier may call the manager.
    let err = e.err(
        e.op,
        I::slashByEvidenceCall {
            operator: e.op,
            avs: e.avs,
            setId: SET,
        },
    );
    assert_eq!(err, enc(SlashingUnauthorized { caller: e.op }));
    let rogue = Contract::<EvidenceVerifier>::new();
    rogue
        .sender(e.deployer)
        .constructor(e.m.address())
        .motsu_unwrap();
    rogue
        .sender(e.op)
        .register_signing_key(e.avs, SET, key.address())
        .motsu_unwrap();
    let d = |p: B256| {
        stylus_sdk::abi::Bytes(
            key.sign_hash_sync(&rogue.sender(e.op).attestation_digest(e.avs, SET, 1, p))
                .unwrap()
                .as_bytes()
                .to_vec(),
        )
    };
    let err = rogue
        .sender(e.op)
        .submit_equivocation(e.op, e.avs, SET, 1, pa, d(pa), pb, d(pb))
        .motsu_unwrap_err();
    assert_eq!(
        Vec::<u8>::from(err),
        enc(SlashingUnauthorized {
            caller: rogue.address()
        })
    );
    // Signatures made for the rogue verifier's domain do not verify here.
    let err = e.submit(1, (pa, d(pa).0), (pb, d(pb).0)).unwrap_err();
    assert_eq!(&err[..4], &SlashingSignerMismatch::SELECTOR);
    assert_eq!(e.withdrawable(e.vault.address()), e18(100));
    assert_eq!(e.ev.sender(e.op).manager(), e.m.address());
}

#[motsu::test]
fn the_attestation_digest_is_standard_eip712() {
    let e = Env::new();
    let payload = B256::random();
    let domain = eip712_domain! {
        name: "Restake Slashing",
        version: "1",
        chain_id: 42161,
        verifying_contract: e.ev.address(),
    };
    let expected = Attestation {
        avs: e.avs,
        setId: SET,
        height: 99,
        payloadHash: payload,
    }
    .eip712_signing_hash(&domain);
    assert_eq!(
        e.ev.sender(e.op)
            .attestation_digest(e.avs, SET, 99, payload),
        expected
    );
}

#[motsu::test]
fn evidence_verifier_rejects_a_zero_manager() {
    let ev = Contract::<EvidenceVerifier>::new();
    let err = ev
        .sender(Address::random())
        .constructor(Address::ZERO)
        .motsu_unwrap_err();
    assert_eq!(Vec::<u8>::from(err), enc(SlashingZeroAddress {}));
}
