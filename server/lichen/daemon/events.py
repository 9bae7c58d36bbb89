"""Runtime events as the editor's `CellEvent`s, and their hand-off to the server's loop.

Kernel status changes take the same way, so they keep their place among the events.

A kernel's events arrive on the thread running its Session, where `event_json` gives their wire
form. `EventBatcher.push` may be called from any thread: it queues the event and, if no flush is
pending, schedules one on the loop.
The flush sends everything queued by then, per notebook in arrival order, as one
`lichen/cellEvents` notification: a burst of quick cells costs one write, a lone event is sent at
once. A run's reply is scheduled after its last event, so the editor sees every event first.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import threading
from typing import Any, Callable, Iterator

from lichen.protocol import (
    CELL_EVENTS,
    KERNEL_STATUS,
    CellDone,
    CellEvent,
    CellQueued,
    CellRunning,
    CellStale,
    CellStream,
    DoneEvent,
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
                "ename": error.ename, "evalue": error.evalue, "traceback": error.traceback},
            "duration": event.duration, "executionCount": event.execution_count,
            "reason": event.reason, "kind": "done"}
    elif kind is CellStream:
        body = {"name": event.name, "text": event.text, "kind": "stream"}
    elif kind is CellRunning:
        body = {"runId": event.run_id, "kind": "running"}
    elif kind is CellQueued:
        body = {"runId": event.run_id, "kind": "queued"}
    elif kind is CellStale:
        body = {"kind": "stale"}
    else:
        return None
    return {"cellUri": cell_uri, "event": body}


Send = Callable[[str, dict[str, Any]], None]  # (method, params as JSON data)


# While a request awaits a run, queued messages go out at this interval (and all at the end of
# the run): waking the loop for each burst of a quick run costs more than the run's cells.
HELD_INTERVAL = 0.005  # seconds


class EventBatcher:
    """Queues a kernel's messages (cell events and status changes, as JSON data) from any thread
    and sends them, in order, from the loop's thread.

    Consecutive cell events of one notebook go out as one `lichen/cellEvents`. Pushing takes no
    lock unless a flush must be scheduled: `deque.append` is atomic, and a flush clears the
    "scheduled" mark before it drains the queue, so a message pushed meanwhile is either drained
    by it or schedules the next one. While `held()` (a request awaiting a run), nothing is
    scheduled: a timer flushes every HELD_INTERVAL, and the request flushes when the run is over.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop, send: Send) -> None:
        self._loop = loop
        self._send = send
        self._lock = threading.Lock()
        self._queued: collections.deque[tuple[str, str, dict[str, Any]]] = collections.deque()
        self._scheduled = False
        self._holds = 0  # requests awaiting a run (changed on the loop's thread only)
        self._timer: asyncio.TimerHandle | None = None

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """Batch on a timer for the time of the block (on the loop's thread), then flush."""
        self._holds += 1
        if self._timer is None:
            self._timer = self._loop.call_later(HELD_INTERVAL, self._tick)
        try:
            yield
        finally:
            self._holds -= 1
            if not self._holds and self._timer is not None:
                self._timer.cancel()
                self._timer = None
            self.flush()

    def _tick(self) -> None:
        self.flush()
        self._timer = self._loop.call_later(HELD_INTERVAL, self._tick) if self._holds else None

    def event(self, notebook_uri: str, event: dict[str, Any]) -> None:
        """Queue a `CellEvent` (JSON data)."""
        self._push((CELL_EVENTS, notebook_uri, event))

    def status(self, notebook_uri: str, state: str, message: str) -> None:
        """Queue a `KernelStatus`."""
        self._push((KERNEL_STATUS, notebook_uri,
                    {"notebookUri": notebook_uri, "state": state, "message": message}))

    def _push(self, item: tuple[str, str, dict[str, Any]]) -> None:
        self._queued.append(item)
        if self._scheduled or self._holds:
            return
        with self._lock:
            if self._scheduled:
                return
            self._scheduled = True
        try:
            self._loop.call_soon_threadsafe(self.flush)
        except RuntimeError:  # the loop is closed: the editor is gone
            pass

    def flush(self) -> None:
        """Send what is queued (on the loop's thread)."""
        with self._lock:
            self._scheduled = False
        queued = self._queued
        events: list[dict[str, Any]] = []
        events_of = ""
        while queued:
            method, notebook_uri, payload = queued.popleft()
            if events and (method != CELL_EVENTS or notebook_uri != events_of):
                self._send(CELL_EVENTS, {"notebookUri": events_of, "events": events})
                events = []
            if method == CELL_EVENTS:
                events_of = notebook_uri
                events.append(payload)
            else:
                self._send(method, payload)
        if events:
            self._send(CELL_EVENTS, {"notebookUri": events_of, "events": events})
