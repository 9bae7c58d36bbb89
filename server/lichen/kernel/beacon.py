"""The state of the current run, readable after the kernel died.

Events travel in batches, so a kernel that dies mid-run may take its last few with it: which cell
had started, which had finished. The beacon is a shared file the kernel updates in place (an mmap
write, no system call) as cells are queued, start and end; the controller reads it only when the
kernel is gone, to say which cell was running and how far the run got.

Layout: run id (8 bytes), number of entries (4 bytes), then one entry per queued cell:
state (1 byte), id length (1 byte), cell id (UTF-8, at most 255 bytes). A run that does not fit
records its first cells only; the events the controller did receive cover the rest.
"""

from __future__ import annotations

import mmap
import os
from dataclasses import dataclass

from lichen import protocol

SIZE = 256 * 1024
_HEADER = 12
QUEUED = "queued"
RUNNING = "running"
_STATES = (QUEUED, RUNNING, protocol.SUCCESS, protocol.ERROR, protocol.INTERRUPTED,
           protocol.STOPPED, protocol.CANCELLED, protocol.SKIPPED, protocol.DISABLED,
           protocol.STALE)
_CODE = {state: code for code, state in enumerate(_STATES)}


def create(path: str) -> None:
    """The controller makes the file (empty: no run yet) before the kernel starts."""
    with open(path, "wb") as file:
        file.truncate(SIZE)


@dataclass(frozen=True)
class RunState:
    run_id: int
    cells: tuple[tuple[str, str], ...]  # (cell id, state) in queue order


class Beacon:
    """The kernel's writable view of the beacon file."""

    def __init__(self, path: str):
        fd = os.open(path, os.O_RDWR)
        try:
            self._map = mmap.mmap(fd, SIZE)
        finally:
            os.close(fd)
        self._run_id = 0
        self._offsets: dict[str, int] = {}  # cell id -> offset of its state byte
        self._end = _HEADER

    def set(self, run_id: int, cell_id: str, state: str) -> None:
        if run_id != self._run_id:
            self._run_id, self._offsets, self._end = run_id, {}, _HEADER
            self._map[0:_HEADER] = run_id.to_bytes(8, "little", signed=True) + bytes(4)
        code = _CODE.get(state, _CODE[protocol.ERROR])
        offset = self._offsets.get(cell_id)
        if offset is None:
            self._append(cell_id, code)
        else:
            self._map[offset] = code

    def _append(self, cell_id: str, code: int) -> None:
        data = cell_id.encode("utf-8")[:255]
        start, end = self._end, self._end + 2 + len(data)
        if end > SIZE:
            return
        self._map[start:end] = bytes((code, len(data))) + data
        self._end = end
        self._offsets[cell_id] = start
        # The count goes last: a reader never sees an entry half written.
        self._map[8:_HEADER] = len(self._offsets).to_bytes(4, "little")


def read(path: str) -> RunState | None:
    """The last run the kernel recorded, or None."""
    try:
        with open(path, "rb") as file:
            data = file.read(SIZE)
    except OSError:
        return None
    if len(data) < _HEADER:
        return None
    run_id = int.from_bytes(data[0:8], "little", signed=True)
    count = int.from_bytes(data[8:_HEADER], "little")
    cells, offset = [], _HEADER
    for _ in range(count):
        code, length = data[offset], data[offset + 1]
        cell_id = data[offset + 2:offset + 2 + length].decode("utf-8", "replace")
        cells.append((cell_id, _STATES[code] if code < len(_STATES) else protocol.ERROR))
        offset += 2 + length
    return RunState(run_id, tuple(cells)) if run_id else None
