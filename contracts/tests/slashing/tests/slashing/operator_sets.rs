//! Operator sets: creation (parameters, vaults, errors), adding and
//! removing vaults, the per-set vault limit.

use super::*;

#[motsu::test]
fn create_operator_set_stores_parameters_and_vaults() {
    let e = Env::new();
    e.m.assert_emitted(&OperatorSetCreated {
        avs: e.avs,
        set_id: VETO_SET,
        slasher: e.slasher,
        recipient: Address::ZERO,
        resolver: e.resolver,
        veto_window: VETO_WINDOW,
        cap_wad: WAD,
        cap_period: DAY,
        equivocation_penalty: 0,
        evidence_verifier: e.ev.address(),
    });
    e.m.assert_emitted(&VaultAddedToSet {
        avs: e.avs,
        set_id: SET,
        vault: e.vault.address(),
    });
    let s = e.ok(
        e.op,
        I::operatorSetCall {
            avs: e.avs,
            setId: VETO_SET,
        },
    );
    assert_eq!(
        (
            s.slasher,
            s.recipient,
            s.resolver,
            s.vetoWindow,
            s.capWad,
            s.capPeriod,
            s.equivocationPenalty
        ),
        (
            e.slasher,
            Address::ZERO,
            e.resolver,
            VETO_WINDOW,
            WAD,
            DAY,
            0
        )
    );
    assert_eq!(s.evidenceVerifier, e.ev.address());
    assert_eq!(e.cap_used(VETO_SET), 0);
    let mut vaults = s.vaults.clone();
    vaults.sort();
    assert_eq!(vaults, e.vaults());
    // An unknown set reads as zeros.
    let s = e.ok(
        e.op,
        I::operatorSetCall {
            avs: e.avs,
            setId: 99,
        },
    );
    assert_eq!((s.capWad, s.vaults.len()), (0, 0));
}

#[motsu::test]
fn create_operator_set_rejects_bad_parameters() {
    let e = Env::new();
    let base = I::createOperatorSetCall {
        setId: 7,
        vaults: vec![],
        slasher: e.slasher,
        recipient: Address::ZERO,
        resolver: Address::ZERO,
        vetoWindow: 0,
        capWad: WAD,
        capPeriod: DAY,
        equivocationPenalty: 0,
        evidenceVerifier: Address::ZERO,
    };
    let err = e.err(e.op, base.clone());
    assert_eq!(err, enc(SlashingAvsNotRegistered { avs: e.op }));
    let err = e.err(
        e.avs,
        I::createOperatorSetCall {
            setId: SET,
            ..base.clone()
        },
    );
    assert_eq!(
        err,
        enc(SlashingSetExists {
            avs: e.avs,
            set_id: SET
        })
    );
    let err = e.err(
        e.avs,
        I::createOperatorSetCall {
            capWad: 0,
            ..base.clone()
        },
    );
    assert_eq!(err, enc(SlashingInvalidFraction { fraction: 0 }));
    let err = e.err(
        e.avs,
        I::createOperatorSetCall {
            capWad: WAD + 1,
            ..base.clone()
        },
    );
    assert_eq!(err, enc(SlashingInvalidFraction { fraction: WAD + 1 }));
    let err = e.err(
        e.avs,
        I::createOperatorSetCall {
            equivocationPenalty: WAD + 1,
            ..base.clone()
        },
    );
    assert_eq!(err, enc(SlashingInvalidFraction { fraction: WAD + 1 }));
    let err = e.err(
        e.avs,
        I::createOperatorSetCall {
            capPeriod: 0,
            ..base.clone()
        },
    );
    assert_eq!(err, enc(SlashingInvalidCapPeriod { period: 0 }));
    for (resolver, window) in [
        (e.resolver, 0),
        (e.resolver, DEALLOCATION_DELAY),
        // The window plus the time to execute must fit in the delay (L-1).
        (e.resolver, DEALLOCATION_DELAY - EXECUTION_PERIOD + 1),
        (Address::ZERO, 5),
    ] {
        let err = e.err(
            e.avs,
            I::createOperatorSetCall {
                resolver,
                vetoWindow: window,
                ..base.clone()
            },
        );
        assert_eq!(
            err,
            enc(SlashingInvalidVetoWindow {
                resolver,
                veto_window: window,
                deallocation_delay: DEALLOCATION_DELAY
            })
        );
    }
    let stranger = Address::random();
    let err = e.err(
        e.avs,
        I::createOperatorSetCall {
            vaults: vec![stranger],
            ..base.clone()
        },
    );
    assert_eq!(err, enc(SlashingNotVault { vault: stranger }));
    let v = e.vault.address();
    let err = e.err(
        e.avs,
        I::createOperatorSetCall {
            vaults: vec![v, v],
            ..base.clone()
        },
    );
    assert_eq!(err, enc(SlashingVaultAlreadyInSet { vault: v }));
    // Nothing of the failed creations remains.
    assert_eq!(
        e.ok(
            e.op,
            I::operatorSetCall {
                avs: e.avs,
                setId: 7
            }
        )
        .capWad,
        0
    );
}

