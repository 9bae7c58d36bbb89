// The `browser` entry (VS Code for the Web): the same activation as the Node entry, with the
// Pyodide worker in the daemon's place. esbuild.mjs builds it with this folder's stand-ins for
// the files that start processes (transport, interpreter, install) and for `node:path`.
import type * as vscode from "vscode";
import { activate as activateShared, deactivate } from "../main";
import { useExtension } from "./transport";

export function activate(context: vscode.ExtensionContext): void {
  useExtension(context.extensionUri);
  activateShared(context);
}

export { deactivate };
