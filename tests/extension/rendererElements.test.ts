// The renderer's drawings of progress bars, spinners and the newer element kinds, from payloads
// as the kernel writes them (`lichen.runtime.status`, `lichen.runtime.ui`): what each shows,
// and the raw values each sends as the user works it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { setCell } from "../../extension/src/renderer/editors";
import { accepted, readUploads, toBase64 } from "../../extension/src/renderer/files";
import { describeTransform, typedCell } from "../../extension/src/renderer/frames";
import { isMoment } from "../../extension/src/renderer/moments";
import { etaText, rateText } from "../../extension/src/renderer/status";
import { $, element, page } from "./rendererPage";

const text = (el: Element): string => (el.textContent ?? "").replace(/\s+/g, " ").trim();

// --- mo.status -----------------------------------------------------------------------------------

test("a progress bar shows its count, rate and time left, and its completion", (t) => {
  const p = page(t);
  const root = p.draw({ type: "progress", title: "Loading", subtitle: "rows", value: 3, total: 10, rate: 2.5, eta: 2.8, done: false });
  const bar = $<HTMLProgressElement>(root, "progress");
  assert.equal(bar.getAttribute("max"), "10");
  assert.equal(bar.getAttribute("value"), "3");
  assert.equal(bar.getAttribute("aria-label"), "Loading");
  assert.equal(text($(root, ".lichen-progress-facts")), "3/10 · 2.5/s · 3 s left");
  assert.equal(text($(root, ".lichen-status-subtitle")), "rows");
  assert.equal(root.getAttribute("role"), "status");
  const done = p.draw({ type: "progress", title: "Done", subtitle: null, value: 10, total: 10, rate: 4, eta: 0, done: true });
  assert.ok(done.classList.contains("lichen-done"));
  assert.equal(text($(done, ".lichen-progress-facts")), "10/10 · 4/s");
  const open = p.draw({ type: "progress", title: null, subtitle: null, value: 7, total: null, rate: null, eta: null, done: false });
  assert.equal($(open, "progress").getAttribute("value"), null, "no total: an indeterminate bar");
  assert.equal(text($(open, ".lichen-progress-facts")), "7");
  assert.equal(rateText(0.5), "2 s each");
  assert.equal(etaText(125, false), "2 min 5 s left");
  assert.equal(etaText(3, true), "");
});

test("a spinner shows its title (or Loading…) and subtitle, busy", (t) => {
  const p = page(t);
  const root = p.draw({ type: "spinner", title: "Thinking", subtitle: "step 2" });
  assert.equal(text($(root, ".lichen-status-title")), "Thinking");
  assert.equal(text($(root, ".lichen-status-subtitle")), "step 2");
  assert.equal(root.getAttribute("aria-busy"), "true");
  assert.ok(root.querySelector(".lichen-spinner-wheel"));
  assert.equal(text(p.draw({ type: "spinner", title: null, subtitle: null })), "Loading…");
});

// --- dates ---------------------------------------------------------------------------------------

test("a datetime sends whole moments at its precision; a date range sends ordered pairs", (t) => {
  assert.ok(isMoment("2026-12-07T08:24", "minute"));
  assert.ok(!isMoment("2026-12-07T08:24", "second"));
  const p = page(t);
  const input = $(p.draw(element("datetime", "2026-12-07T08:24", { start: "2026-01-01T00:00", stop: null, precision: "second" })), "input");
  assert.equal(input.type, "datetime-local");
  assert.equal(input.step, "1");
  assert.equal(input.min, "2026-01-01T00:00");
  input.value = "2026-12-08T09:30";
  p.fire(input, "change");
  assert.deepEqual(p.sent, [["id-datetime", "2026-12-08T09:30:00"]]);

  const root = p.draw(element("date_range", ["2026-12-01", "2026-12-07"], { start: null, stop: null }));
  const [from, to] = [...root.querySelectorAll("input[type=date]")] as unknown as HTMLInputElement[];
  assert.equal(from!.value, "2026-12-01");
  from!.value = "2026-12-09"; // after the end: not sent until the end moves
  p.fire(from!, "change");
  assert.equal(p.sent.length, 1);
  to!.value = "2026-12-10";
  p.fire(to!, "change");
  assert.deepEqual(p.sent[1], ["id-date_range", ["2026-12-09", "2026-12-10"]]);
});

// --- editors -------------------------------------------------------------------------------------

