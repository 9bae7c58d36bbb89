"""Tracebacks that read like the notebook: frames name the cell, the runtime's frames are cut.

Cells are compiled under stable per-cell filenames (see `cells.cell_filename`); here those become
"nb.py, cell 3", with line numbers within the cell. Frames before the first cell frame belong to
the runtime (and to asyncio, for cells that await) and are dropped, and so are Lichen's own frames
after it (the interrupt handler a KeyboardInterrupt is raised from, the API a cell called): a
traceback shows the user's frames, the debugger still sees every frame. Frames of libraries the
cell called stay. Mangled private names are shown as written.

A very deep stack (a RecursionError under a raised recursion limit: a million frames) is cut
before any of it is formatted: its outermost and innermost frames are kept and one line says how
many were left out between them, so the error is reported at once rather than after seconds of
formatting (an interrupt at that depth lands just as quickly).

A ModuleNotFoundError for a module no installed package provides names the distribution to
install (`CellErrorInfo.package`, `lichen.distributions`).
"""

from __future__ import annotations

import os
import traceback
from types import TracebackType
from typing import Any, Callable

import lichen
from lichen.distributions import missing_distribution
from lichen.protocol import CellErrorInfo

# Maps a code filename to the name shown for it ("nb.py, cell 3"), or None if it is not a cell.
Describe = Callable[[str], "str | None"]

# Of a deeper stack, the frames kept: the outermost (the runtime's, then the cell's) and the
# innermost (where it was raised).
_HEAD = 30
_TAIL = 50
_OWN = os.path.dirname(os.path.abspath(lichen.__file__)) + os.sep  # Lichen's own files


def error_info(exc: BaseException, describe: Describe,
               demangle: Callable[[str], str]) -> CellErrorInfo:
    short, omitted = _shortened(exc.__traceback__)
    te = traceback.TracebackException(type(exc), exc, short, compact=True)
    for part in _chain(te):
        _relabel(part, describe, _HEAD if part is te and omitted else 0, omitted)
    text = demangle("".join(te.format()))
    return CellErrorInfo(ename=type(exc).__name__, evalue=demangle(_message(exc)), traceback=text,
                         package=missing_distribution(exc))


def _message(exc: BaseException) -> str:
    try:
        return str(exc)
    except Exception:
        return "<exception str() failed>"


def _chain(te: traceback.TracebackException):
    seen: set[int] = set()
    todo = [te]
    while todo:
        part = todo.pop()
        if id(part) in seen:
            continue
        seen.add(id(part))
        yield part
        todo += [p for p in (part.__cause__, part.__context__) if p is not None]
        todo += getattr(part, "exceptions", None) or []  # exception groups


def _shortened(tb: TracebackType | None) -> tuple[TracebackType | None, int]:
    """`tb`, or for a stack deeper than `_HEAD` + `_TAIL` frames a traceback of its outermost
    `_HEAD` and innermost `_TAIL` ones; and how many frames were left out. Walking the frames is
    cheap; looking each one up (as formatting does) is what takes seconds."""
    entries = []
    while tb is not None:
        entries.append(tb)
        tb = tb.tb_next
    if len(entries) <= _HEAD + _TAIL:
        return (entries[0] if entries else None), 0
    short = None
    for entry in reversed(entries[:_HEAD] + entries[-_TAIL:]):
        short = TracebackType(short, entry.tb_frame, entry.tb_lasti, entry.tb_lineno)
    return short, len(entries) - _HEAD - _TAIL


def _relabel(te: traceback.TracebackException, describe: Describe, cut: int,
             omitted: int) -> None:
    """Keep the user's frames, cells named as the notebook names them (`omitted` frames were
    left out after the first `cut` of `te`)."""
    marked = [(frame, index < cut) for index, frame in enumerate(te.stack)]
    first_cell = next((i for i, (f, _) in enumerate(marked) if describe(f.filename)), None)
    if first_cell is not None:
        marked = marked[first_cell:]
    elif te.exc_type is not None and issubclass(te.exc_type, SyntaxError):
        marked = []  # raised while compiling the cell: the runtime's frames say nothing
    kept = []
    for frame, outer in marked:
        label = describe(frame.filename)
        if label is not None:
            frame.line  # read the source line while the real filename still finds it
            frame.filename = label
        elif first_cell is not None and frame.filename.startswith(_OWN):
            continue  # Lichen's code the cell called, or its interrupt handler
        kept.append((frame, outer))
    stack = _CutStack(frame for frame, _ in kept)
    stack.cut, stack.omitted = sum(outer for _, outer in kept), omitted
    te.stack = stack
    if getattr(te, "filename", None):  # SyntaxError: the file and line it points at
        te.filename = describe(te.filename) or te.filename


class _CutStack(traceback.StackSummary):
    """Frames with `omitted` frames left out after the first `cut`, said in one line."""

    cut = 0
    omitted = 0

    def format(self, **options: Any) -> list[str]:
        if not self.omitted:
            return super().format(**options)
        whole = traceback.StackSummary
        return (whole.from_list(self[:self.cut]).format(**options)
                + [f"  [... {self.omitted:,} more frames ...]\n"]
                + whole.from_list(self[self.cut:]).format(**options))
