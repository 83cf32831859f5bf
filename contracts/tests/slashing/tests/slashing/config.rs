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
        .constructor(Address::ZERO, 1, Address::ZERO)
        .motsu_unwrap_err();
    assert_eq!(Vec::<u8>::from(err), enc(SlashingZeroAddress {}));
}

#[motsu::test]
fn a_departure_window_past_the_end_of_time_is_a_math_error() {
    let e = Env::bare();
    let m = Contract::<SlashingManager>::new();
    m.sender(e.deployer)
        .constructor(e.reg.address(), u64::MAX, Address::ZERO)
        .motsu_unwrap();
    let call = |from: Address, data: Vec<u8>| route(&m, from, &data);
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

/// The kit's malformed-calldata policy (`docs/malformed-input.md`): every
/// malformed call answers `SlashingInvalidCalldata(selector)` exactly, and
/// nothing runs.
#[motsu::test]
fn unknown_selector_and_malformed_calldata_revert_with_invalid_calldata() {
    let e = Env::new();
    let refused = |selector: [u8; 4]| {
        Err(enc(SlashingInvalidCalldata {
            selector: selector.into(),
        }))
    };
    let join = I::joinOperatorSetCall {
        avs: e.avs,
        setId: SET,
    };
    // Unknown selector.
    assert_eq!(
        route(&e.m, e.op, &[0xde, 0xad, 0xbe, 0xef, 0]),
        refused([0xde, 0xad, 0xbe, 0xef])
    );
    // Fewer than four bytes (none included): no selector, so 0x00000000.
    assert_eq!(route(&e.m, e.op, &[0x12, 0x34]), refused([0; 4]));
    assert_eq!(route(&e.m, e.op, &[]), refused([0; 4]));
    // Too short for its arguments.
    let mut data = join.abi_encode();
    data.truncate(40);
    assert_eq!(
        route(&e.m, e.op, &data),
        refused(I::joinOperatorSetCall::SELECTOR)
    );
    // Dirty high bits in an address word.
    let mut data = join.abi_encode();
    data[4] = 1;
    assert_eq!(
        route(&e.m, e.op, &data),
        refused(I::joinOperatorSetCall::SELECTOR)
    );
    // A uint32 out of range.
    let mut data = join.abi_encode();
    data[4 + 32 + 27] = 1;
    assert_eq!(
        route(&e.m, e.op, &data),
        refused(I::joinOperatorSetCall::SELECTOR)
    );
    // A string whose offset points past the end.
    let mut data = I::updateAvsMetadataCall {
        metadataUri: "x".into(),
    }
    .abi_encode();
    data[4 + 31] = 0xff;
    assert_eq!(
        route(&e.m, e.avs, &data),
        refused(I::updateAvsMetadataCall::SELECTOR)
    );
    // An address[] whose length runs past the end.
    let mut data = I::slashCall {
        operator: e.op,
        avs: e.avs,
        setId: SET,
        vaults: e.vaults(),
        wadFraction: 1,
        description: "".into(),
    }
    .abi_encode();
    let vaults_at = 4 + usize::from(data[4 + 3 * 32 + 31]);
    data[vaults_at + 31] = 9;
    assert_eq!(
        route(&e.m, e.slasher, &data),
        refused(I::slashCall::SELECTOR)
    );
    // ETH sent to a (non-payable) entry point: refused by the router,
    // before anything runs.
    e.op.fund(U256::from(1));
    let data = join.abi_encode();
    let refused_eth = {
        let mut c = e.m.sender_and_value(e.op, U256::from(1));
        <SlashingManager as Router<SlashingManager>>::route(
            &mut c,
            u32::from_be_bytes(I::joinOperatorSetCall::SELECTOR),
            &data[4..],
        )
    };
    assert_eq!(
        refused_eth.map(|r| r.motsu_res()),
        Some(refused(I::joinOperatorSetCall::SELECTOR))
    );
    // An address[] longer than a set may hold decodes (the kit reads any
    // length), and the manager refuses it with its typed error before
    // anything runs.
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
        enc(SlashingTooManyVaults {
            max: U256::from(MAX_SET_VAULTS)
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
