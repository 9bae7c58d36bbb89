"""The daemon's kernel link over an in-process `LocalSession`, called on the worker's one thread.

`KernelLink` keeps the kernel in line with the editor's notebook (new, deleted, moved and edited
cells) and turns runs into the protocol's results; that logic is used as it is. What changes is
where the calls go: the daemon hands them to a worker thread because a kernel process may take
forever, while here there is no thread to hand them to, and a long run blocks the worker until it
ends or the interrupt buffer stops it.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from lichen.daemon.kernels import KernelLink, KernelUnavailable, OnEvent, OnStatus
from lichen.daemon.settings import KernelOptions
from lichen.protocol import RunResult
from lichen.wasm.session import LocalSession


class LocalLink(KernelLink):
    def __init__(self, options: KernelOptions, on_event: OnEvent, on_status: OnStatus) -> None:
        super().__init__(options, on_event, on_status, session_factory=LocalSession)

    async def _call(self, fn: Callable[..., Any], *args: Any) -> Any:
        return fn(*args)

    def delete(self, cell_uris: Sequence[str]) -> None:
        """Scrub deleted cells; their dependents react now."""
        if self._session is not None:
            self._guarded(self._delete, tuple(cell_uris))

    def set_mode(self, mode: str) -> None:
        self.options = KernelOptions(self.options.python, mode, self.options.env)
        if self._session is not None:
            self._session.set_mode(mode)

    def interrupt(self) -> None:
        """Nothing to do here: the worker's host raised KeyboardInterrupt in the running cell
        through the interrupt buffer before this request could be read."""

    async def restart(self) -> None:
        """An empty namespace with the same cells; nothing runs."""
        session = self._session
        self._dead = None
        if session is None:
            return
        self._on_status("restarting", "")
        session.restart()
        self._on_status("idle", "")

    async def set_ui_value(self, element_id: str, value: Any) -> RunResult:
        """Give a UI element a new raw value and run the cells that read it, against the cells
        the runtime has (the element's id comes from their outputs)."""
        session = self._session_for_ui_value(element_id)
        with self._busy():
            try:
                report = session.set_ui_value(element_id, value)
            except (KeyError, ValueError) as refused:
                raise KernelUnavailable("uiValueRefused", _message(refused)) from None
        return self._result([report])


def _message(error: Exception) -> str:
    """A KeyError's message without the quotes `str()` gives it."""
    return str(error.args[0]) if isinstance(error, KeyError) and error.args else str(error)
