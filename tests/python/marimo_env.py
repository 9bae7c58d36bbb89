"""marimo 0.25.2 in a venv of its own (`tests/.cache/marimo-0.25.2-py3.X`, made from PyPI on first
use), for the tests that compare Lichen with marimo itself: its public surface, its analysis of
cells and of SQL, notebooks run by both. The venv is made with the Python running the tests, one
per version, so marimo compiles cells with the same parser as Lichen (Python 3.12's f-strings,
PEP 695). marimo analyses SQL with duckdb and sqlglot, and its queries return polars frames
(through pyarrow), so the venv holds the versions of these that Lichen's own environment has:
both sides then read and run a query with the same libraries. So too, for the tests that run
marimo's shipped notebooks (`marimo_corpus.py`), the libraries those import: dataframes,
charts, figures, widgets (`CORPUS_LIBRARIES`, installed only when asked for)."""

from __future__ import annotations

import json
import subprocess
import sys
import venv
from importlib import metadata
from pathlib import Path

MARIMO_VERSION = "0.25.2"
HERE = Path(__file__).resolve().parent
PY_VERSION = f"{sys.version_info[0]}.{sys.version_info[1]}"
ENV = HERE.parent / ".cache" / f"marimo-{MARIMO_VERSION}-py{PY_VERSION}"
_LIBRARIES = ("duckdb", "sqlglot", "polars", "pyarrow")
# What marimo's shipped notebooks import besides (`marimo_corpus.py`), installed when asked for.
CORPUS_LIBRARIES = ("pandas", "numpy", "matplotlib", "altair", "vega-datasets", "plotly",
                    "anywidget", "wigglystuff")


def marimo_python(extra: tuple[str, ...] = ()) -> Path:
    """marimo's interpreter, with `_LIBRARIES` and `extra` at Lichen's versions of them."""
    python = ENV / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    names = (*_LIBRARIES, *extra)
    wanted = {"marimo": MARIMO_VERSION} | {name: metadata.version(name) for name in names}
    found = _versions(python, names)
    if found != wanted:
        if found.get("marimo") != MARIMO_VERSION:
            venv.EnvBuilder(with_pip=True, clear=True).create(ENV)
        pins = [f"{name}=={version}" for name, version in wanted.items()
                if found.get(name) != version]
        subprocess.run([str(python), "-m", "pip", "install", "-q", *pins], check=True,
                       timeout=1200)
    return python


def _versions(python: Path, libraries: tuple[str, ...]) -> dict[str, str]:
    """The versions of marimo and of `libraries` `python` has (those it has)."""
    if not python.exists():
        return {}
    names = ("marimo", *libraries)
    check = ("import json; from importlib import metadata\n"
             f"found = {{}}\nfor name in {names!r}:\n"
             "    try: found[name] = metadata.version(name)\n"
             "    except metadata.PackageNotFoundError: pass\n"
             "print(json.dumps(found))")
    done = subprocess.run([str(python), "-c", check], capture_output=True, text=True)
    return json.loads(done.stdout) if done.returncode == 0 else {}
