//! Construction, roles and the owner's functions: events, owner-only
//! checks, parameter ranges, `addAsset` errors.

use super::*;

#[motsu::test]
fn constructor_sets_roles_and_emits(
    lrt: Contract<Lrt>,
    registry: Contract<MockRegistry>,
    owner: Address,
    manager: Address,
    implementation: Address,
) {
    lrt.sender(owner)
        .constructor(
            owner,
            manager,
            registry.address(),
            implementation,
            Address::ZERO,
        )
        .motsu_unwrap();
    assert_eq!(
        lrt.sender(owner).roles(),
        (
            owner,
            manager,
            registry.address(),
            implementation,
            Address::ZERO,
            false
        )
    );
    assert_eq!(
        lrt.sender(owner).parameters(),
        (
            U256::from(10_000),
            U256::ZERO,
            U256::ZERO,
            U256::MAX,
            86_400,
            U256::ZERO
        )
    );
    lrt.assert_emitted(&OwnershipTransferred {
        previous_owner: Address::ZERO,
        new_owner: owner,
    });
    lrt.assert_emitted(&ManagerSet {
        previous_manager: Address::ZERO,
        manager,
    });
    lrt.assert_emitted(&ParametersSet {
        concentration_cap_bps: U256::from(10_000),
        buffer_bps: U256::ZERO,
        instant_fee_bps: U256::ZERO,
        instant_limit: U256::MAX,
        instant_period: 86_400,
    });
}

#[motsu::test]
fn constructor_rejects_zero_owner_or_registry(lrt: Contract<Lrt>, owner: Address) {
    let err = lrt
        .sender(owner)
        .constructor(Address::ZERO, owner, owner, owner, owner)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::ZeroAddress(_)));
    let err = lrt
        .sender(owner)
        .constructor(owner, owner, Address::ZERO, owner, owner)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::ZeroAddress(_)));
}

#[motsu::test]
#[allow(clippy::too_many_arguments)]
fn owner_functions_are_owner_only_and_emit(
    lrt: Contract<Lrt>,
    lst: Contract<MockLst>,
    ev: Contract<Vault>,
    lv: Contract<Vault>,
    reg: Contract<MockRegistry>,
    owner: Address,
    manager: Address,
    stranger: Address,
    next: Address,
) {
    let env = fixture!(lrt, lst, ev, lv, reg, owner, manager);
    let l = env.lrt;
    let unauthorized = |e: Error| matches!(e, Error::Unauthorized(e) if e.caller == stranger);
    assert!(unauthorized(
        l.sender(stranger)
            .add_asset(next, next, U256::ZERO, next)
            .motsu_unwrap_err()
    ));
    assert!(unauthorized(
        l.sender(stranger)
            .set_asset_cap(NATIVE_ETH, U256::ZERO)
            .motsu_unwrap_err()
    ));
    assert!(unauthorized(
        l.sender(stranger)
            .set_parameters(U256::from(1), U256::ZERO, U256::ZERO, U256::ZERO, 1)
            .motsu_unwrap_err()
    ));
    assert!(unauthorized(
        l.sender(stranger).set_manager(next).motsu_unwrap_err()
    ));
    assert!(unauthorized(
        l.sender(stranger)
            .transfer_ownership(next)
            .motsu_unwrap_err()
    ));
    assert!(unauthorized(
        l.sender(stranger).set_paused(true).motsu_unwrap_err()
    ));
    // Manager-only.
    assert!(unauthorized(
        l.sender(stranger)
            .add_operator(next, [], U256::ZERO, B256::ZERO)
            .motsu_unwrap_err()
    ));
    assert!(unauthorized(
        l.sender(stranger)
            .restake(next, NATIVE_ETH, E18)
            .motsu_unwrap_err()
    ));
    assert!(unauthorized(
        l.sender(stranger)
            .unstake(next, NATIVE_ETH, E18)
            .motsu_unwrap_err()
    ));

    l.sender(owner)
        .set_asset_cap(NATIVE_ETH, e18(5))
        .motsu_unwrap();
    l.assert_emitted(&AssetCapSet {
        asset: NATIVE_ETH,
        cap: e18(5),
    });
    assert_eq!(l.sender(owner).asset_at(U256::ZERO).2, e18(5));
    l.sender(owner).set_manager(next).motsu_unwrap();
    l.assert_emitted(&ManagerSet {
        previous_manager: manager,
        manager: next,
    });
    l.sender(owner).set_paused(true).motsu_unwrap();
    l.assert_emitted(&PauseSet { paused: true });
    assert!(l.sender(owner).roles().5);
    // I-2: two steps; the owner stays in charge until the offer is taken.
    l.sender(owner).transfer_ownership(next).motsu_unwrap();
    l.assert_emitted(&OwnershipTransferStarted {
        previous_owner: owner,
        new_owner: next,
    });
    assert_eq!(l.sender(owner).roles().0, owner);
    assert_eq!(l.sender(owner).pending_owner(), next);
    l.sender(next).accept_ownership().motsu_unwrap();
    l.assert_emitted(&OwnershipTransferred {
        previous_owner: owner,
        new_owner: next,
    });
    assert_eq!(l.sender(owner).roles().0, next);
    assert_eq!(l.sender(owner).pending_owner(), Address::ZERO);
}

