// The notebook controller: runs go to the daemon, and every cell event it streams back updates
// VS Code (queued, spinner, streamed stdout/stderr, outputs, success or failure, execution order,
// duration), for the cells the user ran and for every other cell the reactive run touches.
import * as path from "node:path";
import * as vscode from "vscode";
import type { BaseLanguageClient } from "vscode-languageclient";
import { ErrorCodes, type CellEvents, type KernelStatus, type PackagesMissing, type RunResult } from "../../shared-protocol/src/protocol";
import { CellRuns, type CellMark, type Result, type Step } from "./cellRuns";
import { CellStates } from "./cellStates";
import { Methods, onNotification, request } from "./client";
import type { Ctx } from "./ctx";
import { Kernels } from "./kernels";
import { LateOutput } from "./lateOutput";
import { errorCode, sentence, short, showError, UserFacingError } from "./log";
import { CELL_LANGUAGE, NOTEBOOK_TYPE } from "./notebookData";
import type { PlainError } from "./outputs";
import { PlacementView } from "./placementView";
import { splitUiStream } from "./uiMessages";

interface Execution {
  /** Made once the cell's previous execution has ended (undefined if VS Code refused one). */
  execution?: vscode.NotebookCellExecution;
  /** The cell's execution order before this execution, kept when its outputs are. */
  previousOrder: number | undefined;
  started: boolean;
  startTime?: number;
  /** The output stream text is appended to. */
  last?: vscode.NotebookCellOutput;
  /** The output showing the running cell's output so far (`mo.output`, progress bars). */
  live?: vscode.NotebookCellOutput;
  /** Calls on one execution are made in order. */
  chain: Promise<unknown>;
}

export class Controller implements vscode.Disposable {
  private readonly kernels: Kernels;
  /** Per notebook URI, the controller selected for it: its cells' executions are made there. */
  private readonly selected = new Map<string, vscode.NotebookController>();
  /** Installs offered now ("notebook package"), so a run failing again asks no second time. */
  private readonly offered = new Set<string>();
  private readonly runs = new Map<string, CellRuns>();
  private readonly states = new Map<string, CellStates>();
  private readonly executions = new Map<string, Execution>();
  /**
   * Per cell, the steps of its last ended execution still being carried out (its outputs, its
   * end). A run that follows at once (values of a UI element in quick succession) opens the
   * cell's next execution only after them: VS Code refuses a second execution of a cell whose
   * first has not ended.
   */
  private readonly ending = new Map<string, Promise<unknown>>();
  private readonly marksChanged = new vscode.EventEmitter<void>();
  /** A cell's mark (stale, or why it did not run) changed. */
  readonly onDidChangeMarks = this.marksChanged.event;
  private readonly uiMessages = new vscode.EventEmitter<{ notebook: vscode.NotebookDocument; messages: unknown[] }>();
  /** What the kernel tells the renderer of a notebook between outputs (`UI_STREAM`). */
  readonly onUiMessages = this.uiMessages.event;
  private readonly cellsEnded = new vscode.EventEmitter<vscode.NotebookDocument>();
  /** Cells of a notebook ended (ran, failed or were passed over): its namespace may have changed. */
  readonly onDidEndCells = this.cellsEnded.event;
  private readonly statesChanged = new vscode.EventEmitter<{ notebook: vscode.NotebookDocument; cellUris: string[] }>();
  /** Cells of a notebook were queued, started, ended or went stale (their `standing`). */
  readonly onDidChangeStates = this.statesChanged.event;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly late = new LateOutput();
  private readonly placements = new PlacementView((notebookUri) => this.cancelJob(notebookUri));

  constructor(private readonly ctx: Ctx) {
    this.disposables.push(
      this.statesChanged,
      this.uiMessages,
      this.cellsEnded,
      this.marksChanged,
      this.late,
      this.placements,
      vscode.workspace.onDidCloseNotebookDocument((notebook) => this.closed(notebook)),
      vscode.workspace.onDidChangeNotebookDocument((event) => this.changed(event)),
      ctx.onDidChangeState((state) => {
        if (state.kind === "failed" || state.kind === "idle") {
          this.abandonAll();
        }
      }),
    );
    this.kernels = new Kernels(ctx, (id, label) => this.newController(id, label));
    this.disposables.push(this.kernels);
    ctx.onClient((client) => this.listen(client));
  }

