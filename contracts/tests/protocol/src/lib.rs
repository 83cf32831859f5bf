//! # Whole-protocol stateful property test, natively (issue #12)
//!
//! [`World`] deploys every real contract together under motsu — the ETH and
//! mock-LST vaults, the operator registry, the slashing manager, the
//! evidence verifier, the Lrt, a pool of real `restake-lrt-account`
//! sub-accounts (motsu runs no EVM bytecode, so no EIP-1167 clones: each is
//! deployed beforehand and handed to the next `addOperator` with
//! `set_test_next_account`), a second mock LST as an alternative rate
//! source, and wallet contracts for every actor that receives ETH — wires
//! them as `scripts/deploy` wires the devnet suite, and implements
//! [`restake_fuzz_model::Protocol`] over them. The runner, the actions and
//! every check live in `restake-fuzz-model`, shared with the devnet run.
//!
//! The test (`tests/protocol.rs`) runs proptest over raw action tuples:
//! `RESTAKE_FUZZ_CASES` cases (default 12) of `RESTAKE_FUZZ_STEPS` steps
//! (default 48), about two and a half minutes in a debug build on the
//! 2-core CI machine; failures shrink, and shrunk failures are kept as
//! named regression tests.
//!
//! The Lrt, the slashing manager are driven through their hand-written ABI
//! dispatchers with `sol!`-encoded calldata (the path the wasm takes); the
//! registry, the vaults, the evidence verifier and the tokens through their
//! Rust methods.
extern crate alloc;

use alloc::vec::Vec;
use std::cell::Cell;

use alloy_primitives::{keccak256, Address, B256, U256};
use alloy_signer::SignerSync;
use alloy_signer_local::PrivateKeySigner;
use alloy_sol_types::SolCall;
use motsu::prelude::*;
use restake_fuzz_model::{
    self as model, Asset, RequestInfo, Res, SetKind, Who, WithdrawalInfo, ACCOUNT_POOL,
    APPROVED_OPERATOR, CAP, CONCENTRATION_BPS, DEALLOCATION_DELAY, E18, FUNDING, INSTANT_FEE_BPS,
    INSTANT_LIMIT, INSTANT_PERIOD, OPERATORS, REDEEM_DELAY, T0, WALLETS, WITHDRAWAL_DELAY,
};
use restake_interfaces::{lrt::ILrt, slashing::ISlashingManager as I, BURN_ADDRESS, NATIVE_ETH};
use restake_lrt::Lrt;
use restake_lrt_account::LrtAccount;
use restake_mock_lst::MockLst;
use restake_registry::{ITestClock, OperatorRegistry};
use restake_slashing::SlashingManager;
use restake_slashing_evidence::EvidenceVerifier;
use restake_vault::Vault;
use stylus_sdk::{abi::Bytes, prelude::*};

/// A wallet contract that accepts ETH (motsu routes an ETH transfer to a
/// contract's `receive` and panics on an address without one).
#[storage]
pub struct Wallet;

unsafe impl TopLevelStorage for Wallet {}

#[public]
impl Wallet {
    /// Accepts ETH.
    #[receive]
    pub fn receive(&mut self) -> Result<(), Vec<u8>> {
        Ok(())
    }
}

/// A sub-account ready for the Lrt's next `addOperator` (the Lrt
/// initializes it). One place to adapt when `restake-lrt-account` gains a
/// constructor that locks the implementation.
pub fn new_sub_account() -> Contract<LrtAccount> {
    Contract::<LrtAccount>::new()
}

fn e18(n: u64) -> U256 {
    U256::from(n) * U256::from(E18)
}

fn key(seed: &str) -> PrivateKeySigner {
    PrivateKeySigner::from_bytes(&keccak256(seed.as_bytes())).expect("key")
}

/// Every contract of the suite and every actor, wired (see the crate docs).
pub struct World {
    /// motsu's ecrecover precompile (the registry's approver signatures,
    /// the evidence verifier, permits).
    _precompiles: Box<dyn std::any::Any>,
    reg: Contract<OperatorRegistry>,
    mgr: Contract<SlashingManager>,
    ev: Contract<EvidenceVerifier>,
    lst: Contract<MockLst>,
    oracle: Contract<MockLst>,
    vaults: [Contract<Vault>; 2],
    lrt: Contract<Lrt>,
    pool: Vec<Contract<LrtAccount>>,
    wallets: Vec<Contract<Wallet>>,
    operators: Vec<Contract<Wallet>>,
    recipient: Contract<Wallet>,
    /// The burn address can receive ETH.
    _burn: Contract<Wallet>,
    owner: Address,
    avs: Address,
    resolver: Address,
    approver: PrivateKeySigner,
    signing: Vec<PrivateKeySigner>,
    /// Sub-accounts handed to the Lrt so far.
    created: Cell<usize>,
    now: u64,
    events: Cell<usize>,
    salt: Cell<u64>,
}

