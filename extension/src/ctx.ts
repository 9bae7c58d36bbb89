// The one object that owns the daemon's client and what hangs off it. Disposables registered for
// the extension's lifetime go to the extension context; those of one client (notification
// handlers) go to `clientDisposables` and are freed when that client stops. Starts and stops are
// serialized on one queue, and restarts asked for in quick succession are debounced into one.
import * as vscode from "vscode";
import { State, type BaseLanguageClient } from "vscode-languageclient";
import { clientOptions, sendSettings } from "./client";
import { Config, LIVE_SETTINGS, RESTART_SETTINGS } from "./config";
import { reopenFailedNotebooks } from "./editors";
import { Installer } from "./install";
import { Interpreters, processEnv, type Interpreter } from "./interpreter";
import { Log, short, showError, UserFacingError, type Action } from "./log";
import { judge } from "./probe";
import { createClient } from "./transport";
import { deadline, DeadlineError } from "./util";

export type DaemonState =
  | { kind: "idle" }
  | { kind: "starting" }
  | { kind: "running"; client: BaseLanguageClient; interpreter: Interpreter }
  | { kind: "failed"; message: string };

/** Called with each client that starts; what it returns is disposed when that client stops. */
export type ClientHook = (client: BaseLanguageClient) => vscode.Disposable[];

const RESTART_DEBOUNCE_MS = 300;
const STOP_DEADLINE_MS = 3000;

export class Ctx implements vscode.Disposable {
  readonly config = new Config();
  readonly log = new Log();
  readonly interpreters: Interpreters;
  readonly installer: Installer;
  private daemon: DaemonState = { kind: "idle" };
  private clientDisposables: vscode.Disposable[] = [];
  private readonly hooks: ClientHook[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private starting: Promise<BaseLanguageClient> | undefined;
  private restartTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly stateChanged = new vscode.EventEmitter<DaemonState>();
  /** The daemon started, stopped or failed. */
  readonly onDidChangeState = this.stateChanged.event;

  constructor(readonly extension: vscode.ExtensionContext) {
    const path = extension.extensionUri.fsPath;
    this.interpreters = new Interpreters(this.log, this.config, path);
    this.installer = new Installer(this.log, path, () => this.interpreters.hasPythonExtension,
      () => (this.daemon.kind === "running" ? this.daemon.interpreter : undefined));
    extension.subscriptions.push(
      this,
      this.log,
      this.interpreters,
      this.stateChanged,
      this.interpreters.onDidChange(() => this.interpreterChanged("The Python extension's interpreter changed")),
      vscode.workspace.onDidChangeConfiguration((event) => this.configurationChanged(event)),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.trustGranted()),
    );
  }

  get state(): DaemonState {
    return this.daemon;
  }

  /** The running client, or undefined while the daemon is not running. */
  get client(): BaseLanguageClient | undefined {
    return this.daemon.kind === "running" ? this.daemon.client : undefined;
  }

  /** Registers `hook` for the running client (if any) and each one started later. */
  onClient(hook: ClientHook): void {
    this.hooks.push(hook);
    if (this.daemon.kind === "running") {
      this.clientDisposables.push(...hook(this.daemon.client));
    }
  }

  /**
   * The running client; starts the daemon if it never started. Rejects with a message for the
   * user when the daemon failed, or did not start before the deadline.
   */
  async ready(): Promise<BaseLanguageClient> {
    if (this.daemon.kind === "running") {
      return this.daemon.client;
    }
    if (this.daemon.kind === "failed") {
      throw new UserFacingError(`Lichen daemon is not running: ${this.daemon.message}`);
    }
    const seconds = this.config.startTimeoutMs / 1000;
    try {
      return await deadline(this.start(), this.config.startTimeoutMs);
    } catch (error) {
      if (error instanceof DeadlineError) {
        throw new UserFacingError(
          `The Lichen daemon did not start within ${seconds} s (lichen.daemon.startTimeout). ` +
            "See the Lichen log, then run Lichen: Restart Daemon.",
        );
      }
      throw error;
    }
  }

