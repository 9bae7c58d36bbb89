"""Signals between notebook code and the runtime running it."""

from __future__ import annotations

import sys
from typing import Any, Sequence


class StopCell(BaseException):
    """Raised by `lichen.stop`: ends the cell quietly and skips its descendants.

    A BaseException, so that a cell's `except Exception:` does not swallow it.
    """

    def __init__(self, output: Any = None):
        super().__init__()
        self.output = output


# The arguments `lichen.cli_args()` returns while a runtime runs cells; None outside runs.
_argv: tuple[str, ...] | None = None


def set_argv(argv: Sequence[str] | None) -> tuple[str, ...] | None:
    """Set the arguments of the running notebook; returns the previous value, to restore."""
    global _argv
    previous, _argv = _argv, (tuple(argv) if argv is not None else None)
    return previous


def current_argv() -> tuple[str, ...]:
    """The running notebook's arguments; outside a run, those of `python nb.py [--] ARGS`."""
    if _argv is not None:
        return _argv
    return script_argv(sys.argv)


def script_argv(argv: Sequence[str]) -> tuple[str, ...]:
    """The notebook's arguments in a script's argv: what follows `--`, else all after the script."""
    rest = list(argv[1:])
    if "--" in rest:
        rest = rest[rest.index("--") + 1 :]
    return tuple(rest)