  /** A notebook controller (one per kernel in the picker) whose runs this class carries out. */
  private newController(id: string, label: string): vscode.NotebookController {
    const controller = vscode.notebooks.createNotebookController(id, NOTEBOOK_TYPE, label);
    controller.supportedLanguages = [CELL_LANGUAGE];
    controller.supportsExecutionOrder = true;
    controller.executeHandler = (cells, notebook) => {
      this.selected.set(notebook.uri.toString(), controller);
      return this.execute(cells, notebook);
    };
    controller.interruptHandler = (notebook) => this.interrupt(notebook);
    this.disposables.push(
      controller.onDidChangeSelectedNotebooks(({ notebook, selected }) => {
        const key = notebook.uri.toString();
        if (selected) {
          this.selected.set(key, controller);
        } else if (this.selected.get(key) === controller) {
          this.selected.delete(key);
        }
      }),
    );
    return controller;
  }

  /** The cell's stale flag and note, for the status bar. */
  mark(cell: vscode.NotebookCell): CellMark {
    return this.runs.get(cell.notebook.uri.toString())?.mark(cell.document.uri.toString()) ?? { stale: false };
  }

  /** Where the notebook's cells stand (queued, running, how they last ended, when). */
  standing(notebook: vscode.NotebookDocument): CellStates {
    const key = notebook.uri.toString();
    let states = this.states.get(key);
    if (states === undefined) {
      states = new CellStates();
      this.states.set(key, states);
    }
    return states;
  }

  /** Runs the notebook's stale cells (lazy mode). */
  runStale(notebook: vscode.NotebookDocument): Promise<void> {
    return this.send(notebook, [], (client) =>
      request(client, Methods.runStale, { notebookUri: notebook.uri.toString() }),
    );
  }

  /** Sends a cell's new configuration (disabled, hide code); enabling a cell may run it. */
  setConfig(cell: vscode.NotebookCell, config: { hideCode: boolean; disabled: boolean }): Promise<void> {
    return this.send(cell.notebook, [], (client) =>
      request(client, Methods.setConfig, {
        notebookUri: cell.notebook.uri.toString(),
        cellUri: cell.document.uri.toString(),
        config,
      }),
    );
  }

  /**
   * Gives a UI element a new raw value (from the renderer): the cells that read it run. Values
   * sent while a run goes on are coalesced by the daemon, so every one is sent as it comes.
   * Resolves with the kernel's reason when it refuses the value (the element is gone, or the
   * value is not one it takes).
   */
  async setUiValue(notebook: vscode.NotebookDocument, elementId: string, value: unknown): Promise<string | undefined> {
    let refused: string | undefined;
    await this.send(notebook, [], async (client) => {
      try {
        await request(client, Methods.setUiValue, { notebookUri: notebook.uri.toString(), elementId, value });
        // Its cells' events have ended their executions. The next value's run may have begun
        // by the time this reply arrives: naming the cells here would end that run's executions.
        return { ok: true, cells: [] };
      } catch (error) {
        if (errorCode(error) !== ErrorCodes.uiValueRefused) {
          throw error;
        }
        refused = short(error);
        this.ctx.log.info(`A value for UI element ${elementId} was refused: ${refused}`);
        return { ok: false, cells: [] };
      }
    });
    return refused;
  }

  /** Interrupts the notebook's running cell. */
  async interrupt(notebook: vscode.NotebookDocument): Promise<void> {
    const client = this.ctx.client;
    if (client === undefined) {
      await this.ctx.notRunning();
      return;
    }
    try {
      await request(client, Methods.interrupt, { notebookUri: notebook.uri.toString() });
    } catch (error) {
      await showError(this.ctx.log, `Lichen could not interrupt the kernel: ${sentence(short(error))}`);
    }
  }

