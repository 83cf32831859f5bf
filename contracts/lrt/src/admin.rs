//! The owner's and the manager's roles and the owner's settings: accepted
//! assets, their caps and rate sources, the risk parameters, the redeem
//! delay, the pause, two-step ownership; the role checks; and the views of
//! those settings.

use alloy_primitives::{Address, U256};
use alloy_sol_types::SolCall;
use restake_interfaces::{lrt::*, NATIVE_ETH};
use stylus_sdk::prelude::*;

use crate::{
    calls::to_address,
    storage::{
        asset_slot, A_CAP, A_DEPOSITED, A_PENDING_VALUE, A_RATE_SOURCE, A_RESERVED, A_TOKEN,
        A_VAULT, S_ASSET_COUNT, S_BUFFER, S_CONCENTRATION, S_EXTENSION, S_FEE, S_IMPLEMENTATION,
        S_LIMIT, S_MANAGER, S_OWNER, S_PAUSED, S_PENDING_OWNER, S_PERIOD, S_REDEEM_DELAY,
        S_REGISTRY, S_WINDOW_USED,
    },
    Error, Lrt, BPS, MAX_ASSETS, MAX_FEE_BPS, MAX_REDEEM_DELAY,
};

/// Owner functions and views.
///
/// Routed by [`Lrt::dispatch`] (the ABI is [`ILrt`]); Rust callers (the
/// native tests) call them directly.
impl Lrt {
    /// Accepts `token` (an LST, or [`NATIVE_ETH`]) restaked through `vault`
    /// (whose `asset()` must be `token`), with deposit cap `cap` (in wei of
    /// it), valued through `rate_source` (M-3): a contract answering
    /// `getRate()` with the ETH one 1e18 of `token` is worth (a Balancer- or
    /// Pendle-style rate provider; see `docs/lrt.md` for what the owner
    /// trusts it with). ETH takes no source (zero): it is 1:1.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - not the owner.
    /// * [`Error::ZeroAddress`], [`Error::AssetExists`], [`Error::TooMany`],
    ///   [`Error::UnknownAsset`] - the vault holds another asset (named),
    ///   [`Error::InvalidRate`] - the source is missing, answers zero or
    ///   fails (or one is given for ETH), [`Error::Call`],
    ///   [`Error::CallFailed`].
    ///
    /// # Events
    /// * [`AssetAdded`], [`RateSourceSet`].
    pub fn add_asset(
        &mut self,
        token: Address,
        vault: Address,
        cap: U256,
        rate_source: Address,
    ) -> Result<(), Error> {
        self.only(S_OWNER)?;
        if token.is_zero() || vault.is_zero() {
            return Err(Error::ZeroAddress(LrtZeroAddress {}));
        }
        if self.asset_index(token).is_ok() {
            return Err(Error::AssetExists(LrtAssetExists { asset: token }));
        }
        let count = self.count(S_ASSET_COUNT);
        if count >= MAX_ASSETS {
            return Err(Error::TooMany(LrtTooMany {
                which: 0,
                max: U256::from(MAX_ASSETS),
            }));
        }
        let vault_asset =
            to_address(self.call_word(vault, ILrtOutgoing::assetCall::SELECTOR, &[], false)?);
        if vault_asset != token {
            return Err(Error::UnknownAsset(LrtUnknownAsset { asset: vault_asset }));
        }
        self.set_addr(asset_slot(count, A_TOKEN), token);
        self.set_addr(asset_slot(count, A_VAULT), vault);
        self.set(asset_slot(count, A_CAP), cap);
        self.set(S_ASSET_COUNT, U256::from(count + 1));
        self.emit_event(&AssetAdded {
            asset: token,
            vault,
            cap,
        });
        self.set_rate_source_inner(count, rate_source)
    }

    /// Moves `asset`'s valuation to rate source `source` (M-3), e.g. when
    /// a provider is retired. Takes effect at once, in both directions: the
    /// owner is trusted with it (`docs/lrt.md`).
    ///
    /// # Errors
    /// * [`Error::Unauthorized`], [`Error::UnknownAsset`],
    ///   [`Error::InvalidRate`] - as in [`Lrt::add_asset`].
    ///
    /// # Events
    /// * [`RateSourceSet`].
    pub fn set_rate_source(&mut self, asset: Address, source: Address) -> Result<(), Error> {
        self.only(S_OWNER)?;
        let i = self.asset_index(asset)?;
        self.set_rate_source_inner(i, source)
    }

    /// The rate `asset` is valued at now (M-3): ETH per 1e18 of it.
    ///
    /// # Errors
    /// * [`Error::UnknownAsset`], [`Error::InvalidRate`].
    pub fn asset_rate(&self, asset: Address) -> Result<U256, Error> {
        self.asset_rate_of(self.asset_index(asset)?)
    }

