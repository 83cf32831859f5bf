//! The rows of `abi/IMockLst.sol` (OpenZeppelin's single-step Ownable).

use super::{public, role, view, Row, CALLER, OWNABLE};

/// Every function of `abi/IMockLst.sol`, in file order.
pub(super) const ROWS: &[Row] = &[
    view("IMockLst", "name()"),
    view("IMockLst", "symbol()"),
    view("IMockLst", "decimals()"),
    role(
        "IMockLst",
        "mint(address,uint256)",
        "owner",
        &["$caller", "1"],
        OWNABLE,
        CALLER,
    ),
    role(
        "IMockLst",
        "setTransferFee(uint256,uint256)",
        "owner",
        &["0", "0"],
        OWNABLE,
        CALLER,
    ),
    role(
        "IMockLst",
        "setRate(uint256)",
        "owner",
        &["1000000000000000000"],
        OWNABLE,
        CALLER,
    ),
    view("IMockLst", "getRate()"),
    view("IMockLst", "transferFee(uint256)"),
    view("IMockLst", "totalSupply()"),
    view("IMockLst", "balanceOf(address)"),
    view("IMockLst", "allowance(address,address)"),
    public("IMockLst", "transfer(address,uint256)"),
    public("IMockLst", "approve(address,uint256)"),
    public("IMockLst", "transferFrom(address,address,uint256)"),
    view("IMockLst", "owner()"),
    role(
        "IMockLst",
        "transferOwnership(address)",
        "owner",
        CALLER,
        OWNABLE,
        CALLER,
    ),
];
