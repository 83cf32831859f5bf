//! What each contract under test answers (its router's policy, its
//! privileged callers), and the cases: a probe and what it must do.

use alloy::json_abi::Function;
use alloy::primitives::{keccak256, Address, U256};
use restake_e2e::abi_catalog::Interface;

/// How a contract's router answers calldata it cannot decode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Router {
    /// The kit's route table (`docs/kit.md`), every contract's: reads the
    /// words it needs as Solidity's decoder does (strict widths, offsets and
    /// lengths inside the data; trailing data ignored, dynamic data anywhere
    /// in range) and answers a malformed call with the error `invalid`
    /// names: `None` for an empty revert, `Some(selector)` for
    /// `…InvalidCalldata(bytes4 selector)`.
    Hand { invalid: Option<[u8; 4]> },
}

/// What one contract under test answers.
pub struct Target {
    pub name: &'static str,
    pub address: Address,
    pub abi: Interface,
    pub router: Router,
    /// Has a `receive`: empty calldata with no ETH succeeds, changing nothing.
    pub receives: bool,
    /// ETH sent to a non-payable function: refused by the router itself
    /// (`InvalidCalldata`), not before it (an empty revert).
    pub value_in_router: bool,
    /// Reply to the constructor's selector after construction.
    pub constructor_reply: Vec<u8>,
    /// Functions of the ABI file compiled out of the release wasm.
    pub absent: &'static [&'static str],
    /// Privileged callers whose well-formed extreme calls are traced.
    pub callers: Vec<(&'static str, Address)>,
    /// Passes a callee's empty revert (or return data it cannot decode) on
    /// as an empty revert (the sub-account's `LrtAccount::Error::Call`), so
    /// a well-formed call that made a nested call may revert empty.
    pub passes_empty_reverts: bool,
}

impl Target {
    /// Revert data for a malformed call whose first four bytes are `sel`.
    pub fn malformed(&self, sel: [u8; 4]) -> Vec<u8> {
        match self.router {
            Router::Hand { invalid: None } => Vec::new(),
            Router::Hand {
                invalid: Some(error),
            } => invalid_calldata(error, sel),
        }
    }

    /// Revert data for ETH sent with a call to non-payable `sel`.
    pub fn value_refused(&self, sel: [u8; 4]) -> Vec<u8> {
        if self.value_in_router {
            self.malformed(sel)
        } else {
            Vec::new()
        }
    }

    /// Revert data for calldata of one to three bytes (no selector).
    pub fn short(&self) -> Vec<u8> {
        self.malformed([0; 4])
    }

    pub fn is_absent(&self, f: &Function) -> bool {
        self.absent.contains(&f.signature().as_str())
    }
}

/// `…InvalidCalldata(bytes4 sel)` revert data for the error `error`.
pub fn invalid_calldata(error: [u8; 4], sel: [u8; 4]) -> Vec<u8> {
    let mut d = error.to_vec();
    d.extend_from_slice(&sel);
    d.extend_from_slice(&[0; 28]);
    d
}

pub fn selector_of(signature: &str) -> [u8; 4] {
    keccak256(signature.as_bytes())[..4].try_into().unwrap()
}

/// stylus-sdk's constructor selector (`stylus_constructor()`).
pub fn constructor_selector() -> [u8; 4] {
    selector_of("stylus_constructor()")
}

/// What a case must do.
#[derive(Clone, Debug)]
pub enum Expect {
    /// Revert with exactly this data.
    Revert(Vec<u8>),
    /// Succeed, return nothing and change nothing (`receive` with no ETH).
    NoOp,
    /// Behave exactly as this canonical calldata (traced calls only).
    SameAs(Vec<u8>),
    /// Well-formed: succeed, or revert with a typed error of the suite.
    WellFormed,
    /// Random: any documented answer (a malformed-call reply, a success, or a
    /// typed error).
    Any,
}

/// One probe and what it must do.
#[derive(Clone, Debug)]
pub struct Case {
    pub label: String,
    pub input: Vec<u8>,
    pub value: U256,
    pub expect: Expect,
}
