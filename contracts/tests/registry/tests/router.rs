//! The hand-written ABI router: every entry point called with calldata
//! encoded by alloy from `IOperatorRegistry` (the exported interface), its
//! return data decoded the same way, and malformed calldata rejected.
use alloy_primitives::{Address, FixedBytes, B256, U256};
use alloy_sol_types::{SolCall, SolError};
use motsu::prelude::*;
use restake_interfaces::registry::{IOperatorRegistry::*, *};
use restake_mock_lst::MockLst;
use restake_registry::OperatorRegistry;
use restake_registry_tests::*;
use restake_vault::Vault;
use stylus_sdk::abi::Router;

/// Routes `data` (selector ‖ arguments) as `from`, as the wasm entrypoint does.
fn call(
    reg: &Contract<OperatorRegistry>,
    from: Address,
    data: Vec<u8>,
) -> Result<Vec<u8>, Vec<u8>> {
    let selector = u32::from_be_bytes([data[0], data[1], data[2], data[3]]);
    let mut c = reg.sender(from);
    match <OperatorRegistry as Router<OperatorRegistry>>::route(&mut c, selector, &data[4..]) {
        Some(result) => result,
        None => Err(b"unknown selector".to_vec()),
    }
}

/// Calls `c` as `from` and decodes its return values.
fn ok<C: SolCall>(reg: &Contract<OperatorRegistry>, from: Address, c: C) -> C::Return {
    let out = call(reg, from, c.abi_encode()).expect("call succeeds");
    C::abi_decode_returns(&out, true).expect("return data decodes")
}

