#!/usr/bin/env python3
"""Replaces the bodies of the standard library's out-of-memory formatting
with a trap, before wasm-opt (scripts/build-wasm.sh), so that wasm-opt drops
the integer formatting they alone keep alive (about 2 KB of code per
contract, so ~270 gas of start-up on every uncached call: docs/decisions.md,
session 16).

Why it is safe: our contracts are `no_std` with a panic handler that traps
without formatting (`restake_kit::wasm_runtime!`). The allocation-failure
handler (`__rdl_alloc_error_handler`) formats "memory allocation of N bytes
failed" and then panics, which traps: trapping at once is the same outcome.
`<u32 as Display>::fmt` is reachable only through a `core::fmt::Formatter`,
which only `core::fmt::write` builds; it is trapped only in a module with no
`core::fmt::write`, where no formatter can exist (it stays alive only
because the handler stores its address in the function table).

Usage: trap-dead-fmt.py <in.wasm> <out.wasm>. Reads function names from the
`name` section rustc writes; prints what it trapped. A module without the
handler (one that never allocates) is copied unchanged; one that has the
allocator's error shim but not the handler fails the build.
"""
import sys

HANDLER = "___rdl_alloc_error_handler"  # the v0-mangled __rdl_alloc_error_handler
DISPLAY_U32 = "4core3fmt3num3impmNtB9_7Display3fmt"  # <u32 as Display>::fmt
FMT_WRITE = "4core3fmt5write"  # core::fmt::write
SHIM = "___rust_alloc_error_handler"  # what calls the handler


def leb(b, i):
    r = s = 0
    while True:
        x = b[i]
        i += 1
        r |= (x & 0x7F) << s
        s += 7
        if x < 0x80:
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


def sections(b):
    assert b[:8] == b"\0asm\x01\0\0\0", "not a wasm module"
    i = 8
    while i < len(b):
        sid = b[i]
        n, j = leb(b, i + 1)
        yield sid, i, j, j + n
        i = j + n


def names(b):
    """Function index -> name, from the `name` custom section."""
    out = {}
    for sid, _, start, end in sections(b):
        if sid != 0:
            continue
        n, i = leb(b, start)
        if b[i:i + n] != b"name":
            continue
        i += n
        while i < end:
            sub = b[i]
            size, i = leb(b, i + 1)
            if sub == 1:
                count, k = leb(b, i)
                for _ in range(count):
                    idx, k = leb(b, k)
                    ln, k = leb(b, k)
                    out[idx] = b[k:k + ln].decode("utf-8", "replace")
                    k += ln
            i += size
    return out


def imported_functions(b):
    count = 0
    for sid, _, start, _ in sections(b):
        if sid != 2:
            continue
        n, i = leb(b, start)
        for _ in range(n):
            for _ in range(2):  # module, field
                ln, i = leb(b, i)
                i += ln
            kind = b[i]
            i += 1
            if kind == 0:
                _, i = leb(b, i)
                count += 1
            elif kind == 1:  # table: reftype, limits
                i += 1
                flag, i = leb(b, i)
                _, i = leb(b, i)
                if flag & 1:
                    _, i = leb(b, i)
            elif kind == 2:  # memory: limits
                flag, i = leb(b, i)
                _, i = leb(b, i)
                if flag & 1:
                    _, i = leb(b, i)
            elif kind == 3:  # global: type, mutability
                i += 2
            else:
                raise SystemExit(f"trap-dead-fmt: unknown import kind {kind}")
    return count


def main(src, dst):
    b = open(src, "rb").read()
    fnames = names(b)
    imported = imported_functions(b)
    if not fnames:
        raise SystemExit(f"trap-dead-fmt: {src}: no function names (build with strip = false)")
    targets = {i for i, n in fnames.items() if HANDLER in n}
    if not targets and any(SHIM in n for n in fnames.values()):
        # The module allocates but the default handler is not where this
        # script looks: a new toolchain renamed it. Fail, do not guess.
        raise SystemExit(f"trap-dead-fmt: {src}: {SHIM} but no {HANDLER}: update this script")
    has_write = any(FMT_WRITE in n for n in fnames.values())
    if targets and not has_write:
        targets |= {i for i, n in fnames.items() if DISPLAY_U32 in n}
    out = bytearray(b[:8])
    trapped = []
    for sid, head, start, end in sections(b):
        if sid != 10 or not targets:
            out += b[head:end]
            continue
        count, i = leb(b, start)
        body = bytearray(enc(count))
        for k in range(count):
            size, j = leb(b, i)
            if imported + k in targets:
                # No locals; `unreachable`; `end`.
                body += enc(3) + b"\x00\x00\x0b"
                trapped.append(fnames[imported + k])
            else:
                body += b[i:j + size]
            i = j + size
        out += bytes([10]) + enc(len(body)) + body
    open(dst, "wb").write(out)
    if trapped:
        print(f"trap-dead-fmt: {src.split('/')[-1]}: trapped {len(trapped)}: "
              + ", ".join(trapped))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit("usage: trap-dead-fmt.py <in.wasm> <out.wasm>")
    main(sys.argv[1], sys.argv[2])
