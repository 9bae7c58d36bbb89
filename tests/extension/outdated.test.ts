import assert from "node:assert/strict";
import { test } from "node:test";
import type { CellGraph } from "../../shared-protocol/src/protocol";
import type { CellStanding } from "../../extension/src/cellStates";
import { outdatedCells, standingText, type CellNow } from "../../extension/src/outdated";

// a (radius) -> b -> c; d alone.
const graph: Pick<CellGraph, "edges"> = {
  edges: [
    { source: "a", target: "b", names: ["radius"], error: null },
    { source: "b", target: "c", names: ["area"], error: null },
  ],
};
const ran: CellStanding = { state: "success", lastRunAt: 1000, durationMs: 5 };
const cell = (cellUri: string, position: number, code: string, ranCode: string | undefined, standing = ran): CellNow =>
  ({ cellUri, position, code, standing: ranCode === undefined ? standing : { ...standing, ranCode } });

test("nothing is outdated while every cell's code is what ran", () => {
  const cells = [cell("a", 1, "radius = 2", "radius = 2"), cell("b", 2, "area = radius", "area = radius"), cell("c", 3, "area", "area")];
  assert.equal(outdatedCells(cells, graph).size, 0);
});

test("an edited cell and every cell downstream of it are outdated, each saying why", () => {
  const cells = [
    cell("a", 1, "radius = 3", "radius = 2"),
    cell("b", 2, "area = radius", "area = radius"),
    cell("c", 3, "area", "area"),
    cell("d", 4, "other", "other"),
  ];
  assert.deepEqual([...outdatedCells(cells, graph)], [
    ["a", "its code changed since it ran"],
    ["b", "cell 1, which it reads from, changed since it ran"],
    ["c", "cell 1, which it reads from, changed since it ran"],
  ]);
});

test("an edit undone leaves nothing outdated; a cell never run has no outputs to dim", () => {
  assert.equal(outdatedCells([cell("a", 1, "radius = 2", "radius = 2"), cell("b", 2, "x", undefined, { state: "idle" })], graph).size, 0);
  const fresh = [cell("a", 1, "radius = 3", "radius = 2"), cell("b", 2, "area = radius", undefined, { state: "idle" })];
  assert.deepEqual([...outdatedCells(fresh, graph).keys()], ["a"]);
});

test("a running or queued cell is not outdated: its outputs are on their way", () => {
  const cells = [cell("a", 1, "radius = 3", "radius = 2", { ...ran, state: "running" }), cell("b", 2, "area = radius", "area = radius", { ...ran, state: "queued" })];
  assert.equal(outdatedCells(cells, graph).size, 0);
});

test("stale and passed-over cells keep old outputs: outdated, with the run's reason", () => {
  const cells = [
    cell("a", 1, "radius = 2", "radius = 2", { state: "error", lastRunAt: 2000 }),
    cell("b", 2, "area = radius", "area = radius", { state: "skipped", lastRunAt: 1000, reason: "an ancestor raised" }),
    cell("c", 3, "area", "area", { state: "stale", lastRunAt: 1000 }),
  ];
  assert.deepEqual([...outdatedCells(cells, graph)], [
    ["b", "not run again (skipped: an ancestor raised)"],
    ["c", "stale: its inputs changed and it has not run again"],
  ]);
});

test("the status text says how the last run ended and when", () => {
  const time = (ms: number): string => `T${ms}`;
  assert.deepEqual(standingText({ state: "success", lastRunAt: 5, durationMs: 250 }, time), { text: "$(check) ran T5", tooltip: "Last ran at T5 in 250 ms." });
  assert.equal(standingText({ state: "error", lastRunAt: 5, durationMs: 1500 }, time)?.text, "$(error) failed T5");
  assert.equal(standingText({ state: "error", reason: "cycle" }, time)?.tooltip, "It could not run: cycle");
  assert.equal(standingText({ state: "queued" }, time)?.text, "$(clock) queued");
  assert.equal(standingText({ state: "running" }, time)?.text, "$(sync~spin) running");
  assert.equal(standingText({ state: "idle" }, time), undefined);
  assert.equal(standingText({ state: "stale", lastRunAt: 5 }, time), undefined);
});
