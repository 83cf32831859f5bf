//! # Restake Vault
//!
//! Custody and share price for one asset: an ERC-20 liquid staking token, or
//! native ETH (ERC-7535, `asset()` = [`NATIVE_ETH`]). One deployment per asset.
//!
//! * Wallets `deposit` / `mint` (ERC-4626) and are credited non-transferable
//!   **deposit shares**. Positions leave only through the operator registry's
//!   withdrawal queue, so delegated stake can never escape slashing.
//! * Tokens are credited by the **balance delta** of the vault, so
//!   fee-on-transfer tokens and stETH-style 1–2 wei shortfalls mint no
//!   unbacked shares.
//! * Share conversions carry a virtual offset (`restake_math::VIRTUAL_*`):
//!   first-depositor and donation attacks cost the attacker money.
//! * Slashing never moves the share price: the slashing manager burns shares
//!   together with the assets they claim (to the burn address or the set's
//!   redistribution recipient). Every deposit and mint checks that the price
//!   did not fall; withdrawals and burns round the assets paid down, so the
//!   price can only rise.
//! * Privileged entry points: the operator registry (add/remove deposit
//!   shares, pay out as tokens) and the slashing manager (burn or redistribute
//!   slashed shares), both fixed at construction. The owner (two-step
//!   transfer) sets the deposit cap and the pauser; the pauser pauses deposits.
//!
//! Pausing stops deposits and mints only: registry payouts and slashing keep
//! working, so a pause can neither trap stakers' funds nor shield a
//! misbehaving operator from a slash.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(target_arch = "wasm32", no_std)]
extern crate alloc;

restake_kit::wasm_runtime!();

mod access;
mod accounting;
mod errors;
mod router;
mod storage;

pub use accounting::check_price;
pub use errors::Error;
pub use router::interface_abi;

use alloy_primitives::{Address, U256};
use restake_interfaces::{vault::*, BURN_ADDRESS};
// Named by the docs only (the code compares against it in `accounting.rs`).
#[cfg(doc)]
use restake_interfaces::NATIVE_ETH;
use restake_kit::log;
use restake_math::{add, assets_to_shares, shares_to_assets, sub, Rounding};
use storage::*;
use stylus_sdk::prelude::*;

pub use restake_interfaces::vault as abi;

/// The vault. Its storage is the kit's named keys, all in [`storage`].
#[entrypoint]
#[storage]
pub struct Vault {}

impl Vault {
    /// Wires the vault: its `asset` (an ERC-20, or [`NATIVE_ETH`]), `owner`,
    /// `pauser`, the operator `registry` and `slashing_manager` allowed to
    /// call the privileged entry points, and the initial `deposit_cap`.
    ///
    /// # Errors
    /// * [`Error::ZeroAddress`] - `asset` is the zero address.
    /// * [`Error::OwnableInvalidOwner`] - `owner` is the zero address.
    ///
    /// # Events
    /// * `OwnershipTransferred`, [`PauserSet`], [`DepositCapSet`].
    pub fn constructor(
        &mut self,
        asset: Address,
        owner: Address,
        pauser: Address,
        registry: Address,
        slashing_manager: Address,
        deposit_cap: U256,
    ) -> Result<(), Error> {
        if asset.is_zero() {
            return Err(Error::ZeroAddress(VaultZeroAddress {}));
        }
        OWNERSHIP
            .init(self.vm(), owner)
            .map_err(Error::OwnableInvalidOwner)?;
        self.put_addr(ASSET, asset);
        self.put_addr(REGISTRY, registry);
        self.put_addr(SLASHING_MANAGER, slashing_manager);
        self.set_pauser_inner(pauser);
        self.set_cap_inner(deposit_cap);
        Ok(())
    }

    // ------------------------------------------------------------------
    // ERC-4626 / ERC-7535 views
    // ------------------------------------------------------------------

    /// The vault's asset: an ERC-20 address, or [`NATIVE_ETH`] (ERC-7535).
    pub fn asset(&self) -> Address {
        self.get_addr(ASSET)
    }

    /// Assets held: the vault's balance of its asset.
    ///
    /// # Errors
    /// * [`Error::AssetCallFailed`] - the asset's `balanceOf` failed.
    pub fn total_assets(&self) -> Result<U256, Error> {
        self.balance()
    }

    /// Shares in existence (deposit shares plus queued, less slashed).
    pub fn total_shares(&self) -> U256 {
        self.get(TOTAL_SHARES)
    }

