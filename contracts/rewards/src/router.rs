//! The route table (the kit's `routes!`: the whole ABI, which wasm serves
//! each function, its decoding under the kit's malformed-calldata policy
//! and its return encoding), the `Router` `#[entrypoint]` dispatches to
//! (the kit's `router!`), the hand-off of the extension's selectors, and
//! the ABI export.
//!
//! The rewards contract is one contract in two wasms, as the Lrt is
//! (`docs/rewards.md` says why, by gas): the core (the entries without `in
//! ext`: the registry's and the manager's hooks, which every stake change
//! and allocation change enters, `claim`, and `claimerOf`, which the Lrt
//! reads before each claim) and the extension (`in ext`:
//! submissions, commissions, `sync`, claimers, the owner's functions and
//! the views), this crate built again with the `extension` feature. The
//! core delegate-calls the extension for every selector it does not serve,
//! so both run on the contract's storage, balance and address. Each wasm
//! compiles only the arms it serves ([`WASM`]); native builds (tests, ABI
//! export) serve the whole table.

use alloc::vec::Vec;

use alloy_primitives::{Address, U256};
use restake_kit::export::Abi;
use stylus_sdk::prelude::*;

use crate::{Error, Rewards};
use restake_interfaces::rewards::RewardsCallFailed;

/// The wasm this build is: the core (the hooks, `claim`, `claimerOf`), the
/// extension (everything else), or both (natively).
#[cfg(all(target_arch = "wasm32", not(feature = "extension")))]
pub const WASM: u8 = restake_kit::route::CORE;
/// The wasm this build is: the core (the hooks, `claim`, `claimerOf`), the
/// extension (everything else), or both (natively).
#[cfg(all(target_arch = "wasm32", feature = "extension"))]
pub const WASM: u8 = restake_kit::route::EXT;
/// The wasm this build is: the core (the hooks, `claim`, `claimerOf`), the
/// extension (everything else), or both (natively).
#[cfg(not(target_arch = "wasm32"))]
pub const WASM: u8 = restake_kit::route::ALL;

