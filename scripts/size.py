#!/usr/bin/env python3
"""The Stylus size gate.

Prints each contract's deployed size (the 4-byte EF F0 00 00 prefix + brotli
quality 11 of its wasm) and exits non-zero if any is above 24,576 bytes.
Usage: scripts/size.py [WASM_DIR]   (default: contracts/target/deploy)
"""
import pathlib
import sys

import brotli

LIMIT = 24_576
PREFIX = 4  # EF F0 00 + dictionary byte

root = pathlib.Path(__file__).resolve().parent.parent
wasm_dir = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else root / "contracts/target/deploy"
files = sorted(wasm_dir.glob("*.wasm"))
if not files:
    print(f"size: no wasm in {wasm_dir}; run scripts/build-wasm.sh first", file=sys.stderr)
    sys.exit(2)

over = []
print(f"{'contract':<28}{'wasm':>10}{'deployed':>10}{'limit':>8}{'margin':>9}")
for f in files:
    raw = f.read_bytes()
    deployed = len(brotli.compress(raw, quality=11)) + PREFIX
    margin = LIMIT - deployed
    print(f"{f.stem:<28}{len(raw):>10,}{deployed:>10,}{LIMIT:>8,}{margin:>9,}")
    if deployed > LIMIT:
        over.append(f.stem)
if over:
    print(f"size: over the Stylus limit: {', '.join(over)}", file=sys.stderr)
    sys.exit(1)
print("size: every contract fits the Stylus limit")
