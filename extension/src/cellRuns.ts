// What happens to each cell of one notebook while runs go on: which cells have an execution open
// in VS Code, whether their old outputs were replaced yet, which cells are stale, and why a cell
// did not run. Pure: it turns the daemon's cell events into steps, and the controller carries
// the steps out on VS Code's executions.
//
// Outputs are replaced, never cleared first: a cell that re-runs keeps its old outputs until the
// first new output arrives (its first stream chunk, or its result when it ends), so a re-run never
// leaves a cell blank.
import { RAN as RAN_STATUSES, type CellEvent, type CellStatus, type DoneEvent } from "../../shared-protocol/src/protocol";
import { bundleItems, errorFields, reasonError, type PlainError, type PlainItem } from "./outputs";

export type { CellStatus };

/** Statuses of a cell that executed (as opposed to one the run passed over). */
export const RAN: ReadonlySet<CellStatus> = new Set<CellStatus>(RAN_STATUSES);

export interface Result {
  items: PlainItem[];
  error?: PlainError;
}

/** One thing the controller does to VS Code. */
export type Step =
  /** Open an execution for the cell: it shows as queued. */
  | { kind: "create"; cellUri: string }
  /** Start the cell's execution: spinner and clock. */
  | { kind: "start"; cellUri: string }
  /**
   * Stream text: "replace" the old outputs with a new stream output, add a "newOutput" after the
   * last one, or "append" to the last output (the same stream).
   */
  | { kind: "stream"; cellUri: string; name: string; text: string; mode: "replace" | "newOutput" | "append" }
  /**
   * End the execution. `result` undefined keeps the outputs as they are; otherwise it "replace"s
   * them, or is "append"ed after the streams this execution already showed.
   */
  | {
      kind: "end";
      cellUri: string;
      success: boolean | undefined;
      result?: Result;
      mode: "replace" | "append";
      /** The cell showed a live output: its result takes that output's place. */
      live?: boolean;
      executionOrder?: number;
      durationMs?: number;
    }
  /**
   * Show the running cell's output so far (`mo.output`, progress bars) in one output of its own:
   * "replace" the old outputs with it, add it as a "newOutput" after the streams, or "update"
   * it where it is.
   */
  | { kind: "live"; cellUri: string; items: PlainItem[]; mode: "replace" | "newOutput" | "update" }
  /** The cell's mark (stale, note) changed: refresh its status bar. */
  | { kind: "mark"; cellUri: string }
  /**
   * Text of a cell with no execution open: written after the cell ended, by a thread or a
   * subprocess it started. It goes to the notebook's output log, not into any cell's outputs.
   */
  | { kind: "late"; cellUri: string; name: string; text: string };

/** What the cell status bar shows beside the cell's own configuration. */
export interface CellMark {
  stale: boolean;
  /** Why the cell did not run or how it ended, in one line ("skipped: ...", "interrupted"). */
  note?: string;
}

interface Open {
  started: boolean;
  replaced: boolean;
  lastStream?: string;
  live: boolean;
}

export class CellRuns {
  private readonly open = new Map<string, Open>();
  private readonly marks = new Map<string, CellMark>();

  /** Whether the cell has an execution open. */
  isOpen(cellUri: string): boolean {
    return this.open.has(cellUri);
  }

  mark(cellUri: string): CellMark {
    return this.marks.get(cellUri) ?? { stale: false };
  }

  /** The user asked to run these cells: they show as queued at once. */
  request(cellUris: readonly string[]): Step[] {
    return cellUris.flatMap((uri) => this.ensureOpen(uri));
  }

  /** Steps for a batch of events, in order (consecutive stream chunks merged). */
  apply(events: readonly CellEvent[]): Step[] {
    return coalesce(events).flatMap((event) => this.applyOne(event));
  }

  /**
   * A run request answered: executions it opened that no event ended (cells the daemon did not
   * run, or whose events were lost) end without changing their outputs.
   */
  finish(cellUris: readonly string[]): Step[] {
    return cellUris.filter((uri) => this.open.has(uri)).flatMap((uri) => this.close(uri, undefined));
  }

  /** The daemon or kernel went away: every open execution ends as it is. */
  abandon(): Step[] {
    return [...this.open.keys()].flatMap((uri) => this.close(uri, undefined));
  }

  /** A cell was deleted: forget it. */
  forget(cellUri: string): void {
    this.open.delete(cellUri);
    this.marks.delete(cellUri);
  }

  private applyOne({ cellUri, event }: CellEvent): Step[] {
    switch (event.kind) {
      case "queued":
        return this.ensureOpen(cellUri);
      case "running":
        return [...this.ensureStarted(cellUri), ...this.setMark(cellUri, { stale: false })];
      case "stream":
        return this.stream(cellUri, event.name, event.text);
      case "output":
        return this.live(cellUri, event.output);
      case "done":
        return this.done(cellUri, event);
      case "stale":
        return [...this.close(cellUri, undefined), ...this.setMark(cellUri, { stale: true })];
    }
  }

