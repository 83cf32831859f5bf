//! The slashing manager and the evidence verifier with the real vault, the
//! mock LST, a mock operator registry (real slashing math) and a mock
//! registrar, natively (motsu). Every call to the manager goes through its
//! hand-written ABI dispatcher with calldata encoded by alloy's `sol!`, so
//! the encodings of calls, returns, errors and events are checked too.
use alloy_primitives::{uint, Address, B256, U256};
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
use restake_vault::Vault;

const E18: U256 = uint!(1_000_000_000_000_000_000_U256);
const WAD: u64 = 1_000_000_000_000_000_000;
const DEALLOCATION_DELAY: u64 = 14 * 86_400;
/// The mock registry's withdrawal delay.
const WITHDRAWAL_DELAY: u64 = 14 * 86_400;
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
        e.m.sender(d)
            .constructor(e.reg.address(), DEALLOCATION_DELAY)
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
        let out = self
            .m
            .sender(from)
            .fallback(&call.abi_encode())
            .motsu_res()?;
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

// ---------------------------------------------------------------------------
// Construction, configuration, ABI plumbing
// ---------------------------------------------------------------------------

#[motsu::test]
fn constructor_wires_registry_and_delay() {
    let e = Env::bare();
    let c = e.ok(e.op, I::configCall {});
    assert_eq!(
        (c.registry, c.deallocationDelay, c.lastSlashId),
        (e.reg.address(), DEALLOCATION_DELAY, 0)
    );
}

#[motsu::test]
fn constructor_rejects_zero_registry() {
    let m = Contract::<SlashingManager>::new();
    let err = m
        .sender(Address::random())
        .constructor(Address::ZERO, 1)
        .motsu_unwrap_err();
    assert_eq!(Vec::<u8>::from(err), enc(SlashingZeroAddress {}));
}

#[motsu::test]
fn a_departure_window_past_the_end_of_time_is_a_math_error() {
    let e = Env::bare();
    let m = Contract::<SlashingManager>::new();
    m.sender(e.deployer)
        .constructor(e.reg.address(), u64::MAX)
        .motsu_unwrap();
    let call = |from: Address, data: Vec<u8>| m.sender(from).fallback(&data).motsu_res();
    call(
        e.deployer,
        I::setTestTimestampCall { timestamp: T0 }.abi_encode(),
    )
    .unwrap();
    call(
        e.avs,
        I::registerAvsCall {
            metadataUri: "".into(),
            registrar: Address::ZERO,
        }
        .abi_encode(),
    )
    .unwrap();
    let create = I::createOperatorSetCall {
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
    };
    call(e.avs, create.abi_encode()).unwrap();
    call(
        e.op,
        I::joinOperatorSetCall {
            avs: e.avs,
            setId: SET,
        }
        .abi_encode(),
    )
    .unwrap();
    let err = call(
        e.op,
        I::leaveOperatorSetCall {
            avs: e.avs,
            setId: SET,
        }
        .abi_encode(),
    )
    .unwrap_err();
    assert_eq!(
        err,
        enc(SlashingMathError {
            code: restake_interfaces::math_code::OVERFLOW
        })
    );
}

#[motsu::test]
fn unknown_selector_and_malformed_calldata_revert_with_invalid_calldata() {
    let e = Env::new();
    let out =
        e.m.sender(e.op)
            .fallback(&[0xde, 0xad, 0xbe, 0xef, 0])
            .motsu_res()
            .unwrap_err();
    assert_eq!(
        out,
        enc(SlashingInvalidCalldata {
            selector: [0xde, 0xad, 0xbe, 0xef].into()
        })
    );
    // Too short for its arguments.
    let mut data = I::joinOperatorSetCall {
        avs: e.avs,
        setId: SET,
    }
    .abi_encode();
    data.truncate(40);
    let out = e.m.sender(e.op).fallback(&data).motsu_res().unwrap_err();
    assert_eq!(
        out,
        enc(SlashingInvalidCalldata {
            selector: I::joinOperatorSetCall::SELECTOR.into()
        })
    );
    // Dirty high bits in an address word.
    let mut data = I::joinOperatorSetCall {
        avs: e.avs,
        setId: SET,
    }
    .abi_encode();
    data[4] = 1;
    let out = e.m.sender(e.op).fallback(&data).motsu_res().unwrap_err();
    assert_eq!(
        out,
        enc(SlashingInvalidCalldata {
            selector: I::joinOperatorSetCall::SELECTOR.into()
        })
    );
    // A uint32 out of range.
    let mut data = I::joinOperatorSetCall {
        avs: e.avs,
        setId: SET,
    }
    .abi_encode();
    data[4 + 32 + 27] = 1;
    let out = e.m.sender(e.op).fallback(&data).motsu_res().unwrap_err();
    assert_eq!(
        out,
        enc(SlashingInvalidCalldata {
            selector: I::joinOperatorSetCall::SELECTOR.into()
        })
    );
    // An address[] longer than a set may hold.
    let long = vec![e.vault.address(); MAX_SET_VAULTS + 1];
    let out = e
        .call(
            e.slasher,
            I::slashCall {
                operator: e.op,
                avs: e.avs,
                setId: SET,
                vaults: long,
                wadFraction: 1,
                description: "".into(),
            },
        )
        .unwrap_err();
    assert_eq!(
        out,
        enc(SlashingInvalidCalldata {
            selector: I::slashCall::SELECTOR.into()
        })
    );
    // Nothing was joined by the malformed calls.
    assert_eq!(
        e.ok(
            e.op,
            I::slashableUntilCall {
                operator: e.op,
                avs: e.avs,
                setId: SET
            }
        )
        ._0,
        0
    );
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
        function withdrawalDelay() external view returns (uint64);
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
    assert_eq!(WITHDRAWAL_DELAY_SELECTOR, withdrawalDelayCall::SELECTOR);
    assert_eq!(
        restake_slashing_evidence::SLASH_BY_EVIDENCE,
        I::slashByEvidenceCall::SELECTOR
    );
}

// ---------------------------------------------------------------------------
// AVSs
// ---------------------------------------------------------------------------

#[motsu::test]
fn register_avs_emits_and_records_the_registrar() {
    let e = Env::bare();
    e.m.assert_emitted(&AvsRegistered {
        avs: e.avs,
        registrar: e.registrar.address(),
    });
    e.m.assert_emitted(&AvsMetadataUpdated {
        avs: e.avs,
        metadata_uri: "ipfs://avs".into(),
    });
    let info = e.ok(e.op, I::avsInfoCall { avs: e.avs });
    assert_eq!(
        (info.registered, info.registrar),
        (true, e.registrar.address())
    );
    let info = e.ok(e.op, I::avsInfoCall { avs: e.op });
    assert_eq!((info.registered, info.registrar), (false, Address::ZERO));
}

#[motsu::test]
fn register_avs_twice_reverts() {
    let e = Env::bare();
    let err = e.err(
        e.avs,
        I::registerAvsCall {
            metadataUri: "x".into(),
            registrar: Address::ZERO,
        },
    );
    assert_eq!(err, enc(SlashingAvsAlreadyRegistered { avs: e.avs }));
}

