//! The Lrt with two real vaults (ETH and the mock LST), the mock registry and
//! directly deployed sub-accounts, natively (motsu). The set-up is
//! `restake_lrt_tests::with_mock::setup`.
use alloy_primitives::{keccak256, Address, B256, U256};
use alloy_signer::SignerSync;
use motsu::prelude::*;
use restake_interfaces::{lrt::*, NATIVE_ETH};
use restake_lrt::{Error, Lrt, STATUS_CLAIMABLE, STATUS_CLAIMED, STATUS_PENDING};
use restake_lrt_account::LrtAccount;
use restake_lrt_tests::{buys, e18, with_mock::setup, worth, MockRegistry, Wallet, E18, T0, V};
use restake_math::{mul_div, Rounding, WAD};
use restake_mock_lst::MockLst;
use restake_vault::Vault;

// ---------------------------------------------------------------------------
// The "done when": ETH and LST in, a slash of one operator lowers
// the rate, both exits, every amount exact.
// ---------------------------------------------------------------------------

#[motsu::test]
#[allow(clippy::too_many_arguments)]
fn wallet_deposits_eth_and_lst_sees_slash_and_exits_both_ways(
    lrt: Contract<Lrt>,
    lst: Contract<MockLst>,
    eth_vault: Contract<Vault>,
    lst_vault: Contract<Vault>,
    registry: Contract<MockRegistry>,
    acc1: Contract<LrtAccount>,
    acc2: Contract<LrtAccount>,
    alice: Contract<Wallet>,
    owner: Address,
    manager: Address,
    op1: Address,
    op2: Address,
) {
    let env = setup(
        &lrt, &lst, &eth_vault, &lst_vault, &registry, owner, manager,
    );
    let a = alice.address();
    env.add_operator(op1, &acc1);
    env.add_operator(op2, &acc2);
    lrt.assert_emitted(&OperatorAdded {
        operator: op1,
        account: acc1.address(),
    });
    assert_eq!(registry.sender(owner).delegated_to(acc2.address()), op2);
    assert_eq!(acc1.sender(owner).controller(), lrt.address());

    // 1. Deposit 10 ETH and 10 LST: 1:1 on an empty Lrt.
    assert_eq!(env.deposit_eth(a, e18(10)), e18(10));
    lrt.assert_emitted(&Deposited {
        sender: a,
        receiver: a,
        asset: NATIVE_ETH,
        assets: e18(10),
        shares: e18(10),
    });
    assert_eq!(env.deposit_lst(a, e18(10)), e18(10));
    assert_eq!(lrt.sender(a).balance_of(a), e18(20));
    assert_eq!(env.books(), (e18(20), e18(20), e18(20), U256::ZERO));
    assert_eq!(env.rate(), E18);

    // 2. Restake 8 ETH with op1 and 8 LST with op2 (cap 50%).
    lrt.sender(owner)
        .set_parameters(
            U256::from(5_000),
            U256::ZERO,
            U256::from(10),
            U256::MAX,
            86_400,
        )
        .motsu_unwrap();
    assert_eq!(
        lrt.sender(manager)
            .restake(op1, NATIVE_ETH, e18(8))
            .motsu_unwrap(),
        e18(8)
    );
    lrt.assert_emitted(&Restaked {
        operator: op1,
        asset: NATIVE_ETH,
        assets: e18(8),
        shares: e18(8),
    });
    assert_eq!(
        lrt.sender(manager)
            .restake(op2, lst.address(), e18(8))
            .motsu_unwrap(),
        e18(8)
    );
    assert_eq!(eth_vault.sender(a).deposit_shares(acc1.address()), e18(8));
    assert_eq!(lst_vault.sender(a).deposit_shares(acc2.address()), e18(8));
    assert_eq!(env.books(), (e18(20), e18(20), e18(4), U256::ZERO));
    assert_eq!(
        lrt.sender(a).operator_value(U256::ZERO).motsu_unwrap(),
        e18(8)
    );

    // 3. op1 is slashed by half: 4 ETH of value gone, the rate falls at once.
    registry.sender(owner).slash(op1, WAD / U256::from(2));
    assert_eq!(env.books(), (e18(16), e18(20), e18(4), U256::ZERO));
    assert_eq!(
        env.rate(),
        mul_div(E18, e18(16) + V, e18(20) + V, Rounding::Down).unwrap()
    );
    assert!(env.rate() < E18);

    // 4. Instant exit of 1 LRT in ETH: value at the rate, less a 10 bps fee (up).
    let gross = worth(E18, e18(16), e18(20));
    let fee = mul_div(gross, U256::from(10), U256::from(10_000), Rounding::Up).unwrap();
    let out = lrt
        .sender(a)
        .instant_redeem(E18, NATIVE_ETH, gross - fee, a)
        .motsu_unwrap();
    assert_eq!(out, gross - fee);
    assert_eq!(alice.balance(), gross - fee);
    lrt.assert_emitted(&InstantRedeemed {
        owner: a,
        receiver: a,
        asset: NATIVE_ETH,
        shares: E18,
        assets: out,
        fee,
    });
    let value = e18(16) - out;
    assert_eq!(env.books().0, value);

    // 5. Request 5 LRT in LST: burns now, priced at the rate in force.
    let max = worth(e18(5), value, e18(19));
    let id = lrt
        .sender(a)
        .request_redeem(e18(5), lst.address())
        .motsu_unwrap();
    assert_eq!(id, U256::from(1));
    lrt.assert_emitted(&RedeemRequested {
        request_id: id,
        owner: a,
        asset: lst.address(),
        shares: e18(5),
        max_value: max,
    });
    assert_eq!(lrt.sender(a).balance_of(a), e18(14));
    assert_eq!(
        lrt.sender(a).request(id),
        (a, lst.address(), STATUS_PENDING, e18(5), max, U256::ZERO)
    );
    // Not enough idle LST (2) to finalize yet.
    let err = lrt.sender(a).finalize_redeem(id).motsu_unwrap_err();
    assert!(
        matches!(err, Error::InsufficientLiquidity(e) if e.available == e18(2) && e.requested == max)
    );

    // 6. Fund it: unstake 8 LST shares from op2, complete after the delay.
    let wid = lrt
        .sender(manager)
        .unstake(op2, lst.address(), e18(8))
        .motsu_unwrap();
    lrt.assert_emitted(&UnstakeQueued {
        operator: op2,
        asset: lst.address(),
        withdrawal_id: wid,
        shares: e18(8),
    });
    assert_eq!(env.books().0, value); // queued value still counts
    let err = lrt.sender(a).complete_unstake(op2, wid).motsu_unwrap_err();
    assert!(matches!(err, Error::Call(_)));
    registry.sender(owner).set_ready(wid);
    assert_eq!(
        lrt.sender(a).complete_unstake(op2, wid).motsu_unwrap(),
        e18(8)
    );
    lrt.assert_emitted(&UnstakeCompleted {
        operator: op2,
        asset: lst.address(),
        withdrawal_id: wid,
        assets: e18(8),
    });
    assert_eq!(lst.sender(a).balance_of(lrt.address()), e18(10));

    // 7. Finalize (anyone) and claim.
    assert_eq!(lrt.sender(owner).finalize_redeem(id).motsu_unwrap(), max);
    lrt.assert_emitted(&RedeemFinalized {
        request_id: id,
        assets: max,
    });
    assert_eq!(lrt.sender(a).request(id).2, STATUS_CLAIMABLE);
    assert_eq!(lrt.sender(a).claim_redeem(id, a).motsu_unwrap(), max);
    lrt.assert_emitted(&RedeemClaimed {
        request_id: id,
        receiver: a,
        assets: max,
    });
    assert_eq!(lst.sender(a).balance_of(a), max);
    assert_eq!(lrt.sender(a).request(id).2, STATUS_CLAIMED);
    assert_eq!(env.books().0, value - max);
    assert_eq!(env.books().1, e18(14));
}