impl World {
    /// Deploys and wires everything at [`T0`], funds every actor and
    /// registers operators, the AVS, its three sets and the signing keys.
    pub fn new() -> Self {
        let w = World {
            _precompiles: Box::new(motsu::prelude::deploy_precompiles()),
            reg: Contract::new(),
            mgr: Contract::new(),
            ev: Contract::new(),
            lst: Contract::new(),
            oracle: Contract::new(),
            vaults: [Contract::new(), Contract::new()],
            lrt: Contract::new(),
            pool: (0..ACCOUNT_POOL).map(|_| new_sub_account()).collect(),
            wallets: (0..WALLETS).map(|_| Contract::new()).collect(),
            operators: (0..OPERATORS).map(|_| Contract::new()).collect(),
            recipient: Contract::new(),
            _burn: Contract::new_at(BURN_ADDRESS),
            owner: Address::random(),
            avs: Address::random(),
            resolver: Address::random(),
            approver: key("approver"),
            signing: (0..OPERATORS)
                .map(|i| key(&format!("signing key {i}")))
                .collect(),
            created: Cell::new(0),
            now: T0,
            events: Cell::new(0),
            salt: Cell::new(0),
        };
        w.wire();
        w
    }

    fn wire(&self) {
        let o = self.owner;
        self.reg
            .sender(o)
            .constructor(o, WITHDRAWAL_DELAY)
            .motsu_unwrap();
        self.reg.sender(o).set_test_timestamp(T0);
        self.mgr
            .sender(o)
            .constructor(self.reg.address(), DEALLOCATION_DELAY)
            .motsu_unwrap();
        self.mgr.sender(o).set_test_timestamp(T0);
        self.reg
            .sender(o)
            .set_slashing_manager(self.mgr.address())
            .motsu_unwrap();
        self.ev
            .sender(o)
            .constructor(self.mgr.address())
            .motsu_unwrap();
        self.lst.sender(o).constructor(o).motsu_unwrap();
        self.oracle.sender(o).constructor(o).motsu_unwrap();
        for (v, asset) in self.vaults.iter().zip([NATIVE_ETH, self.lst.address()]) {
            v.sender(o)
                .constructor(
                    asset,
                    o,
                    o,
                    self.reg.address(),
                    self.mgr.address(),
                    e18(CAP),
                )
                .motsu_unwrap();
            self.reg.sender(o).add_vault(v.address()).motsu_unwrap();
        }
        self.lrt
            .sender(o)
            .constructor(o, o, self.reg.address(), Address::ZERO, Address::ZERO)
            .motsu_unwrap();
        self.lrt.sender(o).set_test_timestamp(T0);
        self.lrt
            .sender(o)
            .add_asset(
                NATIVE_ETH,
                self.vaults[0].address(),
                e18(CAP),
                Address::ZERO,
            )
            .motsu_unwrap();
        self.lrt
            .sender(o)
            .add_asset(
                self.lst.address(),
                self.vaults[1].address(),
                e18(CAP),
                self.lst.address(),
            )
            .motsu_unwrap();
        self.lrt
            .sender(o)
            .set_parameters(
                U256::from(CONCENTRATION_BPS),
                U256::from(model::BUFFER_BPS),
                U256::from(INSTANT_FEE_BPS),
                e18(INSTANT_LIMIT),
                INSTANT_PERIOD,
            )
            .motsu_unwrap();
        self.lrt
            .sender(o)
            .set_redeem_delay(REDEEM_DELAY)
            .motsu_unwrap();
        // Funding: ETH and LST to every wallet and operator (10× to the
        // owner, who donates), approvals for the vault and the Lrt.
        let mut funded: Vec<(Address, u64)> = self
            .wallets
            .iter()
            .chain(&self.operators)
            .map(|c| (c.address(), FUNDING))
            .collect();
        funded.push((o, 10 * FUNDING));
        for (a, n) in funded {
            a.fund(e18(n));
            self.lst.sender(o).mint(a, e18(n)).motsu_unwrap();
            self.lst
                .sender(a)
                .approve(self.vaults[1].address(), U256::MAX)
                .motsu_unwrap();
            self.lst
                .sender(a)
                .approve(self.lrt.address(), U256::MAX)
                .motsu_unwrap();
        }
        for (i, op) in self.operators.iter().enumerate() {
            let approver = if i as u8 == APPROVED_OPERATOR {
                self.approver.address()
            } else {
                Address::ZERO
            };
            self.reg
                .sender(op.address())
                .register_as_operator(approver, 0, "op")
                .motsu_unwrap();
        }
        self.mgr_call(
            self.avs,
            I::registerAvsCall {
                metadataUri: "avs".into(),
                registrar: Address::ZERO,
            },
        )
        .expect("register AVS");
        let mut vaults = vec![self.vaults[0].address(), self.vaults[1].address()];
        vaults.sort();
        for set in SetKind::ALL {
            let p = set.params();
            self.mgr_call(
                self.avs,
                I::createOperatorSetCall {
                    setId: p.id,
                    vaults: vaults.clone(),
                    slasher: if p.avs_slashes {
                        self.avs
                    } else {
                        Address::ZERO
                    },
                    recipient: if p.redistributes {
                        self.recipient.address()
                    } else {
                        Address::ZERO
                    },
                    resolver: if p.veto_window > 0 {
                        self.resolver
                    } else {
                        Address::ZERO
                    },
                    vetoWindow: p.veto_window,
                    capWad: p.cap_wad,
                    capPeriod: p.cap_period,
                    equivocationPenalty: p.penalty,
                    evidenceVerifier: if p.penalty > 0 {
                        self.ev.address()
                    } else {
                        Address::ZERO
                    },
                },
            )
            .expect("create set");
        }
        let evidence = SetKind::Evidence.params().id;
        for (op, k) in self.operators.iter().zip(&self.signing) {
            self.ev
                .sender(op.address())
                .register_signing_key(self.avs, evidence, k.address())
                .motsu_unwrap();
        }
    }

