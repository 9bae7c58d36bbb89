"""Runs a notebook file in Lichen as `lichen run` does and writes only what its cells print, as
marimo's script mode does (`lichen run` also writes each cell's output as text); a failing
cell's traceback goes to stderr and the exit status is 1. Given a second file, writes to it the
MIME types of each cell's output, in file order: `[{"code": ..., "mimetypes": [...]}, ...]`."""

import json
import sys

from lichen.notebook import parse
from lichen.protocol import CellStream
from lichen.runtime import Runtime
from lichen.runtime.script import specs_of


printed = {"stdout": [], "stderr": []}


def show(event):
    # Kept until the run ends: while a cell runs, sys.stdout is the runtime's capture.
    if type(event) is CellStream and event.name in printed:
        printed[event.name].append(event.text)


path = sys.argv[1]
with open(path, encoding="utf-8") as f:
    notebook = parse(f.read())
sys.path.insert(0, ".")
runtime = Runtime(show, filename=path, interactive=False)
runtime.load(specs_of(notebook))
report = runtime.run_all()
runtime.close()
if len(sys.argv) > 2:
    outputs = {done.cell_id: done.output or {} for done in report.cells}
    kinds = [{"code": c.code, "mimetypes": sorted(outputs.get(c.id, {}))}
             for c in specs_of(notebook)]
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump(kinds, f)
sys.stdout.write("".join(printed["stdout"]))
sys.stderr.write("".join(printed["stderr"]))
for done in report.cells:
    if done.error is not None:
        sys.stderr.write(f"{done.cell_id} failed:\n{done.error.traceback}\n")
sys.exit(0 if report.ok else 1)
