"""stdout and stderr of running cells, streamed in chunks while the cell runs.

Writes are buffered and sent when the buffer is large or when `interval` has passed since the last
send, so a tight printing loop costs a few events per second, not one per `print`. Text written
just before a long silence is sent by a background flusher (when the platform has threads), so
`print("loading"); slow()` shows "loading" before `slow()` returns. Each cell has a budget: past it
one visible note is sent and the rest is dropped, so printing 100 MB never floods anything.

Text is the cell's that wrote it, not the running cell's: a thread is owned by the cell during
which it started (found when that cell ends), and what it writes after its cell ended is sent at
once as that cell's (`persistent` keeps the capture installed between runs, so nothing printed
then bypasses it). The cell that runs next never receives a stranger's text.
"""

from __future__ import annotations

import io
import sys
import threading
import time
import weakref
from typing import Callable

# sink(cell_id, stream name, text); called with the capture's lock held, from the thread that
# printed or from the background flusher.
Sink = Callable[[str, str, str], None]

CHUNK = 64 * 1024  # characters buffered before a send regardless of time


def truncation_note(limit: int) -> str:
    megabytes = limit // 1_000_000
    return f"\n[output truncated: this cell wrote more than {megabytes} MB; the rest is dropped]\n"


class Capture:
    """Routes writes to sys.stdout / sys.stderr to `sink`, tagged with the running cell."""

    def __init__(self, sink: Sink, lock: threading.RLock, *, limit: int, interval: float,
                 persistent: bool = False):
        self._sink = sink
        self.persistent = persistent  # stay installed after a run: late text still comes here
        self._runner: threading.Thread | None = None  # the thread running the cell
        self._owners: weakref.WeakKeyDictionary[threading.Thread, str] = (
            weakref.WeakKeyDictionary())  # threads a cell started -> that cell
        self._known: weakref.WeakSet[threading.Thread] | None = None  # no cell's (set at first)
        self._late_used: dict[str, int] = {}  # characters sent per cell after it ended
        self.lock = lock
        self._limit = limit
        self._interval = interval
        self._cell: str | None = None
        self._pending: list[tuple[str, str]] = []
        self._pending_chars = 0
        self._used = 0
        self._dropping = False
        self._last_send = 0.0
        self._flushing = False
        self._wake: threading.Event | None = None
        self._no_threads = False
        self.stdout = _Stream(self, "stdout")
        self.stderr = _Stream(self, "stderr")
        self._saved: tuple = ()

    # lifecycle ------------------------------------------------------------------------------------

    def install(self) -> None:
        if self._saved:
            return
        self._saved = (sys.stdout, sys.stderr)
        sys.stdout, sys.stderr = self.stdout, self.stderr

    def uninstall(self) -> None:
        if self._saved and not self.persistent:
            sys.stdout, sys.stderr = self._saved
            self._saved = ()

    def begin(self, cell_id: str) -> None:
        # No lock: the previous cell's end() left nothing pending and no flush running.
        self._used = 0
        self._dropping = False
        self._last_send = 0.0  # the cell's first write is sent at once
        self._runner = threading.current_thread()
        if self._known is None:  # threads from before the first cell belong to no cell
            self._known = weakref.WeakSet(threading.enumerate())
        self._late_used.pop(cell_id, None)
        self._cell = cell_id

    def end(self) -> None:
        """Send what the cell left buffered, waiting for a background send in progress, so
        that all of a cell's text precedes its end."""
        if self._pending or self._flushing:
            with self.lock:
                self.flush()
        cell = self._cell
        if cell is not None and self._known is not None:
            known, owners = self._known, self._owners
            for thread in threading.enumerate():
                if thread not in owners and thread not in known:
                    owners[thread] = cell
        self._cell = None

    def end_chunk(self) -> None:
        """Send what is buffered now (before an event that must follow it)."""
        if self._pending:
            with self.lock:
                self.flush()

    # writing --------------------------------------------------------------------------------------

    def write(self, name: str, text: str) -> None:
        owner = self._owner(threading.current_thread())
        with self.lock:
            if owner is not None and owner != self._cell and text:
                self._late(owner, name, text)
                return
            if self._dropping or not text or self._cell is None:
                return
            self._used += len(text)
            if self._used > self._limit:
                keep = len(text) - (self._used - self._limit)
                text = text[:keep] + truncation_note(self._limit)
                self._dropping = True
            self._pending.append((name, text))
            self._pending_chars += len(text)
            if (
                self._dropping
                or self._pending_chars >= CHUNK
                or time.monotonic() - self._last_send >= self._interval
            ):
                self.flush()
            else:
                self._arm_flusher()

    def _owner(self, thread: threading.Thread) -> str | None:
        """The cell whose text `thread` writes: the running cell's own thread writes the
        running cell's, a thread a finished cell started writes that cell's, and any other
        thread (one started during the running cell) the running cell's."""
        if thread is self._runner and self._cell is not None:
            return self._cell
        return self._owners.get(thread, self._cell)

    def _late(self, cell: str, name: str, text: str) -> None:
        """Send text of a cell that is not running now, within the cell's budget; with the
        lock held."""
        used = self._late_used.get(cell, 0)
        if used > self._limit:
            return
        used += len(text)
        if used > self._limit:
            text = text[:max(0, len(text) - (used - self._limit))] + truncation_note(self._limit)
        self._late_used[cell] = used
        self._sink(cell, name, text)

    def flush(self) -> None:
        """Send what is buffered; call with the lock held."""
        cell = self._cell
        if self._flushing or not self._pending or cell is None:
            return
        self._flushing = True  # set before the swap: end() waits while this is true
        try:
            pending, self._pending, self._pending_chars = self._pending, [], 0
            for name, text in _coalesce(pending):
                self._sink(cell, name, text)
            self._last_send = time.monotonic()
        finally:
            self._flushing = False

    # background flusher -------------------------------------------------------------------------

    def _arm_flusher(self) -> None:
        if self._wake is None:
            if self._no_threads:
                return
            self._wake = threading.Event()
            flusher = threading.Thread(target=self._flusher, name="lichen-output", daemon=True)
            if self._known is not None:
                self._known.add(flusher)  # it writes on behalf of every cell, owned by none
            try:
                flusher.start()
            except RuntimeError:  # no threads (Pyodide): sent at the next write or at the end
                self._no_threads, self._wake = True, None
                return
        self._wake.set()

    def _flusher(self) -> None:
        wake = self._wake
        while True:
            wake.wait()
            wake.clear()
            time.sleep(self._interval)
            with self.lock:
                self.flush()


def _coalesce(chunks: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Join consecutive chunks of the same stream."""
    out: list[tuple[str, str]] = []
    start = 0
    for i in range(1, len(chunks) + 1):
        if i == len(chunks) or chunks[i][0] != chunks[start][0]:
            out.append((chunks[start][0], "".join(text for _, text in chunks[start:i])))
            start = i
    return out


class _Stream(io.TextIOBase):
    """A text stream that hands its writes to the capture."""

    def __init__(self, capture: Capture, name: str):
        self._capture = capture
        self._name = name

    @property
    def name(self) -> str:
        return "<" + self._name + ">"

    @property
    def encoding(self) -> str:
        return "utf-8"

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        self._capture.write(self._name, text)
        return len(text)

    def flush(self) -> None:
        pass
