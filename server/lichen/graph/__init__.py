"""Static analysis of cells and the notebook's dependency graph (standard library only).

- `analyse_cell(code) -> CellFacts`: the globals one cell defines and reads, and the problems
  found in it (syntax errors, `import *`).
- `Graph`: an immutable snapshot of a notebook's cells, their facts and the edges between them.
  Updates return a new snapshot and re-analyse only the cells whose code changed.
"""

from lichen.graph.analyse import CellFacts, Problem, analyse_cell
from lichen.graph.dag import Graph, GraphError

__all__ = ["CellFacts", "Graph", "GraphError", "Problem", "analyse_cell"]
