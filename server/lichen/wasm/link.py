"""The worker's kernel link: the editor's `KernelLink` over an in-process `LocalSession`, called
on the worker's one thread.

There is no thread to hand calls to, so a long run blocks the worker until it ends or the
interrupt buffer stops it (`KernelLink` calls its session inline). What differs is how the
runtime refuses a UI value: it raises `UiValueRefused` in this interpreter.
"""

from __future__ import annotations

from typing import Any

from lichen.editor.errors import EditorError
from lichen.editor.kernel_link import KernelLink, OnEvent, OnStatus
from lichen.editor.settings import KernelOptions
from lichen.protocol import RunResult
from lichen.runtime.context import UiValueRefused
from lichen.wasm.session import LocalSession


class LocalLink(KernelLink):
    def __init__(self, options: KernelOptions, on_event: OnEvent, on_status: OnStatus) -> None:
        super().__init__(options, on_event, on_status, session_factory=LocalSession)

    async def set_ui_value(self, element_id: str, value: Any) -> RunResult:
        """Give a UI element a new raw value and run the cells that read it, against the cells
        the runtime has (the element's id comes from their outputs)."""
        session = self._session_for_ui_value(element_id)
        with self._busy():
            try:
                report = session.set_ui_value(element_id, value)
            except UiValueRefused as refused:
                raise EditorError("uiValueRefused", str(refused)) from None
        return self._result([report])