// ---------------------------------------------------------------------------
// Named attacks and risks
// ---------------------------------------------------------------------------

#[motsu::test]
#[allow(clippy::too_many_arguments)]
fn donation_to_the_lrt_raises_the_rate_and_steals_nothing(
    lrt: Contract<Lrt>,
    lst: Contract<MockLst>,
    eth_vault: Contract<Vault>,
    lst_vault: Contract<Vault>,
    registry: Contract<MockRegistry>,
    attacker: Contract<Wallet>,
    victim: Contract<Wallet>,
    owner: Address,
    manager: Address,
) {
    let env = setup(
        &lrt, &lst, &eth_vault, &lst_vault, &registry, owner, manager,
    );
    let (x, y) = (attacker.address(), victim.address());
    // First-depositor inflation: 1 wei deposit, then a 10 ETH donation.
    assert_eq!(env.deposit_eth(x, U256::from(1)), U256::from(1));
    lst.sender(owner)
        .mint(lrt.address(), e18(10))
        .motsu_unwrap();
    assert_eq!(env.books().0, e18(10) + U256::from(1));
    // The victim still gets shares (the virtual offset), and the attacker
    // cannot take out more than it put in.
    let shares = env.deposit_eth(y, e18(1));
    assert_eq!(shares, buys(e18(1), e18(10) + U256::from(1), U256::from(1)));
    assert!(shares > U256::ZERO);
    let (value, supply, _, _) = env.books();
    let attacker_worth = worth(U256::from(1), value, supply);
    assert!(attacker_worth < e18(10));
    // Donations never lower the rate.
    let before = env.rate();
    x.fund(e18(1));
    lrt.sender_and_value(x, e18(1)).receive().motsu_unwrap();
    assert!(env.rate() > before);
}

