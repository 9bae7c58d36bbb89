"""Every public name of marimo 0.25.2, and every parameter of each, is served by Lichen.

marimo is installed in a venv of its own (`tests/.cache/marimo-0.25.2`, made on first use from
PyPI), where `marimo_surface.py` lists its public surface; each name must resolve through
`import marimo` in a Lichen runtime, and each callable must take every parameter marimo's takes
(by name: notebooks pass them as keywords). What Lichen serves only in part is listed in the
modules serving it (`lichen.runtime.marimo_compat`).
"""

from __future__ import annotations

import inspect
import json
import subprocess
from pathlib import Path

import pytest

from lichen.runtime import CellSpec, Runtime

from marimo_env import MARIMO_VERSION, marimo_python

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def surface() -> dict[str, list[str] | None]:
    done = subprocess.run([str(marimo_python()), str(HERE / "marimo_surface.py")],
                          capture_output=True, text=True, check=True, timeout=300,
                          env={"PYTHONPATH": "", "PATH": ""})
    found = json.loads(done.stdout)
    assert len(found) > 100 and "marimo.ui.slider" in found
    return found


@pytest.fixture(scope="module")
def stand_in():
    rt = Runtime()
    rt.load([CellSpec("c", "import marimo")])
    assert rt.run_all().ok
    return rt.namespace["marimo"]


def resolve(stand_in, qualname: str):
    value = stand_in
    for part in qualname.split(".")[1:]:
        value = getattr(value, part)
    return value


def accepted(value) -> tuple[set[str], bool]:
    """The parameter names `value` takes, and whether it takes any keyword (`**kwargs`)."""
    target = value.__init__ if isinstance(value, type) else value
    signature = inspect.signature(target)
    names = set(signature.parameters)
    return names, any(p.kind is p.VAR_KEYWORD for p in signature.parameters.values())


def test_every_public_name_resolves(surface, stand_in):
    missing = []
    for qualname in surface:
        try:
            resolve(stand_in, qualname)
        except (AttributeError, ImportError) as e:
            missing.append(f"{qualname}: {e}")
    assert not missing, "\n".join(missing)


def test_every_parameter_is_accepted(surface, stand_in):
    lacking = []
    for qualname, parameters in surface.items():
        if not parameters:
            continue
        value = resolve(stand_in, qualname)
        names, any_keyword = accepted(value)
        if not any_keyword:
            absent = [p for p in parameters if p not in names]
            if absent:
                lacking.append(f"{qualname}: {', '.join(absent)}")
    assert not lacking, "\n".join(lacking)


def test_what_is_called_like_marimo_is_served_like_marimo(stand_in):
    """A few signatures the corpus of real notebooks tripped on."""
    mo = stand_in
    assert mo.ui.run_button(kind="info").value is False
    assert mo.hstack([1, 2], justify=None) is not None
    assert mo.__version__ == MARIMO_VERSION
