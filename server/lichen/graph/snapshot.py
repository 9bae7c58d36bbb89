"""The tables behind one graph snapshot, how they are built, and how one cell's change updates them.

Cells are nodes; names join them. Besides each cell's code and facts a snapshot keeps:

- two name indexes, `definers` (name -> cells defining it) and `readers` (name -> cells reading
  it), from which one cell's edges follow without looking at any other cell: its parents are the
  definers of its refs, its children the readers of its defs;
- each cell's parents and children, so traversals never go through names;
- the cycles (strongly connected components of more than one cell), recorded for each member;
- the names defined more than once and the cells whose facts carry problems.

An edge depends only on the defs of its source and the refs of its target, so changing one cell
changes only edges touching it. `rewire` copies each table that changes once (a shallow dict copy)
and touches only the neighbours whose edges changed. Cycles are looked for only from the changed
cell: a new cycle must pass through it, and a broken one must have.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from lichen.graph.analyse import CellFacts
from lichen.graph.order import all_cycles, component_of, connected, cycles_among

Analyser = Callable[[str], CellFacts]
NONE: frozenset[str] = frozenset()
NO_FACTS = CellFacts(defs=NONE, refs=NONE, problems=())


@dataclass(frozen=True, slots=True)
class Node:
    code: str
    facts: CellFacts
    parents: frozenset[str]  # cells defining a name this cell reads
    children: frozenset[str]  # cells reading a name this cell defines


@dataclass(frozen=True)
class Snapshot:
    nodes: dict[str, Node]
    definers: dict[str, frozenset[str]]
    readers: dict[str, frozenset[str]]
    cycles: dict[str, frozenset[str]]  # cell -> the cells of its cycle (one object per cycle)
    multiple: frozenset[str]  # names with more than one definer
    flawed: frozenset[str]  # cells whose facts carry problems


def build(cells: Iterable[tuple[str, str]], analyse: Analyser) -> tuple[tuple[str, ...], Snapshot]:
    """The ids in position order and the snapshot of `(cell_id, code)` pairs, in linear time."""
    facts: dict[str, tuple[str, CellFacts]] = {}
    definers: dict[str, set[str]] = {}
    readers: dict[str, set[str]] = {}
    for cell_id, code in cells:
        if cell_id in facts:
            raise ValueError(f"cell {cell_id!r} appears twice")
        found = analyse(code)
        facts[cell_id] = (code, found)
        for name in found.defs:
            definers.setdefault(name, set()).add(cell_id)
        for name in found.refs:
            readers.setdefault(name, set()).add(cell_id)
    parents = {
        cell_id: frozenset(_union(definers, found.refs)) - {cell_id}
        for cell_id, (_, found) in facts.items()
    }
    children: dict[str, set[str]] = {cell_id: set() for cell_id in facts}
    for cell_id, cell_parents in parents.items():
        for parent in cell_parents:
            children[parent].add(cell_id)
    nodes = {
        cell_id: Node(code, found, parents[cell_id], frozenset(children[cell_id]))
        for cell_id, (code, found) in facts.items()
    }
    cycles = all_cycles(nodes, lambda c: nodes[c].parents, lambda c: nodes[c].children)
    snapshot = Snapshot(
        nodes=nodes,
        definers={name: frozenset(cells) for name, cells in definers.items()},
        readers={name: frozenset(cells) for name, cells in readers.items()},
        cycles=_cycle_table(cycles),
        multiple=frozenset(name for name, cells in definers.items() if len(cells) > 1),
        flawed=frozenset(cell_id for cell_id, (_, found) in facts.items() if found.problems),
    )
    return tuple(facts), snapshot


def rewire(old: Snapshot, cell_id: str, code: str, facts: CellFacts, remove: bool) -> Snapshot:
    """`old` with one cell given new code and facts (inserted if new, dropped if `remove`)."""
    nodes = dict(old.nodes)
    before = nodes.get(cell_id)
    was = before.facts if before else NO_FACTS
    definers = _reindex(old.definers, cell_id, was.defs, facts.defs)
    readers = _reindex(old.readers, cell_id, was.refs, facts.refs)
    parents = before.parents if before and was.refs == facts.refs else (
        frozenset(_union(definers, facts.refs)) - {cell_id}
    )
    children = before.children if before and was.defs == facts.defs else (
        frozenset(_union(readers, facts.defs)) - {cell_id}
    )
    old_parents = before.parents if before else NONE
    old_children = before.children if before else NONE
    _relink(nodes, cell_id, old_parents, parents, "children")
    _relink(nodes, cell_id, old_children, children, "parents")
    nodes[cell_id] = Node(code, facts, parents, children)
    gained = (parents - old_parents, children - old_children)
    changed = parents != old_parents or children != old_children
    cycles = _recycle(old.cycles, nodes, cell_id, *gained) if changed else old.cycles
    if remove:
        del nodes[cell_id]
    return Snapshot(
        nodes=nodes,
        definers=definers,
        readers=readers,
        cycles=cycles,
        multiple=_remark(old.multiple, was.defs ^ facts.defs, _defined_more_than_once(definers)),
        flawed=_remark(old.flawed, (cell_id,), lambda c: not remove and bool(facts.problems)),
    )


def _defined_more_than_once(definers: dict[str, frozenset[str]]) -> Callable[[str], bool]:
    return lambda name: len(definers.get(name, NONE)) > 1


def _union(index: dict, names: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for name in names:
        found.update(index.get(name, NONE))
    return found


def _reindex(index, cell_id: str, was: frozenset[str], now: frozenset[str]):
    """The name index with `cell_id` listed under `now` instead of `was`; shared if unchanged."""
    if was == now:
        return index
    index = dict(index)
    for name in was - now:
        rest = index[name] - {cell_id}
        if rest:
            index[name] = rest
        else:
            del index[name]
    for name in now - was:
        index[name] = index.get(name, NONE) | {cell_id}
    return index


def _relink(nodes: dict[str, Node], cell_id: str, was: frozenset, now: frozenset, side: str):
    """Add or drop `cell_id` on the `side` of each neighbour that gained or lost an edge to it."""
    for other in now - was:
        node = nodes[other]
        nodes[other] = replace(node, **{side: getattr(node, side) | {cell_id}})
    for other in was - now:
        node = nodes[other]
        nodes[other] = replace(node, **{side: getattr(node, side) - {cell_id}})


def _recycle(cycles, nodes: dict[str, Node], cell_id: str, new_parents, new_children):
    """The cycle table after the edges of `cell_id` changed, given the parents and children gained.

    The cycle that held the cell is dissolved and its cells re-examined, since cycles not through
    the cell keep their edges. A new cycle must use a gained edge, so for a cell on no cycle it is
    enough to ask whether the cell reaches a new parent or a new child reaches the cell; only then
    is the cell's component computed. Any old cycle that component meets lies wholly inside it.
    """
    cycles = dict(cycles)
    before = cycles.get(cell_id)
    recheck = set(before or (cell_id,))
    for member in recheck:
        cycles.pop(member, None)
    parents, children = (lambda c: nodes[c].parents), (lambda c: nodes[c].children)
    if (new_parents or new_children) and (
        before is not None
        or (new_parents and connected([cell_id], new_parents, parents, children))
        or (new_children and connected(new_children, [cell_id], parents, children))
    ):
        component = component_of(cell_id, parents, children)
        if len(component) > 1:
            cycles.update(dict.fromkeys(component, component))
        recheck -= component
    if len(recheck) > 1:
        cycles.update(_cycle_table(cycles_among(recheck, children)))
    return cycles


def _cycle_table(found: list[frozenset[str]]) -> dict[str, frozenset[str]]:
    return {cell: cycle for cycle in found for cell in cycle}


def _remark(marked: frozenset, keys: Iterable[str], is_marked: Callable[[str], bool]) -> frozenset:
    """`marked` with the membership of `keys` brought up to date; shared if nothing changed."""
    add = {key for key in keys if is_marked(key)} - marked
    drop = {key for key in keys if not is_marked(key)} & marked
    return (marked | add) - drop if add or drop else marked
