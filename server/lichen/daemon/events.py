"""Runtime events as the editor's `CellEvent`s, and their hand-off to the server's loop.

A kernel's events arrive on the thread running its Session. `EventBatcher.push` may be called
from any thread: it queues the event and, if no flush is pending, schedules one on the loop.
The flush sends everything queued by then, per notebook in arrival order, as one
`lichen/cellEvents` notification: a burst of quick cells costs one write, a lone event is sent at
once. A run's reply is scheduled after its last event, so the editor sees every event first.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any, Callable

from lichen.protocol import (
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


Send = Callable[[str, tuple[CellEvent, ...]], None]


class EventBatcher:
    """Queues cell events from any thread and sends them from the loop's thread."""

    def __init__(self, loop: asyncio.AbstractEventLoop, send: Send) -> None:
        self._loop = loop
        self._send = send
        self._lock = threading.Lock()
        self._queued: list[tuple[str, CellEvent]] = []
        self._scheduled = False

    def push(self, notebook_uri: str, event: CellEvent) -> None:
        with self._lock:
            self._queued.append((notebook_uri, event))
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
            queued, self._queued = self._queued, []
            self._scheduled = False
        by_notebook: dict[str, list[CellEvent]] = {}
        for notebook_uri, event in queued:
            by_notebook.setdefault(notebook_uri, []).append(event)
        for notebook_uri, events in by_notebook.items():
            self._send(notebook_uri, tuple(events))
