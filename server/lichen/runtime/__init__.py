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
  `CellStream`, `CellOutput` (the running cell's output so far: `lichen.runtime.output`),
  `CellDone`, `CellStale`; a `RunReport` holds the run's `CellDone`s in run order.
  `set_ui_value(element_id, value)` gives a UI element a new value and runs the cells that
  read it (`lichen.runtime.ui`); state setters re-run their getters' readers.
- The notebook API: `App`, `md`, `stop`, `cli_args`, `sql`, `state`, `Html`, `hstack`, `vstack`,
  `tabs`, `accordion`, `callout`, `as_html`, and the `lichen.runtime.ui` package (re-exported
  by `lichen`). Outputs of UI elements and layouts: `lichen.runtime.display`. The rest of
  marimo's API (`import marimo` in a cell): `lichen.runtime.marimo_compat`.
"""

from lichen.runtime.api import (Html, Markdown, accordion, as_html, callout, cli_args, hstack, md,
                                sql, state, stop, tabs, vstack)
from lichen.runtime.app import App
from lichen.runtime.cells import CellSpec
from lichen.runtime.runtime import MODES, Runtime

__all__ = ["MODES", "App", "CellSpec", "Html", "Markdown", "Runtime", "accordion", "as_html",
           "callout", "cli_args", "hstack", "md", "sql", "state", "stop", "tabs", "vstack"]