    /// `staker`'s deposit shares. Its withdrawable shares (after slashing)
    /// are read from the operator registry.
    pub fn deposit_shares(&self, staker: Address) -> U256 {
        self.map_get(DEPOSIT_SHARES, staker)
    }

    /// Shares that `assets` buy now, rounded down.
    ///
    /// # Errors
    /// * [`Error::AssetCallFailed`], [`Error::Math`].
    pub fn convert_to_shares(&self, assets: U256) -> Result<U256, Error> {
        Ok(assets_to_shares(assets, self.totals()?, Rounding::Down)?)
    }

    /// Assets that `shares` are worth now, rounded down.
    ///
    /// # Errors
    /// * [`Error::AssetCallFailed`], [`Error::Math`].
    pub fn convert_to_assets(&self, shares: U256) -> Result<U256, Error> {
        Ok(shares_to_assets(shares, self.totals()?, Rounding::Down)?)
    }

    /// The most assets a deposit credited to `receiver` can bring now: the
    /// room left under the cap, or zero when the deposit would revert
    /// whatever its size: deposits paused, `receiver` the zero address, or
    /// the operator registry refusing `receiver` (its operator is fully
    /// slashed in this vault, or this vault is not whitelisted; ERC-4626:
    /// never more than would be accepted). A registry that cannot be asked
    /// counts as a refusal (an underestimate, as ERC-4626 allows).
    ///
    /// # Errors
    /// * [`Error::AssetCallFailed`].
    pub fn max_deposit(&self, receiver: Address) -> Result<U256, Error> {
        if PAUSE.paused(self.vm()) || receiver.is_zero() || !self.registry_accepts(receiver) {
            return Ok(U256::ZERO);
        }
        Ok(self.get(DEPOSIT_CAP).saturating_sub(self.balance()?))
    }

    /// The most shares a mint to `receiver` can create now (the room of
    /// [`Self::max_deposit`], in shares, rounded down: zero whenever that
    /// is).
    ///
    /// # Errors
    /// * [`Error::AssetCallFailed`], [`Error::Math`].
    pub fn max_mint(&self, receiver: Address) -> Result<U256, Error> {
        let room = self.max_deposit(receiver)?;
        Ok(assets_to_shares(room, self.totals()?, Rounding::Down).unwrap_or(U256::MAX))
    }

    /// Shares a deposit of `assets` would mint now (rounded down, in the
    /// vault's favour). Exact: a deposit that succeeds mints exactly this
    /// (the same conversion over the same totals), because the vault refuses
    /// a deposit whose asset delivers less than `assets` (fee-on-transfer,
    /// stETH-style shortfalls; `docs/decisions.md`).
    ///
    /// # Errors
    /// * [`Error::AssetCallFailed`], [`Error::Math`].
    pub fn preview_deposit(&self, assets: U256) -> Result<U256, Error> {
        self.convert_to_shares(assets)
    }

    /// Assets a mint of `shares` would cost now (rounded up, in the vault's
    /// favour).
    ///
    /// # Errors
    /// * [`Error::AssetCallFailed`], [`Error::Math`].
    pub fn preview_mint(&self, shares: U256) -> Result<U256, Error> {
        Ok(shares_to_assets(shares, self.totals()?, Rounding::Up)?)
    }

    /// The cap on total assets.
    pub fn deposit_cap(&self) -> U256 {
        self.get(DEPOSIT_CAP)
    }

    /// Who may pause and unpause deposits.
    pub fn pauser(&self) -> Address {
        self.get_addr(PAUSER)
    }

    /// The operator registry wired at construction.
    pub fn registry(&self) -> Address {
        self.get_addr(REGISTRY)
    }

    /// The slashing manager wired at construction.
    pub fn slashing_manager(&self) -> Address {
        self.get_addr(SLASHING_MANAGER)
    }

    // ------------------------------------------------------------------
    // Deposits
    // ------------------------------------------------------------------

