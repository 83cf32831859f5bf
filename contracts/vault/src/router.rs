//! The route table (the kit's `routes!`: the vault's whole ABI, its decoding
//! under the kit's malformed-calldata policy and its return encoding), the
//! `Router` `#[entrypoint]` dispatches to (the kit's `router!`), and the ABI
//! export.

use alloy_primitives::{Address, U256};
use restake_kit::export::Abi;

use crate::{Error, Vault};

restake_kit::routes! {
    impl Vault; error Error; invalid Error::invalid_calldata;
    // -- ERC-4626 / ERC-7535 views --
    /// The vault's asset: an ERC-20, or `0xEeee…EEeE` for native ETH (ERC-7535).
    fn asset() view -> (asset: Address) => asset;
    /// Assets held: the vault's balance of its asset.
    fn totalAssets() view fallible -> (assets: U256) => total_assets;
    /// Shares in existence (deposit shares plus shares in queued withdrawals, less what slashing burned).
    fn totalShares() view -> (shares: U256) => total_shares;
    /// `staker`'s deposit shares (its withdrawable shares, after slashing, are the registry's `withdrawableShares`).
    fn depositShares(staker: Address) view -> (shares: U256) => deposit_shares;
    /// Shares that `assets` buy now, rounded down.
    fn convertToShares(assets: U256) view fallible -> (shares: U256) => convert_to_shares;
    /// Assets that `shares` are worth now, rounded down.
    fn convertToAssets(shares: U256) view fallible -> (assets: U256) => convert_to_assets;
    /// The most assets a deposit credited to `receiver` can bring now (zero when any deposit would revert).
    fn maxDeposit(receiver: Address) view fallible -> (assets: U256) => max_deposit;
    /// The most shares a mint to `receiver` can create now.
    fn maxMint(receiver: Address) view fallible -> (shares: U256) => max_mint;
    /// Shares a deposit of `assets` would mint now (rounded down): exactly what `deposit` mints.
    fn previewDeposit(assets: U256) view fallible -> (shares: U256) => preview_deposit;
    /// Assets a mint of `shares` would cost now (rounded up).
    fn previewMint(shares: U256) view fallible -> (assets: U256) => preview_mint;
    /// The cap on total assets.
    fn depositCap() view -> (cap: U256) => deposit_cap;
    /// Who may pause and unpause deposits.
    fn pauser() view -> (pauser: Address) => pauser;
    /// The operator registry wired at construction.
    fn registry() view -> (registry: Address) => registry;
    /// The slashing manager wired at construction.
    fn slashingManager() view -> (manager: Address) => slashing_manager;
    // -- deposits --
    /// Deposits `assets` (tokens pulled, or ETH sent, equal to `assets`) and credits `receiver` with the shares
    /// they buy, rounded down; returns them.
    fn deposit(assets: U256, receiver: Address) payable fallible -> (shares: U256) => deposit;
    /// Mints exactly `shares` to `receiver` for the assets they cost, rounded up; returns the assets.
    fn mint(shares: U256, receiver: Address) payable fallible -> (assets: U256) => mint;
    // -- owner and pauser --
    /// Sets the cap on total assets (owner only; `2^256 - 1` for none, 0 to close).
    fn setDepositCap(new_cap: U256) fallible => set_deposit_cap;
    /// Moves the pauser role (owner only).
    fn setPauser(new_pauser: Address) fallible => set_pauser;
    /// Pauses deposits and mints (pauser only); payouts and slashing keep working.
    fn pause() fallible => pause;
    /// Resumes deposits and mints (pauser only).
    fn unpause() fallible => unpause;
    // -- operator registry and slashing manager --
    /// Credits `shares` deposit shares back to `staker`: a withdrawal completed as shares (registry only).
    fn addDepositShares(staker: Address, shares: U256) fallible => add_deposit_shares;
    /// Removes `shares` deposit shares from `staker`: queued into a withdrawal (registry only).
    fn removeDepositShares(staker: Address, shares: U256) fallible => remove_deposit_shares;
    /// Pays a completed withdrawal: burns `shares` of `owner` and sends what they are worth, rounded down, to
    /// `receiver` (registry only); returns the assets.
    fn withdrawTo(owner: Address, receiver: Address, shares: U256) fallible -> (assets: U256) => withdraw_to;
    /// Burns slashed `shares` with the assets they are worth, sent to `recipient` or, if zero, to the burn
    /// address (ETH to a recipient: credited, paid by `claimSlashed`); slashing manager only. Returns the assets.
    fn burnSlashedShares(shares: U256, recipient: Address) fallible -> (assets: U256) => burn_slashed_shares;
    /// The caller, a redistribution recipient of this ETH vault, claims its credited slashed shares: burned,
    /// and what they are worth sent to `receiver`. Returns the ETH.
    fn claimSlashed(receiver: Address) fallible -> (assets: U256) => claim_slashed;
    /// Slashed shares credited to `recipient` and not yet claimed.
    fn slashedClaim(recipient: Address) view -> (shares: U256) => slashed_claim;
    // -- ownership (OpenZeppelin's Ownable2Step) and pause state --
    /// The owner.
    fn owner() view -> (owner: Address) => owner;
    /// The account offered ownership, until it accepts (zero for none).
    fn pendingOwner() view -> (pending_owner: Address) => pending_owner;
    /// Offers ownership to `new_owner`, who must accept it (owner only).
    fn transferOwnership(new_owner: Address) fallible => transfer_ownership;
    /// Takes the ownership offered to the caller.
    fn acceptOwnership() fallible => accept_ownership;
    /// Leaves the vault without an owner, for good: the cap and the pauser become fixed (owner only).
    fn renounceOwnership() fallible => renounce_ownership;
    /// Whether deposits are paused.
    fn paused() view -> (paused: bool) => paused;
}

/// The vault's ABI: its route table, its error enum's variants, and the
/// events it emits (its own, and OpenZeppelin's ownership and pause events).
pub fn interface_abi() -> Abi<'static> {
    Abi {
        name: "IVault",
        doc: &[" A Restake vault: custody and share price for one asset (an ERC-20 LST, or native ETH as ERC-7535), with deposit shares that leave only through the operator registry's withdrawal queue."],
        routes: Vault::ROUTES,
        errors: Error::ABI.to_vec(),
        events: [
            restake_interfaces::vault::EVENTS,
            restake_interfaces::ownable::EVENTS,
            restake_interfaces::pausable::EVENTS,
        ]
        .concat(),
        constructor: Some(Vault::CONSTRUCTOR),
    }
}

restake_kit::router! {
    impl Vault; error Error; invalid Error::invalid_calldata;
    abi interface_abi as "IVault";
    constructor(
        asset: Address,
        owner: Address,
        pauser: Address,
        registry: Address,
        slashing_manager: Address,
        deposit_cap: U256,
    ) => constructor;
}

#[cfg(test)]
mod tests {
    use super::*;
    use motsu::prelude::*;
    use restake_interfaces::vault::IVault::IVaultCalls;

    /// The route table is the `sol!` interface integrators compile against:
    /// the same functions (by selector), each routed, none twice, only
    /// `deposit` and `mint` payable (sent ETH, every other answers the kit's
    /// refusal for its own selector), and an unknown selector is not routed.
    #[motsu::test]
    fn every_selector_of_the_interface_routes_and_nothing_else(v: Contract<Vault>) {
        let mut call = v.sender(Address::with_last_byte(1));
        restake_kit::router::check_routes(
            Vault::ROUTES,
            IVaultCalls::SELECTORS,
            &[Vault::deposit_SELECTOR, Vault::mint_SELECTOR],
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
