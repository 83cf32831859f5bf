//! The whole-protocol fuzzer on the devnet (issue #12, part 2): the same
//! actions, model and checks as the native property test
//! (`contracts/tests/protocol`, both from `restake-fuzz-model`), played
//! against the release wasm deployed by the deploy script, over JSON-RPC,
//! every invariant read through the contracts' views. So the wasm and the
//! native build cannot drift apart unseen: a sequence that passes natively
//! and fails here (or the reverse) is a finding.
//!
//! Seeded, not shrunk: `RESTAKE_FUZZ_DEVNET_SEEDS` seeds (default 2: seeds
//! 1 and 2) of `RESTAKE_FUZZ_DEVNET_STEPS` steps each (default 25), each on
//! a fresh devnet and suite; `RESTAKE_FUZZ_DEVNET_SEED=n` runs seed `n`
//! only. A failing seed names its step; replay the same tuples natively with
//! `restake_fuzz_model::generate(seed, steps)` to shrink it.
//!
//! Time is pinned: every block (and every view) runs at the model's clock,
//! set with `evm_setNextBlockTimestamp`, so delay boundaries land exactly.
//! An action is simulated with `eth_call` first (its return value, or its
//! revert data: a reverted action sends nothing), then sent; the gas each
//! actor paid is added back to its ETH balance for the model.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use alloy::network::TransactionBuilder;
use alloy::primitives::{keccak256, Address, Bytes, B256, U256};
use alloy::providers::{DynProvider, Provider};
use alloy::rpc::types::TransactionRequest;
use alloy::signers::local::PrivateKeySigner;
use alloy::signers::SignerSync;
use alloy::sol_types::SolCall;
use restake_deploy::suite::{LrtParameters, SuiteAddresses, SuiteConfig, NATIVE_ETH};
use restake_e2e::bindings::{
    IEvidenceVerifier, ILrt, IMockLst, IOperatorRegistry, ISlashingManager, IVault,
};
use restake_e2e::{gas_cost, Harness};
use restake_fuzz_model::{
    self as model, Asset, RequestInfo, Res, SetKind, Who, WithdrawalInfo, APPROVED_OPERATOR, CAP,
    CONCENTRATION_BPS, DEALLOCATION_DELAY, E18, INSTANT_FEE_BPS, INSTANT_LIMIT, INSTANT_PERIOD,
    OPERATORS, REDEEM_DELAY, T0, WALLETS, WITHDRAWAL_DELAY,
};

alloy::sol!(
    #[sol(rpc, all_derives)]
    "../abi/ILrtAccount.sol"
);

/// Gas limit of every transaction: far above any call's use (the devnet
/// charges the gas used).
const GAS_LIMIT: u64 = 30_000_000;

const BURN: Address = alloy::primitives::address!("00000000000000000000000000000000000E16E4");

fn e18(n: u64) -> U256 {
    U256::from(n) * U256::from(E18)
}

fn key(seed: &str) -> PrivateKeySigner {
    PrivateKeySigner::from_bytes(&keccak256(seed.as_bytes())).expect("key")
}

/// The revert data of a failed simulation (empty for a revert without
/// data, which the typed-error check then reports); any other failure of
/// the node is the test's.
fn revert_data<E: std::fmt::Display>(e: &alloy::transports::RpcError<E>) -> Vec<u8> {
    if let Some(data) = e.as_error_resp().and_then(|r| r.as_revert_data()) {
        return data.to_vec();
    }
    match e.as_error_resp() {
        Some(r) if r.message.contains("revert") => Vec::new(),
        _ => panic!("the node failed a call without a revert: {e}"),
    }
}

/// The dev account each actor signs as.
fn dev_index(who: Who) -> usize {
    match who {
        Who::Owner => 0,
        Who::Wallet(i) => 1 + usize::from(i),
        Who::Operator(i) => 4 + usize::from(i),
        Who::Avs => 7,
        Who::Resolver => 8,
        Who::Recipient => 9,
        Who::Approver => 10,
        other => panic!("{other:?} sends no transactions"),
    }
}

/// The suite on a devnet, driven as the fuzzer's [`model::Protocol`].
struct Devnet {
    rt: tokio::runtime::Runtime,
    h: Harness,
    s: SuiteAddresses,
    oracle: Address,
    providers: Vec<DynProvider>,
    addrs: Vec<Address>,
    accounts: RefCell<Vec<Address>>,
    signing: Vec<PrivateKeySigner>,
    approver: PrivateKeySigner,
    now: u64,
    events: Cell<usize>,
    gas: RefCell<HashMap<Address, U256>>,
    salt: Cell<u64>,
}

