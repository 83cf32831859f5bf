//! The route table (the kit's `routes!`: the manager's whole ABI, its
//! decoding under the kit's malformed-calldata policy and its return
//! encoding), the few methods it calls that adapt an entry point to the
//! methods' signatures, the `Router` impl `#[entrypoint]` dispatches to
//! (and the constructor's decoding), and the ABI export.
//!
//! Parameter and return names are those of the `sol!` interface
//! `restake_interfaces::slashing::ISlashingManager` (camelCase, as the
//! ABI integrators already bind against), hence the lint allowance below.

use alloc::vec::Vec;

use alloy_primitives::{Address, U256};
use restake_interfaces::slashing::{SlashingCallFailed, SlashingTooManyVaults};
use restake_kit::{export::Abi, route::Str};
use stylus_sdk::prelude::*;

use crate::{Error, SlashingManager, MAX_SET_VAULTS};

/// The wasm this build is: the core (membership, allocations, slashing and
/// the views an AVS reads on chain), the extension (the routes marked `in
/// ext`), or both (natively).
#[cfg(all(target_arch = "wasm32", not(feature = "extension")))]
pub const WASM: u8 = restake_kit::route::CORE;
/// The wasm this build is: the core (membership, allocations, slashing and
/// the views an AVS reads on chain), the extension (the routes marked `in
/// ext`), or both (natively).
#[cfg(all(target_arch = "wasm32", feature = "extension"))]
pub const WASM: u8 = restake_kit::route::EXT;
/// The wasm this build is: the core (membership, allocations, slashing and
/// the views an AVS reads on chain), the extension (the routes marked `in
/// ext`), or both (natively).
#[cfg(not(target_arch = "wasm32"))]
pub const WASM: u8 = restake_kit::route::ALL;

