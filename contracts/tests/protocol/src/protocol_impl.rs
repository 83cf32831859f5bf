//! `restake_fuzz_model::Protocol` over the [`World`]: the views here, each
//! action forwarded to the inherent method of the same name (`registry`,
//! `slashing` and `lrt`; an inherent method is what `World::name` resolves
//! to).

use super::*;

impl model::Protocol for World {
    fn now(&self) -> u64 {
        self.now
    }

    fn warp(&mut self, to: u64) {
        assert!(to >= self.now, "time only moves forward");
        self.now = to;
        self.reg.sender(self.owner).set_test_timestamp(to);
        self.mgr.sender(self.owner).set_test_timestamp(to);
        self.lrt.sender(self.owner).set_test_timestamp(to);
    }

    fn last_events(&self) -> usize {
        self.events.get()
    }

    fn vault_deposit(&mut self, who: Who, asset: Asset, amount: U256, receiver: Who) -> Res<U256> {
        World::vault_deposit(self, who, asset, amount, receiver)
    }

    fn delegate(&mut self, who: Who, op: u8) -> Res<()> {
        World::delegate(self, who, op)
    }

    fn undelegate(&mut self, caller: Who, staker: Who) -> Res<U256> {
        World::undelegate(self, caller, staker)
    }

    fn redelegate(&mut self, who: Who, op: u8) -> Res<U256> {
        World::redelegate(self, who, op)
    }

    fn queue_withdrawal(&mut self, who: Who, entries: &[(Asset, U256)]) -> Res<U256> {
        World::queue_withdrawal(self, who, entries)
    }

    fn complete_withdrawal(&mut self, who: Who, id: U256, as_tokens: bool) -> Res<()> {
        World::complete_withdrawal(self, who, id, as_tokens)
    }

    fn join(&mut self, op: u8, set: SetKind) -> Res<()> {
        World::join(self, op, set)
    }

    fn leave(&mut self, op: u8, set: SetKind) -> Res<()> {
        World::leave(self, op, set)
    }

    fn allocate(&mut self, op: u8, set: SetKind, asset: Asset, magnitude: u64) -> Res<()> {
        World::allocate(self, op, set, asset, magnitude)
    }

    fn slash(&mut self, op: u8, set: SetKind, assets: &[Asset], wad: u64) -> Res<U256> {
        World::slash(self, op, set, assets, wad)
    }

    fn request_slash(&mut self, op: u8, assets: &[Asset], wad: u64) -> Res<U256> {
        World::request_slash(self, op, assets, wad)
    }

    fn veto_slash(&mut self, id: U256) -> Res<()> {
        World::veto_slash(self, id)
    }

    fn execute_slash(&mut self, id: U256) -> Res<()> {
        World::execute_slash(self, id)
    }

    fn submit_evidence(&mut self, op: u8, height: u64) -> Res<U256> {
        World::submit_evidence(self, op, height)
    }

    fn claim_slashed(&mut self) -> Res<U256> {
        World::claim_slashed(self)
    }

    fn release_slashed(&mut self, asset: Asset, to_recipient: bool) -> Res<(U256, U256)> {
        World::release_slashed(self, asset, to_recipient)
    }

    fn lrt_deposit(&mut self, who: Who, asset: Asset, amount: U256) -> Res<U256> {
        World::lrt_deposit(self, who, asset, amount)
    }

    fn lrt_request(&mut self, who: Who, shares: U256, asset: Asset) -> Res<U256> {
        World::lrt_request(self, who, shares, asset)
    }

    fn lrt_finalize(&mut self, id: U256) -> Res<U256> {
        World::lrt_finalize(self, id)
    }

    fn lrt_cancel(&mut self, who: Who, id: U256) -> Res<U256> {
        World::lrt_cancel(self, who, id)
    }

    fn lrt_claim(&mut self, who: Who, id: U256) -> Res<U256> {
        World::lrt_claim(self, who, id)
    }

