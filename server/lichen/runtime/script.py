"""Running a notebook file in-process, as `lichen run nb.py` and `python nb.py` do.

Every cell runs once in topological order; printed text goes straight through, each output is
printed as text, and each failing cell is named on stderr with its traceback. The exit status is
0 when no cell failed, 1 otherwise.
"""

from __future__ import annotations

import os
import sys
from typing import IO, Sequence

from lichen.notebook import Notebook, parse
from lichen.notebook.model import CellKind
from lichen.protocol import ERROR, INTERRUPTED, SKIPPED, CellDone, CellStream, Event, RunReport
from lichen.runtime.cells import CellSpec
from lichen.runtime.runtime import Runtime

_TEXT_TYPES = ("text/plain", "text/markdown", "text/latex", "application/json")


def run_file(path: str, argv: Sequence[str] = (), stdout: IO[str] | None = None,
             stderr: IO[str] | None = None, setup_globals: dict | None = None) -> int:
    """Run the notebook at `path` with `lichen.cli_args()` giving `argv`; returns the exit status.

    `setup_globals`: the module globals of a script whose `with app.setup:` block already ran;
    the setup cell then takes its names from there instead of running again.
    """
    with open(path, encoding="utf-8") as f:
        notebook = parse(f.read())
    path = os.path.abspath(path)
    saved_argv, saved_path = sys.argv, list(sys.path)
    sys.argv = [path, *argv]
    sys.path.insert(0, os.path.dirname(path))  # cells import the notebook's neighbours
    try:
        return run_notebook(notebook, path, argv, stdout or sys.stdout, stderr or sys.stderr,
                            setup_globals)
    finally:
        sys.argv = saved_argv
        sys.path[:] = saved_path


def run_notebook(notebook: Notebook, filename: str | None, argv: Sequence[str],
                 stdout: IO[str], stderr: IO[str], setup_globals: dict | None = None) -> int:
    printer = Printer(stdout, stderr)
    runtime = Runtime(printer.event, argv=argv, filename=filename, interactive=False)
    try:
        specs = specs_of(notebook)
        runtime.load(specs)
        printer.labels = {c: runtime.describe(c) for c in runtime.cells}
        setup = {s.id for s in specs if s.kind is CellKind.SETUP} if setup_globals else set()
        for cell_id in setup:
            runtime.adopt(cell_id, setup_globals)
        if setup:
            report = runtime.run([s.id for s in specs if s.id not in setup])
        else:
            report = runtime.run_all()
    finally:
        runtime.close()
    printer.summary(report)
    return 0 if report.ok else 1


def specs_of(notebook: Notebook) -> list[CellSpec]:
    """The notebook's cells as the runtime takes them, with ids from their positions."""
    return [CellSpec(id=f"cell-{i + 1}", code=c.code, config=c.config, name=c.name, kind=c.kind)
            for i, c in enumerate(notebook.cells)]


class Printer:
    def __init__(self, stdout: IO[str], stderr: IO[str]):
        self.stdout, self.stderr = stdout, stderr
        self.labels: dict[str, str] = {}

    def event(self, event: Event) -> None:
        if type(event) is CellStream:
            stream = self.stderr if event.name == "stderr" else self.stdout
            stream.write(event.text)
            stream.flush()
        elif type(event) is CellDone:
            self._done(event)

    def _done(self, done: CellDone) -> None:
        if done.output:
            self.stdout.write(as_text(done.output) + "\n")
            self.stdout.flush()
        if done.status in (ERROR, INTERRUPTED) and done.error is not None:
            label = self.labels.get(done.cell_id, done.cell_id)
            self.stderr.write(f"{label} failed:\n{done.error.traceback.rstrip()}\n")
            self.stderr.flush()

    def summary(self, report: RunReport) -> None:
        skipped = [r for r in report.cells if r.status == SKIPPED]
        if skipped and not report.ok:
            self.stderr.write(f"{len(skipped)} cell(s) skipped: {skipped[0].reason}\n")
            self.stderr.flush()


def as_text(bundle: dict[str, str]) -> str:
    """A MIME bundle for a terminal: its text form, or a note naming what cannot be shown."""
    for mimetype in _TEXT_TYPES:
        if mimetype in bundle:
            return bundle[mimetype]
    return f"[{next(iter(bundle))} output]"
