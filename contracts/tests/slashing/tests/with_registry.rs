//! The slashing manager with the real operator registry and vault: a slash
//! lowers the registry's max magnitude, the operator's stake, the stakers'
//! withdrawable shares and the slashable queued withdrawals, and the vault
//! burns exactly the shares the registry returns.
use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::{SolCall, SolError};
use motsu::prelude::*;
use restake_interfaces::{slashing::ISlashingManager as I, slashing::*, BURN_ADDRESS};
use restake_mock_lst::MockLst;
use restake_registry::OperatorRegistry;
use restake_slashing::SlashingManager;
use restake_test_fixtures::{e18, DAY, WAD};
use restake_vault::Vault;
use stylus_sdk::abi::Router;

/// The registry's minimum allocation delay for a 7-day withdrawal delay (7 days × 1.25):
/// an allocation becomes slashable only this long after it is made (security issue #11, L-2).
const ALLOC: u64 = 756_000;

/// Routes `data` (selector ‖ arguments) to `m` as `from`, as the wasm
/// entrypoint does (`Router::route`; fewer than four bytes: the router's
/// fallback), and reverts motsu's state if the call fails.
fn route(m: &Contract<SlashingManager>, from: Address, data: &[u8]) -> Result<Vec<u8>, Vec<u8>> {
    let mut c = m.sender(from);
    let out = match data.get(..4) {
        Some(s) => {
            let selector = u32::from_be_bytes([s[0], s[1], s[2], s[3]]);
            <SlashingManager as Router<SlashingManager>>::route(&mut c, selector, &data[4..])
                // No route: the entrypoint hands the calldata to `unknown`
                // (the extension in the core wasm; refused natively).
                .or_else(|| Some(c.unknown(data).map_err(Vec::<u8>::from)))
        }
        None => <SlashingManager as Router<SlashingManager>>::fallback(&mut c, data),
    };
    out.expect("the manager's router answers every call")
        .motsu_res()
}

fn call<C: SolCall>(
    m: &Contract<SlashingManager>,
    from: Address,
    c: C,
) -> Result<C::Return, Vec<u8>> {
    let out = route(m, from, &c.abi_encode())?;
    Ok(C::abi_decode_returns(&out, true).unwrap())
}

