"""Reactivity errors of a notebook as diagnostics on its cells, before anything runs.

Every cell an error involves gets a diagnostic naming the other cells by their position ("also
defined in cell 3"), at the place in its code the error is about: the line and column of a
syntax error or `import *`, the first mention of the name defined twice or read around a cycle.
Beside them, each cell's name problems (`lichen.language.diagnostics`: names no cell defines,
imports no cell reads), and a linter's findings (`lichen.editor.lint`: Ruff's). Positions are 0-based lines and UTF-16 columns, as LSP counts them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lichen.editor.documents import NotebookDoc
from lichen.graph import GraphError
from lichen.language.diagnostics import name_problems

ERROR, WARNING = 1, 2  # LSP DiagnosticSeverity


@dataclass(frozen=True)
class CellDiagnostic:
    line: int  # 0-based
    character: int  # 0-based, UTF-16 code units
    end_line: int
    end_character: int
    message: str
    # the error's kind: "multiple-definition" | "cycle" | "syntax" | "import-star", or a name
    # problem of `lichen.language.diagnostics`: "undefined-name" | "unused-import"
    code: str
    severity: int = ERROR
    tags: tuple[int, ...] = ()  # LSP DiagnosticTag (1: unnecessary, drawn faded)
    source: str = "lichen"  # or "ruff" (`lichen.editor.lint`), whose `code` is a rule's
    href: str | None = None  # the documentation of the rule


def notebook_diagnostics(doc: NotebookDoc) -> dict[str, tuple[CellDiagnostic, ...]]:
    """The diagnostics of every cell that has some."""
    found: dict[str, list[CellDiagnostic]] = {}
    for error in doc.graph.errors:
        for cell in error.cells:
            found.setdefault(cell, []).append(_diagnostic(doc, error, cell))
    starred = any(error.kind == "import-star" for error in doc.graph.errors)
    for cell in doc.cells:
        for p in name_problems(doc.graph, cell, starred):
            found.setdefault(cell, []).append(CellDiagnostic(
                p.line, p.character, p.line, p.end_character, p.message, p.code, p.severity,
                p.tags))
    return {cell: tuple(items) for cell, items in found.items()}


Published = dict[str, tuple[CellDiagnostic, ...]]


def changed_diagnostics(doc: NotebookDoc, before: Published, removed: tuple[str, ...] = (),
                        more: Published | None = None) -> tuple[Published, Published]:
    """The notebook's diagnostics now (with `more`, a linter's), and those to send: every cell
    whose diagnostics changed since `before`, and every removed cell (sent empty, to clear what
    it showed)."""
    found = notebook_diagnostics(doc)
    for cell, items in (more or {}).items():
        found[cell] = found.get(cell, ()) + items
    to_send = {
        cell: found.get(cell, ())
        for cell in set(found) | set(before) | set(removed)
        if before.get(cell, ()) != found.get(cell, ()) or cell in removed
    }
    return found, to_send


def _diagnostic(doc: NotebookDoc, error: GraphError, cell: str) -> CellDiagnostic:
    code = doc.code(cell)
    if error.line is not None:
        line, start, end = _at(code, error.line - 1, (error.column or 1) - 1)
    else:
        line, start, end = _mention(code, _names_in(doc, error, cell))
    message = error.message + _others(doc, error, cell)
    return CellDiagnostic(line, start, line, end, message, error.kind)


def _names_in(doc: NotebookDoc, error: GraphError, cell: str) -> tuple[str, ...]:
    """The names to point at in this cell: for a cycle, those it reads from the others."""
    if error.kind == "cycle":
        reads = doc.graph.facts(cell).refs
        return tuple(n for n in error.names if n in reads) or error.names
    return error.names


def _others(doc: NotebookDoc, error: GraphError, cell: str) -> str:
    others = [doc.position(c) for c in error.cells if c != cell]
    if not others:
        return ""
    where = _cells_phrase(others)
    if error.kind == "multiple-definition":
        return f"; also defined in {where}"
    return f"; the cycle goes through {where}"


def _cells_phrase(positions: list[int]) -> str:
    if len(positions) == 1:
        return f"cell {positions[0]}"
    return "cells " + ", ".join(map(str, positions[:-1])) + f" and {positions[-1]}"


def _at(code: str, line: int, column: int) -> tuple[int, int, int]:
    """A 0-based (line, column) in characters as (line, start, end) in UTF-16 units, spanning
    the rest of the word there (at least one character)."""
    lines = code.split("\n")
    line = min(max(line, 0), max(len(lines) - 1, 0))
    text = lines[line] if lines else ""
    column = min(max(column, 0), len(text))
    word = re.match(r"\w+", text[column:])
    end = column + (len(word.group()) if word else 1)
    return line, _utf16(text, column), _utf16(text, min(end, len(text))) or 1


def _mention(code: str, names: tuple[str, ...]) -> tuple[int, int, int]:
    """Where one of `names` first appears as a whole word outside a comment."""
    if names:
        pattern = re.compile(r"(?<![\w.])(?:" + "|".join(map(re.escape, names)) + r")\b")
        for number, text in enumerate(code.split("\n")):
            body = text.split("#", 1)[0]
            match = pattern.search(body)
            if match:
                return number, _utf16(text, match.start()), _utf16(text, match.end())
    first = code.split("\n", 1)[0]
    return 0, 0, _utf16(first, len(first)) or 1


def _utf16(text: str, column: int) -> int:
    prefix = text[:column]
    if prefix.isascii():
        return len(prefix)
    return len(prefix.encode("utf-16-le")) // 2


def lsp_json(d: CellDiagnostic) -> dict:
    """An LSP `Diagnostic` as JSON data."""
    return {"range": {"start": {"line": d.line, "character": d.character},
                      "end": {"line": d.end_line, "character": d.end_character}},
            "message": d.message, "severity": d.severity, "code": d.code, "source": d.source,
            **({"tags": list(d.tags)} if d.tags else {}),
            **({"codeDescription": {"href": d.href}} if d.href else {})}
