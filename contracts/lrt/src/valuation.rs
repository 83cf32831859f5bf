//! The books: what the Lrt holds (idle, restaked, queued), each asset's
//! rate, the valuation of it all, the rate guard every mutating entry point
//! ends with, the rate and books views, and the pure arithmetic of exits
//! and pricing.

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::SolCall;
use restake_interfaces::{abi::error_data, lrt::*, words, NATIVE_ETH};
use restake_math::{
    add, assets_to_shares, mul_div, shares_to_assets, sub, Rounding, VaultTotals, VIRTUAL_ASSETS,
    VIRTUAL_SHARES, WAD,
};
use stylus_sdk::prelude::*;

use crate::{
    calls::word_at,
    storage::{
        asset_slot, operator_slot, A_RATE_SOURCE, A_RESERVED, A_TOKEN, A_VAULT, KEPT_UNITS,
        O_ACCOUNT, S_ACCOUNTS_ETH, S_ACCOUNT_NONCE, S_ASSET_COUNT, S_BOOKS, S_OPERATOR_COUNT,
        S_PENDING, S_REGISTRY, S_SUPPLY,
    },
    Error, Lrt, MAX_ASSETS, MAX_OPERATORS,
};

/// The Lrt's books at one moment.
pub(crate) struct Valuation {
    /// Net value: idle + positions + queued, less reserved payouts.
    pub(crate) value: U256,
    /// Supply the value is shared by: LRT supply + shares in pending requests.
    pub(crate) supply: U256,
    /// Idle liquidity, less reserved payouts.
    pub(crate) idle: U256,
    /// Value restaked through each operator (positions + queued).
    pub(crate) per_operator: [U256; MAX_OPERATORS],
    /// Whether each operator's sub-account holds anything at all (in wei of
    /// any asset: a position worth less than a wei of ETH still counts).
    pub(crate) operator_holds: [bool; MAX_OPERATORS],
    /// What the Lrt holds of each asset, in wei of it: idle (for ETH with
    /// the sub-accounts' balances), positions and queued withdrawals, less
    /// reserved payouts.
    pub(crate) per_asset: [U256; MAX_ASSETS],
    /// Each asset's rate (M-3): ETH per 1e18 of it, read once per valuation.
    pub(crate) rates: [U256; MAX_ASSETS],
    /// Idle liquidity of each asset, in wei of it: held by the Lrt (for ETH
    /// with the sub-accounts' balances), less the rewards still dripping,
    /// reserved payouts included.
    pub(crate) gross: [U256; MAX_ASSETS],
    /// What the sub-accounts hold of each asset in positions and queued
    /// withdrawals, in wei of it.
    pub(crate) restaked: [U256; MAX_ASSETS],
    /// The ETH the sub-accounts hold (idle).
    pub(crate) accounts_eth: U256,
}

impl Valuation {
    fn empty() -> Self {
        Valuation {
            value: U256::ZERO,
            supply: U256::ZERO,
            idle: U256::ZERO,
            per_operator: [U256::ZERO; MAX_OPERATORS],
            operator_holds: [false; MAX_OPERATORS],
            per_asset: [U256::ZERO; MAX_ASSETS],
            rates: [U256::ZERO; MAX_ASSETS],
            gross: [U256::ZERO; MAX_ASSETS],
            restaked: [U256::ZERO; MAX_ASSETS],
            accounts_eth: U256::ZERO,
        }
    }

    pub(crate) fn totals(&self) -> VaultTotals {
        VaultTotals {
            total_shares: self.supply,
            total_assets: self.value,
        }
    }
}

/// The rate and the books.
///
/// Routed by [`Lrt::dispatch`] (the ABI is [`ILrt`]); Rust callers (the
/// native tests) call them directly.
impl Lrt {
    /// Assets one LRT (1e18) is worth now, rounded down.
    ///
    /// # Errors
    /// * [`Error::Call`], [`Error::CallFailed`], [`Error::Math`].
    pub fn rate(&self) -> Result<U256, Error> {
        Ok(shares_to_assets(
            WAD,
            self.books_now()?.0.totals(),
            Rounding::Down,
        )?)
    }

