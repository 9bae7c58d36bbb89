// Bundles the extension with esbuild.
//
//   node esbuild.mjs            dist/main.js (the Node entry; `vscode` stays external) and
//                               dist/renderer.js (the notebook renderer: an ES module for the
//                               notebook's webview, markdown-it bundled in, nothing external;
//                               vega-embed and plotly.js in dist/renderer-chunks/, loaded when
//                               an output first needs them, as are KaTeX and mermaid)
//                               and ../server/lichen/convert/assets/page.js (what pages that
//                               `lichen export html` writes draw their outputs with: one script,
//                               chart libraries inlined, so a page loads nothing)
//   node esbuild.mjs --page     only ../server/lichen/convert/assets/page.js (before any lichen
//                               wheel is built, so that every wheel carries it)
//   node esbuild.mjs --watch    the same, rebuilt on every change
//   node esbuild.mjs --tests    dist/tests/*.test.js from tests/extension (Node's test runner)
//
// The shared protocol (../shared-protocol/src/protocol.ts) is imported by relative path and
// bundled in.
//
// dist/browser.js is the `browser` entry (VS Code for the Web, a web worker extension host): the
// same files with src/web's stand-ins for those that start processes (see `webSwaps`), and the
// Pyodide worker (../wasm-runner/dist, `make wasm`) copied to dist/wasm.
import * as esbuild from "esbuild";
import { cpSync, existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const args = new Set(process.argv.slice(2));
const src = join(here, "src");

/** For the browser build: src/web's transport, interpreter and install in place of src's, and
 * src/web/path.ts for `node:path`. */
const webSwaps = {
  name: "lichen-web-swaps",
  setup(build) {
    build.onResolve({ filter: /^\.\/(transport|interpreter|install)$/ }, (args) =>
      dirname(args.importer) === src ? { path: join(src, "web", `${args.path.slice(2)}.ts`) } : undefined,
    );
    build.onResolve({ filter: /^node:path$/ }, () => ({ path: join(src, "web", "path.ts") }));
  },
};

/** markdown-it-texmath requires katex when no engine is given; the renderer always gives one
 * (`src/renderer/math.ts`), so that require is left empty and KaTeX stays in its own chunk. */
const noTexmathKatex = {
  name: "lichen-no-texmath-katex",
  setup(build) {
    build.onResolve({ filter: /^katex$/ }, (args) =>
      /[\\/]markdown-it-texmath[\\/]/.test(args.importer) ? { path: "katex", namespace: "lichen-empty" } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "lichen-empty" }, () => ({ contents: "module.exports = {};", loader: "js" }));
  },
};

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
  // happy-dom (the renderer tests' DOM) is loaded from node_modules as it is; vega draws there
  // as in the webview, with its browser canvas module.
  const browserCanvas = join(here, "node_modules", "vega-canvas", "build", "vega-canvas.browser.js");
  await esbuild.build({
    ...common,
    entryPoints,
    outdir: join(here, "dist", "tests"),
    external: ["happy-dom"],
    alias: { "vega-canvas": browserCanvas },
  });
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
    // Chart libraries are chunks of their own (dist/renderer-chunks/), imported on first use.
    splitting: true,
    chunkNames: "renderer-chunks/[name]-[hash]",
    plugins: [noTexmathKatex],
    minify: !args.has("--watch"),
  };
  const page = {
    bundle: true,
    platform: "browser",
    format: "iife",
    target: "es2022",
    sourcemap: false,
    logLevel: "warning",
    entryPoints: [join(src, "renderer", "page.ts")],
    outfile: join(here, "..", "server", "lichen", "convert", "assets", "page.js"),
    plugins: [noTexmathKatex],
    minify: true,
  };
  const browser = {
    bundle: true,
    platform: "browser",
    format: "cjs",
    target: "es2022",
    sourcemap: false,
    logLevel: "warning",
    entryPoints: { browser: join(src, "web", "browser.ts") },
    outdir: join(here, "dist"),
    external: ["vscode"],
    plugins: [webSwaps],
    define: { "process.env": "{}" },
    minify: !args.has("--watch"),
    keepNames: true,
  };
  // The Cell Graph view's webview script (src/graphPage): one file, nothing loaded from elsewhere.
  const graphPage = {
    bundle: true,
    platform: "browser",
    format: "iife",
    target: "es2022",
    sourcemap: false,
    logLevel: "warning",
    entryPoints: { graph: join(src, "graphPage", "index.ts") },
    outdir: join(here, "dist"),
    minify: !args.has("--watch"),
  };
  if (args.has("--page")) {
    await esbuild.build(page);
    process.exit(0);
  }
  const wasm = join(here, "..", "wasm-runner", "dist");
  if (existsSync(join(wasm, "worker.js"))) {
    cpSync(wasm, join(here, "dist", "wasm"), { recursive: true });
  } else {
    console.warn("no ../wasm-runner/dist (make wasm): the browser build will have no Python");
  }
  if (args.has("--watch")) {
    for (const each of [options, renderer, browser, page, graphPage]) {
      const context = await esbuild.context(each);
      await context.watch();
    }
  } else {
    await Promise.all([options, renderer, browser, page, graphPage].map((each) => esbuild.build(each)));
  }
}