restake_kit::routes! {
    impl SlashingManager; error Error; invalid Error::invalid_calldata; wasm WASM;
    // -- configuration --
    /// The operator registry, the deallocation delay (seconds) and the last slash id handed out (0: none).
    in ext
    fn config() view -> (registry: Address, deallocation_delay: u64, last_slash_id: u64) => config;
    /// Wires the rewards contract, once (the registry only: its owner calls the registry's `setRewards`).
    in ext
    fn setRewards(rewards: Address) fallible => set_rewards;
    /// The rewards contract every allocation change and slash is told to (zero: none).
    in ext
    fn rewards() view -> (rewards: Address) => rewards;
    // -- AVSs and operator sets --
    /// Registers the caller as an AVS with a metadata URI and a `registrar` (zero: open membership),
    /// called when operators join (it may refuse) or leave (told only).
    in ext
    fn registerAvs(metadata_uri: Str, registrar: Address) fallible => register_avs;
    /// Publishes the caller's (an AVS's) new metadata URI.
    in ext
    fn updateAvsMetadata(metadata_uri: Str) fallible => update_avs_metadata;
    /// Whether `avs` is registered, and its registrar.
    in ext
    fn avsInfo(avs: Address) view -> (registered: bool, registrar: Address) => avs_info;
    /// Creates the caller's operator set `set_id` over `vaults` (at most 16) with fixed parameters: slasher,
    /// recipient (zero: burn), resolver and veto window (zero and 0: instant), cap per period, evidence penalty and verifier.
    fn createOperatorSet(set_id: u32, vaults: Vec<Address>, slasher: Address, recipient: Address, resolver: Address, veto_window: u64, cap_wad: u64, cap_period: u64, equivocation_penalty: u64, evidence_verifier: Address) fallible => create_operator_set_routed;
    /// Adds `vault` (a registry vault) to the caller's set `set_id` (at most 16 vaults).
    in ext
    fn addVault(set_id: u32, vault: Address) fallible => add_vault;
    /// Removes `vault` from the caller's set `set_id` (it is no longer slashable there).
    in ext
    fn removeVault(set_id: u32, vault: Address) fallible => remove_vault;
    /// Set `(avs, set_id)`'s parameters and vaults (all zero if it does not exist; an existing set has a non-zero cap).
    in ext
    fn operatorSet(avs: Address, set_id: u32) view -> (slasher: Address, recipient: Address, resolver: Address, veto_window: u64, cap_wad: u64, cap_period: u64, equivocation_penalty: u64, evidence_verifier: Address, vaults: Vec<Address>) => operator_set_with_vaults;
    // -- membership and allocations --
    /// The caller (a registered operator) joins set `(avs, set_id)`, if the AVS's registrar consents.
    fn joinOperatorSet(avs: Address, set_id: u32) fallible => join_operator_set;
    /// The caller leaves set `(avs, set_id)`; it stays slashable there for the deallocation delay.
    fn leaveOperatorSet(avs: Address, set_id: u32) fallible => leave_operator_set;
    /// Until when `operator` is slashable in set `(avs, set_id)`: `type(uint64).max` while a member, 0 if it never joined.
    fn slashableUntil(operator: Address, avs: Address, set_id: u32) view -> (until: u64) => slashable_until;
    /// Sets the caller's allocation of `vault` to set `(avs, set_id)` to `magnitude` (WAD): an increase takes
    /// effect after its allocation delay, a decrease after the deallocation delay.
    fn modifyAllocation(avs: Address, set_id: u32, vault: Address, magnitude: u64) fallible => modify_allocation;
    /// `operator`'s allocation of `vault` to set `(avs, set_id)`: allocated now, after the pending change, and
    /// when that takes effect (0: none pending).
    in ext
    fn allocation(operator: Address, avs: Address, set_id: u32, vault: Address) view fallible -> (allocated: u64, pending_target: u64, effect_at: u64) => allocation;
    /// `operator`'s encumbered magnitude of `vault` (WAD): allocations plus pending increases.
    in ext
    fn encumberedMagnitude(operator: Address, vault: Address) view -> (encumbered: u64) => encumbered_magnitude;
    /// The vault shares of `operator`'s stake in `vault` slashable by set `(avs, set_id)` at time `at` (now if earlier).
    fn slashableStake(operator: Address, avs: Address, set_id: u32, vault: Address, at: u64) view fallible -> (shares: U256) => slashable_stake;
    // -- slashing --
    /// Instant mode: the set's slasher slashes `wad_fraction` of `operator`'s allocations to `vaults` (strictly
    /// ascending, at most 16), clamped to the room left under the cap; returns the slash id.
    fn slash(operator: Address, avs: Address, set_id: u32, vaults: Vec<Address>, wad_fraction: u64, description: Str) fallible -> (slash_id: U256) => slash_routed;
    /// Vetoable mode: the set's slasher requests a slash (as `slash`), vetoable by the resolver within the veto
    /// window, then executable by anyone for the execution period; returns the slash id.
    fn requestSlash(operator: Address, avs: Address, set_id: u32, vaults: Vec<Address>, wad_fraction: u64, description: Str) fallible -> (slash_id: U256) => request_slash_routed;
    /// The set's resolver vetoes pending request `slash_id` within its veto window.
    fn vetoSlash(slash_id: U256) fallible => veto_slash;
    /// Anyone executes pending request `slash_id` once its veto window closed, until it expires.
    fn executeSlash(slash_id: U256) fallible => execute_slash;
    /// Slash request `slash_id`: its operator, set, fraction, when it becomes executable, status (0 none,
    /// 1 pending, 2 vetoed, 3 executed, 4 expired) and vaults.
    in ext
    fn slashRequest(slash_id: U256) view -> (operator: Address, avs: Address, set_id: u32, wad_fraction: u64, executable_at: u64, status: u8, vaults: Vec<Address>) => slash_request;
    /// The set's evidence verifier slashes `operator` by the set's equivocation penalty; returns the slash id.
    fn slashByEvidence(operator: Address, avs: Address, set_id: u32) fallible -> (slash_id: U256) => slash_by_evidence;
    /// Anyone releases the shares of `vault` slashed for `recipient` (zero: the burn): the vault burns them and pays
    /// what they are worth now to the recipient (an ETH vault credits it). Returns the shares and the assets.
    in ext
    fn releaseSlashed(vault: Address, recipient: Address) fallible -> (shares: U256, assets: U256) => release_slashed;
    /// The shares of `vault` slashed for `recipient` (zero: the burn) and not yet released.
    in ext
    fn slashedShares(vault: Address, recipient: Address) view -> (shares: U256) => slashed_shares;
    /// (H-2) The WAD fraction of `operator`'s allocations slashed in set `(avs, set_id)` this period (the cap is
    /// per set and operator).
    in ext
    fn capUsed(operator: Address, avs: Address, set_id: u32) view -> (used: u64) => cap_used;
    /// The manager's second wasm, which serves the routes marked `in ext` by delegate call (zero natively).
    in ext
    fn extension() view -> (extension: Address) => extension;
    /// Tests only (feature `test-clock`; never in the wasm): sets the time the manager reads.
    cfg(feature = "test-clock")
    fn setTestTimestamp(timestamp: u64) => set_test_timestamp;
}

