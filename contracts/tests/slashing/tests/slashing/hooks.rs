//! Security review #11, I-6: AVS hooks (the registrar, a redistribution
//! recipient refusing ETH) cannot trap an operator or block slashing.

use super::*;

/// I-6, the registrar. Attack (66e5067): `leaveOperatorSet` called the AVS's
/// registrar and reverted with it, so a registrar refusing
/// `deregisterOperator` kept the operator a member, its allocation
/// slashable for ever. Now the hook is called with at most
/// `REGISTRAR_LEAVE_GAS` and its refusal ignored: the operator (50% of both
/// vaults, 100 tokens each) leaves at `t`, stays slashable until exactly
/// `t + 14 days` (a 10% slash at `t + 14 days − 1` still takes 5 of each 100),
/// and from `t + 14 days` is no longer slashable (`SlashingNotSlashable`) and
/// its decrease to 0 is final: encumbered 0, withdrawable exactly 95.
#[motsu::test]
fn a_registrar_cannot_trap_an_operator_in_a_set() {
    let e = Env::new();
    e.join_and_allocate(SET, pct(50));
    e.registrar.sender(e.avs).set_refuse(true);
    let t = e.now();
    e.ok(
        e.op,
        I::leaveOperatorSetCall {
            avs: e.avs,
            setId: SET,
        },
    );
    let until = t + DEALLOCATION_DELAY;
    e.m.assert_emitted(&OperatorLeftSet {
        operator: e.op,
        avs: e.avs,
        set_id: SET,
        slashable_until: until,
    });
    let slashable_until = |e: &Env| {
        e.ok(
            e.op,
            I::slashableUntilCall {
                operator: e.op,
                avs: e.avs,
                setId: SET,
            },
        )
        ._0
    };
    assert_eq!(slashable_until(&e), until);
    for v in e.vaults() {
        e.allocate(SET, v, 0);
        assert_eq!(e.allocation(SET, v), (pct(50), 0, until));
    }
    // Still slashable for the deallocation delay, and no longer after it.
    e.set_time(until - 1);
    e.slash(SET, e.vaults(), pct(10)).unwrap();
    e.set_time(until);
    assert_eq!(
        e.slash(SET, e.vaults(), pct(10)).unwrap_err(),
        enc(SlashingNotSlashable { operator: e.op })
    );
    for v in e.vaults() {
        e.allocate(SET, v, 0); // applies the completed decrease
        assert_eq!(e.allocation(SET, v), (0, 0, 0));
        assert_eq!(e.encumbered(v), 0);
        assert_eq!(e.withdrawable(v), e18(95));
    }
}

/// I-6, the redistribution recipient. Attack (66e5067): an ETH vault pushed
/// slashed ETH to the set's redistribution recipient inside the slash, so a
/// recipient whose `receive` reverts made every slash of that vault revert
/// (`VaultEthTransferFailed`). Now an ETH vault credits the slashed shares to
/// the recipient and it pulls them: the staker's 100 ETH, 100% allocated, a
/// 25% slash goes through (withdrawable 100 → 75, stake 75), 25 shares are
/// credited (the vault still holds 100 ETH and 100 shares), and the
/// recipient's `claimSlashed(receiver)` burns them and pays exactly 25 ETH to
/// the receiver it names (vault: 75 ETH, 75 shares); a second claim reverts
/// `VaultZeroAmount`.
#[motsu::test]
fn a_recipient_that_refuses_eth_cannot_block_slashing() {
    use restake_interfaces::vault::{SlashedSharesClaimed, SlashedSharesCredited};
    use restake_interfaces::NATIVE_ETH;
    let e = Env::new();
    let (eth_vault, rejecter) = (
        Contract::<Vault>::new(),
        Contract::<restake_slashing_tests::MockEthRejecter>::new(),
    );
    let d = e.deployer;
    eth_vault
        .sender(d)
        .constructor(NATIVE_ETH, d, d, e.reg.address(), e.m.address(), U256::MAX)
        .motsu_unwrap();
    e.reg.sender(d).add_vault(eth_vault.address());
    e.staker.fund(e18(100));
    eth_vault
        .sender_and_value(e.staker, e18(100))
        .deposit(e18(100), e.staker)
        .motsu_unwrap();
    let v = eth_vault.address();
    e.ok(
        e.avs,
        I::createOperatorSetCall {
            setId: 7,
            vaults: vec![v],
            slasher: e.slasher,
            recipient: rejecter.address(),
            resolver: Address::ZERO,
            vetoWindow: 0,
            capWad: WAD,
            capPeriod: DAY,
            equivocationPenalty: 0,
            evidenceVerifier: Address::ZERO,
        },
    );
    e.join(7);
    e.allocate(7, v, WAD);
    e.warp(u64::from(ALLOC_DELAY));
    // The recipient really refuses ETH.
    assert!(rejecter.balance().is_zero());
    let id = e
        .slash(7, vec![v], pct(25))
        .expect("the slash is not blocked");
    e.m.assert_emitted(&AllocationSlashed {
        slash_id: id,
        operator: e.op,
        vault: v,
        magnitude: pct(25),
        allocation: pct(75),
        shares: e18(25),
        recipient: rejecter.address(),
        pending: e18(25),
    });
    // Released by anyone: the ETH vault credits the recipient.
    assert_eq!(e.release(v, rejecter.address()), Ok((e18(25), e18(25))));
    eth_vault.assert_emitted(&SlashedSharesCredited {
        recipient: rejecter.address(),
        shares: e18(25),
        assets: e18(25),
    });
    assert_eq!(e.withdrawable(v), e18(75));
    assert_eq!(e.stake(v), e18(75));
    assert_eq!(
        eth_vault.sender(d).slashed_claim(rejecter.address()),
        e18(25)
    );
    assert_eq!(eth_vault.balance(), e18(100));
    assert_eq!(eth_vault.sender(d).total_shares(), e18(100));
    // The recipient pulls its ETH to a receiver of its choice.
    let receiver_contract = Contract::<restake_slashing_tests::MockEthReceiver>::new();
    let receiver = receiver_contract.address();
    let paid = eth_vault
        .sender(rejecter.address())
        .claim_slashed(receiver)
        .motsu_unwrap();
    assert_eq!(paid, e18(25));
    assert_eq!(receiver_contract.balance(), e18(25));
    eth_vault.assert_emitted(&SlashedSharesClaimed {
        recipient: rejecter.address(),
        receiver,
        shares: e18(25),
        assets: e18(25),
    });
    assert_eq!(eth_vault.balance(), e18(75));
    assert_eq!(eth_vault.sender(d).total_shares(), e18(75));
    assert_eq!(
        eth_vault.sender(d).slashed_claim(rejecter.address()),
        U256::ZERO
    );
    let err = eth_vault
        .sender(rejecter.address())
        .claim_slashed(receiver)
        .motsu_unwrap_err();
    assert_eq!(
        Vec::<u8>::from(err),
        enc(restake_interfaces::vault::VaultZeroAmount {})
    );
}
