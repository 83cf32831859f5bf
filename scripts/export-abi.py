#!/usr/bin/env python3
"""Exports each contract's Solidity interface to abi/I<Name>.sol.

The functions and custom errors come from the contract's own ABI export
(`cargo run -p <crate> --features export-abi`, stylus-sdk's printer); the
events, which that printer omits, are taken from the `sol!` declarations the
contract emits (contracts/interfaces/src/<module>.rs and the OpenZeppelin
modules it composes) and appended to the interface.

Usage: scripts/export-abi.py [CRATE...]           write abi/*.sol
       scripts/export-abi.py --check [CRATE...]   fail if abi/*.sol differ from the code
"""
import json
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
CONTRACTS = ROOT / "contracts"
OUT = ROOT / "abi"

# crate -> event sources: our interfaces modules and OpenZeppelin module paths.
EVENT_SOURCES = {
    "restake-vault": ["vault.rs", "oz:access/ownable.rs", "oz:access/ownable_two_step.rs", "oz:utils/pausable.rs"],
    "restake-mock-lst": ["oz:token/erc20/mod.rs", "oz:access/ownable.rs", "mock-lst/src/lib.rs"],
    "restake-registry": ["registry.rs", "oz:access/ownable.rs", "oz:access/ownable_two_step.rs"],
    "restake-slashing": ["slashing.rs", "oz:access/ownable.rs", "oz:access/ownable_two_step.rs"],
    "restake-lrt": ["lrt.rs", "oz:token/erc20/mod.rs", "oz:access/ownable.rs", "oz:access/ownable_two_step.rs", "oz:utils/pausable.rs"],
    "restake-lrt-account": ["lrt.rs"],
}

EVENT_RE = re.compile(r"\bevent\s+(\w+)\s*\(([^;]*?)\)\s*(anonymous\s*)?;", re.S)


def metadata():
    out = subprocess.run(
        ["cargo", "metadata", "--format-version", "1"], cwd=CONTRACTS, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out)


def events_in(path, wanted_names=None):
    text = path.read_text()
    text = "\n".join(line for line in text.splitlines() if not line.strip().startswith("//"))
    found = []
    for m in EVENT_RE.finditer(text):
        params = " ".join(m.group(2).split())
        found.append(f"event {m.group(1)}({params});")
    return found


def export(pkg, oz_src):
    out = subprocess.run(
        ["cargo", "run", "-q", "-p", pkg["name"], "--features", "export-abi"],
        cwd=CONTRACTS, check=True, capture_output=True, text=True,
    ).stdout
    events = []
    for src in EVENT_SOURCES.get(pkg["name"], []):
        if src.startswith("oz:"):
            path = oz_src / src[3:]
        elif "/" in src:
            path = CONTRACTS / src
        else:
            path = CONTRACTS / "interfaces/src" / src
        if path.exists():
            for e in events_in(path):
                if e not in events:
                    events.append(e)
    body = out.rstrip()
    assert body.endswith("}"), f"unexpected export output for {pkg['name']}"
    name = re.search(r"interface\s+(\w+)", body).group(1)
    extra = "".join(f"\n    {e}\n" for e in events)
    return name, body[:-1].rstrip() + "\n" + extra + "}\n"


def main():
    check = "--check" in sys.argv
    meta = metadata()
    oz = next(p for p in meta["packages"] if p["name"] == "openzeppelin-stylus")
    oz_src = pathlib.Path(oz["manifest_path"]).parent / "src"
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
    for pkg in sorted(pkgs, key=lambda p: p["name"]):
        name, text = export(pkg, oz_src)
        path = OUT / f"{name}.sol"
        if check:
            if not path.exists() or path.read_text() != text:
                stale.append(path.name)
        else:
            path.write_text(text)
            print(f"abi/{path.name}: {text.count('function ')} functions, "
                  f"{text.count('error ')} errors, {text.count('event ')} events")
    if stale:
        print("export-abi: out of date (run scripts/export-abi.py): " + ", ".join(stale), file=sys.stderr)
        sys.exit(1)
    if check:
        print(f"export-abi: {len(pkgs)} interfaces match the code")


if __name__ == "__main__":
    main()
