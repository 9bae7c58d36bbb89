"""The worker's server (`lichen.wasm`) driven in this process, with the daemon tests' client.

`WasmClient` has `DaemonClient`'s helpers (notebook sync, requests, waiting for notifications),
but its messages go to a `WasmServer` on an event loop of its own thread instead of a daemon
process: the same scenario can run against both and their answers be compared.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
from typing import Any, Callable, TypeVar

from daemon_client import DaemonClient
from lichen.wasm import WasmServer
from lichen.wasm.packages import Install


class WasmClient(DaemonClient):
    def __init__(self, install: Install | None = None) -> None:  # no process: no super()
        self._ids = itertools.count(1)
        self._cond = threading.Condition()
        self.responses: dict[Any, dict[str, Any]] = {}
        self.notifications: list[dict[str, Any]] = []
        self.stderr: list[bytes] = []
        self.eof = False
        self.versions: dict[str, int] = {}
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()
        self.server = self.call(lambda: WasmServer(self._file, install))

    def call(self, fn: Any) -> Any:
        """`fn()` on the server's loop; its result."""
        done = threading.Event()
        box: list[Any] = []
        self.loop.call_soon_threadsafe(lambda: (box.append(fn()), done.set()))
        done.wait(10)
        return box[0]

    def send(self, message: dict[str, Any]) -> None:
        text = json.dumps(message)
        self.loop.call_soon_threadsafe(self.server.receive, text)

    def send_bytes(self, body: bytes) -> None:
        self.loop.call_soon_threadsafe(self.server.receive, body.decode())

    def _file(self, text: str) -> None:
        message = json.loads(text)
        with self._cond:
            if "method" in message:
                self.notifications.append(message)
            else:
                self.responses[message.get("id")] = message
            self._cond.notify_all()

    def close(self, timeout: float = 10.0) -> int:
        self.call(self.server.close_kernels)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout)
        return 0

    def __exit__(self, *exc: Any) -> None:
        self.close()


T = TypeVar("T")


def on_both_hosts(scenario: Callable[[DaemonClient], T]) -> tuple[T, T]:
    """What `scenario` gives against the daemon, then against the worker, each on a fresh one."""
    with DaemonClient() as daemon:
        from_daemon = scenario(daemon)
    with WasmClient() as wasm:
        from_worker = scenario(wasm)
    return from_daemon, from_worker
