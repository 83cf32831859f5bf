#!/usr/bin/env bash
# The test command (README, .ci/run): installs what a fresh machine lacks,
# checks formatting and clippy (-D warnings) in both workspaces, builds every
# contract's release wasm once, enforces the Stylus size gate,
# checks the exported Solidity interfaces against the code, compiles the
# Solidity integrator example, then runs the on-chain workspace's native
# tests (math, motsu contract tests) and the off-chain workspace's tests
# (devnet, end-to-end flows on the devnet against that same wasm), and the gas
# benchmark against its snapshot.
set -euo pipefail
cd "$(dirname "$0")/.."

# No incremental caches unless asked for (a test run builds each crate once;
# the caches doubled the target directories' size on disk).
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
disk() { echo "== disk: $(df -h --output=avail . | tail -1 | tr -d ' ') free; targets $(du -sh target contracts/target 2>/dev/null | awk '{print $1}' | paste -sd/ -)"; }
disk

bash scripts/setup.sh
echo "== habits: rustfmt and clippy (-D warnings) in both workspaces"
cargo fmt --all --check
(cd contracts && cargo fmt --all --check)
cargo clippy --workspace --all-targets --locked -- -D warnings
(cd contracts && cargo clippy --workspace --all-targets --locked -- -D warnings)
echo "== build: contracts' release wasm"
bash scripts/build-wasm.sh
echo "== size gate"
python3 scripts/size.py --check
echo "== ABI: abi/*.sol match the contracts' own export"
python3 scripts/export-abi.py --check
echo "== Solidity integrator example (solc from npm)"
bash scripts/build-integrator.sh
echo "== on-chain workspace: native tests"
(cd contracts && cargo test --workspace)
disk
# RESTAKE_TRIM_TARGETS=1 (CI): of the on-chain workspace's build only the
# deployable wasm (contracts/target/deploy/) is needed from here on; free the
# rest before the off-chain workspace builds.
if [ "${RESTAKE_TRIM_TARGETS:-0}" = 1 ]; then
  find contracts/target -mindepth 1 -maxdepth 1 ! -name deploy -exec rm -rf {} +
  disk
fi
echo "== off-chain workspace: devnet and end-to-end tests"
cargo test --workspace
disk
echo "== gas: every like-for-like row within 2% of snapshots/gas.txt (restake-bench)"
RESTAKE_BENCH_NO_BUILD=1 RESTAKE_BENCH_STAKERS=1,100 RESTAKE_BENCH_QUEUED=100 bash scripts/bench.sh --check
