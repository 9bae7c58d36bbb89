// Where a workspace's Python environments are, without the Python extension: its `.venv` or
// `venv` (what `python -m venv` and uv make), pixi's `.pixi/envs/*`, conda's environments
// (`conda env list --json`) and `python3` on PATH (where a cluster's `module load python` puts
// it). vscode-free and given its file checks, so the rules are unit-tested; `interpreter.ts`
// runs them and adds what the Python extension knows.
import * as path from "node:path";

export type EnvironmentKind = "venv" | "conda" | "pixi" | "PATH" | "Python extension";

export interface PythonEnvironment {
  /** The interpreter's executable, absolute. */
  python: string;
  /** What the user calls it: the folder name of a venv, a conda env's name, "python3". */
  name: string;
  kind: EnvironmentKind;
}

/** Whether `file` exists (and, for PATH lookups, is a file one may run). */
export type Exists = (file: string) => boolean;

/** Folders of a workspace that hold a virtual environment, as `python -m venv` and uv name them. */
const VENV_FOLDERS = [".venv", "venv", "env"];

/** The interpreter of an environment whose prefix is `prefix`. */
export function pythonOfPrefix(prefix: string, platform: NodeJS.Platform, kind: EnvironmentKind): string {
  if (platform === "win32") {
    // A venv keeps it in Scripts; conda and pixi environments at the top.
    return kind === "venv" ? path.win32.join(prefix, "Scripts", "python.exe") : path.win32.join(prefix, "python.exe");
  }
  return path.posix.join(prefix, "bin", "python");
}

/** The venvs and pixi environments inside a workspace folder; `pixiEnvs` lists `.pixi/envs`. */
export function workspaceEnvironments(
  folder: string,
  platform: NodeJS.Platform,
  exists: Exists,
  pixiEnvs: (dir: string) => string[],
): PythonEnvironment[] {
  const join = platform === "win32" ? path.win32.join : path.posix.join;
  const found: PythonEnvironment[] = [];
  for (const name of VENV_FOLDERS) {
    const python = pythonOfPrefix(join(folder, name), platform, "venv");
    if (exists(python)) {
      found.push({ python, name, kind: "venv" });
    }
  }
  const pixi = join(folder, ".pixi", "envs");
  for (const name of pixiEnvs(pixi).sort()) {
    const python = pythonOfPrefix(join(pixi, name), platform, "pixi");
    if (exists(python)) {
      found.push({ python, name: `pixi: ${name}`, kind: "pixi" });
    }
  }
  return found;
}

/** The environments in `conda env list --json`'s output that hold a Python. */
export function condaEnvironments(json: string, platform: NodeJS.Platform, exists: Exists): PythonEnvironment[] {
  let envs: unknown;
  try {
    envs = (JSON.parse(json) as { envs?: unknown }).envs;
  } catch {
    return [];
  }
  if (!Array.isArray(envs)) {
    return [];
  }
  const basename = platform === "win32" ? path.win32.basename : path.posix.basename;
  return envs
    .filter((prefix): prefix is string => typeof prefix === "string")
    .map((prefix) => ({ python: pythonOfPrefix(prefix, platform, "conda"), name: `conda: ${basename(prefix)}`, kind: "conda" as const }))
    .filter((env) => exists(env.python));
}

/** The first `python3` (`python` on Windows) in the directories of `pathVariable`. */
export function pythonOnPath(pathVariable: string | undefined, platform: NodeJS.Platform, exists: Exists): PythonEnvironment | undefined {
  const separator = platform === "win32" ? ";" : ":";
  const join = platform === "win32" ? path.win32.join : path.posix.join;
  const command = platform === "win32" ? "python.exe" : "python3";
  for (const dir of (pathVariable ?? "").split(separator)) {
    if (dir === "") {
      continue;
    }
    const python = join(dir, command);
    if (exists(python)) {
      return { python, name: platform === "win32" ? "python" : "python3", kind: "PATH" };
    }
  }
  return undefined;
}

/** Each interpreter once (the first listing of it wins), in the order given. */
export function uniqueEnvironments(envs: PythonEnvironment[]): PythonEnvironment[] {
  const seen = new Set<string>();
  return envs.filter((env) => {
    if (seen.has(env.python)) {
      return false;
    }
    seen.add(env.python);
    return true;
  });
}
