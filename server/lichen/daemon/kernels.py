"""The daemon's kernel link: the editor's `KernelLink` over a kernel process, driven from a
worker thread of its own.

A run blocks until the run ends (a cell may loop forever), so every Session call but `interrupt`
happens on the link's worker thread, one at a time, in the order asked; the server's loop awaits
them. `interrupt` is a signal and goes straight to the kernel; `restart` runs on a thread of its
own because it must end a run that holds the worker.

UI values are the exception to "one at a time, in order": each `set_ui_value` calls the Session
from a thread of its own, so that values sent while a run holds the kernel all wait in the
Session's coalescer together, and only the newest of each element runs next. Queued one behind
another on the worker, a drag would leave a run per value, each stale before it starts.

Between calls, the worker polls the kernel every `IDLE_POLL` s, so what a cell's thread or
subprocess writes after the cell ended reaches the editor then, not with the next run.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from typing import Any, Callable

from lichen.editor.errors import EditorError
from lichen.editor.kernel_link import KernelLink, OnEvent, OnStatus
from lichen.editor.settings import KernelOptions

IDLE_POLL = 0.25  # seconds between polls of an idle kernel


class ThreadedLink(KernelLink):
    def __init__(self, options: KernelOptions, on_event: OnEvent, on_status: OnStatus,
                 session_factory: Callable[..., Any] | None = None) -> None:
        super().__init__(options, on_event, on_status, session_factory)
        self._worker = concurrent.futures.ThreadPoolExecutor(1, "lichen-kernel")
        self._closed = threading.Event()
        self._poll_queued = False
        threading.Thread(target=self._poll_while_idle, name="lichen-idle-poll",
                         daemon=True).start()

    async def _call(self, fn: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.wrap_future(self._worker.submit(fn, *args))

    async def _beside(self, fn: Callable[[], Any]) -> Any:
        return await asyncio.get_running_loop().run_in_executor(None, fn)

    async def _ui_value_call(self, fn: Callable[..., Any], *args: Any) -> Any:
        return await _on_own_thread(fn, *args)

    def _background(self, fn: Callable[..., Any], *args: Any) -> None:
        self._worker.submit(self._guarded, fn, *args)

    def _poll_while_idle(self) -> None:
        while not self._closed.wait(IDLE_POLL):
            if self._session is not None and not self._poll_queued and self._busy_count == 0:
                self._poll_queued = True  # at most one poll waits behind a long call
                try:
                    self._worker.submit(self._poll)
                except RuntimeError:  # the worker was shut down
                    return

    def _poll(self) -> None:
        self._poll_queued = False
        session = self._session
        if session is None or self._busy_count or self._dead is not None:
            return
        try:
            self._guard(lambda: session.poll(0.0))
        except EditorError:  # a death: `_guard` reported it
            pass

    def close(self) -> None:
        """End the kernel (a run in progress ends with it) and the worker."""
        self._closed.set()
        super().close()
        self._worker.shutdown(wait=False, cancel_futures=True)


def _on_own_thread(fn: Callable[..., Any], *args: Any) -> Any:
    """`fn(*args)` on a new thread, as an awaitable of its result."""
    future: concurrent.futures.Future = concurrent.futures.Future()

    def target() -> None:
        if not future.set_running_or_notify_cancel():
            return
        try:
            future.set_result(fn(*args))
        except BaseException as error:  # noqa: BLE001 - handed to the awaiting request
            future.set_exception(error)

    threading.Thread(target=target, name="lichen-ui-value", daemon=True).start()
    return asyncio.wrap_future(future)
