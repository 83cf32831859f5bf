//! The route table (the kit's `routes!`: the registry's whole ABI, its
//! decoding under the kit's malformed-calldata policy and its return
//! encoding), the `Router` impl `#[entrypoint]` dispatches to (and the
//! constructor's decoding), and the ABI export.

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
use openzeppelin_stylus::access::ownable_two_step::IOwnable2Step;
use restake_kit::{
    export::Abi,
    route::{Bytes, Str},
};

#[cfg(feature = "test-clock")]
use crate::ITestClock;
use crate::{Error, OperatorRegistry};
use restake_interfaces::registry::RegistryCallFailed;
use stylus_sdk::prelude::*;

/// The wasm this build is: the core (what the protocol's hot paths and
/// other contracts call), the extension (the routes marked `in ext`), or
/// both (natively).
#[cfg(all(target_arch = "wasm32", not(feature = "extension")))]
pub const WASM: u8 = restake_kit::route::CORE;
/// The wasm this build is: the core (what the protocol's hot paths and
/// other contracts call), the extension (the routes marked `in ext`), or
/// both (natively).
#[cfg(all(target_arch = "wasm32", feature = "extension"))]
pub const WASM: u8 = restake_kit::route::EXT;
/// The wasm this build is: the core (what the protocol's hot paths and
/// other contracts call), the extension (the routes marked `in ext`), or
/// both (natively).
#[cfg(not(target_arch = "wasm32"))]
pub const WASM: u8 = restake_kit::route::ALL;

