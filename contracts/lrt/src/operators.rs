//! Operators and restaking (the manager's moves): adding, re-delegating
//! and removing an operator with its sub-account (an EIP-1167 clone made
//! with CREATE2), restaking idle funds through it under the concentration
//! cap and the buffer target, and unstaking them through the registry.

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::SolCall;
use restake_interfaces::{
    abi::{concat, error_data},
    lrt::*,
    words, NATIVE_ETH,
};
use restake_math::{add, mul_div, Rounding};
use stylus_sdk::prelude::*;

#[cfg(feature = "test-clock")]
use crate::storage::S_TEST_ACCOUNT;
use crate::{
    calls::{to_address, word_at},
    storage::{
        asset_slot, operator_slot, A_RESERVED, A_TOKEN, A_VAULT, O_ACCOUNT, O_OPERATOR,
        S_ACCOUNT_NONCE, S_ASSET_COUNT, S_BUFFER, S_CONCENTRATION, S_IMPLEMENTATION, S_MANAGER,
        S_OPERATOR_COUNT, S_REGISTRY,
    },
    Error, Lrt, BPS, MAX_ASSETS, MAX_OPERATORS, MOVE_DUST,
};

/// Restaking (manager).
///
/// Routed by [`Lrt::dispatch`] (the ABI is [`ILrt`]); Rust callers (the
/// native tests) call them directly.
impl Lrt {
    /// Adds `operator`: creates its sub-account (an EIP-1167 clone, salt =
    /// the operator), makes the Lrt its controller and delegates it to
    /// `operator` through the registry (`approver_signature`, `expiry` and
    /// `salt` are the operator's delegation approval, empty if it has no
    /// approver). Returns the sub-account.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - not the manager.
    /// * [`Error::Operator`] - already added; [`Error::TooMany`] - full.
    /// * [`Error::AccountCreationFailed`], [`Error::DelegationFailed`],
    ///   [`Error::Call`] (the registry or account refused), [`Error::CallFailed`].
    ///
    /// # Events
    /// * [`OperatorAdded`].
    pub fn add_operator(
        &mut self,
        operator: Address,
        approver_signature: impl AsRef<[u8]>,
        expiry: U256,
        salt: B256,
    ) -> Result<Address, Error> {
        let approver_signature = approver_signature.as_ref();
        self.only(S_MANAGER)?;
        if self.operator_index(operator).is_ok() {
            return Err(Error::Operator(LrtOperator {
                operator,
                exists: true,
            }));
        }
        let count = self.count(S_OPERATOR_COUNT);
        if count >= MAX_OPERATORS {
            return Err(Error::TooMany(LrtTooMany {
                which: 1,
                max: U256::from(MAX_OPERATORS),
            }));
        }
        let account = self.create_account(operator)?;
        let registry = self.addr(S_REGISTRY);
        let data = error_data(ILrtOutgoing::initializeCall::SELECTOR, &words![registry]);
        self.call_raw(account, &data, U256::ZERO, true)?;
        self.delegate_account(account, operator, approver_signature, expiry, salt)?;
        self.set_addr(operator_slot(count, O_OPERATOR), operator);
        self.set_addr(operator_slot(count, O_ACCOUNT), account);
        self.set(S_OPERATOR_COUNT, U256::from(count + 1));
        self.emit_event(&OperatorAdded { operator, account });
        Ok(account)
    }

