//! `errors!` and `events!`: the compact encoders against `sol!`'s own
//! encoding of the same items, and their ABI tables and files.
#![allow(missing_docs)]
extern crate alloc;
use alloy_primitives::{Address, FixedBytes, B256, U256};
use alloy_sol_types::{SolError, SolEvent};
use restake_kit::{
    export::Abi,
    items::{CustomError, EventLog},
    route::{Param, Route},
};

restake_kit::errors! { ERRORS;
    /// `caller` may not do this.
    error ProbeUnauthorized(address caller);
    error ProbeNothing();
    /// Line one.
    /// Line two.
    error ProbeMixed(uint64 at, bool flag, bytes4 selector, uint8 code, bytes32 tag, uint256 amount);
}

restake_kit::events! { EVENTS;
    /// Registered.
    event ProbeRegistered(address indexed operator, address approver, uint32 delay);
    event ProbeText(address indexed who, string text);
    event ProbeIndexedOnly(address indexed a, address indexed b, uint256 indexed c);
    event ProbeList(address[] vaults, uint256 total);
}

#[test]
fn error_data_is_sols_encoding() {
    let e = ProbeUnauthorized {
        caller: Address::repeat_byte(3),
    };
    assert_eq!(e.data(), e.abi_encode());
    assert_eq!(ProbeNothing {}.data(), ProbeNothing {}.abi_encode());
    let e = ProbeMixed {
        at: u64::MAX,
        flag: true,
        selector: FixedBytes([1, 2, 3, 4]),
        code: 255,
        tag: B256::repeat_byte(9),
        amount: U256::MAX,
    };
    assert_eq!(e.data(), e.abi_encode());
}

#[test]
fn event_logs_are_sols_encoding() {
    fn check<E: SolEvent + EventLog>(e: &E) {
        let ours = e.log();
        let theirs = e.encode_log_data();
        assert_eq!(ours.topics(), theirs.topics());
        assert_eq!(ours.data, theirs.data.to_vec());
    }
    check(&ProbeRegistered {
        operator: Address::repeat_byte(1),
        approver: Address::repeat_byte(2),
        delay: 7,
    });
    for text in ["", "short", "a text of more than thirty-two bytes in all"] {
        check(&ProbeText {
            who: Address::repeat_byte(1),
            text: text.into(),
        });
    }
    check(&ProbeIndexedOnly {
        a: Address::repeat_byte(1),
        b: Address::repeat_byte(2),
        c: U256::from(3),
    });
    check(&ProbeList {
        vaults: vec![Address::repeat_byte(1), Address::repeat_byte(2)],
        total: U256::from(5),
    });
}

#[test]
fn tables_name_every_field_in_order() {
    assert_eq!(ERRORS.len(), 3);
    assert_eq!(ERRORS[2].name, "ProbeMixed");
    assert_eq!(ERRORS[2].doc, &[" Line one.", " Line two."]);
    let types: Vec<&str> = ERRORS[2].params.iter().map(|p| p.ty).collect();
    assert_eq!(
        types,
        ["uint64", "bool", "bytes4", "uint8", "bytes32", "uint256"]
    );
    assert_eq!(EVENTS.len(), 4);
    let reg = &EVENTS[0];
    assert_eq!(
        reg.params,
        &[
            Param {
                ty: "address",
                name: "operator",
                indexed: true
            },
            Param {
                ty: "address",
                name: "approver",
                indexed: false
            },
            Param {
                ty: "uint32",
                name: "delay",
                indexed: false
            },
        ]
    );
    assert_eq!(EVENTS[3].params[0].ty, "address[]");
}

#[test]
fn abi_files_from_the_tables() {
    const ROUTES: &[Route] = &[Route {
        name: "put",
        selector: 0,
        inputs: &[
            Param {
                ty: "address[]",
                name: "who",
                indexed: false,
            },
            Param {
                ty: "uint256",
                name: "amount",
                indexed: false,
            },
        ],
        outputs: &[Param {
            ty: "string",
            name: "text",
            indexed: false,
        }],
        mutability: "view",
        doc: &[" Puts.", "", " More."],
        wasm: "",
    }];
    let abi = Abi {
        name: "IProbe",
        doc: &[" The probe."],
        routes: ROUTES,
        errors: ERRORS.to_vec(),
        events: EVENTS.to_vec(),
        constructor: Some(&[Param {
            ty: "address",
            name: "owner",
            indexed: false,
        }]),
    };
    let sol = abi.solidity();
    assert!(sol.contains(
        "/// The probe.\ninterface IProbe {\n    /// @notice Puts.\n    ///\n    /// More.\n    \
         function put(address[] calldata who, uint256 amount) external view returns (string memory text);\n"
    ), "{sol}");
    assert!(sol.contains("    error ProbeNothing();\n"));
    assert!(sol.contains(
        "    event ProbeRegistered(address indexed operator, address approver, uint32 delay);\n"
    ));
    let json = abi.json();
    assert!(json.starts_with("[\n  {\n    \"type\": \"constructor\""));
    assert!(json.contains("\"name\": \"operator\", \"type\": \"address\", \"internalType\": \"address\", \"indexed\": true"));
    assert!(json.contains("\"stateMutability\": \"view\""));
}
