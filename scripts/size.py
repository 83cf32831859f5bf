#!/usr/bin/env python3
"""The Stylus size gate (ArbOS 61).

Prints each contract's deployed size (the 4-byte EF F0 00 00 prefix + brotli
quality 11 of its wasm), whether it deploys in the classic form (at most
24,576 bytes) or as fragments (each `EF F0 01` + at most 24,573 bytes of the
brotli stream, at most MAX_FRAGMENTS of them: 4 on Arbitrum One, 96 KB), and
each program's uncached start-up gas on every call (Nitro's init + cached gas,
from scripts/nitro-costs.py): size is gas. Exits non-zero if a program cannot
be deployed at all, or decompresses to more than 128 KiB.

The table is also the size snapshot, `snapshots/sizes.txt` (issue #13):
`--write` rewrites it; `--check` (CI) fails when a contract's deployed size
or start-up gas rises more than 2% above its snapshot row, or a contract
appears or disappears, without the snapshot being updated.

Usage: scripts/size.py [--write | --check] [WASM_DIR]   (default: contracts/target/deploy)
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

args = [a for a in sys.argv[1:] if not a.startswith("--")]
mode = next((a for a in sys.argv[1:] if a in ("--write", "--check")), None)
SNAPSHOT = root / "snapshots/sizes.txt"
TOLERANCE = 0.02
wasm_dir = pathlib.Path(args[0]) if args else root / "contracts/target/deploy"
files = sorted(wasm_dir.glob("*.wasm"))
if not files:
    print(f"size: no wasm in {wasm_dir}; run scripts/build-wasm.sh first", file=sys.stderr)
    sys.exit(2)

bad = []
rows = {}
header = f"{'contract':<28}{'wasm':>10}{'deployed':>10}{'form':>14}{'start-up gas':>14}{'cached':>8}"
lines = [header]
print(header)
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
    startup = c["init_gas"] + c["cached_gas"]
    rows[f.stem] = (deployed, startup)
    line = f"{f.stem:<28}{len(raw):>10,}{deployed:>10,}{form:>14}{startup:>14,}{c['cached_gas']:>8,}"
    lines.append(line)
    print(line)
if bad:
    print(f"size: cannot be deployed on ArbOS 61: {', '.join(bad)}", file=sys.stderr)
    sys.exit(1)
print("size: every contract deploys on ArbOS 61 (classic up to 24,576 bytes, else up to 4 fragments)")


def parse(text):
    out = {}
    for line in text.splitlines()[1:]:
        cols = line.split()
        if len(cols) >= 6 and not line.startswith("#"):
            out[cols[0]] = (int(cols[2].replace(",", "")), int(cols[-2].replace(",", "")))
    return out


if mode == "--write":
    SNAPSHOT.parent.mkdir(exist_ok=True)
    SNAPSHOT.write_text("\n".join(lines) + "\n")
    print(f"size: wrote {SNAPSHOT.relative_to(root)}")
elif mode == "--check":
    if not SNAPSHOT.exists():
        print(f"size: no {SNAPSHOT.relative_to(root)}; run scripts/size.py --write", file=sys.stderr)
        sys.exit(1)
    old = parse(SNAPSHOT.read_text())
    problems = []
    for name in sorted(set(old) | set(rows)):
        if name not in rows or name not in old:
            problems.append(f"{name}: {'gone' if name not in rows else 'new'} (not in the snapshot)")
            continue
        for what, i in (("deployed bytes", 0), ("start-up gas", 1)):
            was, now = old[name][i], rows[name][i]
            if now > was * (1 + TOLERANCE):
                problems.append(f"{name}: {what} {was:,} -> {now:,} (+{(now - was) / was:.1%})")
            elif now != was:
                print(f"size: {name}: {what} {was:,} -> {now:,} (within {TOLERANCE:.0%} of the snapshot)")
    if problems:
        print("size: above the snapshot by more than 2% (update it with scripts/size.py --write "
              "and say why in the commit):\n  " + "\n  ".join(problems), file=sys.stderr)
        sys.exit(1)
    print(f"size: within {TOLERANCE:.0%} of {SNAPSHOT.relative_to(root)}")
