"""Format Cell and Format Notebook by Ruff's formatter (`lichen.language.ruff_cells`):
`textDocument/formatting` on a cell, which VS Code also asks of each cell for Format Notebook.
Offered only where Ruff is installed (never in the Pyodide worker, which cannot run it).
"""

from __future__ import annotations

from typing import Any

from lichen import protocol as P
from lichen.editor.errors import EditorError
from lichen.editor.handlers import handles
from lichen.editor.lint import notebook_folder
from lichen.editor.service import Editor
from lichen.language import ruff_cells
from lichen.language.text import to_utf16


def capabilities() -> dict[str, Any]:
    """What this service offers beside `P.LANGUAGE_CAPABILITIES`: formatting, with Ruff."""
    return {"documentFormattingProvider": True} if ruff_cells.binary() is not None else {}


@handles(P.FORMATTING)
async def formatting(ed: Editor, params: P.DocumentFormattingParams) -> list[dict[str, Any]]:
    """The cell's code as Ruff formats it: one edit replacing the cell, or none when it is
    formatted already; refused, saying why, when Ruff is missing or the code does not parse."""
    cell = params.textDocument.uri
    doc = next((d for d in ed.notebooks.values() if cell in d.graph), None)
    if doc is None:
        return []
    code, folder = doc.code(cell), notebook_folder(doc)
    try:
        formatted = await ed.host.analyse(lambda: ruff_cells.format_cell(code, folder))
    except ruff_cells.FormatRefused as refused:
        raise EditorError("formatRefused", str(refused)) from None
    if formatted == code:
        return []
    lines = code.split("\n")
    end = {"line": len(lines) - 1, "character": to_utf16(lines[-1], len(lines[-1]))}
    return [{"range": {"start": {"line": 0, "character": 0}, "end": end}, "newText": formatted}]
