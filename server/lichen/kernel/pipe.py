"""Kernel frames over a byte stream: the one channel a Slurm job step always has.

`srun` carries a step's stdin and stdout back to the login node, on every site, with no port
opened on either side. The relays (`relay.py`) send the kernel's frames over that pair as
messages of a kind byte, a 4-byte big-endian length and the payload:

    S  the compute relay runs (the job has its allocation), compute node -> login node, first
    C  a command frame, controller -> kernel (the zmq frame, unchanged)
    E  an event frame, kernel -> controller (the zmq frame, unchanged)
    I  interrupt the kernel; payload: when, the controller's `time.monotonic_ns()` as ASCII (the
       clock the commands' times come from: the compute node's clock is another)
    B  the kernel's beacon as it ended (its bytes), compute node -> login node
    X  the kernel ended; payload: its exit code as ASCII (negative: the signal that killed it)
    D  a frame of the kernel's debugger channel (`debug_relay.py`), either way; payload: the
       session's number (ASCII digits), a space, then the DAP message's body (empty: the end)
"""

from __future__ import annotations

import os
import struct

STARTED = b"S"
COMMAND = b"C"
EVENT = b"E"
INTERRUPT = b"I"
BEACON = b"B"
EXIT = b"X"
DEBUG = b"D"

_HEADER = struct.Struct(">cI")


def encode(kind: bytes, payload: bytes = b"") -> bytes:
    return _HEADER.pack(kind, len(payload)) + payload


def debug_payload(session: bytes, body: bytes) -> bytes:
    """A `D` message's payload for the debugger channel's frame `[session, body]`."""
    return session + b" " + body


def debug_frame(payload: bytes) -> list[bytes]:
    """The debugger channel's frame `[session, body]` a `D` message carries."""
    session, _, body = payload.partition(b" ")
    return [session, body]


def write(fd: int, kind: bytes, payload: bytes = b"") -> None:
    """Write one whole message to `fd` (blocking)."""
    view = memoryview(encode(kind, payload))
    while view:
        view = view[os.write(fd, view):]


class Reader:
    """Messages from a descriptor read in whatever pieces arrive (safe to use with poll)."""

    def __init__(self, fd: int):
        self.fd = fd
        self._buffer = bytearray()
        self.closed = False

    def read(self) -> list[tuple[bytes, bytes]]:
        """The messages completed by one read; sets `closed` at end of stream."""
        chunk = os.read(self.fd, 1 << 20)
        if not chunk:
            self.closed = True
            return []
        self._buffer += chunk
        messages = []
        while len(self._buffer) >= _HEADER.size:
            kind, length = _HEADER.unpack_from(self._buffer)
            end = _HEADER.size + length
            if len(self._buffer) < end:
                break
            messages.append((kind, bytes(self._buffer[_HEADER.size:end])))
            del self._buffer[:end]
        return messages
