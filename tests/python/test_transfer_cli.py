"""`lichen convert` and `lichen export`, run as a user runs them: a subprocess, real kernels for
`--run`, and nbformat reading what was written."""

import json
import subprocess
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from lichen.notebook import parse

NOTEBOOK = '''import lichen

__generated_with = "0.1.0"
app = lichen.App()


@app.cell
def _():
    import lichen

    return (lichen,)


@app.cell
def _(lichen):
    lichen.md("# Report")
    return


@app.cell
def _():
    print("hello")
    x = 21 * 2
    x
    return (x,)


@app.cell
def _(x):
    y = x / 0
    return (y,)


@app.cell
def _(y):
    z = y + 1
    return (z,)


if __name__ == "__main__":
    app.run()
'''


def lichen(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lichen", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=180)


def test_export_ipynb_with_run_keeps_outputs_and_names_the_failed_cells(tmp_path):
    path = tmp_path / "nb.py"
    path.write_text(NOTEBOOK)
    done = lichen("export", "ipynb", str(path), "--run")
    out = tmp_path / "nb.ipynb"
    assert done.returncode == 1, done.stderr
    assert "cell 4 failed: ZeroDivisionError: division by zero" in done.stderr
    assert "cell 5 failed" in done.stderr  # its ancestor failed
    node = nbformat.read(out, as_version=4)
    nbformat.validate(node)
    cells = node.cells
    assert [c.cell_type for c in cells] == ["code", "markdown", "code", "code", "code"]
    stream, result = cells[2].outputs
    assert stream.output_type == "stream" and stream.text == "hello\n"
    assert result.output_type == "execute_result" and result.data["text/plain"] == "42"
    assert cells[3].outputs[0].output_type == "error"
    assert cells[3].outputs[0].ename == "ZeroDivisionError"


def test_export_then_convert_gives_the_same_notebook(tmp_path):
    path = tmp_path / "nb.py"
    path.write_text(NOTEBOOK)
    assert lichen("export", "ipynb", str(path), "-o", str(tmp_path / "x.ipynb")).returncode == 0
    done = lichen("convert", str(tmp_path / "x.ipynb"), "-o", str(tmp_path / "back.py"))
    assert done.returncode == 0, done.stderr
    assert parse((tmp_path / "back.py").read_text()) == parse(NOTEBOOK)


def test_an_existing_output_is_only_replaced_with_force(tmp_path):
    path = tmp_path / "nb.py"
    path.write_text(NOTEBOOK)
    out = tmp_path / "nb.ipynb"
    out.write_text("keep me")
    done = lichen("export", "ipynb", str(path))
    assert done.returncode == 2 and "already exists; pass --force" in done.stderr
    assert out.read_text() == "keep me"
    assert lichen("export", "ipynb", str(path), "--force").returncode == 0
    assert json.loads(out.read_text())["nbformat"] == 4


def test_export_script_runs_with_python(tmp_path):
    path = tmp_path / "nb.py"
    path.write_text(NOTEBOOK.replace("x / 0", "x / 2"))
    assert lichen("export", "script", str(path), "-o", str(tmp_path / "s.py")).returncode == 0
    script = (tmp_path / "s.py").read_text()
    assert "# # Report" in script
    ran = subprocess.run([sys.executable, str(tmp_path / "s.py")], capture_output=True, text=True,
                         timeout=60)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout == "hello\n"


def test_convert_prints_each_note_and_writes_a_notebook_that_checks_clean(tmp_path):
    nb = new_notebook(cells=[new_markdown_cell("# T"), new_code_cell("%matplotlib inline\nx = 1"),
                             new_code_cell("x = 2")])
    source = tmp_path / "j.ipynb"
    nbformat.write(nb, source)
    done = lichen("convert", str(source), "--fix-redefinitions")
    assert done.returncode == 0, done.stderr
    assert f"{source}: cell 2: `%matplotlib inline` removed" in done.stdout
    assert f"{source}: cell 3: `x` renamed to `x_3`" in done.stdout
    assert lichen("check", str(tmp_path / "j.py")).returncode == 0


def test_convert_refuses_what_it_cannot_read(tmp_path):
    bad = tmp_path / "bad.ipynb"
    bad.write_text("{ not json")
    done = lichen("convert", str(bad))
    assert done.returncode == 2 and "not a readable Jupyter notebook" in done.stderr
    plain = tmp_path / "plain.txt"
    plain.write_text("hello\n")
    done = lichen("convert", str(plain), "-o", str(tmp_path / "o.py"))
    assert done.returncode == 2 and "nothing to convert" in done.stderr
    assert not (tmp_path / "o.py").exists()


def test_each_export_format_of_the_protocol_has_its_file_suffix():
    from typing import get_args

    from lichen.convert.formats import EXPORT_FORMATS, EXPORT_SUFFIXES
    from lichen.protocol import ExportFormat

    assert EXPORT_FORMATS == get_args(ExportFormat)
    assert set(EXPORT_SUFFIXES) == set(EXPORT_FORMATS)
