"""Running cells through the daemon: events stream back in order, with outputs, and the reply
comes once the run has ended."""

import pytest

from daemon_client import DaemonClient, RpcError, dones, kinds
from lichen.protocol import ERROR_CODES

pytestmark = pytest.mark.timeout(90)


def test_a_reactive_run_streams_events_in_order_with_outputs(daemon, nb):
    a, b, c = daemon.open_notebook(nb, ["x = 1", "y = x + 1\ny", "print('y is', y)"])
    result = daemon.request("lichen/runAll", {"notebookUri": nb})
    events = daemon.cell_events(nb)  # all arrived before the reply
    assert result["ok"] is True
    assert [o["cellUri"] for o in result["cells"]] == [a, b, c]
    # print() writes its pieces one by one and the kernel may send them as several chunks: the
    # chunks' boundaries are no contract, their order and joined text are.
    order = [(e["cellUri"], e["event"]["kind"]) for e in events if e["event"]["kind"] != "queued"]
    order = [step for i, step in enumerate(order) if i == 0 or step != order[i - 1]]
    assert order == [(a, "running"), (a, "done"), (b, "running"), (b, "done"),
                     (c, "running"), (c, "stream"), (c, "done")]
    assert kinds(events, a)[0] == "queued"
    assert dones(events, b)[-1]["output"] == {"text/plain": "2"}
    assert dones(events, b)[-1]["executionCount"] == 2
    stream = [e["event"] for e in events if e["event"]["kind"] == "stream"]
    assert {e["name"] for e in stream} == {"stdout"}
    assert "".join(e["text"] for e in stream) == "y is 2\n"
    assert all(dones(events, cell)[-1]["status"] == "success" for cell in (a, b, c))


def test_running_an_edited_upstream_cell_reruns_its_dependents(daemon, nb):
    a, b, c = daemon.open_notebook(nb, ["x = 1", "y = x + 1\ny", "z = 5"])
    daemon.request("lichen/runAll", {"notebookUri": nb})
    daemon.cell_events(nb)
    daemon.set_text(nb, a, "x = 10")
    result = daemon.request("lichen/run", {"notebookUri": nb, "cellUris": [a]})
    events = daemon.cell_events(nb)
    assert [o["cellUri"] for o in result["cells"]] == [a, b]
    assert dones(events, b)[-1]["output"] == {"text/plain": "11"}
    assert kinds(events, c) == []


def test_run_all_after_editing_two_cells_runs_every_cell_once(daemon, nb):
    a, b, c = daemon.open_notebook(nb, ["x = 1", "y = 2", "print(x + y)"])
    daemon.request("lichen/runAll", {"notebookUri": nb})
    daemon.cell_events(nb)
    daemon.set_text(nb, a, "x = 10")
    daemon.set_text(nb, b, "y = 20")
    result = daemon.request("lichen/runAll", {"notebookUri": nb})
    events = daemon.cell_events(nb)
    assert sorted(o["cellUri"] for o in result["cells"]) == sorted([a, b, c])
    assert [kinds(events, cell).count("running") for cell in (a, b, c)] == [1, 1, 1]
    stream = [e["event"]["text"] for e in events if e["event"]["kind"] == "stream"]
    assert "".join(stream) == "30\n"


def test_a_new_cell_runs_with_the_others(daemon, nb):
    (a,) = daemon.open_notebook(nb, ["x = 2"])
    daemon.request("lichen/runAll", {"notebookUri": nb})
    new = f"{nb}#added"
    daemon.insert_cells(nb, 1, {new: "x * 21"})
    daemon.request("lichen/run", {"notebookUri": nb, "cellUris": [new]})
    assert dones(daemon.cell_events(nb), new)[-1]["output"] == {"text/plain": "42"}


def test_an_exception_is_reported_with_its_traceback(daemon, nb):
    a, b = daemon.open_notebook(nb, ["def f():\n    return 1 / 0", "f()"])
    result = daemon.request("lichen/runAll", {"notebookUri": nb})
    assert result["ok"] is False
    event = dones(daemon.cell_events(nb), b)[-1]
    assert event["status"] == "error"
    assert event["error"]["ename"] == "ZeroDivisionError"
    assert "return 1 / 0" in event["error"]["traceback"]


