//! The hand-written dispatcher: routing, encodings, rejected calldata.

use super::*;

#[motsu::test]
#[allow(clippy::too_many_arguments)]
fn dispatcher_routes_encodes_and_rejects(
    lrt: Contract<Lrt>,
    lst: Contract<MockLst>,
    ev: Contract<Vault>,
    lv: Contract<Vault>,
    reg: Contract<MockRegistry>,
    owner: Address,
    manager: Address,
    alice: Address,
) {
    let env = fixture!(lrt, lst, ev, lv, reg, owner, manager);
    env.deposit_eth(alice, e18(2));
    let l = env.lrt;
    let name = l
        .sender(alice)
        .dispatch(&ILrt::nameCall {}.abi_encode())
        .motsu_unwrap();
    assert_eq!(
        ILrt::nameCall::abi_decode_returns(&name, true).unwrap()._0,
        NAME
    );
    let symbol = l
        .sender(alice)
        .dispatch(&ILrt::symbolCall {}.abi_encode())
        .motsu_unwrap();
    assert_eq!(
        ILrt::symbolCall::abi_decode_returns(&symbol, true)
            .unwrap()
            ._0,
        SYMBOL
    );
    let dec = l
        .sender(alice)
        .dispatch(&ILrt::decimalsCall {}.abi_encode())
        .motsu_unwrap();
    assert_eq!(
        ILrt::decimalsCall::abi_decode_returns(&dec, true)
            .unwrap()
            ._0,
        18
    );
    let bal = l
        .sender(alice)
        .dispatch(&ILrt::balanceOfCall { account: alice }.abi_encode())
        .motsu_unwrap();
    assert_eq!(
        ILrt::balanceOfCall::abi_decode_returns(&bal, true)
            .unwrap()
            ._0,
        e18(2)
    );
    let books = l
        .sender(alice)
        .dispatch(&ILrt::booksCall {}.abi_encode())
        .motsu_unwrap();
    let b = ILrt::booksCall::abi_decode_returns(&books, true).unwrap();
    assert_eq!((b.value, b.supply), (e18(2), e18(2)));
    let t = l
        .sender(alice)
        .dispatch(
            &ILrt::transferCall {
                to: owner,
                value: E18,
            }
            .abi_encode(),
        )
        .motsu_unwrap();
    assert!(ILrt::transferCall::abi_decode_returns(&t, true).unwrap()._0);
    // Unknown selector, short input, and a malformed address word.
    let bad =
        |e: Error, sel: [u8; 4]| matches!(e, Error::InvalidCalldata(e) if e.selector.0 == sel);
    assert!(bad(
        l.sender(alice).dispatch(&[1, 2, 3, 4]).motsu_unwrap_err(),
        [1, 2, 3, 4]
    ));
    assert!(bad(
        l.sender(alice).dispatch(&[1]).motsu_unwrap_err(),
        [0, 0, 0, 0]
    ));
    let mut data = ILrt::balanceOfCall { account: alice }.abi_encode();
    data[4] = 1;
    assert!(bad(
        l.sender(alice).dispatch(&data).motsu_unwrap_err(),
        ILrt::balanceOfCall::SELECTOR
    ));
    // ETH to a non-payable function.
    alice.fund(E18);
    let err = l
        .sender_and_value(alice, E18)
        .dispatch(&ILrt::totalSupplyCall {}.abi_encode())
        .motsu_unwrap_err();
    assert!(bad(err, ILrt::totalSupplyCall::SELECTOR));
    // The hand-written error encoding matches the sol! type.
    let data: Vec<u8> = Error::InvalidCalldata(LrtInvalidCalldata {
        selector: [9, 9, 9, 9].into(),
    })
    .into();
    assert_eq!(
        data,
        LrtInvalidCalldata {
            selector: [9, 9, 9, 9].into()
        }
        .abi_encode()
    );
    let data: Vec<u8> = Error::RateDecreased(LrtRateDecreased {
        value_before: U256::from(1),
        supply_before: U256::from(2),
        value_after: U256::from(3),
        supply_after: U256::from(4),
    })
    .into();
    assert_eq!(
        data,
        LrtRateDecreased {
            value_before: U256::from(1),
            supply_before: U256::from(2),
            value_after: U256::from(3),
            supply_after: U256::from(4)
        }
        .abi_encode()
    );
}
