// The messages between the worker and its host besides JSON-RPC: starting, and how the start went.
// A message with a `lichenWorker` field is one of these; every other message is JSON-RPC (the same
// methods and notifications as the daemon's stdio connection): objects from the host, and JSON
// text from the worker (Python writes it; the host parses it once, nothing is cloned twice).

/** The host's first message: where Pyodide is, the wheels to install, the interrupt buffer. */
export interface StartMessage {
  lichenWorker: "start";
  /** The folder (a URL, or a path under Node) of Pyodide's files, ending with "/". */
  indexURL: string;
  /** Where each of Pyodide's files is, when they are not in one folder the browser can load
   * (a remote extension's files are served one by one): `indexURL` then only names them. */
  files?: { [fileName: string]: string };
  /** Wheels by file name: lichen's is installed at once, the others (micropip, any shipped
   * package) when a notebook needs them. */
  wheels: { [fileName: string]: Uint8Array };
  /** Four bytes shared with the host, who writes 2 to interrupt the running cell; absent when
   * the page is not cross-origin isolated. */
  interruptBuffer?: SharedArrayBuffer;
  /** Package indexes micropip searches for packages the wheels do not provide (default: PyPI). */
  indexUrls?: string[];
}

/** Python is ready and serving. */
export interface ReadyMessage {
  lichenWorker: "ready";
  python: string;
  lichen: string;
  /** Milliseconds spent loading Pyodide, and then installing and importing lichen. */
  pyodideMs: number;
  lichenMs: number;
}

/** The worker could not start; `message` says why. */
export interface FailedMessage {
  lichenWorker: "failed";
  message: string;
}

export type ControlMessage = StartMessage | ReadyMessage | FailedMessage;

export function isControl(data: unknown): data is ControlMessage {
  return typeof data === "object" && data !== null && "lichenWorker" in data;
}