    /// Restakes `amount` of idle `asset` held by the Lrt itself with
    /// `operator`: deposits it into the asset's vault for the operator's
    /// sub-account. Afterwards the operator may not hold more than the
    /// concentration cap of the Lrt's value, and free idle liquidity may not
    /// be below the buffer target. Returns the vault shares.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - not the manager.
    /// * [`Error::ZeroAmount`], [`Error::Operator`], [`Error::UnknownAsset`],
    ///   [`Error::InsufficientLiquidity`], [`Error::ConcentrationCapExceeded`],
    ///   [`Error::BufferBelowTarget`], [`Error::RateDecreased`] (more than
    ///   [`MOVE_DUST`] lost), [`Error::Call`] (the vault refused),
    ///   [`Error::CallFailed`], [`Error::Math`].
    ///
    /// # Events
    /// * [`Restaked`].
    pub fn restake(
        &mut self,
        operator: Address,
        asset: Address,
        amount: U256,
    ) -> Result<U256, Error> {
        self.only(S_MANAGER)?;
        if amount.is_zero() {
            return Err(Error::ZeroAmount(LrtZeroAmount {}));
        }
        let op = self.operator_index(operator)?;
        let i = self.asset_index(asset)?;
        let account = self.addr(operator_slot(op, O_ACCOUNT));
        let vault = self.addr(asset_slot(i, A_VAULT));
        // H-1: never restake into an account the registry undelegated.
        self.check_delegated(operator, account)?;
        let before = self.valuation()?;
        let held = self
            .held(i)?
            .saturating_sub(self.get(asset_slot(i, A_RESERVED)));
        if held < amount {
            return Err(Error::InsufficientLiquidity(LrtInsufficientLiquidity {
                asset,
                available: held,
                requested: amount,
            }));
        }
        let value = if asset == NATIVE_ETH {
            amount
        } else {
            self.call_true(
                asset,
                ILrtOutgoing::approveCall::SELECTOR,
                &words![vault, amount],
            )?;
            U256::ZERO
        };
        let data = error_data(
            ILrtOutgoing::depositCall::SELECTOR,
            &words![amount, account],
        );
        let out = self.call_raw(vault, &data, value, true)?;
        let shares = word_at(&out, 0).ok_or(Error::CallFailed(LrtCallFailed { target: vault }))?;
        // H-1: the account snapshots its position, which values whatever
        // the registry may queue for it later without it.
        let data = error_data(ILrtOutgoing::recordCall::SELECTOR, &words![vault]);
        self.call_raw(account, &data, U256::ZERO, true)?;
        let after = self.guard(&before, MOVE_DUST)?;
        let cap = mul_div(
            after.value,
            self.get(S_CONCENTRATION),
            U256::from(BPS),
            Rounding::Down,
        )?;
        let operator_value = after.per_operator.get(op).copied().unwrap_or_default();
        if operator_value > cap {
            return Err(Error::ConcentrationCapExceeded(
                LrtConcentrationCapExceeded {
                    operator,
                    operator_value,
                    cap,
                },
            ));
        }
        // Up: the buffer target is never rounded in the manager's favour.
        let target = mul_div(
            after.value,
            self.get(S_BUFFER),
            U256::from(BPS),
            Rounding::Up,
        )?;
        if after.idle < target {
            return Err(Error::BufferBelowTarget(LrtBufferBelowTarget {
                idle: after.idle,
                target,
            }));
        }
        self.emit_event(&Restaked {
            operator,
            asset,
            assets: amount,
            shares,
        });
        Ok(shares)
    }

    /// Queues `shares` deposit shares of `asset`'s vault held through
    /// `operator` for withdrawal in the registry, through its sub-account
    /// (they stay slashable, and in the rate, until completed). Returns the
    /// registry's id.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - not the manager.
    /// * [`Error::ZeroAmount`], [`Error::Operator`], [`Error::UnknownAsset`],
    ///   [`Error::RateDecreased`], [`Error::Call`] (the registry refused, or
    ///   the account has `MAX_WITHDRAWALS` open: `LrtTooMany(2, 16)`),
    ///   [`Error::CallFailed`], [`Error::Math`].
    ///
    /// # Events
    /// * [`UnstakeQueued`].
    pub fn unstake(
        &mut self,
        operator: Address,
        asset: Address,
        shares: U256,
    ) -> Result<U256, Error> {
        self.only(S_MANAGER)?;
        if shares.is_zero() {
            return Err(Error::ZeroAmount(LrtZeroAmount {}));
        }
        let op = self.operator_index(operator)?;
        let i = self.asset_index(asset)?;
        let before = self.valuation()?;
        let account = self.addr(operator_slot(op, O_ACCOUNT));
        let vault = self.addr(asset_slot(i, A_VAULT));
        let id = self.call_word(
            account,
            ILrtOutgoing::queueCall::SELECTOR,
            &words![vault, shares],
            true,
        )?;
        self.emit_event(&UnstakeQueued {
            operator,
            asset,
            withdrawal_id: id,
            shares,
        });
        self.guard(&before, MOVE_DUST)?;
        Ok(id)
    }