def test_the_kernel_reports_starting_then_busy_then_idle(daemon, nb):
    (a,) = daemon.open_notebook(nb, ["1"])
    daemon.request("lichen/runAll", {"notebookUri": nb})
    states = [m["params"]["state"] for m in daemon.notifications
              if m["method"] == "lichen/kernelStatus" and m["params"]["notebookUri"] == nb]
    assert states[0] == "starting"
    assert states[-2:] == ["busy", "idle"]


def test_disabling_a_cell_blocks_its_dependents(daemon, nb):
    a, b, c = daemon.open_notebook(nb, ["x = 1", "y = x", "y + 1"])
    daemon.request("lichen/runAll", {"notebookUri": nb})
    daemon.cell_events(nb)
    daemon.request("lichen/setConfig", {"notebookUri": nb, "cellUri": b,
                                        "config": {"disabled": True}})
    daemon.request("lichen/run", {"notebookUri": nb, "cellUris": [a]})
    events = daemon.cell_events(nb)
    assert dones(events, b)[-1]["status"] == "disabled"
    assert dones(events, c)[-1]["status"] == "disabled"


def test_running_an_unknown_cell_is_an_error(daemon, nb):
    daemon.open_notebook(nb, ["x = 1"])
    with pytest.raises(RpcError) as error:
        daemon.request("lichen/run", {"notebookUri": nb, "cellUris": [f"{nb}#nope"]})
    assert error.value.code == ERROR_CODES["unknownCell"]


def test_lazy_mode_marks_dependents_stale_until_run_stale():
    with DaemonClient() as daemon:
        daemon.initialize({"onCellChange": "lazy"})
        nb = "file:///notebooks/lazy.py"
        a, b = daemon.open_notebook(nb, ["x = 1", "x + 1"])
        daemon.request("lichen/runAll", {"notebookUri": nb})
        daemon.cell_events(nb)
        daemon.set_text(nb, a, "x = 5")
        daemon.request("lichen/run", {"notebookUri": nb, "cellUris": [a]})
        assert "stale" in kinds(daemon.cell_events(nb), b)
        daemon.request("lichen/runStale", {"notebookUri": nb})
        assert dones(daemon.cell_events(nb), b)[-1]["output"] == {"text/plain": "6"}


def test_switching_to_lazy_mode_applies_to_a_running_kernel():
    with DaemonClient() as daemon:
        daemon.initialize()
        nb = "file:///notebooks/switch.py"
        a, b = daemon.open_notebook(nb, ["x = 1", "x + 1"])
        daemon.request("lichen/runAll", {"notebookUri": nb})
        daemon.notify("workspace/didChangeConfiguration", {"settings": {"onCellChange": "lazy"}})
        daemon.set_text(nb, a, "x = 5")
        daemon.request("lichen/run", {"notebookUri": nb, "cellUris": [a]})
        events = daemon.cell_events(nb)
        assert dones(events, b)[-1]["executionCount"] == 2  # from the first run only
        assert kinds(events, b)[-1] == "stale"


def test_moving_cells_changes_the_order_independent_cells_run_in(daemon, nb):
    a, b = daemon.open_notebook(nb, ["print('a')", "print('b')"])
    daemon.request("lichen/runAll", {"notebookUri": nb})
    daemon.cell_events(nb)
    daemon.change(nb, {"structure": {"array": {"start": 0, "deleteCount": 2, "cells": [
        {"kind": 2, "document": b}, {"kind": 2, "document": a}]}}})
    daemon.request("lichen/runAll", {"notebookUri": nb})
    streams = [e["event"]["text"] for e in daemon.cell_events(nb) if e["event"]["kind"] == "stream"]
    assert "".join(streams) == "b\na\n"


def test_a_cell_disabled_in_its_metadata_does_not_run(daemon, nb):
    disabled = {"config": {"disabled": True}}
    a, b = daemon.open_notebook(nb, ["x = 1", "print(x)"], metadata=[{}, disabled])
    result = daemon.request("lichen/runAll", {"notebookUri": nb})
    statuses = {o["cellUri"]: o["status"] for o in result["cells"]}
    assert statuses == {a: "success", b: "disabled"}