#[motsu::test]
fn slash_through_the_real_registry_and_vault() {
    let (m, reg, lst, vault) = (
        Contract::<SlashingManager>::new(),
        Contract::<OperatorRegistry>::new(),
        Contract::<MockLst>::new(),
        Contract::<Vault>::new(),
    );
    let (owner, avs, op, slasher, alice, bob) = (
        Address::random(),
        Address::random(),
        Address::random(),
        Address::random(),
        Address::random(),
        Address::random(),
    );
    // Wiring: registry → manager → registry.setSlashingManager → vault.
    reg.sender(owner)
        .constructor(owner, 7 * DAY, Address::ZERO)
        .motsu_unwrap();
    m.sender(owner)
        .constructor(reg.address(), 14 * DAY, Address::ZERO)
        .motsu_unwrap();
    reg.sender(owner)
        .set_slashing_manager(m.address())
        .motsu_unwrap();
    lst.sender(owner).constructor(owner).motsu_unwrap();
    vault
        .sender(owner)
        .constructor(
            lst.address(),
            owner,
            owner,
            reg.address(),
            m.address(),
            U256::MAX,
        )
        .motsu_unwrap();
    reg.sender(owner).add_vault(vault.address()).motsu_unwrap();
    // An operator with no allocation delay; two stakers delegate and deposit.
    reg.sender(op)
        .register_as_operator(Address::ZERO, 0, String::from("op"))
        .motsu_unwrap();
    for (staker, amount) in [(alice, e18(60)), (bob, e18(40))] {
        reg.sender(staker)
            .delegate_to(op, stylus_sdk::abi::Bytes(vec![]), U256::ZERO, B256::ZERO)
            .motsu_unwrap();
        lst.sender(owner).mint(staker, amount).motsu_unwrap();
        lst.sender(staker)
            .approve(vault.address(), amount)
            .motsu_unwrap();
        vault.sender(staker).deposit(amount, staker).motsu_unwrap();
    }
    assert_eq!(reg.sender(op).operator_stake(op, vault.address()), e18(100));
    // Bob queues half of his position: still slashable.
    reg.sender(bob)
        .queue_withdrawal(vec![vault.address()], vec![e18(20)])
        .motsu_unwrap();

    // AVS, set, membership, allocation of 40%.
    call(
        &m,
        owner,
        I::setTestTimestampCall {
            timestamp: 1_000_000 - ALLOC,
        },
    )
    .unwrap();
    call(
        &m,
        avs,
        I::registerAvsCall {
            metadataUri: "avs".into(),
            registrar: Address::ZERO,
        },
    )
    .unwrap();
    call(
        &m,
        avs,
        I::createOperatorSetCall {
            setId: 1,
            vaults: vec![vault.address()],
            slasher,
            recipient: Address::ZERO,
            resolver: Address::ZERO,
            vetoWindow: 0,
            capWad: WAD,
            capPeriod: DAY,
            equivocationPenalty: 0,
            evidenceVerifier: Address::ZERO,
        },
    )
    .unwrap();
    call(&m, op, I::joinOperatorSetCall { avs, setId: 1 }).unwrap();
    call(
        &m,
        op,
        I::modifyAllocationCall {
            avs,
            setId: 1,
            vault: vault.address(),
            magnitude: WAD / 100 * 40,
        },
    )
    .unwrap();
    // The allocation takes effect after the allocation delay.
    call(
        &m,
        owner,
        I::setTestTimestampCall {
            timestamp: 1_000_000,
        },
    )
    .unwrap();
    let stake = call(
        &m,
        op,
        I::slashableStakeCall {
            operator: op,
            avs,
            setId: 1,
            vault: vault.address(),
            at: 0,
        },
    )
    .unwrap()
    ._0;
    assert_eq!(stake, e18(32), "40% of the 80 delegated (20 are queued)");

    // Slash 25% of the allocation: 10% of the magnitude.
    let id = call(
        &m,
        slasher,
        I::slashCall {
            operator: op,
            avs,
            setId: 1,
            vaults: vec![vault.address()],
            wadFraction: WAD / 4,
            description: "fault".into(),
        },
    )
    .unwrap()
    .slashId;
    assert_eq!(
        reg.sender(op).max_magnitude(op, vault.address()),
        WAD / 100 * 90
    );
    assert_eq!(reg.sender(op).operator_stake(op, vault.address()), e18(72));
    assert_eq!(
        reg.sender(alice)
            .withdrawable_shares(alice, vault.address())
            .motsu_unwrap(),
        e18(54)
    );
    assert_eq!(
        reg.sender(bob)
            .withdrawable_shares(bob, vault.address())
            .motsu_unwrap(),
        e18(18)
    );
    // 8 delegated + 2 queued shares were burned, with their 10 tokens.
    m.assert_emitted(&AllocationSlashed {
        slash_id: id,
        operator: op,
        vault: vault.address(),
        magnitude: WAD / 10,
        allocation: WAD / 100 * 30,
        shares: e18(10),
        recipient: Address::ZERO,
        pending: e18(10),
    });
    // They wait in the vault's supply until anyone releases them.
    assert_eq!(vault.sender(op).total_shares(), e18(100));
    call(
        &m,
        Address::random(),
        I::releaseSlashedCall {
            vault: vault.address(),
            recipient: Address::ZERO,
        },
    )
    .unwrap();
    assert_eq!(vault.sender(op).total_shares(), e18(90));
    assert_eq!(lst.sender(op).balance_of(BURN_ADDRESS), e18(10));

    // Only the manager may slash through the registry.
    let err = reg
        .sender(slasher)
        .slash_operator(op, vault.address(), 1)
        .motsu_unwrap_err();
    let data: Vec<u8> = err.into();
    assert_ne!(
        data,
        SlashingUnauthorized { caller: slasher }.abi_encode(),
        "the registry answers with its own error"
    );
    assert!(!data.is_empty());
}

