//! A contract's ABI files from its tables: the route table (functions),
//! the error and event tables, and the constructor's parameters. One source
//! for `abi/<Name>.sol` (with NatSpec from the rustdoc) and
//! `abi/<Name>.json` (the Solidity compiler's JSON ABI shape); nothing is
//! parsed from Rust source.
use alloc::{format, string::String, vec::Vec};

use crate::route::{Item, Param, Route};

/// Everything a contract's ABI holds.
pub struct Abi<'a> {
    /// The interface's name (`IOperatorRegistry`).
    pub name: &'a str,
    /// The interface's documentation.
    pub doc: &'a [&'a str],
    /// Its functions, in table order.
    pub routes: &'a [Route],
    /// Its custom errors.
    pub errors: Vec<Item>,
    /// Its events.
    pub events: Vec<Item>,
    /// The constructor's parameters (`None`: no constructor).
    pub constructor: Option<&'a [Param]>,
}

/// A parameter's name as the ABI shows it: Solidity's mixedCase
/// (`withdrawal_id` → `withdrawalId`, `payload_a` → `payloadA`), the
/// convention of the ERC standards and of Solidity integrators, while the
/// Rust tables keep Rust's snake_case. A name without `_` is unchanged.
pub fn sol_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' && !out.is_empty() {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `text` with every snake_case name inside backticks (`` `set_id` ``,
/// `` `(avs, set_id)` ``) in [`sol_name`]'s form, so NatSpec names
/// parameters as the ABI does. Names with an upper-case letter
/// (`NATIVE_ETH`) and text outside backticks are left as they are.
fn doc_names(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, part) in text.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 0 {
            out.push_str(part);
            continue;
        }
        let mut word = String::new();
        let flush = |word: &mut String, out: &mut String| {
            let snake = word.contains('_')
                && word
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if snake {
                out.push_str(&sol_name(word));
            } else {
                out.push_str(word);
            }
            word.clear();
        };
        for c in part.chars() {
            if c.is_ascii_alphanumeric() || c == '_' {
                word.push(c);
            } else {
                flush(&mut word, &mut out);
                out.push(c);
            }
        }
        flush(&mut word, &mut out);
    }
    out
}

fn dynamic(ty: &str) -> bool {
    ty == "string" || ty == "bytes" || ty.ends_with(']')
}

fn params(list: &[Param], location: &str) -> String {
    let parts: Vec<String> = list
        .iter()
        .map(|p| {
            let mut s = String::from(p.ty);
            if p.indexed {
                s.push_str(" indexed");
            }
            if !location.is_empty() && dynamic(p.ty) {
                s.push(' ');
                s.push_str(location);
            }
            if !p.name.is_empty() {
                s.push(' ');
                s.push_str(&sol_name(p.name));
            }
            s
        })
        .collect();
    parts.join(", ")
}

fn natspec(out: &mut String, doc: &[&str]) {
    for (i, line) in doc.iter().enumerate() {
        let line = doc_names(line.strip_prefix(' ').unwrap_or(line));
        if i == 0 {
            out.push_str(&format!("    /// @notice {line}\n"));
        } else if line.is_empty() {
            out.push_str("    ///\n");
        } else {
            out.push_str(&format!("    /// {line}\n"));
        }
    }
}

fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn json_params(list: &[Param], event: bool) -> String {
    let parts: Vec<String> = list
        .iter()
        .map(|p| {
            let indexed = if event {
                format!(", \"indexed\": {}", p.indexed)
            } else {
                String::new()
            };
            format!(
                "{{ \"name\": {}, \"type\": {}, \"internalType\": {}{indexed} }}",
                json_string(&sol_name(p.name)),
                json_string(p.ty),
                json_string(p.ty)
            )
        })
        .collect();
    if parts.is_empty() {
        String::from("[]")
    } else {
        format!("[\n      {}\n    ]", parts.join(",\n      "))
    }
}

