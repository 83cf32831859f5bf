#!/usr/bin/env python3
"""The Stylus size gate (ArbOS 61).

Prints each contract's deployed size (the 4-byte EF F0 00 00 prefix + brotli
quality 11 of its wasm), whether it deploys in the classic form (at most
24,576 bytes) or as fragments (each `EF F0 01` + at most 24,573 bytes of the
brotli stream, at most MAX_FRAGMENTS of them: 4 on Arbitrum One, 96 KB), and
each program's uncached start-up gas on every call (Nitro's init + cached gas,
from scripts/nitro-costs.py): size is gas. Exits non-zero if a program cannot
be deployed at all, or decompresses to more than 128 KiB.
Usage: scripts/size.py [WASM_DIR]   (default: contracts/target/deploy)
"""
import importlib.util
import pathlib
import sys

import brotli

CLASSIC_LIMIT = 24_576
FRAGMENT_PAYLOAD = 24_576 - 3
MAX_FRAGMENTS = 4
MAX_WASM = 128 * 1024
PREFIX = 4  # EF F0 00 + dictionary byte

root = pathlib.Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("nitro_costs", root / "scripts/nitro-costs.py")
nitro = importlib.util.module_from_spec(spec)
spec.loader.exec_module(nitro)

wasm_dir = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else root / "contracts/target/deploy"
files = sorted(wasm_dir.glob("*.wasm"))
if not files:
    print(f"size: no wasm in {wasm_dir}; run scripts/build-wasm.sh first", file=sys.stderr)
    sys.exit(2)

bad = []
print(f"{'contract':<28}{'wasm':>10}{'deployed':>10}{'form':>14}{'start-up gas':>14}{'cached':>8}")
for f in files:
    raw = f.read_bytes()
    stream = len(brotli.compress(raw, quality=11))
    deployed = stream + PREFIX
    if deployed <= CLASSIC_LIMIT:
        form = "classic"
    else:
        n = -(-stream // FRAGMENT_PAYLOAD)
        form = f"{n} fragments"
        if n > MAX_FRAGMENTS:
            bad.append(f"{f.stem} ({n} fragments > {MAX_FRAGMENTS})")
    if len(raw) > MAX_WASM:
        bad.append(f"{f.stem} ({len(raw)} bytes of wasm > {MAX_WASM})")
    c = nitro.analyze(raw)
    print(f"{f.stem:<28}{len(raw):>10,}{deployed:>10,}{form:>14}{c['init_gas'] + c['cached_gas']:>14,}{c['cached_gas']:>8,}")
if bad:
    print(f"size: cannot be deployed on ArbOS 61: {', '.join(bad)}", file=sys.stderr)
    sys.exit(1)
print("size: every contract deploys on ArbOS 61 (classic up to 24,576 bytes, else up to 4 fragments)")
