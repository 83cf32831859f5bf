//! The devnet world as the fuzzer's [`model::Protocol`]: each action one
//! transaction from its actor (simulated first, see [`Devnet::tx`]), each
//! read one view of the deployed contracts.

use alloy::network::TransactionBuilder;
use alloy::primitives::{keccak256, Address, U256};
use alloy::providers::Provider;
use alloy::rpc::types::TransactionRequest;
use restake_deploy::suite::NATIVE_ETH;
use restake_e2e::bindings::{
    IEvidenceVerifier, ILrt, IMockLst, IOperatorRegistry, ISlashingManager, IVault,
};
use restake_fuzz_model::{self as model, Asset, RequestInfo, Res, SetKind, Who, WithdrawalInfo};

use super::world::{Devnet, ILrtAccount};

impl model::Protocol for Devnet {
    fn now(&self) -> u64 {
        self.now
    }

    fn warp(&mut self, to: u64) {
        assert!(to >= self.now, "time only moves forward");
        self.now = to;
        self.pin();
    }

    fn last_events(&self) -> usize {
        self.events.get()
    }

    fn vault_deposit(&mut self, who: Who, asset: Asset, amount: U256, receiver: Who) -> Res<U256> {
        let value = if asset == Asset::Eth {
            amount
        } else {
            U256::ZERO
        };
        let receiver = self.addr(receiver);
        self.tx(
            who,
            self.vault(asset),
            value,
            IVault::depositCall {
                assets: amount,
                receiver,
            },
        )
    }

    fn delegate(&mut self, who: Who, op: u8) -> Res<()> {
        let (signature, expiry, salt) = self.approval(self.addr(who), op);
        let operator = self.op(op);
        let call = IOperatorRegistry::delegateToCall {
            operator,
            signature,
            expiry,
            salt,
        };
        self.send(who, self.s.registry, call).map(|_| ())
    }

    fn undelegate(&mut self, caller: Who, staker: Who) -> Res<U256> {
        let staker = self.addr(staker);
        let call = IOperatorRegistry::undelegateCall { staker };
        self.send(caller, self.s.registry, call)
    }

    fn redelegate(&mut self, who: Who, op: u8) -> Res<U256> {
        let (signature, expiry, salt) = self.approval(self.addr(who), op);
        let new_operator = self.op(op);
        let call = IOperatorRegistry::redelegateCall {
            newOperator: new_operator,
            signature,
            expiry,
            salt,
        };
        self.send(who, self.s.registry, call)
    }

    fn queue_withdrawal(&mut self, who: Who, entries: &[(Asset, U256)]) -> Res<U256> {
        let vaults = entries.iter().map(|(a, _)| self.vault(*a)).collect();
        let shares = entries.iter().map(|(_, s)| *s).collect();
        let call = IOperatorRegistry::queueWithdrawalCall { vaults, shares };
        self.send(who, self.s.registry, call)
    }

    fn complete_withdrawal(&mut self, who: Who, id: U256, as_tokens: bool) -> Res<()> {
        let call = IOperatorRegistry::completeWithdrawalCall {
            id,
            receiveAsTokens: as_tokens,
        };
        self.send(who, self.s.registry, call).map(|_| ())
    }

    fn join(&mut self, op: u8, set: SetKind) -> Res<()> {
        let avs = self.addr(Who::Avs);
        let call = ISlashingManager::joinOperatorSetCall {
            avs,
            setId: set.params().id,
        };
        self.send(Who::Operator(op), self.s.manager, call)
            .map(|_| ())
    }

    fn leave(&mut self, op: u8, set: SetKind) -> Res<()> {
        let avs = self.addr(Who::Avs);
        let call = ISlashingManager::leaveOperatorSetCall {
            avs,
            setId: set.params().id,
        };
        self.send(Who::Operator(op), self.s.manager, call)
            .map(|_| ())
    }

