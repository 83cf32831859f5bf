//! The AVS and slashing actions of `restake_fuzz_model::Protocol`: joining
//! and leaving sets, allocations, instant and vetoable slashes, evidence, the
//! redistributed assets' claim (called by `protocol_impl`).

use super::*;

impl World {
    pub(crate) fn join(&mut self, op: u8, set: SetKind) -> Res<()> {
        let (from, avs) = (self.op(op), self.avs);
        self.act(|| {
            self.mgr_call(
                from,
                I::joinOperatorSetCall {
                    avs,
                    setId: Self::set_id(set),
                },
            )
            .map(|_| ())
        })
    }

    pub(crate) fn leave(&mut self, op: u8, set: SetKind) -> Res<()> {
        let (from, avs) = (self.op(op), self.avs);
        self.act(|| {
            self.mgr_call(
                from,
                I::leaveOperatorSetCall {
                    avs,
                    setId: Self::set_id(set),
                },
            )
            .map(|_| ())
        })
    }

    pub(crate) fn allocate(
        &mut self,
        op: u8,
        set: SetKind,
        asset: Asset,
        magnitude: u64,
    ) -> Res<()> {
        let (from, avs, vault) = (self.op(op), self.avs, self.vault(asset));
        self.act(|| {
            self.mgr_call(
                from,
                I::modifyAllocationCall {
                    avs,
                    setId: Self::set_id(set),
                    vault,
                    magnitude,
                },
            )
            .map(|_| ())
        })
    }

    pub(crate) fn slash(&mut self, op: u8, set: SetKind, assets: &[Asset], wad: u64) -> Res<U256> {
        let (operator, avs, vaults) = (self.op(op), self.avs, self.sorted_vaults(assets));
        self.act(|| {
            self.mgr_call(
                avs,
                I::slashCall {
                    operator,
                    avs,
                    setId: Self::set_id(set),
                    vaults,
                    wadFraction: wad,
                    description: "fuzz".into(),
                },
            )
            .map(|r| r.slashId)
        })
    }

    pub(crate) fn request_slash(&mut self, op: u8, assets: &[Asset], wad: u64) -> Res<U256> {
        let (operator, avs, vaults) = (self.op(op), self.avs, self.sorted_vaults(assets));
        self.act(|| {
            self.mgr_call(
                avs,
                I::requestSlashCall {
                    operator,
                    avs,
                    setId: Self::set_id(SetKind::Veto),
                    vaults,
                    wadFraction: wad,
                    description: "fuzz".into(),
                },
            )
            .map(|r| r.slashId)
        })
    }

    pub(crate) fn veto_slash(&mut self, id: U256) -> Res<()> {
        let r = self.resolver;
        self.act(|| {
            self.mgr_call(r, I::vetoSlashCall { slashId: id })
                .map(|_| ())
        })
    }

    pub(crate) fn execute_slash(&mut self, id: U256) -> Res<()> {
        let o = self.owner;
        self.act(|| {
            self.mgr_call(o, I::executeSlashCall { slashId: id })
                .map(|_| ())
        })
    }

    pub(crate) fn submit_evidence(&mut self, op: u8, height: u64) -> Res<U256> {
        let set = Self::set_id(SetKind::Evidence);
        let key = &self.signing[usize::from(op)];
        let pa = keccak256(format!("A {height}").as_bytes());
        let pb = keccak256(format!("B {height}").as_bytes());
        let sign = |p: B256| {
            let d = self
                .ev
                .sender(self.owner)
                .attestation_digest(self.avs, set, height, p);
            Bytes(key.sign_hash_sync(&d).expect("sign").as_bytes().to_vec())
        };
        let (sa, sb) = (sign(pa), sign(pb));
        let (operator, avs, o) = (self.op(op), self.avs, self.owner);
        self.act(|| {
            self.ev
                .sender(o)
                .submit_equivocation(operator, avs, set, height, pa, sa, pb, sb)
                .motsu_res()
                .map_err(Into::into)
        })
    }

    pub(crate) fn release_slashed(
        &mut self,
        asset: Asset,
        to_recipient: bool,
    ) -> Res<(U256, U256)> {
        let vault = self.vault(asset);
        let recipient = if to_recipient {
            self.recipient.address()
        } else {
            Address::ZERO
        };
        let o = self.owner;
        self.act(|| {
            self.mgr_call(o, I::releaseSlashedCall { vault, recipient })
                .map(|r| (r.shares, r.assets))
        })
    }

    pub(crate) fn claim_slashed(&mut self) -> Res<U256> {
        let r = self.recipient.address();
        self.act(|| {
            self.vaults[0]
                .sender(r)
                .claim_slashed(r)
                .motsu_res()
                .map_err(Into::into)
        })
    }
}
