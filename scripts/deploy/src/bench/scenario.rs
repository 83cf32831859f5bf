//! The like-for-like operations (issue #15): each in the shape of its
//! reference (one vault where EigenLayer's figure is for one strategy),
//! with a reward streaming in the set, so that every stake change settles
//! real accumulators. Rows whose label starts with `setup:` are not in the
//! table.

use alloy::primitives::{Address, Bytes, B256, U256};
use alloy::providers::Provider;
use alloy::signers::SignerSync;
use restake_deploy::bindings::{
    IEvidenceVerifier, ILrt, IMockLst, IOperatorRegistry, IRewards, ISlashingManager, IVault,
};
use restake_deploy::suite::NATIVE_ETH;
use restake_deploy::DeploymentRecord;

use crate::session::{e18, se, Demo, WAD};

/// The suite's addresses the scenario uses.
pub struct Suite {
    pub registry: Address,
    pub manager: Address,
    pub eth_vault: Address,
    pub lst_vault: Address,
    pub lst: Address,
    pub lrt: Address,
    pub rewards: Address,
    pub evidence: Address,
}

impl Suite {
    /// From the deployment record.
    pub fn of(record: &DeploymentRecord) -> Result<Self, String> {
        let get = |n: &str| {
            record.address(n).ok_or_else(|| {
                format!("{n} missing from the deployment record: run restake-deploy first")
            })
        };
        Ok(Suite {
            registry: get("OperatorRegistry")?,
            manager: get("SlashingManager")?,
            eth_vault: get("EthVault")?,
            lst_vault: get("LstVault")?,
            // The LST vault's asset, read from the chain by `measure`: the
            // bench deploys a Solidity LST (bench.sh), not the mock.
            lst: Address::ZERO,
            lrt: get("Lrt")?,
            rewards: get("Rewards")?,
            evidence: get("EvidenceVerifier")?,
        })
    }
}

/// The latest block's timestamp.
pub async fn now(demo: &Demo) -> Result<u64, String> {
    Ok(demo
        .owner
        .get_block_by_number(alloy::eips::BlockNumberOrTag::Latest)
        .await
        .map_err(se)?
        .ok_or("no latest block")?
        .header
        .timestamp)
}