    /// The Lrt's books: net value, the supply it is shared by (LRT + pending
    /// requests), free idle liquidity, and LRT in pending requests.
    ///
    /// # Errors
    /// * [`Error::Call`], [`Error::CallFailed`], [`Error::Math`].
    pub fn books(&self) -> Result<(U256, U256, U256, U256), Error> {
        let v = self.books_now()?.0;
        Ok((v.value, v.supply, v.idle, self.get(S_PENDING)))
    }

    /// Value restaked through operator number `index` (positions + queued).
    ///
    /// # Errors
    /// * [`Error::Call`], [`Error::CallFailed`], [`Error::Math`].
    pub fn operator_value(&self, index: U256) -> Result<U256, Error> {
        let v = self.valuation()?;
        Ok(v.per_operator
            .get(index.saturating_to::<usize>())
            .copied()
            .unwrap_or_default())
    }
}

impl Lrt {
    /// What the Lrt itself holds of asset `i` (ETH: before this call's
    /// `msg.value`, which is not yet the holders').
    #[inline(never)]
    pub(crate) fn held(&self, i: usize) -> Result<U256, Error> {
        let token = self.addr(asset_slot(i, A_TOKEN));
        let this = self.vm().contract_address();
        if token == NATIVE_ETH {
            return Ok(sub(self.vm().balance(this), self.vm().msg_value())?);
        }
        self.call_word(
            token,
            ILrtOutgoing::balanceOfCall::SELECTOR,
            &words![this],
            false,
        )
    }

    /// For completing an unstake: what `account` holds of asset `i` if ETH
    /// (ETH proceeds stay there), else what the Lrt holds (LSTs move here).
    pub(crate) fn held_by(&self, i: usize, account: Address) -> Result<U256, Error> {
        if self.addr(asset_slot(i, A_TOKEN)) == NATIVE_ETH {
            return Ok(self.vm().balance(account));
        }
        self.held(i)
    }

    /// Free idle liquidity of asset `i` in the books `v`: held by the Lrt
    /// (and, for ETH, by the sub-accounts) less what claimable requests
    /// reserve and the rewards still dripping in (#14: not the holders'
    /// yet).
    pub(crate) fn free_liquidity(&self, i: usize, v: &Valuation) -> U256 {
        v.gross[i].saturating_sub(self.get(asset_slot(i, A_RESERVED)))
    }

    /// Asset `i`'s rate (M-3): ETH per 1e18 of it. ETH is 1:1; an LST is
    /// read from its rate source's `getRate()` (a failed call or a zero
    /// rate is [`Error::InvalidRate`]: the Lrt never values an asset it
    /// cannot price).
    #[inline(never)]
    pub(crate) fn asset_rate_of(&self, i: usize) -> Result<U256, Error> {
        let source = self.addr(asset_slot(i, A_RATE_SOURCE));
        if source.is_zero() {
            return Ok(WAD);
        }
        let rate = self
            .call_word(source, ILrtOutgoing::getRateCall::SELECTOR, &[], false)
            .unwrap_or_default();
        if rate.is_zero() {
            return Err(Error::InvalidRate(LrtInvalidRate {
                asset: self.addr(asset_slot(i, A_TOKEN)),
                source,
                rate,
            }));
        }
        Ok(rate)
    }

