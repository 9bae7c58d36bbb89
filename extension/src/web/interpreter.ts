// The browser build's stand-in for ../interpreter.ts (esbuild.mjs swaps it in): there is no
// interpreter to pick in VS Code for the Web. Python is the Pyodide worker the extension ships,
// with the lichen of this very extension, so the probe's answer is known without asking.
import * as vscode from "vscode";
import type { Config } from "../config";
import type { Log } from "../log";
import type { PythonEnvironment } from "../environments";
import type { Probe } from "../probe";

export type InterpreterSource = "Python extension" | "lichen.python.path" | "PATH" | "the extension";

export interface Interpreter {
  python: string;
  source: InterpreterSource;
  env?: { [key: string]: string | undefined };
  passedOver?: string;
}

/** What the worker runs: Pyodide 314's Python (wasm-runner/package.json pins the version). */
export const BROWSER_PYTHON: Interpreter = { python: "Pyodide (Python in the browser)", source: "the extension" };
const PYODIDE_PYTHON: [number, number, number] = [3, 14, 2];

export class Interpreters implements vscode.Disposable {
  /** Never fires: the browser's Python does not change. */
  readonly onDidChange: vscode.Event<void> = () => new vscode.Disposable(() => undefined);
  /** Never fires: there is one Python, the worker's. */
  readonly onDidChangeEnvironments: vscode.Event<void> = () => new vscode.Disposable(() => undefined);

  constructor(_log: Log, _config: Config, _extensionPath: string) {}

  get hasPythonExtension(): boolean {
    return false;
  }

  async pick(): Promise<Interpreter> {
    return BROWSER_PYTHON;
  }

  /** No environment to choose: the kernel is the worker's. */
  async environments(): Promise<PythonEnvironment[]> {
    return [];
  }

  async probe(_interpreter: Interpreter): Promise<{ probe: Probe } | { failure: string }> {
    const version = String(vscode.extensions.all.find((e) => e.id.toLowerCase() === "lichen.lichen")?.packageJSON?.version ?? "");
    return { probe: { version: PYODIDE_PYTHON, executable: BROWSER_PYTHON.python, lichen: version || "(bundled)", pygls: true } };
  }

  dispose(): void {}
}

export function processEnv(_interpreter: Interpreter): { [key: string]: string | undefined } {
  return {};
}
