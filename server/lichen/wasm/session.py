"""A notebook's runtime in this interpreter, with the calls of `lichen.Session` that the daemon's
kernel link makes, so `KernelLink` drives it unchanged.

Where the daemon runs a kernel process, the worker runs the `Runtime` itself: there is no other
process to run cells in (and no threads). Interrupts reach a running cell as KeyboardInterrupt
through Pyodide's interrupt buffer, which the worker's host writes; `interrupt()` has nothing to
do. A restart makes a new Runtime (an empty namespace); modules stay imported.
"""

from __future__ import annotations

import contextlib
import dataclasses
from typing import Any, Callable, Mapping, Sequence

from lichen.cell_ids import by_id, id_for_new_cell
from lichen.notebook import Cell, CellConfig, Notebook, parse
from lichen.protocol import RunReport
from lichen.runtime import CellSpec, Runtime


class LocalSession:
    def __init__(self, notebook: str | Notebook, *, cell_ids: Sequence[str] | None = None,
                 path: str | None = None, on_event: Callable[[Any], None],
                 mode: str = "autorun", argv: Sequence[str] = (), **_ignored: Any) -> None:
        """`cwd`, `python` and `env` (kernel process options) do not apply here."""
        self.path = path
        self.mode = mode
        self._on_event = on_event
        self._argv = tuple(argv)
        cells = (parse(notebook) if isinstance(notebook, str) else notebook).cells
        self._cells: dict[str, Cell] = by_id(cells, cell_ids)
        self._closed = False
        self._runtime = self._new_runtime()

    # --- structure -------------------------------------------------------------------------

    @property
    def cells(self) -> tuple[str, ...]:
        return tuple(self._cells)

    def code(self, cell_id: str) -> str:
        return self._cells[cell_id].code

    def add(self, code: str, index: int | None = None, *, name: str = "_",
            config: CellConfig | None = None, cell_id: str | None = None) -> str:
        cell_id = id_for_new_cell(cell_id, self._cells)
        cell = Cell(code=code, name=name, config=config or CellConfig())
        items = list(self._cells.items())
        items.insert(len(items) if index is None else index, (cell_id, cell))
        self._cells = dict(items)
        self._runtime.add(self._spec(cell_id), index)
        return cell_id

    def move(self, cell_ids: Sequence[str]) -> None:
        self._cells = {cell_id: self._cells[cell_id] for cell_id in cell_ids}
        self._runtime.move(list(cell_ids))

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self._runtime.set_mode(mode)

    # --- runs ------------------------------------------------------------------------------

    def run_all(self) -> RunReport:
        return self._runtime.run_all()

    def run(self, cell_ids: Sequence[str]) -> RunReport:
        return self._runtime.run(list(cell_ids))

    def edit(self, cell_id: str, code: str) -> RunReport:
        self._cells[cell_id] = self._cells[cell_id].with_code(code)
        return self._runtime.edit(cell_id, code)

    def edit_many(self, codes: Mapping[str, str], also_run: Sequence[str] = ()) -> RunReport:
        for cell_id, code in codes.items():
            self._cells[cell_id] = self._cells[cell_id].with_code(code)
        return self._runtime.edit_many(codes, also_run)

    def delete(self, cell_id: str) -> RunReport:
        del self._cells[cell_id]
        return self._runtime.delete(cell_id)

    def set_config(self, cell_id: str, config: CellConfig) -> RunReport:
        self._cells[cell_id] = dataclasses.replace(self._cells[cell_id], config=config)
        return self._runtime.set_config(cell_id, config)

    def set_ui_value(self, element_id: str, value: Any) -> RunReport:
        """Raises UiValueRefused for an element that is gone or a value it does not take."""
        return self._runtime.set_ui_value(element_id, value)

    def table_query(self, table_id: str, request: Any) -> dict[str, Any]:
        """As `Session.table_query`: raises TableQueryFailed when it does not answer."""
        from lichen.kernel.errors import TableQueryFailed
        from lichen.runtime.context import TableGone

        try:
            return self._runtime.table_query(table_id, request)
        except TableGone as gone:
            raise TableQueryFailed(str(gone), True) from None
        except ValueError as refused:
            raise TableQueryFailed(str(refused), False) from None

    def live_completion(self, cell_id: str, code: str, line: int, column: int,
                        hidden: Sequence[str] = (), *, deadline: float) -> list[dict[str, Any]]:
        """As `Session.live_completion`; here the namespace is in this interpreter and no run
        can be under way while the worker's one thread answers (`deadline` does not apply).
        Jedi is unpacked first, as for the static analysis (`WasmHost.analyse`)."""
        from lichen.wasm.pyodide_install import unpack_shipped

        try:
            unpack_shipped("parso", "parso")
            unpack_shipped("jedi", "jedi")
        except RuntimeError:  # not shipped: the keys of dataframes are still found
            pass
        return self._runtime.live_completion(cell_id, code, line, column, hidden)

    def live_value(self, cell_id: str, name: str, *, deadline: float) -> dict[str, Any] | None:
        """As `Session.live_value`."""
        return self._runtime.live_value(cell_id, name)

    def run_stale(self) -> RunReport:
        return self._runtime.run_stale()

    def variables(self) -> list[list[Any]]:
        return self._runtime.variables()

    # --- lifetime --------------------------------------------------------------------------

    def interrupt(self) -> None:
        """Nothing to do: the interrupt buffer raises KeyboardInterrupt in the running cell."""

    def asked_at(self, when: int) -> contextlib.AbstractContextManager[None]:
        """Nothing to do: no run here waits for its turn (the worker has one thread)."""
        return contextlib.nullcontext()

    def restart(self) -> None:
        """An empty namespace and the same cells; nothing runs."""
        self._runtime.close()
        self._runtime = self._new_runtime()

    @property
    def state(self) -> str:
        return "dead" if self._closed else "idle"

    @property
    def death(self) -> str | None:
        """None: the runtime lives as long as the worker."""
        return None

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._runtime.close()

    # --- helpers ---------------------------------------------------------------------------

    def _new_runtime(self) -> Runtime:
        runtime = Runtime(self._on_event, mode=self.mode, argv=self._argv, filename=self.path)
        runtime.load([self._spec(cell_id) for cell_id in self._cells])
        return runtime

    def _spec(self, cell_id: str) -> CellSpec:
        cell = self._cells[cell_id]
        return CellSpec(id=cell_id, code=cell.code, config=cell.config, name=cell.name,
                        kind=cell.kind)