/// Vetoable and evidence slashing through the real registry: a staker's
/// withdrawable shares are exact after each.
#[motsu::test]
fn veto_window_and_double_sign_evidence_through_the_real_registry() {
    use alloy_signer::SignerSync;
    use restake_slashing_evidence::EvidenceVerifier;

    let (m, ev, reg, lst, vault) = (
        Contract::<SlashingManager>::new(),
        Contract::<EvidenceVerifier>::new(),
        Contract::<OperatorRegistry>::new(),
        Contract::<MockLst>::new(),
        Contract::<Vault>::new(),
    );
    let (owner, avs, op, slasher, resolver, alice) = (
        Address::random(),
        Address::random(),
        Address::random(),
        Address::random(),
        Address::random(),
        Address::random(),
    );
    reg.sender(owner)
        .constructor(owner, 7 * DAY, Address::ZERO)
        .motsu_unwrap();
    m.sender(owner)
        .constructor(reg.address(), 14 * DAY, Address::ZERO)
        .motsu_unwrap();
    ev.sender(owner).constructor(m.address()).motsu_unwrap();
    reg.sender(owner)
        .set_slashing_manager(m.address())
        .motsu_unwrap();
    lst.sender(owner).constructor(owner).motsu_unwrap();
    vault
        .sender(owner)
        .constructor(
            lst.address(),
            owner,
            owner,
            reg.address(),
            m.address(),
            U256::MAX,
        )
        .motsu_unwrap();
    reg.sender(owner).add_vault(vault.address()).motsu_unwrap();
    reg.sender(op)
        .register_as_operator(Address::ZERO, 0, String::from("op"))
        .motsu_unwrap();
    reg.sender(alice)
        .delegate_to(op, stylus_sdk::abi::Bytes(vec![]), U256::ZERO, B256::ZERO)
        .motsu_unwrap();
    lst.sender(owner).mint(alice, e18(100)).motsu_unwrap();
    lst.sender(alice)
        .approve(vault.address(), e18(100))
        .motsu_unwrap();
    vault.sender(alice).deposit(e18(100), alice).motsu_unwrap();

    let t0 = 1_000_000;
    call(
        &m,
        owner,
        I::setTestTimestampCall {
            timestamp: t0 - ALLOC,
        },
    )
    .unwrap();
    call(
        &m,
        avs,
        I::registerAvsCall {
            metadataUri: "avs".into(),
            registrar: Address::ZERO,
        },
    )
    .unwrap();
    let set = |id: u32, resolver: Address, window: u64, penalty: u64, verifier: Address| {
        I::createOperatorSetCall {
            setId: id,
            vaults: vec![vault.address()],
            slasher,
            recipient: Address::ZERO,
            resolver,
            vetoWindow: window,
            capWad: WAD,
            capPeriod: DAY,
            equivocationPenalty: penalty,
            evidenceVerifier: verifier,
        }
    };
    call(&m, avs, set(1, resolver, DAY, 0, Address::ZERO)).unwrap();
    call(&m, avs, set(2, Address::ZERO, 0, WAD / 10, ev.address())).unwrap();
    for id in [1, 2] {
        call(&m, op, I::joinOperatorSetCall { avs, setId: id }).unwrap();
        call(
            &m,
            op,
            I::modifyAllocationCall {
                avs,
                setId: id,
                vault: vault.address(),
                magnitude: WAD / 2,
            },
        )
        .unwrap();
    }
    // The allocations take effect after the allocation delay.
    call(&m, owner, I::setTestTimestampCall { timestamp: t0 }).unwrap();
    let withdrawable = || {
        reg.sender(alice)
            .withdrawable_shares(alice, vault.address())
            .motsu_unwrap()
    };

    // Through a veto window: 20% of the 50% in set 1.
    let id = call(
        &m,
        slasher,
        I::requestSlashCall {
            operator: op,
            avs,
            setId: 1,
            vaults: vec![vault.address()],
            wadFraction: WAD / 5,
            description: "late".into(),
        },
    )
    .unwrap()
    .slashId;
    assert_eq!(withdrawable(), e18(100), "nothing before the window ends");
    call(
        &m,
        owner,
        I::setTestTimestampCall {
            timestamp: t0 + DAY,
        },
    )
    .unwrap();
    call(&m, Address::random(), I::executeSlashCall { slashId: id }).unwrap();
    assert_eq!(
        reg.sender(op).max_magnitude(op, vault.address()),
        WAD / 10 * 9
    );
    assert_eq!(withdrawable(), e18(90));

    // From double-sign evidence: the 10% penalty of the 50% in set 2.
    let key = alloy_signer_local::PrivateKeySigner::random();
    ev.sender(op)
        .register_signing_key(avs, 2, key.address())
        .motsu_unwrap();
    let (pa, pb) = (B256::random(), B256::random());
    let sign = |p: B256| {
        let digest = ev.sender(op).attestation_digest(avs, 2, 42, p);
        stylus_sdk::abi::Bytes(key.sign_hash_sync(&digest).unwrap().as_bytes().to_vec())
    };
    ev.sender(Address::random())
        .submit_equivocation(op, avs, 2, 42, pa, sign(pa), pb, sign(pb))
        .motsu_unwrap();
    assert_eq!(
        reg.sender(op).max_magnitude(op, vault.address()),
        WAD / 100 * 85
    );
    assert_eq!(withdrawable(), e18(85));
    assert_eq!(reg.sender(op).operator_stake(op, vault.address()), e18(85));
    call(
        &m,
        Address::random(),
        I::releaseSlashedCall {
            vault: vault.address(),
            recipient: Address::ZERO,
        },
    )
    .unwrap();
    assert_eq!(lst.sender(op).balance_of(BURN_ADDRESS), e18(15));
}

