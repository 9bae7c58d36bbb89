// Which Python runs the daemon: the interpreter selected in the Python extension where it is
// installed, else `lichen.python.path`, else `python3` on PATH. Lichen reads these and never
// writes the user's interpreter setting.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as vscode from "vscode";
import type { Config } from "./config";
import {
  condaEnvironments,
  pythonOnPath,
  uniqueEnvironments,
  workspaceEnvironments,
  type PythonEnvironment,
} from "./environments";
import type { Log } from "./log";
import { isInside, parseProbe, PROBE_SCRIPT, type Probe } from "./probe";
import { deadline } from "./util";

export type InterpreterSource = "Python extension" | "lichen.python.path" | "PATH";

export interface Interpreter {
  /** The executable as given (a path, or a command found on PATH). */
  python: string;
  source: InterpreterSource;
  /** The environment the Python extension would give processes of this workspace (with
   * `python.envFile` applied); undefined without that extension. */
  env?: { [key: string]: string | undefined };
  /** Set when an untrusted workspace's own interpreter was passed over for this one. */
  passedOver?: string;
}

/** The part of the Python extension's API Lichen uses (`ms-python.python` exports). */
interface PythonApi {
  environments: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { id: string; path: string };
    resolveEnvironment(
      env: { id: string; path: string } | string,
    ): Promise<{ executable: { uri?: vscode.Uri } } | undefined>;
    readonly onDidChangeActiveEnvironmentPath: vscode.Event<unknown>;
    getEnvironmentVariables?(resource?: vscode.Uri): { [key: string]: string | undefined };
    /** The environments it found (every one it lists, workspace and global). */
    readonly known?: readonly KnownEnvironment[];
    readonly onDidChangeEnvironments?: vscode.Event<unknown>;
  };
}

interface KnownEnvironment {
  path: string;
  executable: { uri?: vscode.Uri };
  environment?: { name?: string; type?: string };
  tools?: readonly string[];
}

const PYTHON_EXTENSION = "ms-python.python";
const ACTIVATION_DEADLINE_MS = 15_000;
const PROBE_DEADLINE_MS = 20_000;
const CONDA_DEADLINE_MS = 10_000;

