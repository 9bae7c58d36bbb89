"""Lichen notebooks to Jupyter notebooks (nbformat 4.5, as a plain dict ready for `json.dump`).

One Jupyter cell per cell, in notebook order; markdown cells as markdown; each cell's name, kind
and config, and the file's header, under the `lichen` metadata key so `from_ipynb` gives the
notebook back. Outputs, when given, are Jupyter's output lists (`jupyter_outputs`).
"""

from __future__ import annotations

from typing import Any, Mapping

from lichen.convert.markdown_cells import markdown_code, markdown_of
from lichen.convert.metadata import KEY, cell_metadata, notebook_metadata
from lichen.notebook import Cell, CellKind, Notebook


def to_ipynb(notebook: Notebook, outputs: Mapping[int, list[dict[str, Any]]] | None = None,
             execution_counts: Mapping[int, int | None] | None = None) -> dict[str, Any]:
    """`outputs` and `execution_counts` are keyed by cell index."""
    outputs = outputs or {}
    execution_counts = execution_counts or {}
    cells = [
        _cell(index, cell, notebook.module, outputs.get(index, []), execution_counts.get(index))
        for index, cell in enumerate(notebook.cells)
    ]
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
            KEY: notebook_metadata(notebook),
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def _cell(index: int, cell: Cell, module: str, outputs: list[dict[str, Any]],
          execution_count: int | None) -> dict[str, Any]:
    text = markdown_of(cell.code) if cell.kind == CellKind.CELL else None
    if text is not None:
        exact = None if markdown_code(text, module) == cell.code else cell.code
        return {
            "cell_type": "markdown",
            "id": _id(index),
            "metadata": {KEY: own} if (own := cell_metadata(cell, exact)) else {},
            "source": _lines(text),
        }
    own = cell_metadata(cell)
    metadata: dict[str, Any] = {KEY: own} if own else {}
    if cell.config.hide_code:
        metadata["jupyter"] = {"source_hidden": True}
    return {
        "cell_type": "code",
        "execution_count": execution_count,
        "id": _id(index),
        "metadata": metadata,
        "outputs": outputs,
        "source": _lines(cell.code),
    }


def _id(index: int) -> str:
    return f"cell-{index}"


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)
