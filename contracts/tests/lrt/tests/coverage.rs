//! Every entry point's errors and events, the dispatcher, the sub-account,
//! the rate history, and property tests of the rate.
use alloy_primitives::{uint, Address, B256, U256};
use alloy_sol_types::{SolCall, SolError};
use motsu::prelude::*;
use proptest::prelude::*;
use restake_interfaces::{lrt::*, NATIVE_ETH};
use restake_lrt::{Error, Lrt, MAX_ASSETS, NAME, SYMBOL};
use restake_lrt_account::{Error as AccountError, LrtAccount};
use restake_lrt_tests::{MockRegistry, Wallet};
use restake_math::WAD;
use restake_mock_lst::MockLst;
use restake_vault::Vault;

const E18: U256 = uint!(1_000_000_000_000_000_000_U256);
const T0: u64 = 1_800_000_000;

fn e18(n: u64) -> U256 {
    U256::from(n) * E18
}

#[allow(dead_code)]
struct Env<'a> {
    lrt: &'a Contract<Lrt>,
    lst: &'a Contract<MockLst>,
    owner: Address,
    manager: Address,
}

#[allow(clippy::too_many_arguments)]
fn setup<'a>(
    lrt: &'a Contract<Lrt>,
    lst: &'a Contract<MockLst>,
    eth_vault: &'a Contract<Vault>,
    lst_vault: &'a Contract<Vault>,
    registry: &'a Contract<MockRegistry>,
    owner: Address,
    manager: Address,
) -> Env<'a> {
    lst.sender(owner).constructor(owner).motsu_unwrap();
    eth_vault
        .sender(owner)
        .constructor(
            NATIVE_ETH,
            owner,
            owner,
            registry.address(),
            owner,
            U256::MAX,
        )
        .motsu_unwrap();
    lst_vault
        .sender(owner)
        .constructor(
            lst.address(),
            owner,
            owner,
            registry.address(),
            owner,
            U256::MAX,
        )
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
        .add_asset(NATIVE_ETH, eth_vault.address(), e18(100), Address::ZERO)
        .motsu_unwrap();
    lrt.sender(owner)
        .add_asset(lst.address(), lst_vault.address(), e18(100), lst.address())
        .motsu_unwrap();
    Env {
        lrt,
        lst,
        owner,
        manager,
    }
}

impl Env<'_> {
    fn deposit_eth(&self, who: Address, amount: U256) -> U256 {
        who.fund(amount);
        self.lrt
            .sender_and_value(who, amount)
            .deposit(U256::ZERO)
            .motsu_unwrap()
    }
    fn fund_lst(&self, who: Address, amount: U256) {
        self.lst.sender(self.owner).mint(who, amount).motsu_unwrap();
        self.lst
            .sender(who)
            .approve(self.lrt.address(), amount)
            .motsu_unwrap();
    }
}

macro_rules! fixture {
    ($lrt:ident, $lst:ident, $ev:ident, $lv:ident, $reg:ident, $owner:ident, $manager:ident) => {
        setup(&$lrt, &$lst, &$ev, &$lv, &$reg, $owner, $manager)
    };
}

// ---------------------------------------------------------------------------
// Construction, roles, parameters
// ---------------------------------------------------------------------------

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
            .add_operator(next, &[], U256::ZERO, B256::ZERO)
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

// ---------------------------------------------------------------------------
// Minting
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// ERC-20
// ---------------------------------------------------------------------------

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

