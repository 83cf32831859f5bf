//! What runs mid-call and around it: the hooks the token tries from inside
//! its transfer, the honest operations that move the token, and the changes
//! each operation must make by itself (its anchors).

use std::collections::BTreeMap;

use alloy::primitives::{Address, U256};
use alloy::sol_types::SolCall;
use restake_e2e::bindings::{ILrt, IOperatorRegistry, ISlashingManager, IVault};
use restake_e2e::{e18, WAD};

use crate::world::{ILrtAccountCalls, World};

/// One call the token makes from inside its own transfer.
#[derive(Clone)]
pub struct Hook {
    pub label: &'static str,
    pub target: Address,
    pub data: Vec<u8>,
}

/// The calls the token tries mid-call: everything that could move its
/// positions or the books.
pub fn hooks(w: &World) -> Vec<Hook> {
    let h = |label, target, data: Vec<u8>| Hook {
        label,
        target,
        data,
    };
    let t = w.token;
    vec![
        h(
            "tokenVault.deposit",
            w.token_vault,
            IVault::depositCall {
                assets: e18(1),
                receiver: t,
            }
            .abi_encode(),
        ),
        h(
            "tokenVault.mint",
            w.token_vault,
            IVault::mintCall {
                shares: e18(1),
                receiver: t,
            }
            .abi_encode(),
        ),
        h(
            "registry.queueWithdrawal",
            w.registry,
            IOperatorRegistry::queueWithdrawalCall {
                vaults: vec![w.token_vault],
                shares: vec![e18(1)],
            }
            .abi_encode(),
        ),
        h(
            "registry.completeWithdrawal",
            w.registry,
            IOperatorRegistry::completeWithdrawalCall {
                id: w.token_withdrawal,
                receiveAsTokens: true,
            }
            .abi_encode(),
        ),
        h(
            "lrt.depositToken",
            w.lrt,
            ILrt::depositTokenCall {
                token: t,
                amount: e18(1),
                minShares: U256::ZERO,
            }
            .abi_encode(),
        ),
        h(
            "lrt.instantRedeem",
            w.lrt,
            ILrt::instantRedeemCall {
                shares: e18(1),
                asset: t,
                minOut: U256::ZERO,
                receiver: t,
            }
            .abi_encode(),
        ),
        h(
            "lrt.requestRedeem",
            w.lrt,
            ILrt::requestRedeemCall {
                shares: e18(1),
                asset: t,
            }
            .abi_encode(),
        ),
        h(
            "lrt.claimRedeem",
            w.lrt,
            ILrt::claimRedeemCall {
                requestId: w.token_claimable,
                receiver: t,
            }
            .abi_encode(),
        ),
        h(
            "lrt.finalizeRedeem",
            w.lrt,
            ILrt::finalizeRedeemCall {
                requestId: w.token_pending,
            }
            .abi_encode(),
        ),
        h(
            "lrt.checkpoint",
            w.lrt,
            ILrt::checkpointCall {}.abi_encode(),
        ),
        h(
            "lrt.transfer",
            w.lrt,
            ILrt::transferCall {
                to: w.alice,
                value: U256::from(1),
            }
            .abi_encode(),
        ),
        h(
            "lrt.completeUnstake",
            w.lrt,
            ILrt::completeUnstakeCall {
                operator: w.operator,
                withdrawalId: w.unstake,
            }
            .abi_encode(),
        ),
        h(
            "subAccount.complete",
            w.account,
            ILrtAccountCalls::completeCall {
                id: w.unstake,
                to: t,
            }
            .abi_encode(),
        ),
    ]
}

/// An operation an honest party makes that moves the token.
pub struct Scenario {
    pub label: &'static str,
    pub from: Address,
    pub to: Address,
    pub data: Vec<u8>,
    /// A transaction `(from, to, data)` applied, without hooks, to the base
    /// state before this scenario and every later one (none: nothing).
    pub prepare: Option<(Address, Address, Vec<u8>)>,
}

