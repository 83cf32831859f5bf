//! The lifecycle the demo plays: actors, vault deposits, LRT minting,
//! operators and the Lrt's restaking, an AVS and its set, a slash, and
//! every exit (queued withdrawal, instant, by request, unstaking).

use alloy::primitives::{Address, Bytes, B256, U256};
use alloy::providers::{DynProvider, Provider};
use restake_deploy::bindings::{
    ILrt, IMockLst, IOperatorRegistry, IRewards, ISlashingManager, IVault,
};
use restake_deploy::suite::NATIVE_ETH;
use restake_deploy::DeploymentRecord;

use crate::session::{e18, eth, gas_paid, rate_str, se, Demo, BURN, WAD};

/// Plays the lifecycle once on the suite of `record`.
pub async fn run(demo: &mut Demo, record: &DeploymentRecord) -> Result<(), String> {
    let get = |n: &str| {
        record.address(n).ok_or_else(|| {
            format!("{n} missing from the deployment record: run restake-deploy first")
        })
    };
    let (registry_a, manager_a, eth_vault_a, lst_vault_a, lst_a, lrt_a) = (
        get("OperatorRegistry")?,
        get("SlashingManager")?,
        get("EthVault")?,
        get("LstVault")?,
        get("MockLst")?,
        get("Lrt")?,
    );
    let rewards_a = get("Rewards")?;

    say!(
        demo,
        "\n== Actors (fresh wallets; the Lrt's two operators are kept from run to run)"
    );
    let (wallet_p, wallet) = demo.fresh("wallet", 20).await?;
    let (holder_p, holder) = demo.fresh("holder", 20).await?;
    let (op_p, op) = demo.fresh("operator", 1).await?;
    let (avs_p, avs) = demo.fresh("AVS", 1).await?;
    let (op_a_p, op_a) = demo.kept("lrt-op-A").await?;
    let (op_b_p, op_b) = demo.kept("lrt-op-B").await?;
    let lst_owner = IMockLst::new(lst_a, &demo.owner);
    step!(
        demo,
        "deployer mints 8 mLST to the wallet",
        lst_owner.mint(wallet, e18(8))
    );
    step!(
        demo,
        "deployer mints 8 mLST to the holder",
        lst_owner.mint(holder, e18(8))
    );

    say!(
        demo,
        "\n== 1. The wallet restakes ETH and an LST in the vaults"
    );
    let eth_vault = IVault::new(eth_vault_a, &wallet_p);
    let lst_vault = IVault::new(lst_vault_a, &wallet_p);
    let lst = IMockLst::new(lst_a, &wallet_p);
    step!(
        demo,
        "ETH vault: deposit 10 ETH",
        eth_vault.deposit(e18(10), wallet).value(e18(10))
    );
    step!(
        demo,
        "mLST: approve the LST vault",
        lst.approve(lst_vault_a, e18(8))
    );
    step!(
        demo,
        "LST vault: deposit 8 mLST",
        lst_vault.deposit(e18(8), wallet)
    );
    say!(
        demo,
        "  deposit shares: {} in the ETH vault, {} in the LST vault",
        eth(eth_vault.depositShares(wallet).call().await.map_err(se)?),
        eth(lst_vault.depositShares(wallet).call().await.map_err(se)?)
    );

    say!(
        demo,
        "\n== 2. The holder mints LRT (rstETH) from ETH and the LST"
    );
    let lrt = ILrt::new(lrt_a, &holder_p);
    let lrt_mgr = ILrt::new(lrt_a, demo.owner.clone());
    let rate0 = lrt.rate().call().await.map_err(se)?;
    say!(demo, "  rate: {} ETH per LRT", rate_str(rate0));
    step!(
        demo,
        "Lrt: deposit 10 ETH",
        lrt.deposit(U256::ZERO).value(e18(10))
    );
    step!(
        demo,
        "mLST: approve the Lrt",
        IMockLst::new(lst_a, &holder_p).approve(lrt_a, e18(8))
    );
    step!(
        demo,
        "Lrt: depositToken 8 mLST",
        lrt.depositToken(lst_a, e18(8), U256::ZERO)
    );
    let minted = lrt.balanceOf(holder).call().await.map_err(se)?;
    say!(demo, "  the holder holds {} LRT", eth(minted));

    say!(demo, "\n== 3. Operators register; the wallet delegates; the Lrt's manager restakes through two operators");
    let reg_op = IOperatorRegistry::new(registry_a, &op_p);
    step!(
        demo,
        "registry: registerAsOperator",
        reg_op.registerAsOperator(Address::ZERO, 0, "ipfs://demo-operator".into())
    );
    let reg = IOperatorRegistry::new(registry_a, &wallet_p);
    step!(
        demo,
        "registry: delegateTo(operator)",
        reg.delegateTo(op, Bytes::new(), U256::ZERO, B256::ZERO)
    );
    let stake_eth = reg
        .operatorStake(op, eth_vault_a)
        .call()
        .await
        .map_err(se)?;
    let stake_lst = reg
        .operatorStake(op, lst_vault_a)
        .call()
        .await
        .map_err(se)?;
    say!(
        demo,
        "  operator stake: {} ETH-vault shares, {} LST-vault shares",
        eth(stake_eth),
        eth(stake_lst)
    );
    let mut accounts = Vec::new();
    for (name, p, a) in [("A", &op_a_p, op_a), ("B", &op_b_p, op_b)] {
        let r = IOperatorRegistry::new(registry_a, p);
        if !r.isOperator(a).call().await.map_err(se)? {
            step!(
                demo,
                format!("registry: operator {name} registers"),
                r.registerAsOperator(Address::ZERO, 0, format!("ipfs://lrt-operator-{name}"))
            );
        }
        let account = match lrt_account(&lrt_mgr, a).await? {
            Some(acc) => acc,
            None => {
                step!(
                    demo,
                    format!("Lrt: addOperator({name}) (clones a sub-account)"),
                    lrt_mgr.addOperator(a, Bytes::new(), U256::ZERO, B256::ZERO)
                );
                lrt_account(&lrt_mgr, a)
                    .await?
                    .ok_or("the Lrt did not record the operator")?
            }
        };
        say!(demo, "  operator {name} {a}: sub-account {account}");
        accounts.push(account);
    }
    // Restake 9 ETH through A (less if the 60% concentration cap leaves less
    // room) and 7 mLST through B.
    let books = lrt_mgr.books().call().await.map_err(se)?;
    let params = lrt_mgr.parameters().call().await.map_err(se)?;
    let a_value = operator_value(&lrt_mgr, op_a).await?;
    let room =
        (books.value * params.concentrationCapBps / U256::from(10_000u64)).saturating_sub(a_value);
    let to_a = e18(9).min(room.saturating_sub(U256::from(1_000u64)));
    step!(
        demo,
        format!("Lrt: restake {} ETH through A", eth(to_a)),
        lrt_mgr.restake(op_a, NATIVE_ETH, to_a)
    );
    step!(
        demo,
        "Lrt: restake 7 mLST through B",
        lrt_mgr.restake(op_b, lst_a, e18(7))
    );
    let books = lrt_mgr.books().call().await.map_err(se)?;
    say!(
        demo,
        "  Lrt books: {} value, {} idle, {} supply; A holds {}, B {} (cap {}%)",
        eth(books.value),
        eth(books.idle),
        eth(books.supply),
        eth(operator_value(&lrt_mgr, op_a).await?),
        eth(operator_value(&lrt_mgr, op_b).await?),
        params.concentrationCapBps / U256::from(100u64)
    );

    say!(
        demo,
        "\n== 4. An AVS registers and creates an operator set; the operators join and allocate"
    );
    let mgr_avs = ISlashingManager::new(manager_a, &avs_p);
    step!(
        demo,
        "manager: registerAvs",
        mgr_avs.registerAvs("ipfs://demo-avs".into(), Address::ZERO)
    );
    step!(
        demo,
        "manager: createOperatorSet(1, both vaults, instant, burn)",
        mgr_avs.createOperatorSet(
            1,
            vec![eth_vault_a, lst_vault_a],
            avs,
            Address::ZERO,
            Address::ZERO,
            0,
            WAD,
            86_400,
            0,
            Address::ZERO
        )
    );
    let mgr_op = ISlashingManager::new(manager_a, &op_p);
    step!(
        demo,
        "manager: joinOperatorSet",
        mgr_op.joinOperatorSet(avs, 1)
    );
    step!(
        demo,
        "manager: allocate 50% of ETH-vault stake",
        mgr_op.modifyAllocation(avs, 1, eth_vault_a, WAD / 2)
    );
    step!(
        demo,
        "manager: allocate 50% of LST-vault stake",
        mgr_op.modifyAllocation(avs, 1, lst_vault_a, WAD / 2)
    );
    let mgr_a = ISlashingManager::new(manager_a, &op_a_p);
    step!(
        demo,
        "manager: operator A joins",
        mgr_a.joinOperatorSet(avs, 1)
    );
    // Half of what A has not promised to earlier runs' sets.
    let free = reg
        .maxMagnitude(op_a, eth_vault_a)
        .call()
        .await
        .map_err(se)?
        - mgr_a
            .encumberedMagnitude(op_a, eth_vault_a)
            .call()
            .await
            .map_err(se)?;
    step!(
        demo,
        "manager: operator A allocates half its free ETH magnitude",
        mgr_a.modifyAllocation(avs, 1, eth_vault_a, free / 2)
    );
    // Allocations become slashable after the allocation delay, never below
    // the registry's minimum (longer than the withdrawal delay).
    let allocation_delay = reg
        .allocationDelay(op)
        .call()
        .await
        .map_err(se)?
        .max(reg.allocationDelay(op_a).call().await.map_err(se)?);
    say!(
        demo,
        "  allocation delay: {allocation_delay} s (the registry's minimum is {} s)",
        reg.minAllocationDelay().call().await.map_err(se)?
    );
    demo.advance(allocation_delay as u64 + 1).await?;
    let slashable = mgr_op
        .slashableStake(op, avs, 1, eth_vault_a, 0)
        .call()
        .await
        .map_err(se)?;
    say!(
        demo,
        "  slashable in the set now: {} ETH-vault shares of the operator",
        eth(slashable)
    );

    say!(
        demo,
        "\n== 5. The AVS pays for its security: a day of ETH to the set; the operator, the wallet and the Lrt claim"
    );
    let rewards = IRewards::new(rewards_a, &holder_p);
    step!(
        demo,
        "rewards: sync(operator) (its allocations are in force)",
        rewards.sync(op, avs, 1)
    );
    step!(
        demo,
        "rewards: sync(operator A)",
        rewards.sync(op_a, avs, 1)
    );
    // One day at 1e12 wei per second; one share of either vault weighs 1.
    let paid = U256::from(86_400_000_000_000_000u64);
    let (mut set_vaults, ms) = (vec![eth_vault_a, lst_vault_a], vec![U256::from(WAD); 2]);
    set_vaults.sort();
    let start = demo
        .owner
        .get_block_by_number(alloy::eips::BlockNumberOrTag::Latest)
        .await
        .map_err(se)?
        .ok_or("no latest block")?
        .header
        .timestamp
        + 60;
    step!(
        demo,
        "rewards: submit (0.0864 ETH over one day)",
        IRewards::new(rewards_a, &avs_p)
            .submit(1, NATIVE_ETH, paid, start, 86_400, set_vaults, ms)
            .value(paid)
    );
    demo.advance(86_400 + 120).await?;
    let account_a = accounts[0];
    say!(
        demo,
        "  after the day: the operator may claim {} ETH (10% commission), the wallet {} ETH, the Lrt's sub-account A {} ETH",
        eth(rewards.claimable(op, NATIVE_ETH).call().await.map_err(se)?),
        eth(rewards.claimable(wallet, NATIVE_ETH).call().await.map_err(se)?),
        eth(rewards.claimable(account_a, NATIVE_ETH).call().await.map_err(se)?)
    );
    step!(
        demo,
        "rewards: claim (the operator, ETH)",
        IRewards::new(rewards_a, &op_p).claim(op, vec![NATIVE_ETH], op)
    );
    step!(
        demo,
        "rewards: claim (the wallet, ETH)",
        IRewards::new(rewards_a, &wallet_p).claim(wallet, vec![NATIVE_ETH], wallet)
    );
    let rate_before_claim = lrt.rate().call().await.map_err(se)?;
    step!(
        demo,
        "Lrt: claimRewards(A) (anyone; drips over 7 days)",
        lrt.claimRewards(op_a, vec![NATIVE_ETH])
    );
    let drip = lrt.rewardDrip(NATIVE_ETH).call().await.map_err(se)?;
    demo.advance(7 * 86_400).await?;
    say!(
        demo,
        "  the Lrt claimed {} ETH; its rate: {} at the claim, {} seven days later",
        eth(drip.locked),
        rate_str(rate_before_claim),
        rate_str(lrt.rate().call().await.map_err(se)?)
    );

    say!(
        demo,
        "\n== 6. The AVS slashes both operators: 20% of their allocations"
    );
    let burn_before = demo.owner.get_balance(BURN).await.map_err(se)?;
    let rate_before = lrt.rate().call().await.map_err(se)?;
    // A slash names its vaults in ascending address order (no vault twice).
    let mut both = vec![eth_vault_a, lst_vault_a];
    both.sort();
    step!(
        demo,
        "manager: slash(operator, 20%, both vaults)",
        mgr_avs.slash(
            op,
            avs,
            1,
            both,
            WAD / 5,
            "equivocation at height 42".into()
        )
    );
    step!(
        demo,
        "manager: slash(operator A, 20%, ETH vault)",
        mgr_avs.slash(
            op_a,
            avs,
            1,
            vec![eth_vault_a],
            WAD / 5,
            "equivocation at height 42".into()
        )
    );
    // The slashes called no vault: the shares wait in the manager until
    // anyone releases them to their vault, which burns them (#15).
    for (vault, name) in [(eth_vault_a, "ETH vault"), (lst_vault_a, "mLST vault")] {
        let shares = mgr_avs
            .slashedShares(vault, Address::ZERO)
            .call()
            .await
            .map_err(se)?;
        say!(
            demo,
            "  {} shares of the {name} wait for their release",
            eth(shares)
        );
    }
    step!(
        demo,
        "manager: releaseSlashed(ETH vault, burn)",
        mgr_avs.releaseSlashed(eth_vault_a, Address::ZERO)
    );
    step!(
        demo,
        "manager: releaseSlashed(mLST vault, burn)",
        mgr_avs.releaseSlashed(lst_vault_a, Address::ZERO)
    );
    let burned = demo.owner.get_balance(BURN).await.map_err(se)? - burn_before;
    let w_eth = reg
        .withdrawableShares(wallet, eth_vault_a)
        .call()
        .await
        .map_err(se)?;
    let w_lst = reg
        .withdrawableShares(wallet, lst_vault_a)
        .call()
        .await
        .map_err(se)?;
    say!(
        demo,
        "  burned {} ETH in all; the wallet can now withdraw {} ETH and {} mLST",
        eth(burned),
        eth(w_eth),
        eth(w_lst)
    );
    let rate_after = lrt.rate().call().await.map_err(se)?;
    say!(
        demo,
        "  LRT rate: {} -> {} ETH per LRT (the same block, no oracle)",
        rate_str(rate_before),
        rate_str(rate_after)
    );

    say!(
        demo,
        "\n== 7. Exits: the wallet queues; the holder exits instantly and by request"
    );
    step!(
        demo,
        "registry: queueWithdrawal(both vaults, all shares)",
        reg.queueWithdrawal(vec![eth_vault_a, lst_vault_a], vec![e18(10), e18(8)])
    );
    let id = reg.withdrawalCount().call().await.map_err(se)?;
    let pending = reg
        .pendingRedeemRequest(id, eth_vault_a)
        .call()
        .await
        .map_err(se)?;
    say!(
        demo,
        "  withdrawal #{id}: {} ETH pending, still slashable until claimable",
        eth(pending)
    );
    let before = demo.owner.get_balance(holder).await.map_err(se)?;
    let r = step!(
        demo,
        "Lrt: instantRedeem 1 LRT for ETH",
        lrt.instantRedeem(e18(1), NATIVE_ETH, U256::ZERO, holder)
    );
    let got = demo.owner.get_balance(holder).await.map_err(se)? + gas_paid(&r) - before;
    say!(
        demo,
        "  the holder received {} ETH at once (0.10% fee kept by holders)",
        eth(got)
    );
    let lst_id = lrt.requestRedeem(e18(5), lst_a).call().await.map_err(se)?;
    step!(
        demo,
        "Lrt: requestRedeem 5 LRT for mLST",
        lrt.requestRedeem(e18(5), lst_a)
    );
    let eth_id = lrt
        .requestRedeem(e18(2), NATIVE_ETH)
        .call()
        .await
        .map_err(se)?;
    step!(
        demo,
        "Lrt: requestRedeem 2 LRT for ETH",
        lrt.requestRedeem(e18(2), NATIVE_ETH)
    );
    let lst_req = lrt_mgr.request(lst_id).call().await.map_err(se)?;
    let eth_req = lrt_mgr.request(eth_id).call().await.map_err(se)?;
    say!(
        demo,
        "  requests #{lst_id} ({} mLST) and #{eth_id} ({} ETH) pending",
        eth(lst_req.maxValue),
        eth(eth_req.maxValue)
    );
    let b_shares = IVault::new(lst_vault_a, &demo.owner)
        .depositShares(accounts[1])
        .call()
        .await
        .map_err(se)?;
    let a_shares = IVault::new(eth_vault_a, &demo.owner)
        .depositShares(accounts[0])
        .call()
        .await
        .map_err(se)?;
    let unstake_b = lrt_mgr
        .unstake(op_b, lst_a, e18(5).min(b_shares))
        .call()
        .await
        .map_err(se)?;
    step!(
        demo,
        format!(
            "Lrt: unstake {} mLST shares from B",
            eth(e18(5).min(b_shares))
        ),
        lrt_mgr.unstake(op_b, lst_a, e18(5).min(b_shares))
    );
    let unstake_a = lrt_mgr
        .unstake(op_a, NATIVE_ETH, a_shares)
        .call()
        .await
        .map_err(se)?;
    step!(
        demo,
        format!("Lrt: unstake all {} ETH-vault shares from A", eth(a_shares)),
        lrt_mgr.unstake(op_a, NATIVE_ETH, a_shares)
    );
    let delay = reg.withdrawalDelay().call().await.map_err(se)?;
    demo.advance(delay + 1).await?;
    say!(demo, "  ... {} days later", delay / 86_400);
    let eth_before = demo.owner.get_balance(wallet).await.map_err(se)?;
    let lst_before = lst.balanceOf(wallet).call().await.map_err(se)?;
    let r = step!(
        demo,
        "registry: completeWithdrawal(as tokens)",
        reg.completeWithdrawal(id, true)
    );
    let eth_after = demo.owner.get_balance(wallet).await.map_err(se)?;
    let lst_after = lst.balanceOf(wallet).call().await.map_err(se)?;
    say!(
        demo,
        "  the wallet received {} ETH and {} mLST (deposited 10 and 8; 10% slashed)",
        eth(eth_after + gas_paid(&r) - eth_before),
        eth(lst_after - lst_before)
    );
    step!(
        demo,
        "Lrt: completeUnstake(B) (anyone)",
        lrt_mgr.completeUnstake(op_b, unstake_b)
    );
    step!(
        demo,
        "Lrt: completeUnstake(A) (anyone)",
        lrt_mgr.completeUnstake(op_a, unstake_a)
    );
    step!(
        demo,
        format!("Lrt: finalizeRedeem #{lst_id} (anyone)"),
        lrt_mgr.finalizeRedeem(lst_id)
    );
    step!(
        demo,
        format!("Lrt: finalizeRedeem #{eth_id} (anyone)"),
        lrt_mgr.finalizeRedeem(eth_id)
    );
    let holder_lst = IMockLst::new(lst_a, &holder_p);
    let lst_before = holder_lst.balanceOf(holder).call().await.map_err(se)?;
    step!(
        demo,
        format!("Lrt: claimRedeem #{lst_id}"),
        lrt.claimRedeem(lst_id, holder)
    );
    let before = demo.owner.get_balance(holder).await.map_err(se)?;
    let r = step!(
        demo,
        format!("Lrt: claimRedeem #{eth_id}"),
        lrt.claimRedeem(eth_id, holder)
    );
    let got_eth = demo.owner.get_balance(holder).await.map_err(se)? + gas_paid(&r) - before;
    let got_lst = holder_lst.balanceOf(holder).call().await.map_err(se)? - lst_before;
    say!(
        demo,
        "  the holder received {} mLST and {} ETH for 7 LRT; keeps {} LRT at {} ETH each",
        eth(got_lst),
        eth(got_eth),
        eth(lrt.balanceOf(holder).call().await.map_err(se)?),
        rate_str(lrt.rate().call().await.map_err(se)?)
    );

    // Operator A is kept from run to run: it deallocates this run's set,
    // so its vault never counts in more sets than the rewards' bound of 8
    // (the place frees once the deallocation delay has passed).
    step!(
        demo,
        "manager: operator A deallocates (frees its place for later runs)",
        mgr_a.modifyAllocation(avs, 1, eth_vault_a, 0)
    );

    say!(
        demo,
        "\n== Done: lifecycle complete, {} gas in all",
        demo.total_gas
    );
    Ok(())
}

/// The Lrt's index and sub-account for `operator`, if it has one.
async fn lrt_operator(
    lrt: &ILrt::ILrtInstance<DynProvider>,
    operator: Address,
) -> Result<Option<(U256, Address)>, String> {
    for i in 0..8u64 {
        let o = lrt.operatorAt(U256::from(i)).call().await.map_err(se)?;
        if o.operator == operator {
            return Ok(Some((U256::from(i), o.account)));
        }
        if o.operator.is_zero() {
            break;
        }
    }
    Ok(None)
}

/// The Lrt's sub-account for `operator`, if it has one.
async fn lrt_account(
    lrt: &ILrt::ILrtInstance<DynProvider>,
    operator: Address,
) -> Result<Option<Address>, String> {
    Ok(lrt_operator(lrt, operator)
        .await?
        .map(|(_, account)| account))
}

/// The value the Lrt has restaked through `operator`.
async fn operator_value(
    lrt: &ILrt::ILrtInstance<DynProvider>,
    operator: Address,
) -> Result<U256, String> {
    match lrt_operator(lrt, operator).await? {
        Some((index, _)) => lrt.operatorValue(index).call().await.map_err(se),
        None => Ok(U256::ZERO),
    }
}
