//! Fee-on-transfer and short-delivering tokens: previews never promise more
//! than a deposit mints; `maxDeposit` for a receiver the registry refuses.

use super::*;

/// Regression (security issue 11, ERC-4626): `previewDeposit` MUST NOT
/// promise more shares than `deposit` mints. The old vault previewed 100
/// shares for 100 tokens and then minted 99 on a 1% fee-on-transfer token
/// (and 10e18 - 2 on a stETH-style 2-wei shortfall, previewed 10e18). Now a
/// short delivery is refused with `VaultInsufficientAssetsReceived(100e18,
/// 99e18)` (and `(10e18, 10e18 - 2)`), nothing changes, and an exact
/// deposit mints exactly its preview.
#[motsu::test]
fn preview_deposit_never_exceeds_what_a_short_delivering_token_mints(
    vault: Contract<Vault>,
    lst: Contract<MockLst>,
    registry: Contract<MockRegistry>,
    owner: Address,
    slasher: Address,
    alice: Address,
    bob: Address,
) {
    let env = setup(&vault, &lst, &registry, owner, slasher);
    env.fund(alice, e18(100));
    env.fund(bob, e18(10));
    // 1% fee: previewDeposit(100) promises 100 shares; only 99 tokens would arrive.
    lst.sender(owner)
        .set_transfer_fee(U256::from(100), U256::ZERO)
        .motsu_unwrap();
    assert_eq!(
        vault.sender(alice).preview_deposit(e18(100)).motsu_unwrap(),
        e18(100)
    );
    let err = vault
        .sender(alice)
        .deposit(e18(100), alice)
        .motsu_unwrap_err();
    match err {
        Error::InsufficientAssetsReceived(e) => {
            assert_eq!((e.expected, e.received), (e18(100), e18(99)))
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(env.total_assets(), U256::ZERO);
    assert_eq!(vault.sender(alice).total_shares(), U256::ZERO);
    assert_eq!(vault.sender(alice).deposit_shares(alice), U256::ZERO);
    assert_eq!(lst.sender(alice).balance_of(alice), e18(100));
    // stETH-style 2-wei shortfall: refused the same way.
    lst.sender(owner)
        .set_transfer_fee(U256::ZERO, U256::from(2))
        .motsu_unwrap();
    assert_eq!(
        vault.sender(bob).preview_deposit(e18(10)).motsu_unwrap(),
        e18(10)
    );
    let err = vault.sender(bob).deposit(e18(10), bob).motsu_unwrap_err();
    match err {
        Error::InsufficientAssetsReceived(e) => {
            assert_eq!((e.expected, e.received), (e18(10), e18(10) - U256::from(2)))
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(lst.sender(bob).balance_of(bob), e18(10));
    // A mint that would be short-delivered reverts instead of minting.
    let cost = vault
        .sender(bob)
        .preview_mint(U256::from(1000))
        .motsu_unwrap();
    let err = vault
        .sender(bob)
        .mint(U256::from(1000), bob)
        .motsu_unwrap_err();
    match err {
        Error::InsufficientAssetsReceived(e) => {
            assert_eq!((e.expected, e.received), (cost, cost - U256::from(2)))
        }
        other => panic!("unexpected {other:?}"),
    }
    // An exact token: deposit mints exactly previewDeposit, after a donation too.
    lst.sender(owner)
        .set_transfer_fee(U256::ZERO, U256::ZERO)
        .motsu_unwrap();
    let preview = vault.sender(alice).preview_deposit(e18(100)).motsu_unwrap();
    assert_eq!(
        vault.sender(alice).deposit(e18(100), alice).motsu_unwrap(),
        preview
    );
    lst.sender(owner)
        .mint(vault.address(), e18(7))
        .motsu_unwrap();
    let preview = vault.sender(bob).preview_deposit(e18(10)).motsu_unwrap();
    assert_eq!(
        preview,
        e18(10) * (e18(100) + U256::from(1000)) / (e18(107) + U256::from(1000))
    );
    assert_eq!(
        vault.sender(bob).deposit(e18(10), bob).motsu_unwrap(),
        preview
    );
    vault.assert_emitted(&Deposit {
        sender: bob,
        owner: bob,
        assets: e18(10),
        shares: preview,
    });
}

/// Regression (security issue 11, ERC-4626): `maxDeposit(receiver)` and
/// `maxMint(receiver)` MUST NOT exceed what a deposit for `receiver` would
/// accept. The old vault ignored the receiver and reported the cap room
/// (1,000 tokens) while the registry refused every deposit for it; now both
/// are 0 for a receiver the registry refuses and for the zero address, and
/// the full room (1,000 tokens, 1,000e18 shares) otherwise.
#[motsu::test]
fn max_deposit_is_zero_for_a_receiver_the_registry_refuses(
    vault: Contract<Vault>,
    lst: Contract<MockLst>,
    registry: Contract<MockRegistry>,
    owner: Address,
    slasher: Address,
    alice: Address,
) {
    let env = setup(&vault, &lst, &registry, owner, slasher);
    assert_eq!(vault.sender(alice).max_deposit(alice).motsu_unwrap(), CAP);
    assert_eq!(vault.sender(alice).max_mint(alice).motsu_unwrap(), CAP);
    // The zero address: deposit reverts VaultZeroAddress, so no room.
    assert_eq!(
        vault
            .sender(alice)
            .max_deposit(Address::ZERO)
            .motsu_unwrap(),
        U256::ZERO
    );
    assert_eq!(
        vault.sender(alice).max_mint(Address::ZERO).motsu_unwrap(),
        U256::ZERO
    );
    registry.sender(owner).set_refuse(true);
    assert_eq!(
        vault.sender(alice).max_deposit(alice).motsu_unwrap(),
        U256::ZERO
    );
    assert_eq!(
        vault.sender(alice).max_mint(alice).motsu_unwrap(),
        U256::ZERO
    );
    env.fund(alice, e18(1));
    assert!(matches!(
        vault
            .sender(alice)
            .deposit(e18(1), alice)
            .motsu_unwrap_err(),
        Error::Registry(_)
    ));
    registry.sender(owner).set_refuse(false);
    assert_eq!(vault.sender(alice).max_deposit(alice).motsu_unwrap(), CAP);
}
