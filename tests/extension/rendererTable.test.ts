// The interactive table of dataframe outputs (happy-dom): what it shows of a table payload, the
// queries its controls ask (page, page size, sort, search, summary), how it draws the answers,
// and how it becomes a snapshot when the kernel no longer holds the table.
import assert from "node:assert/strict";
import { test, type TestContext } from "node:test";
import { Window } from "happy-dom";
import { TableQueryError } from "../../extension/src/uiMessages";
import { drawNode } from "../../extension/src/renderer/draw";
import { createMarkdown } from "../../extension/src/renderer/markdown";
import {
  cellView,
  delimited,
  nextSort,
  rangeText,
  readSpec,
  summaryLines,
  TABLE_MIME,
} from "../../extension/src/renderer/tableFormat";
import { ValueStore } from "../../extension/src/renderer/values";

type Answer = (request: Record<string, unknown>) => unknown;

interface Shown {
  root: HTMLElement;
  asked: Record<string, unknown>[];
  window: Window;
  settle(): Promise<void>;
}

const SPEC = {
  version: 1,
  id: "t-1",
  columns: [
    { name: "city", dtype: "object", kind: "string" },
    { name: "people", dtype: "float64", kind: "number" },
  ],
  rows: 1234,
  partial: false,
  page_size: 10,
  page: {
    offset: 0,
    total: 1234,
    positions: [0, 1, 2],
    rows: [["Oslo", 709000.5], [null, { special: "NaN" }], ["Lima", null]],
  },
  selection: null,
};

function show(t: TestContext, spec: unknown, answer?: Answer): Shown {
  const window = new Window();
  t.after(() => window.happyDOM.close());
  const doc = window.document as unknown as Document;
  const asked: Record<string, unknown>[] = [];
  const query =
    answer === undefined
      ? undefined
      : (_id: string, request: unknown) => {
          asked.push(request as Record<string, unknown>);
          try {
            return Promise.resolve(answer(request as Record<string, unknown>));
          } catch (error) {
            return Promise.reject(error);
          }
        };
  const host = { doc, store: new ValueStore(), markdown: createMarkdown(), send: () => undefined, query };
  const drawn = drawNode({ type: "mime", data: { [TABLE_MIME]: JSON.stringify(spec) } }, host);
  doc.body.append(drawn.root);
  return { root: drawn.root, asked, window, settle: () => new Promise((resolve) => setTimeout(resolve, 0)) };
}

const $ = <T extends Element = HTMLElement>(root: Element, selector: string): T => {
  const found = root.querySelector(selector);
  assert.ok(found, `no ${selector} in ${root.outerHTML.slice(0, 400)}`);
  return found as unknown as T;
};
const texts = (root: Element, selector: string): string[] => [...root.querySelectorAll(selector)].map((e) => e.textContent ?? "");

function pageOf(offset: number, rows: unknown[][], total = 1234): unknown {
  return { offset, total, positions: rows.map((_, i) => offset + i), rows };
}

test("the first page shows dtypes, counts, formatted numbers and distinct missing values", (t) => {
  const { root } = show(t, SPEC, () => pageOf(0, []));
  assert.deepEqual(texts(root, ".lichen-column-name"), ["city", "people"]);
  assert.deepEqual(texts(root, ".lichen-dtype"), ["object", "float64"]);
  assert.equal($(root, ".lichen-table-counts").textContent, "1,234 rows × 2 columns");
  assert.equal($(root, ".lichen-table-status").textContent, "1–3 of 1,234");
  assert.equal($(root, ".lichen-page-text").textContent, "Page 1 of 124");
  const cells = [...root.querySelectorAll("tbody td")];
  assert.deepEqual(cells.map((c) => c.textContent), ["Oslo", "709,000.5", "null", "NaN", "Lima", "null"]);
  assert.ok(cells[1]!.classList.contains("lichen-number"));
  assert.ok(cells[2]!.classList.contains("lichen-null") && cells[3]!.classList.contains("lichen-special"));
  assert.ok(!cells[0]!.classList.contains("lichen-missing"));
  assert.equal($(root, ".lichen-table-note").hidden, true);
});

test("paging asks the kernel for the next page and draws its answer", async (t) => {
  const shown = show(t, SPEC, (q) => pageOf(q.offset as number, [["Rome", 1]]));
  const next = [...shown.root.querySelectorAll(".lichen-pager button")].find((b) => b.textContent === "Next") as HTMLButtonElement;
  next.click();
  await shown.settle();
  assert.deepEqual(shown.asked, [{ sort: [], search: "", offset: 10, limit: 10 }]);
  assert.deepEqual(texts(shown.root, "tbody td"), ["Rome", "1"]);
  assert.equal($(shown.root, ".lichen-page-text").textContent, "Page 2 of 124");
  const size = $<HTMLSelectElement>(shown.root, ".lichen-page-size");
  assert.deepEqual([...size.options].map((o) => o.value), ["10", "25", "50", "100"]);
  size.value = "25";
  size.dispatchEvent(new shown.window.Event("change") as unknown as Event);
  await shown.settle();
  assert.deepEqual(shown.asked.at(-1), { sort: [], search: "", offset: 0, limit: 25 });
});

