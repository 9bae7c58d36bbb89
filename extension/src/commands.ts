// The extension's commands, one factory each, registered from one table. Commands that need the
// daemon say "Lichen daemon is not running" (with Restart) while it is down after a failure.
import * as path from "node:path";
import * as vscode from "vscode";
import { Methods, request } from "./client";
import type { Controller } from "./controller";
import type { Ctx } from "./ctx";
import type { Debugging } from "./debug";
import type { Editors } from "./editors";
import { short, showError, UserFacingError } from "./log";
import { cellConfig, NOTEBOOK_TYPE, withConfig } from "./notebookData";
import { toggleKeepRunning } from "./keepKernels";
import { exportAs, importNotebook } from "./transfer";

export interface Parts {
  ctx: Ctx;
  controller: Controller;
  editors: Editors;
  debugging: Debugging;
}

type Handler = (...args: unknown[]) => unknown;

interface Command {
  /** Whether the command talks to the daemon (and falls back while it is down). */
  daemon: boolean;
  make: (parts: Parts) => Handler;
}

const COMMANDS: { [name: string]: Command } = {
  "lichen.openAsNotebook": { daemon: false, make: () => openAsNotebook },
  "lichen.openAsText": { daemon: false, make: () => openAsText },
  "lichen.newNotebook": { daemon: false, make: (parts) => () => newNotebook(parts.ctx) },
  "lichen.runStale": {
    daemon: true,
    make: (parts) => (arg) => withNotebook(arg, (notebook) => parts.controller.runStale(notebook)),
  },
  "lichen.interruptKernel": {
    daemon: true,
    make: (parts) => (arg) => withNotebook(arg, (notebook) => parts.controller.interrupt(notebook)),
  },
  "lichen.restartKernel": {
    daemon: true,
    make: (parts) => (arg) => withNotebook(arg, (notebook) => parts.controller.restartKernel(notebook)),
  },
  "lichen.debugCell": {
    daemon: true,
    make: (parts) => (arg) => withCodeCell(arg, (cell) => parts.debugging.debugCell(cell)),
  },
  "lichen.toggleHideCode": { daemon: false, make: (parts) => (arg) => toggle(parts, arg, "hideCode") },
  "lichen.toggleDisabled": { daemon: false, make: (parts) => (arg) => toggle(parts, arg, "disabled") },
  "lichen.keepKernelRunning": { daemon: false, make: () => () => toggleKeepRunning() },
  "lichen.restartDaemon": { daemon: false, make: (parts) => () => parts.ctx.restart() },
  "lichen.installLichen": { daemon: false, make: (parts) => () => installLichen(parts.ctx) },
  "lichen.showLog": { daemon: false, make: (parts) => () => parts.ctx.log.show() },
  "lichen.exportAs": {
    daemon: true,
    make: (parts) => (arg) => withNotebook(arg, (notebook) => exportAs(parts.ctx, notebook)),
  },
  "lichen.importNotebook": {
    daemon: true,
    make: (parts) => (arg) => importNotebook(parts.ctx, arg instanceof vscode.Uri ? arg : undefined),
  },
};

/** Registers every command of the table. */
export function registerCommands(parts: Parts): vscode.Disposable[] {
  return Object.entries(COMMANDS).map(([name, command]) => {
    const handler = command.make(parts);
    return vscode.commands.registerCommand(name, async (...args: unknown[]) => {
      if (command.daemon && parts.ctx.state.kind === "failed") {
        await parts.ctx.notRunning();
        return;
      }
      try {
        await handler(...args);
      } catch (error) {
        const message = error instanceof UserFacingError ? error.message : `${name} failed: ${short(error)}.`;
        parts.ctx.log.error(`${name} failed.`, error);
        await showError(parts.ctx.log, message);
      }
    });
  });
}

/** The notebook a command is about: its argument (a URI, a cell, a toolbar context) or the active one. */
function targetNotebook(arg: unknown): vscode.NotebookDocument | undefined {
  const uri = notebookUriOf(arg);
  if (uri !== undefined) {
    return vscode.workspace.notebookDocuments.find((n) => n.uri.toString() === uri.toString());
  }
  const active = vscode.window.activeNotebookEditor?.notebook;
  return active?.notebookType === NOTEBOOK_TYPE ? active : undefined;
}

function notebookUriOf(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) {
    return arg;
  }
  if (typeof arg === "object" && arg !== null) {
    const candidate = arg as { notebook?: { uri?: unknown }; notebookEditor?: { notebookUri?: unknown }; notebookUri?: unknown };
    for (const value of [candidate.notebook?.uri, candidate.notebookEditor?.notebookUri, candidate.notebookUri]) {
      if (value instanceof vscode.Uri) {
        return value;
      }
    }
  }
  return undefined;
}

async function withNotebook(arg: unknown, run: (notebook: vscode.NotebookDocument) => Promise<void>): Promise<void> {
  const notebook = targetNotebook(arg);
  if (notebook === undefined) {
    throw new UserFacingError("Open a Lichen notebook first: this command acts on the active notebook.");
  }
  await run(notebook);
}