/// Refuses a vault list longer than a set may hold ([`MAX_SET_VAULTS`]):
/// the decoder reads an `address[]` of any length, so the bound every loop
/// relies on is checked here, before anything runs.
fn bounded(vaults: &[Address]) -> Result<&[Address], Error> {
    if vaults.len() > MAX_SET_VAULTS {
        return Err(Error::TooManyVaults(SlashingTooManyVaults {
            max: U256::from(MAX_SET_VAULTS),
        }));
    }
    Ok(vaults)
}

/// The entry points whose ABI differs from the method they run: a decoded
/// `address[]` (bounded, then passed as a slice) and views whose return
/// values come from more than one method.
impl SlashingManager {
    /// `config()`: the registry, the deallocation delay and the last slash id.
    pub fn config(&self) -> (Address, u64, u64) {
        (
            self.registry_address(),
            self.deallocation_delay(),
            self.last_slash_id(),
        )
    }

    /// `operatorSet(avs, setId)`: [`Self::operator_set`]'s parameters and
    /// [`Self::set_vaults`].
    pub fn operator_set_with_vaults(
        &self,
        avs: Address,
        set_id: u32,
    ) -> (
        Address,
        Address,
        Address,
        u64,
        u64,
        u64,
        u64,
        Address,
        Vec<Address>,
    ) {
        let (slasher, recipient, resolver, window, cap, period, penalty, verifier) =
            self.operator_set(avs, set_id);
        let vaults = self.set_vaults(avs, set_id);
        (
            slasher, recipient, resolver, window, cap, period, penalty, verifier, vaults,
        )
    }

    /// `createOperatorSet`: [`Self::create_operator_set`] with `vaults`
    /// bounded.
    ///
    /// # Errors
    /// * [`Error::TooManyVaults`] - more than [`MAX_SET_VAULTS`] vaults (nothing run).
    /// * Whatever [`Self::create_operator_set`] returns.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn create_operator_set_routed(
        &mut self,
        set_id: u32,
        vaults: Vec<Address>,
        slasher: Address,
        recipient: Address,
        resolver: Address,
        veto_window: u64,
        cap_wad: u64,
        cap_period: u64,
        equivocation_penalty: u64,
        evidence_verifier: Address,
    ) -> Result<(), Error> {
        self.create_operator_set(
            set_id,
            bounded(&vaults)?,
            slasher,
            recipient,
            resolver,
            veto_window,
            cap_wad,
            cap_period,
            equivocation_penalty,
            evidence_verifier,
        )
    }

    /// `slash`: [`Self::slash`] with `vaults` bounded.
    ///
    /// # Errors
    /// * [`Error::TooManyVaults`] - more than [`MAX_SET_VAULTS`] vaults (nothing run).
    /// * Whatever [`Self::slash`] returns.
    pub(crate) fn slash_routed(
        &mut self,
        operator: Address,
        avs: Address,
        set_id: u32,
        vaults: Vec<Address>,
        wad_fraction: u64,
        description: Str,
    ) -> Result<U256, Error> {
        self.slash(
            operator,
            avs,
            set_id,
            bounded(&vaults)?,
            wad_fraction,
            description.0,
        )
    }

    /// `requestSlash`: [`Self::request_slash`] with `vaults` bounded.
    ///
    /// # Errors
    /// * [`Error::TooManyVaults`] - more than [`MAX_SET_VAULTS`] vaults (nothing run).
    /// * Whatever [`Self::request_slash`] returns.
    pub(crate) fn request_slash_routed(
        &mut self,
        operator: Address,
        avs: Address,
        set_id: u32,
        vaults: Vec<Address>,
        wad_fraction: u64,
        description: Str,
    ) -> Result<U256, Error> {
        self.request_slash(
            operator,
            avs,
            set_id,
            bounded(&vaults)?,
            wad_fraction,
            description.0,
        )
    }
}

