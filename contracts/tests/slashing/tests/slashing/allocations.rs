//! Allocations: increases after the allocation delay, decreases slashable
//! for the deallocation delay (or immediate where not slashable), errors.

use super::*;

#[motsu::test]
fn an_increase_encumbers_now_and_takes_effect_after_the_allocation_delay() {
    let e = Env::new();
    let v = e.vault.address();
    e.join(SET);
    e.allocate(SET, v, pct(60));
    let effect = T0 + u64::from(ALLOC_DELAY);
    e.m.assert_emitted(&AllocationUpdated {
        operator: e.op,
        avs: e.avs,
        vault: v,
        set_id: SET,
        magnitude: pct(60),
        effect_at: effect,
    });
    e.m.assert_emitted(&EncumberedMagnitudeUpdated {
        operator: e.op,
        vault: v,
        encumbered: pct(60),
    });
    assert_eq!(e.allocation(SET, v), (0, pct(60), effect));
    assert_eq!(e.encumbered(v), pct(60));
    let stake = |at: u64| {
        e.ok(
            e.op,
            I::slashableStakeCall {
                operator: e.op,
                avs: e.avs,
                setId: SET,
                vault: v,
                at,
            },
        )
        ._0
    };
    assert_eq!(stake(0), U256::ZERO, "not slashable before the delay");
    assert_eq!(stake(effect), e18(60), "slashable from the effect time on");
    assert_eq!(
        e.err(
            e.op,
            I::modifyAllocationCall {
                avs: e.avs,
                setId: SET,
                vault: v,
                magnitude: 0
            }
        ),
        enc(SlashingModificationPending { effect_at: effect })
    );
    // Only 40% is left for other sets.
    let err = e.err(
        e.op,
        I::modifyAllocationCall {
            avs: e.avs,
            setId: VETO_SET,
            vault: v,
            magnitude: pct(41),
        },
    );
    assert_eq!(
        err,
        enc(SlashingInsufficientMagnitude {
            available: pct(40),
            requested: pct(41)
        })
    );
    e.allocate(VETO_SET, v, pct(40));
    e.set_time(effect);
    assert_eq!(e.allocation(SET, v), (pct(60), pct(60), 0));
    assert_eq!(stake(0), e18(60));
}

#[motsu::test]
fn a_decrease_stays_slashable_for_the_deallocation_delay() {
    let e = Env::new();
    let v = e.vault.address();
    e.join_and_allocate(SET, pct(50));
    let now = e.now();
    e.allocate(SET, v, pct(20));
    let effect = now + DEALLOCATION_DELAY;
    assert_eq!(e.allocation(SET, v), (pct(50), pct(20), effect));
    assert_eq!(e.encumbered(v), pct(50), "still encumbered while slashable");
    let stake = |at: u64| {
        e.ok(
            e.op,
            I::slashableStakeCall {
                operator: e.op,
                avs: e.avs,
                setId: SET,
                vault: v,
                at,
            },
        )
        ._0
    };
    assert_eq!(stake(0), e18(50));
    assert_eq!(stake(effect - 1), e18(50));
    assert_eq!(stake(effect), e18(20));
    e.set_time(effect);
    assert_eq!(e.allocation(SET, v), (pct(20), pct(20), 0));
    // The freed magnitude is released when the allocation is next touched.
    e.allocate(SET, v, pct(20));
    assert_eq!(e.encumbered(v), pct(20));
    e.m.assert_emitted(&EncumberedMagnitudeUpdated {
        operator: e.op,
        vault: v,
        encumbered: pct(20),
    });
}

#[motsu::test]
fn a_decrease_is_immediate_where_the_operator_is_not_slashable() {
    let e = Env::new();
    let v = e.vault.address();
    // Allocated without joining: never slashable there.
    e.allocate(SET, v, pct(30));
    e.warp(u64::from(ALLOC_DELAY));
    e.allocate(SET, v, pct(10));
    assert_eq!(e.allocation(SET, v), (pct(10), pct(10), 0));
    assert_eq!(e.encumbered(v), pct(10));
    let stake = e
        .ok(
            e.op,
            I::slashableStakeCall {
                operator: e.op,
                avs: e.avs,
                setId: SET,
                vault: v,
                at: 0,
            },
        )
        ._0;
    assert_eq!(stake, U256::ZERO);
}

#[motsu::test]
fn allocation_errors() {
    let e = Env::new();
    let stranger = Address::random();
    let v = e.vault.address();
    let err = e.err(
        stranger,
        I::modifyAllocationCall {
            avs: e.avs,
            setId: SET,
            vault: v,
            magnitude: 1,
        },
    );
    assert_eq!(err, enc(SlashingNotOperator { operator: stranger }));
    // A decrease or no-op skips the registry only for a stored allocation:
    // a stranger's zero is still refused, and writes nothing.
    let err = e.err(
        stranger,
        I::modifyAllocationCall {
            avs: e.avs,
            setId: SET,
            vault: v,
            magnitude: 0,
        },
    );
    assert_eq!(err, enc(SlashingNotOperator { operator: stranger }));
    let err = e.err(
        e.op,
        I::modifyAllocationCall {
            avs: e.avs,
            setId: 77,
            vault: v,
            magnitude: 1,
        },
    );
    assert_eq!(
        err,
        enc(SlashingSetNotFound {
            avs: e.avs,
            set_id: 77
        })
    );
    let err = e.err(
        e.op,
        I::modifyAllocationCall {
            avs: e.avs,
            setId: SET,
            vault: stranger,
            magnitude: 1,
        },
    );
    assert_eq!(err, enc(SlashingVaultNotInSet { vault: stranger }));
    let err = e.err(
        e.op,
        I::modifyAllocationCall {
            avs: e.avs,
            setId: SET,
            vault: v,
            magnitude: WAD + 1,
        },
    );
    assert_eq!(
        err,
        enc(SlashingInsufficientMagnitude {
            available: WAD,
            requested: WAD + 1
        })
    );
}
