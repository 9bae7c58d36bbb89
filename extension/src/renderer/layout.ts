// Nodes that arrange other nodes, and the ones that carry text: markdown and HTML (with slots
// filled by nodes), text, MIME bundles, stack, tabs, accordion, callout, align, style.
import { chart, isChartMime } from "./charts";
import { dataTable } from "./dataTable";
import { h, htmlBox, type Env } from "./env";
import { latexHtml, typeset } from "./math";
import { drawDiagrams } from "./mermaid";
import type {
  AccordionNode,
  AlignNode,
  CalloutNode,
  MimeNode,
  StackNode,
  StyleNode,
  TabsNode,
  UiNode,
} from "./payload";
import { readSpec, TABLE_MIME } from "./tableFormat";

/** Markdown or HTML text, rendered, with each `<lichen-slot data-index=i>` replaced by `slots[i]` drawn. */
export function rich(text: string, slots: readonly UiNode[], env: Env, markdown: boolean): HTMLElement {
  const box = htmlBox(env, "div", markdown ? "lichen-markdown" : "lichen-html", markdown ? env.markdown.render(text) : text);
  fillSlots(box, slots, env);
  return finished(box, env);
}

/** `box` with its math typeset and its mermaid diagrams drawn, once their chunks have loaded
 * (`aria-busy` until then). */
export function finished(box: HTMLElement, env: Env): HTMLElement {
  if (box.querySelector("span.lichen-math, pre.mermaid") === null) {
    return box;
  }
  box.setAttribute("aria-busy", "true");
  void Promise.allSettled([typeset(box, env), drawDiagrams(box, env)]).then(() => box.removeAttribute("aria-busy"));
  return box;
}

/** Replaces the slot tags inside `root` by their nodes, drawn. */
export function fillSlots(root: Element, slots: readonly UiNode[], env: Env): void {
  for (const slot of Array.from(root.querySelectorAll("lichen-slot"))) {
    const node = slots[Number(slot.getAttribute("data-index"))];
    if (node === undefined) {
      slot.remove();
    } else {
      slot.replaceWith(env.draw(node, env));
    }
  }
}

export function text(value: string, env: Env): HTMLElement {
  return h(env, "span", { class: "lichen-text" }, value);
}

// The MIME type of a bundle drawn, richest first.
const MIME_ORDER = [
  TABLE_MIME,
  "text/html",
  "image/svg+xml",
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "text/markdown",
  "text/latex",
  "application/json",
  "text/plain",
];

/** The MIME type of `data` that `mime` draws: the richest it knows, else text/plain. */
export function chooseMime(data: Readonly<Record<string, string>>): string | undefined {
  const charted = Object.keys(data).find((mime) => isChartMime(mime) && typeof data[mime] === "string");
  return charted ?? MIME_ORDER.find((mime) => typeof data[mime] === "string");
}

