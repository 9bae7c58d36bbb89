"""Which cells a run takes, in which order, and why some of them cannot run.

A run's cost follows the cells it concerns, never the notebook's size: every set here is grown
from the run's roots through the graph's edges, and ordered with `Graph.order(subset)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Collection, Iterable

from lichen.protocol import DISABLED, ERROR, SKIPPED


@dataclass(frozen=True)
class Plan:
    order: tuple[str, ...]  # cells the run takes in turn (runs them, or reports why not)
    stale: tuple[str, ...] = ()  # lazy mode: cells to mark stale instead of running


@dataclass(frozen=True)
class Block:
    """Why a cell cannot run whatever happens during the run: known before it starts."""

    status: str  # ERROR (the cell itself), DISABLED or SKIPPED
    reason: str
    cause: str  # the cell at the root of it: the cell itself or its disabled / failing ancestor


def plan_run(graph, roots: Collection[str], *, lazy: bool, stale: Collection[str],
             also_stale: Iterable[str] = ()) -> Plan:
    """Autorun: the roots and all their descendants. Lazy: the roots and their stale ancestors;
    their descendants (and `also_stale`) are marked stale."""
    if not lazy:
        cells = set(roots) | graph.descendants(roots)
        return Plan(tuple(graph.order(cells)))
    cells = set(roots)
    if stale:
        cells |= stale_ancestors(graph, roots, stale)
    marks = (graph.descendants(cells) | set(also_stale)) - cells
    return Plan(tuple(graph.order(cells)), tuple(graph.order(marks)) if marks else ())


def stale_ancestors(graph, roots: Iterable[str], stale: Collection[str]) -> set[str]:
    """Stale cells upstream of the roots. Staleness spreads downstream when it is marked, so
    walking up through stale parents only finds them all."""
    found: set[str] = set()
    todo = list(roots)
    while todo:
        for parent in graph.parents(todo.pop()):
            if parent in stale and parent not in found:
                found.add(parent)
                todo.append(parent)
    return found


def static_blocks(graph, disabled: Collection[str], unparsable: Collection[str],
                  describe: Callable[[str], str]) -> dict[str, Block]:
    """Cells that cannot run (graph errors, unparsable, disabled) and the cells they block.

    A cell's own error wins; then a disabled ancestor wins over a failing one, so the blocked cell
    is kept stale and runs once the ancestor is enabled again.
    """
    blocks: dict[str, Block] = {}
    for cid in unparsable:
        blocks[cid] = Block(ERROR, "this cell's code could not be parsed; fix it to run it", cid)
    for error in graph.errors:
        for cid in error.cells:
            blocks.setdefault(cid, Block(ERROR, error.message, cid))
    failing = [cid for cid, b in blocks.items() if b.status == ERROR]
    for cid in disabled:
        blocks.setdefault(cid, Block(DISABLED, "this cell is disabled", cid))
    for source in sorted(disabled, key=str):
        reason = f"{describe(source)} is disabled"
        for cid in graph.descendants([source]):
            blocks.setdefault(cid, Block(DISABLED, reason, source))
    for source in failing:
        reason = f"{describe(source)} cannot run: {blocks[source].reason}"
        for cid in graph.descendants([source]):
            blocks.setdefault(cid, Block(SKIPPED, reason, source))
    return blocks

