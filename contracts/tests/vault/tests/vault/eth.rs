//! The native-ETH vault (ERC-7535): deposits take value, payouts send ETH.

use super::*;

#[motsu::test]
fn eth_vault_takes_value_and_pays_eth(
    vault: Contract<Vault>,
    registry: Contract<MockRegistry>,
    bob: Contract<EthReceiver>,
    owner: Address,
    slasher: Address,
    alice: Address,
) {
    let burn = Contract::<EthReceiver>::new_at(BURN_ADDRESS);
    vault
        .sender(owner)
        .constructor(NATIVE_ETH, owner, owner, registry.address(), slasher, CAP)
        .motsu_unwrap();
    assert_eq!(vault.sender(alice).asset(), NATIVE_ETH);
    alice.fund(e18(10));

    let err = vault
        .sender_and_value(alice, e18(1))
        .deposit(e18(2), alice)
        .motsu_unwrap_err();
    match err {
        Error::ValueMismatch(e) => assert_eq!((e.expected, e.sent), (e18(2), e18(1))),
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(alice.balance(), e18(10));

    let shares = vault
        .sender_and_value(alice, e18(4))
        .deposit(e18(4), alice)
        .motsu_unwrap();
    assert_eq!(shares, e18(4));
    assert_eq!(vault.balance(), e18(4));
    assert_eq!(vault.sender(alice).total_assets().motsu_unwrap(), e18(4));
    vault.assert_emitted(&Deposit {
        sender: alice,
        owner: alice,
        assets: e18(4),
        shares: e18(4),
    });

    let cost = vault.sender(alice).preview_mint(e18(1)).motsu_unwrap();
    assert_eq!(cost, e18(1));
    vault
        .sender_and_value(alice, cost)
        .mint(e18(1), alice)
        .motsu_unwrap();
    assert_eq!(alice.balance(), e18(5));

    let reg = registry.address();
    vault
        .sender(reg)
        .remove_deposit_shares(alice, e18(2))
        .motsu_unwrap();
    let paid = vault
        .sender(reg)
        .withdraw_to(alice, bob.address(), e18(2))
        .motsu_unwrap();
    assert_eq!(paid, e18(2));
    assert_eq!(bob.balance(), e18(2));
    vault
        .sender(slasher)
        .burn_slashed_shares(e18(1), Address::ZERO)
        .motsu_unwrap();
    assert_eq!(burn.balance(), e18(1));
    assert_eq!(vault.balance(), e18(2));
    assert_eq!(vault.sender(alice).total_shares(), e18(2));
}
