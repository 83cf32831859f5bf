//! Assets and shares: the asset balance (ERC-20 or native ETH), the totals
//! every conversion reads, taking deposits in (`pull`), crediting them
//! (`credit`, with the registry's deposit hook), paying out (`burn_and_pay`)
//! and the share price guard (`check_price`).

use alloy_primitives::{Address, U256};
use restake_interfaces::{vault::*, words, NATIVE_ETH};
use restake_kit::{call, log, route::selector, safe_erc20};
use restake_math::{
    add, mul_div, shares_to_assets, sub, Rounding, VaultTotals, VIRTUAL_ASSETS, VIRTUAL_SHARES,
};
use stylus_sdk::prelude::*;

/// The asset's `balanceOf(address)`.
const BALANCE_OF: [u8; 4] = selector("balanceOf", &["address"]).to_be_bytes();
/// The registry's `acceptsDeposit(address staker, address vault)`: whether its deposit hook would
/// accept `staker` now.
const ACCEPTS_DEPOSIT: [u8; 4] = selector("acceptsDeposit", &["address", "address"]).to_be_bytes();
/// The registry's deposit hook `onDeposit(address staker, uint256 prev_deposit_shares, uint256
/// added_shares)`: the staker's deposit shares grew by a deposit.
const ON_DEPOSIT: [u8; 4] = selector("onDeposit", &["address", "uint256", "uint256"]).to_be_bytes();

use crate::storage::*;
use crate::{Error, Vault};

impl Vault {
    pub(crate) fn is_native(&self) -> bool {
        self.get_addr(ASSET) == NATIVE_ETH
    }

    /// The vault's balance of its asset before this call: in ETH mode the
    /// balance already includes `msg.value`, which is not yet the vault's.
    pub(crate) fn balance(&self) -> Result<U256, Error> {
        let this = self.vm().contract_address();
        if self.is_native() {
            return Ok(sub(self.vm().balance(this), self.vm().msg_value())?);
        }
        let asset = self.get_addr(ASSET);
        match call::call_word(self.vm(), asset, BALANCE_OF, &words![this], false) {
            Ok(Some(balance)) => Ok(balance),
            _ => Err(Error::AssetCallFailed(VaultAssetCallFailed { asset })),
        }
    }

    /// Whether the registry's deposit hook would accept `receiver` now (no
    /// registry wired: no hook, so yes). A failed call counts as no.
    pub(crate) fn registry_accepts(&self, receiver: Address) -> bool {
        let registry = self.get_addr(REGISTRY);
        if registry.is_zero() {
            return true;
        }
        let this = self.vm().contract_address();
        let answer = call::call_word(
            self.vm(),
            registry,
            ACCEPTS_DEPOSIT,
            &words![receiver, this],
            false,
        );
        // Only an ABI `true`: anything else (a revert, no data, a dirty bool) is no.
        matches!(answer, Ok(Some(v)) if v == U256::from(1u8))
    }

    pub(crate) fn totals(&self) -> Result<VaultTotals, Error> {
        Ok(VaultTotals {
            total_shares: self.get(TOTAL_SHARES),
            total_assets: self.balance()?,
        })
    }

    /// Takes `amount` in (assets, or shares priced rounded up when
    /// `amount_is_shares`), pulling tokens or checking `msg.value`, enforcing
    /// the pause and the cap, and refusing a token that delivers less than
    /// requested. Returns the totals before the deposit and the assets that
    /// actually arrived (at least those requested).
    pub(crate) fn pull(
        &mut self,
        amount: U256,
        amount_is_shares: bool,
    ) -> Result<(VaultTotals, U256), Error> {
        PAUSE
            .when_not_paused(self.vm())
            .map_err(Error::EnforcedPause)?;
        if amount.is_zero() {
            return Err(Error::ZeroAmount(VaultZeroAmount {}));
        }
        // One balance read serves the mint price, the cap and the delta.
        let before_assets = self.balance()?;
        let before = VaultTotals {
            total_shares: self.get(TOTAL_SHARES),
            total_assets: before_assets,
        };
        let assets = if amount_is_shares {
            // Round the price of new shares up: the minter pays any dust.
            shares_to_assets(amount, before, Rounding::Up)?
        } else {
            amount
        };
        let value = self.vm().msg_value();
        let native = self.is_native();
        let expected_value = if native { assets } else { U256::ZERO };
        if value != expected_value {
            return Err(Error::ValueMismatch(VaultValueMismatch {
                expected: expected_value,
                sent: value,
            }));
        }
        let cap = self.get(DEPOSIT_CAP);
        if add(before_assets, assets)? > cap {
            return Err(Error::DepositCapExceeded(VaultDepositCapExceeded {
                cap,
                total_assets: before_assets,
                requested: assets,
            }));
        }
        if native {
            return Ok((before, assets));
        }
        let asset = self.get_addr(ASSET);
        let sender = self.vm().msg_sender();
        let this = self.vm().contract_address();
        safe_erc20::safe_transfer_from(self.vm(), asset, sender, this, assets)
            .map_err(Error::SafeErc20FailedOperation)?;
        // Credit the balance delta, never the requested amount, and refuse a
        // short delivery (fee on transfer, 1–2 wei shortfalls): minting on it
        // would mint fewer shares than previewDeposit promised (ERC-4626:
        // MUST NOT exceed what is minted), and a mint would be underpaid.
        let received = self.balance()?.saturating_sub(before_assets);
        if received < assets {
            return Err(Error::InsufficientAssetsReceived(
                VaultInsufficientAssetsReceived {
                    expected: assets,
                    received,
                },
            ));
        }
        Ok((before, received))
    }