    fn allocate(&mut self, op: u8, set: SetKind, asset: Asset, magnitude: u64) -> Res<()> {
        let avs = self.addr(Who::Avs);
        let call = ISlashingManager::modifyAllocationCall {
            avs,
            setId: set.params().id,
            vault: self.vault(asset),
            magnitude,
        };
        self.send(Who::Operator(op), self.s.manager, call)
            .map(|_| ())
    }

    fn slash(&mut self, op: u8, set: SetKind, assets: &[Asset], wad: u64) -> Res<U256> {
        let avs = self.addr(Who::Avs);
        let call = ISlashingManager::slashCall {
            operator: self.op(op),
            avs,
            setId: set.params().id,
            vaults: self.sorted_vaults(assets),
            wadFraction: wad,
            description: "fuzz".into(),
        };
        self.send(Who::Avs, self.s.manager, call)
    }

    fn request_slash(&mut self, op: u8, assets: &[Asset], wad: u64) -> Res<U256> {
        let avs = self.addr(Who::Avs);
        let call = ISlashingManager::requestSlashCall {
            operator: self.op(op),
            avs,
            setId: SetKind::Veto.params().id,
            vaults: self.sorted_vaults(assets),
            wadFraction: wad,
            description: "fuzz".into(),
        };
        self.send(Who::Avs, self.s.manager, call)
    }

    fn veto_slash(&mut self, id: U256) -> Res<()> {
        let call = ISlashingManager::vetoSlashCall { slashId: id };
        self.send(Who::Resolver, self.s.manager, call).map(|_| ())
    }

    fn execute_slash(&mut self, id: U256) -> Res<()> {
        let call = ISlashingManager::executeSlashCall { slashId: id };
        self.send(Who::Owner, self.s.manager, call).map(|_| ())
    }

    fn submit_evidence(&mut self, op: u8, height: u64) -> Res<U256> {
        let set = SetKind::Evidence.params().id;
        let avs = self.addr(Who::Avs);
        let pa = keccak256(format!("A {height}").as_bytes());
        let pb = keccak256(format!("B {height}").as_bytes());
        let (sa, sb) = (self.attest(op, height, pa), self.attest(op, height, pb));
        let call = IEvidenceVerifier::submitEquivocationCall {
            operator: self.op(op),
            avs,
            setId: set,
            height,
            payloadA: pa,
            signatureA: sa,
            payloadB: pb,
            signatureB: sb,
        };
        self.send(Who::Owner, self.s.evidence, call)
    }

    fn claim_slashed(&mut self) -> Res<U256> {
        let receiver = self.addr(Who::Recipient);
        let call = IVault::claimSlashedCall { receiver };
        self.send(Who::Recipient, self.s.eth_vault, call)
    }

    fn release_slashed(&mut self, asset: Asset, to_recipient: bool) -> Res<(U256, U256)> {
        let vault = self.vault(asset);
        let recipient = if to_recipient {
            self.addr(Who::Recipient)
        } else {
            Address::ZERO
        };
        let call = ISlashingManager::releaseSlashedCall { vault, recipient };
        self.send(Who::Owner, self.s.manager, call)
            .map(|r| (r.shares, r.assets))
    }

    fn lrt_deposit(&mut self, who: Who, asset: Asset, amount: U256) -> Res<U256> {
        match asset {
            Asset::Eth => self.tx(
                who,
                self.s.lrt,
                amount,
                ILrt::depositCall {
                    minShares: U256::ZERO,
                },
            ),
            Asset::Lst => self.send(
                who,
                self.s.lrt,
                ILrt::depositTokenCall {
                    token: self.s.lst,
                    amount,
                    minShares: U256::ZERO,
                },
            ),
        }
    }

    fn lrt_request(&mut self, who: Who, shares: U256, asset: Asset) -> Res<U256> {
        let asset = self.token(asset);
        self.send(who, self.s.lrt, ILrt::requestRedeemCall { shares, asset })
    }

