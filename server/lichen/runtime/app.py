"""`lichen.App`: the object a notebook file declares its cells on.

In the editor and in `lichen run` the file is parsed, never imported, so these decorators only
matter when the file runs as a script (`python nb.py`) or is imported as a module: then they hand
back the functions and classes unchanged (`from nb import my_function` works), `with app.setup:`
simply runs its body, and `app.run()` runs the notebook in-process.
"""

from __future__ import annotations

import sys
from typing import Any, Callable


class _Setup:
    """`with app.setup:` (or `with app.setup(hide_code=True):`) runs its body as-is."""

    def __call__(self, **config: Any) -> _Setup:
        return self

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> bool:
        return False


class App:
    def __init__(self, **config: Any):
        self.config = dict(config)
        self.setup = _Setup()

    def cell(self, func: Callable | None = None, **config: Any) -> Any:
        """`@app.cell` or `@app.cell(hide_code=..., disabled=..., column=...)`."""
        return _decorate(func)

    def function(self, func: Callable | None = None, **config: Any) -> Any:
        """`@app.function`: a top-level function, importable from the notebook's module."""
        return _decorate(func)

    def class_definition(self, cls: type | None = None, **config: Any) -> Any:
        """`@app.class_definition`: a top-level class, importable from the notebook's module."""
        return _decorate(cls)

    def _unparsable_cell(self, code: str, name: str | None = None, **config: Any) -> None:
        """A cell whose code did not parse: kept in the file, never run."""

    def run(self) -> None:
        """Run the notebook of the calling file in topological order, printing outputs; exits
        with status 1 if a cell fails."""
        caller = sys._getframe(1).f_globals
        path = caller.get("__file__")
        if not path:
            raise RuntimeError("app.run() needs the notebook's file: run `python notebook.py` "
                               "or `lichen run notebook.py`")
        from lichen.runtime import control
        from lichen.runtime.script import run_file

        status = run_file(path, control.script_argv(sys.argv), sys.stdout, sys.stderr,
                          setup_globals=caller)
        if status:
            raise SystemExit(status)


def _decorate(obj: Any) -> Any:
    if obj is None:
        return lambda inner: inner
    return obj


class Cell:
    """The type of a cell of a notebook file run as a script (for annotations and `isinstance`
    in code written for marimo): `@app.cell` hands back the cell's function itself."""
