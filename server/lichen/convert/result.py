"""What a conversion gives back: the notebook, and every change it had to make, said plainly."""

from __future__ import annotations

from dataclasses import dataclass

from lichen.notebook import Notebook


class ConversionError(Exception):
    """Input that cannot be converted at all (another language's notebook, JSON that is no
    notebook); the message says what is wrong and what to do."""


@dataclass(frozen=True)
class Conversion:
    notebook: Notebook
    # One line each, naming the cell (1-based, as Jupyter and VS Code number them) and the change.
    notes: tuple[str, ...] = ()