    /// Calls the manager's ABI dispatcher.
    fn mgr_call<C: SolCall>(&self, from: Address, c: C) -> Res<C::Return> {
        let out = self
            .mgr
            .sender(from)
            .fallback(&c.abi_encode())
            .motsu_res()?;
        Ok(C::abi_decode_returns(&out, true).expect("manager return"))
    }

    /// Calls the Lrt's ABI dispatcher (with `value` wei).
    fn lrt_call<C: SolCall>(&self, from: Address, value: U256, c: C) -> Res<C::Return> {
        let out = self
            .lrt
            .sender_and_value(from, value)
            .fallback(&c.abi_encode())
            .motsu_res()?;
        Ok(C::abi_decode_returns(&out, true).expect("Lrt return"))
    }

    fn addr(&self, who: Who) -> Address {
        match who {
            Who::Wallet(i) => self.wallets[usize::from(i)].address(),
            Who::Operator(i) => self.operators[usize::from(i)].address(),
            Who::Account(k) => self.pool[usize::from(k)].address(),
            Who::Approver => self.approver.address(),
            Who::Avs => self.avs,
            Who::Resolver => self.resolver,
            Who::Recipient => self.recipient.address(),
            Who::Owner => self.owner,
            Who::Lrt => self.lrt.address(),
            Who::Burn => BURN_ADDRESS,
            Who::Vault(a) => self.vaults[a.index()].address(),
        }
    }

    fn who(&self, a: Address) -> Who {
        (0..WALLETS)
            .map(Who::Wallet)
            .chain((0..OPERATORS).map(Who::Operator))
            .chain((0..ACCOUNT_POOL).map(Who::Account))
            .find(|w| self.addr(*w) == a)
            .unwrap_or_else(|| panic!("unknown staker {a}"))
    }

    fn op(&self, op: u8) -> Address {
        self.addr(Who::Operator(op))
    }

    fn vault(&self, a: Asset) -> Address {
        self.vaults[a.index()].address()
    }

    fn asset_of(&self, vault: Address) -> Asset {
        if vault == self.vault(Asset::Eth) {
            Asset::Eth
        } else {
            assert_eq!(vault, self.vault(Asset::Lst), "unknown vault");
            Asset::Lst
        }
    }

    fn sorted_vaults(&self, assets: &[Asset]) -> Vec<Address> {
        let mut v: Vec<Address> = assets.iter().map(|a| self.vault(*a)).collect();
        v.sort();
        v
    }

    fn set_id(set: SetKind) -> u32 {
        set.params().id
    }

    /// The approver's signature of `staker` delegating to `op` (empty when
    /// `op` needs none).
    fn approval(&self, staker: Address, op: u8) -> (Bytes, U256, B256) {
        if op != APPROVED_OPERATOR {
            return (Bytes(Vec::new()), U256::ZERO, B256::ZERO);
        }
        let n = self.salt.get() + 1;
        self.salt.set(n);
        let salt = B256::from(U256::from(n));
        let expiry = U256::from(u64::MAX);
        let digest = self.reg.sender(self.owner).delegation_approval_digest(
            staker,
            self.op(op),
            salt,
            expiry,
        );
        let sig = self.approver.sign_hash_sync(&digest).expect("sign");
        (Bytes(sig.as_bytes().to_vec()), expiry, salt)
    }

    fn total_events(&self) -> usize {
        let mut n = self.reg.all_events().len()
            + self.mgr.all_events().len()
            + self.ev.all_events().len()
            + self.lst.all_events().len()
            + self.oracle.all_events().len()
            + self.lrt.all_events().len();
        for v in &self.vaults {
            n += v.all_events().len();
        }
        for a in &self.pool {
            n += a.all_events().len();
        }
        n
    }

