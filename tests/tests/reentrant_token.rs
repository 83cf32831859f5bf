//! Reentrancy through token callbacks (issue #12, part 3), on the devnet
//! with the real wasm: a token whose `transfer` and `transferFrom` call back
//! into the suite mid-call (`integrator/test/ReentrantToken.sol`, Solidity:
//! an EVM token is what Arbitrum's LSTs are, and it exercises the Stylus ↔
//! EVM reentry Nitro counts) is accepted where an owner would accept it: a
//! vault over it, registered with the registry, and an Lrt asset
//! (`addAsset(token, vault, cap, rateSource)`, the token its own 1:1 rate
//! source). The token holds positions of its own (vault shares, a matured
//! withdrawal, LRT, a claimable and a finalizable redemption request) and,
//! on every transfer an honest wallet's or the manager's operation makes
//! (deposit, withdrawal completion, Lrt deposit, instant exit, claim,
//! restake, unstake completion, a redistributing slash), tries to cash them
//! out and to move the books: vault deposit and mint, queue and complete
//! withdrawals, Lrt deposit, instant exit, request, claim, finalize,
//! checkpoint, LRT transfer, unstake completion, a sub-account's `complete`.
//!
//! What must hold, per operation and for hooks run before and after the
//! token moves its balances:
//! * every call into a Stylus program already on the call stack reverts at
//!   once with no data (stylus-sdk's reentrancy guard; the sub-accounts,
//!   built `reentrant` on purpose, only let their controller in), read from
//!   the call tree of the transaction;
//! * nothing traps or runs out of gas;
//! * the books after the reentrant run equal, exactly, the books after the
//!   same operation run without hooks followed by the hooks that succeeded,
//!   each on its own (every balance of the token and of ETH, the vaults'
//!   shares and assets, every staker's deposit and withdrawable shares, the
//!   operator's stake, every withdrawal, the Lrt's books, supply, balances,
//!   assets and requests): a reentrant call is at most a call made next;
//! * so the token (the attacker) ends with exactly what the sequential run
//!   gives it: no profit.

use std::collections::BTreeMap;

use alloy::primitives::{Address, Bytes, B256, U256};
use alloy::sol_types::{SolCall, SolValue};
use restake_deploy::{default_wasm_dir, Deployer, DeploymentRecord};
use restake_e2e::bindings::{ILrt, IOperatorRegistry, ISlashingManager, IVault};
use restake_e2e::probe::{Outcome, Probe, Prober};
use restake_e2e::{bindings, dev_key, e18, Harness, WAD};
use serde_json::{json, Value};

alloy::sol! {
    /// The sub-account functions the test calls (`abi/ILrtAccount.sol`).
    interface ILrtAccountCalls {
        function complete(uint256 id, address to) external returns (address, uint256);
        function openWithdrawals() external view returns (uint256);
    }

    /// `integrator/test/ReentrantToken.sol`.
    interface IReentrantToken {
        struct Hook { address target; uint256 value; bytes data; }
        function mint(address to, uint256 amount) external;
        function arm(Hook[] calldata list, bool afterMove) external;
        function outcomeCount() external view returns (uint256);
        function outcome(uint256 i) external view returns (address target, bool ok, bytes memory ret);
        function exec(address target, uint256 value, bytes calldata data) external payable returns (bytes memory);
        function approve(address spender, uint256 value) external returns (bool);
        function balanceOf(address account) external view returns (uint256);
        function totalSupply() external view returns (uint256);
    }
}

const GAS: u64 = 30_000_000;

/// The token's creation code, compiled by `scripts/build-integrator.sh`.
fn token_initcode() -> Vec<u8> {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = root.join("integrator/out/ReentrantToken.json");
    if !out.exists() {
        let ok = std::process::Command::new("bash")
            .arg(root.join("scripts/build-integrator.sh"))
            .status()
            .expect("run scripts/build-integrator.sh")
            .success();
        assert!(ok, "compiling the Solidity contracts failed");
    }
    let json: Value = serde_json::from_slice(&std::fs::read(out).unwrap()).unwrap();
    let code: Bytes = json["bytecode"].as_str().unwrap().parse().unwrap();
    code.to_vec()
}

