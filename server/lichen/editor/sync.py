"""The editor's notebooks as the LSP notebook sync describes them: cells in order, and each cell's
text as its edits arrive.

`notebookDocument/didOpen`, `didChange` (structure changes, cell metadata, text edits) and
`didClose`, decoded into `lichen.protocol`'s LSP shapes. Text edits come as LSP ranges, in lines
and UTF-16 code units; an edit without a range replaces the whole text. Both hosts keep their
notebooks here (the daemon does not use pygls's workspace), so the cells' text is held once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lichen import protocol as P
from lichen.language.text import from_utf16

MARKUP, CODE = 1, 2  # LSP NotebookCellKind


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

    def graph_cells(self) -> list[SyncedCell]:
        """The cells in the dependency graph: code cells, and Markdown cells (an `md` call)."""
        return [c for c in self.cells if c.kind in (CODE, MARKUP)]


class Notebooks:
    """Every open notebook and the text of every cell."""

    def __init__(self) -> None:
        self.notebooks: dict[str, SyncedNotebook] = {}
        self.texts: dict[str, str] = {}

    def get(self, uri: str) -> SyncedNotebook | None:
        return self.notebooks.get(uri)

    def text(self, cell_uri: str) -> str:
        return self.texts.get(cell_uri, "")

    def open(self, params: P.DidOpenNotebookDocumentParams) -> SyncedNotebook:
        """`notebookDocument/didOpen`."""
        doc = params.notebookDocument
        notebook = SyncedNotebook(doc.uri, dict(doc.metadata or {}), [_cell(c) for c in doc.cells])
        for item in params.cellTextDocuments:
            self.texts[item.uri] = item.text
        self.notebooks[notebook.uri] = notebook
        return notebook

    def change(self, params: P.DidChangeNotebookDocumentParams) -> set[str]:
        """`notebookDocument/didChange`; the cells it names (new, edited, new metadata)."""
        notebook = self.notebooks[params.notebookDocument.uri]
        change = params.change
        if change.metadata is not None:
            notebook.metadata = dict(change.metadata)
        cells = change.cells or P.CellsChange()
        touched: set[str] = set()
        if cells.structure is not None:
            touched |= self._restructure(notebook, cells.structure)
        by_uri = {c.uri: c for c in notebook.cells}
        for data in cells.data or ():
            cell = by_uri.get(data.document)
            if cell is not None:
                cell.kind = data.kind
                cell.metadata = dict(data.metadata or {})
                touched.add(cell.uri)
        for content in cells.textContent or ():
            uri = content.document.uri
            text = self.texts.get(uri, "")
            for edit in content.changes:
                text = apply_edit(text, edit)
            self.texts[uri] = text
            touched.add(uri)
        return touched

    def close(self, params: P.DidCloseNotebookDocumentParams) -> SyncedNotebook | None:
        """`notebookDocument/didClose`."""
        notebook = self.notebooks.pop(params.notebookDocument.uri, None)
        for item in params.cellTextDocuments:
            self.texts.pop(item.uri, None)
        if notebook is not None:
            for cell in notebook.cells:
                self.texts.pop(cell.uri, None)
        return notebook

    def _restructure(self, notebook: SyncedNotebook, structure: P.CellStructureChange) -> set[str]:
        array = structure.array
        new = [_cell(c) for c in array.cells or ()]
        notebook.cells[array.start:array.start + array.deleteCount] = new
        for item in structure.didOpen or ():
            self.texts[item.uri] = item.text
        for ref in structure.didClose or ():
            self.texts.pop(ref.uri, None)
        return {c.uri for c in new} | {d.uri for d in structure.didOpen or ()}


def _cell(data: P.NotebookCell) -> SyncedCell:
    return SyncedCell(data.document, data.kind, dict(data.metadata or {}))


def apply_edit(text: str, edit: P.TextChange) -> str:
    """`text` with one LSP content change applied (a range edit, or the whole new text)."""
    span = edit.range
    if span is None:
        return edit.text
    start = offset(text, span.start)
    end = offset(text, span.end)
    if end < start:
        start, end = end, start
    return text[:start] + edit.text + text[end:]


def offset(text: str, position: P.Position) -> int:
    """The index in `text` of an LSP position (0-based line, UTF-16 column), clamped to the text
    and to its line (a column past the line's end means its end, as LSP says)."""
    start = 0
    for _ in range(max(position.line, 0)):
        newline = text.find("\n", start)
        if newline < 0:
            return len(text)
        start = newline + 1
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    if end > start and text[end - 1] == "\r":
        end -= 1
    return start + from_utf16(text[start:end], max(position.character, 0))