impl Devnet {
    /// A fresh devnet with the suite deployed as the native world is built.
    fn start() -> Self {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let cfg = SuiteConfig {
            withdrawal_delay: WITHDRAWAL_DELAY,
            deallocation_delay: DEALLOCATION_DELAY,
            vault_cap: e18(CAP),
            lrt_cap: e18(CAP),
            lrt: LrtParameters {
                concentration_cap_bps: CONCENTRATION_BPS,
                buffer_bps: model::BUFFER_BPS,
                instant_fee_bps: INSTANT_FEE_BPS,
                instant_limit: e18(INSTANT_LIMIT),
                instant_period: INSTANT_PERIOD,
            },
            ..Default::default()
        };
        let h = rt.block_on(Harness::start(cfg));
        let s = h.suite;
        let oracle = rt.block_on(async {
            let mut d = restake_deploy::Deployer::connect(
                &h.url,
                &restake_e2e::dev_key(0),
                Default::default(),
                restake_deploy::default_wasm_dir(),
            )
            .await
            .expect("deployer");
            d.verbose = false;
            d.contract(
                "Oracle",
                "restake_mock_lst",
                alloy::sol_types::SolValue::abi_encode_params(&(h.owner_addr,)),
            )
            .await
            .expect("oracle")
        });
        let (providers, addrs): (Vec<_>, Vec<_>) = (0..=10).map(|i| h.actor(i)).unzip();
        let approver: PrivateKeySigner = restake_e2e::dev_key(10).parse().expect("key");
        let mut w = Devnet {
            rt,
            h,
            s,
            oracle,
            providers,
            addrs,
            accounts: RefCell::new(Vec::new()),
            signing: (0..OPERATORS)
                .map(|i| key(&format!("signing key {i}")))
                .collect(),
            approver,
            now: 0,
            events: Cell::new(0),
            gas: RefCell::new(HashMap::new()),
            salt: Cell::new(0),
        };
        let head = w.rt.block_on(async {
            let n = w.h.owner.get_block_number().await.expect("head");
            w.h.owner
                .get_block_by_number(n.into())
                .await
                .expect("block")
                .expect("block")
                .header
                .timestamp
        });
        w.now = T0.max(head + 1);
        w.pin();
        w.setup();
        w
    }

    /// Fixes the next block's (and every view's) time at the model's clock.
    fn pin(&self) {
        let now = self.now;
        self.rt.block_on(async {
            let _: serde_json::Value = self
                .h
                .owner
                .raw_request("evm_setNextBlockTimestamp".into(), (now,))
                .await
                .expect("setNextBlockTimestamp");
        });
    }

    /// Funding, approvals, operators, the AVS and its sets, signing keys:
    /// as the native world (`restake_protocol_tests::World::new`).
    fn setup(&mut self) {
        let o = Who::Owner;
        let mut actors: Vec<Who> = (0..WALLETS).map(Who::Wallet).collect();
        actors.extend((0..OPERATORS).map(Who::Operator));
        actors.push(o);
        for who in actors {
            let a = self.addr(who);
            let n = if who == o {
                10 * model::FUNDING
            } else {
                model::FUNDING
            };
            self.tx(
                o,
                self.s.lst,
                U256::ZERO,
                IMockLst::mintCall {
                    to: a,
                    value: e18(n),
                },
            )
            .expect("mint");
            for spender in [self.s.lst_vault, self.s.lrt] {
                self.tx(
                    who,
                    self.s.lst,
                    U256::ZERO,
                    IMockLst::approveCall {
                        spender,
                        value: U256::MAX,
                    },
                )
                .expect("approve");
            }
        }
        for op in 0..OPERATORS {
            let approver = if op == APPROVED_OPERATOR {
                self.approver.address()
            } else {
                Address::ZERO
            };
            self.tx(
                Who::Operator(op),
                self.s.registry,
                U256::ZERO,
                IOperatorRegistry::registerAsOperatorCall {
                    approver,
                    allocation_delay: 0,
                    metadata_uri: "op".into(),
                },
            )
            .expect("register operator");
        }
        self.tx(
            Who::Avs,
            self.s.manager,
            U256::ZERO,
            ISlashingManager::registerAvsCall {
                metadataUri: "avs".into(),
                registrar: Address::ZERO,
            },
        )
        .expect("register AVS");
        let mut vaults = vec![self.s.eth_vault, self.s.lst_vault];
        vaults.sort();
        for set in SetKind::ALL {
            let p = set.params();
            self.tx(
                Who::Avs,
                self.s.manager,
                U256::ZERO,
                ISlashingManager::createOperatorSetCall {
                    setId: p.id,
                    vaults: vaults.clone(),
                    slasher: if p.avs_slashes {
                        self.addr(Who::Avs)
                    } else {
                        Address::ZERO
                    },
                    recipient: if p.redistributes {
                        self.addr(Who::Recipient)
                    } else {
                        Address::ZERO
                    },
                    resolver: if p.veto_window > 0 {
                        self.addr(Who::Resolver)
                    } else {
                        Address::ZERO
                    },
                    vetoWindow: p.veto_window,
                    capWad: p.cap_wad,
                    capPeriod: p.cap_period,
                    equivocationPenalty: p.penalty,
                    evidenceVerifier: if p.penalty > 0 {
                        self.s.evidence
                    } else {
                        Address::ZERO
                    },
                },
            )
            .expect("create set");
        }
        assert_eq!(
            self.view(self.s.lrt, ILrt::redeemDelayCall {}),
            REDEEM_DELAY,
            "the deploy script wires the redeem delay the model expects"
        );
        for op in 0..OPERATORS {
            let k = self.signing[usize::from(op)].address();
            self.tx(
                Who::Operator(op),
                self.s.evidence,
                U256::ZERO,
                IEvidenceVerifier::registerSigningKeyCall {
                    avs: self.addr(Who::Avs),
                    setId: SetKind::Evidence.params().id,
                    key: k,
                },
            )
            .expect("register key");
        }
    }

    fn addr(&self, who: Who) -> Address {
        match who {
            Who::Account(k) => self.accounts.borrow()[usize::from(k)],
            Who::Lrt => self.s.lrt,
            Who::Burn => BURN,
            Who::Vault(a) => self.vault(a),
            other => self.addrs[dev_index(other)],
        }
    }

