#!/usr/bin/env bash
# Builds every contract crate of the on-chain workspace (every crate with a
# cdylib target, plus the extra builds its manifest asks for) to release
# wasm, shrinks it with the pinned wasm-opt, leaves the deployable wasm in
# contracts/target/deploy/<name>.wasm and checks that Nitro accepts it
# (scripts/check-wasm.py).
#
# wasm-opt is not optional: rustc's flags (contracts/.cargo/config.toml) keep
# reference types and multi-value out of our code, but the precompiled
# standard library still encodes call_indirect's table index the
# reference-types way, which Nitro refuses; wasm-opt re-encodes it. So a
# missing or wrong wasm-opt fails the build.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=toolchain.env
. scripts/toolchain.env
WASM_OPT="$PWD/$WASM_OPT"
if [ -n "${NO_WASM_OPT:-}" ]; then
  echo "build-wasm: NO_WASM_OPT is no longer supported: without wasm-opt the wasm is not Nitro-acceptable" >&2
  exit 1
fi
if ! "$WASM_OPT" --version 2>/dev/null | grep -q "version ${BINARYEN_VERSION%%.*} "; then
  echo "build-wasm: wasm-opt from binaryen $BINARYEN_VERSION not found at $WASM_OPT" >&2
  echo "build-wasm: found: $("$WASM_OPT" --version 2>&1 | head -1)" >&2
  echo "build-wasm: run scripts/setup.sh (it installs it from npm into .tools/)" >&2
  exit 1
fi
cd contracts

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
  # The standard library's out-of-memory formatting traps at once (as the
  # panic it ends in does), so wasm-opt drops the integer formatting only it
  # kept: scripts/trap-dead-fmt.py says why that is safe.
  python3 ../scripts/trap-dead-fmt.py "$1" "$2.in"
  # Exactly the features Nitro accepts (as the rustflags): an input using
  # anything else fails wasm-opt's validation instead of passing through.
  "$WASM_OPT" -Oz --mvp-features --enable-bulk-memory --enable-sign-ext --enable-mutable-globals \
    --enable-nontrapping-float-to-int --strip-debug --strip-producers "$2.in" -o "$2"
  # The standard library's constants no code reads any more (the digit
  # table, panic locations' source paths, the allocation-failure message):
  # 0.75 gas a byte on every call. scripts/drop-dead-data.py says why
  # dropping them is safe; it reads the names from the module before wasm-opt.
  python3 ../scripts/drop-dead-data.py "$2" "$2.in"
  rm -f "$2.in"
  # Nitro rejects a DataCount section (binaryen writes one under bulk memory).
  python3 ../scripts/strip-datacount.py "$2"
}

mkdir -p target/deploy
# Function names are kept until wasm-opt strips them (trap-dead-fmt.py
# finds functions by name); the profile's own `strip` serves other builds.
build=(env CARGO_PROFILE_RELEASE_STRIP=false cargo build --lib --release --target wasm32-unknown-unknown)
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
echo "built ${#CRATES[@]} wasm into contracts/target/deploy/ (wasm-opt: binaryen $BINARYEN_VERSION)"
python3 ../scripts/check-wasm.py target/deploy
