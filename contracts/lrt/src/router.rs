//! The route table (the kit's `routes!`: the Lrt's whole ABI, which wasm
//! serves each function, its decoding under the kit's malformed-calldata
//! policy and its return encoding), the `Router` `#[entrypoint]` dispatches
//! to (the kit's `router!`), the hand-off of the extension's selectors, and
//! the ABI export.
//!
//! The Lrt is one contract in two wasms (`docs/lrt.md` says why, by gas):
//! the core (the entries without `in ext`: the ERC-20, permit, mint, both
//! exits, `rate` and `books`) and the extension (`in ext`: the manager's and
//! owner's functions and the other views), this crate built again with the
//! `extension` feature. The core delegate-calls the extension for every
//! selector it does not serve, so both run on the Lrt's storage, balance and
//! address. Each wasm compiles only the arms it serves ([`WASM`]); native
//! builds (tests, ABI export) serve the whole table.

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, I256, U256};
use restake_interfaces::lrt::LrtCallFailed;
use restake_kit::{export::Abi, route::Bytes};
use stylus_sdk::prelude::*;

use crate::{Error, Lrt};

/// The wasm this build is: the core, the extension, or both (natively, and
/// the single-wasm form `one-wasm` the split is measured against).
#[cfg(all(
    target_arch = "wasm32",
    not(feature = "extension"),
    not(feature = "one-wasm")
))]
pub const WASM: u8 = restake_kit::route::CORE;
/// The wasm this build is: the core, the extension, or both (natively, and
/// the single-wasm form `one-wasm` the split is measured against).
#[cfg(all(target_arch = "wasm32", feature = "extension"))]
pub const WASM: u8 = restake_kit::route::EXT;
/// The wasm this build is: the core, the extension, or both (natively, and
/// the single-wasm form `one-wasm` the split is measured against).
#[cfg(any(
    not(target_arch = "wasm32"),
    all(feature = "one-wasm", not(feature = "extension"))
))]
pub const WASM: u8 = restake_kit::route::ALL;

