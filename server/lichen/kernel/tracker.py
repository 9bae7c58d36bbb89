"""What the controller knows of a run in progress, from its events alone.

When the kernel dies mid-run there is no report to wait for: the tracker writes one from the
events seen so far, with the running cell failed and the queued cells cancelled.
"""

from __future__ import annotations

from typing import Any

from lichen.protocol import (CANCELLED, CellDone, CellErrorInfo, CellQueued, CellRunning,
                             RunReport)


class RunTracker:
    def __init__(self) -> None:
        self.run_id = 0
        self.running: str | None = None
        self._queued: dict[str, None] = {}  # cell ids, in queue order
        self._done: list[CellDone] = []

    def note(self, event: Any) -> None:
        kind = type(event)
        if kind is CellQueued:
            self.run_id = event.run_id
            self._queued[event.cell_id] = None
        elif kind is CellRunning:
            self.run_id = event.run_id
            self.running = event.cell_id
            self._queued.pop(event.cell_id, None)
        elif kind is CellDone:
            self._queued.pop(event.cell_id, None)
            if self.running == event.cell_id:
                self.running = None
            if event.run_id == self.run_id:
                self._done.append(event)

    def abandon(self, status: str, ename: str, message: str, details: str = "") -> list[CellDone]:
        """Results for the cells the run will never finish: the running one, then the queued."""
        ended = []
        if self.running is not None:
            traceback = f"{message}\n{details}".rstrip() + "\n"
            ended.append(CellDone(self.running, self.run_id, status,
                                  error=CellErrorInfo(ename, message, traceback),
                                  reason=message))
        for cell_id in self._queued:
            ended.append(CellDone(cell_id, self.run_id, CANCELLED,
                                  reason="not run: the run ended before this cell's turn"))
        return ended

    def report(self, extra: list[CellDone] = ()) -> RunReport:
        """The run's report, from the results seen plus `extra`."""
        return RunReport(self.run_id, tuple(self._done) + tuple(extra))
