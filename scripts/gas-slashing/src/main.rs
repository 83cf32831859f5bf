//! End to end on the devnet (real Stylus execution): the registry, vault, mock LST, slashing
//! manager and evidence verifier release wasm; instant, vetoable and evidence slashes with exact
//! withdrawable shares; gas of each step; the release wasm has no test clock.
//!
//! ```sh
//! bash scripts/build-wasm.sh        # contracts/target/deploy/*.wasm
//! cd contracts/slashing/devnet-check && cargo run --release
//! ```
use alloy_primitives::{Address, Bytes, B256, U256};
use alloy_sol_types::{sol, SolCall, SolValue};
use k256::ecdsa::SigningKey;
use restake_devnet::*;

sol! {
    interface R {
        function addVault(address vault) external;
        function setSlashingManager(address manager) external;
        function registerAsOperator(address approver, uint32 allocation_delay, string metadata_uri) external;
        function delegateTo(address operator, bytes signature, uint256 expiry, bytes32 salt) external;
        function withdrawableShares(address staker, address vault) external view returns (uint256);
        function maxMagnitude(address operator, address vault) external view returns (uint64);
    }
    interface L {
        function mint(address to, uint256 value) external;
        function approve(address spender, uint256 value) external returns (bool);
        function deposit(uint256 assets, address receiver) external returns (uint256);
    }
    interface M {
        function registerAvs(string metadataUri, address registrar) external;
        function createOperatorSet(uint32 setId, address[] vaults, address slasher, address recipient, address resolver, uint64 vetoWindow, uint64 capWad, uint64 capPeriod, uint64 equivocationPenalty, address evidenceVerifier) external;
        function joinOperatorSet(address avs, uint32 setId) external;
        function modifyAllocation(address avs, uint32 setId, address vault, uint64 magnitude) external;
        function slash(address operator, address avs, uint32 setId, address[] vaults, uint64 wadFraction, string description) external returns (uint256);
        function requestSlash(address operator, address avs, uint32 setId, address[] vaults, uint64 wadFraction, string description) external returns (uint256);
        function vetoSlash(uint256 slashId) external;
        function executeSlash(uint256 slashId) external;
        function allocation(address operator, address avs, uint32 setId, address vault) external view returns (uint64, uint64, uint64);
        function slashableStake(address operator, address avs, uint32 setId, address vault, uint64 at) external view returns (uint256);
        function setTestTimestamp(uint64 timestamp) external;
        error SlashingInvalidCalldata(bytes4 selector);
    }
    interface V {
        function registerSigningKey(address avs, uint32 setId, address key) external;
        function submitEquivocation(address operator, address avs, uint32 setId, uint64 height, bytes32 payloadA, bytes signatureA, bytes32 payloadB, bytes signatureB) external returns (uint256);
        function attestationDigest(address avs, uint32 setId, uint64 height, bytes32 payloadHash) external view returns (bytes32);
    }
}

const WAD: u64 = 1_000_000_000_000_000_000;
const DAY: u64 = 86_400;

fn wasm(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../../contracts/target/deploy/{name}.wasm",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|_| panic!("{path}: run scripts/build-wasm.sh first"))
}

fn a(x: revm::primitives::Address) -> Address {
    Address::from(x.0 .0)
}
fn r(x: Address) -> revm::primitives::Address {
    revm::primitives::Address::from(x.0 .0)
}

struct D {
    chain: Chain,
}

impl D {
    fn deploy(&mut self, from: Address, name: &str, args: Vec<u8>) -> Address {
        let addr = deploy_stylus_with_constructor(
            &mut self.chain,
            r(from),
            &wasm(name),
            &constructor_calldata(&args),
            revm::primitives::U256::ZERO,
        )
        .unwrap_or_else(|e| panic!("deploy {name}: {e:?}"));
        a(addr)
    }
    fn send<C: SolCall>(&mut self, from: Address, to: Address, c: C, label: &str) -> u64 {
        let h = self
            .chain
            .send(&TxRequest {
                from: r(from),
                to: Some(r(to)),
                input: c.abi_encode().into(),
                ..Default::default()
            })
            .unwrap();
        let rec = self.chain.tx(h).unwrap();
        assert!(rec.status, "{label} reverted: {}", rec.output);
        if !label.is_empty() {
            println!("{label:<44} {:>9} gas", rec.gas_used);
        }
        rec.gas_used
    }
    fn view<C: SolCall>(&mut self, to: Address, c: C) -> C::Return {
        let out = self
            .chain
            .call(
                &TxRequest {
                    from: r(Address::ZERO),
                    to: Some(r(to)),
                    input: c.abi_encode().into(),
                    ..Default::default()
                },
                None,
            )
            .unwrap();
        assert!(out.success, "view reverted: {}", out.output);
        C::abi_decode_returns(&out.output).unwrap()
    }
}