    /// Values everything, all read on-chain: the full revaluation. Bounded:
    /// per asset one balance read and one rate read, and one `values` call
    /// per sub-account (each of which reads at most `MAX_ASSETS` positions
    /// and 16 open withdrawals). Holdings are valued at each asset's rate
    /// rounded down, reserved payouts rounded up: the value is never
    /// overstated.
    #[inline(never)]
    pub(crate) fn valuation(&self) -> Result<Valuation, Error> {
        let n_ops = self.count(S_OPERATOR_COUNT).min(MAX_OPERATORS);
        let n_assets = self.count(S_ASSET_COUNT).min(MAX_ASSETS);
        let mut v = Valuation::empty();
        for op in 0..n_ops {
            let account = self.addr(operator_slot(op, O_ACCOUNT));
            v.accounts_eth = add(v.accounts_eth, self.vm().balance(account))?;
        }
        for i in 0..n_assets {
            v.rates[i] = self.asset_rate_of(i)?;
        }
        // values(address[] vaults) on each sub-account: its positions and
        // queued withdrawals in each vault, in wei of the vault's asset.
        let mut vaults = alloc::vec![B256::from(U256::from(32)), B256::from(U256::from(n_assets))];
        for i in 0..n_assets {
            vaults.push(self.addr(asset_slot(i, A_VAULT)).into_word());
        }
        let data = error_data(ILrtOutgoing::valuesCall::SELECTOR, &vaults);
        for op in 0..n_ops {
            let account = self.addr(operator_slot(op, O_ACCOUNT));
            let out = self.call_raw(account, &data, U256::ZERO, false)?;
            let malformed = Error::CallFailed(LrtCallFailed { target: account });
            if word_at(&out, 32) != Some(U256::from(n_assets)) {
                return Err(malformed);
            }
            let mut operator_value = U256::ZERO;
            for i in 0..n_assets {
                let units = word_at(&out, 64 + 32 * i)
                    .ok_or(Error::CallFailed(LrtCallFailed { target: account }))?;
                v.operator_holds[op] |= !units.is_zero();
                v.restaked[i] = add(v.restaked[i], units)?;
                operator_value = add(operator_value, to_eth(units, v.rates[i], Rounding::Down)?)?;
            }
            v.per_operator[op] = operator_value;
        }
        self.assemble(&mut v, n_assets)?;
        Ok(v)
    }

    /// The books from what is kept (#15): the positions and queued
    /// withdrawals of every sub-account and the sub-accounts' ETH as the
    /// last full revaluation left them (and as this Lrt's own moves have
    /// changed them since), with the Lrt's own balances, the reserves, the
    /// drips and each asset's rate read now (`rates`, when given, are this
    /// call's: a rate does not move within a transaction). No per-operator
    /// figures: only the full revaluation has them.
    #[inline(never)]
    pub(crate) fn kept(&self, rates: Option<&[U256; MAX_ASSETS]>) -> Result<Valuation, Error> {
        let n_assets = self.count(S_ASSET_COUNT).min(MAX_ASSETS);
        // With no operator there is no sub-account: nothing is held outside.
        let outside = self.count(S_OPERATOR_COUNT) != 0;
        let mut v = Valuation::empty();
        if outside {
            v.accounts_eth = self.get(S_ACCOUNTS_ETH);
        }
        for i in 0..n_assets {
            v.rates[i] = match rates {
                Some(r) => r[i],
                None => self.asset_rate_of(i)?,
            };
            if outside {
                v.restaked[i] = self.get(KEPT_UNITS + i as u64);
            }
        }
        self.assemble(&mut v, n_assets)?;
        Ok(v)
    }

    /// The key the kept books are valid under: the registry's slash epoch
    /// (plus one, so a never-written slot matches nothing) and the asset
    /// and operator tables as they stand (an asset or operator added or
    /// removed, or a sub-account replaced, invalidates them).
    #[inline(never)]
    pub(crate) fn books_key(&self) -> Result<U256, Error> {
        let epoch = self.call_word(
            self.addr(S_REGISTRY),
            ILrtOutgoing::slashEpochCall::SELECTOR,
            &[],
            false,
        )?;
        Ok(U256::from_limbs([
            epoch.saturating_to::<u64>().saturating_add(1),
            self.get(S_ASSET_COUNT).saturating_to::<u64>(),
            self.get(S_OPERATOR_COUNT).saturating_to::<u64>(),
            self.get(S_ACCOUNT_NONCE).saturating_to::<u64>(),
        ]))
    }