    fn who(&self, a: Address) -> Who {
        let accounts = self.accounts.borrow().len() as u8;
        (0..WALLETS)
            .map(Who::Wallet)
            .chain((0..OPERATORS).map(Who::Operator))
            .chain((0..accounts).map(Who::Account))
            .find(|w| self.addr(*w) == a)
            .unwrap_or_else(|| panic!("unknown staker {a}"))
    }

    fn op(&self, op: u8) -> Address {
        self.addr(Who::Operator(op))
    }

    fn op_index(&self, a: Address) -> Option<u8> {
        (0..OPERATORS).find(|o| self.op(*o) == a)
    }

    fn vault(&self, a: Asset) -> Address {
        match a {
            Asset::Eth => self.s.eth_vault,
            Asset::Lst => self.s.lst_vault,
        }
    }

    fn asset_of(&self, vault: Address) -> Asset {
        if vault == self.s.eth_vault {
            Asset::Eth
        } else {
            assert_eq!(vault, self.s.lst_vault, "unknown vault");
            Asset::Lst
        }
    }

    fn token(&self, a: Asset) -> Address {
        match a {
            Asset::Eth => NATIVE_ETH,
            Asset::Lst => self.s.lst,
        }
    }

    fn sorted_vaults(&self, assets: &[Asset]) -> Vec<Address> {
        let mut v: Vec<Address> = assets.iter().map(|a| self.vault(*a)).collect();
        v.sort();
        v
    }

    /// Simulates `call` from `who` (its return value, or the revert data),
    /// then sends it; records the events and the gas paid.
    fn tx<C: SolCall>(&self, who: Who, to: Address, value: U256, call: C) -> Res<C::Return> {
        let from = dev_index(who);
        let p = &self.providers[from];
        let req = TransactionRequest::default()
            .with_from(self.addrs[from])
            .with_to(to)
            .with_value(value)
            .with_input(call.abi_encode());
        let out = self.rt.block_on(async {
            let out = match p.call(req.clone()).await {
                Ok(out) => out,
                Err(e) => return Err(revert_data(&e)),
            };
            // The simulation succeeded: send with a fixed limit (the
            // devnet refunds what is not used) instead of a third run.
            let receipt = p
                .send_transaction(req.with_gas_limit(GAS_LIMIT))
                .await
                .expect("send")
                .get_receipt()
                .await
                .expect("receipt");
            assert!(
                receipt.status(),
                "simulated fine but reverted: {:?}",
                receipt.transaction_hash
            );
            self.events.set(receipt.inner.logs().len());
            *self.gas.borrow_mut().entry(self.addrs[from]).or_default() += gas_cost(&receipt);
            Ok(out)
        });
        self.pin();
        let out = out?;
        Ok(C::abi_decode_returns(&out).expect("return data"))
    }

    /// A view, from the owner.
    fn view<C: SolCall>(&self, to: Address, call: C) -> C::Return {
        let req = TransactionRequest::default()
            .with_from(self.addrs[0])
            .with_to(to)
            .with_input(call.abi_encode());
        let out = self
            .rt
            .block_on(async { self.h.owner.call(req).await })
            .unwrap_or_else(|e| panic!("view {} failed: {e}", C::SIGNATURE));
        C::abi_decode_returns(&out).expect("view return")
    }

    /// The approver's signature of `staker` delegating to `op`.
    fn approval(&self, staker: Address, op: u8) -> (Bytes, U256, B256) {
        if op != APPROVED_OPERATOR {
            return (Bytes::new(), U256::ZERO, B256::ZERO);
        }
        let n = self.salt.get() + 1;
        self.salt.set(n);
        let salt = B256::from(U256::from(n));
        let expiry = U256::from(u64::MAX);
        let digest = self.view(
            self.s.registry,
            IOperatorRegistry::delegationApprovalDigestCall {
                staker,
                operator: self.op(op),
                salt,
                expiry,
            },
        );
        let sig = self.approver.sign_hash_sync(&digest).expect("sign");
        (Bytes::from(sig.as_bytes().to_vec()), expiry, salt)
    }

    /// Where the Lrt's next clone lands: CREATE2 of the EIP-1167 init code,
    /// salted `keccak(operator ‖ nonce)` (nonce: clones created so far).
    fn next_clone(&self, operator: Address) -> Address {
        let nonce = self.accounts.borrow().len() as u64;
        let mut salt_in = operator.into_word().to_vec();
        salt_in.extend_from_slice(B256::from(U256::from(nonce)).as_slice());
        let mut code = alloy::hex!("3d602d80600a3d3981f3363d3d373d3d3d363d73").to_vec();
        code.extend_from_slice(self.s.lrt_account.as_slice());
        code.extend_from_slice(&alloy::hex!("5af43d82803e903d91602b57fd5bf3"));
        self.s.lrt.create2(keccak256(salt_in), keccak256(code))
    }

    fn lrt_slots(&self) -> Vec<(Address, Address)> {
        (0..8u64)
            .map(|i| {
                self.view(
                    self.s.lrt,
                    ILrt::operatorAtCall {
                        index: U256::from(i),
                    },
                )
            })
            .map(|r| (r.operator, r.account))
            .take_while(|(o, _)| !o.is_zero())
            .collect()
    }

    /// Takes a snapshot of the chain (`evm_snapshot`).
    fn snapshot(&self) -> u64 {
        let id: alloy::primitives::U64 = self
            .rt
            .block_on(async { self.h.owner.raw_request("evm_snapshot".into(), ()).await })
            .expect("snapshot");
        id.to()
    }

