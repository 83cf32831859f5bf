#!/usr/bin/env bash
# Builds every contract crate of the on-chain workspace (every crate with a
# cdylib target) to release wasm, shrinks it with wasm-opt, and leaves the
# deployable wasm in contracts/target/deploy/<crate_name>.wasm.
set -euo pipefail
cd "$(dirname "$0")/../contracts"

mapfile -t CRATES < <(cargo metadata --no-deps --format-version 1 | python3 -c '
import json, sys
for p in json.load(sys.stdin)["packages"]:
    if any("cdylib" in t["crate_types"] for t in p["targets"]):
        print(p["name"])')

args=()
for c in "${CRATES[@]}"; do args+=(-p "$c"); done
cargo build --lib --release --target wasm32-unknown-unknown "${args[@]}"

mkdir -p target/deploy
for c in "${CRATES[@]}"; do
  name=${c//-/_}
  src=target/wasm32-unknown-unknown/release/$name.wasm
  out=target/deploy/$name.wasm
  if [ "${NO_WASM_OPT:-}" = "1" ] || ! command -v wasm-opt >/dev/null 2>&1; then
    cp "$src" "$out"
  else
    # Rust 1.95 emits bulk-memory and sign-ext instructions; Stylus accepts both.
    wasm-opt -Oz --enable-bulk-memory --enable-sign-ext --strip-debug --strip-producers "$src" -o "$out"
  fi
done
echo "built ${#CRATES[@]} contracts into contracts/target/deploy/"
