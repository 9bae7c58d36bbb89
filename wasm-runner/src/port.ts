// The worker's end of its channel to the host: the global scope of a web worker, or a Node
// worker thread's parent port (the tests run the same worker under Node).

export interface Port {
  post(data: unknown): void;
  /** Calls `handler` with each message; attached at once, so no message is lost. */
  listen(handler: (data: unknown) => void): void;
}

declare const require: (id: string) => unknown;

interface NodeParentPort {
  postMessage(data: unknown): void;
  on(event: "message", handler: (data: unknown) => void): void;
}

interface WebWorkerScope {
  postMessage(data: unknown): void;
  addEventListener(type: "message", handler: (event: { data: unknown }) => void): void;
}

export function workerPort(): Port {
  const scope = globalThis as unknown as Partial<WebWorkerScope> & { importScripts?: unknown };
  if (typeof scope.importScripts === "function" || !isNode()) {
    const web = scope as WebWorkerScope;
    return {
      post: (data) => web.postMessage(data),
      listen: (handler) => web.addEventListener("message", (event) => handler(event.data)),
    };
  }
  const { parentPort } = require("node:worker_threads") as { parentPort: NodeParentPort };
  return {
    post: (data) => parentPort.postMessage(data),
    listen: (handler) => parentPort.on("message", handler),
  };
}

export function isNode(): boolean {
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof proc?.versions?.node === "string";
}