    /// Goes back to snapshot `id` taken when the world was fresh at `t0`,
    /// forgetting what the last run created.
    fn revert(&mut self, id: u64, t0: u64) {
        let ok: bool = self
            .rt
            .block_on(async {
                self.h
                    .owner
                    .raw_request("evm_revert".into(), (alloy::primitives::U64::from(id),))
                    .await
            })
            .expect("revert");
        assert!(ok, "snapshot {id} is gone");
        // Fresh providers: the old ones cache nonces from the lost blocks.
        self.providers = (0..=10).map(|i| self.h.actor(i).0).collect();
        self.accounts.borrow_mut().clear();
        self.gas.borrow_mut().clear();
        self.events.set(0);
        self.salt.set(0);
        self.now = t0;
        self.pin();
    }

    fn account_addr(&self, k: u8) -> Address {
        self.accounts.borrow()[usize::from(k)]
    }
}

impl model::Protocol for Devnet {
    fn now(&self) -> u64 {
        self.now
    }

    fn warp(&mut self, to: u64) {
        assert!(to >= self.now, "time only moves forward");
        self.now = to;
        self.pin();
    }

    fn last_events(&self) -> usize {
        self.events.get()
    }

    fn vault_deposit(&mut self, who: Who, asset: Asset, amount: U256, receiver: Who) -> Res<U256> {
        let value = if asset == Asset::Eth {
            amount
        } else {
            U256::ZERO
        };
        let receiver = self.addr(receiver);
        self.tx(
            who,
            self.vault(asset),
            value,
            IVault::depositCall {
                assets: amount,
                receiver,
            },
        )
    }

    fn delegate(&mut self, who: Who, op: u8) -> Res<()> {
        let (signature, expiry, salt) = self.approval(self.addr(who), op);
        let operator = self.op(op);
        self.tx(
            who,
            self.s.registry,
            U256::ZERO,
            IOperatorRegistry::delegateToCall {
                operator,
                signature,
                expiry,
                salt,
            },
        )
        .map(|_| ())
    }

    fn undelegate(&mut self, caller: Who, staker: Who) -> Res<U256> {
        let staker = self.addr(staker);
        self.tx(
            caller,
            self.s.registry,
            U256::ZERO,
            IOperatorRegistry::undelegateCall { staker },
        )
    }

    fn redelegate(&mut self, who: Who, op: u8) -> Res<U256> {
        let (signature, expiry, salt) = self.approval(self.addr(who), op);
        let new_operator = self.op(op);
        self.tx(
            who,
            self.s.registry,
            U256::ZERO,
            IOperatorRegistry::redelegateCall {
                new_operator,
                signature,
                expiry,
                salt,
            },
        )
    }

    fn queue_withdrawal(&mut self, who: Who, entries: &[(Asset, U256)]) -> Res<U256> {
        let vaults = entries.iter().map(|(a, _)| self.vault(*a)).collect();
        let shares = entries.iter().map(|(_, s)| *s).collect();
        self.tx(
            who,
            self.s.registry,
            U256::ZERO,
            IOperatorRegistry::queueWithdrawalCall { vaults, shares },
        )
    }

    fn complete_withdrawal(&mut self, who: Who, id: U256, as_tokens: bool) -> Res<()> {
        self.tx(
            who,
            self.s.registry,
            U256::ZERO,
            IOperatorRegistry::completeWithdrawalCall {
                id,
                receive_as_tokens: as_tokens,
            },
        )
        .map(|_| ())
    }

    fn join(&mut self, op: u8, set: SetKind) -> Res<()> {
        let avs = self.addr(Who::Avs);
        self.tx(
            Who::Operator(op),
            self.s.manager,
            U256::ZERO,
            ISlashingManager::joinOperatorSetCall {
                avs,
                setId: set.params().id,
            },
        )
        .map(|_| ())
    }

    fn leave(&mut self, op: u8, set: SetKind) -> Res<()> {
        let avs = self.addr(Who::Avs);
        self.tx(
            Who::Operator(op),
            self.s.manager,
            U256::ZERO,
            ISlashingManager::leaveOperatorSetCall {
                avs,
                setId: set.params().id,
            },
        )
        .map(|_| ())
    }

    fn allocate(&mut self, op: u8, set: SetKind, asset: Asset, magnitude: u64) -> Res<()> {
        let avs = self.addr(Who::Avs);
        self.tx(
            Who::Operator(op),
            self.s.manager,
            U256::ZERO,
            ISlashingManager::modifyAllocationCall {
                avs,
                setId: set.params().id,
                vault: self.vault(asset),
                magnitude,
            },
        )
        .map(|_| ())
    }

    fn slash(&mut self, op: u8, set: SetKind, assets: &[Asset], wad: u64) -> Res<U256> {
        let avs = self.addr(Who::Avs);
        self.tx(
            Who::Avs,
            self.s.manager,
            U256::ZERO,
            ISlashingManager::slashCall {
                operator: self.op(op),
                avs,
                setId: set.params().id,
                vaults: self.sorted_vaults(assets),
                wadFraction: wad,
                description: "fuzz".into(),
            },
        )
    }

