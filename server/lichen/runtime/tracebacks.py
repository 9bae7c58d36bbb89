"""Tracebacks that read like the notebook: frames name the cell, the runtime's frames are cut.

Cells are compiled under stable per-cell filenames (see `cells.cell_filename`); here those become
"nb.py, cell 3", with line numbers within the cell. Frames before the first cell frame belong to
the runtime (and to asyncio, for cells that await) and are dropped; frames of libraries the cell
called stay. Mangled private names are shown as written.
"""

from __future__ import annotations

import traceback
from typing import Callable

from lichen.protocol import CellErrorInfo

# Maps a code filename to the name shown for it ("nb.py, cell 3"), or None if it is not a cell.
Describe = Callable[[str], "str | None"]


def error_info(exc: BaseException, describe: Describe,
               demangle: Callable[[str], str]) -> CellErrorInfo:
    te = traceback.TracebackException(type(exc), exc, exc.__traceback__, compact=True)
    for part in _chain(te):
        _relabel(part, describe)
    text = demangle("".join(te.format()))
    return CellErrorInfo(ename=type(exc).__name__, evalue=demangle(_message(exc)), traceback=text)


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


def _relabel(te: traceback.TracebackException, describe: Describe) -> None:
    frames = list(te.stack)
    first_cell = next((i for i, f in enumerate(frames) if describe(f.filename)), None)
    if first_cell is not None:
        frames = frames[first_cell:]
    elif te.exc_type is not None and issubclass(te.exc_type, SyntaxError):
        frames = []  # raised while compiling the cell: the runtime's frames say nothing
    for frame in frames:
        label = describe(frame.filename)
        if label is not None:
            frame.line  # read the source line while the real filename still finds it
            frame.filename = label
    te.stack = traceback.StackSummary.from_list(frames)
    if getattr(te, "filename", None):  # SyntaxError: the file and line it points at
        te.filename = describe(te.filename) or te.filename
