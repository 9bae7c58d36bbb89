"""The rich output of markdown, layouts and UI elements: the `application/vnd.lichen.ui+json` MIME.

A cell whose output is a UI element, a layout, or markdown/HTML with elements interpolated
gets a MIME bundle with three items:

- `application/vnd.lichen.ui+json`: the payload the notebook renderer draws (below);
- `text/plain`: a readable fallback (what `lichen run` prints);
- `text/markdown` (markdown) or `text/html` (HTML): the text with each interpolated object replaced
  by its plain text, for viewers without the renderer.

Markdown and HTML without interpolated objects keep their plain `text/markdown` / `text/html`
bundle, which VS Code draws natively.

The payload, JSON: `{"version": 1, "node": NODE}`. A NODE is an object whose "type" is one of:

- "element": a UI element.
  `{"type": "element", "id": str, "kind": str, "label": str, "value": RAW, "props": {...},
  "children": [NODE, ...]}`. `id` is the element's id: the renderer sends it back with a new
  RAW value (`Session.set_ui_value(id, raw)`, the daemon's `lichen/setUiValue`). `value` is the
  element's current value in its raw (JSON) form; `kind` and `props` are listed in
  `lichen.runtime.ui` (slider: start, stop, step, ...); `children` are set for composite kinds
  (form, array, dictionary, batch, tabs) only. `label` is markdown (may be empty).
- "markdown": `{"type": "markdown", "text": str, "slots": [NODE, ...]}`. The text is markdown
  (raw HTML allowed) in which `<lichen-slot data-index="i"></lichen-slot>` marks where
  `slots[i]` is drawn: render the markdown, then hydrate each slot with its node.
- "html": `{"type": "html", "html": str, "slots": [NODE, ...]}`: the same with HTML text.
- "text": `{"type": "text", "text": str}`: plain text (a string placed in a layout).
- "mime": `{"type": "mime", "data": {mimetype: str}}`: any other object, as the MIME bundle a
  cell output of it would have (binary types base64-encoded).
- "stack": `{"type": "stack", "direction": "row" | "column", "children": [NODE, ...],
  "justify": str, "align": str | null, "wrap": bool, "gap": float (rem),
  "sizes": [float, ...] | "equal" | null}` (hstack, vstack).
- "tabs": `{"type": "tabs", "labels": [str, ...], "children": [NODE, ...], "selected": int}`.
- "accordion": `{"type": "accordion", "labels": [str, ...], "children": [NODE, ...],
  "multiple": bool, "expanded": [int, ...]}`.
- "callout": `{"type": "callout", "kind": "neutral" | "info" | "success" | "warn" | "danger",
  "title": str | null, "children": [NODE]}`.
- "align": `{"type": "align", "justify": "left" | "center" | "right", "children": [NODE]}`.
- "style": `{"type": "style", "style": {css-property: str}, "children": [NODE]}`.
- "progress", "spinner": progress bars and spinners (`lichen.runtime.status`).
- "json", "tree", "stat", "icon", "nav", "sidebar", "carousel", "iframe": the presentation
  nodes of `lichen.runtime.presentation`, described there.

The same element may appear in several outputs (the cell that defines it, markdown that
interpolates it), and an output is not rewritten when its element's value changes: every display
of an id should show one value, the last one sent for that id (or, before any, the payload's),
including when an old output is drawn again.

Interpolation: `str()` of a layout or element (as an f-string in `md(f"...{slider}...")` calls
it) is an `<lichen-ui data-node="...">` tag carrying the node as escaped JSON; `md` and `Html`
turn those tags into slots when they build their payload.
"""

from __future__ import annotations

import re
import sys
from typing import Any

from lichen.protocol import UI_MIME as MIME
from lichen.runtime.mime import mime_bundle

VERSION = 1
_MIME_LIMIT = 4_000_000  # characters per MIME value of an object placed in a layout

_TAG = re.compile(r'<lichen-ui data-node="([^"]*)"></lichen-ui>')
_KINDS_WITH_TEXT = {"markdown": "text", "html": "html"}
_KINDS_WITH_PLAIN = {"icon": "name", "stat": "plain", "tree": "plain", "json": "plain"}


def payload(node: dict[str, Any]) -> str:
    """The JSON text of the MIME item for `node`."""
    import json  # here and below: json and html are not needed to start a kernel

    return json.dumps({"version": VERSION, "node": node}, separators=(",", ":"), default=str)


def bundle(node: dict[str, Any], **extra: str) -> dict[str, str]:
    """A cell output for `node`: the payload, its plain text, and `extra` items."""
    return {MIME: payload(node), "text/plain": plain(node), **extra}


