// The controller's core: how the daemon's cell events become steps on VS Code executions.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { CellEvent, DoneEvent } from "../../shared-protocol/src/protocol";
import { CellRuns, coalesce, type Step } from "../../extension/src/cellRuns";

const A = "vscode-notebook-cell:/nb.py#A";
const B = "vscode-notebook-cell:/nb.py#B";

function done(cellUri: string, fields: Partial<DoneEvent> = {}): CellEvent {
  return {
    cellUri,
    event: {
      kind: "done",
      runId: 1,
      status: "success",
      output: null,
      error: null,
      duration: 0.25,
      executionCount: 1,
      reason: null,
      ...fields,
    },
  };
}
const queued = (cellUri: string): CellEvent => ({ cellUri, event: { kind: "queued", runId: 1 } });
const running = (cellUri: string): CellEvent => ({ cellUri, event: { kind: "running", runId: 1 } });
const stream = (cellUri: string, text: string, name = "stdout"): CellEvent => ({
  cellUri,
  event: { kind: "stream", name, text },
});
const stale = (cellUri: string): CellEvent => ({ cellUri, event: { kind: "stale" } });
const live = (cellUri: string, text: string): CellEvent => ({
  cellUri,
  event: { kind: "output", output: { "text/plain": text } },
});

const kinds = (steps: Step[]): string[] => steps.map((s) => `${s.kind}:${s.cellUri === A ? "A" : "B"}`);
const ends = (steps: Step[]) => steps.filter((s): s is Extract<Step, { kind: "end" }> => s.kind === "end");

describe("cells the user runs", () => {
  test("show as queued at once, and only once", () => {
    const runs = new CellRuns();
    assert.deepEqual(kinds(runs.request([A])), ["create:A"]);
    assert.deepEqual(runs.apply([queued(A)]), []);
    assert.ok(runs.isOpen(A));
  });

  test("start, then end with order, duration and outputs replacing the old ones", () => {
    const runs = new CellRuns();
    runs.request([A]);
    const steps = runs.apply([running(A), done(A, { output: { "text/plain": "42" }, executionCount: 7, duration: 1.5 })]);
    assert.deepEqual(kinds(steps), ["start:A", "end:A"]);
    const [end] = ends(steps);
    assert.equal(end!.success, true);
    assert.equal(end!.mode, "replace");
    assert.equal(end!.executionOrder, 7);
    assert.equal(end!.durationMs, 1500);
    assert.deepEqual(end!.result!.items.map((i) => i.mime), ["text/plain"]);
    assert.ok(!runs.isOpen(A));
  });
});

describe("outputs are replaced, never cleared first", () => {
  test("nothing touches the old outputs before the first new output", () => {
    const runs = new CellRuns();
    const steps = [...runs.request([A]), ...runs.apply([queued(A), running(A)])];
    assert.ok(steps.every((s) => s.kind === "create" || s.kind === "start" || s.kind === "mark"));
  });

  test("the first stream chunk replaces the old outputs; later chunks append", () => {
    const runs = new CellRuns();
    runs.request([A]);
    runs.apply([running(A)]);
    const first = runs.apply([stream(A, "one\n")]);
    const second = runs.apply([stream(A, "two\n")]);
    const third = runs.apply([stream(A, "oops\n", "stderr")]);
    assert.deepEqual(first.map((s) => s.kind === "stream" && s.mode), ["replace"]);
    assert.deepEqual(second.map((s) => s.kind === "stream" && s.mode), ["append"]);
    assert.deepEqual(third.map((s) => s.kind === "stream" && s.mode), ["newOutput"]);
    const [end] = ends(runs.apply([done(A, { output: { "text/plain": "x" } })]));
    assert.equal(end!.mode, "append", "the result goes after the streamed text");
  });

  test("text of a cell that ended goes to the late log, opening no execution and touching no outputs", () => {
    const runs = new CellRuns();
    runs.request([A]);
    runs.apply([running(A), stream(A, "own\n"), done(A)]);
    runs.request([B]);
    const steps = runs.apply([running(B), stream(A, "from A's thread\n"), stream(B, "B's own\n")]);
    assert.deepEqual(
      steps.filter((s) => s.kind === "late"),
      [{ kind: "late", cellUri: A, name: "stdout", text: "from A's thread\n" }],
    );
    assert.ok(!runs.isOpen(A), "no execution of A is opened for its late text");
    const streams = steps.filter((s) => s.kind === "stream");
    assert.deepEqual(streams.map((s) => s.cellUri), [B]);
  });

  test("a cell that ran and showed nothing has its old outputs replaced by nothing at the end", () => {
    const runs = new CellRuns();
    runs.request([A]);
    const [end] = ends(runs.apply([running(A), done(A)]));
    assert.equal(end!.mode, "replace");
    assert.deepEqual(end!.result, { items: [] });
  });

  test("cells the run skipped keep their outputs", () => {
    const runs = new CellRuns();
    runs.request([A]);
    const [end] = ends(runs.apply([done(A, { status: "skipped", reason: "an ancestor raised", executionCount: null })]));
    assert.equal(end!.result, undefined);
    assert.equal(end!.success, undefined);
    assert.equal(end!.executionOrder, undefined);
    assert.equal(runs.mark(A).note, "skipped: an ancestor raised");
  });
});

