"""Running a notebook file as a script: `run_file` (behind `lichen run`) and `python nb.py`."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

import lichen
from lichen.runtime.script import run_file

SERVER = Path(lichen.__file__).resolve().parent.parent

NOTEBOOK = '''\
import lichen

app = lichen.App()

with app.setup:
    import math

    import lichen


@app.cell
def _(x):
    print("doubled", x * 2)
    return


@app.cell
def _(lichen):
    x = len(lichen.cli_args())
    return (x,)


@app.function
def area(r):
    return math.pi * r * r


@app.cell
def _(area, lichen):
    lichen.md(f"area **{area(1):.2f}**")
    return


@app.cell
def _(x):
    x + 100
    return


if __name__ == "__main__":
    app.run()
'''

FAILING = '''\
import lichen

app = lichen.App()


@app.cell
def _():
    y = 1 / 0
    return (y,)


@app.cell
def _(y):
    z = y
    return (z,)


@app.cell
def _():
    print("independent cell ran")
    return


if __name__ == "__main__":
    app.run()
'''

STOPPING = '''\
import lichen

app = lichen.App()

with app.setup:
    import lichen


@app.cell
def _(lichen):
    lichen.stop(True, lichen.md("nothing to do"))
    x = 1
    return (x,)


@app.cell
def _(x):
    print(x)
    return


if __name__ == "__main__":
    app.run()
'''


def write(tmp_path: Path, text: str, name: str = "nb.py") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def run(path: Path, argv=()):
    out, err = io.StringIO(), io.StringIO()
    status = run_file(str(path), argv, out, err)
    return status, out.getvalue(), err.getvalue()


def test_run_file_runs_every_cell_in_topological_order_and_prints_outputs(tmp_path):
    status, out, err = run(write(tmp_path, NOTEBOOK), ["a", "b", "c"])
    assert status == 0, err
    assert out.splitlines() == ["doubled 6", "area **3.14**", "103"]


def test_run_file_names_the_failing_cell_with_its_traceback_and_exits_1(tmp_path):
    status, out, err = run(write(tmp_path, FAILING))
    assert status == 1
    assert "independent cell ran" in out
    assert "cell 1 failed" in err
    assert 'File "nb.py, cell 1", line 1' in err and "ZeroDivisionError" in err
    assert "skipped" in err


def test_stop_is_not_a_failure(tmp_path):
    status, out, err = run(write(tmp_path, STOPPING))
    assert status == 0, err
    assert out.strip() == "nothing to do"


def test_cells_import_modules_next_to_the_notebook(tmp_path):
    (tmp_path / "helper_mod_for_test.py").write_text("VALUE = 11\n")
    nb = NOTEBOOK.replace("import math\n", "import math\n    import helper_mod_for_test\n")
    nb = nb.replace("x + 100", "x + helper_mod_for_test.VALUE")
    status, out, err = run(write(tmp_path, nb))
    assert status == 0, err
    assert out.splitlines()[-1] == "11"


def _python(path: Path, *args: str):
    env = dict(os.environ, PYTHONPATH=str(SERVER) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, str(path), *args], capture_output=True, text=True,
                          env=env, timeout=60)


def test_python_notebook_py_runs_the_notebook(tmp_path):
    proc = _python(write(tmp_path, NOTEBOOK), "one", "two")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["doubled 4", "area **3.14**", "102"]


def test_python_notebook_py_runs_the_setup_block_once(tmp_path):
    nb = NOTEBOOK.replace("    import math\n", "    import math\n    print('setting up')\n")
    proc = _python(write(tmp_path, nb))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("setting up") == 1
    assert proc.stdout.splitlines()[-1] == "100"


def test_python_notebook_py_passes_arguments_after_double_dash(tmp_path):
    proc = _python(write(tmp_path, NOTEBOOK), "--", "a", "b", "c", "d")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-1] == "104"


def test_python_notebook_py_exits_non_zero_on_failure(tmp_path):
    proc = _python(write(tmp_path, FAILING))
    assert proc.returncode == 1
    assert "ZeroDivisionError" in proc.stderr


def test_notebook_functions_are_importable_as_a_module(tmp_path):
    write(tmp_path, NOTEBOOK, "importable_nb.py")
    code = "import importable_nb as nb; print(round(nb.area(2), 2))"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(SERVER), str(tmp_path)]))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "12.57"


@pytest.mark.parametrize("argv, expected", [
    (["nb.py"], ()),
    (["nb.py", "a", "b"], ("a", "b")),
    (["nb.py", "x", "--", "a"], ("a",)),
])
def test_script_argv(argv, expected):
    from lichen.runtime.control import script_argv

    assert script_argv(argv) == expected