#[motsu::test]
fn update_avs_metadata_emits_a_long_uri_and_rejects_strangers() {
    let e = Env::bare();
    let uri = "https://example.invalid/".to_string() + &"a".repeat(70);
    e.ok(
        e.avs,
        I::updateAvsMetadataCall {
            metadataUri: uri.clone(),
        },
    );
    e.m.assert_emitted(&AvsMetadataUpdated {
        avs: e.avs,
        metadata_uri: uri,
    });
    let err = e.err(
        e.op,
        I::updateAvsMetadataCall {
            metadataUri: "x".into(),
        },
    );
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
    e.m.assert_emitted(&VaultAddedToSet {
        avs: e.avs,
        set_id: SET,
        vault: e.vault.address(),
    });
    let s = e.ok(
        e.op,
        I::operatorSetCall {
            avs: e.avs,
            setId: VETO_SET,
        },
    );
    assert_eq!(
        (
            s.slasher,
            s.recipient,
            s.resolver,
            s.vetoWindow,
            s.capWad,
            s.capPeriod,
            s.equivocationPenalty
        ),
        (
            e.slasher,
            Address::ZERO,
            e.resolver,
            VETO_WINDOW,
            WAD,
            DAY,
            0
        )
    );
    assert_eq!(s.evidenceVerifier, e.ev.address());
    assert_eq!(e.cap_used(VETO_SET), 0);
    let mut vaults = s.vaults.clone();
    vaults.sort();
    assert_eq!(vaults, e.vaults());
    // An unknown set reads as zeros.
    let s = e.ok(
        e.op,
        I::operatorSetCall {
            avs: e.avs,
            setId: 99,
        },
    );
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
    let err = e.err(
        e.avs,
        I::createOperatorSetCall {
            setId: SET,
            ..base.clone()
        },
    );
    assert_eq!(
        err,
        enc(SlashingSetExists {
            avs: e.avs,
            set_id: SET
        })
    );
    let err = e.err(
        e.avs,
        I::createOperatorSetCall {
            capWad: 0,
            ..base.clone()
        },
    );
    assert_eq!(err, enc(SlashingInvalidFraction { fraction: 0 }));
    let err = e.err(
        e.avs,
        I::createOperatorSetCall {
            capWad: WAD + 1,
            ..base.clone()
        },
    );
    assert_eq!(err, enc(SlashingInvalidFraction { fraction: WAD + 1 }));
    let err = e.err(
        e.avs,
        I::createOperatorSetCall {
            equivocationPenalty: WAD + 1,
            ..base.clone()
        },
    );
    assert_eq!(err, enc(SlashingInvalidFraction { fraction: WAD + 1 }));
    let err = e.err(
        e.avs,
        I::createOperatorSetCall {
            capPeriod: 0,
            ..base.clone()
        },
    );
    assert_eq!(err, enc(SlashingInvalidCapPeriod { period: 0 }));
    for (resolver, window) in [
        (e.resolver, 0),
        (e.resolver, DEALLOCATION_DELAY),
        // The window plus the time to execute must fit in the delay (L-1).
        (e.resolver, DEALLOCATION_DELAY - EXECUTION_PERIOD + 1),
        (Address::ZERO, 5),
    ] {
        let err = e.err(
            e.avs,
            I::createOperatorSetCall {
                resolver,
                vetoWindow: window,
                ..base.clone()
            },
        );
        assert_eq!(
            err,
            enc(SlashingInvalidVetoWindow {
                resolver,
                veto_window: window,
                deallocation_delay: DEALLOCATION_DELAY
            })
        );
    }
    let stranger = Address::random();
    let err = e.err(
        e.avs,
        I::createOperatorSetCall {
            vaults: vec![stranger],
            ..base.clone()
        },
    );
    assert_eq!(err, enc(SlashingNotVault { vault: stranger }));
    let v = e.vault.address();
    let err = e.err(
        e.avs,
        I::createOperatorSetCall {
            vaults: vec![v, v],
            ..base.clone()
        },
    );
    assert_eq!(err, enc(SlashingVaultAlreadyInSet { vault: v }));
    // Nothing of the failed creations remains.
    assert_eq!(
        e.ok(
            e.op,
            I::operatorSetCall {
                avs: e.avs,
                setId: 7
            }
        )
        .capWad,
        0
    );
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
    e.ok(
        e.avs,
        I::addVaultCall {
            setId: SET,
            vault: v1,
        },
    );
    e.ok(
        e.avs,
        I::addVaultCall {
            setId: SET,
            vault: v2,
        },
    );
    e.m.assert_emitted(&VaultAddedToSet {
        avs: e.avs,
        set_id: SET,
        vault: v2,
    });
    assert_eq!(
        e.err(
            e.avs,
            I::addVaultCall {
                setId: SET,
                vault: v1
            }
        ),
        enc(SlashingVaultAlreadyInSet { vault: v1 })
    );
    assert_eq!(
        e.err(
            e.avs,
            I::addVaultCall {
                setId: 5,
                vault: v1
            }
        ),
        enc(SlashingSetNotFound {
            avs: e.avs,
            set_id: 5
        })
    );
    e.ok(
        e.avs,
        I::removeVaultCall {
            setId: SET,
            vault: v1,
        },
    );
    e.m.assert_emitted(&VaultRemovedFromSet {
        avs: e.avs,
        set_id: SET,
        vault: v1,
    });
    assert_eq!(
        e.ok(
            e.op,
            I::operatorSetCall {
                avs: e.avs,
                setId: SET
            }
        )
        .vaults,
        vec![v2]
    );
    assert_eq!(
        e.err(
            e.avs,
            I::removeVaultCall {
                setId: SET,
                vault: v1
            }
        ),
        enc(SlashingVaultNotInSet { vault: v1 })
    );
    assert_eq!(
        e.err(
            e.op,
            I::removeVaultCall {
                setId: SET,
                vault: v2
            }
        ),
        enc(SlashingSetNotFound {
            avs: e.op,
            set_id: SET
        })
    );
    // Re-adding works, and the list stays a set.
    e.ok(
        e.avs,
        I::addVaultCall {
            setId: SET,
            vault: v1,
        },
    );
    let mut vaults = e
        .ok(
            e.op,
            I::operatorSetCall {
                avs: e.avs,
                setId: SET,
            },
        )
        .vaults;
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
        e.ok(
            e.avs,
            I::addVaultCall {
                setId: set,
                vault: v,
            },
        );
    }
    let v = Address::random();
    e.reg.sender(e.deployer).add_vault(v);
    let err = e.err(
        e.avs,
        I::addVaultCall {
            setId: set,
            vault: v,
        },
    );
    assert_eq!(
        err,
        enc(SlashingTooManyVaults {
            max: U256::from(MAX_SET_VAULTS)
        })
    );
}

// ---------------------------------------------------------------------------
// Membership
// ---------------------------------------------------------------------------

#[motsu::test]
fn join_and_leave_call_the_registrar_and_keep_the_operator_slashable() {
    let e = Env::new();
    e.join(SET);
    e.m.assert_emitted(&OperatorJoinedSet {
        operator: e.op,
        avs: e.avs,
        set_id: SET,
    });
    e.registrar.assert_emitted(&RegistrarCalled {
        operator: e.op,
        avs: e.avs,
        set_id: SET,
        joined: true,
    });
    assert_eq!(
        e.ok(
            e.op,
            I::slashableUntilCall {
                operator: e.op,
                avs: e.avs,
                setId: SET
            }
        )
        ._0,
        MEMBER
    );
    assert_eq!(
        e.err(
            e.op,
            I::joinOperatorSetCall {
                avs: e.avs,
                setId: SET
            }
        ),
        enc(SlashingAlreadyMember { operator: e.op })
    );

    e.ok(
        e.op,
        I::leaveOperatorSetCall {
            avs: e.avs,
            setId: SET,
        },
    );
    let until = T0 + DEALLOCATION_DELAY;
    e.m.assert_emitted(&OperatorLeftSet {
        operator: e.op,
        avs: e.avs,
        set_id: SET,
        slashable_until: until,
    });
    e.registrar.assert_emitted(&RegistrarCalled {
        operator: e.op,
        avs: e.avs,
        set_id: SET,
        joined: false,
    });
    assert_eq!(
        e.ok(
            e.op,
            I::slashableUntilCall {
                operator: e.op,
                avs: e.avs,
                setId: SET
            }
        )
        ._0,
        until
    );
    assert_eq!(
        e.err(
            e.op,
            I::leaveOperatorSetCall {
                avs: e.avs,
                setId: SET
            }
        ),
        enc(SlashingNotMember { operator: e.op })
    );
    // Rejoining makes it a member again.
    e.join(SET);
    assert_eq!(
        e.ok(
            e.op,
            I::slashableUntilCall {
                operator: e.op,
                avs: e.avs,
                setId: SET
            }
        )
        ._0,
        MEMBER
    );
}

#[motsu::test]
fn the_registrar_can_refuse_joining() {
    let e = Env::new();
    e.registrar.sender(e.avs).set_refuse(true);
    let err = e.err(
        e.op,
        I::joinOperatorSetCall {
            avs: e.avs,
            setId: SET,
        },
    );
    assert_eq!(err, enc(MockRegistrarRefused { operator: e.op }));
    assert_eq!(
        e.ok(
            e.op,
            I::slashableUntilCall {
                operator: e.op,
                avs: e.avs,
                setId: SET
            }
        )
        ._0,
        0
    );
    e.registrar.sender(e.avs).set_refuse(false);
    e.join(SET);
}

#[motsu::test]
fn only_registered_operators_join_existing_sets() {
    let e = Env::new();
    let stranger = Address::random();
    let err = e.err(
        stranger,
        I::joinOperatorSetCall {
            avs: e.avs,
            setId: SET,
        },
    );
    assert_eq!(err, enc(SlashingNotOperator { operator: stranger }));
    let err = e.err(
        e.op,
        I::joinOperatorSetCall {
            avs: e.avs,
            setId: 42,
        },
    );
    assert_eq!(
        err,
        enc(SlashingSetNotFound {
            avs: e.avs,
            set_id: 42
        })
    );
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
    e.m.assert_emitted(&AllocationUpdated {
        operator: e.op,
        avs: e.avs,
        vault: v,
        set_id: SET,
        magnitude: pct(60),
        effect_at: effect,
    });
    e.m.assert_emitted(&EncumberedMagnitudeUpdated {
        operator: e.op,
        vault: v,
        encumbered: pct(60),
    });
    assert_eq!(e.allocation(SET, v), (0, pct(60), effect));
    assert_eq!(e.encumbered(v), pct(60));
    let stake = |at: u64| {
        e.ok(
            e.op,
            I::slashableStakeCall {
                operator: e.op,
                avs: e.avs,
                setId: SET,
                vault: v,
                at,
            },
        )
        ._0
    };
    assert_eq!(stake(0), U256::ZERO, "not slashable before the delay");
    assert_eq!(stake(effect), e18(60), "slashable from the effect time on");
    assert_eq!(
        e.err(
            e.op,
            I::modifyAllocationCall {
                avs: e.avs,
                setId: SET,
                vault: v,
                magnitude: 0
            }
        ),
        enc(SlashingModificationPending { effect_at: effect })
    );
    // Only 40% is left for other sets.
    let err = e.err(
        e.op,
        I::modifyAllocationCall {
            avs: e.avs,
            setId: VETO_SET,
            vault: v,
            magnitude: pct(41),
        },
    );
    assert_eq!(
        err,
        enc(SlashingInsufficientMagnitude {
            available: pct(40),
            requested: pct(41)
        })
    );
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
    let stake = |at: u64| {
        e.ok(
            e.op,
            I::slashableStakeCall {
                operator: e.op,
                avs: e.avs,
                setId: SET,
                vault: v,
                at,
            },
        )
        ._0
    };
    assert_eq!(stake(0), e18(50));
    assert_eq!(stake(effect - 1), e18(50));
    assert_eq!(stake(effect), e18(20));
    e.set_time(effect);
    assert_eq!(e.allocation(SET, v), (pct(20), pct(20), 0));
    // The freed magnitude is released when the allocation is next touched.
    e.allocate(SET, v, pct(20));
    assert_eq!(e.encumbered(v), pct(20));
    e.m.assert_emitted(&EncumberedMagnitudeUpdated {
        operator: e.op,
        vault: v,
        encumbered: pct(20),
    });
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
    let stake = e
        .ok(
            e.op,
            I::slashableStakeCall {
                operator: e.op,
                avs: e.avs,
                setId: SET,
                vault: v,
                at: 0,
            },
        )
        ._0;
    assert_eq!(stake, U256::ZERO);
}

#[motsu::test]
fn allocation_errors() {
    let e = Env::new();
    let stranger = Address::random();
    let v = e.vault.address();
    let err = e.err(
        stranger,
        I::modifyAllocationCall {
            avs: e.avs,
            setId: SET,
            vault: v,
            magnitude: 1,
        },
    );
    assert_eq!(err, enc(SlashingNotOperator { operator: stranger }));
    let err = e.err(
        e.op,
        I::modifyAllocationCall {
            avs: e.avs,
            setId: 77,
            vault: v,
            magnitude: 1,
        },
    );
    assert_eq!(
        err,
        enc(SlashingSetNotFound {
            avs: e.avs,
            set_id: 77
        })
    );
    let err = e.err(
        e.op,
        I::modifyAllocationCall {
            avs: e.avs,
            setId: SET,
            vault: stranger,
            magnitude: 1,
        },
    );
    assert_eq!(err, enc(SlashingVaultNotInSet { vault: stranger }));
    let err = e.err(
        e.op,
        I::modifyAllocationCall {
            avs: e.avs,
            setId: SET,
            vault: v,
            magnitude: WAD + 1,
        },
    );
    assert_eq!(
        err,
        enc(SlashingInsufficientMagnitude {
            available: WAD,
            requested: WAD + 1
        })
    );
}

