#!/usr/bin/env node
// The Pyodide worker (VS Code for the Web) next to the CPython daemon, on the same runs:
//
//   node bench/bench_wasm.mjs                 3 cold starts, 200 trivial runs, 20 chain re-runs
//   node bench/bench_wasm.mjs --starts 5 --trivial 500 --chain 50
//
// - start to first result: from creating the worker's host (the extension's first notebook) to
//   the `done` event of a one-cell notebook's Run All, through initialize and the notebook sync;
//   next to Pyodide's own load (loadPyodide alone in a fresh worker thread), and to the daemon's
//   start to first result (process, kernel process, run). Target: within 1 s of Pyodide's load;
// - trivial-cell round trip: `lichen/run` of a one-line cell with no dependents, from sending the
//   request to its reply;
// - a 100-cell chain's root re-run (cell i is `x{i} = x{i-1} + 1`): from sending `lichen/run` to
//   the last cell's `done` event.
//
// Runs alternate between the two so a busy machine weighs on both alike. Needs `make wasm` (the
// worker in wasm-runner/dist) and `make setup` (the daemon in .venv). The worker's host
// (wasm-runner/src/host.ts) is bundled with wasm-runner's esbuild into bench/.cache first.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const DIST = join(ROOT, "wasm-runner", "dist");
const PYTHON = join(ROOT, ".venv", "bin", "python");
const START_TARGET_MS = 1000;

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const STARTS = option("starts", 3);
const TRIVIAL = option("trivial", 200);
const CHAIN = option("chain", 20);
const CHAIN_CELLS = 100;

for (const [path, how] of [[join(DIST, "worker.js"), "make wasm"], [PYTHON, "make setup"]]) {
  if (!existsSync(path)) {
    console.error(`bench_wasm: ${path} is missing: run \`${how}\``);
    process.exit(1);
  }
}

async function loadHost() {
  const require = createRequire(join(ROOT, "wasm-runner", "package.json"));
  const esbuild = require("esbuild");
  const out = join(ROOT, "bench", ".cache", "wasm-host.mjs");
  mkdirSync(dirname(out), { recursive: true });
  await esbuild.build({ entryPoints: [join(ROOT, "wasm-runner", "src", "host.ts")], outfile: out, bundle: true, format: "esm", platform: "node", logLevel: "warning" });
  return import(pathToFileURL(out).href);
}
const { WorkerHost } = await loadHost();

const wheels = Object.fromEntries(
  JSON.parse(readFileSync(join(DIST, "wheels", "index.json"), "utf8")).map((n) => [n, new Uint8Array(readFileSync(join(DIST, "wheels", n)))]),
);

function workerConnection() {
  return new WorkerHost({
    spawn: () => {
      const worker = new Worker(join(DIST, "worker.js"));
      return {
        post: (data) => worker.postMessage(data),
        onMessage: (handler) => worker.on("message", handler),
        onError: (handler) => worker.on("error", (error) => handler(error.message)),
        terminate: () => void worker.terminate(),
      };
    },
    assets: { indexURL: join(DIST, "pyodide") + "/", wheels },
  });
}

/** The daemon over stdio, with the same send/onMessage/dispose as the worker's host. */
function daemonConnection() {
  const child = spawn(PYTHON, ["-m", "lichen", "lsp"], { stdio: ["pipe", "pipe", "inherit"] });
  const handlers = [];
  let buffer = Buffer.alloc(0);
  child.stdout.on("data", (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const end = buffer.indexOf("\r\n\r\n");
      if (end < 0) return;
      const length = Number(/Content-Length: *(\d+)/i.exec(buffer.subarray(0, end).toString())[1]);
      if (buffer.length < end + 4 + length) return;
      const message = JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString("utf8"));
      buffer = buffer.subarray(end + 4 + length);
      handlers.forEach((h) => h(message));
    }
  });
  return {
    send: (message) => {
      const body = Buffer.from(JSON.stringify(message));
      child.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
    },
    onMessage: (handler) => handlers.push(handler),
    dispose: () => {
      child.stdin.end();
      setTimeout(() => child.kill(), 2000).unref();
    },
  };
}

/** Requests, and waiting for a cell's done event, over a connection. */
class Client {
  constructor(connection) {
    this.connection = connection;
    this.ids = 0;
    this.replies = new Map();
    this.done = new Map();
    connection.onMessage((message) => {
      const now = performance.now();
      if (message.method === "lichen/cellEvents") {
        for (const { cellUri, event } of message.params.events) {
          if (event.kind === "done") this.done.get(cellUri)?.(now);
        }
      } else if (message.method === undefined) {
        this.replies.get(message.id)?.(message);
      }
    });
  }

  request(method, params) {
    const id = ++this.ids;
    return new Promise((resolve, reject) => {
      this.replies.set(id, (message) => {
        this.replies.delete(id);
        message.error ? reject(new Error(message.error.message)) : resolve(message.result);
      });
      this.connection.send({ jsonrpc: "2.0", id, method, params });
    });
  }

  notify(method, params) {
    this.connection.send({ jsonrpc: "2.0", method, params });
  }

