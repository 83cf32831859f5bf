//! AVS registration and metadata.

use super::*;

#[motsu::test]
fn register_avs_emits_and_records_the_registrar() {
    let e = Env::bare();
    e.m.assert_emitted(&AvsRegistered {
        avs: e.avs,
        registrar: e.registrar.address(),
    });
    e.m.assert_emitted(&AvsMetadataUpdated {
        avs: e.avs,
        metadata_uri: "ipfs://avs".into(),
    });
    let info = e.ok(e.op, I::avsInfoCall { avs: e.avs });
    assert_eq!(
        (info.registered, info.registrar),
        (true, e.registrar.address())
    );
    let info = e.ok(e.op, I::avsInfoCall { avs: e.op });
    assert_eq!((info.registered, info.registrar), (false, Address::ZERO));
}

#[motsu::test]
fn register_avs_twice_reverts() {
    let e = Env::bare();
    let err = e.err(
        e.avs,
        I::registerAvsCall {
            metadataUri: "x".into(),
            registrar: Address::ZERO,
        },
    );
    assert_eq!(err, enc(SlashingAvsAlreadyRegistered { avs: e.avs }));
}

#[motsu::test]
fn update_avs_metadata_emits_a_long_uri_and_rejects_strangers() {
    let e = Env::bare();
    let uri = "https://example.invalid/".to_string() + &"a".repeat(70);
    e.ok(
        e.avs,
        I::updateAvsMetadataCall {
            metadataUri: uri.clone(),
        },
    );
    e.m.assert_emitted(&AvsMetadataUpdated {
        avs: e.avs,
        metadata_uri: uri,
    });
    let err = e.err(
        e.op,
        I::updateAvsMetadataCall {
            metadataUri: "x".into(),
        },
    );
    assert_eq!(err, enc(SlashingAvsNotRegistered { avs: e.op }));
}
