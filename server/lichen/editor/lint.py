"""Ruff's findings on a notebook's cells as diagnostics, beside the notebook's own
(`cell_diagnostics`); formatting by Ruff is `lichen.editor.formatting`'s.

Ruff lints the whole notebook at once (`lichen.language.ruff_cells`), in the host's analysis
turn, never on the loop, once no change came for `QUIET` s: while the user types, completions
never wait behind a lint, and a burst of keystrokes costs one Ruff run. A change that arrives
during a run makes the pass go once more. Findings are kept per cell with the code they are
about, and shown only while the cell's code is still that. Where Ruff is not installed (always
in the Pyodide worker) nothing is linted.
"""

from __future__ import annotations

import asyncio
import os
from typing import TYPE_CHECKING

from lichen.editor.cell_diagnostics import WARNING, CellDiagnostic, Published
from lichen.editor.documents import NotebookDoc
from lichen.editor.sync import MARKUP
from lichen.language import ruff_cells

if TYPE_CHECKING:
    from lichen.editor.service import Editor

QUIET = 0.3  # seconds without a change before a notebook is linted


class Linter:
    def __init__(self, ed: Editor) -> None:
        self._ed = ed
        # notebook -> cell -> (the code linted, its findings)
        self._found: dict[str, dict[str, tuple[str, tuple[CellDiagnostic, ...]]]] = {}
        self._changed: dict[str, bool] = {}  # notebooks with a pass under way -> changed since
        self._tasks: set[asyncio.Task] = set()

    def diagnostics(self, doc: NotebookDoc) -> Published:
        """Ruff's findings on the notebook's cells whose code is still the code linted."""
        found = self._found.get(doc.uri, {})
        return {cell: items for cell, (code, items) in found.items()
                if items and cell in doc.graph and doc.code(cell) == code}

    def changed(self, doc: NotebookDoc) -> None:
        """The notebook changed: lint it again once typing pauses."""
        if ruff_cells.binary() is None:
            return
        under_way = doc.uri in self._changed
        self._changed[doc.uri] = True
        if not under_way:
            task = asyncio.ensure_future(self._pass(doc.uri))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    def forget(self, uri: str) -> None:
        self._found.pop(uri, None)

    def close(self) -> None:
        """The editor is going: no more passes."""
        for task in list(self._tasks):
            task.cancel()

    async def _pass(self, uri: str) -> None:
        try:
            while self._changed[uri]:
                self._changed[uri] = False
                await asyncio.sleep(QUIET)
                if self._changed[uri]:
                    continue  # still typing
                doc = self._ed.notebooks.get(uri)
                if doc is None:
                    return
                cells, folder = self._lintable(doc), notebook_folder(doc)
                found = await self._ed.host.analyse(lambda: ruff_cells.lint(cells, folder))
                if uri not in self._ed.notebooks:
                    return
                self._found[uri] = {
                    cell: (code, tuple(_diagnostic(f) for f in found.get(cell, ())))
                    for cell, code in cells}
                self._ed.publish(self._ed.notebooks[uri], lint=False)
        finally:
            self._changed.pop(uri, None)

    def _lintable(self, doc: NotebookDoc) -> list[tuple[str, str]]:
        """The code cells that parse, in run order, with their code."""
        synced = self._ed.synced.notebooks.get(doc.uri)
        markdown = {c.uri for c in synced.cells if c.kind == MARKUP} if synced else set()
        graph = doc.graph
        return [(cell, graph.code(cell)) for cell in graph.order()
                if cell not in markdown and graph.code(cell).strip()
                and not any(p.kind == "syntax" for p in graph.facts(cell).problems)]


def notebook_folder(doc: NotebookDoc) -> str:
    """Where Ruff looks for the user's configuration: the notebook's folder."""
    path = doc.path
    return os.path.dirname(path) if path else os.getcwd()


def _diagnostic(finding: ruff_cells.Finding) -> CellDiagnostic:
    return CellDiagnostic(finding.line, finding.character, finding.end_line,
                          finding.end_character, finding.message, finding.code, WARNING,
                          source="ruff", href=finding.url)