/// Everyone and everything the scenarios touch.
struct World {
    p: Prober,
    token: Address,
    token_vault: Address,
    registry: Address,
    manager: Address,
    lrt: Address,
    eth_vault: Address,
    account: Address,
    owner: Address,
    alice: Address,
    attacker: Address,
    operator: Address,
    avs: Address,
    recipient: Address,
    /// Alice's matured registry withdrawal (40 shares of the token vault).
    alice_withdrawal: U256,
    /// Alice's claimable Lrt request.
    alice_claimable: U256,
    /// The token's own matured registry withdrawal.
    token_withdrawal: U256,
    /// The token's own claimable and finalizable Lrt requests.
    token_claimable: U256,
    token_pending: U256,
    /// The Lrt's matured unstake through the operator's sub-account.
    unstake: U256,
}

impl World {
    fn probe(to: Address, data: Vec<u8>) -> Probe {
        Probe {
            to,
            value: U256::ZERO,
            input: data.into(),
            gas: GAS,
        }
    }

    /// Mines one call from `from`, which must succeed.
    fn must(&mut self, from: Address, to: Address, data: Vec<u8>) -> Outcome {
        let o = self.p.send_as(from, &[Self::probe(to, data)]).remove(0);
        assert!(
            o.success,
            "setup call to {to} reverted: {}",
            bindings::decode_error(&o.output)
        );
        o
    }

    /// Has the token call `to` with `data` as itself (its owner's wallet).
    fn as_token(&mut self, to: Address, data: Vec<u8>) -> Outcome {
        let call = IReentrantToken::execCall {
            target: to,
            value: U256::ZERO,
            data: data.into(),
        }
        .abi_encode();
        self.must(self.attacker, self.token, call)
    }

    fn view<C: SolCall>(&mut self, to: Address, call: C) -> C::Return {
        let out = self.p.view(to, &call.abi_encode());
        C::abi_decode_returns(&out).expect("decode view")
    }