// ---------------------------------------------------------------------------
// Instant slashing
// ---------------------------------------------------------------------------

/// AVS registers, creates a set, admits an operator that allocates half of
/// both vaults; the slasher takes 10%: the stakers' withdrawable shares, the
/// operator's stake, the vault's shares and the burned tokens are exact.
#[motsu::test]
fn instant_slash_end_to_end_with_exact_withdrawable_amounts() {
    let e = Env::new();
    e.join_and_allocate(SET, pct(50));
    let v = e.vault.address();
    let stake = e
        .ok(
            e.op,
            I::slashableStakeCall {
                operator: e.op,
                avs: e.avs,
                setId: SET,
                vault: v,
                at: 0,
            },
        )
        ._0;
    assert_eq!(stake, e18(50));

    let id = e.slash(SET, e.vaults(), pct(10)).unwrap();
    assert_eq!(id, U256::from(1));
    // ⌈0.5 · 0.1⌉ = 0.05 of the magnitude leaves each vault.
    for (vault, lst) in [(&e.vault, &e.lst), (&e.vault2, &e.lst2)] {
        let va = vault.address();
        e.m.assert_emitted(&AllocationSlashed {
            slash_id: id,
            operator: e.op,
            vault: va,
            magnitude: pct(5),
            allocation: pct(45),
            shares: e18(5),
            assets: e18(5),
        });
        e.reg.assert_emitted(&MockOperatorSlashed {
            operator: e.op,
            vault: va,
            magnitude: pct(5),
            shares: e18(5),
        });
        vault.assert_emitted(&SlashedSharesBurned {
            recipient: BURN_ADDRESS,
            shares: e18(5),
            assets: e18(5),
        });
        assert_eq!(e.max_magnitude(va), pct(95));
        assert_eq!(
            e.withdrawable(va),
            e18(95),
            "the staker keeps exactly 95 of 100"
        );
        assert_eq!(e.stake(va), e18(95));
        assert_eq!(vault.sender(e.staker).total_shares(), e18(95));
        assert_eq!(lst.sender(e.staker).balance_of(BURN_ADDRESS), e18(5));
        assert_eq!(e.allocation(SET, va), (pct(45), pct(45), 0));
        assert_eq!(e.encumbered(va), pct(45));
    }
    e.m.assert_emitted(&OperatorSlashed {
        slash_id: id,
        operator: e.op,
        avs: e.avs,
        set_id: SET,
        requested_wad: pct(10),
        applied_wad: pct(10),
        description: "double vote".into(),
    });
    assert_eq!(e.ok(e.op, I::configCall {}).lastSlashId, 1);
    assert_eq!(e.cap_used(SET), pct(10));
}

#[motsu::test]
fn redistributing_sets_send_slashed_assets_to_their_recipient() {
    let e = Env::new();
    e.ok(
        e.avs,
        I::createOperatorSetCall {
            setId: 5,
            vaults: vec![e.vault.address()],
            slasher: e.slasher,
            recipient: e.recipient,
            resolver: Address::ZERO,
            vetoWindow: 0,
            capWad: WAD,
            capPeriod: DAY,
            equivocationPenalty: 0,
            evidenceVerifier: Address::ZERO,
        },
    );
    e.join(5);
    e.allocate(5, e.vault.address(), WAD);
    e.warp(u64::from(ALLOC_DELAY));
    e.slash(5, vec![e.vault.address()], pct(25)).unwrap();
    assert_eq!(e.lst.sender(e.staker).balance_of(e.recipient), e18(25));
    assert_eq!(e.withdrawable(e.vault.address()), e18(75));
    e.vault.assert_emitted(&SlashedSharesBurned {
        recipient: e.recipient,
        shares: e18(25),
        assets: e18(25),
    });
}

#[motsu::test]
fn a_slash_never_touches_stake_allocated_to_another_set() {
    let e = Env::new();
    let v = e.vault.address();
    e.join(SET);
    e.join(VETO_SET);
    e.allocate(SET, v, pct(30));
    e.allocate(VETO_SET, v, pct(70));
    e.warp(u64::from(ALLOC_DELAY));
    e.slash(SET, vec![v], WAD).unwrap();
    assert_eq!(e.allocation(SET, v), (0, 0, 0));
    assert_eq!(
        e.allocation(VETO_SET, v),
        (pct(70), pct(70), 0),
        "the other set's stake is untouched"
    );
    assert_eq!(e.max_magnitude(v), pct(70));
    assert_eq!(e.withdrawable(v), e18(70));
    // The second vault, not named in the slash, is untouched too.
    assert_eq!(e.withdrawable(e.vault2.address()), e18(100));
}

#[motsu::test]
fn unauthorized_slashers_cannot_slash() {
    let e = Env::new();
    e.join_and_allocate(SET, pct(50));
    for who in [e.op, e.avs, e.resolver, Address::random()] {
        let err = e
            .call(
                who,
                I::slashCall {
                    operator: e.op,
                    avs: e.avs,
                    setId: SET,
                    vaults: e.vaults(),
                    wadFraction: 1,
                    description: "".into(),
                },
            )
            .unwrap_err();
        assert_eq!(err, enc(SlashingUnauthorized { caller: who }));
    }
    assert_eq!(e.withdrawable(e.vault.address()), e18(100));
}

#[motsu::test]
fn slash_argument_errors() {
    let e = Env::new();
    e.join_and_allocate(SET, pct(50));
    let (a, b) = (e.vaults()[0], e.vaults()[1]);
    assert_eq!(
        e.slash(SET, e.vaults(), 0).unwrap_err(),
        enc(SlashingInvalidFraction { fraction: 0 })
    );
    assert_eq!(
        e.slash(SET, e.vaults(), WAD + 1).unwrap_err(),
        enc(SlashingInvalidFraction { fraction: WAD + 1 })
    );
    assert_eq!(
        e.slash(SET, vec![], 1).unwrap_err(),
        enc(SlashingVaultsUnsorted {
            vault: Address::ZERO
        })
    );
    assert_eq!(
        e.slash(SET, vec![b, a], 1).unwrap_err(),
        enc(SlashingVaultsUnsorted { vault: a })
    );
    assert_eq!(
        e.slash(SET, vec![a, a], 1).unwrap_err(),
        enc(SlashingVaultsUnsorted { vault: a })
    );
    let stranger = Address::random();
    assert_eq!(
        e.slash(SET, vec![stranger], 1).unwrap_err(),
        enc(SlashingVaultNotInSet { vault: stranger })
    );
    assert_eq!(
        e.slash(VETO_SET, e.vaults(), 1).unwrap_err(),
        enc(SlashingWrongMode { vetoable: true })
    );
    assert_eq!(
        e.slash(33, e.vaults(), 1).unwrap_err(),
        enc(SlashingSetNotFound {
            avs: e.avs,
            set_id: 33
        })
    );
    assert_eq!(e.withdrawable(a), e18(100));
}

#[motsu::test]
fn operators_that_never_joined_or_left_long_ago_are_not_slashable() {
    let e = Env::new();
    // Allocated without joining.
    e.allocate(SET, e.vault.address(), pct(50));
    e.warp(u64::from(ALLOC_DELAY));
    assert_eq!(
        e.slash(SET, vec![e.vault.address()], pct(10)).unwrap_err(),
        enc(SlashingNotSlashable { operator: e.op })
    );
    // Joined, left: slashable for the deallocation delay, then not.
    e.join(SET);
    e.ok(
        e.op,
        I::leaveOperatorSetCall {
            avs: e.avs,
            setId: SET,
        },
    );
    e.warp(DEALLOCATION_DELAY - 1);
    e.slash(SET, vec![e.vault.address()], pct(10)).unwrap();
    e.warp(1);
    assert_eq!(
        e.slash(SET, vec![e.vault.address()], pct(10)).unwrap_err(),
        enc(SlashingNotSlashable { operator: e.op })
    );
}

#[motsu::test]
fn a_registry_that_refuses_the_slash_reverts_it() {
    let e = Env::new();
    e.join_and_allocate(SET, pct(50));
    // Rewire the mock so the manager is no longer allowed: its error passes through.
    e.reg.sender(e.deployer).set_manager(Address::random());
    let err = e.slash(SET, e.vaults(), pct(10)).unwrap_err();
    assert_eq!(
        err,
        enc(restake_slashing_tests::MockNotManager {
            caller: e.m.address()
        })
    );
    assert_eq!(
        e.allocation(SET, e.vault.address()),
        (pct(50), pct(50), 0),
        "nothing changed"
    );
}

// ---------------------------------------------------------------------------
// Named attacks and edge cases
// ---------------------------------------------------------------------------

#[motsu::test]
fn deallocating_just_before_a_slash_does_not_escape_it() {
    let e = Env::new();
    let v = e.vault.address();
    e.join_and_allocate(SET, pct(50));
    // The operator sees the slash coming and deallocates everything.
    e.allocate(SET, v, 0);
    let effect = e.now() + DEALLOCATION_DELAY;
    e.ok(
        e.op,
        I::leaveOperatorSetCall {
            avs: e.avs,
            setId: SET,
        },
    );
    e.warp(DAY);
    e.slash(SET, vec![v], pct(50)).unwrap();
    // Slashed on the full 50%: 25% of the magnitude, 25 of 100 shares.
    assert_eq!(e.withdrawable(v), e18(75));
    // The pending decrease shrank in proportion and still frees everything.
    assert_eq!(e.allocation(SET, v), (pct(25), 0, effect));
    e.set_time(effect);
    e.allocate(SET, v, 0);
    assert_eq!(e.encumbered(v), 0);
    assert_eq!(e.max_magnitude(v), pct(75));
}