    fn lrt_finalize(&mut self, id: U256) -> Res<U256> {
        let call = ILrt::finalizeRedeemCall { requestId: id };
        self.send(Who::Owner, self.s.lrt, call)
    }

    fn lrt_cancel(&mut self, who: Who, id: U256) -> Res<U256> {
        let call = ILrt::cancelRedeemCall { requestId: id };
        self.send(who, self.s.lrt, call)
    }

    fn lrt_claim(&mut self, who: Who, id: U256) -> Res<U256> {
        let receiver = self.addr(who);
        let call = ILrt::claimRedeemCall {
            requestId: id,
            receiver,
        };
        self.send(who, self.s.lrt, call)
    }

    fn lrt_instant(&mut self, who: Who, shares: U256, asset: Asset) -> Res<U256> {
        let receiver = self.addr(who);
        let call = ILrt::instantRedeemCall {
            shares,
            asset: self.token(asset),
            minOut: U256::ZERO,
            receiver,
        };
        self.send(who, self.s.lrt, call)
    }

    fn lrt_transfer(&mut self, from: Who, to: Who, shares: U256) -> Res<()> {
        let to = self.addr(to);
        let call = ILrt::transferCall { to, value: shares };
        self.send(from, self.s.lrt, call).map(|_| ())
    }

    fn lrt_checkpoint(&mut self, who: Who) -> Res<()> {
        self.send(who, self.s.lrt, ILrt::checkpointCall {})
            .map(|_| ())
    }

    fn add_operator(&mut self, op: u8) -> Res<u8> {
        let operator = self.op(op);
        let next = self.next_clone(operator);
        let (approver_signature, expiry, salt) = self.approval(next, op);
        let call = ILrt::addOperatorCall {
            operator,
            approverSignature: approver_signature,
            expiry,
            salt,
        };
        let account = self.send(Who::Owner, self.s.lrt, call)?;
        assert_eq!(account, next, "the clone landed elsewhere");
        let mut accounts = self.accounts.borrow_mut();
        accounts.push(account);
        Ok((accounts.len() - 1) as u8)
    }

    fn restake(&mut self, op: u8, asset: Asset, amount: U256) -> Res<U256> {
        let call = ILrt::restakeCall {
            operator: self.op(op),
            asset: self.token(asset),
            amount,
        };
        self.send(Who::Owner, self.s.lrt, call)
    }

    fn unstake(&mut self, op: u8, asset: Asset, shares: U256) -> Res<U256> {
        let call = ILrt::unstakeCall {
            operator: self.op(op),
            asset: self.token(asset),
            shares,
        };
        self.send(Who::Owner, self.s.lrt, call)
    }

    fn complete_unstake(&mut self, op: u8, id: U256) -> Res<U256> {
        let call = ILrt::completeUnstakeCall {
            operator: self.op(op),
            withdrawalId: id,
        };
        self.send(Who::Owner, self.s.lrt, call)
    }

    fn adopt(&mut self, account: u8, id: U256) -> Res<()> {
        let call = ILrtAccount::adoptCall { id };
        self.send(Who::Owner, self.account_addr(account), call)
            .map(|_| ())
    }

    fn redelegate_operator(&mut self, op: u8) -> Res<()> {
        let operator = self.op(op);
        let account = self
            .lrt_slots()
            .into_iter()
            .find(|(o, _)| *o == operator)
            .map(|(_, a)| a)
            .unwrap_or_default();
        let (approver_signature, expiry, salt) = self.approval(account, op);
        let call = ILrt::redelegateOperatorCall {
            operator,
            approverSignature: approver_signature,
            expiry,
            salt,
        };
        self.send(Who::Owner, self.s.lrt, call).map(|_| ())
    }

    fn remove_operator(&mut self, op: u8) -> Res<()> {
        let operator = self.op(op);
        let call = ILrt::removeOperatorCall { operator };
        self.send(Who::Owner, self.s.lrt, call).map(|_| ())
    }