    /// The books, as labelled values: every balance, position, withdrawal
    /// and request the scenarios can move (read in one batch of calls; a
    /// view that reverts is recorded with its revert data).
    fn books(&mut self) -> BTreeMap<String, String> {
        let mut q = Books::default();
        let holders = [
            ("alice", self.alice),
            ("token", self.token),
            ("lrt", self.lrt),
            ("token vault", self.token_vault),
            ("sub-account", self.account),
            ("recipient", self.recipient),
            ("owner", self.owner),
        ];
        let (token, vault, registry, lrt) = (self.token, self.token_vault, self.registry, self.lrt);
        for (name, a) in holders {
            q.add(
                format!("token.balanceOf({name})"),
                token,
                IReentrantToken::balanceOfCall { account: a },
            );
            q.add(
                format!("lrt.balanceOf({name})"),
                lrt,
                ILrt::balanceOfCall { account: a },
            );
            q.add(
                format!("tokenVault.depositShares({name})"),
                vault,
                IVault::depositSharesCall { staker: a },
            );
            q.add(
                format!("registry.withdrawableShares({name})"),
                registry,
                IOperatorRegistry::withdrawableSharesCall { staker: a, vault },
            );
        }
        q.add(
            "token.totalSupply".into(),
            token,
            IReentrantToken::totalSupplyCall {},
        );
        q.add(
            "tokenVault.totalShares".into(),
            vault,
            IVault::totalSharesCall {},
        );
        q.add(
            "tokenVault.totalAssets".into(),
            vault,
            IVault::totalAssetsCall {},
        );
        q.add(
            "registry.operatorStake".into(),
            registry,
            IOperatorRegistry::operatorStakeCall {
                operator: self.operator,
                vault,
            },
        );
        q.add("lrt.books".into(), lrt, ILrt::booksCall {});
        q.add("lrt.totalSupply".into(), lrt, ILrt::totalSupplyCall {});
        q.add("lrt.rate".into(), lrt, ILrt::rateCall {});
        q.add("lrt.parameters".into(), lrt, ILrt::parametersCall {});
        for i in 0..3u64 {
            q.add(
                format!("lrt.assetAt({i})"),
                lrt,
                ILrt::assetAtCall {
                    index: U256::from(i),
                },
            );
        }
        for id in 1..8u64 {
            q.add(
                format!("lrt.request({id})"),
                lrt,
                ILrt::requestCall {
                    request_id: U256::from(id),
                },
            );
        }
        q.add(
            "lrt.operatorValue(0)".into(),
            lrt,
            ILrt::operatorValueCall { index: U256::ZERO },
        );
        q.add(
            "account.openWithdrawals".into(),
            self.account,
            ILrtAccountCalls::openWithdrawalsCall {},
        );
        // Ids run from 1 to the count; a few past it, for ids the hooks took.
        let n = self.view(registry, IOperatorRegistry::withdrawalCountCall {});
        q.add(
            "registry.withdrawalCount".into(),
            registry,
            IOperatorRegistry::withdrawalCountCall {},
        );
        for id in 1..=n.to::<u64>() + 2 {
            q.add(
                format!("registry.withdrawal({id})"),
                registry,
                IOperatorRegistry::withdrawalCall { id: U256::from(id) },
            );
        }
        let answers = self.p.try_views(&q.calls);
        let mut b: BTreeMap<String, String> = q
            .labels
            .into_iter()
            .zip(answers)
            .map(|(label, r)| {
                let v = match r {
                    Ok(d) => format!("{d}"),
                    Err(d) => format!("reverted {d}"),
                };
                (label, v)
            })
            .collect();
        // ETH: of everyone whose ETH moves only with the books (alice, the
        // owner and the attacker also pay gas).
        for (name, a) in holders
            .iter()
            .filter(|(n, _)| *n != "alice" && *n != "owner")
        {
            let eth = self
                .p
                .rpc("eth_getBalance", json!([format!("{a:#x}"), "latest"]));
            b.insert(format!("eth({name})"), eth.to_string());
        }
        b
    }
}

/// Views to read in one batch, with their labels.
#[derive(Default)]
struct Books {
    labels: Vec<String>,
    calls: Vec<(Address, Vec<u8>)>,
}

impl Books {
    fn add<C: SolCall>(&mut self, label: String, to: Address, call: C) {
        self.labels.push(label);
        self.calls.push((to, call.abi_encode()));
    }
}

/// One call the token makes from inside its own transfer.
#[derive(Clone)]
struct Hook {
    label: &'static str,
    target: Address,
    data: Vec<u8>,
}

