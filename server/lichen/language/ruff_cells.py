"""Ruff's lint results and formatting for a notebook's cells, where Ruff is installed in the
interpreter Lichen runs in (`lichen[lsp]` brings it): the `ruff` package's own binary
(`ruff.__main__.find_ruff_bin`), run as a process.

Ruff reads Jupyter notebooks natively, and a notebook is what it is given: the cells as the
cells of an `.ipynb` on standard input, in run order (topological, as `lichen.language.virtual`
orders them), under a file name in the notebook's folder so that the user's Ruff configuration
(pyproject.toml, ruff.toml) applies as it would to a file there. In a notebook Ruff itself knows
what a cell may do: read the names earlier cells define, end with an expression that is its
output, `await` at its top level. Its findings come back per cell, in the cell's own lines.

Three kinds of finding are left to Lichen (`NOTEBOOK_OWN`): undefined names and unused imports,
which `lichen.language.diagnostics` says across the notebook in the graph's terms (a private
`_name` of another cell, a name of a descendant), and an import below code (E402), which is
fine in a cell. A cell that does not parse is left out (the graph reports its syntax error; given
to Ruff, it would hide every other cell's findings).

Ruff cannot run in the Pyodide worker (no processes there): `binary()` is None, nothing is
linted, and formatting is refused with a message saying so.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from lichen.language.text import to_utf16

NOTEBOOK_OWN = ("F821", "F401", "E402")
TIMEOUT = 10.0  # seconds; Ruff takes milliseconds, a hung one must not hold the analysis


class FormatRefused(Exception):
    """The cell cannot be formatted: Ruff is missing, or the code does not parse."""


@dataclass(frozen=True)
class Finding:
    line: int  # 0-based, in the cell
    character: int  # UTF-16
    end_line: int
    end_character: int
    code: str  # Ruff's rule code, e.g. "E711"
    message: str
    url: str | None  # the rule's documentation


@lru_cache(maxsize=1)
def binary() -> str | None:
    """The path of Ruff's binary, or None when the `ruff` package is not installed here."""
    try:
        from ruff.__main__ import find_ruff_bin
    except ImportError:
        return None
    try:
        return os.fsdecode(find_ruff_bin())
    except FileNotFoundError:
        return None


def lint(cells: Sequence[tuple[str, str]], folder: str) -> dict[str, tuple[Finding, ...]]:
    """Ruff's findings on each of `cells` ((id, code) in run order, each of them parsing), as
    one notebook in `folder`; {} where Ruff is missing or fails."""
    ruff = binary()
    if ruff is None or not cells:
        return {}
    out = _run([ruff, "check", "--output-format=json", "--no-cache", "--exit-zero",
                "--ignore", ",".join(NOTEBOOK_OWN), "--stdin-filename",
                _notebook_path(folder), "-"], _notebook([code for _, code in cells]))
    try:
        found = json.loads(out) if out is not None else []
    except ValueError:
        return {}
    by_cell: dict[str, list[Finding]] = {}
    for item in found:
        number = item.get("cell")  # 1-based
        if not item.get("code") or not isinstance(number, int) or not 0 < number <= len(cells):
            continue  # a syntax error (none: every cell parses) or a finding of no cell
        cell, code = cells[number - 1]
        by_cell.setdefault(cell, []).append(_finding(item, code.split("\n")))
    return {cell: tuple(items) for cell, items in by_cell.items()}


def format_cell(code: str, folder: str) -> str:
    """The cell's code as Ruff's formatter writes a notebook cell, keeping whether it ended
    with a newline; FormatRefused, saying why, when it cannot."""
    ruff = binary()
    if ruff is None:
        raise FormatRefused("Ruff is not installed in the Python interpreter Lichen runs in: "
                            "install it there (`python -m pip install ruff`) to format cells.")
    try:
        done = subprocess.run([ruff, "format", "--no-cache", "--stdin-filename",
                               _notebook_path(folder), "-"], input=_notebook([code]),
                              capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as problem:
        raise FormatRefused(f"Ruff could not format the cell: {problem}") from None
    if done.returncode != 0:
        why = done.stderr.strip().splitlines()[-1:] or ["it failed"]
        raise FormatRefused(f"Ruff did not format the cell ({why[0].removeprefix('error: ')}): "
                            "fix its code so that it parses, then format it again.")
    source = json.loads(done.stdout)["cells"][0]["source"]
    text = "".join(source) if isinstance(source, list) else source
    return text + "\n" if code.endswith("\n") and not text.endswith("\n") else text


def _notebook(sources: list[str]) -> str:
    """An nbformat 4 notebook of code cells, as Ruff reads one."""
    cells = [{"cell_type": "code", "source": source, "metadata": {}, "outputs": [],
              "execution_count": None} for source in sources]
    return json.dumps({"cells": cells, "metadata": {"language_info": {"name": "python"}},
                       "nbformat": 4, "nbformat_minor": 5})


def _run(command: list[str], stdin: str) -> str | None:
    try:
        done = subprocess.run(command, input=stdin, capture_output=True, text=True,
                              timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def _notebook_path(folder: str) -> str:
    """A file name in the notebook's folder (never written), for Ruff's configuration lookup."""
    return os.path.join(folder, "notebook.ipynb")


def _finding(item: dict, lines: list[str]) -> Finding:
    """Ruff's 1-based rows and columns (in characters) as 0-based lines and UTF-16 columns."""
    start, end = item["location"], item.get("end_location") or item["location"]

    def at(where: dict) -> tuple[int, int]:
        line = min(max(where["row"] - 1, 0), max(len(lines) - 1, 0))
        text = lines[line] if lines else ""
        return line, to_utf16(text, min(max(where["column"] - 1, 0), len(text)))

    (line, character), (end_line, end_character) = at(start), at(end)
    return Finding(line, character, end_line, end_character, item["code"],
                   item.get("message", ""), item.get("url") or None)
