"""The variables view: `lichen/variables` lists the kernel's public globals with a type, a short
value, a size where cheap, the defining cell and the reading cells; both hosts answer alike."""

from __future__ import annotations

import numpy as np
import pandas as pd
import polars as pl
import pytest

from daemon_client import DaemonClient
from lichen.runtime import variables as V
from wasm_client import WasmClient

pytestmark = pytest.mark.timeout(120)

NB = "file:///notebooks/variables.py"
CELLS = [
    "import numpy as np\nimport pandas as pd",
    "frame = pd.DataFrame({'a': [1, 2, 3], 'b': ['x', 'y', 'z']})\n_hidden = 1",
    "total = int(frame['a'].sum())\nnames = list(frame['b'])",
    "print(total, names)",
]


# --- short values ---------------------------------------------------------------------------


@pytest.mark.parametrize("value, text", [
    (42, "42"),
    ("hello", "'hello'"),
    ([1, 2, 3], "3 items: [1, 2, 3]"),
    ({"a": 1}, "1 items: {'a': 1}"),
    (list(range(100)), "100 items: [0, 1, 2, 3, 4, 5, ...]"),
    (np.zeros((3, 4)), "shape (3, 4) float64"),
    (pd.DataFrame({"a": [1, 2], "b": [0.5, 1.5]}), "2 rows × 2 columns: a int64, b float64"),
    (pl.DataFrame({"a": [1, 2, 3]}), "3 rows × 1 columns: a Int64"),
    (np, "numpy"),
    (lambda values, k=2: k, "<lambda>(values, k=2)"),
    (dict, "class dict"),
    (len, "len(obj, /)"),
])
def test_a_short_value_says_what_the_value_holds(value, text):
    assert V.short_value(value) == text


def test_a_short_value_is_one_clipped_line():
    class Tall:
        def __repr__(self):
            return "row\n" * 1000

    text = V.short_value(Tall())
    assert "\n" not in text and len(text) <= V.PREVIEW and " ... " in text
    assert V.short_value("line\n" * 1000).endswith("(5000 characters)")


def test_a_repr_that_raises_costs_only_its_own_value():
    class Broken:
        def __repr__(self):
            raise RuntimeError("no")

    class BrokenShape:
        @property
        def shape(self):
            raise RuntimeError("no")

    assert V.short_value(Broken()).startswith("<Broken instance at ")
    assert V.short_value(BrokenShape()) == "<repr failed: RuntimeError>"


def test_sizes_where_cheap():
    assert V.size_of(np.zeros(10)) == 80
    assert V.size_of(pd.DataFrame({"a": np.zeros(10)})) >= 80
    assert V.size_of("abc") > 0
    assert V.size_of(object()) is None


def test_private_names_and_names_no_longer_held_are_not_listed():
    rows = V.listing({"c1": {"x", "_y", "gone"}}, {"x": 1, "_cell_c1_y": 2, "_y": 3})
    assert rows == [["c1", "x", "int", "1", V.size_of(1)]]


# --- through the editor service, in both hosts ----------------------------------------------


def listing(client):
    cells = client.open_notebook(NB, CELLS)
    before = client.request("lichen/variables", {"notebookUri": NB})
    client.request("lichen/runAll", {"notebookUri": NB})
    after = client.request("lichen/variables", {"notebookUri": NB})
    client.set_text(NB, cells[2], "total = int(frame['a'].sum()) * 10")
    client.request("lichen/run", {"notebookUri": NB, "cellUris": [cells[2]]})
    edited = client.request("lichen/variables", {"notebookUri": NB})
    return cells, before, after, edited


@pytest.mark.parametrize("client_class", [DaemonClient, WasmClient])
def test_the_view_lists_each_global_with_its_cells(client_class):
    with client_class() as client:
        client.initialize()
        cells, before, after, edited = listing(client)
    assert before == {"variables": []}  # no kernel yet, and asking starts none
    by_name = {v["name"]: v for v in after["variables"]}
    assert [v["name"] for v in after["variables"]] == ["frame", "names", "np", "pd", "total"]
    assert by_name["total"] == {"name": "total", "type": "int", "value": "6",
                                "size": by_name["total"]["size"], "cellUri": cells[2],
                                "readers": [cells[3]]}
    assert by_name["frame"]["type"] == "DataFrame"
    assert by_name["frame"]["value"].startswith("3 rows × 2 columns: a int64, b ")
    assert by_name["frame"]["readers"] == [cells[2]]
    assert by_name["names"]["value"] == "3 items: ['x', 'y', 'z']"
    assert by_name["pd"] == {**by_name["pd"], "type": "module", "value": "pandas",
                             "cellUri": cells[0], "readers": [cells[1]]}
    # the edit removed `names` from the cell: it left the kernel and the view
    assert [v["name"] for v in edited["variables"]] == ["frame", "np", "pd", "total"]
    assert {v["name"]: v["value"] for v in edited["variables"]}["total"] == "60"
