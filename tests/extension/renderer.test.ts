// The UI renderer's drawing functions: payload nodes in, DOM out (in happy-dom), values sent as
// the user interacts, one value per element id across displays.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Window } from "happy-dom";
import { collect } from "../../extension/src/renderer/composites";
import { ELEMENT_KINDS } from "../../extension/src/renderer/draw";
import { parseNumber } from "../../extension/src/renderer/inputs";
import { chooseMime } from "../../extension/src/renderer/layout";
import { elementsOf, parsePayload, UI_MIME, type UiNode } from "../../extension/src/renderer/payload";
import { sliderScale } from "../../extension/src/renderer/sliders";
import { selectPage, toggleRow } from "../../extension/src/renderer/table";
import { ValueStore } from "../../extension/src/renderer/values";
import { $, element, page } from "./rendererPage";

// --- the payload ---------------------------------------------------------------------------------

test("a payload of another version is refused with what to do", () => {
  assert.throws(() => parsePayload('{"version": 2, "node": {"type": "text", "text": ""}}'), /version 2.*same version of Lichen/);
  assert.throws(() => parsePayload("not json"), /not JSON/);
  assert.throws(() => parsePayload('{"version": 1}'), /no node/);
  assert.equal(parsePayload('{"version": 1, "node": {"type": "text", "text": "x"}}').node.type, "text");
});

test("every element kind of the runtime has a drawing of its own", () => {
  const kinds = ["slider", "number", "text", "text_area", "checkbox", "switch", "dropdown", "radio", "multiselect",
    "button", "run_button", "date", "range_slider", "table", "form", "array", "dictionary", "batch", "tabs",
    "datetime", "date_range", "code_editor", "matrix", "file", "file_browser", "refresh", "microphone", "chat",
    "data_editor", "dataframe", "data_explorer", "anywidget", "altair_chart", "plotly"];
  assert.deepEqual([...kinds].sort(), [...ELEMENT_KINDS].sort());
});

test("elementsOf finds elements in slots and children", () => {
  const inner = element("slider", 1);
  const node: UiNode = { type: "stack", direction: "row", justify: "start", align: null, wrap: false, gap: 0.5, sizes: null,
    children: [{ type: "markdown", text: "", slots: [inner] }, { type: "text", text: "x" }] };
  assert.deepEqual(elementsOf(node), [inner]);
});

// --- sliders -------------------------------------------------------------------------------------

test("a slider shows its payload's value, is labelled, and sends each value as it moves", (t) => {
  const p = page(t);
  const root = p.draw(element("slider", 3, { start: 0, stop: 10, step: 1, show_value: true }, { label: "**size**" }));
  const input = $(root, "input[type=range]");
  assert.equal(input.value, "3");
  assert.equal(input.min, "0");
  assert.equal(input.max, "10");
  const label = $<HTMLLabelElement>(root, "label");
  assert.equal(label.getAttribute("for"), input.id);
  assert.equal(label.innerHTML, "<strong>size</strong>");
  assert.equal($(root, "output").textContent, "3");
  input.value = "4";
  p.fire(input, "input");
  input.value = "5";
  p.fire(input, "input");
  p.fire(input, "change");
  assert.deepEqual(p.sent, [["id-slider", 4], ["id-slider", 5]]);
  assert.equal($(root, "output").textContent, "5");
});

test("two displays of one element show one value, and a redrawn old output shows the newest", (t) => {
  const p = page(t);
  const node = element("slider", 3, { start: 0, stop: 10, step: 1 });
  const first = p.draw(node);
  const second = p.draw(node);
  $(first, "input").value = "7";
  p.fire($(first, "input"), "input");
  assert.equal($(second, "input").value, "7");
  assert.equal($(p.draw(node), "input").value, "7");
  assert.deepEqual(p.sent, [["id-slider", 7]]);
});

test("a debounced slider sends when let go, not while it moves", (t) => {
  const p = page(t);
  const input = $(p.draw(element("slider", 0, { start: 0, stop: 10, step: 1, debounce: true })), "input");
  input.value = "2";
  p.fire(input, "input");
  assert.deepEqual(p.sent, []);
  p.fire(input, "change");
  assert.deepEqual(p.sent, [["id-slider", 2]]);
});

