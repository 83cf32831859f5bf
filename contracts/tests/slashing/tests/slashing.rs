//! The slashing manager and the evidence verifier with the real vault, the
//! mock LST, a mock operator registry (real slashing math) and a mock
//! registrar, natively (motsu). Every call to the manager goes through its
//! hand-written ABI dispatcher with calldata encoded by alloy's `sol!`, so
//! the encodings of calls, returns, errors and events are checked too.
use alloy_primitives::{uint, Address, Bytes, B256, U256};
use alloy_signer::SignerSync;
use alloy_signer_local::PrivateKeySigner;
use alloy_sol_types::{eip712_domain, sol, SolCall, SolError, SolStruct};
use motsu::prelude::*;
use restake_interfaces::{
    slashing::{IEvidenceVerifier as V, ISlashingManager as I, *},
    vault::SlashedSharesBurned,
    BURN_ADDRESS,
};
use restake_mock_lst::MockLst;
use restake_slashing::{
    SlashingManager, ALLOCATION_DELAY, BURN_SLASHED_SHARES, DEREGISTER_OPERATOR, IS_OPERATOR, IS_VAULT,
    MAX_MAGNITUDE, MAX_SET_VAULTS, MEMBER, OPERATOR_STAKE, REGISTER_OPERATOR, SLASH_OPERATOR,
};
use restake_slashing_evidence::{EvidenceVerifier, HALF_N};
use restake_slashing_tests::{MockOperatorSlashed, MockRegistrar, MockRegistrarRefused, MockRegistry, RegistrarCalled};
use restake_vault::Vault;

const E18: U256 = uint!(1_000_000_000_000_000_000_U256);
const WAD: u64 = 1_000_000_000_000_000_000;
const DEALLOCATION_DELAY: u64 = 14 * 86_400;
const ALLOC_DELAY: u32 = 86_400;
const T0: u64 = 1_700_000_000;
const DAY: u64 = 86_400;
const SET: u32 = 1;
const VETO_SET: u32 = 2;
const VETO_WINDOW: u64 = 3 * DAY;

