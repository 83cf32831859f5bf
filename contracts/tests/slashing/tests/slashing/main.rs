//! The slashing manager and the evidence verifier with the real vault, the
//! mock LST, a mock operator registry (real slashing math) and a mock
//! registrar, natively (motsu). Every call to the manager goes through its
//! route table (`Router::route`, as the wasm entrypoint) with calldata encoded by alloy's `sol!`, so
//! the encodings of calls, returns, errors and events are checked too.
//! One module per function or flow; the world they share ([`Env`]) is here.
use alloy_primitives::{Address, B256, U256};
use alloy_signer::SignerSync;
use alloy_signer_local::PrivateKeySigner;
use alloy_sol_types::{eip712_domain, sol, SolCall, SolError, SolStruct};
use motsu::prelude::*;
use restake_interfaces::{
    slashing::{ISlashingManager as I, *},
    vault::SlashedSharesBurned,
    BURN_ADDRESS,
};
use restake_mock_lst::MockLst;
use restake_slashing::{
    SlashingManager, ALLOCATION_DELAY, BURN_SLASHED_SHARES, DEREGISTER_OPERATOR, EXECUTION_PERIOD,
    IS_OPERATOR, IS_VAULT, MAX_MAGNITUDE, MAX_SET_VAULTS, MEMBER, OPERATOR_STAKE,
    REGISTER_OPERATOR, REQUEST_EXECUTED, REQUEST_EXPIRED, REQUEST_PENDING, SLASH_OPERATOR,
    WITHDRAWAL_DELAY as WITHDRAWAL_DELAY_SELECTOR,
};
use restake_slashing_evidence::{EvidenceVerifier, HALF_N};
use restake_slashing_tests::{
    MockOperatorSlashed, MockRegistrar, MockRegistrarRefused, MockRegistry, RegistrarCalled,
};
use restake_test_fixtures::{e18, DAY, WAD};
use restake_vault::Vault;
use stylus_sdk::abi::Router;

const DEALLOCATION_DELAY: u64 = 14 * 86_400;
/// The mock registry's withdrawal delay.
const WITHDRAWAL_DELAY: u64 = 14 * 86_400;
const ALLOC_DELAY: u32 = 86_400;
const T0: u64 = 1_700_000_000;
const SET: u32 = 1;
const VETO_SET: u32 = 2;
const VETO_WINDOW: u64 = 3 * DAY;

/// Routes `data` (selector ‖ arguments) to `m` as `from`, as the wasm
/// entrypoint does (`Router::route`; fewer than four bytes: the router's
/// fallback), and reverts motsu's state if the call fails.
fn route(m: &Contract<SlashingManager>, from: Address, data: &[u8]) -> Result<Vec<u8>, Vec<u8>> {
    let mut c = m.sender(from);
    let out = match data.get(..4) {
        Some(s) => {
            let selector = u32::from_be_bytes([s[0], s[1], s[2], s[3]]);
            <SlashingManager as Router<SlashingManager>>::route(&mut c, selector, &data[4..])
                // No route: the entrypoint hands the calldata to `unknown`
                // (the extension in the core wasm; refused natively).
                .or_else(|| Some(c.unknown(data).map_err(Vec::<u8>::from)))
        }
        None => <SlashingManager as Router<SlashingManager>>::fallback(&mut c, data),
    };
    out.expect("the manager's router answers every call")
        .motsu_res()
}

fn pct(n: u64) -> u64 {
    WAD / 100 * n
}

/// The world: a manager, an evidence verifier, the mock registry and
/// registrar, two LST vaults each holding the staker's 100 tokens delegated
/// to `op`, an AVS with an instant set (1) and a vetoable set (2) over both
/// vaults.
struct Env {
    m: Contract<SlashingManager>,
    ev: Contract<EvidenceVerifier>,
    reg: Contract<MockRegistry>,
    registrar: Contract<MockRegistrar>,
    lst: Contract<MockLst>,
    vault: Contract<Vault>,
    lst2: Contract<MockLst>,
    vault2: Contract<Vault>,
    deployer: Address,
    avs: Address,
    op: Address,
    slasher: Address,
    resolver: Address,
    staker: Address,
    recipient: Address,
}

