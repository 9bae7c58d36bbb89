"""Algorithms over the cell graph: reachability, strongly connected components, topological order.

Cells are nodes; an edge runs from a cell defining a name to each cell reading it. The functions
here are pure and see the graph only through `step` callables (cell -> neighbouring cells), so they
know nothing of names, code or snapshots, and tests can drive them with plain dicts.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Collection, Iterable, Mapping

Step = Callable[[str], Iterable[str]]


def reach(starts: Iterable[str], step: Step) -> set[str]:
    """Every cell reachable from `starts` in one or more steps (a start only if on a cycle)."""
    seen: set[str] = set()
    stack = list(starts)
    while stack:
        for cell in step(stack.pop()):
            if cell not in seen:
                seen.add(cell)
                stack.append(cell)
    return seen


def reach_within(starts: Iterable[str], step: Step, allowed: Collection[str]) -> set[str]:
    """The cells of `allowed` reachable from `starts` by paths that stay inside `allowed`."""
    seen: set[str] = set()
    stack = list(starts)
    while stack:
        for cell in step(stack.pop()):
            if cell in allowed and cell not in seen:
                seen.add(cell)
                stack.append(cell)
    return seen


class _Search:
    """A depth-first search that can be advanced one cell at a time."""

    __slots__ = ("seen", "stack", "step")

    def __init__(self, starts: Iterable[str], step: Step) -> None:
        self.seen = set(starts)
        self.stack = list(self.seen)
        self.step = step

    def advance(self) -> list[str] | None:
        """Expand one more cell: the cells it showed first, or None once all are seen."""
        if not self.stack:
            return None
        new = [cell for cell in self.step(self.stack.pop()) if cell not in self.seen]
        self.seen.update(new)
        self.stack.extend(new)
        return new


def connected(
    sources: Iterable[str], targets: Iterable[str], parents: Step, children: Step
) -> bool:
    """Whether a path leads from some source to some target (the two sets being disjoint).

    Searches down from the sources and up from the targets in turns, stopping when they meet or
    one side runs out, so the cost is bounded by the smaller side: a cell in the middle of a long
    chain that starts reading a name from near the top is checked by looking at the top only.
    """
    down, up = _Search(sources, children), _Search(targets, parents)
    while True:
        new = down.advance()
        if new is None:
            return False
        if not up.seen.isdisjoint(new):
            return True
        new = up.advance()
        if new is None:
            return False
        if not down.seen.isdisjoint(new):
            return True


def component_of(cell: str, parents: Step, children: Step) -> frozenset[str]:
    """The strongly connected component holding `cell`: itself plus every cell on a cycle with it.

    That is {cell} | (ancestors & descendants). Searching down and up in turns and stopping when
    one side runs out bounds the cost by the smaller of the two sets: editing a leaf costs nothing
    however long the chain above it. The other side then only needs to search inside the finished
    one, because every cell on a path between `cell` and a member of the component is itself one.
    """
    down, up = _Search([cell], children), _Search([cell], parents)
    while True:
        if down.advance() is None:
            return frozenset(reach_within([cell], parents, down.seen) | {cell})
        if up.advance() is None:
            return frozenset(reach_within([cell], children, up.seen) | {cell})


def all_cycles(cells: Collection[str], parents: Step, children: Step) -> list[frozenset[str]]:
    """The cycles of a whole graph (`cells` holds every cell any edge touches).

    Cells that Kahn's peeling removes (no remaining parent) lie on no cycle; in a notebook that is
    usually all of them, and Tarjan's algorithm only runs on what is left.
    """
    waiting = {cell: len(parents(cell)) for cell in cells}
    ready = [cell for cell, count in waiting.items() if count == 0]
    while ready:
        for child in children(ready.pop()):
            waiting[child] -= 1
            if waiting[child] == 0:
                ready.append(child)
    left = {cell for cell, count in waiting.items() if count > 0}
    return cycles_among(left, children) if left else []


def cycles_among(cells: Iterable[str], children: Step) -> list[frozenset[str]]:
    """The strongly connected components of more than one cell, following edges inside `cells`.

    Tarjan's algorithm with an explicit stack, so long chains do not hit the recursion limit.
    """
    allowed = cells if isinstance(cells, (set, frozenset, dict)) else set(cells)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[frozenset[str]] = []
    for root in allowed:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(children(root)))]
        while work:
            cell, pending = work[-1]
            for child in pending:
                if child not in allowed:
                    continue
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(children(child))))
                    break
                if child in on_stack:
                    low[cell] = min(low[cell], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[cell])
                if low[cell] == index[cell]:
                    component = _pop_component(stack, on_stack, cell)
                    if len(component) > 1:
                        found.append(component)
    return found


def _pop_component(stack: list[str], on_stack: set[str], root: str) -> frozenset[str]:
    members = []
    while True:
        cell = stack.pop()
        on_stack.discard(cell)
        members.append(cell)
        if cell == root:
            return frozenset(members)


def topological(
    cells: Collection[str],
    parents: Step,
    children: Step,
    position: Mapping[str, int],
    cycle_of: Mapping[str, frozenset[str]],
) -> list[str]:
    """`cells` in topological order over the edges among them, ties broken by position.

    Kahn's algorithm with a heap keyed by position. Each cycle (`cycle_of` maps a cell to its
    component) is taken as one unit keyed by its first cell, so cells caught in a cycle come after
    their ancestors, in position order, and before their descendants.
    """
    unit = {cell: cycle_of.get(cell, cell) for cell in cells}
    members: dict[object, list[str]] = {}
    for cell, u in unit.items():
        if u != cell:
            members.setdefault(u, []).append(cell)
    waiting = dict.fromkeys(unit.values(), 0)
    for cell, u in unit.items():
        for parent in parents(cell):
            if parent in unit and unit[parent] != u:
                waiting[u] += 1
    heap = [(_key(u, members, position), u) for u, count in waiting.items() if count == 0]
    heapq.heapify(heap)
    result: list[str] = []
    while heap:
        _, u = heapq.heappop(heap)
        group = sorted(members[u], key=position.__getitem__) if u in members else [u]
        result.extend(group)
        for cell in group:
            for child in children(cell):
                v = unit.get(child)
                if v is None or v == u:
                    continue
                waiting[v] -= 1
                if waiting[v] == 0:
                    heapq.heappush(heap, (_key(v, members, position), v))
    return result


def _key(u: object, members: Mapping[object, list[str]], position: Mapping[str, int]) -> int:
    if u in members:
        return min(position[cell] for cell in members[u])
    return position[u]  # type: ignore[index]