fn e18(n: u64) -> U256 {
    U256::from(n) * E18
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
        e.m.sender(d).constructor(e.reg.address(), DEALLOCATION_DELAY).motsu_unwrap();
        e.ev.sender(d).constructor(e.m.address()).motsu_unwrap();
        e.reg.sender(d).set_manager(e.m.address());
        e.reg.sender(d).register(e.op, ALLOC_DELAY);
        e.reg.sender(d).delegate(e.staker, e.op);
        for (lst, vault) in [(&e.lst, &e.vault), (&e.lst2, &e.vault2)] {
            lst.sender(d).constructor(d).motsu_unwrap();
            vault
                .sender(d)
                .constructor(lst.address(), d, d, e.reg.address(), e.m.address(), U256::MAX)
                .motsu_unwrap();
            e.reg.sender(d).add_vault(vault.address());
            lst.sender(d).mint(e.staker, e18(100)).motsu_unwrap();
            lst.sender(e.staker).approve(vault.address(), e18(100)).motsu_unwrap();
            vault.sender(e.staker).deposit(e18(100), e.staker).motsu_unwrap();
        }
        e.set_time(T0);
        e.ok(e.avs, I::registerAvsCall { metadataUri: "ipfs://avs".into(), registrar: e.registrar.address() });
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
        let out = self.m.sender(from).fallback(&call.abi_encode()).motsu_res()?;
        Ok(C::abi_decode_returns(&out, true).expect("return data decodes"))
    }

    fn ok<C: SolCall>(&self, from: Address, call: C) -> C::Return {
        match self.call(from, call) {
            Ok(r) => r,
            Err(e) => panic!("{} reverted: 0x{}", C::SIGNATURE, alloy_primitives::hex::encode(e)),
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
        self.ok(self.op, I::joinOperatorSetCall { avs: self.avs, setId: set_id });
    }

    fn allocate(&self, set_id: u32, vault: Address, magnitude: u64) {
        self.ok(self.op, I::modifyAllocationCall { avs: self.avs, setId: set_id, vault, magnitude });
    }

    fn allocation(&self, set_id: u32, vault: Address) -> (u64, u64, u64) {
        let r = self.ok(self.op, I::allocationCall { operator: self.op, avs: self.avs, setId: set_id, vault });
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

    fn max_magnitude(&self, vault: Address) -> u64 {
        self.reg.sender(self.deployer).max_magnitude(self.op, vault)
    }

    fn withdrawable(&self, vault: Address) -> U256 {
        self.reg.sender(self.deployer).withdrawable_shares(self.staker, vault)
    }

    fn stake(&self, vault: Address) -> U256 {
        self.reg.sender(self.deployer).operator_stake(self.op, vault)
    }

    fn encumbered(&self, vault: Address) -> u64 {
        self.ok(self.op, I::encumberedMagnitudeCall { operator: self.op, vault })._0
    }
}

thread_local! {
    static NOW: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

fn enc<E: SolError>(e: E) -> Vec<u8> {
    e.abi_encode()
}

// ---------------------------------------------------------------------------
// Construction, configuration, ABI plumbing
// ---------------------------------------------------------------------------

#[motsu::test]
fn constructor_wires_registry_and_delay() {
    let e = Env::bare();
    let c = e.ok(e.op, I::configCall {});
    assert_eq!((c.registry, c.deallocationDelay, c.lastSlashId), (e.reg.address(), DEALLOCATION_DELAY, 0));
}

#[motsu::test]
fn constructor_rejects_zero_registry() {
    let m = Contract::<SlashingManager>::new();
    let err = m.sender(Address::random()).constructor(Address::ZERO, 1).motsu_unwrap_err();
    assert_eq!(Vec::<u8>::from(err), enc(SlashingZeroAddress {}));
}

#[motsu::test]
fn unknown_selector_and_malformed_calldata_revert_with_invalid_calldata() {
    let e = Env::new();
    let out = e.m.sender(e.op).fallback(&[0xde, 0xad, 0xbe, 0xef, 0]).motsu_res().unwrap_err();
    assert_eq!(out, enc(SlashingInvalidCalldata { selector: [0xde, 0xad, 0xbe, 0xef].into() }));
    // Too short for its arguments.
    let mut data = I::joinOperatorSetCall { avs: e.avs, setId: SET }.abi_encode();
    data.truncate(40);
    let out = e.m.sender(e.op).fallback(&data).motsu_res().unwrap_err();
    assert_eq!(out, enc(SlashingInvalidCalldata { selector: I::joinOperatorSetCall::SELECTOR.into() }));
    // Dirty high bits in an address word.
    let mut data = I::joinOperatorSetCall { avs: e.avs, setId: SET }.abi_encode();
    data[4] = 1;
    let out = e.m.sender(e.op).fallback(&data).motsu_res().unwrap_err();
    assert_eq!(out, enc(SlashingInvalidCalldata { selector: I::joinOperatorSetCall::SELECTOR.into() }));
    // A uint32 out of range.
    let mut data = I::joinOperatorSetCall { avs: e.avs, setId: SET }.abi_encode();
    data[4 + 32 + 27] = 1;
    let out = e.m.sender(e.op).fallback(&data).motsu_res().unwrap_err();
    assert_eq!(out, enc(SlashingInvalidCalldata { selector: I::joinOperatorSetCall::SELECTOR.into() }));
    // An address[] longer than a set may hold.
    let long = vec![e.vault.address(); MAX_SET_VAULTS + 1];
    let out = e
        .call(e.slasher, I::slashCall { operator: e.op, avs: e.avs, setId: SET, vaults: long, wadFraction: 1, description: "".into() })
        .unwrap_err();
    assert_eq!(out, enc(SlashingInvalidCalldata { selector: I::slashCall::SELECTOR.into() }));
    // Nothing was joined by the malformed calls.
    assert_eq!(e.ok(e.op, I::slashableUntilCall { operator: e.op, avs: e.avs, setId: SET })._0, 0);
}

sol! {
    interface Expected {
        function isOperator(address operator) external view returns (bool);
        function isVault(address vault) external view returns (bool);
        function allocationDelay(address operator) external view returns (uint32);
        function maxMagnitude(address operator, address vault) external view returns (uint64);
        function operatorStake(address operator, address vault) external view returns (uint256);
        function slashOperator(address operator, address vault, uint64 magnitude) external returns (uint256);
        function burnSlashedShares(uint256 shares, address recipient) external returns (uint256);
        function registerOperator(address operator, address avs, uint32 set_id) external;
        function deregisterOperator(address operator, address avs, uint32 set_id) external;
    }
}

#[test]
fn hand_encoded_selectors_match_the_interfaces() {
    use Expected::*;
    assert_eq!(IS_OPERATOR, isOperatorCall::SELECTOR);
    assert_eq!(IS_VAULT, isVaultCall::SELECTOR);
    assert_eq!(ALLOCATION_DELAY, allocationDelayCall::SELECTOR);
    assert_eq!(MAX_MAGNITUDE, maxMagnitudeCall::SELECTOR);
    assert_eq!(OPERATOR_STAKE, operatorStakeCall::SELECTOR);
    assert_eq!(SLASH_OPERATOR, slashOperatorCall::SELECTOR);
    assert_eq!(BURN_SLASHED_SHARES, burnSlashedSharesCall::SELECTOR);
    assert_eq!(REGISTER_OPERATOR, registerOperatorCall::SELECTOR);
    assert_eq!(DEREGISTER_OPERATOR, deregisterOperatorCall::SELECTOR);
    assert_eq!(restake_slashing_evidence::SLASH_BY_EVIDENCE, I::slashByEvidenceCall::SELECTOR);
}

// ---------------------------------------------------------------------------
// AVSs
// ---------------------------------------------------------------------------

#[motsu::test]
fn register_avs_emits_and_records_the_registrar() {
    let e = Env::bare();
    e.m.assert_emitted(&AvsRegistered { avs: e.avs, registrar: e.registrar.address() });
    e.m.assert_emitted(&AvsMetadataUpdated { avs: e.avs, metadata_uri: "ipfs://avs".into() });
    let info = e.ok(e.op, I::avsInfoCall { avs: e.avs });
    assert_eq!((info.registered, info.registrar), (true, e.registrar.address()));
    let info = e.ok(e.op, I::avsInfoCall { avs: e.op });
    assert_eq!((info.registered, info.registrar), (false, Address::ZERO));
}

#[motsu::test]
fn register_avs_twice_reverts() {
    let e = Env::bare();
    let err = e.err(e.avs, I::registerAvsCall { metadataUri: "x".into(), registrar: Address::ZERO });
    assert_eq!(err, enc(SlashingAvsAlreadyRegistered { avs: e.avs }));
}

#[motsu::test]
fn update_avs_metadata_emits_a_long_uri_and_rejects_strangers() {
    let e = Env::bare();
    let uri = "https://example.invalid/".to_string() + &"a".repeat(70);
    e.ok(e.avs, I::updateAvsMetadataCall { metadataUri: uri.clone() });
    e.m.assert_emitted(&AvsMetadataUpdated { avs: e.avs, metadata_uri: uri });
    let err = e.err(e.op, I::updateAvsMetadataCall { metadataUri: "x".into() });
    assert_eq!(err, enc(SlashingAvsNotRegistered { avs: e.op }));
}

// ---------------------------------------------------------------------------
// Operator sets
// ---------------------------------------------------------------------------

#[motsu::test]
fn create_operator_set_stores_parameters_and_vaults() {
    let e = Env::new();
    e.m.assert_emitted(&OperatorSetCreated {
        avs: e.avs,
        set_id: VETO_SET,
        slasher: e.slasher,
        recipient: Address::ZERO,
        resolver: e.resolver,
        veto_window: VETO_WINDOW,
        cap_wad: WAD,
        cap_period: DAY,
        equivocation_penalty: 0,
        evidence_verifier: e.ev.address(),
    });
    e.m.assert_emitted(&VaultAddedToSet { avs: e.avs, set_id: SET, vault: e.vault.address() });
    let s = e.ok(e.op, I::operatorSetCall { avs: e.avs, setId: VETO_SET });
    assert_eq!(
        (s.slasher, s.recipient, s.resolver, s.vetoWindow, s.capWad, s.capPeriod, s.equivocationPenalty),
        (e.slasher, Address::ZERO, e.resolver, VETO_WINDOW, WAD, DAY, 0)
    );
    assert_eq!((s.evidenceVerifier, s.capUsed), (e.ev.address(), 0));
    let mut vaults = s.vaults.clone();
    vaults.sort();
    assert_eq!(vaults, e.vaults());
    // An unknown set reads as zeros.
    let s = e.ok(e.op, I::operatorSetCall { avs: e.avs, setId: 99 });
    assert_eq!((s.capWad, s.vaults.len()), (0, 0));
}

#[motsu::test]
fn create_operator_set_rejects_bad_parameters() {
    let e = Env::new();
    let base = I::createOperatorSetCall {
        setId: 7,
        vaults: vec![],
        slasher: e.slasher,
        recipient: Address::ZERO,
        resolver: Address::ZERO,
        vetoWindow: 0,
        capWad: WAD,
        capPeriod: DAY,
        equivocationPenalty: 0,
        evidenceVerifier: Address::ZERO,
    };
    let err = e.err(e.op, base.clone());
    assert_eq!(err, enc(SlashingAvsNotRegistered { avs: e.op }));
    let err = e.err(e.avs, I::createOperatorSetCall { setId: SET, ..base.clone() });
    assert_eq!(err, enc(SlashingSetExists { avs: e.avs, set_id: SET }));
    let err = e.err(e.avs, I::createOperatorSetCall { capWad: 0, ..base.clone() });
    assert_eq!(err, enc(SlashingInvalidFraction { fraction: 0 }));
    let err = e.err(e.avs, I::createOperatorSetCall { capWad: WAD + 1, ..base.clone() });
    assert_eq!(err, enc(SlashingInvalidFraction { fraction: WAD + 1 }));
    let err = e.err(e.avs, I::createOperatorSetCall { equivocationPenalty: WAD + 1, ..base.clone() });
    assert_eq!(err, enc(SlashingInvalidFraction { fraction: WAD + 1 }));
    let err = e.err(e.avs, I::createOperatorSetCall { capPeriod: 0, ..base.clone() });
    assert_eq!(err, enc(SlashingInvalidCapPeriod { period: 0 }));
    for (resolver, window) in [(e.resolver, 0), (e.resolver, DEALLOCATION_DELAY), (Address::ZERO, 5)] {
        let err = e.err(e.avs, I::createOperatorSetCall { resolver, vetoWindow: window, ..base.clone() });
        assert_eq!(
            err,
            enc(SlashingInvalidVetoWindow { resolver, veto_window: window, deallocation_delay: DEALLOCATION_DELAY })
        );
    }
    let stranger = Address::random();
    let err = e.err(e.avs, I::createOperatorSetCall { vaults: vec![stranger], ..base.clone() });
    assert_eq!(err, enc(SlashingNotVault { vault: stranger }));
    let v = e.vault.address();
    let err = e.err(e.avs, I::createOperatorSetCall { vaults: vec![v, v], ..base.clone() });
    assert_eq!(err, enc(SlashingVaultAlreadyInSet { vault: v }));
    // Nothing of the failed creations remains.
    assert_eq!(e.ok(e.op, I::operatorSetCall { avs: e.avs, setId: 7 }).capWad, 0);
}

#[motsu::test]
fn add_and_remove_vaults() {
    let e = Env::bare();
    e.ok(
        e.avs,
        I::createOperatorSetCall {
            setId: SET,
            vaults: vec![],
            slasher: e.slasher,
            recipient: Address::ZERO,
            resolver: Address::ZERO,
            vetoWindow: 0,
            capWad: WAD,
            capPeriod: DAY,
            equivocationPenalty: 0,
            evidenceVerifier: Address::ZERO,
        },
    );
    let (v1, v2) = (e.vault.address(), e.vault2.address());
    e.ok(e.avs, I::addVaultCall { setId: SET, vault: v1 });
    e.ok(e.avs, I::addVaultCall { setId: SET, vault: v2 });
    e.m.assert_emitted(&VaultAddedToSet { avs: e.avs, set_id: SET, vault: v2 });
    assert_eq!(e.err(e.avs, I::addVaultCall { setId: SET, vault: v1 }), enc(SlashingVaultAlreadyInSet { vault: v1 }));
    assert_eq!(e.err(e.avs, I::addVaultCall { setId: 5, vault: v1 }), enc(SlashingSetNotFound { avs: e.avs, set_id: 5 }));
    e.ok(e.avs, I::removeVaultCall { setId: SET, vault: v1 });
    e.m.assert_emitted(&VaultRemovedFromSet { avs: e.avs, set_id: SET, vault: v1 });
    assert_eq!(e.ok(e.op, I::operatorSetCall { avs: e.avs, setId: SET }).vaults, vec![v2]);
    assert_eq!(e.err(e.avs, I::removeVaultCall { setId: SET, vault: v1 }), enc(SlashingVaultNotInSet { vault: v1 }));
    assert_eq!(e.err(e.op, I::removeVaultCall { setId: SET, vault: v2 }), enc(SlashingSetNotFound { avs: e.op, set_id: SET }));
    // Re-adding works, and the list stays a set.
    e.ok(e.avs, I::addVaultCall { setId: SET, vault: v1 });
    let mut vaults = e.ok(e.op, I::operatorSetCall { avs: e.avs, setId: SET }).vaults;
    vaults.sort();
    assert_eq!(vaults, e.vaults());
}

#[motsu::test]
fn a_set_holds_at_most_max_set_vaults() {
    let e = Env::new();
    let set = 9;
    e.create_set(set, Address::ZERO, 0, WAD, 0);
    for _ in 2..MAX_SET_VAULTS {
        let v = Address::random();
        e.reg.sender(e.deployer).add_vault(v);
        e.ok(e.avs, I::addVaultCall { setId: set, vault: v });
    }
    let v = Address::random();
    e.reg.sender(e.deployer).add_vault(v);
    let err = e.err(e.avs, I::addVaultCall { setId: set, vault: v });
    assert_eq!(err, enc(SlashingTooManyVaults { max: U256::from(MAX_SET_VAULTS) }));
}

// ---------------------------------------------------------------------------
// Membership
// ---------------------------------------------------------------------------

#[motsu::test]
fn join_and_leave_call_the_registrar_and_keep_the_operator_slashable() {
    let e = Env::new();
    e.join(SET);
    e.m.assert_emitted(&OperatorJoinedSet { operator: e.op, avs: e.avs, set_id: SET });
    e.registrar.assert_emitted(&RegistrarCalled { operator: e.op, avs: e.avs, set_id: SET, joined: true });
    assert_eq!(e.ok(e.op, I::slashableUntilCall { operator: e.op, avs: e.avs, setId: SET })._0, MEMBER);
    assert_eq!(e.err(e.op, I::joinOperatorSetCall { avs: e.avs, setId: SET }), enc(SlashingAlreadyMember { operator: e.op }));

    e.ok(e.op, I::leaveOperatorSetCall { avs: e.avs, setId: SET });
    let until = T0 + DEALLOCATION_DELAY;
    e.m.assert_emitted(&OperatorLeftSet { operator: e.op, avs: e.avs, set_id: SET, slashable_until: until });
    e.registrar.assert_emitted(&RegistrarCalled { operator: e.op, avs: e.avs, set_id: SET, joined: false });
    assert_eq!(e.ok(e.op, I::slashableUntilCall { operator: e.op, avs: e.avs, setId: SET })._0, until);
    assert_eq!(e.err(e.op, I::leaveOperatorSetCall { avs: e.avs, setId: SET }), enc(SlashingNotMember { operator: e.op }));
    // Rejoining makes it a member again.
    e.join(SET);
    assert_eq!(e.ok(e.op, I::slashableUntilCall { operator: e.op, avs: e.avs, setId: SET })._0, MEMBER);
}

#[motsu::test]
fn the_registrar_can_refuse_joining_and_leaving() {
    let e = Env::new();
    e.registrar.sender(e.avs).set_refuse(true);
    let err = e.err(e.op, I::joinOperatorSetCall { avs: e.avs, setId: SET });
    assert_eq!(err, enc(MockRegistrarRefused { operator: e.op }));
    assert_eq!(e.ok(e.op, I::slashableUntilCall { operator: e.op, avs: e.avs, setId: SET })._0, 0);
    e.registrar.sender(e.avs).set_refuse(false);
    e.join(SET);
    e.registrar.sender(e.avs).set_refuse(true);
    let err = e.err(e.op, I::leaveOperatorSetCall { avs: e.avs, setId: SET });
    assert_eq!(err, enc(MockRegistrarRefused { operator: e.op }));
    assert_eq!(e.ok(e.op, I::slashableUntilCall { operator: e.op, avs: e.avs, setId: SET })._0, MEMBER);
}

#[motsu::test]
fn only_registered_operators_join_existing_sets() {
    let e = Env::new();
    let stranger = Address::random();
    let err = e.err(stranger, I::joinOperatorSetCall { avs: e.avs, setId: SET });
    assert_eq!(err, enc(SlashingNotOperator { operator: stranger }));
    let err = e.err(e.op, I::joinOperatorSetCall { avs: e.avs, setId: 42 });
    assert_eq!(err, enc(SlashingSetNotFound { avs: e.avs, set_id: 42 }));
}

// ---------------------------------------------------------------------------
// Allocations
// ---------------------------------------------------------------------------

#[motsu::test]
fn an_increase_encumbers_now_and_takes_effect_after_the_allocation_delay() {
    let e = Env::new();
    let v = e.vault.address();
    e.join(SET);
    e.allocate(SET, v, pct(60));
    let effect = T0 + u64::from(ALLOC_DELAY);
    e.m.assert_emitted(&AllocationUpdated { operator: e.op, avs: e.avs, vault: v, set_id: SET, magnitude: pct(60), effect_at: effect });
    e.m.assert_emitted(&EncumberedMagnitudeUpdated { operator: e.op, vault: v, encumbered: pct(60) });
    assert_eq!(e.allocation(SET, v), (0, pct(60), effect));
    assert_eq!(e.encumbered(v), pct(60));
    let stake = |at: u64| e.ok(e.op, I::slashableStakeCall { operator: e.op, avs: e.avs, setId: SET, vault: v, at })._0;
    assert_eq!(stake(0), U256::ZERO, "not slashable before the delay");
    assert_eq!(stake(effect), e18(60), "slashable from the effect time on");
    assert_eq!(e.err(e.op, I::modifyAllocationCall { avs: e.avs, setId: SET, vault: v, magnitude: 0 }), enc(SlashingModificationPending { effect_at: effect }));
    // Only 40% is left for other sets.
    let err = e.err(e.op, I::modifyAllocationCall { avs: e.avs, setId: VETO_SET, vault: v, magnitude: pct(41) });
    assert_eq!(err, enc(SlashingInsufficientMagnitude { available: pct(40), requested: pct(41) }));
    e.allocate(VETO_SET, v, pct(40));
    e.set_time(effect);
    assert_eq!(e.allocation(SET, v), (pct(60), pct(60), 0));
    assert_eq!(stake(0), e18(60));
}

#[motsu::test]
fn a_decrease_stays_slashable_for_the_deallocation_delay() {
    let e = Env::new();
    let v = e.vault.address();
    e.join_and_allocate(SET, pct(50));
    let now = e.now();
    e.allocate(SET, v, pct(20));
    let effect = now + DEALLOCATION_DELAY;
    assert_eq!(e.allocation(SET, v), (pct(50), pct(20), effect));
    assert_eq!(e.encumbered(v), pct(50), "still encumbered while slashable");
    let stake = |at: u64| e.ok(e.op, I::slashableStakeCall { operator: e.op, avs: e.avs, setId: SET, vault: v, at })._0;
    assert_eq!(stake(0), e18(50));
    assert_eq!(stake(effect - 1), e18(50));
    assert_eq!(stake(effect), e18(20));
    e.set_time(effect);
    assert_eq!(e.allocation(SET, v), (pct(20), pct(20), 0));
    // The freed magnitude is released when the allocation is next touched.
    e.allocate(SET, v, pct(20));
    assert_eq!(e.encumbered(v), pct(20));
    e.m.assert_emitted(&EncumberedMagnitudeUpdated { operator: e.op, vault: v, encumbered: pct(20) });
}

#[motsu::test]
fn a_decrease_is_immediate_where_the_operator_is_not_slashable() {
    let e = Env::new();
    let v = e.vault.address();
    // Allocated without joining: never slashable there.
    e.allocate(SET, v, pct(30));
    e.warp(u64::from(ALLOC_DELAY));
    e.allocate(SET, v, pct(10));
    assert_eq!(e.allocation(SET, v), (pct(10), pct(10), 0));
    assert_eq!(e.encumbered(v), pct(10));
    let stake = e.ok(e.op, I::slashableStakeCall { operator: e.op, avs: e.avs, setId: SET, vault: v, at: 0 })._0;
    assert_eq!(stake, U256::ZERO);
}

#[motsu::test]
fn allocation_errors() {
    let e = Env::new();
    let stranger = Address::random();
    let v = e.vault.address();
    let err = e.err(stranger, I::modifyAllocationCall { avs: e.avs, setId: SET, vault: v, magnitude: 1 });
    assert_eq!(err, enc(SlashingNotOperator { operator: stranger }));
    let err = e.err(e.op, I::modifyAllocationCall { avs: e.avs, setId: 77, vault: v, magnitude: 1 });
    assert_eq!(err, enc(SlashingSetNotFound { avs: e.avs, set_id: 77 }));
    let err = e.err(e.op, I::modifyAllocationCall { avs: e.avs, setId: SET, vault: stranger, magnitude: 1 });
    assert_eq!(err, enc(SlashingVaultNotInSet { vault: stranger }));
    let err = e.err(e.op, I::modifyAllocationCall { avs: e.avs, setId: SET, vault: v, magnitude: WAD + 1 });
    assert_eq!(err, enc(SlashingInsufficientMagnitude { available: WAD, requested: WAD + 1 }));
}
