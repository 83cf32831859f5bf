//! Deploying and wiring the world: every contract at [`T0`], every actor
//! funded, operators, the AVS, its three sets and the signing keys registered.

use super::*;

impl World {
    /// Deploys and wires everything at [`T0`], funds every actor and
    /// registers operators, the AVS, its three sets and the signing keys.
    pub fn new() -> Self {
        let w = World {
            _precompiles: Box::new(motsu::prelude::deploy_precompiles()),
            reg: Contract::new(),
            mgr: Contract::new(),
            ev: Contract::new(),
            lst: Contract::new(),
            oracle: Contract::new(),
            vaults: [Contract::new(), Contract::new()],
            lrt: Contract::new(),
            pool: (0..ACCOUNT_POOL).map(|_| new_sub_account()).collect(),
            wallets: (0..WALLETS).map(|_| Contract::new()).collect(),
            operators: (0..OPERATORS).map(|_| Contract::new()).collect(),
            recipient: Contract::new(),
            _burn: Contract::new_at(BURN_ADDRESS),
            owner: Address::random(),
            avs: Address::random(),
            resolver: Address::random(),
            approver: key("approver"),
            signing: (0..OPERATORS)
                .map(|i| key(&format!("signing key {i}")))
                .collect(),
            created: Cell::new(0),
            now: T0,
            events: Cell::new(0),
            salt: Cell::new(0),
        };
        w.wire();
        w
    }

    fn wire(&self) {
        let o = self.owner;
        self.reg
            .sender(o)
            .constructor(o, WITHDRAWAL_DELAY, Address::ZERO)
            .motsu_unwrap();
        self.reg.sender(o).set_test_timestamp(T0);
        self.mgr
            .sender(o)
            .constructor(self.reg.address(), DEALLOCATION_DELAY, Address::ZERO)
            .motsu_unwrap();
        self.mgr.sender(o).set_test_timestamp(T0);
        self.reg
            .sender(o)
            .set_slashing_manager(self.mgr.address())
            .motsu_unwrap();
        self.ev
            .sender(o)
            .constructor(self.mgr.address())
            .motsu_unwrap();
        self.lst.sender(o).constructor(o).motsu_unwrap();
        self.oracle.sender(o).constructor(o).motsu_unwrap();
        for (v, asset) in self.vaults.iter().zip([NATIVE_ETH, self.lst.address()]) {
            v.sender(o)
                .constructor(
                    asset,
                    o,
                    o,
                    self.reg.address(),
                    self.mgr.address(),
                    e18(CAP),
                )
                .motsu_unwrap();
            self.reg.sender(o).add_vault(v.address()).motsu_unwrap();
        }
        self.lrt
            .sender(o)
            .constructor(o, o, self.reg.address(), Address::ZERO, Address::ZERO)
            .motsu_unwrap();
        self.lrt.sender(o).set_test_timestamp(T0);
        self.lrt
            .sender(o)
            .add_asset(
                NATIVE_ETH,
                self.vaults[0].address(),
                e18(CAP),
                Address::ZERO,
            )
            .motsu_unwrap();
        self.lrt
            .sender(o)
            .add_asset(
                self.lst.address(),
                self.vaults[1].address(),
                e18(CAP),
                self.lst.address(),
            )
            .motsu_unwrap();
        self.lrt
            .sender(o)
            .set_parameters(
                U256::from(CONCENTRATION_BPS),
                U256::from(model::BUFFER_BPS),
                U256::from(INSTANT_FEE_BPS),
                e18(INSTANT_LIMIT),
                INSTANT_PERIOD,
            )
            .motsu_unwrap();
        self.lrt
            .sender(o)
            .set_redeem_delay(REDEEM_DELAY)
            .motsu_unwrap();
        // Funding: ETH and LST to every wallet and operator (10× to the
        // owner, who donates), approvals for the vault and the Lrt.
        let mut funded: Vec<(Address, u64)> = self
            .wallets
            .iter()
            .chain(&self.operators)
            .map(|c| (c.address(), FUNDING))
            .collect();
        funded.push((o, 10 * FUNDING));
        for (a, n) in funded {
            a.fund(e18(n));
            self.lst.sender(o).mint(a, e18(n)).motsu_unwrap();
            self.lst
                .sender(a)
                .approve(self.vaults[1].address(), U256::MAX)
                .motsu_unwrap();
            self.lst
                .sender(a)
                .approve(self.lrt.address(), U256::MAX)
                .motsu_unwrap();
        }
        for (i, op) in self.operators.iter().enumerate() {
            let approver = if i as u8 == APPROVED_OPERATOR {
                self.approver.address()
            } else {
                Address::ZERO
            };
            self.reg
                .sender(op.address())
                .register_as_operator(approver, 0, "op")
                .motsu_unwrap();
        }
        self.mgr_call(
            self.avs,
            I::registerAvsCall {
                metadataUri: "avs".into(),
                registrar: Address::ZERO,
            },
        )
        .expect("register AVS");
        let mut vaults = vec![self.vaults[0].address(), self.vaults[1].address()];
        vaults.sort();
        for set in SetKind::ALL {
            let p = set.params();
            self.mgr_call(
                self.avs,
                I::createOperatorSetCall {
                    setId: p.id,
                    vaults: vaults.clone(),
                    slasher: if p.avs_slashes {
                        self.avs
                    } else {
                        Address::ZERO
                    },
                    recipient: if p.redistributes {
                        self.recipient.address()
                    } else {
                        Address::ZERO
                    },
                    resolver: if p.veto_window > 0 {
                        self.resolver
                    } else {
                        Address::ZERO
                    },
                    vetoWindow: p.veto_window,
                    capWad: p.cap_wad,
                    capPeriod: p.cap_period,
                    equivocationPenalty: p.penalty,
                    evidenceVerifier: if p.penalty > 0 {
                        self.ev.address()
                    } else {
                        Address::ZERO
                    },
                },
            )
            .expect("create set");
        }
        let evidence = SetKind::Evidence.params().id;
        for (op, k) in self.operators.iter().zip(&self.signing) {
            self.ev
                .sender(op.address())
                .register_signing_key(self.avs, evidence, k.address())
                .motsu_unwrap();
        }
    }
}

impl Default for World {
    fn default() -> Self {
        Self::new()
    }
}
