"""Presentation helpers of marimo's API beyond the stacks: `center`, `left`, `right`, `style`,
`plain`, `plain_text`, `json`, `tree`, `iframe`, `stat`, `icon`, `nav_menu`, `sidebar`,
`carousel`, `lazy`, `routes`, `outline`, `show_code`, `doc`, `inspect`, `latex`,
`image_compare`.

Each returns an `Html` drawn from nodes the renderer already knows (HTML text with slots for
live elements, stacks, tabs, callouts), so every one shows in VS Code, in the web build and as
plain text in `lichen run`. What only marimo's own server can do is drawn inline instead:
a sidebar is a bordered box where it is shown, a carousel shows its slides as numbered tabs,
routes as tabs named by their paths, `lazy` draws its content at once. Icons need a network
icon set: offline they show their name (`lucide:leaf` as "leaf"), never an error.
"""

from __future__ import annotations

import html as _html
import json as _json
import sys
from typing import Any, Mapping, Sequence

from lichen.runtime import layout
from lichen.runtime.layout import Html, NodeHtml, as_html, tabs, vstack

__all__ = ["carousel", "center", "doc", "icon", "iframe", "image_compare", "inspect", "json",
           "latex", "lazy", "left", "nav_menu", "outline", "plain", "plain_text", "right",
           "routes", "show_code", "sidebar", "stat", "style", "tree"]


def _escape(text: Any) -> str:
    return _html.escape(str(text), quote=True)


def _piece(value: Any) -> str:
    """`value` as a piece of HTML text: Html as it is (live elements stay live), a string
    escaped, anything else as its drawing."""
    if isinstance(value, Html):
        return value.text
    if isinstance(value, str):
        return _escape(value)
    return as_html(value).text


def center(item: Any) -> Html:
    """`item`, centered horizontally."""
    return as_html(item).center()


def left(item: Any) -> Html:
    """`item`, left-aligned."""
    return as_html(item).left()


def right(item: Any) -> Html:
    """`item`, right-aligned."""
    return as_html(item).right()


def style(item: Any, style: Mapping[str, Any] | None = None, **kwargs: Any) -> Html:
    """`item` in a box with CSS `style` (keyword arguments too: `max_height="300px"`)."""
    return as_html(item).style(style, **kwargs)


def plain(value: Any) -> Html:
    """`value` drawn by its own representation, without rich formatting."""
    return _Plain(value)


class _Plain(NodeHtml):
    def __init__(self, value: Any):
        super().__init__()
        self._value = value

    def _lichen_node_(self) -> dict[str, Any]:
        from lichen.runtime.mime import mime_bundle

        data = mime_bundle(self._value, 4_000_000) or {"text/plain": ""}
        return {"type": "mime", "data": data}


def plain_text(text: str) -> Html:
    """`text` as preformatted, monospace text (no markdown)."""
    return Html(f'<pre class="lichen-plain-text">{_escape(text)}</pre>')


def json(data: Any, label: str | None = None) -> Html:
    """`data` (JSON, or a JSON string) shown as indented JSON."""
    if isinstance(data, (str, bytes)):
        try:
            data = _json.loads(data)
        except ValueError:
            pass
    text = _json.dumps(data, indent=2, default=str, ensure_ascii=False)
    head = f"<div><strong>{_escape(label)}</strong></div>" if label else ""
    return Html(f'{head}<pre class="lichen-json">{_escape(text)}</pre>')


def tree(items: Any, label: str | None = None) -> Html:
    """Nested lists, tuples and dicts as an expandable tree."""
    if not isinstance(items, (list, tuple, dict)):
        raise TypeError(f"tree takes a list, tuple or dict, not {type(items).__name__}")
    head = f"<div><strong>{_escape(label)}</strong></div>" if label else ""
    return Html(f'{head}<div class="lichen-tree">{_tree(items)}</div>')


def _tree(value: Any) -> str:
    if isinstance(value, dict):
        rows = [f"<li><details open><summary>{_escape(k)}</summary>{_tree(v)}</details></li>"
                if isinstance(v, (list, tuple, dict)) else
                f"<li>{_escape(k)}: {_piece(v)}</li>" for k, v in value.items()]
        return f"<ul>{''.join(rows)}</ul>"
    if isinstance(value, (list, tuple)):
        return f"<ul>{''.join(f'<li>{_tree(v)}</li>' for v in value)}</ul>"
    return _piece(value)


def iframe(html: str, width: str = "100%", height: str = "400px") -> Html:
    """An HTML document (a string) in an isolated frame."""
    return Html(f'<iframe srcdoc="{_escape(html)}" style="width: {_escape(width)}; '
                f'height: {_escape(height)}; border: 0"></iframe>')


