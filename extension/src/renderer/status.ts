// Progress bars and spinners of `mo.status` (nodes "progress" and "spinner", described in the
// Python module `lichen.runtime.status`). The kernel republishes the running cell's output as
// they change, so each drawing shows one moment; it is a live region, so screen readers hear
// the progress.
import { h, type Env } from "./env";
import { formatNumber } from "./fields";
import type { ProgressNode, SpinnerNode } from "./payload";

export function progress(node: ProgressNode, env: Env): HTMLElement {
  const total = typeof node.total === "number" ? node.total : null;
  const value = typeof node.value === "number" ? node.value : 0;
  const bar = h(env, "progress", { class: "lichen-progress-bar", max: total ?? undefined, value: total === null ? undefined : Math.min(value, total) });
  if (node.title) {
    bar.setAttribute("aria-label", node.title);
  }
  const counts = total === null ? formatNumber(value) : `${formatNumber(value)}/${formatNumber(total)}`;
  const facts = [counts, rateText(node.rate), etaText(node.eta, node.done)].filter((x) => x !== "");
  return h(
    env,
    "div",
    { class: `lichen-progress${node.done ? " lichen-done" : ""}`, role: "status" },
    node.title ? h(env, "div", { class: "lichen-status-title" }, node.title) : null,
    h(env, "div", { class: "lichen-progress-line" }, bar, h(env, "span", { class: "lichen-progress-facts" }, facts.join(" · "))),
    node.subtitle ? h(env, "div", { class: "lichen-status-subtitle" }, node.subtitle) : null,
  );
}

export function spinner(node: SpinnerNode, env: Env): HTMLElement {
  return h(
    env,
    "div",
    { class: "lichen-spinner", role: "status", "aria-busy": "true" },
    h(env, "span", { class: "lichen-spinner-wheel", "aria-hidden": "true" }),
    h(
      env,
      "span",
      { class: "lichen-spinner-text" },
      h(env, "span", { class: "lichen-status-title" }, node.title ?? "Loading…"),
      node.subtitle ? h(env, "span", { class: "lichen-status-subtitle" }, node.subtitle) : null,
    ),
  );
}

/** "12.5/s", or "" when the kernel sent no rate. */
export function rateText(rate: unknown): string {
  if (typeof rate !== "number" || !Number.isFinite(rate)) {
    return "";
  }
  return rate >= 1 ? `${formatNumber(Number(rate.toFixed(1)))}/s` : `${formatNumber(Number((1 / Math.max(rate, 1e-9)).toFixed(1)))} s each`;
}

/** "3 s left", "2 min 5 s left", or "" when done or unknown. */
export function etaText(eta: unknown, done: boolean): string {
  if (done || typeof eta !== "number" || !Number.isFinite(eta) || eta < 0) {
    return "";
  }
  const seconds = Math.round(eta);
  if (seconds < 60) {
    return `${seconds} s left`;
  }
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes} min ${seconds % 60} s left` : `${Math.floor(minutes / 60)} h ${minutes % 60} min left`;
}
