//! I-2: two-step ownership of the Lrt.

use super::*;

#[motsu::test]
#[allow(clippy::too_many_arguments)]
fn i2_ownership_moves_in_two_steps(
    lrt: Contract<Lrt>,
    lst: Contract<MockLst>,
    ev: Contract<Vault>,
    lv: Contract<Vault>,
    reg: Contract<MockRegistry>,
    owner: Address,
    manager: Address,
    next: Address,
    stranger: Address,
) {
    let _env = env!(lrt, lst, ev, lv, reg, owner, manager);
    let unauthorized =
        |who: Address| move |e: Error| matches!(e, Error::Unauthorized(x) if x.caller == who);
    assert!(unauthorized(stranger)(
        lrt.sender(stranger)
            .transfer_ownership(stranger)
            .motsu_unwrap_err()
    ));
    // A mistyped address is harmless: the offer is withdrawn with zero.
    lrt.sender(owner)
        .transfer_ownership(stranger)
        .motsu_unwrap();
    lrt.sender(owner)
        .transfer_ownership(Address::ZERO)
        .motsu_unwrap();
    lrt.assert_emitted(&OwnershipTransferStarted {
        previous_owner: owner,
        new_owner: Address::ZERO,
    });
    assert!(unauthorized(stranger)(
        lrt.sender(stranger).accept_ownership().motsu_unwrap_err()
    ));
    lrt.sender(owner).transfer_ownership(next).motsu_unwrap();
    // Until accepted the owner keeps every power, the owner-elect none.
    lrt.sender(owner).set_paused(true).motsu_unwrap();
    assert!(unauthorized(next)(
        lrt.sender(next).set_paused(false).motsu_unwrap_err()
    ));
    assert!(unauthorized(stranger)(
        lrt.sender(stranger).accept_ownership().motsu_unwrap_err()
    ));
    lrt.sender(next).accept_ownership().motsu_unwrap();
    lrt.assert_emitted(&OwnershipTransferred {
        previous_owner: owner,
        new_owner: next,
    });
    assert_eq!(lrt.sender(next).roles().0, next);
    assert_eq!(lrt.sender(next).pending_owner(), Address::ZERO);
    lrt.sender(next).set_paused(false).motsu_unwrap();
    assert!(unauthorized(owner)(
        lrt.sender(owner).set_paused(true).motsu_unwrap_err()
    ));
    assert!(unauthorized(next)(
        lrt.sender(next).accept_ownership().motsu_unwrap_err()
    ));
}