/// A staker that sees a slash request coming and queues its whole position
/// during the veto window is slashed all the same: queued shares stay
/// slashable until the withdrawal delay ends.
#[motsu::test]
fn queueing_a_withdrawal_during_the_veto_window_does_not_escape_the_slash() {
    let (m, reg, lst, vault) = (
        Contract::<SlashingManager>::new(),
        Contract::<OperatorRegistry>::new(),
        Contract::<MockLst>::new(),
        Contract::<Vault>::new(),
    );
    let (owner, avs, op, slasher, resolver, alice) = (
        Address::random(),
        Address::random(),
        Address::random(),
        Address::random(),
        Address::random(),
        Address::random(),
    );
    reg.sender(owner)
        .constructor(owner, 7 * DAY, Address::ZERO)
        .motsu_unwrap();
    m.sender(owner)
        .constructor(reg.address(), 14 * DAY, Address::ZERO)
        .motsu_unwrap();
    reg.sender(owner)
        .set_slashing_manager(m.address())
        .motsu_unwrap();
    lst.sender(owner).constructor(owner).motsu_unwrap();
    vault
        .sender(owner)
        .constructor(
            lst.address(),
            owner,
            owner,
            reg.address(),
            m.address(),
            U256::MAX,
        )
        .motsu_unwrap();
    reg.sender(owner).add_vault(vault.address()).motsu_unwrap();
    reg.sender(op)
        .register_as_operator(Address::ZERO, 0, String::from("op"))
        .motsu_unwrap();
    reg.sender(alice)
        .delegate_to(op, stylus_sdk::abi::Bytes(vec![]), U256::ZERO, B256::ZERO)
        .motsu_unwrap();
    lst.sender(owner).mint(alice, e18(100)).motsu_unwrap();
    lst.sender(alice)
        .approve(vault.address(), e18(100))
        .motsu_unwrap();
    vault.sender(alice).deposit(e18(100), alice).motsu_unwrap();

    call(
        &m,
        owner,
        I::setTestTimestampCall {
            timestamp: 1_000_000 - ALLOC,
        },
    )
    .unwrap();
    call(
        &m,
        avs,
        I::registerAvsCall {
            metadataUri: "avs".into(),
            registrar: Address::ZERO,
        },
    )
    .unwrap();
    call(
        &m,
        avs,
        I::createOperatorSetCall {
            setId: 1,
            vaults: vec![vault.address()],
            slasher,
            recipient: Address::ZERO,
            resolver,
            vetoWindow: DAY,
            capWad: WAD,
            capPeriod: DAY,
            equivocationPenalty: 0,
            evidenceVerifier: Address::ZERO,
        },
    )
    .unwrap();
    call(&m, op, I::joinOperatorSetCall { avs, setId: 1 }).unwrap();
    call(
        &m,
        op,
        I::modifyAllocationCall {
            avs,
            setId: 1,
            vault: vault.address(),
            magnitude: WAD / 2,
        },
    )
    .unwrap();
    // The allocation takes effect after the allocation delay.
    call(
        &m,
        owner,
        I::setTestTimestampCall {
            timestamp: 1_000_000,
        },
    )
    .unwrap();
    let id = call(
        &m,
        slasher,
        I::requestSlashCall {
            operator: op,
            avs,
            setId: 1,
            vaults: vec![vault.address()],
            wadFraction: WAD / 5,
            description: "".into(),
        },
    )
    .unwrap()
    .slashId;
    // The staker front-runs the execution by queueing everything.
    let w = reg
        .sender(alice)
        .queue_withdrawal(vec![vault.address()], vec![e18(100)])
        .motsu_unwrap();
    assert_eq!(
        reg.sender(op).operator_stake(op, vault.address()),
        U256::ZERO
    );
    assert_eq!(
        reg.sender(alice)
            .pending_redeem_request(w, vault.address())
            .motsu_unwrap(),
        e18(100)
    );
    call(
        &m,
        owner,
        I::setTestTimestampCall {
            timestamp: 1_000_000 + DAY,
        },
    )
    .unwrap();
    call(&m, Address::random(), I::executeSlashCall { slashId: id }).unwrap();
    // 20% of 50%: the queued 100 are worth 90, and 10 shares were burned.
    assert_eq!(
        reg.sender(alice)
            .pending_redeem_request(w, vault.address())
            .motsu_unwrap(),
        e18(90)
    );
    call(
        &m,
        Address::random(),
        I::releaseSlashedCall {
            vault: vault.address(),
            recipient: Address::ZERO,
        },
    )
    .unwrap();
    assert_eq!(vault.sender(alice).total_shares(), e18(90));
    assert_eq!(lst.sender(alice).balance_of(BURN_ADDRESS), e18(10));
}