restake_kit::routes! {
    impl OperatorRegistry; error Error; invalid Error::invalid_calldata; wasm WASM;
    // -- owner --
    /// Whitelists `vault` (owner only; at most 8).
    in ext
    fn addVault(vault: Address) fallible => add_vault;
    /// Wires the slashing manager, once (owner only).
    in ext
    fn setSlashingManager(manager: Address) fallible => set_slashing_manager;
    /// Wires the rewards contract, once, here and in the slashing manager (owner only).
    in ext
    fn setRewards(rewards: Address) fallible => set_rewards;
    /// The rewards contract every stake change is told to (zero: none).
    in ext
    fn rewards() view -> (rewards: Address) => rewards;
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
    /// Leaves the registry without an owner, for good (owner only).
    in ext
    fn renounceOwnership() fallible => renounce_ownership;
    // -- operators --
    /// Registers the caller as an operator delegated to itself, with a delegation `approver` (zero for none),
    /// an `allocation_delay` (never below `minAllocationDelay()`) and a metadata URI.
    fn registerAsOperator(approver: Address, allocation_delay: u32, metadata_uri: Str) fallible => register_as_operator;
    /// Publishes the caller's (an operator's) new metadata URI.
    in ext
    fn updateOperatorMetadataURI(metadata_uri: Str) fallible => update_operator_metadata_uri;
    /// Sets the caller's (an operator's) delegation approver (zero for none).
    in ext
    fn setDelegationApprover(approver: Address) fallible => set_delegation_approver;
    // -- delegation --
    /// Delegates all of the caller's positions to `operator`; with an approver, `signature` is its EIP-712
    /// approval of (staker, operator, salt, expiry).
    fn delegateTo(operator: Address, signature: Bytes, expiry: U256, salt: B256) fallible => delegate_to;
    /// Undelegates `staker` (by the staker, its operator or the operator's approver), queueing its whole
    /// position in one withdrawal; returns its id (0 if there was nothing to queue).
    fn undelegate(staker: Address) fallible -> (withdrawal_id: U256) => undelegate;
    /// Undelegates the caller and delegates it to `new_operator` in one call; returns the withdrawal id.
    fn redelegate(new_operator: Address, signature: Bytes, expiry: U256, salt: B256) fallible -> (withdrawal_id: U256) => redelegate;
    // -- withdrawal queue --
    /// Queues `shares` deposit shares of each of `vaults` for withdrawal (slashable until the delay ends).
    fn queueWithdrawal(vaults: Vec<Address>, shares: Vec<U256>) fallible -> (withdrawal_id: U256) => queue_withdrawal;
    /// Completes withdrawal `id` after the delay: as tokens, or back as deposit shares.
    fn completeWithdrawal(id: U256, receive_as_tokens: bool) fallible => complete_withdrawal;
    // -- vault hook and slashing manager --
    /// A registered vault's hook: `staker`'s deposit shares grew from `prev_deposit_shares` by `added_shares`.
    fn onDeposit(staker: Address, prev_deposit_shares: U256, added_shares: U256) fallible => on_deposit;
    /// The slashing manager lowers `operator`'s max magnitude for `vault` by `magnitude`; returns the vault
    /// shares to burn.
    fn slashOperator(operator: Address, vault: Address, magnitude: u64) fallible -> (shares: U256) => slash_operator;
    // -- views --
    /// Whether `operator` is registered.
    fn isOperator(operator: Address) view -> (registered: bool) => is_operator;
    /// Whether `vault` is whitelisted.
    fn isVault(vault: Address) view -> (registered: bool) => is_vault;
    /// The whitelisted vaults, in order.
    fn vaults() view -> (vaults: Vec<Address>) => vaults;
    /// `operator`'s allocation delay in force (seconds).
    fn allocationDelay(operator: Address) view -> (delay: u32) => allocation_delay;
    /// `operator`'s delegation approver (zero for none).
    in ext
    fn delegationApprover(operator: Address) view -> (approver: Address) => delegation_approver;
    /// `operator`'s max magnitude for `vault` (WAD; 1e18 until slashed).
    fn maxMagnitude(operator: Address, vault: Address) view -> (magnitude: u64) => max_magnitude;
    /// Slashes applied so far, modulo 2^32: moves whenever any magnitude does.
    fn slashEpoch() view -> (epoch: u32) => slash_epoch;
    /// `operator`'s delegated stake in `vault` (vault shares).
    fn operatorStake(operator: Address, vault: Address) view -> (shares: U256) => operator_stake;
    /// The operator `staker` is delegated to (zero for none).
    fn delegatedTo(staker: Address) view -> (operator: Address) => delegated_to;
    /// `staker`'s deposit scaling factor in `vault` (WAD).
    fn depositScalingFactor(staker: Address, vault: Address) view -> (factor: U256) => deposit_scaling_factor;
    /// `staker`'s deposit shares of `vault` as the registry keeps them (always the vault's `depositShares`).
    in ext
    fn depositShares(staker: Address, vault: Address) view -> (shares: U256) => deposit_shares;
    /// The vault shares `staker` could withdraw from `vault` now (after slashing).
    fn withdrawableShares(staker: Address, vault: Address) view fallible -> (shares: U256) => withdrawable_shares;
    /// The queued shares of `operator` in `vault` still slashable.
    in ext
    fn slashableQueuedShares(operator: Address, vault: Address) view fallible -> (shares: U256) => slashable_queued_shares;
    /// Whether `approver` spent `salt`.
    in ext
    fn isSaltSpent(approver: Address, salt: B256) view -> (spent: bool) => is_salt_spent;
    /// The EIP-712 digest an approver signs to let `staker` delegate to `operator`.
    in ext
    fn delegationApprovalDigest(staker: Address, operator: Address, salt: B256, expiry: U256) view -> (digest: B256) => delegation_approval_digest;
    /// The withdrawal delay (seconds).
    fn withdrawalDelay() view -> (delay: u64) => withdrawal_delay;
    /// The slashing manager (zero until wired).
    in ext
    fn slashingManager() view -> (manager: Address) => slashing_manager;
    /// How many withdrawals were queued (ids 1 to this).
    in ext
    fn withdrawalCount() view -> (count: U256) => withdrawal_count;
    /// Withdrawal `id`: its staker, the operator it stays slashable through, when it is claimable, whether
    /// it was completed, and its number of entries.
    fn withdrawal(id: U256) view fallible -> (staker: Address, operator: Address, claimable_at: u64, completed: bool, entries: u64) => withdrawal;
    /// Entry `index` of withdrawal `id`: its vault and scaled shares.
    fn withdrawalEntry(id: U256, index: u64) view -> (vault: Address, scaled_shares: U256) => withdrawal_entry;
    /// ERC-7540-style view: the shares of `vault` withdrawal `id` still waits for.
    fn pendingRedeemRequest(id: U256, vault: Address) view fallible -> (shares: U256) => pending_redeem_request;
    /// ERC-7540-style view: the shares of `vault` withdrawal `id` can complete now.
    fn claimableRedeemRequest(id: U256, vault: Address) view fallible -> (shares: U256) => claimable_redeem_request;
    /// Whether a deposit into `vault` for `staker` would be accepted (its operator not fully slashed there).
    fn acceptsDeposit(staker: Address, vault: Address) view -> (accepts: bool) => accepts_deposit;
    /// The protocol's minimum allocation delay (seconds): 1.25 × the withdrawal delay.
    fn minAllocationDelay() view -> (delay: u32) => min_allocation_delay;
    /// Sets the caller's (an operator's) allocation delay, in force after the configuration delay.
    in ext
    fn setAllocationDelay(delay: u32) fallible => set_allocation_delay;
    /// `operator`'s allocation delay: in force, pending, and when the pending one takes effect.
    in ext
    fn allocationDelayConfig(operator: Address) view -> (effective: u32, pending: u32, effect_at: u64) => allocation_delay_config;
    /// The registry's second wasm, which serves the routes marked `in ext` by delegate call (zero natively).
    in ext
    fn extension() view -> (extension: Address) => extension;
    /// Tests only (feature `test-clock`; never in the wasm): sets the time the registry reads.
    cfg(feature = "test-clock")
    fn setTestTimestamp(timestamp: u64) => set_test_timestamp;
}

