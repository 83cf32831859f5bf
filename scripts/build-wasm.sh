#!/usr/bin/env bash
# Builds every contract crate of the on-chain workspace (every crate with a
# cdylib target, plus the extra builds its manifest asks for) to release
# wasm, shrinks it with wasm-opt, and leaves the deployable wasm in
# contracts/target/deploy/<name>.wasm.
set -euo pipefail
cd "$(dirname "$0")/../contracts"

# The build plan, one line per wasm: "<crate> <output name> <features>".
# A crate's `[package.metadata.restake]` may ask for `wasm-features` (built
# with them, on their own, so the features do not unify into other crates)
# and `extra-wasm` (the same crate built again under another name with other
# features: the Lrt's extension).
mapfile -t PLAN < <(cargo metadata --no-deps --format-version 1 | python3 -c '
import json, sys
for p in json.load(sys.stdin)["packages"]:
    if not any("cdylib" in t["crate_types"] for t in p["targets"]):
        continue
    meta = (p.get("metadata") or {}).get("restake") or {}
    name = p["name"]
    print(name, name.replace("-", "_"), ",".join(meta.get("wasm-features", [])))
    for extra in meta.get("extra-wasm", []):
        print(name, extra["name"], ",".join(extra.get("features", [])))')

shrink() { # <built wasm> <output>
  if [ "${NO_WASM_OPT:-}" = "1" ] || ! command -v wasm-opt >/dev/null 2>&1; then
    cp "$1" "$2"
  else
    # Rust 1.95 emits bulk-memory and sign-ext instructions; Stylus accepts both.
    wasm-opt -Oz --enable-bulk-memory --enable-sign-ext --strip-debug --strip-producers "$1" -o "$2"
  fi
  # Nitro rejects a DataCount section (binaryen writes one under bulk memory).
  python3 "$(dirname "$0")/strip-datacount.py" "$2"
}

mkdir -p target/deploy
build=(cargo build --lib --release --target wasm32-unknown-unknown)
# Every crate without features first, in one build.
plain=()
for line in "${PLAN[@]}"; do
  read -r crate out features <<<"$line"
  if [ -z "${features:-}" ] && [ "${crate//-/_}" = "$out" ]; then plain+=(-p "$crate"); fi
done
"${build[@]}" "${plain[@]}"
for line in "${PLAN[@]}"; do
  read -r crate out features <<<"$line"
  if [ -z "${features:-}" ] && [ "${crate//-/_}" = "$out" ]; then
    shrink "target/wasm32-unknown-unknown/release/$out.wasm" "target/deploy/$out.wasm"
  fi
done
# Then each featured build on its own (it overwrites the crate's wasm in
# target/, so it is shrunk into target/deploy/ at once).
for line in "${PLAN[@]}"; do
  read -r crate out features <<<"$line"
  if [ -n "${features:-}" ]; then
    "${build[@]}" -p "$crate" --features "$features"
    shrink "target/wasm32-unknown-unknown/release/${crate//-/_}.wasm" "target/deploy/$out.wasm"
  fi
done
CRATES=("${PLAN[@]}")
echo "built ${#CRATES[@]} wasm into contracts/target/deploy/"
