//! Named attacks and edge cases of slashing: deallocating just before a
//! slash, a full slash then allocation changes, tiny slashes' rounding.

use super::*;

#[motsu::test]
fn deallocating_just_before_a_slash_does_not_escape_it() {
    let e = Env::new();
    let v = e.vault.address();
    e.join_and_allocate(SET, pct(50));
    // The operator sees the slash coming and deallocates everything.
    e.allocate(SET, v, 0);
    let effect = e.now() + DEALLOCATION_DELAY;
    e.ok(
        e.op,
        I::leaveOperatorSetCall {
            avs: e.avs,
            setId: SET,
        },
    );
    e.warp(DAY);
    e.slash(SET, vec![v], pct(50)).unwrap();
    // Slashed on the full 50%: 25% of the magnitude, 25 of 100 shares.
    assert_eq!(e.withdrawable(v), e18(75));
    // The pending decrease shrank in proportion and still frees everything.
    assert_eq!(e.allocation(SET, v), (pct(25), 0, effect));
    e.set_time(effect);
    e.allocate(SET, v, 0);
    assert_eq!(e.encumbered(v), 0);
    assert_eq!(e.max_magnitude(v), pct(75));
}

#[motsu::test]
fn a_full_slash_then_allocation_changes() {
    let e = Env::new();
    let v = e.vault.address();
    e.join(SET);
    e.allocate(SET, v, WAD);
    e.warp(u64::from(ALLOC_DELAY));
    e.slash(SET, vec![v], WAD).unwrap();
    assert_eq!(e.max_magnitude(v), 0);
    assert_eq!(e.withdrawable(v), U256::ZERO);
    assert_eq!(e.stake(v), U256::ZERO);
    assert_eq!(e.allocation(SET, v), (0, 0, 0));
    assert_eq!(e.encumbered(v), 0);
    // Nothing left to allocate anywhere, and decreasing zero is a no-op.
    let err = e.err(
        e.op,
        I::modifyAllocationCall {
            avs: e.avs,
            setId: VETO_SET,
            vault: v,
            magnitude: 1,
        },
    );
    assert_eq!(
        err,
        enc(SlashingInsufficientMagnitude {
            available: 0,
            requested: 1
        })
    );
    e.allocate(SET, v, 0);
    // The 100% used the day's cap; the next day a slash of the empty
    // allocation takes nothing, so it reverts and charges nothing (H-2).
    assert_eq!(
        e.slash(SET, vec![v], pct(1)).unwrap_err(),
        enc(SlashingCapExceeded {
            cap: WAD,
            used: WAD,
            requested: pct(1)
        })
    );
    e.warp(DAY);
    assert_eq!(
        e.slash(SET, vec![v], pct(1)).unwrap_err(),
        enc(SlashingNothingToSlash {
            operator: e.op,
            avs: e.avs,
            set_id: SET
        })
    );
    assert_eq!(e.cap_used(SET), 0);
    assert_eq!(e.ok(e.op, I::configCall {}).lastSlashId, 1);
    // The other vault still works.
    e.allocate(SET, e.vault2.address(), pct(10));
}

#[motsu::test]
fn tiny_slashes_round_toward_the_protocol() {
    let e = Env::new();
    let v = e.vault.address();
    e.join(SET);
    e.allocate(SET, v, 3);
    e.warp(u64::from(ALLOC_DELAY));
    // 1 wei of WAD of a 3-unit allocation: ⌈3e-18⌉ = 1 unit, never zero.
    e.slash(SET, vec![v], 1).unwrap();
    assert_eq!(e.allocation(SET, v), (2, 2, 0));
    assert_eq!(e.max_magnitude(v), WAD - 1);
    // The registry rounds the operator's remaining stake up, so the burn
    // rounds down: 100e18 · (1 - 1e-18) leaves 100 shares slashed exactly.
    assert_eq!(e.stake(v), e18(100) - U256::from(100));
    assert_eq!(e.withdrawable(v), e18(100) - U256::from(100));
}
