"""Whatever the cells hold, a saved notebook compiles (`python notebook.py` can run), and no
cell's text is lost: code that parses as a cell but not once written as a function is saved as
an unparsable cell holding it whole. `lichen check` reports a file that does not compile."""

from __future__ import annotations

import subprocess
import sys

import pytest

from lichen.notebook import Cell, Notebook, parse, serialize

# Valid as a cell, not inside the `def` the file form puts it in (or not at its indentation).
NOT_IN_A_FUNCTION = {
    "global of a parameter": ("global x\nprint(x)", "x = 1"),
    "from __future__": ("from __future__ import annotations\nz: int = 1", None),
    "import star": ("from os.path import *\nw = join('a', 'b')", None),
    "form feed at a line start": ("a = 1\n\fb = a", None),
}


def notebook_of(*codes: str | None, **config) -> Notebook:
    return Notebook(cells=tuple(Cell(code) for code in codes if code is not None),
                    app_config=config)


@pytest.mark.parametrize("case", NOT_IN_A_FUNCTION, ids=list(NOT_IN_A_FUNCTION))
def test_a_cell_that_cannot_be_a_function_is_saved_so_the_file_compiles(case):
    code, other = NOT_IN_A_FUNCTION[case]
    text = serialize(notebook_of(other, code))
    compile(text, "nb.py", "exec")
    again = parse(text)
    assert code in [cell.code for cell in again.cells], "the cell's text is kept whole"
    assert serialize(again) == text, "saving it again changes nothing"


def test_cells_that_compile_as_functions_are_still_written_as_functions():
    text = serialize(notebook_of("x = 1", "def f():\n    global x\n    return x"))
    assert "_unparsable_cell" not in text
    compile(text, "nb.py", "exec")


def test_an_app_option_holding_a_line_break_is_written_as_a_valid_string():
    notebook = notebook_of("x = 1", app_title='two\nlines "quoted"\r\x07 \\ end')
    text = serialize(notebook)
    compile(text, "nb.py", "exec")
    assert parse(text).app_config == {"app_title": 'two\nlines "quoted"\r\x07 \\ end'}


def test_a_saved_notebook_with_such_cells_runs_as_a_script(tmp_path):
    path = tmp_path / "nb.py"
    path.write_text(serialize(notebook_of("import lichen", "from os.path import *",
                                          app_title="a\nb")))
    result = subprocess.run([sys.executable, str(path)], capture_output=True, text=True,
                            timeout=60, cwd=tmp_path)
    assert "SyntaxError" not in result.stderr, result.stderr


def test_check_reports_a_file_that_does_not_compile(tmp_path):
    path = tmp_path / "hand.py"
    path.write_text("import lichen\n\napp = lichen.App()\n\n\n@app.cell\ndef _(x):\n"
                    "    global x\n    return\n\n\n@app.cell\ndef _():\n    x = 1\n    return (x,)\n")
    result = subprocess.run([sys.executable, "-m", "lichen", "check", str(path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{path}:8:" in result.stdout and "does not compile" in result.stdout, result.stdout
