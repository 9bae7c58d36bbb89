"""Buttons: `button` (a value updated by each click) and `run_button` (True for one run).

The raw value of both is the number of clicks so far, which the renderer increments and sends.
A click the kernel has not seen yet counts once, however far the renderer's count got: when
clicks arrive faster than runs and are coalesced, the last count tells how many were merged,
so `button(on_click=...)` applies every one of them.

Props of both: button_kind ("neutral" | "success" | "warn" | "danger" | "primary"), disabled,
tooltip (or null), full_width, keyboard_shortcut (or null, e.g. "Ctrl-Enter"). The label is the
button's text.
"""

from __future__ import annotations

from typing import Any, Callable

from lichen.runtime.ui.base import UIElement

_KINDS = ("neutral", "success", "warn", "danger", "primary")


class _Clicks(UIElement):
    def _parse(self, raw: Any) -> tuple[Any, Any]:
        if not isinstance(raw, int) or isinstance(raw, bool) or raw < 0:
            raise self._fail(f"takes a click count (a whole number), not {raw!r}")
        return raw, None

    def _new_clicks(self, raw: int) -> int:
        return raw - self._raw if raw > self._raw else 1


def _options(owner: str, kind: str, disabled: bool, tooltip: str | None, full_width: bool,
             keyboard_shortcut: str | None) -> dict[str, Any]:
    if not isinstance(kind, str):
        raise TypeError(f"{owner}: kind is a string such as 'neutral' or 'danger', not {kind!r}")
    # marimo draws a kind it does not know ("info") as a neutral button: so does Lichen
    return {"button_kind": kind if kind in _KINDS else "neutral", "disabled": bool(disabled), "tooltip": tooltip,
            "full_width": bool(full_width), "keyboard_shortcut": keyboard_shortcut}


class button(_Clicks):
    """A button. Its value starts as `value`; each click replaces it with `on_click(value)`
    (without `on_click` it stays as it is, and a click only re-runs the cells that read it)."""

    kind = "button"

    def __init__(self, on_click: Callable[[Any], Any] | None = None, value: Any = None,
                 kind: str = "neutral", disabled: bool = False, tooltip: str | None = None, *,
                 label: str = "click here", on_change: Callable[[Any], Any] | None = None,
                 full_width: bool = False, keyboard_shortcut: str | None = None):
        if on_click is not None and not callable(on_click):
            raise TypeError("button: on_click must be a function of the current value")
        self._on_click = on_click
        self._options = _options("button", kind, disabled, tooltip, full_width,
                                 keyboard_shortcut)
        super().__init__(0, label=label, on_change=on_change)
        self._value = value

    def _apply(self, raw: int, _: Any) -> None:
        value = self._value
        if self._on_click is not None:
            for _click in range(self._new_clicks(raw)):
                value = self._on_click(value)
        self._raw, self._value = max(raw, self._raw + 1), value

    def _props(self) -> dict[str, Any]:
        return self._options


class run_button(_Clicks):
    """A button whose value is True during the run its click causes, and False otherwise:
    `lichen.stop(not run.value)` keeps an expensive cell from running until it is clicked."""

    kind = "run_button"

    def __init__(self, kind: str = "neutral", disabled: bool = False, tooltip: str | None = None,
                 *, label: str = "click to run", on_change: Callable[[Any], Any] | None = None,
                 full_width: bool = False, keyboard_shortcut: str | None = None):
        self._options = _options("run_button", kind, disabled, tooltip, full_width,
                                 keyboard_shortcut)
        super().__init__(0, label=label, on_change=on_change)
        self._value = False

    def _apply(self, raw: int, _: Any) -> None:
        self._raw, self._value = max(raw, self._raw + 1), True

    def _after_run(self) -> None:
        self._value = False

    def _props(self) -> dict[str, Any]:
        return self._options