def stat(value: Any, label: str | None = None, caption: str | None = None,
         direction: str | None = None, bordered: bool = False,
         target_direction: str = "increase", slot: Any = None) -> Html:
    """A number to look at: `value`, its `label`, a `caption`, and an arrow for `direction`
    ("increase" or "decrease"), green when it goes the `target_direction`."""
    if direction not in (None, "increase", "decrease"):
        raise ValueError(f"stat: direction must be 'increase', 'decrease' or None, not "
                         f"{direction!r}")
    arrow = {"increase": "▲", "decrease": "▼", None: ""}[direction]
    good = direction is None or direction == target_direction
    color = "" if direction is None else ("color: #16a34a" if good else "color: #dc2626")
    border = "border: 1px solid rgba(128,128,128,.4); border-radius: 8px; " if bordered else ""
    parts = [f'<div style="font-size: 0.85em; opacity: .8">{_escape(label)}</div>' if label
             else "",
             f'<div style="font-size: 1.6em; font-weight: 600">{_piece(value)}</div>',
             f'<div style="font-size: 0.85em; {color}">{arrow} {_escape(caption)}</div>'
             if caption or arrow else "",
             _piece(slot) if slot is not None else ""]
    return Html(f'<div class="lichen-stat" style="{border}padding: 0.5em 1em; '
                f'display: inline-block">{"".join(parts)}</div>')


def icon(icon_name: str, size: int | None = None, color: str | None = None,
         inline: bool = True, flip: str | None = None, rotate: str | None = None,
         style: Mapping[str, Any] | None = None) -> Html:
    """An icon of an Iconify set ("lucide:leaf"). Drawing one needs the icon set from the
    network, so Lichen shows the icon's name instead: the notebook runs the same."""
    if not isinstance(icon_name, str):
        raise TypeError(f"icon takes an icon name like 'lucide:leaf', not "
                        f"{type(icon_name).__name__}")
    name = icon_name.rsplit(":", 1)[-1]
    css = {"display": "inline-block" if inline else "block"}
    if size is not None:
        css["font-size"] = f"{size}px"
    if color is not None:
        css["color"] = str(color)
    css.update({str(k): str(v) for k, v in (style or {}).items()})
    text = "; ".join(f"{k}: {v}" for k, v in css.items())
    return Html(f'<span class="lichen-icon" title="{_escape(icon_name)}" '
                f'style="{_escape(text)}">{_escape(name)}</span>')


def _label(text: str) -> str:
    """A menu label, its `::set:icon::` markers shown by their names."""
    import re

    return re.sub(r"::([\w-]+:)?([\w-]+)::",
                  lambda m: f'<span class="lichen-icon">{_escape(m.group(2))}</span>', _escape(text))


def nav_menu(menu: Mapping[str, Any], orientation: str = "horizontal") -> Html:
    """Links, one per key (its label) to the value (a URL or `#anchor`); a dict value is a group
    of links under its key."""
    if not isinstance(menu, Mapping):
        raise TypeError(f"nav_menu takes a dict of label -> link, not {type(menu).__name__}")
    if orientation not in ("horizontal", "vertical"):
        raise ValueError(f"nav_menu: orientation must be 'horizontal' or 'vertical', not "
                         f"{orientation!r}")
    flex = "row" if orientation == "horizontal" else "column"

    def links(items: Mapping[str, Any]) -> str:
        out = []
        for key, target in items.items():
            if isinstance(target, Mapping):
                out.append(f'<details class="lichen-nav-group"><summary>{_label(key)}</summary>'
                           f'<div style="display: flex; flex-direction: column">'
                           f'{links(target)}</div></details>')
            else:
                out.append(f'<a href="{_escape(target)}">{_label(key)}</a>')
        return "".join(out)

    return Html(f'<nav class="lichen-nav" style="display: flex; flex-direction: {flex}; '
                f'gap: 1em">{links(menu)}</nav>')


def sidebar(item: Any, footer: Any = None, width: str | None = None) -> Html:
    """`item` (and a `footer`) in a sidebar. marimo's app view puts it beside the notebook;
    Lichen draws it where the cell shows it, as a bordered column."""
    items = list(item) if isinstance(item, (list, tuple)) else [item]
    if footer is not None:
        items += list(footer) if isinstance(footer, (list, tuple)) else [footer]
    box = {"border-left": "3px solid rgba(128,128,128,.5)", "padding-left": "0.75em"}
    if width is not None:
        box["max-width"] = str(width)
    return vstack(items).style(box)


def carousel(items: Sequence[Any]) -> Html:
    """Slides shown one at a time; Lichen draws them as numbered tabs."""
    return tabs({str(i + 1): item for i, item in enumerate(items)})


def lazy(element: Any, show_loading_indicator: bool = False) -> Html:
    """`element` (or what a function `element()` returns). marimo draws it when it scrolls
    into view; Lichen draws it with the output."""
    return _Lazy(element)