test("a code editor sends as marimo's debounce says, and Tab indents", (t) => {
  const p = page(t);
  const live = $<HTMLTextAreaElement>(p.draw(element("code_editor", "x = 1", { language: "python", debounce: false, show_copy_button: true }, { id: "live" })), "textarea");
  assert.equal(live.value, "x = 1");
  assert.equal(live.getAttribute("data-language"), "python");
  live.value = "x = 2";
  p.fire(live, "input");
  assert.deepEqual(p.sent, [["live", "x = 2"]]);

  const root = p.draw(element("code_editor", "", { language: "sql", debounce: true, show_copy_button: false }, { id: "held" }));
  assert.equal(root.querySelector(".lichen-copy"), null);
  const held = $<HTMLTextAreaElement>(root, "textarea");
  held.value = "select";
  p.fire(held, "input");
  assert.equal(p.sent.length, 1, "debounced: nothing while typing");
  held.setSelectionRange(6, 6);
  p.fire(held, "keydown", { key: "Tab" });
  assert.equal(held.value, "select    ");
  p.fire(held, "keydown", { key: "Enter", ctrlKey: true });
  assert.deepEqual(p.sent[1], ["held", "select    "]);
});

test("a matrix sends the whole grid; a symmetric one mirrors each edit; bounds are kept", (t) => {
  assert.deepEqual(setCell([[1, 2], [2, 1]], 0, 1, 5, true), [[1, 5], [5, 1]]);
  const p = page(t);
  const root = p.draw(element("matrix", [[1, 2], [2, 1]], {
    rows: 2, columns: 2, min_value: 0, max_value: [[9, 9], [9, 3]], step: 1, disabled: [[false, false], [false, true]],
    symmetric: true, scientific: false, precision: null, row_labels: ["a", "b"], column_labels: ["x", "y"], debounce: false,
  }));
  const cells = [...root.querySelectorAll("input")] as unknown as HTMLInputElement[];
  assert.equal(cells.length, 4);
  assert.deepEqual(cells.map((c) => c.value), ["1", "2", "2", "1"]);
  assert.equal(cells[0]!.getAttribute("aria-label"), "row a, column x");
  assert.ok(cells[3]!.disabled);
  cells[1]!.value = "7";
  p.fire(cells[1]!, "input");
  assert.deepEqual(p.sent, [["id-matrix", [[1, 7], [7, 1]]]]);
  assert.equal(cells[2]!.value, "7");
  cells[0]!.value = "-1";
  p.fire(cells[0]!, "input");
  assert.equal(cells[0]!.getAttribute("aria-invalid"), "true");
  assert.equal(p.sent.length, 1);
  assert.deepEqual([...root.querySelectorAll("th")].map(text), ["", "x", "y", "a", "b"]);
});

// --- files ---------------------------------------------------------------------------------------

test("uploads are read as base64, and files too large or of other types are refused", async (t) => {
  assert.equal(toBase64(new TextEncoder().encode("a,b\n1,2\n")), "YSxiCjEsMgo=");
  assert.ok(accepted({ name: "Data.CSV" }, [".csv"]));
  assert.ok(accepted({ name: "x.png", type: "image/png" }, ["image/*"]));
  assert.ok(!accepted({ name: "x.txt", type: "text/plain" }, [".csv", "image/*"]));
  const file = (name: string, body: string) => {
    const bytes = new TextEncoder().encode(body);
    return { name, size: bytes.length, arrayBuffer: async () => bytes.buffer };
  };
  assert.deepEqual(await readUploads([file("a.csv", "a,b\n1,2\n")], [".csv"], 100), [{ name: "a.csv", contents: "YSxiCjEsMgo=" }]);
  assert.match(String(await readUploads([file("big.csv", "x".repeat(50))], [], 10)), /big\.csv is larger than this element takes \(10 bytes\)/);
  assert.match(String(await readUploads([file("a.txt", "x")], [".csv"], null)), /not of a type this element takes \(\.csv\)/);
  const p = page(t);
  const root = p.draw(element("file", [{ name: "earlier.csv", contents: "" }], { filetypes: [".csv"], multiple: true, file_kind: "area", max_size: 100 }));
  const input = $(root, "input[type=file]");
  assert.equal(input.accept, ".csv");
  assert.ok(input.multiple);
  assert.match(text($(root, ".lichen-drop-area")), /Drop files here/);
  assert.equal(text($(root, ".lichen-file-names")), "earlier.csv");
});

