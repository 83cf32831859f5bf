//! Construction, configuration and the ABI plumbing: the constructor, the
//! departure window's bound, unknown selectors and malformed calldata, the
//! hand-encoded selectors.

use super::*;

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