test("a slider over steps moves through their positions and sends the step's value", (t) => {
  const scale = sliderScale({ start: 1, stop: 100, step: null, steps: [1, 10, 100] });
  assert.deepEqual([scale.min, scale.max, scale.step], [0, 2, 1]);
  assert.equal(scale.toRaw("1"), 10);
  assert.equal(scale.toPosition(100), "2");
  const floats = sliderScale({ start: 0, stop: 1, step: 0.1, steps: null });
  assert.equal(floats.toRaw("0.30000000000000004"), 0.3);
  const p = page(t);
  const input = $(p.draw(element("slider", 10, { start: 1, stop: 100, step: 1, steps: [1, 10, 100] })), "input");
  assert.equal(input.value, "1");
  input.value = "2";
  p.fire(input, "input");
  assert.deepEqual(p.sent, [["id-slider", 100]]);
});

test("a slider with a number box follows what is typed in range", (t) => {
  const p = page(t);
  const root = p.draw(element("slider", 1, { start: 0, stop: 10, step: 1, include_input: true }));
  const box = $(root, "input[type=number]");
  assert.equal(box.value, "1");
  box.value = "42";
  p.fire(box, "input");
  assert.equal(box.getAttribute("aria-invalid"), "true");
  box.value = "6";
  p.fire(box, "input");
  assert.equal($(root, "input[type=range]").value, "6");
  assert.deepEqual(p.sent, [["id-slider", 6]]);
});

test("a range slider sends [low, high] and a thumb stops at the other one", (t) => {
  const p = page(t);
  const root = p.draw(element("range_slider", [2, 8], { start: 0, stop: 10, step: 1, show_value: true }, { label: "span" }));
  const [low, high] = [...root.querySelectorAll("input[type=range]")] as unknown as HTMLInputElement[];
  assert.equal(low!.getAttribute("aria-label"), "span: low end");
  low!.value = "3";
  p.fire(low!, "input");
  high!.value = "1";
  p.fire(high!, "input");
  assert.deepEqual(p.sent, [["id-range_slider", [3, 8]], ["id-range_slider", [3, 3]]]);
  assert.equal($(root, "output").textContent, "3 – 3");
});

// --- numbers, text, dates ------------------------------------------------------------------------

test("a number box sends numbers in range, null when emptied, nothing otherwise", (t) => {
  assert.equal(parseNumber("", 0, 1), null);
  assert.equal(parseNumber("abc", null, null), undefined);
  assert.equal(parseNumber("5", 0, 4), undefined);
  const p = page(t);
  const input = $(p.draw(element("number", 1, { start: 0, stop: 10, step: null })), "input");
  assert.equal(input.step, "any");
  input.value = "20";
  p.fire(input, "input");
  assert.equal(input.getAttribute("aria-invalid"), "true");
  input.value = "2.5";
  p.fire(input, "input");
  input.value = "";
  p.fire(input, "input");
  assert.deepEqual(p.sent, [["id-number", 2.5], ["id-number", null]]);
});

test("text sends on change or Enter by default, on every keystroke without debounce", (t) => {
  const p = page(t);
  const input = $(p.draw(element("text", "a", { placeholder: "name", input_kind: "email", max_length: 5, debounce: true })), "input");
  assert.equal(input.type, "email");
  assert.equal(input.placeholder, "name");
  assert.equal(input.maxLength, 5);
  input.value = "ab";
  p.fire(input, "input");
  assert.deepEqual(p.sent, []);
  p.fire(input, "keydown", { key: "Enter" });
  p.fire(input, "change");
  assert.deepEqual(p.sent, [["id-text", "ab"]]);

  const live = $(p.draw(element("text", "", { debounce: false }, { id: "live" })), "input");
  live.value = "x";
  p.fire(live, "input");
  assert.deepEqual(p.sent.at(-1), ["live", "x"]);
});

test("a text area has its rows, and Enter makes a new line rather than sending", (t) => {
  const p = page(t);
  const area = $<HTMLTextAreaElement>(p.draw(element("text_area", "", { rows: 6, debounce: true })), "textarea");
  assert.equal(area.getAttribute("rows"), "6");
  area.value = "line";
  p.fire(area, "keydown", { key: "Enter" });
  assert.deepEqual(p.sent, []);
  p.fire(area, "keydown", { key: "Enter", ctrlKey: true });
  assert.deepEqual(p.sent, [["id-text_area", "line"]]);
});

