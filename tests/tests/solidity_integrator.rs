//! A Solidity integrator (integrator/RestakeDepositor.sol, compiled with solc
//! from npm by scripts/build-integrator.sh) restakes into Restake vaults from
//! its own contract on the devnet, values its users' positions through the
//! registry's withdrawable shares (slashing included), exits them through
//! the withdrawal queue, and mints LRT with ETH and an LST.

use alloy::network::TransactionBuilder;
use alloy::primitives::{Address, Bytes, U256};
use alloy::providers::Provider;
use alloy::rpc::types::TransactionRequest;
use alloy::sol_types::SolValue;
use restake_e2e::bindings::{ILrt, IMockLst, IOperatorRegistry, ISlashingManager, IVault};
use restake_e2e::{e18, integrator_bytecode, revert_as, send, Harness, WAD};

alloy::sol! {
    #[sol(rpc)]
    #[derive(Debug)]
    interface IRestakeDepositor {
        function owner() external view returns (address);
        function registry() external view returns (address);
        function delegate(address operator) external;
        function depositEth(address vault) external payable returns (uint256 shares);
        function depositToken(address vault, uint256 amount) external returns (uint256 shares);
        function unitsOf(address user, address vault) external view returns (uint256);
        function totalUnits(address vault) external view returns (uint256);
        function withdrawableSharesOf(address user, address vault) external view returns (uint256);
        function valueOf(address user, address vault) external view returns (uint256);
        function requestWithdrawal(address vault, uint256 units) external returns (uint256 id);
        function withdrawalValue(uint256 id) external view returns (uint256);
        function completeWithdrawal(uint256 id) external;
        function mintLrtWithEth(address lrt, uint256 minShares) external payable returns (uint256 shares);
        function mintLrtWithToken(address lrt, address token, uint256 amount, uint256 minShares) external returns (uint256 shares);
        function withdrawLrt(address lrt, uint256 amount) external;
        function lrtOf(address user, address lrt) external view returns (uint256);
        function lrtValueOf(address user, address lrt) external view returns (uint256);
        event Restaked(address indexed user, address indexed vault, uint256 assets, uint256 shares, uint256 units);
        event PoolDelegated(address indexed operator);
        event WithdrawalRequested(address indexed user, address indexed vault, uint256 indexed id, uint256 units, uint256 shares);
        event WithdrawalPaid(address indexed user, address indexed vault, uint256 indexed id, uint256 assets);
        event PoolRestored(uint256 indexed id);
        event MintedLrt(address indexed user, address indexed asset, uint256 assets, uint256 lrtShares);
        error RestakeDepositorNotOwner(address caller);
        error RestakeDepositorInsufficientUnits(address user, address vault, uint256 held, uint256 requested);
        error RestakeDepositorUnknownWithdrawal(uint256 id);
    }
}

fn depositor_initcode(registry: Address) -> Bytes {
    // constructor(IOperatorRegistry registry)
    [
        integrator_bytecode("RestakeDepositor").to_vec(),
        registry.abi_encode(),
    ]
    .concat()
    .into()
}

/// Deploys the integrator from dev account `i` (its owner), wired to the suite's registry.
async fn deploy_depositor(h: &Harness, i: usize) -> Address {
    let (p, _) = h.actor(i);
    let tx = TransactionRequest::default().with_deploy_code(depositor_initcode(h.suite.registry));
    let receipt = p
        .send_transaction(tx)
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert!(receipt.status());
    receipt.contract_address.unwrap()
}

/// The registry's withdrawal delay on the devnet suite (14 days).
const DELAY: u64 = 14 * 24 * 3600;