#[motsu::test]
fn a_full_slash_then_allocation_changes() {
    let e = Env::new();
    let v = e.vault.address();
    e.join(SET);
    e.allocate(SET, v, WAD);
    e.warp(u64::from(ALLOC_DELAY));
    e.slash(SET, vec![v], WAD).unwrap();
    assert_eq!(e.max_magnitude(v), 0);
    assert_eq!(e.withdrawable(v), U256::ZERO);
    assert_eq!(e.stake(v), U256::ZERO);
    assert_eq!(e.allocation(SET, v), (0, 0, 0));
    assert_eq!(e.encumbered(v), 0);
    // Nothing left to allocate anywhere, and decreasing zero is a no-op.
    let err = e.err(
        e.op,
        I::modifyAllocationCall {
            avs: e.avs,
            setId: VETO_SET,
            vault: v,
            magnitude: 1,
        },
    );
    assert_eq!(
        err,
        enc(SlashingInsufficientMagnitude {
            available: 0,
            requested: 1
        })
    );
    e.allocate(SET, v, 0);
    // The 100% used the day's cap; the next day a slash of the empty
    // allocation takes nothing, so it reverts and charges nothing (H-2).
    assert_eq!(
        e.slash(SET, vec![v], pct(1)).unwrap_err(),
        enc(SlashingCapExceeded {
            cap: WAD,
            used: WAD,
            requested: pct(1)
        })
    );
    e.warp(DAY);
    assert_eq!(
        e.slash(SET, vec![v], pct(1)).unwrap_err(),
        enc(SlashingNothingToSlash {
            operator: e.op,
            avs: e.avs,
            set_id: SET
        })
    );
    assert_eq!(e.cap_used(SET), 0);
    assert_eq!(e.ok(e.op, I::configCall {}).lastSlashId, 1);
    // The other vault still works.
    e.allocate(SET, e.vault2.address(), pct(10));
}

#[motsu::test]
fn tiny_slashes_round_toward_the_protocol() {
    let e = Env::new();
    let v = e.vault.address();
    e.join(SET);
    e.allocate(SET, v, 3);
    e.warp(u64::from(ALLOC_DELAY));
    // 1 wei of WAD of a 3-unit allocation: ⌈3e-18⌉ = 1 unit, never zero.
    e.slash(SET, vec![v], 1).unwrap();
    assert_eq!(e.allocation(SET, v), (2, 2, 0));
    assert_eq!(e.max_magnitude(v), WAD - 1);
    // The registry rounds the operator's remaining stake up, so the burn
    // rounds down: 100e18 · (1 - 1e-18) leaves 100 shares slashed exactly.
    assert_eq!(e.stake(v), e18(100) - U256::from(100));
    assert_eq!(e.withdrawable(v), e18(100) - U256::from(100));
}

// ---------------------------------------------------------------------------
// The cap per period
// ---------------------------------------------------------------------------

#[motsu::test]
fn the_cap_clamps_within_a_period_and_resets_in_the_next() {
    let e = Env::new();
    let v = e.vault.address();
    e.create_set(8, Address::ZERO, 0, pct(30), 0);
    e.join(8);
    e.allocate(8, v, WAD);
    e.warp(u64::from(ALLOC_DELAY));
    // Align to the start of a period.
    let start = (e.now() / DAY + 1) * DAY;
    e.set_time(start);
    let id = e.slash(8, vec![v], pct(20)).unwrap();
    e.m.assert_emitted(&OperatorSlashed {
        slash_id: id,
        operator: e.op,
        avs: e.avs,
        set_id: 8,
        requested_wad: pct(20),
        applied_wad: pct(20),
        description: "double vote".into(),
    });
    // 20% more requested, 10% left: clamped.
    let id = e.slash(8, vec![v], pct(20)).unwrap();
    e.m.assert_emitted(&OperatorSlashed {
        slash_id: id,
        operator: e.op,
        avs: e.avs,
        set_id: 8,
        requested_wad: pct(20),
        applied_wad: pct(10),
        description: "double vote".into(),
    });
    assert_eq!(e.cap_used(8), pct(30));
    // Full: reverts until the period ends.
    e.set_time(start + DAY - 1);
    assert_eq!(
        e.slash(8, vec![v], 1).unwrap_err(),
        enc(SlashingCapExceeded {
            cap: pct(30),
            used: pct(30),
            requested: 1
        })
    );
    e.set_time(start + DAY);
    assert_eq!(e.cap_used(8), 0);
    e.slash(8, vec![v], pct(30)).unwrap();
    assert_eq!(
        e.slash(8, vec![v], 1).unwrap_err(),
        enc(SlashingCapExceeded {
            cap: pct(30),
            used: pct(30),
            requested: 1
        })
    );
    // Exactly: 1 · 0.8 · 0.9 · 0.7 of the allocation remains.
    assert_eq!(e.allocation(8, v).0, WAD / 1000 * 504);
}

// ---------------------------------------------------------------------------
// Vetoable slashing
// ---------------------------------------------------------------------------

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

#[motsu::test]
fn vetoable_slash_request_then_execute_after_the_window() {
    let e = Env::new();
    e.join_and_allocate(VETO_SET, pct(50));
    let requested_at = e.now();
    let id = e.request(pct(20));
    let executable_at = requested_at + VETO_WINDOW;
    e.m.assert_emitted(&SlashRequested {
        slash_id: id,
        operator: e.op,
        avs: e.avs,
        set_id: VETO_SET,
        wad_fraction: pct(20),
        executable_at,
        description: "missed attestation".into(),
    });
    let r = e.ok(e.op, I::slashRequestCall { slashId: id });
    assert_eq!(
        (
            r.operator,
            r.avs,
            r.setId,
            r.wadFraction,
            r.executableAt,
            r.status
        ),
        (e.op, e.avs, VETO_SET, pct(20), executable_at, 1)
    );
    assert_eq!(r.vaults, e.vaults());
    // Nothing happens before the window ends.
    e.set_time(executable_at - 1);
    assert_eq!(
        e.err(Address::random(), I::executeSlashCall { slashId: id }),
        enc(SlashingVetoWindowOpen { executable_at })
    );
    assert_eq!(e.withdrawable(e.vault.address()), e18(100));
    // Anyone executes after it.
    e.set_time(executable_at);
    e.ok(Address::random(), I::executeSlashCall { slashId: id });
    for v in e.vaults() {
        assert_eq!(
            e.withdrawable(v),
            e18(90),
            "20% of a 50% allocation: 10 of 100"
        );
        assert_eq!(e.allocation(VETO_SET, v).0, pct(40));
        e.m.assert_emitted(&AllocationSlashed {
            slash_id: id,
            operator: e.op,
            vault: v,
            magnitude: pct(10),
            allocation: pct(40),
            shares: e18(10),
            assets: e18(10),
        });
    }
    e.m.assert_emitted(&OperatorSlashed {
        slash_id: id,
        operator: e.op,
        avs: e.avs,
        set_id: VETO_SET,
        requested_wad: pct(20),
        applied_wad: pct(20),
        description: "".into(),
    });
    assert_eq!(e.request_status(id), 3);
    assert_eq!(
        e.err(e.op, I::executeSlashCall { slashId: id }),
        enc(SlashingRequestNotPending {
            slash_id: id,
            status: 3
        })
    );
}

#[motsu::test]
fn the_resolver_vetoes_within_the_window_only() {
    let e = Env::new();
    e.join_and_allocate(VETO_SET, pct(50));
    let id = e.request(pct(20));
    let executable_at = e.now() + VETO_WINDOW;
    // Unauthorized resolvers.
    for who in [e.slasher, e.avs, e.op, Address::random()] {
        assert_eq!(
            e.err(who, I::vetoSlashCall { slashId: id }),
            enc(SlashingUnauthorized { caller: who })
        );
    }
    e.set_time(executable_at - 1);
    e.ok(e.resolver, I::vetoSlashCall { slashId: id });
    e.m.assert_emitted(&SlashVetoed {
        slash_id: id,
        resolver: e.resolver,
    });
    assert_eq!(e.request_status(id), 2);
    e.set_time(executable_at);
    assert_eq!(
        e.err(e.op, I::executeSlashCall { slashId: id }),
        enc(SlashingRequestNotPending {
            slash_id: id,
            status: 2
        })
    );
    assert_eq!(
        e.err(e.resolver, I::vetoSlashCall { slashId: id }),
        enc(SlashingRequestNotPending {
            slash_id: id,
            status: 2
        })
    );
    assert_eq!(e.withdrawable(e.vault.address()), e18(100));
    // A second request: the window closes for the resolver.
    let id2 = e.request(pct(20));
    let executable_at = e.now() + VETO_WINDOW;
    e.set_time(executable_at);
    assert_eq!(
        e.err(e.resolver, I::vetoSlashCall { slashId: id2 }),
        enc(SlashingVetoWindowClosed { executable_at })
    );
    // Unknown requests.
    let unknown = U256::from(999);
    assert_eq!(
        e.err(e.op, I::executeSlashCall { slashId: unknown }),
        enc(SlashingRequestNotPending {
            slash_id: unknown,
            status: 0
        })
    );
}

#[motsu::test]
fn request_slash_errors() {
    let e = Env::new();
    e.join_and_allocate(VETO_SET, pct(50));
    let call = |who: Address, set_id: u32, wad: u64| {
        e.call(
            who,
            I::requestSlashCall {
                operator: e.op,
                avs: e.avs,
                setId: set_id,
                vaults: e.vaults(),
                wadFraction: wad,
                description: "".into(),
            },
        )
    };
    assert_eq!(
        call(e.op, VETO_SET, 1).unwrap_err(),
        enc(SlashingUnauthorized { caller: e.op })
    );
    assert_eq!(
        call(e.slasher, SET, 1).unwrap_err(),
        enc(SlashingWrongMode { vetoable: false })
    );
    assert_eq!(
        call(e.slasher, VETO_SET, 0).unwrap_err(),
        enc(SlashingInvalidFraction { fraction: 0 })
    );
    // An operator that is not in the set.
    let err = e
        .call(
            e.slasher,
            I::requestSlashCall {
                operator: e.avs,
                avs: e.avs,
                setId: VETO_SET,
                vaults: e.vaults(),
                wadFraction: 1,
                description: "".into(),
            },
        )
        .unwrap_err();
    assert_eq!(err, enc(SlashingNotSlashable { operator: e.avs }));
    assert_eq!(
        e.ok(e.op, I::configCall {}).lastSlashId,
        0,
        "no id was used"
    );
}

