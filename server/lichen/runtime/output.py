"""A running cell's output, built while it runs and shown live: `mo.output.append`, `replace`,
`replace_at_index`, `clear`; progress bars and spinners (`lichen.runtime.status`) are items of it.

The runtime gives each running cell a `CellOutput` (the active context's `output`). Every change
publishes the whole output, as one MIME bundle, to the editor (a `CellOutput` event that replaces
the one before): at once when the last one went out more than `INTERVAL` ago, else a moment later
(from a timer thread, or at the next change where there are no threads), so a progress bar in a
tight loop costs a few events a second. The cell's final output is its trailing expression's
value when that is not None, else what it built here.

Outside a run (library code, a module importing a notebook) these functions do nothing.
`redirect_stdout` / `redirect_stderr` send what the block prints into this output instead of the
console; `capture_stdout` / `capture_stderr` collect it into a `io.StringIO` the block returns.
"""

from __future__ import annotations

import contextlib
import io
import sys
import threading
import time
from typing import Any, Callable, Iterator

from lichen.runtime import context

INTERVAL = 0.1  # seconds between two live updates of one cell's output

__all__ = ["append", "capture_stderr", "capture_stdout", "clear", "clear_console",
           "redirect_stderr", "redirect_stdout", "replace", "replace_at_index"]


class CellOutput:
    """The items a cell shows, in order, and their publication while it runs."""

    def __init__(self, cell_id: str, publish: Callable[[str, dict[str, str] | None], None],
                 render: Callable[[list[Any]], dict[str, str] | None]):
        self.cell_id = cell_id
        self.items: list[Any] = []
        self.touched = False  # whether the cell changed its output at all
        self._publish = publish
        self._render = render
        self._lock = threading.Lock()
        self._last = 0.0
        self._timer: Any = None
        self._closed = False

    def changed(self, urgent: bool = False) -> None:
        """The items (or one of them, a progress bar) changed: publish, now or soon."""
        self.touched = True
        with self._lock:
            if self._closed:
                return
            wait = INTERVAL - (time.monotonic() - self._last)
            if urgent or wait <= 0:
                self._send_locked()
            elif self._timer is None:
                try:
                    self._timer = threading.Timer(wait, self._send_later)
                    self._timer.daemon = True
                    self._timer.start()
                except RuntimeError:  # no threads (Pyodide): sent at the next change or end
                    self._timer = None

    def bundle(self) -> dict[str, str] | None:
        return self._render(list(self.items))

    def close(self) -> None:
        """The cell ended: nothing more is published (its `CellDone` carries the final output)."""
        with self._lock:
            self._closed = True
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None

    def _send_later(self) -> None:
        with self._lock:
            self._timer = None
            if not self._closed:
                self._send_locked()

    def _send_locked(self) -> None:
        self._last = time.monotonic()
        try:
            bundle = self._render(list(self.items))
        except Exception as e:  # an item that cannot be drawn must not break the cell
            bundle = {"text/plain": f"[output could not be drawn: {e!r}]"}
        self._publish(self.cell_id, bundle)


def current() -> CellOutput | None:
    """The running cell's output (in a `mo.Thread`, the output of the cell that started it),
    or None outside a run."""
    own = getattr(threading.current_thread(), "_lichen_output", None)
    if own is not None:
        return own
    active = context.active()
    return None if active is None else active.output


def append(value: Any) -> None:
    """Add `value` at the end of the running cell's output."""
    out = current()
    if out is not None:
        out.items.append(value)
        out.changed(urgent=True)


def replace(value: Any) -> None:
    """Make `value` the running cell's whole output (None clears it)."""
    out = current()
    if out is not None:
        out.items[:] = [] if value is None else [value]
        out.changed(urgent=True)


def replace_at_index(value: Any, idx: int) -> None:
    """Replace the item at `idx` of the running cell's output; `idx` equal to the number of items
    appends, and an index past that is an IndexError, as for a list."""
    out = current()
    if out is None:
        return
    if idx == len(out.items):
        out.items.append(value)
    else:
        out.items[idx] = value
    out.changed(urgent=True)


def clear() -> None:
    """Remove everything from the running cell's output."""
    replace(None)


def clear_console() -> None:
    """Accepted for marimo's API: printed text already shown stays (VS Code shows a cell's streams
    as outputs, which a cell cannot take back while it runs)."""


def remove(value: Any) -> None:
    """Take `value` out of the running cell's output (a finished progress bar)."""
    out = current()
    if out is not None and any(item is value for item in out.items):
        out.items[:] = [item for item in out.items if item is not value]
        out.changed(urgent=True)


# -- printed text ---------------------------------------------------------------------------------


class _Printed:
    """Text printed inside `redirect_stdout`, shown as one preformatted item of the output."""

    def __init__(self) -> None:
        self.text = ""

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"text/plain": self.text}


class _ToOutput(io.TextIOBase):
    def __init__(self, out: CellOutput):
        self._out = out
        self._printed: _Printed | None = None

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        items = self._out.items
        if self._printed is None or not items or items[-1] is not self._printed:
            self._printed = _Printed()
            items.append(self._printed)
        self._printed.text += text
        self._out.changed()
        return len(text)


@contextlib.contextmanager
def _redirect(name: str) -> Iterator[None]:
    out = current()
    if out is None:
        yield
        return
    saved = getattr(sys, name)
    setattr(sys, name, _ToOutput(out))
    try:
        yield
    finally:
        setattr(sys, name, saved)


def redirect_stdout() -> contextlib.AbstractContextManager[None]:
    """What the block prints goes to the cell's output, not the console."""
    return _redirect("stdout")


def redirect_stderr() -> contextlib.AbstractContextManager[None]:
    """What the block writes to stderr goes to the cell's output, not the console."""
    return _redirect("stderr")


def capture_stdout() -> contextlib.AbstractContextManager[io.StringIO]:
    """`with capture_stdout() as buffer:` collects what the block prints; `buffer.getvalue()`."""
    return contextlib.redirect_stdout(io.StringIO())


def capture_stderr() -> contextlib.AbstractContextManager[io.StringIO]:
    """Like `capture_stdout`, for stderr."""
    return contextlib.redirect_stderr(io.StringIO())
