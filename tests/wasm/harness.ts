// The worker under Node, as the tests drive it: the built worker (wasm-runner/dist) in a
// worker thread behind the same host the extension uses, and a client that speaks to it the way
// VS Code's language client does (requests, notifications, the notebook sync).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Worker } from "node:worker_threads";
import { WorkerHost, type Message, type WorkerChannel } from "../../wasm-runner/src/host";

// The tests run bundled from wasm-runner/build/tests/.
export const ROOT = resolve(__dirname, "..", "..", "..");
export const DIST = join(ROOT, "wasm-runner", "dist");
/** Generous: Pyodide alone takes 3 to 10 s to load on a busy machine. */
export const BOOT_MS = 120_000;
export const WAIT_MS = 60_000;

/** The wheels the extension ships, by file name. */
export function shippedWheels(): { [name: string]: Uint8Array } {
  const names = JSON.parse(readFileSync(join(DIST, "wheels", "index.json"), "utf8")) as string[];
  return Object.fromEntries(names.map((name) => [name, new Uint8Array(readFileSync(join(DIST, "wheels", name)))]));
}

/** The wheels of `tests/wasm/widget-wheels.txt` (`make test-wasm` downloads them), by file name. */
export function widgetWheels(): { [name: string]: Uint8Array } {
  return downloadedWheels("wasm-widget-wheels");
}

/** The wheels of `tests/wasm/output-wheels.txt` (`make test-wasm` downloads them), by file name. */
export function outputWheels(): { [name: string]: Uint8Array } {
  return downloadedWheels("wasm-output-wheels");
}

function downloadedWheels(folder: string): { [name: string]: Uint8Array } {
  const directory = join(ROOT, "tests", ".cache", folder);
  const names = readdirSync(directory).filter((name) => name.endsWith(".whl"));
  if (names.length === 0) throw new Error(`no wheels in ${directory}: run \`make test-wasm\``);
  return Object.fromEntries(names.map((name) => [name, new Uint8Array(readFileSync(join(directory, name)))]));
}

export function nodeChannel(): WorkerChannel {
  const worker = new Worker(join(DIST, "worker.js"));
  return {
    post: (data) => worker.postMessage(data),
    onMessage: (handler) => worker.on("message", handler),
    onError: (handler) => worker.on("error", (error) => handler(error.message)),
    terminate: () => void worker.terminate(),
  };
}

export interface ClientOptions {
  sharedInterrupts?: boolean;
  /** Wheels given to the worker besides the shipped ones. */
  extraWheels?: { [name: string]: Uint8Array };
  indexUrls?: string[];
}

/** What a client talks through: the worker's host, or the daemon's stdio (`daemon.ts`). */
export interface Connection {
  send(message: Message): void;
  onMessage(handler: (message: Message) => void): void;
  dispose(): void;
}

/** The worker behind the host the extension uses. */
export function workerHost(options: ClientOptions = {}): WorkerHost {
  return new WorkerHost({
    spawn: nodeChannel,
    assets: {
      indexURL: join(DIST, "pyodide") + "/",
      wheels: { ...shippedWheels(), ...options.extraWheels },
      ...(options.indexUrls !== undefined ? { indexUrls: options.indexUrls } : {}),
    },
    ...(options.sharedInterrupts !== undefined ? { sharedInterrupts: options.sharedInterrupts } : {}),
  });
}

export class Client<C extends Connection = WorkerHost> {
  readonly notifications: Message[] = [];
  private readonly replies = new Map<number, Message>();
  private waiters: (() => void)[] = [];
  private ids = 0;
  private versions = new Map<string, number>();

  readonly host: C;

  constructor(connection: C) {
    this.host = connection;
    this.host.onMessage((message) => {
      if (message.method !== undefined) {
        this.notifications.push(message);
      } else {
        this.replies.set(message.id as number, message);
      }
      const waiters = this.waiters;
      this.waiters = [];
      waiters.forEach((wake) => wake());
    });
  }

  /** Starts the request; `reply` waits for its answer. */
  requestAsync(method: string, params: unknown): number {
    const id = ++this.ids;
    this.host.send({ jsonrpc: "2.0", id, method, params });
    return id;
  }

  async reply(id: number, ms = WAIT_MS): Promise<Message> {
    return this.until(() => this.replies.get(id), ms, `the reply to request ${id}`);
  }

  /** The result of `method`, or a rejection with the error's code and message. */
  async request<T = unknown>(method: string, params: unknown, ms = WAIT_MS): Promise<T> {
    const message = await this.reply(this.requestAsync(method, params), ms);
    if (message.error !== undefined) {
      throw Object.assign(new Error(message.error.message), { code: message.error.code });
    }
    return message.result as T;
  }

