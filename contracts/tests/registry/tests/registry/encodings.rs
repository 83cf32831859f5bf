//! Encodings: every hand-encoded error equals its `sol!` type; math failures
//! are typed and change nothing.

use super::*;

/// Every hand-encoded error equals its `sol!` encoding.
#[test]
fn errors_encode_as_their_sol_types() {
    let a = Address::with_last_byte(1);
    let b = Address::with_last_byte(2);
    let x = U256::from(7);
    let cases: Vec<(Error, Vec<u8>)> = vec![
        (
            Error::Unauthorized(RegistryUnauthorized { caller: a }),
            RegistryUnauthorized { caller: a }.abi_encode(),
        ),
        (
            Error::ZeroAddress(RegistryZeroAddress {}),
            RegistryZeroAddress {}.abi_encode(),
        ),
        (
            Error::AlreadyOperator(RegistryAlreadyOperator { account: a }),
            RegistryAlreadyOperator { account: a }.abi_encode(),
        ),
        (
            Error::NotOperator(RegistryNotOperator { account: a }),
            RegistryNotOperator { account: a }.abi_encode(),
        ),
        (
            Error::AlreadyDelegated(RegistryAlreadyDelegated {
                staker: a,
                operator: b,
            }),
            RegistryAlreadyDelegated {
                staker: a,
                operator: b,
            }
            .abi_encode(),
        ),
        (
            Error::NotDelegated(RegistryNotDelegated { staker: a }),
            RegistryNotDelegated { staker: a }.abi_encode(),
        ),
        (
            Error::OperatorCannotUndelegate(RegistryOperatorCannotUndelegate { operator: a }),
            RegistryOperatorCannotUndelegate { operator: a }.abi_encode(),
        ),
        (
            Error::SignatureExpired(RegistrySignatureExpired {
                expiry: x,
                timestamp: 9,
            }),
            RegistrySignatureExpired {
                expiry: x,
                timestamp: 9,
            }
            .abi_encode(),
        ),
        (
            Error::SaltSpent(RegistrySaltSpent {
                approver: a,
                salt: B256::with_last_byte(3),
            }),
            RegistrySaltSpent {
                approver: a,
                salt: B256::with_last_byte(3),
            }
            .abi_encode(),
        ),
        (
            Error::InvalidSignature(RegistryInvalidSignature {
                approver: a,
                signer: b,
            }),
            RegistryInvalidSignature {
                approver: a,
                signer: b,
            }
            .abi_encode(),
        ),
        (
            Error::VaultNotRegistered(RegistryVaultNotRegistered { vault: a }),
            RegistryVaultNotRegistered { vault: a }.abi_encode(),
        ),
        (
            Error::VaultAlreadyAdded(RegistryVaultAlreadyAdded { vault: a }),
            RegistryVaultAlreadyAdded { vault: a }.abi_encode(),
        ),
        (
            Error::TooManyVaults(RegistryTooManyVaults { max: x, count: x }),
            RegistryTooManyVaults { max: x, count: x }.abi_encode(),
        ),
        (
            Error::InvalidWithdrawal(RegistryInvalidWithdrawal {
                vaults: x,
                shares: U256::ZERO,
            }),
            RegistryInvalidWithdrawal {
                vaults: x,
                shares: U256::ZERO,
            }
            .abi_encode(),
        ),
        (
            Error::ZeroShares(RegistryZeroShares { vault: a }),
            RegistryZeroShares { vault: a }.abi_encode(),
        ),
        (
            Error::WithdrawalNotFound(RegistryWithdrawalNotFound { id: x }),
            RegistryWithdrawalNotFound { id: x }.abi_encode(),
        ),
        (
            Error::WithdrawalCompleted(RegistryWithdrawalCompleted { id: x }),
            RegistryWithdrawalCompleted { id: x }.abi_encode(),
        ),
        (
            Error::WithdrawalDelayPending(RegistryWithdrawalDelayPending {
                id: x,
                claimable_at: 5,
                timestamp: 4,
            }),
            RegistryWithdrawalDelayPending {
                id: x,
                claimable_at: 5,
                timestamp: 4,
            }
            .abi_encode(),
        ),
        (
            Error::OperatorFullySlashed(RegistryOperatorFullySlashed {
                operator: a,
                vault: b,
            }),
            RegistryOperatorFullySlashed {
                operator: a,
                vault: b,
            }
            .abi_encode(),
        ),
        (
            Error::MagnitudeExceeded(RegistryMagnitudeExceeded {
                operator: a,
                vault: b,
                current: 1,
                requested: 2,
            }),
            RegistryMagnitudeExceeded {
                operator: a,
                vault: b,
                current: 1,
                requested: 2,
            }
            .abi_encode(),
        ),
        (
            Error::SlashingManagerAlreadySet(RegistrySlashingManagerAlreadySet {
                slashing_manager: a,
            }),
            RegistrySlashingManagerAlreadySet {
                slashing_manager: a,
            }
            .abi_encode(),
        ),
        (
            Error::Math(RegistryMathError { code: 2 }),
            RegistryMathError { code: 2 }.abi_encode(),
        ),
        (Error::Vault(vec![1, 2, 3]), vec![1, 2, 3]),
    ];
    for (err, expected) in cases {
        assert_eq!(Vec::<u8>::from(err), expected);
    }
}

/// Math failures are typed (`RegistryMathError(code)`) and change nothing.
#[motsu::test]
fn math_errors_are_typed_and_change_nothing(
    reg: Contract<OperatorRegistry>,
    vault: Contract<Vault>,
    lst: Contract<MockLst>,
    owner: Address,
    manager: Address,
    op: Address,
    alice: Address,
) {
    let env = setup(&reg, &vault, &lst, owner, manager);
    let v = vault.address();
    env.register(op);
    env.delegate(alice, op);
    // A hook claiming a position that cannot grow without overflowing.
    let err = reg
        .sender(v)
        .on_deposit(alice, U256::MAX, U256::from(1))
        .motsu_unwrap_err();
    assert!(matches!(err, Error::Math(e) if e.code == restake_interfaces::math_code::OVERFLOW));
    assert_eq!(
        reg.sender(alice).deposit_scaling_factor(alice, v),
        U256::ZERO
    );
    assert_eq!(env.stake(op), U256::ZERO);
}
