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


def _marker_cell(path, then="import time\ntime.sleep(60)"):
    """A cell that leaves `path` behind as soon as it starts."""
    return f"open({str(path)!r}, 'w').close()\n{then}"


def test_an_interrupt_while_the_first_kernel_starts_cancels_the_run(tmp_path):
    ran = tmp_path / "ran"
    with DaemonClient() as daemon:
        daemon.initialize()
        nb = (tmp_path / "starting.py").as_uri()
        daemon.open_notebook(nb, [_marker_cell(ran, "")])
        run = daemon.request_async("lichen/runAll", {"notebookUri": nb})
        daemon.request("lichen/interrupt", {"notebookUri": nb})  # the kernel is still starting
        result = daemon.response(run, timeout=30)
        assert result["ok"] is False and not ran.exists()
        assert daemon.request("lichen/runAll", {"notebookUri": nb})["ok"] is True  # asked after
        assert ran.exists()


def test_an_interrupt_cancels_the_runs_queued_behind_the_running_one(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    with DaemonClient() as daemon:
        daemon.initialize()
        nb = (tmp_path / "queued.py").as_uri()
        slow, other = daemon.open_notebook(nb, [_marker_cell(first), _marker_cell(second, "")])
        daemon.request("lichen/run", {"notebookUri": nb, "cellUris": [other]})  # kernel started
        second.unlink()
        running = daemon.request_async("lichen/run", {"notebookUri": nb, "cellUris": [slow]})
        daemon.wait_for(lambda m: m["method"] == "lichen/cellEvents" and any(
            e["cellUri"] == slow and e["event"]["kind"] == "running"
            for e in m["params"]["events"]), what="the slow cell running")
        queued = daemon.request_async("lichen/run", {"notebookUri": nb, "cellUris": [other]})
        daemon.barrier()  # the queued run was asked for before the interrupt
        daemon.request("lichen/interrupt", {"notebookUri": nb})
        assert daemon.response(running)["cells"] == [{"cellUri": slow, "status": "interrupted"}]
        assert daemon.response(queued)["ok"] is False
        assert not second.exists()  # the queued cell never started
        assert daemon.request("lichen/run", {"notebookUri": nb, "cellUris": [other]})["ok"] is True
        assert second.exists()  # a run asked for after the interrupt runs
