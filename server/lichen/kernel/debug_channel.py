"""The controller's end of a kernel's debugger channel (`lichen.kernel.debug_relay` is the
kernel's): Debug Adapter Protocol messages to and from debugpy inside the kernel, over IPC in the
kernel's private directory, with no port open anywhere.

A thread of its own reads the channel, since the debugger must answer while a run holds the
kernel (a cell paused at a breakpoint is a run that does not end). zmq sockets belong to one
thread: what other threads send waits in a queue that thread empties, woken through a pipe.

One client session at a time: `connect` starts a new one (the kernel ends the previous one, as
a listening debugpy does when a new client connects); its messages go to its `on_message` only,
and when the kernel ends (or the channel closes) the session gets a `terminated` event, so a
debugger client sees the end as an adapter's.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import queue
import threading
from collections.abc import Callable
from typing import Any

import zmq

log = logging.getLogger("lichen.kernel")

OnMessage = Callable[[dict[str, Any]], None]
# What a session's client gets when the kernel or the channel ends under it.
_TERMINATED = {"seq": 0, "type": "event", "event": "terminated", "body": {}}


class DebugSession:
    """One client session of the kernel's debugger."""

    def __init__(self, channel: DebugChannel, number: int, on_message: OnMessage) -> None:
        self._channel = channel
        self.number = number
        self._on_message = on_message
        self._ended = threading.Event()

    @property
    def ended(self) -> bool:
        return self._ended.is_set()

    def send(self, message: dict[str, Any]) -> None:
        """A DAP message (a request) to debugpy; nothing once the session ended."""
        if not self.ended:
            self._channel._put(self.number, json.dumps(message).encode())

    def close(self) -> None:
        """The client went away: debugpy disconnects (paused threads go on)."""
        if not self._ended.is_set():
            self._ended.set()
            self._channel._put(self.number, b"")

    def _deliver(self, body: bytes) -> None:
        if not self.ended:
            self._on_message(json.loads(body))

    def _terminate(self) -> None:
        if not self._ended.is_set():
            self._ended.set()
            self._on_message(dict(_TERMINATED))


class DebugChannel:
    # Session numbers, unique in this process: a late message of a client whose kernel was
    # restarted can never pass for one of the new kernel's session.
    _numbers = itertools.count(1)

    def __init__(self, endpoint: str) -> None:
        self._endpoint = endpoint
        self._session: DebugSession | None = None
        self._outgoing: queue.SimpleQueue[tuple[int, bytes] | None] = queue.SimpleQueue()
        self._wake_read, self._wake_write = os.pipe()
        self._pipe_lock = threading.Lock()  # no write to the pipe once its descriptors closed
        self._pipe_open = True
        self._bound = threading.Event()
        self._closed = False
        self._thread = threading.Thread(target=self._serve, name="lichen-debug-channel",
                                        daemon=True)
        self._thread.start()
        self._bound.wait()

    def connect(self, on_message: OnMessage) -> DebugSession:
        """A new client session; the previous one ends (its client gets `terminated`)."""
        previous = self._session
        session = DebugSession(self, next(self._numbers), on_message)
        self._session = session
        if previous is not None:
            previous._terminate()
        if self._closed:
            session._terminate()
        return session

    def close(self) -> None:
        """The kernel is gone: the open session terminates; the thread ends."""
        if self._closed:
            return
        self._closed = True
        session = self._session
        if session is not None:
            session._terminate()
        self._outgoing.put(None)
        self._wake()

    def _put(self, number: int, body: bytes) -> None:
        if not self._closed:
            self._outgoing.put((number, body))
            self._wake()

    def _wake(self) -> None:
        with self._pipe_lock:
            if self._pipe_open:
                os.write(self._wake_write, b"x")

    def _serve(self) -> None:
        socket = zmq.Context.instance().socket(zmq.PAIR)
        socket.setsockopt(zmq.LINGER, 0)
        socket.bind(self._endpoint)
        self._bound.set()
        poller = zmq.Poller()
        poller.register(socket, zmq.POLLIN)
        poller.register(self._wake_read, zmq.POLLIN)
        try:
            while True:
                ready = dict(poller.poll())
                if self._wake_read in ready:
                    os.read(self._wake_read, 4096)
                    while True:
                        try:
                            item = self._outgoing.get_nowait()
                        except queue.Empty:
                            break
                        if item is None:
                            return
                        number, body = item
                        socket.send_multipart([str(number).encode(), body])
                if socket in ready:
                    number, body = socket.recv_multipart()
                    session = self._session
                    if session is not None and str(session.number).encode() == number:
                        try:
                            session._deliver(body)
                        except Exception:  # noqa: BLE001 - one bad message; the channel goes on
                            log.exception("a message of the kernel's debugger was not delivered")
        finally:
            socket.close(linger=0)
            with self._pipe_lock:
                self._pipe_open = False
                os.close(self._wake_read)
                os.close(self._wake_write)
