// The worker's host without Pyodide: a fake worker records what it is sent, and answers when
// told to. What the host adds to plain message passing: the start message, interrupts through
// the shared buffer, restarting a worker to stop a run, and failing requests when it cannot start.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ErrorCodes } from "../../shared-protocol/src/protocol";
import { RESTART_MESSAGE, WorkerHost, type Message, type WorkerChannel } from "../../wasm-runner/src/host";

class FakeWorker implements WorkerChannel {
  readonly posted: unknown[] = [];
  terminated = false;
  private handler: (data: unknown) => void = () => undefined;
  private errorHandler: (message: string) => void = () => undefined;

  post(data: unknown): void {
    this.posted.push(data);
  }
  onMessage(handler: (data: unknown) => void): void {
    this.handler = handler;
  }
  onError(handler: (message: string) => void): void {
    this.errorHandler = handler;
  }
  terminate(): void {
    this.terminated = true;
  }
  /** The worker posts `data`. */
  emit(data: unknown): void {
    this.handler(data);
  }
  fail(message: string): void {
    this.errorHandler(message);
  }
  methods(): (string | undefined)[] {
    return this.posted.map((m) => (m as Message).method ?? (m as { lichenWorker?: string }).lichenWorker);
  }
}

function setUp(sharedInterrupts: boolean) {
  const workers: FakeWorker[] = [];
  const host = new WorkerHost({
    spawn: () => {
      workers.push(new FakeWorker());
      return workers[workers.length - 1]!;
    },
    assets: { indexURL: "/pyodide/", wheels: { "lichen-0.1.0-py3-none-any.whl": new Uint8Array([1]) } },
    sharedInterrupts,
  });
  const received: Message[] = [];
  host.onMessage((message) => received.push(message));
  const send = (message: Omit<Message, "jsonrpc">) => host.send({ jsonrpc: "2.0", ...message });
  return { host, workers, received, send };
}

const NB = "file:///nb.py";
const open = (uri: string) => ({ method: "notebookDocument/didOpen", params: { notebookDocument: { uri, cells: [] }, cellTextDocuments: [] } });

test("the worker is started with Pyodide's location, the wheels and the interrupt buffer", () => {
  const { host, workers } = setUp(true);
  const start = workers[0]!.posted[0] as { lichenWorker: string; indexURL: string; wheels: object; interruptBuffer: SharedArrayBuffer };
  assert.equal(start.lichenWorker, "start");
  assert.equal(start.indexURL, "/pyodide/");
  assert.deepEqual(Object.keys(start.wheels), ["lichen-0.1.0-py3-none-any.whl"]);
  assert.ok(start.interruptBuffer instanceof SharedArrayBuffer);
  assert.equal(host.interruptsInPlace, true);
  assert.equal(setUp(false).workers[0]!.posted[0]!.hasOwnProperty("interruptBuffer"), false);
});

test("an interrupt during a run writes 2 into the buffer; a reply to the run clears what is left", () => {
  const { workers, received, send } = setUp(true);
  const worker = workers[0]!;
  const buffer = () => new Int32Array((worker.posted[0] as { interruptBuffer: SharedArrayBuffer }).interruptBuffer)[0];
  send({ id: 1, method: "lichen/interrupt", params: { notebookUri: NB } });
  assert.equal(buffer(), 0, "nothing runs: nothing to interrupt");
  send({ id: 2, method: "lichen/runAll", params: { notebookUri: NB } });
  send({ id: 3, method: "lichen/interrupt", params: { notebookUri: NB } });
  assert.equal(buffer(), 2);
  assert.deepEqual(worker.methods(), ["start", "lichen/interrupt", "lichen/runAll", "lichen/interrupt"]);
  worker.emit({ jsonrpc: "2.0", id: 2, result: { ok: true, cells: [] } });
  assert.equal(buffer(), 0);
  assert.deepEqual(received.map((m) => m.id), [2]);
});