#[motsu::test]
fn parameters_are_range_checked(
    lrt: Contract<Lrt>,
    registry: Contract<MockRegistry>,
    owner: Address,
) {
    lrt.sender(owner)
        .constructor(
            owner,
            owner,
            registry.address(),
            Address::ZERO,
            Address::ZERO,
        )
        .motsu_unwrap();
    let z = U256::ZERO;
    let bad = |which: u8, value: U256, e: Error| matches!(e, Error::InvalidParameter(e) if e.which == which && e.value == value);
    assert!(bad(
        0,
        z,
        lrt.sender(owner)
            .set_parameters(z, z, z, z, 1)
            .motsu_unwrap_err()
    ));
    assert!(bad(
        0,
        U256::from(10_001),
        lrt.sender(owner)
            .set_parameters(U256::from(10_001), z, z, z, 1)
            .motsu_unwrap_err()
    ));
    assert!(bad(
        1,
        U256::from(10_001),
        lrt.sender(owner)
            .set_parameters(U256::from(1), U256::from(10_001), z, z, 1)
            .motsu_unwrap_err()
    ));
    assert!(bad(
        2,
        U256::from(1_001),
        lrt.sender(owner)
            .set_parameters(U256::from(1), z, U256::from(1_001), z, 1)
            .motsu_unwrap_err()
    ));
    assert!(bad(
        3,
        z,
        lrt.sender(owner)
            .set_parameters(U256::from(1), z, z, z, 0)
            .motsu_unwrap_err()
    ));
}

#[motsu::test]
#[allow(clippy::too_many_arguments)]
fn add_asset_errors(
    lrt: Contract<Lrt>,
    lst: Contract<MockLst>,
    ev: Contract<Vault>,
    lv: Contract<Vault>,
    reg: Contract<MockRegistry>,
    extra: Contract<Vault>,
    owner: Address,
    manager: Address,
    token: Address,
) {
    let env = fixture!(lrt, lst, ev, lv, reg, owner, manager);
    env.lrt.assert_emitted(&AssetAdded {
        asset: NATIVE_ETH,
        vault: ev.address(),
        cap: e18(100),
    });
    assert_eq!(
        env.lrt.sender(owner).asset_at(U256::from(1)),
        (
            lst.address(),
            lv.address(),
            e18(100),
            U256::ZERO,
            U256::ZERO,
            U256::ZERO,
            lst.address()
        )
    );
    assert!(matches!(
        env.lrt
            .sender(owner)
            .add_asset(Address::ZERO, ev.address(), U256::ZERO, lst.address())
            .motsu_unwrap_err(),
        Error::ZeroAddress(_)
    ));
    assert!(
        matches!(env.lrt.sender(owner).add_asset(NATIVE_ETH, ev.address(), U256::ZERO, Address::ZERO).motsu_unwrap_err(), Error::AssetExists(e) if e.asset == NATIVE_ETH)
    );
    // The vault must hold the asset.
    extra
        .sender(owner)
        .constructor(token, owner, owner, reg.address(), owner, U256::MAX)
        .motsu_unwrap();
    let other: Address = Address::repeat_byte(7);
    let err = env
        .lrt
        .sender(owner)
        .add_asset(other, extra.address(), U256::ZERO, lst.address())
        .motsu_unwrap_err();
    assert!(matches!(err, Error::UnknownAsset(e) if e.asset == token));
    // Bounded list.
    env.lrt
        .sender(owner)
        .add_asset(token, extra.address(), U256::ZERO, lst.address())
        .motsu_unwrap();
    for n in 3..MAX_ASSETS {
        let t = Address::repeat_byte(n as u8 + 10);
        let v = Contract::<Vault>::new();
        v.sender(owner)
            .constructor(t, owner, owner, reg.address(), owner, U256::MAX)
            .motsu_unwrap();
        env.lrt
            .sender(owner)
            .add_asset(t, v.address(), U256::ZERO, lst.address())
            .motsu_unwrap();
    }
    let err = env
        .lrt
        .sender(owner)
        .add_asset(other, extra.address(), U256::ZERO, lst.address())
        .motsu_unwrap_err();
    assert!(matches!(err, Error::TooMany(e) if e.which == 0 && e.max == U256::from(MAX_ASSETS)));
}
