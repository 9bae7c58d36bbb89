"""The editor's notebooks as the LSP notebook sync describes them: cells in order, and each cell's
text as its edits arrive.

This is the part of pygls's workspace the worker needs: `notebookDocument/didOpen`, `didChange`
(structure changes, cell metadata, text edits) and `didClose`. Text edits come as LSP ranges, in
lines and UTF-16 code units; an edit without a range replaces the whole text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CODE = 2  # LSP NotebookCellKind.Code


@dataclass
class SyncedCell:
    uri: str
    kind: int
    metadata: dict[str, Any]


@dataclass
class SyncedNotebook:
    uri: str
    metadata: dict[str, Any]
    cells: list[SyncedCell] = field(default_factory=list)

    def code_cells(self) -> list[SyncedCell]:
        return [c for c in self.cells if c.kind == CODE]


class Notebooks:
    """Every open notebook and the text of every cell."""

    def __init__(self) -> None:
        self.notebooks: dict[str, SyncedNotebook] = {}
        self.texts: dict[str, str] = {}

    def get(self, uri: str) -> SyncedNotebook | None:
        return self.notebooks.get(uri)

    def text(self, cell_uri: str) -> str:
        return self.texts.get(cell_uri, "")

    def open(self, params: dict[str, Any]) -> SyncedNotebook:
        """`notebookDocument/didOpen`."""
        doc = params["notebookDocument"]
        notebook = SyncedNotebook(doc["uri"], dict(doc.get("metadata") or {}),
                                  [_cell(c) for c in doc.get("cells") or ()])
        for item in params.get("cellTextDocuments") or ():
            self.texts[item["uri"]] = item.get("text", "")
        self.notebooks[notebook.uri] = notebook
        return notebook

    def change(self, params: dict[str, Any]) -> set[str]:
        """`notebookDocument/didChange`; the cells it names (new, edited, new metadata)."""
        notebook = self.notebooks[params["notebookDocument"]["uri"]]
        change = params.get("change") or {}
        if change.get("metadata") is not None:
            notebook.metadata = dict(change["metadata"])
        cells = change.get("cells") or {}
        touched: set[str] = set()
        structure = cells.get("structure")
        if structure is not None:
            touched |= self._restructure(notebook, structure)
        by_uri = {c.uri: c for c in notebook.cells}
        for data in cells.get("data") or ():
            cell = by_uri.get(data["document"])
            if cell is not None:
                cell.kind = data.get("kind", cell.kind)
                cell.metadata = dict(data.get("metadata") or {})
                touched.add(cell.uri)
        for content in cells.get("textContent") or ():
            uri = content["document"]["uri"]
            text = self.texts.get(uri, "")
            for edit in content.get("changes") or ():
                text = apply_edit(text, edit)
            self.texts[uri] = text
            touched.add(uri)
        return touched

    def close(self, params: dict[str, Any]) -> SyncedNotebook | None:
        """`notebookDocument/didClose`."""
        notebook = self.notebooks.pop(params["notebookDocument"]["uri"], None)
        for item in params.get("cellTextDocuments") or ():
            self.texts.pop(item["uri"], None)
        if notebook is not None:
            for cell in notebook.cells:
                self.texts.pop(cell.uri, None)
        return notebook

    def _restructure(self, notebook: SyncedNotebook, structure: dict[str, Any]) -> set[str]:
        array = structure.get("array") or {}
        start = array.get("start", 0)
        new = [_cell(c) for c in array.get("cells") or ()]
        notebook.cells[start:start + array.get("deleteCount", 0)] = new
        for item in structure.get("didOpen") or ():
            self.texts[item["uri"]] = item.get("text", "")
        for item in structure.get("didClose") or ():
            self.texts.pop(item["uri"], None)
        return {c.uri for c in new} | {d["uri"] for d in structure.get("didOpen") or ()}


def _cell(data: dict[str, Any]) -> SyncedCell:
    return SyncedCell(data["document"], data.get("kind", CODE), dict(data.get("metadata") or {}))


def apply_edit(text: str, edit: dict[str, Any]) -> str:
    """`text` with one LSP content change applied (a range edit, or the whole new text)."""
    new = edit.get("text", "")
    span = edit.get("range")
    if span is None:
        return new
    start = offset(text, span["start"])
    end = offset(text, span["end"])
    if end < start:
        start, end = end, start
    return text[:start] + new + text[end:]


def offset(text: str, position: dict[str, Any]) -> int:
    """The index in `text` of an LSP position (0-based line, UTF-16 column), clamped to the text
    and to its line (a column past the line's end means its end, as LSP says)."""
    line, column = position.get("line", 0), position.get("character", 0)
    start = 0
    for _ in range(max(line, 0)):
        newline = text.find("\n", start)
        if newline < 0:
            return len(text)
        start = newline + 1
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    if end > start and text[end - 1] == "\r":
        end -= 1
    return start + _index_of_utf16(text[start:end], column)


def _index_of_utf16(line: str, units: int) -> int:
    if line.isascii():
        return min(max(units, 0), len(line))
    count = 0
    for index, char in enumerate(line):
        if count >= units:
            return index
        count += 2 if ord(char) > 0xFFFF else 1
    return len(line)