restake_kit::routes! {
    impl Lrt; error Error; invalid Error::invalid_calldata; wasm WASM;
    // -- ERC-20 and EIP-2612 (core) --
    /// The token's name.
    fn name() view -> (name: &str) => name;
    /// The token's symbol.
    fn symbol() view -> (symbol: &str) => symbol;
    /// 18.
    fn decimals() view -> (decimals: u8) => decimals;
    /// LRT in existence (pending redemptions' shares excluded: they are burned).
    fn totalSupply() view -> (supply: U256) => total_supply;
    /// The LRT `account` holds.
    fn balanceOf(account: Address) view -> (balance: U256) => balance_of;
    /// The LRT `spender` may move for `owner`.
    fn allowance(owner: Address, spender: Address) view -> (remaining: U256) => allowance;
    /// Moves `value` LRT from the caller to `to`.
    fn transfer(to: Address, value: U256) fallible -> (success: bool) => transfer;
    /// Moves `value` LRT from `from` to `to`, spending the caller's allowance (an infinite one is not spent).
    fn transferFrom(from: Address, to: Address, value: U256) fallible -> (success: bool) => transfer_from;
    /// Lets `spender` move `value` of the caller's LRT.
    fn approve(spender: Address, value: U256) fallible -> (success: bool) => approve;
    /// EIP-2612: sets `owner`'s allowance for `spender` to `value` with `owner`'s signature over it, its nonce and `deadline`.
    fn permit(owner: Address, spender: Address, value: U256, deadline: U256, v: u8, r: B256, s: B256) fallible => permit;
    /// EIP-2612: the next permit nonce of `owner`.
    fn nonces(owner: Address) view -> (nonce: U256) => nonces;
    /// EIP-2612: the EIP-712 domain separator of this chain and address.
    fn DOMAIN_SEPARATOR() view -> (separator: B256) => domain_separator;
    // -- mint and exits (core) --
    /// Mints LRT for the ETH sent, at the current rate rounded down; at least `min_shares`.
    fn deposit(min_shares: U256) payable fallible -> (shares: U256) => deposit;
    /// Mints LRT for `amount` of the accepted LST `token` (pulled from the caller, balance delta), at least `min_shares`.
    fn depositToken(token: Address, amount: U256, min_shares: U256) fallible -> (shares: U256) => deposit_token;
    /// Burns `shares` LRT into a redemption request paid in `asset`; returns its id.
    fn requestRedeem(shares: U256, asset: Address) fallible -> (request_id: U256) => request_redeem;
    /// Makes pending request `request_id` claimable once its delay has passed and liquidity covers it (anyone may call).
    fn finalizeRedeem(request_id: U256) fallible -> (assets: U256) => finalize_redeem;
    /// Cancels the caller's pending request `request_id`, re-minting the lower of its value at request and now.
    fn cancelRedeem(request_id: U256) fallible -> (reminted: U256) => cancel_redeem;
    /// Pays claimable request `request_id` to `receiver` (its owner only).
    fn claimRedeem(request_id: U256, receiver: Address) fallible -> (assets: U256) => claim_redeem;
    /// Burns `shares` LRT for `asset` from idle liquidity at once, less the instant fee, at least `min_out`, to `receiver`.
    fn instantRedeem(shares: U256, asset: Address, min_out: U256, receiver: Address) fallible -> (assets: U256) => instant_redeem;
    /// The rate: ETH per 1e18 LRT (1e18 while nothing is minted).
    fn rate() view fallible -> (rate: U256) => rate;
    /// The books behind the rate: total value (ETH), supply, idle value and the shares of pending requests.
    fn books() view fallible -> (value: U256, supply: U256, idle: U256, pending_shares: U256) => books;
    // -- manager (extension) --
    /// Adds `operator` (manager only): clones a sub-account and delegates it, with the operator's approver signature if it has an approver.
    in ext
    fn addOperator(operator: Address, approver_signature: Bytes, expiry: U256, salt: B256) fallible -> (account: Address) => add_operator;
    /// Restakes `amount` of idle `asset` with `operator` (manager only), under the concentration cap and the buffer target.
    in ext
    fn restake(operator: Address, asset: Address, amount: U256) fallible -> (shares: U256) => restake;
    /// Queues `shares` of `asset`'s vault from `operator` for withdrawal (manager only); returns the registry withdrawal id.
    in ext
    fn unstake(operator: Address, asset: Address, shares: U256) fallible -> (withdrawal_id: U256) => unstake;
    /// Completes `operator`'s registry withdrawal `withdrawal_id` (anyone), bringing its assets back as idle liquidity.
    in ext
    fn completeUnstake(operator: Address, withdrawal_id: U256) fallible -> (assets: U256) => complete_unstake;
    /// Delegates `operator`'s sub-account again after the registry undelegated it (manager only).
    in ext
    fn redelegateOperator(operator: Address, approver_signature: Bytes, expiry: U256, salt: B256) fallible => redelegate_operator;
    /// Removes `operator`, whose sub-account holds nothing (manager only); returns the sub-account.
    in ext
    fn removeOperator(operator: Address) fallible -> (account: Address) => remove_operator;
    // -- owner (extension) --
    /// Accepts `token` (zero: ETH), restaked through `vault`, with deposit cap `cap` and rate source `rate_source` (owner only).
    in ext
    fn addAsset(token: Address, vault: Address, cap: U256, rate_source: Address) fallible => add_asset;
    /// Sets the deposit cap of `asset` (owner only).
    in ext
    fn setAssetCap(asset: Address, cap: U256) fallible => set_asset_cap;
    /// Sets the rate source of `asset` (owner only; M-3).
    in ext
    fn setRateSource(asset: Address, source: Address) fallible => set_rate_source;
    /// Sets the concentration cap, buffer target and instant fee (basis points) and the instant limit per period (owner only).
    in ext
    fn setParameters(concentration_cap_bps: U256, buffer_bps: U256, instant_fee_bps: U256, instant_limit: U256, instant_period: u64) fallible => set_parameters;
    /// Sets the minimum redeem delay in seconds (owner only; at most 60 days).
    in ext
    fn setRedeemDelay(delay: u64) fallible => set_redeem_delay;
    /// Sets the rewards contract the sub-accounts' rewards are claimed from (owner only; zero: none).
    in ext
    fn setRewards(rewards: Address) fallible => set_rewards;
    /// The rewards contract (zero: none).
    in ext
    fn rewardsContract() view -> (rewards: Address) => rewards_contract;
    /// Anyone claims what `operator`'s sub-account earned in `tokens`, to the Lrt: accepted assets drip into the rate over 7 days, other tokens are held apart. Returns the amounts.
    in ext
    fn claimRewards(operator: Address, tokens: Vec<Address>) fallible -> (amounts: Vec<U256>) => claim_rewards;
    /// Sends `amount` of held-apart reward `token` (never an accepted asset) to `to` (owner only).
    in ext
    fn routeRewardToken(token: Address, to: Address, amount: U256) fallible => route_reward_token;
    /// Accepted `asset`'s rewards still dripping in (wei of it) and when the drip ends.
    in ext
    fn rewardDrip(asset: Address) view fallible -> (locked: U256, end: u64) => reward_drip;
    /// Reward `token` held apart (not an accepted asset).
    in ext
    fn heldApart(token: Address) view -> (amount: U256) => held_apart;
    /// Moves the manager role to `manager` (owner only).
    in ext
    fn setManager(manager: Address) fallible => set_manager;
    /// Offers ownership to `new_owner`, who must accept it (owner only; zero withdraws the offer).
    in ext
    fn transferOwnership(new_owner: Address) fallible => transfer_ownership;
    /// Accepts the ownership offered to the caller.
    in ext
    fn acceptOwnership() fallible => accept_ownership;
    /// Pauses (`true`) or resumes deposits and redemptions (owner only).
    in ext
    fn setPaused(paused: bool) fallible => set_paused;
    /// Records a rate observation if the last is an interval old (anyone).
    in ext
    fn checkpoint() fallible => checkpoint;
    // -- views (extension) --
    /// The owner offered ownership to, if any.
    in ext
    fn pendingOwner() view -> (pending_owner: Address) => pending_owner;
    /// The minimum redeem delay in force (the registry's withdrawal delay if longer).
    in ext
    fn redeemDelay() view fallible -> (delay: u64) => redeem_delay;
    /// When request `request_id` was made and from when it may be finalized.
    in ext
    fn requestTime(request_id: U256) view fallible -> (requested_at: u64, finalizable_at: u64) => request_time;
    /// What the rate source of `asset` answers (ETH per 1e18 of it; 1e18 for ETH).
    in ext
    fn assetRate(asset: Address) view fallible -> (rate: U256) => asset_rate;
    /// The value (ETH) the Lrt holds with operator number `index`.
    in ext
    fn operatorValue(index: U256) view fallible -> (value: U256) => operator_value;
    /// Accepted asset number `index`.
    in ext
    fn assetAt(index: U256) view -> (token: Address, vault: Address, cap: U256, deposited: U256, reserved: U256, pending_value: U256, rate_source: Address) => asset_at;
    /// Operator number `index` and its sub-account.
    in ext
    fn operatorAt(index: U256) view -> (operator: Address, account: Address) => operator_at;
    /// Redemption request `request_id`.
    in ext
    fn request(request_id: U256) view -> (owner: Address, asset: Address, status: u8, shares: U256, max_value: U256, assets: U256) => request;
    /// The risk parameters, and the instant exit volume used in the current period.
    in ext
    fn parameters() view -> (concentration_cap_bps: U256, buffer_bps: U256, instant_fee_bps: U256, instant_limit: U256, instant_period: u64, window_used: U256) => parameters;
    /// The owner, manager, registry, sub-account implementation, extension and pause flag.
    in ext
    fn roles() view -> (owner: Address, manager: Address, registry: Address, account_implementation: Address, extension: Address, paused: bool) => roles;
    /// Rate observation number `index` of the ring.
    in ext
    fn observation(index: u64) view -> (timestamp: u64, cumulative: U256) => observation;
    /// The rate accumulator: its last update, the rate then and Σ rate · seconds up to it.
    in ext
    fn rateAccumulator() view -> (timestamp: u64, rate: U256, cumulative: U256) => rate_accumulator;
    /// The time-weighted average rate over the last `window` seconds.
    in ext
    fn averageRate(window: u64) view fallible -> (rate: U256) => average_rate;
    /// The annualized growth of the rate over the last `window` seconds (1e18 = 100%; negative after slashing).
    in ext
    fn annualizedRate(window: u64) view fallible -> (rate: I256) => annualized_rate;
}