#[motsu::test]
fn add_and_remove_vaults() {
    let e = Env::bare();
    e.ok(
        e.avs,
        I::createOperatorSetCall {
            setId: SET,
            vaults: vec![],
            slasher: e.slasher,
            recipient: Address::ZERO,
            resolver: Address::ZERO,
            vetoWindow: 0,
            capWad: WAD,
            capPeriod: DAY,
            equivocationPenalty: 0,
            evidenceVerifier: Address::ZERO,
        },
    );
    let (v1, v2) = (e.vault.address(), e.vault2.address());
    e.ok(
        e.avs,
        I::addVaultCall {
            setId: SET,
            vault: v1,
        },
    );
    e.ok(
        e.avs,
        I::addVaultCall {
            setId: SET,
            vault: v2,
        },
    );
    e.m.assert_emitted(&VaultAddedToSet {
        avs: e.avs,
        set_id: SET,
        vault: v2,
    });
    assert_eq!(
        e.err(
            e.avs,
            I::addVaultCall {
                setId: SET,
                vault: v1
            }
        ),
        enc(SlashingVaultAlreadyInSet { vault: v1 })
    );
    assert_eq!(
        e.err(
            e.avs,
            I::addVaultCall {
                setId: 5,
                vault: v1
            }
        ),
        enc(SlashingSetNotFound {
            avs: e.avs,
            set_id: 5
        })
    );
    e.ok(
        e.avs,
        I::removeVaultCall {
            setId: SET,
            vault: v1,
        },
    );
    e.m.assert_emitted(&VaultRemovedFromSet {
        avs: e.avs,
        set_id: SET,
        vault: v1,
    });
    assert_eq!(
        e.ok(
            e.op,
            I::operatorSetCall {
                avs: e.avs,
                setId: SET
            }
        )
        .vaults,
        vec![v2]
    );
    assert_eq!(
        e.err(
            e.avs,
            I::removeVaultCall {
                setId: SET,
                vault: v1
            }
        ),
        enc(SlashingVaultNotInSet { vault: v1 })
    );
    assert_eq!(
        e.err(
            e.op,
            I::removeVaultCall {
                setId: SET,
                vault: v2
            }
        ),
        enc(SlashingSetNotFound {
            avs: e.op,
            set_id: SET
        })
    );
    // Re-adding works, and the list stays a set.
    e.ok(
        e.avs,
        I::addVaultCall {
            setId: SET,
            vault: v1,
        },
    );
    let mut vaults = e
        .ok(
            e.op,
            I::operatorSetCall {
                avs: e.avs,
                setId: SET,
            },
        )
        .vaults;
    vaults.sort();
    assert_eq!(vaults, e.vaults());
}

#[motsu::test]
fn a_set_holds_at_most_max_set_vaults() {
    let e = Env::new();
    let set = 9;
    e.create_set(set, Address::ZERO, 0, WAD, 0);
    for _ in 2..MAX_SET_VAULTS {
        let v = Address::random();
        e.reg.sender(e.deployer).add_vault(v);
        e.ok(
            e.avs,
            I::addVaultCall {
                setId: set,
                vault: v,
            },
        );
    }
    let v = Address::random();
    e.reg.sender(e.deployer).add_vault(v);
    let err = e.err(
        e.avs,
        I::addVaultCall {
            setId: set,
            vault: v,
        },
    );
    assert_eq!(
        err,
        enc(SlashingTooManyVaults {
            max: U256::from(MAX_SET_VAULTS)
        })
    );
}
