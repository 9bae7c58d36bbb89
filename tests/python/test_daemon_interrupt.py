"""`lichen/interrupt` stops a cell that never ends; the run's reply says so."""

import pytest

from daemon_client import DaemonClient

pytestmark = pytest.mark.timeout(90)


def test_interrupting_an_endless_loop():
    with DaemonClient() as daemon:
        daemon.initialize()
        nb = "file:///notebooks/loop.py"
        a, b, c = daemon.open_notebook(nb, ["x = 1", "while True:\n    pass", "x + 1"])
        run = daemon.request_async("lichen/runAll", {"notebookUri": nb})
        daemon.wait_for(lambda m: m["method"] == "lichen/cellEvents" and any(
            e["cellUri"] == b and e["event"]["kind"] == "running" for e in m["params"]["events"]),
            what="the loop running")
        daemon.request("lichen/interrupt", {"notebookUri": nb})
        result = daemon.response(run)
        statuses = {o["cellUri"]: o["status"] for o in result["cells"]}
        assert result["ok"] is False
        assert statuses[b] == "interrupted"
        assert statuses[a] == "success"
        # the kernel lives on, its namespace intact
        daemon.set_text(nb, b, "y = x + 1\ny")
        assert daemon.request("lichen/run", {"notebookUri": nb, "cellUris": [b]})["ok"] is True


def test_interrupting_an_idle_or_unstarted_kernel_does_nothing():
    with DaemonClient() as daemon:
        daemon.initialize()
        nb = "file:///notebooks/idle.py"
        daemon.open_notebook(nb, ["x = 1"])
        assert daemon.request("lichen/interrupt", {"notebookUri": nb}) is None
        daemon.request("lichen/runAll", {"notebookUri": nb})
        assert daemon.request("lichen/interrupt", {"notebookUri": nb}) is None
        assert daemon.request("lichen/runAll", {"notebookUri": nb})["ok"] is True