test("a date sends complete dates only, within its bounds", (t) => {
  const p = page(t);
  const input = $(p.draw(element("date", "2024-01-02", { start: "2024-01-01", stop: "2024-12-31" })), "input");
  assert.equal(input.min, "2024-01-01");
  assert.equal(input.value, "2024-01-02");
  input.value = "2024-03-04";
  p.fire(input, "input");
  p.fire(input, "change");
  assert.deepEqual(p.sent, [["id-date", "2024-03-04"]]);
});

// --- booleans and choices ------------------------------------------------------------------------

test("a checkbox and a switch send true or false; the switch says it is one", (t) => {
  const p = page(t);
  const box = $(p.draw(element("checkbox", false, {}, { label: "ok" })), "input");
  box.checked = true;
  p.fire(box, "change");
  const toggle = $(p.draw(element("switch", true)), "input");
  assert.equal(toggle.getAttribute("role"), "switch");
  assert.equal(toggle.getAttribute("aria-checked"), "true");
  toggle.checked = false;
  p.fire(toggle, "change");
  assert.deepEqual(p.sent, [["id-checkbox", true], ["id-switch", false]]);
});

test("a dropdown offers its options (and none when allowed) and sends the label chosen", (t) => {
  const p = page(t);
  const select = $<HTMLSelectElement>(p.draw(element("dropdown", null, { options: ["a", "b"], allow_select_none: true })), "select");
  assert.deepEqual([...select.options].map((o) => o.value), ["", "a", "b"]);
  assert.equal(select.value, "");
  select.value = "b";
  p.fire(select, "change");
  select.value = "";
  p.fire(select, "change");
  assert.deepEqual(p.sent, [["id-dropdown", "b"], ["id-dropdown", null]]);
  const strict = $<HTMLSelectElement>(p.draw(element("dropdown", "a", { options: ["a", "b"], allow_select_none: false }, { id: "s" })), "select");
  assert.deepEqual([...strict.options].map((o) => o.value), ["a", "b"]);
});

test("radio buttons form a labelled group and send the option chosen", (t) => {
  const p = page(t);
  const root = p.draw(element("radio", "b", { options: ["a", "b"], inline: true }, { label: "pick" }));
  const group = $(root, "[role=radiogroup]");
  assert.equal(p.doc.getElementById(group.getAttribute("aria-labelledby")!)?.textContent, "pick");
  const radios = [...root.querySelectorAll("input[type=radio]")] as unknown as HTMLInputElement[];
  assert.deepEqual(radios.map((r) => r.checked), [false, true]);
  radios[0]!.checked = true;
  p.fire(radios[0]!, "change");
  assert.deepEqual(p.sent, [["id-radio", "a"]]);
});

test("a multiselect sends the labels ticked, in option order, up to its maximum", (t) => {
  const p = page(t);
  const root = p.draw(element("multiselect", ["c"], { options: ["a", "b", "c"], max_selections: 2 }));
  const boxes = [...root.querySelectorAll("input[type=checkbox]")] as unknown as HTMLInputElement[];
  boxes[0]!.checked = true;
  p.fire(boxes[0]!, "change");
  assert.deepEqual(p.sent, [["id-multiselect", ["a", "c"]]]);
  assert.equal(boxes[1]!.disabled, true, "the third pick is refused before it is made");
});

test("a button sends one more click each time, and carries its kind and tooltip", (t) => {
  const p = page(t);
  const root = p.draw(element("button", 0, { button_kind: "danger", tooltip: "careful", disabled: false }, { label: "Go *now*" }));
  const button = $<HTMLButtonElement>(root, "button");
  assert.equal(button.innerHTML, "Go <em>now</em>");
  assert.equal(button.title, "careful");
  assert.ok(button.classList.contains("lichen-button-danger"));
  button.click();
  button.click();
  assert.deepEqual(p.sent, [["id-button", 1], ["id-button", 2]]);
});

// --- tables --------------------------------------------------------------------------------------

test("table selections are computed plainly", () => {
  assert.deepEqual(toggleRow([3, 1], 2, "multi"), [1, 2, 3]);
  assert.deepEqual(toggleRow([1, 2], 2, "multi"), [1]);
  assert.deepEqual(toggleRow([1], 2, "single"), [2]);
  assert.deepEqual(toggleRow([2], 2, "single"), []);
  assert.deepEqual(selectPage([0, 12], [10, 11, 12], true), [0, 10, 11, 12]);
  assert.deepEqual(selectPage([0, 12], [12, 11, 10], false), [0]);
});

