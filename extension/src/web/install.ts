// The browser build's stand-in for ../install.ts (esbuild.mjs swaps it in): the worker comes with
// lichen installed, and there is no interpreter to install anything into.
import * as vscode from "vscode";
import type { PackagesMissing } from "../../../shared-protocol/src/protocol";
import type { Interpreter } from "./interpreter";
import { UserFacingError, type Action, type Log } from "../log";

const UNAVAILABLE =
  "In VS Code for the Web, Lichen runs in the browser's Python (Pyodide), which comes with Lichen " +
  "installed: there is no interpreter to install it into.";

export class Installer {
  constructor(
    _log: Log,
    _extensionPath: string,
    _hasPythonExtension: () => boolean,
    _running: () => Interpreter | undefined = () => undefined,
  ) {}

  wheel(): string | undefined {
    return undefined;
  }

  bundledDaemon(): string | undefined {
    return undefined;
  }

  command(_python: string): string | undefined {
    return undefined;
  }

  /** Never needed: the worker has lichen. */
  async offer(_interpreter: Interpreter, _problem: string, _installed: () => unknown): Promise<void> {}

  /** Never needed: the worker's kernel is the worker itself (no pyzmq, no msgspec). */
  async offerPackages(_missing: PackagesMissing, _problem: string, _installed: () => unknown): Promise<void> {}

  /** Never offered: the worker installs what cells import (micropip) before they run, and
   * says so in the cell when it cannot. */
  async offerModule(_python: string, _pkg: string, _problem: string, _installed: () => unknown): Promise<void> {}

  async install(_interpreter: Interpreter, _installed: () => unknown): Promise<void> {
    throw new UserFacingError(UNAVAILABLE);
  }

  /** The way out of a worker that did not start: a fresh window. */
  selectInterpreter(): Action {
    return { title: "Reload Window", run: () => vscode.commands.executeCommand("workbench.action.reloadWindow") };
  }
}
