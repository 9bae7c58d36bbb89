// Files: `file` (uploads from this machine: a button or a drop area, read in the webview and sent
// as base64) and `file_browser` (a choice among the entries of a directory the kernel listed).
// Raw values and props are described in the Python module `lichen.runtime.ui.files`.
import { Binding, h, type Env } from "./env";
import { field, focusKey } from "./fields";
import { boolProp, isString, listProp, numberProp, stringProp, type ElementNode } from "./payload";

/** What an upload sends of a file. */
export interface Upload {
  name: string;
  contents: string; // base64
}

interface FileLike {
  name: string;
  size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** Bytes as base64, in slices small enough for `String.fromCharCode`. */
export function toBase64(bytes: Uint8Array): string {
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(text);
}

/** Whether `file` is of one of `types` (".csv" suffixes, "text/csv" or "image/*" MIME types). */
export function accepted(file: { name: string; type?: string }, types: readonly string[]): boolean {
  if (types.length === 0) {
    return true;
  }
  const name = file.name.toLowerCase();
  const mime = (file.type ?? "").toLowerCase();
  return types.some((t) => {
    const type = t.toLowerCase();
    if (type.startsWith(".")) {
      return name.endsWith(type);
    }
    return type.endsWith("/*") ? mime.startsWith(type.slice(0, -1)) : mime === type;
  });
}

/** The files read for sending, or the reason they are not sent (too large, not of a type asked for). */
export async function readUploads(files: readonly FileLike[], types: readonly string[], maxSize: number | null): Promise<Upload[] | string> {
  for (const file of files) {
    if (maxSize !== null && file.size > maxSize) {
      return `${file.name} is larger than this element takes (${maxSize} bytes): choose a smaller file`;
    }
    if (!accepted(file, types)) {
      return `${file.name} is not of a type this element takes (${types.join(", ")})`;
    }
  }
  return Promise.all(files.map(async (file) => ({ name: file.name, contents: toBase64(new Uint8Array(await file.arrayBuffer())) })));
}

export function fileUpload(node: ElementNode, env: Env): HTMLElement {
  const { props } = node;
  const types = listProp(props, "filetypes", isString);
  const multiple = boolProp(props, "multiple");
  const area = stringProp(props, "file_kind") === "area";
  const id = env.uid("file");
  const input = h(env, "input", { type: "file", id, accept: types.length > 0 ? types.join(",") : undefined, multiple });
  focusKey(input, node.id);
  const names = h(env, "span", { class: "lichen-file-names", "aria-live": "polite" });
  const note = h(env, "div", { class: "lichen-problem", role: "alert", hidden: true });
  const show = (value: unknown): void => {
    const chosen = Array.isArray(value) ? value.map((f) => (f as { name?: unknown }).name).filter(isString) : [];
    names.textContent = chosen.length > 0 ? chosen.join(", ") : "no file chosen";
  };
  const binding = new Binding(env, node.id, node.value, show);
  show(binding.value);
  const take = async (files: readonly FileLike[]): Promise<void> => {
    const chosen = multiple ? files : files.slice(0, 1);
    if (chosen.length === 0) {
      return;
    }
    const read = await readUploads(chosen, types, numberProp(props, "max_size"));
    note.hidden = typeof read !== "string";
    note.textContent = typeof read === "string" ? read : "";
    if (typeof read !== "string") {
      show(read);
      binding.commit(read);
    }
  };
  input.addEventListener("change", () => void take([...(input.files ?? [])]));
  const control = area
    ? h(env, "label", { class: "lichen-drop-area", for: id }, multiple ? "Drop files here, or click to choose" : "Drop a file here, or click to choose", input)
    : h(env, "label", { class: "lichen-button lichen-file-button", for: id }, multiple ? "Upload files" : "Upload a file", input);
  if (area) {
    control.addEventListener("dragover", (event) => {
      event.preventDefault();
      control.classList.add("lichen-dragging");
    });
    control.addEventListener("dragleave", () => control.classList.remove("lichen-dragging"));
    control.addEventListener("drop", (event) => {
      event.preventDefault();
      control.classList.remove("lichen-dragging");
      void take([...((event as DragEvent).dataTransfer?.files ?? [])]);
    });
  }
  return field(node, env, undefined, h(env, "div", { class: "lichen-file" }, control, names), note);
}

// --- file_browser --------------------------------------------------------------------------------

interface Entry {
  name: string;
  path: string;
  is_directory: boolean;
}

const isEntry = (x: unknown): x is Entry =>
  typeof x === "object" && x !== null && typeof (x as Entry).name === "string" && typeof (x as Entry).path === "string";

export function fileBrowser(node: ElementNode, env: Env): HTMLElement {
  const { props } = node;
  const entries = listProp(props, "entries", isEntry);
  const multiple = boolProp(props, "multiple");
  const directories = stringProp(props, "selection_mode") === "directory";
  const name = env.uid("browser");
  const list = h(env, "ul", { class: "lichen-file-browser", role: "group" });
  const inputs: HTMLInputElement[] = [];
  entries.forEach((entry, i) => {
    const id = `${name}-${i}`;
    const selectable = entry.is_directory === directories;
    const input = h(env, "input", { type: multiple ? "checkbox" : "radio", id, name, value: entry.path, disabled: !selectable });
    focusKey(input, node.id, `entry-${i}`);
    inputs.push(input);
    list.append(
      h(env, "li", { class: entry.is_directory ? "lichen-directory" : "lichen-file-entry" }, input, h(env, "label", { for: id }, entry.is_directory ? `${entry.name}/` : entry.name)),
    );
  });
  const show = (value: unknown): void => {
    const chosen = new Set(Array.isArray(value) ? value : []);
    for (const input of inputs) {
      input.checked = chosen.has(input.value);
    }
  };
  const binding = new Binding(env, node.id, node.value, show);
  show(binding.value);
  for (const input of inputs) {
    input.addEventListener("change", () => binding.commit(inputs.filter((i) => i.checked).map((i) => i.value)));
  }
  const where = h(env, "div", { class: "lichen-file-path" }, stringProp(props, "path") ?? "");
  return field(node, env, undefined, where, entries.length > 0 ? list : h(env, "div", { class: "lichen-empty" }, "(empty directory)"));
}
