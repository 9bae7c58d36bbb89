"""A notebook as a plain Python script: every cell's code in topological order, runnable with
`python` and readable without Lichen. Markdown cells become comments; a cell that does not parse,
or one caught in a cycle, is commented out with a note, so the script still runs."""

from __future__ import annotations

from lichen.convert.markdown_cells import markdown_of
from lichen.graph import Graph
from lichen.notebook import CellKind, Notebook


def to_script(notebook: Notebook) -> str:
    graph = Graph.build((str(i), cell.code) for i, cell in enumerate(notebook.cells))
    broken = {c for error in graph.errors for c in error.cells}
    parts = [notebook.header.rstrip("\n")] if notebook.header.strip() else []
    for cell_id in graph.order():
        cell = notebook.cells[int(cell_id)]
        number = int(cell_id) + 1
        text = markdown_of(cell.code)
        if text is not None:
            parts.append("\n".join("# " + line if line else "#" for line in text.split("\n")))
        elif cell.config.disabled:
            parts.append(_commented(cell.code, f"cell {number} is disabled"))
        elif cell.kind == CellKind.UNPARSABLE or any(p.kind == "syntax" for p in
                                                      graph.facts(cell_id).problems):
            parts.append(_commented(cell.code, f"cell {number} does not parse"))
        elif cell_id in broken:
            reason = "; ".join(e.message for e in graph.errors_of(cell_id))
            parts.append(_commented(cell.code, f"cell {number}: {reason}"))
        elif cell.code.strip():
            parts.append(f"# cell {number}\n{cell.code}")
    return "\n\n\n".join(parts) + "\n"


def _commented(code: str, why: str) -> str:
    lines = "\n".join("# " + line if line else "#" for line in code.split("\n"))
    return f"# {why}; not run:\n{lines}"
