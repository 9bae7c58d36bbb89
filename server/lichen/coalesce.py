"""Coalescing fast interaction: of the values sent for one key while a run holds the kernel,
only the latest is applied.

Dragging a slider sends many values while the run of the first is still going. Queued, each would
cause a run of its own, long stale before it starts. Instead, each call offers its value (the
newest replaces any offered before it that is still waiting), then waits for the lock that
serialises runs. The first waiter to get it takes the newest value and applies it; a waiter
whose value was taken by another returns that caller's outcome, which reflects its own value or
a newer one. So values sent during one run cost one more run, whatever their number, and the
last value sent is always the one applied last.

Standard library only; thread-safe.
"""

from __future__ import annotations

import threading
from typing import Any, Callable, ContextManager, Hashable


class Coalescer:
    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._pending: dict[Hashable, Any] = {}  # key -> the newest value not yet taken
        self._waiting: dict[Hashable, int] = {}  # key -> callers inside `submit`
        self._outcomes: dict[Hashable, tuple[bool, Any]] = {}  # key -> last (ok, result)
        self.offered = 0  # values offered so far
        self.applied = 0  # values applied so far (the rest were superseded)

    def submit(self, key: Hashable, value: Any, lock: ContextManager[Any],
               apply: Callable[[Any], Any]) -> Any:
        """Offer `value` for `key`, then, holding `lock`, apply the newest value of `key` unless
        another caller already did. Returns `apply`'s result (or raises its error), for this
        value or a newer one."""
        with self._guard:
            self._pending[key] = value
            self._waiting[key] = self._waiting.get(key, 0) + 1
            self.offered += 1
        try:
            with lock:
                with self._guard:
                    mine = key in self._pending
                    if mine:
                        value = self._pending.pop(key)
                        self.applied += 1
                    else:
                        outcome = self._outcomes[key]
                if mine:
                    try:
                        outcome = (True, apply(value))
                    except BaseException as error:  # the merged callers get it too
                        outcome = (False, error)
                    with self._guard:
                        self._outcomes[key] = outcome
        finally:
            with self._guard:
                self._waiting[key] -= 1
                if not self._waiting[key]:
                    del self._waiting[key]
                    self._outcomes.pop(key, None)
        ok, result = outcome
        if ok:
            return result
        raise result