/// The calls the token tries mid-call: everything that could move its
/// positions or the books.
fn hooks(w: &World) -> Vec<Hook> {
    let h = |label, target, data: Vec<u8>| Hook {
        label,
        target,
        data,
    };
    let t = w.token;
    vec![
        h(
            "tokenVault.deposit",
            w.token_vault,
            IVault::depositCall {
                assets: e18(1),
                receiver: t,
            }
            .abi_encode(),
        ),
        h(
            "tokenVault.mint",
            w.token_vault,
            IVault::mintCall {
                shares: e18(1),
                receiver: t,
            }
            .abi_encode(),
        ),
        h(
            "registry.queueWithdrawal",
            w.registry,
            IOperatorRegistry::queueWithdrawalCall {
                vaults: vec![w.token_vault],
                shares: vec![e18(1)],
            }
            .abi_encode(),
        ),
        h(
            "registry.completeWithdrawal",
            w.registry,
            IOperatorRegistry::completeWithdrawalCall {
                id: w.token_withdrawal,
                receive_as_tokens: true,
            }
            .abi_encode(),
        ),
        h(
            "lrt.depositToken",
            w.lrt,
            ILrt::depositTokenCall {
                token: t,
                amount: e18(1),
                min_shares: U256::ZERO,
            }
            .abi_encode(),
        ),
        h(
            "lrt.instantRedeem",
            w.lrt,
            ILrt::instantRedeemCall {
                shares: e18(1),
                asset: t,
                min_out: U256::ZERO,
                receiver: t,
            }
            .abi_encode(),
        ),
        h(
            "lrt.requestRedeem",
            w.lrt,
            ILrt::requestRedeemCall {
                shares: e18(1),
                asset: t,
            }
            .abi_encode(),
        ),
        h(
            "lrt.claimRedeem",
            w.lrt,
            ILrt::claimRedeemCall {
                request_id: w.token_claimable,
                receiver: t,
            }
            .abi_encode(),
        ),
        h(
            "lrt.finalizeRedeem",
            w.lrt,
            ILrt::finalizeRedeemCall {
                request_id: w.token_pending,
            }
            .abi_encode(),
        ),
        h(
            "lrt.checkpoint",
            w.lrt,
            ILrt::checkpointCall {}.abi_encode(),
        ),
        h(
            "lrt.transfer",
            w.lrt,
            ILrt::transferCall {
                to: w.alice,
                value: U256::from(1),
            }
            .abi_encode(),
        ),
        h(
            "lrt.completeUnstake",
            w.lrt,
            ILrt::completeUnstakeCall {
                operator: w.operator,
                withdrawal_id: w.unstake,
            }
            .abi_encode(),
        ),
        h(
            "subAccount.complete",
            w.account,
            ILrtAccountCalls::completeCall {
                id: w.unstake,
                to: t,
            }
            .abi_encode(),
        ),
    ]
}

/// An operation an honest party makes that moves the token.
struct Scenario {
    label: &'static str,
    from: Address,
    to: Address,
    data: Vec<u8>,
}

fn scenarios(w: &World) -> Vec<Scenario> {
    let s = |label, from, to, data: Vec<u8>| Scenario {
        label,
        from,
        to,
        data,
    };
    vec![
        s(
            "alice deposits into the token vault (transferFrom alice -> vault)",
            w.alice,
            w.token_vault,
            IVault::depositCall {
                assets: e18(10),
                receiver: w.alice,
            }
            .abi_encode(),
        ),
        s(
            "alice completes her withdrawal as tokens (transfer vault -> alice)",
            w.alice,
            w.registry,
            IOperatorRegistry::completeWithdrawalCall {
                id: w.alice_withdrawal,
                receive_as_tokens: true,
            }
            .abi_encode(),
        ),
        s(
            "alice mints LRT from the token (transferFrom alice -> Lrt)",
            w.alice,
            w.lrt,
            ILrt::depositTokenCall {
                token: w.token,
                amount: e18(10),
                min_shares: U256::ZERO,
            }
            .abi_encode(),
        ),
        s(
            "alice exits instantly in the token (transfer Lrt -> alice)",
            w.alice,
            w.lrt,
            ILrt::instantRedeemCall {
                shares: e18(5),
                asset: w.token,
                min_out: U256::ZERO,
                receiver: w.alice,
            }
            .abi_encode(),
        ),
        s(
            "alice claims her redemption (transfer Lrt -> alice)",
            w.alice,
            w.lrt,
            ILrt::claimRedeemCall {
                request_id: w.alice_claimable,
                receiver: w.alice,
            }
            .abi_encode(),
        ),
        s(
            "the manager restakes the token (transferFrom Lrt -> vault)",
            w.owner,
            w.lrt,
            ILrt::restakeCall {
                operator: w.operator,
                asset: w.token,
                amount: e18(5),
            }
            .abi_encode(),
        ),
        s(
            "anyone completes the Lrt's unstake (vault -> sub-account -> Lrt)",
            w.alice,
            w.lrt,
            ILrt::completeUnstakeCall {
                operator: w.operator,
                withdrawal_id: w.unstake,
            }
            .abi_encode(),
        ),
        s(
            "the AVS slashes 10% into a recipient (transfer vault -> recipient)",
            w.avs,
            w.manager,
            ISlashingManager::slashCall {
                operator: w.operator,
                avs: w.avs,
                setId: 1,
                vaults: vec![w.token_vault],
                wadFraction: WAD / 10,
                description: "reentrancy".into(),
            }
            .abi_encode(),
        ),
    ]
}