test("without shared memory an interrupt restarts the worker, which is told what the old one knew", () => {
  const { host, workers, received, send } = setUp(false);
  const restarts: string[] = [];
  host.onRestart((restart) => restarts.push(restart.message));
  send({ id: 1, method: "initialize", params: {} });
  workers[0]!.emit({ jsonrpc: "2.0", id: 1, result: {} });
  send({ method: "initialized", params: {} });
  send({ method: "workspace/didChangeConfiguration", params: { settings: { onCellChange: "lazy" } } });
  send({ method: "workspace/didChangeConfiguration", params: { settings: { onCellChange: "autorun" } } });
  send(open(NB));
  send(open("file:///closed.py"));
  send({ method: "notebookDocument/didChange", params: { notebookDocument: { uri: NB }, change: {} } });
  send({ method: "notebookDocument/didClose", params: { notebookDocument: { uri: "file:///closed.py" } } });
  send({ id: 2, method: "lichen/run", params: { notebookUri: NB, cellUris: [] } });
  send({ id: 3, method: "lichen/parse", params: { text: "" } });
  send({ id: 4, method: "lichen/interrupt", params: { notebookUri: NB } });

  assert.equal(workers.length, 2);
  assert.equal(workers[0]!.terminated, true);
  const fresh = workers[1]!;
  assert.deepEqual(fresh.methods(), ["start", "initialize", "initialized", "workspace/didChangeConfiguration",
    "notebookDocument/didOpen", "notebookDocument/didChange", "lichen/parse"]);
  assert.deepEqual((fresh.posted[3] as Message).params, { settings: { onCellChange: "autorun" } });
  assert.deepEqual(received.slice(1), [
    { jsonrpc: "2.0", id: 2, error: { code: ErrorCodes.kernelDead, message: RESTART_MESSAGE } },
    { jsonrpc: "2.0", method: "lichen/kernelStatus", params: { notebookUri: NB, state: "dead", message: RESTART_MESSAGE } },
    { jsonrpc: "2.0", id: 4, result: null },
  ]);
  assert.deepEqual(restarts, [RESTART_MESSAGE]);

  const replayed = fresh.posted[1] as Message;
  fresh.emit({ jsonrpc: "2.0", id: replayed.id, result: {} });
  fresh.emit({ jsonrpc: "2.0", id: 3, result: { cells: [] } });
  assert.deepEqual(received.slice(4).map((m) => m.id), [3], "the replayed initialize's reply stays in the host");
});

test("a worker that cannot start fails every request, then and later, saying why", async () => {
  const { host, workers, received, send } = setUp(true);
  send({ id: 1, method: "initialize", params: {} });
  workers[0]!.emit({ lichenWorker: "failed", message: "no lichen wheel" });
  await assert.rejects(host.ready, /no lichen wheel/);
  send({ id: 2, method: "lichen/parse", params: { text: "" } });
  send({ method: "initialized", params: {} });
  assert.deepEqual(received.map((m) => [m.id, m.error?.code]), [[1, ErrorCodes.kernelStartFailed], [2, ErrorCodes.kernelStartFailed]]);
  assert.match(received[0]!.error!.message, /^The browser's Python could not start: no lichen wheel/);
});

test("the worker's own failure (its script did not load) fails the requests too", () => {
  const { workers, received, send } = setUp(true);
  send({ id: 1, method: "initialize", params: {} });
  workers[0]!.fail("404 worker.js");
  assert.match(received[0]!.error!.message, /the worker failed: 404 worker.js/);
});

test("ready resolves with what the worker says of itself", async () => {
  const { host, workers } = setUp(true);
  workers[0]!.emit({ lichenWorker: "ready", python: "3.14.2", lichen: "0.1.0", pyodideMs: 2500, lichenMs: 300 });
  assert.deepEqual(await host.ready, { python: "3.14.2", lichen: "0.1.0", pyodideMs: 2500, lichenMs: 300 });
});
