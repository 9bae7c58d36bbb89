"""Evaluating a compiled cell in a namespace, driving top-level `await` on one event loop."""

from __future__ import annotations

from typing import Any

from lichen.runtime.cells import CompiledCell


class Executor:
    """Runs cells; creates an asyncio event loop the first time a cell awaits, and keeps it,
    so that tasks and futures made by one cell live on in the next."""

    def __init__(self):
        self._loop = None

    def run(self, cell: CompiledCell, namespace: dict[str, Any]) -> Any:
        """Run the cell; return the value of its trailing expression (None if it has none)."""
        if cell.body is not None:
            result = eval(cell.body, namespace)
            if cell.body_async:
                self._drive(result)
        if cell.last is None:
            return None
        value = eval(cell.last, namespace)
        return self._drive(value) if cell.last_async else value

    def _drive(self, coroutine) -> Any:
        loop = self._loop
        if loop is None or loop.is_closed():
            import asyncio  # only paid for by notebooks that await

            loop = self._loop = asyncio.new_event_loop()
        task = loop.create_task(coroutine)
        try:
            return loop.run_until_complete(task)
        except BaseException:
            # Interrupted (KeyboardInterrupt) or stopped: leave no half-run task behind.
            if not task.done():
                task.cancel()
                try:
                    loop.run_until_complete(task)
                except BaseException:
                    pass
            raise

    def close(self) -> None:
        if self._loop is not None and not self._loop.is_closed():
            self._loop.close()
        self._loop = None