/// Whether each frame `token` opened (its hooks, in order) succeeded.
fn token_calls(trace: &Value, token: Address) -> Vec<bool> {
    fn walk(f: &Value, token: Address, out: &mut Vec<bool>) {
        for c in f["calls"].as_array().into_iter().flatten() {
            let from: Address = c["from"]
                .as_str()
                .and_then(|s| s.parse().ok())
                .unwrap_or_default();
            if from == token && c["type"] == "CALL" {
                out.push(c.get("error").is_none());
            }
            walk(c, token, out);
        }
    }
    let mut out = Vec::new();
    walk(trace, token, &mut out);
    out
}

const E18: i128 = 1_000_000_000_000_000_000;

/// What the operation itself must do, exactly, where its amounts are fixed
/// (the token vault's price is 1 until the slash): per scenario (in the
/// order of [`scenarios`]), the change of some books over the sequential
/// run, in wei.
fn anchors(scenario: usize) -> &'static [(&'static str, i128)] {
    match scenario {
        // 10 tokens in, 10 shares out.
        0 => &[
            ("token.balanceOf(alice)", -10 * E18),
            ("tokenVault.depositShares(alice)", 10 * E18),
            ("tokenVault.totalAssets", 10 * E18),
        ],
        // Her 40 queued shares pay 40 tokens.
        1 => &[
            ("token.balanceOf(alice)", 40 * E18),
            ("tokenVault.totalAssets", -40 * E18),
        ],
        // 5 tokens from the Lrt's idle into the sub-account's position.
        5 => &[
            ("token.balanceOf(lrt)", -5 * E18),
            ("tokenVault.depositShares(sub-account)", 5 * E18),
        ],
        // The 20 shares the Lrt queued come back to it as 20 tokens.
        6 => &[
            ("token.balanceOf(lrt)", 20 * E18),
            ("tokenVault.totalAssets", -20 * E18),
        ],
        _ => &[],
    }
}

/// A book's value (one ABI word) as a signed number.
fn word(books: &BTreeMap<String, String>, key: &str) -> i128 {
    let v: U256 = books[key][..66].parse().expect("a word");
    i128::try_from(v).expect("fits i128")
}

/// Stylus programs that refuse reentry (stylus-sdk's guard): every program
/// of the suite but the sub-accounts (built `reentrant`, controller-only).
fn guarded(w: &World) -> Vec<Address> {
    vec![w.token_vault, w.registry, w.manager, w.lrt, w.eth_vault]
}

