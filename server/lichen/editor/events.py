"""Runtime events as the editor's `CellEvent`s.

A kernel's events arrive on the thread running its session, where `event_json` gives their wire
form; the host's `Outbox` (`lichen.editor.outbox`) carries them to the editor.
"""

from __future__ import annotations

from typing import Any

from lichen.protocol import (
    CellDone,
    CellEvent,
    CellOutput,
    CellQueued,
    CellRunning,
    CellStale,
    CellStream,
    DoneEvent,
    KernelPlacement,
    OutputEvent,
    QueuedEvent,
    RunningEvent,
    StaleEvent,
    StreamEvent,
)


def cell_event(event: Any, cell_uri: str) -> CellEvent | None:
    """The editor's form of a runtime event of the cell `cell_uri` (None for other messages)."""
    if isinstance(event, CellDone):
        body: Any = DoneEvent(event.run_id, event.status, event.output, event.error,
                              event.duration, event.execution_count, event.reason)
    elif isinstance(event, CellStream):
        body = StreamEvent(event.name, event.text)
    elif isinstance(event, CellOutput):
        body = OutputEvent(event.output)
    elif isinstance(event, CellRunning):
        body = RunningEvent(event.run_id)
    elif isinstance(event, CellQueued):
        body = QueuedEvent(event.run_id)
    elif isinstance(event, CellStale):
        body = StaleEvent()
    else:
        return None
    return CellEvent(cell_uri, body)


def event_json(event: Any, cell_uri: str) -> dict[str, Any] | None:
    """`cell_event(event, cell_uri)` as JSON data, built directly: this runs once per event on
    the kernel's thread, where building dataclasses first would cost more than the cell."""
    kind = type(event)
    if kind is CellDone:
        error = event.error
        body: dict[str, Any] = {
            "runId": event.run_id, "status": event.status, "output": event.output,
            "error": None if error is None else {
                "ename": error.ename, "evalue": error.evalue, "traceback": error.traceback,
                "package": error.package},
            "duration": event.duration, "executionCount": event.execution_count,
            "reason": event.reason, "kind": "done"}
    elif kind is CellStream:
        body = {"name": event.name, "text": event.text, "kind": "stream"}
    elif kind is CellOutput:
        body = {"output": event.output, "kind": "output"}
    elif kind is CellRunning:
        body = {"runId": event.run_id, "kind": "running"}
    elif kind is CellQueued:
        body = {"runId": event.run_id, "kind": "queued"}
    elif kind is CellStale:
        body = {"kind": "stale"}
    else:
        return None
    return {"cellUri": cell_uri, "event": body}


def placement_json(event: KernelPlacement, label: str) -> dict[str, Any]:
    """A `PlacementData` as JSON data: where the scheduler put the kernel (`label`: the
    launcher as the user chose it)."""
    return {"launcher": event.launcher, "jobId": event.job_id, "state": event.state,
            "reason": event.reason, "node": event.node, "secondsLeft": event.seconds_left,
            "label": label}
