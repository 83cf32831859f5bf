//! The route table (the kit's `routes!`: the whole ABI, its decoding under
//! the kit's malformed-calldata policy and its return encoding), the
//! `Router` `#[entrypoint]` dispatches to (the kit's `router!`), and the
//! ABI export.

use alloc::vec::Vec;

use alloy_primitives::{Address, U256};
use restake_kit::export::Abi;

use crate::{Error, Rewards};

restake_kit::routes! {
    impl Rewards; error Error; invalid Error::invalid_calldata;
    // -- AVSs --
    /// The caller (an AVS) funds its set `set_id` with `amount` of `token` (ETH: the sentinel, sent as value) over `[start, start + duration)`; with `vaults`, the set's multipliers (WAD, strictly ascending vaults) become `multipliers`. Returns the submission id.
    fn submit(set_id: u32, token: Address, amount: U256, start: u64, duration: u64, vaults: Vec<Address>, multipliers: Vec<U256>) payable fallible -> (id: U256) => submit;
    /// Anyone adds `amount` to submission `id`, streamed over the rest of its window.
    fn topUp(id: U256, amount: U256) payable fallible => top_up;
    /// The caller (an AVS) takes back what streamed to nobody in its set `set_id` in `token`, to `recipient`; returns the amount.
    fn reclaimUnallocated(set_id: u32, token: Address, recipient: Address) fallible -> (amount: U256) => reclaim_unallocated;
    // -- operators --
    /// The caller (an operator) sets its commission in set `(avs, set_id)` to `bps`: a decrease at once, an increase after the withdrawal delay and a day.
    fn setCommission(avs: Address, set_id: u32, bps: u16) fallible => set_commission;
    /// Anyone applies what came due for `operator` in set `(avs, set_id)`: allocation changes, multipliers, a commission increase.
    fn sync(operator: Address, avs: Address, set_id: u32) fallible => sync;
    // -- earners --
    /// The caller names `claimer` to claim for it (zero: nobody).
    fn setClaimerFor(claimer: Address) => set_claimer_for;
    /// Pays `earner`'s accruals in each of `tokens` to `recipient` (by the earner or its claimer); returns the amounts.
    fn claim(earner: Address, tokens: Vec<Address>, recipient: Address) fallible -> (amounts: Vec<U256>) => claim;
    /// What `earner` could claim in `token` now.
    fn claimable(earner: Address, token: Address) view fallible -> (amount: U256) => claimable;
    /// `earner`'s claimer (zero: none).
    fn claimerOf(earner: Address) view -> (claimer: Address) => claimer_of;
    // -- hooks --
    /// The registry's hook: `staker`'s scaled shares of `vault` under `operator` moved by `delta` (up if `increase`).
    fn onStakeChange(staker: Address, operator: Address, vault: Address, delta: U256, increase: bool) fallible => on_stake_change;
    /// The manager's hook: `operator`'s allocation of `vault` to `(avs, set_id)` is now `allocation` (limbs `[current, pending, effectAt, increase]`).
    fn onAllocationChange(operator: Address, avs: Address, set_id: u32, vault: Address, allocation: U256) fallible => on_allocation_change;
    // -- views --
    /// Set `(avs, set_id)`'s stream in `token`: its rate per second now, its reward per unit of weight (×1e27), its pending boundaries.
    fn stream(avs: Address, set_id: u32, token: Address) view fallible -> (rate: U256, acc: U256, boundaries: u64) => stream;
    /// What of set `(avs, set_id)`'s `token` streamed to nobody so far.
    fn unallocated(avs: Address, set_id: u32, token: Address) view fallible -> (amount: U256) => unallocated;
    /// `operator`'s commission in set `(avs, set_id)`: in force, pending, and when the pending one takes effect.
    fn commissionOf(operator: Address, avs: Address, set_id: u32) view -> (bps: u16, pending_bps: u16, effect_at: u64) => commission_of;
    /// Set `(avs, set_id)`'s total weight.
    fn totalWeight(avs: Address, set_id: u32) view -> (weight: U256) => total_weight;
    /// `operator`'s weight in set `(avs, set_id)` from `vault`, and the allocation word it was computed from.
    fn allocationWeight(operator: Address, avs: Address, set_id: u32, vault: Address) view -> (weight: U256, allocation: U256) => allocation_weight;
    /// `staker`'s rewarded (scaled) shares of `vault` and the operator they count for.
    fn rewardedShares(staker: Address, vault: Address) view -> (scaled: U256, operator: Address) => rewarded_shares;
    /// `operator`'s scaled shares of `vault`, the sets (`avs << 32 | setId`) it allocates it to, and the tokens its stakers earn in there (at most 16).
    fn operatorVault(operator: Address, vault: Address) view -> (scaled: U256, sets: Vec<U256>, tokens: Vec<Address>) => operator_vault;
    /// Set `(avs, set_id)`'s reward tokens (at most 4), in the order they first streamed.
    fn setTokens(avs: Address, set_id: u32) view -> (tokens: Vec<Address>) => set_tokens_of;
    /// The operator registry.
    fn registry() view -> (registry: Address) => registry;
    /// The slashing manager.
    fn manager() view -> (manager: Address) => manager;
    // -- owner --
    /// The owner.
    fn owner() view -> (owner: Address) => owner;
    /// The account offered ownership, until it accepts (zero for none).
    fn pendingOwner() view -> (pending_owner: Address) => pending_owner;
    /// Offers ownership to `new_owner`, who must accept it (owner only).
    fn transferOwnership(new_owner: Address) fallible => transfer_ownership;
    /// Takes the ownership offered to the caller.
    fn acceptOwnership() fallible => accept_ownership;
    /// Leaves the contract without an owner, for good (owner only).
    fn renounceOwnership() fallible => renounce_ownership;
    cfg(feature = "test-clock")
    fn setTestTimestamp(timestamp: u64) => set_test_timestamp;
}

restake_kit::router! {
    impl Rewards; error Error; invalid Error::invalid_calldata;
    abi interface_abi as "IRewards";
    constructor(owner: Address, registry: Address, manager: Address) => constructor;
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
