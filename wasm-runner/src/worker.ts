// The Pyodide web worker that takes the daemon's and the kernel's place in VS Code for the Web.
//
// It loads Pyodide from the files the extension ships (never from a CDN), installs the lichen
// wheel it is given, and hands every JSON-RPC message to `lichen.wasm`'s server, whose replies
// and notifications it posts back. Messages that arrive while Python loads wait their turn.
// Python runs on this thread: while a cell runs nothing else is read, and only the interrupt
// buffer (written by the host) can stop it.
import { isControl, type StartMessage } from "./messages";
import { isNode, workerPort } from "./port";
import { startPython, type Server } from "./python";

const port = workerPort();
let server: Server | undefined;
let starting = false;
const waiting: unknown[] = [];

port.listen((data) => {
  if (isControl(data)) {
    if (data.lichenWorker === "start" && !starting) {
      starting = true;
      void start(data);
    }
    return;
  }
  if (server === undefined) {
    waiting.push(data);
  } else {
    server.receive(JSON.stringify(data));
  }
});

async function start(message: StartMessage): Promise<void> {
  try {
    const started = await startPython(message, (text) => port.post(text), isNode());
    server = started.server;
    port.post({ lichenWorker: "ready", ...started.info });
    for (const data of waiting.splice(0)) {
      server.receive(JSON.stringify(data));
    }
  } catch (error) {
    port.post({ lichenWorker: "failed", message: error instanceof Error ? error.message : String(error) });
  }
}
