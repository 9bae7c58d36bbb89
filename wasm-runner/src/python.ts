// Pyodide with lichen installed and `lichen.wasm`'s server started.
import type { PyodideAPI } from "pyodide";
import type { ReadyMessage, StartMessage } from "./messages";

/** The Python server: one JSON-RPC message (as text) at a time. */
export interface Server {
  receive(text: string): void;
}

export interface Started {
  server: Server;
  info: Omit<ReadyMessage, "lichenWorker">;
}

/** Where the worker keeps the wheels it was given (`lichen.wasm.pyodide_install` reads them). */
const WHEELS = "/lichen/wheels";

declare const require: (id: string) => unknown;

export async function startPython(message: StartMessage, send: (text: string) => void, inNode: boolean): Promise<Started> {
  const t0 = performance.now();
  const { loadPyodide } = (await import(moduleUrl(message.indexURL + "pyodide.mjs", inNode))) as {
    loadPyodide: (options: { indexURL: string }) => Promise<PyodideAPI>;
  };
  const py = await loadPyodide({ indexURL: message.indexURL });
  const t1 = performance.now();
  const lichenWheel = Object.keys(message.wheels).find((name) => name.startsWith("lichen-"));
  if (lichenWheel === undefined) {
    throw new Error("the worker was given no lichen wheel");
  }
  py.FS.mkdirTree(WHEELS);
  for (const [name, bytes] of Object.entries(message.wheels)) {
    py.FS.writeFile(`${WHEELS}/${name}`, bytes);
  }
  py.unpackArchive(message.wheels[lichenWheel]!, "wheel");
  if (message.interruptBuffer !== undefined) {
    py.setInterruptBuffer(new Int32Array(message.interruptBuffer));
  }
  const wasm = py.pyimport("lichen.wasm");
  const indexUrls = message.indexUrls === undefined ? undefined : py.toPy(message.indexUrls);
  const server = wasm.start(send, indexUrls) as Server;
  const version = py.runPython("import sys, lichen; (sys.version.split()[0], lichen.__version__)").toJs() as string[];
  return {
    server,
    info: {
      python: version[0]!,
      lichen: version[1]!,
      pyodideMs: Math.round(t1 - t0),
      lichenMs: Math.round(performance.now() - t1),
    },
  };
}

/** A URL `import()` takes: under Node, a path becomes a file URL. */
function moduleUrl(location: string, inNode: boolean): string {
  if (!inNode || /^(file|https?|data|blob):/i.test(location)) {
    return location;
  }
  const { pathToFileURL } = require("node:url") as { pathToFileURL: (path: string) => URL };
  return pathToFileURL(location).href;
}
