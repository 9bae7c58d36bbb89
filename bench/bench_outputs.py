"""Rich output benchmarks: a 1,000,000-row table's pages, sorts and searches, and the size and
time of chart outputs, Lichen and marimo 0.25.2 side by side, ratios printed.

    .venv/bin/python bench/bench_outputs.py                # Lichen and marimo 0.25.2
    .venv/bin/python bench/bench_outputs.py --only lichen  # Lichen alone, no network needed
    .venv/bin/python bench/bench_outputs.py --quick        # fewer repeats

Each tool runs in a process of its own: Lichen in this interpreter, marimo in a venv made under
`bench/.cache/` on first use with the versions of pandas, altair, plotly and matplotlib this
interpreter has. Both work on the same data, in the kernel's process, as a cell's output is made:

- the table (1,000,000 rows: an int, a string and a float column): Lichen's `table_bundle` (the
  first page as the cell's output) and a page, sort or search answered by its table source;
  marimo's `mo.ui.table(df)` (its output HTML holds the first page) and its table's `_search`,
  what its frontend calls for a page, a sort or a search. Each sort and search is timed on a
  fresh table, as both cache the view they last computed. Lichen selects a sort's first rows
  (top-k) instead of sorting them all, so a page deep in the order, which needs the full sort,
  is timed too;
- charts: the output of an altair chart of 5,000 points and one of 100,000 (past altair's own
  5,000-row limit), a plotly scatter of 100,000 points (`scattergl`) and a matplotlib line plot: Lichen's `mime_bundle`, marimo's formatter
  (`marimo._output.formatting.try_format`). Size is the characters sent (both send text). A
  chart marimo's formatter gives only as text (its 100,000-point altair chart, outside a running
  marimo kernel) shows as "-".

Times are medians of the repeats. Targets (Lichen): first page <= 50 ms, page change <= 2 ms,
sort <= 100 ms, search <= 100 ms, the table's output under 200 KB.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_runtime import MARIMO_VERSION, make_venv  # noqa: E402  (the other tools' venvs)

ROWS = 1_000_000
LIBRARIES = ("pandas", "numpy", "pyarrow", "altair", "plotly", "matplotlib")
# (key, what, Lichen's target: seconds, or characters for sizes)
MEASURES = [
    ("table_first", "table: first page as the cell's output", 0.050),
    ("table_page", "table: a page change (page 50,000)", 0.002),
    ("table_sort", "table: sort by a float column, first page", 0.100),
    ("table_sort_deep", "table: that sort's page 50,000 (all sorted)", None),
    ("table_search", "table: text search, first page", 0.100),
    ("table_size", "table: output size", 200_000),
    ("altair_time", "altair 5,000 points: output time", None),
    ("altair_size", "altair 5,000 points: output size", None),
    ("altair_big_time", "altair 100,000 points: output time", None),
    ("altair_big_size", "altair 100,000 points: output size", None),
    ("plotly_time", "plotly 100,000 points: output time", None),
    ("plotly_size", "plotly 100,000 points: output size", None),
    ("mpl_time", "matplotlib figure: output time", None),
    ("mpl_size", "matplotlib figure: output size", None),
]


def frame():
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(7)
    cities = np.array(["Oslo", "Lima", "Rome", "Pune", "Kyiv"])
    return pd.DataFrame({"day": np.arange(ROWS), "city": cities[rng.integers(0, 5, ROWS)],
                         "amount": rng.random(ROWS) * 1000})


def charts():
    import altair as alt
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    import pandas as pd
    import plotly.graph_objects as go

    rng = np.random.default_rng(7)
    points = pd.DataFrame({"x": rng.random(5000), "y": rng.random(5000)})
    altair_chart = alt.Chart(points).mark_point().encode(x="x", y="y")
    many = pd.DataFrame({"x": rng.random(100_000), "y": rng.random(100_000)})
    altair_big = alt.Chart(many).mark_point().encode(x="x", y="y")
    plotly_figure = go.Figure(go.Scattergl(x=rng.random(100_000), y=rng.random(100_000),
                                           mode="markers"))
    figure, axes = plt.subplots(figsize=(6, 4))
    axes.plot(np.linspace(0, 10, 1000), np.sin(np.linspace(0, 10, 1000)))
    return {"altair": altair_chart, "altair_big": altair_big, "plotly": plotly_figure,
            "mpl": figure}


def median_time(run, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def fresh_time(make, run, repeats: int) -> float:
    """The median time of `run(thing)` with a new `make()` each time (made outside the clock)."""
    times = []
    for _ in range(repeats):
        thing = make()
        start = time.perf_counter()
        run(thing)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# --- drivers (each in its tool's interpreter) -----------------------------------------------------


def drive_lichen(repeats: int) -> dict[str, float]:
    from lichen.runtime.mime import mime_bundle
    from lichen.runtime.tables import Query, SortKey, frame_source, table_bundle

    df = frame()
    out: dict[str, float] = {}
    bundle = table_bundle(df)
    out["table_size"] = sum(len(v) for v in bundle.values())
    out["table_first"] = median_time(lambda: table_bundle(df), repeats)
    source = frame_source(df)
    out["table_page"] = median_time(lambda: source.page(Query(offset=500_000)), repeats * 20)
    sort = Query(sort=(SortKey("amount"),))
    out["table_sort"] = fresh_time(lambda: frame_source(df), lambda s: s.page(sort), repeats)
    deep = Query(sort=sort.sort, offset=500_000)
    out["table_sort_deep"] = fresh_time(lambda: frame_source(df), lambda s: s.page(deep), repeats)
    search = Query(search="pune")
    out["table_search"] = fresh_time(lambda: frame_source(df), lambda s: s.page(search), repeats)
    for name, chart in charts().items():
        made = mime_bundle(chart, 10**9)
        out[f"{name}_size"] = sum(len(v) for k, v in made.items() if k != "text/plain")
        out[f"{name}_time"] = median_time(lambda: mime_bundle(chart, 10**9), repeats)
    return out


def drive_marimo(repeats: int) -> dict[str, float]:
    import marimo as mo
    from marimo._output.formatters.formatters import register_formatters
    from marimo._output.formatting import try_format
    from marimo._plugins.ui._impl.table import SearchTableArgs, SortArgs

    register_formatters()
    df = frame()
    out: dict[str, float] = {}
    out["table_size"] = len(mo.ui.table(df).text)
    out["table_first"] = median_time(lambda: mo.ui.table(df).text, repeats)
    table = mo.ui.table(df)
    page = SearchTableArgs(page_size=10, page_number=50_000)
    out["table_page"] = median_time(lambda: table._search(page), repeats * 20)
    sort = SearchTableArgs(page_size=10, page_number=0, sort=[SortArgs(by="amount", descending=False)])
    out["table_sort"] = fresh_time(lambda: mo.ui.table(df), lambda t: t._search(sort), repeats)
    deep = SearchTableArgs(page_size=10, page_number=50_000, sort=sort.sort)
    out["table_sort_deep"] = fresh_time(lambda: mo.ui.table(df), lambda t: t._search(deep), repeats)
    search = SearchTableArgs(page_size=10, page_number=0, query="pune")
    out["table_search"] = fresh_time(lambda: mo.ui.table(df), lambda t: t._search(search), repeats)
    for name, chart in charts().items():
        made = try_format(chart)
        if made.mimetype == "text/plain":  # it could not format the chart: nothing to compare
            continue
        out[f"{name}_size"] = len(made.data)
        out[f"{name}_time"] = median_time(lambda: try_format(chart), repeats)
    return out


# --- the report -----------------------------------------------------------------------------------


def marimo_python() -> str:
    pins = [f"{name}=={metadata.version(name)}" for name in LIBRARIES]
    check = f"import marimo, pandas, altair, plotly, matplotlib; assert marimo.__version__ == {MARIMO_VERSION!r}"
    return str(make_venv(f"marimo-{MARIMO_VERSION}-outputs", [f"marimo=={MARIMO_VERSION}", *pins], check))


def measure(tool: str, repeats: int) -> dict[str, float]:
    python = sys.executable if tool == "lichen" else marimo_python()
    done = subprocess.run([python, str(Path(__file__).resolve()), "--driver", tool,
                           "--repeats", str(repeats)], capture_output=True, text=True)
    if done.returncode != 0:
        print(f"{tool} failed:\n{done.stderr[-3000:]}", file=sys.stderr)
        return {}
    return json.loads(done.stdout.strip().splitlines()[-1])


def shown(key: str, value: float | None) -> str:
    if value is None:
        return "-"
    if key.endswith("size"):
        return f"{value / 1000:,.1f} KB"
    return f"{value * 1000:,.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("lichen", "marimo"))
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeats", type=int)
    parser.add_argument("--driver", choices=("lichen", "marimo"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    repeats = args.repeats or (3 if args.quick else 7)
    if args.driver:
        drive = drive_lichen if args.driver == "lichen" else drive_marimo
        print(json.dumps(drive(repeats)))
        return
    tools = [args.only] if args.only else ["lichen", "marimo"]
    results = {tool: measure(tool, repeats) for tool in tools}
    lichen, marimo = results.get("lichen", {}), results.get("marimo", {})
    print(f"{'measure':<44} {'Lichen':>12} {'marimo':>12} {'marimo/Lichen':>14} {'target':>10}")
    for key, what, target in MEASURES:
        mine, theirs = lichen.get(key), marimo.get(key)
        ratio = f"{theirs / mine:.1f}x" if mine and theirs else "-"
        print(f"{what:<44} {shown(key, mine):>12} {shown(key, theirs):>12} {ratio:>14} "
              f"{shown(key, target) if target else '':>10}")


if __name__ == "__main__":
    main()