  notify(method: string, params: unknown): void {
    this.host.send({ jsonrpc: "2.0", method, params });
  }

  async initialize(settings: unknown = {}): Promise<void> {
    await this.request("initialize", { processId: null, capabilities: {}, initializationOptions: settings }, BOOT_MS);
    this.notify("initialized", {});
  }

  /** Opens a notebook of code cells; their URIs. */
  open(uri: string, codes: string[], metadata: { [key: string]: unknown } = {}): string[] {
    const cells = codes.map((_, i) => `${uri}#cell${i}`);
    this.versions.set(uri, 1);
    this.notify("notebookDocument/didOpen", {
      notebookDocument: { uri, notebookType: "lichen-notebook", version: 1, metadata, cells: cells.map((c) => ({ kind: 2, document: c })) },
      cellTextDocuments: cells.map((c, i) => ({ uri: c, languageId: "lichen-python", version: 1, text: codes[i] })),
    });
    return cells;
  }

  /** Replaces a cell's text, as VS Code sends a paste over the whole cell. */
  setText(uri: string, cell: string, text: string): void {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    this.notify("notebookDocument/didChange", {
      notebookDocument: { uri, version },
      change: { cells: { textContent: [{ document: { uri: cell, version }, changes: [{ text }] }] } },
    });
  }

  /** Every cell event of `uri` received so far (taken from the list), in order. */
  events(uri: string): { cellUri: string; event: { kind: string; [key: string]: unknown } }[] {
    const mine = this.notifications.filter((m) => m.method === "lichen/cellEvents" && (m.params as { notebookUri: string }).notebookUri === uri);
    this.take(mine);
    return mine.flatMap((m) => (m.params as { events: [] }).events);
  }

  /** The first notification `match` accepts (taken from the list), waiting for it. */
  async notification(match: (message: Message) => boolean, what: string, ms = WAIT_MS): Promise<Message> {
    const found = await this.until(() => this.notifications.find(match), ms, what);
    this.take([found]);
    return found;
  }

  /** Waits until `find` gives something. */
  async until<T>(find: () => T | undefined, ms: number, what: string): Promise<T> {
    const end = Date.now() + ms;
    for (;;) {
      const found = find();
      if (found !== undefined) {
        return found;
      }
      const left = end - Date.now();
      if (left <= 0) {
        throw new Error(`no ${what} within ${ms / 1000} s`);
      }
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          wake();
        });
      });
    }
  }

  dispose(): void {
    this.host.dispose();
  }

  private take(messages: Message[]): void {
    for (const message of messages) {
      this.notifications.splice(this.notifications.indexOf(message), 1);
    }
  }
}

/** The `done` events of cell events, without what differs from run to run (duration, run id). */
export function doneEvents(events: { cellUri: string; event: { kind: string; [key: string]: unknown } }[]): unknown[] {
  return events
    .filter((e) => e.event.kind === "done")
    .map(({ cellUri, event }) => {
      const { duration: _d, runId: _r, ...rest } = event;
      return { cell: cellUri, ...rest };
    });
}

/** A pure-Python wheel of one module, `name`.py holding `source`, written by Python's zipfile. */
export function makeWheel(name: string, version: string, source: string): { file: string; bytes: Uint8Array } {
  const directory = mkdtempSync(join(tmpdir(), "lichen-wheel-"));
  const file = `${name}-${version}-py3-none-any.whl`;
  const script = [
    "import sys, zipfile",
    "path, name, version, source = sys.argv[1:]",
    "info = f'{name}-{version}.dist-info'",
    "files = {f'{name}.py': source,",
    "         f'{info}/METADATA': f'Metadata-Version: 2.1\\nName: {name}\\nVersion: {version}\\n',",
    "         f'{info}/WHEEL': 'Wheel-Version: 1.0\\nGenerator: lichen-tests\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n'}",
    "files[f'{info}/RECORD'] = ''.join(f'{n},,\\n' for n in [*files, f'{info}/RECORD'])",
    "with zipfile.ZipFile(path, 'w') as archive:",
    "    for n, text in files.items(): archive.writestr(n, text)",
  ].join("\n");
  execFileSync("python3", ["-c", script, join(directory, file), name, version, source]);
  return { file, bytes: new Uint8Array(readFileSync(join(directory, file))) };
}

/** Whether the worker was built (`make wasm`). */
export function built(): boolean {
  try {
    return readdirSync(DIST).includes("worker.js");
  } catch {
    return false;
  }
}
