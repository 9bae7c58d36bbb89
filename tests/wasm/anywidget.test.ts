// anywidget in the worker, as in the daemon: anywidget and a published widget package
// (wigglystuff) installed offline from the wheels they came with, a widget defined in the
// notebook drawn by its module, a front-end change setting the trait and running the element's
// readers, custom messages and traits set from Python going back on the UI stream, and a
// several-megabyte module that leaves the worker answering at once.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { DaemonConnection, hasDaemon } from "./daemon";
import { BOOT_MS, Client, doneEvents, widgetWheels, workerHost, type Connection } from "./harness";

const CLOSED_INDEX = "http://127.0.0.1:9/simple/{package_name}/";
const UI_MIME = "application/vnd.lichen.ui+json";
const UI_STREAM = "lichen.ui";

const COUNTER = `import anywidget, traitlets, lichen
class Counter(anywidget.AnyWidget):
    _esm = "export default { render({ model, el }) { el.textContent = String(model.get('count')); } };"
    _css = ".counter { color: teal; }"
    count = traitlets.Int(0).tag(sync=True)
w = Counter()
w.on_msg(lambda widget, content, buffers: widget.send({"echo": content}))
counter = lichen.ui.anywidget(w)
counter`;

type Done = { cell: string; output: { [mime: string]: string } | null; error: { ename: string; evalue: string } | null };

function drawn(done: Done): { id: string; kind: string; value: { [key: string]: unknown }; props: { [key: string]: unknown } } {
  return (JSON.parse(done.output![UI_MIME]!) as { node: ReturnType<typeof drawn> }).node;
}

function uiMessages(events: { cellUri: string; event: { kind: string; [key: string]: unknown } }[]): { cell: string; message: unknown }[] {
  return events
    .filter((e) => e.event.kind === "stream" && e.event.name === UI_STREAM)
    .flatMap((e) => String(e.event.text).split("\n").filter(Boolean).map((line) => ({ cell: e.cellUri, message: JSON.parse(line) })));
}

