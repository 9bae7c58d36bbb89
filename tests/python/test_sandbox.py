"""Sandboxes: `lichen run --sandbox` builds the notebook's environment with the real uv from its
PEP 723 block (six, from PyPI or uv's cache), reuses it while the block stays, and sees nothing of
the interpreter that built it."""

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from lichen.notebook import parse, serialize
from lichen.notebook.script_block import with_dependencies
from lichen.sandbox import add_packages, prepare
from lichen.sandbox.environment import RECORD, sandbox_directory

BLOCK = '# /// script\n# dependencies = [\n#     "six",\n# ]\n# ///\n\n'
CELL = ('@app.cell\ndef _():\n    import sys\n    import six\n    print("six", six.__version__)\n'
        '    print("prefix", sys.prefix)\n    try:\n        import pandas\n    except ImportError:\n'
        '        print("no pandas")\n    return\n\n\n')


def notebook_text(block: str = BLOCK) -> str:
    return (f"{block}import marimo\n\napp = marimo.App()\n\n\n{CELL}"
            'if __name__ == "__main__":\n    app.run()\n')


@pytest.fixture
def cache(tmp_path, monkeypatch):
    root = tmp_path / "sandboxes"
    monkeypatch.setenv("LICHEN_SANDBOX_CACHE", str(root))
    return root


def run_sandboxed(path: Path, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lichen", "run", "--sandbox", str(path)],
                          capture_output=True, text=True, timeout=300, **kwargs)


def test_a_notebook_runs_in_its_sandbox_and_the_second_run_reuses_it(tmp_path, cache):
    import pandas  # noqa: F401 - here, but not in the sandbox

    path = tmp_path / "nb.py"
    path.write_text(notebook_text())
    first = run_sandboxed(path)
    assert first.returncode == 0, first.stderr
    directory = sandbox_directory(str(path))
    assert f"prefix {directory}" in first.stdout
    assert "six 1." in first.stdout and "no pandas" in first.stdout
    assert "building the sandbox (1 dependency)" in first.stderr
    built = (directory / RECORD).stat().st_mtime_ns
    marker = directory / "kept.txt"
    marker.write_text("an environment rebuilt from nothing would not hold this")

    second = run_sandboxed(path)
    assert second.returncode == 0, second.stderr
    assert "six 1." in second.stdout
    assert "building" not in second.stderr and "reusing" in second.stderr
    assert marker.exists() and (directory / RECORD).stat().st_mtime_ns == built


def test_a_changed_block_builds_the_sandbox_again(tmp_path, cache):
    path = tmp_path / "nb.py"
    header = BLOCK.rstrip("\n") + "\n"
    first = prepare(str(path), header, sys.executable)
    again = prepare(str(path), header, sys.executable)
    assert not first.reused and again.reused
    changed = prepare(str(path), with_dependencies(header, ["tomli-w"]), sys.executable)
    assert not changed.reused
    probe = subprocess.run([changed.python, "-c", "import six, tomli_w, lichen; print('ok')"],
                           capture_output=True, text=True)
    assert probe.stdout.strip() == "ok", probe.stderr


def test_a_package_added_to_a_sandbox_is_recorded_in_the_header_and_kept(tmp_path, cache):
    text = notebook_text()
    path = tmp_path / "nb.py"
    path.write_text(text)
    notebook = parse(text)
    sandbox = prepare(str(path), notebook.header, sys.executable)
    header = with_dependencies(notebook.header, ["tomli-w"])
    add_packages(sandbox, header, sys.executable, ["tomli-w"])
    updated = serialize(replace(notebook, header=header))
    assert updated == text.replace('#     "six",\n', '#     "six",\n#     "tomli-w",\n')
    assert prepare(str(path), header, sys.executable).reused
    probe = subprocess.run([sandbox.python, "-c", "import tomli_w"], capture_output=True)
    assert probe.returncode == 0


def test_without_uv_the_message_says_how_to_get_it(tmp_path, cache):
    path = tmp_path / "nb.py"
    path.write_text(notebook_text())
    # A `uv` package that cannot be imported, first on the path, and no uv on PATH.
    (tmp_path / "shadow" / "uv").mkdir(parents=True)
    (tmp_path / "shadow" / "uv" / "__init__.py").write_text("raise ImportError('no uv here')\n")
    env = {"PATH": str(Path(sys.executable).parent.parent / "no-such-bin"),
           "PYTHONPATH": str(tmp_path / "shadow"), "LICHEN_SANDBOX_CACHE": str(cache)}
    result = run_sandboxed(path, env=env)
    assert result.returncode == 2
    assert "uv, which is not installed" in result.stderr and "pip install uv" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_block_is_refused_before_anything_is_built(tmp_path, cache):
    path = tmp_path / "nb.py"
    path.write_text(notebook_text("# /// script\n# dependencies = 'six'\n# ///\n\n"))
    result = run_sandboxed(path)
    assert result.returncode == 2
    assert "must be a list of strings" in result.stderr
    assert not cache.exists() or not any(cache.iterdir())