#[motsu::test]
fn every_entry_point_routes_with_its_abi(
    reg: Contract<OperatorRegistry>,
    vault: Contract<Vault>,
    lst: Contract<MockLst>,
    owner: Address,
    manager: Address,
    op: Address,
    op2: Address,
    approver: Address,
    alice: Address,
    other: Address,
) {
    let env = setup(&reg, &vault, &lst, owner, manager);
    let v = vault.address();

    // -- operators --
    ok(
        &reg,
        op,
        registerAsOperatorCall {
            approver,
            allocation_delay: 42,
            metadata_uri: "ipfs://x".into(),
        },
    );
    reg.assert_emitted(&OperatorMetadataURIUpdated {
        operator: op,
        metadata_uri: "ipfs://x".into(),
    });
    assert!(ok(&reg, alice, isOperatorCall { operator: op })._0);
    assert!(!ok(&reg, alice, isOperatorCall { operator: alice })._0);
    // 42 s asked: the protocol minimum (1,250 s) applies (L-2).
    assert_eq!(
        ok(&reg, alice, allocationDelayCall { operator: op })._0,
        1_250
    );
    assert_eq!(ok(&reg, alice, minAllocationDelayCall {})._0, 1_250);
    let config = ok(&reg, alice, allocationDelayConfigCall { operator: op });
    assert_eq!(
        (config.effective, config.pending, config.effect_at),
        (1_250, 1_250, T0 + 1_250)
    );
    ok(&reg, op, setAllocationDelayCall { delay: 5_000 });
    assert_eq!(
        ok(&reg, alice, allocationDelayConfigCall { operator: op }).pending,
        5_000
    );
    assert_eq!(
        ok(&reg, alice, delegationApproverCall { operator: op })._0,
        approver
    );
    ok(
        &reg,
        op,
        updateOperatorMetadataURICall {
            metadata_uri: "a metadata URI longer than one word".into(),
        },
    );
    reg.assert_emitted(&OperatorMetadataURIUpdated {
        operator: op,
        metadata_uri: "a metadata URI longer than one word".into(),
    });
    ok(
        &reg,
        op,
        setDelegationApproverCall {
            approver: Address::ZERO,
        },
    );
    assert_eq!(
        ok(&reg, alice, delegationApproverCall { operator: op })._0,
        Address::ZERO
    );
    env.register(op2);

    // -- delegation and deposits --
    env.deposit(alice, e18(10));
    ok(
        &reg,
        alice,
        delegateToCall {
            operator: op,
            signature: vec![].into(),
            expiry: U256::ZERO,
            salt: B256::ZERO,
        },
    );
    assert_eq!(ok(&reg, alice, delegatedToCall { staker: alice })._0, op);
    assert_eq!(
        ok(
            &reg,
            alice,
            operatorStakeCall {
                operator: op,
                vault: v
            }
        )
        ._0,
        e18(10)
    );
    assert_eq!(
        ok(
            &reg,
            alice,
            depositScalingFactorCall {
                staker: alice,
                vault: v
            }
        )
        ._0,
        E18
    );
    assert_eq!(
        ok(
            &reg,
            alice,
            withdrawableSharesCall {
                staker: alice,
                vault: v
            }
        )
        ._0,
        e18(10)
    );
    assert_eq!(
        ok(
            &reg,
            alice,
            maxMagnitudeCall {
                operator: op,
                vault: v
            }
        )
        ._0,
        WAD
    );
    assert!(ok(&reg, alice, isVaultCall { vault: v })._0);
    assert!(
        ok(
            &reg,
            alice,
            acceptsDepositCall {
                staker: alice,
                vault: v
            }
        )
        ._0
    );
    assert!(
        !ok(
            &reg,
            alice,
            acceptsDepositCall {
                staker: alice,
                vault: op
            }
        )
        ._0
    );
    assert_eq!(ok(&reg, alice, vaultsCall {})._0, vec![v]);
    assert_eq!(ok(&reg, alice, withdrawalDelayCall {})._0, DELAY);
    assert_eq!(ok(&reg, alice, slashingManagerCall {})._0, manager);
    assert!(
        !ok(
            &reg,
            alice,
            isSaltSpentCall {
                approver,
                salt: B256::ZERO
            }
        )
        ._0
    );
    let salt = B256::with_last_byte(1);
    let expiry = U256::from(9);
    assert_eq!(
        ok(
            &reg,
            alice,
            delegationApprovalDigestCall {
                staker: alice,
                operator: op,
                salt,
                expiry
            }
        )
        ._0,
        approval_digest(reg.address(), alice, op, salt, expiry)
    );

    // -- slashing, queue, views, completion --
    let slashed = ok(
        &reg,
        manager,
        slashOperatorCall {
            operator: op,
            vault: v,
            magnitude: WAD / 2,
        },
    )
    .shares;
    assert_eq!(slashed, e18(5));
    vault
        .sender(manager)
        .burn_slashed_shares(slashed, Address::ZERO)
        .motsu_unwrap();
    let id = ok(
        &reg,
        alice,
        queueWithdrawalCall {
            vaults: vec![v],
            shares: vec![e18(4)],
        },
    )
    .withdrawal_id;
    assert_eq!(id, U256::from(1));
    assert_eq!(ok(&reg, alice, withdrawalCountCall {})._0, U256::from(1));
    let w = ok(&reg, alice, withdrawalCall { id });
    assert_eq!(
        (w.staker, w.operator, w.claimable_at, w.completed, w.entries),
        (alice, op, T0 + DELAY, false, 1)
    );
    let e = ok(&reg, alice, withdrawalEntryCall { id, index: 0 });
    assert_eq!((e.vault, e.scaled_shares), (v, e18(4)));
    assert_eq!(
        ok(
            &reg,
            alice,
            slashableQueuedSharesCall {
                operator: op,
                vault: v
            }
        )
        ._0,
        e18(4)
    );
    assert_eq!(
        ok(&reg, alice, pendingRedeemRequestCall { id, vault: v }).shares,
        e18(2)
    );
    ok(
        &reg,
        owner,
        setTestTimestampCall {
            timestamp: T0 + DELAY,
        },
    );
    assert_eq!(
        ok(&reg, alice, claimableRedeemRequestCall { id, vault: v }).shares,
        e18(2)
    );
    ok(
        &reg,
        alice,
        completeWithdrawalCall {
            id,
            receive_as_tokens: true,
        },
    );
    assert_eq!(env.balance(alice), e18(2));

    // -- undelegate, redelegate --
    let id2 = ok(
        &reg,
        alice,
        redelegateCall {
            new_operator: op2,
            signature: vec![].into(),
            expiry: U256::ZERO,
            salt: B256::ZERO,
        },
    )
    .withdrawal_id;
    assert_eq!(id2, U256::from(2));
    assert_eq!(ok(&reg, alice, delegatedToCall { staker: alice })._0, op2);
    assert_eq!(
        ok(&reg, alice, undelegateCall { staker: alice }).withdrawal_id,
        U256::ZERO
    );

    // -- the hook refuses strangers, with the typed error --
    let err = call(
        &reg,
        other,
        onDepositCall {
            staker: alice,
            prev_deposit_shares: U256::ZERO,
            added_shares: U256::from(1),
        }
        .abi_encode(),
    )
    .unwrap_err();
    assert_eq!(err, RegistryUnauthorized { caller: other }.abi_encode());

    // -- owner, two-step --
    let added = Address::with_last_byte(0x77);
    ok(&reg, owner, addVaultCall { vault: added });
    assert!(ok(&reg, alice, isVaultCall { vault: added })._0);
    let err = call(
        &reg,
        owner,
        setSlashingManagerCall { manager: other }.abi_encode(),
    )
    .unwrap_err();
    assert_eq!(
        err,
        RegistrySlashingManagerAlreadySet {
            slashing_manager: manager
        }
        .abi_encode()
    );
    ok(&reg, owner, transferOwnershipCall { new_owner: other });
    assert_eq!(ok(&reg, alice, pendingOwnerCall {})._0, other);
    ok(&reg, other, acceptOwnershipCall {});
    assert_eq!(ok(&reg, alice, ownerCall {})._0, other);
    ok(&reg, other, renounceOwnershipCall {});
    assert_eq!(ok(&reg, alice, ownerCall {})._0, Address::ZERO);
}

