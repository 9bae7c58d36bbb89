// The payload of `application/vnd.lichen.ui+json`, as the runtime writes it (its description is
// in the Python module `lichen.runtime.display`): `{version: 1, node}`, a tree of nodes.

export { UI_MIME } from "../../../shared-protocol/src/protocol";
export const VERSION = 1;

export type Props = Readonly<Record<string, unknown>>;

/** A UI element: `value` is its raw (JSON) value, `props` its options (per kind). */
export interface ElementNode {
  type: "element";
  id: string;
  kind: string;
  label: string;
  value: unknown;
  props: Props;
  children?: UiNode[];
}

/** Markdown (raw HTML allowed) whose `<lichen-slot data-index=i>` tags stand for `slots[i]`. */
export interface MarkdownNode {
  type: "markdown";
  text: string;
  slots: UiNode[];
}

export interface HtmlNode {
  type: "html";
  html: string;
  slots: UiNode[];
}

export interface TextNode {
  type: "text";
  text: string;
}

/** Any other object, as the MIME bundle of a cell output (binary types base64-encoded). */
export interface MimeNode {
  type: "mime";
  data: Readonly<Record<string, string>>;
}

export interface StackNode {
  type: "stack";
  direction: "row" | "column";
  children: UiNode[];
  justify: string;
  align: string | null;
  wrap: boolean;
  gap: number;
  sizes: number[] | "equal" | null;
}

export interface TabsNode {
  type: "tabs";
  labels: string[];
  children: UiNode[];
  selected: number;
}

export interface AccordionNode {
  type: "accordion";
  labels: string[];
  children: UiNode[];
  multiple: boolean;
  expanded: number[];
}

export interface CalloutNode {
  type: "callout";
  kind: "neutral" | "info" | "success" | "warn" | "danger";
  title: string | null;
  children: UiNode[];
}

export interface AlignNode {
  type: "align";
  justify: "left" | "center" | "right";
  children: UiNode[];
}

export interface StyleNode {
  type: "style";
  style: Readonly<Record<string, string>>;
  children: UiNode[];
}

/** A progress bar of `mo.status.progress_bar`: `value` of `total` (null: unknown). */
export interface ProgressNode {
  type: "progress";
  title: string | null;
  subtitle: string | null;
  value: number;
  total: number | null;
  rate: number | null; // items per second
  eta: number | null; // seconds
  done: boolean;
}

/** A spinner of `mo.status.spinner`. */
export interface SpinnerNode {
  type: "spinner";
  title: string | null;
  subtitle: string | null;
}

export type UiNode =
  | ElementNode
  | ProgressNode
  | SpinnerNode
  | MarkdownNode
  | HtmlNode
  | TextNode
  | MimeNode
  | StackNode
  | TabsNode
  | AccordionNode
  | CalloutNode
  | AlignNode
  | StyleNode;

export interface Payload {
  version: number;
  node: UiNode;
}

/** The payload in `text`; throws an Error saying what is wrong with it. */
export function parsePayload(text: string): Payload {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`the output is not JSON (${(error as Error).message})`);
  }
  if (typeof data !== "object" || data === null) {
    throw new Error("the output is not a JSON object");
  }
  const { version, node } = data as { version?: unknown; node?: unknown };
  if (version !== VERSION) {
    throw new Error(
      `the output has version ${JSON.stringify(version)}, and this Lichen draws version ${VERSION}: ` +
        "use the same version of Lichen in the kernel and in VS Code",
    );
  }
  if (!isNode(node)) {
    throw new Error("the output has no node to draw");
  }
  return { version, node };
}

export function isNode(value: unknown): value is UiNode {
  return typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string";
}

/** The nodes a node draws inside itself (slots of markdown and HTML, children of the rest). */
export function childNodes(node: UiNode): UiNode[] {
  if (node.type === "markdown" || node.type === "html") {
    return node.slots ?? [];
  }
  if (node.type === "text" || node.type === "mime" || node.type === "progress" || node.type === "spinner") {
    return [];
  }
  return node.children ?? [];
}

/** Every element in the tree, outermost first. */
export function elementsOf(node: UiNode): ElementNode[] {
  const found: ElementNode[] = [];
  const visit = (n: UiNode): void => {
    if (n.type === "element") {
      found.push(n);
    }
    childNodes(n).forEach(visit);
  };
  visit(node);
  return found;
}

// --- reading props ---------------------------------------------------------------------------------

export function numberProp(props: Props, name: string): number | null {
  const value = props[name];
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

export function stringProp(props: Props, name: string): string | null {
  const value = props[name];
  return typeof value === "string" ? value : null;
}

export function boolProp(props: Props, name: string): boolean {
  return props[name] === true;
}

export function listProp<T>(props: Props, name: string, check: (item: unknown) => item is T): T[] {
  const value = props[name];
  return Array.isArray(value) ? value.filter(check) : [];
}

export const isString = (x: unknown): x is string => typeof x === "string";
export const isNumber = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);