    /// Runs `f` and records how many events it emitted.
    fn act<T>(&self, f: impl FnOnce() -> Res<T>) -> Res<T> {
        let before = self.total_events();
        let r = f();
        self.events.set(self.total_events() - before);
        r
    }
}

impl Default for World {
    fn default() -> Self {
        Self::new()
    }
}

impl model::Protocol for World {
    fn now(&self) -> u64 {
        self.now
    }

    fn warp(&mut self, to: u64) {
        assert!(to >= self.now, "time only moves forward");
        self.now = to;
        self.reg.sender(self.owner).set_test_timestamp(to);
        self.mgr.sender(self.owner).set_test_timestamp(to);
        self.lrt.sender(self.owner).set_test_timestamp(to);
    }

    fn last_events(&self) -> usize {
        self.events.get()
    }

    fn vault_deposit(&mut self, who: Who, asset: Asset, amount: U256, receiver: Who) -> Res<U256> {
        let (from, to) = (self.addr(who), self.addr(receiver));
        let v = &self.vaults[asset.index()];
        self.act(|| match asset {
            Asset::Eth => v
                .sender_and_value(from, amount)
                .deposit(amount, to)
                .motsu_res()
                .map_err(Into::into),
            Asset::Lst => v
                .sender(from)
                .deposit(amount, to)
                .motsu_res()
                .map_err(Into::into),
        })
    }

    fn delegate(&mut self, who: Who, op: u8) -> Res<()> {
        let staker = self.addr(who);
        let (sig, expiry, salt) = self.approval(staker, op);
        let operator = self.op(op);
        self.act(|| {
            self.reg
                .sender(staker)
                .delegate_to(operator, sig, expiry, salt)
                .motsu_res()
                .map_err(Into::into)
        })
    }

    fn undelegate(&mut self, caller: Who, staker: Who) -> Res<U256> {
        let (c, s) = (self.addr(caller), self.addr(staker));
        self.act(|| {
            self.reg
                .sender(c)
                .undelegate(s)
                .motsu_res()
                .map_err(Into::into)
        })
    }

    fn redelegate(&mut self, who: Who, op: u8) -> Res<U256> {
        let staker = self.addr(who);
        let (sig, expiry, salt) = self.approval(staker, op);
        let operator = self.op(op);
        self.act(|| {
            self.reg
                .sender(staker)
                .redelegate(operator, sig, expiry, salt)
                .motsu_res()
                .map_err(Into::into)
        })
    }

    fn queue_withdrawal(&mut self, who: Who, entries: &[(Asset, U256)]) -> Res<U256> {
        let staker = self.addr(who);
        let vaults = entries.iter().map(|(a, _)| self.vault(*a)).collect();
        let shares = entries.iter().map(|(_, s)| *s).collect();
        self.act(|| {
            self.reg
                .sender(staker)
                .queue_withdrawal(vaults, shares)
                .motsu_res()
                .map_err(Into::into)
        })
    }

    fn complete_withdrawal(&mut self, who: Who, id: U256, as_tokens: bool) -> Res<()> {
        let staker = self.addr(who);
        self.act(|| {
            self.reg
                .sender(staker)
                .complete_withdrawal(id, as_tokens)
                .motsu_res()
                .map_err(Into::into)
        })
    }

    fn join(&mut self, op: u8, set: SetKind) -> Res<()> {
        let (from, avs) = (self.op(op), self.avs);
        self.act(|| {
            self.mgr_call(
                from,
                I::joinOperatorSetCall {
                    avs,
                    setId: Self::set_id(set),
                },
            )
            .map(|_| ())
        })
    }

    fn leave(&mut self, op: u8, set: SetKind) -> Res<()> {
        let (from, avs) = (self.op(op), self.avs);
        self.act(|| {
            self.mgr_call(
                from,
                I::leaveOperatorSetCall {
                    avs,
                    setId: Self::set_id(set),
                },
            )
            .map(|_| ())
        })
    }

    fn allocate(&mut self, op: u8, set: SetKind, asset: Asset, magnitude: u64) -> Res<()> {
        let (from, avs, vault) = (self.op(op), self.avs, self.vault(asset));
        self.act(|| {
            self.mgr_call(
                from,
                I::modifyAllocationCall {
                    avs,
                    setId: Self::set_id(set),
                    vault,
                    magnitude,
                },
            )
            .map(|_| ())
        })
    }

    fn slash(&mut self, op: u8, set: SetKind, assets: &[Asset], wad: u64) -> Res<U256> {
        let (operator, avs, vaults) = (self.op(op), self.avs, self.sorted_vaults(assets));
        self.act(|| {
            self.mgr_call(
                avs,
                I::slashCall {
                    operator,
                    avs,
                    setId: Self::set_id(set),
                    vaults,
                    wadFraction: wad,
                    description: "fuzz".into(),
                },
            )
            .map(|r| r.slashId)
        })
    }