class _Lazy(NodeHtml):
    def __init__(self, element: Any):
        super().__init__()
        self._element = element

    def _lichen_node_(self) -> dict[str, Any]:
        from lichen.runtime import display

        value = self._element() if callable(self._element) else self._element
        return display.node_of(value)


def routes(routes: Mapping[str, Any]) -> Html:
    """Pages of a multi-page app, by path; Lichen shows them as tabs named by their paths
    (a function is called to make its page)."""
    return tabs({str(path): _Lazy(page) for path, page in routes.items()})


def outline(label: str = "") -> Html:
    """marimo's table of contents of the notebook's headings; Lichen has VS Code's outline view,
    and shows only the label here."""
    return Html(f'<div class="lichen-outline">{_escape(label)}</div>' if label else "")


def show_code(output: Any = None, position: str = "below") -> Html:
    """`output` with the code of the cell calling this, below it (or "above")."""
    if position not in ("above", "below"):
        raise ValueError(f"show_code: position must be 'above' or 'below', not {position!r}")
    import linecache

    filename = sys._getframe(1).f_code.co_filename
    code = "".join(linecache.getlines(filename))
    block = layout.md(f"```python\n{code.rstrip()}\n```")
    if output is None:
        return block
    return vstack([block, output] if position == "above" else [output, block])


def doc(obj: Any) -> Html:
    """The documentation of `obj`: its signature and docstring."""
    import inspect as _inspect

    text = _inspect.getdoc(obj) or ""
    try:
        head = f"{getattr(obj, '__name__', type(obj).__name__)}{_inspect.signature(obj)}"
    except (TypeError, ValueError):
        head = getattr(obj, "__name__", type(obj).__name__)
    return Html(f'<div class="lichen-doc"><pre><strong>{_escape(head)}</strong></pre>'
                f'<pre>{_escape(text)}</pre></div>')


class inspect(NodeHtml):
    """A summary of `obj`: its type, value, docstring and (as asked) its attributes."""

    def __init__(self, obj: Any, *, help: bool = False, methods: bool = False,
                 docs: bool = True, private: bool = False, dunder: bool = False,
                 sort: bool = True, all: bool = False, value: bool = True):
        super().__init__()
        self._obj = obj
        self._options = dict(help=help, methods=methods or all, docs=docs,
                             private=private or all, dunder=dunder or all, sort=sort,
                             value=value)

    def _lichen_node_(self) -> dict[str, Any]:
        import inspect as _inspect

        obj, o = self._obj, self._options
        rows = [f"<div><strong>{_escape(type(obj).__name__)}</strong></div>"]
        if o["value"]:
            rows.append(f"<pre>{_escape(repr(obj)[:2000])}</pre>")
        if o["docs"]:
            doc_text = _inspect.getdoc(obj) or ""
            if doc_text:
                rows.append(f"<pre>{_escape(doc_text if o['help'] else doc_text.split(chr(10))[0])}"
                            "</pre>")
        names = [n for n in dir(obj) if (o["dunder"] or not n.startswith("__"))
                 and (o["private"] or not n.startswith("_") or n.startswith("__"))]
        if o["sort"]:
            names.sort()
        attrs = []
        for name in names:
            try:
                attr = getattr(obj, name)
            except Exception:
                continue
            if callable(attr) and not o["methods"]:
                continue
            attrs.append(f"<li><code>{_escape(name)}</code>: "
                         f"{_escape(repr(attr)[:200])}</li>")
        if attrs:
            rows.append(f"<ul>{''.join(attrs)}</ul>")
        return {"type": "html", "html": "".join(rows), "slots": []}


def latex(text: str | None = None, filename: str | None = None) -> Html:
    """LaTeX shown as display math (`text`, or the contents of `filename`)."""
    if text is None and filename is not None:
        with open(filename, encoding="utf-8") as f:
            text = f.read()
    return layout.md(f"$$\n{text or ''}\n$$")


def image_compare(before_image: Any, after_image: Any, value: float = 50,
                  direction: str = "horizontal", width: Any = None, height: Any = None) -> Html:
    """Two images to compare; Lichen shows them side by side (marimo overlays them with a
    slider at `value` percent)."""
    if direction not in ("horizontal", "vertical"):
        raise ValueError(f"image_compare: direction must be 'horizontal' or 'vertical', not "
                         f"{direction!r}")
    from lichen.runtime.layout import hstack

    items = [_image(before_image, width, height), _image(after_image, width, height)]
    return hstack(items) if direction == "horizontal" else vstack(items)


def _image(src: Any, width: Any, height: Any) -> Any:
    if isinstance(src, str):
        size = "".join(f' {k}="{_escape(v)}"' for k, v in (("width", width), ("height", height))
                       if v is not None)
        return Html(f'<img src="{_escape(src)}"{size}>')
    return src