/// Plays every like-for-like operation once.
pub async fn run(demo: &mut Demo, s: &Suite) -> Result<(), String> {
    let (op_p, op) = demo.fresh("operator", 1).await?;
    let (avs_p, avs) = demo.fresh("avs", 2).await?;
    let (vetoer_p, vetoer) = demo.fresh("vetoer", 1).await?;
    let (watcher_p, _) = demo.fresh("watcher", 1).await?;
    let (u_p, u) = demo.fresh("undelegated", 1).await?;
    let (d_p, d) = demo.fresh("delegated", 1).await?;
    let (x_p, x) = demo.fresh("withdrawer", 1).await?;
    let (y_p, y) = demo.fresh("undelegator", 1).await?;
    let (h_p, h) = demo.fresh("holder", 20).await?;
    let lst_owner = IMockLst::new(s.lst, &demo.owner);
    for (who, p) in [(u, &u_p), (d, &d_p), (x, &x_p), (y, &y_p)] {
        step!(demo, "setup: mint mLST", lst_owner.mint(who, e18(10)));
        step!(
            demo,
            "setup: approve the LST vault",
            IMockLst::new(s.lst, p).approve(s.lst_vault, U256::MAX)
        );
    }

    // -- operators and stakers --
    let reg = |p| IOperatorRegistry::new(s.registry, p);
    let vault = |p| IVault::new(s.lst_vault, p);
    step!(
        demo,
        "registerAsOperator",
        reg(&op_p).registerAsOperator(Address::ZERO, 0, "ipfs://bench".into())
    );
    step!(
        demo,
        "deposit: first, undelegated",
        vault(&u_p).deposit(e18(1), u)
    );
    step!(
        demo,
        "deposit: repeat, undelegated",
        vault(&u_p).deposit(e18(1), u)
    );
    step!(
        demo,
        "setup: the withdrawer deposits",
        vault(&x_p).deposit(e18(2), x)
    );
    step!(
        demo,
        "delegateTo (1 vault)",
        reg(&x_p).delegateTo(op, Bytes::new(), U256::ZERO, B256::ZERO)
    );
    step!(
        demo,
        "setup: a staker delegates before depositing",
        reg(&d_p).delegateTo(op, Bytes::new(), U256::ZERO, B256::ZERO)
    );
    step!(
        demo,
        "deposit: first, delegated",
        vault(&d_p).deposit(e18(1), d)
    );
    step!(
        demo,
        "deposit: repeat, delegated",
        vault(&d_p).deposit(e18(1), d)
    );
    step!(
        demo,
        "setup: the undelegator deposits",
        vault(&y_p).deposit(e18(2), y)
    );
    step!(
        demo,
        "setup: the undelegator delegates",
        reg(&y_p).delegateTo(op, Bytes::new(), U256::ZERO, B256::ZERO)
    );

    // -- the AVS, its sets, the operator's allocations --
    let mgr_avs = ISlashingManager::new(s.manager, &avs_p);
    let mgr_op = ISlashingManager::new(s.manager, &op_p);
    step!(
        demo,
        "setup: registerAvs",
        mgr_avs.registerAvs("ipfs://bench-avs".into(), Address::ZERO)
    );
    step!(
        demo,
        "createOperatorSets (1 set, 1 vault)",
        mgr_avs.createOperatorSet(
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
        )
    );
    step!(
        demo,
        "setup: a set with a veto window",
        mgr_avs.createOperatorSet(
            2,
            vec![s.lst_vault],
            avs,
            Address::ZERO,
            vetoer,
            3 * 86_400,
            WAD,
            86_400,
            0,
            Address::ZERO
        )
    );
    step!(
        demo,
        "setup: a set slashed by evidence",
        mgr_avs.createOperatorSet(
            3,
            vec![s.lst_vault],
            avs,
            Address::ZERO,
            Address::ZERO,
            0,
            WAD,
            86_400,
            WAD / 4,
            s.evidence
        )
    );
    step!(
        demo,
        "registerForOperatorSets (join)",
        mgr_op.joinOperatorSet(avs, 1)
    );
    step!(
        demo,
        "modifyAllocations: allocate",
        mgr_op.modifyAllocation(avs, 1, s.lst_vault, WAD / 4)
    );
    for set in [2u32, 3] {
        step!(
            demo,
            "setup: join another set",
            mgr_op.joinOperatorSet(avs, set)
        );
        step!(
            demo,
            "setup: allocate to it",
            mgr_op.modifyAllocation(avs, set, s.lst_vault, WAD / 4)
        );
    }
    let key = alloy::signers::local::PrivateKeySigner::from_bytes(&alloy::primitives::keccak256(
        [demo.seed.as_slice(), b"signing key"].concat(),
    ))
    .map_err(se)?;
    step!(
        demo,
        "setup: the operator's signing key",
        IEvidenceVerifier::new(s.evidence, &op_p).registerSigningKey(avs, 3, key.address())
    );
    let delay = reg(&op_p).allocationDelay(op).call().await.map_err(se)?;
    demo.advance(delay as u64 + 1).await?;

    // -- a reward streams in set 1 from here on --
    let rewards = |p| IRewards::new(s.rewards, p);
    step!(
        demo,
        "setup: sync the operator (its allocation is in force)",
        rewards(&avs_p).sync(op, avs, 1)
    );
    let paid = U256::from(864_000_000_000_000_000u64);
    let start = now(demo).await? + 60;
    step!(
        demo,
        "rewards: submit (ETH, 10 days)",
        rewards(&avs_p)
            .submit(
                1,
                NATIVE_ETH,
                paid,
                start,
                10 * 86_400,
                vec![s.lst_vault],
                vec![U256::from(WAD)]
            )
            .value(paid)
    );
    demo.advance(3_600).await?;
    // The first settlement after a stream begins writes the pair's and the
    // stream's first accumulators (the token's place in the pair, its reward
    // per share, the commission, the stream's running sums): once per
    // operator-vault pair and token. Its own row, so that the exits below
    // measure what every later settlement costs (docs/bench.md).
    step!(
        demo,
        "rewards: first settlement of a stream (deposit)",
        vault(&d_p).deposit(e18(1), d)
    );

    // -- exits and slashes --
    let x_shares = vault(&x_p).depositShares(x).call().await.map_err(se)?;
    step!(
        demo,
        "queueWithdrawals (1 vault)",
        reg(&x_p).queueWithdrawal(vec![s.lst_vault], vec![x_shares])
    );
    let x_id = reg(&x_p).withdrawalCount().call().await.map_err(se)?;
    step!(demo, "undelegate (1 vault)", reg(&y_p).undelegate(y));
    step!(
        demo,
        "slashOperator: first",
        mgr_avs.slash(op, avs, 1, vec![s.lst_vault], WAD / 10, "bench".into())
    );
    step!(
        demo,
        "slashOperator: second",
        mgr_avs.slash(op, avs, 1, vec![s.lst_vault], WAD / 10, "bench".into())
    );
    step!(
        demo,
        "veto slash: request",
        mgr_avs.requestSlash(op, avs, 2, vec![s.lst_vault], WAD / 10, "bench".into())
    );
    let slash_id = mgr_avs.config().call().await.map_err(se)?.lastSlashId;
    let _ = vetoer_p;
    let verifier = IEvidenceVerifier::new(s.evidence, &watcher_p);
    let mut sigs = Vec::new();
    let mut payloads = Vec::new();
    for tag in [b"block a", b"block b"] {
        let payload = alloy::primitives::keccak256(tag);
        let digest = verifier
            .attestationDigest(avs, 3, 7, payload)
            .call()
            .await
            .map_err(se)?;
        sigs.push(Bytes::from(
            key.sign_hash_sync(&digest).map_err(se)?.as_bytes().to_vec(),
        ));
        payloads.push(payload);
    }
    step!(
        demo,
        "evidence slash (double sign)",
        verifier.submitEquivocation(
            op,
            avs,
            3,
            7,
            payloads[0],
            sigs[0].clone(),
            payloads[1],
            sigs[1].clone()
        )
    );
    step!(
        demo,
        "modifyAllocations: deallocate",
        mgr_op.modifyAllocation(avs, 1, s.lst_vault, 0)
    );
    demo.advance(3 * 86_400 + 1).await?;
    step!(
        demo,
        "veto slash: execute",
        mgr_avs.executeSlash(U256::from(slash_id))
    );
    // The slashes' shares wait in the manager until anyone releases them:
    // the vault burns them and sends the tokens to the burn address. Not in
    // the slash rows, as EigenLayer's burn is not in its slashOperator.
    step!(
        demo,
        "slashed shares: release (burn, 1 vault)",
        mgr_avs.releaseSlashed(s.lst_vault, Address::ZERO)
    );
    let w_delay = reg(&x_p).withdrawalDelay().call().await.map_err(se)?;
    demo.advance(w_delay + 1).await?;
    step!(
        demo,
        "completeQueuedWithdrawal (as tokens, 1 vault)",
        reg(&x_p).completeWithdrawal(x_id, true)
    );
    step!(
        demo,
        "rewards: claim (a staker)",
        rewards(&d_p).claim(d, vec![NATIVE_ETH], d)
    );
    step!(
        demo,
        "rewards: claim (the operator)",
        rewards(&op_p).claim(op, vec![NATIVE_ETH], op)
    );

    // -- the Lrt --
    let lrt = ILrt::new(s.lrt, &h_p);
    step!(
        demo,
        "Lrt: mint (deposit ETH)",
        lrt.deposit(U256::ZERO).value(e18(10))
    );
    step!(
        demo,
        "Lrt: instant redeem (ETH)",
        lrt.instantRedeem(e18(1), NATIVE_ETH, U256::ZERO, h)
    );
    let id = lrt
        .requestRedeem(e18(2), NATIVE_ETH)
        .call()
        .await
        .map_err(se)?;
    step!(
        demo,
        "Lrt: request redeem (ETH)",
        lrt.requestRedeem(e18(2), NATIVE_ETH)
    );
    let r_delay = lrt.redeemDelay().call().await.map_err(se)?;
    demo.advance(r_delay + 1).await?;
    step!(demo, "Lrt: finalize redeem", lrt.finalizeRedeem(id));
    step!(demo, "Lrt: claim redeem", lrt.claimRedeem(id, h));
    Ok(())
}
