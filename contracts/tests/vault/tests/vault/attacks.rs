//! Attacks on the share price: first-depositor inflation, donations, and a
//! property test that no sequence lowers the price; the price guard's error.

use super::*;

#[motsu::test]
fn first_depositor_inflation_attack_loses_the_attacker_money(
    vault: Contract<Vault>,
    lst: Contract<MockLst>,
    registry: Contract<MockRegistry>,
    owner: Address,
    slasher: Address,
    attacker: Address,
    victim: Address,
) {
    let env = setup(&vault, &lst, &registry, owner, slasher);
    vault
        .sender(owner)
        .set_deposit_cap(U256::MAX)
        .motsu_unwrap();
    // The attacker deposits 1 wei, then donates 10 tokens straight to the vault.
    assert_eq!(env.deposit(attacker, U256::from(1)), U256::from(1));
    lst.sender(owner).mint(attacker, e18(10)).motsu_unwrap();
    lst.sender(attacker)
        .transfer(vault.address(), e18(10))
        .motsu_unwrap();
    // The victim deposits 10 tokens and still gets shares (no zero-share theft).
    let victim_shares = env.deposit(victim, e18(10));
    assert_eq!(victim_shares, U256::from(1000));
    let attacker_value = vault
        .sender(attacker)
        .convert_to_assets(U256::from(1))
        .motsu_unwrap();
    let victim_value = vault
        .sender(victim)
        .convert_to_assets(victim_shares)
        .motsu_unwrap();
    // The virtual shares absorb the donation: the attacker spent 10e18 + 1
    // and holds 0.009995e18; the victim keeps 99.95% of its deposit.
    assert_eq!(attacker_value, U256::from(9_995_002_498_750_625u64));
    assert_eq!(victim_value, U256::from(9_995_002_498_750_625_187u128));
    assert!(attacker_value < e18(10) / U256::from(1000));
}

#[motsu::test]
fn donation_raises_the_price_for_everyone_and_costs_the_donor(
    vault: Contract<Vault>,
    lst: Contract<MockLst>,
    registry: Contract<MockRegistry>,
    owner: Address,
    slasher: Address,
    attacker: Address,
    alice: Address,
) {
    let env = setup(&vault, &lst, &registry, owner, slasher);
    env.deposit(alice, e18(90));
    let attacker_shares = env.deposit(attacker, e18(10));
    // The attacker donates 10 tokens hoping to inflate its own position.
    lst.sender(owner).mint(attacker, e18(10)).motsu_unwrap();
    lst.sender(attacker)
        .transfer(vault.address(), e18(10))
        .motsu_unwrap();
    let attacker_value = vault
        .sender(attacker)
        .convert_to_assets(attacker_shares)
        .motsu_unwrap();
    // Spent 20, holds a tenth of 110 (less virtual dust): a 9-token loss.
    assert!(attacker_value < e18(20));
    assert_eq!(attacker_value, U256::from(10_999_999_999_999_999_990u128));
    // The price never fell for alice.
    assert!(
        vault
            .sender(alice)
            .convert_to_assets(e18(90))
            .motsu_unwrap()
            >= e18(90)
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
    /// No sequence of deposits, donations and payouts lowers the share price,
    /// and no deposit-then-withdraw round trip pays more than went in.
    #[test]
    fn price_never_falls_and_round_trips_never_gain(
        ops in proptest::collection::vec((0u8..4, 1u64..1_000_000_000_000_000_000u64), 1..24)
    ) {
        let vault = Contract::<Vault>::new();
        let lst = Contract::<MockLst>::new();
        let registry = Contract::<MockRegistry>::new();
        let owner = Address::random();
        let slasher = Address::random();
        let user = Address::random();
        let env = setup(&vault, &lst, &registry, owner, slasher);
        vault.sender(owner).set_deposit_cap(U256::MAX).motsu_unwrap();
        let price = |v: &Contract<Vault>| {
            let s = v.sender(owner).total_shares() + U256::from(1000);
            let a = v.sender(owner).total_assets().motsu_unwrap() + U256::from(1000);
            (a, s)
        };
        for (op, amount) in ops {
            let amount = U256::from(amount);
            let (a0, s0) = price(&vault);
            match op {
                0 => {
                    env.fund(user, amount);
                    let _ = vault.sender(user).deposit(amount, user).motsu_res();
                }
                1 => {
                    // Deposit then immediately pay the same shares out.
                    env.fund(user, amount);
                    if let Ok(shares) = vault.sender(user).deposit(amount, user).motsu_res() {
                        vault.sender(registry.address()).remove_deposit_shares(user, shares).motsu_unwrap();
                        let before = lst.sender(user).balance_of(user);
                        let out = vault.sender(registry.address()).withdraw_to(user, user, shares).motsu_unwrap();
                        proptest::prop_assert!(out <= amount, "round trip gained: in {} out {}", amount, out);
                        proptest::prop_assert_eq!(lst.sender(user).balance_of(user), before + out);
                    }
                }
                2 => lst.sender(owner).mint(vault.address(), amount).motsu_unwrap(),
                _ => {
                    let total = vault.sender(owner).total_shares();
                    let burn = amount.min(total);
                    vault.sender(slasher).burn_slashed_shares(burn, Address::ZERO).motsu_unwrap();
                }
            }
            let (a1, s1) = price(&vault);
            // a1/s1 >= a0/s0
            proptest::prop_assert!(a1 * s0 >= a0 * s1, "price fell: {}/{} -> {}/{}", a0, s0, a1, s1);
        }
    }
}

#[test]
fn price_guard_names_the_totals() {
    use restake_math::VaultTotals;
    let before = VaultTotals {
        total_shares: e18(10),
        total_assets: e18(10),
    };
    let worse = VaultTotals {
        total_shares: e18(11),
        total_assets: e18(10),
    };
    let err = check_price(before, worse).unwrap_err();
    match err {
        Error::SharePriceDecreased(e) => {
            assert_eq!(
                (
                    e.assets_before,
                    e.shares_before,
                    e.assets_after,
                    e.shares_after
                ),
                (e18(10), e18(10), e18(10), e18(11))
            );
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(check_price(before, before).is_ok());
    assert!(check_price(
        before,
        VaultTotals {
            total_shares: e18(11),
            total_assets: e18(11)
        }
    )
    .is_ok());
}
