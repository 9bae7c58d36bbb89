// Bundles the extension with esbuild.
//
//   node esbuild.mjs            dist/main.js (the Node entry; `vscode` stays external)
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
  await esbuild.build({ ...common, entryPoints, outdir: join(here, "dist", "tests") });
} else {
  const options = {
    ...common,
    entryPoints: { main: join(here, "src", "main.ts") },
    outdir: join(here, "dist"),
    external: ["vscode"],
    minify: !args.has("--watch"),
    keepNames: true,
  };
  if (args.has("--watch")) {
    const context = await esbuild.context(options);
    await context.watch();
  } else {
    await esbuild.build(options);
  }
}
