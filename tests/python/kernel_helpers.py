"""Helpers shared by the tests that drive real kernel processes."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from lichen import Session
from lichen.protocol import CellDone, Event
from lichen.runtime import CellSpec, Runtime

WAIT = 30.0  # deadline of any single wait in these tests; a passing test waits far less


def session_for(text: str, **options) -> Session:
    """A session whose runs cannot hang the test suite."""
    return Session.from_text(text, **{"run_timeout": WAIT, **options})


def notebook(*cells: str, module: str = "lichen") -> str:
    """A notebook file whose cells hold `cells` (dedented), importing its App from `module`."""
    parts = [f"import {module}\n\napp = {module}.App()\n"]
    for code in cells:
        body = textwrap.indent(textwrap.dedent(code).strip() + "\n", "    ")
        parts.append(f"\n@app.cell\ndef _():\n{body}    return\n")
    parts.append('\n\nif __name__ == "__main__":\n    app.run()\n')
    return "".join(parts)


def run_cells(*codes: str, filename: str | None = None
              ) -> tuple[Runtime, list[Event], dict[str, CellDone]]:
    """Cells `c0`, `c1`, ... holding `codes`, run in this process: the runtime, the events it
    emitted and each cell's result. Every cell must succeed."""
    events: list[Event] = []
    rt = Runtime(events.append, filename=filename)
    rt.load([CellSpec(f"c{i}", code) for i, code in enumerate(codes)])
    report = rt.run_all()
    assert report.ok, [(c.cell_id, c.error) for c in report.cells if c.error]
    return rt, events, {c.cell_id: c for c in report.cells}


def lichen_run(path: Path, text: str | None = None) -> subprocess.CompletedProcess:
    """`lichen run` of the notebook at `path` (first written with `text`, dedented)."""
    if text is not None:
        path.write_text(textwrap.dedent(text))
    return subprocess.run([sys.executable, "-m", "lichen", "run", str(path)],
                          capture_output=True, text=True, timeout=WAIT * 2)