#[tokio::test(flavor = "current_thread")]
async fn solidity_contract_restakes_eth_and_an_lst() {
    let h = Harness::start(Default::default()).await;
    let (user_p, user) = h.actor(4);
    // Deploy the integrator as plain EVM initcode.
    let depositor_addr = deploy_depositor(&h, 4).await;
    let depositor = IRestakeDepositor::new(depositor_addr, &user_p);
    assert_eq!(depositor.owner().call().await.unwrap(), user);
    assert_eq!(depositor.registry().call().await.unwrap(), h.suite.registry);

    // ETH: the integrator forwards msg.value into the ETH vault (EVM → Stylus).
    let r = send!(depositor.depositEth(h.suite.eth_vault).value(e18(3)));
    let ev = r
        .decoded_log::<IRestakeDepositor::Restaked>()
        .expect("Restaked");
    assert_eq!(
        (ev.user, ev.vault, ev.assets, ev.shares, ev.units),
        (user, h.suite.eth_vault, e18(3), e18(3), e18(3))
    );
    let eth_vault = IVault::new(h.suite.eth_vault, &user_p);
    assert_eq!(
        eth_vault
            .depositShares(depositor_addr)
            .call()
            .await
            .unwrap(),
        e18(3)
    );
    assert_eq!(
        depositor
            .unitsOf(user, h.suite.eth_vault)
            .call()
            .await
            .unwrap(),
        e18(3)
    );
    assert_eq!(
        depositor
            .withdrawableSharesOf(user, h.suite.eth_vault)
            .call()
            .await
            .unwrap(),
        e18(3)
    );
    assert_eq!(
        depositor
            .valueOf(user, h.suite.eth_vault)
            .call()
            .await
            .unwrap(),
        e18(3)
    );

    // LST: the user approves the integrator, which pulls and restakes.
    let lst_owner = IMockLst::new(h.suite.lst, &h.owner);
    send!(lst_owner.mint(user, e18(7)));
    let lst = IMockLst::new(h.suite.lst, &user_p);
    send!(lst.approve(depositor_addr, e18(7)));
    send!(depositor.depositToken(h.suite.lst_vault, e18(7)));
    let lst_vault = IVault::new(h.suite.lst_vault, &user_p);
    assert_eq!(
        lst_vault
            .depositShares(depositor_addr)
            .call()
            .await
            .unwrap(),
        e18(7)
    );
    assert_eq!(lst_vault.totalAssets().call().await.unwrap(), e18(7));
    assert_eq!(lst.balanceOf(user).call().await.unwrap(), U256::ZERO);
    assert_eq!(
        depositor
            .valueOf(user, h.suite.lst_vault)
            .call()
            .await
            .unwrap(),
        e18(7)
    );

    // The LST position exits through the registry's queue: 7 LST back to the user.
    let r = send!(depositor.requestWithdrawal(h.suite.lst_vault, e18(7)));
    let ev = r
        .decoded_log::<IRestakeDepositor::WithdrawalRequested>()
        .expect("WithdrawalRequested");
    assert_eq!(
        (ev.user, ev.vault, ev.units, ev.shares),
        (user, h.suite.lst_vault, e18(7), e18(7))
    );
    let lst_id = ev.id;
    assert_eq!(
        depositor.withdrawalValue(lst_id).call().await.unwrap(),
        e18(7)
    );
    assert_eq!(
        depositor
            .valueOf(user, h.suite.lst_vault)
            .call()
            .await
            .unwrap(),
        U256::ZERO
    );
    // LRT: the integrator mints with ETH (its minimum bubbles up as the
    // Lrt's typed error when not met) and with the LST, holds the LRT for
    // its user and hands it over as a plain ERC-20 transfer.
    let eth = restake_deploy::suite::NATIVE_ETH;
    let err = depositor
        .mintLrtWithEth(h.suite.lrt, e18(3))
        .value(e18(2))
        .call()
        .await
        .unwrap_err();
    match revert_as::<ILrt::ILrtErrors>(err) {
        ILrt::ILrtErrors::LrtSlippage(e) => assert_eq!((e.minOut, e.out), (e18(3), e18(2))),
        other => panic!("unexpected {other:?}"),
    }
    let r = send!(depositor.mintLrtWithEth(h.suite.lrt, e18(2)).value(e18(2)));
    let ev = r
        .decoded_log::<IRestakeDepositor::MintedLrt>()
        .expect("MintedLrt");
    assert_eq!(
        (ev.user, ev.asset, ev.assets, ev.lrtShares),
        (user, eth, e18(2), e18(2))
    );
    send!(lst_owner.mint(user, e18(3)));
    send!(lst.approve(depositor_addr, e18(3)));
    send!(depositor.mintLrtWithToken(h.suite.lrt, h.suite.lst, e18(3), e18(3)));
    let lrt = ILrt::new(h.suite.lrt, &user_p);
    assert_eq!(lrt.balanceOf(depositor_addr).call().await.unwrap(), e18(5));
    assert_eq!(
        depositor.lrtOf(user, h.suite.lrt).call().await.unwrap(),
        e18(5)
    );
    assert_eq!(
        depositor
            .lrtValueOf(user, h.suite.lrt)
            .call()
            .await
            .unwrap(),
        e18(5)
    );
    send!(depositor.withdrawLrt(h.suite.lrt, e18(1)));
    assert_eq!(lrt.balanceOf(user).call().await.unwrap(), e18(1));
    assert_eq!(lrt.balanceOf(depositor_addr).call().await.unwrap(), e18(4));
    assert_eq!(
        depositor.lrtOf(user, h.suite.lrt).call().await.unwrap(),
        e18(4)
    );

    // After the delay the LST withdrawal pays the user exactly 7 LST.
    h.advance(DELAY + 10).await;
    let r = send!(depositor.completeWithdrawal(lst_id));
    let ev = r
        .decoded_log::<IRestakeDepositor::WithdrawalPaid>()
        .expect("WithdrawalPaid");
    assert_eq!(
        (ev.user, ev.vault, ev.id, ev.assets),
        (user, h.suite.lst_vault, lst_id, e18(7))
    );
    assert_eq!(lst.balanceOf(user).call().await.unwrap(), e18(7));
    assert_eq!(
        lst.balanceOf(depositor_addr).call().await.unwrap(),
        U256::ZERO
    );
    assert_eq!(lst_vault.totalAssets().call().await.unwrap(), U256::ZERO);
    // Completed once: a second call names the id.
    let err = depositor
        .completeWithdrawal(lst_id)
        .call()
        .await
        .unwrap_err();
    match revert_as::<IRestakeDepositor::IRestakeDepositorErrors>(err) {
        IRestakeDepositor::IRestakeDepositorErrors::RestakeDepositorUnknownWithdrawal(e) => {
            assert_eq!(e.id, lst_id)
        }
        other => panic!("unexpected {other:?}"),
    }
}