#[motsu::test]
#[allow(clippy::too_many_arguments)]
fn slash_during_pending_redemption_is_shared_pro_rata(
    lrt: Contract<Lrt>,
    lst: Contract<MockLst>,
    eth_vault: Contract<Vault>,
    lst_vault: Contract<Vault>,
    registry: Contract<MockRegistry>,
    acc1: Contract<LrtAccount>,
    alice: Contract<Wallet>,
    bob: Contract<Wallet>,
    owner: Address,
    manager: Address,
    op1: Address,
) {
    let env = setup(
        &lrt, &lst, &eth_vault, &lst_vault, &registry, owner, manager,
    );
    env.add_operator(op1, &acc1);
    let (a, b) = (alice.address(), bob.address());
    env.deposit_eth(a, e18(10));
    env.deposit_eth(b, e18(10));
    lrt.sender(manager)
        .restake(op1, NATIVE_ETH, e18(20))
        .motsu_unwrap();
    // Alice requests half of the supply; then op1 loses 10%.
    let id = lrt
        .sender(a)
        .request_redeem(e18(10), NATIVE_ETH)
        .motsu_unwrap();
    assert_eq!(lrt.sender(a).request(id).4, e18(10));
    assert_eq!(env.books(), (e18(20), e18(20), U256::ZERO, e18(10)));
    registry.sender(owner).slash(op1, WAD / U256::from(10));
    // The pending shares still bear the slash: value 18 over 20 shares.
    assert_eq!(env.books().0, e18(18));
    let bob_worth = worth(e18(10), e18(18), e18(20));
    // Fund with an unstake of all 20 deposit shares (18 withdrawable).
    let wid = lrt
        .sender(manager)
        .unstake(op1, NATIVE_ETH, e18(20))
        .motsu_unwrap();
    registry.sender(owner).set_ready(wid);
    assert_eq!(
        lrt.sender(a).complete_unstake(op1, wid).motsu_unwrap(),
        e18(18)
    );
    // ETH proceeds wait in the sub-account as idle liquidity.
    assert_eq!(acc1.balance(), e18(18));
    lrt.sender(b).finalize_redeem(id).motsu_unwrap();
    // Alice gets the lower value (after the slash), not the 10 she was quoted.
    let paid = worth(e18(10), e18(18), e18(20));
    assert_eq!(lrt.sender(a).request(id).5, paid);
    assert!(paid < e18(10));
    // Bob's LRT is worth exactly what it was worth after the slash.
    let (value, supply, _, pending) = env.books();
    assert_eq!(pending, U256::ZERO);
    assert_eq!(supply, e18(10));
    assert!(worth(e18(10), value, supply) >= bob_worth);
    assert_eq!(lrt.sender(a).claim_redeem(id, a).motsu_unwrap(), paid);
    assert_eq!(alice.balance(), paid);
    assert_eq!(acc1.balance(), e18(18) - paid);
}

