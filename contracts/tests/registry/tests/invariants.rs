//! Property tests: random sequences of deposits, delegations,
//! undelegations, redelegations, queues, completions, magnitude cuts and
//! time jumps, with invariants 1, 2, 5 and 6 of `protocol.md` checked after
//! every step against a plain model of the queue.
use alloy_primitives::{Address, B256, U256};
use motsu::prelude::*;
use proptest::prelude::*;
use restake_mock_lst::MockLst;
use restake_registry::OperatorRegistry;
use restake_registry_tests::*;
use restake_vault::Vault;
use stylus_sdk::abi::Bytes;

/// A queued withdrawal as the model sees it.
struct Queued {
    id: U256,
    staker: usize,
    operator: Address,
    scaled: U256,
    claimable_at: u64,
    done: bool,
}

fn run(ops: Vec<(u8, u8, u8, u64)>) -> Result<(), TestCaseError> {
    let reg = Contract::<OperatorRegistry>::new();
    let vault = Contract::<Vault>::new();
    let lst = Contract::<MockLst>::new();
    let owner = Address::random();
    let manager = Address::random();
    let env = setup(&reg, &vault, &lst, owner, manager);
    let v = vault.address();
    let stakers: Vec<Address> = (0..3).map(|_| Address::random()).collect();
    let operators: Vec<Address> = (0..2).map(|_| Address::random()).collect();
    for &op in &operators {
        env.register(op);
    }
    let mut deposited = [U256::ZERO; 3];
    let mut queue: Vec<Queued> = Vec::new();
    let mut now = T0;
    let mut steps = 0u64;

    for (kind, who, target, amount) in ops {
        steps += 1;
        let si = who as usize % 3;
        let staker = stakers[si];
        let op = operators[target as usize % 2];
        match kind % 9 {
            0 | 8 => {
                // A deposit: large, or a few wei (rounding dust).
                let assets = if kind % 9 == 0 {
                    U256::from(amount % 10_000_000_000_000_000_000 + 1) * U256::from(1 + amount % 7)
                } else {
                    U256::from(amount % 1_000 + 1)
                };
                env.fund(staker, assets);
                if vault.sender(staker).deposit(assets, staker).motsu_res().is_ok() {
                    deposited[si] += assets;
                } else {
                    // Refused (dead operator, or zero shares): give the tokens back to the model.
                    lst.sender(staker).transfer(owner, assets).motsu_unwrap();
                }
            }
            1 => {
                let _ = reg
                    .sender(staker)
                    .delegate_to(op, Bytes(vec![]), U256::ZERO, B256::ZERO)
                    .motsu_res();
            }
            2 => {
                let operator = reg.sender(staker).delegated_to(staker);
                let shares = vault.sender(staker).deposit_shares(staker);
                let scaled = scaled_of(&reg, staker, v, shares);
                if let Ok(id) = reg.sender(staker).undelegate(staker).motsu_res() {
                    if !id.is_zero() {
                        queue.push(Queued {
                            id,
                            staker: si,
                            operator,
                            scaled,
                            claimable_at: now + DELAY,
                            done: false,
                        });
                    }
                }
            }
            3 => {
                let held = vault.sender(staker).deposit_shares(staker);
                let shares = held * U256::from(amount % 100 + 1) / U256::from(100);
                if !shares.is_zero() {
                    let operator = reg.sender(staker).delegated_to(staker);
                    let scaled = scaled_of(&reg, staker, v, shares);
                    let id = env.queue(staker, shares);
                    queue.push(Queued {
                        id,
                        staker: si,
                        operator,
                        scaled,
                        claimable_at: now + DELAY,
                        done: false,
                    });
                }
            }
            4 => {
                if let Some(q) = queue.iter_mut().find(|q| !q.done && q.staker == si) {
                    let res = reg
                        .sender(staker)
                        .complete_withdrawal(q.id, amount % 2 == 0)
                        .motsu_res();
                    match res {
                        Ok(()) => {
                            // Invariant 5: nothing leaves before the delay.
                            prop_assert!(now >= q.claimable_at, "completed at {} before {}", now, q.claimable_at);
                            q.done = true;
                        }
                        Err(_) => prop_assert!(
                            now < q.claimable_at || amount % 2 == 1,
                            "a claimable withdrawal as tokens failed"
                        ),
                    }
                }
            }
            5 => {
                let current = reg.sender(op).max_magnitude(op, v);
                let cut = if amount % 10 == 0 {
                    current
                } else {
                    current / 100 * (amount % 60)
                };
                let shares = reg.sender(manager).slash_operator(op, v, cut).motsu_unwrap();
                vault
                    .sender(manager)
                    .burn_slashed_shares(shares, Address::ZERO)
                    .motsu_unwrap();
            }
            6 => {
                now += amount % (2 * DELAY);
                env.warp(now);
            }
            _ => {
                let operator = reg.sender(staker).delegated_to(staker);
                let shares = vault.sender(staker).deposit_shares(staker);
                let scaled = scaled_of(&reg, staker, v, shares);
                if let Ok(id) = reg
                    .sender(staker)
                    .redelegate(op, Bytes(vec![]), U256::ZERO, B256::ZERO)
                    .motsu_res()
                {
                    if !id.is_zero() {
                        queue.push(Queued {
                            id,
                            staker: si,
                            operator,
                            scaled,
                            claimable_at: now + DELAY,
                            done: false,
                        });
                    }
                }
            }
        }

        // -- Invariant 1: solvency --
        let mut claims = U256::ZERO;
        for &s in &stakers {
            claims += env.withdrawable(s);
        }
        for q in queue.iter().filter(|q| !q.done) {
            let pending = reg.sender(owner).pending_redeem_request(q.id, v).motsu_unwrap();
            let claimable = reg.sender(owner).claimable_redeem_request(q.id, v).motsu_unwrap();
            claims += pending + claimable;
        }
        let total = vault.sender(owner).total_shares();
        prop_assert!(total >= claims, "vault shares {} < claims {}", total, claims);
        let assets = vault.sender(owner).total_assets().motsu_unwrap();
        let claim_assets = vault.sender(owner).convert_to_assets(claims).motsu_unwrap();
        prop_assert!(
            assets >= claim_assets,
            "assets {} < claims worth {}",
            assets,
            claim_assets
        );

        // -- Invariant 2: operator stake covers its stakers, up to dust --
        for &op in &operators {
            let mut sum = env.withdrawable(op);
            for &s in &stakers {
                if reg.sender(s).delegated_to(s) == op {
                    sum += env.withdrawable(s);
                }
            }
            let stake = env.stake(op);
            prop_assert!(stake >= sum, "operator stake {} < its stakers' {}", stake, sum);
            prop_assert!(
                stake - sum <= U256::from(2 * steps + 3),
                "dust {} after {} steps",
                stake - sum,
                steps
            );
        }

        // -- Invariant 5: queued shares stay slashable until the delay ends --
        for &op in &operators {
            let model: U256 = queue
                .iter()
                .filter(|q| q.operator == op && now < q.claimable_at)
                .map(|q| q.scaled)
                .fold(U256::ZERO, |a, b| a + b);
            let slashable = reg.sender(owner).slashable_queued_shares(op, v).motsu_unwrap();
            prop_assert_eq!(slashable, model);
        }

        // -- Invariant 6: no staker got back more than it put in --
        for (i, &s) in stakers.iter().enumerate() {
            let back = env.balance(s);
            prop_assert!(
                back <= deposited[i],
                "staker {} got {} back from {}",
                i,
                back,
                deposited[i]
            );
        }
    }
    Ok(())
}

/// The scaled shares a queue of `shares` would record now.
fn scaled_of(reg: &Contract<OperatorRegistry>, staker: Address, vault: Address, shares: U256) -> U256 {
    let k = reg.sender(staker).deposit_scaling_factor(staker, vault);
    restake_math::scale_for_queue(shares, k).expect("no overflow")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Invariants 1, 2, 5 and 6 after every step of a random sequence.
    #[test]
    fn invariants_hold_over_random_sequences(
        ops in proptest::collection::vec((0u8..9, any::<u8>(), any::<u8>(), any::<u64>()), 1..40)
    ) {
        run(ops)?;
    }
}
