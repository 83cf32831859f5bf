//! L-5 on the devnet, with the real wasm: the Lrt's next sub-account has a
//! predictable address (CREATE2 of the EIP-1167 init code of the deployed
//! implementation, salt `keccak256(operator ‖ nonce)`, the nonce counting
//! the sub-accounts created so far). An attacker deposits dust for that
//! address in both vaults after the operator was fully slashed in the LST
//! vault (through the slashing manager, the real path). The manager's
//! `addOperator` still succeeds: the clone queues the dust and delegates;
//! after the registry's delay a stranger completes the dust into the Lrt.

use alloy::primitives::{Address, Bytes, B256, U256};
use alloy::providers::Provider;
use restake_e2e::bindings::{
    ILrt, ILrtAccount, IMockLst, IOperatorRegistry, ISlashingManager, IVault,
};
use restake_e2e::{e18, lrt_sub_account, send, Harness, WAD};

/// The attacker's donation per vault, in wei.
const DUST: u64 = 1_000;

#[tokio::test(flavor = "current_thread")]
async fn dust_deposit_to_the_next_sub_account_cannot_block_add_operator() {
    let h = Harness::start(Default::default()).await;
    let (w_p, _) = h.actor(1);
    let (op1_p, op1) = h.actor(3);
    let (op2_p, op2) = h.actor(4);
    let (avs_p, avs) = h.actor(5);
    let (attacker_p, attacker) = h.actor(6);
    let (stranger_p, _) = h.actor(7);
    let s = h.suite;
    let manager = ILrt::new(s.lrt, &h.owner);
    let registry = IOperatorRegistry::new(s.registry, &h.owner);

    // 10 ETH minted; one operator added already (the nonce is now 1).
    send!(ILrt::new(s.lrt, &w_p).deposit(U256::ZERO).value(e18(10)));
    for p in [&op1_p, &op2_p] {
        send!(IOperatorRegistry::new(s.registry, p).registerAsOperator(
            Address::ZERO,
            0,
            "ipfs://op".into()
        ));
    }
    // The prediction is right for the first one.
    let first = lrt_sub_account(s.lrt, s.lrt_account, op1, 0);
    let r = send!(manager.addOperator(op1, Bytes::new(), U256::ZERO, B256::ZERO));
    println!("Lrt addOperator gas (no dust): {}", r.gas_used);
    assert_eq!(
        manager.operatorAt(U256::ZERO).call().await.unwrap().account,
        first
    );

    // op2 is fully slashed in the LST vault through the slashing manager:
    // all of it allocated to an AVS's set, the AVS slashes 100%.
    let avs_mgr = ISlashingManager::new(s.manager, &avs_p);
    send!(avs_mgr.registerAvs("ipfs://avs".into(), Address::ZERO));
    send!(avs_mgr.createOperatorSet(
        1,
        vec![s.lst_vault],
        avs,
        Address::ZERO,
        Address::ZERO,
        0,
        WAD,
        86_400,
        0,
        Address::ZERO
    ));
    let op2_mgr = ISlashingManager::new(s.manager, &op2_p);
    send!(op2_mgr.joinOperatorSet(avs, 1));
    send!(op2_mgr.modifyAllocation(avs, 1, s.lst_vault, WAD));
    let delay = registry.allocationDelay(op2).call().await.unwrap();
    h.advance(delay as u64 + 1).await;
    send!(avs_mgr.slash(op2, avs, 1, vec![s.lst_vault], WAD, "equivocation".into()));
    assert_eq!(
        registry
            .maxMagnitude(op2, s.lst_vault)
            .call()
            .await
            .unwrap(),
        0
    );

    // The attack: dust for op2's future sub-account in both vaults.
    let next = lrt_sub_account(s.lrt, s.lrt_account, op2, 1);
    assert!(h.owner.get_code_at(next).await.unwrap().is_empty());
    let dust = U256::from(DUST);
    send!(IVault::new(s.eth_vault, &attacker_p)
        .deposit(dust, next)
        .value(dust));
    send!(IMockLst::new(s.lst, &h.owner).mint(attacker, dust));
    send!(IMockLst::new(s.lst, &attacker_p).approve(s.lst_vault, dust));
    send!(IVault::new(s.lst_vault, &attacker_p).deposit(dust, next));
    let eth_vault = IVault::new(s.eth_vault, &h.owner);
    let lst_vault = IVault::new(s.lst_vault, &h.owner);
    assert!(!eth_vault
        .depositShares(next)
        .call()
        .await
        .unwrap()
        .is_zero());
    assert!(!lst_vault
        .depositShares(next)
        .call()
        .await
        .unwrap()
        .is_zero());
    let value = manager.books().call().await.unwrap().value;
    assert_eq!(value, e18(10));

    // addOperator goes through: the clone queued the dust and delegated.
    let r = send!(manager.addOperator(op2, Bytes::new(), U256::ZERO, B256::ZERO));
    println!("Lrt addOperator gas (dust queued first): {}", r.gas_used);
    assert_eq!(
        manager
            .operatorAt(U256::from(1))
            .call()
            .await
            .unwrap()
            .account,
        next
    );
    assert_eq!(h.owner.get_code_at(next).await.unwrap().len(), 45);
    assert_eq!(registry.delegatedTo(next).call().await.unwrap(), op2);
    let queued = r
        .inner
        .logs()
        .iter()
        .find_map(|l| {
            (l.address() == next)
                .then(|| l.log_decode::<ILrt::AccountDonationsQueued>().ok())
                .flatten()
        })
        .expect("AccountDonationsQueued")
        .inner
        .data
        .withdrawalId;
    let account = ILrtAccount::new(next, &h.owner);
    assert_eq!(
        account.openWithdrawals().call().await.unwrap(),
        U256::from(1)
    );
    assert!(eth_vault
        .depositShares(next)
        .call()
        .await
        .unwrap()
        .is_zero());
    assert!(lst_vault
        .depositShares(next)
        .call()
        .await
        .unwrap()
        .is_zero());
    // The Lrt's value grew by what the dust is worth, at most the dust.
    let with_dust = manager.books().call().await.unwrap().value;
    assert!(with_dust > value && with_dust <= value + dust + dust);
    assert_eq!(
        manager.operatorValue(U256::from(1)).call().await.unwrap(),
        with_dust - value
    );

    // After the registry's delay a stranger completes the dust into the
    // Lrt: ETH into the sub-account, mLST to the Lrt; the value stays.
    h.advance(14 * 24 * 3600 + 10).await;
    send!(ILrt::new(s.lrt, &stranger_p).completeUnstake(op2, queued));
    assert_eq!(account.openWithdrawals().call().await.unwrap(), U256::ZERO);
    let eth = h.owner.get_balance(next).await.unwrap();
    let lst = IMockLst::new(s.lst, &h.owner)
        .balanceOf(s.lrt)
        .call()
        .await
        .unwrap();
    assert!(!eth.is_zero() && !lst.is_zero());
    assert_eq!(eth + lst, with_dust - value);
    assert_eq!(manager.books().call().await.unwrap().value, with_dust);
}
