"""The kernel's commands: each decodes its arguments and calls the runtime.

A command's arguments are decoded with its declared type, so a malformed command fails with a
message instead of reaching the runtime. Commands that run cells do so with interrupts enabled.
"""

from __future__ import annotations

import os
import sys
from typing import Any, Callable, Optional

import lichen
from lichen.kernel import wire
from lichen.kernel.errors import UiValueRefused
from lichen.notebook.model import CellConfig
from lichen.runtime import CellSpec, Runtime, context


def handlers(server: Any) -> dict[str, Callable[[Any], Any]]:
    """Command name -> handler of its raw arguments, for `server` (a KernelServer)."""

    def init(args: Any) -> dict[str, Any]:
        options = wire.decode_value(args, dict[str, Any])
        server.start_runtime(Runtime(server.emit, mode=options.get("mode", "autorun"),
                                     argv=tuple(options.get("argv", ())),
                                     filename=options.get("filename"), late_output=True))
        return {"pid": os.getpid(), "python": sys.version.split()[0], "lichen": _version()}

    def load(args: Any) -> None:
        server.runtime.load(wire.decode_value(args, list[CellSpec]))

    def add(args: Any) -> None:
        cell, index = wire.decode_value(args, tuple[CellSpec, Optional[int]])
        server.runtime.add(cell, index)

    def move(args: Any) -> None:
        server.runtime.move(wire.decode_value(args, list[str]))

    def set_mode(args: Any) -> None:
        server.runtime.set_mode(wire.decode_value(args, str))

    def set_config(args: Any) -> Any:
        cell_id, config = wire.decode_value(args, tuple[str, CellConfig])
        return server.run(server.runtime.set_config, cell_id, config)

    def run_all(args: Any) -> Any:
        return server.run(server.runtime.run_all)

    def run(args: Any) -> Any:
        return server.run(server.runtime.run, wire.decode_value(args, list[str]))

    def edit(args: Any) -> Any:
        cell_id, code = wire.decode_value(args, tuple[str, str])
        return server.run(server.runtime.edit, cell_id, code)

    def edit_many(args: Any) -> Any:
        codes, also_run = wire.decode_value(args, tuple[dict[str, str], list[str]])
        return server.run(server.runtime.edit_many, codes, also_run)

    def delete(args: Any) -> Any:
        return server.run(server.runtime.delete, wire.decode_value(args, str))

    def run_stale(args: Any) -> Any:
        return server.run(server.runtime.run_stale)

    def set_ui_value(args: Any) -> Any:
        element_id, value = wire.decode_value(args, tuple[str, Any])
        try:
            return server.run(server.runtime.set_ui_value, element_id, value)
        except context.UiValueRefused as refused:  # the reply says so (`wire.REFUSED`)
            raise UiValueRefused(str(refused)) from None

    def table_query(args: Any) -> Any:
        """{"answer": ...}, or {"gone": why} / {"refused": why} (`Session.table_query`)."""
        table_id, request = wire.decode_value(args, tuple[str, Any])
        try:
            return {"answer": server.runtime.table_query(table_id, request)}
        except context.TableGone as gone:
            return {"gone": str(gone)}
        except ValueError as refused:
            return {"refused": str(refused)}

    def cells(args: Any) -> Any:
        """(id, code) of each cell: what a controller reattaching to this kernel matches its
        notebook against."""
        return server.runtime.code_by_cell()

    def restructure(args: Any) -> Any:
        """The reattached controller's notebook, nothing run; the cells now stale."""
        cells, kept = wire.decode_value(args, tuple[list[CellSpec], dict[str, str]])
        return server.runtime.restructure(cells, kept)

    def variables(args: Any) -> Any:
        """The globals cells defined (`Runtime.variables`); nothing runs."""
        return server.runtime.variables()

    def live_completion(args: Any) -> Any:
        """Completions only the live values know (`Runtime.live_completion`)."""
        cell_id, code, line, column, hidden = wire.decode_value(
            args, tuple[str, str, int, int, list[str]])
        return server.runtime.live_completion(cell_id, code, line, column, hidden)

    def live_value(args: Any) -> Any:
        """A global's type, size and short repr, or None (`Runtime.live_value`)."""
        cell_id, name = wire.decode_value(args, tuple[str, str])
        return server.runtime.live_value(cell_id, name)

    debuggers: list[Any] = []  # the kernel's one Debugger, once debugging was asked for

    def debug(args: Any) -> dict[str, Any]:
        """Start debugpy and its relay (the first time) and map cells (id -> the editor's URI
        of the cell): the attach request's {"pathMappings"}, or {"unavailable": what to do}
        when debugpy cannot run here."""
        from lichen.kernel.debug import Debugger, DebuggerUnavailable

        cells = wire.decode_value(args, dict[str, str])
        if not debuggers:
            debuggers.append(Debugger(server.runtime, server))
            server.before_run.append(debuggers[0].before_run)
        try:
            return debuggers[0].start(cells)
        except DebuggerUnavailable as problem:
            return {"unavailable": str(problem)}

    return {f.__name__: f for f in (init, load, add, move, set_mode, set_config, run_all, run,
                                    edit, edit_many, delete, run_stale, set_ui_value, table_query,
                                    variables, live_completion, live_value, debug, cells,
                                    restructure)}


def _version() -> str:
    return getattr(lichen, "__version__", "")
