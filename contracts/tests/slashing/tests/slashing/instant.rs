//! Instant slashing: end to end with exact withdrawable amounts,
//! redistribution, other sets untouched, unauthorized slashers, argument
//! errors, who is slashable, a refusing registry.

use super::*;

/// AVS registers, creates a set, admits an operator that allocates half of
/// both vaults; the slasher takes 10%: the stakers' withdrawable shares, the
/// operator's stake, the vault's shares and the burned tokens are exact.
#[motsu::test]
fn instant_slash_end_to_end_with_exact_withdrawable_amounts() {
    let e = Env::new();
    e.join_and_allocate(SET, pct(50));
    let v = e.vault.address();
    let stake = e
        .ok(
            e.op,
            I::slashableStakeCall {
                operator: e.op,
                avs: e.avs,
                setId: SET,
                vault: v,
                at: 0,
            },
        )
        ._0;
    assert_eq!(stake, e18(50));

    let id = e.slash(SET, e.vaults(), pct(10)).unwrap();
    assert_eq!(id, U256::from(1));
    // ⌈0.5 · 0.1⌉ = 0.05 of the magnitude leaves each vault.
    for (vault, lst) in [(&e.vault, &e.lst), (&e.vault2, &e.lst2)] {
        let va = vault.address();
        e.m.assert_emitted(&AllocationSlashed {
            slash_id: id,
            operator: e.op,
            vault: va,
            magnitude: pct(5),
            allocation: pct(45),
            shares: e18(5),
            recipient: Address::ZERO,
            pending: e18(5),
        });
        e.reg.assert_emitted(&MockOperatorSlashed {
            operator: e.op,
            vault: va,
            magnitude: pct(5),
            shares: e18(5),
        });
        assert_eq!(e.max_magnitude(va), pct(95));
        assert_eq!(
            e.withdrawable(va),
            e18(95),
            "the staker keeps exactly 95 of 100"
        );
        assert_eq!(e.stake(va), e18(95));
        // The slash called no vault: the 5 shares wait, unowned, in its
        // supply (its price is unchanged) until anyone releases them.
        assert_eq!(e.slashed_shares(va, Address::ZERO), e18(5));
        assert_eq!(vault.sender(e.staker).total_shares(), e18(100));
        assert_eq!(lst.sender(e.staker).balance_of(BURN_ADDRESS), U256::ZERO);
        assert_eq!(e.release(va, Address::ZERO), Ok((e18(5), e18(5))));
        e.m.assert_emitted(&SlashedSharesReleased {
            vault: va,
            recipient: Address::ZERO,
            caller: e.staker,
            shares: e18(5),
            assets: e18(5),
        });
        vault.assert_emitted(&SlashedSharesBurned {
            recipient: BURN_ADDRESS,
            shares: e18(5),
            assets: e18(5),
        });
        assert_eq!(vault.sender(e.staker).total_shares(), e18(95));
        assert_eq!(lst.sender(e.staker).balance_of(BURN_ADDRESS), e18(5));
        assert_eq!(e.slashed_shares(va, Address::ZERO), U256::ZERO);
        assert_eq!(e.allocation(SET, va), (pct(45), pct(45), 0));
        assert_eq!(e.encumbered(va), pct(45));
        // Released once: a second release finds nothing and changes nothing.
        assert_eq!(
            e.release(va, Address::ZERO),
            Err(enc(SlashingNothingToRelease {
                vault: va,
                recipient: Address::ZERO,
            }))
        );
        assert_eq!(vault.sender(e.staker).total_shares(), e18(95));
    }
    e.m.assert_emitted(&OperatorSlashed {
        slash_id: id,
        operator: e.op,
        avs: e.avs,
        set_id: SET,
        requested_wad: pct(10),
        applied_wad: pct(10),
        description: "double vote".into(),
    });
    assert_eq!(e.ok(e.op, I::configCall {}).lastSlashId, 1);
    assert_eq!(e.cap_used(SET), pct(10));
}