    fn request_slash(&mut self, op: u8, assets: &[Asset], wad: u64) -> Res<U256> {
        let (operator, avs, vaults) = (self.op(op), self.avs, self.sorted_vaults(assets));
        self.act(|| {
            self.mgr_call(
                avs,
                I::requestSlashCall {
                    operator,
                    avs,
                    setId: Self::set_id(SetKind::Veto),
                    vaults,
                    wadFraction: wad,
                    description: "fuzz".into(),
                },
            )
            .map(|r| r.slashId)
        })
    }

    fn veto_slash(&mut self, id: U256) -> Res<()> {
        let r = self.resolver;
        self.act(|| {
            self.mgr_call(r, I::vetoSlashCall { slashId: id })
                .map(|_| ())
        })
    }

    fn execute_slash(&mut self, id: U256) -> Res<()> {
        let o = self.owner;
        self.act(|| {
            self.mgr_call(o, I::executeSlashCall { slashId: id })
                .map(|_| ())
        })
    }

    fn submit_evidence(&mut self, op: u8, height: u64) -> Res<U256> {
        let set = Self::set_id(SetKind::Evidence);
        let key = &self.signing[usize::from(op)];
        let pa = keccak256(format!("A {height}").as_bytes());
        let pb = keccak256(format!("B {height}").as_bytes());
        let sign = |p: B256| {
            let d = self
                .ev
                .sender(self.owner)
                .attestation_digest(self.avs, set, height, p);
            Bytes(key.sign_hash_sync(&d).expect("sign").as_bytes().to_vec())
        };
        let (sa, sb) = (sign(pa), sign(pb));
        let (operator, avs, o) = (self.op(op), self.avs, self.owner);
        self.act(|| {
            self.ev
                .sender(o)
                .submit_equivocation(operator, avs, set, height, pa, sa, pb, sb)
                .motsu_res()
                .map_err(Into::into)
        })
    }

    fn claim_slashed(&mut self) -> Res<U256> {
        let r = self.recipient.address();
        self.act(|| {
            self.vaults[0]
                .sender(r)
                .claim_slashed(r)
                .motsu_res()
                .map_err(Into::into)
        })
    }

    fn lrt_deposit(&mut self, who: Who, asset: Asset, amount: U256) -> Res<U256> {
        let from = self.addr(who);
        let lst = self.lst.address();
        self.act(|| match asset {
            Asset::Eth => self
                .lrt_call(
                    from,
                    amount,
                    ILrt::depositCall {
                        min_shares: U256::ZERO,
                    },
                )
                .map(|r| r._0),
            Asset::Lst => self
                .lrt_call(
                    from,
                    U256::ZERO,
                    ILrt::depositTokenCall {
                        token: lst,
                        amount,
                        min_shares: U256::ZERO,
                    },
                )
                .map(|r| r._0),
        })
    }

    fn lrt_request(&mut self, who: Who, shares: U256, asset: Asset) -> Res<U256> {
        let (from, token) = (self.addr(who), self.token(asset));
        self.act(|| {
            self.lrt_call(
                from,
                U256::ZERO,
                ILrt::requestRedeemCall {
                    shares,
                    asset: token,
                },
            )
            .map(|r| r._0)
        })
    }

    fn lrt_finalize(&mut self, id: U256) -> Res<U256> {
        let o = self.owner;
        self.act(|| {
            self.lrt_call(o, U256::ZERO, ILrt::finalizeRedeemCall { request_id: id })
                .map(|r| r._0)
        })
    }

    fn lrt_cancel(&mut self, who: Who, id: U256) -> Res<U256> {
        let from = self.addr(who);
        self.act(|| {
            self.lrt_call(from, U256::ZERO, ILrt::cancelRedeemCall { request_id: id })
                .map(|r| r._0)
        })
    }

    fn lrt_claim(&mut self, who: Who, id: U256) -> Res<U256> {
        let from = self.addr(who);
        self.act(|| {
            self.lrt_call(
                from,
                U256::ZERO,
                ILrt::claimRedeemCall {
                    request_id: id,
                    receiver: from,
                },
            )
            .map(|r| r._0)
        })
    }

    fn lrt_instant(&mut self, who: Who, shares: U256, asset: Asset) -> Res<U256> {
        let (from, token) = (self.addr(who), self.token(asset));
        self.act(|| {
            self.lrt_call(
                from,
                U256::ZERO,
                ILrt::instantRedeemCall {
                    shares,
                    asset: token,
                    min_out: U256::ZERO,
                    receiver: from,
                },
            )
            .map(|r| r._0)
        })
    }

    fn lrt_transfer(&mut self, from: Who, to: Who, shares: U256) -> Res<()> {
        let (f, t) = (self.addr(from), self.addr(to));
        self.act(|| {
            self.lrt_call(
                f,
                U256::ZERO,
                ILrt::transferCall {
                    to: t,
                    value: shares,
                },
            )
            .map(|_| ())
        })
    }