test("a file browser lists its directory and sends the paths chosen, of the kind asked for", (t) => {
  const p = page(t);
  const entries = [
    { name: "data", path: "/n/data", is_directory: true },
    { name: "a.csv", path: "/n/a.csv", is_directory: false },
    { name: "b.csv", path: "/n/b.csv", is_directory: false },
  ];
  const root = p.draw(element("file_browser", [], { path: "/n", entries, selection_mode: "file", multiple: true, restrict_navigation: true }));
  const boxes = [...root.querySelectorAll("input")] as unknown as HTMLInputElement[];
  assert.deepEqual([...root.querySelectorAll("label")].map(text), ["data/", "a.csv", "b.csv"]);
  assert.ok(boxes[0]!.disabled, "a directory is not a file");
  boxes[2]!.checked = true;
  p.fire(boxes[2]!, "change");
  boxes[1]!.checked = true;
  p.fire(boxes[1]!, "change");
  assert.deepEqual(p.sent, [["id-file_browser", ["/n/b.csv"]], ["id-file_browser", ["/n/a.csv", "/n/b.csv"]]]);
});

// --- live ----------------------------------------------------------------------------------------

test("refresh adds a tick per click and per interval chosen; it stops when disposed", async (t) => {
  const p = page(t);
  const drawing = p.drawing(element("refresh", 0, { options: ["0.1s", "1m"], seconds: [0.1, 60], default_interval: null, default_seconds: null }));
  p.fire($(drawing.root, "button"), "click");
  assert.deepEqual(p.sent, [["id-refresh", 1]]);
  const chooser = $<HTMLSelectElement>(drawing.root, "select");
  assert.deepEqual([...chooser.options].map((o) => o.textContent), ["off", "0.1s", "1m"]);
  chooser.value = "0.1";
  p.fire(chooser, "change");
  await new Promise((resolve) => setTimeout(resolve, 350));
  drawing.dispose();
  const ticks = p.sent.length;
  assert.ok(ticks >= 3, `ticks sent: ${JSON.stringify(p.sent)}`);
  assert.deepEqual(p.sent.map(([, v]) => v), Array.from({ length: ticks }, (_, i) => i + 1));
  await new Promise((resolve) => setTimeout(resolve, 250));
  assert.equal(p.sent.length, ticks);
});

test("a microphone says so where the view gives it no microphone", async (t) => {
  const p = page(t);
  const root = p.draw(element("microphone", null, {}));
  p.fire($(root, "button"), "click");
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.match(text($(root, ".lichen-record-state")), /Recording is not available in this view/);
  assert.deepEqual(p.sent, []);
});

// --- chat ----------------------------------------------------------------------------------------

test("a chat sends the conversation with the user's message and shows the kernel's reply", (t) => {
  const p = page(t);
  const root = p.draw(element("chat", [], { prompts: ["Hello there"], show_configuration_controls: false, config: {}, allow_attachments: false, max_height: null, disabled: false }));
  p.fire($(root, ".lichen-chat-prompt"), "click");
  const asked = [{ role: "user", content: "Hello there" }];
  assert.deepEqual(p.sent, [["id-chat", asked]]);
  assert.ok(root.querySelector(".lichen-chat-waiting"));
  assert.ok($(root, ".lichen-chat-prompts").hidden);
  p.store.set("id-chat", [...asked, { role: "assistant", content: "**hi**" }]);
  assert.equal(root.querySelector(".lichen-chat-waiting"), null);
  assert.equal($(root, ".lichen-chat-assistant .lichen-chat-text").innerHTML.trim(), "<p><strong>hi</strong></p>");
  const box = $<HTMLTextAreaElement>(root, "textarea");
  box.value = "more";
  p.fire(box, "keydown", { key: "Enter" });
  assert.deepEqual(p.sent[1], ["id-chat", [...asked, { role: "assistant", content: "**hi**" }, { role: "user", content: "more" }]]);
  assert.equal(box.value, "");
});

// --- data ----------------------------------------------------------------------------------------

test("a data editor sends its edits, typed as their column, the latest per cell", (t) => {
  assert.equal(typedCell("2.5", [1, null]), 2.5);
  assert.equal(typedCell("x", [1]), "x");
  assert.equal(typedCell("true", [false]), true);
  const p = page(t);
  const root = p.draw(element("data_editor", [], { columns: ["a", "b"], rows: [[1, "x"], [2, "y"]], total_rows: 2, page_size: 50, pagination: false, editable_columns: ["a"] }));
  const inputs = [...root.querySelectorAll("input")] as unknown as HTMLInputElement[];
  assert.deepEqual(inputs.map((i) => i.value), ["1", "2"], "only column a is editable");
  assert.deepEqual([...root.querySelectorAll("td")].map(text), ["", "x", "", "y"]);
  inputs[1]!.value = "5";
  p.fire(inputs[1]!, "change");
  inputs[1]!.value = "6";
  p.fire(inputs[1]!, "change");
  assert.deepEqual(p.sent, [["id-data_editor", [{ row: 1, column: "a", value: 5 }]], ["id-data_editor", [{ row: 1, column: "a", value: 6 }]]]);
});

