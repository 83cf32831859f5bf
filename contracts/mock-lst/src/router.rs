//! The route table (the kit's `routes!`), the `Router` `#[entrypoint]`
//! dispatches to (the kit's `router!`), and the ABI export of the mock LST.

use alloy_primitives::{Address, U256};
use restake_kit::export::Abi;

use crate::{Error, MockLst};

restake_kit::routes! {
    impl MockLst; error Error; invalid Error::invalid_calldata;
    /// The token's name.
    fn name() view -> (name: &'static str) => name;
    /// The token's symbol.
    fn symbol() view -> (symbol: &'static str) => symbol;
    /// The token's decimals (18).
    fn decimals() view -> (decimals: u8) => decimals;
    /// Mints `value` tokens to `to` (owner only).
    fn mint(to: Address, value: U256) fallible => mint;
    /// Sets the transfer fee: `fee_bps` basis points of each transfer plus a flat `fee_wei` (capped at the
    /// amount), burned from the sender (owner only).
    fn setTransferFee(fee_bps: U256, fee_wei: U256) fallible => set_transfer_fee;
    /// Sets the rate `getRate()` reports, ETH per 1e18 of the token (owner only).
    fn setRate(rate: U256) fallible => set_rate;
    /// ETH per 1e18 of the token (1e18 until `setRate`).
    fn getRate() view -> (rate: U256) => get_rate;
    /// The fee charged on a transfer of `value`.
    fn transferFee(value: U256) view -> (fee: U256) => transfer_fee;
    /// Tokens in existence.
    fn totalSupply() view -> (supply: U256) => total_supply;
    /// `account`'s balance.
    fn balanceOf(account: Address) view -> (balance: U256) => balance_of;
    /// `spender`'s allowance over `owner`'s tokens.
    fn allowance(owner: Address, spender: Address) view -> (allowance: U256) => allowance;
    /// Sends `value` to `to`, less the transfer fee (burned).
    fn transfer(to: Address, value: U256) fallible -> (success: bool) => transfer;
    /// Lets `spender` move up to `value` of the caller's tokens.
    fn approve(spender: Address, value: U256) fallible -> (success: bool) => approve;
    /// Moves `value` from `from` to `to` on the caller's allowance, less the fee.
    fn transferFrom(from: Address, to: Address, value: U256) fallible -> (success: bool) => transfer_from;
    /// Who may mint.
    fn owner() view -> (owner: Address) => owner;
    /// Hands minting rights to `new_owner` (owner only).
    fn transferOwnership(new_owner: Address) fallible => transfer_ownership;
}

/// The mock LST's ABI: its route table, its error enum's variants, and the
/// events it emits (ERC-20's, OpenZeppelin's ownership event, its own).
pub fn interface_abi() -> Abi<'static> {
    Abi {
        name: "IMockLst",
        doc: &[" A mock liquid staking token for tests and the devnet: an ERC-20 with an owner-only mint, an optional fee on transfer and a settable `getRate()`. Not for production."],
        routes: MockLst::ROUTES,
        errors: Error::ABI.to_vec(),
        events: [
            restake_interfaces::erc20::EVENTS,
            &restake_interfaces::ownable::EVENTS[..1],
            crate::EVENTS,
        ]
        .concat(),
        constructor: Some(MockLst::CONSTRUCTOR),
    }
}

restake_kit::router! {
    impl MockLst; error Error; invalid Error::invalid_calldata;
    abi interface_abi as "IMockLst";
    constructor(owner: Address) => constructor;
}

#[cfg(test)]
mod tests {
    use super::*;
    use motsu::prelude::*;

    /// Every route answers (the kit's refusal, sent ETH), none twice, none
    /// payable, and an unknown selector is not routed.
    #[motsu::test]
    fn every_route_is_served_once_and_nothing_else(lst: Contract<MockLst>) {
        let mut call = lst.sender(Address::with_last_byte(1));
        let selectors: alloc::vec::Vec<[u8; 4]> = MockLst::ROUTES
            .iter()
            .map(|r| r.selector.to_be_bytes())
            .collect();
        restake_kit::router::check_routes(MockLst::ROUTES, &selectors, &[], |selector| {
            matches!(
                call.route_call(selector, &[], true),
                Some(Err(Error::InvalidCalldata(e))) if e.selector.0 == selector.to_be_bytes()
            )
        });
        assert!(call.route_call(0xdeadbeef, &[], true).is_none());
    }
}