    fn set_lst_rate(&mut self, rate: U256) -> Res<()> {
        let call = IMockLst::setRateCall { rate };
        self.send(Who::Owner, self.s.lst, call).map(|_| ())
    }

    fn set_oracle_rate(&mut self, rate: U256) -> Res<()> {
        let call = IMockLst::setRateCall { rate };
        self.send(Who::Owner, self.oracle, call).map(|_| ())
    }

    fn set_rate_source(&mut self, oracle: bool) -> Res<()> {
        let source = if oracle { self.oracle } else { self.s.lst };
        let call = ILrt::setRateSourceCall {
            asset: self.s.lst,
            source,
        };
        self.send(Who::Owner, self.s.lrt, call).map(|_| ())
    }

    fn donate(&mut self, to: Who, asset: Asset, amount: U256) -> Res<()> {
        let target = self.addr(to);
        match asset {
            Asset::Eth => {
                let req = TransactionRequest::default()
                    .with_from(self.addrs[0])
                    .with_to(target)
                    .with_value(amount);
                self.submit(0, req).map(|_| ())
            }
            Asset::Lst => {
                let call = IMockLst::transferCall {
                    to: target,
                    value: amount,
                };
                self.send(Who::Owner, self.s.lst, call).map(|_| ())
            }
        }
    }

    fn eth_balance(&self, who: Who) -> U256 {
        let a = self.addr(who);
        let b = self
            .rt
            .block_on(async { self.h.owner.get_balance(a).await })
            .expect("balance");
        b + self.gas.borrow().get(&a).copied().unwrap_or_default()
    }

    fn lst_balance(&self, who: Who) -> U256 {
        let account = self.addr(who);
        self.view(self.s.lst, IMockLst::balanceOfCall { account })
    }

    fn vault_totals(&self, asset: Asset) -> (U256, U256) {
        let v = self.vault(asset);
        (
            self.view(v, IVault::totalSharesCall {}),
            self.view(v, IVault::totalAssetsCall {}),
        )
    }

    fn deposit_shares(&self, asset: Asset, staker: Who) -> U256 {
        let staker = self.addr(staker);
        self.view(self.vault(asset), IVault::depositSharesCall { staker })
    }

    fn registry_deposit_shares(&self, asset: Asset, staker: Who) -> U256 {
        let (staker, vault) = (self.addr(staker), self.vault(asset));
        self.registry(IOperatorRegistry::depositSharesCall { staker, vault })
    }

    fn slashed_pending(&self, asset: Asset, to_recipient: bool) -> U256 {
        let recipient = if to_recipient {
            self.addr(Who::Recipient)
        } else {
            Address::ZERO
        };
        let vault = self.vault(asset);
        self.view(
            self.s.manager,
            ISlashingManager::slashedSharesCall { vault, recipient },
        )
    }

    fn slashed_credit(&self) -> U256 {
        let recipient = self.addr(Who::Recipient);
        self.view(self.s.eth_vault, IVault::slashedClaimCall { recipient })
    }

    fn delegated_to(&self, staker: Who) -> Option<u8> {
        let staker = self.addr(staker);
        let op = self.registry(IOperatorRegistry::delegatedToCall { staker });
        self.op_index(op).or_else(|| {
            assert!(op.is_zero(), "delegated to a stranger {op}");
            None
        })
    }

    fn withdrawable(&self, staker: Who, asset: Asset) -> U256 {
        let (staker, vault) = (self.addr(staker), self.vault(asset));
        self.registry(IOperatorRegistry::withdrawableSharesCall { staker, vault })
    }

    fn scaling_factor(&self, staker: Who, asset: Asset) -> U256 {
        let (staker, vault) = (self.addr(staker), self.vault(asset));
        self.registry(IOperatorRegistry::depositScalingFactorCall { staker, vault })
    }

    fn operator_stake(&self, op: u8, asset: Asset) -> U256 {
        let (operator, vault) = self.op_vault(op, asset);
        self.registry(IOperatorRegistry::operatorStakeCall { operator, vault })
    }