restake_kit::routes! {
    impl Rewards; error Error; invalid Error::invalid_calldata; wasm WASM;
    // -- AVSs --
    /// The caller (an AVS) funds its set `set_id` with `amount` of `token` (ETH: the sentinel, sent as value) over `[start, start + duration)`; with `vaults`, the set's multipliers (WAD, strictly ascending vaults) become `multipliers`. Returns the submission id.
    in ext
    fn submit(set_id: u32, token: Address, amount: U256, start: u64, duration: u64, vaults: Vec<Address>, multipliers: Vec<U256>) payable fallible -> (id: U256) => submit;
    /// Anyone adds `amount` to submission `id`, streamed over the rest of its window.
    in ext
    fn topUp(id: U256, amount: U256) payable fallible => top_up;
    /// The caller (an AVS) takes back what streamed to nobody in its set `set_id` in `token`, to `recipient`; returns the amount.
    in ext
    fn reclaimUnallocated(set_id: u32, token: Address, recipient: Address) fallible -> (amount: U256) => reclaim_unallocated;
    // -- operators --
    /// The caller (an operator) sets its commission in set `(avs, set_id)` to `bps`: a decrease at once, an increase after the withdrawal delay and a day.
    in ext
    fn setCommission(avs: Address, set_id: u32, bps: u16) fallible => set_commission;
    /// Anyone applies what came due for `operator` in set `(avs, set_id)`: allocation changes, multipliers, a commission increase.
    in ext
    fn sync(operator: Address, avs: Address, set_id: u32) fallible => sync;
    // -- earners --
    /// The caller names `claimer` to claim for it (zero: nobody).
    in ext
    fn setClaimerFor(claimer: Address) => set_claimer_for;
    /// Pays `earner`'s accruals in each of `tokens` to `recipient` (by the earner or its claimer); returns the amounts.
    fn claim(earner: Address, tokens: Vec<Address>, recipient: Address) fallible -> (amounts: Vec<U256>) => claim;
    /// What `earner` could claim in `token` now.
    in ext
    fn claimable(earner: Address, token: Address) view fallible -> (amount: U256) => claimable;
    /// `earner`'s claimer (zero: none).
    fn claimerOf(earner: Address) view -> (claimer: Address) => claimer_of;
    // -- hooks --
    /// The registry's hook: `staker`'s scaled shares of `vault` under `operator` moved by `delta` (up if `increase`).
    fn onStakeChange(staker: Address, operator: Address, vault: Address, delta: U256, increase: bool) fallible => on_stake_change;
    /// The manager's hook: `operator`'s allocation of `vault` to `(avs, set_id)` is now `allocation` (limbs `[current, pending, effectAt, increase]`).
    fn onAllocationChange(operator: Address, avs: Address, set_id: u32, vault: Address, allocation: U256) fallible => on_allocation_change;
    /// The registry's hook: it whitelisted `vault` (or was wired to this contract with `vault` listed).
    in ext
    fn onVaultAdded(vault: Address) fallible => on_vault_added;
    // -- views --
    /// Set `(avs, set_id)`'s stream in `token`: its rate per second now, its reward per unit of weight (×1e27), its pending boundaries.
    in ext
    fn stream(avs: Address, set_id: u32, token: Address) view fallible -> (rate: U256, acc: U256, boundaries: u64) => stream;
    /// What of set `(avs, set_id)`'s `token` streamed to nobody so far.
    in ext
    fn unallocated(avs: Address, set_id: u32, token: Address) view fallible -> (amount: U256) => unallocated;
    /// `operator`'s commission in set `(avs, set_id)`: in force, pending, and when the pending one takes effect.
    in ext
    fn commissionOf(operator: Address, avs: Address, set_id: u32) view -> (bps: u16, pending_bps: u16, effect_at: u64) => commission_of;
    /// Set `(avs, set_id)`'s total weight.
    in ext
    fn totalWeight(avs: Address, set_id: u32) view -> (weight: U256) => total_weight;
    /// `operator`'s weight in set `(avs, set_id)` from `vault`, and the allocation word it was computed from.
    in ext
    fn allocationWeight(operator: Address, avs: Address, set_id: u32, vault: Address) view -> (weight: U256, allocation: U256) => allocation_weight;
    /// `staker`'s rewarded (scaled) shares of `vault` and the operator they count for.
    in ext
    fn rewardedShares(staker: Address, vault: Address) view -> (scaled: U256, operator: Address) => rewarded_shares;
    /// `operator`'s scaled shares of `vault`, the sets (`avs << 32 | setId`) it allocates it to, and the tokens its stakers earn in there (at most 16).
    in ext
    fn operatorVault(operator: Address, vault: Address) view -> (scaled: U256, sets: Vec<U256>, tokens: Vec<Address>) => operator_vault;
    /// Set `(avs, set_id)`'s reward tokens (at most 4), in the order they first streamed.
    in ext
    fn setTokens(avs: Address, set_id: u32) view -> (tokens: Vec<Address>) => set_tokens_of;
    /// The operator registry.
    in ext
    fn registry() view -> (registry: Address) => registry;
    /// The slashing manager.
    in ext
    fn manager() view -> (manager: Address) => manager;
    /// The extension wasm the contract delegate-calls for every route but the hooks, `claim` and `claimerOf` (zero in a native build).
    in ext
    fn extension() view -> (extension: Address) => extension;
    // -- owner --
    /// The owner.
    in ext
    fn owner() view -> (owner: Address) => owner;
    /// The account offered ownership, until it accepts (zero for none).
    in ext
    fn pendingOwner() view -> (pending_owner: Address) => pending_owner;
    /// Offers ownership to `new_owner`, who must accept it (owner only).
    in ext
    fn transferOwnership(new_owner: Address) fallible => transfer_ownership;
    /// Takes the ownership offered to the caller.
    in ext
    fn acceptOwnership() fallible => accept_ownership;
    /// Leaves the contract without an owner, for good (owner only).
    in ext
    fn renounceOwnership() fallible => renounce_ownership;
    cfg(feature = "test-clock")
    fn setTestTimestamp(timestamp: u64) => set_test_timestamp;
}

