// The host's end of the worker: what the extension (or a test) uses in place of the daemon's
// stdio. JSON-RPC messages go through as they are; the host adds what the worker cannot do for
// itself while Python holds its only thread:
//
// - interrupting: with a SharedArrayBuffer (a cross-origin isolated page, or Node) a
//   `lichen/interrupt` writes 2 into Pyodide's interrupt buffer, which raises KeyboardInterrupt
//   in the running cell. Without one, the worker is ended and a new one started: the runs in
//   progress fail, their notebooks are reported dead with a message saying that their variables
//   are gone, and the new worker is told again what the old one knew (initialize, settings, the
//   open notebooks' sync), so the editor goes on without noticing more than the lost state;
// - starting: the first message gives the worker Pyodide's location and the wheels; a worker
//   that fails to start fails every request with a message saying why.
import { ErrorCodes } from "../../shared-protocol/src/protocol";
import { isControl, type ReadyMessage, type StartMessage } from "./messages";

/** A JSON-RPC message, as the language client sends and receives them. */
export interface Message {
  jsonrpc: "2.0";
  id?: number | string | null;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

/** A worker seen from its host: the browser's `Worker` or Node's `worker_threads.Worker`. */
export interface WorkerChannel {
  post(data: unknown): void;
  onMessage(handler: (data: unknown) => void): void;
  /** The worker failed outside any message (its script did not load, say). */
  onError(handler: (message: string) => void): void;
  terminate(): void;
}

export interface Assets {
  /** Pyodide's folder, ending with "/" (a URL, or a path under Node). */
  indexURL: string;
  /** Each of Pyodide's files' URL, when they are not in one folder (see `StartMessage`). */
  files?: { [fileName: string]: string };
  wheels: { [fileName: string]: Uint8Array };
  /** Where micropip looks for packages the wheels do not provide (default: PyPI). */
  indexUrls?: string[];
}

export interface HostOptions {
  spawn: () => WorkerChannel;
  assets: Assets;
  /** Whether interrupts go through a SharedArrayBuffer (default: when one can be made and
   * shared, i.e. outside browsers or in a cross-origin isolated page). */
  sharedInterrupts?: boolean;
}

export type Ready = Omit<ReadyMessage, "lichenWorker">;

/** Why the worker was restarted, for the user. */
export interface Restart {
  message: string;
  notebooks: string[];
}

/** Requests that run cells: an interrupt acts on them. */
export const RUN_METHODS: ReadonlySet<string> = new Set([
  "lichen/run",
  "lichen/runAll",
  "lichen/runStale",
  "lichen/setConfig",
  "lichen/setUiValue",
]);
const HOST_ID = "lichen-host"; // ids of the host's own requests; their replies stay here

export const RESTART_MESSAGE =
  "Lichen restarted the browser's Python to stop the running cell (this page is not " +
  "cross-origin isolated, so a running cell cannot be interrupted otherwise). The variables of " +
  "every open notebook are gone: run the cells again.";

export class WorkerHost {
  private channel: WorkerChannel | undefined;
  private readonly interrupt: Int32Array | undefined;
  private readonly pending = new Map<string, Message>(); // requests sent, by id
  private readonly sync: Message[] = []; // what a new worker must be told again
  private readonly handlers: ((message: Message) => void)[] = [];
  private readonly restartHandlers: ((restart: Restart) => void)[] = [];
  private failure: string | undefined;
  private disposed = false;
  private hostIds = 0;
  private readyResolve!: (ready: Ready) => void;
  private readyReject!: (error: Error) => void;
  /** Resolves when the first worker serves, rejects when it could not start. */
  readonly ready: Promise<Ready>;

  constructor(private readonly options: HostOptions) {
    this.interrupt = sharedInterrupts(options.sharedInterrupts) ? new Int32Array(new SharedArrayBuffer(4)) : undefined;
    this.ready = new Promise<Ready>((resolve, reject) => {
      this.readyResolve = resolve;
      this.readyReject = reject;
    });
    this.ready.catch(() => undefined);
    this.spawn();
  }

  /** Whether a running cell is interrupted in place (true) or by restarting the worker. */
  get interruptsInPlace(): boolean {
    return this.interrupt !== undefined;
  }

  /** Calls `handler` with every JSON-RPC message of the worker. */
  onMessage(handler: (message: Message) => void): void {
    this.handlers.push(handler);
  }

  /** Calls `handler` after the worker was restarted to stop a running cell. */
  onRestart(handler: (restart: Restart) => void): void {
    this.restartHandlers.push(handler);
  }

  /** Sends a JSON-RPC message of the editor to the worker. */
  send(message: Message): void {
    if (this.failure !== undefined) {
      this.refuse(message, this.failure);
      return;
    }
    if (message.method === "lichen/interrupt" && this.running().length > 0) {
      if (this.interrupt === undefined) {
        this.restart(message);
        return;
      }
      Atomics.store(this.interrupt, 0, 2);
    }
    this.remember(message);
    if (message.id !== undefined && message.method !== undefined) {
      this.pending.set(key(message.id), message);
    }
    this.channel?.post(message);
  }

  /** Ends the worker. */
  dispose(): void {
    this.disposed = true;
    this.channel?.terminate();
    this.channel = undefined;
  }

