"""Every public name of marimo 0.25.2, and every parameter of each, is served by Lichen.

marimo is installed in a venv of its own (`tests/.cache/marimo-0.25.2`, made on first use from
PyPI), where `marimo_surface.py` lists its public surface; each name must resolve through
`import marimo` in a Lichen runtime, and each callable must declare every parameter marimo's
declares (by name, not through `**kwargs`: notebooks pass them as keywords, and a name only
`**kwargs` takes is easily dropped unseen), with marimo's default wherever marimo's is a literal,
and none required that marimo's has a default for. What Lichen serves only in part is listed in the
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

REQUIRED, OTHER = "<required>", "<other>"  # as marimo_surface.py writes them

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def surface() -> dict[str, dict[str, str] | None]:
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


def declared(value) -> dict[str, inspect.Parameter]:
    """The parameters `value` declares by name (a class: its constructor's)."""
    target = value.__init__ if isinstance(value, type) else value
    return {name: p for name, p in inspect.signature(target).parameters.items()
            if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)}


def test_every_public_name_resolves(surface, stand_in):
    missing = []
    for qualname in surface:
        try:
            resolve(stand_in, qualname)
        except (AttributeError, ImportError) as e:
            missing.append(f"{qualname}: {e}")
    assert not missing, "\n".join(missing)


def test_every_parameter_is_declared(surface, stand_in):
    lacking = []
    for qualname, parameters in surface.items():
        if parameters:
            names = declared(resolve(stand_in, qualname))
            absent = [p for p in parameters if p not in names]
            if absent:
                lacking.append(f"{qualname}: {', '.join(absent)}")
    assert not lacking, "\n".join(lacking)


def test_defaults_are_marimos(surface, stand_in):
    wrong = []
    for qualname, parameters in surface.items():
        ours = declared(resolve(stand_in, qualname)) if parameters else {}
        for name, theirs in (parameters or {}).items():
            if name not in ours:
                continue  # reported by the test above
            mine = ours[name].default
            if mine is inspect.Parameter.empty and theirs != REQUIRED:
                wrong.append(f"{qualname}({name}): required here, marimo's default is {theirs}")
            elif theirs not in (REQUIRED, OTHER) and repr(mine) != theirs:
                wrong.append(f"{qualname}({name}={mine!r}): marimo's default is {theirs}")
    assert not wrong, "\n".join(wrong)


def test_what_is_called_like_marimo_is_served_like_marimo(stand_in):
    """A few signatures the corpus of real notebooks tripped on."""
    mo = stand_in
    assert mo.ui.run_button(kind="info").value is False
    assert mo.hstack([1, 2], justify=None) is not None
    assert mo.__version__ == MARIMO_VERSION


def test_marimos_positional_order_and_presentation_arguments(stand_in):
    mo = stand_in
    rows = [{"name": "Ada", "age": 36}, {"name": "Alan", "age": 41}]
    # marimo's fourth positional argument of a table is its initial selection.
    assert mo.ui.table(rows, None, "single", [1]).value == [rows[1]]
    shown = mo.ui.table(rows, format_mapping={"age": "{:.1f}"}, freeze_columns_left=["name"],
                        show_download=False, show_search=False, max_height=200,
                        hidden_columns=["age"], style_cell=lambda row, column, value: {})
    assert shown.value == [] and shown._props()["page_size"] == 10
    assert mo.ui.text_area(rows=None).value == ""


def test_server_only_names_refuse_clearly_when_called_like_marimo(stand_in):
    from lichen.runtime.marimo_compat import NotAvailableInLichen

    with pytest.raises(NotAvailableInLichen, match="marimo's web server"):
        stand_in.islands.MarimoIslandStub(cell_id="a", app_id="main", code="x = 1")