    fn request_slash(&mut self, op: u8, assets: &[Asset], wad: u64) -> Res<U256> {
        let avs = self.addr(Who::Avs);
        self.tx(
            Who::Avs,
            self.s.manager,
            U256::ZERO,
            ISlashingManager::requestSlashCall {
                operator: self.op(op),
                avs,
                setId: SetKind::Veto.params().id,
                vaults: self.sorted_vaults(assets),
                wadFraction: wad,
                description: "fuzz".into(),
            },
        )
    }

    fn veto_slash(&mut self, id: U256) -> Res<()> {
        self.tx(
            Who::Resolver,
            self.s.manager,
            U256::ZERO,
            ISlashingManager::vetoSlashCall { slashId: id },
        )
        .map(|_| ())
    }

    fn execute_slash(&mut self, id: U256) -> Res<()> {
        self.tx(
            Who::Owner,
            self.s.manager,
            U256::ZERO,
            ISlashingManager::executeSlashCall { slashId: id },
        )
        .map(|_| ())
    }

    fn submit_evidence(&mut self, op: u8, height: u64) -> Res<U256> {
        let set = SetKind::Evidence.params().id;
        let avs = self.addr(Who::Avs);
        let pa = keccak256(format!("A {height}").as_bytes());
        let pb = keccak256(format!("B {height}").as_bytes());
        let sign = |p: B256| {
            let d = self.view(
                self.s.evidence,
                IEvidenceVerifier::attestationDigestCall {
                    avs,
                    setId: set,
                    height,
                    payloadHash: p,
                },
            );
            let sig = self.signing[usize::from(op)]
                .sign_hash_sync(&d)
                .expect("sign");
            Bytes::from(sig.as_bytes().to_vec())
        };
        let (sa, sb) = (sign(pa), sign(pb));
        self.tx(
            Who::Owner,
            self.s.evidence,
            U256::ZERO,
            IEvidenceVerifier::submitEquivocationCall {
                operator: self.op(op),
                avs,
                setId: set,
                height,
                payloadA: pa,
                signatureA: sa,
                payloadB: pb,
                signatureB: sb,
            },
        )
    }

    fn claim_slashed(&mut self) -> Res<U256> {
        let receiver = self.addr(Who::Recipient);
        self.tx(
            Who::Recipient,
            self.s.eth_vault,
            U256::ZERO,
            IVault::claimSlashedCall { receiver },
        )
    }

    fn lrt_deposit(&mut self, who: Who, asset: Asset, amount: U256) -> Res<U256> {
        match asset {
            Asset::Eth => self.tx(
                who,
                self.s.lrt,
                amount,
                ILrt::depositCall {
                    min_shares: U256::ZERO,
                },
            ),
            Asset::Lst => self.tx(
                who,
                self.s.lrt,
                U256::ZERO,
                ILrt::depositTokenCall {
                    token: self.s.lst,
                    amount,
                    min_shares: U256::ZERO,
                },
            ),
        }
    }

    fn lrt_request(&mut self, who: Who, shares: U256, asset: Asset) -> Res<U256> {
        self.tx(
            who,
            self.s.lrt,
            U256::ZERO,
            ILrt::requestRedeemCall {
                shares,
                asset: self.token(asset),
            },
        )
    }

    fn lrt_finalize(&mut self, id: U256) -> Res<U256> {
        self.tx(
            Who::Owner,
            self.s.lrt,
            U256::ZERO,
            ILrt::finalizeRedeemCall { request_id: id },
        )
    }

    fn lrt_cancel(&mut self, who: Who, id: U256) -> Res<U256> {
        self.tx(
            who,
            self.s.lrt,
            U256::ZERO,
            ILrt::cancelRedeemCall { request_id: id },
        )
    }

    fn lrt_claim(&mut self, who: Who, id: U256) -> Res<U256> {
        let receiver = self.addr(who);
        self.tx(
            who,
            self.s.lrt,
            U256::ZERO,
            ILrt::claimRedeemCall {
                request_id: id,
                receiver,
            },
        )
    }

    fn lrt_instant(&mut self, who: Who, shares: U256, asset: Asset) -> Res<U256> {
        let receiver = self.addr(who);
        self.tx(
            who,
            self.s.lrt,
            U256::ZERO,
            ILrt::instantRedeemCall {
                shares,
                asset: self.token(asset),
                min_out: U256::ZERO,
                receiver,
            },
        )
    }

    fn lrt_transfer(&mut self, from: Who, to: Who, shares: U256) -> Res<()> {
        let to = self.addr(to);
        self.tx(
            from,
            self.s.lrt,
            U256::ZERO,
            ILrt::transferCall { to, value: shares },
        )
        .map(|_| ())
    }

    fn add_operator(&mut self, op: u8) -> Res<u8> {
        let operator = self.op(op);
        let next = self.next_clone(operator);
        let (approver_signature, expiry, salt) = self.approval(next, op);
        let account = self.tx(
            Who::Owner,
            self.s.lrt,
            U256::ZERO,
            ILrt::addOperatorCall {
                operator,
                approver_signature,
                expiry,
                salt,
            },
        )?;
        assert_eq!(account, next, "the clone landed elsewhere");
        let mut accounts = self.accounts.borrow_mut();
        accounts.push(account);
        Ok((accounts.len() - 1) as u8)
    }

    fn restake(&mut self, op: u8, asset: Asset, amount: U256) -> Res<U256> {
        self.tx(
            Who::Owner,
            self.s.lrt,
            U256::ZERO,
            ILrt::restakeCall {
                operator: self.op(op),
                asset: self.token(asset),
                amount,
            },
        )
    }