    fn lrt_instant(&mut self, who: Who, shares: U256, asset: Asset) -> Res<U256> {
        World::lrt_instant(self, who, shares, asset)
    }

    fn lrt_checkpoint(&mut self, who: Who) -> Res<()> {
        World::lrt_checkpoint(self, who)
    }

    fn lrt_transfer(&mut self, from: Who, to: Who, shares: U256) -> Res<()> {
        World::lrt_transfer(self, from, to, shares)
    }

    fn add_operator(&mut self, op: u8) -> Res<u8> {
        World::add_operator(self, op)
    }

    fn restake(&mut self, op: u8, asset: Asset, amount: U256) -> Res<U256> {
        World::restake(self, op, asset, amount)
    }

    fn unstake(&mut self, op: u8, asset: Asset, shares: U256) -> Res<U256> {
        World::unstake(self, op, asset, shares)
    }

    fn complete_unstake(&mut self, op: u8, id: U256) -> Res<U256> {
        World::complete_unstake(self, op, id)
    }

    fn adopt(&mut self, account: u8, id: U256) -> Res<()> {
        World::adopt(self, account, id)
    }

    fn redelegate_operator(&mut self, op: u8) -> Res<()> {
        World::redelegate_operator(self, op)
    }

    fn remove_operator(&mut self, op: u8) -> Res<()> {
        World::remove_operator(self, op)
    }

    fn set_lst_rate(&mut self, rate: U256) -> Res<()> {
        World::set_lst_rate(self, rate)
    }

    fn set_oracle_rate(&mut self, rate: U256) -> Res<()> {
        World::set_oracle_rate(self, rate)
    }

    fn set_rate_source(&mut self, oracle: bool) -> Res<()> {
        World::set_rate_source(self, oracle)
    }

    fn donate(&mut self, to: Who, asset: Asset, amount: U256) -> Res<()> {
        World::donate(self, to, asset, amount)
    }

    #[allow(deprecated)] // motsu's own `Balance` reads it this way
    fn eth_balance(&self, who: Who) -> U256 {
        stylus_sdk::prelude::AddressVM::balance(&self.addr(who))
    }

    fn lst_balance(&self, who: Who) -> U256 {
        self.lst.sender(self.owner).balance_of(self.addr(who))
    }

    fn vault_totals(&self, asset: Asset) -> (U256, U256) {
        let v = self.vaults[asset.index()].sender(self.owner);
        (v.total_shares(), v.total_assets().motsu_unwrap())
    }

    fn deposit_shares(&self, asset: Asset, staker: Who) -> U256 {
        self.vaults[asset.index()]
            .sender(self.owner)
            .deposit_shares(self.addr(staker))
    }

    fn registry_deposit_shares(&self, asset: Asset, staker: Who) -> U256 {
        self.reg
            .sender(self.owner)
            .deposit_shares(self.addr(staker), self.vaults[asset.index()].address())
    }

    fn slashed_pending(&self, asset: Asset, to_recipient: bool) -> U256 {
        let recipient = if to_recipient {
            self.recipient.address()
        } else {
            Address::ZERO
        };
        self.mgr
            .sender(self.owner)
            .slashed_shares(self.vault(asset), recipient)
    }

    fn slashed_credit(&self) -> U256 {
        self.vaults[0]
            .sender(self.owner)
            .slashed_claim(self.recipient.address())
    }

    fn delegated_to(&self, staker: Who) -> Option<u8> {
        let op = self.reg.sender(self.owner).delegated_to(self.addr(staker));
        (0..OPERATORS).find(|o| self.op(*o) == op).or_else(|| {
            assert!(op.is_zero(), "delegated to a stranger {op}");
            None
        })
    }

    fn withdrawable(&self, staker: Who, asset: Asset) -> U256 {
        self.reg
            .sender(self.owner)
            .withdrawable_shares(self.addr(staker), self.vault(asset))
            .motsu_unwrap()
    }

