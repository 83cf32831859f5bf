#!/usr/bin/env python3
"""Removes the DataCount section (id 12) from wasm files, in place.

Nitro's user-program parser (ArbOS 61) accepts only the MVP sections plus custom
ones and rejects a DataCount section outright, while binaryen writes one whenever
bulk memory is enabled and the module has data segments. The section is only
needed by `memory.init` and `data.drop`, which Stylus rejects anyway, so removing
it never changes what the program does. Fails if the file is not a wasm module.
"""
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


def strip(data):
    if data[:8] != b"\x00asm\x01\x00\x00\x00":
        raise ValueError("not a wasm module")
    out = bytearray(data[:8])
    i = 8
    removed = 0
    while i < len(data):
        start = i
        sid = data[i]
        size, j = leb(data, i + 1)
        end = j + size
        if end > len(data):
            raise ValueError("truncated section")
        if sid == 12:
            removed += 1
        else:
            out += data[start:end]
        i = end
    return bytes(out), removed


if __name__ == "__main__":
    for path in sys.argv[1:]:
        with open(path, "rb") as f:
            data = f.read()
        new, removed = strip(data)
        if removed:
            with open(path, "wb") as f:
                f.write(new)
