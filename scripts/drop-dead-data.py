#!/usr/bin/env python3
"""Drops the standard library's dead constants from a wasm's data segments,
in place, after wasm-opt (scripts/build-wasm.sh).

Why: a program's start-up charges 0.752 gas per byte of its data segments
on every call, cached or not, and 0.13 per byte of wasm uncached
(platform.md). Every contract carried about 420 bytes of constants that no
code reads once scripts/trap-dead-fmt.py has trapped the out-of-memory
formatting: the integer-formatting digit table, the `rustc` source paths
of panic locations, and the messages of the allocator's and the SDK's
panics. wasm-opt keeps them: it cannot know what code addresses a segment.

What it drops, and why that is safe. A candidate is one of those constants,
found by its exact content. It is dropped only when
- no instruction names an address inside it (every `i32.const` and every
  load's or store's offset in the code section and every global's
  initializer is decoded, not guessed), and
- no 4-byte word of the data points inside it, or the module has no
  `core::fmt::write` (read from the pre-wasm-opt module's names, the
  second argument): the words that point at these constants are panic
  locations and message pieces, which only a formatter reads, and without
  `core::fmt::write` no formatter exists; the panic handler traps without
  reading them (`restake_kit::wasm_runtime!`).
The bytes are dropped by splitting the segment around them: the memory
there starts as zeros, which nothing reads. A segment count above Nitro's
128 fails the build.

Usage: drop-dead-data.py <wasm (rewritten)> <the same module before wasm-opt,
with its name section>. Prints what it dropped.
"""
import sys

DIGITS = "".join(f"{i:02}" for i in range(100)).encode()
FMT_WRITE = "4core3fmt5write"
MAX_SEGMENTS = 128


def leb(b, i):
    r = s = 0
    while True:
        x = b[i]
        i += 1
        r |= (x & 0x7F) << s
        s += 7
        if x < 0x80:
            return r, i


def sleb(b, i):
    r = s = 0
    while True:
        x = b[i]
        i += 1
        r |= (x & 0x7F) << s
        s += 7
        if x < 0x80:
            if x & 0x40:
                r -= 1 << s
            return r, i


def enc(n):
    out = bytearray()
    while True:
        x = n & 0x7F
        n >>= 7
        if n:
            out.append(x | 0x80)
        else:
            out.append(x)
            return bytes(out)


def senc(n):
    out = bytearray()
    while True:
        x = n & 0x7F
        n >>= 7
        if (n == 0 and not x & 0x40) or (n == -1 and x & 0x40):
            out.append(x)
            return bytes(out)
        out.append(x | 0x80)


def sections(b):
    assert b[:8] == b"\0asm\x01\0\0\0", "not a wasm module"
    i = 8
    while i < len(b):
        sid = b[i]
        n, j = leb(b, i + 1)
        yield sid, i, j, j + n
        i = j + n


def has_fmt_write(b):
    for sid, _, start, end in sections(b):
        if sid != 0:
            continue
        n, i = leb(b, start)
        if b[i:i + n] != b"name":
            continue
        i += n
        found_names = False
        while i < end:
            sub = b[i]
            size, i = leb(b, i + 1)
            if sub == 1:
                found_names = True
                count, k = leb(b, i)
                for _ in range(count):
                    _, k = leb(b, k)
                    ln, k = leb(b, k)
                    if FMT_WRITE in b[k:k + ln].decode("utf-8", "replace"):
                        return True
                    k += ln
            i += size
        if found_names:
            return False
    raise SystemExit("drop-dead-data: the pre-wasm-opt module has no function names")


def addresses(b, start, end):
    """Every i32.const immediate and memory offset in the code section
    [start, end), decoded instruction by instruction."""
    out = set()
    count, i = leb(b, start)
    for _ in range(count):
        size, i = leb(b, i)
        body_end = i + size
        n, i = leb(b, i)
        for _ in range(n):
            _, i = leb(b, i)
            i += 1
        while i < body_end:
            op = b[i]
            i += 1
            if op in (0x02, 0x03, 0x04):
                if b[i] == 0x40 or b[i] in (0x7F, 0x7E, 0x7D, 0x7C, 0x7B, 0x70, 0x6F):
                    i += 1
                else:
                    _, i = sleb(b, i)
            elif op in (0x0C, 0x0D, 0x10, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0xD2):
                _, i = leb(b, i)
            elif op == 0x0E:
                n, i = leb(b, i)
                for _ in range(n + 1):
                    _, i = leb(b, i)
            elif op == 0x11:
                _, i = leb(b, i)
                _, i = leb(b, i)
            elif op == 0x1C:
                n, i = leb(b, i)
                i += n
            elif 0x28 <= op <= 0x3E:
                _, i = leb(b, i)
                off, i = leb(b, i)
                out.add(off)
            elif op in (0x3F, 0x40, 0xD0):
                i += 1
            elif op == 0x41:
                v, i = sleb(b, i)
                out.add(v & 0xFFFFFFFF)
            elif op == 0x42:
                _, i = sleb(b, i)
            elif op == 0x43:
                i += 4
            elif op == 0x44:
                i += 8
            elif op == 0xFC:
                sub, i = leb(b, i)
                if sub <= 7:
                    pass
                elif sub == 8:
                    _, i = leb(b, i)
                    i += 1
                elif sub in (9, 13, 15, 16, 17):
                    _, i = leb(b, i)
                elif sub == 10:
                    i += 2
                elif sub == 11:
                    i += 1
                elif sub in (12, 14):
                    _, i = leb(b, i)
                    _, i = leb(b, i)
                else:
                    raise SystemExit(f"drop-dead-data: unknown 0xFC {sub}")
            elif op == 0xFD or op == 0xFE:
                raise SystemExit(f"drop-dead-data: prefix {op:#x} not expected")
        if i != body_end:
            raise SystemExit("drop-dead-data: a function body did not decode to its end")
    return out


