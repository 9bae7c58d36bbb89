"""stdout and stderr of running cells, streamed in chunks while the cell runs.

Writes are buffered and sent when the buffer is large or when `interval` has passed since the last
send, so a tight printing loop costs a few events per second, not one per `print`. Text written
just before a long silence is sent by a background flusher (when the platform has threads), so
`print("loading"); slow()` shows "loading" before `slow()` returns. Each cell has a budget: past it
one visible note is sent and the rest is dropped, so printing 100 MB never floods anything.
"""

from __future__ import annotations

import io
import sys
import threading
import time
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

    def __init__(self, sink: Sink, lock: threading.RLock, *, limit: int, interval: float):
        self._sink = sink
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
        self._saved = (sys.stdout, sys.stderr)
        sys.stdout, sys.stderr = self.stdout, self.stderr

    def uninstall(self) -> None:
        if self._saved:
            sys.stdout, sys.stderr = self._saved
            self._saved = ()

    def begin(self, cell_id: str) -> None:
        # No lock: the previous cell's end() left nothing pending and no flush running.
        self._used = 0
        self._dropping = False
        self._last_send = 0.0  # the cell's first write is sent at once
        self._cell = cell_id

    def end(self) -> None:
        """Send what the cell left buffered, waiting for a background send in progress, so
        that all of a cell's text precedes its end."""
        if self._pending or self._flushing:
            with self.lock:
                self.flush()
        self._cell = None

    def end_chunk(self) -> None:
        """Send what is buffered now (before an event that must follow it)."""
        if self._pending:
            with self.lock:
                self.flush()

    # writing --------------------------------------------------------------------------------------

    def write(self, name: str, text: str) -> None:
        with self.lock:
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
            try:
                threading.Thread(target=self._flusher, name="lichen-output", daemon=True).start()
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
