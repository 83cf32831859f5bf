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
//!
//! Layout: the [`World`] and its helpers here; `deploy` builds and wires it;
//! `protocol_impl` implements the model's `Protocol` (the views, and each
//! action forwarded to `registry`, `slashing` or `lrt`).
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
    APPROVED_OPERATOR, CAP, CONCENTRATION_BPS, DEALLOCATION_DELAY, FUNDING, INSTANT_FEE_BPS,
    INSTANT_LIMIT, INSTANT_PERIOD, OPERATORS, REDEEM_DELAY, T0, WALLETS, WITHDRAWAL_DELAY,
};
use restake_interfaces::{lrt::ILrt, slashing::ISlashingManager as I, BURN_ADDRESS, NATIVE_ETH};
use restake_lrt::Lrt;
use restake_lrt_account::LrtAccount;
use restake_mock_lst::MockLst;
use restake_registry::{ITestClock, OperatorRegistry};
use restake_slashing::SlashingManager;
use restake_slashing_evidence::EvidenceVerifier;
use restake_test_fixtures::e18;
use restake_vault::Vault;
use stylus_sdk::abi::Bytes;

mod deploy;
mod lrt;
mod protocol_impl;
mod registry;
mod slashing;

/// A wallet contract that accepts ETH (motsu routes an ETH transfer to a
/// contract's `receive` and panics on an address without one).
pub use restake_test_fixtures::EthReceiver as Wallet;

/// A sub-account ready for the Lrt's next `addOperator` (the Lrt
/// initializes it). One place to adapt when `restake-lrt-account` gains a
/// constructor that locks the implementation.
pub fn new_sub_account() -> Contract<LrtAccount> {
    Contract::<LrtAccount>::new()
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

/// Helpers of the actions and views: calls through the ABI dispatchers,
/// actors and assets to addresses, approvals, event counts.
impl World {
    /// Calls the manager's router (the kit's route table), as the
    /// entrypoint does.
    fn mgr_call<C: SolCall>(&self, from: Address, c: C) -> Res<C::Return> {
        let data = c.abi_encode();
        let mut call = self.mgr.sender(from);
        let out = <SlashingManager as stylus_sdk::abi::Router<SlashingManager>>::route(
            &mut call,
            u32::from_be_bytes(C::SELECTOR),
            &data[4..],
        )
        .expect("the manager's router answers every call")
        .motsu_res()?;
        Ok(C::abi_decode_returns(&out, true).expect("manager return"))
    }

    /// Calls the Lrt's router (the kit's route table, with `value` wei), as
    /// the entrypoint does.
    fn lrt_call<C: SolCall>(&self, from: Address, value: U256, c: C) -> Res<C::Return> {
        let out = self
            .lrt
            .sender_and_value(from, value)
            .dispatch(&c.abi_encode())
            .map_err(Vec::from)
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