    fn max_magnitude(&self, op: u8, asset: Asset) -> u64 {
        let (operator, vault) = self.op_vault(op, asset);
        self.registry(IOperatorRegistry::maxMagnitudeCall { operator, vault })
    }

    fn slashable_queued(&self, op: u8, asset: Asset) -> U256 {
        let (operator, vault) = self.op_vault(op, asset);
        self.registry(IOperatorRegistry::slashableQueuedSharesCall { operator, vault })
    }

    fn allocation_delay(&self, op: u8) -> u64 {
        let operator = self.op(op);
        u64::from(self.registry(IOperatorRegistry::allocationDelayCall { operator }))
    }

    fn withdrawal_count(&self) -> u64 {
        self.registry(IOperatorRegistry::withdrawalCountCall {})
            .saturating_to()
    }

    fn withdrawal(&self, id: u64) -> WithdrawalInfo {
        let id = U256::from(id);
        let w = self.registry(IOperatorRegistry::withdrawalCall { id });
        let entries = (0..w.entries)
            .map(|index| {
                let e = self.registry(IOperatorRegistry::withdrawalEntryCall { id, index });
                (self.asset_of(e.vault), e.scaledShares)
            })
            .collect();
        WithdrawalInfo {
            staker: self.who(w.staker),
            operator: self.op_index(w.operator),
            claimable_at: w.claimableAt,
            completed: w.completed,
            entries,
        }
    }

    fn pending_shares(&self, id: u64, asset: Asset) -> U256 {
        let (id, vault) = (U256::from(id), self.vault(asset));
        self.registry(IOperatorRegistry::pendingRedeemRequestCall { id, vault })
    }

    fn claimable_shares(&self, id: u64, asset: Asset) -> U256 {
        let (id, vault) = (U256::from(id), self.vault(asset));
        self.registry(IOperatorRegistry::claimableRedeemRequestCall { id, vault })
    }

    fn allocation(&self, op: u8, set: SetKind, asset: Asset) -> (u64, u64, u64) {
        let (operator, vault) = self.op_vault(op, asset);
        let a = self.manager(ISlashingManager::allocationCall {
            operator,
            avs: self.addr(Who::Avs),
            setId: set.params().id,
            vault,
        });
        (a.allocated, a.pendingTarget, a.effectAt)
    }

    fn encumbered(&self, op: u8, asset: Asset) -> u64 {
        let (operator, vault) = self.op_vault(op, asset);
        self.manager(ISlashingManager::encumberedMagnitudeCall { operator, vault })
    }

    fn cap_used(&self, op: u8, set: SetKind) -> u64 {
        self.manager(ISlashingManager::capUsedCall {
            operator: self.op(op),
            avs: self.addr(Who::Avs),
            setId: set.params().id,
        })
    }

    fn slashable_until(&self, op: u8, set: SetKind) -> u64 {
        self.manager(ISlashingManager::slashableUntilCall {
            operator: self.op(op),
            avs: self.addr(Who::Avs),
            setId: set.params().id,
        })
    }

    fn slash_request(&self, id: U256) -> (u8, u64) {
        let r = self.manager(ISlashingManager::slashRequestCall { slashId: id });
        (r.status, r.executableAt)
    }

    fn last_slash_id(&self) -> u64 {
        self.manager(ISlashingManager::configCall {}).lastSlashId
    }

    fn slash_epoch(&self) -> u64 {
        u64::from(self.registry(IOperatorRegistry::slashEpochCall {}))
    }

    fn evidence_used(&self, op: u8, height: u64) -> bool {
        self.view(
            self.s.evidence,
            IEvidenceVerifier::evidenceUsedCall {
                operator: self.op(op),
                avs: self.addr(Who::Avs),
                setId: SetKind::Evidence.params().id,
                height,
            },
        )
    }

