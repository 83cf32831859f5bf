//! Regression tests of the security findings on the Lrt's staking
//! sub-account (issue #11: I-1, L-5), each named after the attack it
//! defeats, against the real operator registry and real vaults (motsu).
//! Every amount is exact.
use alloy_primitives::{uint, Address, B256, U256};
use alloy_sol_types::SolError;
use motsu::prelude::*;
use restake_interfaces::lrt::*;
use restake_lrt_account::{Error as AccountError, LrtAccount};
use restake_lrt_tests::Wallet;
use stylus_sdk::abi::Bytes;

#[allow(dead_code)]
const E18: U256 = uint!(1_000_000_000_000_000_000_U256);

/// The revert data the account returns for `e`.
fn data(e: AccountError) -> Vec<u8> {
    e.into()
}

// ---------------------------------------------------------------------------
// I-1: the sub-account implementation initialized by anyone
// ---------------------------------------------------------------------------

/// I-1. Attack: the implementation every clone delegates to was deployed
/// without construction, so a stranger could `initialize` it, become its
/// controller forever and `execute` arbitrary calls from it. Now the
/// deployment runs its constructor, which makes the implementation its own
/// controller (`AccountInitialized(implementation)`): a stranger's
/// `initialize` reverts `LrtAccountInitialized(implementation)`, and
/// `execute`, `delegate`, `queue`, `record` and `complete` revert
/// `LrtAccountUnauthorized(stranger)` (as for the deployer). A clone, which
/// never runs the constructor, is initialized by the Lrt and keeps working;
/// the constructor, open to anyone on a clone, refuses there
/// (`LrtAccountInitialized(lrt)`) and leaves the Lrt its controller.
#[motsu::test]
fn i1_implementation_is_locked_at_deployment(
    implementation: Contract<LrtAccount>,
    clone: Contract<LrtAccount>,
    wallet: Contract<Wallet>,
    deployer: Address,
    stranger: Address,
    lrt: Address,
    registry: Address,
) {
    // Deployment: the StylusDeployer constructs the implementation.
    implementation.sender(deployer).constructor().motsu_unwrap();

    // The attack: initialize it, then drive it.
    let locked = LrtAccountInitialized {
        controller: implementation.address(),
    }
    .abi_encode();
    let err = implementation
        .sender(stranger)
        .initialize(registry)
        .motsu_unwrap_err();
    assert_eq!(data(err), locked);
    assert_eq!(
        implementation.sender(stranger).controller(),
        implementation.address()
    );
    implementation.assert_emitted(&AccountInitialized {
        controller: implementation.address(),
    });
    for who in [stranger, deployer] {
        let unauthorized = LrtAccountUnauthorized { caller: who }.abi_encode();
        let err = implementation
            .sender(who)
            .execute(who, U256::ZERO, Bytes::from(vec![0xde, 0xad]))
            .motsu_unwrap_err();
        assert_eq!(data(err), unauthorized);
        let err = implementation
            .sender(who)
            .delegate(who, Bytes::from(Vec::new()), U256::ZERO, B256::ZERO)
            .motsu_unwrap_err();
        assert_eq!(data(err), unauthorized);
        let err = implementation
            .sender(who)
            .queue(who, U256::from(1))
            .motsu_unwrap_err();
        assert_eq!(data(err), unauthorized);
        let err = implementation.sender(who).record(who).motsu_unwrap_err();
        assert_eq!(data(err), unauthorized);
        let err = implementation
            .sender(who)
            .complete(U256::from(1), who)
            .motsu_unwrap_err();
        assert_eq!(data(err), unauthorized);
    }
    // Constructing again changes nothing.
    assert_eq!(
        data(
            implementation
                .sender(stranger)
                .constructor()
                .motsu_unwrap_err()
        ),
        locked
    );

    // A clone: its own storage, initialized by the Lrt in the creating
    // transaction, never constructed. A stranger's constructor call there
    // is refused and the Lrt stays its controller.
    clone.sender(lrt).initialize(registry).motsu_unwrap();
    clone.assert_emitted(&AccountInitialized { controller: lrt });
    assert_eq!(
        data(clone.sender(stranger).constructor().motsu_unwrap_err()),
        LrtAccountInitialized { controller: lrt }.abi_encode()
    );
    assert_eq!(clone.sender(stranger).controller(), lrt);
    // The Lrt still drives it (a plain call out with no data).
    clone
        .sender(lrt)
        .execute(wallet.address(), U256::ZERO, Bytes::from(Vec::new()))
        .motsu_unwrap();
}
