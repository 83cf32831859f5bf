//! Who may call what: every function of every exported interface
//! (`abi/I*.sol`), classified once, in one table ([`TABLE`]).
//!
//! `tests/tests/access_control.rs` reads it twice: a test without the
//! devnet requires every function of every `abi/I*.sol` to have exactly one
//! row here and the `view` rows to be exactly the ABI's views (so a function
//! added to any contract without a row fails CI), and a devnet test calls
//! every privileged function as a stranger on the deployed wasm, expecting
//! exactly the row's error, then as the row's role holder, expecting
//! anything but that refusal; it also calls every view and public function
//! as the stranger and requires that none refuses the caller.
//!
//! Arguments and error arguments are Solidity literals as
//! `alloy::dyn_abi::DynSolType::coerce_str` reads them (`1`, `true`,
//! `0x…`, `[0x…,0x…]`, plain text for a `string`), where `$name` stands for
//! an address or id of the test's world: `$caller` (the caller: the
//! stranger, or the role holder in the positive check), `$owner`,
//! `$registry`, `$manager` (the slashing manager), `$eth_vault`,
//! `$lst_vault`, `$lst`, `$lrt`, `$eth` (the native-ETH sentinel),
//! `$evidence`, `$operator` (a registered operator, member of set 1 of
//! `$avs`), `$staker` (delegated to it), `$avs`, `$withdrawal` (the
//! staker's queued withdrawal), `$slash_request` (a pending vetoable slash
//! request of set 1), `$lrt_request` (a pending Lrt redemption request of
//! `$holder`), `$selector` (the function's own selector, for the
//! unknown-selector reply). Roles (`who`) are named by the keys the test
//! resolves to an address (`role_holder` in the test).

/// How a function may be called.
#[derive(Clone, Copy, Debug)]
pub enum Access {
    /// A view (the ABI marks it `view`): anyone.
    View,
    /// State-changing and open to anyone: it acts only on the caller's own
    /// balances, positions and signatures, or is permissionless (completing
    /// what is due, proofs, registration).
    Public,
    /// Privileged: only `who` may call; a stranger calling it with `args`
    /// is refused with `error` (a Solidity error signature) and
    /// `error_args`.
    Role {
        /// The role (a key the test resolves to its holder).
        who: &'static str,
        /// The call's arguments.
        args: &'static [&'static str],
        /// The refusal's signature.
        error: &'static str,
        /// The refusal's arguments.
        error_args: &'static [&'static str],
    },
    /// In the ABI file but compiled out of the release wasm (`test-clock`
    /// only): every caller gets the unknown-selector reply, `error` with
    /// `error_args` (`""` for an empty revert).
    Absent {
        /// The reply's signature, or `""` for an empty revert.
        error: &'static str,
        /// The reply's arguments.
        error_args: &'static [&'static str],
    },
}

/// One function of one interface.
#[derive(Clone, Copy, Debug)]
pub struct Row {
    /// The interface (`abi/<abi>.sol`).
    pub abi: &'static str,
    /// The canonical signature (`name(types)`).
    pub function: &'static str,
    /// Who may call it.
    pub access: Access,
}

const fn view(abi: &'static str, function: &'static str) -> Row {
    Row {
        abi,
        function,
        access: Access::View,
    }
}

const fn public(abi: &'static str, function: &'static str) -> Row {
    Row {
        abi,
        function,
        access: Access::Public,
    }
}

const fn role(
    abi: &'static str,
    function: &'static str,
    who: &'static str,
    args: &'static [&'static str],
    error: &'static str,
    error_args: &'static [&'static str],
) -> Row {
    Row {
        abi,
        function,
        access: Access::Role {
            who,
            args,
            error,
            error_args,
        },
    }
}

const fn absent(
    abi: &'static str,
    function: &'static str,
    error: &'static str,
    error_args: &'static [&'static str],
) -> Row {
    Row {
        abi,
        function,
        access: Access::Absent { error, error_args },
    }
}

const OWNABLE: &str = "OwnableUnauthorizedAccount(address)";
const CALLER: &[&str] = &["$caller"];
const ZERO: &str = "0x0000000000000000000000000000000000000000";
const ZERO_WORD: &str = "0x0000000000000000000000000000000000000000000000000000000000000000";

