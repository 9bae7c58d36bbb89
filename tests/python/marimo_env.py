"""marimo 0.25.2 in a venv of its own (`tests/.cache/marimo-0.25.2`, made from PyPI on first use),
for the tests that compare Lichen with marimo itself: its public surface, its analysis of cells."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

MARIMO_VERSION = "0.25.2"
HERE = Path(__file__).resolve().parent
ENV = HERE.parent / ".cache" / f"marimo-{MARIMO_VERSION}"


def marimo_python() -> Path:
    python = ENV / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    check = [str(python), "-c", "import marimo; print(marimo.__version__)"]
    if python.exists():
        done = subprocess.run(check, capture_output=True, text=True)
        if done.returncode == 0 and done.stdout.strip() == MARIMO_VERSION:
            return python
    venv.EnvBuilder(with_pip=True, clear=True).create(ENV)
    subprocess.run([str(python), "-m", "pip", "install", "-q", f"marimo=={MARIMO_VERSION}"],
                   check=True, timeout=600)
    return python
