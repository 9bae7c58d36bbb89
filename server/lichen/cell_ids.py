"""The ids of a session's cells: the caller's own (the editor uses its cell URIs, so nothing
translates between the two), or short random ones for a caller that has none.

Shared by `lichen.Session` (cells in a kernel process) and the worker's `LocalSession`.
"""

from __future__ import annotations

import random
import string
from collections.abc import Container, Sequence
from typing import TypeVar

T = TypeVar("T")


def new_id(taken: Container[str]) -> str:
    """A short id not in `taken` (letters, like marimo's)."""
    while True:
        cell_id = "".join(random.choices(string.ascii_letters, k=4))
        if cell_id not in taken:
            return cell_id


def by_id(cells: Sequence[T], cell_ids: Sequence[str] | None) -> dict[str, T]:
    """The cells by id, in order: under `cell_ids` (one per cell, each once), or new ids."""
    if cell_ids is None:
        found: dict[str, T] = {}
        for cell in cells:
            found[new_id(found)] = cell
        return found
    if len(cell_ids) != len(cells) or len(set(cell_ids)) != len(cell_ids):
        raise ValueError(f"cell_ids must name each of the {len(cells)} cells once; "
                         f"got {len(cell_ids)} ids, {len(set(cell_ids))} distinct")
    return dict(zip(cell_ids, cells))


def id_for_new_cell(cell_id: str | None, taken: Container[str]) -> str:
    """`cell_id` if it is free (ValueError if not), else a new id."""
    if cell_id is None:
        return new_id(taken)
    if cell_id in taken:
        raise ValueError(f"cell {cell_id!r} already exists")
    return cell_id
