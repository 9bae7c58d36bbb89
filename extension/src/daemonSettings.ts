// What the daemon is told about the settings (initialization options and each configuration
// change), from values already read. vscode-free so its rules are unit-tested.
import type { OnCellChange, Settings, SlurmSettings } from "../../shared-protocol/src/protocol";

export interface SettingValues {
  onCellChange: OnCellChange;
  envFile: string | undefined;
  trusted: boolean;
  kernelLauncher?: "local" | "slurm";
  slurm?: SlurmSettings;
  /** `lichen.kernel.keepRunning` and `lichen.kernel.keepRunningMinutes`. */
  keepRunning?: boolean;
  keepRunningMinutes?: number;
}

/** The daemon's settings. An untrusted workspace's env file is not named at all: it is a path
 * the workspace chose (`python.envFile` defaults to its `.env`), and nothing of an untrusted
 * workspace is read on its behalf; trusting the workspace sends the settings again. */
export function daemonSettings(values: SettingValues): Settings {
  return {
    onCellChange: values.onCellChange,
    pythonPath: null,
    envFile: values.trusted ? (values.envFile ?? null) : null,
    trusted: values.trusted,
    kernelLauncher: values.kernelLauncher ?? "local",
    slurm: values.slurm ?? {},
    keepRunning: values.keepRunning ?? false,
    keepRunningMinutes: values.keepRunningMinutes ?? 60,
  };
}
