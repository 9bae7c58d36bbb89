// Times runs through the Lichen daemon as the VS Code extension sees them: from sending
// `lichen/run` to the arrival of the last cell's done event (and to the reply), over stdio with
// vscode-jsonrpc. Driven by bench/bench_daemon.py: options come as one JSON argument, then one
// command per stdin line, each answered by one JSON line on stdout:
//   {"run": N, "repeats": R}   re-run the root of an N-cell chain R times: median times in ms
//   {"edit": N, "repeats": R}  give a name a second definition in an N-cell notebook R times:
//                              median and max time from didChange to the diagnostics arriving
//   {"ping": R}                R round trips of a request that does nothing (`lichen/parse` of
//                              an empty text): the transport's floor, median in ms
//   {"quit": true}             shutdown, exit, and wait for the daemon to end
import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import rpc from "vscode-jsonrpc/node.js";

const options = JSON.parse(process.argv[2]);

function chain(n) {
  return Array.from({ length: n }, (_, i) => (i === 0 ? "x0 = 1" : `x${i} = x${i - 1} + 1`));
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const argv = options.daemon ?? [options.python, "-m", "lichen", "lsp"];
const daemon = spawn(argv[0], argv.slice(1), { stdio: ["pipe", "pipe", "inherit"] });
const connection = rpc.createMessageConnection(
  new rpc.StreamMessageReader(daemon.stdout),
  new rpc.StreamMessageWriter(daemon.stdin),
);

// Whoever waits for a cell's done event, or a cell's diagnostics, registers here.
const doneWaiters = new Map();
connection.onNotification("lichen/cellEvents", (params) => {
  const now = performance.now();
  for (const { cellUri, event } of params.events) {
    if (event.kind === "done" && doneWaiters.has(cellUri)) {
      doneWaiters.get(cellUri)(now);
      doneWaiters.delete(cellUri);
    }
  }
});
const diagnosticWaiters = new Map();
connection.onNotification("textDocument/publishDiagnostics", (params) => {
  const resolve = diagnosticWaiters.get(params.uri);
  if (resolve && params.diagnostics.length) {
    diagnosticWaiters.delete(params.uri);
    resolve(performance.now());
  }
});
connection.listen();

await connection.sendRequest("initialize", {
  processId: process.pid,
  rootUri: null,
  capabilities: { notebookDocument: { synchronization: {} } },
  initializationOptions: { pythonPath: options.python },
});
connection.sendNotification("initialized", {});

const notebooks = new Map(); // uri -> {cells, version}

async function notebook(uri, codes) {
  if (!notebooks.has(uri)) {
    const cells = codes.map((_, i) => `${uri}#c${i}`);
    connection.sendNotification("notebookDocument/didOpen", {
      notebookDocument: { uri, notebookType: "lichen-notebook", version: 1,
        cells: cells.map((document) => ({ kind: 2, document })) },
      cellTextDocuments: cells.map((c, i) => ({ uri: c, languageId: "python", version: 1, text: codes[i] })),
    });
    notebooks.set(uri, { cells, version: 1 });
  }
  return notebooks.get(uri);
}

async function runs(n, repeats) {
  const uri = `file:///bench/chain${n}.py`;
  const fresh = !notebooks.has(uri);
  const { cells } = await notebook(uri, chain(n));
  if (fresh) await connection.sendRequest("lichen/runAll", { notebookUri: uri }); // kernel start
  const lastDone = [];
  const reply = [];
  for (let r = 0; r < repeats; r++) {
    const done = new Promise((resolve) => doneWaiters.set(cells[n - 1], resolve));
    const start = performance.now();
    const answer = connection.sendRequest("lichen/run", { notebookUri: uri, cellUris: [cells[0]] });
    const doneAt = await done;
    await answer;
    lastDone.push(doneAt - start);
    reply.push(performance.now() - start);
  }
  return { lastDone: median(lastDone), reply: median(reply) };
}

async function pings(repeats) {
  const times = [];
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    await connection.sendRequest("lichen/parse", { text: "" });
    times.push(performance.now() - start);
  }
  return { median: median(times) };
}

async function edits(n, repeats) {
  const uri = `file:///bench/edit${n}.py`;
  const nb = await notebook(uri, chain(n));
  const cell = nb.cells[n - 1];
  const latencies = [];
  const change = (text) => {
    nb.version += 1;
    connection.sendNotification("notebookDocument/didChange", {
      notebookDocument: { uri, version: nb.version },
      change: { cells: { textContent: [{ document: { uri: cell, version: nb.version },
        changes: [{ text }] }] } },
    });
  };
  for (let r = 0; r < repeats; r++) {
    await connection.sendRequest("lichen/parse", { text: "" }); // everything before is handled
    const arrived = new Promise((resolve) => diagnosticWaiters.set(cell, resolve));
    const start = performance.now();
    change("x0 = 2"); // a second definition of x0
    latencies.push((await arrived) - start);
    change(`x${n - 1} = x${n - 2} + 1`); // and back
  }
  return { median: median(latencies), max: Math.max(...latencies) };
}

for await (const line of createInterface({ input: process.stdin })) {
  const command = JSON.parse(line);
  let answer;
  if (command.ping) answer = await pings(command.ping);
  else if (command.run) answer = await runs(command.run, command.repeats);
  else if (command.edit) answer = await edits(command.edit, command.repeats);
  else break;
  process.stdout.write(JSON.stringify(answer) + "\n");
}
const exited = new Promise((resolve) => daemon.on("exit", resolve));
await connection.sendRequest("shutdown");
await connection.sendNotification("exit");
await exited;
connection.dispose();