    fn add_operator(&mut self, op: u8) -> Res<u8> {
        let k = self.created.get();
        let account = self.pool[k].address();
        let (sig, expiry, salt) = self.approval(account, op);
        let (o, operator) = (self.owner, self.op(op));
        self.lrt.sender(o).set_test_next_account(account);
        let r = self.act(|| {
            self.lrt_call(
                o,
                U256::ZERO,
                ILrt::addOperatorCall {
                    operator,
                    approver_signature: sig.0.into(),
                    expiry,
                    salt,
                },
            )
        });
        match r {
            Ok(out) => {
                assert_eq!(out._0, account, "addOperator used another sub-account");
                self.created.set(k + 1);
                Ok(k as u8)
            }
            Err(e) => {
                // The hand-over was a call of its own: take it back, so the
                // next add hands over the same account.
                self.lrt.sender(o).set_test_next_account(Address::ZERO);
                Err(e)
            }
        }
    }

    fn restake(&mut self, op: u8, asset: Asset, amount: U256) -> Res<U256> {
        let (o, operator, token) = (self.owner, self.op(op), self.token(asset));
        self.act(|| {
            self.lrt_call(
                o,
                U256::ZERO,
                ILrt::restakeCall {
                    operator,
                    asset: token,
                    amount,
                },
            )
            .map(|r| r._0)
        })
    }

    fn unstake(&mut self, op: u8, asset: Asset, shares: U256) -> Res<U256> {
        let (o, operator, token) = (self.owner, self.op(op), self.token(asset));
        self.act(|| {
            self.lrt_call(
                o,
                U256::ZERO,
                ILrt::unstakeCall {
                    operator,
                    asset: token,
                    shares,
                },
            )
            .map(|r| r._0)
        })
    }

    fn complete_unstake(&mut self, op: u8, id: U256) -> Res<U256> {
        let (o, operator) = (self.owner, self.op(op));
        self.act(|| {
            self.lrt_call(
                o,
                U256::ZERO,
                ILrt::completeUnstakeCall {
                    operator,
                    withdrawal_id: id,
                },
            )
            .map(|r| r._0)
        })
    }

    fn adopt(&mut self, account: u8, id: U256) -> Res<()> {
        let o = self.owner;
        self.act(|| {
            self.pool[usize::from(account)]
                .sender(o)
                .adopt(id)
                .motsu_res()
                .map_err(Into::into)
        })
    }

    fn redelegate_operator(&mut self, op: u8) -> Res<()> {
        let account = self
            .lrt_operators_raw()
            .into_iter()
            .find(|(o, _)| *o == self.op(op))
            .map(|(_, a)| a)
            .unwrap_or_default();
        let (sig, expiry, salt) = self.approval(account, op);
        let (o, operator) = (self.owner, self.op(op));
        self.act(|| {
            self.lrt_call(
                o,
                U256::ZERO,
                ILrt::redelegateOperatorCall {
                    operator,
                    approver_signature: sig.0.into(),
                    expiry,
                    salt,
                },
            )
            .map(|_| ())
        })
    }

    fn remove_operator(&mut self, op: u8) -> Res<()> {
        let (o, operator) = (self.owner, self.op(op));
        self.act(|| {
            self.lrt_call(o, U256::ZERO, ILrt::removeOperatorCall { operator })
                .map(|_| ())
        })
    }

    fn set_lst_rate(&mut self, rate: U256) -> Res<()> {
        let o = self.owner;
        self.act(|| {
            self.lst
                .sender(o)
                .set_rate(rate)
                .motsu_res()
                .map_err(Into::into)
        })
    }

    fn set_oracle_rate(&mut self, rate: U256) -> Res<()> {
        let o = self.owner;
        self.act(|| {
            self.oracle
                .sender(o)
                .set_rate(rate)
                .motsu_res()
                .map_err(Into::into)
        })
    }

    fn set_rate_source(&mut self, oracle: bool) -> Res<()> {
        let (o, asset) = (self.owner, self.lst.address());
        let source = if oracle { self.oracle.address() } else { asset };
        self.act(|| {
            self.lrt_call(o, U256::ZERO, ILrt::setRateSourceCall { asset, source })
                .map(|_| ())
        })
    }

    fn donate(&mut self, to: Who, asset: Asset, amount: U256) -> Res<()> {
        let (o, target) = (self.owner, self.addr(to));
        self.act(|| match (asset, to) {
            (Asset::Eth, Who::Lrt) => self.lrt.sender_and_value(o, amount).receive().motsu_res(),
            (Asset::Eth, Who::Account(k)) => self.pool[usize::from(k)]
                .sender_and_value(o, amount)
                .receive()
                .motsu_res(),
            (Asset::Eth, _) => panic!("no ETH donation to {to:?}"),
            (Asset::Lst, _) => self
                .lst
                .sender(o)
                .transfer(target, amount)
                .motsu_res()
                .map(|_| ())
                .map_err(Into::into),
        })
    }