// The table element's props, as `lichen.runtime.ui.table` writes them (no kernel: id null).
const TABLE = {
  table: {
    version: 1,
    id: null,
    columns: [
      { name: "name", dtype: "str", kind: "string" },
      { name: "size", dtype: "int64", kind: "integer" },
    ],
    rows: 3,
    partial: false,
    page_size: 3,
    page: { offset: 0, total: 3, positions: [0, 1, 2], rows: [["a", 1], ["b", 2], ["c", 3]] },
    selection: "multi",
  },
  selection: "multi",
  page_size: 3,
  pagination: false,
};

test("a table element shows its rows and sends the selected positions", (t) => {
  const p = page(t);
  const root = p.draw(element("table", [1], TABLE, { label: "things" }));
  const rows = () => [...root.querySelectorAll("tbody tr")] as unknown as HTMLElement[];
  assert.deepEqual(rows().map((r) => r.textContent), ["a1", "b2", "c3"]);
  assert.deepEqual(rows().map((r) => r.getAttribute("aria-selected")), ["false", "true", "false"]);
  assert.equal($(root, "table").getAttribute("aria-label"), "things");
  const box = $(rows()[0]!, "input[type=checkbox]");
  assert.equal(box.getAttribute("aria-label"), "Select row 1");
  box.checked = true;
  p.fire(box, "change");
  assert.deepEqual(p.sent, [["id-table", [0, 1]]]);
  rows()[2]!.querySelectorAll("td")[1]!.click(); // a click in the row selects it too
  assert.deepEqual(p.sent.at(-1), ["id-table", [0, 1, 2]]);
  assert.match($(root, ".lichen-table-status").textContent!, /3 selected/);
  // No kernel answers for it: the controls that ask one are off, and it says why.
  assert.equal($(root, ".lichen-table-search").disabled, true);
  assert.match($(root, ".lichen-table-note").textContent!, /snapshot/i);
});

test("a table with single selection has radio buttons; one without has none", (t) => {
  const p = page(t);
  const single = p.draw(element("table", [], { ...TABLE, table: { ...TABLE.table, selection: "single" } }));
  const radios = [...single.querySelectorAll("input[type=radio]")] as unknown as HTMLInputElement[];
  assert.equal(radios.length, 3);
  radios[2]!.checked = true;
  p.fire(radios[2]!, "change");
  radios[0]!.checked = true;
  p.fire(radios[0]!, "change");
  assert.deepEqual(p.sent, [["id-table", [2]], ["id-table", [0]]]);
  const plain = p.draw(element("table", [], { ...TABLE, table: { ...TABLE.table, selection: null } }, { id: "plain" }));
  assert.equal(plain.querySelectorAll("input[type=checkbox], input[type=radio]").length, 0);
});

// --- composites ----------------------------------------------------------------------------------

test("children of an array or a dictionary send their own values with their own ids", (t) => {
  const p = page(t);
  const a = element("slider", 1, { start: 0, stop: 5, step: 1 }, { id: "a" });
  const b = element("checkbox", false, {}, { id: "b" });
  const root = p.draw(element("dictionary", { x: 1, y: false }, { keys: ["x", "y"] }, { children: [a, b] }));
  assert.deepEqual([...root.querySelectorAll(".lichen-key")].map((k) => k.textContent), ["x", "y"]);
  const slider = $(root, "input[type=range]");
  slider.value = "2";
  p.fire(slider, "input");
  assert.deepEqual(p.sent, [["a", 2]]);
});

test("a form keeps its child's changes until submitted, then sends its own id", (t) => {
  const p = page(t);
  const child = element("text", "", { debounce: false }, { id: "name" });
  const root = p.draw(element("form", null, { bordered: true, submit_button_label: "Go", clear_on_submit: true }, { id: "f", children: [child] }));
  const input = $(root, "input");
  input.value = "Ada";
  p.fire(input, "input");
  assert.deepEqual(p.sent, []);
  const submit = $<HTMLButtonElement>(root, "button[type=submit]");
  assert.equal(submit.textContent, "Go");
  submit.click();
  assert.deepEqual(p.sent, [["f", "Ada"]]);
  assert.equal($(root, "input").value, "", "cleared on submit");
  p.store.problem("f", "Name: too short.");
  const problem = root.lastElementChild as HTMLElement;
  assert.equal(problem.className, "lichen-problem");
  assert.equal(problem.textContent, "Name: too short.");
  assert.equal(problem.hidden, false);
});

