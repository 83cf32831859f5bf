//! Exits: the errors of instant and queued redemptions, pausing.

use super::*;

#[motsu::test]
#[allow(clippy::too_many_arguments)]
fn exit_errors(
    lrt: Contract<Lrt>,
    lst: Contract<MockLst>,
    ev: Contract<Vault>,
    lv: Contract<Vault>,
    reg: Contract<MockRegistry>,
    alice: Contract<Wallet>,
    owner: Address,
    manager: Address,
    bob: Address,
) {
    let env = fixture!(lrt, lst, ev, lv, reg, owner, manager);
    let l = env.lrt;
    let a = alice.address();
    env.deposit_eth(a, e18(4));
    assert!(matches!(
        l.sender(a)
            .request_redeem(U256::ZERO, NATIVE_ETH)
            .motsu_unwrap_err(),
        Error::ZeroAmount(_)
    ));
    assert!(matches!(
        l.sender(a).request_redeem(E18, bob).motsu_unwrap_err(),
        Error::UnknownAsset(_)
    ));
    assert!(matches!(
        l.sender(bob)
            .request_redeem(E18, NATIVE_ETH)
            .motsu_unwrap_err(),
        Error::InsufficientBalance(_)
    ));
    let err = l.sender(a).finalize_redeem(U256::ZERO).motsu_unwrap_err();
    assert!(matches!(err, Error::RequestStatus(e) if e.request_id == U256::ZERO && e.status == 0));
    let id = l.sender(a).request_redeem(E18, NATIVE_ETH).motsu_unwrap();
    assert!(
        matches!(l.sender(bob).claim_redeem(id, bob).motsu_unwrap_err(), Error::NotRequestOwner(e) if e.caller == bob)
    );
    assert!(
        matches!(l.sender(a).claim_redeem(id, a).motsu_unwrap_err(), Error::RequestStatus(e) if e.status == 1)
    );
    assert!(
        matches!(l.sender(a).claim_redeem(U256::from(7), a).motsu_unwrap_err(), Error::RequestStatus(e) if e.status == 0)
    );
    l.sender(bob).finalize_redeem(id).motsu_unwrap();
    assert!(matches!(
        l.sender(a)
            .claim_redeem(id, Address::ZERO)
            .motsu_unwrap_err(),
        Error::ZeroAddress(_)
    ));
    l.sender(a).claim_redeem(id, a).motsu_unwrap();
    assert!(
        matches!(l.sender(a).claim_redeem(id, a).motsu_unwrap_err(), Error::RequestStatus(e) if e.status == 3)
    );
    assert_eq!(alice.balance(), E18);
    // Instant exits.
    assert!(matches!(
        l.sender(a)
            .instant_redeem(U256::ZERO, NATIVE_ETH, U256::ZERO, a)
            .motsu_unwrap_err(),
        Error::ZeroAmount(_)
    ));
    assert!(matches!(
        l.sender(a)
            .instant_redeem(E18, NATIVE_ETH, U256::ZERO, Address::ZERO)
            .motsu_unwrap_err(),
        Error::ZeroAddress(_)
    ));
    let err = l
        .sender(a)
        .instant_redeem(E18, NATIVE_ETH, E18 + U256::from(1), a)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::Slippage(e) if e.out == E18));
    // LST buffer empty.
    let err = l
        .sender(a)
        .instant_redeem(E18, lst.address(), U256::ZERO, a)
        .motsu_unwrap_err();
    assert!(
        matches!(err, Error::InsufficientLiquidity(e) if e.asset == lst.address() && e.available == U256::ZERO)
    );
    l.sender(owner).set_paused(true).motsu_unwrap();
    assert!(matches!(
        l.sender(a)
            .instant_redeem(E18, NATIVE_ETH, U256::ZERO, a)
            .motsu_unwrap_err(),
        Error::Paused(_)
    ));
    // Requests stay open while paused.
    l.sender(a).request_redeem(E18, NATIVE_ETH).motsu_unwrap();
}
