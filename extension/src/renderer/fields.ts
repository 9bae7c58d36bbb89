// The frame every element is drawn in: its label, its controls, and a line for the kernel's
// refusals; plus the small helpers the element drawings share.
import { h, type Env } from "./env";
import { boolProp, type ElementNode, type Props } from "./payload";

/** A labelled element: the wrapper, its label and a line for the kernel's refusals. */
export function field(
  node: ElementNode,
  env: Env,
  controlId: string | undefined,
  ...controls: (Node | null)[]
): HTMLElement {
  const root = h(env, "div", {
    class: `lichen-element lichen-${node.kind}${boolProp(node.props, "full_width") ? " lichen-full-width" : ""}`,
    "data-element-id": node.id,
  });
  if (node.label) {
    const label = h(env, controlId ? "label" : "span", { class: "lichen-label", for: controlId });
    label.innerHTML = env.markdown.renderInline(node.label);
    root.append(label);
  }
  for (const control of controls) {
    if (control !== null) {
      root.append(control);
    }
  }
  root.append(problemLine(node.id, env));
  return root;
}

/** A line that shows why the kernel refused this element's last value, until the next one. */
export function problemLine(id: string, env: Env): HTMLElement {
  const line = h(env, "div", { class: "lichen-problem", role: "alert", hidden: true });
  env.cleanup.push(
    env.store.watchProblems(id, (message) => {
      line.textContent = message ?? "";
      line.hidden = message === undefined;
    }),
  );
  return line;
}

/** Marks the control for focus keeping: a redrawn output gives focus back to the same control. */
export function focusKey(el: HTMLElement, id: string, part = "main"): void {
  el.setAttribute("data-focus-key", `${id}:${part}`);
}

export function disable(el: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | HTMLButtonElement, props: Props): void {
  el.disabled = boolProp(props, "disabled");
}

/** A markdown label as plain text (for aria-label). */
export function plainLabel(label: string): string {
  return label.replace(/[*_`#>]/g, "").trim();
}

export function formatNumber(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(12)));
}
