//! The route table (the kit's `routes!`: the sub-account's whole ABI, its
//! decoding under the kit's malformed-calldata policy and its return
//! encoding), the `Router` `#[entrypoint]` dispatches to (the kit's
//! `router!`, with `receive` for plain ETH), and the ABI export.

use alloc::vec::Vec;

use alloy_primitives::{Address, Bytes as Out, B256, U256};
use restake_kit::{export::Abi, route::Bytes};

use crate::{Error, LrtAccount};

restake_kit::routes! {
    impl LrtAccount; error Error; invalid Error::invalid_calldata;
    /// Makes the caller (the Lrt, in the transaction that creates the clone) the controller and wires the
    /// operator `registry`, once.
    fn initialize(registry: Address) fallible => initialize;
    /// The Lrt that drives this account (the account itself for the locked implementation).
    fn controller() view -> (controller: Address) => controller;
    /// The operator the controller delegated this account to.
    fn operator() view -> (operator: Address) => operator;
    /// Delegates the account to `operator` in the registry (with the approver's `signature`, `expiry`, `salt`);
    /// controller only.
    fn delegate(operator: Address, signature: Bytes, expiry: U256, salt: B256) fallible => delegate;
    /// Records the account's position in `vault` (the snapshot a forced undelegation is valued from);
    /// controller only.
    fn record(vault: Address) fallible => record;
    /// Queues `shares` deposit shares of `vault` in the registry; controller only. Returns the withdrawal id.
    fn queue(vault: Address, shares: U256) fallible -> (withdrawal_id: U256) => queue;
    /// Adopts withdrawal `id` that the registry queued for this account (a forced undelegation): anyone.
    fn adopt(id: U256) fallible => adopt;
    /// Completes withdrawal `id` as tokens and forwards what it paid to `to` (ETH stays here); controller
    /// only. Returns the first asset and the amount received of it.
    fn complete(id: U256, to: Address) fallible -> (asset: Address, amount: U256) => complete;
    /// What the account holds in `vaults` (positions and open withdrawals, at the vaults' prices), in total.
    fn value(vaults: Vec<Address>) view fallible -> (value: U256) => value;
    /// What the account holds in each of `vaults`.
    fn values(vaults: Vec<Address>) view fallible -> (values: Vec<U256>) => values;
    /// How many registry withdrawals are open.
    fn openWithdrawals() view -> (count: U256) => open_withdrawals;
    /// Entry `index` of the position snapshot: a vault and its scaled shares (zeros past the end).
    fn snapshotAt(index: U256) view -> (vault: Address, scaled_shares: U256) => snapshot_at;
    /// Calls `target` with `data` and `value` wei; controller only. Returns what the call returned.
    fn execute(target: Address, value: U256, data: Bytes) payable fallible -> (result: Out) => execute;
}

/// The sub-account's ABI: its route table, its error enum's variants, and
/// its events (the `Account…` events of `restake_interfaces::lrt`).
pub fn interface_abi() -> Abi<'static> {
    Abi {
        name: "ILrtAccount",
        doc: &[" A Restake Lrt staking sub-account: the Lrt's position with one operator in the registry (an EIP-1167 clone of one implementation)."],
        routes: LrtAccount::ROUTES,
        errors: Error::ABI.to_vec(),
        events: restake_interfaces::lrt::EVENTS
            .iter()
            .filter(|e| e.name.starts_with("Account"))
            .copied()
            .collect(),
        constructor: Some(LrtAccount::CONSTRUCTOR),
    }
}

restake_kit::router! {
    impl LrtAccount; error Error; invalid Error::invalid_calldata;
    abi interface_abi as "ILrtAccount";
    constructor() => constructor;
    receive => receive;
}

#[cfg(test)]
mod tests {
    use super::*;
    use motsu::prelude::*;
    use restake_interfaces::lrt::ILrtAccount::ILrtAccountCalls;

    /// The route table is the `sol!` interface: the same functions (by
    /// selector), each routed, none twice, only `execute` payable (sent ETH,
    /// every other answers the kit's refusal for its own selector), and an
    /// unknown selector is not routed.
    #[motsu::test]
    fn every_selector_of_the_interface_routes_and_nothing_else(a: Contract<LrtAccount>) {
        let mut call = a.sender(Address::with_last_byte(1));
        restake_kit::router::check_routes(
            LrtAccount::ROUTES,
            ILrtAccountCalls::SELECTORS,
            &[LrtAccount::execute_SELECTOR],
            |selector| {
                matches!(
                    call.route_call(selector, &[], true),
                    Some(Err(Error::InvalidCalldata(e))) if e.selector.0 == selector.to_be_bytes()
                )
            },
        );
        assert!(call.route_call(0xdeadbeef, &[], true).is_none());
    }
}
