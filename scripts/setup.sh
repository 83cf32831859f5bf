#!/usr/bin/env bash
# Installs what a fresh machine lacks to build and test Restake. Idempotent.
#  - the wasm32 target for the pinned toolchain (rust-toolchain.toml)
#  - binaryen's wasm-opt, pinned (scripts/toolchain.env), from npm into .tools/
#  - the Python brotli module used by the size gate
set -euo pipefail
cd "$(dirname "$0")/.."

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  echo "setup: adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# shellcheck source=toolchain.env
. scripts/toolchain.env
want="version ${BINARYEN_VERSION%%.*} "
if ! "$WASM_OPT" --version 2>/dev/null | grep -q "$want"; then
  echo "setup: installing binaryen $BINARYEN_VERSION (wasm-opt) from npm into .tools/"
  if ! command -v npm >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq npm >/dev/null
  fi
  npm install --prefix .tools --no-audit --no-fund --silent "binaryen@$BINARYEN_VERSION"
  "$WASM_OPT" --version | grep -q "$want" || { echo "setup: $WASM_OPT is not binaryen $BINARYEN_VERSION" >&2; exit 1; }
fi

if ! python3 -c "import brotli" >/dev/null 2>&1; then
  echo "setup: installing the Python brotli module"
  python3 -m pip install -q --disable-pip-version-check brotli
fi
