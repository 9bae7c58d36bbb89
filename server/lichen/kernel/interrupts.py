"""When the controller last interrupted the kernel, shared through a file both of them map.

SIGINT carries no data, and it can arrive while the kernel is between commands: right after the
controller sent a run that the kernel has not read yet, or while the kernel still starts. Such
an interrupt must still stop that run. So before each SIGINT the controller writes the time of
the interrupt here (`time.monotonic_ns()`, one clock for every process of the machine), and
every command carries the time it was asked for. The kernel then knows, at any moment, whether
an interrupt came after the command it is serving was asked for: such a run starts no further
cell (`Interrupts.since`), and SIGINT interrupts the cell that runs. An interrupt older than the
command (or a stray SIGINT with nothing written) leaves it alone.

Layout: one little-endian signed 64-bit integer, nanoseconds; 0 means never.
"""

from __future__ import annotations

import mmap
import os

SIZE = 8


def create(path: str, last: int = 0) -> None:
    """The controller makes the file before the kernel starts (`last`: an interrupt already
    given to an earlier kernel of the same notebook, so runs asked before it stay cancelled)."""
    with open(path, "wb") as file:
        file.write(last.to_bytes(SIZE, "little", signed=True))


class Interrupts:
    """A view of the file: the controller records, the kernel reads (an mmap: no system call)."""

    def __init__(self, path: str, writable: bool = False):
        fd = os.open(path, os.O_RDWR if writable else os.O_RDONLY)
        try:
            self._map = mmap.mmap(fd, SIZE, access=mmap.ACCESS_WRITE if writable else mmap.ACCESS_READ)
        finally:
            os.close(fd)

    def record(self, when: int) -> None:
        if self._map.closed:  # the kernel is gone: nothing left to stop
            return
        self._map[0:SIZE] = when.to_bytes(SIZE, "little", signed=True)

    def last(self) -> int:
        return int.from_bytes(self._map[0:SIZE], "little", signed=True)

    def since(self, asked_at: int) -> bool:
        """Whether an interrupt came after a command asked for at `asked_at`."""
        return self.last() > asked_at

    def close(self) -> None:
        self._map.close()