def node_of(value: Any) -> dict[str, Any]:
    """The node drawing `value`: its own node if it has one, else text or its MIME bundle."""
    if "anywidget" in sys.modules:  # a bare anywidget (in a layout) shows as `ui.anywidget`
        from lichen.runtime.ui.widget import as_element

        value = as_element(value)
    own = getattr(value, "_lichen_node_", None)
    if own is not None and not isinstance(value, type):
        return own()
    if isinstance(value, str):
        return {"type": "text", "text": value}
    if holds_nodes(value):
        return _container(value)
    return {"type": "mime", "data": mime_bundle(value, _MIME_LIMIT) or {"text/plain": ""}}


def holds_nodes(value: Any) -> bool:
    """Whether `value` is a list, tuple or dict with an item that draws its own node (a cell
    ending in `slider, text` shows both elements, not their reprs)."""
    if type(value) is dict:
        value = value.values()
    elif type(value) not in (list, tuple):
        return False
    return any(hasattr(item, "_lichen_node_") and not isinstance(item, type) for item in value)


def _container(value: Any) -> dict[str, Any]:
    if type(value) is dict:
        rows = [_stack("row", [{"type": "text", "text": f"{key}:"}, node_of(item)])
                for key, item in value.items()]
        return _stack("column", rows)
    return _stack("row", [node_of(item) for item in value])


def _stack(direction: str, children: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "stack", "direction": direction, "justify": "start", "align": None,
            "wrap": direction == "row", "gap": 0.5, "sizes": None, "children": children}


def embed(node: dict[str, Any]) -> str:
    """The tag standing for `node` inside markdown or HTML text."""
    import html
    import json

    text = json.dumps(node, separators=(",", ":"), default=str)
    return f'<lichen-ui data-node="{html.escape(text, quote=True)}"></lichen-ui>'


def has_embeds(text: str) -> bool:
    return "<lichen-ui " in text


def slots(text: str) -> tuple[str, list[dict[str, Any]]]:
    """`text` with each embedded node replaced by a slot marker, and the nodes in slot order."""
    found: list[dict[str, Any]] = []
    if not has_embeds(text):
        return text, found

    def mark(match: re.Match) -> str:
        found.append(_decode(match.group(1)))
        return f'<lichen-slot data-index="{len(found) - 1}"></lichen-slot>'

    return _TAG.sub(mark, text), found


def flatten(text: str) -> str:
    """`text` with each embedded node replaced by its plain text."""
    return _TAG.sub(lambda m: plain(_decode(m.group(1))), text)


def _decode(attribute: str) -> dict[str, Any]:
    import html
    import json

    return json.loads(html.unescape(attribute))


def plain(node: dict[str, Any]) -> str:
    """A node as plain text."""
    kind = node.get("type")
    children = node.get("children") or []
    if kind == "element":
        return _plain_element(node)
    if kind in _KINDS_WITH_TEXT:
        text = node[_KINDS_WITH_TEXT[kind]]
        nodes = node.get("slots") or []
        return re.sub(r'<lichen-slot data-index="(\d+)"></lichen-slot>',
                      lambda m: plain(nodes[int(m.group(1))]), text)
    if kind == "text":
        return node["text"]
    if kind == "mime":
        data = node.get("data") or {}
        return data.get("text/plain") or f"[{next(iter(data), 'empty')} output]"
    if kind in ("tabs", "accordion"):
        return "\n".join(f"{label}:\n{plain(child)}"
                         for label, child in zip(node.get("labels", ()), children))
    if kind == "progress":
        total = node.get("total")
        count = f"{node['value']}/{total}" if total is not None else str(node["value"])
        return f"{node.get('title') or 'progress'}: {count}"
    if kind == "spinner":
        return f"{node.get('title') or ''} ...".strip()
    if kind in _KINDS_WITH_PLAIN:
        return node[_KINDS_WITH_PLAIN[kind]]
    if kind == "callout" and node.get("title"):
        return "\n".join([node["title"], *map(plain, children)])
    separator = " " if kind == "stack" and node.get("direction") == "row" else "\n"
    return separator.join(plain(child) for child in children)


def _plain_element(node: dict[str, Any]) -> str:
    label = f"{node['label'].strip()} " if node.get("label") else ""
    children = node.get("children") or []
    if children and node.get("kind") != "form":
        inner = ", ".join(plain(child) for child in children)
        return f"{label}[{node['kind']}: {inner}]"
    import json

    value = json.dumps(node.get("value"), default=str, ensure_ascii=False)
    return f"{label}[{node['kind']}: {value}]"