    /// Credits `shares` to `receiver`, checks the price did not fall, tells
    /// the registry and emits `Deposit`.
    pub(crate) fn credit(
        &mut self,
        receiver: Address,
        before: VaultTotals,
        received: U256,
        shares: U256,
    ) -> Result<(), Error> {
        if receiver.is_zero() {
            return Err(Error::ZeroAddress(VaultZeroAddress {}));
        }
        let after = VaultTotals {
            total_shares: add(before.total_shares, shares)?,
            total_assets: add(before.total_assets, received)?,
        };
        check_price(before, after)?;
        let prev = self.map_get(DEPOSIT_SHARES, receiver);
        self.map_put(DEPOSIT_SHARES, receiver, add(prev, shares)?);
        self.put(TOTAL_SHARES, after.total_shares);

        let registry = self.get_addr(REGISTRY);
        if !registry.is_zero() {
            call::call_static_args(
                self.vm(),
                registry,
                ON_DEPOSIT,
                &words![receiver, prev, shares],
                true,
            )
            .map_err(|call::Revert(data)| Error::Registry(data))?;
        }
        let sender = self.vm().msg_sender();
        log::emit_event(
            self.vm(),
            &Deposit {
                sender,
                owner: receiver,
                assets: received,
                shares,
            },
        );
        Ok(())
    }

    /// Burns `shares` from the total and pays what they are worth, rounded
    /// down (the vault keeps the dust, so the price can only rise).
    pub(crate) fn burn_and_pay(&mut self, shares: U256, to: Address) -> Result<U256, Error> {
        let totals = self.totals()?;
        if shares > totals.total_shares {
            return Err(Error::InsufficientShares(VaultInsufficientShares {
                total: totals.total_shares,
                requested: shares,
            }));
        }
        let assets = shares_to_assets(shares, totals, Rounding::Down)?;
        self.put(TOTAL_SHARES, sub(totals.total_shares, shares)?);
        if assets.is_zero() {
            // Strict tokens revert on zero transfers: send nothing.
            return Ok(assets);
        }
        if self.is_native() {
            self.vm().transfer_eth(to, assets).map_err(|_| {
                Error::EthTransferFailed(VaultEthTransferFailed {
                    receiver: to,
                    amount: assets,
                })
            })?;
        } else {
            let asset = self.get_addr(ASSET);
            safe_erc20::safe_transfer(self.vm(), asset, to, assets)
                .map_err(Error::SafeErc20FailedOperation)?;
        }
        Ok(assets)
    }
}

/// The vault's price guard. Checks that the share price (virtual offset included) did not fall from
/// `before` to `after`: `(A'+V)/(S'+V) >= (A+V)/(S+V)`, i.e.
/// `A'+V >= ceil((A+V)(S'+V)/(S+V))`, exact with a 512-bit intermediate.
pub fn check_price(before: VaultTotals, after: VaultTotals) -> Result<(), Error> {
    let a0 = add(before.total_assets, VIRTUAL_ASSETS)?;
    let s0 = add(before.total_shares, VIRTUAL_SHARES)?;
    let a1 = add(after.total_assets, VIRTUAL_ASSETS)?;
    let s1 = add(after.total_shares, VIRTUAL_SHARES)?;
    if a1 < mul_div(a0, s1, s0, Rounding::Up)? {
        return Err(Error::SharePriceDecreased(VaultSharePriceDecreased {
            assets_before: before.total_assets,
            shares_before: before.total_shares,
            assets_after: after.total_assets,
            shares_after: after.total_shares,
        }));
    }
    Ok(())
}
