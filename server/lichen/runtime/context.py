"""What notebook code needs of the runtime running it: which cell runs, the UI elements the
cells made, the sources of the table outputs they showed, and the state updates waiting for the
end of the run.

A `Runtime` owns one `Context` and makes it the active one while it runs cells or applies a UI
value (`activate`). Elements register with the active context under the running cell and live
as long as that cell's last run: when the cell runs again, is edited or deleted, its elements
are forgotten (their ids stop being accepted); so are the table sources it registered
(`lichen.runtime.tables`), which answer the queries of its table outputs. Outside any runtime
(a module importing a notebook) nothing is active and elements and states work on their own.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping


class UiValueRefused(ValueError):
    """A UI value the runtime did not take: its element is gone, or the value is not one the
    element takes. The message says which, for people; callers tell it apart by its type."""


class TableGone(LookupError):
    """A query for a table no longer held: the cell that showed it ran again, was edited or
    deleted, or the kernel restarted. The message says so, for people."""


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
        self._tables: dict[str, Any] = {}  # table id -> table source
        self._tables_by_cell: dict[str, list[str]] = {}
        # Sends a message to the renderer showing a cell's output, `(cell id, JSON message)`
        # (`lichen.protocol.UI_STREAM`); set by a runtime that emits events.
        self.post_ui: Callable[[str, dict[str, Any]], None] | None = None

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

    def cell_of(self, element_id: str) -> str | None:
        """The cell that made the element, if it is still held."""
        for cell, ids in self._by_cell.items():
            if element_id in ids:
                return cell
        return None

    def forget_cell(self, cell_id: str) -> None:
        ids = self._by_cell.pop(cell_id, None)
        if ids:
            elements = self._elements
            for element_id in ids:
                elements.pop(element_id, None)
        for table_id in self._tables_by_cell.pop(cell_id, ()):
            self._tables.pop(table_id, None)

    def rename_cells(self, ids: Mapping[str, str]) -> None:
        """The cells' new ids (old -> new): what each made stays its own."""
        self._by_cell = {ids.get(c, c): v for c, v in self._by_cell.items()}
        self._tables_by_cell = {ids.get(c, c): v for c, v in self._tables_by_cell.items()}
        self._states = [(state, ids.get(c, c) if c else c) for state, c in self._states]

    def clear(self) -> None:
        self._elements.clear()
        self._by_cell.clear()
        self._states.clear()
        self._tables.clear()
        self._tables_by_cell.clear()

    # -- table sources --------------------------------------------------------------------------

    def register_table(self, table_id: str, source: Any) -> bool:
        """Keep `source` under `table_id` while the running cell's run lasts; False outside a
        cell (nothing will ask)."""
        cell = self.cell
        if cell is None:
            return False
        self._tables[table_id] = source
        self._tables_by_cell.setdefault(cell, []).append(table_id)
        return True

    def table(self, table_id: str) -> Any:
        try:
            return self._tables[table_id]
        except KeyError:
            raise TableGone(
                f"no table {table_id!r}: the cell that showed it has run again, been edited or "
                "deleted, or the kernel restarted (run the cell to query the table again)"
            ) from None

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