def global_consts(b, start):
    out = set()
    count, i = leb(b, start)
    for _ in range(count):
        i += 2  # type, mutability
        while b[i] != 0x0B:
            op = b[i]
            i += 1
            if op == 0x41:
                v, i = sleb(b, i)
                out.add(v & 0xFFFFFFFF)
            elif op == 0x42:
                _, i = sleb(b, i)
            elif op in (0x23, 0xD2):
                _, i = leb(b, i)
            else:
                raise SystemExit(f"drop-dead-data: global initializer op {op:#x}")
        i += 1
    return out


def segments(b, start):
    segs = []
    count, i = leb(b, start)
    for _ in range(count):
        flag, i = leb(b, i)
        if flag != 0 or b[i] != 0x41:
            raise SystemExit("drop-dead-data: only active segments at a constant offset")
        off, i = sleb(b, i + 1)
        if b[i] != 0x0B:
            raise SystemExit("drop-dead-data: segment offset is not one i32.const")
        n, i = leb(b, i + 1)
        segs.append((off, bytes(b[i:i + n])))
        i += n
    return segs


def candidates(segs):
    """(start, end, what) of each dead-constant candidate, by content."""
    out = []
    for off, data in segs:
        k = data.find(DIGITS)
        if k >= 0:
            out.append((off + k, off + k + len(DIGITS), "digit table"))
        k = data.find(b"/rustc/")
        while k >= 0:
            e = data.find(b".rs", k)
            if e < 0:
                break
            out.append((off + k, off + e + 3, "rustc path"))
            k = data.find(b"/rustc/", e)
        k = data.find(b"memory allocation of ")
        if k > 0:
            e = data.find(b"bytes failed", k)
            if 0 <= e < k + 40:
                # The template from its length byte to its terminator.
                end = e + len(b"bytes failed")
                if end < len(data) and data[end] == 0:
                    end += 1
                out.append((off + k - 1, off + end, "allocation-failure message"))
        for text in (b"capacity overflow", b"too many topics"):
            k = data.find(text)
            if k >= 0:
                out.append((off + k, off + k + len(text), repr(text.decode())))
    return out


def main(path, named):
    b = open(path, "rb").read()
    no_write = not has_fmt_write(open(named, "rb").read())
    code_refs = set()
    data_sec = None
    for sid, head, start, end in sections(b):
        if sid == 10:
            code_refs |= addresses(b, start, end)
        elif sid == 6:
            code_refs |= global_consts(b, start)
        elif sid == 11:
            data_sec = (head, start, end)
    if data_sec is None:
        return
    segs = segments(b, data_sec[1])
    words = []
    for off, data in segs:
        for k in range(0, len(data) - 3):
            if (off + k) % 4 == 0:
                words.append((off + k, int.from_bytes(data[k:k + 4], "little")))
    dropped = []
    for lo, hi, what in candidates(segs):
        if any(lo <= a < hi for a in code_refs):
            continue
        pointed = any(lo <= v < hi and not lo <= at < hi for at, v in words)
        if pointed and not no_write:
            continue
        dropped.append((lo, hi, what))
    if not dropped:
        return
    out_segs = []
    for off, data in segs:
        cuts = sorted((max(lo, off), min(hi, off + len(data))) for lo, hi, _ in dropped
                      if lo < off + len(data) and hi > off)
        pos = off
        for lo, hi in cuts:
            if lo > pos:
                out_segs.append((pos, data[pos - off:lo - off]))
            pos = max(pos, hi)
        if pos < off + len(data):
            out_segs.append((pos, data[pos - off:]))
    # Leading and trailing zeros of a piece are memory's own zeros.
    trimmed = []
    for off, data in out_segs:
        s = len(data) - len(data.lstrip(b"\0"))
        data = data.strip(b"\0")
        if data:
            trimmed.append((off + s, data))
    if len(trimmed) > MAX_SEGMENTS:
        raise SystemExit(f"drop-dead-data: {path}: {len(trimmed)} segments > {MAX_SEGMENTS}")
    body = bytearray(enc(len(trimmed)))
    for off, data in trimmed:
        body += b"\x00\x41" + senc(off) + b"\x0b" + enc(len(data)) + data
    head, _, end = data_sec
    new = b[:head] + bytes([11]) + enc(len(body)) + bytes(body) + b[end:]
    before = sum(len(d) for _, d in segs)
    after = sum(len(d) for _, d in trimmed)
    open(path, "wb").write(new)
    print(f"drop-dead-data: {path.split('/')[-1]}: data {before} -> {after} bytes, "
          f"wasm {len(b)} -> {len(new)} ({', '.join(sorted({w for _, _, w in dropped}))})")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit("usage: drop-dead-data.py <wasm> <pre-wasm-opt wasm with names>")
    main(sys.argv[1], sys.argv[2])