    /// The books now, without writing: the kept books when no slash has
    /// happened since they were kept (one registry read), else a full
    /// revaluation, returned with the key to keep it under.
    pub(crate) fn books_now(&self) -> Result<(Valuation, Option<U256>), Error> {
        if self.count(S_OPERATOR_COUNT) == 0 {
            // Nothing restaked: the kept books are the full ones, and no
            // slash can move them.
            return Ok((self.kept(None)?, None));
        }
        let key = self.books_key()?;
        if self.get(S_BOOKS) == key {
            return Ok((self.kept(None)?, None));
        }
        Ok((self.valuation()?, Some(key)))
    }

    /// The books at the start of a user's operation (a mint or an exit):
    /// as [`Lrt::books_now`], keeping a full revaluation it had to make.
    /// Such an operation changes only the Lrt's own balances and (paying
    /// ETH, [`Lrt::pay`]) the sub-accounts' ETH, which it books as it goes,
    /// so its guard values the books after it from what is kept.
    pub(crate) fn opening_books(&mut self) -> Result<Valuation, Error> {
        let (v, fresh) = self.books_now()?;
        if let Some(key) = fresh {
            self.keep(&v, key);
        }
        Ok(v)
    }

    /// Keeps the books `v` (a full revaluation) under `key`.
    #[inline(never)]
    pub(crate) fn keep(&mut self, v: &Valuation, key: U256) {
        for i in 0..self.count(S_ASSET_COUNT).min(MAX_ASSETS) {
            self.set(KEPT_UNITS + i as u64, v.restaked[i]);
        }
        self.set(S_ACCOUNTS_ETH, v.accounts_eth);
        self.set(S_BOOKS, key);
    }

    /// The value, idle figures and holdings from the gathered parts of `v`:
    /// the same arithmetic for the full and the kept books, so the two
    /// agree exactly when nothing has moved.
    fn assemble(&self, v: &mut Valuation, n_assets: usize) -> Result<(), Error> {
        v.supply = add(self.get(S_SUPPLY), self.get(S_PENDING))?;
        let mut idle = U256::ZERO;
        let mut reserved = U256::ZERO;
        let mut restaked = U256::ZERO;
        for i in 0..n_assets {
            let mut gross = self.held(i)?;
            if self.addr(asset_slot(i, A_TOKEN)) == NATIVE_ETH {
                gross = add(gross, v.accounts_eth)?;
            }
            // #14: rewards still dripping in are not the holders' yet.
            let held = gross.saturating_sub(self.locked_rewards(i)?);
            let owed = self.get(asset_slot(i, A_RESERVED));
            v.gross[i] = held;
            v.per_asset[i] = add(held, v.restaked[i])?.saturating_sub(owed);
            idle = add(idle, to_eth(held, v.rates[i], Rounding::Down)?)?;
            reserved = add(reserved, to_eth(owed, v.rates[i], Rounding::Up)?)?;
            // Down, per asset: the positions are never overstated.
            restaked = add(restaked, to_eth(v.restaked[i], v.rates[i], Rounding::Down)?)?;
        }
        // Reserved payouts belong to claimants, not holders.
        v.value = add(idle, restaked)?.saturating_sub(reserved);
        v.idle = idle.saturating_sub(reserved);
        Ok(())
    }

