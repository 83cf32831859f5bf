//! Error encodings: the compact encoders agree with the `sol!` types.

use super::*;

#[test]
fn error_encodings_match_the_abi() {
    let a = Address::repeat_byte(0xaa);
    let (x, y, z) = (U256::from(7), U256::from(8), U256::from(9));
    let cases: Vec<(Error, Vec<u8>)> = vec![
        (
            Error::ZeroAmount(VaultZeroAmount {}),
            VaultZeroAmount {}.abi_encode(),
        ),
        (
            Error::DepositCapExceeded(VaultDepositCapExceeded {
                cap: x,
                total_assets: y,
                requested: z,
            }),
            VaultDepositCapExceeded {
                cap: x,
                total_assets: y,
                requested: z,
            }
            .abi_encode(),
        ),
        (
            Error::ValueMismatch(VaultValueMismatch {
                expected: x,
                sent: y,
            }),
            VaultValueMismatch {
                expected: x,
                sent: y,
            }
            .abi_encode(),
        ),
        (
            Error::InsufficientAssetsReceived(VaultInsufficientAssetsReceived {
                expected: x,
                received: y,
            }),
            VaultInsufficientAssetsReceived {
                expected: x,
                received: y,
            }
            .abi_encode(),
        ),
        (
            Error::ZeroShares(VaultZeroShares { assets: x }),
            VaultZeroShares { assets: x }.abi_encode(),
        ),
        (
            Error::Unauthorized(VaultUnauthorized { caller: a }),
            VaultUnauthorized { caller: a }.abi_encode(),
        ),
        (
            Error::InsufficientDepositShares(VaultInsufficientDepositShares {
                staker: a,
                held: x,
                requested: y,
            }),
            VaultInsufficientDepositShares {
                staker: a,
                held: x,
                requested: y,
            }
            .abi_encode(),
        ),
        (
            Error::InsufficientShares(VaultInsufficientShares {
                total: x,
                requested: y,
            }),
            VaultInsufficientShares {
                total: x,
                requested: y,
            }
            .abi_encode(),
        ),
        (
            Error::EthTransferFailed(VaultEthTransferFailed {
                receiver: a,
                amount: x,
            }),
            VaultEthTransferFailed {
                receiver: a,
                amount: x,
            }
            .abi_encode(),
        ),
        (
            Error::ZeroAddress(VaultZeroAddress {}),
            VaultZeroAddress {}.abi_encode(),
        ),
        (
            Error::Math(VaultMathError { code: 3 }),
            VaultMathError { code: 3 }.abi_encode(),
        ),
        (
            Error::SharePriceDecreased(VaultSharePriceDecreased {
                assets_before: x,
                shares_before: y,
                assets_after: z,
                shares_after: x,
            }),
            VaultSharePriceDecreased {
                assets_before: x,
                shares_before: y,
                assets_after: z,
                shares_after: x,
            }
            .abi_encode(),
        ),
        (
            Error::AssetCallFailed(VaultAssetCallFailed { asset: a }),
            VaultAssetCallFailed { asset: a }.abi_encode(),
        ),
        (Error::Registry(vec![1, 2, 3]), vec![1, 2, 3]),
    ];
    for (err, expected) in cases {
        assert_eq!(Vec::<u8>::from(err), expected);
    }
}
