// Elements the browser feeds over time: `refresh` (a timer that adds a tick each interval, and
// on each click of its button) and `microphone` (a recording made with the browser's
// MediaRecorder, sent as base64). Raw values and props are described in the Python module
// `lichen.runtime.ui.live`. A webview may refuse the microphone: the element then says so.
import { Binding, h, type Env } from "./env";
import { field, focusKey } from "./fields";
import { toBase64 } from "./files";
import { isNumber, isString, listProp, numberProp, type ElementNode } from "./payload";

export function refresh(node: ElementNode, env: Env): HTMLElement {
  const { props } = node;
  const options = listProp(props, "options", isString);
  const seconds = listProp(props, "seconds", isNumber);
  const binding = new Binding(env, node.id, node.value, () => undefined);
  const tick = (): void => binding.commit((typeof binding.value === "number" ? binding.value : 0) + 1);
  const button = h(env, "button", { type: "button", class: "lichen-button lichen-refresh", title: "Refresh now", "aria-label": "Refresh now" }, "↻");
  focusKey(button, node.id);
  button.addEventListener("click", tick);
  let timer: ReturnType<typeof setInterval> | undefined;
  const every = (interval: number | null): void => {
    clearInterval(timer);
    timer = interval !== null && interval > 0 ? setInterval(tick, Math.max(interval * 1000, 100)) : undefined;
  };
  env.cleanup.push(() => clearInterval(timer));
  const first = numberProp(props, "default_seconds");
  every(first);
  let chooser: HTMLSelectElement | null = null;
  if (options.length > 0) {
    chooser = h(env, "select", { "aria-label": "Refresh interval" }, h(env, "option", { value: "" }, "off"));
    focusKey(chooser, node.id, "interval");
    options.forEach((option, i) => chooser!.append(h(env, "option", { value: String(seconds[i] ?? "") }, option)));
    chooser.value = first !== null ? String(first) : "";
    chooser.addEventListener("change", () => every(chooser!.value === "" ? null : Number(chooser!.value)));
  }
  return field(node, env, undefined, h(env, "span", { class: "lichen-refresh-box" }, button, chooser));
}

export function microphone(node: ElementNode, env: Env): HTMLElement {
  const binding = new Binding(env, node.id, node.value, () => undefined);
  const button = h(env, "button", { type: "button", class: "lichen-button lichen-record", "aria-pressed": "false" }, "● Record");
  focusKey(button, node.id);
  const state = h(env, "span", { class: "lichen-record-state", "aria-live": "polite" }, node.value === null ? "" : "recorded");
  const view = env.doc.defaultView as (Window & typeof globalThis) | null;
  let recorder: MediaRecorder | undefined;
  const stop = (): void => {
    recorder?.stop();
  };
  env.cleanup.push(stop);
  button.addEventListener("click", async () => {
    if (recorder?.state === "recording") {
      stop();
      return;
    }
    const media = view?.navigator.mediaDevices;
    if (media?.getUserMedia === undefined || view?.MediaRecorder === undefined) {
      state.textContent = "Recording is not available in this view (the browser gives it no microphone).";
      return;
    }
    try {
      const stream = await media.getUserMedia({ audio: true });
      const chunks: Blob[] = [];
      recorder = new view.MediaRecorder(stream);
      recorder.addEventListener("dataavailable", (e) => chunks.push(e.data));
      recorder.addEventListener("stop", async () => {
        stream.getTracks().forEach((t) => t.stop());
        button.textContent = "● Record";
        button.setAttribute("aria-pressed", "false");
        const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
        state.textContent = `recorded ${bytes.length} bytes`;
        binding.commit(toBase64(bytes));
      });
      recorder.start();
      button.textContent = "■ Stop";
      button.setAttribute("aria-pressed", "true");
      state.textContent = "recording…";
    } catch (error) {
      state.textContent = `The microphone was refused: ${error instanceof Error ? error.message : String(error)}`;
    }
  });
  return field(node, env, undefined, h(env, "span", { class: "lichen-microphone" }, button, state));
}