    /// Deposits `assets` and credits `receiver` with the shares they buy
    /// (rounded down): exactly `previewDeposit(assets)`. ERC-20 mode pulls
    /// the tokens (approve first) and refuses a token that delivers less
    /// than `assets` (so the preview never promises more than is minted);
    /// ETH mode takes `msg.value`, which must equal `assets`. Tells the operator registry, so the receiver's
    /// operator stake rises in the same transaction.
    ///
    /// # Errors
    /// * [`Error::EnforcedPause`] - deposits are paused.
    /// * [`Error::ZeroAmount`] - `assets` is zero.
    /// * [`Error::ZeroAddress`] - `receiver` is the zero address.
    /// * [`Error::ValueMismatch`] - ETH sent differs from `assets` (ETH mode)
    ///   or is not zero (ERC-20 mode).
    /// * [`Error::DepositCapExceeded`] - total assets would pass the cap.
    /// * [`Error::SafeErc20FailedOperation`] - the token transfer failed.
    /// * [`Error::InsufficientAssetsReceived`] - the token delivered fewer
    ///   than `assets` (fee on transfer, 1–2 wei shortfalls).
    /// * [`Error::ZeroShares`] - `assets` buy no share.
    /// * [`Error::Registry`] - the registry refused the deposit (e.g. the
    ///   receiver's operator is fully slashed); its error is passed through.
    /// * [`Error::Math`], [`Error::AssetCallFailed`], [`Error::SharePriceDecreased`].
    ///
    /// # Events
    /// * [`Deposit`] with the assets received and shares minted.
    pub fn deposit(&mut self, assets: U256, receiver: Address) -> Result<U256, Error> {
        let (before, received) = self.pull(assets, false)?;
        let shares = assets_to_shares(received, before, Rounding::Down)?;
        if shares.is_zero() {
            return Err(Error::ZeroShares(VaultZeroShares { assets: received }));
        }
        self.credit(receiver, before, received, shares)?;
        Ok(shares)
    }

    /// Mints exactly `shares` to `receiver` for the assets they cost
    /// (rounded up). In ETH mode `msg.value` must equal `previewMint(shares)`.
    ///
    /// # Errors
    /// * [`Error::EnforcedPause`], [`Error::ZeroAmount`], [`Error::ZeroAddress`],
    ///   [`Error::ValueMismatch`], [`Error::DepositCapExceeded`],
    ///   [`Error::SafeErc20FailedOperation`], [`Error::Registry`],
    ///   [`Error::Math`], [`Error::AssetCallFailed`], [`Error::SharePriceDecreased`].
    /// * [`Error::InsufficientAssetsReceived`] - a fee-on-transfer token
    ///   delivered less than the shares cost.
    ///
    /// # Events
    /// * [`Deposit`].
    pub fn mint(&mut self, shares: U256, receiver: Address) -> Result<U256, Error> {
        let (before, received) = self.pull(shares, true)?;
        self.credit(receiver, before, received, shares)?;
        Ok(received)
    }

    // ------------------------------------------------------------------
    // Owner and pauser
    // ------------------------------------------------------------------

    /// Sets the cap on total assets (`U256::MAX` for none, 0 to close).
    ///
    /// # Errors
    /// * [`Error::OwnableUnauthorizedAccount`] - the caller is not the owner.
    ///
    /// # Events
    /// * [`DepositCapSet`].
    pub fn set_deposit_cap(&mut self, new_cap: U256) -> Result<(), Error> {
        self.only_owner()?;
        self.set_cap_inner(new_cap);
        Ok(())
    }

    /// Moves the pauser role.
    ///
    /// # Errors
    /// * [`Error::OwnableUnauthorizedAccount`] - the caller is not the owner.
    ///
    /// # Events
    /// * [`PauserSet`].
    pub fn set_pauser(&mut self, new_pauser: Address) -> Result<(), Error> {
        self.only_owner()?;
        self.set_pauser_inner(new_pauser);
        Ok(())
    }

    /// Pauses deposits and mints.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - the caller is not the pauser.
    /// * [`Error::EnforcedPause`] - already paused.
    ///
    /// # Events
    /// * `Paused`.
    pub fn pause(&mut self) -> Result<(), Error> {
        self.only(self.get_addr(PAUSER))?;
        PAUSE.pause(self.vm()).map_err(Error::EnforcedPause)
    }

    /// Resumes deposits and mints.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - the caller is not the pauser.
    /// * [`Error::ExpectedPause`] - not paused.
    ///
    /// # Events
    /// * `Unpaused`.
    pub fn unpause(&mut self) -> Result<(), Error> {
        self.only(self.get_addr(PAUSER))?;
        PAUSE.unpause(self.vm()).map_err(Error::ExpectedPause)
    }

    // ------------------------------------------------------------------
    // Operator registry entry points
    // ------------------------------------------------------------------