    /// Sets the deposit cap of `asset`.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`], [`Error::UnknownAsset`].
    ///
    /// # Events
    /// * [`AssetCapSet`].
    pub fn set_asset_cap(&mut self, asset: Address, cap: U256) -> Result<(), Error> {
        self.only(S_OWNER)?;
        let i = self.asset_index(asset)?;
        self.set(asset_slot(i, A_CAP), cap);
        self.emit_event(&AssetCapSet { asset, cap });
        Ok(())
    }

    /// Sets the concentration cap (bps of the Lrt's value one operator may
    /// hold, 1..=10,000), the buffer target (bps of value kept idle,
    /// ≤ 10,000), the instant exit fee (bps, ≤ 1,000), and the instant exit
    /// limit (assets) per `instant_period` seconds (> 0).
    ///
    /// # Errors
    /// * [`Error::Unauthorized`], [`Error::InvalidParameter`].
    ///
    /// # Events
    /// * [`ParametersSet`].
    pub fn set_parameters(
        &mut self,
        concentration_cap_bps: U256,
        buffer_bps: U256,
        instant_fee_bps: U256,
        instant_limit: U256,
        instant_period: u64,
    ) -> Result<(), Error> {
        self.only(S_OWNER)?;
        self.set_parameters_inner(
            concentration_cap_bps,
            buffer_bps,
            instant_fee_bps,
            instant_limit,
            instant_period,
        )
    }

    /// Sets the owner's minimum redeem delay (M-1): seconds between a
    /// request and its finalization, at most [`MAX_REDEEM_DELAY`]. The
    /// registry's withdrawal delay applies whenever it is longer, so no
    /// setting lets a queued exit leave before a pending slash could land.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - not the owner; [`Error::InvalidParameter`]
    ///   (which 4) - above [`MAX_REDEEM_DELAY`].
    ///
    /// # Events
    /// * [`RedeemDelaySet`].
    pub fn set_redeem_delay(&mut self, delay: u64) -> Result<(), Error> {
        self.only(S_OWNER)?;
        if delay > MAX_REDEEM_DELAY {
            return Err(Error::InvalidParameter(LrtInvalidParameter {
                which: 4,
                value: U256::from(delay),
            }));
        }
        self.set(S_REDEEM_DELAY, U256::from(delay));
        self.emit_event(&RedeemDelaySet { delay });
        Ok(())
    }

    /// Moves the manager role.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - not the owner.
    ///
    /// # Events
    /// * [`ManagerSet`].
    pub fn set_manager(&mut self, manager: Address) -> Result<(), Error> {
        self.only(S_OWNER)?;
        self.set_manager_inner(manager);
        Ok(())
    }

    /// Offers ownership to `new_owner` (I-2: two steps, as OpenZeppelin's
    /// `Ownable2Step`), who takes it with [`Lrt::accept_ownership`]; the
    /// owner stays in charge until then. Zero withdraws the offer.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - not the owner.
    ///
    /// # Events
    /// * [`OwnershipTransferStarted`].
    pub fn transfer_ownership(&mut self, new_owner: Address) -> Result<(), Error> {
        self.only(S_OWNER)?;
        self.set_addr(S_PENDING_OWNER, new_owner);
        self.emit_event(&OwnershipTransferStarted {
            previous_owner: self.addr(S_OWNER),
            new_owner,
        });
        Ok(())
    }

    /// Takes the ownership offered to the caller (I-2).
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - the caller is not the owner-elect.
    ///
    /// # Events
    /// * [`OwnershipTransferred`].
    pub fn accept_ownership(&mut self) -> Result<(), Error> {
        self.only(S_PENDING_OWNER)?;
        let new_owner = self.addr(S_PENDING_OWNER);
        self.set_addr(S_PENDING_OWNER, Address::ZERO);
        self.set_owner(new_owner);
        Ok(())
    }

    /// The owner-elect (zero if no transfer is pending).
    pub fn pending_owner(&self) -> Address {
        self.addr(S_PENDING_OWNER)
    }

    /// Pauses (or resumes) deposits and instant exits. Requests, claims and
    /// restaking moves keep working: a pause never traps funds.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - not the owner.
    ///
    /// # Events
    /// * [`PauseSet`].
    pub fn set_paused(&mut self, paused: bool) -> Result<(), Error> {
        self.only(S_OWNER)?;
        self.set(S_PAUSED, U256::from(paused as u8));
        self.emit_event(&PauseSet { paused });
        Ok(())
    }

