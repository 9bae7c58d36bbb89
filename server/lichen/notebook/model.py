"""The in-memory shape of a notebook file: frozen dataclasses, edited with `dataclasses.replace`.

Fields a user edits (a cell's code, name, config, kind; the App's options) take part in equality.
The verbatim text a cell or a part of the file was read from rides along with `compare=False`, so
an untouched cell is written back byte for byte while an edited one is generated afresh.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from typing import Any

from lichen.notebook.text import normalize_code


class CellKind(str, enum.Enum):
    CELL = "cell"  # @app.cell
    SETUP = "setup"  # with app.setup:
    FUNCTION = "function"  # @app.function
    CLASS = "class"  # @app.class_definition
    UNPARSABLE = "unparsable"  # app._unparsable_cell(...), or code that is no cell at all

    def edited(self) -> CellKind:
        """The kind of a cell once its code is replaced: code that could not be parsed when
        the file was read is judged by what it says now (a plain cell; the writer writes it as
        unparsable again while it does not parse)."""
        return CellKind.CELL if self is CellKind.UNPARSABLE else self


@dataclass(frozen=True)
class CellConfig:
    hide_code: bool = False
    disabled: bool = False
    column: int | None = None
    # Options this version does not know (marimo's `expand_output`, ...), kept so they survive a
    # save: (keyword, Python source of the value) pairs.
    extra: tuple[tuple[str, str], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {"hide_code": self.hide_code, "disabled": self.disabled, "column": self.column}


@dataclass(frozen=True)
class Source:
    """How a piece was written in the file it came from, so it can be written back unchanged.

    `lead` is the blank space between the previous piece and this one; `text` is the piece itself.
    `key` is what the text was derived from: while the piece's key is unchanged at write time,
    `text` is written as it was; otherwise the piece is generated afresh after the same `lead`.
    """

    lead: str
    text: str
    key: Any = None
    # 1-based line of the file where the cell's code begins, for positions in error messages.
    line: int = 1


@dataclass(frozen=True)
class Cell:
    """One cell. `code` is what the user edits: dedented, without the `def`/`return` wrapper."""

    code: str = ""
    name: str = "_"
    config: CellConfig = field(default_factory=CellConfig)
    kind: CellKind = CellKind.CELL
    source: Source | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        # Code is kept normalized so that writing and reading it back gives the same cell.
        normalized = normalize_code(self.code)
        if normalized != self.code:
            object.__setattr__(self, "code", normalized)

    def with_code(self, code: str) -> Cell:
        """This cell with code the user gave it, of the kind edited code has (`CellKind.edited`):
        a restart or a save takes it as it is now, not as the file had it."""
        return replace(self, code=code, kind=self.kind.edited())


@dataclass(frozen=True)
class Notebook:
    cells: tuple[Cell, ...] = ()
    # Options passed to `App(...)`, as Python literals (width="medium", app_title=...).
    app_config: dict[str, Any] = field(default_factory=dict)
    # The module the file imports its App from: "marimo" or "lichen".
    module: str = "lichen"
    # Everything before `import marimo` / `import lichen`: PEP 723 block, comments, docstring.
    header: str = ""
    generated_with: str | None = None
    # Verbatim text of the preamble (one piece for each of the import, `__generated_with` and
    # `app = ...`) and of what follows the last cell (the `__main__` guard), for byte-for-byte
    # round trips; None for a notebook that was not read from a file.
    preamble: tuple[Source, ...] | None = field(default=None, compare=False, repr=False)
    trailer: Source | None = field(default=None, compare=False, repr=False)
    # Line ending for generated text: the file's own, so a CRLF file stays CRLF.
    newline: str = field(default="\n", compare=False)
    # What the parser had to work around (a file that is no notebook, a cell kept as unparsable).
    problems: tuple[FormatProblem, ...] = field(default=(), compare=False)


# Codes of the problems reading a file can have (`FormatProblem.code`; the editor's
# `lichen.protocol.FormatProblemCode`).
NOT_A_NOTEBOOK = "notANotebook"  # no `app = marimo.App()`: read as a script, cell by cell
STRAY_CODE = "strayCode"  # code outside any cell, kept as a cell of its own


@dataclass(frozen=True)
class FormatProblem:
    line: int  # 1-based line in the file
    message: str  # for people
    code: str  # NOT_A_NOTEBOOK or STRAY_CODE, for code that must tell problems apart