/// Regression (security issue 11, the integrator example): the old
/// `RestakeDepositor` valued a position as `convertToAssets(depositShares)`
/// and had no exit. Here alice (10 ETH) and bob (6 ETH) restake through it,
/// its owner delegates the pool to an operator, and the operator is slashed
/// 10% of its stake (20% of a 50% allocation): the pool's withdrawable
/// shares fall from 16 to 14.4 ETH. The old valuation still said 10 and 6
/// ETH; now alice's position is worth exactly 9 ETH and bob's 5.4 ETH.
/// Alice queues her whole position (10 deposit shares, worth 9 ETH while
/// pending), completing early reverts with the registry's typed error, and
/// after the 14-day delay anyone completes it and alice receives exactly
/// 9 ETH. Then the operator force-undelegates the pool: bob's part sits in
/// a withdrawal the integrator did not request (valued 0 meanwhile, never
/// overstated); after the delay anyone restores it into the pool and bob
/// exits with exactly 5.4 ETH, leaving the vault empty.
#[tokio::test(flavor = "current_thread")]
async fn solidity_integrator_values_a_slashed_position_by_withdrawable_shares_and_exits() {
    let h = Harness::start(Default::default()).await;
    let (alice_p, alice) = h.actor(4);
    let (bob_p, bob) = h.actor(5);
    let (op_p, op) = h.actor(2);
    let (avs_p, avs) = h.actor(3);
    let v = h.suite.eth_vault;
    let depositor_addr = deploy_depositor(&h, 4).await;
    let as_alice = IRestakeDepositor::new(depositor_addr, &alice_p);
    let as_bob = IRestakeDepositor::new(depositor_addr, &bob_p);
    let reg = IOperatorRegistry::new(h.suite.registry, &alice_p);
    let vault = IVault::new(v, &alice_p);

    // An operator registers; only the integrator's owner may delegate the pool.
    send!(
        IOperatorRegistry::new(h.suite.registry, &op_p).registerAsOperator(
            Address::ZERO,
            0,
            "ipfs://op".into()
        )
    );
    let err = as_bob.delegate(op).call().await.unwrap_err();
    match revert_as::<IRestakeDepositor::IRestakeDepositorErrors>(err) {
        IRestakeDepositor::IRestakeDepositorErrors::RestakeDepositorNotOwner(e) => {
            assert_eq!(e.caller, bob)
        }
        other => panic!("unexpected {other:?}"),
    }
    send!(as_alice.delegate(op));
    assert_eq!(reg.delegatedTo(depositor_addr).call().await.unwrap(), op);
    send!(as_alice.depositEth(v).value(e18(10)));
    let r = send!(as_bob.depositEth(v).value(e18(6)));
    let ev = r
        .decoded_log::<IRestakeDepositor::Restaked>()
        .expect("Restaked");
    assert_eq!(
        (ev.user, ev.assets, ev.shares, ev.units),
        (bob, e18(6), e18(6), e18(6))
    );
    assert_eq!(reg.operatorStake(op, v).call().await.unwrap(), e18(16));

    // The AVS allocates half the operator's stake to its set and slashes 20% of it.
    let mgr_avs = ISlashingManager::new(h.suite.manager, &avs_p);
    send!(mgr_avs.registerAvs("ipfs://avs".into(), Address::ZERO));
    send!(mgr_avs.createOperatorSet(
        1,
        vec![v],
        avs,
        Address::ZERO,
        Address::ZERO,
        0,
        WAD,
        86_400,
        0,
        Address::ZERO
    ));
    let mgr_op = ISlashingManager::new(h.suite.manager, &op_p);
    send!(mgr_op.joinOperatorSet(avs, 1));
    send!(mgr_op.modifyAllocation(avs, 1, v, WAD / 2));
    let allocation_delay = reg.allocationDelay(op).call().await.unwrap() as u64;
    h.advance(allocation_delay + 1).await;
    send!(mgr_avs.slash(op, avs, 1, vec![v], WAD / 5, "equivocation".into()));
    assert_eq!(
        reg.withdrawableShares(depositor_addr, v)
            .call()
            .await
            .unwrap(),
        e18(144) / U256::from(10)
    );
    // The vault's share price did not move: the old valuation, deposit
    // shares at that price, overstates the slashed positions.
    assert_eq!(
        vault.convertToAssets(e18(10)).call().await.unwrap(),
        e18(10)
    );
    assert_eq!(
        vault.depositShares(depositor_addr).call().await.unwrap(),
        e18(16)
    );
    assert_eq!(as_alice.valueOf(alice, v).call().await.unwrap(), e18(9));
    assert_eq!(
        as_alice.valueOf(bob, v).call().await.unwrap(),
        e18(54) / U256::from(10)
    );
    assert_eq!(
        as_alice
            .withdrawableSharesOf(alice, v)
            .call()
            .await
            .unwrap(),
        e18(9)
    );

    // Alice exits: her 10 units queue 10 deposit shares, worth 9 ETH while pending.
    let err = as_alice
        .requestWithdrawal(v, e18(11))
        .call()
        .await
        .unwrap_err();
    match revert_as::<IRestakeDepositor::IRestakeDepositorErrors>(err) {
        IRestakeDepositor::IRestakeDepositorErrors::RestakeDepositorInsufficientUnits(e) => {
            assert_eq!(
                (e.user, e.vault, e.held, e.requested),
                (alice, v, e18(10), e18(11))
            )
        }
        other => panic!("unexpected {other:?}"),
    }
    let r = send!(as_alice.requestWithdrawal(v, e18(10)));
    let ev = r
        .decoded_log::<IRestakeDepositor::WithdrawalRequested>()
        .expect("WithdrawalRequested");
    assert_eq!(
        (ev.user, ev.vault, ev.units, ev.shares),
        (alice, v, e18(10), e18(10))
    );
    let id = ev.id;
    assert_eq!(as_alice.withdrawalValue(id).call().await.unwrap(), e18(9));
    assert_eq!(as_alice.valueOf(alice, v).call().await.unwrap(), U256::ZERO);
    assert_eq!(
        as_alice.valueOf(bob, v).call().await.unwrap(),
        e18(54) / U256::from(10)
    );
    let err = as_bob.completeWithdrawal(id).call().await.unwrap_err();
    match revert_as::<IOperatorRegistry::IOperatorRegistryErrors>(err) {
        IOperatorRegistry::IOperatorRegistryErrors::RegistryWithdrawalDelayPending(e) => {
            assert_eq!(e.id, id)
        }
        other => panic!("unexpected {other:?}"),
    }

    // After the delay bob (anyone) completes it: alice receives exactly 9 ETH.
    h.advance(DELAY + 10).await;
    let before = h.owner.get_balance(alice).await.unwrap();
    let r = send!(as_bob.completeWithdrawal(id));
    let ev = r
        .decoded_log::<IRestakeDepositor::WithdrawalPaid>()
        .expect("WithdrawalPaid");
    assert_eq!(
        (ev.user, ev.vault, ev.id, ev.assets),
        (alice, v, id, e18(9))
    );
    assert_eq!(h.owner.get_balance(alice).await.unwrap() - before, e18(9));
    assert_eq!(
        h.owner.get_balance(depositor_addr).await.unwrap(),
        U256::ZERO
    );

    // The operator force-undelegates the pool: bob's part is queued in a
    // withdrawal the integrator never requested; it is valued at 0 meanwhile.
    let r = send!(IOperatorRegistry::new(h.suite.registry, &op_p).undelegate(depositor_addr));
    let forced = reg.withdrawalCount().call().await.unwrap();
    assert!(r.status());
    assert_eq!(as_bob.valueOf(bob, v).call().await.unwrap(), U256::ZERO);
    h.advance(DELAY + 10).await;
    let r = send!(as_alice.completeWithdrawal(forced));
    assert_eq!(
        r.decoded_log::<IRestakeDepositor::PoolRestored>()
            .expect("PoolRestored")
            .id,
        forced
    );
    assert_eq!(
        reg.delegatedTo(depositor_addr).call().await.unwrap(),
        Address::ZERO
    );
    assert_eq!(
        as_bob.valueOf(bob, v).call().await.unwrap(),
        e18(54) / U256::from(10)
    );

    // Bob exits with exactly 5.4 ETH; the vault is empty.
    let r = send!(as_bob.requestWithdrawal(v, e18(6)));
    let bob_id = r
        .decoded_log::<IRestakeDepositor::WithdrawalRequested>()
        .expect("WithdrawalRequested")
        .id;
    h.advance(DELAY + 10).await;
    let before = h.owner.get_balance(bob).await.unwrap();
    let r = send!(as_alice.completeWithdrawal(bob_id));
    assert_eq!(
        r.decoded_log::<IRestakeDepositor::WithdrawalPaid>()
            .expect("WithdrawalPaid")
            .assets,
        e18(54) / U256::from(10)
    );
    assert_eq!(
        h.owner.get_balance(bob).await.unwrap() - before,
        e18(54) / U256::from(10)
    );
    // The slash's 1.6 shares waited in the manager (#15): once anyone
    // releases them to the burn, the vault is empty.
    assert_eq!(
        mgr_avs
            .slashedShares(v, Address::ZERO)
            .call()
            .await
            .unwrap(),
        e18(16) / U256::from(10)
    );
    assert_eq!(
        vault.totalShares().call().await.unwrap(),
        e18(16) / U256::from(10)
    );
    send!(mgr_op.releaseSlashed(v, Address::ZERO));
    assert_eq!(vault.totalShares().call().await.unwrap(), U256::ZERO);
    assert_eq!(vault.totalAssets().call().await.unwrap(), U256::ZERO);
    assert_eq!(as_bob.totalUnits(v).call().await.unwrap(), U256::ZERO);
}
