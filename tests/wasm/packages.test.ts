// Packages in the worker: an import the worker lacks is installed with micropip from a local
// wheel before its cell runs, a notebook's PEP 723 dependencies when it opens, and a package that
// cannot be had is said so in the cell. Offline: the only index is a closed local port.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { BOOT_MS, Client, doneEvents, makeWheel, workerHost } from "./harness";

const CLOSED_INDEX = "http://127.0.0.1:9/simple/{package_name}/";

describe("packages in the worker", { timeout: BOOT_MS * 2 }, () => {
  let client: Client;

  before(async () => {
    const demo = makeWheel("lichen_demo_pkg", "1.2.3", "ANSWER = 42\n");
    const header = makeWheel("lichen_header_pkg", "0.1", "GREETING = 'hello'\n");
    client = new Client(workerHost({ extraWheels: { [demo.file]: demo.bytes, [header.file]: header.bytes }, indexUrls: [CLOSED_INDEX] }));
    await client.initialize();
  });
  after(() => client.dispose());

  test("an import the worker lacks is installed from a local wheel, then the cell runs", async () => {
    const nb = "file:///notebooks/demo.py";
    const [cell] = client.open(nb, ["import lichen_demo_pkg\nlichen_demo_pkg.ANSWER"]);
    const result = await client.request<{ ok: boolean }>("lichen/runAll", { notebookUri: nb }, BOOT_MS);
    assert.equal(result.ok, true);
    const events = client.events(nb);
    const streams = events.filter((e) => e.event.kind === "stream").map((e) => e.event.text);
    assert.deepEqual(streams, ["Installing lichen_demo_pkg (imported as lichen_demo_pkg)...\n", "Installed lichen_demo_pkg 1.2.3.\n"]);
    assert.equal(events[0]!.cellUri, cell);
    assert.deepEqual((doneEvents(events)[0] as { output: unknown }).output, { "text/plain": "42" });
  });

  test("a notebook's PEP 723 dependencies are installed when it opens", async () => {
    const nb = "file:///notebooks/header.py";
    const header = '# /// script\n# dependencies = ["lichen-header-pkg"]\n# ///\n';
    client.open(nb, ["import lichen_header_pkg\nlichen_header_pkg.GREETING"], { header });
    const log = await client.notification((m) => m.method === "window/logMessage", "the install's log line");
    assert.match((log.params as { message: string }).message, /Installing the dependencies of .*lichen-header-pkg/);
    await client.request("lichen/runAll", { notebookUri: nb }, BOOT_MS);
    const events = client.events(nb);
    assert.deepEqual(events.filter((e) => e.event.kind === "stream"), []);
    assert.deepEqual((doneEvents(events)[0] as { output: unknown }).output, { "text/plain": "'hello'" });
  });

  test("a package that cannot be had is said so in the cell", async () => {
    const nb = "file:///notebooks/missing.py";
    client.open(nb, ["import lichen_surely_missing_pkg"]);
    await client.request("lichen/runAll", { notebookUri: nb }, BOOT_MS);
    const events = client.events(nb);
    const errors = events.filter((e) => e.event.kind === "stream" && e.event.name === "stderr").map((e) => String(e.event.text));
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /^Lichen could not install lichen_surely_missing_pkg here: .*offline/);
    assert.equal((doneEvents(events)[0] as { error: { ename: string } }).error.ename, "ModuleNotFoundError");
  });
});