/// Two requests executed in either order leave the same state, and neither
/// blocks the other: each is a fraction of the allocation at execution.
#[motsu::test]
fn executing_requests_in_any_order_gives_the_same_result() {
    let run = |first_a: bool| {
        let e = Env::new();
        e.join_and_allocate(VETO_SET, pct(50));
        let a = e.request(pct(30));
        let b = e.request(pct(60));
        e.warp(VETO_WINDOW);
        let (x, y) = if first_a { (a, b) } else { (b, a) };
        e.ok(e.op, I::executeSlashCall { slashId: x });
        e.ok(e.op, I::executeSlashCall { slashId: y });
        let v = e.vault.address();
        (
            e.allocation(VETO_SET, v).0,
            e.max_magnitude(v),
            e.withdrawable(v),
            e.stake(v),
        )
    };
    let ab = run(true);
    let ba = run(false);
    assert_eq!(ab, ba);
    // 0.5 · 0.7 · 0.4 = 0.14 remains allocated; 0.36 of the magnitude left.
    assert_eq!(ab.0, pct(14));
    assert_eq!(ab.1, pct(64));
    assert_eq!(ab.2, e18(64));
}

#[motsu::test]
fn leaving_during_the_veto_window_does_not_escape_the_slash() {
    let e = Env::new();
    e.join_and_allocate(VETO_SET, pct(50));
    let v = e.vault.address();
    let id = e.request(pct(50));
    e.ok(
        e.op,
        I::leaveOperatorSetCall {
            avs: e.avs,
            setId: VETO_SET,
        },
    );
    e.allocate(VETO_SET, v, 0);
    e.warp(VETO_WINDOW);
    e.ok(e.op, I::executeSlashCall { slashId: id });
    assert_eq!(e.withdrawable(v), e18(75));
}

// ---------------------------------------------------------------------------
// Evidence (double-sign) slashing
// ---------------------------------------------------------------------------

sol! {
    struct Attestation {
        address avs;
        uint32 setId;
        uint64 height;
        bytes32 payloadHash;
    }
}

impl Env {
    /// A signing key registered for the operator in `SET`.
    fn signing_key(&self) -> PrivateKeySigner {
        let key = PrivateKeySigner::random();
        self.ev
            .sender(self.op)
            .register_signing_key(self.avs, SET, key.address())
            .motsu_unwrap();
        key
    }

    fn sign(&self, key: &PrivateKeySigner, height: u64, payload: B256) -> Vec<u8> {
        let digest = self
            .ev
            .sender(self.op)
            .attestation_digest(self.avs, SET, height, payload);
        key.sign_hash_sync(&digest).unwrap().as_bytes().to_vec()
    }

    fn submit(&self, height: u64, a: (B256, Vec<u8>), b: (B256, Vec<u8>)) -> Result<U256, Vec<u8>> {
        self.ev
            .sender(Address::random())
            .submit_equivocation(
                self.op,
                self.avs,
                SET,
                height,
                a.0,
                stylus_sdk::abi::Bytes(a.1),
                b.0,
                stylus_sdk::abi::Bytes(b.1),
            )
            .motsu_res()
            .map_err(Vec::<u8>::from)
    }
}

#[motsu::test]
fn double_sign_evidence_slashes_the_penalty_once_per_height() {
    let e = Env::new();
    e.join_and_allocate(SET, pct(50));
    let key = e.signing_key();
    e.ev.assert_emitted(&SigningKeyRegistered {
        operator: e.op,
        avs: e.avs,
        set_id: SET,
        key: key.address(),
    });
    assert_eq!(
        e.ev.sender(e.op).signing_key(e.op, e.avs, SET),
        key.address()
    );
    let (pa, pb) = (B256::random(), B256::random());
    let (sa, sb) = (e.sign(&key, 7, pa), e.sign(&key, 7, pb));
    let submitter = Address::random();
    let id =
        e.ev.sender(submitter)
            .submit_equivocation(
                e.op,
                e.avs,
                SET,
                7,
                pa,
                stylus_sdk::abi::Bytes(sa.clone()),
                pb,
                stylus_sdk::abi::Bytes(sb.clone()),
            )
            .motsu_unwrap();
    assert_eq!(id, U256::from(1));
    e.ev.assert_emitted(&EquivocationProven {
        slash_id: id,
        operator: e.op,
        submitter,
        height: 7,
        payload_a: pa,
        payload_b: pb,
    });
    e.m.assert_emitted(&OperatorSlashed {
        slash_id: id,
        operator: e.op,
        avs: e.avs,
        set_id: SET,
        requested_wad: pct(10),
        applied_wad: pct(10),
        description: "equivocation".into(),
    });
    for v in e.vaults() {
        // 10% of a 50% allocation: 5 of 100.
        assert_eq!(e.withdrawable(v), e18(95));
        assert_eq!(e.allocation(SET, v).0, pct(45));
    }
    assert!(e.ev.sender(e.op).evidence_used(e.op, e.avs, SET, 7));
    assert!(!e.ev.sender(e.op).evidence_used(e.op, e.avs, SET, 8));
    // Replay, in either order, or with other payloads at the same height.
    let used = enc(SlashingEvidenceUsed {
        operator: e.op,
        height: 7,
    });
    assert_eq!(
        e.submit(7, (pa, sa.clone()), (pb, sb.clone())).unwrap_err(),
        used
    );
    assert_eq!(
        e.submit(7, (pb, sb.clone()), (pa, sa.clone())).unwrap_err(),
        used
    );
    let pc = B256::random();
    assert_eq!(
        e.submit(7, (pa, sa), (pc, e.sign(&key, 7, pc)))
            .unwrap_err(),
        used
    );
    // Another height is another offence.
    let (pd, pe) = (B256::random(), B256::random());
    e.submit(8, (pd, e.sign(&key, 8, pd)), (pe, e.sign(&key, 8, pe)))
        .unwrap();
    // 10% of the remaining 45%: 100 · (1 - 0.05 - 0.045) = 90.5.
    assert_eq!(e.withdrawable(e.vault.address()), e18(905) / U256::from(10));
}

#[motsu::test]
fn identical_or_forged_evidence_is_rejected() {
    let e = Env::new();
    e.join_and_allocate(SET, pct(50));
    let key = e.signing_key();
    let (pa, pb) = (B256::random(), B256::random());
    let sa = e.sign(&key, 1, pa);
    // Identical messages are not equivocation.
    assert_eq!(
        e.submit(1, (pa, sa.clone()), (pa, sa.clone())).unwrap_err(),
        enc(SlashingIdenticalEvidence { payload_hash: pa })
    );
    // Signed by a key that is not the operator's.
    let forger = PrivateKeySigner::random();
    let err = e
        .submit(1, (pa, sa.clone()), (pb, e.sign(&forger, 1, pb)))
        .unwrap_err();
    assert_eq!(
        err,
        enc(SlashingSignerMismatch {
            expected: key.address(),
            recovered: forger.address()
        })
    );
    // A signature for another height does not count for this one.
    let err = e
        .submit(1, (pa, sa.clone()), (pb, e.sign(&key, 2, pb)))
        .unwrap_err();
    assert_eq!(&err[..4], &SlashingSignerMismatch::SELECTOR);
    // Malformed: short, bad v, and the malleable (high-s) twin of a valid one.
    let sb = e.sign(&key, 1, pb);
    assert_eq!(
        e.submit(1, (pa, sa.clone()), (pb, sb[..64].to_vec()))
            .unwrap_err(),
        enc(SlashingInvalidSignature { index: 1 })
    );
    let mut bad_v = sb.clone();
    bad_v[64] = 29;
    assert_eq!(
        e.submit(1, (pa, sa.clone()), (pb, bad_v)).unwrap_err(),
        enc(SlashingInvalidSignature { index: 1 })
    );
    let n = HALF_N * U256::from(2) + U256::from(1);
    let s = U256::from_be_slice(&sb[32..64]);
    let mut high_s = sb.clone();
    high_s[32..64].copy_from_slice(&(n - s).to_be_bytes::<32>());
    high_s[64] = if sb[64] == 27 { 28 } else { 27 };
    assert_eq!(
        e.submit(1, (pa, sa.clone()), (pb, high_s)).unwrap_err(),
        enc(SlashingInvalidSignature { index: 1 })
    );
    let mut zero_r = sa.clone();
    zero_r[..32].fill(0);
    assert_eq!(
        e.submit(1, (pa, zero_r), (pb, sb.clone())).unwrap_err(),
        enc(SlashingInvalidSignature { index: 0 })
    );
    // After all that, the real evidence still works once.
    e.submit(1, (pa, sa), (pb, sb)).unwrap();
    assert_eq!(e.withdrawable(e.vault.address()), e18(95));
}

#[motsu::test]
fn evidence_needs_a_key_an_enabled_set_and_the_sets_verifier() {
    let e = Env::new();
    e.join_and_allocate(SET, pct(50));
    let key = PrivateKeySigner::random();
    let (pa, pb) = (B256::random(), B256::random());
    let (sa, sb) = (e.sign(&key, 1, pa), e.sign(&key, 1, pb));
    assert_eq!(
        e.submit(1, (pa, sa.clone()), (pb, sb.clone())).unwrap_err(),
        enc(SlashingNoSigningKey { operator: e.op })
    );
    // Keys: never zero, never rotated.
    let err =
        e.ev.sender(e.op)
            .register_signing_key(e.avs, SET, Address::ZERO)
            .motsu_unwrap_err();
    assert_eq!(Vec::<u8>::from(err), enc(SlashingZeroAddress {}));
    e.ev.sender(e.op)
        .register_signing_key(e.avs, SET, key.address())
        .motsu_unwrap();
    let err =
        e.ev.sender(e.op)
            .register_signing_key(e.avs, SET, Address::random())
            .motsu_unwrap_err();
    assert_eq!(
        Vec::<u8>::from(err),
        enc(SlashingKeyAlreadyRegistered { key: key.address() })
    );
    // A set without a penalty: the manager refuses, through the verifier.
    e.join_and_allocate(VETO_SET, pct(50));
    e.ev.sender(e.op)
        .register_signing_key(e.avs, VETO_SET, key.address())
        .motsu_unwrap();
    let sign = |set: u32, p: B256| {
        let d = e.ev.sender(e.op).attestation_digest(e.avs, set, 1, p);
        stylus_sdk::abi::Bytes(key.sign_hash_sync(&d).unwrap().as_bytes().to_vec())
    };
    let err =
        e.ev.sender(e.op)
            .submit_equivocation(
                e.op,
                e.avs,
                VETO_SET,
                1,
                pa,
                sign(VETO_SET, pa),
                pb,
                sign(VETO_SET, pb),
            )
            .motsu_unwrap_err();
    assert_eq!(Vec::<u8>::from(err), enc(SlashingEvidenceDisabled {}));
    // Only the set's verifier may call the manager.
    let err = e.err(
        e.op,
        I::slashByEvidenceCall {
            operator: e.op,
            avs: e.avs,
            setId: SET,
        },
    );
    assert_eq!(err, enc(SlashingUnauthorized { caller: e.op }));
    let rogue = Contract::<EvidenceVerifier>::new();
    rogue
        .sender(e.deployer)
        .constructor(e.m.address())
        .motsu_unwrap();
    rogue
        .sender(e.op)
        .register_signing_key(e.avs, SET, key.address())
        .motsu_unwrap();
    let d = |p: B256| {
        stylus_sdk::abi::Bytes(
            key.sign_hash_sync(&rogue.sender(e.op).attestation_digest(e.avs, SET, 1, p))
                .unwrap()
                .as_bytes()
                .to_vec(),
        )
    };
    let err = rogue
        .sender(e.op)
        .submit_equivocation(e.op, e.avs, SET, 1, pa, d(pa), pb, d(pb))
        .motsu_unwrap_err();
    assert_eq!(
        Vec::<u8>::from(err),
        enc(SlashingUnauthorized {
            caller: rogue.address()
        })
    );
    // Signatures made for the rogue verifier's domain do not verify here.
    let err = e.submit(1, (pa, d(pa).0), (pb, d(pb).0)).unwrap_err();
    assert_eq!(&err[..4], &SlashingSignerMismatch::SELECTOR);
    assert_eq!(e.withdrawable(e.vault.address()), e18(100));
    assert_eq!(e.ev.sender(e.op).manager(), e.m.address());
}

