// Which cells show outputs that no longer match their code, and why (vscode-free, so the unit
// tests read it): a cell edited since it ran, a cell downstream of one, a stale cell (lazy
// mode), a cell a run passed over (an ancestor failed) while its old outputs stay.
import type { CellGraph } from "../../shared-protocol/src/protocol";
import type { CellStanding } from "./cellStates";
import { related } from "./graphLayout";

export interface CellNow {
  cellUri: string;
  /** 1-based position in the notebook, as the reasons name cells. */
  position: number;
  code: string;
  /** Its state, with the code it last ran (`ranCode`). */
  standing: CellStanding;
}

/** The reason each outdated cell's outputs are outdated, by URI. Cells that never ran have no
 * outputs of this session and are left out. */
export function outdatedCells(cells: readonly CellNow[], graph: Pick<CellGraph, "edges"> | undefined): Map<string, string> {
  const reasons = new Map<string, string>();
  const byUri = new Map(cells.map((cell) => [cell.cellUri, cell]));
  const edited = cells.filter((cell) => cell.standing.ranCode !== undefined && cell.standing.ranCode !== cell.code && !busy(cell));
  for (const cell of edited) {
    reasons.set(cell.cellUri, "its code changed since it ran");
  }
  for (const cell of edited) {
    for (const uri of graph === undefined ? [] : related(graph, cell.cellUri).descendants) {
      const reader = byUri.get(uri);
      if (reader !== undefined && reader.standing.lastRunAt !== undefined && !busy(reader) && !reasons.has(uri)) {
        reasons.set(uri, `cell ${cell.position}, which it reads from, changed since it ran`);
      }
    }
  }
  for (const cell of cells) {
    if (reasons.has(cell.cellUri) || cell.standing.lastRunAt === undefined) {
      continue;
    }
    const { state, reason } = cell.standing;
    if (state === "stale") {
      reasons.set(cell.cellUri, "stale: its inputs changed and it has not run again");
    } else if (state === "skipped" || state === "cancelled" || state === "disabled") {
      reasons.set(cell.cellUri, `not run again (${reason ? `${state}: ${reason}` : state})`);
    }
  }
  return reasons;
}

function busy(cell: CellNow): boolean {
  return cell.standing.state === "queued" || cell.standing.state === "running";
}

/** What a cell's status bar says of its state: "ran 14:02:11", "failed 14:02:11", "queued"... */
export function standingText(standing: CellStanding, time: (ms: number) => string): { text: string; tooltip: string } | undefined {
  const at = standing.lastRunAt === undefined ? "" : time(standing.lastRunAt);
  const took = standing.durationMs === undefined ? "" : ` in ${seconds(standing.durationMs)}`;
  switch (standing.state) {
    case "queued":
      return { text: "$(clock) queued", tooltip: "Waiting for the cells before it in this run." };
    case "running":
      return { text: "$(sync~spin) running", tooltip: "Running now." };
    case "success":
      return { text: `$(check) ran ${at}`, tooltip: `Last ran at ${at}${took}.` };
    case "error":
      return at === ""
        ? { text: "$(error) error", tooltip: `It could not run${standing.reason ? `: ${standing.reason}` : "."}` }
        : { text: `$(error) failed ${at}`, tooltip: `Last run failed at ${at}${took}.` };
    case "interrupted":
    case "stopped":
      return { text: `$(debug-stop) ${standing.state} ${at}`.trimEnd(), tooltip: `Last run was ${standing.state}${at ? ` at ${at}` : ""}${took}.` };
    default:
      return undefined; // idle; stale, skipped and disabled have items of their own
  }
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)} s`;
}