    /// Credits `shares` deposit shares back to `staker` (a queued withdrawal
    /// completed as shares). Total shares do not change: queued shares never
    /// left the vault.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - the caller is not the registry.
    /// * [`Error::Math`] - overflow.
    ///
    /// # Events
    /// * [`DepositSharesAdded`].
    pub fn add_deposit_shares(&mut self, staker: Address, shares: U256) -> Result<(), Error> {
        self.only(self.get_addr(REGISTRY))?;
        let held = self.map_get(DEPOSIT_SHARES, staker);
        self.map_put(DEPOSIT_SHARES, staker, add(held, shares)?);
        log::emit_event(self.vm(), &DepositSharesAdded { staker, shares });
        Ok(())
    }

    /// Removes `shares` deposit shares from `staker` (queued into a
    /// withdrawal). Total shares do not change until the withdrawal pays out.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - the caller is not the registry.
    /// * [`Error::InsufficientDepositShares`] - `staker` holds fewer.
    ///
    /// # Events
    /// * [`DepositSharesRemoved`].
    pub fn remove_deposit_shares(&mut self, staker: Address, shares: U256) -> Result<(), Error> {
        self.only(self.get_addr(REGISTRY))?;
        let held = self.map_get(DEPOSIT_SHARES, staker);
        if held < shares {
            return Err(Error::InsufficientDepositShares(
                VaultInsufficientDepositShares {
                    staker,
                    held,
                    requested: shares,
                },
            ));
        }
        self.map_put(DEPOSIT_SHARES, staker, sub(held, shares)?);
        log::emit_event(self.vm(), &DepositSharesRemoved { staker, shares });
        Ok(())
    }

    /// Pays a completed withdrawal: burns `shares` (withdrawable shares of
    /// `owner`, already removed from its deposit shares) and sends the assets
    /// they are worth, rounded down, to `receiver`. Zero shares pay zero with
    /// no transfer (a fully slashed withdrawal still completes).
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - the caller is not the registry.
    /// * [`Error::ZeroAddress`] - `receiver` is the zero address.
    /// * [`Error::InsufficientShares`] - more shares than exist.
    /// * [`Error::SafeErc20FailedOperation`], [`Error::EthTransferFailed`] - the payout failed.
    /// * [`Error::Math`], [`Error::AssetCallFailed`].
    ///
    /// # Events
    /// * [`Withdraw`] (sender = the registry).
    pub fn withdraw_to(
        &mut self,
        owner: Address,
        receiver: Address,
        shares: U256,
    ) -> Result<U256, Error> {
        let registry = self.get_addr(REGISTRY);
        self.only(registry)?;
        if receiver.is_zero() {
            return Err(Error::ZeroAddress(VaultZeroAddress {}));
        }
        let assets = self.burn_and_pay(shares, receiver)?;
        log::emit_event(
            self.vm(),
            &Withdraw {
                sender: registry,
                receiver,
                owner,
                assets,
                shares,
            },
        );
        Ok(assets)
    }

    // ------------------------------------------------------------------
    // Slashing manager entry point
    // ------------------------------------------------------------------

    /// Burns `shares` slashed from operators, with the assets they are worth
    /// (rounded down, so the price cannot fall), sent to `recipient` (a
    /// redistribution recipient) or, if zero, to [`BURN_ADDRESS`]. In ETH mode
    /// a redistribution recipient is paid by pull (I-6): the shares are
    /// credited to it and burned when it calls [`Self::claim_slashed`], so a
    /// recipient that refuses ETH cannot block slashing. Returns the assets.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - the caller is not the slashing manager.
    /// * [`Error::InsufficientShares`] - more shares than exist.
    /// * [`Error::SafeErc20FailedOperation`], [`Error::EthTransferFailed`], [`Error::Math`],
    ///   [`Error::AssetCallFailed`].
    ///
    /// # Events
    /// * [`SlashedSharesBurned`], or [`SlashedSharesCredited`] (ETH to a recipient).
    pub fn burn_slashed_shares(&mut self, shares: U256, recipient: Address) -> Result<U256, Error> {
        self.only(self.get_addr(SLASHING_MANAGER))?;
        if self.is_native() && !recipient.is_zero() {
            let totals = self.totals()?;
            if shares > totals.total_shares {
                return Err(Error::InsufficientShares(VaultInsufficientShares {
                    total: totals.total_shares,
                    requested: shares,
                }));
            }
            // Down: the value reported never exceeds what the claim pays.
            let assets = shares_to_assets(shares, totals, Rounding::Down)?;
            let credit = add(self.map_get(SLASHED_CLAIMS, recipient), shares)?;
            self.map_put(SLASHED_CLAIMS, recipient, credit);
            log::emit_event(
                self.vm(),
                &SlashedSharesCredited {
                    recipient,
                    shares,
                    assets,
                },
            );
            return Ok(assets);
        }
        let recipient = if recipient.is_zero() {
            BURN_ADDRESS
        } else {
            recipient
        };
        let assets = self.burn_and_pay(shares, recipient)?;
        log::emit_event(
            self.vm(),
            &SlashedSharesBurned {
                recipient,
                shares,
                assets,
            },
        );
        Ok(assets)
    }

