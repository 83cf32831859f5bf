#!/usr/bin/env bash
# The main command (README): builds every contract's release wasm (and shows
# the size table), starts the devnet (state kept in .devnet/ so a second run
# finds the suite already deployed), deploys and wires the suite
# (deployments/devnet.json), then plays a full restaking lifecycle.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${RESTAKE_DEVNET_PORT:-8547}
URL="http://127.0.0.1:$PORT"

bash scripts/setup.sh
echo "== build: contracts' release wasm"
bash scripts/build-wasm.sh
python3 scripts/size.py || echo "(the size gate is enforced by scripts/test.sh)"
echo "== build: devnet, deploy script, demo"
cargo build -q -p restake-devnet -p restake-deploy

rpc_up() {
  curl -s -m 2 -X POST -H 'content-type: application/json' \
    -d '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' "$URL" 2>/dev/null | grep -q result
}

DEVNET_PID=""
if rpc_up; then
  echo "== devnet: already serving at $URL"
else
  mkdir -p .devnet
  echo "== devnet: starting at $URL (state in .devnet/state.json, log in .devnet/devnet.log)"
  ./target/debug/restake-devnet --port "$PORT" --state .devnet/state.json --quiet > .devnet/devnet.log 2>&1 &
  DEVNET_PID=$!
  # Give the devnet a moment of quiet to save its state before stopping it.
  trap 'sleep 1; [ -n "$DEVNET_PID" ] && kill "$DEVNET_PID" 2>/dev/null; wait "$DEVNET_PID" 2>/dev/null || true' EXIT
  for _ in $(seq 1 100); do rpc_up && break; sleep 0.2; done
  rpc_up || { echo "devnet did not start; see .devnet/devnet.log"; exit 1; }
fi

echo "== deploy"
./target/debug/restake-deploy --rpc-url "$URL"
echo "== demo lifecycle"
./target/debug/restake-demo --rpc-url "$URL"