test("a form of a batch submits the batch's keys with the elements' values", (t) => {
  const p = page(t);
  const name = element("text", "", { debounce: false }, { id: "n" });
  const ok = element("checkbox", false, {}, { id: "o" });
  const batchNode = element("batch", { name: "", ok: false }, { keys: ["name", "ok"] }, {
    id: "batch",
    children: [{ type: "markdown", text: 'Name: <lichen-slot data-index="0"></lichen-slot> ok <lichen-slot data-index="1"></lichen-slot>', slots: [name, ok] }],
  });
  const root = p.draw(element("form", null, {}, { id: "f", children: [batchNode] }));
  const [text, box] = [...root.querySelectorAll("input")] as unknown as HTMLInputElement[];
  text!.value = "Bo";
  p.fire(text!, "input");
  box!.checked = true;
  p.fire(box!, "change");
  $<HTMLButtonElement>(root, "button[type=submit]").click();
  assert.deepEqual(p.sent, [["f", { name: "Bo", ok: true }]]);
  const local = new ValueStore();
  local.set("n", "x");
  assert.deepEqual(collect(element("array", [], {}, { children: [name, ok] }), local), ["x", false]);
});

test("a tabs element sends the label of the tab shown; arrow keys move between tabs", (t) => {
  const p = page(t);
  const root = p.draw(element("tabs", "two", { labels: ["one", "two"] }, {
    children: [{ type: "text", text: "first" }, { type: "text", text: "second" }],
  }));
  const tabs = [...root.querySelectorAll("[role=tab]")] as unknown as HTMLButtonElement[];
  const panels = [...root.querySelectorAll("[role=tabpanel]")] as unknown as HTMLElement[];
  assert.deepEqual(tabs.map((tab) => tab.getAttribute("aria-selected")), ["false", "true"]);
  assert.deepEqual(panels.map((panel) => panel.hidden), [true, false]);
  p.fire(tabs[1]!, "keydown", { key: "ArrowRight" });
  assert.deepEqual(panels.map((panel) => panel.hidden), [false, true]);
  tabs[1]!.click();
  assert.deepEqual(p.sent, [["id-tabs", "one"], ["id-tabs", "two"]]);
});

// --- text and layouts ----------------------------------------------------------------------------

test("markdown is rendered with its HTML, and each slot holds its node", (t) => {
  const p = page(t);
  const root = p.draw({
    type: "markdown",
    text: '# Title\n\nvalue is <b>bold</b> <lichen-slot data-index="0"></lichen-slot>',
    slots: [element("slider", 2, { start: 0, stop: 5, step: 1 })],
  });
  assert.equal($(root, "h1").textContent, "Title");
  assert.equal($(root, "p b").textContent, "bold");
  assert.equal($(root, "p input[type=range]").value, "2");
  assert.equal(root.querySelectorAll("lichen-slot").length, 0);
});

test("layouts: stack sizes, callout kind, alignment, style, accordion, mime", (t) => {
  const p = page(t);
  const text = (s: string): UiNode => ({ type: "text", text: s });
  const row = p.draw({ type: "stack", direction: "row", justify: "space-between", align: "center", wrap: true, gap: 1, sizes: [1, 2], children: [text("a"), text("b")] });
  assert.equal(row.style.justifyContent, "space-between");
  assert.equal(row.style.gap, "1rem");
  assert.deepEqual([...row.children].map((c) => (c as HTMLElement).style.flexGrow), ["1", "2"]);
  const note = p.draw({ type: "callout", kind: "warn", title: "Careful", children: [text("x")] });
  assert.ok(note.classList.contains("lichen-callout-warn"));
  assert.equal($(note, ".lichen-callout-title").textContent, "Careful");
  assert.equal(p.draw({ type: "align", justify: "right", children: [text("r")] }).style.justifyContent, "flex-end");
  assert.equal(p.draw({ type: "style", style: { "max-height": "30px" }, children: [text("s")] }).style.getPropertyValue("max-height"), "30px");
  const acc = p.draw({ type: "accordion", labels: ["A", "B"], multiple: false, expanded: [1], children: [text("a"), text("b")] });
  const sections = [...acc.querySelectorAll("details")] as unknown as HTMLDetailsElement[];
  assert.deepEqual(sections.map((s) => s.open), [false, true]);
  assert.equal($(acc, "summary").textContent, "A");
  const image = p.draw({ type: "mime", data: { "image/png": "iVBORw0KGgo=", "text/plain": "<Figure>" } });
  assert.equal(image.getAttribute("src"), "data:image/png;base64,iVBORw0KGgo=");
  assert.equal(chooseMime({ "text/plain": "x", "text/html": "<b>" }), "text/html");
  assert.equal(p.draw({ type: "mime", data: { "text/plain": "1 < 2" } }).textContent, "1 < 2");
});

