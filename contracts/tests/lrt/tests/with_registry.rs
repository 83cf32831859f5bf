//! The Lrt against the real operator registry (restake-registry) and real
//! vaults: delegation, deposits reported through the registry's hook, a
//! slash of the operator's magnitude with the vault burning the slashed
//! shares, a queued withdrawal valued through the registry's ERC-7540-style
//! views, completion after the delay, and both exits. Every amount exact.
use alloy_primitives::{Address, B256, U256};
use motsu::prelude::*;
use restake_interfaces::{BURN_ADDRESS, NATIVE_ETH};
use restake_lrt::Lrt;
use restake_lrt_account::LrtAccount;
use restake_lrt_tests::{e18, worth, Wallet, DELAY, E18, T0, V};
use restake_math::{mul_div, Rounding};
use restake_registry::{ITestClock, OperatorRegistry};
use restake_vault::Vault;

#[motsu::test]
#[allow(clippy::too_many_arguments)]
fn lrt_with_the_real_registry_slash_and_both_exits(
    lrt: Contract<Lrt>,
    registry: Contract<OperatorRegistry>,
    vault: Contract<Vault>,
    acc: Contract<LrtAccount>,
    alice: Contract<Wallet>,
    owner: Address,
    manager: Address,
    slasher: Address,
    op: Address,
) {
    let burn = Contract::<Wallet>::new_at(BURN_ADDRESS);
    registry
        .sender(owner)
        .constructor(owner, DELAY, Address::ZERO)
        .motsu_unwrap();
    registry.sender(owner).set_test_timestamp(T0);
    vault
        .sender(owner)
        .constructor(
            NATIVE_ETH,
            owner,
            owner,
            registry.address(),
            slasher,
            U256::MAX,
        )
        .motsu_unwrap();
    registry
        .sender(owner)
        .add_vault(vault.address())
        .motsu_unwrap();
    registry
        .sender(owner)
        .set_slashing_manager(slasher)
        .motsu_unwrap();
    registry
        .sender(op)
        .register_as_operator(Address::ZERO, 0, b"op")
        .motsu_unwrap();

    lrt.sender(owner)
        .constructor(
            owner,
            manager,
            registry.address(),
            Address::ZERO,
            Address::ZERO,
        )
        .motsu_unwrap();
    lrt.sender(owner).set_test_timestamp(T0);
    lrt.sender(owner)
        .add_asset(NATIVE_ETH, vault.address(), U256::MAX, Address::ZERO)
        .motsu_unwrap();
    lrt.sender(manager).set_test_next_account(acc.address());
    lrt.sender(manager)
        .add_operator(op, [], U256::ZERO, B256::ZERO)
        .motsu_unwrap();
    assert_eq!(registry.sender(owner).delegated_to(acc.address()), op);

    // 10 ETH in, 8 restaked: the registry credits the operator.
    let a = alice.address();
    a.fund(e18(10));
    assert_eq!(
        lrt.sender_and_value(a, e18(10))
            .deposit(U256::ZERO)
            .motsu_unwrap(),
        e18(10)
    );
    assert_eq!(
        lrt.sender(manager)
            .restake(op, NATIVE_ETH, e18(8))
            .motsu_unwrap(),
        e18(8)
    );
    assert_eq!(
        registry
            .sender(owner)
            .withdrawable_shares(acc.address(), vault.address())
            .motsu_unwrap(),
        e18(8)
    );
    assert_eq!(
        registry.sender(owner).operator_stake(op, vault.address()),
        e18(8)
    );
    assert_eq!(lrt.sender(a).books().motsu_unwrap().0, e18(10));

    // The slashing manager takes half of the operator's magnitude; the vault
    // burns the returned shares with their assets. The rate falls at once.
    let shares = registry
        .sender(slasher)
        .slash_operator(op, vault.address(), 500_000_000_000_000_000)
        .motsu_unwrap();
    assert_eq!(shares, e18(4));
    vault
        .sender(slasher)
        .burn_slashed_shares(shares, Address::ZERO)
        .motsu_unwrap();
    assert_eq!(burn.balance(), e18(4));
    assert_eq!(lrt.sender(a).books().motsu_unwrap().0, e18(6));
    assert_eq!(
        lrt.sender(a).rate().motsu_unwrap(),
        mul_div(E18, e18(6) + V, e18(10) + V, Rounding::Down).unwrap()
    );

    // Instant exit of 2 LRT from the 2 ETH buffer.
    let out = lrt
        .sender(a)
        .instant_redeem(e18(2), NATIVE_ETH, U256::ZERO, a)
        .motsu_unwrap();
    assert_eq!(out, worth(e18(2), e18(6), e18(10)));
    assert_eq!(alice.balance(), out);
    let value = e18(6) - out;

    // Request the rest; fund it by queueing all 8 deposit shares (4 after
    // the slash), valued through the registry's views while queued.
    let max = worth(e18(8), value, e18(8));
    let id = lrt
        .sender(a)
        .request_redeem(e18(8), NATIVE_ETH)
        .motsu_unwrap();
    let wid = lrt
        .sender(manager)
        .unstake(op, NATIVE_ETH, e18(8))
        .motsu_unwrap();
    assert_eq!(
        registry
            .sender(owner)
            .pending_redeem_request(wid, vault.address())
            .motsu_unwrap(),
        e18(4)
    );
    assert_eq!(lrt.sender(a).books().motsu_unwrap().0, value);
    assert!(lrt
        .sender(a)
        .complete_unstake(op, wid)
        .motsu_unwrap_err()
        .to_string_lossy());
    registry.sender(owner).set_test_timestamp(T0 + DELAY);
    // M-1: the request is finalizable a redeem delay (the registry's) after it.
    lrt.sender(owner).set_test_timestamp(T0 + DELAY);
    assert_eq!(
        lrt.sender(a).complete_unstake(op, wid).motsu_unwrap(),
        e18(4)
    );
    assert_eq!(acc.balance(), e18(4));
    lrt.sender(a).finalize_redeem(id).motsu_unwrap();
    assert_eq!(lrt.sender(a).claim_redeem(id, a).motsu_unwrap(), max);
    assert_eq!(alice.balance(), out + max);
    // Everything left is rounding dust of the virtual offset.
    let (v, s, _, p) = lrt.sender(a).books().motsu_unwrap();
    assert_eq!((v, s, p), (value - max, U256::ZERO, U256::ZERO));
}

trait Lossy {
    fn to_string_lossy(&self) -> bool;
}
impl Lossy for restake_lrt::Error {
    fn to_string_lossy(&self) -> bool {
        matches!(self, restake_lrt::Error::Call(_))
    }
}
