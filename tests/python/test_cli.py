"""The `lichen` command, run as a user runs it: a subprocess, its output and its exit status."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from lichen.notebook import Cell, CellKind, Notebook, parse, serialize

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def lichen(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "lichen", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def write(tmp_path: Path, *codes: str, name: str = "nb.py") -> Path:
    path = tmp_path / name
    path.write_text(serialize(Notebook(cells=tuple(Cell(code) for code in codes))))
    return path


def test_check_reports_a_deeply_nested_cell_instead_of_failing(tmp_path):
    path = tmp_path / "deep.py"
    path.write_text("import marimo\n\napp = marimo.App()\n\n\n@app.cell\ndef _():\n"
                    f"    y = {'-' * 100_000}1\n    return\n")
    result = lichen("check", str(path))
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1
    assert "nested too deeply" in result.stdout + result.stderr


class TestInspect:
    def test_json_report(self, tmp_path):
        path = write(tmp_path, "y = x + 1", "x = 1", "import os\nprint(os.sep, y)")
        result = lichen("inspect", str(path), "--json")
        assert result.returncode == 0, result.stderr
        report = json.loads(result.stdout)
        assert report["app"] == {}
        assert [c["defs"] for c in report["cells"]] == [["y"], ["x"], ["os"]]
        assert [c["refs"] for c in report["cells"]] == [["x"], [], ["y"]]
        assert report["cells"][0]["kind"] == "cell"
        assert report["cells"][0]["config"] == {"hide_code": False, "disabled": False, "column": None}
        assert report["order"] == [1, 0, 2]
        assert report["errors"] == []

    def test_json_errors(self, tmp_path):
        path = write(tmp_path, "a = b", "b = a", "c = 1", "c = 2", "from os import *", "d = (")
        report = json.loads(lichen("inspect", str(path), "--json").stdout)
        kinds = {error["kind"]: error for error in report["errors"]}
        assert kinds["cycle"]["cells"] == [0, 1]
        assert kinds["cycle"]["names"] == ["a", "b"]
        assert kinds["multiple-definition"]["cells"] == [2, 3]
        assert kinds["multiple-definition"]["names"] == ["c"]
        assert kinds["import-star"]["cells"] == [4]
        assert kinds["syntax"]["cells"] == [5]
        assert report["cells"][5]["kind"] == "unparsable"

    def test_example_inspects_cleanly(self):
        result = lichen("inspect", str(EXAMPLES / "intro.py"), "--json")
        assert json.loads(result.stdout)["errors"] == []


class TestCheck:
    def test_clean_notebook_exits_zero_and_prints_nothing(self, tmp_path):
        result = lichen("check", str(write(tmp_path, "x = 1", "y = x")))
        assert (result.returncode, result.stdout) == (0, "")

    def test_problems_are_file_line_col_messages(self, tmp_path):
        path = write(tmp_path, "x = 1", "x = 2", "y = (")
        text = path.read_text().splitlines()
        result = lichen("check", str(path))
        assert result.returncode == 1
        lines = result.stdout.splitlines()
        assert len(lines) == 3
        first_x = text.index("    x = 1") + 1
        second_x = text.index("    x = 2") + 1
        assert lines[0].startswith(f"{path}:{first_x}:5: 'x' is defined by 2 cells")
        assert f"other cells at line {second_x}" in lines[0]
        assert lines[1].startswith(f"{path}:{second_x}:5: ")
        assert f"other cells at line {first_x}" in lines[1]
        assert lines[2].startswith(f"{path}:{text.index('    y = (') + 1}:")
        assert "never closed" in lines[2]

    def test_syntax_error_column_points_into_the_file(self, tmp_path):
        path = write(tmp_path, "x = 1 +")
        line = path.read_text().splitlines().index("    x = 1 +") + 1
        result = lichen("check", str(path))
        assert result.stdout.startswith(f"{path}:{line}:")
        column = int(result.stdout.split(":")[2])
        assert column > 4  # past the cell's indentation in the file

    def test_several_files_and_worst_status(self, tmp_path):
        good = write(tmp_path, "x = 1", name="good.py")
        bad = write(tmp_path, "from m import *", name="bad.py")
        result = lichen("check", str(good), str(bad), str(tmp_path / "missing.py"))
        assert result.returncode == 2
        assert "import *" in result.stdout
        assert "missing.py: no such file" in result.stderr


class TestBadInput:
    @pytest.mark.parametrize("command", ["check", "inspect", "run"])
    def test_missing_file(self, tmp_path, command):
        result = lichen(command, str(tmp_path / "nope.py"))
        assert result.returncode == 2
        assert result.stderr.strip() == f"lichen: {tmp_path / 'nope.py'}: no such file"

    def test_directory(self, tmp_path):
        result = lichen("inspect", str(tmp_path))
        assert result.returncode == 2
        assert "is a directory" in result.stderr
        assert "Traceback" not in result.stderr

    def test_binary_file(self, tmp_path):
        path = tmp_path / "blob.py"
        path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff\xfe")
        result = lichen("check", str(path))
        assert result.returncode == 2
        assert "not UTF-8 text" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1

    def test_plain_script_is_not_a_notebook(self, tmp_path):
        path = tmp_path / "script.py"
        path.write_text("import os\nprint(os.getcwd())\n")
        result = lichen("inspect", str(path), "--json")
        assert result.returncode == 2
        assert "not a notebook" in result.stderr
        assert result.stdout == ""


class TestNew:
    def test_writes_a_lichen_notebook(self, tmp_path):
        path = tmp_path / "fresh.py"
        assert lichen("new", str(path)).returncode == 0
        notebook = parse(path.read_text())
        assert notebook.module == "lichen"
        assert [(c.kind, c.code) for c in notebook.cells] == [
            (CellKind.CELL, "import lichen"), (CellKind.CELL, "")]
        assert lichen("check", str(path)).returncode == 0
        assert subprocess.run([sys.executable, str(path)], timeout=60).returncode == 0

    def test_refuses_to_overwrite(self, tmp_path):
        path = tmp_path / "mine.py"
        path.write_text("precious = True\n")
        result = lichen("new", str(path))
        assert result.returncode == 2
        assert "already exists" in result.stderr
        assert path.read_text() == "precious = True\n"


class TestRun:
    def test_runs_in_order_with_arguments(self, tmp_path):
        path = write(
            tmp_path, "print('total', total)", "total = base * 2", "import lichen\nbase = int(lichen.cli_args()[0])"
        )
        result = lichen("run", str(path), "--", "21")
        assert result.returncode == 0, result.stderr
        assert "total 42" in result.stdout

    def test_failing_cell_exits_one_with_traceback(self, tmp_path):
        path = write(tmp_path, "x = 1", "raise ValueError('boom')")
        result = lichen("run", str(path))
        assert result.returncode == 1
        assert "ValueError: boom" in result.stderr