    #[allow(deprecated)] // motsu's own `Balance` reads it this way
    fn eth_balance(&self, who: Who) -> U256 {
        stylus_sdk::prelude::AddressVM::balance(&self.addr(who))
    }

    fn lst_balance(&self, who: Who) -> U256 {
        self.lst.sender(self.owner).balance_of(self.addr(who))
    }

    fn vault_totals(&self, asset: Asset) -> (U256, U256) {
        let v = self.vaults[asset.index()].sender(self.owner);
        (v.total_shares(), v.total_assets().motsu_unwrap())
    }

    fn deposit_shares(&self, asset: Asset, staker: Who) -> U256 {
        self.vaults[asset.index()]
            .sender(self.owner)
            .deposit_shares(self.addr(staker))
    }

    fn slashed_credit(&self) -> U256 {
        self.vaults[0]
            .sender(self.owner)
            .slashed_claim(self.recipient.address())
    }

    fn delegated_to(&self, staker: Who) -> Option<u8> {
        let op = self.reg.sender(self.owner).delegated_to(self.addr(staker));
        (0..OPERATORS).find(|o| self.op(*o) == op).or_else(|| {
            assert!(op.is_zero(), "delegated to a stranger {op}");
            None
        })
    }

    fn withdrawable(&self, staker: Who, asset: Asset) -> U256 {
        self.reg
            .sender(self.owner)
            .withdrawable_shares(self.addr(staker), self.vault(asset))
            .motsu_unwrap()
    }

    fn scaling_factor(&self, staker: Who, asset: Asset) -> U256 {
        self.reg
            .sender(self.owner)
            .deposit_scaling_factor(self.addr(staker), self.vault(asset))
    }

    fn operator_stake(&self, op: u8, asset: Asset) -> U256 {
        self.reg
            .sender(self.owner)
            .operator_stake(self.op(op), self.vault(asset))
    }

    fn max_magnitude(&self, op: u8, asset: Asset) -> u64 {
        self.reg
            .sender(self.owner)
            .max_magnitude(self.op(op), self.vault(asset))
    }

    fn slashable_queued(&self, op: u8, asset: Asset) -> U256 {
        self.reg
            .sender(self.owner)
            .slashable_queued_shares(self.op(op), self.vault(asset))
            .motsu_unwrap()
    }

    fn allocation_delay(&self, op: u8) -> u64 {
        u64::from(self.reg.sender(self.owner).allocation_delay(self.op(op)))
    }

    fn withdrawal_count(&self) -> u64 {
        self.reg
            .sender(self.owner)
            .withdrawal_count()
            .saturating_to()
    }

    fn withdrawal(&self, id: u64) -> WithdrawalInfo {
        let reg = self.reg.sender(self.owner);
        let (staker, operator, claimable_at, completed, n) =
            reg.withdrawal(U256::from(id)).motsu_unwrap();
        drop(reg);
        let entries = (0..n)
            .map(|j| {
                let (v, scaled) = self
                    .reg
                    .sender(self.owner)
                    .withdrawal_entry(U256::from(id), j);
                (self.asset_of(v), scaled)
            })
            .collect();
        WithdrawalInfo {
            staker: self.who(staker),
            operator: (0..OPERATORS).find(|o| self.op(*o) == operator),
            claimable_at,
            completed,
            entries,
        }
    }

    fn pending_shares(&self, id: u64, asset: Asset) -> U256 {
        self.reg
            .sender(self.owner)
            .pending_redeem_request(U256::from(id), self.vault(asset))
            .motsu_unwrap()
    }

    fn claimable_shares(&self, id: u64, asset: Asset) -> U256 {
        self.reg
            .sender(self.owner)
            .claimable_redeem_request(U256::from(id), self.vault(asset))
            .motsu_unwrap()
    }

    fn allocation(&self, op: u8, set: SetKind, asset: Asset) -> (u64, u64, u64) {
        self.mgr
            .sender(self.owner)
            .allocation(self.op(op), self.avs, Self::set_id(set), self.vault(asset))
            .motsu_unwrap()
    }

    fn encumbered(&self, op: u8, asset: Asset) -> u64 {
        self.mgr
            .sender(self.owner)
            .encumbered_magnitude(self.op(op), self.vault(asset))
    }

    fn cap_used(&self, op: u8, set: SetKind) -> u64 {
        self.mgr
            .sender(self.owner)
            .cap_used(self.op(op), self.avs, Self::set_id(set))
    }

    fn slashable_until(&self, op: u8, set: SetKind) -> u64 {
        self.mgr
            .sender(self.owner)
            .slashable_until(self.op(op), self.avs, Self::set_id(set))
    }

