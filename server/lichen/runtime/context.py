"""What notebook code needs of the runtime running it: which cell runs, the UI elements the
cells made, and the state updates waiting for the end of the run.

A `Runtime` owns one `Context` and makes it the active one while it runs cells or applies a UI
value (`activate`). Elements register with the active context under the running cell and live
as long as that cell's last run: when the cell runs again, is edited or deleted, its elements
are forgotten (their ids stop being accepted). Outside any runtime (a module importing a
notebook) nothing is active and elements and states work on their own.
"""

from __future__ import annotations

from typing import Any


class UiValueRefused(ValueError):
    """A UI value the runtime did not take: its element is gone, or the value is not one the
    element takes. The message says which, for people; callers tell it apart by its type."""


class Context:
    def __init__(self) -> None:
        self.cell: str | None = None  # the cell running, if any
        self.filename: str | None = None  # the notebook's file, if it has one
        # The running cell's output built by `mo.output` and progress bars (`output.CellOutput`).
        self.output: Any = None
        self.interactive = True  # cells run in an editor, not as a script
        self.facts: Any = None  # cell id -> its graph facts (defs, refs)
        self._elements: dict[str, Any] = {}  # element id -> element
        self._by_cell: dict[str, list[str]] = {}  # cell id -> ids of the elements it made
        self._states: list[tuple[Any, str | None]] = []  # (state, cell that set it)

    # -- UI elements ----------------------------------------------------------------------------

    def register(self, element: Any) -> None:
        cell = self.cell
        if cell is None:  # made by a callback between runs: nothing can display it
            return
        self._elements[element.id] = element
        self._by_cell.setdefault(cell, []).append(element.id)

    def element(self, element_id: str) -> Any:
        try:
            return self._elements[element_id]
        except KeyError:
            raise UiValueRefused(
                f"No UI element {element_id!r}: the cell that made it has run again, been "
                "edited or deleted, or the kernel restarted, since it was shown (a new output "
                "shows a new element)."
            ) from None

    def forget_cell(self, cell_id: str) -> None:
        ids = self._by_cell.pop(cell_id, None)
        if ids:
            elements = self._elements
            for element_id in ids:
                elements.pop(element_id, None)

    def clear(self) -> None:
        self._elements.clear()
        self._by_cell.clear()
        self._states.clear()

    # -- state ----------------------------------------------------------------------------------

    def state_set(self, state: Any) -> None:
        self._states.append((state, self.cell))

    def take_state_updates(self) -> list[tuple[Any, str | None]]:
        updates, self._states = self._states, []
        return updates


_active: Context | None = None


def activate(context: Context | None) -> Context | None:
    """Make `context` the active one; returns the previous one, to restore."""
    global _active
    previous, _active = _active, context
    return previous


def active() -> Context | None:
    return _active