impl Env {
    /// Contracts deployed and wired, the staker's deposits made, the AVS
    /// registered; no set yet.
    fn bare() -> Env {
        let e = Env {
            m: Contract::new(),
            ev: Contract::new(),
            reg: Contract::new(),
            registrar: Contract::new(),
            lst: Contract::new(),
            vault: Contract::new(),
            lst2: Contract::new(),
            vault2: Contract::new(),
            deployer: Address::random(),
            avs: Address::random(),
            op: Address::random(),
            slasher: Address::random(),
            resolver: Address::random(),
            staker: Address::random(),
            recipient: Address::random(),
        };
        let d = e.deployer;
        e.m.sender(d)
            .constructor(e.reg.address(), DEALLOCATION_DELAY, Address::ZERO)
            .motsu_unwrap();
        e.ev.sender(d).constructor(e.m.address()).motsu_unwrap();
        e.reg.sender(d).set_manager(e.m.address());
        e.reg.sender(d).set_withdrawal_delay(WITHDRAWAL_DELAY);
        e.reg.sender(d).register(e.op, ALLOC_DELAY);
        e.reg.sender(d).delegate(e.staker, e.op);
        for (lst, vault) in [(&e.lst, &e.vault), (&e.lst2, &e.vault2)] {
            lst.sender(d).constructor(d).motsu_unwrap();
            vault
                .sender(d)
                .constructor(
                    lst.address(),
                    d,
                    d,
                    e.reg.address(),
                    e.m.address(),
                    U256::MAX,
                )
                .motsu_unwrap();
            e.reg.sender(d).add_vault(vault.address());
            lst.sender(d).mint(e.staker, e18(100)).motsu_unwrap();
            lst.sender(e.staker)
                .approve(vault.address(), e18(100))
                .motsu_unwrap();
            vault
                .sender(e.staker)
                .deposit(e18(100), e.staker)
                .motsu_unwrap();
        }
        e.set_time(T0);
        e.ok(
            e.avs,
            I::registerAvsCall {
                metadataUri: "ipfs://avs".into(),
                registrar: e.registrar.address(),
            },
        );
        e
    }

    /// [`Env::bare`] plus set 1 (instant, cap 100% per day, 10% penalty,
    /// the verifier) and set 2 (vetoable), both over both vaults.
    fn new() -> Env {
        let e = Env::bare();
        e.create_set(SET, Address::ZERO, 0, WAD, pct(10));
        e.create_set(VETO_SET, e.resolver, VETO_WINDOW, WAD, 0);
        e
    }

    fn create_set(&self, set_id: u32, resolver: Address, veto_window: u64, cap: u64, penalty: u64) {
        self.ok(
            self.avs,
            I::createOperatorSetCall {
                setId: set_id,
                vaults: self.vaults(),
                slasher: self.slasher,
                recipient: Address::ZERO,
                resolver,
                vetoWindow: veto_window,
                capWad: cap,
                capPeriod: DAY,
                equivocationPenalty: penalty,
                evidenceVerifier: self.ev.address(),
            },
        );
    }

    /// Both vaults, ascending (the order a slash needs).
    fn vaults(&self) -> Vec<Address> {
        let mut v = vec![self.vault.address(), self.vault2.address()];
        v.sort();
        v
    }

    fn call<C: SolCall>(&self, from: Address, call: C) -> Result<C::Return, Vec<u8>> {
        let out = route(&self.m, from, &call.abi_encode())?;
        Ok(C::abi_decode_returns(&out, true).expect("return data decodes"))
    }

    fn ok<C: SolCall>(&self, from: Address, call: C) -> C::Return {
        match self.call(from, call) {
            Ok(r) => r,
            Err(e) => panic!(
                "{} reverted: 0x{}",
                C::SIGNATURE,
                alloy_primitives::hex::encode(e)
            ),
        }
    }

    fn err<C: SolCall>(&self, from: Address, call: C) -> Vec<u8> {
        match self.call(from, call) {
            Ok(_) => panic!("{} should revert", C::SIGNATURE),
            Err(e) => e,
        }
    }

    /// Sets the manager's test clock (and remembers it here).
    fn set_time(&self, t: u64) {
        NOW.with(|n| n.set(t));
        self.ok(self.deployer, I::setTestTimestampCall { timestamp: t });
    }

    fn now(&self) -> u64 {
        NOW.with(|n| n.get())
    }