describe("a running cell's output so far (mo.output, progress bars)", () => {
  test("replaces the old outputs first, then updates in place, and the result takes its place", () => {
    const runs = new CellRuns();
    runs.request([A]);
    runs.apply([running(A)]);
    const steps = [...runs.apply([live(A, "10%")]), ...runs.apply([live(A, "50%")])];
    const lives = steps.filter((s): s is Extract<Step, { kind: "live" }> => s.kind === "live");
    assert.deepEqual(lives.map((s) => s.mode), ["replace", "update"]);
    assert.equal(lives[1]!.items[0]!.mime, "text/plain");
    const [end] = ends(runs.apply([done(A, { output: { "text/plain": "100%" } })]));
    assert.equal(end!.live, true);
    assert.deepEqual(end!.result!.items.map((i) => i.mime), ["text/plain"]);
  });

  test("after printed text it is an output of its own, and text printed after it is too", () => {
    const runs = new CellRuns();
    runs.request([A]);
    runs.apply([running(A), stream(A, "loading\n")]);
    const [first] = runs.apply([live(A, "1/3")]);
    const [after] = runs.apply([stream(A, "more\n")]);
    assert.equal(first!.kind === "live" && first!.mode, "newOutput");
    assert.equal(after!.kind === "stream" && after!.mode, "newOutput");
  });

  test("a cell without one ends as before", () => {
    const runs = new CellRuns();
    runs.request([A]);
    const [end] = ends(runs.apply([running(A), done(A)]));
    assert.equal(end!.live, undefined);
  });
});

describe("cells the reactive run touches", () => {
  test("get an execution when their first event arrives", () => {
    const runs = new CellRuns();
    runs.request([A]);
    const steps = runs.apply([running(A), done(A), queued(B), running(B), stream(B, "hi"), done(B)]);
    assert.deepEqual(kinds(steps), ["start:A", "end:A", "create:B", "start:B", "stream:B", "end:B"]);
  });

  test("a result without earlier events still opens and ends an execution", () => {
    const runs = new CellRuns();
    assert.deepEqual(kinds(runs.apply([done(B, { status: "error", reason: "cycle", executionCount: null })])), [
      "create:B",
      "end:B",
    ]);
  });

  test("a cell passed over without being queued only changes its mark, keeping order and outputs", () => {
    const runs = new CellRuns();
    assert.deepEqual(kinds(runs.apply([done(B, { status: "disabled", reason: "this cell is disabled", executionCount: null })])), [
      "mark:B",
    ]);
    assert.equal(runs.mark(B).note, "disabled: this cell is disabled");
  });
});

describe("errors", () => {
  test("an exception becomes an error output and a failed end", () => {
    const runs = new CellRuns();
    const error = { ename: "ZeroDivisionError", evalue: "division by zero", traceback: "Traceback ...\nZeroDivisionError" };
    const [end] = ends(runs.apply([running(A), done(A, { status: "error", error })]));
    assert.equal(end!.success, false);
    assert.deepEqual(end!.result!.error, { name: "ZeroDivisionError", message: "division by zero", stack: error.traceback });
  });

  test("a cell that cannot run shows the reason as its error", () => {
    const runs = new CellRuns();
    const [end] = ends(runs.apply([done(A, { status: "error", reason: "x is defined by cells 1 and 3", executionCount: null })]));
    assert.equal(end!.success, false);
    assert.equal(end!.result!.error!.message, "x is defined by cells 1 and 3");
  });
});

describe("stale cells (lazy mode)", () => {
  test("are marked stale until they run again", () => {
    const runs = new CellRuns();
    assert.deepEqual(kinds(runs.apply([stale(B)])), ["mark:B"]);
    assert.equal(runs.mark(B).stale, true);
    runs.apply([running(B)]);
    assert.equal(runs.mark(B).stale, false);
  });

  test("a queued cell that turns stale ends without touching its outputs", () => {
    const runs = new CellRuns();
    runs.request([B]);
    const [end] = ends(runs.apply([stale(B)]));
    assert.equal(end!.result, undefined);
    assert.ok(!runs.isOpen(B));
  });
});

describe("ending what is left", () => {
  test("a run's answer ends the executions no event ended", () => {
    const runs = new CellRuns();
    runs.request([A, B]);
    runs.apply([running(A), done(A)]);
    assert.deepEqual(kinds(runs.finish([A, B])), ["end:B"]);
  });

  test("a lost daemon ends every open execution", () => {
    const runs = new CellRuns();
    runs.request([A, B]);
    assert.deepEqual(kinds(runs.abandon()), ["end:A", "end:B"]);
    assert.deepEqual(runs.abandon(), []);
  });
});

test("consecutive chunks of one stream of one cell are joined", () => {
  const joined = coalesce([stream(A, "a"), stream(A, "b"), stream(A, "c", "stderr"), stream(B, "d"), stream(A, "e")]);
  assert.deepEqual(
    joined.map((e) => (e.event.kind === "stream" ? e.event.text : "")),
    ["ab", "c", "d", "e"],
  );
});
