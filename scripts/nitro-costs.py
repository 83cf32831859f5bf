#!/usr/bin/env python3
"""Stylus v2 program costs from Nitro's published formulas, independently of the devnet.

    python3 scripts/nitro-costs.py FILE.wasm...      # one JSON object per line

For each wasm it parses the module itself (a minimal reader of the section
headers, the type, import, function, global and memory sections) and computes,
from ArbOS 61's rules (Nitro `crates/prover/src/binary.rs`, `arbos/programs/`):

  init_cost   = 8.252·funcs + 1.059·type_len + 0.1286·wasm_len           (each term floored)
  cached_cost = 0.1342·funcs + 0.00089·type_len + 0.00122·wasm_len
                + 1.628·globals + 0.75244·data_len + 5·footprint
  init_gas    = 69·128 + ceil(init_cost · 50 · 2 / 100)      (uncached start-up, on top of:)
  cached_gas  = 11·32 + ceil(cached_cost · 50 · 2 / 100)     (every call)
  asm         = 512,000 + 996.829·funcs + 11.416·type_len + 6.2628·wasm_len
  fee(demand) = floor(82,928,201 · exp_bips(10,000·demand / 21,360,419) / 10,000) · asm

where funcs are the module's own functions, type_len the parameters and results
of their types, globals the module's plus the 4 Nitro's instrumentation adds,
data_len the bytes of every data and element segment entry, footprint the initial
memory pages, and exp_bips Nitro's 12-term Horner approximation of 10⁴·e^(x/10⁴).
It shares no code with the devnet (Rust), so the devnet's cross-check test can
compare the two.
"""
import json
import sys


def leb(buf, i):
    result = shift = 0
    while True:
        b = buf[i]
        i += 1
        result |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return result, i


def name(buf, i):
    n, i = leb(buf, i)
    return buf[i:i + n], i + n


def analyze(wasm):
    assert wasm[:8] == b"\x00asm\x01\x00\x00\x00", "not a wasm module"
    types, func_types = [], []
    globals_ = 0
    footprint = 0
    data_len = 0
    i = 8
    while i < len(wasm):
        sid = wasm[i]
        size, j = leb(wasm, i + 1)
        end = j + size
        body = wasm[j:end]
        if sid == 1:  # types
            count, k = leb(body, 0)
            for _ in range(count):
                assert body[k] == 0x60
                k += 1
                np, k = leb(body, k)
                k += np
                nr, k = leb(body, k)
                k += nr
                types.append(np + nr)
        elif sid == 3:  # functions
            count, k = leb(body, 0)
            for _ in range(count):
                t, k = leb(body, k)
                func_types.append(t)
        elif sid == 5:  # memory
            count, k = leb(body, 0)
            flags = body[k]
            footprint, k = leb(body, k + 1)
        elif sid == 6:  # globals
            globals_, _ = leb(body, 0)
        elif sid in (9, 11):  # element and data: the entries, without the count
            count, k = leb(body, 0)
            data_len += len(body) - k
        i = end
    funcs = len(func_types)
    type_len = sum(types[t] for t in func_types)
    wasm_len = len(wasm)
    globals_ += 4
    init_cost = funcs * 8252 // 1000 + type_len * 1059 // 1000 + wasm_len * 1286 // 10000
    cached_cost = (funcs * 13420 // 100000 + type_len * 89 // 100000 + wasm_len * 122 // 100000
                   + globals_ * 1628 // 1000 + data_len * 75244 // 100000 + footprint * 5)
    asm = 512000 + funcs * 996829 // 1000 + type_len * 11416 // 1000 + wasm_len * 62628 // 10000
    ceil = lambda a, b: -(-a // b)
    return {
        "funcs": funcs,
        "type_len": type_len,
        "wasm_len": wasm_len,
        "globals": globals_,
        "data_len": data_len,
        "footprint": footprint,
        "init_cost": init_cost,
        "cached_cost": cached_cost,
        "init_gas": 69 * 128 + ceil(init_cost * 50 * 2, 100),
        "cached_gas": 11 * 32 + ceil(cached_cost * 50 * 2, 100),
        "asm_estimate": asm,
        # A first activation on a fresh chain: the demand is this module's own bytes.
        "fee_fresh_chain": fee(asm, asm),
    }


def exp_bips(x):
    b = 10000
    acc = 12
    res = b + x // acc
    for i in range(acc - 1, 0, -1):
        res = b + res * x // (i * b)
    return res


def fee(nbytes, demand):
    multiplier = exp_bips(10000 * demand // 21360419)
    per_byte = 82928201 * multiplier // 10000
    return per_byte * nbytes


if __name__ == "__main__":
    for path in sys.argv[1:]:
        with open(path, "rb") as f:
            out = analyze(f.read())
        out["file"] = path
        print(json.dumps(out))
