//! The OpenZeppelin errors and events we declare ourselves (`ownable`,
//! `erc20`) are OpenZeppelin's: the same selectors and topics as
//! openzeppelin-stylus's `sol!` items, so wallets and explorers that know
//! OpenZeppelin's decode ours.
use alloy_sol_types::{SolError, SolEvent};
use openzeppelin_stylus::{
    access::{ownable, ownable_two_step},
    token::erc20::{self, extensions::permit, utils::safe_erc20},
    utils::{cryptography::ecdsa, pausable},
};
use restake_interfaces::{erc20 as ours_erc20, ownable as ours, pausable as ours_pausable};

#[test]
fn ownable_errors_and_events_are_openzeppelins() {
    assert_eq!(
        ours::OwnableUnauthorizedAccount::SELECTOR,
        ownable::OwnableUnauthorizedAccount::SELECTOR
    );
    assert_eq!(
        ours::OwnableInvalidOwner::SELECTOR,
        ownable::OwnableInvalidOwner::SELECTOR
    );
    assert_eq!(
        ours::OwnershipTransferred::SIGNATURE_HASH,
        ownable::OwnershipTransferred::SIGNATURE_HASH
    );
    assert_eq!(
        ours::OwnershipTransferStarted::SIGNATURE_HASH,
        ownable_two_step::OwnershipTransferStarted::SIGNATURE_HASH
    );
}

#[test]
fn erc20_permit_and_ecdsa_errors_are_openzeppelins() {
    let pairs: [([u8; 4], [u8; 4]); 11] = [
        (
            ours_erc20::ERC20InsufficientBalance::SELECTOR,
            erc20::ERC20InsufficientBalance::SELECTOR,
        ),
        (
            ours_erc20::ERC20InsufficientAllowance::SELECTOR,
            erc20::ERC20InsufficientAllowance::SELECTOR,
        ),
        (
            ours_erc20::ERC20InvalidSender::SELECTOR,
            erc20::ERC20InvalidSender::SELECTOR,
        ),
        (
            ours_erc20::ERC20InvalidReceiver::SELECTOR,
            erc20::ERC20InvalidReceiver::SELECTOR,
        ),
        (
            ours_erc20::ERC20InvalidSpender::SELECTOR,
            erc20::ERC20InvalidSpender::SELECTOR,
        ),
        (
            ours_erc20::ERC2612ExpiredSignature::SELECTOR,
            permit::ERC2612ExpiredSignature::SELECTOR,
        ),
        (
            ours_erc20::ERC2612InvalidSigner::SELECTOR,
            permit::ERC2612InvalidSigner::SELECTOR,
        ),
        (
            ours_erc20::ECDSAInvalidSignature::SELECTOR,
            ecdsa::ECDSAInvalidSignature::SELECTOR,
        ),
        (
            ours_erc20::ECDSAInvalidSignatureS::SELECTOR,
            ecdsa::ECDSAInvalidSignatureS::SELECTOR,
        ),
        (
            ours_erc20::ERC20InvalidApprover::SELECTOR,
            erc20::ERC20InvalidApprover::SELECTOR,
        ),
        (
            ours_erc20::SafeErc20FailedOperation::SELECTOR,
            safe_erc20::SafeErc20FailedOperation::SELECTOR,
        ),
    ];
    for (i, (ours, theirs)) in pairs.iter().enumerate() {
        assert_eq!(ours, theirs, "error {i}");
    }
    // Every ERC-20 error declared here, and SafeERC20's (the kit's).
    assert_eq!(ours_erc20::ERRORS.len() + 1, pairs.len());
    assert_eq!(
        ours_erc20::Transfer::SIGNATURE_HASH,
        erc20::Transfer::SIGNATURE_HASH
    );
    assert_eq!(
        ours_erc20::Approval::SIGNATURE_HASH,
        erc20::Approval::SIGNATURE_HASH
    );
}

#[test]
fn pausable_errors_and_events_are_openzeppelins() {
    assert_eq!(
        ours_pausable::EnforcedPause::SELECTOR,
        pausable::EnforcedPause::SELECTOR
    );
    assert_eq!(
        ours_pausable::ExpectedPause::SELECTOR,
        pausable::ExpectedPause::SELECTOR
    );
    assert_eq!(
        ours_pausable::Paused::SIGNATURE_HASH,
        pausable::Paused::SIGNATURE_HASH
    );
    assert_eq!(
        ours_pausable::Unpaused::SIGNATURE_HASH,
        pausable::Unpaused::SIGNATURE_HASH
    );
}
