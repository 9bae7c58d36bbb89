"""An open notebook as the editor syncs it: its code cells in order, and their dependency graph.

Cells are named by their editor URIs, which are also their ids in the `Graph`. Each sync gives
the new cell order and the text of the cells that may have changed; `sync` updates the graph for
exactly those (an insert analyses the new cell, an edit re-analyses one cell, a delete or a move
re-analyses nothing) and says what changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Mapping, Sequence
from urllib.parse import unquote, urlparse

from lichen.graph import Graph
from lichen.protocol import CellMetadata

_NO_META = CellMetadata()


@dataclass(frozen=True)
class NotebookDoc:
    uri: str
    cells: tuple[str, ...]  # code cells' URIs in notebook order
    graph: Graph
    # Name, kind and config of cells whose editor metadata has them (the rest: defaults).
    meta: Mapping[str, CellMetadata] = field(default_factory=dict)

    @property
    def path(self) -> str | None:
        """The notebook's file path, for `file:` URIs."""
        parsed = urlparse(self.uri)
        return unquote(parsed.path) if parsed.scheme == "file" else None

    def code(self, cell_uri: str) -> str:
        return self.graph.code(cell_uri)

    def metadata(self, cell_uri: str) -> CellMetadata:
        return self.meta.get(cell_uri, _NO_META)

    def position(self, cell_uri: str) -> int:
        """1-based position of the cell, as the user counts cells."""
        return self.graph.position(cell_uri) + 1


@dataclass(frozen=True)
class Change:
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    edited: tuple[str, ...] = ()  # cells whose code changed
    moved: bool = False  # the cells kept are in a new order

    @property
    def any(self) -> bool:
        return bool(self.added or self.removed or self.edited or self.moved)


def open_doc(uri: str, cells: Sequence[tuple[str, str]],
             meta: Mapping[str, CellMetadata] | None = None) -> NotebookDoc:
    """A notebook opened with these (cell URI, code) pairs, in order."""
    return NotebookDoc(uri, tuple(u for u, _ in cells), Graph.build(cells), dict(meta or {}))


def sync(doc: NotebookDoc, order: Sequence[str], texts: Mapping[str, str],
         meta: Mapping[str, CellMetadata] | None = None) -> tuple[NotebookDoc, Change]:
    """`doc` with its cells now in `order`; `texts` holds the code of new cells and of cells that
    may have been edited (other cells keep theirs); `meta` replaces the metadata it names."""
    order = tuple(order)
    kept = set(order)
    graph = doc.graph
    removed = tuple(u for u in doc.cells if u not in kept)
    for uri in removed:
        graph = graph.without_cell(uri)
    added, edited = [], []
    for uri in order:
        if uri not in graph:
            graph = graph.with_cell(uri, texts.get(uri, ""))
            added.append(uri)
        elif uri in texts and texts[uri] != graph.code(uri):
            graph = graph.with_code(uri, texts[uri])
            edited.append(uri)
    moved = graph.cells != order
    if moved:
        graph = graph.with_order(order)
    moved = moved and _kept_order(doc.cells, kept) != _kept_order(order, set(doc.cells))
    new_meta = {u: m for u, m in doc.meta.items() if u in kept}
    new_meta.update(meta or {})
    change = Change(tuple(added), removed, tuple(edited), moved)
    return replace(doc, cells=order, graph=graph, meta=new_meta), change


def with_metadata(doc: NotebookDoc, cell_uri: str, metadata: CellMetadata) -> NotebookDoc:
    return replace(doc, meta={**doc.meta, cell_uri: metadata})


def _kept_order(cells: Sequence[str], keep: set[str]) -> tuple[str, ...]:
    return tuple(u for u in cells if u in keep)