/// Every `CALL` frame into a guarded program already open further up the
/// call tree must have reverted at once: no data, no nested call. Returns
/// how many such frames there were.
fn check_guard(
    trace: &Value,
    guarded: &[Address],
    failures: &mut Vec<String>,
    label: &str,
) -> usize {
    fn walk(
        f: &Value,
        open: &mut Vec<Address>,
        guarded: &[Address],
        failures: &mut Vec<String>,
        label: &str,
    ) -> usize {
        let to: Address = f["to"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .unwrap_or_default();
        let is_call = f["type"] == "CALL" || f["type"] == "STATICCALL";
        let mut n = 0;
        if is_call && guarded.contains(&to) && open.contains(&to) {
            n += 1;
            let clean = f["error"] == "execution reverted"
                && f.get("output").is_none()
                && f.get("calls").is_none();
            if !clean {
                failures.push(format!("{label}: reentered {to} and it ran: {f}"));
            }
        }
        if is_call {
            open.push(to);
        }
        for c in f["calls"].as_array().into_iter().flatten() {
            n += walk(c, open, guarded, failures, label);
        }
        if is_call {
            open.pop();
        }
        n
    }
    walk(trace, &mut Vec::new(), guarded, failures, label)
}

#[tokio::test(flavor = "current_thread")]
async fn a_reentrant_token_cannot_profit_or_corrupt_the_books() {
    let started = std::time::Instant::now();
    let h = Harness::start(Default::default()).await;
    let s = h.suite;
    let dev = |i: usize| restake_devnet::DEV_ACCOUNTS[i];
    let (owner, alice, operator, avs, recipient, attacker) =
        (h.owner_addr, dev(1), dev(3), dev(5), dev(6), dev(7));
    let mut p = Prober::new(&h.url, 1);

    // The attacker deploys the token; the owner accepts it: a vault over it,
    // registered, and an Lrt asset with the token as its rate source.
    let token = p.deploy(attacker, &token_initcode());
    let mut d = Deployer::connect(
        &h.url,
        &dev_key(0),
        DeploymentRecord::default(),
        default_wasm_dir(),
    )
    .await
    .unwrap();
    d.verbose = false;
    let cap = e18(1_000_000);
    let token_vault = d
        .contract(
            "TokenVault",
            "restake_vault",
            (token, owner, owner, s.registry, s.manager, cap).abi_encode_params(),
        )
        .await
        .unwrap();
    let mut w = World {
        p,
        token,
        token_vault,
        registry: s.registry,
        manager: s.manager,
        lrt: s.lrt,
        eth_vault: s.eth_vault,
        account: Address::ZERO,
        owner,
        alice,
        attacker,
        operator,
        avs,
        recipient,
        alice_withdrawal: U256::ZERO,
        alice_claimable: U256::ZERO,
        token_withdrawal: U256::ZERO,
        token_claimable: U256::ZERO,
        token_pending: U256::ZERO,
        unstake: U256::ZERO,
    };
    w.must(
        owner,
        s.registry,
        IOperatorRegistry::addVaultCall { vault: token_vault }.abi_encode(),
    );
    w.must(
        owner,
        s.lrt,
        ILrt::addAssetCall {
            token,
            vault: token_vault,
            cap,
            rate_source: token,
        }
        .abi_encode(),
    );
    assert_eq!(
        w.view(s.lrt, ILrt::assetRateCall { asset: token }),
        e18(1),
        "the token is its own 1:1 rate source"
    );
    // An operator with an Lrt sub-account.
    w.must(
        operator,
        s.registry,
        IOperatorRegistry::registerAsOperatorCall {
            approver: Address::ZERO,
            allocation_delay: 0,
            metadata_uri: "ipfs://op".into(),
        }
        .abi_encode(),
    );
    w.must(
        owner,
        s.lrt,
        ILrt::addOperatorCall {
            operator,
            approver_signature: Bytes::new(),
            expiry: U256::ZERO,
            salt: B256::ZERO,
        }
        .abi_encode(),
    );
    w.account = w
        .view(s.lrt, ILrt::operatorAtCall { index: U256::ZERO })
        .account;

    // Alice and the token itself hold the token and positions in the
    // vault, the registry's queue and the Lrt.
    for holder in [alice, token] {
        w.must(
            attacker,
            token,
            IReentrantToken::mintCall {
                to: holder,
                amount: e18(1_000),
            }
            .abi_encode(),
        );
    }
    let approve = |spender| {
        IReentrantToken::approveCall {
            spender,
            value: U256::MAX,
        }
        .abi_encode()
    };
    for spender in [token_vault, s.lrt] {
        w.must(alice, token, approve(spender));
        w.as_token(token, approve(spender));
    }
    let deposit = |receiver| {
        IVault::depositCall {
            assets: e18(100),
            receiver,
        }
        .abi_encode()
    };
    let queue = IOperatorRegistry::queueWithdrawalCall {
        vaults: vec![token_vault],
        shares: vec![e18(40)],
    }
    .abi_encode();
    let mint_lrt = ILrt::depositTokenCall {
        token,
        amount: e18(100),
        min_shares: U256::ZERO,
    }
    .abi_encode();
    let request = ILrt::requestRedeemCall {
        shares: e18(10),
        asset: token,
    }
    .abi_encode();
    w.must(alice, token_vault, deposit(alice));
    w.must(alice, s.registry, queue.clone());
    w.alice_withdrawal = w.view(s.registry, IOperatorRegistry::withdrawalCountCall {});
    w.must(alice, s.lrt, mint_lrt.clone());
    w.must(alice, s.lrt, request.clone());
    w.as_token(token_vault, deposit(token));
    w.as_token(s.registry, queue);
    w.token_withdrawal = w.view(s.registry, IOperatorRegistry::withdrawalCountCall {});
    w.as_token(s.lrt, mint_lrt);
    w.as_token(s.lrt, request.clone());
    w.as_token(s.lrt, request);
    // Requests are numbered from 1: alice's, then the token's two.
    (w.alice_claimable, w.token_claimable, w.token_pending) =
        (U256::from(1), U256::from(2), U256::from(3));
    assert_eq!(
        w.view(
            s.lrt,
            ILrt::requestCall {
                request_id: U256::from(3)
            }
        )
        .owner,
        token
    );
    // The manager restakes 50 through the operator and queues 20 back.
    w.must(
        owner,
        s.lrt,
        ILrt::restakeCall {
            operator,
            asset: token,
            amount: e18(50),
        }
        .abi_encode(),
    );
    w.must(
        owner,
        s.lrt,
        ILrt::unstakeCall {
            operator,
            asset: token,
            shares: e18(20),
        }
        .abi_encode(),
    );
    w.unstake = w.view(s.registry, IOperatorRegistry::withdrawalCountCall {});
    // An AVS with a redistributing set over the token vault; the operator
    // allocates half of its stake there.
    w.must(
        avs,
        s.manager,
        ISlashingManager::registerAvsCall {
            metadataUri: "ipfs://avs".into(),
            registrar: Address::ZERO,
        }
        .abi_encode(),
    );
    w.must(
        avs,
        s.manager,
        ISlashingManager::createOperatorSetCall {
            setId: 1,
            vaults: vec![token_vault],
            slasher: avs,
            recipient,
            resolver: Address::ZERO,
            vetoWindow: 0,
            capWad: WAD,
            capPeriod: 86_400,
            equivocationPenalty: 0,
            evidenceVerifier: Address::ZERO,
        }
        .abi_encode(),
    );
    w.must(
        operator,
        s.manager,
        ISlashingManager::joinOperatorSetCall { avs, setId: 1 }.abi_encode(),
    );
    w.must(
        operator,
        s.manager,
        ISlashingManager::modifyAllocationCall {
            avs,
            setId: 1,
            vault: token_vault,
            magnitude: WAD / 2,
        }
        .abi_encode(),
    );
    // Past the allocation delay (longer than the withdrawal and redeem
    // delays): everything queued has matured and the allocation is live.
    let delay = w.view(
        s.registry,
        IOperatorRegistry::allocationDelayCall { operator },
    ) as u64;
    let now = w.p.head_timestamp();
    w.p.set_next_timestamp(now + delay + 3_600);
    for id in [w.alice_claimable, w.token_claimable] {
        w.must(
            alice,
            s.lrt,
            ILrt::finalizeRedeemCall { request_id: id }.abi_encode(),
        );
    }
    assert_eq!(
        w.view(
            s.lrt,
            ILrt::requestCall {
                request_id: U256::from(2)
            }
        )
        .status,
        2
    );
    assert_eq!(
        w.view(
            s.lrt,
            ILrt::requestCall {
                request_id: U256::from(3)
            }
        )
        .status,
        1
    );

    let t0 = w.p.head_timestamp() + 60;
    let hook_list = hooks(&w);
    let guarded = guarded(&w);
    let mut failures = Vec::new();
    let mut reentries = 0;
    let before = w.books();
    let mut base = w.p.snapshot();
    println!(
        "reentrant token: set up in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    for (k, sc) in scenarios(&w).into_iter().enumerate() {
        for after_move in [false, true] {
            let label = format!(
                "{} [hooks {} the balances move]",
                sc.label,
                if after_move { "after" } else { "before" }
            );
            // Armed: the operation with the token calling back.
            w.p.set_next_timestamp(t0);
            let arm = IReentrantToken::armCall {
                list: hook_list
                    .iter()
                    .map(|h| IReentrantToken::Hook {
                        target: h.target,
                        value: U256::ZERO,
                        data: h.data.clone().into(),
                    })
                    .collect(),
                afterMove: after_move,
            }
            .abi_encode();
            w.must(attacker, token, arm);
            w.p.set_next_timestamp(t0);
            let armed =
                w.p.send_as(sc.from, &[World::probe(sc.to, sc.data.clone())])
                    .remove(0);
            let trace = armed.trace.clone();
            reentries += check_guard(&trace, &guarded, &mut failures, &label);
            if !armed.is_clean() {
                failures.push(format!(
                    "{label}: trapped {:?} or ran out of gas {:?} (used {} of {})",
                    armed.traps, armed.out_of_gas, armed.gas_used, armed.gas_limit
                ));
            }
            // The hooks' outcomes, from the call tree: every frame the token
            // opened is one of its hooks, in order.
            let calls = token_calls(&trace, token);
            if calls.len() != hook_list.len() {
                failures.push(format!("{label}: the hooks ran {} times", calls.len()));
            }
            let succeeded: Vec<Hook> = hook_list
                .iter()
                .zip(&calls)
                .filter(|(_, ok)| **ok)
                .map(|(h, _)| h.clone())
                .collect();
            let armed_books = w.books();
            w.p.revert_to(base);
            base = w.p.snapshot();
            // Control: the operation alone, then the hooks that succeeded,
            // each on its own, at the same time.
            w.p.set_next_timestamp(t0);
            let control =
                w.p.send_as(sc.from, &[World::probe(sc.to, sc.data.clone())])
                    .remove(0);
            if (control.success, &control.output) != (armed.success, &armed.output) {
                failures.push(format!(
                    "{label}: the operation answered {} {} with hooks, {} {} without",
                    armed.success,
                    bindings::decode_error(&armed.output),
                    control.success,
                    bindings::decode_error(&control.output)
                ));
            }
            if !control.success {
                failures.push(format!(
                    "{label}: the operation itself failed: {}",
                    bindings::decode_error(&control.output)
                ));
            }
            let mut replay_failed = Vec::new();
            for hk in &succeeded {
                w.p.set_next_timestamp(t0);
                let call = IReentrantToken::execCall {
                    target: hk.target,
                    value: U256::ZERO,
                    data: hk.data.clone().into(),
                }
                .abi_encode();
                let o =
                    w.p.send_as(attacker, &[World::probe(token, call)])
                        .remove(0);
                if !o.success {
                    replay_failed.push(hk.label);
                }
            }
            if !replay_failed.is_empty() {
                failures.push(format!(
                    "{label}: hooks that succeeded mid-call fail on their own: {replay_failed:?}"
                ));
            }
            let control_books = w.books();
            for (key, change) in anchors(k) {
                let got = word(&control_books, key) - word(&before, key);
                if got != *change {
                    failures.push(format!("{label}: {key} changed by {got}, not {change}"));
                }
            }
            for (k, v) in &armed_books {
                if control_books.get(k) != Some(v) {
                    failures.push(format!(
                        "{label}: {k} is {v} after the reentrant run, {} after the sequential one",
                        control_books
                            .get(k)
                            .map(String::as_str)
                            .unwrap_or("missing")
                    ));
                }
            }
            println!(
                "{label}: {} of {} hooks succeeded mid-call ({}), the books match the sequential run",
                succeeded.len(),
                hook_list.len(),
                succeeded.iter().map(|h| h.label).collect::<Vec<_>>().join(", ")
            );
            w.p.revert_to(base);
            base = w.p.snapshot();
        }
    }
    println!(
        "reentrant token: {reentries} reentrant calls refused by the guard, {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert!(
        reentries > 0,
        "no hook ever reentered a program on the stack"
    );
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
