//! OpenZeppelin's `SafeERC20` transfers (the same checks and error): a call
//! to a token succeeds only if the token has code, the call did not revert,
//! and it returned nothing or an ABI `true`.
use alloy_primitives::{Address, U256};
use stylus_sdk::stylus_core::Host;

use crate::{abi::Word, call};

crate::errors! { ERRORS;
    /// A call to `token` failed or returned false (OpenZeppelin's `SafeERC20`).
    error SafeErc20FailedOperation(address token);
}

/// keccak256 of empty code: the code hash of an account without code.
pub const EMPTY_CODE_HASH: alloy_primitives::B256 =
    alloy_primitives::B256::new(stylus_sdk::keccak_const::Keccak256::new().finalize());

/// `transfer(address,uint256)`.
pub const TRANSFER: [u8; 4] =
    crate::route::selector("transfer", &["address", "uint256"]).to_be_bytes();
/// `transferFrom(address,address,uint256)`.
pub const TRANSFER_FROM: [u8; 4] =
    crate::route::selector("transferFrom", &["address", "address", "uint256"]).to_be_bytes();

/// Sends `value` of `token` to `to`.
///
/// # Errors
/// [`SafeErc20FailedOperation`] - as the module says.
#[inline(always)]
pub fn safe_transfer(
    vm: &dyn Host,
    token: Address,
    to: Address,
    value: U256,
) -> Result<(), SafeErc20FailedOperation> {
    optional_return(vm, token, TRANSFER, &[to.word(), value.word()])
}

/// Moves `value` of `token` from `from` to `to` (the caller's allowance).
///
/// # Errors
/// [`SafeErc20FailedOperation`] - as the module says.
#[inline(always)]
pub fn safe_transfer_from(
    vm: &dyn Host,
    token: Address,
    from: Address,
    to: Address,
    value: U256,
) -> Result<(), SafeErc20FailedOperation> {
    optional_return(
        vm,
        token,
        TRANSFER_FROM,
        &[from.word(), to.word(), value.word()],
    )
}

#[inline(always)]
fn optional_return(
    vm: &dyn Host,
    token: Address,
    selector: [u8; 4],
    args: &[alloy_primitives::B256],
) -> Result<(), SafeErc20FailedOperation> {
    let failed = SafeErc20FailedOperation { token };
    // Code at the token, by its code hash (zero: no account; keccak256 of
    // nothing: an account without code), as OpenZeppelin's `has_code`.
    let hash = vm.code_hash(token);
    if hash.is_zero() || hash == EMPTY_CODE_HASH {
        return Err(failed);
    }
    let out =
        call::call_static_args(vm, token, selector, args, true).map_err(|_| failed.clone())?;
    // Nothing returned (tokens that predate ERC-20's `bool`), or exactly an
    // ABI `true` in the first word (a dirty bool is refused, as OZ's strict
    // decode does).
    let ok = out.is_empty() || crate::abi::word_at(&out, 0) == Some(U256::from(1u8));
    if !ok {
        return Err(failed);
    }
    Ok(())
}
