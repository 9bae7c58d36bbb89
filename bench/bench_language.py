"""Language requests in cells (`lichen.language`) next to Jedi on the same code as one plain file.

    python bench/bench_language.py [--sizes 200,1000] [--repeats 40]

A notebook of N cells is generated: one cell imports `math` and `json`, each other cell defines a
function with a docstring and a global that reads an earlier cell's. Each request is asked while
"typing": the edited cell's text alternates between two states (`math.s` / `math.sq`, `val_1` /
`val_12`, ...), so every request re-parses what changed, as in an editor. Requests:

- completion of an attribute (`math.sq`) at the end of the last cell, and of a global prefix
  (`val_1`) in the middle cell (then many names of other cells match);
- hover on a function another cell defines; rename of a global read by many cells (1000 cells).

Lichen's side is `LanguageEngine` on the notebook's graph, as the daemon and the worker call it.
The plain side is `jedi.Script(...).complete` on the notebook as a script (every cell's code in
run order, the edited cell last), what Jedi costs with no notebook layer. Figures are medians and
95th percentiles in ms, warm (the first request, Jedi's first inference of `math`, is left out).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "server"))  # run from a checkout without installing

import jedi  # noqa: E402
from lichen.graph import Graph  # noqa: E402
from lichen.language.engine import LanguageEngine  # noqa: E402

NB = (HERE / ".cache" / "bench-language.py").as_uri()


def cells(n: int) -> list[tuple[str, str]]:
    out = [("c0", "import math\nimport json\n")]
    for i in range(1, n):
        before = f"val_{i - 1}" if i > 1 else "1.0"
        out.append((f"c{i}", f"def step_{i}(x, scale={i}):\n    '''Scale x by {i}.'''\n"
                             f"    return math.sqrt(abs(x)) * scale\n\nval_{i} = step_{i}({before})\n"))
    return out


def timed(request: Callable[[int], object], repeats: int) -> tuple[float, float]:
    request(-1)  # warm: Jedi's first inference of the modules involved
    times = []
    for k in range(repeats):
        t0 = time.perf_counter()
        request(k)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))]


def lichen_completion(graph: Graph, cell: str, states: tuple[str, str]):
    engine = LanguageEngine()
    base = graph.code(cell)
    graphs = [graph.with_code(cell, base + s) for s in states]

    def request(k: int) -> object:
        g, text = graphs[k % 2], base + states[k % 2]
        lines = text.split("\n")
        items = engine.completion(g, NB, cell, len(lines) - 1, len(lines[-1]))["items"]
        assert items, f"no completion for {states[k % 2]!r}"
        return items
    return request


def plain_completion(graph: Graph, cell: str, states: tuple[str, str]):
    order = [c for c in graph.order() if c != cell]
    prelude = "".join(graph.code(c) for c in order)
    path = str(HERE / ".cache" / "bench-language-plain.py")

    def request(k: int) -> object:
        text = prelude + graph.code(cell) + states[k % 2]
        lines = text.split("\n")
        items = jedi.Script(text, path=path).complete(len(lines), len(lines[-1]))
        assert items, f"no completion for {states[k % 2]!r}"
        return items
    return request


def lichen_hover(graph: Graph):
    engine = LanguageEngine()
    last = graph.cells[-1]
    lines = graph.code(last).split("\n")
    line = len(lines) - 2  # `val_N = step_N(val_{N-1})`: hover `step_N`
    column = lines[line].index("step_") + 2

    def request(k: int) -> object:
        found = engine.hover(graph, NB, last, line, column)
        assert found is not None
        return found
    return request


def lichen_rename(graph: Graph):
    engine = LanguageEngine()
    names = ("root", "base")

    def request(k: int) -> object:
        edit = engine.rename(graph, NB, "c1", 0, 0, names[k % 2])
        assert len(edit["changes"]) > 1
        return edit
    return request


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="200,1000")
    parser.add_argument("--repeats", type=int, default=40)
    args = parser.parse_args()
    (HERE / ".cache").mkdir(exist_ok=True)
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        graph = Graph.build(cells(n))
        last, middle = f"c{n - 1}", f"c{n // 2}"
        for what, cell, states in (("math.sq (last cell)", last, ("\nmath.s", "\nmath.sq")),
                                   ("val_1 (middle cell)", middle, ("\nval_1", "\nval_12"))):
            ours = timed(lichen_completion(graph, cell, states), args.repeats)
            plain = timed(plain_completion(graph, cell, states), args.repeats)
            rows.append((n, f"completion {what}", ours, plain))
        rows.append((n, "hover step_N (other cell)", timed(lichen_hover(graph), args.repeats), None))
        # A global read by every cell: rename touches all of them.
        wide = Graph.build([("c0", "import math\n"), ("c1", "shared = 1\n"),
                            *((f"c{i}", f"r_{i} = shared + {i}\n") for i in range(2, n))])
        rows.append((n, "rename a global read by every cell", timed(lichen_rename(wide), 10), None))
    print(f"| cells | request | Lichen p50 | p95 | plain Jedi p50 | p95 | ratio p50 |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    for n, what, ours, plain in rows:
        theirs = f"{plain[0]:.1f} | {plain[1]:.1f} | {ours[0] / plain[0]:.2f}x" if plain else "| | "
        print(f"| {n} | {what} | {ours[0]:.1f} | {ours[1]:.1f} | {theirs} |")


if __name__ == "__main__":
    main()