    fn unstake(&mut self, op: u8, asset: Asset, shares: U256) -> Res<U256> {
        self.tx(
            Who::Owner,
            self.s.lrt,
            U256::ZERO,
            ILrt::unstakeCall {
                operator: self.op(op),
                asset: self.token(asset),
                shares,
            },
        )
    }

    fn complete_unstake(&mut self, op: u8, id: U256) -> Res<U256> {
        self.tx(
            Who::Owner,
            self.s.lrt,
            U256::ZERO,
            ILrt::completeUnstakeCall {
                operator: self.op(op),
                withdrawal_id: id,
            },
        )
    }

    fn adopt(&mut self, account: u8, id: U256) -> Res<()> {
        self.tx(
            Who::Owner,
            self.account_addr(account),
            U256::ZERO,
            ILrtAccount::adoptCall { id },
        )
        .map(|_| ())
    }

    fn redelegate_operator(&mut self, op: u8) -> Res<()> {
        let operator = self.op(op);
        let account = self
            .lrt_slots()
            .into_iter()
            .find(|(o, _)| *o == operator)
            .map(|(_, a)| a)
            .unwrap_or_default();
        let (approver_signature, expiry, salt) = self.approval(account, op);
        self.tx(
            Who::Owner,
            self.s.lrt,
            U256::ZERO,
            ILrt::redelegateOperatorCall {
                operator,
                approver_signature,
                expiry,
                salt,
            },
        )
        .map(|_| ())
    }

    fn remove_operator(&mut self, op: u8) -> Res<()> {
        self.tx(
            Who::Owner,
            self.s.lrt,
            U256::ZERO,
            ILrt::removeOperatorCall {
                operator: self.op(op),
            },
        )
        .map(|_| ())
    }

    fn set_lst_rate(&mut self, rate: U256) -> Res<()> {
        self.tx(
            Who::Owner,
            self.s.lst,
            U256::ZERO,
            IMockLst::setRateCall { rate },
        )
        .map(|_| ())
    }

    fn set_oracle_rate(&mut self, rate: U256) -> Res<()> {
        self.tx(
            Who::Owner,
            self.oracle,
            U256::ZERO,
            IMockLst::setRateCall { rate },
        )
        .map(|_| ())
    }

    fn set_rate_source(&mut self, oracle: bool) -> Res<()> {
        let source = if oracle { self.oracle } else { self.s.lst };
        self.tx(
            Who::Owner,
            self.s.lrt,
            U256::ZERO,
            ILrt::setRateSourceCall {
                asset: self.s.lst,
                source,
            },
        )
        .map(|_| ())
    }

    fn donate(&mut self, to: Who, asset: Asset, amount: U256) -> Res<()> {
        let target = self.addr(to);
        match asset {
            Asset::Eth => {
                let req = TransactionRequest::default()
                    .with_from(self.addrs[0])
                    .with_to(target)
                    .with_value(amount);
                let p = &self.providers[0];
                let r = self.rt.block_on(async {
                    if let Err(e) = p.call(req.clone()).await {
                        return Err(revert_data(&e));
                    }
                    let receipt = p
                        .send_transaction(req.with_gas_limit(GAS_LIMIT))
                        .await
                        .expect("send")
                        .get_receipt()
                        .await
                        .expect("receipt");
                    assert!(receipt.status());
                    self.events.set(receipt.inner.logs().len());
                    *self.gas.borrow_mut().entry(self.addrs[0]).or_default() += gas_cost(&receipt);
                    Ok(())
                });
                self.pin();
                r
            }
            Asset::Lst => self
                .tx(
                    Who::Owner,
                    self.s.lst,
                    U256::ZERO,
                    IMockLst::transferCall {
                        to: target,
                        value: amount,
                    },
                )
                .map(|_| ()),
        }
    }

    fn eth_balance(&self, who: Who) -> U256 {
        let a = self.addr(who);
        let b = self
            .rt
            .block_on(async { self.h.owner.get_balance(a).await })
            .expect("balance");
        b + self.gas.borrow().get(&a).copied().unwrap_or_default()
    }

    fn lst_balance(&self, who: Who) -> U256 {
        self.view(
            self.s.lst,
            IMockLst::balanceOfCall {
                account: self.addr(who),
            },
        )
    }

    fn vault_totals(&self, asset: Asset) -> (U256, U256) {
        let v = self.vault(asset);
        (
            self.view(v, IVault::totalSharesCall {}),
            self.view(v, IVault::totalAssetsCall {}),
        )
    }

    fn deposit_shares(&self, asset: Asset, staker: Who) -> U256 {
        self.view(
            self.vault(asset),
            IVault::depositSharesCall {
                staker: self.addr(staker),
            },
        )
    }

    fn slashed_credit(&self) -> U256 {
        self.view(
            self.s.eth_vault,
            IVault::slashedClaimCall {
                recipient: self.addr(Who::Recipient),
            },
        )
    }

    fn delegated_to(&self, staker: Who) -> Option<u8> {
        let op = self.view(
            self.s.registry,
            IOperatorRegistry::delegatedToCall {
                staker: self.addr(staker),
            },
        );
        self.op_index(op).or_else(|| {
            assert!(op.is_zero(), "delegated to a stranger {op}");
            None
        })
    }

    fn withdrawable(&self, staker: Who, asset: Asset) -> U256 {
        self.view(
            self.s.registry,
            IOperatorRegistry::withdrawableSharesCall {
                staker: self.addr(staker),
                vault: self.vault(asset),
            },
        )
    }

