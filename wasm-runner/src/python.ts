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
  const py = await loadPython(message, inNode);
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

type LoadPyodide = (options: { indexURL: string; createPyodideModule?: unknown }) => Promise<PyodideAPI>;

/** Pyodide, from its folder, or from its files' own URLs (`StartMessage.files`): then every
 * fetch under `indexURL` goes to the file's URL, and the modules are imported from their text,
 * since a server of files one by one may not give them the types browsers insist on (a
 * JavaScript type for modules, application/wasm for streamed WebAssembly). */
async function loadPython(message: StartMessage, inNode: boolean): Promise<PyodideAPI> {
  const files = message.files;
  if (files === undefined) {
    const { loadPyodide } = (await import(moduleUrl(message.indexURL + "pyodide.mjs", inNode))) as { loadPyodide: LoadPyodide };
    return loadPyodide({ indexURL: message.indexURL });
  }
  const nativeFetch = globalThis.fetch.bind(globalThis);
  globalThis.fetch = async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const name = url.startsWith(message.indexURL) ? url.slice(message.indexURL.length) : undefined;
    const mapped = name === undefined ? undefined : files[name];
    if (mapped === undefined) {
      return nativeFetch(input, init);
    }
    const response = await nativeFetch(mapped, init);
    return name!.endsWith(".wasm") ? withType(response, "application/wasm") : response;
  };
  const importText = async (name: string) => {
    const response = await nativeFetch(files[name]!);
    if (!response.ok) {
      throw new Error(`could not load ${name} (${response.status})`);
    }
    const blob = new Blob([await response.text()], { type: "text/javascript" });
    return import(URL.createObjectURL(blob));
  };
  const [{ loadPyodide }, asm] = (await Promise.all([importText("pyodide.mjs"), importText("pyodide.asm.mjs")])) as [
    { loadPyodide: LoadPyodide },
    { default: unknown },
  ];
  return loadPyodide({ indexURL: message.indexURL, createPyodideModule: asm.default });
}

function withType(response: Response, type: string): Response {
  const headers = new Headers(response.headers);
  headers.set("Content-Type", type);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** A URL `import()` takes: under Node, a path becomes a file URL. */
function moduleUrl(location: string, inNode: boolean): string {
  if (!inNode || /^(file|https?|data|blob):/i.test(location)) {
    return location;
  }
  const { pathToFileURL } = require("node:url") as { pathToFileURL: (path: string) => URL };
  return pathToFileURL(location).href;
}
