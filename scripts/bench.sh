#!/usr/bin/env bash
# The like-for-like gas benchmark (issue #15): builds the wasm, starts a fresh
# devnet (its state in a temporary directory: no program cached from an earlier
# run), deploys the suite, and plays every operation of figures.md in both
# program modes (restake-bench). Prints the table.
#   bash scripts/bench.sh            print
#   bash scripts/bench.sh --write    also write snapshots/gas.txt and snapshots/sizes.txt
#   bash scripts/bench.sh --check    fail if a gas row rose more than 2% over
#                                    snapshots/gas.txt (or a size over sizes.txt)
# RESTAKE_BENCH_NO_BUILD=1 skips setup and the wasm build (CI builds once).
# The scaling rows use RESTAKE_BENCH_STAKERS (staker counts, default
# 1,100,10000; about 6 minutes for the 10,000) and RESTAKE_BENCH_QUEUED (queued
# withdrawals, default 1000); --write also writes them to snapshots/scaling.txt.
# --check compares the like-for-like table only (the scaling rows depend on
# the sizes chosen; CI runs them at 1 and 100).
# The LST is a Solidity ERC-20 (integrator/bench/BenchLst.sol, compiled by
# scripts/build-integrator.sh), as the LSTs on Arbitrum One and the tokens of
# the reference figures are: the Stylus mock LST would add its own program
# start-up to every row that moves the token.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${RESTAKE_BENCH_PORT:-8551}
URL="http://127.0.0.1:$PORT"
MODE=()
SIZE=
case "${1:-}" in
  --write) MODE=(--write snapshots/gas.txt); SIZE=--write ;;
  --check) MODE=(--check snapshots/gas.txt); SIZE=--check ;;
  "") ;;
  *) echo "usage: bash scripts/bench.sh [--write|--check]" >&2; exit 2 ;;
esac
if [ -z "${RESTAKE_BENCH_NO_BUILD:-}" ]; then
  bash scripts/setup.sh
  bash scripts/build-wasm.sh
  bash scripts/build-integrator.sh
fi
LST_ARTIFACT=integrator/out/BenchLst.json
[ -f "$LST_ARTIFACT" ] || { echo "bench: $LST_ARTIFACT missing: run scripts/build-integrator.sh" >&2; exit 1; }
[ -z "$SIZE" ] || python3 scripts/size.py "$SIZE"
cargo build -q -p restake-devnet -p restake-deploy
TMP=$(mktemp -d)
./target/debug/restake-devnet --port "$PORT" --state "$TMP/state.json" --block-time 1 --quiet > "$TMP/devnet.log" 2>&1 &
PID=$!
trap 'rc=$?; kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$TMP"; rm -f deployments/bench.json; exit $rc' EXIT
up=
for _ in $(seq 1 100); do
  if curl -s -m 2 -X POST -H 'content-type: application/json' \
    -d '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' "$URL" 2>/dev/null | grep -q result; then
    up=1; break
  fi
  sleep 0.2
done
[ -n "$up" ] || { echo "bench: the devnet did not start:" >&2; cat "$TMP/devnet.log" >&2; exit 1; }
# The devnet prefunds the Nitro dev node's well-known key (never a real key).
export RESTAKE_DEPLOYER_KEY=${RESTAKE_DEPLOYER_KEY:-0xb6b15c8cb491557369f3c7d2c287b053eb229daa9c22138887752191c9520659}
LST=$(./target/debug/restake-bench --rpc-url "$URL" --deploy-lst "$LST_ARTIFACT")
./target/debug/restake-deploy --rpc-url "$URL" --network bench --lst "$LST" > "$TMP/deploy.log" 2>&1 \
  || { cat "$TMP/deploy.log" >&2; exit 1; }
./target/debug/restake-bench --rpc-url "$URL" --network bench "${MODE[@]}"
