"""The notebook file format: marimo's `.py` layout, read and written without losing a byte.

`parse(text)` never raises; `serialize(parse(text)) == text` for files marimo or Lichen wrote,
and editing one cell changes only that cell's lines.
"""

from lichen.notebook.model import Cell, CellConfig, CellKind, FormatProblem, Notebook, Source
from lichen.notebook.reader import parse
from lichen.notebook.writer import serialize


def new_notebook() -> Notebook:
    """An empty notebook with one empty cell, written with the `lichen` header."""
    return Notebook(cells=(Cell(),))


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