    fn warp(&self, dt: u64) {
        let t = NOW.with(|n| n.get()) + dt;
        self.set_time(t);
    }

    fn join(&self, set_id: u32) {
        self.ok(
            self.op,
            I::joinOperatorSetCall {
                avs: self.avs,
                setId: set_id,
            },
        );
    }

    fn allocate(&self, set_id: u32, vault: Address, magnitude: u64) {
        self.ok(
            self.op,
            I::modifyAllocationCall {
                avs: self.avs,
                setId: set_id,
                vault,
                magnitude,
            },
        );
    }

    fn allocation(&self, set_id: u32, vault: Address) -> (u64, u64, u64) {
        let r = self.ok(
            self.op,
            I::allocationCall {
                operator: self.op,
                avs: self.avs,
                setId: set_id,
                vault,
            },
        );
        (r.allocated, r.pendingTarget, r.effectAt)
    }

    /// Joins `set_id` and allocates `magnitude` of both vaults, effective now.
    fn join_and_allocate(&self, set_id: u32, magnitude: u64) {
        self.join(set_id);
        for v in self.vaults() {
            self.allocate(set_id, v, magnitude);
        }
        self.warp(u64::from(ALLOC_DELAY));
    }

    fn slash(&self, set_id: u32, vaults: Vec<Address>, wad: u64) -> Result<U256, Vec<u8>> {
        self.call(
            self.slasher,
            I::slashCall {
                operator: self.op,
                avs: self.avs,
                setId: set_id,
                vaults,
                wadFraction: wad,
                description: "double vote".into(),
            },
        )
        .map(|r| r.slashId)
    }

    /// Anyone (the staker here) releases the shares of `vault` slashed for
    /// `recipient`: `(shares, assets)`.
    fn release(&self, vault: Address, recipient: Address) -> Result<(U256, U256), Vec<u8>> {
        self.call(self.staker, I::releaseSlashedCall { vault, recipient })
            .map(|r| (r.shares, r.assets))
    }

    /// The shares of `vault` slashed for `recipient` and not yet released.
    fn slashed_shares(&self, vault: Address, recipient: Address) -> U256 {
        self.ok(self.staker, I::slashedSharesCall { vault, recipient })
            ._0
    }

    fn max_magnitude(&self, vault: Address) -> u64 {
        self.reg.sender(self.deployer).max_magnitude(self.op, vault)
    }

    fn withdrawable(&self, vault: Address) -> U256 {
        self.reg
            .sender(self.deployer)
            .withdrawable_shares(self.staker, vault)
    }

    fn stake(&self, vault: Address) -> U256 {
        self.reg
            .sender(self.deployer)
            .operator_stake(self.op, vault)
    }

    /// The fraction of `op`'s allocations slashed in `set_id` this period.
    fn cap_used(&self, set_id: u32) -> u64 {
        self.cap_used_of(self.op, set_id)
    }

    fn cap_used_of(&self, operator: Address, set_id: u32) -> u64 {
        self.ok(
            self.op,
            I::capUsedCall {
                operator,
                avs: self.avs,
                setId: set_id,
            },
        )
        ._0
    }

    fn encumbered(&self, vault: Address) -> u64 {
        self.ok(
            self.op,
            I::encumberedMagnitudeCall {
                operator: self.op,
                vault,
            },
        )
        ._0
    }
}

thread_local! {
    static NOW: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

fn enc<E: SolError>(e: E) -> Vec<u8> {
    e.abi_encode()
}

// Vetoable slash requests (the veto and the expiry tests).
impl Env {
    fn request(&self, wad: u64) -> U256 {
        self.ok(
            self.slasher,
            I::requestSlashCall {
                operator: self.op,
                avs: self.avs,
                setId: VETO_SET,
                vaults: self.vaults(),
                wadFraction: wad,
                description: "missed attestation".into(),
            },
        )
        .slashId
    }

    fn request_status(&self, id: U256) -> u8 {
        self.ok(self.op, I::slashRequestCall { slashId: id }).status
    }
}

mod allocations;
mod avs;
mod cap;
mod config;
mod edge_cases;
mod evidence;
mod expiry;
mod hooks;
mod instant;
mod membership;
mod operator_sets;
mod properties;
mod sybil;
mod vetoes;
