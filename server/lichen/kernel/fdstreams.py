"""Output written straight to file descriptors 1 and 2, shown in the cell that wrote it.

The runtime captures `print` and `sys.stdout`; a subprocess, or C code writing to the descriptor,
bypasses it. The kernel points descriptors 1 and 2 at pipes of the cell that started last: when
another cell starts, they are pointed at fresh pipes of its own. A subprocess inherits the pipes
of the cell that started it and keeps writing into them after that cell ended, so its text is
that cell's, never the running cell's; a pipe is closed once no one holds its write end.

One thread reads every pipe (a selector, woken through a pipe of its own when pipes are added)
and always drains them (the outbox drops what exceeds its caps), so a chatty subprocess never
blocks on a full pipe.
"""

from __future__ import annotations

import codecs
import os
import selectors
import threading
from collections.abc import Callable

from lichen.protocol import CellStream

_CHUNK = 65536


class _Pipe:
    def __init__(self, read_end: int, name: str, cell: str | None) -> None:
        self.read_end = read_end
        self.name = name
        self.cell = cell  # None before any cell ran: such text is dropped
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")


class Descriptors:
    """Descriptors 1 and 2 (or `fds`) as pipes whose text becomes stream events of the cell
    they were made for."""

    def __init__(self, put: Callable[[CellStream], None],
                 fds: tuple[tuple[int, str], ...] = ((1, "stdout"), (2, "stderr"))) -> None:
        self._put = put
        self._fds = fds
        self._cell: str | None = None
        self._selector = selectors.DefaultSelector()
        self._wake_read, self._wake_write = os.pipe()
        os.set_blocking(self._wake_read, False)
        self._selector.register(self._wake_read, selectors.EVENT_READ, None)
        self._added: list[_Pipe] = []
        self._lock = threading.Lock()
        self._point(None)
        threading.Thread(target=self._pump, name="lichen-fds", daemon=True).start()

    def switch(self, cell_id: str) -> None:
        """`cell_id` starts: point the descriptors at pipes of its own (unless they are its)."""
        if cell_id != self._cell:
            self._cell = cell_id
            self._point(cell_id)

    def _point(self, cell: str | None) -> None:
        pipes = []
        for fd, name in self._fds:
            read_end, write_end = os.pipe()
            os.dup2(write_end, fd)  # the old pipe's write end here is closed by this
            os.close(write_end)
            os.set_blocking(read_end, False)
            pipes.append(_Pipe(read_end, name, cell))
        with self._lock:
            self._added.extend(pipes)
        os.write(self._wake_write, b"\0")

    def _pump(self) -> None:
        while True:
            for key, _ in self._selector.select():
                if key.data is None:
                    self._take_added()
                else:
                    self._read(key.data)

    def _take_added(self) -> None:
        try:
            while os.read(self._wake_read, _CHUNK):
                pass
        except BlockingIOError:
            pass
        with self._lock:
            added, self._added = self._added, []
        for pipe in added:
            self._selector.register(pipe.read_end, selectors.EVENT_READ, pipe)

    def _read(self, pipe: _Pipe) -> None:
        try:
            chunk = os.read(pipe.read_end, _CHUNK)
        except BlockingIOError:
            return
        except OSError:
            chunk = b""
        text = pipe.decoder.decode(chunk, final=not chunk)
        if text and pipe.cell is not None:
            self._put(CellStream(pipe.cell, pipe.name, text))
        if not chunk:  # every writer is gone
            self._selector.unregister(pipe.read_end)
            os.close(pipe.read_end)
