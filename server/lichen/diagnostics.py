"""A whole notebook's analysis in the terms of its file: what `lichen inspect` and `lichen check`
print. Cells are named by their index in the notebook; positions are lines of the file."""

from __future__ import annotations

from dataclasses import dataclass

from lichen.graph import Graph, GraphError
from lichen.notebook import Notebook
from lichen.notebook.codegen import compile_error
from lichen.notebook.text import indentation


@dataclass(frozen=True)
class Diagnostic:
    line: int  # 1-based, in the file
    column: int  # 1-based
    message: str
    kind: str
    cell: int | None = None  # index of the cell, None for the file as a whole


def notebook_graph(notebook: Notebook) -> Graph:
    """The dependency graph of a notebook; cell ids are the cells' indices as strings."""
    return Graph.build((str(index), cell.code) for index, cell in enumerate(notebook.cells))


def inspect_report(notebook: Notebook) -> dict:
    graph = notebook_graph(notebook)
    cells = []
    for index, cell in enumerate(notebook.cells):
        facts = graph.facts(str(index))
        cells.append(
            {
                "name": cell.name,
                "kind": cell.kind.value,
                "code": cell.code,
                "config": cell.config.as_dict(),
                "defs": sorted(facts.defs),
                "refs": sorted(facts.refs),
            }
        )
    errors = [
        {
            "kind": error.kind,
            "cells": sorted(int(cell) for cell in error.cells),
            "names": sorted(error.names),
            "message": error.message,
        }
        for error in graph.errors
    ]
    return {
        "app": dict(notebook.app_config),
        "cells": cells,
        "order": [int(cell) for cell in graph.order()],
        "errors": errors,
    }


def diagnose(notebook: Notebook, text: str) -> list[Diagnostic]:
    """Every problem of the notebook read from `text`, at its place in the file, in file order."""
    file_lines = text.splitlines()
    found = [Diagnostic(p.line, 1, p.message, "format") for p in notebook.problems]
    error = compile_error(text)
    if error is not None:  # what `python notebook.py` would say before running anything
        found.append(Diagnostic(error.lineno or 1, error.offset or 1,
                                f"the file does not compile: {error.msg}; `python` cannot run "
                                "it until this line is fixed", "syntax"))
    graph = notebook_graph(notebook)
    for error in graph.errors:
        found.extend(_diagnostics_of(notebook, file_lines, error))
    found.extend(_undefined_names(notebook, graph))
    return sorted(found, key=lambda d: (d.line, d.column, d.message))


def _undefined_names(notebook: Notebook, graph: Graph) -> list[Diagnostic]:
    """A name a cell reads that no cell defines and Python does not provide: running the file
    stops there with NameError (an `import` at the top of the file is not seen by the cells).
    Dunder names (`__file__`) come from the runtime; tables only SQL reads may be the database's."""
    found = []
    for index, cell in enumerate(notebook.cells):
        facts = graph.facts(str(index))
        for name in sorted(facts.refs - facts.sql_refs):
            if graph.definers(name) or (name.startswith("__") and name.endswith("__")):
                continue
            line = cell.source.line if cell.source is not None else 1
            message = (f"`{name}` is read but no cell defines it: running the notebook fails "
                       f"with NameError; define or import `{name}` in a cell")
            found.append(Diagnostic(line, 1, message, "undefined-name", index))
    return found


def _diagnostics_of(notebook: Notebook, file_lines: list[str], error: GraphError) -> list[Diagnostic]:
    indices = [int(cell) for cell in error.cells]
    result = []
    for index in indices:
        line, column = _position(notebook, file_lines, index, error.line or 1, error.column or 1)
        message = error.message
        others = [_position(notebook, file_lines, i, 1, 1)[0] for i in indices if i != index]
        if others:
            where = ", ".join(str(line) for line in others)
            message += f" (other cells at line{'s' if len(others) > 1 else ''} {where})"
        result.append(Diagnostic(line, column, message, error.kind, index))
    return result


def _position(
    notebook: Notebook, file_lines: list[str], index: int, line: int, column: int
) -> tuple[int, int]:
    """A position in a cell's code as a position in the file, where the code is indented."""
    cell = notebook.cells[index]
    if cell.source is None:
        return line, column
    file_line = cell.source.line + line - 1
    code_lines = cell.code.split("\n")
    if 0 < file_line <= len(file_lines) and 0 < line <= len(code_lines):
        shift = len(indentation(file_lines[file_line - 1])) - len(indentation(code_lines[line - 1]))
        column += max(shift, 0)
    return file_line, column
