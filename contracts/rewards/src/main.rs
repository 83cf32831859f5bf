#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]

/// `--sol` / `--json`: the ABI files generated from the tables
/// (`scripts/export-abi.py`); otherwise stylus-sdk's printer, as
/// `cargo stylus export-abi` runs it.
#[cfg(feature = "export-abi")]
fn main() {
    restake_kit::export::print_or(
        &restake_rewards::interface_abi(),
        restake_rewards::print_from_args,
    );
}
