// Compiles the integrator example (and test/) with solc (npm), resolving imports of the
// exported Restake interfaces in ../abi. Writes out/<Contract>.json with the
// ABI and the creation bytecode.
const fs = require("fs");
const path = require("path");
const solc = require("solc");

const here = __dirname;
const sources = {};
// The example itself, and test/: contracts the end-to-end tests deploy
// (test/ReentrantToken.sol, for tests/tests/reentrant_token.rs), and bench/:
// the gas benchmark's Solidity LST (bench/BenchLst.sol, scripts/bench.sh).
for (const dir of [".", "test", "bench"]) {
  for (const f of fs.readdirSync(path.join(here, dir)).filter((f) => f.endsWith(".sol"))) {
    const key = dir === "." ? f : `${dir}/${f}`;
    sources[key] = { content: fs.readFileSync(path.join(here, key), "utf8") };
  }
}
// The exported interfaces themselves: each must compile, and where the kit
// also generated a JSON ABI (abi/I<Name>.json), solc's ABI of the .sol must be
// that JSON (one source, two files: they cannot disagree).
const abiDir = path.join(here, "..", "abi");
for (const f of fs.readdirSync(abiDir).filter((f) => f.endsWith(".sol"))) {
  sources[`abi/${f}`] = { content: fs.readFileSync(path.join(abiDir, f), "utf8") };
}
const input = {
  language: "Solidity",
  sources,
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: "cancun",
    outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } },
  },
};
function findImports(p) {
  // solc normalizes "../abi/X.sol" (relative to this folder) to "abi/X.sol".
  const file = [path.resolve(here, p), path.resolve(here, "..", p)].find((f) => fs.existsSync(f));
  if (file) return { contents: fs.readFileSync(file, "utf8") };
  return { error: `not found: ${p}` };
}
const out = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
const errors = (out.errors || []).filter((e) => e.severity === "error");
for (const e of out.errors || []) console.error(e.formattedMessage);
if (errors.length) process.exit(1);
function normalized(abi) {
  const params = (list) =>
    (list || []).map((p) => {
      const q = { name: p.name, type: p.type };
      if (p.indexed !== undefined) q.indexed = p.indexed;
      return q;
    });
  return abi
    .map((e) => {
      const n = { type: e.type, name: e.name || "", inputs: params(e.inputs) };
      if (e.outputs) n.outputs = params(e.outputs);
      if (e.stateMutability) n.stateMutability = e.stateMutability;
      if (e.anonymous !== undefined) n.anonymous = e.anonymous;
      return n;
    })
    .filter((e) => e.type !== "constructor")
    .sort((a, b) => (a.type + a.name + JSON.stringify(a.inputs)).localeCompare(b.type + b.name + JSON.stringify(b.inputs)));
}
for (const f of fs.readdirSync(abiDir).filter((f) => f.endsWith(".json"))) {
  const name = f.replace(/\.json$/, "");
  const compiled = (out.contracts[`abi/${name}.sol`] || {})[name];
  if (!compiled) {
    console.error(`integrator: abi/${f} has no interface ${name} in abi/${name}.sol`);
    process.exit(1);
  }
  const ours = JSON.stringify(normalized(JSON.parse(fs.readFileSync(path.join(abiDir, f), "utf8"))));
  const solcs = JSON.stringify(normalized(compiled.abi));
  if (ours !== solcs) {
    console.error(`integrator: abi/${f} differs from solc's ABI of abi/${name}.sol`);
    console.error(`ours: ${ours}\nsolc: ${solcs}`);
    process.exit(1);
  }
  console.log(`integrator: abi/${f} is solc's ABI of abi/${name}.sol (${compiled.abi.length} entries)`);
}
fs.mkdirSync(path.join(here, "out"), { recursive: true });
for (const [file, contracts] of Object.entries(out.contracts)) {
  if (!sources[file] || file.startsWith("abi/")) continue;
  for (const [name, c] of Object.entries(contracts)) {
    const json = { abi: c.abi, bytecode: "0x" + c.evm.bytecode.object };
    fs.writeFileSync(path.join(here, "out", `${name}.json`), JSON.stringify(json, null, 2) + "\n");
    console.log(`integrator: compiled ${name} (${c.evm.bytecode.object.length / 2} bytes initcode) with solc ${solc.version()}`);
  }
}
