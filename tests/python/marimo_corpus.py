"""The notebooks the marimo wheel on PyPI ships (its tutorials and the snippet notebooks its editor
offers, Apache-2.0, read from the wheel at test time and never kept in the repository), run to
completion headless by marimo itself and by Lichen, each in a fresh directory of its own.

marimo runs a file as its script mode does (`app.run()` in its venv, `marimo_env.py`; then
`marimo_outputs.py` asks marimo's formatters what each cell's output is drawn as); Lichen as
`lichen run nb.py` does (`lichen_prints.py`), formatting each output as the editor would. A
notebook that reaches the network (cloud storage, hosted models, remote datasets) fails in
both, offline, and is left out of the share by marimo's own failure.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path

from marimo_env import CORPUS_LIBRARIES, MARIMO_VERSION, marimo_python
from test_marimo_tutorials import marimo_wheel

HERE = Path(__file__).resolve().parent
CACHE = HERE.parent / ".cache" / f"marimo-{MARIMO_VERSION}-corpus"
TIMEOUT = 180
_FOLDERS = ("marimo/_tutorials/", "marimo/_snippets/data/")


def corpus() -> dict[str, str]:
    """Each shipped notebook's text by its name (`tutorials/intro.py`, `snippets/altair-0.py`)."""
    found = {}
    with zipfile.ZipFile(marimo_wheel()) as wheel:
        for name in sorted(wheel.namelist()):
            folder = next((f for f in _FOLDERS if name.startswith(f)), None)
            if folder and name.endswith(".py") and not name.endswith("__init__.py"):
                text = wheel.read(name).decode("utf-8")
                if "App(" in text:
                    short = folder.split("/")[1].lstrip("_")
                    found[f"{short}/{name[len(folder):]}"] = text
    return found


@dataclass(frozen=True)
class Outcome:
    ok: bool
    stdout: str
    stderr: str
    # Per cell in file order, its code and what its output is drawn as: marimo's one MIME type
    # ("mimetype"), or the MIME types of Lichen's bundle ("mimetypes"). Empty when the run failed.
    kinds: tuple[dict, ...] = ()


def run_in(python: str, driver: Path, text: str, where: Path) -> Outcome:
    where.mkdir(parents=True, exist_ok=True)
    (where / "notebook.py").write_text(text, encoding="utf-8")
    kinds = where / "kinds.json"
    try:
        done = subprocess.run([python, str(driver), "notebook.py", str(kinds)], cwd=where,
                              capture_output=True, text=True, timeout=TIMEOUT,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as expired:
        return Outcome(False, "", f"timed out after {TIMEOUT} s: {expired.stderr}")
    found = tuple(json.loads(kinds.read_text(encoding="utf-8"))) if kinds.exists() else ()
    return Outcome(done.returncode == 0, done.stdout, done.stderr, found)


def run_in_marimo(text: str, where: Path) -> Outcome:
    """marimo's outcome, kept in tests/.cache by the notebook's text (it depends on nothing else
    that changes: marimo and the libraries are pinned)."""
    key = hashlib.sha256((MARIMO_VERSION + (HERE / "marimo_outputs.py").read_text()
                          + text).encode()).hexdigest()[:24]
    kept = CACHE / f"{key}.json"
    if kept.exists():
        fields = json.loads(kept.read_text(encoding="utf-8"))
        return Outcome(**{**fields, "kinds": tuple(fields["kinds"])})
    driver = HERE / "marimo_outputs.py"
    outcome = run_in(str(marimo_python(CORPUS_LIBRARIES)), driver, text, where)
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = kept.with_suffix(".partial")  # a reader never sees half a file
    partial.write_text(json.dumps(asdict(outcome)), encoding="utf-8")
    partial.replace(kept)
    return outcome


def run_in_lichen(text: str, where: Path) -> Outcome:
    return run_in(sys.executable, HERE / "lichen_prints.py", text, where)


def first_error(outcome: Outcome) -> str:
    """The last line of the first traceback on stderr: the exception that stopped the run."""
    lines = outcome.stderr.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("Traceback"):
            rest = [x for x in lines[i + 1:] if x and not x.startswith((" ", "Traceback"))]
            return rest[0] if rest else line
    return lines[-1] if lines else ""