#[motsu::test]
fn the_attestation_digest_is_standard_eip712() {
    let e = Env::new();
    let payload = B256::random();
    let domain = eip712_domain! {
        name: "Restake Slashing",
        version: "1",
        chain_id: 42161,
        verifying_contract: e.ev.address(),
    };
    let expected = Attestation {
        avs: e.avs,
        setId: SET,
        height: 99,
        payloadHash: payload,
    }
    .eip712_signing_hash(&domain);
    assert_eq!(
        e.ev.sender(e.op)
            .attestation_digest(e.avs, SET, 99, payload),
        expected
    );
}

#[motsu::test]
fn evidence_verifier_rejects_a_zero_manager() {
    let ev = Contract::<EvidenceVerifier>::new();
    let err = ev
        .sender(Address::random())
        .constructor(Address::ZERO)
        .motsu_unwrap_err();
    assert_eq!(Vec::<u8>::from(err), enc(SlashingZeroAddress {}));
}

// ---------------------------------------------------------------------------
// Security review #11: I-6 (AVS hooks cannot trap an operator or block slashing)
// ---------------------------------------------------------------------------

/// I-6, the registrar. Attack (66e5067): `leaveOperatorSet` called the AVS's
/// registrar and reverted with it, so a registrar refusing
/// `deregisterOperator` kept the operator a member, its allocation
/// slashable for ever. Now the hook is called with at most
/// `REGISTRAR_LEAVE_GAS` and its refusal ignored: the operator (50% of both
/// vaults, 100 tokens each) leaves at `t`, stays slashable until exactly
/// `t + 14 days` (a 10% slash at `t + 14 days − 1` still takes 5 of each 100),
/// and from `t + 14 days` is no longer slashable (`SlashingNotSlashable`) and
/// its decrease to 0 is final: encumbered 0, withdrawable exactly 95.
#[motsu::test]
fn a_registrar_cannot_trap_an_operator_in_a_set() {
    let e = Env::new();
    e.join_and_allocate(SET, pct(50));
    e.registrar.sender(e.avs).set_refuse(true);
    let t = e.now();
    e.ok(
        e.op,
        I::leaveOperatorSetCall {
            avs: e.avs,
            setId: SET,
        },
    );
    let until = t + DEALLOCATION_DELAY;
    e.m.assert_emitted(&OperatorLeftSet {
        operator: e.op,
        avs: e.avs,
        set_id: SET,
        slashable_until: until,
    });
    let slashable_until = |e: &Env| {
        e.ok(
            e.op,
            I::slashableUntilCall {
                operator: e.op,
                avs: e.avs,
                setId: SET,
            },
        )
        ._0
    };
    assert_eq!(slashable_until(&e), until);
    for v in e.vaults() {
        e.allocate(SET, v, 0);
        assert_eq!(e.allocation(SET, v), (pct(50), 0, until));
    }
    // Still slashable for the deallocation delay, and no longer after it.
    e.set_time(until - 1);
    e.slash(SET, e.vaults(), pct(10)).unwrap();
    e.set_time(until);
    assert_eq!(
        e.slash(SET, e.vaults(), pct(10)).unwrap_err(),
        enc(SlashingNotSlashable { operator: e.op })
    );
    for v in e.vaults() {
        e.allocate(SET, v, 0); // applies the completed decrease
        assert_eq!(e.allocation(SET, v), (0, 0, 0));
        assert_eq!(e.encumbered(v), 0);
        assert_eq!(e.withdrawable(v), e18(95));
    }
}

/// I-6, the redistribution recipient. Attack (66e5067): an ETH vault pushed
/// slashed ETH to the set's redistribution recipient inside the slash, so a
/// recipient whose `receive` reverts made every slash of that vault revert
/// (`VaultEthTransferFailed`). Now an ETH vault credits the slashed shares to
/// the recipient and it pulls them: the staker's 100 ETH, 100% allocated, a
/// 25% slash goes through (withdrawable 100 → 75, stake 75), 25 shares are
/// credited (the vault still holds 100 ETH and 100 shares), and the
/// recipient's `claimSlashed(receiver)` burns them and pays exactly 25 ETH to
/// the receiver it names (vault: 75 ETH, 75 shares); a second claim reverts
/// `VaultZeroAmount`.
#[motsu::test]
fn a_recipient_that_refuses_eth_cannot_block_slashing() {
    use restake_interfaces::vault::{SlashedSharesClaimed, SlashedSharesCredited};
    use restake_interfaces::NATIVE_ETH;
    let e = Env::new();
    let (eth_vault, rejecter) = (
        Contract::<Vault>::new(),
        Contract::<restake_slashing_tests::MockEthRejecter>::new(),
    );
    let d = e.deployer;
    eth_vault
        .sender(d)
        .constructor(NATIVE_ETH, d, d, e.reg.address(), e.m.address(), U256::MAX)
        .motsu_unwrap();
    e.reg.sender(d).add_vault(eth_vault.address());
    e.staker.fund(e18(100));
    eth_vault
        .sender_and_value(e.staker, e18(100))
        .deposit(e18(100), e.staker)
        .motsu_unwrap();
    let v = eth_vault.address();
    e.ok(
        e.avs,
        I::createOperatorSetCall {
            setId: 7,
            vaults: vec![v],
            slasher: e.slasher,
            recipient: rejecter.address(),
            resolver: Address::ZERO,
            vetoWindow: 0,
            capWad: WAD,
            capPeriod: DAY,
            equivocationPenalty: 0,
            evidenceVerifier: Address::ZERO,
        },
    );
    e.join(7);
    e.allocate(7, v, WAD);
    e.warp(u64::from(ALLOC_DELAY));
    // The recipient really refuses ETH.
    assert!(rejecter.balance().is_zero());
    let id = e
        .slash(7, vec![v], pct(25))
        .expect("the slash is not blocked");
    e.m.assert_emitted(&AllocationSlashed {
        slash_id: id,
        operator: e.op,
        vault: v,
        magnitude: pct(25),
        allocation: pct(75),
        shares: e18(25),
        assets: e18(25),
    });
    eth_vault.assert_emitted(&SlashedSharesCredited {
        recipient: rejecter.address(),
        shares: e18(25),
        assets: e18(25),
    });
    assert_eq!(e.withdrawable(v), e18(75));
    assert_eq!(e.stake(v), e18(75));
    assert_eq!(
        eth_vault.sender(d).slashed_claim(rejecter.address()),
        e18(25)
    );
    assert_eq!(eth_vault.balance(), e18(100));
    assert_eq!(eth_vault.sender(d).total_shares(), e18(100));
    // The recipient pulls its ETH to a receiver of its choice.
    let receiver_contract = Contract::<restake_slashing_tests::MockEthReceiver>::new();
    let receiver = receiver_contract.address();
    let paid = eth_vault
        .sender(rejecter.address())
        .claim_slashed(receiver)
        .motsu_unwrap();
    assert_eq!(paid, e18(25));
    assert_eq!(receiver_contract.balance(), e18(25));
    eth_vault.assert_emitted(&SlashedSharesClaimed {
        recipient: rejecter.address(),
        receiver,
        shares: e18(25),
        assets: e18(25),
    });
    assert_eq!(eth_vault.balance(), e18(75));
    assert_eq!(eth_vault.sender(d).total_shares(), e18(75));
    assert_eq!(
        eth_vault.sender(d).slashed_claim(rejecter.address()),
        U256::ZERO
    );
    let err = eth_vault
        .sender(rejecter.address())
        .claim_slashed(receiver)
        .motsu_unwrap_err();
    assert_eq!(
        Vec::<u8>::from(err),
        enc(restake_interfaces::vault::VaultZeroAmount {})
    );
}

// ---------------------------------------------------------------------------
// Security review #11: L-4 (slash requests expire)
// ---------------------------------------------------------------------------

