"""`mo.cache`, `mo.lru_cache`, `mo.persistent_cache`: keyed on arguments, code and what the code
reads; on disk beside the notebook for the persistent one; blocks and functions, sync and async."""

from __future__ import annotations

import threading
from pathlib import Path

from lichen.runtime import CellSpec, Runtime
from lichen.runtime import caching


def notebook(tmp_path: Path, *codes: str) -> tuple[Runtime, list]:
    events: list = []
    rt = Runtime(events.append, filename=str(tmp_path / "nb.py"))
    rt.load([CellSpec(f"c{i}", code) for i, code in enumerate(codes)])
    report = rt.run_all()
    assert report.ok, [(c.cell_id, c.error) for c in report.cells if c.error]
    return rt, events


def printed(events: list) -> str:
    return "".join(e.text for e in events if type(e).__name__ == "CellStream")


def test_a_cached_function_runs_once_per_argument(tmp_path):
    rt, events = notebook(
        tmp_path, "import marimo as mo",
        "@mo.cache\ndef double(x):\n    print('computing', x)\n    return 2 * x",
        "r = double(2), double(2), double(3), double.cache_info()")
    a, b, c, info = rt.namespace["r"]
    assert (a, b, c) == (4, 4, 6)
    assert (info.hits, info.misses, info.currsize) == (1, 2, 2)
    assert printed(events).count("computing 2") == 1


def test_the_key_follows_the_content_of_the_globals_the_function_reads(tmp_path):
    rt, _ = notebook(
        tmp_path, "import marimo as mo", "data = [1, 2, 3]",
        "@mo.cache\ndef total():\n    return sum(data)", "t = total()")
    assert rt.namespace["t"] == 6
    rt.edit("c1", "data = [1, 2, 3, 4]")
    assert rt.namespace["t"] == 10, "a changed global is a new key, never a stale hit"


def test_a_changed_function_it_calls_is_a_new_key():
    def helper():
        return 1

    def uses():
        return helper()

    before = caching.fingerprint(uses)
    helper.__code__ = (lambda: 2).__code__
    assert caching.fingerprint(uses) != before


def test_lru_cache_drops_the_least_recently_used(tmp_path):
    rt, _ = notebook(
        tmp_path, "import marimo as mo",
        "@mo.lru_cache(maxsize=2)\ndef ident(x):\n    return x",
        "ident(1); ident(2); ident(1); ident(3); ident(1)\ninfo = ident.cache_info()")
    info = rt.namespace["info"]
    assert (info.hits, info.misses, info.maxsize, info.currsize) == (2, 3, 2, 2)


def test_persistent_cache_is_on_disk_beside_the_notebook_and_survives_a_restart(tmp_path):
    cells = ("import marimo as mo", "data = [1, 2, 3]",
             "with mo.persistent_cache('block'):\n    y = sum(data) * 10\n    print('ran')",
             "@mo.persistent_cache\ndef inc(x):\n    print('inc ran')\n    return x + 1\n"
             "z = inc(1)")
    rt, events = notebook(tmp_path, *cells)
    assert (rt.namespace["y"], rt.namespace["z"]) == (60, 2)
    assert "ran" in printed(events)
    stored = tmp_path / "__lichen__" / "cache"
    assert sorted(p.name for p in stored.iterdir()) == ["block", "inc"]
    again, events = notebook(tmp_path, *cells)  # a new kernel
    assert (again.namespace["y"], again.namespace["z"]) == (60, 2)
    assert printed(events) == "", "both came from disk"
    again.edit("c1", "data = [5]")
    assert again.namespace["y"] == 50


def test_a_block_whose_code_changed_runs_again(tmp_path):
    rt, _ = notebook(tmp_path, "import marimo as mo",
                     "with mo.cache('b'):\n    v = 1")
    rt.edit("c1", "with mo.cache('b'):\n    v = 2")
    assert rt.namespace["v"] == 2


def test_async_functions_are_cached_by_their_result(tmp_path):
    rt, _ = notebook(
        tmp_path, "import marimo as mo",
        "@mo.cache\nasync def fetch(x):\n    return [x]",
        "a = await fetch(1)\nb = await fetch(1)\ninfo = fetch.cache_info()")
    assert rt.namespace["a"] == rt.namespace["b"] == [1]
    assert rt.namespace["info"].hits == 1


def test_concurrent_writers_never_leave_half_a_file(tmp_path):
    store = caching._Disk("race", tmp_path)
    value = list(range(50_000))

    def write():
        for _ in range(20):
            store.put("k", value)

    threads = [threading.Thread(target=write) for _ in range(4)]
    for t in threads:
        t.start()
    for _ in range(40):
        found = store.get("k")
        assert found is caching._MISSING or found == value
    for t in threads:
        t.join()
    assert store.get("k") == value
    assert [p.name for p in (tmp_path / "race").iterdir()] == ["k.pickle"]
