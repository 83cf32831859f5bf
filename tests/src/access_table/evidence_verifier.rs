//! The rows of `abi/IEvidenceVerifier.sol`: no privileged function (anyone
//! proves an equivocation; an operator registers its own signing key).

use super::{public, view, Row};

/// Every function of `abi/IEvidenceVerifier.sol`, in file order.
pub(super) const ROWS: &[Row] = &[
    view("IEvidenceVerifier", "manager()"),
    public(
        "IEvidenceVerifier",
        "registerSigningKey(address,uint32,address)",
    ),
    view("IEvidenceVerifier", "signingKey(address,address,uint32)"),
    public(
        "IEvidenceVerifier",
        "submitEquivocation(address,address,uint32,uint64,bytes32,bytes,bytes32,bytes)",
    ),
    view(
        "IEvidenceVerifier",
        "evidenceUsed(address,address,uint32,uint64)",
    ),
    view(
        "IEvidenceVerifier",
        "attestationDigest(address,uint32,uint64,bytes32)",
    ),
];