    /// Accepted asset number `index`: token, vault, cap (on what is held,
    /// in wei of it), deposited ever, reserved for claimable requests,
    /// what pending requests in it may take (ETH), and its rate source
    /// (zeros past the end).
    pub fn asset_at(&self, index: U256) -> (Address, Address, U256, U256, U256, U256, Address) {
        let i = index.saturating_to::<usize>().min(MAX_ASSETS);
        (
            self.addr(asset_slot(i, A_TOKEN)),
            self.addr(asset_slot(i, A_VAULT)),
            self.get(asset_slot(i, A_CAP)),
            self.get(asset_slot(i, A_DEPOSITED)),
            self.get(asset_slot(i, A_RESERVED)),
            self.get(asset_slot(i, A_PENDING_VALUE)),
            self.addr(asset_slot(i, A_RATE_SOURCE)),
        )
    }

    /// The risk parameters (as in [`Lrt::set_parameters`]) and this
    /// period's instant exits so far.
    pub fn parameters(&self) -> (U256, U256, U256, U256, u64, U256) {
        (
            self.get(S_CONCENTRATION),
            self.get(S_BUFFER),
            self.get(S_FEE),
            self.get(S_LIMIT),
            self.get(S_PERIOD).saturating_to::<u64>(),
            self.get(S_WINDOW_USED),
        )
    }

    /// Owner, manager, registry, sub-account implementation, extension,
    /// paused.
    pub fn roles(&self) -> (Address, Address, Address, Address, Address, bool) {
        (
            self.addr(S_OWNER),
            self.addr(S_MANAGER),
            self.addr(S_REGISTRY),
            self.addr(S_IMPLEMENTATION),
            self.addr(S_EXTENSION),
            !self.get(S_PAUSED).is_zero(),
        )
    }
}

impl Lrt {
    /// Only the address held in `role_slot` (owner or manager) may call.
    #[inline(never)]
    pub(crate) fn only(&self, role_slot: u64) -> Result<(), Error> {
        let caller = self.vm().msg_sender();
        let allowed = self.addr(role_slot);
        if caller != allowed || allowed.is_zero() {
            return Err(Error::Unauthorized(LrtUnauthorized { caller }));
        }
        Ok(())
    }

    pub(crate) fn when_not_paused(&self) -> Result<(), Error> {
        if !self.get(S_PAUSED).is_zero() {
            return Err(Error::Paused(LrtPaused {}));
        }
        Ok(())
    }

    /// Checks `source` for asset `i` and sets it.
    fn set_rate_source_inner(&mut self, i: usize, source: Address) -> Result<(), Error> {
        let asset = self.addr(asset_slot(i, A_TOKEN));
        let invalid = |rate| {
            Err(Error::InvalidRate(LrtInvalidRate {
                asset,
                source,
                rate,
            }))
        };
        if asset == NATIVE_ETH {
            if !source.is_zero() {
                return invalid(U256::ZERO);
            }
        } else if source.is_zero() {
            return invalid(U256::ZERO);
        }
        self.set_addr(asset_slot(i, A_RATE_SOURCE), source);
        let rate = self.asset_rate_of(i)?;
        self.emit_event(&RateSourceSet {
            asset,
            source,
            rate,
        });
        Ok(())
    }

    pub(crate) fn set_owner(&mut self, new_owner: Address) {
        let previous = self.addr(S_OWNER);
        self.set_addr(S_OWNER, new_owner);
        self.emit_event(&OwnershipTransferred {
            previous_owner: previous,
            new_owner,
        });
    }

    pub(crate) fn set_manager_inner(&mut self, manager: Address) {
        let previous = self.addr(S_MANAGER);
        self.set_addr(S_MANAGER, manager);
        self.emit_event(&ManagerSet {
            previous_manager: previous,
            manager,
        });
    }

    pub(crate) fn set_parameters_inner(
        &mut self,
        concentration_cap_bps: U256,
        buffer_bps: U256,
        instant_fee_bps: U256,
        instant_limit: U256,
        instant_period: u64,
    ) -> Result<(), Error> {
        let bps = U256::from(BPS);
        let bad = |which: u8, value: U256| {
            Err(Error::InvalidParameter(LrtInvalidParameter {
                which,
                value,
            }))
        };
        if concentration_cap_bps.is_zero() || concentration_cap_bps > bps {
            return bad(0, concentration_cap_bps);
        }
        if buffer_bps > bps {
            return bad(1, buffer_bps);
        }
        if instant_fee_bps > U256::from(MAX_FEE_BPS) {
            return bad(2, instant_fee_bps);
        }
        if instant_period == 0 {
            return bad(3, U256::ZERO);
        }
        self.set(S_CONCENTRATION, concentration_cap_bps);
        self.set(S_BUFFER, buffer_bps);
        self.set(S_FEE, instant_fee_bps);
        self.set(S_LIMIT, instant_limit);
        self.set(S_PERIOD, U256::from(instant_period));
        self.emit_event(&ParametersSet {
            concentration_cap_bps,
            buffer_bps,
            instant_fee_bps,
            instant_limit,
            instant_period,
        });
        Ok(())
    }
}
