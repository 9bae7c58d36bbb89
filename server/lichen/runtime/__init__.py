"""Executing cells reactively in one namespace (standard library only).

The kernel process wraps a `Runtime`; the Pyodide worker uses it directly; `python notebook.py`
and `lichen run` use it in-process (`script.run_file`, `App.run`).

- `CellSpec(id, code, config=CellConfig(), name="_", kind=CellKind.CELL)`: what the runtime needs
  to know of a cell.
- `Runtime(emit, *, mode="autorun" | "lazy", argv=(), filename=None)`:
  structure (nothing runs): `load(cells)`, `add(cell, index=None)`, `move(cell_ids)`,
  `set_mode(mode)`; runs, each returning a `RunReport` when the whole run is finished:
  `run_all()`, `run(cell_ids)`, `edit(cell_id, code)`, `delete(cell_id)`, `run_stale()`,
  `set_config(cell_id, config)`. `namespace` is the notebook's globals (a new dict after `load`).
  `emit` is called from the thread running cells, and for printed text possibly from a
  background flusher thread: it must be thread-safe and quick.
  A KeyboardInterrupt during a run is reported as the running cell's error ("interrupted") and
  cancels the run's queued cells; the call returns normally.
- Events (`lichen.protocol`) are emitted while a run goes on: `CellQueued`, `CellRunning`,
  `CellStream`, `CellDone`, `CellStale`; a `RunReport` holds the run's `CellDone`s in run order.
- The notebook API: `App`, `md`, `stop`, `cli_args`, `sql` (re-exported by `lichen`).
"""

from lichen.runtime.api import Markdown, cli_args, md, sql, stop
from lichen.runtime.app import App
from lichen.runtime.cells import CellSpec
from lichen.runtime.runtime import MODES, Runtime

__all__ = ["MODES", "App", "CellSpec", "Markdown", "Runtime", "cli_args", "md", "sql", "stop"]