pub fn scenarios(w: &World) -> Vec<Scenario> {
    let s = |label, from, to, data: Vec<u8>| Scenario {
        label,
        from,
        to,
        data,
        prepare: None,
    };
    vec![
        s(
            "alice deposits into the token vault (transferFrom alice -> vault)",
            w.alice,
            w.token_vault,
            IVault::depositCall {
                assets: e18(10),
                receiver: w.alice,
            }
            .abi_encode(),
        ),
        s(
            "alice completes her withdrawal as tokens (transfer vault -> alice)",
            w.alice,
            w.registry,
            IOperatorRegistry::completeWithdrawalCall {
                id: w.alice_withdrawal,
                receiveAsTokens: true,
            }
            .abi_encode(),
        ),
        s(
            "alice mints LRT from the token (transferFrom alice -> Lrt)",
            w.alice,
            w.lrt,
            ILrt::depositTokenCall {
                token: w.token,
                amount: e18(10),
                minShares: U256::ZERO,
            }
            .abi_encode(),
        ),
        s(
            "alice exits instantly in the token (transfer Lrt -> alice)",
            w.alice,
            w.lrt,
            ILrt::instantRedeemCall {
                shares: e18(5),
                asset: w.token,
                minOut: U256::ZERO,
                receiver: w.alice,
            }
            .abi_encode(),
        ),
        s(
            "alice claims her redemption (transfer Lrt -> alice)",
            w.alice,
            w.lrt,
            ILrt::claimRedeemCall {
                requestId: w.alice_claimable,
                receiver: w.alice,
            }
            .abi_encode(),
        ),
        s(
            "the manager restakes the token (transferFrom Lrt -> vault)",
            w.owner,
            w.lrt,
            ILrt::restakeCall {
                operator: w.operator,
                asset: w.token,
                amount: e18(5),
            }
            .abi_encode(),
        ),
        s(
            "anyone completes the Lrt's unstake (vault -> sub-account -> Lrt)",
            w.alice,
            w.lrt,
            ILrt::completeUnstakeCall {
                operator: w.operator,
                withdrawalId: w.unstake,
            }
            .abi_encode(),
        ),
        // Last: its preparation, the AVS's slash of 10% into its recipient
        // (the shares wait in the manager, #15), moves the Lrt's books.
        Scenario {
            prepare: Some((
                w.avs,
                w.manager,
                ISlashingManager::slashCall {
                    operator: w.operator,
                    avs: w.avs,
                    setId: 1,
                    vaults: vec![w.token_vault],
                    wadFraction: WAD / 10,
                    description: "reentrancy".into(),
                }
                .abi_encode(),
            )),
            ..s(
                "anyone releases a slash's shares to its recipient (transfer vault -> recipient)",
                w.alice,
                w.manager,
                ISlashingManager::releaseSlashedCall {
                    vault: w.token_vault,
                    recipient: w.recipient,
                }
                .abi_encode(),
            )
        },
    ]
}

pub const E18: i128 = 1_000_000_000_000_000_000;

/// What the operation itself must do, exactly, where its amounts are fixed
/// (the token vault's price is 1 until the slash): per scenario (in the
/// order of [`scenarios`]), the change of some books over the sequential
/// run, in wei.
pub fn anchors(scenario: usize) -> &'static [(&'static str, i128)] {
    match scenario {
        // 10 tokens in, 10 shares out.
        0 => &[
            ("token.balanceOf(alice)", -10 * E18),
            ("tokenVault.depositShares(alice)", 10 * E18),
            ("tokenVault.totalAssets", 10 * E18),
        ],
        // Her 40 queued shares pay 40 tokens.
        1 => &[
            ("token.balanceOf(alice)", 40 * E18),
            ("tokenVault.totalAssets", -40 * E18),
        ],
        // 5 tokens from the Lrt's idle into the sub-account's position.
        5 => &[
            ("token.balanceOf(lrt)", -5 * E18),
            ("tokenVault.depositShares(sub-account)", 5 * E18),
        ],
        // The 20 shares the Lrt queued come back to it as 20 tokens.
        6 => &[
            ("token.balanceOf(lrt)", 20 * E18),
            ("tokenVault.totalAssets", -20 * E18),
        ],
        _ => &[],
    }
}

/// A book's value (one ABI word) as a signed number.
pub fn word(books: &BTreeMap<String, String>, key: &str) -> i128 {
    let v: U256 = books[key][..66].parse().expect("a word");
    i128::try_from(v).expect("fits i128")
}
