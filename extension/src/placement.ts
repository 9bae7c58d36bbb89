// What the user is told about where a scheduler put a notebook's kernel: the words of the
// waiting notification and of the status bar, and when the time-limit warning is due.
// vscode-free so its rules are unit-tested; `placementView.ts` shows them.
import type { PlacementData } from "../../shared-protocol/src/protocol";

/** The warning comes this long before the job's time limit. */
export const WARN_BEFORE_END_S = 5 * 60;

/** A placement as received, with the time it came (its `secondsLeft` counts from then). */
export interface Placed {
  placement: PlacementData;
  receivedMs: number;
}

export function waiting(placement: PlacementData): boolean {
  return placement.state !== "RUNNING";
}

/** "Waiting for a Slurm allocation: job 123456 PENDING (Resources)". */
export function waitingText(placement: PlacementData): string {
  const reason = placement.reason ? ` (${placement.reason})` : "";
  return `Waiting for a Slurm allocation: job ${placement.jobId} ${placement.state}${reason}`;
}

/** Seconds left of the job's time limit at `nowMs`; undefined when it has none. */
export function secondsLeft(placed: Placed, nowMs: number): number | undefined {
  const left = placed.placement.secondsLeft;
  if (left === null) {
    return undefined;
  }
  return Math.max(0, left - Math.floor((nowMs - placed.receivedMs) / 1000));
}

/** "47 min left", "2 h 5 min left", "less than a minute left". */
export function timeLeftText(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  if (minutes < 1) {
    return "less than a minute left";
  }
  return minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min left` : `${minutes} min left`;
}

/** The status bar's words: "node c12 · 47 min left" while it runs, the job's state before. */
export function statusText(placed: Placed, nowMs: number): string {
  const placement = placed.placement;
  if (waiting(placement)) {
    return `job ${placement.jobId} ${placement.state}`;
  }
  const left = secondsLeft(placed, nowMs);
  return left === undefined ? `node ${placement.node}` : `node ${placement.node} · ${timeLeftText(left)}`;
}

/** Whether the time-limit warning is due (it is given once per job). */
export function warningDue(placed: Placed, nowMs: number): boolean {
  const left = secondsLeft(placed, nowMs);
  return !waiting(placed.placement) && left !== undefined && left <= WARN_BEFORE_END_S;
}
