//! LRT: mint from ETH and an LST → restake through two operators' sub-accounts
//! (EIP-1167 clones) under the concentration cap → one operator is slashed
//! and the rate falls at once → exit both ways: instantly from the buffer,
//! and by request (unstake → 14 days → complete → finalize → claim), in the
//! LST and in ETH paid out of a sub-account. On the devnet, with the real
//! wasm of the Lrt (two wasms: its own and the extension it delegate-calls).

use alloy::primitives::{Address, Bytes, B256, U256};
use alloy::providers::Provider;
use alloy::signers::local::PrivateKeySigner;
use alloy::signers::SignerSync;
use alloy::sol_types::{SolInterface, SolStruct};
use restake_e2e::bindings::{ILrt, ILrtAccount, IMockLst, IOperatorRegistry, ISlashingManager};
use restake_e2e::{e18, gas_cost, revert_as, send, Harness, BURN, ETH, WAD};

alloy::sol! {
    /// EIP-2612's signed struct.
    struct Permit {
        address owner;
        address spender;
        uint256 value;
        uint256 nonce;
        uint256 deadline;
    }
}

#[tokio::test(flavor = "current_thread")]
async fn wallets_mint_see_the_rate_fall_after_a_slash_and_exit_both_ways() {
    let h = Harness::start(Default::default()).await;
    let (w1_p, w1) = h.actor(1);
    let (w2_p, w2) = h.actor(2);
    let (op1_p, op1) = h.actor(3);
    let (op2_p, op2) = h.actor(4);
    let (avs_p, avs) = h.actor(5);
    let s = h.suite;
    let manager = ILrt::new(s.lrt, &h.owner);
    let registry = IOperatorRegistry::new(s.registry, &h.owner);
    let lst = IMockLst::new(s.lst, &h.owner);

    // The Lrt is wired as deployed: owner and manager, registry, the
    // account implementation and the extension; both assets accepted.
    let roles = manager.roles().call().await.unwrap();
    assert_eq!(
        (roles.owner, roles.manager, roles.registry),
        (h.owner_addr, h.owner_addr, s.registry)
    );
    assert_eq!(
        (roles.accountImplementation, roles.extension),
        (s.lrt_account, s.lrt_extension)
    );
    assert_eq!(
        manager.assetAt(U256::ZERO).call().await.unwrap().vault,
        s.eth_vault
    );
    assert_eq!(
        manager.assetAt(U256::from(1)).call().await.unwrap().vault,
        s.lst_vault
    );
    // The extension alone has no state (it only runs on the Lrt's, by
    // delegate call) and can never be constructed.
    let ext = ILrt::new(s.lrt_extension, &h.owner);
    assert_eq!(ext.roles().call().await.unwrap().owner, Address::ZERO);
    let args = alloy::sol_types::SolValue::abi_encode_params(&(
        h.owner_addr,
        h.owner_addr,
        s.registry,
        s.lrt_account,
        s.lrt_extension,
    ));
    let ctor = alloy::rpc::types::TransactionRequest::default()
        .to(s.lrt_extension)
        .input(restake_devnet::constructor_calldata(&args).into());
    let err = h.owner.call(ctor).await.unwrap_err();
    let data = err
        .as_error_resp()
        .and_then(|r| r.as_revert_data())
        .expect("revert data");
    assert_eq!(
        ILrt::ILrtErrors::abi_decode(&data).unwrap(),
        ILrt::ILrtErrors::LrtUnauthorized(ILrt::LrtUnauthorized {
            caller: h.owner_addr
        })
    );
    // I-1: the sub-account implementation the clones delegate to was
    // constructed at deployment, which locked it: it is its own controller,
    // so a stranger can neither initialize it nor drive it, nor construct
    // it again.
    let (stranger_p, stranger) = h.actor(6);
    let implementation = ILrtAccount::new(s.lrt_account, &stranger_p);
    assert_eq!(
        implementation.controller().call().await.unwrap(),
        s.lrt_account
    );
    // (The account's errors are in its own interface.)
    let Err(err) = implementation.initialize(stranger).call().await else {
        panic!("a stranger initialized the implementation");
    };
    assert_eq!(
        revert_as::<ILrtAccount::ILrtAccountErrors>(err),
        ILrtAccount::ILrtAccountErrors::LrtAccountInitialized(ILrtAccount::LrtAccountInitialized {
            controller: s.lrt_account
        })
    );
    let Err(err) = implementation
        .execute(stranger, U256::ZERO, Bytes::new())
        .call()
        .await
    else {
        panic!("a stranger drove the implementation");
    };
    assert_eq!(
        revert_as::<ILrtAccount::ILrtAccountErrors>(err),
        ILrtAccount::ILrtAccountErrors::LrtAccountUnauthorized(
            ILrtAccount::LrtAccountUnauthorized { caller: stranger }
        )
    );
    let ctor = alloy::rpc::types::TransactionRequest::default()
        .from(stranger)
        .to(s.lrt_account)
        .input(restake_devnet::constructor_calldata(&[]).into());
    assert!(h.owner.call(ctor).await.is_err());

    // An Lrt without an extension cannot be deployed: its unknown selectors
    // would otherwise "succeed" against an address without code.
    let mut d = restake_deploy::Deployer::connect(
        &h.url,
        &restake_e2e::dev_key(0),
        Default::default(),
        restake_deploy::default_wasm_dir(),
    )
    .await
    .unwrap();
    d.verbose = false;
    let no_ext = alloy::sol_types::SolValue::abi_encode_params(&(
        h.owner_addr,
        h.owner_addr,
        s.registry,
        s.lrt_account,
        Address::ZERO,
    ));
    let err = d
        .contract("LrtWithoutExtension", "restake_lrt", no_ext)
        .await
        .unwrap_err();
    assert!(err.0.contains("LrtZeroAddress"), "{err}");

    // Wallet 1 mints from 10 ETH, wallet 2 from 8 mLST: 1 LRT per wei at
    // the first rate.
    let lrt1 = ILrt::new(s.lrt, &w1_p);
    let lrt2 = ILrt::new(s.lrt, &w2_p);
    send!(lrt1.deposit(e18(10)).value(e18(10)));
    send!(lst.mint(w2, e18(8)));
    send!(IMockLst::new(s.lst, &w2_p).approve(s.lrt, e18(8)));
    let r = send!(lrt2.depositToken(s.lst, e18(8), e18(8)));
    println!("Lrt depositToken gas: {}", r.gas_used);
    assert_eq!(lrt1.balanceOf(w1).call().await.unwrap(), e18(10));
    assert_eq!(lrt1.balanceOf(w2).call().await.unwrap(), e18(8));
    assert_eq!(lrt1.rate().call().await.unwrap(), e18(1));

    // Slippage protection: asking for more LRT than the rate gives fails
    // with the typed error and mints nothing.
    let err = lrt1.deposit(e18(2)).value(e18(1)).call().await.unwrap_err();
    match revert_as::<ILrt::ILrtErrors>(err) {
        ILrt::ILrtErrors::LrtSlippage(e) => assert_eq!((e.minOut, e.out), (e18(2), e18(1))),
        other => panic!("unexpected {other:?}"),
    }

    // Two operators; the manager gives each a sub-account (an EIP-1167
    // clone created by the Lrt) delegated to it.
    for p in [&op1_p, &op2_p] {
        send!(IOperatorRegistry::new(s.registry, p).registerAsOperator(
            Address::ZERO,
            0,
            "ipfs://op".into()
        ));
    }
    let acc1 = manager
        .addOperator(op1, Bytes::new(), U256::ZERO, B256::ZERO)
        .call()
        .await
        .unwrap();
    let r = send!(manager.addOperator(op1, Bytes::new(), U256::ZERO, B256::ZERO));
    println!("Lrt addOperator gas: {}", r.gas_used);
    send!(manager.addOperator(op2, Bytes::new(), U256::ZERO, B256::ZERO));
    let acc2 = manager
        .operatorAt(U256::from(1))
        .call()
        .await
        .unwrap()
        .account;
    let code = h.owner.get_code_at(acc1).await.unwrap();
    assert_eq!(code.len(), 45, "an EIP-1167 minimal proxy");
    assert_eq!(&code[10..30], s.lrt_account.as_slice());
    assert_eq!(registry.delegatedTo(acc1).call().await.unwrap(), op1);
    assert_eq!(registry.delegatedTo(acc2).call().await.unwrap(), op2);

    // Restake 9 ETH through operator 1 (50% of 18). A further 3 mLST
    // through it would put 12 of 18 (66.7%) behind one operator: over the
    // 60% concentration cap, refused.
    let r = send!(manager.restake(op1, ETH, e18(9)));
    println!("Lrt restake gas: {}", r.gas_used);
    assert_eq!(
        registry
            .operatorStake(op1, s.eth_vault)
            .call()
            .await
            .unwrap(),
        e18(9)
    );
    let err = manager
        .restake(op1, s.lst, e18(3))
        .call()
        .await
        .unwrap_err();
    match revert_as::<ILrt::ILrtErrors>(err) {
        ILrt::ILrtErrors::LrtConcentrationCapExceeded(e) => {
            assert_eq!(
                (e.operator, e.operatorValue, e.cap),
                (op1, e18(12), e18(108) / U256::from(10))
            );
        }
        other => panic!("unexpected {other:?}"),
    }
    send!(manager.restake(op2, s.lst, e18(7)));
    assert_eq!(
        registry
            .operatorStake(op2, s.lst_vault)
            .call()
            .await
            .unwrap(),
        e18(7)
    );
    let books = manager.books().call().await.unwrap();
    assert_eq!(
        (books.value, books.supply, books.idle),
        (e18(18), e18(18), e18(2))
    );

    // An AVS slashes operator 1 for 20% of the half it allocated: 0.9 ETH
    // burned from its sub-account's 9. The rate falls in the same block:
    // 17.1 of value for 18 LRT.
    let avs_mgr = ISlashingManager::new(s.manager, &avs_p);
    send!(avs_mgr.registerAvs("ipfs://avs".into(), Address::ZERO));
    send!(avs_mgr.createOperatorSet(
        1,
        vec![s.eth_vault],
        avs,
        Address::ZERO,
        Address::ZERO,
        0,
        WAD,
        86_400,
        0,
        Address::ZERO
    ));
    let op1_mgr = ISlashingManager::new(s.manager, &op1_p);
    send!(op1_mgr.joinOperatorSet(avs, 1));
    send!(op1_mgr.modifyAllocation(avs, 1, s.eth_vault, WAD / 2));
    // Slashable after the allocation delay (the registry's minimum, L-2).
    let allocation_delay = IOperatorRegistry::new(s.registry, &h.owner)
        .allocationDelay(op1)
        .call()
        .await
        .unwrap();
    h.advance(allocation_delay as u64 + 1).await;
    send!(avs_mgr.slash(
        op1,
        avs,
        1,
        vec![s.eth_vault],
        WAD / 5,
        "equivocation".into()
    ));
    // The 0.9 shares wait in the manager (#15) until anyone releases them:
    // the vault burns them then, at the same price, so the rate fell at the
    // slash.
    assert_eq!(
        avs_mgr
            .slashedShares(s.eth_vault, Address::ZERO)
            .call()
            .await
            .unwrap(),
        e18(9) / U256::from(10)
    );
    send!(avs_mgr.releaseSlashed(s.eth_vault, Address::ZERO));
    assert_eq!(
        h.owner.get_balance(BURN).await.unwrap(),
        e18(9) / U256::from(10)
    );
    let books = manager.books().call().await.unwrap();
    assert_eq!(
        (books.value, books.supply),
        (e18(171) / U256::from(10), e18(18))
    );
    // (17.1e18 + 1e3) · 1e18 / (18e18 + 1e3), rounded down.
    assert_eq!(
        manager.rate().call().await.unwrap(),
        U256::from(950_000_000_000_000_002u64)
    );

    // Instant exit: wallet 1 burns 1 LRT for 0.95 ETH less the 0.10% fee
    // (kept by holders), paid from the idle buffer.
    let before = h.owner.get_balance(w1).await.unwrap();
    let r = send!(lrt1.instantRedeem(e18(1), ETH, U256::from(949_050_000_000_000_000u64), w1));
    println!("Lrt instantRedeem gas: {}", r.gas_used);
    let after = h.owner.get_balance(w1).await.unwrap();
    assert_eq!(
        after + gas_cost(&r) - before,
        U256::from(949_050_000_000_000_000u64)
    );
    assert_eq!(lrt1.balanceOf(w1).call().await.unwrap(), e18(9));
    let books = manager.books().call().await.unwrap();
    assert_eq!(
        (books.value, books.supply),
        (U256::from(16_150_950_000_000_000_000u128), e18(17))
    );

    // Requests: wallet 2 redeems 5 LRT for mLST, wallet 1 2 LRT for ETH.
    // Each is worth its share of the books at the request, rounded down.
    let r = send!(lrt2.requestRedeem(e18(5), s.lst));
    println!("Lrt requestRedeem gas: {}", r.gas_used);
    send!(lrt1.requestRedeem(e18(2), ETH));
    let lst_request = manager.request(U256::from(1)).call().await.unwrap();
    assert_eq!((lst_request.owner, lst_request.status), (w2, 1));
    assert_eq!(
        lst_request.maxValue,
        U256::from(4_750_279_411_764_705_882u64)
    );
    let eth_request = manager.request(U256::from(2)).call().await.unwrap();
    assert_eq!(
        eth_request.maxValue,
        U256::from(1_900_111_764_705_882_352u64)
    );
    assert_eq!(lrt1.totalSupply().call().await.unwrap(), e18(10));
    assert_eq!(manager.books().call().await.unwrap().pendingShares, e18(7));

    // Not yet finalizable: a queued exit waits out the redeem delay (the
    // registry's 14 days), bearing slashes meanwhile (M-1).
    let err = manager
        .finalizeRedeem(U256::from(1))
        .call()
        .await
        .unwrap_err();
    let finalizable_at = manager
        .requestTime(U256::from(1))
        .call()
        .await
        .unwrap()
        .finalizableAt;
    match revert_as::<ILrt::ILrtErrors>(err) {
        ILrt::ILrtErrors::LrtRedeemDelayPending(e) => {
            assert_eq!(
                (e.requestId, e.finalizableAt),
                (U256::from(1), finalizable_at)
            );
        }
        other => panic!("unexpected {other:?}"),
    }

    // The manager unstakes 5 mLST from operator 2 and 3 deposit shares (2.7
    // ETH after the slash) from operator 1; the rate does not move.
    let id2 = manager.unstake(op2, s.lst, e18(5)).call().await.unwrap();
    let r = send!(manager.unstake(op2, s.lst, e18(5)));
    println!("Lrt unstake gas: {}", r.gas_used);
    let id1 = manager.unstake(op1, ETH, e18(3)).call().await.unwrap();
    send!(manager.unstake(op1, ETH, e18(3)));
    assert_eq!(
        registry
            .pendingRedeemRequest(id1, s.eth_vault)
            .call()
            .await
            .unwrap(),
        e18(27) / U256::from(10)
    );
    assert_eq!(
        manager.books().call().await.unwrap().value,
        U256::from(16_150_950_000_000_000_000u128)
    );

    // After the registry's 14 days anyone completes them: the mLST comes to
    // the Lrt, the ETH to operator 1's sub-account (paid into it during its
    // own call: the account is built to accept that).
    h.advance(14 * 24 * 3600 + 10).await;
    // Past the delay, but not yet payable: 1 mLST idle cannot cover 4.75.
    let err = manager
        .finalizeRedeem(U256::from(1))
        .call()
        .await
        .unwrap_err();
    match revert_as::<ILrt::ILrtErrors>(err) {
        ILrt::ILrtErrors::LrtInsufficientLiquidity(e) => {
            assert_eq!(
                (e.asset, e.available, e.requested),
                (s.lst, e18(1), lst_request.maxValue)
            );
        }
        other => panic!("unexpected {other:?}"),
    }
    let r = send!(ILrt::new(s.lrt, &w2_p).completeUnstake(op2, id2));
    println!("Lrt completeUnstake gas: {}", r.gas_used);
    send!(ILrt::new(s.lrt, &w2_p).completeUnstake(op1, id1));
    assert_eq!(lst.balanceOf(s.lrt).call().await.unwrap(), e18(6));
    assert_eq!(
        h.owner.get_balance(acc1).await.unwrap(),
        e18(27) / U256::from(10)
    );

    // Finalize (anyone) and claim: each pays exactly what it was worth.
    send!(ILrt::new(s.lrt, &w2_p).finalizeRedeem(U256::from(1)));
    send!(ILrt::new(s.lrt, &w2_p).finalizeRedeem(U256::from(2)));
    assert_eq!(
        manager.request(U256::from(1)).call().await.unwrap().status,
        2
    );
    let r = send!(lrt2.claimRedeem(U256::from(1), w2));
    println!("Lrt claimRedeem gas: {}", r.gas_used);
    assert_eq!(
        lst.balanceOf(w2).call().await.unwrap(),
        lst_request.maxValue
    );
    let before = h.owner.get_balance(w1).await.unwrap();
    let r = send!(lrt1.claimRedeem(U256::from(2), w1));
    let after = h.owner.get_balance(w1).await.unwrap();
    assert_eq!(after + gas_cost(&r) - before, eth_request.maxValue);
    // Paid from the Lrt's own 0.05095 ETH first, the rest by operator 1's
    // sub-account.
    assert_eq!(h.owner.get_balance(s.lrt).await.unwrap(), U256::ZERO);
    assert_eq!(
        h.owner.get_balance(acc1).await.unwrap(),
        e18(27) / U256::from(10) + U256::from(50_950_000_000_000_000u64) - eth_request.maxValue
    );
    let err = lrt1
        .claimRedeem(U256::from(2), w1)
        .call()
        .await
        .unwrap_err();
    match revert_as::<ILrt::ILrtErrors>(err) {
        ILrt::ILrtErrors::LrtRequestStatus(e) => {
            assert_eq!((e.requestId, e.status), (U256::from(2), 3))
        }
        other => panic!("unexpected {other:?}"),
    }
    // EIP-2612 with standard tooling: wallet 1 signs a permit for wallet 2
    // off chain (alloy's EIP-712 hashing); wallet 2 submits it and pulls
    // the LRT; the same signature cannot be used twice.
    let signer: PrivateKeySigner = restake_e2e::dev_key(1).parse().unwrap();
    let domain = alloy::sol_types::eip712_domain! {
        name: "Restake Liquid Restaked ETH",
        version: "1",
        chain_id: 412_346,
        verifying_contract: s.lrt,
    };
    assert_eq!(
        lrt1.DOMAIN_SEPARATOR().call().await.unwrap(),
        domain.separator()
    );
    let deadline = U256::from(u64::MAX);
    let permit = Permit {
        owner: w1,
        spender: w2,
        value: e18(3),
        nonce: U256::ZERO,
        deadline,
    };
    let sig = signer
        .sign_hash_sync(&permit.eip712_signing_hash(&domain))
        .unwrap();
    let (v, r_, s_) = (27 + sig.v() as u8, B256::from(sig.r()), B256::from(sig.s()));
    let r = send!(lrt2.permit(w1, w2, e18(3), deadline, v, r_, s_));
    println!("Lrt permit gas: {}", r.gas_used);
    assert_eq!(lrt1.allowance(w1, w2).call().await.unwrap(), e18(3));
    assert_eq!(lrt1.nonces(w1).call().await.unwrap(), U256::from(1));
    send!(lrt2.transferFrom(w1, w2, e18(3)));
    assert_eq!(lrt1.balanceOf(w1).call().await.unwrap(), e18(4));
    assert_eq!(lrt1.balanceOf(w2).call().await.unwrap(), e18(6));
    let Err(err) = lrt2
        .permit(w1, w2, e18(3), deadline, v, r_, s_)
        .call()
        .await
    else {
        panic!("permit replayed")
    };
    match revert_as::<ILrt::ILrtErrors>(err) {
        ILrt::ILrtErrors::ERC2612InvalidSigner(e) => assert_eq!(e.owner, w1),
        other => panic!("unexpected {other:?}"),
    }

    // Nobody lost to anyone: the holders' rate only rose (fee and rounding).
    let rate = manager.rate().call().await.unwrap();
    assert!(
        rate >= U256::from(950_055_882_352_941_179u64),
        "rate {rate}"
    );
}