restake_kit::router! {
    impl Rewards; error Error; invalid Error::invalid_calldata;
    abi interface_abi as "IRewards";
    constructor(owner: Address, registry: Address, manager: Address, extension: Address) => constructor;
    unknown => unknown;
}

/// The contract's ABI: its route table, its error enum's variants and its
/// events.
pub fn interface_abi() -> Abi<'static> {
    Abi {
        name: "IRewards",
        doc: &[" The Restake rewards: AVSs stream ETH or any ERC-20 to their operator sets; operators take a commission; stakers earn pro rata to their slashable shares, claimable at once."],
        routes: Rewards::ROUTES,
        errors: Error::ABI.to_vec(),
        events: [
            restake_interfaces::rewards::EVENTS,
            restake_interfaces::ownable::EVENTS,
        ]
        .concat(),
        constructor: Some(Rewards::CONSTRUCTOR),
    }
}

impl Rewards {
    /// A selector this wasm does not serve (`input`: the whole calldata).
    /// The core hands it to the extension by delegate call, so it runs on
    /// this contract's storage with the caller and ETH of this call; the
    /// extension (and a native build, which serves everything) refuses it.
    ///
    /// # Errors
    /// * [`Error::InvalidCalldata`] - no wasm serves the selector.
    /// * [`Error::Extension`] - the extension's error, passed on.
    /// * [`Error::CallFailed`] - the extension failed without revert data.
    #[inline(never)]
    pub fn unknown(&mut self, input: &[u8]) -> Result<Vec<u8>, Error> {
        if WASM != restake_kit::route::CORE {
            return Err(Error::invalid_calldata(restake_kit::router::selector_of(
                input,
            )));
        }
        let extension = crate::storage::EXTENSION.load_address(self.vm());
        // SAFETY: the extension is this crate's own code, fixed at
        // construction; it runs on this storage with the same layout.
        unsafe { restake_kit::call::delegate(self.vm(), extension, input) }.map_err(|r| {
            if r.0.is_empty() {
                Error::CallFailed(RewardsCallFailed { target: extension })
            } else {
                Error::Extension(r.0)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use restake_kit::route::{serves, CORE, EXT};

    /// The split is generated from the table: every selector is served by
    /// exactly one of the two wasms, and the core (which every stake change
    /// and allocation change enters) serves the two hooks, `claim` and
    /// `claimerOf` (the Lrt reads it before each claim), and nothing else
    /// but the native test clock.
    #[test]
    fn the_two_wasms_serve_every_selector_exactly_once() {
        for route in Rewards::ROUTES {
            let entry = if route.wasm == "ext" { EXT } else { CORE };
            assert!(route.wasm.is_empty() || route.wasm == "ext");
            assert_ne!(
                serves(CORE, entry),
                serves(EXT, entry),
                "{} is served by both or neither",
                route.signature()
            );
        }
        let mut core: Vec<&str> = Rewards::ROUTES
            .iter()
            .filter(|r| r.wasm.is_empty())
            .map(|r| r.name)
            .filter(|&n| n != "setTestTimestamp")
            .collect();
        core.sort_unstable();
        assert_eq!(
            core,
            ["claim", "claimerOf", "onAllocationChange", "onStakeChange"]
        );
        let ext = Rewards::ROUTES.iter().filter(|r| r.wasm == "ext").count();
        assert_eq!(ext, 24);
    }

    /// A native build serves the whole table; the extension's hand-off is
    /// the core wasm's alone, so here an unknown selector is refused with
    /// its own selector.
    #[motsu::test]
    fn an_unknown_selector_is_refused_where_no_wasm_serves_it(
        rewards: motsu::prelude::Contract<Rewards>,
    ) {
        let mut call = rewards.sender(Address::with_last_byte(1));
        let refused = call.unknown(&[0xde, 0xad, 0xbe, 0xef, 0]);
        assert!(
            matches!(refused, Err(Error::InvalidCalldata(e)) if e.selector.0 == [0xde, 0xad, 0xbe, 0xef])
        );
    }
}
