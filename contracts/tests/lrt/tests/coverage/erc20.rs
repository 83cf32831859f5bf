//! The LRT as an ERC-20: transfers, allowances and their errors.

use super::*;

#[motsu::test]
#[allow(clippy::too_many_arguments)]
fn erc20_transfers_allowances_and_errors(
    lrt: Contract<Lrt>,
    lst: Contract<MockLst>,
    ev: Contract<Vault>,
    lv: Contract<Vault>,
    reg: Contract<MockRegistry>,
    owner: Address,
    manager: Address,
    alice: Address,
    bob: Address,
) {
    let env = fixture!(lrt, lst, ev, lv, reg, owner, manager);
    let l = env.lrt;
    env.deposit_eth(alice, e18(3));
    assert!(l.sender(alice).transfer(bob, E18).motsu_unwrap());
    l.assert_emitted(&Transfer {
        from: alice,
        to: bob,
        value: E18,
    });
    assert_eq!(
        (
            l.sender(alice).balance_of(alice),
            l.sender(alice).balance_of(bob)
        ),
        (e18(2), E18)
    );
    assert_eq!(l.sender(alice).total_supply(), e18(3));
    let err = l.sender(alice).transfer(bob, e18(3)).motsu_unwrap_err();
    assert!(
        matches!(err, Error::InsufficientBalance(e) if e.sender == alice && e.balance == e18(2) && e.needed == e18(3))
    );
    assert!(matches!(
        l.sender(alice)
            .transfer(Address::ZERO, E18)
            .motsu_unwrap_err(),
        Error::InvalidReceiver(_)
    ));
    assert!(matches!(
        l.sender(alice)
            .approve(Address::ZERO, E18)
            .motsu_unwrap_err(),
        Error::InvalidSpender(_)
    ));
    assert!(l.sender(alice).approve(bob, E18).motsu_unwrap());
    l.assert_emitted(&Approval {
        owner: alice,
        spender: bob,
        value: E18,
    });
    let err = l
        .sender(bob)
        .transfer_from(alice, bob, e18(2))
        .motsu_unwrap_err();
    assert!(
        matches!(err, Error::InsufficientAllowance(e) if e.spender == bob && e.allowance == E18 && e.needed == e18(2))
    );
    l.sender(bob).transfer_from(alice, bob, E18).motsu_unwrap();
    assert_eq!(l.sender(bob).allowance(alice, bob), U256::ZERO);
    l.sender(alice).approve(bob, U256::MAX).motsu_unwrap();
    l.sender(bob).transfer_from(alice, bob, E18).motsu_unwrap();
    assert_eq!(l.sender(bob).allowance(alice, bob), U256::MAX);
    assert!(matches!(
        l.sender(bob)
            .transfer_from(Address::ZERO, bob, U256::ZERO)
            .motsu_unwrap_err(),
        Error::InvalidSender(_)
    ));
}
