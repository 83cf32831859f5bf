//! Scaling rows (issue #15): the same operation measured as the protocol
//! grows, uncached, with the ratio of the largest to the smallest:
//! * with 1, 100, ... stakers delegated to the operator (a repeat deposit, a
//!   reward claim, a slash, a withdrawal completion of one staker);
//! * with 1 and 1,000 queued withdrawals of that staker (a completion);
//! * with 1 and 8 Lrt operators (a mint, an instant redeem).
//!
//! Stakers are added with `anvil_setBalance` and two transactions each
//! (delegate, deposit), fixed gas limits and no receipt waits; the counts
//! are checked afterwards on the registry.

use alloy::network::{EthereumWallet, TransactionBuilder};
use alloy::primitives::{Address, Bytes, B256, U256};
use alloy::providers::{Provider, ProviderBuilder};
use alloy::signers::local::PrivateKeySigner;
use restake_deploy::bindings::{ILrt, IOperatorRegistry, IRewards, ISlashingManager, IVault};
use restake_deploy::suite::NATIVE_ETH;

use crate::scenario::{now, Suite};
use crate::session::{e18, se, Demo, WAD};

/// One scaling series: the operation and its gas at each size.
pub struct Series {
    pub operation: String,
    pub points: Vec<(u64, u64)>,
}

impl Series {
    /// The largest size's gas over the smallest size's.
    pub fn ratio(&self) -> f64 {
        match (self.points.first(), self.points.last()) {
            (Some(a), Some(b)) if a.1 > 0 => b.1 as f64 / a.1 as f64,
            _ => 1.0,
        }
    }
}

/// The gas of the last row `demo` recorded.
fn last(demo: &Demo) -> u64 {
    demo.rows.last().map(|r| r.1).unwrap_or(0)
}

/// Adds stakers `from..to` to `operator`, each delegated with 0.01 ETH in
/// the ETH vault.
async fn add_stakers(
    demo: &Demo,
    s: &Suite,
    operator: Address,
    from: u64,
    to: u64,
) -> Result<(), String> {
    let calls_delegate = IOperatorRegistry::delegateToCall {
        operator,
        signature: Bytes::new(),
        expiry: U256::ZERO,
        salt: B256::ZERO,
    };
    let mut pending = Vec::new();
    for i in from..to {
        let key = alloy::primitives::keccak256(
            [demo.seed.as_slice(), b"scale staker", &i.to_be_bytes()].concat(),
        );
        let signer = PrivateKeySigner::from_bytes(&key).map_err(se)?;
        let who = signer.address();
        let _: serde_json::Value = demo
            .owner
            .raw_request(
                "anvil_setBalance".into(),
                (who, U256::from(10u64).pow(U256::from(17))),
            )
            .await
            .map_err(se)?;
        let p = ProviderBuilder::new()
            .wallet(EthereumWallet::from(signer))
            .connect_http(demo.url.parse().map_err(se)?);
        let price = 1_000_000_000u128;
        let tx = alloy::rpc::types::TransactionRequest::default()
            .with_to(s.registry)
            .with_input(alloy::sol_types::SolCall::abi_encode(&calls_delegate))
            .with_gas_limit(2_000_000)
            .with_max_fee_per_gas(price)
            .with_max_priority_fee_per_gas(0)
            .with_nonce(0);
        pending.push(p.send_transaction(tx).await.map_err(se)?);
        let deposit = IVault::depositCall {
            assets: e18(1) / U256::from(100),
            receiver: who,
        };
        let tx = alloy::rpc::types::TransactionRequest::default()
            .with_to(s.eth_vault)
            .with_value(e18(1) / U256::from(100))
            .with_input(alloy::sol_types::SolCall::abi_encode(&deposit))
            .with_gas_limit(3_000_000)
            .with_max_fee_per_gas(price)
            .with_max_priority_fee_per_gas(0)
            .with_nonce(1);
        pending.push(p.send_transaction(tx).await.map_err(se)?);
    }
    // The devnet mines each transaction as it arrives: the receipts are
    // there; check them all succeeded.
    for tx in pending {
        let r = tx.get_receipt().await.map_err(se)?;
        if !r.status() {
            return Err(format!("adding a staker: {} reverted", r.transaction_hash));
        }
    }
    Ok(())
}

