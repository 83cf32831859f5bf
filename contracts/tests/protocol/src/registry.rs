//! The vault and registry actions of `restake_fuzz_model::Protocol`: vault
//! deposits, delegations, undelegations, redelegations, queued withdrawals
//! and their completion (called by `protocol_impl`).

use super::*;

impl World {
    pub(crate) fn vault_deposit(
        &mut self,
        who: Who,
        asset: Asset,
        amount: U256,
        receiver: Who,
    ) -> Res<U256> {
        let (from, to) = (self.addr(who), self.addr(receiver));
        let v = &self.vaults[asset.index()];
        self.act(|| match asset {
            Asset::Eth => v
                .sender_and_value(from, amount)
                .deposit(amount, to)
                .motsu_res()
                .map_err(Into::into),
            Asset::Lst => v
                .sender(from)
                .deposit(amount, to)
                .motsu_res()
                .map_err(Into::into),
        })
    }

    pub(crate) fn delegate(&mut self, who: Who, op: u8) -> Res<()> {
        let staker = self.addr(who);
        let (sig, expiry, salt) = self.approval(staker, op);
        let operator = self.op(op);
        self.act(|| {
            self.reg
                .sender(staker)
                .delegate_to(operator, sig, expiry, salt)
                .motsu_res()
                .map_err(Into::into)
        })
    }

    pub(crate) fn undelegate(&mut self, caller: Who, staker: Who) -> Res<U256> {
        let (c, s) = (self.addr(caller), self.addr(staker));
        self.act(|| {
            self.reg
                .sender(c)
                .undelegate(s)
                .motsu_res()
                .map_err(Into::into)
        })
    }

    pub(crate) fn redelegate(&mut self, who: Who, op: u8) -> Res<U256> {
        let staker = self.addr(who);
        let (sig, expiry, salt) = self.approval(staker, op);
        let operator = self.op(op);
        self.act(|| {
            self.reg
                .sender(staker)
                .redelegate(operator, sig, expiry, salt)
                .motsu_res()
                .map_err(Into::into)
        })
    }

    pub(crate) fn queue_withdrawal(&mut self, who: Who, entries: &[(Asset, U256)]) -> Res<U256> {
        let staker = self.addr(who);
        let vaults = entries.iter().map(|(a, _)| self.vault(*a)).collect();
        let shares = entries.iter().map(|(_, s)| *s).collect();
        self.act(|| {
            self.reg
                .sender(staker)
                .queue_withdrawal(vaults, shares)
                .motsu_res()
                .map_err(Into::into)
        })
    }

    pub(crate) fn complete_withdrawal(&mut self, who: Who, id: U256, as_tokens: bool) -> Res<()> {
        let staker = self.addr(who);
        self.act(|| {
            self.reg
                .sender(staker)
                .complete_withdrawal(id, as_tokens)
                .motsu_res()
                .map_err(Into::into)
        })
    }
}