  private spawn(): void {
    const channel = this.options.spawn();
    this.channel = channel;
    channel.onMessage((data) => {
      if (this.channel === channel) {
        this.received(data);
      }
    });
    channel.onError((message) => {
      if (this.channel === channel) {
        this.failed(`the worker failed: ${message}`);
      }
    });
    const start: StartMessage = {
      lichenWorker: "start",
      indexURL: this.options.assets.indexURL,
      ...(this.options.assets.files !== undefined ? { files: this.options.assets.files } : {}),
      wheels: { ...this.options.assets.wheels },
      ...(this.options.assets.indexUrls !== undefined ? { indexUrls: this.options.assets.indexUrls } : {}),
      ...(this.interrupt !== undefined ? { interruptBuffer: this.interrupt.buffer as SharedArrayBuffer } : {}),
    };
    channel.post(start);
  }

  private received(data: unknown): void {
    if (isControl(data)) {
      if (data.lichenWorker === "ready") {
        const { lichenWorker: _, ...ready } = data;
        this.readyResolve(ready);
      } else if (data.lichenWorker === "failed") {
        this.failed(data.message);
      }
      return;
    }
    const message = (typeof data === "string" ? JSON.parse(data) : data) as Message;
    if (message.id !== undefined && message.method === undefined) {
      if (typeof message.id === "string" && message.id.startsWith(HOST_ID)) {
        return;
      }
      const request = this.pending.get(key(message.id));
      this.pending.delete(key(message.id));
      if (request !== undefined && RUN_METHODS.has(request.method!) && this.interrupt !== undefined && this.running().length === 0) {
        Atomics.store(this.interrupt, 0, 0); // an interrupt that came as the run ended is void
      }
    }
    this.deliver(message);
  }

  /** Ends the worker to stop a run, and starts a new one that knows what the old one knew. */
  private restart(interrupt: Message): void {
    const runs = this.running();
    const notebooks = [...new Set(runs.map((r) => notebookOf(r)).filter((uri): uri is string => uri !== undefined))];
    const others = [...this.pending.values()].filter((r) => !RUN_METHODS.has(r.method!));
    this.pending.clear();
    this.channel?.terminate();
    this.spawn();
    for (const message of this.sync) {
      this.channel!.post(message.method === "initialize" ? { ...message, id: `${HOST_ID}-${++this.hostIds}` } : message);
    }
    for (const request of others) {
      this.pending.set(key(request.id!), request);
      this.channel!.post(request);
    }
    for (const run of runs) {
      this.deliver({ jsonrpc: "2.0", id: run.id!, error: { code: ErrorCodes.kernelDead, message: RESTART_MESSAGE } });
    }
    for (const uri of notebooks) {
      this.deliver({
        jsonrpc: "2.0",
        method: "lichen/kernelStatus",
        params: { notebookUri: uri, state: "dead", message: RESTART_MESSAGE },
      });
    }
    if (interrupt.id !== undefined) {
      this.deliver({ jsonrpc: "2.0", id: interrupt.id, result: null });
    }
    for (const handler of this.restartHandlers) {
      handler({ message: RESTART_MESSAGE, notebooks });
    }
  }

  /** Keeps what a new worker must be told again: initialize, settings, the notebooks' sync. */
  private remember(message: Message): void {
    switch (message.method) {
      case "initialize":
      case "initialized":
      case "notebookDocument/didOpen":
      case "notebookDocument/didChange":
        this.sync.push(message);
        return;
      case "workspace/didChangeConfiguration": {
        const previous = this.sync.findIndex((m) => m.method === message.method);
        if (previous >= 0) {
          this.sync.splice(previous, 1);
        }
        this.sync.push(message);
        return;
      }
      case "notebookDocument/didClose": {
        const uri = notebookOf(message);
        for (let i = this.sync.length - 1; i >= 0; i--) {
          if (this.sync[i]!.method!.startsWith("notebookDocument/") && notebookOf(this.sync[i]!) === uri) {
            this.sync.splice(i, 1);
          }
        }
        return;
      }
    }
  }

  private running(): Message[] {
    return [...this.pending.values()].filter((m) => RUN_METHODS.has(m.method!));
  }

  private failed(message: string): void {
    if (this.disposed || this.failure !== undefined) {
      return;
    }
    this.failure = `The browser's Python could not start: ${message}`;
    this.readyReject(new Error(this.failure));
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const request of pending) {
      this.refuse(request, this.failure);
    }
  }

  private refuse(message: Message, why: string): void {
    if (message.id !== undefined && message.method !== undefined) {
      this.deliver({ jsonrpc: "2.0", id: message.id, error: { code: ErrorCodes.kernelStartFailed, message: why } });
    }
  }

  private deliver(message: Message): void {
    for (const handler of this.handlers) {
      handler(message);
    }
  }
}

function key(id: number | string | null): string {
  return `${typeof id}:${String(id)}`;
}

function notebookOf(message: Message): string | undefined {
  const params = message.params as { notebookUri?: unknown; notebookDocument?: { uri?: unknown } } | undefined;
  const uri = params?.notebookUri ?? params?.notebookDocument?.uri;
  return typeof uri === "string" ? uri : undefined;
}

function sharedInterrupts(asked: boolean | undefined): boolean {
  if (typeof SharedArrayBuffer === "undefined") {
    return false;
  }
  if (asked !== undefined) {
    return asked;
  }
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  return isolated !== false; // undefined outside browsers (Node): shared memory works there
}
