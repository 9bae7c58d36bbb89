"""UI values through the daemon: `lichen/setUiValue` runs the cells that read the element,
streams their events like any run, answers with that run, and coalesces a burst of values."""

import json

import pytest
from daemon_client import DaemonClient, RpcError, dones
from lichen.protocol import ERROR_CODES, UI_MIME

pytestmark = pytest.mark.timeout(120)

REFUSED = ERROR_CODES["uiValueRefused"]
SLIDER = "import lichen\ns = lichen.ui.slider(0, 100, label='n')\ns"
READER = "f'value={s.value}'"
SLOW_READER = "import time\ntime.sleep(0.4)\nf'value={s.value}'"


def element_id(events, cell):
    """The id of the element the cell's last output shows."""
    payload = json.loads(dones(events, cell)[-1]["output"][UI_MIME])
    assert payload["version"] == 1 and payload["node"]["type"] == "element"
    return payload["node"]["id"]


def start(daemon, nb, *codes):
    cells = daemon.open_notebook(nb, list(codes))
    result = daemon.request("lichen/runAll", {"notebookUri": nb})
    assert result["ok"] is True
    return cells, element_id(daemon.cell_events(nb), cells[0])


def set_value(daemon, nb, element, value, **kw):
    return daemon.request("lichen/setUiValue",
                          {"notebookUri": nb, "elementId": element, "value": value}, **kw)


def test_a_new_value_runs_the_readers_and_streams_their_events(daemon, nb):
    (definer, reader, other), element = start(daemon, nb, SLIDER, READER, "z = 1")
    result = set_value(daemon, nb, element, 42)
    events = daemon.cell_events(nb)  # all arrived before the reply
    assert result == {"ok": True, "cells": [{"cellUri": reader, "status": "success"}]}
    assert [e["event"]["kind"] for e in events if e["cellUri"] == reader] == \
        ["queued", "running", "done"]
    assert dones(events, reader)[-1]["output"]["text/plain"] == "'value=42'"
    assert dones(events, definer) == [] and dones(events, other) == []


def test_the_value_survives_a_rerun_of_a_reader(daemon, nb):
    (_, reader), element = start(daemon, nb, SLIDER, READER)
    set_value(daemon, nb, element, 7)
    daemon.cell_events(nb)
    daemon.request("lichen/run", {"notebookUri": nb, "cellUris": [reader]})
    assert dones(daemon.cell_events(nb), reader)[-1]["output"]["text/plain"] == "'value=7'"


def test_a_burst_of_values_coalesces_and_the_last_one_wins(daemon, nb):
    (_, reader), element = start(daemon, nb, SLIDER, SLOW_READER)
    values = list(range(1, 21))
    ids = [daemon.request_async("lichen/setUiValue",
                                {"notebookUri": nb, "elementId": element, "value": v})
           for v in values]
    results = [daemon.response(i) for i in ids]
    events = daemon.cell_events(nb)
    assert all(r["ok"] and r["cells"] == [{"cellUri": reader, "status": "success"}]
               for r in results)
    runs = dones(events, reader)
    # The first value runs at once; the 19 sent during that run merge into one more run (a
    # few more at most if the machine is slow to read them): never one run per value.
    assert 2 <= len(runs) <= 4, [r["output"] for r in runs]
    assert runs[-1]["output"]["text/plain"] == "'value=20'"
    daemon.kernel_status(nb, "idle")
    daemon.request("lichen/run", {"notebookUri": nb, "cellUris": [reader]})
    assert dones(daemon.cell_events(nb), reader)[-1]["output"]["text/plain"] == "'value=20'"


def test_values_of_two_elements_sent_during_a_run_both_apply(daemon, nb):
    both = "import time\ntime.sleep(0.3)\nf'{s.value}-{t.value}'"
    s_cell, t_cell, reader = daemon.open_notebook(
        nb, [SLIDER, "t = lichen.ui.slider(0, 10)\nt", both])
    daemon.request("lichen/runAll", {"notebookUri": nb})
    events = daemon.cell_events(nb)
    s_id, t_id = element_id(events, s_cell), element_id(events, t_cell)
    first = daemon.request_async("lichen/setUiValue",
                                 {"notebookUri": nb, "elementId": s_id, "value": 3})
    second = daemon.request_async("lichen/setUiValue",
                                  {"notebookUri": nb, "elementId": t_id, "value": 4})
    assert daemon.response(first)["ok"] and daemon.response(second)["ok"]
    assert dones(daemon.cell_events(nb), reader)[-1]["output"]["text/plain"] == "'3-4'"


def test_a_refused_value_is_an_error_naming_the_limit(daemon, nb):
    (_, reader), element = start(daemon, nb, SLIDER, READER)
    with pytest.raises(RpcError) as refused:
        set_value(daemon, nb, element, 101)
    assert refused.value.code == REFUSED
    assert refused.value.message == "Slider 'n': 101 is outside [0, 100]."
    assert dones(daemon.cell_events(nb), reader) == []
    daemon.kernel_status(nb, "idle")


def test_an_element_whose_cell_ran_again_is_gone(daemon, nb):
    (definer, _), element = start(daemon, nb, SLIDER, READER)
    daemon.request("lichen/run", {"notebookUri": nb, "cellUris": [definer]})
    daemon.cell_events(nb)
    with pytest.raises(RpcError) as gone:
        set_value(daemon, nb, element, 5)
    assert gone.value.code == REFUSED
    assert gone.value.message.startswith(f"No UI element '{element}': the cell that made it")


def test_before_any_run_there_is_no_element(daemon, nb):
    daemon.open_notebook(nb, [SLIDER])
    with pytest.raises(RpcError) as missing:
        set_value(daemon, nb, "abc-1", 5)
    assert missing.value.code == REFUSED
    assert "run the cell that shows it" in missing.value.message


def test_an_unknown_notebook_or_bad_params_are_errors(daemon, nb):
    with pytest.raises(RpcError) as unknown:
        set_value(daemon, nb, "abc-1", 5)
    assert unknown.value.code == ERROR_CODES["unknownNotebook"]
    daemon.open_notebook(nb, [SLIDER])
    with pytest.raises(RpcError) as bad:
        daemon.request("lichen/setUiValue", {"notebookUri": nb, "value": 5})
    assert bad.value.code == ERROR_CODES["invalidParams"] and "elementId" in bad.value.message


def test_an_untrusted_workspace_sets_no_value():
    with DaemonClient() as client:
        client.initialize({"trusted": False})
        nb = "file:///notebooks/untrusted.py"
        client.open_notebook(nb, [SLIDER])
        with pytest.raises(RpcError) as refused:
            set_value(client, nb, "abc-1", 5)
        assert refused.value.code == ERROR_CODES["untrusted"]
