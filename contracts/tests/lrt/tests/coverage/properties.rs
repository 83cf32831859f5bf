//! Properties: the rate never falls except by slashing and mint → redeem
//! never gains; the sub-account bounds its open withdrawals.

use super::*;

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
        lrt.sender(manager).add_operator(op1, [], U256::ZERO, B256::ZERO).motsu_unwrap();
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
        .add_operator(op1, [], U256::ZERO, B256::ZERO)
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
