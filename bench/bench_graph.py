"""Parse + analysis + dependency graph of generated notebooks: Lichen next to marimo.

    python bench/bench_graph.py [--no-marimo] [--sizes 100,1000,5000] [--repeats 5]

Notebooks are generated in two shapes and written as marimo-format `.py` files under
`bench/.cache/notebooks/`:
- chain: cell i is `x_i = x_{i-1} + 1`, so the graph is one path of N cells;
- wide: one root `x_0 = 0` and N-1 children `y_i = x_0 + i`.

Lichen's side reads the file, parses it, builds the graph and asks for the run order and the
errors, as a process opening the file for the first time does: the analyser's memory of code it
has seen (`analyse_cell`'s cache) is emptied before each run. It also counts how often each
cell's code is parsed while opening (once is the goal: the reader hands its trees to the analyser). marimo's side does what opening a notebook does: `load_app` (parse + compile each cell)
then `_maybe_initialize` (register every cell in its dataflow graph, look for cycles and multiple
definitions, topological sort). marimo runs in a subprocess of its own venv,
`bench/.cache/marimo-<version>/`, created with pip on first use and reused afterwards.

Then it times what an edit costs in a 5000-cell notebook: `Graph.with_code` on one cell (the
middle one and the last one), which re-analyses that cell and updates the graph; each repeat's
code is new (a different trailing comment), so none is answered from memory.

Last, whole processes as a user starts them: `python -m lichen inspect --json` on each notebook
(interpreter start, imports, read, graph, report) next to a marimo process that loads the
notebook and initialises its graph; marimo's process is timed only where one in-process run fit
its budget.

Figures are medians over the repeats. marimo is slow on big chains (quadratic), so it repeats a
file only while its time budget lasts (`--budget`, at least one run); the table shows the runs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
import venv
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
MARIMO_VERSION = "0.25.2"
SHAPES = ("chain", "wide")
EDIT_SIZE = 5000

sys.path.insert(0, str(HERE.parent / "server"))  # run from a checkout without installing

from lichen.graph import Graph, analyse_cell  # noqa: E402
from lichen.notebook import parse  # noqa: E402

# -- notebooks -----------------------------------------------------------------------------------


def cell_bodies(shape: str, n: int) -> list[tuple[str, str, str]]:
    """(body, parameters, defs) of each cell of a generated notebook."""
    if shape == "chain":
        rest = [(f"x_{i} = x_{i - 1} + 1", f"x_{i - 1}", f"x_{i}") for i in range(1, n)]
    else:
        rest = [(f"y_{i} = x_0 + {i}", "x_0", f"y_{i}") for i in range(1, n)]
    return [("x_0 = 0", "", "x_0"), *rest]


def notebook_text(shape: str, n: int) -> str:
    """The notebook in marimo's file format, as marimo would write it."""
    parts = [f'import marimo\n\n__generated_with = "{MARIMO_VERSION}"\napp = marimo.App()\n\n']
    for body, params, defs in cell_bodies(shape, n):
        parts.append(f"\n@app.cell\ndef _({params}):\n    {body}\n    return ({defs},)\n\n")
    parts.append('\nif __name__ == "__main__":\n    app.run()\n')
    return "".join(parts)


def write_notebooks(sizes: list[int]) -> dict[tuple[str, int], Path]:
    folder = CACHE / "notebooks"
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for shape in SHAPES:
        for n in sizes:
            path = folder / f"{shape}-{n}.py"
            path.write_text(notebook_text(shape, n), encoding="utf-8")
            paths[shape, n] = path
    return paths


# -- Lichen --------------------------------------------------------------------------------------


def open_with_lichen(path: Path) -> Graph:
    analyse_cell.cache_clear()
    notebook = parse(path.read_text(encoding="utf-8"))
    graph = Graph.build((str(i), cell.code) for i, cell in enumerate(notebook.cells))
    graph.order()
    graph.errors  # noqa: B018 (computed on demand; part of opening a notebook)
    return graph


def check_lichen(path: Path, n: int) -> None:
    """Refuse to time a notebook Lichen reads wrongly: all cells, in chain order, no errors."""
    graph = open_with_lichen(path)
    if len(graph.cells) != n or graph.errors or graph.order() != list(graph.cells):
        raise RuntimeError(f"Lichen misread {path.name}: {len(graph.cells)} cells, "
                           f"{len(graph.errors)} errors")


def parses_per_cell(path: Path) -> float:
    """How many times, on average, opening `path` parses each cell's code."""
    import ast

    real, counts = ast.parse, {}

    def counting(source, *args, **kwargs):
        counts[source] = counts.get(source, 0) + 1
        return real(source, *args, **kwargs)

    ast.parse = counting
    try:
        graph = open_with_lichen(path)
    finally:
        ast.parse = real
    return sum(counts.get(graph.code(cell), 0) for cell in graph.cells) / len(graph.cells)


