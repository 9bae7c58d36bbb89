"""Completion and hover from the notebook's kernel (its live values), against the real daemon (a
kernel process) and the worker's server (the runtime in its interpreter): what only the values
know is offered beside the static items, each cell sees the namespace as its code does, and a
busy kernel leaves the static answer alone."""

from __future__ import annotations

import time

import pytest
from daemon_client import DaemonClient

pytestmark = pytest.mark.timeout(180)

CELLS = [
    "import pandas as pd\nclass Box:\n    pass\nbox = Box()\nsetattr(box, 'made_' + 'late', 1)\n"
    "config = dict(zip(['alpha_key', 'beta_key'], [1, 2]))\n"
    "frame = pd.DataFrame({'height': [1.5], 'weight': [60]})\n_own = {'mine': 1}\n",
    "derived = dict(zip(['from_box'], [box]))\n",
    "",
]


@pytest.fixture(scope="module")
def nb(host):
    """The notebook, run once: its kernel holds the values."""
    uri = f"file:///notebooks/live_{type(host).__name__}.py"
    cells = host.open_notebook(uri, CELLS)
    assert host.request("lichen/runAll", {"notebookUri": uri})["ok"]
    return uri, cells


def wait_until(ask, timeout, what):
    """Ask again until `ask()` is true: the kernel's first answers may come after the
    deadline, while Jedi loads there."""
    deadline = time.monotonic() + timeout
    while not ask():
        if time.monotonic() > deadline:
            raise TimeoutError(f"no {what} within {timeout} s")
        time.sleep(0.2)


def completions(host, uri, cell, text, want=None):
    """The completion items at the end of `text` typed in `cell`; with `want`, asked until a
    label `want` accepts is among them."""
    host.set_text(uri, cell, text)
    last = text.split("\n")
    params = {"textDocument": {"uri": cell},
              "position": {"line": len(last) - 1, "character": len(last[-1])}}
    found = []

    def ask():
        # Jedi's first static inference of pandas can take long on a busy machine.
        found[:] = host.request("textDocument/completion", params, timeout=120)["items"]
        return want is None or any(want(i["label"]) for i in found)

    wait_until(ask, timeout=60, what=f"a completion of {text!r} from the kernel")
    return found


def labels(items):
    return [i["label"] for i in items]


def test_an_attribute_set_dynamically_is_offered_replacing_what_was_typed(host, nb):
    uri, cells = nb
    items = completions(host, uri, cells[2], "box.made", want=lambda l: l == "made_late")
    item = next(i for i in items if i["label"] == "made_late")
    assert item["textEdit"] == {"newText": "made_late", "range": {
        "start": {"line": 0, "character": 4}, "end": {"line": 0, "character": 8}}}
    assert labels(items).count("made_late") == 1


def test_dict_keys_and_dataframe_columns_inside_a_subscript(host, nb):
    uri, cells = nb
    items = completions(host, uri, cells[2], 'config["', want=lambda l: l == '"alpha_key"')
    assert {'"alpha_key"', '"beta_key"'} <= set(labels(items))
    key = next(i for i in items if i["label"] == '"beta_key"')
    assert key["textEdit"]["range"]["start"] == {"line": 0, "character": 7}  # the quote
    items = completions(host, uri, cells[2], "frame['we", want=lambda l: l == "'weight'")
    assert "'height'" not in labels(items)  # does not start with what was typed
    completions(host, uri, cells[2], "frame.hei", want=lambda l: l == "height")


def test_names_private_to_another_cell_or_of_descendants_are_not_offered(host, nb):
    uri, cells = nb
    # The cell's own private dict is there, under the name its code uses...
    completions(host, uri, cells[0], CELLS[0] + "_own['", want=lambda l: l == "'mine'")
    # ...and a descendant's global, read from the first cell, would make a cycle.
    items = completions(host, uri, cells[0], CELLS[0] + "derived['")
    assert "'from_box'" not in labels(items)
    items = completions(host, uri, cells[2], "derived['", want=lambda l: l == "'from_box'")
    items = completions(host, uri, cells[2], "_own['")
    assert "'mine'" not in labels(items)
    host.set_text(uri, cells[0], CELLS[0])


def test_hover_on_a_global_shows_its_current_value(host, nb):
    uri, cells = nb
    host.set_text(uri, cells[2], "frame\n")
    found = {}

    def ask():
        hover = host.request("textDocument/hover", {"textDocument": {"uri": cells[2]},
                                                    "position": {"line": 0, "character": 2}})
        found["text"] = hover["contents"]["value"] if hover else ""
        return "Current value" in found["text"]

    wait_until(ask, timeout=60, what="a hover with the value")
    assert "`pandas.DataFrame`): 1 rows × 2 columns" in found["text"]
    assert "height" in found["text"] and "Defined in cell 1" in found["text"]


def test_a_busy_kernel_leaves_the_static_items(request):
    """While a cell runs, completion answers at once with what the code says."""
    with DaemonClient() as daemon:
        daemon.initialize()
        uri = "file:///notebooks/live_busy.py"
        cells = daemon.open_notebook(uri, ["import math\nclass Box:\n    pass\nbox = Box()\n"
                                           "setattr(box, 'made_' + 'late', 1)\n",
                                           "import time\ntime.sleep(600)\n", ""])
        assert daemon.request("lichen/run", {"notebookUri": uri, "cellUris": [cells[0]]})["ok"]
        completions(daemon, uri, cells[2], "box.made", want=lambda l: l == "made_late")
        run = daemon.request_async("lichen/run", {"notebookUri": uri, "cellUris": [cells[1]]})
        daemon.kernel_status(uri, "busy")
        items = completions(daemon, uri, cells[2], "math.sq")
        assert labels(items) == ["sqrt"]
        items = completions(daemon, uri, cells[2], "box.made")
        assert "made_late" not in labels(items)
        assert run not in daemon.responses  # the run is still going: nothing waited for it
        daemon.request("lichen/interrupt", {"notebookUri": uri})
        assert daemon.response(run)["ok"] is False