    fn scaling_factor(&self, staker: Who, asset: Asset) -> U256 {
        self.reg
            .sender(self.owner)
            .deposit_scaling_factor(self.addr(staker), self.vault(asset))
    }

    fn operator_stake(&self, op: u8, asset: Asset) -> U256 {
        self.reg
            .sender(self.owner)
            .operator_stake(self.op(op), self.vault(asset))
    }

    fn max_magnitude(&self, op: u8, asset: Asset) -> u64 {
        self.reg
            .sender(self.owner)
            .max_magnitude(self.op(op), self.vault(asset))
    }

    fn slashable_queued(&self, op: u8, asset: Asset) -> U256 {
        self.reg
            .sender(self.owner)
            .slashable_queued_shares(self.op(op), self.vault(asset))
            .motsu_unwrap()
    }

    fn allocation_delay(&self, op: u8) -> u64 {
        u64::from(self.reg.sender(self.owner).allocation_delay(self.op(op)))
    }

    fn withdrawal_count(&self) -> u64 {
        self.reg
            .sender(self.owner)
            .withdrawal_count()
            .saturating_to()
    }

    fn withdrawal(&self, id: u64) -> WithdrawalInfo {
        let reg = self.reg.sender(self.owner);
        let (staker, operator, claimable_at, completed, n) =
            reg.withdrawal(U256::from(id)).motsu_unwrap();
        drop(reg);
        let entries = (0..n)
            .map(|j| {
                let (v, scaled) = self
                    .reg
                    .sender(self.owner)
                    .withdrawal_entry(U256::from(id), j);
                (self.asset_of(v), scaled)
            })
            .collect();
        WithdrawalInfo {
            staker: self.who(staker),
            operator: (0..OPERATORS).find(|o| self.op(*o) == operator),
            claimable_at,
            completed,
            entries,
        }
    }

    fn pending_shares(&self, id: u64, asset: Asset) -> U256 {
        self.reg
            .sender(self.owner)
            .pending_redeem_request(U256::from(id), self.vault(asset))
            .motsu_unwrap()
    }

    fn claimable_shares(&self, id: u64, asset: Asset) -> U256 {
        self.reg
            .sender(self.owner)
            .claimable_redeem_request(U256::from(id), self.vault(asset))
            .motsu_unwrap()
    }

    fn allocation(&self, op: u8, set: SetKind, asset: Asset) -> (u64, u64, u64) {
        self.mgr
            .sender(self.owner)
            .allocation(self.op(op), self.avs, Self::set_id(set), self.vault(asset))
            .motsu_unwrap()
    }

    fn encumbered(&self, op: u8, asset: Asset) -> u64 {
        self.mgr
            .sender(self.owner)
            .encumbered_magnitude(self.op(op), self.vault(asset))
    }

    fn cap_used(&self, op: u8, set: SetKind) -> u64 {
        self.mgr
            .sender(self.owner)
            .cap_used(self.op(op), self.avs, Self::set_id(set))
    }

    fn slashable_until(&self, op: u8, set: SetKind) -> u64 {
        self.mgr
            .sender(self.owner)
            .slashable_until(self.op(op), self.avs, Self::set_id(set))
    }

    fn slash_request(&self, id: U256) -> (u8, u64) {
        let (_, _, _, _, at, status, _) = self.mgr.sender(self.owner).slash_request(id);
        (status, at)
    }

    fn last_slash_id(&self) -> u64 {
        self.mgr.sender(self.owner).last_slash_id()
    }

    fn slash_epoch(&self) -> u64 {
        u64::from(self.reg.sender(self.owner).slash_epoch())
    }

    fn evidence_used(&self, op: u8, height: u64) -> bool {
        self.ev.sender(self.owner).evidence_used(
            self.op(op),
            self.avs,
            Self::set_id(SetKind::Evidence),
            height,
        )
    }

