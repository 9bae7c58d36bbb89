// Debugging cells. The `lichen` debug type attaches VS Code to debugpy inside the notebook's
// kernel, so no other extension is needed: `lichen/debugAttach` opens a session with it, and an
// inline adapter (`kernelDebugAdapter.ts`) carries the session's messages through the daemon and
// the kernel's own channel; no port opens. The attach request carries the daemon's path
// mappings, which make debugpy name cells by their cell URIs: breakpoints set in a cell reach the
// code the kernel runs, and a paused cell shows in the notebook itself (lichen.kernel.debug).
//
// "Debug Cell" attaches a session to the cell's notebook unless one is attached, waits until the
// breakpoints are set (the configurationDone response), then runs the cell the ordinary way.
// While a session is attached every run of that notebook stops at its breakpoints, the reactive
// runs included. Ending the session leaves the kernel running with its state.
import * as path from "node:path";
import * as vscode from "vscode";
import { ErrorCodes, type DebugAttach, type DebugMessage } from "../../shared-protocol/src/protocol";
import { Methods, onNotification, request } from "./client";
import type { Ctx } from "./ctx";
import { attachConfiguration, DEBUG_TYPE, debuggerAvailable, withDefaults, type LichenDebugConfiguration } from "./debugConfig";
import { KernelDebugAdapter } from "./kernelDebugAdapter";
import { errorCode, sentence, short, showError, UserFacingError } from "./log";
import { NOTEBOOK_TYPE } from "./notebookData";
import { deadline } from "./util";

/** How long Debug Cell waits for the breakpoints to be set before it runs the cell anyway. */
const CONFIGURED_MS = 15000;