fn main() {
    let mut d = D {
        chain: Chain::default(),
    };
    let acct = |i: usize| a(DEV_ACCOUNTS[i]);
    let (owner, avs, op, slasher, resolver, staker) =
        (acct(0), acct(1), acct(2), acct(3), acct(4), acct(5));
    let reg = d.deploy(
        owner,
        "restake_registry",
        (owner, 7 * DAY).abi_encode_params(),
    );
    let m = d.deploy(
        owner,
        "restake_slashing",
        (reg, 14 * DAY).abi_encode_params(),
    );
    let ev = d.deploy(owner, "restake_slashing_evidence", (m,).abi_encode_params());
    d.send(owner, reg, R::setSlashingManagerCall { manager: m }, "");
    let lst = d.deploy(owner, "restake_mock_lst", (owner,).abi_encode_params());
    let vault = d.deploy(
        owner,
        "restake_vault",
        (lst, owner, owner, reg, m, U256::MAX).abi_encode_params(),
    );
    d.send(owner, reg, R::addVaultCall { vault }, "");
    d.send(
        op,
        reg,
        R::registerAsOperatorCall {
            approver: Address::ZERO,
            allocation_delay: 0,
            metadata_uri: "op".into(),
        },
        "",
    );
    d.send(
        staker,
        reg,
        R::delegateToCall {
            operator: op,
            signature: Bytes::new(),
            expiry: U256::ZERO,
            salt: B256::ZERO,
        },
        "",
    );
    let e18 = U256::from(WAD);
    let hundred = e18 * U256::from(100);
    d.send(
        owner,
        lst,
        L::mintCall {
            to: staker,
            value: hundred,
        },
        "",
    );
    d.send(
        staker,
        lst,
        L::approveCall {
            spender: vault,
            value: hundred,
        },
        "",
    );
    d.send(
        staker,
        vault,
        L::depositCall {
            assets: hundred,
            receiver: staker,
        },
        "",
    );

    println!("-- slashing manager on the devnet (release wasm) --");
    d.send(
        avs,
        m,
        M::registerAvsCall {
            metadataUri: "ipfs://avs".into(),
            registrar: Address::ZERO,
        },
        "registerAvs",
    );
    d.send(
        avs,
        m,
        M::createOperatorSetCall {
            setId: 1,
            vaults: vec![vault],
            slasher,
            recipient: Address::ZERO,
            resolver: Address::ZERO,
            vetoWindow: 0,
            capWad: WAD,
            capPeriod: DAY,
            equivocationPenalty: WAD / 10,
            evidenceVerifier: ev,
        },
        "createOperatorSet (instant, 1 vault)",
    );
    d.send(
        avs,
        m,
        M::createOperatorSetCall {
            setId: 2,
            vaults: vec![vault],
            slasher,
            recipient: Address::ZERO,
            resolver,
            vetoWindow: DAY,
            capWad: WAD,
            capPeriod: DAY,
            equivocationPenalty: 0,
            evidenceVerifier: Address::ZERO,
        },
        "createOperatorSet (vetoable, 1 vault)",
    );
    d.send(
        op,
        m,
        M::joinOperatorSetCall { avs, setId: 1 },
        "joinOperatorSet",
    );
    d.send(op, m, M::joinOperatorSetCall { avs, setId: 2 }, "");
    d.send(
        op,
        m,
        M::modifyAllocationCall {
            avs,
            setId: 1,
            vault,
            magnitude: WAD / 2,
        },
        "modifyAllocation (increase)",
    );
    d.send(
        op,
        m,
        M::modifyAllocationCall {
            avs,
            setId: 2,
            vault,
            magnitude: WAD / 2,
        },
        "",
    );
    let stake = d.view(
        m,
        M::slashableStakeCall {
            operator: op,
            avs,
            setId: 1,
            vault,
            at: 0,
        },
    );
    assert_eq!(stake, e18 * U256::from(50));
    d.send(
        slasher,
        m,
        M::slashCall {
            operator: op,
            avs,
            setId: 1,
            vaults: vec![vault],
            wadFraction: WAD / 10,
            description: "double vote".into(),
        },
        "slash (instant, 1 vault)",
    );
    let w = d.view(reg, R::withdrawableSharesCall { staker, vault });
    assert_eq!(w, e18 * U256::from(95));
    println!("   withdrawable after instant 10% of 50%: {w}");

    d.send(
        slasher,
        m,
        M::requestSlashCall {
            operator: op,
            avs,
            setId: 2,
            vaults: vec![vault],
            wadFraction: WAD / 5,
            description: "late".into(),
        },
        "requestSlash",
    );
    d.send(
        slasher,
        m,
        M::requestSlashCall {
            operator: op,
            avs,
            setId: 2,
            vaults: vec![vault],
            wadFraction: WAD / 5,
            description: "late".into(),
        },
        "",
    );
    d.send(
        resolver,
        m,
        M::vetoSlashCall {
            slashId: U256::from(3),
        },
        "vetoSlash",
    );
    d.chain.increase_time(DAY as i64 + 1);
    d.send(
        acct(6),
        m,
        M::executeSlashCall {
            slashId: U256::from(2),
        },
        "executeSlash (1 vault)",
    );
    let w = d.view(reg, R::withdrawableSharesCall { staker, vault });
    assert_eq!(w, e18 * U256::from(85));
    println!("   withdrawable after a vetoable 20% of 50%: {w}");

    let key = SigningKey::from_slice(&[7u8; 32]).unwrap();
    let key_addr = {
        let pk = key.verifying_key().to_encoded_point(false);
        Address::from_slice(&alloy_primitives::keccak256(&pk.as_bytes()[1..])[12..])
    };
    d.send(
        op,
        ev,
        V::registerSigningKeyCall {
            avs,
            setId: 1,
            key: key_addr,
        },
        "registerSigningKey (verifier)",
    );
    let sign = |d: &mut D, p: B256| {
        let digest = d.view(
            ev,
            V::attestationDigestCall {
                avs,
                setId: 1,
                height: 9,
                payloadHash: p,
            },
        );
        let (sig, rec) = key.sign_prehash_recoverable(digest.as_slice()).unwrap();
        let mut b = sig.to_bytes().to_vec();
        b.push(27 + rec.to_byte());
        Bytes::from(b)
    };
    let (pa, pb) = (B256::repeat_byte(1), B256::repeat_byte(2));
    let (sa, sb) = (sign(&mut d, pa), sign(&mut d, pb));
    d.send(
        acct(7),
        ev,
        V::submitEquivocationCall {
            operator: op,
            avs,
            setId: 1,
            height: 9,
            payloadA: pa,
            signatureA: sa,
            payloadB: pb,
            signatureB: sb,
        },
        "submitEquivocation (verifier + manager)",
    );
    let w = d.view(reg, R::withdrawableSharesCall { staker, vault });
    // 10% of the remaining 45%: 4.5 more.
    assert_eq!(w, e18 * U256::from(805) / U256::from(10));
    println!("   withdrawable after the 10% equivocation penalty: {w}");
    let mm = d.view(
        reg,
        R::maxMagnitudeCall {
            operator: op,
            vault,
        },
    );
    println!("   max magnitude: {mm}");
    d.send(
        op,
        m,
        M::modifyAllocationCall {
            avs,
            setId: 1,
            vault,
            magnitude: 0,
        },
        "modifyAllocation (decrease, slashable)",
    );
    // The release wasm has no test clock.
    let out = d
        .chain
        .call(
            &TxRequest {
                from: r(op),
                to: Some(r(m)),
                input: M::setTestTimestampCall { timestamp: 5 }.abi_encode().into(),
                ..Default::default()
            },
            None,
        )
        .unwrap();
    assert!(!out.success);
    let expected = M::SlashingInvalidCalldata {
        selector: M::setTestTimestampCall::SELECTOR.into(),
    };
    assert_eq!(
        out.output.to_vec(),
        alloy_sol_types::SolError::abi_encode(&expected)
    );
    println!("setTestTimestamp on the release wasm reverts with SlashingInvalidCalldata");
    println!("OK");
}