/// Plays every scaling series; `sizes` are the staker counts.
pub async fn run(demo: &mut Demo, s: &Suite, sizes: &[u64]) -> Result<Vec<Series>, String> {
    let (op_p, op) = demo.fresh("scale operator", 1).await?;
    let (avs_p, avs) = demo.fresh("scale avs", 200).await?;
    let (t_p, t) = demo.fresh("scale staker", 50).await?;
    let reg = |p| IOperatorRegistry::new(s.registry, p);
    step!(
        demo,
        "setup",
        reg(&op_p).registerAsOperator(Address::ZERO, 0, "ipfs://scale".into())
    );
    let mgr_avs = ISlashingManager::new(s.manager, &avs_p);
    let mgr_op = ISlashingManager::new(s.manager, &op_p);
    step!(
        demo,
        "setup",
        mgr_avs.registerAvs("ipfs://scale-avs".into(), Address::ZERO)
    );
    step!(
        demo,
        "setup",
        mgr_avs.createOperatorSet(
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
        )
    );
    step!(demo, "setup", mgr_op.joinOperatorSet(avs, 1));
    step!(
        demo,
        "setup",
        mgr_op.modifyAllocation(avs, 1, s.eth_vault, WAD / 2)
    );
    step!(
        demo,
        "setup",
        reg(&t_p).delegateTo(op, Bytes::new(), U256::ZERO, B256::ZERO)
    );
    let vault = IVault::new(s.eth_vault, &t_p);
    step!(demo, "setup", vault.deposit(e18(10), t).value(e18(10)));
    let delay = reg(&op_p).allocationDelay(op).call().await.map_err(se)?;
    demo.advance(delay as u64 + 1).await?;
    let rewards = IRewards::new(s.rewards, &t_p);
    step!(demo, "setup", rewards.sync(op, avs, 1));
    let paid = e18(90);
    let start = now(demo).await? + 60;
    step!(
        demo,
        "setup",
        IRewards::new(s.rewards, &avs_p)
            .submit(
                1,
                NATIVE_ETH,
                paid,
                start,
                90 * 86_400,
                vec![s.eth_vault],
                vec![U256::from(WAD)]
            )
            .value(paid)
    );
    let w_delay = reg(&t_p).withdrawalDelay().call().await.map_err(se)?;
    let mut series: Vec<Series> = [
        "repeat deposit (delegated)",
        "reward claim (a staker)",
        "slash (1 vault)",
        "withdrawal completion (as tokens)",
    ]
    .iter()
    .map(|o| Series {
        operation: format!("{o}, by stakers delegated"),
        points: Vec::new(),
    })
    .collect();
    // A warm-up round first: each operation's first run writes slots for
    // the first time, which later rounds do not.
    let mut have = 1u64;
    for (round, &n) in [0u64].iter().chain(sizes).enumerate() {
        if n > have {
            add_stakers(demo, s, op, have, n).await?;
            have = n;
        }
        demo.advance(600).await?;
        step!(
            demo,
            "scale",
            vault
                .deposit(e18(1) / U256::from(10), t)
                .value(e18(1) / U256::from(10))
        );
        let g = [last(demo), 0, 0, 0];
        demo.advance(600).await?;
        step!(demo, "scale", rewards.claim(t, vec![NATIVE_ETH], t));
        let c = last(demo);
        step!(
            demo,
            "scale",
            mgr_avs.slash(op, avs, 1, vec![s.eth_vault], WAD / 1_000, "scale".into())
        );
        let sl = last(demo);
        step!(
            demo,
            "setup",
            reg(&t_p).queueWithdrawal(vec![s.eth_vault], vec![e18(1) / U256::from(100)])
        );
        let id = reg(&t_p).withdrawalCount().call().await.map_err(se)?;
        demo.advance(w_delay + 1).await?;
        step!(demo, "scale", reg(&t_p).completeWithdrawal(id, true));
        let cw = last(demo);
        if round > 0 {
            for (k, gas) in [g[0], c, sl, cw].into_iter().enumerate() {
                series[k].points.push((n, gas));
            }
        }
    }
    let stake = reg(&t_p)
        .operatorStake(op, s.eth_vault)
        .call()
        .await
        .map_err(se)?;
    if stake.is_zero() {
        return Err("the operator holds no stake after adding stakers".into());
    }

    // -- queued withdrawals: 1, then 1,000, of the same staker --
    let queued = std::env::var("RESTAKE_BENCH_QUEUED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000u64);
    let mut q = Series {
        operation: "withdrawal completion, by queued withdrawals of the staker".into(),
        points: Vec::new(),
    };
    for n in [1u64, queued] {
        let mut first = U256::ZERO;
        for j in 0..n {
            step!(
                demo,
                "setup",
                reg(&t_p).queueWithdrawal(vec![s.eth_vault], vec![U256::from(1_000_000_000u64)])
            );
            if j == 0 {
                first = reg(&t_p).withdrawalCount().call().await.map_err(se)?;
            }
        }
        demo.advance(w_delay + 1).await?;
        step!(demo, "scale", reg(&t_p).completeWithdrawal(first, true));
        q.points.push((n, last(demo)));
    }
    series.push(q);

    // -- the Lrt with 1, then 8, operators --
    let lrt_owner = ILrt::new(s.lrt, demo.owner.clone());
    let (h_p, h) = demo.fresh("scale holder", 100).await?;
    let lrt = ILrt::new(s.lrt, &h_p);
    step!(demo, "setup", lrt.deposit(U256::ZERO).value(e18(40)));
    let mut mint = Series {
        operation: "Lrt mint (ETH), by Lrt operators".into(),
        points: Vec::new(),
    };
    let mut redeem = Series {
        operation: "Lrt instant redeem (ETH), by Lrt operators".into(),
        points: Vec::new(),
    };
    let mut count = 0u64;
    for n in [1u64, 8] {
        while count < n {
            let (p, o) = demo
                .fresh(&format!("scale lrt operator {count}"), 1)
                .await?;
            step!(
                demo,
                "setup",
                IOperatorRegistry::new(s.registry, &p).registerAsOperator(
                    Address::ZERO,
                    0,
                    "ipfs://lrt-op".into()
                )
            );
            step!(
                demo,
                "setup",
                lrt_owner.addOperator(o, Bytes::new(), U256::ZERO, B256::ZERO)
            );
            step!(demo, "setup", lrt_owner.restake(o, NATIVE_ETH, e18(2)));
            count += 1;
        }
        step!(demo, "scale", lrt.deposit(U256::ZERO).value(e18(1)));
        mint.points.push((n, last(demo)));
        step!(
            demo,
            "scale",
            lrt.instantRedeem(e18(1) / U256::from(10), NATIVE_ETH, U256::ZERO, h)
        );
        redeem.points.push((n, last(demo)));
    }
    series.push(mint);
    series.push(redeem);
    Ok(series)
}

/// The series as a table.
pub fn table(series: &[Series]) -> String {
    let mut t = String::from(
        "# Scaling (restake-bench): uncached gas of the same operation as the protocol grows,\n\
         # and the ratio of the largest size's to the smallest's (target: at most 1.05).\n",
    );
    for s in series {
        let points: Vec<String> = s.points.iter().map(|(n, g)| format!("{n}: {g}")).collect();
        t.push_str(&format!(
            "{:<62} {}  ratio {:.4}\n",
            s.operation,
            points.join(", "),
            s.ratio()
        ));
    }
    t
}
