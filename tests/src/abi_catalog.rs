//! Every function and error of the exported Solidity interfaces
//! (`abi/I*.sol`, written by `scripts/export-abi.py` and checked against the
//! contracts in CI), read at run time, so a test that walks them sees a new
//! function as soon as its contract exports it.

use std::path::PathBuf;

use alloy::dyn_abi::{DynSolType, Specifier};
use alloy::json_abi::{Error as AbiError, Function, StateMutability};
use alloy::primitives::Selector;

/// One `abi/I<Name>.sol`.
#[derive(Clone, Debug)]
pub struct Interface {
    /// The interface's name (`IVault`).
    pub name: String,
    /// Its functions, in file order.
    pub functions: Vec<Function>,
    /// Its errors, in file order.
    pub errors: Vec<AbiError>,
}

impl Interface {
    /// The function whose canonical signature (`name(types)`) is `sig`.
    pub fn function(&self, sig: &str) -> Option<&Function> {
        self.functions.iter().find(|f| f.signature() == sig)
    }

    /// The error whose selector opens `data`, if it is one of these.
    pub fn error_by_selector(&self, selector: Selector) -> Option<&AbiError> {
        self.errors.iter().find(|e| e.selector() == selector)
    }
}

/// The `abi/` folder of the repository.
pub fn abi_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../abi")
}

/// Parses the body of one exported interface file.
///
/// # Panics
/// On a `function` or `error` line alloy's human-readable parser refuses.
pub fn parse_interface(name: &str, source: &str) -> Interface {
    let mut functions = Vec::new();
    let mut errors = Vec::new();
    for line in source.lines().map(str::trim) {
        let line = line.trim_end_matches(';');
        if line.starts_with("function ") {
            // `calldata` / `memory` are locations, not types.
            let clean = line.replace(" calldata", "").replace(" memory", "");
            let f = Function::parse(&clean)
                .unwrap_or_else(|e| panic!("{name}: cannot parse `{line}`: {e}"));
            functions.push(f);
        } else if line.starts_with("error ") {
            let e = AbiError::parse(line)
                .unwrap_or_else(|e| panic!("{name}: cannot parse `{line}`: {e}"));
            errors.push(e);
        }
    }
    Interface {
        name: name.to_string(),
        functions,
        errors,
    }
}

/// Every `abi/I*.sol`, sorted by name.
pub fn interfaces() -> Vec<Interface> {
    let mut files: Vec<_> = std::fs::read_dir(abi_dir())
        .expect("abi/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "sol"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().to_string();
            parse_interface(&name, &std::fs::read_to_string(p).expect("read abi file"))
        })
        .collect()
}

/// The interface `abi/<name>.sol`.
///
/// # Panics
/// If there is no such file.
pub fn interface(name: &str) -> Interface {
    interfaces()
        .into_iter()
        .find(|i| i.name == name)
        .unwrap_or_else(|| panic!("no abi/{name}.sol"))
}

/// The argument types of `f`, resolved.
pub fn input_types(f: &Function) -> Vec<DynSolType> {
    f.inputs
        .iter()
        .map(|p| p.resolve().expect("a Solidity type"))
        .collect()
}

/// Whether the ABI marks `f` as a view (or pure) function.
pub fn is_view(f: &Function) -> bool {
    matches!(
        f.state_mutability,
        StateMutability::View | StateMutability::Pure
    )
}

/// Whether the ABI marks `f` as payable.
pub fn is_payable(f: &Function) -> bool {
    f.state_mutability == StateMutability::Payable
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every exported file parses, with the shapes the contracts export:
    /// named and unnamed parameters, `calldata`/`memory` locations, views,
    /// payable functions and tuple returns.
    #[test]
    fn every_exported_interface_parses() {
        let all = interfaces();
        let names: Vec<_> = all.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "IEvidenceVerifier",
                "ILrt",
                "ILrtAccount",
                "IMockLst",
                "IOperatorRegistry",
                "IRewards",
                "ISlashingManager",
                "IVault"
            ]
        );
        let vault = interface("IVault");
        let deposit = vault.function("deposit(uint256,address)").unwrap();
        assert!(is_payable(deposit));
        assert_eq!(
            deposit.selector(),
            alloy::primitives::fixed_bytes!("6e553f65")
        );
        assert!(is_view(vault.function("totalAssets()").unwrap()));
        let lrt = interface("ILrt");
        let add = lrt
            .function("addOperator(address,bytes,uint256,bytes32)")
            .unwrap();
        assert_eq!(
            input_types(add),
            [
                DynSolType::Address,
                DynSolType::Bytes,
                DynSolType::Uint(256),
                DynSolType::FixedBytes(32)
            ]
        );
        assert!(lrt
            .errors
            .iter()
            .any(|e| e.signature() == "LrtInvalidCalldata(bytes4)"));
        assert!(vault
            .errors
            .iter()
            .any(|e| e.signature() == "VaultDepositCapExceeded(uint256,uint256,uint256)"));
    }
}