/// L-4. Attack (66e5067): requests never expired. A vetoable set with a
/// 10% cap per 30 days; the operator allocates 50% of both vaults (100 tokens
/// each). Two 10% requests: the first executes when its window closes
/// (withdrawable 100 → 95); the second fails `SlashingCapExceeded` and stays
/// pending; on the old code anyone could execute it a period (30 days) later,
/// against whoever had delegated since (95 → 90.25). Now it can be executed
/// only until `executable_at + EXECUTION_PERIOD` (1 day): one second before,
/// it still fails on the cap; from then on it reverts
/// `SlashingRequestExpired(id, executable_at + 1 day)`, changes nothing, and
/// reads as status 4; 30 days later the staker still has exactly 95.
#[motsu::test]
fn a_failed_request_expires_after_the_execution_period() {
    let e = Env::new();
    let period = 30 * DAY;
    e.ok(
        e.avs,
        I::createOperatorSetCall {
            setId: 6,
            vaults: e.vaults(),
            slasher: e.slasher,
            recipient: Address::ZERO,
            resolver: e.resolver,
            vetoWindow: VETO_WINDOW,
            capWad: pct(10),
            capPeriod: period,
            equivocationPenalty: 0,
            evidenceVerifier: Address::ZERO,
        },
    );
    e.join_and_allocate(6, pct(50));
    e.set_time((e.now() / period + 1) * period);
    let request = || {
        e.ok(
            e.slasher,
            I::requestSlashCall {
                operator: e.op,
                avs: e.avs,
                setId: 6,
                vaults: e.vaults(),
                wadFraction: pct(10),
                description: "".into(),
            },
        )
        .slashId
    };
    let (first, second) = (request(), request());
    let executable_at = e.now() + VETO_WINDOW;
    let expired_at = executable_at + EXECUTION_PERIOD;
    e.set_time(executable_at);
    e.ok(Address::random(), I::executeSlashCall { slashId: first });
    let v = e.vault.address();
    assert_eq!(e.withdrawable(v), e18(95));
    let capped = enc(SlashingCapExceeded {
        cap: pct(10),
        used: pct(10),
        requested: pct(10),
    });
    assert_eq!(e.err(e.op, I::executeSlashCall { slashId: second }), capped);
    e.set_time(expired_at - 1);
    assert_eq!(e.err(e.op, I::executeSlashCall { slashId: second }), capped);
    assert_eq!(e.request_status(second), REQUEST_PENDING);
    e.set_time(expired_at);
    let expired = enc(SlashingRequestExpired {
        slash_id: second,
        expired_at,
    });
    assert_eq!(
        e.err(e.op, I::executeSlashCall { slashId: second }),
        expired
    );
    assert_eq!(e.request_status(second), REQUEST_EXPIRED);
    assert_eq!(e.request_status(first), REQUEST_EXECUTED);
    // A period later the cap has room again, but the request stays dead.
    e.warp(period);
    assert_eq!(e.cap_used(6), 0);
    assert_eq!(
        e.err(e.op, I::executeSlashCall { slashId: second }),
        expired
    );
    for v in e.vaults() {
        assert_eq!(e.withdrawable(v), e18(95));
        assert_eq!(e.allocation(6, v).0, pct(45));
    }
    // The resolver cannot veto it either (its window closed long ago).
    assert_eq!(
        e.err(e.resolver, I::vetoSlashCall { slashId: second }),
        enc(SlashingVetoWindowClosed { executable_at })
    );
}

// ---------------------------------------------------------------------------
// Security review #11: H-2 (a sybil using up a shared cap)
// ---------------------------------------------------------------------------

/// The H-2 set: instant, over both vaults, a 30%/day cap and a 10%
/// equivocation penalty applied by the verifier.
const SYBIL_SET: u32 = 9;

impl Env {
    /// A fresh operator with no stake (zero allocation delay) that joined
    /// [`SYBIL_SET`] and registered a signing key there.
    fn sybil(&self) -> (Address, PrivateKeySigner) {
        let sybil = Address::random();
        self.reg.sender(self.deployer).register(sybil, 0);
        self.ok(
            sybil,
            I::joinOperatorSetCall {
                avs: self.avs,
                setId: SYBIL_SET,
            },
        );
        let key = PrivateKeySigner::random();
        self.ev
            .sender(sybil)
            .register_signing_key(self.avs, SYBIL_SET, key.address())
            .motsu_unwrap();
        (sybil, key)
    }

    /// Anyone submits `operator`'s two conflicting signatures at `height` in
    /// [`SYBIL_SET`].
    fn self_evidence(
        &self,
        operator: Address,
        key: &PrivateKeySigner,
        height: u64,
    ) -> Result<U256, Vec<u8>> {
        let sign = |payload: B256| {
            let digest = self
                .ev
                .sender(operator)
                .attestation_digest(self.avs, SYBIL_SET, height, payload);
            stylus_sdk::abi::Bytes(key.sign_hash_sync(&digest).unwrap().as_bytes().to_vec())
        };
        let (pa, pb) = (B256::repeat_byte(0xaa), B256::repeat_byte(0xbb));
        self.ev
            .sender(operator)
            .submit_equivocation(
                operator,
                self.avs,
                SYBIL_SET,
                height,
                pa,
                sign(pa),
                pb,
                sign(pb),
            )
            .motsu_res()
            .map_err(Vec::<u8>::from)
    }

    /// [`SYBIL_SET`] created, the culprit `op` in it with 100% of both
    /// vaults allocated (the staker's 100 tokens in each), at the start of a
    /// cap period.
    fn culprit_in_sybil_set(&self) {
        self.create_set(SYBIL_SET, Address::ZERO, 0, pct(30), pct(10));
        self.join_and_allocate(SYBIL_SET, WAD);
        self.set_time((self.now() / DAY + 1) * DAY);
    }

    /// The slasher's 20% slash of the culprit `op` in [`SYBIL_SET`] goes
    /// through with exact amounts: 20 of each vault's 100 tokens burned.
    fn assert_culprit_slash_goes_through(&self) {
        let id = self
            .slash(SYBIL_SET, self.vaults(), pct(20))
            .expect("the real culprit's slash goes through");
        self.m.assert_emitted(&OperatorSlashed {
            slash_id: id,
            operator: self.op,
            avs: self.avs,
            set_id: SYBIL_SET,
            requested_wad: pct(20),
            applied_wad: pct(20),
            description: "double vote".into(),
        });
        for (vault, lst) in [(&self.vault, &self.lst), (&self.vault2, &self.lst2)] {
            let v = vault.address();
            self.m.assert_emitted(&AllocationSlashed {
                slash_id: id,
                operator: self.op,
                vault: v,
                magnitude: pct(20),
                allocation: pct(80),
                shares: e18(20),
                assets: e18(20),
            });
            assert_eq!(self.max_magnitude(v), pct(80));
            assert_eq!(self.withdrawable(v), e18(80));
            assert_eq!(self.stake(v), e18(80));
            assert_eq!(lst.sender(self.staker).balance_of(BURN_ADDRESS), e18(20));
        }
        assert_eq!(self.cap_used(SYBIL_SET), pct(20));
    }
}

/// H-2. Attack (reproduced on 66e5067): a set has a 30%/day cap and a 10%
/// equivocation penalty; the culprit `op` has 100% of two vaults (100 tokens
/// each) allocated to it. A fresh operator with no stake and nothing
/// allocated joins, signs conflicting payloads at heights 1, 2 and 3 and
/// submits the evidence against itself three times: on the old code each
/// submission succeeded, slashed nothing and charged 10% to the set's shared
/// cap (30% used), so the slasher's 20% slash of `op` then reverted
/// `SlashingCapExceeded(30%, 30%, 20%)` for the rest of the period. Now each
/// self-evidence reverts `SlashingNothingToSlash` and charges nothing (the
/// heights stay unused), and the 20% slash takes exactly 20 of each vault's
/// 100 tokens (withdrawable 100 → 80, max magnitude 0.8), charging 20% to
/// `op`'s own cap.
#[motsu::test]
fn a_stakeless_sybil_cannot_use_up_the_cap_of_a_set() {
    let e = Env::new();
    e.culprit_in_sybil_set();
    let (sybil, key) = e.sybil();
    for height in 1..=3 {
        assert_eq!(
            e.self_evidence(sybil, &key, height).unwrap_err(),
            enc(SlashingNothingToSlash {
                operator: sybil,
                avs: e.avs,
                set_id: SYBIL_SET
            })
        );
        assert!(!e
            .ev
            .sender(sybil)
            .evidence_used(sybil, e.avs, SYBIL_SET, height));
    }
    // The slasher cannot charge it either.
    let err = e
        .call(
            e.slasher,
            I::slashCall {
                operator: sybil,
                avs: e.avs,
                setId: SYBIL_SET,
                vaults: e.vaults(),
                wadFraction: pct(30),
                description: "".into(),
            },
        )
        .unwrap_err();
    assert_eq!(
        err,
        enc(SlashingNothingToSlash {
            operator: sybil,
            avs: e.avs,
            set_id: SYBIL_SET
        })
    );
    assert_eq!(e.cap_used_of(sybil, SYBIL_SET), 0);
    assert_eq!(e.cap_used(SYBIL_SET), 0);
    assert_eq!(
        e.ok(e.op, I::configCall {}).lastSlashId,
        0,
        "no slash happened"
    );
    e.assert_culprit_slash_goes_through();
}

/// H-2, the variant that survives "charge nothing for nothing": the sybil
/// allocates 100% of a magnitude with no stake behind it, so each
/// self-evidence really takes 10% of its (empty) allocation (0 shares). The
/// cap is per (set, operator): the three submissions use up the sybil's own
/// 30% (a fourth reverts `SlashingCapExceeded(30%, 30%, 10%)` for it), and the
/// culprit's 20% slash still takes exactly 20 of each vault's 100 tokens.
#[motsu::test]
fn a_sybil_with_an_empty_allocation_only_uses_up_its_own_cap() {
    let e = Env::new();
    e.culprit_in_sybil_set();
    let (sybil, key) = e.sybil();
    for v in e.vaults() {
        e.ok(
            sybil,
            I::modifyAllocationCall {
                avs: e.avs,
                setId: SYBIL_SET,
                vault: v,
                magnitude: WAD,
            },
        );
    }
    for height in 1..=3 {
        e.self_evidence(sybil, &key, height).unwrap();
    }
    for v in e.vaults() {
        // 1 · 0.9³ of its magnitude remains; nothing real was at stake.
        let r = e.ok(
            sybil,
            I::allocationCall {
                operator: sybil,
                avs: e.avs,
                setId: SYBIL_SET,
                vault: v,
            },
        );
        assert_eq!(r.allocated, WAD / 1000 * 729);
        e.m.assert_emitted(&AllocationSlashed {
            slash_id: U256::from(3),
            operator: sybil,
            vault: v,
            magnitude: WAD / 1000 * 81,
            allocation: WAD / 1000 * 729,
            shares: U256::ZERO,
            assets: U256::ZERO,
        });
    }
    assert_eq!(e.cap_used_of(sybil, SYBIL_SET), pct(30));
    assert_eq!(
        e.self_evidence(sybil, &key, 4).unwrap_err(),
        enc(SlashingCapExceeded {
            cap: pct(30),
            used: pct(30),
            requested: pct(10)
        })
    );
    assert_eq!(e.cap_used(SYBIL_SET), 0, "the culprit's cap is untouched");
    e.assert_culprit_slash_goes_through();
}

