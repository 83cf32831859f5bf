//! Security issue 11, the vault and registry findings, through the real
//! registry, vault and mock LST (motsu): each test would fail on 66e5067.
use alloy_primitives::{Address, U256};
use alloy_sol_types::SolError;
use motsu::prelude::*;
use restake_interfaces::registry::*;
use restake_mock_lst::MockLst;
use restake_registry::OperatorRegistry;
use restake_registry_tests::*;
use restake_vault::Vault;

/// Regression (ERC-4626 `maxDeposit`/`maxMint` MUST NOT exceed what would be
/// accepted): alice deposits 10 tokens, delegates to `op`, and `op` is
/// slashed 100% (10 tokens burned, the vault left with 0 assets). The old
/// vault still reported `maxDeposit(alice)` = `maxMint(alice)` = 2^256 - 1
/// (the uncapped room) although any deposit for alice reverts
/// `RegistryOperatorFullySlashed(op, vault)`. Now both are 0 for alice, while
/// bob (undelegated) keeps the whole room and can deposit 1 token; a vault
/// the registry does not whitelist reports 0 for everyone (its deposits
/// revert `RegistryUnauthorized(vault)`).
#[motsu::test]
fn max_deposit_is_zero_for_a_receiver_whose_operator_is_fully_slashed(
    reg: Contract<OperatorRegistry>,
    vault: Contract<Vault>,
    stray: Contract<Vault>,
    lst: Contract<MockLst>,
    owner: Address,
    manager: Address,
    op: Address,
    alice: Address,
    bob: Address,
) {
    let env = setup(&reg, &vault, &lst, owner, manager);
    let v = vault.address();
    env.register(op);
    env.deposit(alice, e18(10));
    env.delegate(alice, op);
    assert_eq!(vault.sender(alice).max_deposit(alice).motsu_unwrap(), U256::MAX - e18(10));
    assert!(reg.sender(alice).accepts_deposit(alice, v));
    assert_eq!(env.slash(op, WAD), e18(10));
    assert_eq!(vault.sender(alice).total_assets().motsu_unwrap(), U256::ZERO);

    // The receiver's deposit would revert: the views say so.
    assert!(!reg.sender(alice).accepts_deposit(alice, v));
    assert_eq!(vault.sender(alice).max_deposit(alice).motsu_unwrap(), U256::ZERO);
    assert_eq!(vault.sender(alice).max_mint(alice).motsu_unwrap(), U256::ZERO);
    env.fund(alice, e18(1));
    let err = vault.sender(alice).deposit(e18(1), alice).motsu_unwrap_err();
    let expected = RegistryOperatorFullySlashed { operator: op, vault: v }.abi_encode();
    assert!(matches!(err, restake_vault::Error::Registry(ref d) if *d == expected));
    // The registry's refusal is per receiver: bob keeps the whole room.
    assert!(reg.sender(bob).accepts_deposit(bob, v));
    assert_eq!(vault.sender(bob).max_deposit(bob).motsu_unwrap(), U256::MAX);
    env.fund(bob, e18(1));
    assert_eq!(vault.sender(bob).deposit(e18(1), bob).motsu_unwrap(), e18(1));
    assert_eq!(vault.sender(bob).max_deposit(bob).motsu_unwrap(), U256::MAX - e18(1));
    // Once alice leaves the dead operator, she has room again.
    reg.sender(alice).undelegate(alice).motsu_unwrap();
    assert_eq!(vault.sender(alice).max_deposit(alice).motsu_unwrap(), U256::MAX - e18(1));

    // A vault the registry never whitelisted: every deposit reverts, so no room.
    stray
        .sender(owner)
        .constructor(lst.address(), owner, owner, reg.address(), manager, U256::MAX)
        .motsu_unwrap();
    assert!(!reg.sender(bob).accepts_deposit(bob, stray.address()));
    assert_eq!(stray.sender(bob).max_deposit(bob).motsu_unwrap(), U256::ZERO);
    assert_eq!(stray.sender(bob).max_mint(bob).motsu_unwrap(), U256::ZERO);
    lst.sender(owner).mint(bob, e18(1)).motsu_unwrap();
    lst.sender(bob).approve(stray.address(), e18(1)).motsu_unwrap();
    let err = stray.sender(bob).deposit(e18(1), bob).motsu_unwrap_err();
    let expected = RegistryUnauthorized { caller: stray.address() }.abi_encode();
    assert!(matches!(err, restake_vault::Error::Registry(ref d) if *d == expected));
}
