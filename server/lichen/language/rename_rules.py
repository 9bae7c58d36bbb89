"""What a rename of a notebook's name may not do, each refusal saying why and what to do instead.

A new name must be a Python identifier and not a keyword. A global's new name must not be
defined by any cell (it would be defined twice), nor mentioned as a global in a cell that
mentions the old one, nor bound locally in a scope that reads the old one (the read would become
the local); and it cannot start with an underscore while other cells read it (private names stay
in their cell).
"""

from __future__ import annotations

import keyword

from lichen.graph import Graph
from lichen.graph.analyse import is_private
from lichen.language import occurrences as occ


class RenameRefused(Exception):
    """A rename that would break the notebook; the message says why and what to do."""


def refuse_bad_name(new_name: str) -> None:
    if not new_name.isidentifier() or keyword.iskeyword(new_name):
        raise RenameRefused(f"`{new_name}` is not a Python name: use letters, digits and "
                            f"underscores, not starting with a digit, and not a keyword.")


def refuse_collisions(graph: Graph, name: str, cells: tuple[str, ...], new_name: str) -> None:
    """Refuse renaming the global `name`, mentioned in `cells`, to `new_name` when that would
    define a name twice, capture a mention, or make a name other cells read private."""
    if new_name == name:
        return
    definers = graph.definers(new_name)
    if definers:
        where = ", ".join(str(graph.position(c) + 1) for c in definers)
        raise RenameRefused(f"`{new_name}` is already defined in cell {where}: renaming `{name}` "
                            f"to it would define it twice. Choose another name.")
    for uri in cells:
        code = graph.code(uri)
        if occ.global_mentions(code, new_name):
            raise RenameRefused(f"Cell {graph.position(uri) + 1} already uses `{new_name}`: "
                                f"choose another name.")
        if occ.local_in_mentioning_scope(code, name, new_name):
            raise RenameRefused(f"In cell {graph.position(uri) + 1}, `{new_name}` is a local "
                                f"name where `{name}` is read: choose another name.")
    if is_private(new_name) and len(cells) > 1:
        raise RenameRefused(f"`{new_name}` would be private to its cell, but other cells read "
                            f"`{name}`: choose a name without a leading underscore.")