#[motsu::test]
#[allow(clippy::too_many_arguments)]
fn buffer_exhaustion_is_rate_limited_per_period(
    lrt: Contract<Lrt>,
    lst: Contract<MockLst>,
    eth_vault: Contract<Vault>,
    lst_vault: Contract<Vault>,
    registry: Contract<MockRegistry>,
    acc1: Contract<LrtAccount>,
    alice: Contract<Wallet>,
    owner: Address,
    manager: Address,
    op1: Address,
) {
    let env = setup(
        &lrt, &lst, &eth_vault, &lst_vault, &registry, owner, manager,
    );
    env.add_operator(op1, &acc1);
    let a = alice.address();
    env.deposit_eth(a, e18(10));
    // Keep a 20% buffer; instant exits capped at 1 ETH per hour.
    lrt.sender(owner)
        .set_parameters(
            U256::from(10_000),
            U256::from(2_000),
            U256::ZERO,
            E18,
            3_600,
        )
        .motsu_unwrap();
    lrt.assert_emitted(&ParametersSet {
        concentration_cap_bps: U256::from(10_000),
        buffer_bps: U256::from(2_000),
        instant_fee_bps: U256::ZERO,
        instant_limit: E18,
        instant_period: 3_600,
    });
    let err = lrt
        .sender(manager)
        .restake(op1, NATIVE_ETH, e18(9))
        .motsu_unwrap_err();
    assert!(matches!(err, Error::BufferBelowTarget(e) if e.idle == e18(1) && e.target == e18(2)));
    lrt.sender(manager)
        .restake(op1, NATIVE_ETH, e18(8))
        .motsu_unwrap();
    // A rush for the exit: 1 ETH per period, not the whole buffer at once.
    lrt.sender(a)
        .instant_redeem(E18, NATIVE_ETH, U256::ZERO, a)
        .motsu_unwrap();
    let err = lrt
        .sender(a)
        .instant_redeem(U256::from(1), NATIVE_ETH, U256::ZERO, a)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::RateLimitExceeded(e) if e.limit == E18 && e.used == E18));
    lrt.sender(owner).set_test_timestamp(T0 + 3_600);
    lrt.sender(a)
        .instant_redeem(E18, NATIVE_ETH, U256::ZERO, a)
        .motsu_unwrap();
    // Buffer now empty: the next exit has no liquidity, and must queue.
    lrt.sender(owner).set_test_timestamp(T0 + 7_200);
    let err = lrt
        .sender(a)
        .instant_redeem(E18, NATIVE_ETH, U256::ZERO, a)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InsufficientLiquidity(e) if e.available == U256::ZERO));
    assert_eq!(alice.balance(), e18(2));
    assert_eq!(
        lrt.sender(a).request_redeem(E18, NATIVE_ETH).motsu_unwrap(),
        U256::from(1)
    );
}

#[motsu::test]
#[allow(clippy::too_many_arguments)]
fn concentration_cap_breach_reverts(
    lrt: Contract<Lrt>,
    lst: Contract<MockLst>,
    eth_vault: Contract<Vault>,
    lst_vault: Contract<Vault>,
    registry: Contract<MockRegistry>,
    acc1: Contract<LrtAccount>,
    acc2: Contract<LrtAccount>,
    alice: Contract<Wallet>,
    owner: Address,
    manager: Address,
    op1: Address,
    op2: Address,
) {
    let env = setup(
        &lrt, &lst, &eth_vault, &lst_vault, &registry, owner, manager,
    );
    env.add_operator(op1, &acc1);
    env.add_operator(op2, &acc2);
    env.deposit_eth(alice.address(), e18(10));
    lrt.sender(owner)
        .set_parameters(U256::from(4_000), U256::ZERO, U256::ZERO, U256::MAX, 1)
        .motsu_unwrap();
    let err = lrt
        .sender(manager)
        .restake(op1, NATIVE_ETH, e18(4) + U256::from(1))
        .motsu_unwrap_err();
    assert!(matches!(err, Error::ConcentrationCapExceeded(e)
        if e.operator == op1 && e.operator_value == e18(4) + U256::from(1) && e.cap == e18(4)));
    lrt.sender(manager)
        .restake(op1, NATIVE_ETH, e18(4))
        .motsu_unwrap();
    lrt.sender(manager)
        .restake(op2, NATIVE_ETH, e18(4))
        .motsu_unwrap();
    let err = lrt
        .sender(manager)
        .restake(op2, NATIVE_ETH, U256::from(1))
        .motsu_unwrap_err();
    assert!(matches!(err, Error::ConcentrationCapExceeded(_)));
    assert_eq!(env.books().2, e18(2));
}

fn permit_sig(
    lrt: &Contract<Lrt>,
    signer: &Account,
    spender: Address,
    value: U256,
    nonce: U256,
    deadline: U256,
) -> (u8, B256, B256) {
    let typehash = keccak256(
        b"Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)",
    );
    let mut enc = Vec::new();
    enc.extend_from_slice(typehash.as_slice());
    enc.extend_from_slice(signer.address().into_word().as_slice());
    enc.extend_from_slice(spender.into_word().as_slice());
    enc.extend_from_slice(&value.to_be_bytes::<32>());
    enc.extend_from_slice(&nonce.to_be_bytes::<32>());
    enc.extend_from_slice(&deadline.to_be_bytes::<32>());
    let mut msg = b"\x19\x01".to_vec();
    msg.extend_from_slice(lrt.sender(spender).domain_separator().as_slice());
    msg.extend_from_slice(keccak256(&enc).as_slice());
    let sig = signer.signer().sign_hash_sync(&keccak256(&msg)).unwrap();
    (27 + sig.v() as u8, B256::from(sig.r()), B256::from(sig.s()))
}

