//! The rows of `abi/ILrtAccount.sol` (a sub-account clone; the Lrt is its
//! controller).

use super::{public, role, view, Row, CALLER, ZERO_WORD};

/// Every function of `abi/ILrtAccount.sol`, in file order.
pub(super) const ROWS: &[Row] = &[
    role(
        "ILrtAccount",
        "initialize(address)",
        "nobody after creation",
        &["$registry"],
        "LrtAccountInitialized(address)",
        &["$lrt"],
    ),
    view("ILrtAccount", "controller()"),
    view("ILrtAccount", "operator()"),
    role(
        "ILrtAccount",
        "delegate(address,bytes,uint256,bytes32)",
        "controller",
        &["$operator", "0x", "0", ZERO_WORD],
        "LrtAccountUnauthorized(address)",
        CALLER,
    ),
    role(
        "ILrtAccount",
        "record(address)",
        "controller",
        &["$eth_vault"],
        "LrtAccountUnauthorized(address)",
        CALLER,
    ),
    role(
        "ILrtAccount",
        "queue(address,uint256)",
        "controller",
        &["$eth_vault", "1"],
        "LrtAccountUnauthorized(address)",
        CALLER,
    ),
    // H-1: anyone may adopt a withdrawal the registry queued for it.
    public("ILrtAccount", "adopt(uint256)"),
    role(
        "ILrtAccount",
        "complete(uint256,address)",
        "controller",
        &["1", "$caller"],
        "LrtAccountUnauthorized(address)",
        CALLER,
    ),
    view("ILrtAccount", "value(address[])"),
    view("ILrtAccount", "values(address[])"),
    view("ILrtAccount", "openWithdrawals()"),
    view("ILrtAccount", "snapshotAt(uint256)"),
    role(
        "ILrtAccount",
        "execute(address,uint256,bytes)",
        "controller",
        &["$caller", "0", "0x"],
        "LrtAccountUnauthorized(address)",
        CALLER,
    ),
];
