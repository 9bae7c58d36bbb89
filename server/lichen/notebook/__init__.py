"""The notebook file format: marimo's `.py` layout, read and written without losing a byte.

`parse(text)` never raises; `serialize(parse(text)) == text` for files marimo or Lichen wrote,
and editing one cell changes only that cell's lines. The reader and writer load on first use, so
a kernel that only needs the model does not pay for them at start-up.
"""

from lichen.notebook.model import Cell, CellConfig, CellKind, FormatProblem, Notebook, Source

_LAZY = {"parse": "lichen.notebook.reader", "serialize": "lichen.notebook.writer"}


def new_notebook() -> Notebook:
    """A new notebook, written with the `lichen` header: a cell importing `lichen` (as marimo's
    new notebooks import marimo, so Markdown cells and `lichen.ui` work when the file runs as a
    script), then an empty cell."""
    from lichen.notebook.markdown import DEFAULT_ALIAS, import_code

    return Notebook(cells=(Cell(code=import_code(DEFAULT_ALIAS["lichen"], "lichen")), Cell()))


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'lichen.notebook' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "Cell",
    "CellConfig",
    "CellKind",
    "FormatProblem",
    "Notebook",
    "Source",
    "new_notebook",
    "parse",
    "serialize",
]
