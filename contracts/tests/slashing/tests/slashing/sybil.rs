//! Security review #11, H-2: a sybil cannot use up a set's shared cap.

use super::*;

/// The H-2 set: instant, over both vaults, a 30%/day cap and a 10%
/// equivocation penalty applied by the verifier.
const SYBIL_SET: u32 = 9;

impl Env {
    /// A fresh operator with no stake (zero allocation delay) that joined
    /// [`SYBIL_SET`] and registered a signing key there.
    fn sybil(&self) -> (Address, PrivateKeySigner) {
        let sybil = Address::random();
        self.reg.sender(self.deployer).register(sybil, 0);
        self.ok(
            sybil,
            I::joinOperatorSetCall {
                avs: self.avs,
                setId: SYBIL_SET,
            },
        );
        let key = PrivateKeySigner::random();
        self.ev
            .sender(sybil)
            .register_signing_key(self.avs, SYBIL_SET, key.address())
            .motsu_unwrap();
        (sybil, key)
    }

    /// Anyone submits `operator`'s two conflicting signatures at `height` in
    /// [`SYBIL_SET`].
    fn self_evidence(
        &self,
        operator: Address,
        key: &PrivateKeySigner,
        height: u64,
    ) -> Result<U256, Vec<u8>> {
        let sign = |payload: B256| {
            let digest = self
                .ev
                .sender(operator)
                .attestation_digest(self.avs, SYBIL_SET, height, payload);
            stylus_sdk::abi::Bytes(key.sign_hash_sync(&digest).unwrap().as_bytes().to_vec())
        };
        let (pa, pb) = (B256::repeat_byte(0xaa), B256::repeat_byte(0xbb));
        self.ev
            .sender(operator)
            .submit_equivocation(
                operator,
                self.avs,
                SYBIL_SET,
                height,
                pa,
                sign(pa),
                pb,
                sign(pb),
            )
            .motsu_res()
            .map_err(Vec::<u8>::from)
    }

    /// [`SYBIL_SET`] created, the culprit `op` in it with 100% of both
    /// vaults allocated (the staker's 100 tokens in each), at the start of a
    /// cap period.
    fn culprit_in_sybil_set(&self) {
        self.create_set(SYBIL_SET, Address::ZERO, 0, pct(30), pct(10));
        self.join_and_allocate(SYBIL_SET, WAD);
        self.set_time((self.now() / DAY + 1) * DAY);
    }

    /// The slasher's 20% slash of the culprit `op` in [`SYBIL_SET`] goes
    /// through with exact amounts: 20 of each vault's 100 tokens burned.
    fn assert_culprit_slash_goes_through(&self) {
        let id = self
            .slash(SYBIL_SET, self.vaults(), pct(20))
            .expect("the real culprit's slash goes through");
        self.m.assert_emitted(&OperatorSlashed {
            slash_id: id,
            operator: self.op,
            avs: self.avs,
            set_id: SYBIL_SET,
            requested_wad: pct(20),
            applied_wad: pct(20),
            description: "double vote".into(),
        });
        for (vault, lst) in [(&self.vault, &self.lst), (&self.vault2, &self.lst2)] {
            let v = vault.address();
            self.m.assert_emitted(&AllocationSlashed {
                slash_id: id,
                operator: self.op,
                vault: v,
                magnitude: pct(20),
                allocation: pct(80),
                shares: e18(20),
                recipient: Address::ZERO,
                pending: e18(20),
            });
            assert_eq!(self.max_magnitude(v), pct(80));
            assert_eq!(self.withdrawable(v), e18(80));
            assert_eq!(self.stake(v), e18(80));
            assert_eq!(self.release(v, Address::ZERO), Ok((e18(20), e18(20))));
            assert_eq!(lst.sender(self.staker).balance_of(BURN_ADDRESS), e18(20));
        }
        assert_eq!(self.cap_used(SYBIL_SET), pct(20));
    }
}

