//! The deploy path as on a real chain: the activation data fee is estimated
//! and paid (and recorded), and a program whose classic code exceeds 24,576
//! bytes is deployed as fragments and a root through the StylusDeployer,
//! then called; a second run deploys nothing.
//!
//! The large program is the mock LST's deployable wasm with one more active
//! data segment of 24 KB of incompressible bytes in a page of its own (a real
//! program that runs unchanged: nothing reads that page). A custom section
//! would not do: it carries no weight in what Nitro keeps.

use alloy::primitives::U256;
use alloy::providers::Provider;
use alloy::sol_types::SolValue;
use restake_deploy::bindings::IMockLst;
use restake_deploy::stylus::{self, ProgramForm, MAX_CODE_SIZE};
use restake_deploy::{default_wasm_dir, Deployer, DeploymentRecord, NITRO_DEV_KEY};
use restake_devnet::rpc::Devnet;
use restake_e2e::{actor, send};

fn uleb(mut v: u64, out: &mut Vec<u8>) {
    loop {
        let b = (v & 0x7F) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

fn sleb(mut v: i64, out: &mut Vec<u8>) {
    loop {
        let b = (v & 0x7F) as u8;
        v >>= 7;
        if (v == 0 && b & 0x40 == 0) || (v == -1 && b & 0x40 != 0) {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

fn read_uleb(d: &[u8], i: &mut usize) -> u64 {
    let (mut v, mut shift) = (0u64, 0);
    loop {
        let b = d[*i];
        *i += 1;
        v |= u64::from(b & 0x7F) << shift;
        shift += 7;
        if b & 0x80 == 0 {
            return v;
        }
    }
}

/// `wasm` with one more page of initial memory and an active data segment
/// of `bytes` at the start of that page.
fn with_padding_segment(wasm: &[u8], bytes: &[u8]) -> Vec<u8> {
    assert!(bytes.len() <= 65_536);
    let mut out = wasm[..8].to_vec();
    let mut i = 8;
    let mut page = None;
    let mut saw_data = false;
    while i < wasm.len() {
        let id = wasm[i];
        i += 1;
        let size = read_uleb(wasm, &mut i) as usize;
        let body = &wasm[i..i + size];
        i += size;
        let mut new = Vec::new();
        match id {
            5 => {
                // One memory: flags, min pages, [max pages].
                let mut j = 0;
                assert_eq!(read_uleb(body, &mut j), 1, "one memory");
                let flags = body[j];
                j += 1;
                let min = read_uleb(body, &mut j);
                page = Some(min);
                new.push(1);
                new.push(flags);
                uleb(min + 1, &mut new);
                if flags & 1 == 1 {
                    let max = read_uleb(body, &mut j);
                    uleb(max.max(min + 1), &mut new);
                }
            }
            11 => {
                saw_data = true;
                let mut j = 0;
                let count = read_uleb(body, &mut j);
                uleb(count + 1, &mut new);
                new.extend_from_slice(&body[j..]);
                let offset = page.expect("memory section before data") * 65_536;
                new.extend_from_slice(&[0x00, 0x41]);
                sleb(offset as i64, &mut new);
                new.push(0x0B);
                uleb(bytes.len() as u64, &mut new);
                new.extend_from_slice(bytes);
            }
            _ => new.extend_from_slice(body),
        }
        out.push(id);
        uleb(new.len() as u64, &mut out);
        out.extend(new);
    }
    assert!(saw_data, "the program has a data section");
    out
}

/// Bytes brotli cannot shrink (xorshift).
fn noise(n: usize) -> Vec<u8> {
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

#[tokio::test(flavor = "current_thread")]
async fn a_program_over_24_kb_deploys_as_fragments_pays_its_fee_and_runs() {
    let lst = std::fs::read(default_wasm_dir().join("restake_mock_lst.wasm"))
        .expect("run scripts/build-wasm.sh");
    let big = with_padding_segment(&lst, &noise(24_000));
    let ProgramForm::Fragmented { fragments, .. } = stylus::program_form(&big).unwrap() else {
        panic!("the padded program must exceed {MAX_CODE_SIZE} bytes classic");
    };
    assert_eq!(fragments.len(), 2);
    let dir = std::env::temp_dir().join(format!("restake-e2e-fragments-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("padded_mock_lst.wasm"), &big).unwrap();
    std::fs::copy(
        default_wasm_dir().join("restake_mock_lst.wasm"),
        dir.join("restake_mock_lst.wasm"),
    )
    .unwrap();

    let node = Devnet::start_free_port().unwrap();
    let url = node.url();
    let mut d = Deployer::connect(
        &url,
        NITRO_DEV_KEY,
        DeploymentRecord::default(),
        dir.clone(),
    )
    .await
    .unwrap();
    d.verbose = false;
    let owner = d.from;
    let balance_before = d.provider().get_balance(owner).await.unwrap();

    // A classic program: the fee is estimated, paid with the margin, charged.
    let small = d
        .contract("MockLst", "restake_mock_lst", (owner,).abi_encode_params())
        .await
        .unwrap();
    let rec = d.record.contracts["MockLst"].clone();
    assert!(rec.fragments.is_empty());
    assert!(
        rec.data_fee_estimate > U256::ZERO,
        "the devnet charges a data fee"
    );
    assert_eq!(
        rec.activation_value,
        stylus::fee_with_margin(rec.data_fee_estimate)
    );
    let charged = rec.data_fee.expect("ProgramActivated reports the fee");
    assert!(charged > U256::ZERO && charged <= rec.data_fee_estimate);
    let code = d.provider().get_code_at(small).await.unwrap();
    assert_eq!(code[..4], stylus::CLASSIC_PREFIX);

    // The large one: two fragments, then the root through the StylusDeployer.
    let addr = d
        .contract("PaddedLst", "padded_mock_lst", (owner,).abi_encode_params())
        .await
        .unwrap();
    let rec = d.record.contracts["PaddedLst"].clone();
    assert_eq!(rec.fragments.len(), 2);
    assert!(rec.fragments_gas_used > 0);
    for (a, f) in rec.fragments.iter().zip(&fragments) {
        assert_eq!(
            d.provider().get_code_at(*a).await.unwrap()[..],
            f[..],
            "fragment at {a}"
        );
    }
    let root = d.provider().get_code_at(addr).await.unwrap();
    assert_eq!(
        root[..],
        stylus::root_code(big.len() as u32, &rec.fragments)[..]
    );
    assert!(rec.data_fee.unwrap_or_default() > U256::ZERO);
    assert_eq!(d.report.fragments, 2);

    // What left the deployer is gas and the fees charged, not the margins.
    let balance_after = d.provider().get_balance(owner).await.unwrap();
    let fees = d.report.data_fees;
    assert_eq!(fees, charged + rec.data_fee.unwrap_or_default());
    let spent = balance_before - balance_after;
    assert!(spent >= fees, "spent {spent} < fees {fees}");

    // The fragmented program runs: constructor ran (owner), mint, balance.
    let (p, _) = actor(&url, 0);
    let (_, holder) = actor(&url, 1);
    let token = IMockLst::new(addr, &p);
    assert_eq!(token.owner().call().await.unwrap(), owner);
    let owner_token = IMockLst::new(addr, d.provider());
    send!(owner_token.mint(holder, U256::from(7u64)));
    assert_eq!(
        token.balanceOf(holder).call().await.unwrap(),
        U256::from(7u64)
    );

    // A second run deploys nothing.
    let record = d.record.clone();
    let mut again = Deployer::connect(&url, NITRO_DEV_KEY, record, dir.clone())
        .await
        .unwrap();
    again.verbose = false;
    let a = again
        .contract("MockLst", "restake_mock_lst", (owner,).abi_encode_params())
        .await
        .unwrap();
    let b = again
        .contract("PaddedLst", "padded_mock_lst", (owner,).abi_encode_params())
        .await
        .unwrap();
    assert_eq!((a, b), (small, addr));
    assert!(again.report.deployed.is_empty());
    assert_eq!(again.report.unchanged, ["MockLst", "PaddedLst"]);
    let _ = std::fs::remove_dir_all(&dir);
    node.stop();
}