#[motsu::test]
fn constructor_routes_once(reg: Contract<OperatorRegistry>, owner: Address) {
    let mut input = Vec::new();
    input.extend_from_slice(owner.into_word().as_slice());
    input.extend_from_slice(&U256::from(77).to_be_bytes::<32>());
    // The extension (none natively: a native build serves every route).
    input.extend_from_slice(Address::ZERO.into_word().as_slice());
    let mut c = reg.sender(owner);
    let first =
        <OperatorRegistry as Router<OperatorRegistry>>::constructor(&mut c, &input).unwrap();
    assert_eq!(first, Ok(Vec::new()));
    let again =
        <OperatorRegistry as Router<OperatorRegistry>>::constructor(&mut c, &input).unwrap();
    assert_eq!(again, Err(Vec::new()));
    drop(c);
    assert_eq!(ok(&reg, owner, ownerCall {})._0, owner);
    assert_eq!(ok(&reg, owner, withdrawalDelayCall {})._0, 77);
}

#[motsu::test]
fn malformed_calldata_and_value_are_rejected(
    reg: Contract<OperatorRegistry>,
    vault: Contract<Vault>,
    lst: Contract<MockLst>,
    owner: Address,
    manager: Address,
    alice: Address,
) {
    let _env = setup(&reg, &vault, &lst, owner, manager);
    // The kit's policy: `RegistryInvalidCalldata(selector)`, nothing run.
    let refused = |data: &[u8]| {
        let selector = FixedBytes::<4>::from_slice(&data[..4]);
        Err(RegistryInvalidCalldata { selector }.abi_encode())
    };
    // Unknown selector: no route serves it, and the hand-off to the
    // extension (the core wasm's alone) refuses it natively.
    let mut c = reg.sender(alice);
    assert_eq!(
        <OperatorRegistry as Router<OperatorRegistry>>::route(&mut c, 0xdeadbeef, &[]),
        None
    );
    assert_eq!(
        c.unknown(&[0xde, 0xad, 0xbe, 0xef])
            .map_err(Vec::<u8>::from),
        refused(&[0xde, 0xad, 0xbe, 0xef])
    );
    drop(c);
    // Short calldata.
    let mut data = isOperatorCall { operator: alice }.abi_encode();
    data.truncate(20);
    assert_eq!(call(&reg, alice, data.clone()), refused(&data));
    // An address with dirty upper bytes.
    let mut data = isOperatorCall { operator: alice }.abi_encode();
    data[4] = 1;
    assert_eq!(call(&reg, alice, data.clone()), refused(&data));
    // A uint64 argument out of range.
    let mut data = slashOperatorCall {
        operator: alice,
        vault: alice,
        magnitude: 1,
    }
    .abi_encode();
    data[4 + 64 + 23] = 1;
    assert_eq!(call(&reg, manager, data.clone()), refused(&data));
    // A bool that is neither 0 nor 1.
    let mut data = completeWithdrawalCall {
        id: U256::from(1),
        receive_as_tokens: true,
    }
    .abi_encode();
    data[4 + 63] = 2;
    assert_eq!(call(&reg, alice, data.clone()), refused(&data));
    // A dynamic argument whose offset points past the end.
    let mut data = updateOperatorMetadataURICall {
        metadata_uri: "x".into(),
    }
    .abi_encode();
    data[4 + 31] = 0xff;
    assert_eq!(call(&reg, alice, data.clone()), refused(&data));
    // An array whose length runs past the end.
    let mut data = queueWithdrawalCall {
        vaults: vec![alice],
        shares: vec![U256::from(1)],
    }
    .abi_encode();
    let len_at = 4 + 64 + 31;
    data[len_at] = 9;
    assert_eq!(call(&reg, alice, data.clone()), refused(&data));
    // Value attached to a non-payable entry point.
    alice.fund(U256::from(1));
    let mut c = reg.sender_and_value(alice, U256::from(1));
    let data = isOperatorCall { operator: alice }.abi_encode();
    let sel = u32::from_be_bytes([data[0], data[1], data[2], data[3]]);
    assert_eq!(
        <OperatorRegistry as Router<OperatorRegistry>>::route(&mut c, sel, &data[4..]),
        Some(refused(&data))
    );
}
