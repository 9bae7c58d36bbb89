// The extension's settings, one typed getter each. Values are not validated at run time beyond
// what the manifest's schema already makes VS Code enforce: a wrong type falls back to the default.
import * as path from "node:path";
import * as vscode from "vscode";
import { RUN_MODES, type OnCellChange, type Settings, type SlurmSettings } from "../../shared-protocol/src/protocol";
import { daemonSettings } from "./daemonSettings";

export type { OnCellChange };

/** Settings that only take effect when the daemon restarts; changing one offers a restart. */
export const RESTART_SETTINGS = ["lichen.python.path"] as const;

/** Settings the running daemon is told about (`workspace/didChangeConfiguration`). */
export const LIVE_SETTINGS = ["lichen.runtime.onCellChange", "python.envFile", "lichen.kernel"] as const;

export class Config {
  /** The interpreter set in `lichen.python.path`, or undefined. In untrusted workspaces VS Code
   * ignores the workspace's value of this setting (it is a restricted configuration). */
  get pythonPath(): string | undefined {
    const value = this.get<string>("lichen", "python.path", "").trim();
    return value === "" ? undefined : resolveVariables(value);
  }

  get onCellChange(): OnCellChange {
    const value = this.get<string>("lichen", "runtime.onCellChange", RUN_MODES[0]);
    return RUN_MODES.find((mode) => mode === value) ?? RUN_MODES[0];
  }

  /** Milliseconds to wait for the daemon to start. */
  get startTimeoutMs(): number {
    const seconds = this.get<number>("lichen", "daemon.startTimeout", 30);
    return (typeof seconds === "number" && seconds > 0 ? seconds : 30) * 1000;
  }

  /** The Python extension's `python.envFile`, as an absolute path, when it names one. */
  get envFile(): string | undefined {
    const value = this.get<string>("python", "envFile", "").trim();
    if (value === "") {
      return undefined;
    }
    const resolved = resolveVariables(value);
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    if (path.isAbsolute(resolved)) {
      return resolved;
    }
    return folder === undefined ? undefined : path.join(folder, resolved);
  }

  /** What the daemon is told: initialization options, and each configuration change. */
  daemonSettings(): Settings {
    return daemonSettings({
      onCellChange: this.onCellChange,
      envFile: this.envFile,
      trusted: vscode.workspace.isTrusted,
      kernelLauncher: this.get<string>("lichen", "kernel.launcher", "local") === "slurm" ? "slurm" : "local",
      slurm: this.slurm,
      keepRunning: this.get<boolean>("lichen", "kernel.keepRunning", false),
      keepRunningMinutes: this.get<number>("lichen", "kernel.keepRunningMinutes", 60),
    });
  }

  /** The resources of Slurm kernel jobs (`lichen.kernel.slurm.*`). */
  get slurm(): SlurmSettings {
    const text = (key: string): string => this.get<string>("lichen", `kernel.slurm.${key}`, "").trim();
    const cpus = vscode.workspace.getConfiguration("lichen").get<number | null>("kernel.slurm.cpus");
    const args = vscode.workspace.getConfiguration("lichen").get<unknown>("kernel.slurm.extraArgs");
    return {
      partition: text("partition"),
      time: text("time"),
      cpus: typeof cpus === "number" && cpus >= 1 ? Math.floor(cpus) : null,
      memory: text("memory"),
      gpus: text("gpus"),
      account: text("account"),
      constraint: text("constraint"),
      args: Array.isArray(args) ? args.filter((a): a is string => typeof a === "string") : [],
    };
  }

  private get<T>(section: string, key: string, fallback: T): T {
    const value = vscode.workspace.getConfiguration(section).get<T>(key);
    return value === undefined || value === null || typeof value !== typeof fallback ? fallback : value;
  }
}

/** `${workspaceFolder}`, `${userHome}` and `~` in a path setting, expanded. */
function resolveVariables(value: string): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? "";
  const home = process.env.HOME ?? process.env.USERPROFILE ?? "";
  return value
    .replace(/\$\{workspaceFolder\}/g, folder)
    .replace(/\$\{userHome\}/g, home)
    .replace(/^~(?=$|[\\/])/, home);
}