#[motsu::test]
fn redistributing_sets_send_slashed_assets_to_their_recipient() {
    let e = Env::new();
    e.ok(
        e.avs,
        I::createOperatorSetCall {
            setId: 5,
            vaults: vec![e.vault.address()],
            slasher: e.slasher,
            recipient: e.recipient,
            resolver: Address::ZERO,
            vetoWindow: 0,
            capWad: WAD,
            capPeriod: DAY,
            equivocationPenalty: 0,
            evidenceVerifier: Address::ZERO,
        },
    );
    e.join(5);
    e.allocate(5, e.vault.address(), WAD);
    e.warp(u64::from(ALLOC_DELAY));
    e.slash(5, vec![e.vault.address()], pct(25)).unwrap();
    assert_eq!(e.withdrawable(e.vault.address()), e18(75));
    assert_eq!(e.lst.sender(e.staker).balance_of(e.recipient), U256::ZERO);
    assert_eq!(e.slashed_shares(e.vault.address(), e.recipient), e18(25));
    // Nothing waits for the burn: the set redistributes.
    assert_eq!(
        e.slashed_shares(e.vault.address(), Address::ZERO),
        U256::ZERO
    );
    assert_eq!(
        e.release(e.vault.address(), e.recipient),
        Ok((e18(25), e18(25)))
    );
    assert_eq!(e.lst.sender(e.staker).balance_of(e.recipient), e18(25));
    e.vault.assert_emitted(&SlashedSharesBurned {
        recipient: e.recipient,
        shares: e18(25),
        assets: e18(25),
    });
}

#[motsu::test]
fn a_slash_never_touches_stake_allocated_to_another_set() {
    let e = Env::new();
    let v = e.vault.address();
    e.join(SET);
    e.join(VETO_SET);
    e.allocate(SET, v, pct(30));
    e.allocate(VETO_SET, v, pct(70));
    e.warp(u64::from(ALLOC_DELAY));
    e.slash(SET, vec![v], WAD).unwrap();
    assert_eq!(e.allocation(SET, v), (0, 0, 0));
    assert_eq!(
        e.allocation(VETO_SET, v),
        (pct(70), pct(70), 0),
        "the other set's stake is untouched"
    );
    assert_eq!(e.max_magnitude(v), pct(70));
    assert_eq!(e.withdrawable(v), e18(70));
    // The second vault, not named in the slash, is untouched too.
    assert_eq!(e.withdrawable(e.vault2.address()), e18(100));
}

#[motsu::test]
fn unauthorized_slashers_cannot_slash() {
    let e = Env::new();
    e.join_and_allocate(SET, pct(50));
    for who in [e.op, e.avs, e.resolver, Address::random()] {
        let err = e
            .call(
                who,
                I::slashCall {
                    operator: e.op,
                    avs: e.avs,
                    setId: SET,
                    vaults: e.vaults(),
                    wadFraction: 1,
                    description: "".into(),
                },
            )
            .unwrap_err();
        assert_eq!(err, enc(SlashingUnauthorized { caller: who }));
    }
    assert_eq!(e.withdrawable(e.vault.address()), e18(100));
}

#[motsu::test]
fn slash_argument_errors() {
    let e = Env::new();
    e.join_and_allocate(SET, pct(50));
    let (a, b) = (e.vaults()[0], e.vaults()[1]);
    assert_eq!(
        e.slash(SET, e.vaults(), 0).unwrap_err(),
        enc(SlashingInvalidFraction { fraction: 0 })
    );
    assert_eq!(
        e.slash(SET, e.vaults(), WAD + 1).unwrap_err(),
        enc(SlashingInvalidFraction { fraction: WAD + 1 })
    );
    assert_eq!(
        e.slash(SET, vec![], 1).unwrap_err(),
        enc(SlashingVaultsUnsorted {
            vault: Address::ZERO
        })
    );
    assert_eq!(
        e.slash(SET, vec![b, a], 1).unwrap_err(),
        enc(SlashingVaultsUnsorted { vault: a })
    );
    assert_eq!(
        e.slash(SET, vec![a, a], 1).unwrap_err(),
        enc(SlashingVaultsUnsorted { vault: a })
    );
    let stranger = Address::random();
    assert_eq!(
        e.slash(SET, vec![stranger], 1).unwrap_err(),
        enc(SlashingVaultNotInSet { vault: stranger })
    );
    assert_eq!(
        e.slash(VETO_SET, e.vaults(), 1).unwrap_err(),
        enc(SlashingWrongMode { vetoable: true })
    );
    assert_eq!(
        e.slash(33, e.vaults(), 1).unwrap_err(),
        enc(SlashingSetNotFound {
            avs: e.avs,
            set_id: 33
        })
    );
    assert_eq!(e.withdrawable(a), e18(100));
}