  private ensureOpen(cellUri: string): Step[] {
    if (this.open.has(cellUri)) {
      return [];
    }
    this.open.set(cellUri, { started: false, replaced: false, live: false });
    return [{ kind: "create", cellUri }];
  }

  private ensureStarted(cellUri: string): Step[] {
    const steps = this.ensureOpen(cellUri);
    const open = this.open.get(cellUri)!;
    if (!open.started) {
      open.started = true;
      steps.push({ kind: "start", cellUri });
    }
    return steps;
  }

  private stream(cellUri: string, name: string, text: string): Step[] {
    if (!this.open.has(cellUri)) {
      return [{ kind: "late", cellUri, name, text }];
    }
    const steps = this.ensureStarted(cellUri);
    const open = this.open.get(cellUri)!;
    const mode = !open.replaced ? "replace" : open.lastStream === name ? "append" : "newOutput";
    open.replaced = true;
    open.lastStream = name;
    steps.push({ kind: "stream", cellUri, name, text, mode });
    return steps;
  }

  private live(cellUri: string, output: DoneEvent["output"]): Step[] {
    const steps = this.ensureStarted(cellUri);
    const open = this.open.get(cellUri)!;
    const mode = open.live ? "update" : open.replaced ? "newOutput" : "replace";
    open.replaced = true;
    open.live = true;
    open.lastStream = undefined; // text printed after it starts an output of its own
    steps.push({ kind: "live", cellUri, items: bundleItems(output), mode });
    return steps;
  }

  private done(cellUri: string, event: DoneEvent): Step[] {
    const ran = RAN.has(event.status);
    const result = ran || event.status === "error" ? resultOf(event) : undefined;
    if (result === undefined && !this.open.has(cellUri)) {
      // Passed over (disabled, skipped) without having been queued: nothing to show but its mark.
      return this.setMark(cellUri, markOf(event));
    }
    const steps = this.ensureOpen(cellUri);
    const open = this.open.get(cellUri)!;
    this.open.delete(cellUri);
    steps.push({
      kind: "end",
      cellUri,
      success: successOf(event.status),
      mode: open.replaced ? "append" : "replace",
      ...(open.live ? { live: true } : {}),
      ...(result !== undefined ? { result } : {}),
      ...(event.executionCount !== null && event.executionCount !== undefined
        ? { executionOrder: event.executionCount }
        : {}),
      ...(ran && open.started ? { durationMs: Math.max(0, event.duration * 1000) } : {}),
    });
    return [...steps, ...this.setMark(cellUri, markOf(event))];
  }

  private close(cellUri: string, success: boolean | undefined): Step[] {
    const open = this.open.get(cellUri);
    if (open === undefined) {
      return [];
    }
    this.open.delete(cellUri);
    return [{ kind: "end", cellUri, success, mode: open.replaced ? "append" : "replace" }];
  }

  private setMark(cellUri: string, mark: CellMark): Step[] {
    const old = this.mark(cellUri);
    if (old.stale === mark.stale && old.note === mark.note) {
      return [];
    }
    if (!mark.stale && mark.note === undefined) {
      this.marks.delete(cellUri);
    } else {
      this.marks.set(cellUri, mark);
    }
    return [{ kind: "mark", cellUri }];
  }
}

function resultOf(event: DoneEvent): Result {
  const items = bundleItems(event.output);
  if (event.error) {
    return { items, error: errorFields(event.error) };
  }
  if (event.status === "error" && event.reason) {
    return { items, error: reasonError(event.status, event.reason) };
  }
  return { items };
}

function successOf(status: CellStatus): boolean | undefined {
  switch (status) {
    case "success":
    case "stopped":
      return true;
    case "error":
    case "interrupted":
      return false;
    default:
      return undefined;
  }
}

function markOf(event: DoneEvent): CellMark {
  const stale = event.status === "stale";
  if (event.status === "success" || event.status === "error" || stale) {
    return { stale };
  }
  const note = event.reason ? `${event.status}: ${event.reason}` : event.status;
  return { stale, note };
}

/** The events with consecutive stream chunks of the same cell and stream joined into one. */
export function coalesce(events: readonly CellEvent[]): CellEvent[] {
  const out: CellEvent[] = [];
  for (const event of events) {
    const last = out[out.length - 1];
    if (
      last !== undefined &&
      last.cellUri === event.cellUri &&
      last.event.kind === "stream" &&
      event.event.kind === "stream" &&
      last.event.name === event.event.name
    ) {
      out[out.length - 1] = {
        cellUri: last.cellUri,
        event: { ...last.event, text: last.event.text + event.event.text },
      };
    } else {
      out.push(event);
    }
  }
  return out;
}