    fn scaling_factor(&self, staker: Who, asset: Asset) -> U256 {
        self.view(
            self.s.registry,
            IOperatorRegistry::depositScalingFactorCall {
                staker: self.addr(staker),
                vault: self.vault(asset),
            },
        )
    }

    fn operator_stake(&self, op: u8, asset: Asset) -> U256 {
        self.view(
            self.s.registry,
            IOperatorRegistry::operatorStakeCall {
                operator: self.op(op),
                vault: self.vault(asset),
            },
        )
    }

    fn max_magnitude(&self, op: u8, asset: Asset) -> u64 {
        self.view(
            self.s.registry,
            IOperatorRegistry::maxMagnitudeCall {
                operator: self.op(op),
                vault: self.vault(asset),
            },
        )
    }

    fn slashable_queued(&self, op: u8, asset: Asset) -> U256 {
        self.view(
            self.s.registry,
            IOperatorRegistry::slashableQueuedSharesCall {
                operator: self.op(op),
                vault: self.vault(asset),
            },
        )
    }

    fn allocation_delay(&self, op: u8) -> u64 {
        u64::from(self.view(
            self.s.registry,
            IOperatorRegistry::allocationDelayCall {
                operator: self.op(op),
            },
        ))
    }

    fn withdrawal_count(&self) -> u64 {
        self.view(self.s.registry, IOperatorRegistry::withdrawalCountCall {})
            .saturating_to()
    }

    fn withdrawal(&self, id: u64) -> WithdrawalInfo {
        let w = self.view(
            self.s.registry,
            IOperatorRegistry::withdrawalCall { id: U256::from(id) },
        );
        let entries = (0..w.entries)
            .map(|j| {
                let e = self.view(
                    self.s.registry,
                    IOperatorRegistry::withdrawalEntryCall {
                        id: U256::from(id),
                        index: j,
                    },
                );
                (self.asset_of(e.vault), e.scaled_shares)
            })
            .collect();
        WithdrawalInfo {
            staker: self.who(w.staker),
            operator: self.op_index(w.operator),
            claimable_at: w.claimable_at,
            completed: w.completed,
            entries,
        }
    }

    fn pending_shares(&self, id: u64, asset: Asset) -> U256 {
        self.view(
            self.s.registry,
            IOperatorRegistry::pendingRedeemRequestCall {
                id: U256::from(id),
                vault: self.vault(asset),
            },
        )
    }

    fn claimable_shares(&self, id: u64, asset: Asset) -> U256 {
        self.view(
            self.s.registry,
            IOperatorRegistry::claimableRedeemRequestCall {
                id: U256::from(id),
                vault: self.vault(asset),
            },
        )
    }

    fn allocation(&self, op: u8, set: SetKind, asset: Asset) -> (u64, u64, u64) {
        let a = self.view(
            self.s.manager,
            ISlashingManager::allocationCall {
                operator: self.op(op),
                avs: self.addr(Who::Avs),
                setId: set.params().id,
                vault: self.vault(asset),
            },
        );
        (a.allocated, a.pendingTarget, a.effectAt)
    }

    fn encumbered(&self, op: u8, asset: Asset) -> u64 {
        self.view(
            self.s.manager,
            ISlashingManager::encumberedMagnitudeCall {
                operator: self.op(op),
                vault: self.vault(asset),
            },
        )
    }

    fn cap_used(&self, op: u8, set: SetKind) -> u64 {
        self.view(
            self.s.manager,
            ISlashingManager::capUsedCall {
                operator: self.op(op),
                avs: self.addr(Who::Avs),
                setId: set.params().id,
            },
        )
    }

    fn slashable_until(&self, op: u8, set: SetKind) -> u64 {
        self.view(
            self.s.manager,
            ISlashingManager::slashableUntilCall {
                operator: self.op(op),
                avs: self.addr(Who::Avs),
                setId: set.params().id,
            },
        )
    }

    fn slash_request(&self, id: U256) -> (u8, u64) {
        let r = self.view(
            self.s.manager,
            ISlashingManager::slashRequestCall { slashId: id },
        );
        (r.status, r.executableAt)
    }

    fn last_slash_id(&self) -> u64 {
        self.view(self.s.manager, ISlashingManager::configCall {})
            .lastSlashId
    }

    fn evidence_used(&self, op: u8, height: u64) -> bool {
        self.view(
            self.s.evidence,
            IEvidenceVerifier::evidenceUsedCall {
                operator: self.op(op),
                avs: self.addr(Who::Avs),
                setId: SetKind::Evidence.params().id,
                height,
            },
        )
    }

    fn books(&self) -> (U256, U256, U256, U256) {
        let b = self.view(self.s.lrt, ILrt::booksCall {});
        (b.value, b.supply, b.idle, b.pending_shares)
    }

    fn lrt_total_supply(&self) -> U256 {
        self.view(self.s.lrt, ILrt::totalSupplyCall {})
    }

    fn lrt_balance(&self, who: Who) -> U256 {
        self.view(
            self.s.lrt,
            ILrt::balanceOfCall {
                account: self.addr(who),
            },
        )
    }

    fn lrt_rate(&self) -> U256 {
        self.view(self.s.lrt, ILrt::rateCall {})
    }

    fn lrt_asset(&self, asset: Asset) -> (U256, U256) {
        let a = self.view(
            self.s.lrt,
            ILrt::assetAtCall {
                index: U256::from(asset.index()),
            },
        );
        (a.reserved, a.pending_value)
    }