    /// The rate guard: re-values and reverts if the rate fell from `before`
    /// (cross-multiplied with the vaults' virtual offset, exact in 512
    /// bits), allowing `dust` wei of loss. Records the rate (L-6).
    /// The manager's and the sub-accounts' moves end with it: the books
    /// after are a full revaluation, which is then kept (#15).
    #[inline(never)]
    pub(crate) fn guard(&mut self, before: &Valuation, dust: u64) -> Result<Valuation, Error> {
        let key = self.books_key()?;
        let after = self.valuation()?;
        self.check_rate(before, &after, dust)?;
        self.record(&after)?;
        self.keep(&after, key);
        Ok(after)
    }

    /// The rate guard of a user's operation (a mint or an exit), which
    /// opened with [`Lrt::opening_books`]: the books after are the kept
    /// ones (with the Lrt's own balances read now, at the rates of
    /// `before`), exactly what the operation could move. Reverts if the
    /// rate fell; records the rate (L-6).
    #[inline(never)]
    pub(crate) fn user_guard(&mut self, before: &Valuation) -> Result<(), Error> {
        let after = self.kept(Some(&before.rates))?;
        self.check_rate(before, &after, 0)?;
        self.record(&after)
    }

    /// `(a1 + dust) / s1 >= a0 / s0` with the virtual offset, i.e.
    /// `a1 + dust >= ceil(a0 · s1 / s0)`.
    pub(crate) fn check_rate(
        &self,
        before: &Valuation,
        after: &Valuation,
        dust: u64,
    ) -> Result<(), Error> {
        let a0 = add(before.value, VIRTUAL_ASSETS)?;
        let s0 = add(before.supply, VIRTUAL_SHARES)?;
        let a1 = add(add(after.value, VIRTUAL_ASSETS)?, U256::from(dust))?;
        let s1 = add(after.supply, VIRTUAL_SHARES)?;
        if a1 < mul_div(a0, s1, s0, Rounding::Up)? {
            return Err(Error::RateDecreased(LrtRateDecreased {
                value_before: before.value,
                supply_before: before.supply,
                value_after: after.value,
                supply_after: after.supply,
            }));
        }
        Ok(())
    }
}

/// What `shares` LRT take out of the books `v`: the lower of their value
/// with the virtual offset and their plain pro-rata share `shares · value /
/// supply`, rounded down. Below a rate of 1 the virtual offset would value
/// them above their real share (the virtual position is worth more than the
/// real ones), so exits would outrun the assets; the plain share never does,
/// and being lower it keeps the guarded rate from falling.
pub(crate) fn exit_value(shares: U256, v: &Valuation) -> Result<U256, Error> {
    let with_offset = shares_to_assets(shares, v.totals(), Rounding::Down)?;
    if v.supply.is_zero() {
        return Ok(U256::ZERO);
    }
    Ok(with_offset.min(mul_div(shares, v.value, v.supply, Rounding::Down)?))
}

/// The LRT that `value` (ETH) buys at books of `books_value` over
/// `supply` (`books_value` non-zero), rounded down: the lower of the
/// virtual-offset and the plain pro-rata figure (as [`exit_value`], so it
/// never buys back more than an exit would pay).
pub(crate) fn shares_for(value: U256, books_value: U256, supply: U256) -> Result<U256, Error> {
    let totals = VaultTotals {
        total_shares: supply,
        total_assets: books_value,
    };
    let with_offset = assets_to_shares(value, totals, Rounding::Down)?;
    Ok(with_offset.min(mul_div(value, supply, books_value, Rounding::Down)?))
}

/// `amount` wei of an asset at `rate` (ETH per 1e18 of it), in ETH.
pub(crate) fn to_eth(amount: U256, rate: U256, rounding: Rounding) -> Result<U256, Error> {
    Ok(mul_div(amount, rate, WAD, rounding)?)
}

/// `value` ETH in wei of an asset at `rate` (ETH per 1e18 of it; never
/// zero, see `Lrt::asset_rate`).
pub(crate) fn from_eth(value: U256, rate: U256, rounding: Rounding) -> Result<U256, Error> {
    Ok(mul_div(value, WAD, rate, rounding)?)
}
