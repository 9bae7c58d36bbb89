// The CPython daemon (`python -m lichen lsp`) over stdio, as a `Connection`: the same scenario can
// run against it and against the worker, and their answers be compared.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Message } from "../../wasm-runner/src/host";
import { ROOT, type Connection } from "./harness";

/** The interpreter with lichen installed (`make setup`). */
export const PYTHON = process.env.LICHEN_PYTHON ?? join(ROOT, ".venv", "bin", "python");

export function hasDaemon(): boolean {
  return existsSync(PYTHON);
}

export class DaemonConnection implements Connection {
  private readonly process: ChildProcessWithoutNullStreams;
  private readonly handlers: ((message: Message) => void)[] = [];
  private buffer = Buffer.alloc(0);

  constructor() {
    this.process = spawn(PYTHON, ["-m", "lichen", "lsp"], { stdio: "pipe" });
    this.process.stdout.on("data", (chunk: Buffer) => this.read(chunk));
    this.process.stderr.resume();
  }

  send(message: Message): void {
    const body = Buffer.from(JSON.stringify(message), "utf8");
    this.process.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
  }

  onMessage(handler: (message: Message) => void): void {
    this.handlers.push(handler);
  }

  dispose(): void {
    this.process.stdin.end();
    setTimeout(() => this.process.kill(), 2000).unref();
  }

  private read(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const end = this.buffer.indexOf("\r\n\r\n");
      if (end < 0) {
        return;
      }
      const length = Number(/Content-Length: *(\d+)/i.exec(this.buffer.subarray(0, end).toString())?.[1]);
      if (this.buffer.length < end + 4 + length) {
        return;
      }
      const message = JSON.parse(this.buffer.subarray(end + 4, end + 4 + length).toString("utf8")) as Message;
      this.buffer = this.buffer.subarray(end + 4 + length);
      if (message.method !== undefined && message.id !== undefined) {
        this.send({ jsonrpc: "2.0", id: message.id, result: null }); // a request of the daemon's
        continue;
      }
      this.handlers.forEach((handler) => handler(message));
    }
  }
}
