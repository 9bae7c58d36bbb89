// "Keep Kernel Running When Disconnected": turns `lichen.kernel.keepRunning` on or off for the
// workspace. The daemon hears of it as of any setting; kernels started from then on are kept.
import * as vscode from "vscode";

export async function toggleKeepRunning(): Promise<void> {
  const config = vscode.workspace.getConfiguration("lichen");
  const keep = !config.get<boolean>("kernel.keepRunning", false);
  const target = vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await config.update("kernel.keepRunning", keep, target);
  void vscode.window.showInformationMessage(
    keep
      ? "Kernels started from now on keep running when the connection drops; reopening the notebook reattaches to them (`lichen kernels list` shows them)."
      : "Kernels started from now on end with the notebook, the window or the daemon.",
  );
}