describe("anywidget in the worker", { timeout: BOOT_MS * 4 }, () => {
  let client: Client;
  const NB = "file:///notebooks/widgets.py";
  let cells: string[];
  let element = "";
  let model = "";

  before(async () => {
    client = new Client(workerHost({ extraWheels: widgetWheels(), indexUrls: [CLOSED_INDEX] }));
    await client.initialize();
    cells = client.open(NB, [COUNTER, "seen = counter.value['count']\nseen", "w.count = 41"]);
  });
  after(() => client.dispose());

  test("a widget defined in the notebook is drawn by its module, anywidget installed offline", async () => {
    const result = await client.request<{ ok: boolean }>("lichen/runAll", { notebookUri: NB }, BOOT_MS * 2);
    const events = client.events(NB);
    const done = doneEvents(events) as Done[];
    assert.equal(result.ok, true, JSON.stringify(done.map((d) => d.error)));
    const node = drawn(done[0]!);
    assert.equal(node.kind, "anywidget");
    assert.match(String(node.props.esm), /render\(\{ model, el \}\)/);
    assert.equal(node.props.css, ".counter { color: teal; }");
    assert.deepEqual(node.value, { count: 0 });
    element = node.id;
    model = String(node.props.modelId);
    assert.deepEqual(done[1]!.output, { "text/plain": "0" });
    // The third cell set the trait from Python: it reaches the model under the cell showing it.
    assert.deepEqual(uiMessages(events).at(-1), { cell: cells[0], message: { modelId: model, state: { count: 41 } } });
  });

  test("a front-end change sets the trait and runs the cells that read the element", async () => {
    const result = await client.request<{ cells: { cellUri: string }[] }>("lichen/setUiValue", { notebookUri: NB, elementId: element, value: { state: { count: 5 } } });
    assert.deepEqual(result.cells.map((c) => c.cellUri), [cells[1]]);
    const events = client.events(NB);
    assert.deepEqual((doneEvents(events)[0] as Done).output, { "text/plain": "5" });
    assert.deepEqual(uiMessages(events), [], "the value the front end sent is not sent back");
  });

  test("a custom message reaches the widget, and its answer the model", async () => {
    const result = await client.request<{ cells: unknown[] }>("lichen/setUiValue", { notebookUri: NB, elementId: element, value: { message: { hello: 1 } } });
    assert.deepEqual(result.cells, []);
    const answers = uiMessages(client.events(NB)).map((m) => m.message);
    assert.deepEqual(answers, [{ modelId: model, message: { echo: { hello: 1 } } }]);
  });

  test("a published widget package syncs its traits", async () => {
    const nb = "file:///notebooks/published.py";
    const [pad, where] = client.open(nb, [
      "import lichen\nfrom wigglystuff import Slider2D\npad = lichen.ui.anywidget(Slider2D())\npad",
      "where = (pad.value['x'], pad.value['y'])\nwhere",
    ]);
    const result = await client.request<{ ok: boolean }>("lichen/runAll", { notebookUri: nb }, BOOT_MS * 2);
    const done = doneEvents(client.events(nb)) as Done[];
    assert.equal(result.ok, true, JSON.stringify(done.map((d) => d.error)));
    const node = drawn(done.find((d) => d.cell === pad)!);
    assert.match(String(node.props.esm), /render/);
    const ran = await client.request<{ cells: { cellUri: string }[] }>("lichen/setUiValue", { notebookUri: nb, elementId: node.id, value: { state: { x: 0.25, y: -0.5 } } });
    assert.deepEqual(ran.cells.map((c) => c.cellUri), [where]);
    assert.deepEqual((doneEvents(client.events(nb))[0] as Done).output, { "text/plain": "(0.25, -0.5)" });
  });

  test("a several-megabyte module travels once, whole, and the worker answers at once after", async () => {
    const nb = "file:///notebooks/big.py";
    const big = "// " + "x".repeat(5_000_000) + "\nexport function render({ el }) { el.textContent = 'big'; }";
    const [shown, bump] = client.open(nb, [
      `import anywidget, traitlets, lichen\nclass Big(anywidget.AnyWidget):\n    _esm = ${JSON.stringify(big)}\n    n = traitlets.Int(0).tag(sync=True)\nbig = lichen.ui.anywidget(Big())\nbig`,
      "big.widget.n = big.value['n'] + 1",
    ]);
    const result = await client.request<{ ok: boolean }>("lichen/runAll", { notebookUri: nb }, BOOT_MS);
    assert.equal(result.ok, true);
    const events = client.events(nb);
    const node = drawn((doneEvents(events) as Done[]).find((d) => d.cell === shown)!);
    assert.equal(node.props.esm, big);
    assert.deepEqual(uiMessages(events).map((m) => m.cell), [shown]);
    assert.ok(uiMessages(events).every((m) => JSON.stringify(m.message).length < 200), "updates never carry the module");
    // The worker is free: a change from the front end is answered, its update small again.
    const ran = await client.request<{ cells: { cellUri: string }[] }>("lichen/setUiValue", { notebookUri: nb, elementId: node.id, value: { state: { n: 10 } } });
    assert.deepEqual(ran.cells.map((c) => c.cellUri), [bump]);
    const after = uiMessages(client.events(nb));
    assert.deepEqual(after.map((m) => m.message), [{ modelId: node.props.modelId, state: { n: 11 } }]);
  });
});

/** The same widget steps in either host: the cells' results and the UI stream's messages, the
 * ids that differ from session to session (the widget's model, the element) named `MODEL` and
 * `ELEMENT`, the worker's install messages left out. */
async function widgetScenario(client: Client<Connection>): Promise<unknown> {
  const nb = "file:///notebooks/parity-widgets.py";
  await client.initialize();
  client.open(nb, [COUNTER, "seen = counter.value['count']\nseen", "w.count = 41"]);
  const steps: unknown[] = [await client.request("lichen/runAll", { notebookUri: nb }, BOOT_MS * 2)];
  const first = doneEvents(client.events(nb)) as Done[];
  const node = drawn(first[0]!);
  const seen = (): unknown => {
    const events = client.events(nb);
    return { done: doneEvents(events), ui: uiMessages(events) };
  };
  steps.push(first, await client.request("lichen/setUiValue", { notebookUri: nb, elementId: node.id, value: { state: { count: 5 } } }), seen());
  steps.push(await client.request("lichen/setUiValue", { notebookUri: nb, elementId: node.id, value: { message: { hello: 1 } } }), seen());
  return JSON.parse(JSON.stringify(steps).split(String(node.props.modelId)).join("MODEL").split(node.id).join("ELEMENT"));
}

test("the worker's widgets answer as the CPython daemon's", { timeout: BOOT_MS * 4 }, async () => {
  assert.ok(hasDaemon(), "no .venv with lichen: run make setup");
  const daemon = new Client<Connection>(new DaemonConnection());
  let expected: unknown;
  try {
    expected = await widgetScenario(daemon);
  } finally {
    daemon.dispose();
  }
  const worker = new Client<Connection>(workerHost({ extraWheels: widgetWheels(), indexUrls: [CLOSED_INDEX] }));
  try {
    assert.deepEqual(await widgetScenario(worker), expected);
  } finally {
    worker.dispose();
  }
});
