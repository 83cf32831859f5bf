//! The Lrt's actions of `restake_fuzz_model::Protocol`: holders' deposits,
//! redemptions and transfers, the manager's operators and restaking moves,
//! the LST's and the oracle's rates, donations (called by `protocol_impl`).

use super::*;

impl World {
    pub(crate) fn lrt_deposit(&mut self, who: Who, asset: Asset, amount: U256) -> Res<U256> {
        let from = self.addr(who);
        let lst = self.lst.address();
        self.act(|| match asset {
            Asset::Eth => self
                .lrt_call(
                    from,
                    amount,
                    ILrt::depositCall {
                        min_shares: U256::ZERO,
                    },
                )
                .map(|r| r._0),
            Asset::Lst => self
                .lrt_call(
                    from,
                    U256::ZERO,
                    ILrt::depositTokenCall {
                        token: lst,
                        amount,
                        min_shares: U256::ZERO,
                    },
                )
                .map(|r| r._0),
        })
    }

    pub(crate) fn lrt_request(&mut self, who: Who, shares: U256, asset: Asset) -> Res<U256> {
        let (from, token) = (self.addr(who), self.token(asset));
        self.act(|| {
            self.lrt_call(
                from,
                U256::ZERO,
                ILrt::requestRedeemCall {
                    shares,
                    asset: token,
                },
            )
            .map(|r| r._0)
        })
    }

    pub(crate) fn lrt_finalize(&mut self, id: U256) -> Res<U256> {
        let o = self.owner;
        self.act(|| {
            self.lrt_call(o, U256::ZERO, ILrt::finalizeRedeemCall { request_id: id })
                .map(|r| r._0)
        })
    }

    pub(crate) fn lrt_cancel(&mut self, who: Who, id: U256) -> Res<U256> {
        let from = self.addr(who);
        self.act(|| {
            self.lrt_call(from, U256::ZERO, ILrt::cancelRedeemCall { request_id: id })
                .map(|r| r._0)
        })
    }

    pub(crate) fn lrt_claim(&mut self, who: Who, id: U256) -> Res<U256> {
        let from = self.addr(who);
        self.act(|| {
            self.lrt_call(
                from,
                U256::ZERO,
                ILrt::claimRedeemCall {
                    request_id: id,
                    receiver: from,
                },
            )
            .map(|r| r._0)
        })
    }

    pub(crate) fn lrt_instant(&mut self, who: Who, shares: U256, asset: Asset) -> Res<U256> {
        let (from, token) = (self.addr(who), self.token(asset));
        self.act(|| {
            self.lrt_call(
                from,
                U256::ZERO,
                ILrt::instantRedeemCall {
                    shares,
                    asset: token,
                    min_out: U256::ZERO,
                    receiver: from,
                },
            )
            .map(|r| r._0)
        })
    }

    pub(crate) fn lrt_transfer(&mut self, from: Who, to: Who, shares: U256) -> Res<()> {
        let (f, t) = (self.addr(from), self.addr(to));
        self.act(|| {
            self.lrt_call(
                f,
                U256::ZERO,
                ILrt::transferCall {
                    to: t,
                    value: shares,
                },
            )
            .map(|_| ())
        })
    }

    pub(crate) fn lrt_checkpoint(&mut self, who: Who) -> Res<()> {
        let from = self.addr(who);
        self.act(|| {
            self.lrt_call(from, U256::ZERO, ILrt::checkpointCall {})
                .map(|_| ())
        })
    }

    pub(crate) fn add_operator(&mut self, op: u8) -> Res<u8> {
        let k = self.created.get();
        let account = self.pool[k].address();
        let (sig, expiry, salt) = self.approval(account, op);
        let (o, operator) = (self.owner, self.op(op));
        self.lrt.sender(o).set_test_next_account(account);
        let r = self.act(|| {
            self.lrt_call(
                o,
                U256::ZERO,
                ILrt::addOperatorCall {
                    operator,
                    approver_signature: sig.0.into(),
                    expiry,
                    salt,
                },
            )
        });
        match r {
            Ok(out) => {
                assert_eq!(out._0, account, "addOperator used another sub-account");
                self.created.set(k + 1);
                Ok(k as u8)
            }
            Err(e) => {
                // The hand-over was a call of its own: take it back, so the
                // next add hands over the same account.
                self.lrt.sender(o).set_test_next_account(Address::ZERO);
                Err(e)
            }
        }
    }

