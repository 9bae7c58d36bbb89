// Where a scheduler put each notebook's kernel, shown to the user: a progress notification while
// the job waits for its allocation (with Cancel, which ends the job), the node and the time left
// in the status bar while the active notebook's kernel runs, and a warning before its time limit.
// The daemon sends a placement with each kernel status (`KernelStatus.placement`).
import * as path from "node:path";
import * as vscode from "vscode";
import type { KernelStatus } from "../../shared-protocol/src/protocol";
import { type Placed, statusText, waiting, waitingText, warningDue, WARN_BEFORE_END_S } from "./placement";

/** How often the time left is counted down in the status bar. */
const TICK_MS = 15_000;

interface Wait {
  report: (message: string) => void;
  end: () => void;
}

export class PlacementView implements vscode.Disposable {
  private readonly placed = new Map<string, Placed>();
  private readonly waits = new Map<string, Wait>();
  private readonly warned = new Set<string>();
  private readonly item = vscode.window.createStatusBarItem("lichen.kernelPlacement", vscode.StatusBarAlignment.Left, 50);
  private readonly disposables: vscode.Disposable[] = [];

  /** `cancel(notebookUri)` ends the notebook's job (the daemon runs scancel). */
  constructor(private readonly cancel: (notebookUri: string) => Promise<void>) {
    this.item.name = "Lichen kernel placement";
    const timer = setInterval(() => this.refresh(), TICK_MS);
    this.disposables.push(
      this.item,
      { dispose: () => clearInterval(timer) },
      vscode.window.onDidChangeActiveNotebookEditor(() => this.refresh()),
    );
  }

  update(status: KernelStatus): void {
    const uri = status.notebookUri;
    const placement = status.placement;
    if (placement === null || status.state === "dead" || status.state === "restarting") {
      this.forget(uri);
      this.refresh();
      return;
    }
    this.placed.set(uri, { placement, receivedMs: Date.now() });
    if (status.state === "starting" && waiting(placement)) {
      this.waitFor(uri).report(waitingText(placement));
    } else {
      this.endWait(uri);
    }
    this.refresh();
  }

  private waitFor(uri: string): Wait {
    const known = this.waits.get(uri);
    if (known !== undefined) {
      return known;
    }
    let report: (message: string) => void = () => undefined;
    let end: () => void = () => undefined;
    const ended = new Promise<void>((resolve) => {
      end = resolve;
    });
    const wait: Wait = { report: (message) => report(message), end: () => end() };
    this.waits.set(uri, wait);
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `${notebookName(uri)}:`, cancellable: true },
      (progress, token) => {
        report = (message) => progress.report({ message });
        token.onCancellationRequested(() => void this.cancel(uri));
        const last = this.placed.get(uri);
        if (last !== undefined) {
          report(waitingText(last.placement));
        }
        return ended;
      },
    );
    return wait;
  }

  private endWait(uri: string): void {
    this.waits.get(uri)?.end();
    this.waits.delete(uri);
  }

  private forget(uri: string): void {
    this.endWait(uri);
    const jobId = this.placed.get(uri)?.placement.jobId;
    if (jobId !== undefined) {
      this.warned.delete(jobId);
    }
    this.placed.delete(uri);
  }

  /** The status bar for the active notebook; the time-limit warnings of every notebook. */
  private refresh(): void {
    const now = Date.now();
    for (const [uri, placed] of this.placed) {
      const job = placed.placement.jobId;
      if (warningDue(placed, now) && !this.warned.has(job)) {
        this.warned.add(job);
        void vscode.window.showWarningMessage(
          `The Slurm job of ${notebookName(uri)} (job ${job}) reaches its time limit in less than ` +
            `${WARN_BEFORE_END_S / 60} minutes: the kernel and its variables end with it. Save what you need.`,
        );
      }
    }
    const active = vscode.window.activeNotebookEditor?.notebook.uri.toString();
    const placed = active === undefined ? undefined : this.placed.get(active);
    if (placed === undefined) {
      this.item.hide();
      return;
    }
    this.item.text = `$(server-environment) ${statusText(placed, now)}`;
    this.item.tooltip = `Lichen kernel: ${placed.placement.label}, job ${placed.placement.jobId} ${placed.placement.state}`;
    this.item.show();
  }

  dispose(): void {
    for (const uri of [...this.waits.keys()]) {
      this.endWait(uri);
    }
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

function notebookName(uri: string): string {
  return path.basename(vscode.Uri.parse(uri).path);
}