  /** Restarts the notebook's kernel: its variables are gone, and running cells end. */
  async restartKernel(notebook: vscode.NotebookDocument): Promise<void> {
    const client = this.ctx.client;
    if (client === undefined) {
      await this.ctx.notRunning();
      return;
    }
    try {
      await request(client, Methods.restart, { notebookUri: notebook.uri.toString() });
      this.abandon(notebook.uri.toString());
      this.statesOf(notebook, (states) => states.reset());
      void vscode.window.setStatusBarMessage("Lichen: kernel restarted", 3000);
    } catch (error) {
      await showError(this.ctx.log, `Lichen could not restart the kernel: ${sentence(short(error))}`);
    }
  }

  private async execute(cells: vscode.NotebookCell[], notebook: vscode.NotebookDocument): Promise<void> {
    const cellUris = cells
      .filter((cell) => cell.kind === vscode.NotebookCellKind.Code)
      .map((cell) => cell.document.uri.toString());
    if (cellUris.length === 0) {
      return;
    }
    await this.send(notebook, cellUris, (client) =>
      request(client, Methods.run, { notebookUri: notebook.uri.toString(), cellUris }),
    );
  }

  /**
   * Sends a run-like request for `notebook`: refuses in an untrusted workspace, shows the cells in
   * `cellUris` as queued at once, and ends what the run left open when it answers.
   */
  private async send(
    notebook: vscode.NotebookDocument,
    cellUris: string[],
    call: (client: BaseLanguageClient) => Promise<RunResult>,
  ): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      const picked = await vscode.window.showWarningMessage(
        "Lichen runs no cells in an untrusted workspace. Trust this workspace to run them.",
        "Manage Workspace Trust",
      );
      if (picked !== undefined) {
        await vscode.commands.executeCommand("workbench.trust.manage");
      }
      return;
    }
    const client = await this.client();
    if (client === undefined) {
      return;
    }
    const runs = this.runsOf(notebook);
    this.apply(notebook, runs.request(cellUris));
    this.statesOf(notebook, (states) => states.request(cellUris));
    let touched: string[] = [];
    try {
      await this.kernels.prepare(client, notebook);
      const result = await call(client);
      touched = result.cells.map((c) => c.cellUri);
    } catch (error) {
      this.runFailed(client, error, () => this.send(notebook, cellUris, call));
    } finally {
      this.apply(notebook, runs.finish([...cellUris, ...touched]));
      this.statesOf(notebook, (states) => states.finish([...cellUris, ...touched]));
    }
  }

  /** Tells the user why a run request failed, unless another message already does; `again`
   * sends the request again (once what it lacked is installed). */
  private runFailed(client: BaseLanguageClient, error: unknown, again: () => Promise<void>): void {
    this.ctx.log.error("A run request failed.", error);
    if (this.ctx.client !== client) {
      return; // the daemon went away: its own message says so
    }
    switch (errorCode(error)) {
      case ErrorCodes.kernelDead:
        return; // the kernel's "dead" status says so, with a Restart Kernel button
      case ErrorCodes.untrusted:
        void vscode.window.showWarningMessage(sentence(short(error)));
        return;
      case ErrorCodes.kernelPackagesMissing: {
        const missing = (error as { data?: PackagesMissing }).data;
        if (missing !== undefined) {
          void this.ctx.installer.offerPackages(missing, sentence(short(error)), again);
          return;
        }
        break;
      }
      default:
        break;
    }
    void showError(this.ctx.log, `Lichen could not run the cells: ${sentence(short(error))}`);
  }

  private async client(): Promise<BaseLanguageClient | undefined> {
    if (this.ctx.state.kind === "failed") {
      await this.ctx.notRunning();
      return undefined;
    }
    try {
      return await this.ctx.ready();
    } catch (error) {
      const message = error instanceof UserFacingError ? error.message : `Lichen could not start: ${short(error)}.`;
      void showError(this.ctx.log, message, this.ctx.restartAction());
      return undefined;
    }
  }

  private listen(client: BaseLanguageClient): vscode.Disposable[] {
    return [
      onNotification(client, Methods.cellEvents, (params) => this.events(params)),
      onNotification(client, Methods.kernelStatus, (params) => this.kernelStatus(params)),
    ];
  }

  private events(params: CellEvents): void {
    const notebook = vscode.workspace.notebookDocuments.find((n) => n.uri.toString() === params.notebookUri);
    if (notebook === undefined) {
      return;
    }
    const { events, messages } = splitUiStream(params.events);
    if (messages.length > 0) {
      this.uiMessages.fire({ notebook, messages });
    }
    this.apply(notebook, this.runsOf(notebook).apply(events));
    this.statesOf(notebook, (states) => states.apply(events, Date.now(), codeIn(notebook)));
    if (params.events.some((e) => e.event.kind === "done")) {
      this.cellsEnded.fire(notebook);
    }
    for (const { cellUri, event } of params.events) {
      if (event.kind === "done" && event.error?.package) {
        this.offerPackage(notebook, cellUri, event.error.package, event.error.evalue);
      }
    }
  }

  /** A cell could not import what `pkg` provides: offer to install it into the kernel's
   * environment, then run the cell again (one offer per notebook and package at a time). */
  private offerPackage(notebook: vscode.NotebookDocument, cellUri: string, pkg: string, message: string): void {
    const python = this.kernels.pythonOf(notebook);
    const key = `${notebook.uri.toString()} ${pkg}`;
    if (python === undefined || this.offered.has(key)) {
      return;
    }
    const cell = notebook.getCells().find((c) => c.document.uri.toString() === cellUri);
    const where = cell === undefined ? "A cell" : `Cell ${cell.index + 1} of ${path.basename(notebook.uri.path)}`;
    this.offered.add(key);
    void this.ctx.installer
      .offerModule(python, pkg, `${where} failed: ${sentence(message)}`, () => (cell === undefined ? undefined : this.execute([cell], notebook)))
      .finally(() => this.offered.delete(key));
  }

  /** Ends the Slurm job of the notebook's kernel (one waiting for its allocation too). */
  private async cancelJob(notebookUri: string): Promise<void> {
    const client = this.ctx.client;
    if (client !== undefined) {
      await request(client, Methods.cancelKernelJob, { notebookUri }).catch((error) =>
        this.ctx.log.warn(`Cancelling the kernel's job failed: ${short(error)}`),
      );
    }
  }

  private kernelStatus(status: KernelStatus): void {
    const where = status.placement ? ` [${status.placement.label}: job ${status.placement.jobId} ${status.placement.state}]` : "";
    this.ctx.log.info(`Kernel of ${status.notebookUri}: ${status.state}${status.message ? ` (${status.message})` : ""}${where}`);
    this.placements.update(status);
    if (status.state === "idle" && status.message) {
      // A kept kernel taken back: what it did while no daemon held it.
      void vscode.window.showInformationMessage(`${path.basename(vscode.Uri.parse(status.notebookUri).path)}: ${status.message}`);
    }
    if (status.state !== "dead") {
      return;
    }
    this.abandon(status.notebookUri);
    const name = path.basename(vscode.Uri.parse(status.notebookUri).path);
    const notebook = vscode.workspace.notebookDocuments.find((n) => n.uri.toString() === status.notebookUri);
    const message = status.message ? sentence(status.message) : "its process exited. Restart it to run cells again.";
    void showError(this.ctx.log, `The kernel of ${name} stopped: ${message}`, {
      title: "Restart Kernel",
      run: () => notebook !== undefined && this.restartKernel(notebook),
    });
  }

  private apply(notebook: vscode.NotebookDocument, steps: Step[]): void {
    if (steps.length === 0) {
      return;
    }
    const cells = new Map(notebook.getCells().map((cell) => [cell.document.uri.toString(), cell]));
    let marks = false;
    for (const step of steps) {
      if (step.kind === "mark") {
        marks = true;
      } else if (step.kind === "create") {
        this.create(cells.get(step.cellUri), step.cellUri);
      } else if (step.kind === "late") {
        this.late.write(cells.get(step.cellUri), step.cellUri, step.name, step.text);
      } else {
        this.step(step);
      }
    }
    if (marks) {
      this.marksChanged.fire();
    }
  }

  private create(cell: vscode.NotebookCell | undefined, cellUri: string): void {
    // A Markdown cell runs in the kernel too (it reads `mo`), but VS Code renders it itself.
    if (cell === undefined || cell.kind !== vscode.NotebookCellKind.Code || this.executions.has(cellUri)) {
      return;
    }
    const exec: Execution = { previousOrder: undefined, started: false, chain: Promise.resolve() };
    const open = (): void => {
      try {
        exec.previousOrder = cell.executionSummary?.executionOrder;
        const controller = this.selected.get(cell.notebook.uri.toString());
        if (controller === undefined) {
          throw new Error("no Lichen kernel is selected for the notebook");
        }
        exec.execution = controller.createNotebookCellExecution(cell);
      } catch (error) {
        // Another controller is selected for this notebook, or the cell is already running there.
        this.ctx.log.warn(`No execution for ${cellUri}: ${short(error)}`);
      }
    };
    const previous = this.ending.get(cellUri);
    if (previous === undefined) {
      open();
    } else {
      exec.chain = previous.then(open);
    }
    this.executions.set(cellUri, exec);
  }

  private step(step: Exclude<Step, { kind: "create" | "mark" | "late" }>): void {
    const exec = this.executions.get(step.cellUri);
    if (exec === undefined) {
      return;
    }
    exec.chain = exec.chain
      .then(() => this.carryOut(exec, step))
      .catch((error: unknown) => this.ctx.log.error(`Updating cell ${step.cellUri} failed.`, error));
    if (step.kind === "end") {
      this.executions.delete(step.cellUri);
      const ended = exec.chain;
      this.ending.set(step.cellUri, ended);
      void ended.then(() => {
        if (this.ending.get(step.cellUri) === ended) {
          this.ending.delete(step.cellUri);
        }
      });
    }
  }

  private async carryOut(exec: Execution, step: Exclude<Step, { kind: "create" | "mark" | "late" }>): Promise<void> {
    const { execution } = exec;
    if (execution === undefined) {
      return;
    }
    switch (step.kind) {
      case "start":
        exec.started = true;
        exec.startTime = Date.now();
        execution.start(exec.startTime);
        return;
      case "stream": {
        startOnce(exec);
        const item =
          step.name === "stderr"
            ? vscode.NotebookCellOutputItem.stderr(step.text)
            : vscode.NotebookCellOutputItem.stdout(step.text);
        if (step.mode === "append" && exec.last !== undefined) {
          await execution.appendOutputItems(item, exec.last);
          return;
        }
        exec.last = new vscode.NotebookCellOutput([item]);
        await (step.mode === "replace" ? execution.replaceOutput(exec.last) : execution.appendOutput(exec.last));
        return;
      }
      case "live": {
        startOnce(exec);
        const items = step.items.map((item) => new vscode.NotebookCellOutputItem(item.data, item.mime));
        if (step.mode === "update" && exec.live !== undefined) {
          await execution.replaceOutputItems(items, exec.live);
          return;
        }
        exec.live = new vscode.NotebookCellOutput(items);
        exec.last = undefined;
        await (step.mode === "replace" ? execution.replaceOutput(exec.live) : execution.appendOutput(exec.live));
        return;
      }
      case "end": {
        if (step.result !== undefined) {
          // VS Code takes outputs only from a started execution (a cell that could not run at
          // all gets its error without having started).
          startOnce(exec);
          const outputs = toOutputs(step.result);
          if (step.live === true && exec.live !== undefined) {
            // The result takes the live output's place; an error follows it.
            const shown = step.result.items.length > 0;
            const rest = shown ? outputs.slice(1) : outputs;
            await execution.replaceOutputItems(shown ? outputs[0]!.items : [], exec.live);
            if (rest.length > 0) {
              await execution.appendOutput(rest);
            }
          } else if (step.mode === "replace") {
            await execution.replaceOutput(outputs);
          } else if (outputs.length > 0) {
            await execution.appendOutput(outputs);
          }
        }
        const order = step.executionOrder ?? (step.result === undefined ? exec.previousOrder : undefined);
        if (order !== undefined) {
          execution.executionOrder = order;
        }
        const end =
          exec.startTime === undefined
            ? undefined
            : step.durationMs !== undefined
              ? exec.startTime + step.durationMs
              : Date.now();
        execution.end(step.success, end);
        return;
      }
    }
  }

  /** Changes the notebook's cell states and tells the views which cells changed. */
  private statesOf(notebook: vscode.NotebookDocument, change: (states: CellStates) => string[]): void {
    const cellUris = change(this.standing(notebook));
    if (cellUris.length > 0) {
      this.statesChanged.fire({ notebook, cellUris });
    }
  }

  private runsOf(notebook: vscode.NotebookDocument): CellRuns {
    const key = notebook.uri.toString();
    let runs = this.runs.get(key);
    if (runs === undefined) {
      runs = new CellRuns();
      this.runs.set(key, runs);
    }
    return runs;
  }

  private abandon(notebookUri: string): void {
    const notebook = vscode.workspace.notebookDocuments.find((n) => n.uri.toString() === notebookUri);
    const runs = this.runs.get(notebookUri);
    if (notebook !== undefined && runs !== undefined) {
      this.apply(notebook, runs.abandon());
      this.statesOf(notebook, (states) => states.finish());
    }
  }

  private abandonAll(): void {
    for (const notebookUri of this.runs.keys()) {
      this.abandon(notebookUri);
    }
  }

  private closed(notebook: vscode.NotebookDocument): void {
    this.abandon(notebook.uri.toString());
    this.runs.delete(notebook.uri.toString());
    this.states.delete(notebook.uri.toString());
    this.selected.delete(notebook.uri.toString());
  }

  private changed(event: vscode.NotebookDocumentChangeEvent): void {
    const runs = this.runs.get(event.notebook.uri.toString());
    for (const change of event.contentChanges) {
      for (const cell of change.removedCells) {
        const uri = cell.document.uri.toString();
        const exec = this.executions.get(uri);
        if (exec !== undefined) {
          this.executions.delete(uri);
          exec.chain = exec.chain.then(() => exec.execution?.end(undefined)).catch(() => undefined);
        }
        runs?.forget(uri);
        this.states.get(event.notebook.uri.toString())?.forget(uri);
      }
    }
  }

  dispose(): void {
    this.abandonAll();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

/** A cell's code by URI, the cells looked up once when first asked. */
function codeIn(notebook: vscode.NotebookDocument): (cellUri: string) => string | undefined {
  let cells: Map<string, vscode.NotebookCell> | undefined;
  return (cellUri) => {
    cells ??= new Map(notebook.getCells().map((cell) => [cell.document.uri.toString(), cell]));
    return cells.get(cellUri)?.document.getText();
  };
}

function startOnce(exec: Execution): void {
  if (!exec.started) {
    exec.started = true;
    exec.execution?.start();
  }
}

/** VS Code outputs for a cell's result: its MIME bundle, then its error. */
function toOutputs(result: Result): vscode.NotebookCellOutput[] {
  const outputs: vscode.NotebookCellOutput[] = [];
  if (result.items.length > 0) {
    outputs.push(
      new vscode.NotebookCellOutput(result.items.map((item) => new vscode.NotebookCellOutputItem(item.data, item.mime))),
    );
  }
  if (result.error !== undefined) {
    outputs.push(new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.error(toError(result.error))]));
  }
  return outputs;
}

function toError(fields: PlainError): Error {
  const error = new Error(fields.message);
  error.name = fields.name;
  error.stack = fields.stack;
  return error;
}
