"""`import marimo` in a cell gives Lichen's API; what Lichen lacks fails with a clear error.

marimo's own tutorial notebooks (from the marimo wheel on PyPI) are the real-world check.
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import lichen
from lichen.notebook import parse
from lichen.runtime import CellSpec, Runtime
from lichen.runtime.script import specs_of

from kernel_helpers import lichen_run

from test_marimo_tutorials import tutorials


def run(*codes: str, filename: str = "nb.py"):
    rt = Runtime(filename=filename)
    rt.load([CellSpec(f"c{i}", code) for i, code in enumerate(codes)])
    return rt, rt.run_all()


def error_of(report, cell_id: str):
    done = report.result(cell_id)
    assert done.status == "error", done
    return done.error


def test_import_marimo_gives_lichens_api():
    rt, report = run("import marimo as mo\nfrom marimo import md, ui\nimport marimo.ui as mui")
    assert report.ok
    mo = rt.namespace["mo"]
    assert mo.md is lichen.md and rt.namespace["md"] is lichen.md
    assert mo.ui.slider is lichen.ui.slider and rt.namespace["mui"] is mo.ui
    for name in ("Html", "hstack", "vstack", "tabs", "accordion", "callout", "state", "stop",
                 "App", "sql", "as_html"):
        assert getattr(mo, name) is getattr(lichen, name), name
    # marimo's cli_args is a parsed mapping, Lichen's own a list.
    assert mo.cli_args is not lichen.cli_args and hasattr(mo.cli_args(), "get_all")


def test_every_element_is_there_under_marimo_ui():
    rt, _ = run("import marimo as mo")
    for name in lichen.ui.__all__:
        if name != "UIElement":
            assert getattr(rt.namespace["mo"].ui, name) is getattr(lichen.ui, name)


def test_a_missing_api_is_named():
    _, report = run("import marimo as mo", "mo.ui.knob", "mo.hologram('a')")
    error = error_of(report, "c1")
    assert error.ename == "NotAvailableInLichen"
    assert error.evalue.startswith("marimo.ui.knob is not available in Lichen")
    assert "slider" in error.evalue  # and says what there is
    assert error_of(report, "c2").evalue.startswith("marimo.hologram is not available in Lichen")


def test_the_error_is_an_attribute_error_so_hasattr_works():
    rt, report = run("import marimo as mo\nfound = hasattr(mo, 'hologram'), hasattr(mo, 'md')")
    assert report.ok and rt.namespace["found"] == (False, True)
    from lichen.runtime.marimo_compat import NotAvailableInLichen

    assert issubclass(NotAvailableInLichen, AttributeError)


def test_importing_what_is_missing_names_it():
    _, report = run("from marimo import hologram", "import marimo._plugins.ui")
    assert "marimo.hologram is not available in Lichen" in error_of(report, "c0").evalue
    assert "marimo._plugins is not available in Lichen" in error_of(report, "c1").evalue


def test_dunder_probes_are_plain_attribute_errors():
    rt, report = run("import marimo as mo\nv = getattr(mo, '__wrapped__', 'none')")
    assert report.ok and rt.namespace["v"] == "none"


NOTEBOOK = textwrap.dedent('''\
    import marimo

    app = marimo.App()


    @app.cell
    def _():
        import marimo as mo
        return (mo,)


    @app.cell
    def _(mo):
        n = mo.ui.slider(1, 10, value=3)
        return (n,)


    @app.cell
    def _(mo, n):
        mo.md(f"n is {n.value}")
        return


    if __name__ == "__main__":
        app.run()
    ''')


def test_lichen_run_runs_a_marimo_notebook(tmp_path):
    path = tmp_path / "nb.py"
    path.write_text(NOTEBOOK)
    done = lichen_run(path)
    assert done.returncode == 0, done.stderr
    assert "n is 3" in done.stdout


def test_lichen_run_names_a_missing_api(tmp_path):
    path = tmp_path / "nb.py"
    path.write_text(NOTEBOOK.replace("mo.ui.slider(1, 10, value=3)", "mo.ui.knob()"))
    done = lichen_run(path)
    assert done.returncode == 1
    assert "marimo.ui.knob is not available in Lichen" in done.stderr


def test_python_runs_a_lichen_notebook_whose_cells_import_marimo(tmp_path):
    path = tmp_path / "nb.py"
    path.write_text(NOTEBOOK.replace("import marimo\n\napp = marimo.App()",
                                     "import lichen\n\napp = lichen.App()"))
    done = subprocess.run([sys.executable, str(path)], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert "n is 3" in done.stdout


# -- marimo's tutorials ----------------------------------------------------------------------------

# Every tutorial runs: its errors are the ones it shows on purpose, or a third-party package
# the test environment lacks.
RUN = {"intro", "external_dependencies", "for_jupyter_users", "dataflow", "fileformat", "layout",
       "markdown", "plots", "ui"}
# `sql` downloads a dataset: tests stay off the network.
OFFLINE_SKIPPED = {"sql"}
SHOWN_ON_PURPOSE = {"MultipleDefinitionError", "CycleError"}


@pytest.fixture(scope="module")
def files() -> dict[str, str]:
    return tutorials()


def run_tutorial(files: dict[str, str], name: str, tmp_path: Path):
    path = tmp_path / f"{name}.py"  # some read their own file
    path.write_text(files[name], encoding="utf-8")
    rt = Runtime(filename=str(path))
    rt.load(specs_of(parse(files[name])))
    return rt.run_all()


def explained(error) -> bool:
    """Whether a cell's error is one a tutorial may end with in Lichen."""
    if error.ename in SHOWN_ON_PURPOSE:
        return True
    if error.ename == "ModuleNotFoundError":  # a third-party package, never marimo itself
        return not re.search(r"'(marimo|lichen)\b", error.evalue)
    if error.ename == "NameError":  # its definer failed, or dataflow's private-name example
        return "has not run successfully" in error.evalue or "_private_variable" in error.evalue
    return False


def test_every_tutorial_is_classified(files):
    assert set(files) == RUN | OFFLINE_SKIPPED


@pytest.mark.parametrize("name", sorted(RUN))
def test_tutorials_run_in_lichen(files, name, tmp_path):
    report = run_tutorial(files, name, tmp_path)
    errors = [r.error for r in report.cells if r.error is not None]
    unexplained = [(e.ename, e.evalue) for e in errors if not explained(e)]
    assert not unexplained
    assert sum(r.status == "success" for r in report.cells) > len(report.cells) // 2
