// Interrupting `while True:` in the worker: in place through the SharedArrayBuffer, and, where
// there is none (a page that is not cross-origin isolated), by restarting the worker.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ErrorCodes } from "../../shared-protocol/src/protocol";
import { RESTART_MESSAGE } from "../../wasm-runner/src/host";
import { BOOT_MS, Client, doneEvents, WAIT_MS, workerHost } from "./harness";

const NB = "file:///notebooks/loop.py";

async function running(client: Client, cell: string): Promise<void> {
  await client.notification(
    (m) => m.method === "lichen/cellEvents" && (m.params as { events: { cellUri: string; event: { kind: string } }[] }).events.some((e) => e.cellUri === cell && e.event.kind === "running"),
    "the loop running",
  );
}

test("interrupting a loop stops it in place, and the worker runs the next cell", { timeout: BOOT_MS + WAIT_MS * 2 }, async () => {
  const client = new Client(workerHost());
  try {
    await client.initialize();
    assert.equal(client.host.interruptsInPlace, true);
    const cells = client.open(NB, ["n = 0\nwhile True:\n    n += 1", "x = 41", "x + 1"]);
    const run = client.requestAsync("lichen/run", { notebookUri: NB, cellUris: [cells[0]] });
    await running(client, cells[0]!);
    await client.request("lichen/interrupt", { notebookUri: NB });
    const result = (await client.reply(run)).result as { ok: boolean; cells: { status: string }[] };
    assert.deepEqual(result, { ok: false, cells: [{ cellUri: cells[0], status: "interrupted" }] });
    const done = doneEvents(client.events(NB)) as { error: { ename: string } }[];
    assert.equal(done[0]!.error.ename, "KeyboardInterrupt");
    const next = await client.request<{ ok: boolean }>("lichen/run", { notebookUri: NB, cellUris: [cells[1]] });
    assert.equal(next.ok, true);
    assert.deepEqual((doneEvents(client.events(NB))[1] as { output: unknown }).output, { "text/plain": "42" });
  } finally {
    client.dispose();
  }
});

test("without shared memory, interrupting restarts the worker, which still knows the notebook", { timeout: BOOT_MS * 2 + WAIT_MS }, async () => {
  const client = new Client(workerHost({ sharedInterrupts: false }));
  const restarts: string[] = [];
  client.host.onRestart((restart) => restarts.push(restart.message));
  try {
    await client.initialize();
    assert.equal(client.host.interruptsInPlace, false);
    const cells = client.open(NB, ["import sys as _s\n_s.lichen_mark = 1\nwhile True:\n    pass", "x = 41", "import sys as _s\nx + 1, hasattr(_s, 'lichen_mark')"]);
    const run = client.requestAsync("lichen/run", { notebookUri: NB, cellUris: [cells[0]] });
    await running(client, cells[0]!);
    await client.request("lichen/interrupt", { notebookUri: NB });
    const failed = await client.reply(run);
    assert.equal(failed.error?.code, ErrorCodes.kernelDead);
    const dead = await client.notification((m) => m.method === "lichen/kernelStatus" && (m.params as { state: string }).state === "dead", "the kernel dead");
    assert.deepEqual(dead.params, { notebookUri: NB, state: "dead", message: RESTART_MESSAGE });
    assert.deepEqual(restarts, [RESTART_MESSAGE]);
    client.setText(NB, cells[1]!, "x = 1");
    const result = await client.request<{ ok: boolean }>("lichen/run", { notebookUri: NB, cellUris: [cells[1]] }, BOOT_MS);
    assert.equal(result.ok, true);
    const done = doneEvents(client.events(NB)) as { output: unknown }[];
    assert.deepEqual(done[1]!.output, { "text/plain": "(2, False)" });
  } finally {
    client.dispose();
  }
});