    /// Completes registry withdrawal `withdrawal_id` of `operator`'s
    /// sub-account as tokens once its delay has passed (anyone may call: it
    /// only turns queued value into idle liquidity): one the manager queued
    /// with `unstake`, or one the registry queued for the sub-account
    /// without it (an operator's or approver's `undelegate`, H-1), which
    /// may span every vault. LST proceeds move to the Lrt; ETH stays in the
    /// sub-account as idle liquidity that exits pay from. Returns the
    /// assets received (summed over the assets, in wei of each).
    ///
    /// # Errors
    /// * [`Error::Operator`], [`Error::RateDecreased`], [`Error::Call`] (not
    ///   the account's: `LrtUnknownWithdrawal`; or the registry's delay is
    ///   pending), [`Error::CallFailed`], [`Error::Math`].
    ///
    /// # Events
    /// * [`UnstakeCompleted`], one per asset received.
    pub fn complete_unstake(
        &mut self,
        operator: Address,
        withdrawal_id: U256,
    ) -> Result<U256, Error> {
        let op = self.operator_index(operator)?;
        let before = self.valuation()?;
        let account = self.addr(operator_slot(op, O_ACCOUNT));
        let this = self.vm().contract_address();
        let n_assets = self.count(S_ASSET_COUNT);
        let mut held = [U256::ZERO; MAX_ASSETS];
        for (i, h) in held.iter_mut().enumerate().take(n_assets) {
            *h = self.held_by(i, account)?;
        }
        let data = error_data(
            ILrtOutgoing::completeCall::SELECTOR,
            &words![withdrawal_id, this],
        );
        self.call_raw(account, &data, U256::ZERO, true)?;
        let mut total = U256::ZERO;
        for (i, h) in held.iter().enumerate().take(n_assets) {
            // Balances only grow in this call (the account pays nobody).
            let got = self.held_by(i, account)?.saturating_sub(*h);
            if got.is_zero() && n_assets > 1 {
                continue;
            }
            total = add(total, got)?;
            self.emit_event(&UnstakeCompleted {
                operator,
                asset: self.addr(asset_slot(i, A_TOKEN)),
                withdrawal_id,
                assets: got,
            });
        }
        self.guard(&before, MOVE_DUST)?;
        Ok(total)
    }

    /// Delegates `operator`'s sub-account to it again after the registry
    /// undelegated it (H-1), with the operator's approval as in
    /// [`Lrt::add_operator`]. The withdrawal the registry queued must be
    /// adopted (`adopt` on the sub-account, anyone) or completed first.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - not the manager; [`Error::Operator`].
    /// * [`Error::Call`] (the account refused: `LrtForcedWithdrawalPending`;
    ///   or the registry: e.g. `RegistryAlreadyDelegated`),
    ///   [`Error::DelegationFailed`], [`Error::RateDecreased`],
    ///   [`Error::CallFailed`], [`Error::Math`].
    ///
    /// # Events
    /// * [`OperatorRedelegated`].
    pub fn redelegate_operator(
        &mut self,
        operator: Address,
        approver_signature: impl AsRef<[u8]>,
        expiry: U256,
        salt: B256,
    ) -> Result<(), Error> {
        let approver_signature = approver_signature.as_ref();
        self.only(S_MANAGER)?;
        let op = self.operator_index(operator)?;
        let account = self.addr(operator_slot(op, O_ACCOUNT));
        let before = self.valuation()?;
        self.delegate_account(account, operator, approver_signature, expiry, salt)?;
        self.emit_event(&OperatorRedelegated { operator, account });
        self.guard(&before, MOVE_DUST)?;
        Ok(())
    }

    /// Removes `operator` (L-3, H-1) once its positions are unwound: its
    /// sub-account holds no position, no queued withdrawal (none open, none
    /// the registry queued) and no value; its idle ETH moves to another
    /// operator's sub-account. Its slot is freed (the last operator takes
    /// it), and the operator may be added again later (with a new
    /// sub-account). Returns the retired sub-account.
    ///
    /// # Errors
    /// * [`Error::Unauthorized`] - not the manager; [`Error::Operator`].
    /// * [`Error::OperatorNotEmpty`] - something is left (or ETH with no
    ///   other sub-account to take it).
    /// * [`Error::RateDecreased`], [`Error::Call`], [`Error::CallFailed`],
    ///   [`Error::Math`].
    ///
    /// # Events
    /// * [`OperatorRemoved`].
    pub fn remove_operator(&mut self, operator: Address) -> Result<Address, Error> {
        self.only(S_MANAGER)?;
        let op = self.operator_index(operator)?;
        let account = self.addr(operator_slot(op, O_ACCOUNT));
        let before = self.valuation()?;
        let value = before.per_operator.get(op).copied().unwrap_or_default();
        let open = self.call_word(
            account,
            ILrtOutgoing::openWithdrawalsCall::SELECTOR,
            &[],
            false,
        )?;
        let count = self.count(S_OPERATOR_COUNT);
        let eth = self.vm().balance(account);
        // The last slot takes this one's place (count > op >= 0).
        let last = count - 1;
        let heir = if last == op { 0 } else { last };
        let holds = before.operator_holds.get(op).copied().unwrap_or_default();
        if holds || !value.is_zero() || !open.is_zero() || (!eth.is_zero() && count < 2) {
            return Err(Error::OperatorNotEmpty(LrtOperatorNotEmpty {
                operator,
                value: add(value, eth)?,
                withdrawals: open,
            }));
        }
        if !eth.is_zero() {
            let to = self.addr(operator_slot(heir, O_ACCOUNT));
            self.execute(account, to, eth, Vec::new())?;
        }
        let last_operator = self.addr(operator_slot(last, O_OPERATOR));
        let last_account = self.addr(operator_slot(last, O_ACCOUNT));
        self.set_addr(operator_slot(op, O_OPERATOR), last_operator);
        self.set_addr(operator_slot(op, O_ACCOUNT), last_account);
        self.set_addr(operator_slot(last, O_OPERATOR), Address::ZERO);
        self.set_addr(operator_slot(last, O_ACCOUNT), Address::ZERO);
        self.set(S_OPERATOR_COUNT, U256::from(last));
        self.emit_event(&OperatorRemoved { operator, account });
        self.guard(&before, 0)?;
        Ok(account)
    }

