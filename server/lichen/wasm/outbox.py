"""Cell events and kernel statuses on their way to the editor, sent while a run goes on.

In the daemon a timer on the event loop flushes the events a kernel streams. In the worker the
run holds the only thread, so no timer can fire until it ends: the outbox decides as each message
is queued. A cell starting to run goes out at once (with whatever was queued before it), so the
editor shows which cell is running however long it takes; other messages go out once the oldest
queued one has waited `interval`; and the handler flushes what is left when the run ends.
Consecutive events of one notebook travel as one `lichen/cellEvents`, as from the daemon.
"""

from __future__ import annotations

import time
from typing import Any, Callable

from lichen.protocol import CELL_EVENTS, KERNEL_STATUS

Notify = Callable[[str, dict[str, Any]], None]  # (method, params as JSON data)

INTERVAL = 0.005  # seconds a queued message may wait for company


class Outbox:
    def __init__(self, notify: Notify, interval: float = INTERVAL,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._notify = notify
        self._interval = interval
        self._clock = clock
        self._queued: list[tuple[str, str, dict[str, Any]]] = []
        self._since = 0.0  # when the oldest queued message was queued

    def event(self, notebook_uri: str, event: dict[str, Any]) -> None:
        """Queue a `CellEvent` (JSON data)."""
        self._push((CELL_EVENTS, notebook_uri, event))
        if event["event"]["kind"] == "running":
            self.flush()

    def status(self, notebook_uri: str, state: str, message: str) -> None:
        """Queue a `KernelStatus`."""
        self._push((KERNEL_STATUS, notebook_uri,
                    {"notebookUri": notebook_uri, "state": state, "message": message}))

    def _push(self, item: tuple[str, str, dict[str, Any]]) -> None:
        now = self._clock()
        if not self._queued:
            self._since = now
        self._queued.append(item)
        if now - self._since >= self._interval:
            self.flush()

    def flush(self) -> None:
        """Send everything queued, in order."""
        queued, self._queued = self._queued, []
        events: list[dict[str, Any]] = []
        events_of = ""
        for method, notebook_uri, payload in queued:
            if events and (method != CELL_EVENTS or notebook_uri != events_of):
                self._notify(CELL_EVENTS, {"notebookUri": events_of, "events": events})
                events = []
            if method == CELL_EVENTS:
                events_of = notebook_uri
                events.append(payload)
            else:
                self._notify(method, payload)
        if events:
            self._notify(CELL_EVENTS, {"notebookUri": events_of, "events": events})
