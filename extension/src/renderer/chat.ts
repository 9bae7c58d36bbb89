// `chat`: the conversation so far, a box for the next message, and the notebook's suggested
// prompts. Sending appends the user's message to the conversation (the element's raw value);
// the kernel calls the notebook's model and sends the conversation back with its reply, which
// the store hands to this drawing. Raw value and props: the Python module `lichen.runtime.ui.chat`.
import { Binding, h, type Env } from "./env";
import { field, focusKey } from "./fields";
import { boolProp, isString, listProp, numberProp, type ElementNode } from "./payload";

interface Message {
  role: string;
  content: string;
}

const isMessage = (x: unknown): x is Message =>
  typeof x === "object" && x !== null && typeof (x as Message).role === "string" && typeof (x as Message).content === "string";

export function chat(node: ElementNode, env: Env): HTMLElement {
  const { props } = node;
  const log = h(env, "div", { class: "lichen-chat-log", role: "log", "aria-live": "polite" });
  const height = numberProp(props, "max_height");
  log.style.maxHeight = height !== null ? `${height}px` : "";
  const prompts = h(env, "div", { class: "lichen-chat-prompts" });
  const box = h(env, "textarea", { class: "lichen-chat-input", rows: 2, "aria-label": "Message", placeholder: "Type a message (Enter sends, Shift+Enter a new line)" });
  const send = h(env, "button", { type: "button", class: "lichen-button lichen-chat-send" }, "Send");
  focusKey(box, node.id);
  box.disabled = send.disabled = boolProp(props, "disabled");
  const conversation = (value: unknown): Message[] => (Array.isArray(value) ? value.filter(isMessage) : []);
  const show = (value: unknown): void => {
    const messages = conversation(value);
    log.replaceChildren(
      ...messages.map((m) => {
        const bubble = h(env, "div", { class: `lichen-chat-message lichen-chat-${m.role}` }, h(env, "span", { class: "lichen-chat-role" }, m.role));
        const text = h(env, "div", { class: "lichen-chat-text" });
        text.innerHTML = env.markdown.render(m.content);
        bubble.append(text);
        return bubble;
      }),
    );
    const waiting = messages.length > 0 && messages[messages.length - 1]!.role === "user";
    log.setAttribute("aria-busy", String(waiting));
    if (waiting) {
      log.append(h(env, "div", { class: "lichen-chat-message lichen-chat-waiting" }, "…"));
    }
    prompts.hidden = messages.length > 0;
    log.scrollTop = log.scrollHeight;
  };
  const binding = new Binding(env, node.id, node.value, show);
  show(binding.value);
  const say = (content: string): void => {
    if (content.trim() === "") {
      return;
    }
    const next = [...conversation(binding.value), { role: "user", content }];
    show(next);
    binding.commit(next);
    box.value = "";
  };
  send.addEventListener("click", () => say(box.value));
  box.addEventListener("keydown", (event) => {
    const e = event as KeyboardEvent;
    if (e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      say(box.value);
    }
  });
  for (const prompt of listProp(props, "prompts", isString)) {
    const b = h(env, "button", { type: "button", class: "lichen-button lichen-chat-prompt" }, prompt);
    b.addEventListener("click", () => say(prompt));
    prompts.append(b);
  }
  return field(node, env, undefined, h(env, "div", { class: "lichen-chat" }, log, prompts, h(env, "div", { class: "lichen-chat-compose" }, box, send)));
}
