#!/usr/bin/env bash
# Installs foundry's anvil from npm (used only by the devnet benchmark for its
# ETH-transfer comparison). Prints the path of the anvil binary.
#   scripts/install-anvil.sh [DIR]   (default: target/tools/anvil, ignored by git)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="${1:-$ROOT/target/tools/anvil}"
mkdir -p "$DIR"
if ! command -v npm >/dev/null 2>&1; then
  echo "npm not found: install Node.js (e.g. apt-get install -y npm)" >&2
  exit 1
fi
npm install --silent --no-audit --no-fund --prefix "$DIR" @foundry-rs/anvil-linux-amd64 >&2
BIN="$(find "$DIR/node_modules/@foundry-rs/anvil-linux-amd64" -type f -name anvil | head -n1)"
chmod +x "$BIN"
"$BIN" --version >&2
echo "$BIN"