test("data editor and dataframe cells read as the tables' cells: special floats by name, a NaN column typed as numbers", (t) => {
  const nan = { special: "NaN" };
  assert.equal(typedCell("2.5", [null, nan]), 2.5, "a column whose first value is NaN holds numbers");
  const p = page(t);
  const rows = [[nan, "x", true], [{ special: "-Infinity" }, null, false], [1.5, "z", null]];
  const editor = p.draw(element("data_editor", [], { columns: ["f", "s", "b"], rows, total_rows: 3, page_size: 50, pagination: false, editable_columns: ["f"] }));
  const inputs = [...editor.querySelectorAll("input")] as unknown as HTMLInputElement[];
  assert.deepEqual(inputs.map((i) => i.value), ["NaN", "-Infinity", "1.5"]);
  assert.deepEqual([...editor.querySelectorAll("td")].map(text), ["", "x", "true", "", "", "false", "", "z", ""]);
  inputs[0]!.value = "3";
  p.fire(inputs[0]!, "change");
  assert.deepEqual(p.sent, [["id-data_editor", [{ row: 0, column: "f", value: 3 }]]]);
  const frame = p.draw(element("dataframe", [], { columns: ["f", "s", "b"], rows, total_rows: 3, page_size: 5 }));
  assert.deepEqual([...frame.querySelectorAll(".lichen-data-preview tbody td")].map(text),
    ["NaN", "x", "true", "-Infinity", "", "false", "1.5", "z", ""]);
  const [, column, operator] = [...frame.querySelectorAll(".lichen-transform-bar select")] as unknown as HTMLSelectElement[];
  column!.value = "f";
  operator!.value = ">";
  $(frame, "input[aria-label=Value]").value = "1";
  p.fire($(frame, ".lichen-transform-bar button"), "click");
  assert.deepEqual(p.sent[1], ["id-dataframe", [{ type: "filter_rows", column: "f", operator: ">", value: 1 }]]);
});

test("a dataframe adds and removes transforms step by step", (t) => {
  assert.equal(describeTransform({ type: "filter_rows", column: "a", operator: ">", value: 1 }), "filter a > 1");
  const p = page(t);
  const root = p.draw(element("dataframe", [], { columns: ["a", "b"], rows: [[1, "x"], [2, "y"]], total_rows: 2, page_size: 5 }));
  const [kind, column, operator] = [...root.querySelectorAll(".lichen-transform-bar select")] as unknown as HTMLSelectElement[];
  column!.value = "a";
  operator!.value = ">=";
  $(root, "input[aria-label=Value]").value = "2";
  p.fire($(root, ".lichen-transform-bar button"), "click");
  kind!.value = "sort rows";
  p.fire(kind!, "change");
  (root.querySelector("select[aria-label=Order]") as HTMLSelectElement).value = "descending";
  p.fire($(root, ".lichen-transform-bar button"), "click");
  const filter = { type: "filter_rows", column: "a", operator: ">=", value: 2 };
  assert.deepEqual(p.sent, [["id-dataframe", [filter]], ["id-dataframe", [filter, { type: "sort_rows", column: "a", ascending: false }]]]);
  assert.deepEqual([...root.querySelectorAll(".lichen-transforms li")].map(text), ["filter a >= 2 ×", "sort by a descending ×"]);
  p.fire($(root, ".lichen-transforms li button"), "click");
  assert.deepEqual(p.sent[2], ["id-dataframe", [{ type: "sort_rows", column: "a", ascending: false }]]);
  assert.equal(root.querySelectorAll(".lichen-data-preview tbody tr").length, 2);
});

test("a data explorer sends the columns chosen for each encoding", (t) => {
  const p = page(t);
  const value = { x: "a", y: null, row: null, column: null, color: null, size: null, shape: null };
  const root = p.draw(element("data_explorer", value, { columns: ["a", "b"], encodings: ["x", "y", "row", "column", "color", "size", "shape"] }));
  const selects = [...root.querySelectorAll("select")] as unknown as HTMLSelectElement[];
  assert.equal(selects.length, 7);
  assert.equal(selects[0]!.value, "a");
  selects[1]!.value = "b";
  p.fire(selects[1]!, "change");
  assert.deepEqual(p.sent, [["id-data_explorer", { ...value, y: "b" }]]);
});
