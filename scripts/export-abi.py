#!/usr/bin/env python3
"""Exports each contract's ABI to abi/I<Name>.sol and abi/I<Name>.json.

Every contract is on the kit's tables: `cargo run -p <crate> --features
export-abi -- --sol` (and `-- --json`) prints abi/I<Name>.sol, with NatSpec,
and abi/I<Name>.json from its route, error and event tables. Nothing is
parsed from Rust source. Test-only entry points (`cfg(feature = ...)` in a
route table) are absent, as the export builds without those features.

Usage: scripts/export-abi.py [CRATE...]           write abi/*.sol and abi/*.json
       scripts/export-abi.py --check [CRATE...]   fail if abi/* differ from the code
"""
import json
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
CONTRACTS = ROOT / "contracts"
OUT = ROOT / "abi"


def metadata():
    out = subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--no-deps"],
        cwd=CONTRACTS, check=True, capture_output=True, text=True,
    ).stdout
    return json.loads(out)


def run_export(pkg, flag):
    return subprocess.run(
        ["cargo", "run", "-q", "-p", pkg["name"], "--features", "export-abi", "--", flag],
        cwd=CONTRACTS, check=True, capture_output=True, text=True,
    ).stdout


def export(pkg):
    sol = run_export(pkg, "--sol")
    match = re.search(r"^interface\s+(\w+)", sol, re.M)
    if match is None:
        sys.exit(f"export-abi: {pkg['name']} printed no interface (is it on the kit's router?)")
    return match.group(1), sol, run_export(pkg, "--json")


def main():
    check = "--check" in sys.argv
    meta = metadata()
    members = set(meta["workspace_members"])
    pkgs = [
        p for p in meta["packages"]
        if p["id"] in members and "export-abi" in p["features"]
        and any("cdylib" in t["crate_types"] for t in p["targets"])
    ]
    only = [a for a in sys.argv[1:] if not a.startswith("--")]
    if only:
        pkgs = [p for p in pkgs if p["name"] in only]
    OUT.mkdir(exist_ok=True)
    stale = []
    written = set()
    for pkg in sorted(pkgs, key=lambda p: p["name"]):
        name, text, json_text = export(pkg)
        files = [(OUT / f"{name}.sol", text), (OUT / f"{name}.json", json_text)]
        written.update(f.name for f, _ in files)
        if check:
            for f, t in files:
                if not f.exists() or f.read_text() != t:
                    stale.append(f.name)
        else:
            for f, t in files:
                f.write_text(t)
            print(f"abi/{name}.sol, abi/{name}.json: {text.count('function ')} functions, "
                  f"{text.count('error ')} errors, {text.count('event ')} events")
    if not only:
        # A file no contract generates any more is stale too.
        extra = sorted(p.name for p in OUT.glob("I*.*") if p.suffix in (".sol", ".json") and p.name not in written)
        stale += extra
    if stale:
        print("export-abi: out of date (run scripts/export-abi.py): " + ", ".join(stale), file=sys.stderr)
        sys.exit(1)
    if check:
        print(f"export-abi: {len(pkgs)} interfaces match the code")


if __name__ == "__main__":
    main()
