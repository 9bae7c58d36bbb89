"""The share of real marimo notebooks each tool runs to completion headless, side by side.

    .venv/bin/python bench/bench_corpus.py

The corpus is what the marimo 0.25.2 wheel on PyPI ships (its tutorials and snippet notebooks,
read from the wheel, never kept here: `tests/python/marimo_corpus.py`). Each notebook runs in a
fresh directory with marimo (its script mode, in its own venv) and with Lichen (`lichen run`'s
runtime); marimo's outcomes are cached by the notebook's text. Prints each tool's share, Lichen's
share of what marimo runs, how many outputs marimo draws as other than text, and the first
error of every notebook that fails in either.
"""

from __future__ import annotations

import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "python"))

from marimo_corpus import corpus, first_error, run_in_lichen, run_in_marimo  # noqa: E402


def main() -> None:
    notebooks = corpus()
    root = Path(tempfile.mkdtemp(prefix="lichen-corpus-"))

    def both(item):
        name, text = item
        folder = name.replace("/", "_")
        return (name, run_in_marimo(text, root / "marimo" / folder),
                run_in_lichen(text, root / "lichen" / folder))

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(both, notebooks.items()))
    total = len(results)
    marimo_ok = [r for r in results if r[1].ok]
    lichen_ok = [r for r in results if r[2].ok]
    both_ok = [r for r in marimo_ok if r[2].ok]
    rich = sum(1 for _, m, _ in both_ok for c in m.kinds if c["mimetype"] != "text/plain")
    # marimo draws a plain repr as text/html too (`<pre>`): "other than text" counts those.
    print(f"{'tool':8} {'ran':>5} {'of':>5} {'share':>7}")
    print(f"{'marimo':8} {len(marimo_ok):5} {total:5} {len(marimo_ok) / total:7.0%}")
    print(f"{'lichen':8} {len(lichen_ok):5} {total:5} {len(lichen_ok) / total:7.0%}")
    print(f"Lichen runs {len(both_ok)} of the {len(marimo_ok)} notebooks marimo runs "
          f"({len(both_ok) / max(len(marimo_ok), 1):.0%}); marimo draws {rich} outputs as other "
          "than text/plain.")
    for name, theirs, ours in results:
        if not (theirs.ok and ours.ok):
            print(f"  {name}: marimo {'ok' if theirs.ok else first_error(theirs)[:90]!s} | "
                  f"lichen {'ok' if ours.ok else first_error(ours)[:90]!s}")


if __name__ == "__main__":
    main()