#[motsu::test]
#[allow(clippy::too_many_arguments)]
fn dispatcher_routes_encodes_and_rejects(
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
    env.deposit_eth(alice, e18(2));
    let l = env.lrt;
    let name = l
        .sender(alice)
        .dispatch(&ILrt::nameCall {}.abi_encode())
        .motsu_unwrap();
    assert_eq!(
        ILrt::nameCall::abi_decode_returns(&name, true).unwrap()._0,
        NAME
    );
    let symbol = l
        .sender(alice)
        .dispatch(&ILrt::symbolCall {}.abi_encode())
        .motsu_unwrap();
    assert_eq!(
        ILrt::symbolCall::abi_decode_returns(&symbol, true)
            .unwrap()
            ._0,
        SYMBOL
    );
    let dec = l
        .sender(alice)
        .dispatch(&ILrt::decimalsCall {}.abi_encode())
        .motsu_unwrap();
    assert_eq!(
        ILrt::decimalsCall::abi_decode_returns(&dec, true)
            .unwrap()
            ._0,
        18
    );
    let bal = l
        .sender(alice)
        .dispatch(&ILrt::balanceOfCall { account: alice }.abi_encode())
        .motsu_unwrap();
    assert_eq!(
        ILrt::balanceOfCall::abi_decode_returns(&bal, true)
            .unwrap()
            ._0,
        e18(2)
    );
    let books = l
        .sender(alice)
        .dispatch(&ILrt::booksCall {}.abi_encode())
        .motsu_unwrap();
    let b = ILrt::booksCall::abi_decode_returns(&books, true).unwrap();
    assert_eq!((b.value, b.supply), (e18(2), e18(2)));
    let t = l
        .sender(alice)
        .dispatch(
            &ILrt::transferCall {
                to: owner,
                value: E18,
            }
            .abi_encode(),
        )
        .motsu_unwrap();
    assert!(ILrt::transferCall::abi_decode_returns(&t, true).unwrap()._0);
    // Unknown selector, short input, and a malformed address word.
    let bad =
        |e: Error, sel: [u8; 4]| matches!(e, Error::InvalidCalldata(e) if e.selector.0 == sel);
    assert!(bad(
        l.sender(alice).dispatch(&[1, 2, 3, 4]).motsu_unwrap_err(),
        [1, 2, 3, 4]
    ));
    assert!(bad(
        l.sender(alice).dispatch(&[1]).motsu_unwrap_err(),
        [0, 0, 0, 0]
    ));
    let mut data = ILrt::balanceOfCall { account: alice }.abi_encode();
    data[4] = 1;
    assert!(bad(
        l.sender(alice).dispatch(&data).motsu_unwrap_err(),
        ILrt::balanceOfCall::SELECTOR
    ));
    // ETH to a non-payable function.
    alice.fund(E18);
    let err = l
        .sender_and_value(alice, E18)
        .dispatch(&ILrt::totalSupplyCall {}.abi_encode())
        .motsu_unwrap_err();
    assert!(bad(err, ILrt::totalSupplyCall::SELECTOR));
    // The hand-written error encoding matches the sol! type.
    let data: Vec<u8> = Error::InvalidCalldata(LrtInvalidCalldata {
        selector: [9, 9, 9, 9].into(),
    })
    .into();
    assert_eq!(
        data,
        LrtInvalidCalldata {
            selector: [9, 9, 9, 9].into()
        }
        .abi_encode()
    );
    let data: Vec<u8> = Error::RateDecreased(LrtRateDecreased {
        value_before: U256::from(1),
        supply_before: U256::from(2),
        value_after: U256::from(3),
        supply_after: U256::from(4),
    })
    .into();
    assert_eq!(
        data,
        LrtRateDecreased {
            value_before: U256::from(1),
            supply_before: U256::from(2),
            value_after: U256::from(3),
            supply_after: U256::from(4)
        }
        .abi_encode()
    );
}

// ---------------------------------------------------------------------------
// Operators and restaking errors
// ---------------------------------------------------------------------------

#[motsu::test]
#[allow(clippy::too_many_arguments)]
fn operator_and_restaking_errors(
    lrt: Contract<Lrt>,
    lst: Contract<MockLst>,
    ev: Contract<Vault>,
    lv: Contract<Vault>,
    reg: Contract<MockRegistry>,
    acc1: Contract<LrtAccount>,
    acc2: Contract<LrtAccount>,
    owner: Address,
    manager: Address,
    op1: Address,
    op2: Address,
    alice: Address,
) {
    let env = fixture!(lrt, lst, ev, lv, reg, owner, manager);
    let l = env.lrt;
    // No implementation and no test account: the clone cannot be created.
    let err = l
        .sender(manager)
        .add_operator(op1, &[], U256::ZERO, B256::ZERO)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::AccountCreationFailed(e) if e.operator == op1));
    // The registry refuses the delegation: its error passes through.
    reg.sender(owner).set_refuse_delegation(true);
    l.sender(manager).set_test_next_account(acc1.address());
    assert!(matches!(
        l.sender(manager)
            .add_operator(op1, &[1, 2, 3], U256::ZERO, B256::ZERO)
            .motsu_unwrap_err(),
        Error::Call(_)
    ));
    reg.sender(owner).set_refuse_delegation(false);
    l.sender(manager).set_test_next_account(acc1.address());
    l.sender(manager)
        .add_operator(op1, &[], U256::ZERO, B256::ZERO)
        .motsu_unwrap();
    assert_eq!(
        l.sender(manager).operator_at(U256::ZERO),
        (op1, acc1.address())
    );
    l.sender(manager).set_test_next_account(acc2.address());
    let err = l
        .sender(manager)
        .add_operator(op1, &[], U256::ZERO, B256::ZERO)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::Operator(e) if e.operator == op1 && e.exists));
    // The sub-account is the Lrt's alone.
    let err = acc1
        .sender(alice)
        .execute(alice, U256::ZERO, vec![].into())
        .motsu_unwrap_err();
    assert!(matches!(err, AccountError::Unauthorized(e) if e.caller == alice));
    let err = acc1.sender(alice).initialize(alice).motsu_unwrap_err();
    assert!(matches!(err, AccountError::AlreadyInitialized(e) if e.controller == l.address()));
    acc1.assert_emitted(&AccountInitialized {
        controller: l.address(),
    });

    assert!(
        matches!(l.sender(manager).restake(op2, NATIVE_ETH, E18).motsu_unwrap_err(), Error::Operator(e) if !e.exists)
    );
    assert!(matches!(
        l.sender(manager)
            .restake(op1, alice, E18)
            .motsu_unwrap_err(),
        Error::UnknownAsset(_)
    ));
    assert!(matches!(
        l.sender(manager)
            .restake(op1, NATIVE_ETH, U256::ZERO)
            .motsu_unwrap_err(),
        Error::ZeroAmount(_)
    ));
    let err = l
        .sender(manager)
        .restake(op1, NATIVE_ETH, E18)
        .motsu_unwrap_err();
    assert!(
        matches!(err, Error::InsufficientLiquidity(e) if e.available == U256::ZERO && e.requested == E18)
    );
    assert!(matches!(
        l.sender(manager)
            .unstake(op1, NATIVE_ETH, U256::ZERO)
            .motsu_unwrap_err(),
        Error::ZeroAmount(_)
    ));
    assert!(matches!(
        l.sender(manager)
            .unstake(op1, NATIVE_ETH, E18)
            .motsu_unwrap_err(),
        Error::Call(_)
    ));
    let err = l
        .sender(alice)
        .complete_unstake(op1, U256::from(9))
        .motsu_unwrap_err();
    // The sub-account's own error passes through.
    assert!(
        matches!(err, Error::Call(data) if data == LrtUnknownWithdrawal { withdrawal_id: U256::from(9) }.abi_encode())
    );
    assert!(matches!(
        l.sender(alice).complete_unstake(op2, U256::from(9)).motsu_unwrap_err(),
        Error::Operator(e) if !e.exists
    ));
}