/** Any other object in a layout: its MIME bundle, the richest item drawn. */
export function mime(node: MimeNode, env: Env): HTMLElement {
  const data = node.data ?? {};
  const chosen = chooseMime(data);
  const value = chosen === undefined ? "" : data[chosen]!;
  if (chosen !== undefined && isChartMime(chosen)) {
    return chart(chosen, value, env);
  }
  switch (chosen) {
    case TABLE_MIME:
      return dataTable(readSpec(JSON.parse(value)), env).root;
    case "text/html":
      return finished(htmlBox(env, "div", "lichen-html", value), env);
    case "image/svg+xml":
      return h(env, "img", { class: "lichen-image", alt: "", src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(value)}` });
    case "image/png":
    case "image/jpeg":
    case "image/gif":
    case "image/webp":
      return h(env, "img", { class: "lichen-image", alt: "", src: `data:${chosen};base64,${value.replace(/\s+/g, "")}` });
    case "text/markdown":
      return finished(htmlBox(env, "div", "lichen-markdown", env.markdown.render(value)), env);
    case "text/latex":
      return finished(htmlBox(env, "div", "lichen-markdown lichen-latex", latexHtml(value, env.markdown)), env);
    default:
      return h(env, "pre", { class: "lichen-pre" }, value);
  }
}

const JUSTIFY: Record<string, string> = {
  start: "flex-start",
  center: "center",
  end: "flex-end",
  "space-between": "space-between",
  "space-around": "space-around",
};
const ALIGN: Record<string, string> = { start: "flex-start", end: "flex-end", center: "center", stretch: "stretch" };

export function stack(node: StackNode, env: Env): HTMLElement {
  const box = h(env, "div", { class: `lichen-stack lichen-${node.direction === "row" ? "row" : "column"}` });
  box.style.justifyContent = JUSTIFY[node.justify] ?? "flex-start";
  if (node.align) {
    box.style.alignItems = ALIGN[node.align] ?? "";
  }
  box.style.flexWrap = node.wrap ? "wrap" : "nowrap";
  box.style.gap = `${Number.isFinite(node.gap) ? node.gap : 0.5}rem`;
  (node.children ?? []).forEach((child, i) => {
    const item = h(env, "div", { class: "lichen-stack-item" }, env.draw(child, env));
    const size = node.sizes === "equal" ? 1 : Array.isArray(node.sizes) ? node.sizes[i] : undefined;
    if (size !== undefined) {
      item.style.flex = `${size} 1 0`;
      item.style.minWidth = "0";
    }
    box.append(item);
  });
  return box;
}

/**
 * Tabs: a tab list (arrow keys, Home and End move between tabs, as ARIA's tabs pattern has it)
 * over one panel per tab. `chosen` is called when the user shows another tab.
 */
export function tabsWidget(
  env: Env,
  labels: readonly string[],
  panels: readonly HTMLElement[],
  selected: number,
  chosen?: (index: number) => void,
): { root: HTMLElement; select: (index: number) => void } {
  const base = env.uid("tabs");
  const list = h(env, "div", { class: "lichen-tablist", role: "tablist" });
  const tabs = labels.map((label, i) =>
    h(env, "button", { type: "button", role: "tab", id: `${base}-tab-${i}`, "aria-controls": `${base}-panel-${i}`, class: "lichen-tab" }, label),
  );
  const wrapped = panels.map((panel, i) =>
    h(env, "div", { role: "tabpanel", id: `${base}-panel-${i}`, "aria-labelledby": `${base}-tab-${i}`, class: "lichen-tabpanel" }, panel),
  );
  const select = (index: number): void => {
    tabs.forEach((tab, i) => {
      tab.setAttribute("aria-selected", String(i === index));
      tab.tabIndex = i === index ? 0 : -1;
    });
    wrapped.forEach((panel, i) => {
      panel.hidden = i !== index;
    });
  };
  tabs.forEach((tab, i) => {
    tab.addEventListener("click", () => {
      select(i);
      chosen?.(i);
    });
    tab.addEventListener("keydown", (event) => {
      const key = (event as KeyboardEvent).key;
      const last = tabs.length - 1;
      const to = key === "ArrowRight" ? (i === last ? 0 : i + 1) : key === "ArrowLeft" ? (i === 0 ? last : i - 1) : key === "Home" ? 0 : key === "End" ? last : -1;
      if (to >= 0) {
        event.preventDefault();
        tabs[to]!.focus();
        select(to);
        chosen?.(to);
      }
    });
  });
  list.append(...tabs);
  select(Math.min(Math.max(0, selected), Math.max(0, labels.length - 1)));
  return { root: h(env, "div", { class: "lichen-tabs" }, list, ...wrapped), select };
}

export function tabs(node: TabsNode, env: Env): HTMLElement {
  const panels = (node.children ?? []).map((child) => env.draw(child, env));
  return tabsWidget(env, node.labels ?? [], panels, node.selected ?? 0).root;
}

/** Collapsible sections (native `details`); unless `multiple`, opening one closes the others. */
export function accordion(node: AccordionNode, env: Env): HTMLElement {
  const open = new Set(node.expanded ?? []);
  const sections = (node.children ?? []).map((child, i) =>
    h(
      env,
      "details",
      { class: "lichen-section", open: open.has(i) },
      h(env, "summary", {}, node.labels?.[i] ?? ""),
      h(env, "div", { class: "lichen-section-body" }, env.draw(child, env)),
    ),
  );
  if (!node.multiple) {
    for (const section of sections) {
      section.addEventListener("toggle", () => {
        if (section.open) {
          sections.filter((s) => s !== section).forEach((s) => (s.open = false));
        }
      });
    }
  }
  return h(env, "div", { class: "lichen-accordion" }, ...sections);
}

export function callout(node: CalloutNode, env: Env): HTMLElement {
  const box = h(env, "div", { class: `lichen-callout lichen-callout-${node.kind}`, role: "note" });
  if (node.title) {
    box.append(h(env, "div", { class: "lichen-callout-title" }, node.title));
  }
  for (const child of node.children ?? []) {
    box.append(env.draw(child, env));
  }
  return box;
}

export function align(node: AlignNode, env: Env): HTMLElement {
  const box = h(env, "div", { class: "lichen-align" });
  box.style.justifyContent = { left: "flex-start", center: "center", right: "flex-end" }[node.justify] ?? "flex-start";
  for (const child of node.children ?? []) {
    box.append(env.draw(child, env));
  }
  return box;
}

export function style(node: StyleNode, env: Env): HTMLElement {
  const box = h(env, "div", { class: "lichen-style" });
  for (const [property, value] of Object.entries(node.style ?? {})) {
    box.style.setProperty(property, String(value));
  }
  for (const child of node.children ?? []) {
    box.append(env.draw(child, env));
  }
  return box;
}