#[motsu::test]
#[allow(clippy::too_many_arguments)]
fn permit_sets_allowance_once_and_replay_fails(
    lrt: Contract<Lrt>,
    lst: Contract<MockLst>,
    eth_vault: Contract<Vault>,
    lst_vault: Contract<Vault>,
    registry: Contract<MockRegistry>,
    holder: Account,
    spender: Address,
    owner: Address,
    manager: Address,
) {
    setup(
        &lrt, &lst, &eth_vault, &lst_vault, &registry, owner, manager,
    );
    let deadline = U256::from(T0 + 10);
    let (v, r, s) = permit_sig(&lrt, &holder, spender, e18(3), U256::ZERO, deadline);
    lrt.sender(spender)
        .permit(holder.address(), spender, e18(3), deadline, v, r, s)
        .motsu_unwrap();
    assert_eq!(
        lrt.sender(spender).allowance(holder.address(), spender),
        e18(3)
    );
    assert_eq!(lrt.sender(spender).nonces(holder.address()), U256::from(1));
    lrt.assert_emitted(&Approval {
        owner: holder.address(),
        spender,
        value: e18(3),
    });
    // Replay: the nonce moved on, so the same signature recovers another signer.
    let err = lrt
        .sender(spender)
        .permit(holder.address(), spender, e18(3), deadline, v, r, s)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InvalidSigner(e) if e.owner == holder.address()));
    // Expired.
    let (v, r, s) = permit_sig(&lrt, &holder, spender, e18(3), U256::from(1), deadline);
    lrt.sender(owner).set_test_timestamp(T0 + 11);
    let err = lrt
        .sender(spender)
        .permit(holder.address(), spender, e18(3), deadline, v, r, s)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::ExpiredSignature(e) if e.deadline == deadline));
}

#[motsu::test]
#[allow(clippy::too_many_arguments)]
fn front_run_permit_cannot_steal_or_block(
    lrt: Contract<Lrt>,
    lst: Contract<MockLst>,
    eth_vault: Contract<Vault>,
    lst_vault: Contract<Vault>,
    registry: Contract<MockRegistry>,
    holder: Account,
    spender: Contract<Wallet>,
    frontrunner: Address,
    owner: Address,
    manager: Address,
) {
    let env = setup(
        &lrt, &lst, &eth_vault, &lst_vault, &registry, owner, manager,
    );
    let h = holder.address();
    let sp = spender.address();
    env.deposit_eth(sp, e18(2));
    lrt.sender(sp).transfer(h, e18(2)).motsu_unwrap();
    let deadline = U256::from(T0 + 100);
    let (v, r, s) = permit_sig(&lrt, &holder, sp, e18(2), U256::ZERO, deadline);
    // A front-runner submits the permit first: the allowance goes to the
    // intended spender only.
    lrt.sender(frontrunner)
        .permit(h, sp, e18(2), deadline, v, r, s)
        .motsu_unwrap();
    assert_eq!(
        lrt.sender(frontrunner).allowance(h, frontrunner),
        U256::ZERO
    );
    // The spender's own permit call now fails (nonce used), but the
    // allowance is in place, so permit-then-transferFrom still works when
    // the integrator checks the allowance first.
    assert!(lrt
        .sender(sp)
        .permit(h, sp, e18(2), deadline, v, r, s)
        .motsu_unwrap_err()
        .is_invalid_signer());
    lrt.sender(sp).transfer_from(h, sp, e18(2)).motsu_unwrap();
    assert_eq!(lrt.sender(sp).balance_of(sp), e18(2));
    // A permit for another spender cannot be bent to the front-runner.
    let (v, r, s) = permit_sig(&lrt, &holder, sp, e18(1), U256::from(1), deadline);
    let err = lrt
        .sender(frontrunner)
        .permit(h, frontrunner, e18(1), deadline, v, r, s)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InvalidSigner(_)));
}

trait IsInvalidSigner {
    fn is_invalid_signer(&self) -> bool;
}
impl IsInvalidSigner for Error {
    fn is_invalid_signer(&self) -> bool {
        matches!(self, Error::InvalidSigner(_))
    }
}
