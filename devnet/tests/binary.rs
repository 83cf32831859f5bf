//! The `restake-devnet` binary starts, serves JSON-RPC, and keeps state with `--state`.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use restake_devnet::rpc::Client;
use serde_json::json;

struct Node(Child, String);
impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start(args: &[&str]) -> Node {
    let mut child = Command::new(env!("CARGO_BIN_EXE_restake-devnet"))
        .args(["--port", "0", "--quiet"])
        .args(args)
        .stdout(Stdio::piped())
        .spawn()
        .expect("start restake-devnet");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim()
        .strip_prefix("Listening on ")
        .expect("listening line")
        .to_string();
    Node(child, url)
}

#[test]
fn binary_serves_and_persists() {
    let state =
        std::env::temp_dir().join(format!("restake-devnet-bin-{}.json", std::process::id()));
    let _ = std::fs::remove_file(&state);
    let st = state.to_str().unwrap();
    let node = start(&["--state", st, "--chain-id", "412346"]);
    let mut c = Client::new(&node.1).unwrap();
    assert_eq!(c.call("eth_chainId", json!([])).unwrap(), "0x64aba");
    let accounts = c.call("eth_accounts", json!([])).unwrap();
    assert_eq!(accounts.as_array().unwrap().len(), 11);
    let to = "0x00000000000000000000000000000000000000aa";
    c.call(
        "eth_sendTransaction",
        json!([{"from": accounts[0], "to": to, "value": "0x2a"}]),
    )
    .unwrap();
    // The state file is written shortly after the change.
    std::thread::sleep(std::time::Duration::from_millis(600));
    drop(node);
    let node = start(&["--state", st]);
    let mut c = Client::new(&node.1).unwrap();
    assert_eq!(
        c.call("eth_getBalance", json!([to, "latest"])).unwrap(),
        "0x2a"
    );
    assert_eq!(c.call("eth_blockNumber", json!([])).unwrap(), "0x1");
    drop(node);
    let _ = std::fs::remove_file(&state);
}