def timed(action: Callable[[], object], repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def edit_rows(repeats: int) -> list[tuple[str, float]]:
    """(label, median seconds) of single-cell edits in the 5000-cell notebooks."""
    rows = []
    for shape in SHAPES:
        cells = [(str(i), body) for i, (body, _, _) in enumerate(cell_bodies(shape, EDIT_SIZE))]
        graph = Graph.build(cells)
        for where, cell in (("middle", EDIT_SIZE // 2), ("last", EDIT_SIZE - 1)):
            code = graph.code(str(cell))
            edits = {
                "new value": code.replace("+ ", "+ 2 * "),
                "new ref x_0 + x_1": code + " + x_0 * x_1",
            }
            for what, new in edits.items():
                codes = iter([f"{new}  # {k}" for k in range(repeats)])
                times = timed(lambda: graph.with_code(str(cell), next(codes)), repeats)
                rows.append((f"{shape}, {where} cell, {what}", statistics.median(times)))
    return rows


# -- marimo --------------------------------------------------------------------------------------

MARIMO_RUN = """
import json, sys, time
from marimo._ast.load import load_app
path, budget, repeats = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
times = []
while len(times) < repeats and (not times or sum(times) < budget):
    start = time.perf_counter()
    app = load_app(path)
    app._maybe_initialize()
    times.append(time.perf_counter() - start)
print(json.dumps({"times": times, "cells": len(app._execution_order)}))
"""


def marimo_python() -> Path:
    """The interpreter of a venv holding marimo, created on first use."""
    env = CACHE / f"marimo-{MARIMO_VERSION}"
    python = env / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    check = [str(python), "-c", "import marimo; print(marimo.__version__)"]
    if python.exists() and _output(check) == MARIMO_VERSION:
        return python
    print(f"setting up marimo {MARIMO_VERSION} in {env.relative_to(HERE.parent)} ...", flush=True)
    venv.EnvBuilder(with_pip=True, clear=True).create(env)
    install = [str(python), "-m", "pip", "install", "-q", f"marimo=={MARIMO_VERSION}"]
    subprocess.run(install, check=True)
    if _output(check) != MARIMO_VERSION:
        raise RuntimeError(f"marimo {MARIMO_VERSION} did not install into {env}")
    return python


def _output(command: list[str]) -> str:
    done = subprocess.run(command, capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 else ""


def time_marimo(python: Path, path: Path, n: int, repeats: int, budget: float) -> list[float]:
    command = [str(python), "-c", MARIMO_RUN, str(path), str(budget), str(repeats)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if result["cells"] != n:
        raise RuntimeError(f"marimo ordered {result['cells']} cells of {path.name}, not {n}")
    return result["times"]


MARIMO_PROCESS = "import sys\nfrom marimo._ast.load import load_app\nload_app(sys.argv[1])._maybe_initialize()"


def process_times(command: list[str], repeats: int) -> list[float]:
    return timed(lambda: subprocess.run(command, check=True, capture_output=True), repeats)


def process_rows(paths, sizes, repeats, python, marimo_fits) -> list[str]:
    """One row per notebook: `lichen inspect` as a process, and marimo's process where it fits."""
    rows = []
    for n in sizes:
        for shape in SHAPES:
            path = str(paths[shape, n])
            ours = statistics.median(process_times(
                [sys.executable, "-m", "lichen", "inspect", "--json", path], repeats))
            row = f"{n:>6}  {shape:<6} {ours * 1e3:>10.1f}"
            if python is not None and marimo_fits.get((shape, n)):
                theirs = statistics.median(process_times(
                    [str(python), "-c", MARIMO_PROCESS, path], repeats))
                row += f" {theirs * 1e3:>11.1f} {theirs / ours:>6.1f}x"
            rows.append(row)
    return rows


# -- report --------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    paths = write_notebooks(args.sizes)
    python = None
    if not args.no_marimo:
        try:
            python = marimo_python()
        except (OSError, subprocess.CalledProcessError, RuntimeError) as error:
            print(f"marimo skipped: its venv could not be set up ({error}); "
                  "check the network or pass --no-marimo")
    print(f"Python {sys.version.split()[0]}; medians of {args.repeats} runs "
          f"(marimo: while its {args.budget:.0f} s budget per file lasts)\n")
    header = (f"{'N':>6}  {'shape':<6} {'parses':>7} {'lichen ms':>10} {'marimo ms':>11} "
              f"{'ratio':>7} {'runs':>5}")
    print(header)
    print("-" * len(header))
    marimo_fits = {}
    for n in args.sizes:
        for shape in SHAPES:
            path = paths[shape, n]
            check_lichen(path, n)
            lichen = statistics.median(timed(lambda: open_with_lichen(path), args.repeats))
            row = f"{n:>6}  {shape:<6} {parses_per_cell(path):>7.2f} {lichen * 1e3:>10.1f}"
            if python is not None:
                marimo = time_marimo(python, path, n, args.repeats, args.budget)
                slow = statistics.median(marimo)
                row += f" {slow * 1e3:>11.1f} {slow / lichen:>6.1f}x {len(marimo):>5}"
                marimo_fits[shape, n] = slow < args.budget / args.repeats
            print(row, flush=True)
    print(f"\nOne cell edited in a {EDIT_SIZE}-cell notebook (Graph.with_code: re-analysis "
          f"+ graph update), median of {args.edit_repeats}:")
    for label, seconds in edit_rows(args.edit_repeats):
        print(f"  {label:<40} {seconds * 1e6:>8.0f} µs")
    print(f"\nWhole processes (`lichen inspect --json` | marimo: load + graph), median of "
          f"{args.repeats}; marimo only where its runs fit the budget:")
    print(f"{'N':>6}  {'shape':<6} {'lichen ms':>10} {'marimo ms':>11} {'ratio':>7}")
    for row in process_rows(paths, args.sizes, args.repeats, python, marimo_fits):
        print(row, flush=True)
    return 0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-marimo", action="store_true", help="time Lichen only")
    parser.add_argument("--sizes", default="100,1000,5000", help="comma-separated cell counts")
    parser.add_argument("--repeats", type=int, default=5, help="runs per notebook")
    parser.add_argument("--edit-repeats", type=int, default=201, help="runs per edit")
    parser.add_argument(
        "--budget", type=float, default=60.0, help="seconds of marimo runs per file, at least one"
    )
    args = parser.parse_args(argv)
    args.sizes = [int(size) for size in args.sizes.split(",")]
    return args


if __name__ == "__main__":
    sys.exit(main())
