"""The module a static analyser sees for one cell: the notebook as a script, up to that cell.

A cell runs after its ancestors, with the globals of every cell that ran before; so the code
an analyser needs to understand a cell is the other cells' code in topological order, then the
cell itself. Two kinds of cell are left out:

- the cell's descendants (a cycle's other members included): reading one of their names would
  make a cycle, so they are never offered and never resolved;
- cells that do not parse: an unclosed bracket there would swallow the cells after it.

The cell comes last, so its own lines are the end of the module and positions map back by one
offset. `Layout` keeps where each included cell starts, to map any line of the module back to
its cell (definitions and references found in other cells).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from lichen.graph import Graph


@dataclass(frozen=True)
class Layout:
    text: str
    cells: tuple[str, ...]  # included cells, in module order; the edited cell last
    starts: tuple[int, ...]  # 0-based first line of each included cell

    @property
    def edited(self) -> str:
        return self.cells[-1]

    @property
    def offset(self) -> int:
        """The module's line of the edited cell's first line."""
        return self.starts[-1]

    def cell_at(self, line: int) -> tuple[str, int] | None:
        """The cell holding 0-based module `line`, and the line within that cell."""
        if line < 0:
            return None
        index = bisect.bisect_right(self.starts, line) - 1
        if index < 0:
            return None
        return self.cells[index], line - self.starts[index]


def _lines(code: str) -> int:
    return code.count("\n") + (0 if code.endswith("\n") or not code else 1)


def parses(graph: Graph, cell: str) -> bool:
    return not any(p.kind == "syntax" for p in graph.facts(cell).problems)


def prelude_cells(graph: Graph, cell: str) -> list[str]:
    """The other cells the module for `cell` holds, in the order they run."""
    hidden = graph.descendants([cell]) | {cell}
    return [c for c in graph.order() if c not in hidden and parses(graph, c)]


def layout_for(graph: Graph, cell: str, code: str | None = None) -> Layout:
    """The module for `cell` (with `code` in place of its graph code, if given)."""
    cells, starts, parts = [], [], []
    line = 0
    for other in prelude_cells(graph, cell):
        text = graph.code(other)
        if not text.strip():
            continue
        if not text.endswith("\n"):
            text += "\n"
        cells.append(other)
        starts.append(line)
        parts.append(text)
        line += _lines(text)
    cells.append(cell)
    starts.append(line)
    parts.append(graph.code(cell) if code is None else code)
    return Layout("".join(parts), tuple(cells), tuple(starts))
