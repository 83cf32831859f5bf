//! M-1 on the devnet, with the real wasm: with a 10% instant fee and a limit
//! of 1 ETH a day, an instant exit of 5 ETH is refused; the queued path
//! (request → finalize → claim) cannot be used as a free instant exit in one
//! block either: finalization waits out the redeem delay (the registry's 14
//! days), during which the request keeps bearing slashes.

use alloy::primitives::U256;
use restake_e2e::bindings::ILrt;
use restake_e2e::{e18, revert_as, send, Harness, ETH};

#[tokio::test(flavor = "current_thread")]
async fn request_finalize_claim_in_one_block_is_refused_until_the_redeem_delay() {
    let h = Harness::start(Default::default()).await;
    let (w_p, w) = h.actor(1);
    let s = h.suite;
    let owner = ILrt::new(s.lrt, &h.owner);
    let lrt = ILrt::new(s.lrt, &w_p);
    send!(owner.setParameters(
        U256::from(10_000),
        U256::ZERO,
        U256::from(1_000),
        e18(1),
        86_400
    ));
    send!(lrt.deposit(U256::ZERO).value(e18(10)));
    let delay = owner.redeemDelay().call().await.unwrap();
    assert_eq!(delay, 14 * 24 * 3600);

    // The instant exit is rate-limited: 5 ETH less 10% > 1 ETH a day.
    let err = lrt
        .instantRedeem(e18(5), ETH, U256::ZERO, w)
        .call()
        .await
        .unwrap_err();
    match revert_as::<ILrt::ILrtErrors>(err) {
        ILrt::ILrtErrors::LrtRateLimitExceeded(e) => {
            assert_eq!(
                (e.limit, e.used, e.requested),
                (e18(1), U256::ZERO, e18(45) / U256::from(10))
            );
        }
        other => panic!("unexpected {other:?}"),
    }
    // The attack: request, then finalize at once. Refused, typed.
    send!(lrt.requestRedeem(e18(5), ETH));
    let (requested_at, finalizable_at) = {
        let t = owner.requestTime(U256::from(1)).call().await.unwrap();
        (t.requestedAt, t.finalizableAt)
    };
    assert_eq!(finalizable_at, requested_at + delay);
    let err = lrt.finalizeRedeem(U256::from(1)).call().await.unwrap_err();
    match revert_as::<ILrt::ILrtErrors>(err) {
        ILrt::ILrtErrors::LrtRedeemDelayPending(e) => {
            assert_eq!(
                (e.requestId, e.finalizableAt),
                (U256::from(1), finalizable_at)
            );
            assert!(e.timestamp < finalizable_at);
        }
        other => panic!("unexpected {other:?}"),
    }
    let err = lrt.claimRedeem(U256::from(1), w).call().await.unwrap_err();
    match revert_as::<ILrt::ILrtErrors>(err) {
        ILrt::ILrtErrors::LrtRequestStatus(e) => {
            assert_eq!((e.requestId, e.status), (U256::from(1), 1))
        }
        other => panic!("unexpected {other:?}"),
    }
    // After the delay the request is finalized and paid its 5 ETH.
    h.advance(delay + 1).await;
    send!(ILrt::new(s.lrt, &h.owner).finalizeRedeem(U256::from(1)));
    assert_eq!(
        owner.request(U256::from(1)).call().await.unwrap().assets,
        e18(5)
    );
    send!(lrt.claimRedeem(U256::from(1), w));
    assert_eq!(owner.request(U256::from(1)).call().await.unwrap().status, 3);
}
