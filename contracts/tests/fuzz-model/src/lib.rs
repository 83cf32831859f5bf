//! # The whole-protocol fuzzer's model (issue #12)
//!
//! Shared by the native stateful property test (`restake-protocol-tests`,
//! motsu + proptest) and the devnet run (`restake-e2e`'s
//! `protocol_fuzz_devnet`), so the release wasm and the native build play
//! the same sequences against the same checks:
//!
//! * [`action`]: the world's fixed shape (actors, the three operator sets,
//!   the delays, funding) and the [`Action`]s, decoded from raw tuples
//!   ([`Action::decode`]) that proptest shrinks or [`generate`] draws from a
//!   seed;
//! * [`Protocol`]: every action and view the runner needs, by actor and
//!   asset (each side maps them to addresses and calls);
//! * [`run`]: plays the [`prelude`] and a sequence, keeps a model (every
//!   actor's expected balances, the withdrawal queue, slash requests, Lrt
//!   requests and sub-accounts, the magnitude history) and checks after
//!   every step the eight invariants of `protocol.md` and the Lrt's books
//!   (see `docs/fuzzing.md` for where each is checked).
//!
//! It depends on `restake-math` only (and alloy-primitives 0.8 through it;
//! both workspaces resolve it to the same `ruint` type as their own `U256`).
#![deny(missing_docs)]

pub mod action;
pub mod protocol;
mod runner;

pub use action::*;
pub use protocol::*;
pub use restake_math::U256;
pub use runner::{run, run_actions, Stats};

use alloy_primitives::keccak256;
use std::sync::OnceLock;

/// The Solidity interfaces exported from the contracts (`abi/*.sol`): their
/// `error` declarations are the suite's typed errors.
const ABI: [&str; 7] = [
    include_str!("../../../../abi/IEvidenceVerifier.sol"),
    include_str!("../../../../abi/ILrt.sol"),
    include_str!("../../../../abi/ILrtAccount.sol"),
    include_str!("../../../../abi/IMockLst.sol"),
    include_str!("../../../../abi/IOperatorRegistry.sol"),
    include_str!("../../../../abi/ISlashingManager.sol"),
    include_str!("../../../../abi/IVault.sol"),
];

/// Every custom error the suite declares: (selector, name).
pub fn declared_errors() -> &'static [([u8; 4], String)] {
    static ERRORS: OnceLock<Vec<([u8; 4], String)>> = OnceLock::new();
    ERRORS.get_or_init(|| {
        let mut out: Vec<([u8; 4], String)> = Vec::new();
        for line in ABI.iter().flat_map(|f| f.lines()) {
            let line = line.trim();
            let Some(rest) = line.strip_prefix("error ") else {
                continue;
            };
            let Some((name, args)) = rest.split_once('(') else {
                continue;
            };
            let args = args.split(')').next().unwrap_or_default();
            // Types only: "address spender, uint256 x" → "address,uint256".
            let types: Vec<&str> = args
                .split(',')
                .map(|a| a.split_whitespace().next().unwrap_or_default())
                .filter(|t| !t.is_empty())
                .collect();
            let signature = format!("{}({})", name.trim(), types.join(","));
            let hash = keccak256(signature.as_bytes());
            let selector = [hash[0], hash[1], hash[2], hash[3]];
            if !out.iter().any(|(s, _)| *s == selector) {
                out.push((selector, name.trim().to_string()));
            }
        }
        out
    })
}

/// Whether `data` is the encoding of a custom error the suite declares (a
/// known selector; an empty revert or a panic is not).
pub fn is_declared_error(data: &[u8]) -> bool {
    error_name(data).is_some()
}

/// The name of the declared custom error `data` encodes.
pub fn error_name(data: &[u8]) -> Option<&'static str> {
    let selector: [u8; 4] = data.get(..4)?.try_into().ok()?;
    declared_errors()
        .iter()
        .find(|(s, _)| *s == selector)
        .map(|(_, n)| n.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_abi_declares_the_errors_the_fuzzer_expects() {
        let names: Vec<&str> = declared_errors().iter().map(|(_, n)| n.as_str()).collect();
        for n in [
            "LrtRateDecreased",
            "RegistryWithdrawalDelayPending",
            "SlashingNothingToSlash",
            "VaultZeroShares",
            "ERC20InsufficientBalance",
            "LrtForcedWithdrawalPending",
        ] {
            assert!(names.contains(&n), "{n} missing");
        }
        // `LrtZeroAmount()`: 0x… of keccak("LrtZeroAmount()").
        let h = keccak256(b"LrtZeroAmount()");
        assert_eq!(error_name(&h[..4]), Some("LrtZeroAmount"));
        assert!(!is_declared_error(&[]));
        assert!(!is_declared_error(&[0xde, 0xad, 0xbe, 0xef]));
    }

    #[test]
    fn decoding_covers_every_action_and_generation_is_seeded() {
        let mut seen = std::collections::BTreeSet::new();
        for kind in 0..=255u8 {
            seen.insert(Action::decode((kind, 1, 2, 3, 4)).name());
        }
        assert_eq!(seen.len(), 37, "{seen:?}");
        assert_eq!(generate(7, 20), generate(7, 20));
        assert_ne!(generate(7, 20), generate(8, 20));
    }
}