  doneOf(cellUri) {
    return new Promise((resolve) => this.done.set(cellUri, (t) => {
      this.done.delete(cellUri);
      resolve(t);
    }));
  }

  open(uri, codes) {
    const cells = codes.map((_, i) => `${uri}#c${i}`);
    this.notify("notebookDocument/didOpen", {
      notebookDocument: { uri, notebookType: "lichen-notebook", version: 1, cells: cells.map((c) => ({ kind: 2, document: c })) },
      cellTextDocuments: cells.map((c, i) => ({ uri: c, languageId: "python", version: 1, text: codes[i] })),
    });
    return cells;
  }

  async initialize() {
    await this.request("initialize", { processId: null, rootUri: null, capabilities: {}, initializationOptions: { pythonPath: PYTHON } });
    this.notify("initialized", {});
  }
}

/** From nothing to the first cell's done event. */
async function firstResult(connect) {
  const t0 = performance.now();
  const client = new Client(connect());
  await client.initialize();
  const [cell] = client.open("file:///bench/one.py", ["x = 1\nx"]);
  const done = client.doneOf(cell);
  await client.request("lichen/runAll", { notebookUri: "file:///bench/one.py" });
  const elapsed = (await done) - t0;
  client.connection.dispose();
  return elapsed;
}

/** Pyodide's own load in a fresh worker thread, nothing else. */
function bareLoad() {
  const code = `
    const { parentPort, workerData } = require("node:worker_threads");
    import(workerData.url).then(({ loadPyodide }) => loadPyodide({ indexURL: workerData.indexURL }))
      .then(() => parentPort.postMessage(performance.timeOrigin + performance.now()));`;
  const t0 = performance.timeOrigin + performance.now();
  const worker = new Worker(code, { eval: true, workerData: { url: pathToFileURL(join(DIST, "pyodide", "pyodide.mjs")).href, indexURL: join(DIST, "pyodide") + "/" } });
  return new Promise((resolve) => worker.once("message", (t1) => {
    void worker.terminate();
    resolve(t1 - t0);
  }));
}

/** A started connection with a trivial cell and a chain open. */
async function warm(connect) {
  const client = new Client(connect());
  await client.initialize();
  const [trivial] = client.open("file:///bench/trivial.py", ["y = 1"]);
  const chain = client.open("file:///bench/chain.py", Array.from({ length: CHAIN_CELLS }, (_, i) => (i === 0 ? "x0 = 1" : `x${i} = x${i - 1} + 1`)));
  await client.request("lichen/runAll", { notebookUri: "file:///bench/trivial.py" });
  await client.request("lichen/runAll", { notebookUri: "file:///bench/chain.py" });
  return { client, trivial, chain };
}

async function trivialRun({ client, trivial }) {
  const t0 = performance.now();
  await client.request("lichen/run", { notebookUri: "file:///bench/trivial.py", cellUris: [trivial] });
  return performance.now() - t0;
}

async function chainRun({ client, chain }) {
  const last = client.doneOf(chain[chain.length - 1]);
  const t0 = performance.now();
  await client.request("lichen/run", { notebookUri: "file:///bench/chain.py", cellUris: [chain[0]] });
  return (await last) - t0;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const times = { bare: [], workerStart: [], daemonStart: [], workerTrivial: [], daemonTrivial: [], workerChain: [], daemonChain: [] };
for (let i = 0; i < STARTS; i++) {
  times.bare.push(await bareLoad());
  times.workerStart.push(await firstResult(workerConnection));
  times.daemonStart.push(await firstResult(daemonConnection));
}
const worker = await warm(workerConnection);
const daemon = await warm(daemonConnection);
for (let i = 0; i < Math.max(TRIVIAL, CHAIN); i++) {
  if (i < TRIVIAL) {
    times.workerTrivial.push(await trivialRun(worker));
    times.daemonTrivial.push(await trivialRun(daemon));
  }
  if (i < CHAIN) {
    times.workerChain.push(await chainRun(worker));
    times.daemonChain.push(await chainRun(daemon));
  }
}
worker.client.connection.dispose();
daemon.client.connection.dispose();

const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
const f = (ms) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(2)).padStart(8);
console.log(`medians in ms (${STARTS} cold starts, ${TRIVIAL} trivial runs, ${CHAIN} chain re-runs)`);
console.log("what                                   worker    daemon   worker/daemon");
console.log(`start to first result               ${f(m.workerStart)}  ${f(m.daemonStart)}   ${(m.workerStart / m.daemonStart).toFixed(1)}x`);
console.log(`trivial-cell round trip             ${f(m.workerTrivial)}  ${f(m.daemonTrivial)}   ${(m.workerTrivial / m.daemonTrivial).toFixed(1)}x`);
console.log(`${CHAIN_CELLS}-cell chain, root re-run          ${f(m.workerChain)}  ${f(m.daemonChain)}   ${(m.workerChain / m.daemonChain).toFixed(1)}x`);
const over = m.workerStart - m.bare;
console.log(`Pyodide's own load: ${m.bare.toFixed(0)} ms; the worker's first result comes ${over.toFixed(0)} ms after it ` +
  `(target: within ${START_TARGET_MS} ms: ${over <= START_TARGET_MS ? "met" : "missed"})`);
process.exit(0);