    /// Operator number `index` and its sub-account (zeros past the end).
    pub fn operator_at(&self, index: U256) -> (Address, Address) {
        let i = index.saturating_to::<usize>().min(MAX_OPERATORS);
        (
            self.addr(operator_slot(i, O_OPERATOR)),
            self.addr(operator_slot(i, O_ACCOUNT)),
        )
    }
}

impl Lrt {
    /// `account` is delegated to `operator` in the registry.
    #[inline(never)]
    fn check_delegated(&self, operator: Address, account: Address) -> Result<(), Error> {
        let delegated_to = to_address(self.call_word(
            self.addr(S_REGISTRY),
            ILrtOutgoing::delegatedToCall::SELECTOR,
            &words![account],
            false,
        )?);
        if delegated_to != operator {
            return Err(Error::DelegationFailed(LrtDelegationFailed {
                operator,
                delegated_to,
            }));
        }
        Ok(())
    }

    /// Has `account` delegate to `operator` (with the approver's signature)
    /// and checks the registry agrees.
    fn delegate_account(
        &mut self,
        account: Address,
        operator: Address,
        approver_signature: &[u8],
        expiry: U256,
        salt: B256,
    ) -> Result<(), Error> {
        // delegate(address, bytes, uint256, bytes32): the bytes go last.
        let len = approver_signature.len();
        let mut data = error_data(
            ILrtOutgoing::delegateCall::SELECTOR,
            &words![operator, U256::from(128), expiry, salt, U256::from(len)],
        );
        data.extend_from_slice(approver_signature);
        data.resize(4 + 160 + len.div_ceil(32) * 32, 0);
        self.call_raw(account, &data, U256::ZERO, true)?;
        self.check_delegated(operator, account)
    }

    fn create_account(&mut self, operator: Address) -> Result<Address, Error> {
        #[cfg(feature = "test-clock")]
        {
            let account = self.addr(S_TEST_ACCOUNT);
            if !account.is_zero() {
                self.set_addr(S_TEST_ACCOUNT, Address::ZERO);
                return Ok(account);
            }
        }
        let implementation = self.addr(S_IMPLEMENTATION);
        let failed = Error::AccountCreationFailed(LrtAccountCreationFailed { operator });
        if implementation.is_zero() {
            return Err(failed);
        }
        let code = clone_init_code(implementation);
        // Salt = keccak(operator ‖ nonce): a removed operator can be added
        // again (its old sub-account keeps its address).
        let nonce = self.get(S_ACCOUNT_NONCE);
        self.set(S_ACCOUNT_NONCE, add(nonce, U256::from(1))?);
        let salt = self
            .vm()
            .native_keccak256(&concat(&[operator.into_word(), B256::from(nonce)]));
        // SAFETY: deploys fixed EIP-1167 init code; the host flushes the
        // storage cache first.
        let deployed = unsafe { self.vm().deploy(&code, U256::ZERO, Some(salt)) };
        match deployed {
            Ok(account) if !account.is_zero() => Ok(account),
            _ => Err(failed),
        }
    }
}

/// The EIP-1167 init code of a minimal proxy of `implementation`.
pub fn clone_init_code(implementation: Address) -> Vec<u8> {
    const PREFIX: [u8; 20] = [
        0x3d, 0x60, 0x2d, 0x80, 0x60, 0x0a, 0x3d, 0x39, 0x81, 0xf3, 0x36, 0x3d, 0x3d, 0x37, 0x3d,
        0x3d, 0x3d, 0x36, 0x3d, 0x73,
    ];
    const SUFFIX: [u8; 15] = [
        0x5a, 0xf4, 0x3d, 0x82, 0x80, 0x3e, 0x90, 0x3d, 0x91, 0x60, 0x2b, 0x57, 0xfd, 0x5b, 0xf3,
    ];
    let mut code = Vec::with_capacity(55);
    code.extend_from_slice(&PREFIX);
    code.extend_from_slice(implementation.as_slice());
    code.extend_from_slice(&SUFFIX);
    code
}
