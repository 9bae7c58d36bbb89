"""Markdown, HTML and layouts: `md`, `Html`, `hstack`, `vstack`, `tabs`, `accordion`, `callout`.

Each is an `Html`: it displays as a cell's output, and formats (`str`, f-strings) to text that
`md` and `Html` accept, so `md(f"Pick one: {dropdown}")` interpolates a live UI element and
`md(f"{hstack([a, b])}")` a layout. Outputs and the tags that carry nodes through text are
described in `lichen.runtime.display`.

Layouts keep their items (UI elements among them) and draw them when displayed, so an element in
a layout shows its value at that moment.
"""

from __future__ import annotations

import re
from typing import Any, Mapping, Sequence

from lichen.notebook.markdown import clean_markdown
from lichen.runtime import display

CALLOUT_KINDS = ("neutral", "info", "success", "warn", "danger")
_JUSTIFY = ("start", "center", "end", "space-between", "space-around")
_ALIGN = ("start", "end", "center", "stretch")


class Html:
    """HTML text shown as a cell's output; the base of markdown, layouts and UI elements."""

    def __init__(self, text: str):
        if not isinstance(text, str):
            raise TypeError(f"Html takes a string of HTML, not {type(text).__name__}: use "
                            "as_html(value) to display another object")
        self._text = text

    @property
    def text(self) -> str:
        """What this contributes when formatted into markdown or HTML."""
        return self._text

    def __str__(self) -> str:
        return self.text

    def __format__(self, spec: str) -> str:
        return format(self.text, spec)

    def __repr__(self) -> str:
        return f"Html({self._text!r})"

    def _lichen_node_(self) -> dict[str, Any]:
        text, nodes = display.slots(self._text)
        return {"type": "html", "html": text, "slots": nodes}

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        if not display.has_embeds(self._text):
            return {"text/html": self._text}
        return display.bundle(self._lichen_node_(), **{"text/html": display.flatten(self._text)})

    # -- placement ------------------------------------------------------------------------------

    def center(self) -> Html:
        """This, centered horizontally."""
        return _Wrapped(self, {"type": "align", "justify": "center"})

    def left(self) -> Html:
        """This, left-aligned."""
        return _Wrapped(self, {"type": "align", "justify": "left"})

    def right(self) -> Html:
        """This, right-aligned."""
        return _Wrapped(self, {"type": "align", "justify": "right"})

    def callout(self, kind: str = "neutral", title: str | None = None) -> Html:
        """This, in a callout box (`kind`: neutral, info, success, warn or danger)."""
        return callout(self, kind=kind, title=title)

    def style(self, style: Mapping[str, Any] | None = None, **properties: Any) -> Html:
        """This, in a box with CSS `style` (`max_height="300px"` is `max-height: 300px`)."""
        merged = {str(k): str(v) for k, v in (style or {}).items()}
        merged.update({k.replace("_", "-"): str(v) for k, v in properties.items()})
        return _Wrapped(self, {"type": "style", "style": merged})

    def batch(self, **elements: Any) -> Any:
        """A UI element whose value is the dict of `elements`' values, drawn as this text with
        each `{name}` replaced by its element."""
        from lichen.runtime.ui.composite import batch

        return batch(self, elements)


class NodeHtml(Html):
    """Html drawn from a payload node (layouts, UI elements) rather than from text."""

    def __init__(self) -> None:
        self._text = ""

    @property
    def text(self) -> str:
        return display.embed(self._lichen_node_())

    def _lichen_node_(self) -> dict[str, Any]:
        raise NotImplementedError

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return display.bundle(self._lichen_node_())

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"


# `$x$`, `$$x$$`, `\(x\)`, `\[x\]`: text the renderer typesets (VS Code's own markdown may not).
_MATH = re.compile(r"\$\$|\$[^\s$](?:[^$\n]*[^\s$\\])?\$(?!\d)|\\\(|\\\[")


class Markdown(Html):
    """Markdown text shown as the cell's output (`md`); with math in it, drawn by the renderer.

    As in marimo, `.text` is its HTML (for placing it in HTML of one's own), while formatting
    it into a string (an f-string, `str`) gives the markdown, so a nested `md` keeps its
    code blocks and lists."""

    @property
    def text(self) -> str:
        from lichen.runtime.markdown_html import markdown_to_html

        return markdown_to_html(self._text)

    def __str__(self) -> str:
        return self._text

    def __format__(self, spec: str) -> str:
        return format(self._text, spec)

    def __repr__(self) -> str:
        return f"md({self._text!r})"

    def _lichen_node_(self) -> dict[str, Any]:
        text, nodes = display.slots(self._text)
        return {"type": "markdown", "text": text, "slots": nodes}

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        if not display.has_embeds(self._text) and not _MATH.search(self._text):
            return {"text/markdown": self._text}
        flat = display.flatten(self._text)
        return display.bundle(self._lichen_node_(), **{"text/markdown": flat})


def md(text: str) -> Markdown:
    """Markdown output; the text is dedented, so triple-quoted strings can be indented. UI
    elements and layouts interpolated with an f-string are drawn live in it."""
    if not isinstance(text, str):
        raise TypeError(f"md takes a string, not {type(text).__name__}")
    return Markdown(clean_markdown(text))


def as_html(value: Any) -> Html:
    """`value` as an Html object, to place any output (a figure, a dataframe) in markdown."""
    if isinstance(value, Html):
        return value
    return _Object(value)


def structured(value: Any) -> Any:
    """A list, tuple or dict holding elements or other Html, as Html drawing its items; any
    other value as it is."""
    return _Object(value) if display.holds_nodes(value) else value


# -- layouts --------------------------------------------------------------------------------------


