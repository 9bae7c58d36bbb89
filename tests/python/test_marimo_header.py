"""Notebooks marimo can open: the marimo header for new notebooks and `lichen convert --to
marimo`, checked with marimo 0.25.2 itself (in a venv of its own) reading and running the files."""

import subprocess
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from lichen.convert.marimo_md import read_md
from lichen.convert.markdown_cells import markdown_of
from lichen.notebook import parse
from test_marimo_surface import marimo_python

LICHEN_NOTEBOOK = '''import lichen

__generated_with = "0.1.0"
app = lichen.App()


@app.cell
def _():
    import lichen

    return (lichen,)


@app.cell
def _(lichen):
    lichen.md("# Shared notebook")
    return


@app.cell
def _(lichen):
    size = lichen.ui.slider(1, 10, value=3)
    size
    return (size,)


@app.cell
def _(size):
    print("area", size.value ** 2)
    return


if __name__ == "__main__":
    app.run()
'''


def lichen(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lichen", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


def marimo(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    python = str(marimo_python())
    return subprocess.run([python, *args], capture_output=True, text=True, cwd=cwd, timeout=120,
                          env={"PATH": "", "HOME": str(cwd)})


def marimo_cells(path: Path) -> list[str]:
    """Each cell as marimo reads the file (its markdown export, read back): the code, or the
    text of a markdown cell (which the export writes as markdown)."""
    done = marimo("-m", "marimo", "export", "md", str(path), cwd=path.parent)
    assert done.returncode == 0, done.stderr
    return shown(cell.code for cell in read_md(done.stdout).notebook.cells)


def shown(codes) -> list[str]:
    return [markdown_of(code) or code for code in codes]


def test_a_new_notebook_with_the_marimo_header_opens_in_marimo(tmp_path):
    done = lichen("new", "--marimo", "nb.py", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "nb.py").read_text()
    assert text.startswith("import marimo\n") and "app = marimo.App()" in text
    assert marimo_cells(tmp_path / "nb.py") == shown(c.code for c in parse(text).cells)
    assert marimo(str(tmp_path / "nb.py"), cwd=tmp_path).returncode == 0


def test_a_folder_of_marimo_notebooks_gets_the_marimo_header_by_default(tmp_path):
    assert lichen("new", "first.py", cwd=tmp_path).returncode == 0
    assert parse((tmp_path / "first.py").read_text()).module == "lichen"
    assert lichen("new", "--marimo", "second.py", cwd=tmp_path).returncode == 0
    assert lichen("new", "--marimo", "third.py", cwd=tmp_path).returncode == 0
    assert lichen("new", "fourth.py", cwd=tmp_path).returncode == 0
    assert parse((tmp_path / "fourth.py").read_text()).module == "marimo"
    assert lichen("new", "--lichen", "fifth.py", cwd=tmp_path).returncode == 0
    assert parse((tmp_path / "fifth.py").read_text()).module == "lichen"


def test_convert_to_marimo_gives_a_notebook_marimo_reads_and_runs(tmp_path):
    (tmp_path / "nb.py").write_text(LICHEN_NOTEBOOK)
    done = lichen("convert", "nb.py", "--to", "marimo", "-o", "shared.py", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "shared.py").read_text()
    assert "lichen" not in text
    codes = [cell.code for cell in parse(text).cells]
    assert codes == ["import marimo as mo", 'mo.md("# Shared notebook")',
                     "size = mo.ui.slider(1, 10, value=3)\nsize", 'print("area", size.value ** 2)']
    assert marimo_cells(tmp_path / "shared.py") == shown(codes)
    ran = marimo(str(tmp_path / "shared.py"), cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == "area 9"
    back = lichen("convert", "shared.py", "--to", "lichen", "-o", "again.py", cwd=tmp_path)
    assert back.returncode == 0, back.stderr
    assert parse((tmp_path / "again.py").read_text()).cells == parse(LICHEN_NOTEBOOK).cells


def test_a_jupyter_notebook_converted_to_marimo_runs_in_marimo(tmp_path):
    nb = new_notebook(cells=[new_markdown_cell("# From Jupyter"),
                             new_code_cell("%matplotlib inline\nx = 6"),
                             new_code_cell("x = x * 7\nprint(x)")])
    nbformat.write(nb, tmp_path / "j.ipynb")
    done = lichen("convert", "j.ipynb", "--to", "marimo", "--fix-redefinitions", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    ran = marimo(str(tmp_path / "j.py"), cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == "42"
