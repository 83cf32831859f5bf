//! The world of the scenarios: the reentrant token, the suite's contracts
//! and actors, the positions the token tries to cash out, how a call is
//! mined, and the books read before and after.

use std::collections::BTreeMap;

use alloy::primitives::{Address, Bytes, B256, U256};
use alloy::sol_types::{SolCall, SolValue};
use restake_deploy::{default_wasm_dir, Deployer, DeploymentRecord};
use restake_e2e::bindings::{ILrt, IOperatorRegistry, ISlashingManager, IVault};
use restake_e2e::probe::{Outcome, Probe, Prober};
use restake_e2e::{bindings, dev_key, e18, integrator_bytecode, Harness, WAD};
use serde_json::json;

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

pub const GAS: u64 = 30_000_000;

/// The token's creation code, compiled by `scripts/build-integrator.sh`.
pub fn token_initcode() -> Vec<u8> {
    integrator_bytecode("ReentrantToken").to_vec()
}

/// Everyone and everything the scenarios touch.
pub struct World {
    pub p: Prober,
    pub token: Address,
    pub token_vault: Address,
    pub registry: Address,
    pub manager: Address,
    pub lrt: Address,
    pub eth_vault: Address,
    pub account: Address,
    pub owner: Address,
    pub alice: Address,
    pub attacker: Address,
    pub operator: Address,
    pub avs: Address,
    pub recipient: Address,
    /// Alice's matured registry withdrawal (40 shares of the token vault).
    pub alice_withdrawal: U256,
    /// Alice's claimable Lrt request.
    pub alice_claimable: U256,
    /// The token's own matured registry withdrawal.
    pub token_withdrawal: U256,
    /// The token's own claimable and finalizable Lrt requests.
    pub token_claimable: U256,
    pub token_pending: U256,
    /// The Lrt's matured unstake through the operator's sub-account.
    pub unstake: U256,
}

impl World {
    pub fn probe(to: Address, data: Vec<u8>) -> Probe {
        Probe {
            to,
            value: U256::ZERO,
            input: data.into(),
            gas: GAS,
        }
    }

    /// Mines one call from `from`, which must succeed.
    pub fn must(&mut self, from: Address, to: Address, data: Vec<u8>) -> Outcome {
        let o = self.p.send_as(from, &[Self::probe(to, data)]).remove(0);
        assert!(
            o.success,
            "setup call to {to} reverted: {}",
            bindings::decode_error(&o.output)
        );
        o
    }

    /// Has the token call `to` with `data` as itself (its owner's wallet).
    pub fn as_token(&mut self, to: Address, data: Vec<u8>) -> Outcome {
        let call = IReentrantToken::execCall {
            target: to,
            value: U256::ZERO,
            data: data.into(),
        }
        .abi_encode();
        self.must(self.attacker, self.token, call)
    }

    pub fn view<C: SolCall>(&mut self, to: Address, call: C) -> C::Return {
        let out = self.p.view(to, &call.abi_encode());
        C::abi_decode_returns(&out).expect("decode view")
    }

    /// The books, as labelled values: every balance, position, withdrawal
    /// and request the scenarios can move (read in one batch of calls; a
    /// view that reverts is recorded with its revert data).
    pub fn books(&mut self) -> BTreeMap<String, String> {
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
                    requestId: U256::from(id),
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
pub struct Books {
    pub labels: Vec<String>,
    pub calls: Vec<(Address, Vec<u8>)>,
}

impl Books {
    pub fn add<C: SolCall>(&mut self, label: String, to: Address, call: C) {
        self.labels.push(label);
        self.calls.push((to, call.abi_encode()));
    }
}

impl World {
    /// The scenarios' world on `h`'s suite: the attacker's token accepted by
    /// the owner (a vault over it, registered, an Lrt asset with the token as
    /// its own rate source), an operator with an Lrt sub-account, alice's
    /// and the token's own positions (vault shares, a matured withdrawal,
    /// LRT, a claimable and a finalizable request), the Lrt's matured
    /// unstake, and an AVS's redistributing set the operator allocated half
    /// its stake to; the clock past every delay.
    pub async fn set_up(h: &Harness) -> World {
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
                rateSource: token,
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
                allocationDelay: 0,
                metadataUri: "ipfs://op".into(),
            }
            .abi_encode(),
        );
        w.must(
            owner,
            s.lrt,
            ILrt::addOperatorCall {
                operator,
                approverSignature: Bytes::new(),
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
            minShares: U256::ZERO,
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
                    requestId: U256::from(3)
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
                ILrt::finalizeRedeemCall { requestId: id }.abi_encode(),
            );
        }
        assert_eq!(
            w.view(
                s.lrt,
                ILrt::requestCall {
                    requestId: U256::from(2)
                }
            )
            .status,
            2
        );
        assert_eq!(
            w.view(
                s.lrt,
                ILrt::requestCall {
                    requestId: U256::from(3)
                }
            )
            .status,
            1
        );
        w
    }
}