/// The table: every function of every `abi/I*.sol`, in file order.
pub const TABLE: &[Row] = &[
    // ---- IEvidenceVerifier: no privileged function (anyone proves an
    // equivocation; an operator registers its own signing key).
    view("IEvidenceVerifier", "manager()"),
    public("IEvidenceVerifier", "registerSigningKey(address,uint32,address)"),
    view("IEvidenceVerifier", "signingKey(address,address,uint32)"),
    public(
        "IEvidenceVerifier",
        "submitEquivocation(address,address,uint32,uint64,bytes32,bytes,bytes32,bytes)",
    ),
    view("IEvidenceVerifier", "evidenceUsed(address,address,uint32,uint64)"),
    view("IEvidenceVerifier", "attestationDigest(address,uint32,uint64,bytes32)"),
    // ---- ILrt (the owner's and the manager's functions run in the
    // extension, reached through the Lrt by delegate call).
    view("ILrt", "name()"),
    view("ILrt", "symbol()"),
    view("ILrt", "decimals()"),
    view("ILrt", "totalSupply()"),
    view("ILrt", "balanceOf(address)"),
    view("ILrt", "allowance(address,address)"),
    public("ILrt", "transfer(address,uint256)"),
    public("ILrt", "transferFrom(address,address,uint256)"),
    public("ILrt", "approve(address,uint256)"),
    public(
        "ILrt",
        "permit(address,address,uint256,uint256,uint8,bytes32,bytes32)",
    ),
    view("ILrt", "nonces(address)"),
    view("ILrt", "DOMAIN_SEPARATOR()"),
    public("ILrt", "deposit(uint256)"),
    public("ILrt", "depositToken(address,uint256,uint256)"),
    public("ILrt", "requestRedeem(uint256,address)"),
    public("ILrt", "finalizeRedeem(uint256)"),
    role(
        "ILrt",
        "claimRedeem(uint256,address)",
        "request owner",
        &["$lrt_request", "$caller"],
        "LrtNotRequestOwner(uint256,address)",
        &["$lrt_request", "$caller"],
    ),
    public("ILrt", "instantRedeem(uint256,address,uint256,address)"),
    role(
        "ILrt",
        "addOperator(address,bytes,uint256,bytes32)",
        "lrt manager",
        &["$caller", "0x", "0", ZERO_WORD],
        "LrtUnauthorized(address)",
        CALLER,
    ),
    role(
        "ILrt",
        "restake(address,address,uint256)",
        "lrt manager",
        &["$operator", "$eth", "1"],
        "LrtUnauthorized(address)",
        CALLER,
    ),
    role(
        "ILrt",
        "unstake(address,address,uint256)",
        "lrt manager",
        &["$operator", "$eth", "1"],
        "LrtUnauthorized(address)",
        CALLER,
    ),
    public("ILrt", "completeUnstake(address,uint256)"),
    role(
        "ILrt",
        "addAsset(address,address,uint256,address)",
        "owner",
        &["$caller", "$eth_vault", "1", "$caller"],
        "LrtUnauthorized(address)",
        CALLER,
    ),
    role(
        "ILrt",
        "setAssetCap(address,uint256)",
        "owner",
        &["$eth", "1"],
        "LrtUnauthorized(address)",
        CALLER,
    ),
    role(
        "ILrt",
        "setParameters(uint256,uint256,uint256,uint256,uint64)",
        "owner",
        &["6000", "1000", "10", "1", "86400"],
        "LrtUnauthorized(address)",
        CALLER,
    ),
    role(
        "ILrt",
        "setManager(address)",
        "owner",
        CALLER,
        "LrtUnauthorized(address)",
        CALLER,
    ),
    role(
        "ILrt",
        "transferOwnership(address)",
        "owner",
        CALLER,
        "LrtUnauthorized(address)",
        CALLER,
    ),
    role(
        "ILrt",
        "setPaused(bool)",
        "owner",
        &["true"],
        "LrtUnauthorized(address)",
        CALLER,
    ),
    public("ILrt", "checkpoint()"),
    view("ILrt", "rate()"),
    view("ILrt", "books()"),
    view("ILrt", "operatorValue(uint256)"),
    view("ILrt", "assetAt(uint256)"),
    view("ILrt", "operatorAt(uint256)"),
    view("ILrt", "request(uint256)"),
    view("ILrt", "parameters()"),
    view("ILrt", "roles()"),
    view("ILrt", "observation(uint64)"),
    view("ILrt", "rateAccumulator()"),
    view("ILrt", "averageRate(uint64)"),
    view("ILrt", "annualizedRate(uint64)"),
    role(
        "ILrt",
        "redelegateOperator(address,bytes,uint256,bytes32)",
        "lrt manager",
        &["$operator", "0x", "0", ZERO_WORD],
        "LrtUnauthorized(address)",
        CALLER,
    ),
    role(
        "ILrt",
        "removeOperator(address)",
        "lrt manager",
        &["$operator"],
        "LrtUnauthorized(address)",
        CALLER,
    ),
    role(
        "ILrt",
        "setRedeemDelay(uint64)",
        "owner",
        &["1"],
        "LrtUnauthorized(address)",
        CALLER,
    ),
    view("ILrt", "redeemDelay()"),
    view("ILrt", "requestTime(uint256)"),
    role(
        "ILrt",
        "cancelRedeem(uint256)",
        "request owner",
        &["$lrt_request"],
        "LrtNotRequestOwner(uint256,address)",
        &["$lrt_request", "$caller"],
    ),
    role(
        "ILrt",
        "setRateSource(address,address)",
        "owner",
        &["$lst", "$lst"],
        "LrtUnauthorized(address)",
        CALLER,
    ),
    view("ILrt", "assetRate(address)"),
    role(
        "ILrt",
        "acceptOwnership()",
        "pending owner",
        &[],
        "LrtUnauthorized(address)",
        CALLER,
    ),
    view("ILrt", "pendingOwner()"),
    // ---- ILrtAccount (a sub-account clone; the Lrt is its controller).
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
    // ---- IMockLst (OpenZeppelin's single-step Ownable).
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
    // ---- IOperatorRegistry.
    role(
        "IOperatorRegistry",
        "addVault(address)",
        "owner",
        CALLER,
        OWNABLE,
        CALLER,
    ),
    role(
        "IOperatorRegistry",
        "setSlashingManager(address)",
        "owner",
        CALLER,
        OWNABLE,
        CALLER,
    ),
    view("IOperatorRegistry", "owner()"),
    view("IOperatorRegistry", "pendingOwner()"),
    role(
        "IOperatorRegistry",
        "transferOwnership(address)",
        "owner",
        CALLER,
        OWNABLE,
        CALLER,
    ),
    role(
        "IOperatorRegistry",
        "acceptOwnership()",
        "pending owner",
        &[],
        OWNABLE,
        CALLER,
    ),
    role(
        "IOperatorRegistry",
        "renounceOwnership()",
        "owner",
        &[],
        OWNABLE,
        CALLER,
    ),
    public("IOperatorRegistry", "registerAsOperator(address,uint32,string)"),
    role(
        "IOperatorRegistry",
        "updateOperatorMetadataURI(string)",
        "registered operator",
        &["ipfs://x"],
        "RegistryNotOperator(address)",
        CALLER,
    ),
    role(
        "IOperatorRegistry",
        "setDelegationApprover(address)",
        "registered operator",
        CALLER,
        "RegistryNotOperator(address)",
        CALLER,
    ),
    public("IOperatorRegistry", "delegateTo(address,bytes,uint256,bytes32)"),
    role(
        "IOperatorRegistry",
        "undelegate(address)",
        "staker, its operator or its approver",
        &["$staker"],
        "RegistryUnauthorized(address)",
        CALLER,
    ),
    public("IOperatorRegistry", "redelegate(address,bytes,uint256,bytes32)"),
    public("IOperatorRegistry", "queueWithdrawal(address[],uint256[])"),
    role(
        "IOperatorRegistry",
        "completeWithdrawal(uint256,bool)",
        "withdrawal's staker",
        &["$withdrawal", "true"],
        "RegistryUnauthorized(address)",
        CALLER,
    ),
    role(
        "IOperatorRegistry",
        "onDeposit(address,uint256,uint256)",
        "registered vault",
        &["$caller", "0", "1"],
        "RegistryUnauthorized(address)",
        CALLER,
    ),
    role(
        "IOperatorRegistry",
        "slashOperator(address,address,uint64)",
        "slashing manager",
        &["$operator", "$eth_vault", "1"],
        "RegistryUnauthorized(address)",
        CALLER,
    ),
    view("IOperatorRegistry", "isOperator(address)"),
    view("IOperatorRegistry", "isVault(address)"),
    view("IOperatorRegistry", "vaults()"),
    view("IOperatorRegistry", "allocationDelay(address)"),
    view("IOperatorRegistry", "delegationApprover(address)"),
    view("IOperatorRegistry", "maxMagnitude(address,address)"),
    view("IOperatorRegistry", "operatorStake(address,address)"),
    view("IOperatorRegistry", "delegatedTo(address)"),
    view("IOperatorRegistry", "depositScalingFactor(address,address)"),
    view("IOperatorRegistry", "withdrawableShares(address,address)"),
    view("IOperatorRegistry", "slashableQueuedShares(address,address)"),
    view("IOperatorRegistry", "isSaltSpent(address,bytes32)"),
    view(
        "IOperatorRegistry",
        "delegationApprovalDigest(address,address,bytes32,uint256)",
    ),
    view("IOperatorRegistry", "withdrawalDelay()"),
    view("IOperatorRegistry", "slashingManager()"),
    view("IOperatorRegistry", "withdrawalCount()"),
    view("IOperatorRegistry", "withdrawal(uint256)"),
    view("IOperatorRegistry", "withdrawalEntry(uint256,uint64)"),
    view("IOperatorRegistry", "pendingRedeemRequest(uint256,address)"),
    view("IOperatorRegistry", "claimableRedeemRequest(uint256,address)"),
    view("IOperatorRegistry", "acceptsDeposit(address,address)"),
    view("IOperatorRegistry", "minAllocationDelay()"),
    role(
        "IOperatorRegistry",
        "setAllocationDelay(uint32)",
        "registered operator",
        &["2000000"],
        "RegistryNotOperator(address)",
        CALLER,
    ),
    view("IOperatorRegistry", "allocationDelayConfig(address)"),
    // The registry's router answers an unknown selector with an empty revert.
    absent("IOperatorRegistry", "setTestTimestamp(uint64)", "", &[]),
    // ---- ISlashingManager (no owner; an AVS acts on its own sets).
    view("ISlashingManager", "config()"),
    public("ISlashingManager", "registerAvs(string,address)"),
    role(
        "ISlashingManager",
        "updateAvsMetadata(string)",
        "registered avs",
        &["ipfs://x"],
        "SlashingAvsNotRegistered(address)",
        CALLER,
    ),
    view("ISlashingManager", "avsInfo(address)"),
    role(
        "ISlashingManager",
        "createOperatorSet(uint32,address[],address,address,address,uint64,uint64,uint64,uint64,address)",
        "registered avs",
        &[
            "2",
            "[$eth_vault]",
            "$caller",
            ZERO,
            ZERO,
            "0",
            "1000000000000000000",
            "86400",
            "0",
            ZERO,
        ],
        "SlashingAvsNotRegistered(address)",
        CALLER,
    ),
    role(
        "ISlashingManager",
        "addVault(uint32,address)",
        "set's avs",
        &["1", "$lst_vault"],
        "SlashingSetNotFound(address,uint32)",
        &["$caller", "1"],
    ),
    role(
        "ISlashingManager",
        "removeVault(uint32,address)",
        "set's avs",
        &["1", "$eth_vault"],
        "SlashingSetNotFound(address,uint32)",
        &["$caller", "1"],
    ),
    view("ISlashingManager", "operatorSet(address,uint32)"),
    role(
        "ISlashingManager",
        "joinOperatorSet(address,uint32)",
        "registered operator",
        &["$avs", "1"],
        "SlashingNotOperator(address)",
        CALLER,
    ),
    role(
        "ISlashingManager",
        "leaveOperatorSet(address,uint32)",
        "set member",
        &["$avs", "1"],
        "SlashingNotMember(address)",
        CALLER,
    ),
    view("ISlashingManager", "slashableUntil(address,address,uint32)"),
    role(
        "ISlashingManager",
        "modifyAllocation(address,uint32,address,uint64)",
        "registered operator",
        &["$avs", "1", "$eth_vault", "1"],
        "SlashingNotOperator(address)",
        CALLER,
    ),
    view("ISlashingManager", "allocation(address,address,uint32,address)"),
    view("ISlashingManager", "encumberedMagnitude(address,address)"),
    view(
        "ISlashingManager",
        "slashableStake(address,address,uint32,address,uint64)",
    ),
    role(
        "ISlashingManager",
        "slash(address,address,uint32,address[],uint64,string)",
        "set's slasher",
        &["$operator", "$avs", "1", "[$eth_vault]", "1000", "stranger"],
        "SlashingUnauthorized(address)",
        CALLER,
    ),
    role(
        "ISlashingManager",
        "requestSlash(address,address,uint32,address[],uint64,string)",
        "set's slasher",
        &["$operator", "$avs", "1", "[$eth_vault]", "1000", "stranger"],
        "SlashingUnauthorized(address)",
        CALLER,
    ),
    role(
        "ISlashingManager",
        "vetoSlash(uint256)",
        "set's resolver",
        &["$slash_request"],
        "SlashingUnauthorized(address)",
        CALLER,
    ),
    // Anyone executes a request once its veto window has passed.
    public("ISlashingManager", "executeSlash(uint256)"),
    view("ISlashingManager", "slashRequest(uint256)"),
    role(
        "ISlashingManager",
        "slashByEvidence(address,address,uint32)",
        "set's evidence verifier",
        &["$operator", "$avs", "1"],
        "SlashingUnauthorized(address)",
        CALLER,
    ),
    // The manager's router answers an unknown selector with
    // `SlashingInvalidCalldata(selector)`.
    absent(
        "ISlashingManager",
        "setTestTimestamp(uint64)",
        "SlashingInvalidCalldata(bytes4)",
        &["$selector"],
    ),
    view("ISlashingManager", "capUsed(address,address,uint32)"),
    // ---- IVault (both vaults: OpenZeppelin's Ownable2Step and Pausable).
    view("IVault", "asset()"),
    view("IVault", "totalAssets()"),
    view("IVault", "totalShares()"),
    view("IVault", "depositShares(address)"),
    view("IVault", "convertToShares(uint256)"),
    view("IVault", "convertToAssets(uint256)"),
    view("IVault", "maxDeposit(address)"),
    view("IVault", "maxMint(address)"),
    view("IVault", "previewDeposit(uint256)"),
    view("IVault", "previewMint(uint256)"),
    view("IVault", "depositCap()"),
    view("IVault", "pauser()"),
    view("IVault", "registry()"),
    view("IVault", "slashingManager()"),
    public("IVault", "deposit(uint256,address)"),
    public("IVault", "mint(uint256,address)"),
    role(
        "IVault",
        "setDepositCap(uint256)",
        "owner",
        &["1"],
        OWNABLE,
        CALLER,
    ),
    role(
        "IVault",
        "setPauser(address)",
        "owner",
        CALLER,
        OWNABLE,
        CALLER,
    ),
    role(
        "IVault",
        "pause()",
        "pauser",
        &[],
        "VaultUnauthorized(address)",
        CALLER,
    ),
    role(
        "IVault",
        "unpause()",
        "pauser",
        &[],
        "VaultUnauthorized(address)",
        CALLER,
    ),
    role(
        "IVault",
        "addDepositShares(address,uint256)",
        "registry",
        &["$caller", "1"],
        "VaultUnauthorized(address)",
        CALLER,
    ),
    role(
        "IVault",
        "removeDepositShares(address,uint256)",
        "registry",
        &["$caller", "1"],
        "VaultUnauthorized(address)",
        CALLER,
    ),
    role(
        "IVault",
        "withdrawTo(address,address,uint256)",
        "registry",
        &["$caller", "$caller", "1"],
        "VaultUnauthorized(address)",
        CALLER,
    ),
    role(
        "IVault",
        "burnSlashedShares(uint256,address)",
        "slashing manager",
        &["1", "$caller"],
        "VaultUnauthorized(address)",
        CALLER,
    ),
    // A redistribution recipient claims what was credited to itself.
    public("IVault", "claimSlashed(address)"),
    view("IVault", "slashedClaim(address)"),
    view("IVault", "owner()"),
    view("IVault", "pendingOwner()"),
    role(
        "IVault",
        "transferOwnership(address)",
        "owner",
        CALLER,
        OWNABLE,
        CALLER,
    ),
    role(
        "IVault",
        "acceptOwnership()",
        "pending owner",
        &[],
        OWNABLE,
        CALLER,
    ),
    role(
        "IVault",
        "renounceOwnership()",
        "owner",
        &[],
        OWNABLE,
        CALLER,
    ),
    view("IVault", "paused()"),
];
