"""Notebooks written as people write them (`fixtures/wild/`: SQL over DuckDB with mixed-case
names and an attached database, caching, progress, `mo.output`, a sidebar with a nav menu and
icons, layouts, state, marimo's arguments to its elements) run in Lichen as in marimo 0.25.2:
each runs as a script in both (marimo in its own venv, `marimo_env.py`), in a fresh directory,
and prints the same lines.

Lines are compared as multisets: cells that do not depend on each other may run in another order.
A notebook whose cells are written before the cells they need, with SQL names in other cases
(`OUT_OF_ORDER`), is run by marimo with its cells in dataflow order: marimo 0.25.2 matches SQL
names as spelled, so it runs them in file order and fails, where Lichen follows the dataflow.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lichen.notebook import parse, serialize
from dataclasses import replace

from marimo_env import marimo_python

HERE = Path(__file__).resolve().parent
WILD = HERE / "fixtures" / "wild"
NOTEBOOKS = sorted(p.name for p in WILD.glob("*.py"))
OUT_OF_ORDER = {"attached_db.py"}


def run(python: str, args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([python, *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def in_dataflow_order(text: str) -> str:
    notebook = parse(text)
    return serialize(replace(notebook, cells=tuple(reversed(notebook.cells))))


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 4


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_a_notebook_prints_in_lichen_what_it_prints_in_marimo(name, tmp_path):
    (tmp_path / "marimo").mkdir()
    (tmp_path / "lichen").mkdir()
    text = (WILD / name).read_text(encoding="utf-8")
    theirs_text = in_dataflow_order(text) if name in OUT_OF_ORDER else text
    (tmp_path / "marimo" / name).write_text(theirs_text, encoding="utf-8")
    shutil.copy(WILD / name, tmp_path / "lichen" / name)
    theirs = run(str(marimo_python()), [name], tmp_path / "marimo")
    assert theirs.returncode == 0, theirs.stderr
    ours = run(sys.executable, [str(HERE / "lichen_prints.py"), name], tmp_path / "lichen")
    assert ours.returncode == 0, ours.stderr
    assert theirs.stdout.strip(), "the notebook prints nothing: the comparison tests nothing"
    assert sorted(ours.stdout.splitlines()) == sorted(theirs.stdout.splitlines())


def test_marimo_runs_the_out_of_order_notebook_only_in_dataflow_order(tmp_path):
    for name in OUT_OF_ORDER:
        shutil.copy(WILD / name, tmp_path / name)
        assert run(str(marimo_python()), [name], tmp_path).returncode != 0
