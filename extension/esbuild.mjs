// Bundles the extension with esbuild.
//
//   node esbuild.mjs            dist/main.js (the Node entry; `vscode` stays external) and
//                               dist/renderer.js (the notebook renderer: an ES module for the
//                               notebook's webview, markdown-it bundled in, nothing external)
//   node esbuild.mjs --watch    the same, rebuilt on every change
//   node esbuild.mjs --tests    dist/tests/*.test.js from tests/extension (Node's test runner)
//
// The shared protocol (../shared-protocol/src/protocol.ts) is imported by relative path and
// bundled in. A `browser` entry can be added here once a Worker transport exists.
import * as esbuild from "esbuild";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const args = new Set(process.argv.slice(2));

const common = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  sourcemap: false,
  logLevel: "warning",
};

if (args.has("--tests")) {
  const testDir = join(here, "..", "tests", "extension");
  const entryPoints = readdirSync(testDir)
    .filter((name) => name.endsWith(".test.ts"))
    .map((name) => join(testDir, name));
  // happy-dom (the renderer tests' DOM) is loaded from node_modules as it is.
  await esbuild.build({ ...common, entryPoints, outdir: join(here, "dist", "tests"), external: ["happy-dom"] });
} else {
  const options = {
    ...common,
    entryPoints: { main: join(here, "src", "main.ts") },
    outdir: join(here, "dist"),
    external: ["vscode"],
    minify: !args.has("--watch"),
    keepNames: true,
  };
  const renderer = {
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    sourcemap: false,
    logLevel: "warning",
    entryPoints: { renderer: join(here, "src", "renderer", "index.ts") },
    outdir: join(here, "dist"),
    minify: !args.has("--watch"),
  };
  if (args.has("--watch")) {
    for (const each of [options, renderer]) {
      const context = await esbuild.context(each);
      await context.watch();
    }
  } else {
    await Promise.all([esbuild.build(options), esbuild.build(renderer)]);
  }
}
