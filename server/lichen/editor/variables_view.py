"""The variables view's model: the kernel's globals (`lichen.runtime.variables` rows) with, for
each, the cells of the editor's notebook that read it (from its dependency graph)."""

from __future__ import annotations

from typing import Any, Sequence

from lichen.editor.documents import NotebookDoc
from lichen.protocol import Variable, Variables


def of(doc: NotebookDoc, rows: Sequence[Sequence[Any]]) -> Variables:
    """`rows` ([cell id, name, type, short value, size]) as the view lists them. A cell the
    editor no longer has is not listed (its names leave the kernel before the next run)."""
    found = []
    for cell_uri, name, type_name, value, size in rows:
        if cell_uri not in doc.graph:
            continue
        found.append(Variable(name, type_name, value, size, cell_uri, doc.graph.readers(name)))
    return Variables(tuple(sorted(found, key=lambda v: v.name)))
