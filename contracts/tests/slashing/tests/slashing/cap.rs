//! The slashing cap per period: clamped within a period, reset in the next.

use super::*;

#[motsu::test]
fn the_cap_clamps_within_a_period_and_resets_in_the_next() {
    let e = Env::new();
    let v = e.vault.address();
    e.create_set(8, Address::ZERO, 0, pct(30), 0);
    e.join(8);
    e.allocate(8, v, WAD);
    e.warp(u64::from(ALLOC_DELAY));
    // Align to the start of a period.
    let start = (e.now() / DAY + 1) * DAY;
    e.set_time(start);
    let id = e.slash(8, vec![v], pct(20)).unwrap();
    e.m.assert_emitted(&OperatorSlashed {
        slash_id: id,
        operator: e.op,
        avs: e.avs,
        set_id: 8,
        requested_wad: pct(20),
        applied_wad: pct(20),
        description: "double vote".into(),
    });
    // 20% more requested, 10% left: clamped.
    let id = e.slash(8, vec![v], pct(20)).unwrap();
    e.m.assert_emitted(&OperatorSlashed {
        slash_id: id,
        operator: e.op,
        avs: e.avs,
        set_id: 8,
        requested_wad: pct(20),
        applied_wad: pct(10),
        description: "double vote".into(),
    });
    assert_eq!(e.cap_used(8), pct(30));
    // Full: reverts until the period ends.
    e.set_time(start + DAY - 1);
    assert_eq!(
        e.slash(8, vec![v], 1).unwrap_err(),
        enc(SlashingCapExceeded {
            cap: pct(30),
            used: pct(30),
            requested: 1
        })
    );
    e.set_time(start + DAY);
    assert_eq!(e.cap_used(8), 0);
    e.slash(8, vec![v], pct(30)).unwrap();
    assert_eq!(
        e.slash(8, vec![v], 1).unwrap_err(),
        enc(SlashingCapExceeded {
            cap: pct(30),
            used: pct(30),
            requested: 1
        })
    );
    // Exactly: 1 · 0.8 · 0.9 · 0.7 of the allocation remains.
    assert_eq!(e.allocation(8, v).0, WAD / 1000 * 504);
}