// ---------------------------------------------------------------------------
// Property tests: invariants 3 and 4 over random operation sequences
// ---------------------------------------------------------------------------

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Sets in the property world: 1 instant (cap 100%/day), 3 instant with
    /// a 30%/day cap, 2 vetoable (cap 100%/day).
    const CAPPED: u32 = 3;
    const SETS: [u32; 3] = [SET, VETO_SET, CAPPED];

    #[derive(Clone, Debug)]
    enum Op {
        Join(usize),
        Leave(usize),
        Allocate(usize, usize, u64),
        Slash(usize, u8, u64),
        Request(u8, u64),
        Execute(usize),
        Warp(u64),
        /// The slasher (or the evidence path) slashes a stakeless member
        /// with nothing allocated (H-2).
        SlashSybil(usize, u64),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (0..3usize).prop_map(Op::Join),
            (0..3usize).prop_map(Op::Leave),
            // Magnitudes: round percentages and arbitrary WAD values.
            (
                0..3usize,
                0..2usize,
                prop_oneof![(0..=100u64).prop_map(pct), 0..=WAD]
            )
                .prop_map(|(s, v, m)| Op::Allocate(s, v, m)),
            (
                prop_oneof![Just(0usize), Just(2usize)],
                1..4u8,
                prop_oneof![(1..=100u64).prop_map(pct), 1..=WAD, 1..1000u64]
            )
                .prop_map(|(s, mask, w)| Op::Slash(s, mask, w)),
            (1..4u8, 1..=WAD).prop_map(|(mask, w)| Op::Request(mask, w)),
            (0..4usize).prop_map(Op::Execute),
            prop_oneof![
                0..DAY,
                Just(u64::from(ALLOC_DELAY)),
                Just(VETO_WINDOW),
                Just(DEALLOCATION_DELAY)
            ]
            .prop_map(Op::Warp),
            (prop_oneof![Just(0usize), Just(2usize)], 1..=WAD)
                .prop_map(|(s, w)| Op::SlashSybil(s, w)),
        ]
    }

    /// Every allocation view, per set and vault.
    fn snapshot(e: &Env) -> Vec<(u64, u64, u64)> {
        let mut out = Vec::new();
        for set in SETS {
            for v in e.vaults() {
                out.push(e.allocation(set, v));
            }
        }
        out
    }

    fn check_invariant_3(e: &Env, max_before: &mut [u64; 2]) {
        for (i, v) in e.vaults().into_iter().enumerate() {
            let max = e.max_magnitude(v);
            assert!(max <= max_before[i], "a max magnitude increased");
            max_before[i] = max;
            let encumbered = e.encumbered(v);
            assert!(
                encumbered <= max,
                "encumbered {encumbered} > max magnitude {max}"
            );
            let (mut allocated, mut targets) = (0u64, 0u64);
            for set in SETS {
                let (a, t, _) = e.allocation(set, v);
                allocated += a;
                targets += t;
            }
            assert!(
                allocated <= encumbered,
                "allocations {allocated} > encumbered {encumbered}"
            );
            assert!(
                targets <= encumbered,
                "pending targets {targets} > encumbered {encumbered}"
            );
        }
    }

    /// Runs a slash-like call and checks invariant 4 against the state before.
    fn checked_slash(
        e: &Env,
        set: u32,
        vaults: &[Address],
        wad: u64,
        run: impl FnOnce() -> Result<(), Vec<u8>>,
    ) {
        let before = snapshot(e);
        let max_before: Vec<u64> = e.vaults().iter().map(|v| e.max_magnitude(*v)).collect();
        let cap = e
            .ok(
                e.op,
                I::operatorSetCall {
                    avs: e.avs,
                    setId: set,
                },
            )
            .capWad;
        let used = e.cap_used(set);
        let others: Vec<u64> = SETS.iter().map(|s| e.cap_used(*s)).collect();
        let all = e.vaults();
        let set_index = SETS.iter().position(|s| *s == set).unwrap();
        let anything_allocated = all
            .iter()
            .enumerate()
            .any(|(vi, v)| vaults.contains(v) && before[set_index * all.len() + vi].0 != 0);
        let result = run();
        let after = snapshot(e);
        if result.is_ok() {
            SLASHES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        if result.is_err() {
            assert_eq!(before, after, "a failed slash changed allocations");
            assert_eq!(
                SETS.iter().map(|s| e.cap_used(*s)).collect::<Vec<_>>(),
                others,
                "a failed slash charged a cap"
            );
            return;
        }
        // The new cap invariant (H-2): only a slash that takes magnitude
        // succeeds, and it charges exactly the applied fraction to this
        // operator's cap in this set and nothing anywhere else.
        assert!(anything_allocated, "a slash of nothing succeeded");
        let applied = wad.min(cap - used);
        let used_after = e.cap_used(set);
        assert_eq!(used_after, used + applied);
        assert!(used_after <= cap, "the cap was exceeded");
        for (si, s) in SETS.iter().enumerate() {
            if *s != set {
                assert_eq!(
                    e.cap_used(*s),
                    others[si],
                    "a slash charged another set's cap"
                );
            }
        }
        for (si, s) in SETS.iter().enumerate() {
            for (vi, v) in all.iter().enumerate() {
                let k = si * all.len() + vi;
                if *s != set || !vaults.contains(v) {
                    assert_eq!(
                        before[k], after[k],
                        "a slash touched stake not allocated to its set"
                    );
                    continue;
                }
                let old = before[k].0;
                let expected =
                    restake_math::magnitude_to_slash(U256::from(old), U256::from(applied))
                        .unwrap()
                        .to::<u64>();
                assert!(expected <= old);
                assert_eq!(
                    after[k].0,
                    old - expected,
                    "slashed more or less than the applied fraction"
                );
                assert_eq!(e.max_magnitude(*v), max_before[vi] - expected);
            }
        }
    }

    fn mask_vaults(e: &Env, mask: u8) -> Vec<Address> {
        e.vaults()
            .into_iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, v)| v)
            .collect()
    }

    fn run(ops: Vec<Op>) {
        let e = Env::new();
        e.create_set(CAPPED, Address::ZERO, 0, pct(30), 0);
        let mut max = [WAD; 2];
        let mut requests: Vec<(U256, Vec<Address>, u64)> = Vec::new();
        // The operator starts in every set with 30% of both vaults in each
        // (so most slashes take something); sequences move from there.
        for set in SETS {
            e.join(set);
            for v in e.vaults() {
                e.allocate(set, v, pct(30));
            }
        }
        e.warp(u64::from(ALLOC_DELAY));
        // A stakeless member of every instant set, with nothing allocated.
        let sybil = Address::random();
        e.reg.sender(e.deployer).register(sybil, 0);
        for set in [SET, CAPPED] {
            e.ok(
                sybil,
                I::joinOperatorSetCall {
                    avs: e.avs,
                    setId: set,
                },
            );
        }
        for op in ops {
            match op {
                Op::Join(s) => {
                    let _ = e.call(
                        e.op,
                        I::joinOperatorSetCall {
                            avs: e.avs,
                            setId: SETS[s],
                        },
                    );
                }
                Op::Leave(s) => {
                    let _ = e.call(
                        e.op,
                        I::leaveOperatorSetCall {
                            avs: e.avs,
                            setId: SETS[s],
                        },
                    );
                }
                Op::Allocate(s, v, m) => {
                    let vault = e.vaults()[v];
                    let _ = e.call(
                        e.op,
                        I::modifyAllocationCall {
                            avs: e.avs,
                            setId: SETS[s],
                            vault,
                            magnitude: m,
                        },
                    );
                }
                Op::Slash(s, mask, w) => {
                    let set = SETS[s];
                    let vaults = mask_vaults(&e, mask);
                    checked_slash(&e, set, &vaults, w, || {
                        e.slash(set, vaults.clone(), w).map(|_| ())
                    });
                }
                Op::Request(mask, w) => {
                    let vaults = mask_vaults(&e, mask);
                    let r = e.call(
                        e.slasher,
                        I::requestSlashCall {
                            operator: e.op,
                            avs: e.avs,
                            setId: VETO_SET,
                            vaults: vaults.clone(),
                            wadFraction: w,
                            description: "".into(),
                        },
                    );
                    if let Ok(r) = r {
                        requests.push((r.slashId, vaults, w));
                    }
                }
                Op::Execute(i) => {
                    if let Some((id, vaults, w)) = requests.get(i).cloned() {
                        checked_slash(&e, VETO_SET, &vaults, w, || {
                            e.call(e.op, I::executeSlashCall { slashId: id })
                                .map(|_| ())
                        });
                    }
                }
                Op::Warp(dt) => e.warp(dt),
                Op::SlashSybil(s, w) => {
                    let set = SETS[s];
                    let before = snapshot(&e);
                    let caps: Vec<u64> = SETS.iter().map(|s| e.cap_used(*s)).collect();
                    let err = e
                        .call(
                            e.slasher,
                            I::slashCall {
                                operator: sybil,
                                avs: e.avs,
                                setId: set,
                                vaults: e.vaults(),
                                wadFraction: w,
                                description: "".into(),
                            },
                        )
                        .unwrap_err();
                    assert_eq!(
                        err,
                        enc(SlashingNothingToSlash {
                            operator: sybil,
                            avs: e.avs,
                            set_id: set
                        })
                    );
                    assert_eq!(
                        e.cap_used_of(sybil, set),
                        0,
                        "the sybil's slash charged its cap"
                    );
                    assert_eq!(
                        SETS.iter().map(|s| e.cap_used(*s)).collect::<Vec<_>>(),
                        caps
                    );
                    assert_eq!(snapshot(&e), before);
                }
            }
            check_invariant_3(&e, &mut max);
        }
    }

    static SLASHES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

    #[motsu::test]
    fn invariants_3_and_4_hold_over_random_sequences() {
        proptest!(ProptestConfig::with_cases(200), |(ops in proptest::collection::vec(op(), 1..40))| {
            run(ops);
        });
        // The sequences really slash (not only revert).
        let slashes = SLASHES.load(std::sync::atomic::Ordering::Relaxed);
        assert!(slashes > 100, "only {slashes} successful slashes");
    }
}