impl Abi<'_> {
    /// The Solidity file: a header, then [`Abi::interface`].
    pub fn solidity(&self) -> String {
        let mut out = String::from(
            "/**\n * Generated from the contract's route, error and event tables \
             (restake-kit's `export`).\n */\n\n\
             // SPDX-License-Identifier: MIT\npragma solidity ^0.8.23;\n\n",
        );
        out.push_str(&self.interface());
        out
    }

    /// The Solidity interface, with NatSpec.
    pub fn interface(&self) -> String {
        let mut out = String::new();
        for line in self.doc {
            out.push_str(&format!("///{}\n", doc_names(line)));
        }
        out.push_str(&format!("interface {} {{\n", self.name));
        let mut first = true;
        let mut gap = |out: &mut String| {
            if !first {
                out.push('\n');
            }
            first = false;
        };
        for r in self.routes {
            gap(&mut out);
            natspec(&mut out, r.doc);
            let mutability = match r.mutability {
                "nonpayable" => "",
                m => m,
            };
            let mut line = format!(
                "    function {}({}) external",
                r.name,
                params(r.inputs, "calldata")
            );
            if !mutability.is_empty() {
                line.push(' ');
                line.push_str(mutability);
            }
            if !r.outputs.is_empty() {
                line.push_str(&format!(" returns ({})", params(r.outputs, "memory")));
            }
            out.push_str(&line);
            out.push_str(";\n");
        }
        for e in &self.errors {
            gap(&mut out);
            natspec(&mut out, e.doc);
            out.push_str(&format!(
                "    error {}({});\n",
                e.name,
                params(e.params, "")
            ));
        }
        for e in &self.events {
            gap(&mut out);
            natspec(&mut out, e.doc);
            out.push_str(&format!(
                "    event {}({});\n",
                e.name,
                params(e.params, "")
            ));
        }
        out.push_str("}\n");
        out
    }

    /// The JSON ABI (the Solidity compiler's shape).
    pub fn json(&self) -> String {
        let mut entries = Vec::new();
        if let Some(inputs) = self.constructor {
            entries.push(format!(
                "  {{\n    \"type\": \"constructor\",\n    \"inputs\": {},\n    \"stateMutability\": \"nonpayable\"\n  }}",
                json_params(inputs, false)
            ));
        }
        for r in self.routes {
            entries.push(format!(
                "  {{\n    \"type\": \"function\",\n    \"name\": {},\n    \"inputs\": {},\n    \"outputs\": {},\n    \"stateMutability\": {}\n  }}",
                json_string(r.name),
                json_params(r.inputs, false),
                json_params(r.outputs, false),
                json_string(r.mutability)
            ));
        }
        for e in &self.errors {
            entries.push(format!(
                "  {{\n    \"type\": \"error\",\n    \"name\": {},\n    \"inputs\": {}\n  }}",
                json_string(e.name),
                json_params(e.params, false)
            ));
        }
        for e in &self.events {
            entries.push(format!(
                "  {{\n    \"type\": \"event\",\n    \"name\": {},\n    \"inputs\": {},\n    \"anonymous\": false\n  }}",
                json_string(e.name),
                json_params(e.params, true)
            ));
        }
        format!("[\n{}\n]\n", entries.join(",\n"))
    }
}

/// What a contract's `export-abi` binary does: `--sol` prints
/// [`Abi::solidity`], `--json` prints [`Abi::json`]; anything else runs
/// `otherwise` (stylus-sdk's printer, which `cargo stylus export-abi` calls).
#[cfg(feature = "export")]
pub fn print_or(abi: &Abi, otherwise: impl FnOnce()) {
    extern crate std;
    match std::env::args().nth(1).as_deref() {
        Some("--sol") => std::print!("{}", abi.solidity()),
        Some("--json") => std::print!("{}", abi.json()),
        _ => otherwise(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abi_names_are_mixed_case() {
        assert_eq!(sol_name("withdrawal_id"), "withdrawalId");
        assert_eq!(sol_name("payload_a"), "payloadA");
        assert_eq!(sol_name("receive_as_tokens"), "receiveAsTokens");
        assert_eq!(sol_name("setId"), "setId");
        assert_eq!(sol_name("owner"), "owner");
        assert_eq!(sol_name(""), "");
        assert_eq!(
            doc_names(
                "Sets `cap_wad` of set `(avs, set_id)` to `NATIVE_ETH` or `type(uint64).max`"
            ),
            "Sets `capWad` of set `(avs, setId)` to `NATIVE_ETH` or `type(uint64).max`"
        );
        assert_eq!(doc_names("no code here_at all"), "no code here_at all");
    }
}
