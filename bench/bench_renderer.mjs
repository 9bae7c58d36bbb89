#!/usr/bin/env node
// The notebook renderer's size, as the webview loads it: what a notebook with no chart loads
// (extension/dist/renderer.js and the chunks it imports), and what each library drawn on first
// use adds to that (plotly.js, vega-embed, KaTeX, mermaid: the chunks their dynamic import
// reaches that are not loaded yet; mermaid loads each diagram type's code besides), raw and
// gzipped.
//
//   node bench/bench_renderer.mjs        # after `make vsix` (or `cd extension && node esbuild.mjs`)
//
// Reads the built files: the entry's and each chunk's `from"./..."` imports (loaded with it) and
// `import("./...")` (loaded on first use), as esbuild writes them. Exits non-zero when a library
// that should load on first use is in what every notebook loads.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const DIST = join(dirname(fileURLToPath(import.meta.url)), "..", "extension", "dist");
const ENTRY = "renderer.js";
// What is drawn on first use, by the name of the renderer module that loads it.
const LAZY = { plotlyChart: "plotly.js", vegaChart: "vega-embed", katexMath: "KaTeX", mermaidDiagram: "mermaid" };

function imports(file) {
  const text = readFileSync(join(DIST, file), "utf8");
  const at = (pattern) => [...text.matchAll(pattern)].map((m) => posix.join(posix.dirname(file), m[1]));
  return { text, loaded: at(/from\s*"(\.{1,2}\/[^"]+\.js)"/g), later: at(/import\(\s*"(\.{1,2}\/[^"]+\.js)"\s*\)/g) };
}

/** The files loaded with `file` (itself and its static imports, transitively). */
function closure(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const next of imports(file).loaded) closure(next, seen);
  return seen;
}

function size(files) {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(join(DIST, file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { raw, gzip };
}

const kb = (n) => `${(n / 1000).toFixed(1)} KB`;

if (!existsSync(join(DIST, ENTRY))) {
  console.error(`no ${join(DIST, ENTRY)}: run \`make vsix\` first`);
  process.exit(2);
}
const always = closure(ENTRY);
const first = size(always);
console.log(`${"what".padEnd(44)} ${"files".padStart(6)} ${"raw".padStart(11)} ${"gzip".padStart(11)}`);
console.log(`${"every notebook (the renderer's entry)".padEnd(44)} ${String(always.size).padStart(6)} ${kb(first.raw).padStart(11)} ${kb(first.gzip).padStart(11)}`);
const misplaced = [];
const lazyEntries = [...always].flatMap((file) => imports(file).later);
for (const [module, library] of Object.entries(LAZY)) {
  const entry = lazyEntries.find((file) => posix.basename(file).startsWith(`${module}-`));
  if (entry === undefined) {
    misplaced.push(`${library} (${module}) is not loaded on first use`);
    continue;
  }
  const added = [...closure(entry)].filter((file) => !always.has(file));
  const more = size(added);
  console.log(`${`+ ${library} on first use`.padEnd(44)} ${String(added.length).padStart(6)} ${kb(more.raw).padStart(11)} ${kb(more.gzip).padStart(11)}`);
}
const everything = [ENTRY, ...readdirSync(join(DIST, "renderer-chunks")).map((name) => `renderer-chunks/${name}`)];
const all = size(everything);
console.log(`${"every file of the renderer (all diagram types)".padEnd(44)} ${String(everything.length).padStart(6)} ${kb(all.raw).padStart(11)} ${kb(all.gzip).padStart(11)}`);
if (misplaced.length > 0) {
  console.error(misplaced.join("\n"));
  process.exit(1);
}
