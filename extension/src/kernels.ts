// The kernel picker: one notebook controller per Python environment (the default one runs
// kernels in the daemon's interpreter), so VS Code's "Select Kernel" lists the workspace's
// venvs, conda and pixi environments and `python3` on PATH. The choice is remembered per notebook
// (`kernelChoices.ts`) and told to the daemon (`lichen/selectKernel`) before the notebook's next
// run, or at once while the daemon runs: a kernel in another interpreter then ends.
import * as path from "node:path";
import * as vscode from "vscode";
import type { BaseLanguageClient } from "vscode-languageclient";
import { Methods, request } from "./client";
import type { Ctx } from "./ctx";
import type { PythonEnvironment } from "./environments";
import { KernelChoices, kernelId } from "./kernelChoices";
import { short, showError } from "./log";
import { NOTEBOOK_TYPE } from "./notebookData";

/** Makes a controller that runs cells through Lichen (the `Controller`'s handlers). */
export type MakeController = (id: string, label: string) => vscode.NotebookController;

/** The controller of the daemon's own interpreter (the id Lichen always had). */
export const DEFAULT_KERNEL_ID = "lichen";

interface Kernel {
  controller: vscode.NotebookController;
  /** Its interpreter; undefined for the default kernel. */
  python: string | undefined;
}

export class Kernels implements vscode.Disposable {
  private readonly kernels = new Map<string, Kernel>();
  private readonly choices: KernelChoices;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly ctx: Ctx,
    private readonly make: MakeController,
  ) {
    this.choices = new KernelChoices(ctx.extension.workspaceState);
    this.add(DEFAULT_KERNEL_ID, "Lichen", undefined, "Reactive Python, in the interpreter Lichen runs with");
    this.disposables.push(
      vscode.workspace.onDidOpenNotebookDocument((notebook) => {
        this.prefer(notebook);
        if (notebook.notebookType === NOTEBOOK_TYPE) {
          void this.discover(); // a venv made since is offered too
        }
      }),
      vscode.workspace.onDidCloseNotebookDocument((notebook) => this.choices.forgetTold(notebook.uri.toString())),
      vscode.window.onDidChangeActiveNotebookEditor((editor) => void this.select(editor)),
      ctx.interpreters.onDidChangeEnvironments(() => void this.discover()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.discover()),
    );
    ctx.onClient(() => {
      this.choices.forgetTold(); // a new daemon knows no choice yet
      return [];
    });
    vscode.workspace.notebookDocuments.forEach((notebook) => this.prefer(notebook));
    void this.select(vscode.window.activeNotebookEditor);
    void this.discover();
  }

  /** The interpreter the notebook's kernels run in: the one chosen for it, else the daemon's
   * (undefined while no daemon runs). */
  pythonOf(notebook: vscode.NotebookDocument): string | undefined {
    const state = this.ctx.state;
    return this.choices.chosen(notebook.uri.toString()) ?? (state.kind === "running" ? state.interpreter.python : undefined);
  }

  /** Tells the daemon the notebook's kernel choice if it does not know it yet. */
  async prepare(client: BaseLanguageClient, notebook: vscode.NotebookDocument): Promise<void> {
    const notebookUri = notebook.uri.toString();
    const tell = this.choices.toTell(notebookUri);
    if (tell === undefined) {
      return;
    }
    this.ctx.log.info(`Kernel of ${notebookUri}: ${tell.python ?? "the daemon's interpreter"}.`);
    await request(client, Methods.selectKernel, { notebookUri, python: tell.python });
    this.choices.markTold(notebookUri, tell.python);
  }

  /** Adds a kernel for each environment found that has none yet. */
  private async discover(): Promise<void> {
    let found: PythonEnvironment[];
    try {
      found = await this.ctx.interpreters.environments();
    } catch (error) {
      this.ctx.log.error("Looking for Python environments failed.", error);
      return;
    }
    for (const env of found) {
      const id = kernelId(env.python);
      if (!this.kernels.has(id)) {
        this.add(id, `Lichen (${env.name})`, env.python, env.python);
      }
    }
    this.ctx.log.info(`Kernels: ${found.map((env) => `${env.name} (${env.python})`).join(", ") || "the default only"}.`);
    vscode.workspace.notebookDocuments.forEach((notebook) => this.prefer(notebook));
  }

  private add(id: string, label: string, python: string | undefined, description: string): void {
    const controller = this.make(id, label);
    controller.description = description;
    this.kernels.set(id, { controller, python });
    this.disposables.push(
      controller,
      controller.onDidChangeSelectedNotebooks(({ notebook, selected }) => {
        if (selected) {
          void this.selected(notebook, python);
        }
      }),
    );
  }

  /** The user chose the kernel of `python` for `notebook`. */
  private async selected(notebook: vscode.NotebookDocument, python: string | undefined): Promise<void> {
    const notebookUri = notebook.uri.toString();
    if (this.choices.chosen(notebookUri) !== python) {
      await this.choices.choose(notebookUri, python);
      this.prefer(notebook);
    }
    const client = this.ctx.client;
    if (client === undefined) {
      return; // told before the first run
    }
    try {
      await this.prepare(client, notebook);
    } catch (error) {
      await showError(this.ctx.log, `Lichen could not switch the kernel of ${path.basename(notebook.uri.path)}: ${short(error)}`);
    }
  }

  /**
   * Selects the notebook's kernel (its choice, else the default) in an editor that has none
   * selected: with several kernels VS Code would otherwise ask on the first run, and a
   * preferred affinity alone does not select one.
   */
  private async select(editor: vscode.NotebookEditor | undefined): Promise<void> {
    if (editor === undefined || editor.notebook.notebookType !== NOTEBOOK_TYPE) {
      return;
    }
    this.prefer(editor.notebook);
    const chosen = this.choices.chosen(editor.notebook.uri.toString());
    const id = chosen === undefined ? DEFAULT_KERNEL_ID : kernelId(chosen);
    try {
      await vscode.commands.executeCommand("notebook.selectKernel", {
        id,
        extension: this.ctx.extension.extension.id,
        skipIfAlreadySelected: true, // VS Code's own memory of the notebook, or the user's pick
      });
    } catch (error) {
      this.ctx.log.warn(`Could not select the kernel of ${editor.notebook.uri.toString()}: ${short(error)}`);
    }
  }

  /** Makes the notebook's chosen kernel the preferred one (VS Code selects it when it opens). */
  private prefer(notebook: vscode.NotebookDocument): void {
    if (notebook.notebookType !== NOTEBOOK_TYPE) {
      return;
    }
    const chosen = this.choices.chosen(notebook.uri.toString());
    const id = chosen === undefined ? DEFAULT_KERNEL_ID : kernelId(chosen);
    if (chosen !== undefined && !this.kernels.has(id)) {
      // Not found (yet) where environments are looked for: the choice stands all the same.
      this.add(id, `Lichen (${path.basename(path.dirname(path.dirname(chosen)))})`, chosen, chosen);
    }
    for (const [kernel, { controller }] of this.kernels) {
      const affinity = kernel === id ? vscode.NotebookControllerAffinity.Preferred : vscode.NotebookControllerAffinity.Default;
      controller.updateNotebookAffinity(notebook, affinity);
    }
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