    pub(crate) fn restake(&mut self, op: u8, asset: Asset, amount: U256) -> Res<U256> {
        let (o, operator, token) = (self.owner, self.op(op), self.token(asset));
        self.act(|| {
            self.lrt_call(
                o,
                U256::ZERO,
                ILrt::restakeCall {
                    operator,
                    asset: token,
                    amount,
                },
            )
            .map(|r| r._0)
        })
    }

    pub(crate) fn unstake(&mut self, op: u8, asset: Asset, shares: U256) -> Res<U256> {
        let (o, operator, token) = (self.owner, self.op(op), self.token(asset));
        self.act(|| {
            self.lrt_call(
                o,
                U256::ZERO,
                ILrt::unstakeCall {
                    operator,
                    asset: token,
                    shares,
                },
            )
            .map(|r| r._0)
        })
    }

    pub(crate) fn complete_unstake(&mut self, op: u8, id: U256) -> Res<U256> {
        let (o, operator) = (self.owner, self.op(op));
        self.act(|| {
            self.lrt_call(
                o,
                U256::ZERO,
                ILrt::completeUnstakeCall {
                    operator,
                    withdrawal_id: id,
                },
            )
            .map(|r| r._0)
        })
    }

    pub(crate) fn adopt(&mut self, account: u8, id: U256) -> Res<()> {
        let o = self.owner;
        self.act(|| {
            self.pool[usize::from(account)]
                .sender(o)
                .adopt(id)
                .motsu_res()
                .map_err(Into::into)
        })
    }

    pub(crate) fn redelegate_operator(&mut self, op: u8) -> Res<()> {
        let account = self
            .lrt_operators_raw()
            .into_iter()
            .find(|(o, _)| *o == self.op(op))
            .map(|(_, a)| a)
            .unwrap_or_default();
        let (sig, expiry, salt) = self.approval(account, op);
        let (o, operator) = (self.owner, self.op(op));
        self.act(|| {
            self.lrt_call(
                o,
                U256::ZERO,
                ILrt::redelegateOperatorCall {
                    operator,
                    approver_signature: sig.0.into(),
                    expiry,
                    salt,
                },
            )
            .map(|_| ())
        })
    }

    pub(crate) fn remove_operator(&mut self, op: u8) -> Res<()> {
        let (o, operator) = (self.owner, self.op(op));
        self.act(|| {
            self.lrt_call(o, U256::ZERO, ILrt::removeOperatorCall { operator })
                .map(|_| ())
        })
    }

    pub(crate) fn set_lst_rate(&mut self, rate: U256) -> Res<()> {
        let o = self.owner;
        self.act(|| {
            self.lst
                .sender(o)
                .set_rate(rate)
                .motsu_res()
                .map_err(Into::into)
        })
    }

    pub(crate) fn set_oracle_rate(&mut self, rate: U256) -> Res<()> {
        let o = self.owner;
        self.act(|| {
            self.oracle
                .sender(o)
                .set_rate(rate)
                .motsu_res()
                .map_err(Into::into)
        })
    }

    pub(crate) fn set_rate_source(&mut self, oracle: bool) -> Res<()> {
        let (o, asset) = (self.owner, self.lst.address());
        let source = if oracle { self.oracle.address() } else { asset };
        self.act(|| {
            self.lrt_call(o, U256::ZERO, ILrt::setRateSourceCall { asset, source })
                .map(|_| ())
        })
    }

    pub(crate) fn donate(&mut self, to: Who, asset: Asset, amount: U256) -> Res<()> {
        let (o, target) = (self.owner, self.addr(to));
        self.act(|| match (asset, to) {
            (Asset::Eth, Who::Lrt) => self
                .lrt
                .sender_and_value(o, amount)
                .receive()
                .map_err(Vec::from)
                .motsu_res(),
            (Asset::Eth, Who::Account(k)) => self.pool[usize::from(k)]
                .sender_and_value(o, amount)
                .receive()
                .map_err(Vec::from)
                .motsu_res(),
            (Asset::Eth, _) => panic!("no ETH donation to {to:?}"),
            (Asset::Lst, _) => self
                .lst
                .sender(o)
                .transfer(target, amount)
                .motsu_res()
                .map(|_| ())
                .map_err(Into::into),
        })
    }
}
