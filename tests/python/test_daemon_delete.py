"""Deleting a cell in the editor scrubs its names from the kernel; its dependents react."""

import pytest

from daemon_client import DaemonClient, dones

pytestmark = pytest.mark.timeout(90)


def wait_done(daemon, nb, cell):
    """The cell events of `nb` up to and including the next done event of `cell`."""
    seen = []

    def match(message):
        if message["method"] != "lichen/cellEvents" or message["params"]["notebookUri"] != nb:
            return False
        seen.extend(message["params"]["events"])
        return bool(dones(seen, cell))

    daemon.wait_for(match, what=f"done of {cell}")
    return seen


@pytest.mark.parametrize("mode", ["autorun", "lazy"])
def test_deleting_a_cell_before_any_run_starts_no_kernel(mode):
    with DaemonClient() as daemon:
        daemon.initialize({"onCellChange": mode})
        nb = "file:///notebooks/quiet.py"
        a, b = daemon.open_notebook(nb, ["x = 1", "x + 1"])
        daemon.delete_cells(nb, 0, [a])
        daemon.barrier()
        assert not [m for m in daemon.notifications if m["method"] == "lichen/kernelStatus"]


def test_autorun_reruns_dependents_which_fail_without_the_deleted_names():
    with DaemonClient() as daemon:
        daemon.initialize()
        nb = "file:///notebooks/delete.py"
        a, b, c = daemon.open_notebook(nb, ["x = 1", "x + 1", "'independent'"])
        daemon.request("lichen/runAll", {"notebookUri": nb})
        daemon.cell_events(nb)
        daemon.delete_cells(nb, 0, [a])
        events = wait_done(daemon, nb, b)
        (event,) = dones(events, b)
        assert event["status"] == "error"
        assert event["error"]["ename"] == "NameError"
        assert dones(events, c) == []
        # the name is gone from the kernel, not just from the editor
        probe = f"{nb}#probe"
        daemon.insert_cells(nb, 2, {probe: "'x' in globals()"})
        daemon.request("lichen/run", {"notebookUri": nb, "cellUris": [probe]})
        (answer,) = dones(daemon.cell_events(nb), probe)
        assert answer["output"] == {"text/plain": "False"}


def test_lazy_mode_marks_dependents_stale():
    with DaemonClient() as daemon:
        daemon.initialize({"onCellChange": "lazy"})
        nb = "file:///notebooks/delete-lazy.py"
        a, b = daemon.open_notebook(nb, ["x = 1", "x + 1"])
        daemon.request("lichen/runAll", {"notebookUri": nb})
        daemon.cell_events(nb)
        daemon.delete_cells(nb, 0, [a])

        def stale(message):
            return message["method"] == "lichen/cellEvents" and any(
                e["cellUri"] == b and e["event"]["kind"] == "stale"
                or e["cellUri"] == b and e["event"].get("status") == "stale"
                for e in message["params"]["events"])

        daemon.wait_for(stale, what="stale of the dependent")
