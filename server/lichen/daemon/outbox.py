"""The daemon's outbox: messages queued from the kernels' threads, sent from the loop's thread.

Pushing takes no lock unless a flush must be scheduled: `deque.append` is atomic, and a flush
clears the "scheduled" mark before it drains the queue, so a message pushed meanwhile is either
drained by it or schedules the next one. While `held()` (a request awaiting a run), nothing is
scheduled: a timer flushes every HELD_INTERVAL, and the request flushes when the run is over, so
the run's reply goes out after its last event.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from typing import Any, Iterator

from lichen.editor.outbox import Outbox, Send

# While a request awaits a run, queued messages go out at this interval (and all at the end of
# the run): waking the loop for each burst of a quick run costs more than the run's cells.
HELD_INTERVAL = 0.005  # seconds


class LoopOutbox(Outbox):
    def __init__(self, loop: asyncio.AbstractEventLoop, send: Send) -> None:
        super().__init__(send)
        self._loop = loop
        self._lock = threading.Lock()
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

    def _queued(self, item: Any) -> None:
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
        with self._lock:
            self._scheduled = False
        super().flush()
