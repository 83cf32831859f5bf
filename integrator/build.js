// Compiles the integrator example (and test/) with solc (npm), resolving imports of the
// exported Restake interfaces in ../abi. Writes out/<Contract>.json with the
// ABI and the creation bytecode.
const fs = require("fs");
const path = require("path");
const solc = require("solc");

const here = __dirname;
const sources = {};
// The example itself, and test/: contracts the end-to-end tests deploy
// (test/ReentrantToken.sol, for tests/tests/reentrant_token.rs).
for (const dir of [".", "test"]) {
  for (const f of fs.readdirSync(path.join(here, dir)).filter((f) => f.endsWith(".sol"))) {
    const key = dir === "." ? f : `${dir}/${f}`;
    sources[key] = { content: fs.readFileSync(path.join(here, key), "utf8") };
  }
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
fs.mkdirSync(path.join(here, "out"), { recursive: true });
for (const [file, contracts] of Object.entries(out.contracts)) {
  if (!sources[file]) continue;
  for (const [name, c] of Object.entries(contracts)) {
    const json = { abi: c.abi, bytecode: "0x" + c.evm.bytecode.object };
    fs.writeFileSync(path.join(here, "out", `${name}.json`), JSON.stringify(json, null, 2) + "\n");
    console.log(`integrator: compiled ${name} (${c.evm.bytecode.object.length / 2} bytes initcode) with solc ${solc.version()}`);
  }
}