class _Object(NodeHtml):
    def __init__(self, value: Any):
        super().__init__()
        self._value = value

    def _lichen_node_(self) -> dict[str, Any]:
        return display.node_of(self._value)


class _Wrapped(NodeHtml):
    """One item in a box: aligned, styled, or in a callout."""

    def __init__(self, item: Any, node: dict[str, Any]):
        super().__init__()
        self._item = item
        self._node = node

    def _lichen_node_(self) -> dict[str, Any]:
        return {**self._node, "children": [display.node_of(self._item)]}


class Stack(NodeHtml):
    """Items in a row (`hstack`) or a column (`vstack`)."""

    def __init__(self, items: Sequence[Any], direction: str, justify: str, align: str | None,
                 wrap: bool, gap: float, sizes: Any):
        super().__init__()
        if justify is None:  # marimo takes None for its default
            justify = "space-between" if direction == "row" else "start"
        _choice("justify", justify, _JUSTIFY)
        if align is not None:
            _choice("align", align, _ALIGN)
        if not isinstance(gap, (int, float)) or gap < 0:
            raise ValueError(f"gap must be a number of rem, 0 or more, not {gap!r}")
        self._items = _items(items, "hstack" if direction == "row" else "vstack")
        if sizes is not None and sizes != "equal":
            sizes = [float(s) for s in sizes]
            if len(sizes) != len(self._items):
                name = "widths" if direction == "row" else "heights"
                raise ValueError(f"{name} has {len(sizes)} entries for {len(self._items)} items")
        self._props = {"direction": direction, "justify": justify, "align": align,
                       "wrap": bool(wrap), "gap": float(gap), "sizes": sizes}

    def _lichen_node_(self) -> dict[str, Any]:
        return {"type": "stack", **self._props,
                "children": [display.node_of(item) for item in self._items]}


def hstack(items: Sequence[Any], *, justify: str | None = "space-between", align: str | None = None,
           wrap: bool = False, gap: float = 0.5,
           widths: Sequence[float] | str | None = None) -> Html:
    """Items side by side in a row; `widths` are relative sizes, or "equal"."""
    return Stack(items, "row", justify, align, wrap, gap, widths)


def vstack(items: Sequence[Any], *, align: str | None = None, justify: str | None = "start",
           gap: float = 0.5, heights: Sequence[float] | str | None = None) -> Html:
    """Items one below the other, in a column."""
    return Stack(items, "column", justify, align, False, gap, heights)


class Tabs(NodeHtml):
    def __init__(self, items: Mapping[str, Any], value: str | None = None):
        super().__init__()
        self._labels, self._items = _labelled(items, "tabs")
        if value is not None and value not in self._labels:
            raise ValueError(f"tabs has no tab {value!r}; its tabs are {self._labels}")
        self._selected = self._labels.index(value) if value is not None else 0

    def _lichen_node_(self) -> dict[str, Any]:
        return {"type": "tabs", "labels": list(self._labels), "selected": self._selected,
                "children": [display.node_of(item) for item in self._items]}


def tabs(tabs: Mapping[str, Any], value: str | None = None, lazy: bool = False) -> Html:
    """Items in tabs, one per key (the tab's label); `value` is the tab shown first. (`lazy`
    is accepted for marimo's signature; tabs are drawn with the output.)"""
    return Tabs(tabs, value)


class Accordion(NodeHtml):
    def __init__(self, items: Mapping[str, Any], multiple: bool, expanded: Any):
        super().__init__()
        self._labels, self._items = _labelled(items, "accordion")
        if expanded is True:
            opened = list(range(len(self._labels)))
        elif expanded is False or expanded is None:
            opened = []
        else:
            missing = [key for key in expanded if key not in self._labels]
            if missing:
                raise ValueError(f"accordion has no section {missing[0]!r}; its sections are "
                                 f"{self._labels}")
            opened = [self._labels.index(key) for key in expanded]
        self._props = {"multiple": bool(multiple), "expanded": opened}

    def _lichen_node_(self) -> dict[str, Any]:
        return {"type": "accordion", "labels": list(self._labels), **self._props,
                "children": [display.node_of(item) for item in self._items]}


def accordion(items: Mapping[str, Any], multiple: bool = False, lazy: bool = False, *,
              expanded: bool | Sequence[str] = False) -> Html:
    """Collapsible sections, one per key (its title). `multiple`: several may be open at
    once; `expanded`: True, or the titles of the sections open at first. (`lazy` is accepted
    for marimo's signature; items are always drawn when the output is.)"""
    return Accordion(items, multiple, expanded)


def callout(value: Any, kind: str = "neutral", title: str | None = None) -> Html:
    """`value` in a callout box; `kind` is neutral, info, success, warn or danger."""
    if kind == "alert":  # marimo's old name for "warn"
        kind = "warn"
    _choice("callout kind", kind, CALLOUT_KINDS)
    return _Wrapped(value, {"type": "callout", "kind": kind, "title": title})


# -- checks ---------------------------------------------------------------------------------------


def _choice(what: str, value: Any, choices: Sequence[str]) -> None:
    if value not in choices:
        raise ValueError(f"{what} must be one of {', '.join(map(repr, choices))}, not {value!r}")


def _items(items: Any, what: str) -> list[Any]:
    if isinstance(items, (str, bytes, Mapping)) or not hasattr(items, "__iter__"):
        raise TypeError(f"{what} takes a list of items, not {type(items).__name__}")
    return list(items)


def _labelled(items: Any, what: str) -> tuple[list[str], list[Any]]:
    if not isinstance(items, Mapping):
        raise TypeError(f"{what} takes a dict of label -> item, not {type(items).__name__}")
    return [str(k) for k in items], list(items.values())