test("an element kind this renderer does not know shows its value as text", (t) => {
  const p = page(t);
  assert.equal(p.draw(element("chart", [1, 2], {}, { label: "c" })).textContent, "c: [chart: [1,2]]");
});

test("a refusal is shown beside the element until its next value", (t) => {
  const p = page(t);
  const root = p.draw(element("number", 1, { start: 0, stop: 10, step: 1 }));
  const problem = $(root, ".lichen-problem");
  assert.equal(problem.hidden, true);
  p.store.problem("id-number", "Number: takes whole numbers, not 2.5.");
  assert.equal(problem.hidden, false);
  assert.equal(problem.getAttribute("role"), "alert");
  const input = $(root, "input");
  input.value = "3";
  p.fire(input, "input");
  assert.equal(problem.hidden, true);
});

test("a disposed drawing stops following the store", (t) => {
  const p = page(t);
  const node = element("slider", 1, { start: 0, stop: 10, step: 1 });
  const gone = p.drawing(node);
  gone.dispose();
  p.store.set("id-slider", 9);
  assert.equal($(gone.root, "input").value, "1");
});

// --- the renderer entry --------------------------------------------------------------------------

test("the renderer posts values, shows refusals, and hands focus to a redrawn output", async (t) => {
  const { activate } = await import("../../extension/src/renderer/index");
  const window = new Window();
  t.after(() => window.happyDOM.close());
  const doc = window.document as unknown as Document;
  const posted: unknown[] = [];
  let receive: ((message: unknown) => void) | undefined;
  const context = {
    postMessage: (message: unknown) => posted.push(message),
    onDidReceiveMessage: (listener: (message: unknown) => void) => {
      receive = listener;
      return { dispose: () => undefined };
    },
    setState: () => undefined,
    getState: () => undefined,
    getRenderer: async () => undefined,
    workspace: { isTrusted: true },
  };
  const api = (await activate(context)) as import("vscode-notebook-renderer").RendererApi;
  const item = (id: string, text: string) =>
    ({ id, mime: UI_MIME, text: () => text, metadata: {} }) as unknown as import("vscode-notebook-renderer").OutputItem;
  const slider = JSON.stringify({ version: 1, node: element("slider", 3, { start: 0, stop: 10, step: 1 }, { id: "s" }) });
  const output = (id: string, text = slider): ShadowRoot => {
    const host = doc.createElement("div");
    doc.body.append(host);
    void api.renderOutputItem(item(id, text), host, new AbortController().signal);
    return host.shadowRoot!;
  };

  const first = output("o1");
  assert.ok(first.querySelector("style")?.textContent?.includes("--vscode-foreground"));
  const input = first.querySelector("input[type=range]") as unknown as HTMLInputElement;
  input.value = "5";
  input.dispatchEvent(new window.Event("input", { bubbles: true }) as unknown as Event);
  assert.deepEqual(posted, [{ elementId: "s", value: 5 }]);

  receive!({ elementId: "s", refused: "Slider: no." });
  assert.equal(first.querySelector(".lichen-problem")?.textContent, "Slider: no.");

  input.focus();
  const second = output("o2"); // the same element in a newer output: it shows the value sent
  const newer = second.querySelector("input[type=range]") as unknown as HTMLInputElement;
  assert.equal(newer.value, "5");
  api.disposeOutputItem!("o1");
  assert.equal(second.activeElement, newer, "focus follows the control into the newer output");

  const broken = output("o3", '{"version": 9, "node": {"type": "text", "text": ""}}');
  assert.match(broken.querySelector("[role=alert]")?.textContent ?? "", /could not draw this output: the output has version 9/);
});
