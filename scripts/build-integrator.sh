#!/usr/bin/env bash
# Compiles the Solidity integrator example (integrator/) and the Solidity
# contracts the end-to-end tests deploy (integrator/test/) with solc from npm,
# against the exported interfaces in abi/. Output: integrator/out/*.json.
set -euo pipefail
cd "$(dirname "$0")/../integrator"
if [ ! -x node_modules/.bin/solcjs ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
node build.js
