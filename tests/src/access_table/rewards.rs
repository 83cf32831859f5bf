//! The rows of `abi/IRewards.sol`: the hooks answer only the registry and
//! the manager, a claim only the earner or its claimer, the token list only
//! the owner; an AVS funds its own sets and an operator sets its own
//! commission (both keyed by the caller), and `sync` is permissionless.

use super::{public, role, view, Row, CALLER, OWNABLE};

const UNAUTHORIZED: &str = "RewardsUnauthorized(address)";

/// Every function of `abi/IRewards.sol`, in file order.
pub(super) const ROWS: &[Row] = &[
    public(
        "IRewards",
        "submit(uint32,address,uint256,uint64,uint64,address[],uint256[])",
    ),
    public("IRewards", "topUp(uint256,uint256)"),
    public("IRewards", "reclaimUnallocated(uint32,address,address)"),
    public("IRewards", "setCommission(address,uint32,uint16)"),
    public("IRewards", "sync(address,address,uint32)"),
    public("IRewards", "setClaimerFor(address)"),
    role(
        "IRewards",
        "claim(address,address[],address)",
        "earner",
        &["$holder", "[]", "$holder"],
        UNAUTHORIZED,
        CALLER,
    ),
    view("IRewards", "claimable(address,address)"),
    view("IRewards", "claimerOf(address)"),
    role(
        "IRewards",
        "onStakeChange(address,address,address,uint256,bool)",
        "registry",
        &["$holder", "$operator", "$eth_vault", "1", "true"],
        UNAUTHORIZED,
        CALLER,
    ),
    role(
        "IRewards",
        "onAllocationChange(address,address,uint32,address,uint256)",
        "slashing manager",
        &["$operator", "$avs", "1", "$eth_vault", "0"],
        UNAUTHORIZED,
        CALLER,
    ),
    role(
        "IRewards",
        "onVaultAdded(address)",
        "registry",
        &["$eth_vault"],
        UNAUTHORIZED,
        CALLER,
    ),
    view("IRewards", "stream(address,uint32,address)"),
    view("IRewards", "unallocated(address,uint32,address)"),
    view("IRewards", "commissionOf(address,address,uint32)"),
    view("IRewards", "totalWeight(address,uint32)"),
    view(
        "IRewards",
        "allocationWeight(address,address,uint32,address)",
    ),
    view("IRewards", "rewardedShares(address,address)"),
    view("IRewards", "operatorVault(address,address)"),
    view("IRewards", "setTokens(address,uint32)"),
    view("IRewards", "registry()"),
    view("IRewards", "manager()"),
    view("IRewards", "extension()"),
    view("IRewards", "owner()"),
    view("IRewards", "pendingOwner()"),
    role(
        "IRewards",
        "transferOwnership(address)",
        "owner",
        CALLER,
        OWNABLE,
        CALLER,
    ),
    role(
        "IRewards",
        "acceptOwnership()",
        "pending owner",
        &[],
        OWNABLE,
        CALLER,
    ),
    role(
        "IRewards",
        "renounceOwnership()",
        "owner",
        &[],
        OWNABLE,
        CALLER,
    ),
];