/// L-1. Attack (66e5067): the veto window was bounded by the manager's
/// deallocation delay (14 days) only. With the registry's withdrawal delay
/// at 7 days, an AVS could create a set with a 10-day window; a staker who
/// queued its whole position when a request appeared completed the
/// withdrawal on day 7, three days before the request could execute, and
/// left with everything. Now `createOperatorSet` reads the real registry's
/// `withdrawalDelay()` and refuses a window that, with the 1-day
/// `EXECUTION_PERIOD`, does not end by then:
/// `SlashingVetoWindowTooLong(10 days, 1 day, 7 days)`, changing nothing.
/// The longest accepted window is 6 days (6 + 1 = 7); 6 days and a second is
/// refused.
#[motsu::test]
fn a_veto_window_must_end_before_a_queued_withdrawal_can_complete() {
    use restake_slashing::EXECUTION_PERIOD;
    let (m, reg) = (
        Contract::<SlashingManager>::new(),
        Contract::<OperatorRegistry>::new(),
    );
    let (owner, avs, slasher, resolver) = (
        Address::random(),
        Address::random(),
        Address::random(),
        Address::random(),
    );
    reg.sender(owner)
        .constructor(owner, 7 * DAY, Address::ZERO)
        .motsu_unwrap();
    m.sender(owner)
        .constructor(reg.address(), 14 * DAY, Address::ZERO)
        .motsu_unwrap();
    call(
        &m,
        avs,
        I::registerAvsCall {
            metadataUri: "avs".into(),
            registrar: Address::ZERO,
        },
    )
    .unwrap();
    let create = |set_id: u32, window: u64| {
        call(
            &m,
            avs,
            I::createOperatorSetCall {
                setId: set_id,
                vaults: vec![],
                slasher,
                recipient: Address::ZERO,
                resolver,
                vetoWindow: window,
                capWad: WAD,
                capPeriod: DAY,
                equivocationPenalty: 0,
                evidenceVerifier: Address::ZERO,
            },
        )
    };
    let too_long = |window: u64| {
        SlashingVetoWindowTooLong {
            veto_window: window,
            execution_period: EXECUTION_PERIOD,
            withdrawal_delay: 7 * DAY,
        }
        .abi_encode()
    };
    assert_eq!(EXECUTION_PERIOD, DAY);
    assert_eq!(create(1, 10 * DAY).unwrap_err(), too_long(10 * DAY));
    assert_eq!(create(1, 6 * DAY + 1).unwrap_err(), too_long(6 * DAY + 1));
    // Nothing was created by the refusals.
    let s = call(&m, avs, I::operatorSetCall { avs, setId: 1 }).unwrap();
    assert_eq!((s.resolver, s.vetoWindow, s.capWad), (Address::ZERO, 0, 0));
    create(1, 6 * DAY).unwrap();
    let s = call(&m, avs, I::operatorSetCall { avs, setId: 1 }).unwrap();
    assert_eq!((s.resolver, s.vetoWindow), (resolver, 6 * DAY));
}
