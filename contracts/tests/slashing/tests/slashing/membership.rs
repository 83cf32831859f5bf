//! Membership: joining and leaving call the registrar and keep the operator
//! slashable; refusals; only registered operators join existing sets.

use super::*;

#[motsu::test]
fn join_and_leave_call_the_registrar_and_keep_the_operator_slashable() {
    let e = Env::new();
    e.join(SET);
    e.m.assert_emitted(&OperatorJoinedSet {
        operator: e.op,
        avs: e.avs,
        set_id: SET,
    });
    e.registrar.assert_emitted(&RegistrarCalled {
        operator: e.op,
        avs: e.avs,
        set_id: SET,
        joined: true,
    });
    assert_eq!(
        e.ok(
            e.op,
            I::slashableUntilCall {
                operator: e.op,
                avs: e.avs,
                setId: SET
            }
        )
        ._0,
        MEMBER
    );
    assert_eq!(
        e.err(
            e.op,
            I::joinOperatorSetCall {
                avs: e.avs,
                setId: SET
            }
        ),
        enc(SlashingAlreadyMember { operator: e.op })
    );

    e.ok(
        e.op,
        I::leaveOperatorSetCall {
            avs: e.avs,
            setId: SET,
        },
    );
    let until = T0 + DEALLOCATION_DELAY;
    e.m.assert_emitted(&OperatorLeftSet {
        operator: e.op,
        avs: e.avs,
        set_id: SET,
        slashable_until: until,
    });
    e.registrar.assert_emitted(&RegistrarCalled {
        operator: e.op,
        avs: e.avs,
        set_id: SET,
        joined: false,
    });
    assert_eq!(
        e.ok(
            e.op,
            I::slashableUntilCall {
                operator: e.op,
                avs: e.avs,
                setId: SET
            }
        )
        ._0,
        until
    );
    assert_eq!(
        e.err(
            e.op,
            I::leaveOperatorSetCall {
                avs: e.avs,
                setId: SET
            }
        ),
        enc(SlashingNotMember { operator: e.op })
    );
    // Rejoining makes it a member again.
    e.join(SET);
    assert_eq!(
        e.ok(
            e.op,
            I::slashableUntilCall {
                operator: e.op,
                avs: e.avs,
                setId: SET
            }
        )
        ._0,
        MEMBER
    );
}

#[motsu::test]
fn the_registrar_can_refuse_joining() {
    let e = Env::new();
    e.registrar.sender(e.avs).set_refuse(true);
    let err = e.err(
        e.op,
        I::joinOperatorSetCall {
            avs: e.avs,
            setId: SET,
        },
    );
    assert_eq!(err, enc(MockRegistrarRefused { operator: e.op }));
    assert_eq!(
        e.ok(
            e.op,
            I::slashableUntilCall {
                operator: e.op,
                avs: e.avs,
                setId: SET
            }
        )
        ._0,
        0
    );
    e.registrar.sender(e.avs).set_refuse(false);
    e.join(SET);
}

#[motsu::test]
fn only_registered_operators_join_existing_sets() {
    let e = Env::new();
    let stranger = Address::random();
    let err = e.err(
        stranger,
        I::joinOperatorSetCall {
            avs: e.avs,
            setId: SET,
        },
    );
    assert_eq!(err, enc(SlashingNotOperator { operator: stranger }));
    let err = e.err(
        e.op,
        I::joinOperatorSetCall {
            avs: e.avs,
            setId: 42,
        },
    );
    assert_eq!(
        err,
        enc(SlashingSetNotFound {
            avs: e.avs,
            set_id: 42
        })
    );
}
