//! Security review #11, L-4: slash requests expire after the execution
//! period.

use super::*;

/// L-4. Attack (66e5067): requests never expired. A vetoable set with a
/// 10% cap per 30 days; the operator allocates 50% of both vaults (100 tokens
/// each). Two 10% requests: the first executes when its window closes
/// (withdrawable 100 → 95); the second fails `SlashingCapExceeded` and stays
/// pending; on the old code anyone could execute it a period (30 days) later,
/// against whoever had delegated since (95 → 90.25). Now it can be executed
/// only until `executable_at + EXECUTION_PERIOD` (1 day): one second before,
/// it still fails on the cap; from then on it reverts
/// `SlashingRequestExpired(id, executable_at + 1 day)`, changes nothing, and
/// reads as status 4; 30 days later the staker still has exactly 95.
#[motsu::test]
fn a_failed_request_expires_after_the_execution_period() {
    let e = Env::new();
    let period = 30 * DAY;
    e.ok(
        e.avs,
        I::createOperatorSetCall {
            setId: 6,
            vaults: e.vaults(),
            slasher: e.slasher,
            recipient: Address::ZERO,
            resolver: e.resolver,
            vetoWindow: VETO_WINDOW,
            capWad: pct(10),
            capPeriod: period,
            equivocationPenalty: 0,
            evidenceVerifier: Address::ZERO,
        },
    );
    e.join_and_allocate(6, pct(50));
    e.set_time((e.now() / period + 1) * period);
    let request = || {
        e.ok(
            e.slasher,
            I::requestSlashCall {
                operator: e.op,
                avs: e.avs,
                setId: 6,
                vaults: e.vaults(),
                wadFraction: pct(10),
                description: "".into(),
            },
        )
        .slashId
    };
    let (first, second) = (request(), request());
    let executable_at = e.now() + VETO_WINDOW;
    let expired_at = executable_at + EXECUTION_PERIOD;
    e.set_time(executable_at);
    e.ok(Address::random(), I::executeSlashCall { slashId: first });
    let v = e.vault.address();
    assert_eq!(e.withdrawable(v), e18(95));
    let capped = enc(SlashingCapExceeded {
        cap: pct(10),
        used: pct(10),
        requested: pct(10),
    });
    assert_eq!(e.err(e.op, I::executeSlashCall { slashId: second }), capped);
    e.set_time(expired_at - 1);
    assert_eq!(e.err(e.op, I::executeSlashCall { slashId: second }), capped);
    assert_eq!(e.request_status(second), REQUEST_PENDING);
    e.set_time(expired_at);
    let expired = enc(SlashingRequestExpired {
        slash_id: second,
        expired_at,
    });
    assert_eq!(
        e.err(e.op, I::executeSlashCall { slashId: second }),
        expired
    );
    assert_eq!(e.request_status(second), REQUEST_EXPIRED);
    assert_eq!(e.request_status(first), REQUEST_EXECUTED);
    // A period later the cap has room again, but the request stays dead.
    e.warp(period);
    assert_eq!(e.cap_used(6), 0);
    assert_eq!(
        e.err(e.op, I::executeSlashCall { slashId: second }),
        expired
    );
    for v in e.vaults() {
        assert_eq!(e.withdrawable(v), e18(95));
        assert_eq!(e.allocation(6, v).0, pct(45));
    }
    // The resolver cannot veto it either (its window closed long ago).
    assert_eq!(
        e.err(e.resolver, I::vetoSlashCall { slashId: second }),
        enc(SlashingVetoWindowClosed { executable_at })
    );
}