restake_kit::router! {
    impl Lrt; error Error; invalid Error::invalid_calldata;
    abi interface_abi as "ILrt";
    constructor(
        owner: Address,
        manager: Address,
        registry: Address,
        account_implementation: Address,
        extension: Address,
    ) => constructor;
    receive => receive;
    unknown => unknown;
}

/// The Lrt's ABI: its route table (both wasms), its error enum's variants
/// and the events it emits.
pub fn interface_abi() -> Abi<'static> {
    Abi {
        name: "ILrt",
        doc: &[" The Restake liquid restaking token: ERC-20 + EIP-2612, minted from ETH or LSTs, restaked across operators under a concentration cap, with an on-chain rate and two ways out."],
        routes: Lrt::ROUTES,
        errors: Error::ABI.to_vec(),
        events: restake_interfaces::lrt::EVENTS.to_vec(),
        constructor: Some(Lrt::CONSTRUCTOR),
    }
}

impl Lrt {
    /// The token's name.
    pub fn name(&self) -> &'static str {
        crate::NAME
    }

    /// The token's symbol.
    pub fn symbol(&self) -> &'static str {
        crate::SYMBOL
    }

    /// 18, as ETH.
    pub fn decimals(&self) -> u8 {
        18
    }

    /// A selector this wasm does not serve (`input`: the whole calldata).
    /// The core hands it to the extension by delegate call, so it runs on
    /// the Lrt's storage with the caller and ETH of this call; the
    /// extension (and a native build, which serves everything) refuses it.
    ///
    /// # Errors
    /// * [`Error::InvalidCalldata`] - no wasm serves the selector.
    /// * [`Error::Call`] - the extension's error, passed on.
    /// * [`Error::CallFailed`] - the extension failed without revert data.
    #[inline(never)]
    pub fn unknown(&mut self, input: &[u8]) -> Result<Vec<u8>, Error> {
        if WASM != restake_kit::route::CORE {
            return Err(Error::invalid_calldata(restake_kit::router::selector_of(
                input,
            )));
        }
        let extension = self.addr(crate::storage::S_EXTENSION);
        // SAFETY: the extension is this crate's own code, fixed at
        // construction; it runs on this storage with the same layout.
        unsafe { restake_kit::call::delegate(self.vm(), extension, input) }.map_err(|r| {
            if r.0.is_empty() {
                Error::CallFailed(LrtCallFailed { target: extension })
            } else {
                Error::Call(r.0)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_sol_types::SolCall;
    use motsu::prelude::*;
    use restake_interfaces::lrt::ILrt::{depositCall, ILrtCalls};
    use restake_kit::route::{serves, CORE, EXT};

    /// The route table is the `sol!` interface integrators compile
    /// against: the same functions (by selector), each routed, none twice,
    /// only `deposit` payable; sent ETH, every other route answers the
    /// kit's refusal for its own selector.
    #[motsu::test]
    fn every_selector_of_the_interface_routes_and_nothing_else(lrt: Contract<Lrt>) {
        let mut call = lrt.sender(Address::with_last_byte(1));
        restake_kit::router::check_routes(
            Lrt::ROUTES,
            ILrtCalls::SELECTORS,
            &[Lrt::deposit_SELECTOR],
            |selector| {
                matches!(
                    call.route_call(selector, &[], true),
                    Some(Err(Error::InvalidCalldata(e))) if e.selector.0 == selector.to_be_bytes()
                )
            },
        );
        assert_eq!(Lrt::deposit_SELECTOR.to_be_bytes(), depositCall::SELECTOR);
        assert!(call.route_call(0xdeadbeef, &[], false).is_none());
    }

    /// The split is generated from the table: every selector is served by
    /// exactly one of the two wasms, and the core (which every call
    /// enters) serves what users call on every operation: the ERC-20,
    /// permit, mint, the exits and the rate.
    #[test]
    fn the_two_wasms_serve_every_selector_exactly_once() {
        for route in Lrt::ROUTES {
            let entry = if route.wasm == "ext" { EXT } else { CORE };
            assert!(route.wasm.is_empty() || route.wasm == "ext");
            assert_ne!(
                serves(CORE, entry),
                serves(EXT, entry),
                "{} is served by both or neither",
                route.signature()
            );
        }
        let core: Vec<&str> = Lrt::ROUTES
            .iter()
            .filter(|r| r.wasm.is_empty())
            .map(|r| r.name)
            .collect();
        for user in [
            "transfer",
            "transferFrom",
            "approve",
            "permit",
            "deposit",
            "depositToken",
            "requestRedeem",
            "finalizeRedeem",
            "cancelRedeem",
            "claimRedeem",
            "instantRedeem",
            "rate",
            "balanceOf",
        ] {
            assert!(core.contains(&user), "{user} is not in the core");
        }
        assert_eq!(core.len(), 21);
        assert_eq!(Lrt::ROUTES.len() - core.len(), 36);
    }

    /// A native build serves the whole table; the extension's hand-off is
    /// the core wasm's alone, so here an unknown selector is refused with
    /// its own selector, and calldata of fewer than four bytes with none.
    #[motsu::test]
    fn an_unknown_selector_is_refused_where_no_wasm_serves_it(lrt: Contract<Lrt>) {
        let mut call = lrt.sender(Address::with_last_byte(1));
        let refused = call.unknown(&[0xde, 0xad, 0xbe, 0xef, 0]);
        assert!(
            matches!(refused, Err(Error::InvalidCalldata(e)) if e.selector.0 == [0xde, 0xad, 0xbe, 0xef])
        );
    }
}
