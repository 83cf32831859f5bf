#!/usr/bin/env python3
"""Checks that wasm modules use only what Nitro's user-wasm parser accepts.

ArbOS 61 parses Stylus programs with reference types and multi-value
switched off, and does not support every bulk-memory instruction. This
walks every section and every instruction of each module (a full decode, so
the byte encodings are seen as Nitro sees them, not as a disassembler
normalizes them) and fails on:

  - reference types: a `funcref`/`externref` value type anywhere in a
    signature, local or global; more than one table; `ref.null`,
    `ref.is_null`, `ref.func`, typed `select`, `table.get`/`table.set`;
    a `call_indirect` whose table index is not the single byte 0x00 (the
    overlong LEB LLVM writes when reference types are on: Nitro's parser
    then fails with "zero byte expected"); element segments other than the
    MVP form;
  - multi-value: a function type with more than one result, or a block
    type that names a function type (params or several results);
  - `memory.init`, `data.drop`, passive data segments, a DataCount section
    (binaryen writes one under bulk memory; Nitro's parser accepts only the
    MVP sections and custom ones), and table instructions (`table.init`,
    `elem.drop`, `table.copy`/`grow`/`size`/`fill`);
  - SIMD, threads/atomics, tail calls, exceptions, multiple memories.

`memory.copy`/`memory.fill` (bulk memory), sign extension, mutable globals
and saturating float-to-int are accepted, as Nitro accepts them.

Usage: scripts/check-wasm.py [FILE_OR_DIR ...]   (default: contracts/target/deploy)
Prints one line per module (and each finding) and exits 1 if any fails.
"""
import pathlib
import sys

NUM_TYPES = {0x7F: "i32", 0x7E: "i64", 0x7D: "f32", 0x7C: "f64"}
REF_TYPES = {0x70: "funcref", 0x6F: "externref"}
SHOWN = 5  # findings printed per module


class Reader:
    def __init__(self, data, pos=0, end=None):
        self.d = data
        self.p = pos
        self.end = len(data) if end is None else end

    def byte(self):
        if self.p >= self.end:
            raise ValueError(f"unexpected end at byte {self.p}")
        b = self.d[self.p]
        self.p += 1
        return b

    def u(self):
        result = shift = 0
        while True:
            b = self.byte()
            result |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                return result

    def s(self):
        result = shift = 0
        while True:
            b = self.byte()
            result |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                if b & 0x40:
                    result -= 1 << shift
                return result

    def take(self, n):
        if self.p + n > self.end:
            raise ValueError(f"unexpected end at byte {self.p}")
        out = self.d[self.p:self.p + n]
        self.p += n
        return out

    def done(self):
        return self.p >= self.end


