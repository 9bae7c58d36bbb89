"""The code the dependency graph holds for each synced cell: a code cell's text, and for a
Markdown cell the `md` call the file has for it (`lichen.notebook.markdown`), so Markdown cells
read `mo` in the graph as they do in marimo and runs keep their order."""

from __future__ import annotations

from typing import Mapping, Sequence

from lichen.notebook import markdown
from lichen.editor.notebook_data import markdown_previous
from lichen.editor.sync import MARKUP, Notebooks, SyncedCell, SyncedNotebook
from lichen.protocol import CellMetadata


def graph_codes(texts: Notebooks, notebook: SyncedNotebook, cells: Sequence[SyncedCell],
                metas: Mapping[str, CellMetadata]) -> dict[str, str]:
    """The graph's code of each of `cells` (URI -> code)."""
    codes = {}
    aliases: frozenset[str] | None = None
    module = str(notebook.metadata.get("module", "lichen"))
    for cell in cells:
        text = texts.text(cell.uri)
        if cell.kind != MARKUP:
            codes[cell.uri] = text
            continue
        if aliases is None:  # only when a Markdown cell changed: one scan of the code cells
            aliases = markdown.module_aliases(
                texts.text(c.uri) for c in notebook.cells if c.kind != MARKUP)
        meta = metas.get(cell.uri)
        previous = None if meta is None else markdown_previous(meta)
        alias = markdown.choose_alias(previous, aliases, module)
        codes[cell.uri] = markdown.cell_code(text, previous, alias)
    return codes
