"""What the controller knows of a run in progress, from its events and the kernel's beacon.

When a run ends without a report (the kernel died, or an interrupt escaped the runtime), the
tracker writes one: the results received, then a result for every other cell of the run. The
beacon, written by the kernel in shared memory, says how far the run got even when the last
events died with the kernel.
"""

from __future__ import annotations

from typing import Any

from lichen.kernel.beacon import QUEUED, RUNNING, RunState
from lichen.protocol import CANCELLED, CellDone, CellErrorInfo, CellQueued, CellRunning, RunReport


class RunTracker:
    def __init__(self) -> None:
        self.run_id = 0
        self.running: str | None = None
        self._states: dict[str, str] = {}  # cell id -> QUEUED / RUNNING, in queue order
        self._done: list[CellDone] = []

    def note(self, event: Any) -> None:
        kind = type(event)
        if kind is CellQueued:
            self._adopt(event.run_id)
            self._states[event.cell_id] = QUEUED
        elif kind is CellRunning:
            self._adopt(event.run_id)
            self.running = event.cell_id
            self._states[event.cell_id] = RUNNING
        elif kind is CellDone:
            self._adopt(event.run_id)
            self._states.pop(event.cell_id, None)
            if self.running == event.cell_id:
                self.running = None
            self._done.append(event)

    def empty(self) -> bool:
        """Whether nothing is known of the run."""
        return not self._states and not self._done

    def note_beacon(self, state: RunState | None) -> None:
        """Take in what the kernel's beacon recorded of the run."""
        if state is None or state.run_id < self.run_id:
            return
        if all(s not in (QUEUED, RUNNING) for _, s in state.cells):
            return  # a run that had ended: not this one
        self._adopt(state.run_id)
        finished = {done.cell_id for done in self._done}
        for cell_id, cell_state in state.cells:
            if cell_id not in finished:
                self._states[cell_id] = cell_state
        running = [cell_id for cell_id, s in self._states.items() if s == RUNNING]
        self.running = running[-1] if running else None

    def abandon(self, status: str, ename: str, message: str, details: str = "") -> list[CellDone]:
        """Results for the cells the run will never report on, in queue order; they are noted
        (the run is over), so `report()` holds each cell of the run once."""
        ended = []
        for cell_id, state in self._states.items():
            if state == RUNNING:
                traceback = f"{message}\n{details}".rstrip() + "\n"
                ended.append(CellDone(cell_id, self.run_id, status,
                                      error=CellErrorInfo(ename, message, traceback),
                                      reason=message))
            elif state == QUEUED:
                ended.append(CellDone(cell_id, self.run_id, CANCELLED,
                                      reason="not run: the run ended before this cell's turn"))
            else:  # it finished, but the event saying so was lost with the kernel
                ended.append(CellDone(cell_id, self.run_id, state,
                                      reason="its output was lost with the kernel"))
        for done in ended:
            self.note(done)
        return ended

    def report(self) -> RunReport:
        """The run's report: the results received, and those `abandon` wrote."""
        return RunReport(self.run_id, tuple(self._done))

    def _adopt(self, run_id: int) -> None:
        if run_id > self.run_id:  # a newer run: what was known belongs to an older one
            self.run_id, self._states, self._done, self.running = run_id, {}, [], None
