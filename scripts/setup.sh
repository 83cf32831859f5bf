#!/usr/bin/env bash
# Installs what a fresh machine lacks to build and test Restake. Idempotent.
#  - the wasm32 target for the pinned toolchain (rust-toolchain.toml)
#  - binaryen's wasm-opt (Debian) to shrink the contracts' wasm
#  - the Python brotli module used by the size gate
set -euo pipefail
cd "$(dirname "$0")/.."

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  echo "setup: adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! command -v wasm-opt >/dev/null 2>&1; then
  echo "setup: installing binaryen (wasm-opt)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq binaryen >/dev/null
fi

if ! python3 -c "import brotli" >/dev/null 2>&1; then
  echo "setup: installing the Python brotli module"
  python3 -m pip install -q --disable-pip-version-check brotli
fi