    fn slash_request(&self, id: U256) -> (u8, u64) {
        let (_, _, _, _, at, status, _) = self.mgr.sender(self.owner).slash_request(id);
        (status, at)
    }

    fn last_slash_id(&self) -> u64 {
        self.mgr.sender(self.owner).last_slash_id()
    }

    fn evidence_used(&self, op: u8, height: u64) -> bool {
        self.ev.sender(self.owner).evidence_used(
            self.op(op),
            self.avs,
            Self::set_id(SetKind::Evidence),
            height,
        )
    }

    fn books(&self) -> (U256, U256, U256, U256) {
        self.lrt.sender(self.owner).books().motsu_unwrap()
    }

    fn lrt_total_supply(&self) -> U256 {
        self.lrt.sender(self.owner).total_supply()
    }

    fn lrt_balance(&self, who: Who) -> U256 {
        self.lrt.sender(self.owner).balance_of(self.addr(who))
    }

    fn lrt_rate(&self) -> U256 {
        self.lrt.sender(self.owner).rate().motsu_unwrap()
    }

    fn lrt_asset(&self, asset: Asset) -> (U256, U256) {
        let (_, _, _, _, reserved, pending, _) = self
            .lrt
            .sender(self.owner)
            .asset_at(U256::from(asset.index()));
        (reserved, pending)
    }

    fn asset_rate(&self, asset: Asset) -> U256 {
        self.lrt
            .sender(self.owner)
            .asset_rate(self.token(asset))
            .motsu_unwrap()
    }

    fn lrt_operators(&self) -> Vec<(u8, u8)> {
        self.lrt_operators_raw()
            .into_iter()
            .map(|(o, a)| {
                let op = (0..OPERATORS)
                    .find(|i| self.op(*i) == o)
                    .expect("known operator");
                let k = (0..self.pool.len())
                    .find(|k| self.pool[*k].address() == a)
                    .expect("pool account");
                (op, k as u8)
            })
            .collect()
    }

    fn lrt_request_count(&self) -> u64 {
        // Request ids are 1, 2, …; the first id without an owner ends them.
        (1..)
            .find(|id| {
                self.lrt
                    .sender(self.owner)
                    .request(U256::from(*id))
                    .0
                    .is_zero()
            })
            .expect("ids")
            - 1
    }

    fn lrt_request_info(&self, id: u64) -> RequestInfo {
        let (owner, asset, status, shares, max_value, assets) =
            self.lrt.sender(self.owner).request(U256::from(id));
        RequestInfo {
            owner: self.who(owner),
            asset: if asset == NATIVE_ETH {
                Asset::Eth
            } else {
                Asset::Lst
            },
            status,
            shares,
            max_value,
            assets,
        }
    }

    fn lrt_request_time(&self, id: u64) -> (u64, u64) {
        self.lrt
            .sender(self.owner)
            .request_time(U256::from(id))
            .motsu_unwrap()
    }

    fn account_open_withdrawals(&self, account: u8) -> u64 {
        self.pool[usize::from(account)]
            .sender(self.owner)
            .open_withdrawals()
            .saturating_to()
    }

    fn account_snapshot(&self, account: u8) -> Vec<(Asset, U256)> {
        let acc = &self.pool[usize::from(account)];
        (0..4u64)
            .map(|i| acc.sender(self.owner).snapshot_at(U256::from(i)))
            .take_while(|(v, _)| !v.is_zero())
            .map(|(v, s)| (self.asset_of(v), s))
            .collect()
    }

    fn account_values(&self, account: u8) -> [U256; 2] {
        let v = self.pool[usize::from(account)]
            .sender(self.owner)
            .values(vec![self.vault(Asset::Eth), self.vault(Asset::Lst)])
            .motsu_unwrap();
        [v[0], v[1]]
    }

    fn account_operator(&self, account: u8) -> Option<u8> {
        let op = self.pool[usize::from(account)]
            .sender(self.owner)
            .operator();
        (0..OPERATORS).find(|o| self.op(*o) == op)
    }

    fn lst_rate(&self) -> U256 {
        self.lst.sender(self.owner).get_rate()
    }

    fn oracle_rate(&self) -> U256 {
        self.oracle.sender(self.owner).get_rate()
    }

    fn rate_source_is_oracle(&self) -> bool {
        let (_, _, _, _, _, _, source) = self.lrt.sender(self.owner).asset_at(U256::from(1));
        source == self.oracle.address()
    }
}

impl World {
    fn token(&self, asset: Asset) -> Address {
        match asset {
            Asset::Eth => NATIVE_ETH,
            Asset::Lst => self.lst.address(),
        }
    }

    fn lrt_operators_raw(&self) -> Vec<(Address, Address)> {
        (0..8u64)
            .map(|i| self.lrt.sender(self.owner).operator_at(U256::from(i)))
            .take_while(|(o, _)| !o.is_zero())
            .collect()
    }
}
