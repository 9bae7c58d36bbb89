// How the extension reaches Lichen in VS Code for the Web: the Pyodide worker the extension ships
// (dist/wasm, built by wasm-runner) instead of a daemon process. The browser build swaps this file
// in for ../transport.ts (esbuild.mjs); everything else is shared. The language client talks
// JSON-RPC to the worker's host (wasm-runner/src/host.ts), which starts the worker and handles
// interrupts (in place through shared memory, or by restarting the worker).
//
// Files are fetched, not opened by URL: the extension host's `fetch` resolves the extension's own
// locations (which may be remote resources) to ones the browser can load. The worker script is
// started from a blob; Pyodide's files are loaded from their folder when it is a plain web
// folder, and one by one from their resolved URLs when it is not.
import * as vscode from "vscode";
import {
  AbstractMessageReader,
  AbstractMessageWriter,
  BaseLanguageClient,
  type DataCallback,
  type Disposable,
  type LanguageClientOptions,
  type Message,
  type MessageTransports,
} from "vscode-languageclient";
import { WorkerHost, type Assets, type Message as HostMessage, type Restart, type WorkerChannel } from "../../../wasm-runner/src/host";
import type { Launch } from "../transport";

/** Pyodide's files, as wasm-runner/build.mjs ships them in dist/wasm/pyodide. */
const PYODIDE_FILES = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"];

let extensionUri: vscode.Uri | undefined;
const restartListeners: ((restart: Restart) => void)[] = [];

/** Where the extension's files are (set by the browser entry before anything starts). */
export function useExtension(uri: vscode.Uri): void {
  extensionUri = uri;
}

/** Calls `listener` whenever a worker is restarted to stop a running cell. */
export function onWorkerRestart(listener: (restart: Restart) => void): void {
  restartListeners.push(listener);
}

/** A language client served by the Pyodide worker; `launch` (a daemon process) does not apply. */
export function createClient(id: string, name: string, _launch: Launch, options: LanguageClientOptions): BaseLanguageClient {
  return new WorkerClient(id, name, options);
}

class WorkerClient extends BaseLanguageClient {
  private host: WorkerHost | undefined;

  protected async createMessageTransports(_encoding: string): Promise<MessageTransports> {
    this.host?.dispose();
    if (extensionUri === undefined) {
      throw new Error("the browser entry did not say where the extension's files are");
    }
    const host = new WorkerHost(await workerOptions(extensionUri));
    host.onRestart((restart) => restartListeners.forEach((listener) => listener(restart)));
    this.host = host;
    return { reader: new HostReader(host), writer: new HostWriter(host) };
  }

  override async stop(timeout?: number): Promise<void> {
    try {
      await super.stop(timeout);
    } finally {
      this.host?.dispose();
      this.host = undefined;
    }
  }
}

class HostReader extends AbstractMessageReader {
  private callback: DataCallback | undefined;

  constructor(host: WorkerHost) {
    super();
    host.onMessage((message) => this.callback?.(message as Message));
  }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    return { dispose: () => (this.callback = undefined) };
  }
}

class HostWriter extends AbstractMessageWriter {
  constructor(private readonly host: WorkerHost) {
    super();
  }

  async write(message: Message): Promise<void> {
    this.host.send(message as HostMessage);
  }

  end(): void {}
}

/** What the worker's host needs: how to start a worker, and Pyodide's files and the wheels. */
async function workerOptions(extension: vscode.Uri): Promise<{ spawn: () => WorkerChannel; assets: Assets }> {
  const wasm = vscode.Uri.joinPath(extension, "dist", "wasm");
  const names = JSON.parse(await (await get(vscode.Uri.joinPath(wasm, "wheels", "index.json"))).text()) as string[];
  const [script, wheels, pyodide] = await Promise.all([
    get(vscode.Uri.joinPath(wasm, "worker.js")).then((r) => r.text()),
    Promise.all(names.map(async (n) => [n, new Uint8Array(await (await get(vscode.Uri.joinPath(wasm, "wheels", n))).arrayBuffer())] as const)),
    pyodideLocation(vscode.Uri.joinPath(wasm, "pyodide")),
  ]);
  const url = URL.createObjectURL(new Blob([script], { type: "text/javascript" }));
  return { spawn: () => browserChannel(url), assets: { ...pyodide, wheels: Object.fromEntries(wheels) } };
}

/** Pyodide's folder as the browser can load it: the folder itself when it is on the web, else
 * each file's own URL (a remote extension's files are served one by one). */
async function pyodideLocation(folder: vscode.Uri): Promise<Pick<Assets, "indexURL" | "files">> {
  if (folder.scheme === "http" || folder.scheme === "https") {
    return { indexURL: `${folder.toString(true)}/` };
  }
  const urls = await Promise.all(
    PYODIDE_FILES.map(async (name) => [name, (await fetch(vscode.Uri.joinPath(folder, name).toString(true), { method: "HEAD" })).url] as const),
  );
  return { indexURL: "https://lichen.invalid/pyodide/", files: Object.fromEntries(urls) };
}

async function get(uri: vscode.Uri): Promise<Response> {
  const response = await fetch(uri.toString(true));
  if (!response.ok) {
    throw new Error(`could not load ${uri.path} (${response.status})`);
  }
  return response;
}

interface BrowserWorker {
  postMessage(data: unknown): void;
  addEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
  addEventListener(type: "error", listener: (event: { message?: string }) => void): void;
  terminate(): void;
}

function browserChannel(url: string): WorkerChannel {
  const WorkerClass = (globalThis as unknown as { Worker: new (url: string) => BrowserWorker }).Worker;
  const worker = new WorkerClass(url);
  return {
    post: (data) => worker.postMessage(data),
    onMessage: (handler) => worker.addEventListener("message", (event) => handler(event.data)),
    onError: (handler) => worker.addEventListener("error", (event) => handler(event.message ?? "the worker's script failed")),
    terminate: () => worker.terminate(),
  };
}
