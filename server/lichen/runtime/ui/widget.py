"""`anywidget(widget)`: an anywidget (https://anywidget.dev) as a UI element.

The widget's front-end module (`_esm`: JavaScript text, or a file anywidget read) and style
(`_css`) are drawn by the renderer through anywidget's front-end contract (`render({model, el})`,
`initialize({model})`, `model.get/set/on/off/save_changes/send`). Its synced traits travel both
ways:

- the renderer sends `{"state": {trait: json, ...}, "buffers": [[path, base64], ...]}` for
  traits the front end changed (`model.save_changes()`): they are set on the widget (its
  observers run), and the cells that read this element run again, as for any element;
- `{"message": content, "buffers": [...]}` is a custom message (`model.send`): the widget's
  `on_msg` callbacks get it; the readers run only if that changed a synced trait;
- traits set from Python and `widget.send(...)` reach the renderer through `widget_comm`.

`value` is the dict of the widget's own synced traits (`{"count": 3}`), as in marimo; attributes
not of the element are the widget's, so `element.count` reads the trait.

Node: kind "anywidget", `value` the synced state the front end starts from (JSON, binary values
taken out), props: `modelId` (one model per widget in the webview, shared by every output that
shows it), `esm`, `css`, `moduleHash` (the renderer imports each module once), `buffers`
(`[[path, base64], ...]` of the state's binary values).

A bare anywidget as a cell's value (or inside a layout) is shown as this element (`as_element`).
"""

from __future__ import annotations

import functools
import hashlib
import sys
from typing import Any

from lichen.runtime import context
from lichen.runtime.ui.base import UIElement
from lichen.runtime.ui.widget_comm import (FRAMEWORK_TRAITS, WidgetComm, decode_buffers,
                                           encode_buffers, put_buffers)


def is_widget(value: Any) -> bool:
    """Whether `value` is an anywidget (never imports anywidget on the user's behalf)."""
    module = sys.modules.get("anywidget")
    widget_class = getattr(module, "AnyWidget", None)
    return widget_class is not None and isinstance(value, widget_class)


def as_element(value: Any) -> Any:
    """`value` as it is displayed: an anywidget becomes an `anywidget` element."""
    return anywidget(value) if "anywidget" in sys.modules and is_widget(value) else value


@functools.lru_cache(maxsize=64)
def module_hash(esm: str, css: str) -> str:
    """The module's id in the renderer (a str caches its hash: a repeat lookup costs nothing)."""
    return hashlib.sha256(f"{len(esm)}:{esm}{css}".encode("utf-8", "surrogatepass")).hexdigest()[:32]


class anywidget(UIElement):
    """An anywidget drawn in the notebook; cells that read its `value` run again when the
    front end changes a synced trait."""

    kind = "anywidget"

    def __init__(self, widget: Any, *, label: str = ""):
        if not is_widget(widget):
            raise TypeError(
                "anywidget takes an anywidget.AnyWidget instance (a class with an `_esm` "
                f"module), not {type(widget).__name__}")
        object.__setattr__(self, "_widget", widget)
        self._comm = _comm_of(widget)
        super().__init__(None, label=label)
        self._comm.show_in(context.active(), getattr(context.active(), "cell", None))

    @property
    def widget(self) -> Any:
        """The anywidget this element shows."""
        return self._widget

    @property
    def value(self) -> dict[str, Any]:
        """The widget's own synced traits, by name."""
        widget = self._widget
        return {name: getattr(widget, name) for name in _own_traits(widget)}

    @value.setter
    def value(self, _: Any) -> None:
        UIElement.value.fset(self, _)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._widget, name)

    def __repr__(self) -> str:
        return f"<anywidget {self._id} {type(self._widget).__name__} value={self.value!r}>"

    # -- UIElement ------------------------------------------------------------------------------

    def _parse(self, raw: Any) -> tuple[Any, Any]:
        if raw is None:  # made in Python: the widget holds the value
            return None, None
        if not isinstance(raw, dict) or ("state" in raw) == ("message" in raw):
            raise self._fail('takes {"state": {trait: value}} or {"message": content}, '
                             f"not {raw!r}")
        if "state" in raw and not isinstance(raw["state"], dict):
            raise self._fail(f"state must be a dict of trait values, not {raw['state']!r}")
        try:
            decode_buffers(raw.get("buffers"))
        except ValueError as e:
            raise self._fail(str(e)) from None
        return raw, None

    def _raw_value(self) -> Any:
        return _front_state(self._widget)[0]

    def _props(self) -> dict[str, Any]:
        widget = self._widget
        esm, css = str(getattr(widget, "_esm", "") or ""), str(getattr(widget, "_css", "") or "")
        return {"modelId": self._comm.comm_id, "esm": esm, "css": css,
                "moduleHash": module_hash(esm, css), "buffers": _front_state(widget)[1]}

    def _receive(self, raw: Any) -> list[UIElement]:
        raw, _ = self._parse(raw)
        paths, buffers = decode_buffers(raw.get("buffers"))
        widget = self._widget
        if "state" in raw:
            state = dict(raw["state"])
            put_buffers(state, paths, buffers)
            widget.set_state({k: v for k, v in state.items() if k not in FRAMEWORK_TRAITS})
        else:
            before = self.value
            widget._handle_custom_msg(raw["message"], buffers)
            if _same(before, self.value):
                return []
        changed = [self, *self._ancestors()]
        for element in changed:
            element._changed()
        return changed


def _comm_of(widget: Any) -> WidgetComm:
    """The widget's comm, made a WidgetComm with the same id (its model id) the first time."""
    comm = widget.comm
    if not isinstance(comm, WidgetComm):
        comm = WidgetComm(getattr(comm, "comm_id", None) or widget.model_id)
        widget.comm = comm
    return comm


def _own_traits(widget: Any) -> list[str]:
    """The synced traits a notebook reads: the widget's, less the framework's and private ones."""
    return [name for name in widget.keys
            if not name.startswith("_") and name not in FRAMEWORK_TRAITS]


def _front_state(widget: Any) -> tuple[dict[str, Any], list[list[Any]]]:
    """The state the renderer's model starts from, and its binary values apart."""
    from ipywidgets.widgets.widget import _remove_buffers  # the inverse of what the front end does

    keys = [name for name in widget.keys if name not in FRAMEWORK_TRAITS]
    state, paths, buffers = _remove_buffers(widget.get_state(keys))
    return state, encode_buffers(paths, buffers)


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    try:
        return bool(a == b)
    except Exception:  # arrays compare element-wise: count it as a change
        return False
