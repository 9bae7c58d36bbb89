"""Waiting on a condition variable with a deadline: what the test clients share."""

from __future__ import annotations

import threading
import time
from typing import Any, Callable


def wait_on(cond: threading.Condition, find: Callable[[], Any], timeout: float, what: str,
            gone: Callable[[], str | None], detail: Callable[[], str] = lambda: "") -> Any:
    """The first non-None `find()`, re-checked whenever `cond` is notified.

    Raises TimeoutError (with `detail()` appended) past `timeout` seconds, and EOFError with the
    message `gone()` returns once the peer has gone away."""
    deadline = time.monotonic() + timeout
    with cond:
        while True:
            found = find()
            if found is not None:
                return found
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no {what} within {timeout} s" + detail())
            ended = gone()
            if ended:
                raise EOFError(ended)
            cond.wait(left)
