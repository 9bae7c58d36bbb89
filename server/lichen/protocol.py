"""Messages between the runtime, the kernel, the daemon and the editor: declared once, here.

Every message is a frozen standard-library dataclass whose fields are plain JSON values
(str, int, float, bool, None, tuples, dicts of those, or another message of this module), so
the same shapes travel as msgpack (msgspec, between daemon and kernel) and as JSON (Pyodide).
`to_dict` / `from_dict` tag a message with its type name for transports without a schema.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Union

# --- execution -----------------------------------------------------------------------------------

# Cell statuses at the end of a run.
SUCCESS = "success"  # ran to the end
ERROR = "error"  # raised, or cannot run (syntax, multiple definitions, cycle)
INTERRUPTED = "interrupted"  # KeyboardInterrupt while it ran
STOPPED = "stopped"  # lichen.stop(...) ended it; its descendants are skipped quietly
CANCELLED = "cancelled"  # queued in a run that was interrupted
SKIPPED = "skipped"  # an ancestor raised, was stopped or cannot run
DISABLED = "disabled"  # disabled, or an ancestor is
STALE = "stale"  # lazy mode: inputs changed, not re-run yet

# Statuses of a cell that executed (as opposed to one the run passed over).
RAN = frozenset({SUCCESS, ERROR, INTERRUPTED, STOPPED})
# Statuses that make a run fail (cells skipped only follow from these, or from a stop).
FAILED = frozenset({ERROR, INTERRUPTED, CANCELLED})


@dataclass(frozen=True)
class CellErrorInfo:
    ename: str  # exception class name, e.g. "ZeroDivisionError"
    evalue: str  # str(exception)
    traceback: str  # formatted text; frames point at cells ("nb.py, cell 3"), runtime frames cut


@dataclass(frozen=True)
class CellQueued:
    cell_id: str
    run_id: int


@dataclass(frozen=True)
class CellRunning:
    cell_id: str
    run_id: int


@dataclass(frozen=True)
class CellStream:
    cell_id: str
    name: str  # "stdout" | "stderr"
    text: str


@dataclass(frozen=True)
class CellDone:
    cell_id: str
    run_id: int
    status: str  # one of the statuses above
    output: dict[str, str] | None = None  # MIME bundle; binary types base64-encoded
    error: CellErrorInfo | None = None
    duration: float = 0.0  # seconds spent executing (0 when the cell did not run)
    execution_count: int | None = None  # set when the cell ran
    reason: str | None = None  # why a cell did not run, or how it ended, in one line


@dataclass(frozen=True)
class CellStale:
    cell_id: str


# A run's per-cell result is the `CellDone` event the run emitted for that cell.
CellResult = CellDone


@dataclass(frozen=True)
class RunReport:
    run_id: int
    cells: tuple[CellDone, ...] = ()  # in run order; stale markings last

    def result(self, cell_id: str) -> CellDone | None:
        """The result of `cell_id` in this run, or None if the run did not concern it."""
        for r in self.cells:
            if r.cell_id == cell_id:
                return r
        return None

    @property
    def ok(self) -> bool:
        """Whether no cell of the run failed (raised, could not run, or was interrupted)."""
        return not any(r.status in FAILED for r in self.cells)


Event = Union[CellQueued, CellRunning, CellStream, CellDone, CellStale]

# --- tagging for schemaless transports -------------------------------------------------------------

MESSAGES: dict[str, type] = {
    cls.__name__: cls
    for cls in (CellErrorInfo, CellQueued, CellRunning, CellStream, CellDone, CellStale, RunReport)
}


def to_dict(message: Any) -> dict[str, Any]:
    """A message as a JSON-ready dict, with its type name under "type"."""
    out: dict[str, Any] = {"type": type(message).__name__}
    for f in dataclasses.fields(message):
        out[f.name] = _plain(getattr(message, f.name))
    return out


def from_dict(data: dict[str, Any]) -> Any:
    """The message `to_dict` made `data` from."""
    cls = MESSAGES[data["type"]]
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.name in data:
            kwargs[f.name] = _revive(data[f.name])
    return cls(**kwargs)


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        return to_dict(value)
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


def _revive(value: Any) -> Any:
    if isinstance(value, dict) and value.get("type") in MESSAGES:
        return from_dict(value)
    if isinstance(value, list):
        return tuple(_revive(v) for v in value)
    return value
