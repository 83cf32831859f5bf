#!/usr/bin/env bash
# Regenerates the committed figures (issue #13 item 6): snapshots/sizes.txt
# (every contract's deployed size and start-up gas) and snapshots/demo-gas.txt
# (the demo's per-step gas, uncached and cached, and the floor), from a fresh
# build on a fresh devnet (its state in a temporary directory, so no program
# is left cached from an earlier run and nothing on record is reused).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${RESTAKE_SNAPSHOT_PORT:-8549}
URL="http://127.0.0.1:$PORT"
bash scripts/setup.sh
bash scripts/build-wasm.sh
python3 scripts/size.py --write
cargo build -q -p restake-devnet -p restake-deploy
TMP=$(mktemp -d)
./target/debug/restake-devnet --port "$PORT" --state "$TMP/state.json" --block-time 1 --quiet > "$TMP/devnet.log" 2>&1 &
PID=$!
trap 'rc=$?; kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$TMP"; exit $rc' EXIT
for _ in $(seq 1 100); do
  curl -s -m 2 -X POST -H 'content-type: application/json' \
    -d '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' "$URL" 2>/dev/null | grep -q result && break
  sleep 0.2
done
# The devnet prefunds the Nitro dev node's well-known key (never a real key).
export RESTAKE_DEPLOYER_KEY=${RESTAKE_DEPLOYER_KEY:-0xb6b15c8cb491557369f3c7d2c287b053eb229daa9c22138887752191c9520659}
./target/debug/restake-deploy --rpc-url "$URL" --network snapshot
./target/debug/restake-demo --rpc-url "$URL" --network snapshot --gas-snapshot snapshots/demo-gas.txt
rm -f deployments/snapshot.json
echo "snapshot: wrote snapshots/sizes.txt and snapshots/demo-gas.txt"
