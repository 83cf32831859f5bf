#!/usr/bin/env bash
# The main command (README): builds every contract, prints the size table,
# and, once the devnet and the deploy script are in place, starts the devnet,
# deploys the suite and plays the demo lifecycle.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
bash scripts/build-wasm.sh
python3 scripts/size.py
