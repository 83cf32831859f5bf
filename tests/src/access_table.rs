//! Who may call what: every function of every exported interface
//! (`abi/I*.sol`), classified once, in one table ([`TABLE`]): the rows of
//! each interface in its own module (`access_table/<interface>.rs`, e.g.
//! `lrt.rs` for `ILrt`), joined here in file order.
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

mod evidence_verifier;
mod lrt;
mod lrt_account;
mod mock_lst;
mod operator_registry;
mod rewards;
mod slashing_manager;
mod vault;

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

/// No ABI file lists a test-only function any more (the kit's generated
/// ABIs leave `cfg`'d entries out); kept for a hand-kept ABI that does.
#[allow(dead_code)]
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

/// The table: every function of every `abi/I*.sol`, in file order (the
/// files in name order, one module each).
pub const TABLE: &[Row] = &ROWS;

const PARTS: &[&[Row]] = &[
    evidence_verifier::ROWS,
    lrt::ROWS,
    lrt_account::ROWS,
    mock_lst::ROWS,
    operator_registry::ROWS,
    rewards::ROWS,
    slashing_manager::ROWS,
    vault::ROWS,
];

static ROWS: [Row; total(PARTS)] = concat(PARTS);

/// How many rows `parts` hold.
const fn total(parts: &[&[Row]]) -> usize {
    let (mut n, mut i) = (0, 0);
    while i < parts.len() {
        n += parts[i].len();
        i += 1;
    }
    n
}

/// `parts`, one after the other.
const fn concat<const N: usize>(parts: &[&[Row]]) -> [Row; N] {
    let mut out = [view("", ""); N];
    let (mut i, mut k) = (0, 0);
    while i < parts.len() {
        let mut j = 0;
        while j < parts[i].len() {
            out[k] = parts[i][j];
            k += 1;
            j += 1;
        }
        i += 1;
    }
    out
}