class Module:
    def __init__(self, data):
        self.data = data
        self.findings = []
        self.types = []
        self.counts = {"functions": 0, "call_indirect": 0, "memory.copy": 0, "memory.fill": 0}

    def bad(self, msg):
        self.findings.append(msg)

    def valtype(self, t, where):
        if t in NUM_TYPES:
            return
        if t in REF_TYPES:
            self.bad(f"reference type {REF_TYPES[t]} in {where}")
        elif t == 0x7B:
            self.bad(f"SIMD type v128 in {where}")
        else:
            self.bad(f"unknown value type 0x{t:02x} in {where}")

    def const_expr(self, r, where):
        while True:
            op = r.byte()
            if op == 0x0B:
                return
            if op == 0x41:
                r.s()
            elif op == 0x42:
                r.s()
            elif op == 0x43:
                r.take(4)
            elif op == 0x44:
                r.take(8)
            elif op == 0x23:
                r.u()
            elif op == 0xD0:
                r.byte()
                self.bad(f"ref.null in {where}")
            elif op == 0xD2:
                r.u()
                self.bad(f"ref.func in {where}")
            else:
                self.bad(f"opcode 0x{op:02x} in constant expression of {where}")
                return

    def limits(self, r):
        flag = r.byte()
        r.u()
        if flag & 1:
            r.u()
        if flag & ~1:
            self.bad(f"limits flag 0x{flag:02x} (shared or 64-bit memory)")

    def parse(self):
        d = self.data
        if d[:4] != b"\0asm" or d[4:8] != b"\x01\0\0\0":
            self.bad("not a wasm module (bad magic or version)")
            return
        r = Reader(d, 8)
        tables = memories = 0
        while not r.done():
            sid = r.byte()
            size = r.u()
            body = Reader(d, r.p, r.p + size)
            r.p += size
            if sid == 1:
                self.type_section(body)
            elif sid == 2:
                for _ in range(body.u()):
                    body.take(body.u())
                    body.take(body.u())
                    kind = body.byte()
                    if kind == 0:
                        body.u()
                    elif kind == 1:
                        t = body.byte()
                        if t != 0x70:
                            self.valtype(t, "an imported table")
                        self.limits(body)
                        tables += 1
                    elif kind == 2:
                        self.limits(body)
                        memories += 1
                    elif kind == 3:
                        self.valtype(body.byte(), "an imported global")
                        body.byte()
                    else:
                        self.bad(f"import kind {kind}")
            elif sid == 3:
                self.counts["functions"] = body.u()
            elif sid == 4:
                for _ in range(body.u()):
                    t = body.byte()
                    if t != 0x70:
                        self.valtype(t, "a table")
                    self.limits(body)
                    tables += 1
            elif sid == 5:
                for _ in range(body.u()):
                    self.limits(body)
                    memories += 1
            elif sid == 6:
                for i in range(body.u()):
                    self.valtype(body.byte(), f"global {i}")
                    body.byte()
                    self.const_expr(body, f"global {i}")
            elif sid == 9:
                for i in range(body.u()):
                    flag = body.u()
                    if flag != 0:
                        self.bad(f"element segment {i} has flags {flag} (only the MVP form is accepted)")
                        break
                    self.const_expr(body, f"element segment {i}")
                    for _ in range(body.u()):
                        body.u()
            elif sid == 10:
                self.code_section(body)
            elif sid == 11:
                for i in range(body.u()):
                    flag = body.u()
                    if flag == 1:
                        self.bad(f"passive data segment {i} (needs memory.init)")
                    elif flag == 2:
                        body.u()
                    elif flag != 0:
                        self.bad(f"data segment {i} has flags {flag}")
                        break
                    if flag != 1:
                        self.const_expr(body, f"data segment {i}")
                    body.take(body.u())
            elif sid == 12:
                body.u()
                self.bad("DataCount section (Nitro accepts only the MVP sections and custom ones; "
                         "scripts/strip-datacount.py removes it)")
            elif sid in (0, 7, 8):
                pass
            else:
                self.bad(f"unknown section id {sid}")
        if tables > 1:
            self.bad(f"{tables} tables (reference types)")
        if memories > 1:
            self.bad(f"{memories} memories (multi-memory)")

    def type_section(self, r):
        for i in range(r.u()):
            form = r.byte()
            if form != 0x60:
                self.bad(f"type {i} has form 0x{form:02x}, not a function type")
                return
            params = [r.byte() for _ in range(r.u())]
            results = [r.byte() for _ in range(r.u())]
            for t in params + results:
                self.valtype(t, f"type {i}")
            if len(results) > 1:
                self.bad(f"type {i} returns {len(results)} values (multi-value)")
            self.types.append((params, results))

    def block_type(self, r, where):
        b = r.d[r.p]
        if b == 0x40 or b in NUM_TYPES or b in REF_TYPES or b == 0x7B:
            r.p += 1
            if b != 0x40:
                self.valtype(b, where)
            return
        idx = r.s()
        params, results = self.types[idx] if 0 <= idx < len(self.types) else ([], [])
        self.bad(f"block type names type {idx} ({len(params)} params, {len(results)} results: multi-value) in {where}")

    def code_section(self, r):
        for f in range(r.u()):
            size = r.u()
            body = Reader(r.d, r.p, r.p + size)
            r.p += size
            where = f"function {f}"
            for _ in range(body.u()):
                body.u()
                self.valtype(body.byte(), f"locals of {where}")
            self.instructions(body, where)

    def instructions(self, r, where):
        while not r.done():
            at = r.p
            op = r.byte()
            if op in (0x02, 0x03, 0x04):
                self.block_type(r, where)
            elif op in (0x0C, 0x0D, 0x10, 0x20, 0x21, 0x22, 0x23, 0x24):
                r.u()
            elif op == 0x0E:
                for _ in range(r.u() + 1):
                    r.u()
            elif op == 0x11:
                r.u()
                table = r.byte()
                self.counts["call_indirect"] += 1
                if table != 0x00:
                    self.bad(f"call_indirect at byte {at} in {where}: table index byte 0x{table:02x}, "
                             "not a single 0x00 (reference-types encoding)")
                    while table & 0x80:
                        table = r.byte()
            elif op == 0x12 or op == 0x13:
                r.u()
                self.bad(f"tail call at byte {at} in {where}")
            elif op == 0x1C:
                for _ in range(r.u()):
                    self.valtype(r.byte(), f"typed select in {where}")
                self.bad(f"typed select at byte {at} in {where} (reference types)")
            elif op in (0x25, 0x26):
                r.u()
                self.bad(f"table.{'get' if op == 0x25 else 'set'} at byte {at} in {where}")
            elif 0x28 <= op <= 0x3E:
                r.u()
                r.u()
            elif op in (0x3F, 0x40):
                if r.byte() != 0:
                    self.bad(f"memory index other than 0 at byte {at} in {where}")
            elif op == 0x41 or op == 0x42:
                r.s()
            elif op == 0x43:
                r.take(4)
            elif op == 0x44:
                r.take(8)
            elif op == 0xD0:
                r.byte()
                self.bad(f"ref.null at byte {at} in {where}")
            elif op == 0xD1:
                self.bad(f"ref.is_null at byte {at} in {where}")
            elif op == 0xD2:
                r.u()
                self.bad(f"ref.func at byte {at} in {where}")
            elif op == 0xFC:
                sub = r.u()
                if sub <= 7:
                    pass
                elif sub == 8:
                    r.u()
                    r.byte()
                    self.bad(f"memory.init at byte {at} in {where}")
                elif sub == 9:
                    r.u()
                    self.bad(f"data.drop at byte {at} in {where}")
                elif sub == 10:
                    r.byte()
                    r.byte()
                    self.counts["memory.copy"] += 1
                elif sub == 11:
                    r.byte()
                    self.counts["memory.fill"] += 1
                elif sub in (12, 14):
                    r.u()
                    r.u()
                    self.bad(f"table instruction 0xFC {sub} at byte {at} in {where}")
                elif sub in (13, 15, 16, 17):
                    r.u()
                    self.bad(f"table instruction 0xFC {sub} at byte {at} in {where}")
                else:
                    self.bad(f"unknown 0xFC {sub} at byte {at} in {where}")
                    return
            elif op in (0xFD, 0xFE):
                self.bad(f"{'SIMD' if op == 0xFD else 'atomic'} instruction at byte {at} in {where}")
                return
            elif op in (0x06, 0x07, 0x08, 0x09, 0x0A, 0x18, 0x19):
                self.bad(f"exception-handling opcode 0x{op:02x} at byte {at} in {where}")
                return
            elif op in (0x00, 0x01, 0x05, 0x0B, 0x0F, 0x1A, 0x1B) or 0x45 <= op <= 0xC4:
                pass
            else:
                self.bad(f"unknown opcode 0x{op:02x} at byte {at} in {where}")
                return


