#!/usr/bin/env bash
# The Lrt's two forms side by side (docs/lrt.md): the deployed split (core +
# extension, from contracts/target/deploy/, built by scripts/build-wasm.sh)
# and the same route table in one wasm (the crate's `one-wasm` feature, built
# here into contracts/target/forms/). Prints each form's deployed size and
# start-up gas (scripts/size.py: the ArbOS 61 model), which is what the split
# decision weighs: a user call pays the core's start-up, a manager or owner
# call the core's and the extension's, where one wasm charges every call the
# start-up of the whole.
set -euo pipefail
cd "$(dirname "$0")/../contracts"
WASM_OPT="$(cd .. && pwd)/.tools/node_modules/.bin/wasm-opt"
[ -x "$WASM_OPT" ] || { echo "lrt-forms: run scripts/setup.sh first (wasm-opt)" >&2; exit 2; }
for w in restake_lrt restake_lrt_extension; do
  [ -f "target/deploy/$w.wasm" ] || { echo "lrt-forms: run scripts/build-wasm.sh first" >&2; exit 2; }
done
mkdir -p target/forms/split target/forms/one
cp target/deploy/restake_lrt.wasm target/deploy/restake_lrt_extension.wasm target/forms/split/
cargo build -q --lib --release --target wasm32-unknown-unknown -p restake-lrt --features one-wasm
"$WASM_OPT" -Oz --mvp-features --enable-bulk-memory --enable-sign-ext --enable-mutable-globals \
  --enable-nontrapping-float-to-int --strip-debug --strip-producers \
  target/wasm32-unknown-unknown/release/restake_lrt.wasm -o target/forms/one/restake_lrt_one_wasm.wasm
python3 ../scripts/strip-datacount.py target/forms/one/restake_lrt_one_wasm.wasm
# The featured build overwrote the crate's wasm in target/: rebuild the core
# so that a later build-wasm.sh step finds what it expects.
cargo build -q --lib --release --target wasm32-unknown-unknown -p restake-lrt
echo "== split (deployed)"
python3 ../scripts/size.py target/forms/split | sed '$d'
echo "== one wasm"
python3 ../scripts/size.py target/forms/one | sed '$d'
