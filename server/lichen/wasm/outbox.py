"""The worker's outbox: the run holds the only thread, so no timer can fire until it ends; the
outbox decides as each message is queued.

A cell starting to run goes out at once (with whatever was queued before it), so the editor shows
which cell is running however long it takes; other messages go out once the oldest queued one has
waited `interval`; and the host flushes what is left when the run ends.
"""

from __future__ import annotations

import time
from typing import Any, Callable

from lichen.editor.outbox import Outbox, Send

INTERVAL = 0.005  # seconds a queued message may wait for company


class RunOutbox(Outbox):
    def __init__(self, send: Send, interval: float = INTERVAL,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(send)
        self._interval = interval
        self._clock = clock
        self._since = 0.0  # when the oldest queued message was queued

    def _queued(self, item: tuple[str, str, dict[str, Any]]) -> None:
        now = self._clock()
        if len(self._queue) == 1:
            self._since = now
        running = item[2].get("event", {}).get("kind") == "running"
        if running or now - self._since >= self._interval:
            self.flush()
