//! Vetoable slashing: request, veto within the window, execute after it,
//! errors, order independence, no escape by leaving.

use super::*;

#[motsu::test]
fn vetoable_slash_request_then_execute_after_the_window() {
    let e = Env::new();
    e.join_and_allocate(VETO_SET, pct(50));
    let requested_at = e.now();
    let id = e.request(pct(20));
    let executable_at = requested_at + VETO_WINDOW;
    e.m.assert_emitted(&SlashRequested {
        slash_id: id,
        operator: e.op,
        avs: e.avs,
        set_id: VETO_SET,
        wad_fraction: pct(20),
        executable_at,
        description: "missed attestation".into(),
    });
    let r = e.ok(e.op, I::slashRequestCall { slashId: id });
    assert_eq!(
        (
            r.operator,
            r.avs,
            r.setId,
            r.wadFraction,
            r.executableAt,
            r.status
        ),
        (e.op, e.avs, VETO_SET, pct(20), executable_at, 1)
    );
    assert_eq!(r.vaults, e.vaults());
    // Nothing happens before the window ends.
    e.set_time(executable_at - 1);
    assert_eq!(
        e.err(Address::random(), I::executeSlashCall { slashId: id }),
        enc(SlashingVetoWindowOpen { executable_at })
    );
    assert_eq!(e.withdrawable(e.vault.address()), e18(100));
    // Anyone executes after it.
    e.set_time(executable_at);
    e.ok(Address::random(), I::executeSlashCall { slashId: id });
    for v in e.vaults() {
        assert_eq!(
            e.withdrawable(v),
            e18(90),
            "20% of a 50% allocation: 10 of 100"
        );
        assert_eq!(e.allocation(VETO_SET, v).0, pct(40));
        e.m.assert_emitted(&AllocationSlashed {
            slash_id: id,
            operator: e.op,
            vault: v,
            magnitude: pct(10),
            allocation: pct(40),
            shares: e18(10),
            recipient: Address::ZERO,
            pending: e18(10),
        });
    }
    e.m.assert_emitted(&OperatorSlashed {
        slash_id: id,
        operator: e.op,
        avs: e.avs,
        set_id: VETO_SET,
        requested_wad: pct(20),
        applied_wad: pct(20),
        description: "".into(),
    });
    assert_eq!(e.request_status(id), 3);
    assert_eq!(
        e.err(e.op, I::executeSlashCall { slashId: id }),
        enc(SlashingRequestNotPending {
            slash_id: id,
            status: 3
        })
    );
}

#[motsu::test]
fn the_resolver_vetoes_within_the_window_only() {
    let e = Env::new();
    e.join_and_allocate(VETO_SET, pct(50));
    let id = e.request(pct(20));
    let executable_at = e.now() + VETO_WINDOW;
    // Unauthorized resolvers.
    for who in [e.slasher, e.avs, e.op, Address::random()] {
        assert_eq!(
            e.err(who, I::vetoSlashCall { slashId: id }),
            enc(SlashingUnauthorized { caller: who })
        );
    }
    e.set_time(executable_at - 1);
    e.ok(e.resolver, I::vetoSlashCall { slashId: id });
    e.m.assert_emitted(&SlashVetoed {
        slash_id: id,
        resolver: e.resolver,
    });
    assert_eq!(e.request_status(id), 2);
    e.set_time(executable_at);
    assert_eq!(
        e.err(e.op, I::executeSlashCall { slashId: id }),
        enc(SlashingRequestNotPending {
            slash_id: id,
            status: 2
        })
    );
    assert_eq!(
        e.err(e.resolver, I::vetoSlashCall { slashId: id }),
        enc(SlashingRequestNotPending {
            slash_id: id,
            status: 2
        })
    );
    assert_eq!(e.withdrawable(e.vault.address()), e18(100));
    // A second request: the window closes for the resolver.
    let id2 = e.request(pct(20));
    let executable_at = e.now() + VETO_WINDOW;
    e.set_time(executable_at);
    assert_eq!(
        e.err(e.resolver, I::vetoSlashCall { slashId: id2 }),
        enc(SlashingVetoWindowClosed { executable_at })
    );
    // Unknown requests.
    let unknown = U256::from(999);
    assert_eq!(
        e.err(e.op, I::executeSlashCall { slashId: unknown }),
        enc(SlashingRequestNotPending {
            slash_id: unknown,
            status: 0
        })
    );
}

#[motsu::test]
fn request_slash_errors() {
    let e = Env::new();
    e.join_and_allocate(VETO_SET, pct(50));
    let call = |who: Address, set_id: u32, wad: u64| {
        e.call(
            who,
            I::requestSlashCall {
                operator: e.op,
                avs: e.avs,
                setId: set_id,
                vaults: e.vaults(),
                wadFraction: wad,
                description: "".into(),
            },
        )
    };
    assert_eq!(
        call(e.op, VETO_SET, 1).unwrap_err(),
        enc(SlashingUnauthorized { caller: e.op })
    );
    assert_eq!(
        call(e.slasher, SET, 1).unwrap_err(),
        enc(SlashingWrongMode { vetoable: false })
    );
    assert_eq!(
        call(e.slasher, VETO_SET, 0).unwrap_err(),
        enc(SlashingInvalidFraction { fraction: 0 })
    );
    // An operator that is not in the set.
    let err = e
        .call(
            e.slasher,
            I::requestSlashCall {
                operator: e.avs,
                avs: e.avs,
                setId: VETO_SET,
                vaults: e.vaults(),
                wadFraction: 1,
                description: "".into(),
            },
        )
        .unwrap_err();
    assert_eq!(err, enc(SlashingNotSlashable { operator: e.avs }));
    assert_eq!(
        e.ok(e.op, I::configCall {}).lastSlashId,
        0,
        "no id was used"
    );
}

/// Two requests executed in either order leave the same state, and neither
/// blocks the other: each is a fraction of the allocation at execution.
#[motsu::test]
fn executing_requests_in_any_order_gives_the_same_result() {
    let run = |first_a: bool| {
        let e = Env::new();
        e.join_and_allocate(VETO_SET, pct(50));
        let a = e.request(pct(30));
        let b = e.request(pct(60));
        e.warp(VETO_WINDOW);
        let (x, y) = if first_a { (a, b) } else { (b, a) };
        e.ok(e.op, I::executeSlashCall { slashId: x });
        e.ok(e.op, I::executeSlashCall { slashId: y });
        let v = e.vault.address();
        (
            e.allocation(VETO_SET, v).0,
            e.max_magnitude(v),
            e.withdrawable(v),
            e.stake(v),
        )
    };
    let ab = run(true);
    let ba = run(false);
    assert_eq!(ab, ba);
    // 0.5 · 0.7 · 0.4 = 0.14 remains allocated; 0.36 of the magnitude left.
    assert_eq!(ab.0, pct(14));
    assert_eq!(ab.1, pct(64));
    assert_eq!(ab.2, e18(64));
}

#[motsu::test]
fn leaving_during_the_veto_window_does_not_escape_the_slash() {
    let e = Env::new();
    e.join_and_allocate(VETO_SET, pct(50));
    let v = e.vault.address();
    let id = e.request(pct(50));
    e.ok(
        e.op,
        I::leaveOperatorSetCall {
            avs: e.avs,
            setId: VETO_SET,
        },
    );
    e.allocate(VETO_SET, v, 0);
    e.warp(VETO_WINDOW);
    e.ok(e.op, I::executeSlashCall { slashId: id });
    assert_eq!(e.withdrawable(v), e18(75));
}
