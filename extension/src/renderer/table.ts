// The table element: the interactive table of `dataTable.ts` with a selection on top (its raw
// value is the list of selected row positions in the data, whatever the order shown; props in
// the Python module `lichen.runtime.ui.table`). Each row has a check box (multi) or a radio
// button (single) in its first column, so selecting works from the keyboard; clicking anywhere
// else in a row toggles it too.
import { dataTable } from "./dataTable";
import { Binding, h, type Env } from "./env";
import { field } from "./fields";
import { boolProp, type ElementNode } from "./payload";
import { readSpec } from "./tableFormat";

export type Selection = "multi" | "single" | null;

/** The selection after the row at `index` is toggled: sorted positions, at most one for "single". */
export function toggleRow(selected: readonly number[], index: number, mode: Selection): number[] {
  if (mode === null) {
    return [];
  }
  const has = selected.includes(index);
  if (mode === "single") {
    return has ? [] : [index];
  }
  const next = has ? selected.filter((i) => i !== index) : [...selected, index];
  return [...new Set(next)].sort((a, b) => a - b);
}

/** The selection after "select all on this page" (the rows at `positions`) is ticked or cleared. */
export function selectPage(selected: readonly number[], positions: readonly number[], on: boolean): number[] {
  const rows = new Set(selected);
  for (const i of positions) {
    if (on) {
      rows.add(i);
    } else {
      rows.delete(i);
    }
  }
  return [...rows].sort((a, b) => a - b);
}

export function table(node: ElementNode, env: Env): HTMLElement {
  const spec = readSpec(node.props.table);
  const mode = spec.selection;
  let selected: number[] = [];
  const choose = (next: number[]): void => {
    show(next);
    binding.commit(next);
  };
  const drawn = dataTable(
    spec,
    env,
    mode === null
      ? undefined
      : {
          mode,
          selected: () => selected,
          toggle: (position) => choose(toggleRow(selected, position, mode)),
          setPage: (positions, on) => choose(selectPage(selected, positions, on)),
          focusKey: node.id,
          disabled: boolProp(node.props, "disabled"),
        },
  );
  if (node.label) {
    drawn.root.querySelector("table")?.setAttribute("aria-label", node.label);
  }
  const show = (value: unknown): void => {
    selected = Array.isArray(value) ? value.filter((i): i is number => typeof i === "number") : [];
    drawn.refresh();
  };
  const binding = new Binding(env, node.id, node.value, show);
  show(binding.value);
  return field({ ...node }, env, undefined, h(env, "div", { class: "lichen-table-body" }, drawn.root));
}
