//! The suite on a fresh devnet as the fuzzer's world: the deployed
//! addresses, one provider per actor, the model's clock pinned on every
//! block, and how an action is simulated, sent and accounted (events, gas).

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
    IEvidenceVerifier, ILrt, IMockLst, IOperatorRegistry, ISlashingManager,
};
use restake_e2e::{e18, gas_cost, lrt_sub_account, Harness, BURN};
use restake_fuzz_model::{
    self as model, Asset, Res, SetKind, Who, APPROVED_OPERATOR, CAP, CONCENTRATION_BPS,
    DEALLOCATION_DELAY, INSTANT_FEE_BPS, INSTANT_LIMIT, INSTANT_PERIOD, OPERATORS, REDEEM_DELAY,
    T0, WALLETS, WITHDRAWAL_DELAY,
};

alloy::sol!(
    #[sol(rpc, all_derives)]
    "../abi/ILrtAccount.sol"
);

/// Gas limit of every transaction: far above any call's use (the devnet
/// charges the gas used).
const GAS_LIMIT: u64 = 30_000_000;

/// A signing key derived from `seed`.
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
pub struct Devnet {
    pub rt: tokio::runtime::Runtime,
    pub h: Harness,
    pub s: SuiteAddresses,
    pub oracle: Address,
    pub providers: Vec<DynProvider>,
    pub addrs: Vec<Address>,
    pub accounts: RefCell<Vec<Address>>,
    pub signing: Vec<PrivateKeySigner>,
    pub approver: PrivateKeySigner,
    pub now: u64,
    pub events: Cell<usize>,
    pub gas: RefCell<HashMap<Address, U256>>,
    pub salt: Cell<u64>,
}

impl Devnet {
    /// A fresh devnet with the suite deployed as the native world is built.
    pub fn start() -> Self {
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
    pub fn pin(&self) {
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
    pub fn setup(&mut self) {
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
                    allocationDelay: 0,
                    metadataUri: "op".into(),
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

    pub fn addr(&self, who: Who) -> Address {
        match who {
            Who::Account(k) => self.accounts.borrow()[usize::from(k)],
            Who::Lrt => self.s.lrt,
            Who::Burn => BURN,
            Who::Vault(a) => self.vault(a),
            other => self.addrs[dev_index(other)],
        }
    }

    pub fn who(&self, a: Address) -> Who {
        let accounts = self.accounts.borrow().len() as u8;
        (0..WALLETS)
            .map(Who::Wallet)
            .chain((0..OPERATORS).map(Who::Operator))
            .chain((0..accounts).map(Who::Account))
            .find(|w| self.addr(*w) == a)
            .unwrap_or_else(|| panic!("unknown staker {a}"))
    }

    pub fn op(&self, op: u8) -> Address {
        self.addr(Who::Operator(op))
    }

    pub fn op_index(&self, a: Address) -> Option<u8> {
        (0..OPERATORS).find(|o| self.op(*o) == a)
    }

    pub fn vault(&self, a: Asset) -> Address {
        match a {
            Asset::Eth => self.s.eth_vault,
            Asset::Lst => self.s.lst_vault,
        }
    }

    pub fn asset_of(&self, vault: Address) -> Asset {
        if vault == self.s.eth_vault {
            Asset::Eth
        } else {
            assert_eq!(vault, self.s.lst_vault, "unknown vault");
            Asset::Lst
        }
    }

    pub fn token(&self, a: Asset) -> Address {
        match a {
            Asset::Eth => NATIVE_ETH,
            Asset::Lst => self.s.lst,
        }
    }

    pub fn sorted_vaults(&self, assets: &[Asset]) -> Vec<Address> {
        let mut v: Vec<Address> = assets.iter().map(|a| self.vault(*a)).collect();
        v.sort();
        v
    }

    /// Simulates `call` from `who` (its return value, or the revert data),
    /// then sends it; records the events and the gas paid.
    pub fn tx<C: SolCall>(&self, who: Who, to: Address, value: U256, call: C) -> Res<C::Return> {
        let from = dev_index(who);
        let req = TransactionRequest::default()
            .with_from(self.addrs[from])
            .with_to(to)
            .with_value(value)
            .with_input(call.abi_encode());
        let out = self.submit(from, req)?;
        Ok(C::abi_decode_returns(&out).expect("return data"))
    }

    /// [`Devnet::tx`] with no ETH.
    pub fn send<C: SolCall>(&self, who: Who, to: Address, call: C) -> Res<C::Return> {
        self.tx(who, to, U256::ZERO, call)
    }

    /// Simulates `req` from dev account `from` (its return data, or the
    /// revert data), then sends it; records the events and the gas paid,
    /// and pins the next block's time.
    pub fn submit(&self, from: usize, req: TransactionRequest) -> Result<Bytes, Vec<u8>> {
        let p = &self.providers[from];
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
        out
    }

    /// A view, from the owner.
    pub fn view<C: SolCall>(&self, to: Address, call: C) -> C::Return {
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

    /// A view of the registry.
    pub fn registry<C: SolCall>(&self, call: C) -> C::Return {
        self.view(self.s.registry, call)
    }

    /// A view of the slashing manager.
    pub fn manager<C: SolCall>(&self, call: C) -> C::Return {
        self.view(self.s.manager, call)
    }

    /// A view of the Lrt.
    pub fn lrt<C: SolCall>(&self, call: C) -> C::Return {
        self.view(self.s.lrt, call)
    }

    /// Operator `op`'s address and the vault of `asset`.
    pub fn op_vault(&self, op: u8, asset: Asset) -> (Address, Address) {
        (self.op(op), self.vault(asset))
    }

    /// The approver's signature of `staker` delegating to `op`.
    pub fn approval(&self, staker: Address, op: u8) -> (Bytes, U256, B256) {
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

    /// Operator `op`'s signing key's signature of `payload` at `height` in
    /// the evidence set (of the verifier's attestation digest).
    pub fn attest(&self, op: u8, height: u64, payload: B256) -> Bytes {
        let d = self.view(
            self.s.evidence,
            IEvidenceVerifier::attestationDigestCall {
                avs: self.addr(Who::Avs),
                setId: SetKind::Evidence.params().id,
                height,
                payloadHash: payload,
            },
        );
        let sig = self.signing[usize::from(op)]
            .sign_hash_sync(&d)
            .expect("sign");
        Bytes::from(sig.as_bytes().to_vec())
    }

    /// Where the Lrt's next clone lands (nonce: clones created so far).
    pub fn next_clone(&self, operator: Address) -> Address {
        let nonce = self.accounts.borrow().len() as u64;
        lrt_sub_account(self.s.lrt, self.s.lrt_account, operator, nonce)
    }

    pub fn lrt_slots(&self) -> Vec<(Address, Address)> {
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
    pub fn snapshot(&self) -> u64 {
        let id: alloy::primitives::U64 = self
            .rt
            .block_on(async { self.h.owner.raw_request("evm_snapshot".into(), ()).await })
            .expect("snapshot");
        id.to()
    }

    /// Goes back to snapshot `id` taken when the world was fresh at `t0`,
    /// forgetting what the last run created.
    pub fn revert(&mut self, id: u64, t0: u64) {
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

    pub fn account_addr(&self, k: u8) -> Address {
        self.accounts.borrow()[usize::from(k)]
    }
}