test("a header click sorts ascending, then descending, then not", async (t) => {
  const shown = show(t, SPEC, () => pageOf(0, [["x", 1]]));
  const th = () => shown.root.querySelectorAll("thead th")[1]!;
  const sort = $<HTMLButtonElement>(th(), ".lichen-sort");
  for (const expected of ["ascending", "descending", "none"]) {
    sort.click();
    await shown.settle();
    assert.equal(th().getAttribute("aria-sort"), expected);
  }
  assert.deepEqual(shown.asked.map((q) => q.sort), [
    [{ column: "people", descending: false }],
    [{ column: "people", descending: true }],
    [],
  ]);
});

test("typing in the search box asks once, after a pause", async (t) => {
  const shown = show(t, SPEC, () => pageOf(0, [["Oslo", 1]], 1));
  const box = $<HTMLInputElement>(shown.root, ".lichen-table-search");
  for (const text of ["o", "os", "osl"]) {
    box.value = text;
    box.dispatchEvent(new shown.window.Event("input") as unknown as Event);
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.deepEqual(shown.asked, [{ sort: [], search: "osl", offset: 0, limit: 10 }]);
  assert.match($(shown.root, ".lichen-table-status").textContent!, /1–1 of 1 matching “osl”/);
});

test("a column's menu shows its summary", async (t) => {
  const shown = show(t, SPEC, () => ({ column: "people", kind: "number", count: 1234, nulls: 2, min: 1, max: 9, mean: 4.5 }));
  $<HTMLButtonElement>(shown.root, "[aria-label='Summary of people']").click();
  await shown.settle();
  assert.deepEqual(shown.asked, [{ summary: "people" }]);
  const summary = $(shown.root, ".lichen-table-summary");
  assert.equal(summary.hidden, false);
  assert.match(summary.textContent!, /1,234 values, 2 null.*min 1.*max 9.*mean 4\.5/);
});

test("when the kernel no longer holds the table, the page stays and says it is a snapshot", async (t) => {
  const shown = show(t, SPEC, () => {
    throw new TableQueryError("no table 't-1'", true);
  });
  $<HTMLButtonElement>(shown.root, ".lichen-sort").click();
  await shown.settle();
  assert.equal(texts(shown.root, "tbody tr").length, 3);
  const note = $(shown.root, ".lichen-table-note");
  assert.equal(note.hidden, false);
  assert.match(note.textContent!, /snapshot.*Run the cell again/);
});

test("a failed query that is not a lost table says what the kernel said", async (t) => {
  const shown = show(t, SPEC, () => {
    throw new TableQueryError("ValueError: bad", false);
  });
  $<HTMLButtonElement>(shown.root, ".lichen-sort").click();
  await shown.settle();
  assert.match($(shown.root, ".lichen-table-note").textContent!, /could not answer: ValueError: bad/);
});

test("a table nothing answers for keeps its rows, with the controls off", (t) => {
  const { root } = show(t, { ...SPEC, id: null }, () => pageOf(0, []));
  assert.equal($<HTMLInputElement>(root, ".lichen-table-search").disabled, true);
  assert.equal($<HTMLButtonElement>(root, ".lichen-sort").disabled, true);
  assert.match($(root, ".lichen-table-note").textContent!, /snapshot/);
});

// --- the pure parts ------------------------------------------------------------------------------

test("table formatting, sort cycle, copies and payload checks", () => {
  assert.deepEqual(nextSort([], "a"), [{ column: "a", descending: false }]);
  assert.deepEqual(nextSort([{ column: "a", descending: false }], "a"), [{ column: "a", descending: true }]);
  assert.deepEqual(nextSort([{ column: "a", descending: true }], "a"), []);
  assert.deepEqual(nextSort([{ column: "a", descending: true }], "b"), [{ column: "b", descending: false }]);
  assert.deepEqual(cellView(1234567, "integer"), { text: "1,234,567", missing: null });
  assert.deepEqual(cellView(0.1234567891, "number"), { text: "0.123457", missing: null });
  assert.deepEqual(cellView(2024, "string"), { text: "2024", missing: null });
  assert.deepEqual(cellView({ special: "-Infinity" }, "number"), { text: "-Infinity", missing: "special" });
  const columns = readSpec(SPEC).columns;
  assert.equal(delimited(columns, [["a,b", 1], [null, { special: "NaN" }]], ","), 'city,people\n"a,b",1\n,NaN\n');
  assert.equal(delimited(columns, [["a\tb", 1.5]], "\t"), "city\tpeople\na b\t1.5\n");
  assert.equal(rangeText({ offset: 20, total: 25, positions: [], rows: [[], []] }), "21–22 of 25");
  assert.equal(rangeText({ offset: 0, total: 0, positions: [], rows: [] }), "no rows");
  assert.deepEqual(summaryLines({ count: 3, nulls: 0, unique: 2, top: [["x", 2], ["y", 1]] }), [
    "3 values, 0 null",
    "2 distinct",
    "x: 2",
    "y: 1",
  ]);
  assert.throws(() => readSpec({ version: 2 }), /version 2/);
  assert.throws(() => readSpec({ version: 1, page: {} }), /no rows/);
});
