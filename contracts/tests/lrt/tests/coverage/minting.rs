//! Minting (`deposit`, `depositToken`): errors, slippage, fee-on-transfer
//! tokens.

use super::*;

#[motsu::test]
#[allow(clippy::too_many_arguments)]
fn mint_errors_and_fee_on_transfer(
    lrt: Contract<Lrt>,
    lst: Contract<MockLst>,
    ev: Contract<Vault>,
    lv: Contract<Vault>,
    reg: Contract<MockRegistry>,
    owner: Address,
    manager: Address,
    alice: Address,
) {
    let env = fixture!(lrt, lst, ev, lv, reg, owner, manager);
    let l = env.lrt;
    assert!(matches!(
        l.sender(alice).deposit(U256::ZERO).motsu_unwrap_err(),
        Error::ZeroAmount(_)
    ));
    assert!(matches!(
        l.sender(alice)
            .deposit_token(NATIVE_ETH, E18, U256::ZERO)
            .motsu_unwrap_err(),
        Error::UnknownAsset(_)
    ));
    assert!(
        matches!(l.sender(alice).deposit_token(alice, E18, U256::ZERO).motsu_unwrap_err(), Error::UnknownAsset(e) if e.asset == alice)
    );
    alice.fund(e18(200));
    let err = l
        .sender_and_value(alice, e18(101))
        .deposit(U256::ZERO)
        .motsu_unwrap_err();
    assert!(
        matches!(err, Error::CapExceeded(e) if e.cap == e18(100) && e.deposited == U256::ZERO && e.requested == e18(101))
    );
    let err = l
        .sender_and_value(alice, E18)
        .deposit(E18 + U256::from(1))
        .motsu_unwrap_err();
    assert!(matches!(err, Error::Slippage(e) if e.min_out == E18 + U256::from(1) && e.out == E18));
    l.sender(owner).set_paused(true).motsu_unwrap();
    assert!(matches!(
        l.sender_and_value(alice, E18)
            .deposit(U256::ZERO)
            .motsu_unwrap_err(),
        Error::Paused(_)
    ));
    l.sender(owner).set_paused(false).motsu_unwrap();
    assert_eq!(env.deposit_eth(alice, E18), E18);
    l.assert_emitted(&Transfer {
        from: Address::ZERO,
        to: alice,
        value: E18,
    });
    assert_eq!(l.sender(alice).asset_at(U256::ZERO).3, E18);
    // A 1% fee-on-transfer LST mints on what arrived.
    lst.sender(owner)
        .set_transfer_fee(U256::from(100), U256::ZERO)
        .motsu_unwrap();
    env.fund_lst(alice, e18(10));
    let shares = l
        .sender(alice)
        .deposit_token(lst.address(), e18(10), U256::ZERO)
        .motsu_unwrap();
    let arrived = e18(10) - e18(10) / U256::from(100);
    l.assert_emitted(&Deposited {
        sender: alice,
        receiver: alice,
        asset: lst.address(),
        assets: arrived,
        shares,
    });
    assert_eq!(l.sender(alice).asset_at(U256::from(1)).3, arrived);
    // Allowance missing: the token's error passes through.
    let err = l
        .sender(alice)
        .deposit_token(lst.address(), E18, U256::ZERO)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::Call(_)));
}