    fn books(&self) -> (U256, U256, U256, U256) {
        let b = self.lrt(ILrt::booksCall {});
        (b.value, b.supply, b.idle, b.pendingShares)
    }

    fn lrt_total_supply(&self) -> U256 {
        self.lrt(ILrt::totalSupplyCall {})
    }

    fn lrt_balance(&self, who: Who) -> U256 {
        let account = self.addr(who);
        self.lrt(ILrt::balanceOfCall { account })
    }

    fn lrt_rate(&self) -> U256 {
        self.lrt(ILrt::rateCall {})
    }

    fn lrt_asset(&self, asset: Asset) -> (U256, U256) {
        let index = U256::from(asset.index());
        let a = self.lrt(ILrt::assetAtCall { index });
        (a.reserved, a.pendingValue)
    }

    fn asset_rate(&self, asset: Asset) -> U256 {
        let asset = self.token(asset);
        self.lrt(ILrt::assetRateCall { asset })
    }

    fn lrt_operators(&self) -> Vec<(u8, u8)> {
        let accounts = self.accounts.borrow();
        self.lrt_slots()
            .into_iter()
            .map(|(o, a)| {
                let op = self.op_index(o).expect("known operator");
                let k = accounts
                    .iter()
                    .position(|x| *x == a)
                    .expect("known sub-account");
                (op, k as u8)
            })
            .collect()
    }

    fn lrt_request_count(&self) -> u64 {
        (1..)
            .find(|id| {
                let request_id = U256::from(*id);
                self.lrt(ILrt::requestCall {
                    requestId: request_id,
                })
                .owner
                .is_zero()
            })
            .expect("ids")
            - 1
    }

    fn lrt_request_info(&self, id: u64) -> RequestInfo {
        let request_id = U256::from(id);
        let r = self.lrt(ILrt::requestCall {
            requestId: request_id,
        });
        RequestInfo {
            owner: self.who(r.owner),
            asset: if r.asset == NATIVE_ETH {
                Asset::Eth
            } else {
                Asset::Lst
            },
            status: r.status,
            shares: r.shares,
            max_value: r.maxValue,
            assets: r.assets,
        }
    }

    fn lrt_request_time(&self, id: u64) -> (u64, u64) {
        let request_id = U256::from(id);
        let t = self.lrt(ILrt::requestTimeCall {
            requestId: request_id,
        });
        (t.requestedAt, t.finalizableAt)
    }

    fn account_open_withdrawals(&self, account: u8) -> u64 {
        let a = self.account_addr(account);
        self.view(a, ILrtAccount::openWithdrawalsCall {})
            .saturating_to()
    }

    fn account_snapshot(&self, account: u8) -> Vec<(Asset, U256)> {
        let a = self.account_addr(account);
        (0..4u64)
            .map(|i| {
                let index = U256::from(i);
                self.view(a, ILrtAccount::snapshotAtCall { index })
            })
            .map(|r| (r.vault, r.scaledShares))
            .take_while(|(v, _)| !v.is_zero())
            .map(|(v, s)| (self.asset_of(v), s))
            .collect()
    }

    fn account_values(&self, account: u8) -> [U256; 2] {
        let vaults = vec![self.s.eth_vault, self.s.lst_vault];
        let v = self.view(
            self.account_addr(account),
            ILrtAccount::valuesCall { vaults },
        );
        [v[0], v[1]]
    }

    fn account_operator(&self, account: u8) -> Option<u8> {
        self.op_index(self.view(self.account_addr(account), ILrtAccount::operatorCall {}))
    }

    fn lst_rate(&self) -> U256 {
        self.view(self.s.lst, IMockLst::getRateCall {})
    }

    fn oracle_rate(&self) -> U256 {
        self.view(self.oracle, IMockLst::getRateCall {})
    }

    fn rate_source_is_oracle(&self) -> bool {
        let index = U256::from(1);
        self.lrt(ILrt::assetAtCall { index }).rateSource == self.oracle
    }
}