    /// (I-6) The caller, a redistribution recipient of this ETH vault,
    /// claims every slashed share credited to it: they are burned and what
    /// they are worth (rounded down) is sent to `receiver`. Returns the ETH.
    ///
    /// # Errors
    /// * [`Error::ZeroAddress`] - `receiver` is zero.
    /// * [`Error::ZeroAmount`] - nothing is credited to the caller.
    /// * [`Error::EthTransferFailed`], [`Error::Math`].
    ///
    /// # Events
    /// * [`SlashedSharesClaimed`].
    pub fn claim_slashed(&mut self, receiver: Address) -> Result<U256, Error> {
        if receiver.is_zero() {
            return Err(Error::ZeroAddress(VaultZeroAddress {}));
        }
        let recipient = self.vm().msg_sender();
        let shares = self.map_get(SLASHED_CLAIMS, recipient);
        if shares.is_zero() {
            return Err(Error::ZeroAmount(VaultZeroAmount {}));
        }
        self.map_put(SLASHED_CLAIMS, recipient, U256::ZERO);
        let assets = self.burn_and_pay(shares, receiver)?;
        log::emit_event(
            self.vm(),
            &SlashedSharesClaimed {
                recipient,
                receiver,
                shares,
                assets,
            },
        );
        Ok(assets)
    }

    /// (I-6) Slashed shares credited to `recipient` and not yet claimed.
    pub fn slashed_claim(&self, recipient: Address) -> U256 {
        self.map_get(SLASHED_CLAIMS, recipient)
    }

    // ------------------------------------------------------------------
    // Ownership (OpenZeppelin's Ownable2Step, on kit slots) and pause state
    // ------------------------------------------------------------------

    /// The owner.
    pub fn owner(&self) -> Address {
        OWNERSHIP.owner(self.vm())
    }

    /// The account a pending ownership transfer awaits.
    pub fn pending_owner(&self) -> Address {
        OWNERSHIP.pending_owner(self.vm())
    }

    /// Starts a two-step ownership transfer to `new_owner`.
    ///
    /// # Errors
    /// * [`Error::OwnableUnauthorizedAccount`] - the caller is not the owner.
    ///
    /// # Events
    /// * `OwnershipTransferStarted`.
    pub fn transfer_ownership(&mut self, new_owner: Address) -> Result<(), Error> {
        OWNERSHIP
            .transfer_ownership(self.vm(), new_owner)
            .map_err(Error::OwnableUnauthorizedAccount)
    }

    /// Completes a transfer: the pending owner accepts.
    ///
    /// # Errors
    /// * [`Error::OwnableUnauthorizedAccount`] - the caller is not the pending owner.
    ///
    /// # Events
    /// * `OwnershipTransferred`.
    pub fn accept_ownership(&mut self) -> Result<(), Error> {
        OWNERSHIP
            .accept_ownership(self.vm())
            .map_err(Error::OwnableUnauthorizedAccount)
    }

    /// Gives up ownership for good (the cap and pauser become fixed).
    ///
    /// # Errors
    /// * [`Error::OwnableUnauthorizedAccount`] - the caller is not the owner.
    ///
    /// # Events
    /// * `OwnershipTransferred` to the zero address.
    pub fn renounce_ownership(&mut self) -> Result<(), Error> {
        OWNERSHIP
            .renounce_ownership(self.vm())
            .map_err(Error::OwnableUnauthorizedAccount)
    }

    /// Whether deposits are paused.
    pub fn paused(&self) -> bool {
        PAUSE.paused(self.vm())
    }
}