/** The cell a cell command is about: its argument, or the active notebook's selected cell. */
function targetCell(arg: unknown): vscode.NotebookCell | undefined {
  if (typeof arg === "object" && arg !== null && "document" in arg && "notebook" in arg && "index" in arg) {
    return arg as vscode.NotebookCell;
  }
  const editor = vscode.window.activeNotebookEditor;
  if (editor === undefined || editor.notebook.notebookType !== NOTEBOOK_TYPE) {
    return undefined;
  }
  const index = editor.selection.start;
  return index < editor.notebook.cellCount ? editor.notebook.cellAt(index) : undefined;
}

async function withCodeCell(arg: unknown, run: (cell: vscode.NotebookCell) => Promise<void>): Promise<void> {
  const cell = targetCell(arg);
  if (cell === undefined || cell.kind !== vscode.NotebookCellKind.Code) {
    throw new UserFacingError("Select a code cell of a Lichen notebook first.");
  }
  await run(cell);
}

/** Flips hide_code or disabled in the cell's metadata (saved with the file) and tells the daemon. */
async function toggle(parts: Parts, arg: unknown, option: "hideCode" | "disabled"): Promise<void> {
  const cell = targetCell(arg);
  if (cell === undefined || cell.kind !== vscode.NotebookCellKind.Code) {
    throw new UserFacingError("Select a code cell of a Lichen notebook first.");
  }
  const value = !cellConfig(cell.metadata)[option];
  const metadata = withConfig(cell.metadata, { [option]: value });
  const edit = new vscode.WorkspaceEdit();
  edit.set(cell.notebook.uri, [vscode.NotebookEdit.updateCellMetadata(cell.index, metadata)]);
  if (!(await vscode.workspace.applyEdit(edit))) {
    throw new UserFacingError("VS Code refused to change the cell; is the notebook read-only?");
  }
  if (option === "hideCode") {
    await parts.editors.setCodeFolded(cell.notebook, cell.index, value);
  }
  if (parts.ctx.client !== undefined && vscode.workspace.isTrusted) {
    const config = cellConfig(metadata);
    await parts.controller.setConfig(cell, { hideCode: config.hideCode, disabled: config.disabled });
  }
}

/** Reopens a Python file (the argument, or the active editor's) in the notebook editor. */
async function openAsNotebook(arg: unknown): Promise<void> {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (uri === undefined) {
    throw new UserFacingError("Open a notebook's .py file first.");
  }
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (document?.isDirty && !(await saveFirst(path.basename(uri.path), () => document.save()))) {
    return;
  }
  await vscode.commands.executeCommand("vscode.openWith", uri, NOTEBOOK_TYPE);
  await closeTabs(uri, (input) => input instanceof vscode.TabInputText);
}

/** Reopens a Lichen notebook (the argument, or the active one) in the text editor. */
async function openAsText(arg: unknown): Promise<void> {
  const notebook = targetNotebook(arg);
  if (notebook === undefined) {
    throw new UserFacingError("Open a Lichen notebook first.");
  }
  if (notebook.isDirty && !(await saveFirst(path.basename(notebook.uri.path), () => notebook.save()))) {
    return;
  }
  await vscode.commands.executeCommand("vscode.openWith", notebook.uri, "default");
  await closeTabs(notebook.uri, (input) => input instanceof vscode.TabInputNotebook);
}

/** Asks to save unsaved changes before the file is reopened from disk; false if the user declines. */
async function saveFirst(name: string, save: () => Thenable<boolean>): Promise<boolean> {
  const picked = await vscode.window.showWarningMessage(
    `${name} has unsaved changes. Save them before reopening it?`,
    { modal: true },
    "Save and Reopen",
  );
  return picked !== undefined && (await save());
}

async function closeTabs(uri: vscode.Uri, matches: (input: unknown) => boolean): Promise<void> {
  const tabs = vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => matches(tab.input) && (tab.input as { uri: vscode.Uri }).uri.toString() === uri.toString() && !tab.isDirty);
  if (tabs.length > 0) {
    await vscode.window.tabGroups.close(tabs, true);
  }
}

/** Asks where to save a new notebook, writes it (an import cell, an empty cell) and opens it. */
async function newNotebook(ctx: Ctx): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    title: "New Reactive Notebook",
    saveLabel: "Create",
    filters: { Python: ["py"] },
    ...(folder !== undefined ? { defaultUri: vscode.Uri.joinPath(folder, "notebook.py") } : {}),
  });
  if (target === undefined) {
    return;
  }
  const client = await ctx.ready();
  // The daemon reads an empty file as a new notebook: an import cell and an empty cell.
  const notebook = await request(client, Methods.parse, { text: "", uri: target.toString() });
  const { text } = await request(client, Methods.serialize, { notebook });
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  await vscode.commands.executeCommand("vscode.openWith", target, NOTEBOOK_TYPE);
}

/** Installs lichen into the interpreter Lichen would use now. */
async function installLichen(ctx: Ctx): Promise<void> {
  const interpreter = await ctx.interpreters.pick();
  await ctx.installer.install(interpreter, () => ctx.installed());
}
