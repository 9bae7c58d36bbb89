// Builds what the extension ships for VS Code for the Web, into dist/ (or --out DIR):
//
//   worker.js    the worker (src/worker.ts), bundled
//   pyodide/     Pyodide's runtime files from the `pyodide` npm package, and a lock file that
//                lists no packages (micropip then installs from the shipped wheels or PyPI, never
//                from Pyodide's CDN)
//   wheels/      lichen's wheel and wheels.txt's (put in wheels/ by `make wasm`)
//
//   node build.mjs [--out DIR]
//   node build.mjs --tests      build/tests/*.test.js from tests/wasm (Node's test runner)
import * as esbuild from "esbuild";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const outIndex = args.indexOf("--out");
const out = outIndex >= 0 ? resolve(args[outIndex + 1]) : join(here, "dist");

// The files loadPyodide reads (the .js and .html files are for other ways of loading it).
const PYODIDE_FILES = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip"];

if (args.includes("--tests")) {
  const testDir = join(here, "..", "tests", "wasm");
  await esbuild.build({
    entryPoints: readdirSync(testDir).filter((name) => name.endsWith(".test.ts")).map((name) => join(testDir, name)),
    outdir: join(here, "build", "tests"),
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    logLevel: "warning",
  });
  process.exit(0);
}

const wheelsIn = join(here, "wheels");
const wheels = readdirSync(wheelsIn).filter((name) => name.endsWith(".whl"));
if (!wheels.some((name) => name.startsWith("lichen-"))) {
  console.error(`no lichen wheel in ${wheelsIn}: run \`make wasm\` (it builds one)`);
  process.exit(1);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "pyodide"), { recursive: true });
mkdirSync(join(out, "wheels"), { recursive: true });

await esbuild.build({
  entryPoints: [join(here, "src", "worker.ts")],
  outfile: join(out, "worker.js"),
  bundle: true,
  format: "iife",
  platform: "browser",
  target: "es2022",
  minify: true,
  // Used only when the worker runs under Node (the tests), where `require` exists.
  external: ["node:worker_threads", "node:url"],
  logLevel: "warning",
});

const pyodide = dirname(createRequire(import.meta.url).resolve("pyodide/package.json"));
for (const name of PYODIDE_FILES) {
  copyFileSync(join(pyodide, name), join(out, "pyodide", name));
}
const lock = JSON.parse(readFileSync(join(pyodide, "pyodide-lock.json"), "utf8"));
writeFileSync(join(out, "pyodide", "pyodide-lock.json"), JSON.stringify({ info: lock.info, packages: {} }));
for (const name of wheels) {
  copyFileSync(join(wheelsIn, name), join(out, "wheels", name));
}
writeFileSync(join(out, "wheels", "index.json"), JSON.stringify(wheels));
console.log(`worker, Pyodide and ${wheels.length} wheels in ${out}`);