export class Interpreters implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** The Python extension's selected interpreter changed. */
  readonly onDidChange = this.changed.event;
  private readonly listChanged = new vscode.EventEmitter<void>();
  /** The Python extension found or lost environments. */
  readonly onDidChangeEnvironments = this.listChanged.event;
  private api: Promise<PythonApi | undefined> | undefined;
  private readonly disposables: vscode.Disposable[] = [this.changed, this.listChanged];

  constructor(
    private readonly log: Log,
    private readonly config: Config,
    private readonly extensionPath: string,
  ) {}

  /** Whether the Python extension is installed (its interpreter picker is the way to choose). */
  get hasPythonExtension(): boolean {
    return vscode.extensions.getExtension(PYTHON_EXTENSION) !== undefined;
  }

  /** The interpreter to use now. */
  async pick(): Promise<Interpreter> {
    const resource = vscode.workspace.workspaceFolders?.[0]?.uri;
    const api = await this.pythonApi();
    let passedOver: string | undefined;
    if (api !== undefined) {
      const python = await this.activeInterpreter(api, resource);
      if (python !== undefined && !vscode.workspace.isTrusted && this.insideWorkspace(python)) {
        passedOver = python;
        this.log.warn(`Workspace not trusted: not running its interpreter ${python}.`);
      } else if (python !== undefined) {
        return { python, source: "Python extension", env: environment(api, resource) };
      }
    }
    const setting = this.config.pythonPath;
    const fallback: Interpreter =
      setting !== undefined
        ? { python: setting, source: "lichen.python.path" }
        : { python: process.platform === "win32" ? "python" : "python3", source: "PATH" };
    return passedOver === undefined ? fallback : { ...fallback, passedOver };
  }

  /**
   * The Python environments kernels may run in, for the kernel picker: those the Python
   * extension knows, then the workspace's venvs and pixi environments, conda's, and `python3` on
   * PATH (in the environment the Python extension gives processes, so `python.envFile` counts).
   * None inside an untrusted workspace (its interpreters are its own code).
   */
  async environments(): Promise<PythonEnvironment[]> {
    const resource = vscode.workspace.workspaceFolders?.[0]?.uri;
    const api = await this.pythonApi();
    const found: PythonEnvironment[] = [...fromPythonExtension(api)];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      found.push(...workspaceEnvironments(folder.uri.fsPath, process.platform, isFile, listDirectories));
    }
    const env = api === undefined ? process.env : { ...process.env, ...(environment(api, resource) ?? {}) };
    found.push(...(await this.conda(env)));
    const onPath = pythonOnPath(env.PATH, process.platform, isFile);
    if (onPath !== undefined) {
      found.push(onPath);
    }
    const usable = vscode.workspace.isTrusted ? found : found.filter((e) => !this.insideWorkspace(e.python));
    return uniqueEnvironments(usable);
  }

  /** conda's environments, when `conda` runs (its absence is no problem). */
  private conda(env: NodeJS.ProcessEnv): Promise<PythonEnvironment[]> {
    return new Promise((resolve) => {
      execFile("conda", ["env", "list", "--json"], { env, timeout: CONDA_DEADLINE_MS, windowsHide: true }, (error, stdout) => {
        if (error !== null) {
          resolve([]);
          return;
        }
        resolve(condaEnvironments(String(stdout), process.platform, isFile));
      });
    });
  }

  /** What `python` offers (version, lichen, the daemon's dependencies), or why it cannot say. */
  probe(interpreter: Interpreter): Promise<{ probe: Probe } | { failure: string }> {
    const { python } = interpreter;
    return new Promise((resolve) => {
      execFile(
        python,
        ["-c", PROBE_SCRIPT],
        { cwd: this.extensionPath, env: processEnv(interpreter), timeout: PROBE_DEADLINE_MS, windowsHide: true },
        (error, stdout, stderr) => {
          const probe = parseProbe(String(stdout));
          if (probe !== undefined) {
            resolve({ probe });
            return;
          }
          this.log.error(`Probing ${python} failed.\nstdout: ${stdout}\nstderr: ${stderr}`, error ?? undefined);
          resolve({ failure: probeFailure(python, interpreter.source, error) });
        },
      );
    });
  }

  private async activeInterpreter(api: PythonApi, resource: vscode.Uri | undefined): Promise<string | undefined> {
    try {
      const active = api.environments.getActiveEnvironmentPath(resource);
      const resolved = await api.environments.resolveEnvironment(active);
      const python = resolved?.executable.uri?.fsPath ?? active.path;
      this.log.info(`Python extension's interpreter: ${python}`);
      return python;
    } catch (error) {
      this.log.error("Could not read the Python extension's interpreter; trying lichen.python.path.", error);
      return undefined;
    }
  }

  private pythonApi(): Promise<PythonApi | undefined> {
    this.api ??= this.loadPythonApi();
    return this.api;
  }

  private async loadPythonApi(): Promise<PythonApi | undefined> {
    const extension = vscode.extensions.getExtension<PythonApi>(PYTHON_EXTENSION);
    if (extension === undefined) {
      this.log.info("Python extension not installed: using lichen.python.path or python3 on PATH.");
      return undefined;
    }
    try {
      const api = extension.isActive ? extension.exports : await deadline(extension.activate(), ACTIVATION_DEADLINE_MS);
      if (api?.environments?.getActiveEnvironmentPath === undefined) {
        this.log.warn("The Python extension has no environments API: using lichen.python.path or python3.");
        return undefined;
      }
      this.disposables.push(api.environments.onDidChangeActiveEnvironmentPath(() => this.changed.fire()));
      if (api.environments.onDidChangeEnvironments !== undefined) {
        this.disposables.push(api.environments.onDidChangeEnvironments(() => this.listChanged.fire()));
      }
      return api;
    } catch (error) {
      this.api = undefined; // try again next time
      this.log.error("The Python extension did not activate; using lichen.python.path or python3.", error);
      return undefined;
    }
  }

  private insideWorkspace(python: string): boolean {
    const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    return isInside(python, folders, process.platform);
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

/** The environment for processes run with `interpreter`. */
export function processEnv(interpreter: Interpreter): NodeJS.ProcessEnv {
  return { ...process.env, ...(interpreter.env ?? {}), PYTHONUNBUFFERED: "1" };
}

/** The environments the Python extension lists, those with an interpreter. */
function fromPythonExtension(api: PythonApi | undefined): PythonEnvironment[] {
  const known = api?.environments.known ?? [];
  return known.flatMap((env) => {
    const python = env.executable.uri?.fsPath;
    if (python === undefined) {
      return [];
    }
    const name = env.environment?.name ?? env.tools?.[0] ?? python;
    return [{ python, name, kind: "Python extension" as const }];
  });
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function listDirectories(dir: string): string[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return [];
  }
}

function environment(api: PythonApi, resource: vscode.Uri | undefined): Interpreter["env"] {
  try {
    return api.environments.getEnvironmentVariables?.(resource);
  } catch {
    return undefined;
  }
}

function probeFailure(python: string, source: InterpreterSource, error: (Error & { code?: unknown; killed?: boolean }) | null): string {
  const next =
    source === "Python extension"
      ? "Select another interpreter (Python: Select Interpreter)."
      : "Set lichen.python.path to a Python 3.10+ interpreter, or install the Python extension and select one.";
  if (error?.code === "ENOENT") {
    return `The Python interpreter ${python} (from ${source}) was not found. ${next}`;
  }
  if (error?.killed) {
    return `The Python interpreter ${python} did not answer within ${PROBE_DEADLINE_MS / 1000} s. ${next}`;
  }
  return `The Python interpreter ${python} (from ${source}) could not be run. ${next}`;
}