// ---------------------------------------------------------------------------
// Exits: errors
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// Rate history
// ---------------------------------------------------------------------------

// The time-weighted rate history (L-6) is tested in `exits_and_rates.rs`.

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

#[derive(Debug, Clone)]
enum Op {
    Deposit(u64),
    DepositLst(u64),
    Instant(u64),
    Request(u64),
    Finalize,
    Claim,
    Donate(u64),
    Slash(u64),
    Transfer(u64),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (1u64..50_000).prop_map(Op::Deposit),
        (1u64..50_000).prop_map(Op::DepositLst),
        (1u64..10_000).prop_map(Op::Instant),
        (1u64..10_000).prop_map(Op::Request),
        Just(Op::Finalize),
        Just(Op::Claim),
        (1u64..1_000).prop_map(Op::Donate),
        (1u64..300).prop_map(Op::Slash),
        (1u64..10_000).prop_map(Op::Transfer),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// The rate never decreases except by slashing, and no wallet's
    /// deposits return more than went in (mint → redeem never gains).
    #[test]
    fn rate_never_falls_except_by_slashing(ops in proptest::collection::vec(op(), 1..24), fee in 0u64..50) {
        let lrt = Contract::<Lrt>::new();
        let lst = Contract::<MockLst>::new();
        let ev = Contract::<Vault>::new();
        let lv = Contract::<Vault>::new();
        let reg = Contract::<MockRegistry>::new();
        let acc = Contract::<LrtAccount>::new();
        let wallet = Contract::<Wallet>::new();
        let owner = Address::repeat_byte(1);
        let manager = Address::repeat_byte(2);
        let op1 = Address::repeat_byte(3);
        let env = setup(&lrt, &lst, &ev, &lv, &reg, owner, manager);
        lrt.sender(owner).set_asset_cap(NATIVE_ETH, U256::MAX).motsu_unwrap();
        lrt.sender(owner).set_asset_cap(lst.address(), U256::MAX).motsu_unwrap();
        lrt.sender(owner).set_parameters(U256::from(10_000), U256::from(2_000), U256::from(fee), U256::MAX, 1).motsu_unwrap();
        lrt.sender(manager).set_test_next_account(acc.address());
        lrt.sender(manager).add_operator(op1, &[], U256::ZERO, B256::ZERO).motsu_unwrap();
        let w = wallet.address();
        let unit = U256::from(10u64.pow(14));
        let mut paid_in = U256::ZERO;
        let mut paid_out = U256::ZERO;
        let mut requests: Vec<U256> = Vec::new();
        let mut slashed = U256::ZERO;
        for o in ops {
            let before = lrt.sender(w).rate().motsu_unwrap();
            let mut slash = false;
            match o {
                Op::Deposit(n) => { paid_in += unit * U256::from(n); env.deposit_eth(w, unit * U256::from(n)); }
                Op::DepositLst(n) => {
                    env.fund_lst(w, unit * U256::from(n));
                    paid_in += unit * U256::from(n);
                    lrt.sender(w).deposit_token(lst.address(), unit * U256::from(n), U256::ZERO).motsu_unwrap();
                    // Restake half of what is idle, so slashes bite.
                    let idle = lst.sender(w).balance_of(lrt.address());
                    let _ = lrt.sender(manager).restake(op1, lst.address(), idle / U256::from(2)).motsu_res();
                }
                Op::Instant(n) => {
                    let bal = lrt.sender(w).balance_of(w);
                    let shares = (unit * U256::from(n)).min(bal);
                    if !shares.is_zero() {
                        if let Ok(out) = lrt.sender(w).instant_redeem(shares, NATIVE_ETH, U256::ZERO, w).motsu_res() {
                            paid_out += out;
                        }
                    }
                }
                Op::Request(n) => {
                    let bal = lrt.sender(w).balance_of(w);
                    let shares = (unit * U256::from(n)).min(bal);
                    if !shares.is_zero() {
                        if let Ok(id) = lrt.sender(w).request_redeem(shares, NATIVE_ETH).motsu_res() {
                            requests.push(id);
                        }
                    }
                }
                Op::Finalize => {
                    // Any pending request may be finalized, in any order (M-2).
                    for id in requests.iter().copied() {
                        if lrt.sender(w).finalize_redeem(id).motsu_res().is_ok() {
                            break;
                        }
                    }
                }
                Op::Claim => {
                    if let Some(id) = requests.first().copied() {
                        if let Ok(out) = lrt.sender(w).claim_redeem(id, w).motsu_res() {
                            paid_out += out;
                            requests.remove(0);
                        }
                    }
                }
                Op::Donate(n) => { lst.sender(owner).mint(lrt.address(), unit * U256::from(n)).motsu_unwrap(); paid_in += unit * U256::from(n); }
                Op::Slash(n) => {
                    slashed = (slashed + U256::from(n) * U256::from(10u64.pow(15))).min(WAD);
                    reg.sender(owner).slash(op1, slashed);
                    slash = true;
                }
                Op::Transfer(n) => {
                    let bal = lrt.sender(w).balance_of(w);
                    let _ = lrt.sender(w).transfer(owner, (unit * U256::from(n)).min(bal)).motsu_res();
                    let back = lrt.sender(owner).balance_of(owner);
                    lrt.sender(owner).transfer(w, back).motsu_unwrap();
                }
            }
            let after = lrt.sender(w).rate().motsu_unwrap();
            if !slash {
                prop_assert!(after >= before, "rate fell from {} to {} on {:?}", before, after, o);
            }
        }
        // Mint → redeem never gains: everything paid out (and still
        // claimable) never exceeds what went in.
        prop_assert!(paid_out <= paid_in);
    }
}

