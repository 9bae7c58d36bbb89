// Where each cell of one notebook stands, for the views and the cell status bar: queued, running,
// how its last run ended (success, error, ...), stale, disabled, or never run; when it last ran
// and for how long. Pure: it reads the daemon's cell events as the controller gets them.
import type { CellEvent, CellStatus } from "../../shared-protocol/src/protocol";

/** "idle": the cell has not run since the notebook opened (or its kernel restarted). */
export type CellState = "idle" | "queued" | "running" | CellStatus;

export interface CellStanding {
  state: CellState;
  /** When its last run ended (ms since the epoch), for cells that executed. */
  lastRunAt?: number;
  durationMs?: number;
  /** Why it did not run, or how it ended ("an ancestor raised", ...). */
  reason?: string;
  /** Its code when it last started running, to tell when its outputs no longer match it. */
  ranCode?: string;
}

const IDLE: CellStanding = { state: "idle" };

export class CellStates {
  private readonly cells = new Map<string, CellStanding>();
  /** What a queued or running cell was before, to go back to when the run passes it over. */
  private readonly before = new Map<string, CellStanding>();

  get(cellUri: string): CellStanding {
    return this.cells.get(cellUri) ?? IDLE;
  }

  /** Every cell's state that is not "idle", by URI. */
  all(): Record<string, CellState> {
    return Object.fromEntries([...this.cells].map(([uri, standing]) => [uri, standing.state]));
  }

  /** The user asked to run these cells: queued at once. Returns the cells that changed. */
  request(cellUris: readonly string[]): string[] {
    return cellUris.filter((uri) => this.begin(uri, "queued"));
  }

  /** The events of a batch, in order, at time `now`; `codeOf` gives a cell's code as it starts
   * running. Returns the cells that changed. */
  apply(events: readonly CellEvent[], now: number, codeOf: (cellUri: string) => string | undefined = () => undefined): string[] {
    const changed = new Set<string>();
    for (const { cellUri, event } of events) {
      let did = false;
      switch (event.kind) {
        case "queued":
          did = this.begin(cellUri, "queued");
          break;
        case "running": {
          did = this.begin(cellUri, "running");
          const code = codeOf(cellUri);
          if (code !== undefined) {
            this.cells.set(cellUri, { ...this.get(cellUri), ranCode: code });
          }
          break;
        }
        case "done": {
          const ran = event.executionCount !== null && event.executionCount !== undefined;
          const previous = this.before.get(cellUri) ?? this.get(cellUri);
          const ranCode = this.get(cellUri).ranCode;
          this.before.delete(cellUri);
          this.cells.set(cellUri, {
            state: event.status,
            ...(ran
              ? { lastRunAt: now, durationMs: Math.max(0, event.duration * 1000), ...(ranCode !== undefined ? { ranCode } : {}) }
              : pick(previous)),
            ...(event.reason ? { reason: event.reason } : {}),
          });
          did = true;
          break;
        }
        case "stale": {
          const previous = this.before.get(cellUri) ?? this.get(cellUri);
          this.before.delete(cellUri);
          this.cells.set(cellUri, { state: "stale", ...pick(previous) });
          did = true;
          break;
        }
        default:
          break;
      }
      if (did) {
        changed.add(cellUri);
      }
    }
    return [...changed];
  }

  /** A run request answered (or the kernel went away): cells it left queued or running go
   * back to what they were. Returns the cells that changed. */
  finish(cellUris?: readonly string[]): string[] {
    const uris = cellUris ?? [...this.before.keys()];
    return uris.filter((uri) => {
      const previous = this.before.get(uri);
      if (previous === undefined) {
        return false;
      }
      this.before.delete(uri);
      this.cells.set(uri, previous);
      return true;
    });
  }

  /** The kernel restarted: nothing has run in it. */
  reset(): string[] {
    const uris = [...this.cells.keys()];
    this.cells.clear();
    this.before.clear();
    return uris;
  }

  forget(cellUri: string): void {
    this.cells.delete(cellUri);
    this.before.delete(cellUri);
  }

  private begin(cellUri: string, state: "queued" | "running"): boolean {
    const now = this.get(cellUri);
    if (now.state === state) {
      return false;
    }
    if (!this.before.has(cellUri)) {
      this.before.set(cellUri, now);
    }
    this.cells.set(cellUri, { state, ...pick(now) });
    return true;
  }
}

function pick(standing: CellStanding): Pick<CellStanding, "lastRunAt" | "durationMs" | "ranCode"> {
  return {
    ...(standing.ranCode !== undefined ? { ranCode: standing.ranCode } : {}),
    ...(standing.lastRunAt !== undefined ? { lastRunAt: standing.lastRunAt } : {}),
    ...(standing.durationMs !== undefined ? { durationMs: standing.durationMs } : {}),
  };
}
