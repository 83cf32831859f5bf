//! Reading a transaction's call tree: which hooks succeeded, and whether
//! every reentry into a guarded program was refused at once.

use alloy::primitives::Address;
use serde_json::Value;

use crate::world::World;

/// Whether each frame `token` opened (its hooks, in order) succeeded.
pub fn token_calls(trace: &Value, token: Address) -> Vec<bool> {
    pub fn walk(f: &Value, token: Address, out: &mut Vec<bool>) {
        for c in f["calls"].as_array().into_iter().flatten() {
            let from: Address = c["from"]
                .as_str()
                .and_then(|s| s.parse().ok())
                .unwrap_or_default();
            if from == token && c["type"] == "CALL" {
                out.push(c.get("error").is_none());
            }
            walk(c, token, out);
        }
    }
    let mut out = Vec::new();
    walk(trace, token, &mut out);
    out
}

/// Stylus programs that refuse reentry (stylus-sdk's guard): every program
/// of the suite but the sub-accounts (built `reentrant`, controller-only).
pub fn guarded(w: &World) -> Vec<Address> {
    vec![w.token_vault, w.registry, w.manager, w.lrt, w.eth_vault]
}

/// Every `CALL` frame into a guarded program already open further up the
/// call tree must have reverted at once: no data, no nested call. Returns
/// how many such frames there were.
pub fn check_guard(
    trace: &Value,
    guarded: &[Address],
    failures: &mut Vec<String>,
    label: &str,
) -> usize {
    pub fn walk(
        f: &Value,
        open: &mut Vec<Address>,
        guarded: &[Address],
        failures: &mut Vec<String>,
        label: &str,
    ) -> usize {
        let to: Address = f["to"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .unwrap_or_default();
        let is_call = f["type"] == "CALL" || f["type"] == "STATICCALL";
        let mut n = 0;
        if is_call && guarded.contains(&to) && open.contains(&to) {
            n += 1;
            let clean = f["error"] == "execution reverted"
                && f.get("output").is_none()
                && f.get("calls").is_none();
            if !clean {
                failures.push(format!("{label}: reentered {to} and it ran: {f}"));
            }
        }
        if is_call {
            open.push(to);
        }
        for c in f["calls"].as_array().into_iter().flatten() {
            n += walk(c, open, guarded, failures, label);
        }
        if is_call {
            open.pop();
        }
        n
    }
    walk(trace, &mut Vec::new(), guarded, failures, label)
}
