"""`mo.status`: progress bars and spinners drawn live in the running cell's output, and `toast`.

    for row in mo.status.progress_bar(rows, title="Loading"):   # an iterable wrapper
        ...
    with mo.status.progress_bar(total=10) as bar:                # or updated by hand
        bar.update()
    with mo.status.spinner(title="Thinking") as s:
        s.update(subtitle="almost")

Each is an item of the cell's output (`lichen.runtime.output`): made, it is appended; updated, the
output is published again (at most a few times a second); `remove_on_exit` takes it out when the
block or the loop ends (a spinner's default). Outside a run they only count.

Nodes: "progress": `{"type": "progress", "title", "subtitle": str | null, "value": int,
"total": int | null, "rate": float | null (items per second), "eta": float | null (seconds),
"done": bool}`; "spinner": `{"type": "spinner", "title", "subtitle": str | null}`.
"""

from __future__ import annotations

import time
from typing import Any, Iterable, Iterator

from lichen.runtime import display, output
from lichen.runtime.layout import NodeHtml

__all__ = ["progress_bar", "spinner", "toast"]


class _Shown(NodeHtml):
    """An item that appends itself to the running cell's output and republishes on change."""

    def __init__(self, remove_on_exit: bool):
        super().__init__()
        self._remove_on_exit = remove_on_exit
        self._out = output.current()
        if self._out is not None:
            output.append(self)

    def _changed(self, urgent: bool = False) -> None:
        if self._out is not None:
            self._out.changed(urgent)

    def _finish(self) -> None:
        if self._remove_on_exit:
            output.remove(self)
        else:
            self._changed(urgent=True)


class progress_bar(_Shown):
    """A progress bar over `collection` (iterate over it) or up to `total` (call `update`)."""

    def __init__(self, collection: Iterable[Any] | None = None, *, title: str | None = None,
                 subtitle: str | None = None, completion_title: str | None = None,
                 completion_subtitle: str | None = None, total: int | None = None,
                 show_rate: bool = True, show_eta: bool = True, remove_on_exit: bool = False,
                 disabled: bool = False):
        if collection is not None and total is None and hasattr(collection, "__len__"):
            total = len(collection)  # type: ignore[arg-type]
        if total is not None and (not isinstance(total, int) or total < 0):
            raise ValueError(f"progress_bar: total must be a whole number, not {total!r}")
        self.collection = collection
        self.total = total
        self.current = 0
        self.title, self.subtitle = title, subtitle
        self._completion = (completion_title, completion_subtitle)
        self._show = (bool(show_rate), bool(show_eta))
        self._start = time.monotonic()
        self._done = False
        self._disabled = bool(disabled)
        super().__init__(remove_on_exit and not disabled)
        if self._disabled:
            output.remove(self)

    def update(self, increment: int = 1, title: str | None = None,
               subtitle: str | None = None) -> None:
        """Advance by `increment`; a new `title` or `subtitle` replaces the old one."""
        self.current += increment
        if title is not None:
            self.title = title
        if subtitle is not None:
            self.subtitle = subtitle
        if not self._disabled:
            self._changed()

    def close(self) -> None:
        if self._done:
            return
        self._done = True
        title, subtitle = self._completion
        self.title = title if title is not None else self.title
        self.subtitle = subtitle if subtitle is not None else self.subtitle
        if not self._disabled:
            self._finish()

    def __iter__(self) -> Iterator[Any]:
        if self.collection is None:
            raise TypeError("progress_bar: iterate over one made with a collection; with only "
                            "a total, call update()")
        try:
            for item in self.collection:
                yield item
                self.update()
        finally:
            self.close()

    def __len__(self) -> int:
        if self.total is None:
            raise TypeError("progress_bar: its collection has no length")
        return self.total

    def __enter__(self) -> progress_bar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _lichen_node_(self) -> dict[str, Any]:
        elapsed = max(time.monotonic() - self._start, 1e-9)
        rate = self.current / elapsed if self.current else None
        eta = None
        if rate and self.total is not None and not self._done:
            eta = max(self.total - self.current, 0) / rate
        show_rate, show_eta = self._show
        return {"type": "progress", "title": self.title, "subtitle": self.subtitle,
                "value": self.current, "total": self.total,
                "rate": rate if show_rate else None, "eta": eta if show_eta else None,
                "done": self._done}

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return display.bundle(self._lichen_node_())


class spinner(_Shown):
    """A spinner with a title, shown while the `with` block runs (removed after, by default)."""

    def __init__(self, title: str | None = None, subtitle: str | None = None,
                 remove_on_exit: bool = True):
        self.title = title if title is not None else "Loading..."
        self.subtitle = subtitle
        super().__init__(remove_on_exit)

    def update(self, title: str | None = None, subtitle: str | None = None) -> None:
        if title is not None:
            self.title = title
        if subtitle is not None:
            self.subtitle = subtitle
        self._changed()

    def __enter__(self) -> spinner:
        return self

    def __exit__(self, *exc: object) -> None:
        self._finish()

    def _lichen_node_(self) -> dict[str, Any]:
        return {"type": "spinner", "title": self.title, "subtitle": self.subtitle}


def toast(title: str, description: str = "", kind: str | None = None) -> None:
    """marimo pops a notification up; Lichen writes it to the cell's stderr as one line (so it
    is seen and nothing is lost)."""
    import sys

    prefix = "error" if kind == "danger" else "note"
    sys.stderr.write(f"[{prefix}] {title}{': ' + description if description else ''}\n")