/// H-2. Attack (reproduced on 66e5067): a set has a 30%/day cap and a 10%
/// equivocation penalty; the culprit `op` has 100% of two vaults (100 tokens
/// each) allocated to it. A fresh operator with no stake and nothing
/// allocated joins, signs conflicting payloads at heights 1, 2 and 3 and
/// submits the evidence against itself three times: on the old code each
/// submission succeeded, slashed nothing and charged 10% to the set's shared
/// cap (30% used), so the slasher's 20% slash of `op` then reverted
/// `SlashingCapExceeded(30%, 30%, 20%)` for the rest of the period. Now each
/// self-evidence reverts `SlashingNothingToSlash` and charges nothing (the
/// heights stay unused), and the 20% slash takes exactly 20 of each vault's
/// 100 tokens (withdrawable 100 → 80, max magnitude 0.8), charging 20% to
/// `op`'s own cap.
#[motsu::test]
fn a_stakeless_sybil_cannot_use_up_the_cap_of_a_set() {
    let e = Env::new();
    e.culprit_in_sybil_set();
    let (sybil, key) = e.sybil();
    for height in 1..=3 {
        assert_eq!(
            e.self_evidence(sybil, &key, height).unwrap_err(),
            enc(SlashingNothingToSlash {
                operator: sybil,
                avs: e.avs,
                set_id: SYBIL_SET
            })
        );
        assert!(!e
            .ev
            .sender(sybil)
            .evidence_used(sybil, e.avs, SYBIL_SET, height));
    }
    // The slasher cannot charge it either.
    let err = e
        .call(
            e.slasher,
            I::slashCall {
                operator: sybil,
                avs: e.avs,
                setId: SYBIL_SET,
                vaults: e.vaults(),
                wadFraction: pct(30),
                description: "".into(),
            },
        )
        .unwrap_err();
    assert_eq!(
        err,
        enc(SlashingNothingToSlash {
            operator: sybil,
            avs: e.avs,
            set_id: SYBIL_SET
        })
    );
    assert_eq!(e.cap_used_of(sybil, SYBIL_SET), 0);
    assert_eq!(e.cap_used(SYBIL_SET), 0);
    assert_eq!(
        e.ok(e.op, I::configCall {}).lastSlashId,
        0,
        "no slash happened"
    );
    e.assert_culprit_slash_goes_through();
}

/// H-2, the variant that survives "charge nothing for nothing": the sybil
/// allocates 100% of a magnitude with no stake behind it, so each
/// self-evidence really takes 10% of its (empty) allocation (0 shares). The
/// cap is per (set, operator): the three submissions use up the sybil's own
/// 30% (a fourth reverts `SlashingCapExceeded(30%, 30%, 10%)` for it), and the
/// culprit's 20% slash still takes exactly 20 of each vault's 100 tokens.
#[motsu::test]
fn a_sybil_with_an_empty_allocation_only_uses_up_its_own_cap() {
    let e = Env::new();
    e.culprit_in_sybil_set();
    let (sybil, key) = e.sybil();
    for v in e.vaults() {
        e.ok(
            sybil,
            I::modifyAllocationCall {
                avs: e.avs,
                setId: SYBIL_SET,
                vault: v,
                magnitude: WAD,
            },
        );
    }
    for height in 1..=3 {
        e.self_evidence(sybil, &key, height).unwrap();
    }
    for v in e.vaults() {
        // 1 · 0.9³ of its magnitude remains; nothing real was at stake.
        let r = e.ok(
            sybil,
            I::allocationCall {
                operator: sybil,
                avs: e.avs,
                setId: SYBIL_SET,
                vault: v,
            },
        );
        assert_eq!(r.allocated, WAD / 1000 * 729);
        e.m.assert_emitted(&AllocationSlashed {
            slash_id: U256::from(3),
            operator: sybil,
            vault: v,
            magnitude: WAD / 1000 * 81,
            allocation: WAD / 1000 * 729,
            shares: U256::ZERO,
            recipient: Address::ZERO,
            pending: U256::ZERO,
        });
    }
    assert_eq!(e.cap_used_of(sybil, SYBIL_SET), pct(30));
    assert_eq!(
        e.self_evidence(sybil, &key, 4).unwrap_err(),
        enc(SlashingCapExceeded {
            cap: pct(30),
            used: pct(30),
            requested: pct(10)
        })
    );
    assert_eq!(e.cap_used(SYBIL_SET), 0, "the culprit's cap is untouched");
    e.assert_culprit_slash_goes_through();
}
