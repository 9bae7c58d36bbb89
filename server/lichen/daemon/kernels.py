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
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from typing import Any, Callable

from lichen.editor.kernel_link import KernelLink, OnEvent, OnStatus
from lichen.editor.settings import KernelOptions


class ThreadedLink(KernelLink):
    def __init__(self, options: KernelOptions, on_event: OnEvent, on_status: OnStatus,
                 session_factory: Callable[..., Any] | None = None) -> None:
        super().__init__(options, on_event, on_status, session_factory)
        self._worker = concurrent.futures.ThreadPoolExecutor(1, "lichen-kernel")

    async def _call(self, fn: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.wrap_future(self._worker.submit(fn, *args))

    async def _beside(self, fn: Callable[[], Any]) -> Any:
        return await asyncio.get_running_loop().run_in_executor(None, fn)

    async def _ui_value_call(self, fn: Callable[..., Any], *args: Any) -> Any:
        return await _on_own_thread(fn, *args)

    def _background(self, fn: Callable[..., Any], *args: Any) -> None:
        self._worker.submit(self._guarded, fn, *args)

    def close(self) -> None:
        """End the kernel (a run in progress ends with it) and the worker."""
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