export class Debugging
  implements
    vscode.Disposable,
    vscode.DebugConfigurationProvider,
    vscode.DebugAdapterDescriptorFactory,
    vscode.DebugAdapterTrackerFactory
{
  /** Attached sessions by notebook URI. */
  private readonly sessions = new Map<string, vscode.DebugSession>();
  /** Per notebook URI: settles once the attaching session has set its breakpoints. */
  private readonly configured = new Map<string, Waiter>();
  /** Per notebook URI: the daemon's session with the kernel's debugpy, asked for ahead of VS Code. */
  private readonly ports = new Map<string, Promise<DebugAttach>>();
  /** The adapters of live sessions, by `sessionKey`. */
  private readonly adapters = new Map<string, KernelDebugAdapter>();
  /** debugpy's messages of a session opened whose adapter VS Code has not asked for yet. */
  private readonly early = new Map<string, object[]>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly ctx: Ctx) {
    ctx.onClient((client) => [onNotification(client, Methods.debugFromKernel, (params) => this.fromKernel(params))]);
    this.disposables.push(
      vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, this),
      vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, this),
      vscode.debug.registerDebugAdapterTrackerFactory(DEBUG_TYPE, this),
      vscode.debug.onDidStartDebugSession((session) => this.started(session)),
      vscode.debug.onDidTerminateDebugSession((session) => this.ended(session)),
    );
  }

  /** Debug Cell: attach to the cell's notebook (unless attached), then run the cell. */
  async debugCell(cell: vscode.NotebookCell): Promise<void> {
    if (!debuggerAvailable()) {
      throw new UserFacingError(
        "Debugging needs Lichen's daemon and kernel on the workspace side (desktop VS Code, Remote-SSH, code-server); this VS Code runs Python in the browser, where no debugger can attach.",
      );
    }
    const started = Date.now();
    if (!(await this.attach(cell.notebook))) {
      return; // the reason was shown while resolving the configuration
    }
    this.ctx.log.info(`Debug Cell: debugger attached in ${Date.now() - started} ms; running the cell.`);
    await vscode.commands.executeCommand("notebook.cell.execute", {
      ranges: [{ start: cell.index, end: cell.index + 1 }],
      document: cell.notebook.uri,
    });
  }

  /** Attaches a session to `notebook`'s kernel unless one is; false if none could start. */
  async attach(notebook: vscode.NotebookDocument): Promise<boolean> {
    const key = notebook.uri.toString();
    if (this.sessions.has(key)) {
      return true;
    }
    const waiter = new Waiter();
    this.configured.set(key, waiter);
    // debugpy starts in the kernel while VS Code prepares the session (which takes a while),
    // rather than after it asked for the configuration.
    const port = this.askPort(key);
    port.catch(() => undefined); // reported when the configuration is resolved
    this.ports.set(key, port);
    const config: LichenDebugConfiguration = {
      type: DEBUG_TYPE,
      request: "attach",
      name: `Lichen: ${path.basename(notebook.uri.path)}`,
      notebookUri: key,
    };
    const folder = vscode.workspace.getWorkspaceFolder(notebook.uri);
    // The kernel runs the cells as the editor has them: no file needs saving first.
    const started = await vscode.debug.startDebugging(folder, config, { suppressSaveBeforeStart: true });
    this.ports.delete(key);
    if (!started) {
      this.configured.delete(key);
      return false;
    }
    try {
      await deadline(waiter.promise, CONFIGURED_MS);
    } catch {
      this.ctx.log.warn(`The debugger of ${key} did not confirm its breakpoints within ${CONFIGURED_MS / 1000} s; running anyway.`);
    }
    return true;
  }

  // --- vscode.DebugConfigurationProvider ----------------------------------------------------

  provideDebugConfigurations(): vscode.DebugConfiguration[] {
    return [{ type: DEBUG_TYPE, request: "attach", name: "Lichen: Attach to the Notebook's Kernel" }];
  }

  resolveDebugConfiguration(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration {
    return withDefaults(config);
  }

  /** Asks the daemon to start debugpy in the notebook's kernel and says where to attach. */
  async resolveDebugConfigurationWithSubstitutedVariables(
    _folder: vscode.WorkspaceFolder | undefined,
    config: LichenDebugConfiguration,
    token?: vscode.CancellationToken,
  ): Promise<vscode.DebugConfiguration | undefined> {
    const notebookUri = config.notebookUri ?? activeNotebookUri();
    if (notebookUri === undefined) {
      void vscode.window.showWarningMessage("Open a Lichen notebook first: a Lichen debug session attaches to the kernel of a notebook.");
      return undefined;
    }
    this.ctx.log.info(`Starting the debugger in the kernel of ${notebookUri}.`);
    try {
      const asked = this.ports.get(notebookUri);
      this.ports.delete(notebookUri);
      const port = await (asked ?? this.askPort(notebookUri, token));
      this.ctx.log.info(`The kernel's debugger of ${notebookUri} took session ${port.session}.`);
      this.early.set(sessionKey(notebookUri, port.session), []);
      return attachConfiguration(config, notebookUri, port);
    } catch (error) {
      this.configured.get(notebookUri)?.settle();
      await this.failed(error);
      return undefined;
    }
  }

  private async askPort(notebookUri: string, token?: vscode.CancellationToken): Promise<DebugAttach> {
    const client = await this.ctx.ready();
    return request(client, Methods.debugAttach, { notebookUri }, token);
  }

  // --- vscode.DebugAdapterDescriptorFactory -------------------------------------------------

  createDebugAdapterDescriptor(session: vscode.DebugSession): vscode.ProviderResult<vscode.DebugAdapterDescriptor> {
    const { notebookUri, kernelSession } = session.configuration as LichenDebugConfiguration;
    if (notebookUri === undefined || kernelSession === undefined) {
      throw new Error("the debug configuration was not resolved by Lichen (no kernel session)");
    }
    const key = sessionKey(notebookUri, kernelSession);
    const early = this.early.get(key) ?? [];
    this.early.delete(key);
    const adapter = new KernelDebugAdapter(notebookUri, kernelSession, {
      toKernel: (params) => void this.ctx.client?.sendNotification(Methods.debugToKernel, params),
      detach: (params) => {
        this.adapters.delete(key);
        void this.ctx.client?.sendNotification(Methods.debugDetach, params);
      },
    }, early);
    this.adapters.set(key, adapter);
    return new vscode.DebugAdapterInlineImplementation(adapter);
  }

  private fromKernel(params: DebugMessage): void {
    const key = sessionKey(params.notebookUri, params.session);
    const adapter = this.adapters.get(key);
    if (adapter !== undefined) {
      adapter.fromKernel(params.message);
    } else {
      this.early.get(key)?.push(params.message); // (a late message of an ended session: dropped)
    }
  }

  // --- vscode.DebugAdapterTrackerFactory ----------------------------------------------------

  createDebugAdapterTracker(session: vscode.DebugSession): vscode.DebugAdapterTracker {
    const key = (session.configuration as LichenDebugConfiguration).notebookUri ?? "";
    // (Ending a session leaves the kernel running with its state: the adapter turns a disconnect
    // that would end it, "Stop" rather than "Disconnect", into a plain one.)
    return {
      onDidSendMessage: (message: { type?: string; command?: string }) => {
        if (message.type === "response" && message.command === "configurationDone") {
          this.configured.get(key)?.settle();
          this.configured.delete(key);
        }
      },
      onError: (error) => this.ctx.log.error(`The debug connection of ${key} failed.`, error),
    };
  }

  // --- sessions -----------------------------------------------------------------------------

  private started(session: vscode.DebugSession): void {
    const key = (session.configuration as LichenDebugConfiguration).notebookUri;
    if (session.type === DEBUG_TYPE && key !== undefined) {
      this.sessions.set(key, session);
    }
  }

  private ended(session: vscode.DebugSession): void {
    const key = (session.configuration as LichenDebugConfiguration).notebookUri;
    if (session.type === DEBUG_TYPE && key !== undefined && this.sessions.get(key) === session) {
      this.sessions.delete(key);
      this.configured.get(key)?.settle();
      this.configured.delete(key);
      this.ctx.log.info(`The debug session of ${key} ended; the kernel keeps running.`);
    }
  }

  private async failed(error: unknown): Promise<void> {
    this.ctx.log.error("Starting the debugger failed.", error);
    if (error instanceof UserFacingError) {
      await showError(this.ctx.log, error.message, ...error.actions);
      return;
    }
    switch (errorCode(error)) {
      case ErrorCodes.untrusted:
        void vscode.window.showWarningMessage(sentence(short(error)));
        return;
      case ErrorCodes.debugUnavailable:
        await showError(this.ctx.log, `Lichen cannot debug this notebook: ${sentence(short(error))}`);
        return;
      default:
        await showError(this.ctx.log, `Lichen could not start the debugger: ${sentence(short(error))}`);
    }
  }

  dispose(): void {
    for (const waiter of this.configured.values()) {
      waiter.settle();
    }
    this.configured.clear();
    this.early.clear();
    this.disposables.forEach((d) => d.dispose());
  }
}

function sessionKey(notebookUri: string, session: number): string {
  return `${session} ${notebookUri}`;
}

function activeNotebookUri(): string | undefined {
  const notebook = vscode.window.activeNotebookEditor?.notebook;
  return notebook?.notebookType === NOTEBOOK_TYPE ? notebook.uri.toString() : undefined;
}

/** A promise settled from outside, once. */
class Waiter {
  settle: () => void = () => undefined;
  readonly promise = new Promise<void>((resolve) => {
    this.settle = resolve;
  });
}