/// The registry's ABI: its route table, its error enum's variants, and its
/// events (the registry's and OpenZeppelin's ownership events).
pub fn interface_abi() -> Abi<'static> {
    Abi {
        name: "IOperatorRegistry",
        doc: &[" The Restake operator registry: operators, delegation, slashing-aware stake and the withdrawal queue."],
        routes: OperatorRegistry::ROUTES,
        errors: Error::ABI.to_vec(),
        events: [
            restake_interfaces::registry::EVENTS,
            restake_interfaces::ownable::EVENTS,
        ]
        .concat(),
        constructor: Some(OperatorRegistry::CONSTRUCTOR),
    }
}

restake_kit::router! {
    impl OperatorRegistry; error Error; invalid Error::invalid_calldata;
    abi interface_abi as "IOperatorRegistry";
    constructor(owner: Address, withdrawal_delay: u64, extension: Address) => constructor;
    unknown => unknown;
}

impl OperatorRegistry {
    /// A selector this wasm does not serve (`input`: the whole calldata).
    /// The core hands it to the extension by delegate call, so it runs on
    /// the registry's storage with the caller of this call; the extension
    /// (and a native build, which serves everything) refuses it.
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
        let extension = self.extension();
        // SAFETY: the extension is this crate's own code, fixed at
        // construction; it runs on this storage with the same layout.
        unsafe { restake_kit::call::delegate(self.vm(), extension, input) }.map_err(|r| {
            if r.0.is_empty() {
                Error::CallFailed(RegistryCallFailed { target: extension })
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
    /// exactly one of the two wasms, and the extension serves exactly the
    /// owner's functions, the operators' settings and the views no contract
    /// calls (none of them on a path a wallet, a vault, the manager, the
    /// Lrt or the rewards contract takes: the manager reads `isVault` when
    /// a set is created, so that stays in the core), so that every other
    /// call starts the smaller core.
    #[test]
    fn the_two_wasms_serve_every_selector_exactly_once() {
        for route in OperatorRegistry::ROUTES {
            let entry = if route.wasm == "ext" { EXT } else { CORE };
            assert!(route.wasm.is_empty() || route.wasm == "ext");
            assert_ne!(
                serves(CORE, entry),
                serves(EXT, entry),
                "{} is served by both or neither",
                route.signature()
            );
        }
        let mut ext: Vec<&str> = OperatorRegistry::ROUTES
            .iter()
            .filter(|r| r.wasm == "ext")
            .map(|r| r.name)
            .collect();
        ext.sort_unstable();
        assert_eq!(
            ext,
            [
                "acceptOwnership",
                "addVault",
                "allocationDelayConfig",
                "delegationApprovalDigest",
                "delegationApprover",
                "depositShares",
                "extension",
                "isSaltSpent",
                "owner",
                "pendingOwner",
                "renounceOwnership",
                "rewards",
                "setAllocationDelay",
                "setDelegationApprover",
                "setRewards",
                "setSlashingManager",
                "slashableQueuedShares",
                "slashingManager",
                "transferOwnership",
                "updateOperatorMetadataURI",
                "withdrawalCount",
            ]
        );
    }

    use alloy_sol_types::SolCall;
    use motsu::prelude::*;
    use restake_interfaces::registry::IOperatorRegistry::{
        ownerCall, setTestTimestampCall, IOperatorRegistryCalls,
    };

    fn routes(reg: &Contract<OperatorRegistry>, data: &[u8]) -> bool {
        let selector = u32::from_be_bytes([data[0], data[1], data[2], data[3]]);
        reg.sender(Address::with_last_byte(1))
            .route_call(selector, &data[4..], false)
            .is_some()
    }

    /// The release wasm has no test clock: without the `test-clock`
    /// feature (as `cargo test -p restake-registry` and the wasm build
    /// compile it), `setTestTimestamp` does not route.
    #[motsu::test]
    fn test_clock_routes_only_with_its_feature(reg: Contract<OperatorRegistry>) {
        assert!(routes(&reg, &ownerCall {}.abi_encode()));
        let set_clock = setTestTimestampCall { timestamp: 5 }.abi_encode();
        assert_eq!(routes(&reg, &set_clock), cfg!(feature = "test-clock"));
    }

    /// The route table is the `sol!` interface integrators compile against:
    /// the same functions (by selector), each routed, none twice, none
    /// payable (sent ETH, each answers the kit's refusal for its own
    /// selector), and an unknown selector is not routed at all.
    #[motsu::test]
    fn every_selector_of_the_interface_routes_and_nothing_else(reg: Contract<OperatorRegistry>) {
        let test_only = setTestTimestampCall::SELECTOR;
        let interface: Vec<[u8; 4]> = IOperatorRegistryCalls::SELECTORS
            .iter()
            .copied()
            .filter(|s| cfg!(feature = "test-clock") || *s != test_only)
            .collect();
        let mut call = reg.sender(Address::with_last_byte(1));
        restake_kit::router::check_routes(OperatorRegistry::ROUTES, &interface, &[], |selector| {
            matches!(
                call.route_call(selector, &[], true),
                Some(Err(Error::InvalidCalldata(e))) if e.selector.0 == selector.to_be_bytes()
            )
        });
        assert!(call.route_call(0xdeadbeef, &[], true).is_none());
    }
}