    fn asset_rate(&self, asset: Asset) -> U256 {
        self.view(
            self.s.lrt,
            ILrt::assetRateCall {
                asset: self.token(asset),
            },
        )
    }

    fn lrt_operators(&self) -> Vec<(u8, u8)> {
        let accounts = self.accounts.borrow();
        self.lrt_slots()
            .into_iter()
            .map(|(o, a)| {
                let op = self.op_index(o).expect("known operator");
                let k = accounts
                    .iter()
                    .position(|x| *x == a)
                    .expect("known sub-account");
                (op, k as u8)
            })
            .collect()
    }

    fn lrt_request_count(&self) -> u64 {
        (1..)
            .find(|id| {
                self.view(
                    self.s.lrt,
                    ILrt::requestCall {
                        request_id: U256::from(*id),
                    },
                )
                .owner
                .is_zero()
            })
            .expect("ids")
            - 1
    }

    fn lrt_request_info(&self, id: u64) -> RequestInfo {
        let r = self.view(
            self.s.lrt,
            ILrt::requestCall {
                request_id: U256::from(id),
            },
        );
        RequestInfo {
            owner: self.who(r.owner),
            asset: if r.asset == NATIVE_ETH {
                Asset::Eth
            } else {
                Asset::Lst
            },
            status: r.status,
            shares: r.shares,
            max_value: r.max_value,
            assets: r.assets,
        }
    }

    fn lrt_request_time(&self, id: u64) -> (u64, u64) {
        let t = self.view(
            self.s.lrt,
            ILrt::requestTimeCall {
                request_id: U256::from(id),
            },
        );
        (t.requested_at, t.finalizable_at)
    }

    fn account_open_withdrawals(&self, account: u8) -> u64 {
        self.view(
            self.account_addr(account),
            ILrtAccount::openWithdrawalsCall {},
        )
        .saturating_to()
    }

    fn account_snapshot(&self, account: u8) -> Vec<(Asset, U256)> {
        let a = self.account_addr(account);
        (0..4u64)
            .map(|i| {
                self.view(
                    a,
                    ILrtAccount::snapshotAtCall {
                        index: U256::from(i),
                    },
                )
            })
            .map(|r| (r._0, r._1))
            .take_while(|(v, _)| !v.is_zero())
            .map(|(v, s)| (self.asset_of(v), s))
            .collect()
    }

    fn account_values(&self, account: u8) -> [U256; 2] {
        let v = self.view(
            self.account_addr(account),
            ILrtAccount::valuesCall {
                vaults: vec![self.s.eth_vault, self.s.lst_vault],
            },
        );
        [v[0], v[1]]
    }

    fn account_operator(&self, account: u8) -> Option<u8> {
        self.op_index(self.view(self.account_addr(account), ILrtAccount::operatorCall {}))
    }

    fn lst_rate(&self) -> U256 {
        self.view(self.s.lst, IMockLst::getRateCall {})
    }

    fn oracle_rate(&self) -> U256 {
        self.view(self.oracle, IMockLst::getRateCall {})
    }

    fn rate_source_is_oracle(&self) -> bool {
        self.view(
            self.s.lrt,
            ILrt::assetAtCall {
                index: U256::from(1),
            },
        )
        .rate_source
            == self.oracle
    }
}

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The seeded sequences on the release wasm: 2 seeds × 24 steps in CI
/// (`RESTAKE_FUZZ_DEVNET_SEEDS`, `RESTAKE_FUZZ_DEVNET_STEPS` and
/// `RESTAKE_FUZZ_DEVNET_SEED` run others), every invariant checked after
/// every step through the contracts' views, as natively. One devnet and
/// suite; each seed starts from a snapshot of the fresh world.
#[test]
fn protocol_fuzz_on_the_devnet_holds_every_invariant() {
    let steps = env("RESTAKE_FUZZ_DEVNET_STEPS", 24) as usize;
    let seeds: Vec<u64> = match std::env::var("RESTAKE_FUZZ_DEVNET_SEED") {
        Ok(s) => vec![s.parse().expect("seed")],
        Err(_) => (1..=env("RESTAKE_FUZZ_DEVNET_SEEDS", 2)).collect(),
    };
    let started = std::time::Instant::now();
    let mut world = Devnet::start();
    let t0 = world.now;
    let mut fresh = world.snapshot();
    eprintln!("devnet, suite and world ready in {:?}", started.elapsed());
    let mut totals = model::Stats::default();
    for (n, seed) in seeds.into_iter().enumerate() {
        let started = std::time::Instant::now();
        if n > 0 {
            world.revert(fresh, t0);
            fresh = world.snapshot();
        }
        let raws = model::generate(seed, steps);
        match model::run(&mut world, &raws) {
            Ok(stats) => {
                eprintln!(
                    "seed {seed}: prelude and {steps} steps in {:?} ({} calls ok, {} reverted, {} skipped)",
                    started.elapsed(),
                    stats.ok.values().sum::<usize>(),
                    stats.failed.values().sum::<usize>(),
                    stats.skipped
                );
                totals.merge(&stats);
            }
            Err(e) => panic!(
                "seed {seed} ({steps} steps): {e}\nreplay natively with restake_fuzz_model::generate({seed}, {steps})"
            ),
        }
    }
    eprintln!("{totals:#?}");
    assert!(
        totals.ok.values().sum::<usize>() > totals.steps / 4,
        "the sequences barely acted: {totals:?}"
    );
}
