"""marimo's own tutorial notebooks, taken from the marimo wheel on PyPI, read and written back.

These are real files written by marimo: each must round-trip byte for byte, and every cell must
come out as marimo would show it (no stray code, no unparsable cells that marimo can parse).
"""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from lichen.notebook import CellKind, parse, serialize

MARIMO_VERSION = "0.25.2"
CACHE = Path(__file__).resolve().parents[1] / ".cache" / "wheels"


def marimo_wheel() -> Path:
    wheels = sorted(CACHE.glob(f"marimo-{MARIMO_VERSION}-*.whl"))
    if not wheels:
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
             "--dest", str(CACHE), f"marimo=={MARIMO_VERSION}"],
            check=True,
            timeout=300,
        )
        wheels = sorted(CACHE.glob(f"marimo-{MARIMO_VERSION}-*.whl"))
    return wheels[0]


def tutorials() -> dict[str, str]:
    with zipfile.ZipFile(marimo_wheel()) as wheel:
        names = [
            n for n in wheel.namelist()
            if n.startswith("marimo/_tutorials/") and n.endswith(".py") and "__init__" not in n
        ]
        return {Path(n).stem: wheel.read(n).decode("utf-8") for n in sorted(names)}


@pytest.fixture(scope="module")
def files() -> dict[str, str]:
    found = tutorials()
    assert len(found) >= 5, "the marimo wheel should ship its tutorial notebooks"
    return found


def test_tutorials_round_trip_byte_for_byte(files):
    for name, text in files.items():
        assert serialize(parse(text)) == text, name


def test_tutorials_read_as_marimo_reads_them(files):
    for name, text in files.items():
        notebook = parse(text)
        assert notebook.module == "marimo", name
        assert notebook.problems == (), name
        assert notebook.cells, name
        for cell in notebook.cells:
            assert cell.kind != CellKind.UNPARSABLE, (name, cell.code[:60])
