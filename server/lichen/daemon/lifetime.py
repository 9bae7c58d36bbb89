"""The daemon ends with the editor: when the process that started it is gone."""

from __future__ import annotations

import os
import threading
from typing import Callable

CHECK_INTERVAL = 1.0  # seconds between looks at the parent


def parent_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def watch_parent(pid: int | None, on_gone: Callable[[], None],
                 interval: float = CHECK_INTERVAL) -> threading.Event | None:
    """Call `on_gone` (on a daemon thread) once `pid` no longer exists; set the returned event to
    stop watching. Nothing to watch without a pid."""
    if not pid or pid == os.getpid():
        return None
    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(interval):
            if not parent_alive(pid):
                on_gone()
                return

    threading.Thread(target=watch, name="lichen-parent-watch", daemon=True).start()
    return stop
