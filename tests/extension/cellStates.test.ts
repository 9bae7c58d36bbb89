import assert from "node:assert/strict";
import { test } from "node:test";
import type { CellEvent } from "../../shared-protocol/src/protocol";
import { CellStates } from "../../extension/src/cellStates";

const done = (cellUri: string, status: string, extra: Record<string, unknown> = {}): CellEvent =>
  ({ cellUri, event: { kind: "done", runId: 1, status, duration: 0.25, executionCount: 1, ...extra } }) as CellEvent;

test("a cell goes queued, running, then how it ended, with when and how long", () => {
  const states = new CellStates();
  assert.equal(states.get("a").state, "idle");
  assert.deepEqual(states.request(["a"]), ["a"]);
  assert.equal(states.get("a").state, "queued");
  states.apply([{ cellUri: "a", event: { kind: "running", runId: 1 } }], 0);
  assert.equal(states.get("a").state, "running");
  assert.deepEqual(states.apply([done("a", "success")], 5000), ["a"]);
  assert.deepEqual(states.get("a"), { state: "success", lastRunAt: 5000, durationMs: 250 });
  assert.deepEqual(states.all(), { a: "success" });
});

test("a cell passed over keeps its last run's time and says why", () => {
  const states = new CellStates();
  states.apply([done("b", "success")], 1000);
  states.apply([done("b", "skipped", { executionCount: null, duration: 0, reason: "an ancestor raised" })], 2000);
  assert.deepEqual(states.get("b"), { state: "skipped", lastRunAt: 1000, durationMs: 250, reason: "an ancestor raised" });
  states.apply([{ cellUri: "b", event: { kind: "stale" } }], 3000);
  assert.deepEqual(states.get("b"), { state: "stale", lastRunAt: 1000, durationMs: 250 });
});

test("a queued cell the run never reached goes back to what it was", () => {
  const states = new CellStates();
  states.apply([done("a", "error")], 1000);
  states.request(["a", "c"]);
  assert.deepEqual(states.finish(["a", "c"]), ["a", "c"]);
  assert.equal(states.get("a").state, "error");
  assert.equal(states.get("c").state, "idle");
  assert.deepEqual(states.finish(["a"]), [], "nothing left open");
});

test("a restart forgets every run; a deleted cell is forgotten", () => {
  const states = new CellStates();
  states.apply([done("a", "success"), done("b", "success")], 1000);
  states.forget("b");
  assert.deepEqual(states.all(), { a: "success" });
  assert.deepEqual(states.reset(), ["a"]);
  assert.deepEqual(states.all(), {});
});

test("a cell remembers the code it ran, until it runs other code", () => {
  const states = new CellStates();
  const code = new Map([["a", "x = 1"]]);
  states.apply([{ cellUri: "a", event: { kind: "running", runId: 1 } }, done("a", "success")], 1000, (uri) => code.get(uri));
  assert.equal(states.get("a").ranCode, "x = 1");
  code.set("a", "x = 2");
  states.apply([done("a", "skipped", { executionCount: null })], 2000, (uri) => code.get(uri));
  assert.equal(states.get("a").ranCode, "x = 1", "passed over: still the code of its outputs");
  states.apply([{ cellUri: "a", event: { kind: "running", runId: 2 } }, done("a", "success")], 3000, (uri) => code.get(uri));
  assert.equal(states.get("a").ranCode, "x = 2");
});