#[motsu::test]
fn operators_that_never_joined_or_left_long_ago_are_not_slashable() {
    let e = Env::new();
    // Allocated without joining.
    e.allocate(SET, e.vault.address(), pct(50));
    e.warp(u64::from(ALLOC_DELAY));
    assert_eq!(
        e.slash(SET, vec![e.vault.address()], pct(10)).unwrap_err(),
        enc(SlashingNotSlashable { operator: e.op })
    );
    // Joined, left: slashable for the deallocation delay, then not.
    e.join(SET);
    e.ok(
        e.op,
        I::leaveOperatorSetCall {
            avs: e.avs,
            setId: SET,
        },
    );
    e.warp(DEALLOCATION_DELAY - 1);
    e.slash(SET, vec![e.vault.address()], pct(10)).unwrap();
    e.warp(1);
    assert_eq!(
        e.slash(SET, vec![e.vault.address()], pct(10)).unwrap_err(),
        enc(SlashingNotSlashable { operator: e.op })
    );
}

#[motsu::test]
fn a_registry_that_refuses_the_slash_reverts_it() {
    let e = Env::new();
    e.join_and_allocate(SET, pct(50));
    // Rewire the mock so the manager is no longer allowed: its error passes through.
    e.reg.sender(e.deployer).set_manager(Address::random());
    let err = e.slash(SET, e.vaults(), pct(10)).unwrap_err();
    assert_eq!(
        err,
        enc(restake_slashing_tests::MockNotManager {
            caller: e.m.address()
        })
    );
    assert_eq!(
        e.allocation(SET, e.vault.address()),
        (pct(50), pct(50), 0),
        "nothing changed"
    );
}

/// Slashed shares wait, unowned, in the vault's supply: two slashes add up,
/// the vault's price is the same before and after each, and the release pays
/// what they are worth when it runs (a gain of the vault's in between is
/// theirs in proportion, as it is every holder's), exactly once.
#[motsu::test]
fn slashed_shares_add_up_until_anyone_releases_them_at_the_price_then() {
    let e = Env::new();
    e.join_and_allocate(SET, pct(50));
    let v = e.vault.address();
    e.slash(SET, vec![v], pct(10)).unwrap();
    // ⌈0.45 · 0.2⌉ = 0.09 of the magnitude: 9 more shares.
    e.slash(SET, vec![v], pct(20)).unwrap();
    let pending = e.slashed_shares(v, Address::ZERO);
    assert_eq!(pending, e18(14));
    let stake = e.stake(v);
    assert_eq!(stake, e18(100) - pending, "what left the stake waits");
    assert_eq!(e.vault.sender(e.staker).total_shares(), e18(100));
    assert_eq!(
        e.vault.sender(e.staker).total_assets().motsu_unwrap(),
        e18(100)
    );
    // A donation of 50 tokens: each share is now worth about 1.5 (the
    // vault's virtual offset keeps it a hair below), rounded down.
    e.lst.sender(e.deployer).mint(v, e18(50)).motsu_unwrap();
    let worth = e
        .vault
        .sender(e.staker)
        .convert_to_assets(pending)
        .motsu_unwrap();
    assert_eq!(worth, U256::from(20_999_999_999_999_999_930u128));
    let (shares, assets) = e.release(v, Address::ZERO).unwrap();
    assert_eq!((shares, assets), (pending, worth));
    assert_eq!(e.lst.sender(e.staker).balance_of(BURN_ADDRESS), worth);
    assert_eq!(e.vault.sender(e.staker).total_shares(), stake);
    assert_eq!(
        e.vault.sender(e.staker).total_assets().motsu_unwrap(),
        e18(150) - worth
    );
    // The staker's position is worth its share of the rest, to the wei.
    assert_eq!(e.withdrawable(v), stake);
    assert!(e.release(v, Address::ZERO).is_err());
}
