"""Output written straight to file descriptors 1 and 2, shown in the cell that runs.

The runtime captures `print` and `sys.stdout`; a subprocess, or C code writing to the descriptor,
bypasses it. The kernel points descriptors 1 and 2 at pipes and a thread per pipe turns what
arrives into stream events of the current cell. The threads always drain their pipe (the outbox
drops what exceeds its caps), so a chatty subprocess never blocks on a full pipe.
"""

from __future__ import annotations

import codecs
import os
import threading
from collections.abc import Callable

from lichen.protocol import CellStream


def capture(fd: int, name: str, put: Callable[[CellStream], None],
            current_cell: Callable[[], str | None]) -> None:
    """Point `fd` at a pipe whose text becomes `name` stream events of the current cell."""
    read_end, write_end = os.pipe()
    os.dup2(write_end, fd)
    os.close(write_end)
    thread = threading.Thread(target=_pump, args=(read_end, name, put, current_cell),
                              name=f"lichen-fd{fd}", daemon=True)
    thread.start()


def _pump(read_end: int, name: str, put: Callable[[CellStream], None],
          current_cell: Callable[[], str | None]) -> None:
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    while True:
        try:
            chunk = os.read(read_end, 65536)
        except OSError:
            return
        if not chunk:
            return
        text = decoder.decode(chunk)
        cell = current_cell()
        if text and cell is not None:
            put(CellStream(cell, name, text))
