"""The notebook's dependency graph as immutable snapshots (see `snapshot` for the tables).

An edge runs from each cell defining a name to each cell reading it, so a name defined by two cells
gives its readers two parents (and a multiple-definition error). Updates return a new `Graph`
sharing every unchanged table with the old one; replacing one cell's code re-analyses that cell
only. Reactivity errors are values (`GraphError`) computed on demand from the tables; exceptions
are for callers' bugs (an unknown or duplicate cell id).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lichen.graph.analyse import CellFacts, Problem, analyse_cell
from lichen.graph.order import reach, reach_within, topological
from lichen.graph.snapshot import NO_FACTS, NONE, Analyser, Snapshot, build, rewire

_KIND_RANK = {"syntax": 0, "import-star": 1, "multiple-definition": 2, "cycle": 3}


@dataclass(frozen=True)
class GraphError:
    """A reason some cells cannot run, with the names involved and what to do about it."""

    kind: str  # "multiple-definition" | "cycle" | "syntax" | "import-star"
    cells: tuple[str, ...]  # every cell involved, in position order
    names: tuple[str, ...]  # the names involved, sorted; empty for syntax
    message: str  # one line with a hint on what to do
    line: int | None = None  # syntax / import-star: 1-based line within the cell's code
    column: int | None = None


class _Layout:
    """Cell ids in position order, with a position index built on first use.

    Shared by every snapshot with the same cells in the same order, so edits that leave the order
    alone never rebuild the index.
    """

    __slots__ = ("ids", "_index")

    def __init__(self, ids: tuple[str, ...]) -> None:
        self.ids = ids
        self._index: dict[str, int] | None = None

    @property
    def index(self) -> dict[str, int]:
        if self._index is None:
            self._index = {cell: i for i, cell in enumerate(self.ids)}
        return self._index


class Graph:
    """An immutable snapshot of a notebook's cells, their facts and the edges between them."""

    __slots__ = ("_layout", "_state", "_analyse", "_memo")

    def __init__(self, layout: _Layout, state: Snapshot, analyse: Analyser) -> None:
        self._layout = layout
        self._state = state
        self._analyse = analyse
        self._memo: dict[str, object] = {}  # answers computed on demand for this snapshot

    # -- building and updating ------------------------------------------------------------------

    @classmethod
    def build(cls, cells: Iterable[tuple[str, str]], analyse: Analyser = analyse_cell) -> Graph:
        """A graph of `(cell_id, code)` pairs given in position order; linear in their size."""
        ids, state = build(cells, analyse)
        return cls(_Layout(ids), state, analyse)

    def with_code(self, cell_id: str, code: str) -> Graph:
        """This graph with one cell's code replaced; only that cell is re-analysed."""
        if self._state.nodes[cell_id].code == code:
            return self
        state = rewire(self._state, cell_id, code, self._analyse(code), remove=False)
        return Graph(self._layout, state, self._analyse)

    def with_cell(self, cell_id: str, code: str, index: int | None = None) -> Graph:
        """This graph with a new cell inserted before position `index` (appended by default)."""
        if cell_id in self._state.nodes:
            raise ValueError(f"cell {cell_id!r} is already in the graph")
        ids = self._layout.ids
        at = len(ids) if index is None else index
        state = rewire(self._state, cell_id, code, self._analyse(code), remove=False)
        return Graph(_Layout(ids[:at] + (cell_id,) + ids[at:]), state, self._analyse)

    def without_cell(self, cell_id: str) -> Graph:
        """This graph without one cell; the names it defined are gone with it."""
        if cell_id not in self._state.nodes:
            raise KeyError(cell_id)
        state = rewire(self._state, cell_id, "", NO_FACTS, remove=True)
        ids = self._layout.ids
        at = ids.index(cell_id)
        return Graph(_Layout(ids[:at] + ids[at + 1 :]), state, self._analyse)

    def with_order(self, cell_ids: Sequence[str]) -> Graph:
        """This graph with its cells moved to the order given; the set of ids must not change."""
        ids = tuple(cell_ids)
        if len(ids) != len(self._state.nodes) or set(ids) != self._state.nodes.keys():
            raise ValueError("with_order takes the graph's own cell ids, each once")
        return Graph(_Layout(ids), self._state, self._analyse)

    # -- queries --------------------------------------------------------------------------------

    @property
    def cells(self) -> tuple[str, ...]:
        """Cell ids in position order."""
        return self._layout.ids

    def __len__(self) -> int:
        return len(self._state.nodes)

    def __contains__(self, cell_id: object) -> bool:
        return cell_id in self._state.nodes

    def position(self, cell_id: str) -> int:
        """The cell's 0-based position in the notebook."""
        return self._layout.index[cell_id]

    def code(self, cell_id: str) -> str:
        return self._state.nodes[cell_id].code

    def facts(self, cell_id: str) -> CellFacts:
        return self._state.nodes[cell_id].facts

    def parents(self, cell_id: str) -> frozenset[str]:
        """Cells defining a name this cell reads."""
        return self._state.nodes[cell_id].parents

    def children(self, cell_id: str) -> frozenset[str]:
        """Cells reading a name this cell defines."""
        return self._state.nodes[cell_id].children

    def ancestors(self, cell_ids: Iterable[str]) -> frozenset[str]:
        """Every cell the given ones depend on, directly or not, excluding the given cells."""
        starts = _known(self, cell_ids)
        return frozenset(reach(starts, self._parents_of) - starts)

    def descendants(self, cell_ids: Iterable[str]) -> frozenset[str]:
        """Every cell depending on the given ones, directly or not, excluding the given cells."""
        starts = _known(self, cell_ids)
        return frozenset(reach(starts, self._children_of) - starts)

    def definers(self, name: str) -> tuple[str, ...]:
        """The cells defining `name`, in position order."""
        return self._by_position(self._state.definers.get(name, NONE))

    def readers(self, name: str) -> tuple[str, ...]:
        """The cells reading `name`, in position order."""
        return self._by_position(self._state.readers.get(name, NONE))

    def order(self, cell_ids: Iterable[str] | None = None) -> list[str]:
        """The given cells (default all) in topological order, ties broken by position.

        Cells caught in a cycle come after their ancestors, in position order. A subset is
        ordered by the paths between its cells, including paths through cells outside it; the
        cost follows the subset and its descendants, so "a cell and its descendants" costs that
        set's size times a log, whatever the notebook's size.
        """
        if cell_ids is None:
            if "order" not in self._memo:
                self._memo["order"] = self._sorted(self._state.nodes)
            return list(self._memo["order"])  # type: ignore[arg-type]
        chosen = _known(self, cell_ids)
        below = reach(chosen, self._children_of) - chosen
        between = reach_within(chosen, self._parents_of, below)
        return [cell for cell in self._sorted(chosen | between) if cell in chosen]

    @property
    def errors(self) -> tuple[GraphError, ...]:
        """Every reactivity error, by the position of the first cell involved, then by kind."""
        if "errors" not in self._memo:
            found: list[GraphError] = []
            for cell in self._state.flawed:
                found.extend(self._problem_errors(cell))
            found.extend(self._multiple_error(name) for name in self._state.multiple)
            for cycle in {id(c): c for c in self._state.cycles.values()}.values():
                found.append(self._cycle_error(cycle))
            self._memo["errors"] = tuple(sorted(found, key=self._error_key))
        return self._memo["errors"]  # type: ignore[return-value]

    def errors_of(self, cell_id: str) -> tuple[GraphError, ...]:
        """The errors involving this cell, in the order of `errors`."""
        defs = self._state.nodes[cell_id].facts.defs
        found = self._problem_errors(cell_id)
        found.extend(self._multiple_error(name) for name in defs & self._state.multiple)
        if cell_id in self._state.cycles:
            found.append(self._cycle_error(self._state.cycles[cell_id]))
        return tuple(sorted(found, key=self._error_key))

    # -- helpers --------------------------------------------------------------------------------

    def _parents_of(self, cell_id: str) -> frozenset[str]:
        return self._state.nodes[cell_id].parents

    def _children_of(self, cell_id: str) -> frozenset[str]:
        return self._state.nodes[cell_id].children

    def _by_position(self, cells: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted(cells, key=self._layout.index.__getitem__))

    def _sorted(self, cells: Iterable[str]) -> list[str]:
        index, cycles = self._layout.index, self._state.cycles
        return topological(cells, self._parents_of, self._children_of, index, cycles)

    def _error_key(self, error: GraphError):
        first = min(self._layout.index[cell] for cell in error.cells)
        return (first, _KIND_RANK[error.kind], error.names, error.line or 0, error.column or 0)

    def _problem_errors(self, cell_id: str) -> list[GraphError]:
        return [_problem_error(cell_id, p) for p in self._state.nodes[cell_id].facts.problems]

    def _multiple_error(self, name: str) -> GraphError:
        cells = self.definers(name)
        message = (
            f"'{name}' is defined by {len(cells)} cells: define it in one cell only "
            "(rename it in all but one, or merge the cells)"
        )
        return GraphError("multiple-definition", cells, (name,), message)

    def _cycle_error(self, cycle: frozenset[str]) -> GraphError:
        definers = self._state.definers
        names = sorted({
            name
            for cell in cycle
            for name in self._state.nodes[cell].facts.refs
            if not definers.get(name, NONE).isdisjoint(cycle)
        })
        message = (
            f"{len(cycle)} cells depend on each other through {', '.join(names)}: break the "
            "cycle by moving those definitions into one cell, or by merging the cells"
        )
        return GraphError("cycle", self._by_position(cycle), tuple(names), message)


def _problem_error(cell_id: str, problem: Problem) -> GraphError:
    return GraphError(problem.kind, (cell_id,), (), problem.message, problem.line, problem.column)


def _known(graph: Graph, cell_ids: Iterable[str]) -> set[str]:
    """The given ids as a set, refusing ids the graph does not hold (a caller's bug)."""
    chosen = set(cell_ids)
    unknown = [cell for cell in chosen if cell not in graph]
    if unknown:
        raise KeyError(unknown[0])
    return chosen