def check(path):
    m = Module(path.read_bytes())
    try:
        m.parse()
    except (ValueError, IndexError) as e:
        m.bad(f"malformed: {e}")
    c = m.counts
    status = "ok  " if not m.findings else "FAIL"
    print(f"{status} {path.name}: {c['functions']} functions, {c['call_indirect']} call_indirect, "
          f"{c['memory.copy']} memory.copy, {c['memory.fill']} memory.fill")
    for f in m.findings[:SHOWN]:
        print(f"       {f}")
    if len(m.findings) > SHOWN:
        print(f"       ... and {len(m.findings) - SHOWN} more")
    return not m.findings


def main():
    root = pathlib.Path(__file__).resolve().parent.parent
    args = [pathlib.Path(a) for a in sys.argv[1:]] or [root / "contracts/target/deploy"]
    files = []
    for a in args:
        files += sorted(a.glob("*.wasm")) if a.is_dir() else [a]
    if not files:
        print(f"check-wasm: no wasm in {' '.join(map(str, args))}", file=sys.stderr)
        sys.exit(2)
    failed = [f.name for f in files if not check(f)]
    if failed:
        print(f"check-wasm: Nitro would refuse: {', '.join(failed)}", file=sys.stderr)
        sys.exit(1)
    print(f"check-wasm: {len(files)} modules use only what Nitro accepts")


if __name__ == "__main__":
    main()