  /** Starts the daemon unless it is running or starting. */
  start(): Promise<BaseLanguageClient> {
    if (this.daemon.kind === "running") {
      return Promise.resolve(this.daemon.client);
    }
    this.starting ??= this.enqueue(() => this.doStart()).finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  /** Restarts the daemon soon; several calls in a row make one restart. */
  restart(): void {
    if (this.restartTimer !== undefined) {
      clearTimeout(this.restartTimer);
    }
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      void this.enqueue(() => this.doStop()).then(() =>
        this.start().catch((error: unknown) => this.log.error("Restart failed.", error)),
      );
    }, RESTART_DEBOUNCE_MS);
  }

  /** Restarts the daemon now (no debounce) and resolves once it runs or failed again. */
  async restartNow(): Promise<void> {
    await this.enqueue(() => this.doStop());
    await this.start().catch((error: unknown) => this.log.error("Restart failed.", error));
  }

  /** After lichen was installed: start the daemon, then open the notebooks that could not open. */
  async installed(): Promise<void> {
    await this.restartNow();
    if (this.daemon.kind === "running") {
      await reopenFailedNotebooks();
    }
  }

  /** Stops the daemon (and with it every kernel). */
  stop(): Promise<void> {
    return this.enqueue(() => this.doStop());
  }

  /** The message for commands that need the daemon while it is down, with a Restart button. */
  async notRunning(): Promise<void> {
    const detail = this.daemon.kind === "failed" ? ` (${this.daemon.message})` : "";
    await showError(this.log, `Lichen daemon is not running${detail}.`, this.restartAction());
  }

  restartAction(): Action {
    return { title: "Restart", run: () => this.restart() };
  }

  private async doStart(): Promise<BaseLanguageClient> {
    this.setState({ kind: "starting" });
    try {
      return await this.launch();
    } catch (error) {
      if (this.daemon.kind === "starting") {
        this.log.error("Starting the Lichen daemon failed.", error);
        throw this.fail(`The Lichen daemon could not start: ${short(error)}. See the Lichen log.`, this.restartAction());
      }
      throw error;
    }
  }

  private async launch(): Promise<BaseLanguageClient> {
    const interpreter = await this.interpreters.pick();
    this.log.info(`Starting the Lichen daemon with ${interpreter.python} (from ${interpreter.source}).`);
    const probed = await this.interpreters.probe(interpreter);
    if ("failure" in probed) {
      throw this.fail(probed.failure, this.installer.selectInterpreter());
    }
    const bundled = this.installer.bundledDaemon();
    const verdict = judge(probed.probe, interpreter.python, bundled !== undefined);
    if (!verdict.ok) {
      this.setState({ kind: "failed", message: verdict.message });
      if (verdict.problem === "missing") {
        void this.installer.offer(interpreter, verdict.message, () => this.installed());
      } else {
        void showError(this.log, verdict.message, this.installer.selectInterpreter());
      }
      throw new UserFacingError(verdict.message);
    }
    const launch = {
      command: interpreter.python,
      // The bundled daemon needs nothing installed in the interpreter (its launcher puts Lichen and
      // the daemon's libraries first on sys.path); without a bundle, the interpreter's lichen.
      args: bundled !== undefined ? [bundled] : ["-m", "lichen", "lsp"],
      cwd: this.extension.extensionUri.fsPath,
      env: processEnv(interpreter),
    };
    let client: BaseLanguageClient | undefined;
    client = createClient("lichen", "Lichen", launch, clientOptions(this.log, this.config.daemonSettings(), () => {
      if (client !== undefined) {
        this.lost(client);
      }
    }));
    try {
      await deadline(client.start(), this.config.startTimeoutMs, `no answer within ${this.config.startTimeoutMs / 1000} s`);
      if (!client.isRunning()) {
        throw new Error("it exited during start-up");
      }
    } catch (error) {
      this.log.error(`The Lichen daemon did not start with ${interpreter.python}.`, error);
      const failed = client;
      client = undefined;
      await failed.dispose(STOP_DEADLINE_MS).catch(() => undefined);
      throw this.fail(
        `The Lichen daemon did not start with ${interpreter.python}: ${short(error)}. ` +
          "See the Lichen log, fix the cause, then restart the daemon.",
        this.restartAction(),
        this.installer.selectInterpreter(),
      );
    }
    this.setState({ kind: "running", client, interpreter });
    for (const hook of this.hooks) {
      this.clientDisposables.push(...hook(client));
    }
    this.log.info(`Lichen daemon running (lichen ${probed.probe.lichen}, Python ${probed.probe.version.join(".")}).`);
    return client;
  }

  private async doStop(): Promise<void> {
    const state = this.daemon;
    if (state.kind !== "running") {
      if (state.kind === "failed") {
        this.setState({ kind: "idle" });
      }
      return;
    }
    this.releaseClient();
    this.setState({ kind: "idle" });
    try {
      if (state.client.state !== State.Stopped) {
        await state.client.stop(STOP_DEADLINE_MS);
      }
    } catch (error) {
      this.log.error("Stopping the Lichen daemon failed; it may already have exited.", error);
    }
  }

  /** The daemon's connection closed while it should have been running. */
  private lost(client: BaseLanguageClient): void {
    if (this.daemon.kind !== "running" || this.daemon.client !== client) {
      return;
    }
    this.releaseClient();
    const message = "The Lichen daemon stopped unexpectedly; running cells were abandoned. Restart it (the log has its last words).";
    this.setState({ kind: "failed", message: "it stopped unexpectedly" });
    void showError(this.log, message, this.restartAction());
  }

  private fail(message: string, ...actions: Action[]): UserFacingError {
    this.setState({ kind: "failed", message });
    void showError(this.log, message, ...actions);
    return new UserFacingError(message);
  }

  private releaseClient(): void {
    const disposables = this.clientDisposables;
    this.clientDisposables = [];
    for (const d of disposables) {
      try {
        d.dispose();
      } catch (error) {
        this.log.error("Disposing a client resource failed.", error);
      }
    }
  }

  private setState(state: DaemonState): void {
    this.daemon = state;
    this.stateChanged.fire(state);
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private configurationChanged(event: vscode.ConfigurationChangeEvent): void {
    if (RESTART_SETTINGS.some((s) => event.affectsConfiguration(s))) {
      this.interpreterChanged("lichen.python.path changed");
    }
    const client = this.client;
    if (client !== undefined && LIVE_SETTINGS.some((s) => event.affectsConfiguration(s))) {
      this.log.info(`Settings changed: ${JSON.stringify(this.config.daemonSettings())}`);
      void sendSettings(client, this.config.daemonSettings()).catch((error: unknown) =>
        this.log.error("Could not send the settings to the daemon.", error),
      );
    }
  }

  /** A new interpreter: restart at once if the daemon is down, else offer it (kernels would go). */
  private interpreterChanged(why: string): void {
    this.log.info(`${why}.`);
    if (this.daemon.kind === "failed") {
      this.restart();
    } else if (this.daemon.kind === "running") {
      void vscode.window
        .showInformationMessage(`${why}. Restart the Lichen daemon to use it? Running kernels stop.`, "Restart")
        .then((picked) => picked === "Restart" && this.restart());
    }
  }

  private trustGranted(): void {
    if (this.daemon.kind === "running" && this.daemon.interpreter.passedOver !== undefined) {
      this.log.info("Workspace trusted: restarting the daemon with the workspace's interpreter.");
      this.restart();
      return;
    }
    const client = this.client;
    if (client !== undefined) {
      void sendSettings(client, this.config.daemonSettings()).catch((error: unknown) =>
        this.log.error("Could not tell the daemon the workspace is trusted.", error),
      );
    }
  }

  dispose(): void {
    if (this.restartTimer !== undefined) {
      clearTimeout(this.restartTimer);
    }
    void this.stop();
  }
}