#[motsu::test]
#[allow(clippy::too_many_arguments)]
fn sub_account_bounds_its_open_withdrawals(
    lrt: Contract<Lrt>,
    lst: Contract<MockLst>,
    ev: Contract<Vault>,
    lv: Contract<Vault>,
    reg: Contract<MockRegistry>,
    acc1: Contract<LrtAccount>,
    owner: Address,
    manager: Address,
    op1: Address,
    alice: Address,
) {
    let env = fixture!(lrt, lst, ev, lv, reg, owner, manager);
    let l = env.lrt;
    l.sender(manager).set_test_next_account(acc1.address());
    l.sender(manager)
        .add_operator(op1, &[], U256::ZERO, B256::ZERO)
        .motsu_unwrap();
    env.deposit_eth(alice, E18);
    l.sender(manager)
        .restake(op1, NATIVE_ETH, E18)
        .motsu_unwrap();
    for n in 1..=restake_lrt_account::MAX_WITHDRAWALS {
        let id = l
            .sender(manager)
            .unstake(op1, NATIVE_ETH, U256::from(1))
            .motsu_unwrap();
        assert_eq!(id, U256::from(n));
    }
    // Queued value still counts, one open withdrawal at a time.
    assert_eq!(l.sender(alice).books().motsu_unwrap().0, E18);
    let err = l
        .sender(manager)
        .unstake(op1, NATIVE_ETH, U256::from(1))
        .motsu_unwrap_err();
    assert!(matches!(err, Error::Call(data)
        if data == LrtTooMany { which: 2, max: U256::from(16) }.abi_encode()));
    // Completing one frees a slot.
    reg.sender(owner).set_ready(U256::from(3));
    assert_eq!(
        l.sender(alice)
            .complete_unstake(op1, U256::from(3))
            .motsu_unwrap(),
        U256::from(1)
    );
    l.sender(manager)
        .unstake(op1, NATIVE_ETH, U256::from(1))
        .motsu_unwrap();
}