    fn books(&self) -> (U256, U256, U256, U256) {
        self.lrt.sender(self.owner).books().motsu_unwrap()
    }

    fn lrt_total_supply(&self) -> U256 {
        self.lrt.sender(self.owner).total_supply()
    }

    fn lrt_balance(&self, who: Who) -> U256 {
        self.lrt.sender(self.owner).balance_of(self.addr(who))
    }

    fn lrt_rate(&self) -> U256 {
        self.lrt.sender(self.owner).rate().motsu_unwrap()
    }

    fn lrt_asset(&self, asset: Asset) -> (U256, U256) {
        let (_, _, _, _, reserved, pending, _) = self
            .lrt
            .sender(self.owner)
            .asset_at(U256::from(asset.index()));
        (reserved, pending)
    }

    fn asset_rate(&self, asset: Asset) -> U256 {
        self.lrt
            .sender(self.owner)
            .asset_rate(self.token(asset))
            .motsu_unwrap()
    }

    fn lrt_operators(&self) -> Vec<(u8, u8)> {
        self.lrt_operators_raw()
            .into_iter()
            .map(|(o, a)| {
                let op = (0..OPERATORS)
                    .find(|i| self.op(*i) == o)
                    .expect("known operator");
                let k = (0..self.pool.len())
                    .find(|k| self.pool[*k].address() == a)
                    .expect("pool account");
                (op, k as u8)
            })
            .collect()
    }

    fn lrt_request_count(&self) -> u64 {
        // Request ids are 1, 2, …; the first id without an owner ends them.
        (1..)
            .find(|id| {
                self.lrt
                    .sender(self.owner)
                    .request(U256::from(*id))
                    .0
                    .is_zero()
            })
            .expect("ids")
            - 1
    }

    fn lrt_request_info(&self, id: u64) -> RequestInfo {
        let (owner, asset, status, shares, max_value, assets) =
            self.lrt.sender(self.owner).request(U256::from(id));
        RequestInfo {
            owner: self.who(owner),
            asset: if asset == NATIVE_ETH {
                Asset::Eth
            } else {
                Asset::Lst
            },
            status,
            shares,
            max_value,
            assets,
        }
    }

    fn lrt_request_time(&self, id: u64) -> (u64, u64) {
        self.lrt
            .sender(self.owner)
            .request_time(U256::from(id))
            .motsu_unwrap()
    }

    fn account_open_withdrawals(&self, account: u8) -> u64 {
        self.pool[usize::from(account)]
            .sender(self.owner)
            .open_withdrawals()
            .saturating_to()
    }

    fn account_snapshot(&self, account: u8) -> Vec<(Asset, U256)> {
        let acc = &self.pool[usize::from(account)];
        (0..4u64)
            .map(|i| acc.sender(self.owner).snapshot_at(U256::from(i)))
            .take_while(|(v, _)| !v.is_zero())
            .map(|(v, s)| (self.asset_of(v), s))
            .collect()
    }

    fn account_values(&self, account: u8) -> [U256; 2] {
        let v = self.pool[usize::from(account)]
            .sender(self.owner)
            .values(vec![self.vault(Asset::Eth), self.vault(Asset::Lst)])
            .motsu_unwrap();
        [v[0], v[1]]
    }

    fn account_operator(&self, account: u8) -> Option<u8> {
        let op = self.pool[usize::from(account)]
            .sender(self.owner)
            .operator();
        (0..OPERATORS).find(|o| self.op(*o) == op)
    }

    fn lst_rate(&self) -> U256 {
        self.lst.sender(self.owner).get_rate()
    }

    fn oracle_rate(&self) -> U256 {
        self.oracle.sender(self.owner).get_rate()
    }

    fn rate_source_is_oracle(&self) -> bool {
        let (_, _, _, _, _, _, source) = self.lrt.sender(self.owner).asset_at(U256::from(1));
        source == self.oracle.address()
    }
}
