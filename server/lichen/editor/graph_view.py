"""The graph view's model: the notebook's cells as nodes (a label and what each defines) and an
edge from each defining cell to each reading cell, labelled with the names it carries. The
graph's errors are put where they are: a cycle's edges and cells, a name's definers."""

from __future__ import annotations

from lichen.editor.documents import NotebookDoc
from lichen.protocol import CellGraph, GraphEdge, GraphNode

LABEL_LENGTH = 40


def of(doc: NotebookDoc) -> CellGraph:
    graph = doc.graph
    cycles: set[str] = set()
    multiple: set[str] = set()
    messages: dict[str, list[str]] = {}
    for error in graph.errors:
        for cell in error.cells:
            messages.setdefault(cell, []).append(error.message)
        if error.kind == "cycle":
            cycles.update(error.cells)
        elif error.kind == "multiple-definition":
            multiple.update(error.names)
    nodes, edges = [], []
    for cell in graph.cells:
        facts = graph.facts(cell)
        nodes.append(GraphNode(cell, label(doc, cell), tuple(sorted(facts.defs)),
                               tuple(messages.get(cell, ()))))
        carried: dict[str, list[str]] = {}
        for name in facts.refs:
            for source in graph.definers(name):
                if source != cell:
                    carried.setdefault(source, []).append(name)
        for source in sorted(carried, key=graph.position):
            names = tuple(sorted(carried[source]))
            error = ("cycle" if source in cycles and cell in cycles
                     else "multiple-definition" if multiple.intersection(names) else None)
            edges.append(GraphEdge(source, cell, names, error))
    return CellGraph(tuple(nodes), tuple(edges))


def label(doc: NotebookDoc, cell: str) -> str:
    """The cell's function name when it has one, else its first line of code that says something."""
    name = doc.metadata(cell).name
    if name and name != "_":
        return name
    for line in doc.code(cell).splitlines():
        text = line.strip()
        if text and not text.startswith("#"):
            return text if len(text) <= LABEL_LENGTH else text[:LABEL_LENGTH - 1] + "…"
    return "(empty cell)"
