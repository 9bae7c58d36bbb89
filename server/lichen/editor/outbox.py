"""Cell events and kernel statuses on their way to the editor.

A kernel's events are queued as they happen and sent in order; consecutive cell events of one
notebook travel as one `lichen/cellEvents` notification, so a burst of quick cells costs one
write. When a queue is flushed is the host's choice (a timer on the daemon's loop; as messages
are queued in the worker, where a run holds the only thread): each host subclasses `Outbox` and
decides in `_queued`.
"""

from __future__ import annotations

import collections
from typing import Any, Callable

from lichen.protocol import CELL_EVENTS, KERNEL_STATUS

Send = Callable[[str, dict[str, Any]], None]  # (method, params as JSON data)


class Outbox:
    def __init__(self, send: Send) -> None:
        self._send = send
        self._queue: collections.deque[tuple[str, str, dict[str, Any]]] = collections.deque()

    def event(self, notebook_uri: str, event: dict[str, Any]) -> None:
        """Queue a `CellEvent` (JSON data)."""
        self._push((CELL_EVENTS, notebook_uri, event))

    def status(self, notebook_uri: str, state: str, message: str,
               placement: dict[str, Any] | None = None) -> None:
        """Queue a `KernelStatus`."""
        self._push((KERNEL_STATUS, notebook_uri,
                    {"notebookUri": notebook_uri, "state": state, "message": message,
                     "placement": placement}))

    def _push(self, item: tuple[str, str, dict[str, Any]]) -> None:
        self._queue.append(item)  # atomic: any thread may push
        self._queued(item)

    def _queued(self, item: tuple[str, str, dict[str, Any]]) -> None:
        """Called after each push: the host's subclass schedules or sends."""

    def flush(self) -> None:
        """Send everything queued, in order (on the thread that sends)."""
        queue = self._queue
        events: list[dict[str, Any]] = []
        events_of = ""
        while queue:
            method, notebook_uri, payload = queue.popleft()
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
