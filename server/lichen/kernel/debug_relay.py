"""The debugger's channel inside the kernel: Debug Adapter Protocol messages between the
controller and debugpy, with no port open.

debugpy (its pydevd, which speaks DAP itself) is given one end of a socket pair per client
session instead of a listening TCP socket; this relay holds the other end, and carries each
message to and from the controller over a zmq PAIR socket on the kernel's `debug` endpoint (IPC
in the kernel's 0700 directory: only the user reaches it, as the commands and events).

Frames on the endpoint, both ways: `[session, body]`, `session` the controller's number of the
client session (ASCII digits), `body` one DAP message as JSON bytes. A frame of a session other
than the current one starts that session (the previous one ends, as when a new client connects
to a listening debugpy); an empty body ends the session (its client went away: debugpy
disconnects, and threads paused at a breakpoint go on). pydevd writes Content-Length framed
messages; the relay sends their bodies only.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable

import zmq

# The kernel's own threads' names start with "lichen-" (`lichen.kernel.debug` spares them).
THREAD_NAME = "lichen-debug-relay"
_HEADER = b"Content-Length:"
_READ_SIZE = 65536


def frame(body: bytes) -> bytes:
    """One DAP message as written on a stream."""
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class Deframer:
    """Splits a DAP stream into message bodies, whatever the chunks it arrives in."""

    def __init__(self) -> None:
        self._buffer = b""

    def feed(self, data: bytes) -> list[bytes]:
        self._buffer += data
        bodies = []
        while True:
            end = self._buffer.find(b"\r\n\r\n")
            if end < 0:
                return bodies
            length = _content_length(self._buffer[:end])
            start = end + 4
            if len(self._buffer) < start + length:
                return bodies
            bodies.append(self._buffer[start:start + length])
            self._buffer = self._buffer[start + length:]


def _content_length(header: bytes) -> int:
    for line in header.split(b"\r\n"):
        if line[:len(_HEADER)].lower() == _HEADER.lower():
            return int(line[len(_HEADER):].strip())
    raise ValueError(f"a DAP message without Content-Length: {header[:200]!r}")


class DebugRelay:
    """The relay's thread. `attach(sock)` hands debugpy its end of a new session's socket pair;
    `detach()` ends debugpy's session whose client went away."""

    def __init__(self, context: zmq.Context, endpoint: str,
                 attach: Callable[[socket.socket], None], detach: Callable[[], None],
                 log: Callable[[str], None]) -> None:
        self._context = context
        self._log = log
        self._endpoint = endpoint
        self._attach = attach
        self._detach = detach
        self._session: bytes | None = None
        self._ours: socket.socket | None = None  # this side of the current session's pair
        self._deframer = Deframer()
        thread = threading.Thread(target=self._serve, name=THREAD_NAME, daemon=True)
        thread.pydev_do_not_trace = True  # type: ignore[attr-defined]  # debugpy leaves it be
        thread.start()

    def _serve(self) -> None:
        channel = self._context.socket(zmq.PAIR)
        channel.setsockopt(zmq.LINGER, 0)
        channel.connect(self._endpoint)
        poller = zmq.Poller()
        poller.register(channel, zmq.POLLIN)
        while True:
            ready = dict(poller.poll())
            ours = self._ours
            if channel in ready:
                self._from_controller(*channel.recv_multipart(), poller)
            # (A session that began just now has nothing to read yet: its descriptor may have
            # the number of the one that ended.)
            if ours is not None and ours is self._ours and ours.fileno() in ready:
                try:
                    data = ours.recv(_READ_SIZE)
                except OSError:
                    data = b""
                if not data:  # debugpy ended the session
                    self._end(poller, detach=False)
                    continue
                for body in self._deframer.feed(data):
                    channel.send_multipart([self._session, body])

    def _from_controller(self, session: bytes, body: bytes, poller: zmq.Poller) -> None:
        if session != self._session:
            self._end(poller)
            if not body:
                return
            self._begin(session, poller)
        if not body:
            self._end(poller)
            return
        try:
            self._ours.sendall(frame(body))  # type: ignore[union-attr]
        except OSError:  # debugpy closed its end: the session is over
            self._end(poller, detach=False)

    def _begin(self, session: bytes, poller: zmq.Poller) -> None:
        ours, theirs = socket.socketpair()
        self._session, self._ours, self._deframer = session, ours, Deframer()
        poller.register(ours.fileno(), zmq.POLLIN)
        try:
            self._attach(theirs)
        except Exception as error:  # noqa: BLE001 - the kernel goes on without this session
            self._log(f"the debugger could not take a session: {error!r}\n")
            self._end(poller, detach=False)

    def _end(self, poller: zmq.Poller, detach: bool = True) -> None:
        ours, self._ours, self._session = self._ours, None, None
        if ours is None:
            return
        poller.unregister(ours.fileno())
        try:
            ours.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        ours.close()
        if detach:
            self._detach()