/// The manager's ABI: its route table, its error enum's variants, and the
/// events it emits.
pub fn interface_abi() -> Abi<'static> {
    Abi {
        name: "ISlashingManager",
        doc: &[" The Restake slashing manager: AVSs, operator sets, unique-stake allocations, and instant, vetoable and evidence-based slashing."],
        routes: SlashingManager::ROUTES,
        errors: Error::ABI.to_vec(),
        events: restake_interfaces::slashing::EVENTS.to_vec(),
        constructor: Some(SlashingManager::CONSTRUCTOR),
    }
}

restake_kit::router! {
    impl SlashingManager; error Error; invalid Error::invalid_calldata;
    abi interface_abi as "ISlashingManager";
    constructor(registry: Address, deallocation_delay: u64, extension: Address) => constructor;
    unknown => unknown;
}

impl SlashingManager {
    /// A selector this wasm does not serve (`input`: the whole calldata).
    /// The core hands it to the extension by delegate call, so it runs on
    /// the manager's storage with the caller of this call; the extension
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
                Error::CallFailed(SlashingCallFailed { target: extension })
            } else {
                Error::Extension(r.0)
            }
        })
    }

    /// The manager's second wasm, which the core delegate-calls for the
    /// routes marked `in ext` (zero in a native build, which serves every
    /// route itself).
    pub fn extension(&self) -> Address {
        restake_kit::storage::to_address(self.sload(crate::storage::EXTENSION.slot()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use restake_kit::route::{serves, CORE, EXT};

    /// The split is generated from the table: every selector is served by
    /// exactly one of the two wasms, and the extension serves exactly the
    /// AVSs' registration and set administration, the rewards wiring and
    /// the views no contract calls and the release of slashed shares, so
    /// that every membership, allocation
    /// and slash starts the smaller core. `slashableStake` and
    /// `slashableUntil` stay in the core: an AVS contract may read them on
    /// chain.
    #[test]
    fn the_two_wasms_serve_every_selector_exactly_once() {
        for route in SlashingManager::ROUTES {
            let entry = if route.wasm == "ext" { EXT } else { CORE };
            assert!(route.wasm.is_empty() || route.wasm == "ext");
            assert_ne!(
                serves(CORE, entry),
                serves(EXT, entry),
                "{} is served by both or neither",
                route.signature()
            );
        }
        let mut ext: Vec<&str> = SlashingManager::ROUTES
            .iter()
            .filter(|r| r.wasm == "ext")
            .map(|r| r.name)
            .collect();
        ext.sort_unstable();
        assert_eq!(
            ext,
            [
                "addVault",
                "allocation",
                "avsInfo",
                "capUsed",
                "config",
                "encumberedMagnitude",
                "extension",
                "operatorSet",
                "registerAvs",
                "releaseSlashed",
                "removeVault",
                "rewards",
                "setRewards",
                "slashRequest",
                "slashedShares",
                "updateAvsMetadata",
            ]
        );
    }

    use alloy_sol_types::SolCall;
    use motsu::prelude::*;
    use restake_interfaces::slashing::ISlashingManager::{
        configCall, setTestTimestampCall, ISlashingManagerCalls,
    };

    fn routes(m: &Contract<SlashingManager>, data: &[u8]) -> bool {
        let selector = u32::from_be_bytes([data[0], data[1], data[2], data[3]]);
        m.sender(Address::with_last_byte(1))
            .route_call(selector, &data[4..], false)
            .is_some()
    }

    /// The release wasm has no test clock: without the `test-clock`
    /// feature (as `cargo test -p restake-slashing` and the wasm build
    /// compile it), `setTestTimestamp` does not route.
    #[motsu::test]
    fn test_clock_routes_only_with_its_feature(m: Contract<SlashingManager>) {
        assert!(routes(&m, &configCall {}.abi_encode()));
        let set_clock = setTestTimestampCall { timestamp: 5 }.abi_encode();
        assert_eq!(routes(&m, &set_clock), cfg!(feature = "test-clock"));
    }

    /// The route table is the `sol!` interface integrators compile against:
    /// the same functions (by selector), each routed, none twice, none
    /// payable (sent ETH, each answers the kit's refusal for its own
    /// selector), and an unknown selector is not routed at all.
    #[motsu::test]
    fn every_selector_of_the_interface_routes_and_nothing_else(m: Contract<SlashingManager>) {
        let test_only = setTestTimestampCall::SELECTOR;
        let interface: Vec<[u8; 4]> = ISlashingManagerCalls::SELECTORS
            .iter()
            .copied()
            .filter(|s| cfg!(feature = "test-clock") || *s != test_only)
            .collect();
        let mut call = m.sender(Address::with_last_byte(1));
        restake_kit::router::check_routes(SlashingManager::ROUTES, &interface, &[], |selector| {
            matches!(
                call.route_call(selector, &[], true),
                Some(Err(Error::InvalidCalldata(e))) if e.selector.0 == selector.to_be_bytes()
            )
        });
        assert!(call.route_call(0xdeadbeef, &[], true).is_none());
    }

    /// An `address[]` longer than a set may hold decodes (the kit reads any
    /// length) and is refused with `SlashingTooManyVaults` before anything
    /// runs.
    #[motsu::test]
    fn a_vault_list_longer_than_a_set_is_refused_before_anything_runs(
        m: Contract<SlashingManager>,
    ) {
        use restake_interfaces::slashing::ISlashingManager::{
            createOperatorSetCall, requestSlashCall, slashCall,
        };
        let long = alloc::vec![Address::with_last_byte(7); MAX_SET_VAULTS + 1];
        let calls = [
            slashCall {
                operator: Address::with_last_byte(2),
                avs: Address::with_last_byte(3),
                setId: 1,
                vaults: long.clone(),
                wadFraction: 1,
                description: "".into(),
            }
            .abi_encode(),
            requestSlashCall {
                operator: Address::with_last_byte(2),
                avs: Address::with_last_byte(3),
                setId: 1,
                vaults: long.clone(),
                wadFraction: 1,
                description: "".into(),
            }
            .abi_encode(),
            createOperatorSetCall {
                setId: 1,
                vaults: long,
                slasher: Address::with_last_byte(4),
                recipient: Address::ZERO,
                resolver: Address::ZERO,
                vetoWindow: 0,
                capWad: 1,
                capPeriod: 1,
                equivocationPenalty: 0,
                evidenceVerifier: Address::ZERO,
            }
            .abi_encode(),
        ];
        let mut call = m.sender(Address::with_last_byte(1));
        for data in calls {
            let selector = u32::from_be_bytes([data[0], data[1], data[2], data[3]]);
            let out = call.route_call(selector, &data[4..], false);
            assert!(
                matches!(out, Some(Err(Error::TooManyVaults(SlashingTooManyVaults { max }))) if max == U256::from(MAX_SET_VAULTS)),
                "{selector:08x}: {out:?}"
            );
        }
    }
}
